use shieldsim::catalog::Catalog;
use shieldsim::earth::{geodesic, EarthModel, Geodetic};
use shieldsim::flight::targeting::{Accuracy, Targeter};
use shieldsim::flight::Shape;
fn main() {
    let earth = EarthModel::default();
    let m = Catalog::builtin().unwrap().missile("icbm-liquid").unwrap().to_missile().unwrap();
    let launch = Geodetic::from_degrees(54.03, 35.78, 0.0);
    let t0 = Targeter::new(earth, &m, true).with_boost_surrogate(false);
    for i in [5usize, 11] {
        let az = (i as f64 * 67.0 + 11.0).to_radians();
        let (reach, _) = t0.max_range(&launch, az).unwrap();
        let aim = geodesic::direct(earth.ellipsoid(), &launch, az, 0.99 * reach);
        for on in [false, true] {
            let t = Targeter::new(earth, &m, true).with_accuracy(Accuracy::SURVEY).with_boost_surrogate(on);
            match t.solve(&launch, &aim, Shape::MinEnergy, None) {
                Ok(s) => println!("{i} surrogate {on}: ok sims {} ff {} kick {:.3} tc {:.2}", s.simulations, s.free_flights, s.controls.pitch_kick_rad.to_degrees(), s.controls.cutoff_s),
                Err(e) => println!("{i} surrogate {on}: {e}"),
            }
        }
    }
}
