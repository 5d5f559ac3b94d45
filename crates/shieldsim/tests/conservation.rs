//! Conservation laws of vacuum free flight on a non-rotating Earth: specific energy and angular momentum for a
//! point-mass field; energy and the polar component of angular momentum for the axisymmetric J2 field. Checked along the
//! path through dense-output samples and at the impact, at rtol 1e-12 with steps capped at 30 s (the default rtol 1e-10
//! gives drifts of about 1e-9, and the 7th-order interpolant on 150 s steps adds about 1e-9 of its own).

use nalgebra::Vector3;
use shieldsim::earth::{EarthModel, Geodetic, GravityModel, Shape};
use shieldsim::flight::dop853::Tolerances;
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::LaunchState;

fn check(gravity: GravityModel) {
    let earth = EarthModel::new(Shape::Wgs84, false, gravity);
    for (v, fpa, az, lat) in [
        (7000.0, 25.0, 45.0, 10.0),
        (5000.0, 40.0, 300.0, 55.0),
        (3000.0, 60.0, 180.0, -30.0),
    ] {
        let s = LaunchState {
            position: Geodetic::from_degrees(lat, 30.0, 150_000.0),
            speed_mps: v,
            azimuth_rad: f64::to_radians(az),
            flight_path_rad: f64::to_radians(fpa),
        };
        let (r0, v0) = s.to_inertial(&earth, 0.0);
        let capped = FlightOptions {
            tolerances: Tolerances {
                rtol: 1e-12,
                atol: 1e-9,
                max_step: 30.0,
                ..free_flight::default_tolerances()
            },
            ..FlightOptions::default()
        };
        let first = free_flight::fly(&earth, 0.0, r0, v0, &capped, &[]).unwrap();
        let times: Vec<f64> = (0..50)
            .map(|i| (first.impact_t_s * i as f64 / 49.0).min(first.impact_t_s))
            .collect();
        let f = free_flight::fly(&earth, 0.0, r0, v0, &capped, &times).unwrap();
        let energy =
            |r: &Vector3<f64>, v: &Vector3<f64>| 0.5 * v.norm_squared() + gravity.potential(r);
        let e0 = energy(&r0, &v0);
        let h0 = r0.cross(&v0);
        assert_eq!(f.samples.len(), 50);
        let end = shieldsim::flight::Sample {
            t_s: first.impact_t_s,
            r_eci: first.impact_r_eci,
            v_eci: first.impact_v_eci,
        };
        for smp in f.samples.iter().chain([&end]) {
            let e = energy(&smp.r_eci, &smp.v_eci);
            assert!(
                ((e - e0) / e0).abs() < 1e-9,
                "{gravity:?}: energy drift {}",
                (e - e0) / e0
            );
            let h = smp.r_eci.cross(&smp.v_eci);
            match gravity {
                GravityModel::PointMass => assert!((h - h0).norm() / h0.norm() < 1e-9),
                GravityModel::J2 => assert!((h.z - h0.z).abs() / h0.norm() < 1e-9),
            }
        }
    }
}

#[test]
fn point_mass_conserves_energy_and_angular_momentum() {
    check(GravityModel::PointMass);
}

#[test]
fn j2_conserves_energy_and_polar_angular_momentum() {
    check(GravityModel::J2);
}
