//! A loop of boost-and-re-entry simulations for profilers (`valgrind --tool=callgrind`).
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::Shape;

fn main() {
    let m = Catalog::builtin()
        .unwrap()
        .missile("icbm-solid-3")
        .unwrap()
        .to_missile()
        .unwrap();
    let t = Targeter::new(EarthModel::default(), &m, true);
    let launch = Geodetic::from_degrees(54.03, 35.78, 0.0);
    let aim = Geodetic::from_degrees(38.9, -77.0, 0.0);
    let s = t.solve(&launch, &aim, Shape::MinEnergy, None).unwrap();
    let mut acc = 0.0;
    for _ in 0..200 {
        acc += t.fly(&launch, &s.controls, &[]).unwrap().flight.impact_t_s;
    }
    println!("{acc}");
}
