//! The rotating Earth: frames, Coriolis deflection and the rotation's range bonus.

use shieldsim::earth::{EarthModel, Geodetic, GravityModel, Shape};
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::LaunchState;

fn launch(earth: &EarthModel, lat: f64, alt_m: f64, speed: f64, az: f64, fpa: f64) -> (Geodetic, free_flight::FreeFlight) {
    let s = LaunchState {
        position: Geodetic::from_degrees(lat, 0.0, alt_m),
        speed_mps: speed,
        azimuth_rad: f64::to_radians(az),
        flight_path_rad: f64::to_radians(fpa),
    };
    let (r, v) = s.to_inertial(earth, 0.0);
    (s.position, free_flight::fly(earth, 0.0, r, v, &FlightOptions::default(), &[]).unwrap())
}

/// A point at rest on the surface keeps its latitude, longitude and height, and has zero Earth-relative speed, at any
/// time: its inertial motion is exactly the rotation.
#[test]
fn a_body_at_rest_on_the_surface_stays_put() {
    let earth = EarthModel::default();
    let p = Geodetic::from_degrees(54.47, 17.12, 0.0);
    let s = LaunchState { position: p, speed_mps: 0.0, azimuth_rad: 0.0, flight_path_rad: 0.0 };
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

/// A body dropped from rest lands east of the point below it: d = (1/3)·g·ω·cosφ·t³ with t = √(2h/g)
/// (classic result, e.g. Goldstein, *Classical Mechanics*, 3rd ed., §4.10). From 10 km at the equator: ≈ 21.9 m.
#[test]
fn a_dropped_body_is_deflected_east_by_coriolis() {
    let earth = EarthModel::new(Shape::Sphere, true, GravityModel::PointMass);
    let h = 10_000.0;
    for lat in [0.0f64, 45.0] {
        let (start, f) = launch(&earth, lat, h, 0.0, 0.0, 0.0);
        let g = 3.986004418e14 / 6_371_000f64.powi(2);
        let t = (2.0 * h / g).sqrt();
        let expected = g * 7.292115e-5 * lat.to_radians().cos() * t.powi(3) / 3.0;
        let (d, az) = earth.distance_azimuth(&start, &f.impact);
        assert!((d - expected).abs() < 0.03 * expected, "lat {lat}: deflection {d} vs {expected}");
        assert!((az.to_degrees() - 90.0).abs() < 2.0, "lat {lat}: deflection azimuth {}", az.to_degrees());
    }
}

/// Launched east, a missile gains the surface speed ωR (465 m/s at the equator) in inertial speed and flies farther than
/// launched west; north and south from the equator are mirror images.
#[test]
fn east_flies_farther_than_west_and_north_mirrors_south() {
    let earth = EarthModel::new(Shape::Sphere, true, GravityModel::PointMass);
    let range = |az: f64| {
        let (p, f) = launch(&earth, 0.0, 0.0, 5000.0, az, 35.0);
        earth.distance_azimuth(&p, &f.impact).0
    };
    let (east, west, north, south) = (range(90.0), range(270.0), range(0.0), range(180.0));
    assert!(east > west * 1.3, "east {east} west {west}");
    assert!((north - south).abs() < 1e-3, "north {north} south {south}");
    assert!(north > west && north < east);
    // Non-rotating: all directions equal.
    let still = EarthModel::new(Shape::Sphere, false, GravityModel::PointMass);
    let (p, f1) = launch(&still, 0.0, 0.0, 5000.0, 90.0, 35.0);
    let (_, f2) = launch(&still, 0.0, 0.0, 5000.0, 270.0, 35.0);
    let d1 = still.distance_azimuth(&p, &f1.impact).0;
    let d2 = still.distance_azimuth(&p, &f2.impact).0;
    assert!((d1 - d2).abs() < 1e-3);
}
