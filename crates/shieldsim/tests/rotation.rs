//! The rotating Earth: frames, Coriolis deflection and the rotation's range bonus.

use shieldsim::earth::{EarthModel, Geodetic, GravityModel, Shape};
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::LaunchState;

fn launch(
    earth: &EarthModel,
    lat: f64,
    alt_m: f64,
    speed: f64,
    az: f64,
    fpa: f64,
) -> (Geodetic, free_flight::FreeFlight) {
    let s = LaunchState {
        position: Geodetic::from_degrees(lat, 0.0, alt_m),
        speed_mps: speed,
        azimuth_rad: f64::to_radians(az),
        flight_path_rad: f64::to_radians(fpa),
    };
    let (r, v) = s.to_inertial(earth, 0.0);
    (
        s.position,
        free_flight::fly(earth, 0.0, r, v, &FlightOptions::default(), &[]).unwrap(),
    )
}

/// A point at rest on the surface keeps its latitude, longitude and height, and has zero Earth-relative speed, at any
/// time: its inertial motion is exactly the rotation.
#[test]
fn a_body_at_rest_on_the_surface_stays_put() {
    let earth = EarthModel::default();
    let p = Geodetic::from_degrees(54.47, 17.12, 0.0);
    let s = LaunchState {
        position: p,
        speed_mps: 0.0,
        azimuth_rad: 0.0,
        flight_path_rad: 0.0,
    };
    let (r0, _) = s.to_inertial(&earth, 0.0);
    for t in [0.0, 600.0, 3600.0, 86_164.0] {
        let r = earth.ecef_to_eci(t, &r0);
        let v = earth.frame_velocity(&r);
        let b = LaunchState::from_inertial(&earth, t, &r, &v);
        assert!((b.position.lat_rad - p.lat_rad).abs() < 1e-12);
        assert!((b.position.lon_rad - p.lon_rad).abs() < 1e-12);
        assert!(b.position.alt_m.abs() < 1e-6 && b.speed_mps < 1e-9);
    }
}

/// A body dropped from rest (relative to the Earth) from height h lands east of the point below it by
/// d_east = (1/3)·g·ω·cosφ·t³ with t = √(2h/g) (Coriolis; e.g. Goldstein, *Classical Mechanics*, 3rd ed., §4.10), and
/// on a sphere with a point-mass field also equatorward by ½·ω²R·sinφ·cosφ·t² (the centrifugal acceleration's
/// horizontal part, which an ellipsoidal Earth's shape would cancel). From 10 km: 21.9 m east at the equator.
#[test]
fn a_dropped_body_is_deflected_east_by_coriolis() {
    let earth = EarthModel::new(Shape::Sphere, true, GravityModel::PointMass);
    let (h, w, r) = (10_000.0, 7.292115e-5, 6_371_000.0);
    for lat in [0.0f64, 45.0, -60.0] {
        let (start, f) = launch(&earth, lat, h, 0.0, 0.0, 0.0);
        let g = 3.986004418e14 / (r + h / 2.0).powi(2);
        let t = (2.0 * h / g).sqrt();
        let phi = lat.to_radians();
        let east = g * w * phi.cos() * t.powi(3) / 3.0;
        let north = -0.5 * w * w * r * phi.sin() * phi.cos() * t * t;
        let (d, az) = earth.distance_azimuth(&start, &f.impact);
        let (de, dn) = (d * az.sin(), d * az.cos());
        assert!(
            (de - east).abs() < 0.03 * east,
            "lat {lat}: east {de} vs {east}"
        );
        assert!(
            (dn - north).abs() < 0.03 * east + 0.03 * north.abs(),
            "lat {lat}: north {dn} vs {north}"
        );
    }
}

/// At the equator a launch due east or west stays in the equatorial plane, so the rotating-Earth range follows from
/// Kepler in the inertial frame: inertial velocity = relative velocity + ωR eastward; the Earth-relative range is the
/// inertial range angle minus the Earth's turn ω·T during the flight time T. East flies farther than west; north and
/// south are mirror images.
#[test]
fn east_and_west_launches_match_the_inertial_kepler_solution() {
    let earth = EarthModel::new(Shape::Sphere, true, GravityModel::PointMass);
    let (mu, w, r) = (3.986004418e14, 7.292115e-5, 6_371_000.0);
    let (v, gamma) = (5000.0, 35f64.to_radians());
    let range = |az: f64| {
        let (p, f) = launch(&earth, 0.0, 0.0, v, az, gamma.to_degrees());
        (earth.distance_azimuth(&p, &f.impact).0, f.impact_t_s)
    };
    for (az, sign) in [(90.0, 1.0), (270.0, -1.0)] {
        let (vh, vv) = (v * gamma.cos() + sign * w * r, v * gamma.sin());
        let vi = vh.hypot(vv);
        let gi = vv.atan2(vh);
        let nu = vi * vi * r / mu;
        let psi = 2.0 * (nu * gi.sin() * gi.cos()).atan2(1.0 - nu * gi.cos().powi(2));
        let a = r / (2.0 - nu);
        let e = (1.0 - r * nu * gi.cos().powi(2) / a).sqrt();
        let th = std::f64::consts::PI - psi / 2.0;
        let ea = 2.0 * (((1.0 - e) / (1.0 + e)).sqrt() * (th / 2.0).tan()).atan();
        let tof = 2.0 * (std::f64::consts::PI - (ea - e * ea.sin())) / (mu / a.powi(3)).sqrt();
        let expected = (psi - sign * w * tof) * r;
        let (d, t) = range(az);
        assert!(
            (d - expected).abs() < 50.0,
            "azimuth {az}: {d} vs {expected}"
        );
        assert!((t - tof).abs() < 0.05, "azimuth {az}: time {t} vs {tof}");
    }
    assert!(range(90.0).0 > range(270.0).0);
    assert!((range(0.0).0 - range(180.0).0).abs() < 1e-3);
}
