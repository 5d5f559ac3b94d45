//! Targeting with the boost surrogate (`Targeter::with_boost_surrogate`, as footprints use it) against the full
//! simulation: the solved controls, flown by a converged boost-and-flight simulation (no surrogate, tolerances 100
//! times tighter than the precise accuracy), land within the documented accuracy of the aim — random pairs with
//! drag, Earth rotation and J2, including aims near the edge of the reach — and the flight sampled from the solution
//! without flying it again is the flight.

use shieldsim::catalog::Catalog;
use shieldsim::earth::{geodesic, EarthModel, Geodetic};
use shieldsim::flight::dop853::Tolerances;
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::targeting::{extrapolate_controls, Accuracy, Targeter, TargetingSolution};
use shieldsim::flight::{BoostControls, FlightError, Missile, SampledTrajectory, Shape};

fn missile(id: &str) -> Missile {
    Catalog::builtin()
        .unwrap()
        .missile(id)
        .unwrap()
        .to_missile()
        .unwrap()
}

/// The converged reference: no surrogate, relative tolerance 1e-12.
fn reference(m: &Missile) -> Targeter<'_> {
    Targeter::new(EarthModel::default(), m, true)
        .with_boost_surrogate(false)
        .with_accuracy(Accuracy {
            miss_tolerance_m: 1.0,
            tolerances: Tolerances {
                rtol: 1e-12,
                atol: 1e-6,
                max_step: f64::INFINITY,
                max_steps: 400_000,
            },
        })
}

/// Where the reference simulation of the solution's controls lands, m from the aim.
fn true_miss_m(
    truth: &Targeter,
    launch: &Geodetic,
    aim: &Geodetic,
    sol: &TargetingSolution,
) -> f64 {
    let f = truth.fly(launch, &sol.controls, &[]).unwrap();
    geodesic::inverse(EarthModel::default().ellipsoid(), &f.flight.impact, aim).0
}

#[test]
fn surrogate_solutions_land_within_their_accuracy_in_the_full_simulation() {
    let earth = EarthModel::default();
    for (id, lat, lon) in [
        ("irbm-solid", 35.2347, 53.9208),
        ("icbm-solid-3", 54.03, 35.78),
        ("icbm-liquid", 54.03, 35.78),
    ] {
        let m = missile(id);
        let launch = Geodetic::from_degrees(lat, lon, 0.0);
        let truth = reference(&m);
        for accuracy in [Accuracy::SURVEY, Accuracy::PRECISE] {
            let t = Targeter::new(earth, &m, true)
                .with_accuracy(accuracy)
                .with_boost_surrogate(true);
            let (mut solved, mut near_edge, mut surrogate_only) = (0, 0, 0);
            for i in 0..16 {
                // Azimuths all round; ranges from a fifth of the reach along the azimuth to its edge.
                let az = (i as f64 * 67.0 + 11.0).to_radians();
                let frac = [0.2, 0.45, 0.7, 0.9, 0.97, 0.99][i % 6];
                let (reach, _) = truth.max_range(&launch, az).unwrap();
                let aim = geodesic::direct(earth.ellipsoid(), &launch, az, frac * reach);
                let sol = match t.solve(&launch, &aim, Shape::MinEnergy, None) {
                    Ok(s) => s,
                    // Near the edge: the Earth's rotation moves the reach towards the aim off the reach along the
                    // azimuth, and the liquid ICBM's solve does not converge on some such aims with full
                    // simulations either (the fold of range versus kick).
                    Err(FlightError::OutOfReach { .. } | FlightError::NoConvergence(_))
                        if frac > 0.95 =>
                    {
                        continue
                    }
                    Err(e) => panic!("{id} {i}: {e}"),
                };
                let miss = true_miss_m(&truth, &launch, &aim, &sol);
                assert!(
                    miss <= accuracy.miss_tolerance_m,
                    "{id} {i} ({frac} of the reach): the full simulation lands {miss:.2} m from the aim"
                );
                solved += 1;
                near_edge += usize::from(frac > 0.95);
                surrogate_only += usize::from(sol.simulations == 0);
            }
            assert!(
                solved >= 13 && near_edge >= 2,
                "{id}: {solved} solved, {near_edge} near the edge"
            );
            // The surrogate serves almost every solve (a cell over its error budget falls back to simulations).
            assert!(
                surrogate_only + 2 >= solved,
                "{id}: {surrogate_only} of {solved}"
            );
        }
    }
}

