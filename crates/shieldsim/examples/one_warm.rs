//! Counts the work of one warm-started solve (the benchmark's case).
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::{Accuracy, Targeter};
use shieldsim::flight::Shape;
use std::time::Instant;

fn main() {
    let m = Catalog::builtin()
        .unwrap()
        .missile("icbm-solid-3")
        .unwrap()
        .to_missile()
        .unwrap();
    for acc in [Accuracy::PRECISE, Accuracy::SURVEY] {
        let t = Targeter::new(EarthModel::default(), &m, true).with_accuracy(acc);
        let launch = Geodetic::from_degrees(54.03, 35.78, 0.0);
        let first = t
            .solve(
                &launch,
                &Geodetic::from_degrees(38.9, -77.0, 0.0),
                Shape::MinEnergy,
                None,
            )
            .unwrap();
        let near = Geodetic::from_degrees(39.4, -77.0, 0.0);
        let t0 = Instant::now();
        let s = t
            .solve(&launch, &near, Shape::MinEnergy, Some(&first))
            .unwrap();
        println!(
            "{} m: {} simulations, {} free flights, {} boosts, {} iterations, miss {:.1} m, {:?}",
            acc.miss_tolerance_m,
            s.simulations,
            s.free_flights,
            s.boosts,
            s.iterations,
            s.miss_m,
            t0.elapsed()
        );
    }
}
