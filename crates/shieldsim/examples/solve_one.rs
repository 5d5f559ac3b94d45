//! Solves one targeting problem: `cargo run --release --example solve_one -- MISSILE LAT LON LAT LON [shape]`.
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::Shape;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let f = |i: usize| a[i].parse::<f64>().unwrap();
    let m = Catalog::builtin()
        .unwrap()
        .missile(&a[1])
        .unwrap()
        .to_missile()
        .unwrap();
    let t = Targeter::new(EarthModel::default(), &m, true);
    let spec = a.get(7).map(|v| {
        shieldsim::flight::targeting::ShapeSpec::ApogeeM(v.parse::<f64>().unwrap() * 1000.0)
    });
    let shape = match a.get(6).map(String::as_str) {
        Some("lofted") => Shape::Lofted(spec),
        Some("depressed") => Shape::Depressed(spec),
        _ => Shape::MinEnergy,
    };
    let r = t.solve(
        &Geodetic::from_degrees(f(2), f(3), 0.0),
        &Geodetic::from_degrees(f(4), f(5), 0.0),
        shape,
        None,
    );
    match r {
        Ok(s) => println!(
            "ok: {} iterations, {} sims, miss {:.3} m",
            s.iterations, s.simulations, s.miss_m
        ),
        Err(e) => println!("{e}"),
    }
}
