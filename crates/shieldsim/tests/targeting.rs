//! Targeting: random launch/aim pairs land on the aim; the minimum-energy solution has the Lambert minimum-energy
//! burn-out speed; shapes meet their constraints; out-of-reach aims say how far the missile reaches.

use rand::{rngs::SmallRng, Rng, SeedableRng};
use shieldsim::catalog::Catalog;
use shieldsim::earth::{geodesic, EarthModel, Geodetic, GravityModel, Shape as EarthShape};
use shieldsim::flight::targeting::{Accuracy, ShapeSpec, Targeter};
use shieldsim::flight::{FlightError, Missile, Shape, TargetingSolution};

const MU: f64 = 3.986004418e14;

fn missile(id: &str) -> Missile {
    Catalog::builtin()
        .unwrap()
        .missile(id)
        .unwrap()
        .to_missile()
        .unwrap()
}

fn random_pairs(
    rng: &mut SmallRng,
    earth: &EarthModel,
    n: usize,
    min_km: f64,
    max_km: f64,
) -> Vec<(Geodetic, Geodetic)> {
    (0..n)
        .map(|_| {
            let launch = Geodetic::from_degrees(
                rng.random_range(-65.0..65.0),
                rng.random_range(-180.0..180.0),
                0.0,
            );
            let az = rng.random_range(0.0..360f64).to_radians();
            let d = rng.random_range(min_km..max_km) * 1000.0;
            (launch, geodesic::direct(earth.ellipsoid(), &launch, az, d))
        })
        .collect()
}

/// 200 random pairs within reach, drag on, rotating WGS 84 with J2: every impact within 1 km of the aim.
#[test]
fn two_hundred_random_pairs_land_on_the_aim() {
    let earth = EarthModel::default();
    let mut rng = SmallRng::seed_from_u64(2007);
    // (missile, shortest and longest aim distance, km): well inside each missile's reach in every direction.
    let cases = [
        ("icbm-solid-3", 1500.0, 8000.0, 110),
        ("shahab-3", 300.0, 1100.0, 50),
        ("scud-b", 80.0, 250.0, 40),
    ];
    let mut total = 0;
    for (id, lo, hi, n) in cases {
        let m = missile(id);
        let t = Targeter::new(earth, &m, true);
        for (launch, aim) in random_pairs(&mut rng, &earth, n, lo, hi) {
            let sol = t
                .solve(&launch, &aim, Shape::MinEnergy, None)
                .unwrap_or_else(|e| panic!("{id} {launch:?} -> {aim:?}: {e}"));
            let miss = geodesic::inverse(earth.ellipsoid(), &sol.flight.impact, &aim).0;
            assert!(miss < 1000.0, "{id}: miss {miss} m");
            assert!((miss - sol.miss_m).abs() < 1e-6);
            total += 1;
        }
    }
    assert_eq!(total, 200);
}

/// On a non-rotating, point-mass, airless sphere the minimum-energy burn-out speed is Lambert's minimum:
/// v = √(μ(2/r₁ − 1/a_m)), a_m = (r₁ + r₂ + c)/4 with c the chord (Battin 1999, §6.2).
#[test]
fn minimum_energy_matches_the_lambert_minimum() {
    let earth = EarthModel::new(EarthShape::Sphere, false, GravityModel::PointMass);
    let m = missile("icbm-solid-3");
    let t = Targeter::new(earth, &m, false);
    let launch = Geodetic::from_degrees(20.0, 10.0, 0.0);
    for (az, d_km) in [(30.0f64, 2000.0), (100.0, 5000.0), (250.0, 8500.0)] {
        let aim = geodesic::direct(earth.ellipsoid(), &launch, az.to_radians(), d_km * 1000.0);
        let sol = t.solve(&launch, &aim, Shape::MinEnergy, None).unwrap();
        let r1 = sol.burnout.r_eci;
        let r2 = earth.ellipsoid().to_ecef(&aim).0;
        let a_m = (r1.norm() + r2.norm() + (r2 - r1).norm()) / 4.0;
        let v_min = (MU * (2.0 / r1.norm() - 1.0 / a_m)).sqrt();
        let v = sol.burnout.v_eci.norm();
        assert!(
            ((v - v_min) / v_min).abs() < 2e-4,
            "{d_km} km: burn-out {v} vs Lambert minimum {v_min}"
        );
        // Any other shape to the same aim needs more speed.
        for shape in [Shape::Lofted(None), Shape::Depressed(None)] {
            if let Ok(other) = t.solve(&launch, &aim, shape, None) {
                assert!(
                    other.burnout.v_eci.norm() > v,
                    "{shape:?} is cheaper than min-energy"
                );
            }
        }
    }
}

