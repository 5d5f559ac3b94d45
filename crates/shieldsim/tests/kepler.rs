//! Free flight against closed-form Keplerian truth: spherical, non-rotating Earth, point-mass gravity, vacuum.
//!
//! For a launch and impact at the same radius R with speed v and flight-path angle γ, with ν = v²R/μ
//! (J. Wheelon, "Free flight of a ballistic missile", ARS Journal 29, 1959; also Bate, Mueller & White,
//! *Fundamentals of Astrodynamics*, 1971, §6.2):
//! - range angle ψ: tan(ψ/2) = ν·sinγ·cosγ / (1 − ν·cos²γ);
//! - maximum range: sin(ψ_max/2) = ν/(2 − ν), reached at γ* = (π − ψ_max)/4;
//! - time of flight from Kepler's equation on the ellipse a = R/(2 − ν), p = R·ν·cos²γ.

use shieldsim::earth::{EarthModel, Geodetic, GravityModel, Shape};
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::LaunchState;

const MU: f64 = 3.986004418e14;
const R: f64 = 6_371_000.0;

fn sphere() -> EarthModel {
    EarthModel::new(Shape::Sphere, false, GravityModel::PointMass)
}

/// Engine: (ground range m, flight time s) for a launch from the surface.
fn fly(v: f64, gamma: f64) -> (f64, f64) {
    let earth = sphere();
    let s = LaunchState {
        position: Geodetic::from_degrees(10.0, 20.0, 0.0),
        speed_mps: v,
        azimuth_rad: 0.7,
        flight_path_rad: gamma,
    };
    let (r, vel) = s.to_inertial(&earth, 0.0);
    let f = free_flight::fly(&earth, 0.0, r, vel, &FlightOptions::default(), &[]).unwrap();
    let (d, _) = earth.distance_azimuth(&s.position, &f.impact);
    (d, f.impact_t_s)
}

fn kepler_range(v: f64, gamma: f64) -> f64 {
    let nu = v * v * R / MU;
    let (s, c) = gamma.sin_cos();
    let half = (nu * s * c).atan2(1.0 - nu * c * c);
    2.0 * half * R
}

fn kepler_time(v: f64, gamma: f64) -> f64 {
    let nu = v * v * R / MU;
    let a = R / (2.0 - nu);
    let p = R * nu * gamma.cos().powi(2);
    let e = (1.0 - p / a).sqrt();
    let psi = kepler_range(v, gamma) / R;
    // Launch true anomaly: symmetric about apogee (θ = π).
    let theta1 = std::f64::consts::PI - psi / 2.0;
    let e1 = 2.0 * (((1.0 - e) / (1.0 + e)).sqrt() * (theta1 / 2.0).tan()).atan();
    let m1 = e1 - e * e1.sin();
    let n = (MU / (a * a * a)).sqrt();
    2.0 * (std::f64::consts::PI - m1) / n
}

#[test]
fn range_and_time_of_flight_match_kepler() {
    for v in (2000..=7500).step_by(500) {
        for gamma_deg in [10.0, 25.0, 40.0, 55.0, 70.0] {
            let (v, g) = (v as f64, f64::to_radians(gamma_deg));
            let (d, t) = fly(v, g);
            let (dk, tk) = (kepler_range(v, g), kepler_time(v, g));
            assert!(
                (d - dk).abs() < 50.0,
                "v {v} γ {gamma_deg}: range {d} vs Kepler {dk}"
            );
            assert!(
                (t - tk).abs() < 0.05,
                "v {v} γ {gamma_deg}: time {t} vs Kepler {tk}"
            );
        }
    }
}

#[test]
fn maximum_range_and_optimal_angle_match_kepler() {
    for v in (2000..=7500).step_by(500) {
        let v = v as f64;
        let nu = v * v * R / MU;
        let psi_max = 2.0 * (nu / (2.0 - nu)).asin();
        let gamma_opt = (std::f64::consts::PI - psi_max) / 4.0;
        // Golden-section search of the engine's range over γ.
        let (mut lo, mut hi) = (5f64.to_radians(), 60f64.to_radians());
        let g = 0.618_033_988_749_895;
        while hi - lo > 1e-7 {
            let x1 = hi - g * (hi - lo);
            let x2 = lo + g * (hi - lo);
            if fly(v, x1).0 > fly(v, x2).0 {
                hi = x2;
            } else {
                lo = x1;
            }
        }
        let g_found = 0.5 * (lo + hi);
        let (d, _) = fly(v, g_found);
        assert!(
            (d - psi_max * R).abs() < 50.0,
            "v {v}: max range {d} vs Kepler {}",
            psi_max * R
        );
        assert!(
            (g_found - gamma_opt).abs().to_degrees() < 0.01,
            "v {v}: optimal γ {} vs Kepler {}",
            g_found.to_degrees(),
            gamma_opt.to_degrees()
        );
    }
}
