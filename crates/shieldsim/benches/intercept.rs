//! Speed of the interception layer (README "Performance"): `cargo bench -p shieldsim --bench intercept`.
//!
//! - the reach-table build of every catalogue interceptor (target ≤ 1 s each);
//! - one engagement evaluation of a given sampled trajectory with the reach tables built (target ≤ 50 µs): an
//!   IRBM from north-west Iran to Berlin against an SM-3 IIA site at Deveselu with a forward AN/TPY-2 at Kürecik, and
//!   an ICBM from Iran to Washington against two-stage GBIs at Redzikowo with three radars;
//! - the same two re-engaged with only the decision delay changed, through an `EngagementMemo` (issue 15's
//!   re-evaluation of a threat when only defence parameters change, target ≤ 10 µs): each iteration a new delay.

#[path = "../tests/common/mod.rs"]
mod common;

use common::generic_interceptor;
use criterion::{criterion_group, criterion_main, Criterion};
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::{SampledTrajectory, Shape};
use shieldsim::intercept::{
    engage, engage_with_memo, Architecture, EngagementMemo, Interceptor, InterceptorSite,
    LaunchRule, LinkKind, ReachTable, ReachTableSpec,
};
use shieldsim::sensors::EarlyWarning;
use std::hint::black_box;

fn threat(catalog: &Catalog, missile: &str, from: Geodetic, to: Geodetic) -> SampledTrajectory {
    let earth = EarthModel::default();
    let m = catalog.missile(missile).unwrap().to_missile().unwrap();
    let targeter = Targeter::new(earth, &m, true);
    let sol = targeter.solve(&from, &to, Shape::MinEnergy, None).unwrap();
    SampledTrajectory::of_flight(&targeter, &from, &sol.controls, sol.flight.impact_t_s).unwrap()
}

fn architecture(
    catalog: &Catalog,
    interceptor: &str,
    site: Geodetic,
    radars: &[(&str, Geodetic)],
    threat_launch: &Geodetic,
) -> Architecture {
    let earth = EarthModel::default();
    let spec = catalog.interceptor(interceptor).unwrap().to_spec().unwrap();
    let mut arch = Architecture {
        radars: radars
            .iter()
            .map(|(id, at)| {
                let boresight = earth.distance_azimuth(at, threat_launch).1;
                catalog.radar(id).unwrap().to_radar(*at, boresight).unwrap()
            })
            .collect(),
        early_warning: Some(EarlyWarning::default()),
        sites: vec![InterceptorSite {
            name: interceptor.into(),
            position: site,
            interceptor: Interceptor::new(spec).unwrap(),
            launch_rule: LaunchRule::Track,
        }],
        decision_delay_s: 30.0,
        roles: vec![],
        links: vec![],
    };
    arch.links
        .push(arch.link_everything("remote", LinkKind::EngageOnRemote));
    arch
}

fn benches(c: &mut Criterion) {
    let m = generic_interceptor();
    let spec = ReachTableSpec::for_flight_time(300.0);
    c.bench_function("reach_table_build_generic_interceptor_300s", |b| {
        b.iter(|| ReachTable::build(black_box(&m), &spec).unwrap())
    });
    let table = ReachTable::build(&m, &spec).unwrap();
    c.bench_function("reach_table_lookup", |b| {
        b.iter(|| table.time_to_reach_s(black_box(300e3), black_box(150e3)))
    });

    let catalog = Catalog::builtin().unwrap();
    for entry in &catalog.interceptors {
        let spec = entry.to_spec().unwrap();
        c.bench_function(&format!("reach_table_build_{}", entry.id), |b| {
            b.iter(|| Interceptor::new(black_box(spec.clone())).unwrap())
        });
    }

    let earth = EarthModel::default();
    let tabriz = Geodetic::from_degrees(38.07, 46.30, 0.0);
    let irbm = threat(
        &catalog,
        "irbm-solid",
        tabriz,
        Geodetic::from_degrees(52.52, 13.40, 0.0),
    );
    let signature = catalog.missile("irbm-solid").unwrap().signature();
    let arch = architecture(
        &catalog,
        "sm3-iia",
        Geodetic::from_degrees(44.0833, 24.3833, 0.0),
        &[("an-tpy-2", Geodetic::from_degrees(38.3494, 37.7936, 2085.0))],
        &tabriz,
    );
    c.bench_function("engage_irbm_tabriz_berlin_sm3iia_deveselu", |b| {
        b.iter(|| engage(&earth, black_box(&arch), &irbm, signature).unwrap())
    });
    reengage_bench(
        c,
        "reengage_irbm_tabriz_berlin_decision_delay_changed",
        &earth,
        arch,
        &irbm,
        signature,
    );

    let semnan = Geodetic::from_degrees(35.2347, 53.9208, 0.0);
    let icbm = threat(
        &catalog,
        "icbm-liquid",
        semnan,
        Geodetic::from_degrees(38.9072, -77.0369, 0.0),
    );
    let signature = catalog.missile("icbm-liquid").unwrap().signature();
    let arch = architecture(
        &catalog,
        "gbi-2stage",
        Geodetic::from_degrees(54.4728, 17.1231, 0.0),
        &[
            ("an-tpy-2", Geodetic::from_degrees(38.3494, 37.7936, 2085.0)),
            ("emr-brdy", Geodetic::from_degrees(49.63, 13.73, 700.0)),
            (
                "uewr-fylingdales",
                Geodetic::from_degrees(54.361, -0.67, 0.0),
            ),
        ],
        &semnan,
    );
    c.bench_function(
        "engage_icbm_semnan_washington_gbi2_redzikowo_3radars",
        |b| b.iter(|| engage(&earth, black_box(&arch), &icbm, signature).unwrap()),
    );
    reengage_bench(
        c,
        "reengage_icbm_semnan_washington_decision_delay_changed",
        &earth,
        arch,
        &icbm,
        signature,
    );
}

/// One threat re-engaged through a memo, the decision delay new at every iteration (0–60 s in 1,000 steps).
fn reengage_bench(
    c: &mut Criterion,
    name: &str,
    earth: &EarthModel,
    mut arch: Architecture,
    path: &SampledTrajectory,
    signature: shieldsim::sensors::Signature,
) {
    let mut memo = EngagementMemo::new();
    engage_with_memo(earth, &arch, path, signature, &mut memo).unwrap();
    let mut k = 0u32;
    c.bench_function(name, |b| {
        b.iter(|| {
            k = (k + 1) % 1000;
            arch.decision_delay_s = 0.06 * f64::from(k);
            engage_with_memo(earth, black_box(&arch), path, signature, &mut memo).unwrap()
        })
    });
}

criterion_group! {
    name = intercept;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(intercept);
