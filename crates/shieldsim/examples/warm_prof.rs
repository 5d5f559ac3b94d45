//! Profiles warm targeting solves with the boost surrogate (the footprint's path): `N=2000 cargo run --profile
//! profiling -p shieldsim --example warm_prof [-- icbm|irbm [precise]]`, e.g. under `valgrind --tool=callgrind
//! --toggle-collect='*Targeter::solve*'`. Prints the time per solve and what a solve flies.
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::{Accuracy, Targeter};
use shieldsim::flight::Shape;

fn main() {
    let n: usize = std::env::var("N").map_or(2000, |v| v.parse().unwrap());
    let args: Vec<String> = std::env::args().collect();
    let irbm = args.get(1).is_some_and(|a| a == "irbm");
    let accuracy = if args.get(2).is_some_and(|a| a == "precise") {
        Accuracy::PRECISE
    } else {
        Accuracy::SURVEY
    };
    let catalog = Catalog::builtin().unwrap();
    let (name, launch, aim, near) = if irbm {
        (
            "irbm-solid",
            Geodetic::from_degrees(35.2347, 53.9208, 0.0),
            Geodetic::from_degrees(52.5, 13.4, 0.0),
            Geodetic::from_degrees(52.5, 13.65, 0.0),
        )
    } else {
        (
            "icbm-solid-3",
            Geodetic::from_degrees(54.03, 35.78, 0.0),
            Geodetic::from_degrees(38.9, -77.0, 0.0),
            Geodetic::from_degrees(39.4, -77.0, 0.0),
        )
    };
    let missile = catalog.missile(name).unwrap().to_missile().unwrap();
    let t = Targeter::new(EarthModel::default(), &missile, true)
        .with_accuracy(accuracy)
        .with_boost_surrogate(true);
    let first = t.solve(&launch, &aim, Shape::MinEnergy, None).unwrap();
    let start = std::time::Instant::now();
    let mut last = None;
    for _ in 0..n {
        last = Some(
            t.solve(&launch, &near, Shape::MinEnergy, Some(&first))
                .unwrap(),
        );
    }
    let s = last.unwrap();
    println!(
        "{:.1} µs per solve: {} iterations, {} free flights ({} steps the last), {} vacuum flights, {} simulations, miss {:.1} m",
        start.elapsed().as_secs_f64() / n as f64 * 1e6,
        s.iterations,
        s.free_flights,
        s.flight.steps,
        s.vacuum_flights,
        s.simulations,
        s.miss_m
    );
}