#[test]
fn shapes_meet_their_constraints() {
    let earth = EarthModel::default();
    let m = missile("icbm-solid-3");
    let t = Targeter::new(earth, &m, true);
    let launch = Geodetic::from_degrees(39.0, 125.7, 0.0);
    let aim = Geodetic::from_degrees(21.3, -157.9, 0.0);
    let me = t.solve(&launch, &aim, Shape::MinEnergy, None).unwrap();
    let lofted = t
        .solve(
            &launch,
            &aim,
            Shape::Lofted(Some(ShapeSpec::ApogeeM(me.flight.apogee_alt_m + 800e3))),
            None,
        )
        .unwrap();
    assert!((lofted.flight.apogee_alt_m - me.flight.apogee_alt_m - 800e3).abs() < 1000.0);
    assert!(lofted.flight.impact_t_s > me.flight.impact_t_s);
    let g = me.burnout_state.flight_path_rad - 8f64.to_radians();
    let depressed = t
        .solve(
            &launch,
            &aim,
            Shape::Depressed(Some(ShapeSpec::BurnoutFlightPathRad(g))),
            None,
        )
        .unwrap();
    assert!((depressed.burnout_state.flight_path_rad - g).abs() < 1e-3f64.to_radians() * 10.0);
    assert!(depressed.flight.apogee_alt_m < me.flight.apogee_alt_m);
    assert!(depressed.flight.impact_t_s < me.flight.impact_t_s);
    // Full burn: lofted is the highest, depressed the lowest.
    let hi = t.solve(&launch, &aim, Shape::Lofted(None), None).unwrap();
    let lo = t
        .solve(&launch, &aim, Shape::Depressed(None), None)
        .unwrap();
    assert!(hi.flight.apogee_alt_m > lofted.flight.apogee_alt_m.min(me.flight.apogee_alt_m));
    assert!(lo.flight.apogee_alt_m < me.flight.apogee_alt_m);
    for s in [&lofted, &depressed, &hi, &lo] {
        assert!(s.miss_m < 1000.0);
    }
}

/// A sweep of neighbouring aim points: each warm solve lands within its accuracy's tolerance, with far fewer full
/// simulations than a cold one (survey accuracy: usually one, confirming a solution found with free flights).
#[test]
fn warm_starts_solve_neighbours_with_few_simulations() {
    let earth = EarthModel::default();
    let m = missile("icbm-solid-3");
    let launch = Geodetic::from_degrees(54.0, 35.8, 0.0);
    for (accuracy, max_mean_sims) in [(Accuracy::PRECISE, 3.0), (Accuracy::SURVEY, 1.5)] {
        // Without the boost surrogate (which needs no simulation at all, see tests/surrogate_targeting.rs): the
        // linearised boost of the warm start.
        let t = Targeter::new(earth, &m, true)
            .with_accuracy(accuracy)
            .with_boost_surrogate(false);
        let mut warm: Option<TargetingSolution> = None;
        let (mut cold_sims, mut warm_sims) = (0, 0);
        for i in 0..12 {
            let aim = Geodetic::from_degrees(45.0 + 0.25 * i as f64, -72.0, 0.0);
            let sol = t
                .solve(&launch, &aim, Shape::MinEnergy, warm.as_ref())
                .unwrap();
            let miss = geodesic::inverse(earth.ellipsoid(), &sol.flight.impact, &aim).0;
            assert!(miss <= accuracy.miss_tolerance_m, "{i}: miss {miss} m");
            if i == 0 {
                cold_sims = sol.simulations;
            } else {
                warm_sims += sol.simulations;
            }
            warm = Some(sol);
        }
        let mean = warm_sims as f64 / 11.0;
        assert!(
            mean <= max_mean_sims,
            "{accuracy:?}: {mean} simulations per neighbour"
        );
        assert!(
            cold_sims as f64 >= 4.0 * mean,
            "cold {cold_sims}, warm mean {mean}"
        );
    }
}