/// Neighbouring aims, warm-started, cost free flights only and stay accurate in the full simulation.
#[test]
fn warm_neighbours_cost_free_flights_only() {
    let earth = EarthModel::default();
    let m = missile("icbm-solid-3");
    let truth = reference(&m);
    let launch = Geodetic::from_degrees(54.0, 35.8, 0.0);
    for accuracy in [Accuracy::SURVEY, Accuracy::PRECISE] {
        let t = Targeter::new(earth, &m, true)
            .with_accuracy(accuracy)
            .with_boost_surrogate(true);
        let mut warm: Option<TargetingSolution> = None;
        let (mut flights, mut vacuum) = (0, 0);
        for i in 0..12 {
            let aim = Geodetic::from_degrees(45.0 + 0.25 * i as f64, -72.0, 0.0);
            let sol = t
                .solve(&launch, &aim, Shape::MinEnergy, warm.as_ref())
                .unwrap();
            assert_eq!(sol.simulations, 0, "{i}");
            assert_eq!(sol.boosts, 0, "{i}");
            if i > 0 {
                flights += sol.free_flights;
                vacuum += sol.vacuum_flights;
            }
            let miss = true_miss_m(&truth, &launch, &aim, &sol);
            assert!(miss <= accuracy.miss_tolerance_m, "{i}: {miss} m");
            warm = Some(sol);
        }
        // Flights with drag, and vacuum flights (about a quarter of the cost) on the drag-offset model.
        let (mean, mean_vacuum) = (flights as f64 / 11.0, vacuum as f64 / 11.0);
        eprintln!("{accuracy:?}: {mean} flights and {mean_vacuum} vacuum flights per neighbour");
        assert!(
            mean <= 1.5 && mean_vacuum <= 4.0,
            "{accuracy:?}: {mean} flights and {mean_vacuum} vacuum flights per neighbour"
        );
    }
}

/// Guided solves along a row (`Targeter::solve_guided`, as footprints solve): a guess extrapolated from the refined
/// controls of the last three solutions usually lands within the tolerance at once (one flight with drag, no vacuum
/// flight), more often than one extrapolated from their raw controls (which scatter within the tolerance); a bad
/// guess costs flights, not accuracy; every solution lands within the accuracy in the full simulation.
#[test]
fn guided_rows_fly_the_guess_first() {
    let earth = EarthModel::default();
    let m = missile("irbm-solid");
    let truth = reference(&m);
    let launch = Geodetic::from_degrees(35.2347, 53.9208, 0.0);
    let t = Targeter::new(earth, &m, true)
        .with_accuracy(Accuracy::SURVEY)
        .with_boost_surrogate(true);
    let aims: Vec<Geodetic> = (0..14)
        .map(|i| Geodetic::from_degrees(48.0, 10.0 + 0.5 * i as f64, 0.0))
        .collect();
    let mut direct = [0, 0];
    for (k, refined) in [false, true].into_iter().enumerate() {
        let mut warm: Option<TargetingSolution> = None;
        let mut recent: Vec<BoostControls> = Vec::new();
        for (i, aim) in aims.iter().enumerate() {
            let guess = (recent.len() >= 3)
                .then(|| extrapolate_controls([&recent[0], &recent[1], &recent[2]]));
            let sol = t
                .solve_guided(
                    &launch,
                    aim,
                    Shape::MinEnergy,
                    warm.as_ref(),
                    guess.as_ref(),
                )
                .unwrap();
            let miss = true_miss_m(&truth, &launch, aim, &sol);
            assert!(miss <= 100.0, "{i}: {miss} m");
            if guess.is_some() && sol.free_flights == 1 && sol.vacuum_flights == 0 {
                direct[k] += 1;
            }
            recent.insert(
                0,
                if refined {
                    sol.refined_controls()
                } else {
                    sol.controls
                },
            );
            recent.truncate(3);
            warm = Some(sol);
        }
    }
    // 11 guesses each.
    assert!(
        direct[1] >= 8 && direct[1] > direct[0],
        "guesses landing at once: {} from raw controls, {} from refined",
        direct[0],
        direct[1]
    );
    // A bad guess (a kick 0.05 rad off): still a solution within the tolerance.
    let warm = t.solve(&launch, &aims[0], Shape::MinEnergy, None).unwrap();
    let mut bad = warm.controls;
    bad.pitch_kick_rad += 0.05;
    let sol = t
        .solve_guided(&launch, &aims[1], Shape::MinEnergy, Some(&warm), Some(&bad))
        .unwrap();
    let miss = true_miss_m(&truth, &launch, &aims[1], &sol);
    assert!(miss <= 100.0, "after a bad guess: {miss} m");
}

