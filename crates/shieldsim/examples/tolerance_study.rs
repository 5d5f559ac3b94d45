//! Impact-point error, energy drift and step count of an ICBM free flight versus integrator tolerances.
//! `cargo run --release -p shieldsim --example tolerance_study`

use shieldsim::earth::{geodesic, EarthModel, Geodetic, GravityModel, Shape};
use shieldsim::flight::dop853::Tolerances;
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::LaunchState;

fn main() {
    let earth = EarthModel::default();
    let still = EarthModel::new(Shape::Wgs84, false, GravityModel::PointMass);
    let state = LaunchState {
        position: Geodetic::from_degrees(55.0, 40.0, 200_000.0),
        speed_mps: 7000.0,
        azimuth_rad: 330f64.to_radians(),
        flight_path_rad: 25f64.to_radians(),
    };
    let fly = |e: &EarthModel, rtol: f64, atol: f64, samples: &[f64]| {
        let (r, v) = state.to_inertial(e, 0.0);
        let o = FlightOptions {
            tolerances: Tolerances {
                rtol,
                atol,
                ..free_flight::default_tolerances()
            },
            ..FlightOptions::default()
        };
        free_flight::fly(e, 0.0, r, v, &o, samples).unwrap()
    };
    let reference = fly(&earth, 1e-14, 1e-9, &[]);
    println!(
        "rtol      atol      steps  impact error (m)  max energy drift (point mass, 50 samples)"
    );
    for rtol in [1e-8, 1e-9, 1e-10, 1e-11, 1e-12] {
        for atol in [1e-3, 1e-6] {
            let f = fly(&earth, rtol, atol, &[]);
            let err = geodesic::inverse(earth.ellipsoid(), &f.impact, &reference.impact).0;
            let pm = fly(&still, rtol, atol, &[]);
            let times: Vec<f64> = (0..50).map(|i| pm.impact_t_s * i as f64 / 49.0).collect();
            let pm = fly(&still, rtol, atol, &times);
            let (r0, v0) = state.to_inertial(&still, 0.0);
            let e = |r: &nalgebra::Vector3<f64>, v: &nalgebra::Vector3<f64>| {
                0.5 * v.norm_squared() - 3.986004418e14 / r.norm()
            };
            let e0 = e(&r0, &v0);
            let drift = pm
                .samples
                .iter()
                .map(|s| ((e(&s.r_eci, &s.v_eci) - e0) / e0).abs())
                .fold(0.0, f64::max);
            println!(
                "{rtol:<9.0e} {atol:<9.0e} {:<6} {:<17.4} {drift:.2e}",
                f.steps, err
            );
        }
    }
}
