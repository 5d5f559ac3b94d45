//! The cost of one swept burn-out speed of the two-stage GBI, part by part: the speed set (the secant on the boosts),
//! the new rocket's reach table flown, and its Redzikowo envelope built (on one core):
//! `cargo run --release -p shieldsim --example swept_value -- [SPEED_MPS]...` (default 7000).
//! `cargo bench -p shieldsim --bench studies -- one-gbi-speed` measures the same with criterion.

use shieldsim::analysis::params::with_burnout_speed;
use shieldsim::catalog::Catalog;
use shieldsim::earth::EarthModel;
use shieldsim::intercept::Interceptor;
use std::time::Instant;

fn main() {
    let speeds: Vec<f64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let speeds = if speeds.is_empty() {
        vec![7000.0]
    } else {
        speeds
    };
    let catalog = Catalog::builtin().expect("the built-in catalogue loads");
    let gbi = catalog
        .interceptor("gbi-2stage")
        .expect("catalogue interceptor")
        .to_spec()
        .expect("valid");
    let earth = EarthModel::default();
    let redzikowo = 54.4728f64.to_radians();
    for speed in speeds {
        let start = Instant::now();
        let spec = match with_burnout_speed(&gbi, speed) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{speed} m/s: {e}");
                continue;
            }
        };
        let set = start.elapsed().as_secs_f64();
        let interceptor = Interceptor::new(spec).expect("interceptor");
        let table = start.elapsed().as_secs_f64();
        let envelope = interceptor.envelope(&earth, redzikowo).expect("envelope");
        let built = start.elapsed().as_secs_f64();
        println!(
            "{speed:>6.0} m/s: speed set {:.3} s, table {:.3} s, envelope {:.3} s ({:.0} km cells, {} MB)",
            set,
            table - set,
            built - table,
            envelope.spacing_m().0 / 1e3,
            envelope.memory_bytes() / 1_000_000
        );
    }
}
