//! Speed of the trajectory core (README "Performance"): `cargo bench -p shieldsim --bench trajectory`.

use criterion::{criterion_group, criterion_main, Criterion};
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::targeting::{Accuracy, Targeter};
use shieldsim::flight::{LaunchState, Shape};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let earth = EarthModel::default();
    // An ICBM-class burn-out: 7 km/s at 200 km, 25° above the horizon (about 10,000 km), vacuum.
    let state = LaunchState {
        position: Geodetic::from_degrees(55.0, 40.0, 200_000.0),
        speed_mps: 7000.0,
        azimuth_rad: 330f64.to_radians(),
        flight_path_rad: 25f64.to_radians(),
    };
    let (r, v) = state.to_inertial(&earth, 0.0);
    let options = FlightOptions::default();
    c.bench_function("free_flight_icbm_vacuum_wgs84_j2_rotating", |b| {
        b.iter(|| free_flight::fly(&earth, 0.0, black_box(r), black_box(v), &options, &[]).unwrap())
    });

    let catalog = Catalog::builtin().unwrap();
    let missile = catalog
        .missile("icbm-solid-3")
        .unwrap()
        .to_missile()
        .unwrap();
    let targeter = Targeter::new(earth, &missile, true);
    let launch = Geodetic::from_degrees(54.03, 35.78, 0.0);
    let aim = Geodetic::from_degrees(38.9, -77.0, 0.0);
    let first = targeter
        .solve(&launch, &aim, Shape::MinEnergy, None)
        .unwrap();
    c.bench_function("targeted_icbm_min_energy_cold", |b| {
        b.iter(|| {
            targeter
                .solve(black_box(&launch), &aim, Shape::MinEnergy, None)
                .unwrap()
        })
    });
    // Warm start from the solution for an aim point 0.5° away, as in a grid sweep.
    let near = Geodetic::from_degrees(39.4, -77.0, 0.0);
    c.bench_function("targeted_icbm_min_energy_warm", |b| {
        b.iter(|| {
            targeter
                .solve(black_box(&launch), &near, Shape::MinEnergy, Some(&first))
                .unwrap()
        })
    });
    // The same with the sweep accuracy (within 100 m; one full simulation plus a few free flights).
    let survey = Targeter::new(earth, &missile, true).with_accuracy(Accuracy::SURVEY);
    let first_survey = survey.solve(&launch, &aim, Shape::MinEnergy, None).unwrap();
    c.bench_function("targeted_icbm_min_energy_warm_survey", |b| {
        b.iter(|| {
            survey
                .solve(
                    black_box(&launch),
                    &near,
                    Shape::MinEnergy,
                    Some(&first_survey),
                )
                .unwrap()
        })
    });
    // With the boost surrogate (as footprints use it): free flights only, the surrogate's nodes built by the first
    // solve and kept.
    for (name, accuracy) in [
        ("targeted_icbm_min_energy_warm_surrogate", Accuracy::PRECISE),
        (
            "targeted_icbm_min_energy_warm_survey_surrogate",
            Accuracy::SURVEY,
        ),
    ] {
        let t = Targeter::new(earth, &missile, true)
            .with_accuracy(accuracy)
            .with_boost_surrogate(true);
        let first = t.solve(&launch, &aim, Shape::MinEnergy, None).unwrap();
        c.bench_function(name, |b| {
            b.iter(|| {
                t.solve(black_box(&launch), &near, Shape::MinEnergy, Some(&first))
                    .unwrap()
            })
        });
    }
    // The footprint's case: the solid IRBM from Semnan, survey accuracy, a neighbour 0.25° away.
    let irbm = catalog.missile("irbm-solid").unwrap().to_missile().unwrap();
    let semnan = Geodetic::from_degrees(35.2347, 53.9208, 0.0);
    let (berlin, next) = (
        Geodetic::from_degrees(52.5, 13.4, 0.0),
        Geodetic::from_degrees(52.5, 13.65, 0.0),
    );
    let t = Targeter::new(earth, &irbm, true)
        .with_accuracy(Accuracy::SURVEY)
        .with_boost_surrogate(true);
    let first_irbm = t.solve(&semnan, &berlin, Shape::MinEnergy, None).unwrap();
    c.bench_function("targeted_irbm_min_energy_warm_survey_surrogate", |b| {
        b.iter(|| {
            t.solve(
                black_box(&semnan),
                &next,
                Shape::MinEnergy,
                Some(&first_irbm),
            )
            .unwrap()
        })
    });
    let sim = first.controls;
    c.bench_function("one_boost_and_reentry_simulation_icbm", |b| {
        b.iter(|| targeter.fly(black_box(&launch), &sim, &[]).unwrap())
    });
}

criterion_group! {
    name = trajectory;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(trajectory);