/// The sampled flight of a solution (boost from the surrogate, free flight interpolated between the solution's own
/// integration steps) against the same burn-out state flown again and sampled by the integrator's dense output,
/// and the boost simulated.
#[test]
fn a_solution_is_sampled_without_flying_it_again() {
    let earth = EarthModel::default();
    let m = missile("irbm-solid");
    let launch = Geodetic::from_degrees(35.2347, 53.9208, 0.0);
    let aim = Geodetic::from_degrees(52.52, 13.40, 0.0);
    for accuracy in [Accuracy::SURVEY, Accuracy::PRECISE] {
        let t = Targeter::new(earth, &m, true)
            .with_accuracy(accuracy)
            .with_boost_surrogate(true);
        let sol = t.solve(&launch, &aim, Shape::MinEnergy, None).unwrap();
        let path = SampledTrajectory::of_solution(&t, &launch, &sol).unwrap();
        let b = &sol.burnout;
        let times: Vec<f64> = path
            .times_s()
            .iter()
            .copied()
            .filter(|&x| x > b.t_s && x < sol.flight.impact_t_s)
            .collect();
        let options = FlightOptions {
            beta_kg_m2: Some(m.payload.beta_kg_m2),
            tolerances: accuracy.tolerances,
            ..FlightOptions::default()
        };
        let again = free_flight::fly(&earth, b.t_s, b.r_eci, b.v_eci, &options, &times).unwrap();
        assert_eq!(again.impact_t_s, sol.flight.impact_t_s);
        assert_eq!(again.samples.len(), times.len());
        let mut worst: f64 = 0.0;
        for s in &again.samples {
            let r = earth.eci_to_ecef(s.t_s, &s.r_eci);
            let d = (path.position_at(s.t_s) - r).norm();
            worst = worst.max(d);
        }
        assert!(
            worst < 0.5,
            "{accuracy:?}: free flight sampled {worst} m off"
        );
        // The boost samples: the reference simulation of the same controls.
        let truth = reference(&m);
        let boost_times: Vec<f64> = path
            .times_s()
            .iter()
            .copied()
            .filter(|&x| x < b.t_s)
            .collect();
        assert!(boost_times.len() > 30);
        let flown =
            SampledTrajectory::of_flight(&truth, &launch, &sol.controls, sol.flight.impact_t_s)
                .unwrap();
        let worst_boost = boost_times
            .iter()
            .map(|&x| (path.position_at(x) - flown.position_at(x)).norm())
            .fold(0.0, f64::max);
        assert!(worst_boost < 1.0, "boost sampled {worst_boost} m off");
    }
}
