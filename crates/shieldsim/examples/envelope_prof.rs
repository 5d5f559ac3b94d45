//! Builds every catalogue interceptor's site envelope at a latitude and prints its build time, size and cell size:
//! `cargo run --release -p shieldsim --example envelope_prof -- [LAT_DEG]` (default 54.47, Redzikowo).

use shieldsim::catalog::Catalog;
use shieldsim::earth::EarthModel;

fn main() {
    let lat: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(54.47);
    let catalog = Catalog::builtin().expect("the built-in catalogue loads");
    let earth = EarthModel::default();
    for entry in &catalog.interceptors {
        let interceptor = entry.to_interceptor().expect("catalogue interceptor");
        let start = std::time::Instant::now();
        let env = interceptor
            .envelope(&earth, lat.to_radians())
            .expect("envelope");
        println!(
            "{:<20} {:>6.2} s  {:>4} MB  cells {:>2.0} km  reach {:>5.0} km, {:>5.0} km up",
            entry.id,
            start.elapsed().as_secs_f64(),
            env.memory_bytes() / 1_000_000,
            env.spacing_m().0 / 1e3,
            env.max_range_m / 1e3,
            env.max_altitude_m / 1e3
        );
    }
}
