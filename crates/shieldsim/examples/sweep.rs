//! Warm-started targeting along a line of aim points: simulations and free flights per solve.
//! `cargo run --release -p shieldsim --example sweep [-- --survey]`
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::{Accuracy, Targeter};
use shieldsim::flight::{Shape, TargetingSolution};
use std::time::Instant;

fn main() {
    let m = Catalog::builtin()
        .unwrap()
        .missile("icbm-solid-3")
        .unwrap()
        .to_missile()
        .unwrap();
    let accuracy = if std::env::args().any(|a| a == "--survey") {
        Accuracy::SURVEY
    } else {
        Accuracy::PRECISE
    };
    let t = Targeter::new(EarthModel::default(), &m, true).with_accuracy(accuracy);
    let launch = Geodetic::from_degrees(54.0, 35.8, 0.0);
    let mut warm: Option<TargetingSolution> = None;
    let t0 = Instant::now();
    let n = 121;
    for i in 0..n {
        let aim = Geodetic::from_degrees(
            40.0 + 0.25 * (i % 40) as f64,
            -72.0 - 0.25 * (i / 40) as f64,
            0.0,
        );
        let s = t
            .solve(&launch, &aim, Shape::MinEnergy, warm.as_ref())
            .unwrap();
        println!(
            "aim {:.2}N: {} simulations, {} free flights, miss {:.2} m",
            aim.lat_deg(),
            s.simulations,
            s.free_flights,
            s.miss_m
        );
        warm = Some(s);
    }
    println!("{:?} per solve", t0.elapsed() / n);
}