#[test]
fn out_of_reach_states_the_maximum_range() {
    let earth = EarthModel::default();
    let m = missile("scud-b");
    let t = Targeter::new(earth, &m, true);
    let launch = Geodetic::from_degrees(35.0, 53.0, 0.0);
    let aim = Geodetic::from_degrees(52.5, 13.4, 0.0);
    let (max_range_km, aim_range_km) = out_of_reach(t.solve(&launch, &aim, Shape::MinEnergy, None));
    assert!(
        max_range_km > 200.0 && max_range_km < 450.0,
        "{max_range_km}"
    );
    assert!(aim_range_km > 3000.0);
}

/// The (reach, aim range) of an out-of-reach error, km; panics on any other result.
fn out_of_reach(result: Result<TargetingSolution, FlightError>) -> (f64, f64) {
    match result {
        Err(FlightError::OutOfReach {
            max_range_km,
            aim_range_km,
            ..
        }) => (max_range_km, aim_range_km),
        other => panic!("expected out of reach, got {other:?}"),
    }
}

/// Long minimum-energy shots of the long-range ICBM from Semnan, near the edge of its reach (over the pole, and
/// westward against the Earth's rotation): the minimum-energy ellipse there needs more than a full burn, so the
/// solution is a full burn on the aim; each lands within its accuracy's tolerance. An aim beyond the reach in its
/// direction is reported as out of reach, not as a failure to converge.
#[test]
fn long_range_minimum_energy_near_the_reach_converges() {
    let earth = EarthModel::default();
    let m = missile("icbm-liquid");
    let launch = Geodetic::from_degrees(35.2347, 53.9208, 0.0);
    let aims = [
        (Accuracy::PRECISE, -75.0, 21.0),   // 12,461 km, over the South Pole
        (Accuracy::PRECISE, -57.0, -141.0), // 17,340 km
        (Accuracy::PRECISE, -81.0, 75.0),   // 12,959 km
        (Accuracy::SURVEY, 39.0, -87.0),    // 10,860 km, north-west against the rotation
        (Accuracy::SURVEY, 33.0, -135.0),   // 12,394 km, over the North Pole
        (Accuracy::SURVEY, -87.0, -177.0),  // 14,110 km
        (Accuracy::SURVEY, -87.0, 27.0),    // 13,603 km
        (Accuracy::SURVEY, -81.0, 177.0),   // 14,408 km
        (Accuracy::SURVEY, -33.0, -135.0), // 19,166 km, 840 km from the antipode: on the fold's branch
    ];
    for (accuracy, lat, lon) in aims {
        let t = Targeter::new(earth, &m, true).with_accuracy(accuracy);
        let aim = Geodetic::from_degrees(lat, lon, 0.0);
        let sol = t
            .solve(&launch, &aim, Shape::MinEnergy, None)
            .unwrap_or_else(|e| panic!("{lat},{lon}: {e}"));
        let miss = geodesic::inverse(earth.ellipsoid(), &sol.flight.impact, &aim).0;
        assert!(
            miss <= accuracy.miss_tolerance_m,
            "{lat},{lon}: miss {miss} m"
        );
        assert!(sol.controls.cutoff_s <= m.total_burn_time_s());
    }
    // 11,940 km toward the west-north-west, where the reach is about 11,600 km.
    let t = Targeter::new(earth, &m, true).with_accuracy(Accuracy::SURVEY);
    let aim = Geodetic::from_degrees(33.0, -99.0, 0.0);
    let (max_range_km, aim_range_km) = out_of_reach(t.solve(&launch, &aim, Shape::MinEnergy, None));
    assert!(
        max_range_km > 10_000.0 && max_range_km < aim_range_km,
        "{max_range_km} km"
    );
    // 13,108 km over the North Pole: the longest flights launched toward it curve off to the east with the
    // Earth's rotation; the one that lands on its great circle goes 12,855 km.
    let aim = Geodetic::from_degrees(27.0, -123.0, 0.0);
    let (max_range_km, aim_range_km) = out_of_reach(t.solve(&launch, &aim, Shape::MinEnergy, None));
    assert!(
        (12_500.0..aim_range_km).contains(&max_range_km),
        "{max_range_km} km"
    );
    // Far beyond: 17,000 km due west of the launch point.
    let aim = geodesic::direct(earth.ellipsoid(), &launch, -90f64.to_radians(), 17_000e3);
    out_of_reach(t.solve(&launch, &aim, Shape::MinEnergy, None));
}
