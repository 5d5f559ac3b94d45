//! Profiles free flights with re-entry drag (survey tolerances): `N=2000 cargo run --profile profiling -p shieldsim
//! --example reentry_prof`, e.g. under `valgrind --tool=callgrind`.
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::targeting::Accuracy;
use shieldsim::flight::LaunchState;

fn main() {
    let n: usize = std::env::var("N").map_or(2000, |v| v.parse().unwrap());
    let earth = EarthModel::default();
    let state = LaunchState {
        position: Geodetic::from_degrees(55.0, 40.0, 200_000.0),
        speed_mps: 7000.0,
        azimuth_rad: 330f64.to_radians(),
        flight_path_rad: 25f64.to_radians(),
    };
    let (r, v) = state.to_inertial(&earth, 0.0);
    let options = FlightOptions {
        beta_kg_m2: Some(5000.0),
        tolerances: Accuracy::SURVEY.tolerances,
        ..FlightOptions::default()
    };
    let start = std::time::Instant::now();
    let mut steps = 0;
    for _ in 0..n {
        let f = free_flight::fly_recorded(&earth, 0.0, r, v, &options, &[]).unwrap();
        steps += f.steps;
    }
    println!(
        "{:.2} µs per flight, {} steps",
        start.elapsed().as_secs_f64() / n as f64 * 1e6,
        steps / n
    );
}
