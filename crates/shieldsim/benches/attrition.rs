//! Speed of raid attrition (docs/attrition.md, "Performance"): `cargo bench -p shieldsim --bench attrition`.
//!
//! A corridor shaped like the default assessment's russia-us against restructure-2013 (143 evaluated trajectories,
//! 90 engageable with 1–3 opportunities, two sites holding 40 and 4 interceptors) under the built-in notional force
//! of 1,537 warheads: the seeded Monte Carlo of 10,000 trials (the stocks run short), and the exact path (ample
//! stocks).

use criterion::{criterion_group, criterion_main, Criterion};
use shieldsim::analysis::attrition::{default_notional_force, raid, RaidParameters, SiteStock};
use shieldsim::analysis::{InterceptSummary, Outcome, ScenarioAssessment, TrajectoryRecord};
use shieldsim::earth::Geodetic;
use std::hint::black_box;

fn corridor() -> ScenarioAssessment {
    let here = Geodetic::from_degrees(55.0, 60.0, 0.0);
    let trajectories = (0..143)
        .map(|i| {
            let engaged = i % 8 < 5;
            let site = if i % 3 == 0 {
                "vandenberg"
            } else {
                "fort-greely"
            };
            let at = InterceptSummary {
                t_s: 900.0 + 7.0 * f64::from(i % 29),
                position: Geodetic::from_degrees(60.0, -150.0, 600_000.0),
                launch_s: 600.0,
                closing_speed_mps: 8000.0,
                site: site.into(),
            };
            TrajectoryRecord {
                corridor: "russia-us".into(),
                launch: format!("l{}", i / 11),
                aim: format!("a{}", i % 11),
                missile: "m".into(),
                shape: "min-energy".into(),
                launch_position: here,
                aim_position: here,
                weight: 1.0,
                enabled_by: engaged.then(|| "thule".to_string()),
                path: Vec::new(),
                path_t_s: Vec::new(),
                outcome: Outcome::Evaluated {
                    engageable: engaged,
                    reason: String::new(),
                    window_s: if engaged { 300.0 } else { 0.0 },
                    shots: if engaged { 1 + (i as usize % 3) } else { 0 },
                    earliest: engaged.then(|| at.clone()),
                    latest: engaged.then_some(at),
                    sites: if engaged {
                        vec!["fort-greely".into(), "vandenberg".into()]
                    } else {
                        Vec::new()
                    },
                    impact_t_s: 1800.0,
                },
            }
        })
        .collect();
    ScenarioAssessment {
        scenario: "bench".into(),
        title: "bench".into(),
        corridors: vec![shieldsim::analysis::CorridorAssessment {
            corridor: "russia-us".into(),
            pairs: 143,
            evaluated: 143,
            out_of_range: 0,
            failed: 0,
            engageable: 90,
            engageable_share: None,
            weighted_engageable_share: None,
            window_s: None,
            shots: None,
            first_intercept_alt_km: None,
            sites: Vec::new(),
            enabled_by: Vec::new(),
        }],
        trajectories,
    }
}

fn stocks(fgb: u32, vafb: u32) -> Vec<SiteStock> {
    vec![
        SiteStock {
            site: "fort-greely".into(),
            inventory: fgb,
        },
        SiteStock {
            site: "vandenberg".into(),
            inventory: vafb,
        },
    ]
}

fn attrition(c: &mut Criterion) {
    let a = corridor();
    let force = default_notional_force();
    let params = RaidParameters::default();
    c.bench_function("raid_monte_carlo_1537_warheads_10000_trials", |b| {
        b.iter(|| black_box(raid(&a, &stocks(40, 4), &force, &params).unwrap()))
    });
    c.bench_function("raid_exact_1537_warheads", |b| {
        b.iter(|| black_box(raid(&a, &stocks(10_000, 10_000), &force, &params).unwrap()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = attrition
}
criterion_main!(benches);
