//! Raid attrition against closed forms: a sure kill exhausts an inventory exactly, the exact binomial and the Monte
//! Carlo agree, arrival order decides who gets the last interceptor, nothing engageable puts nothing at risk, the
//! share at risk is the aim-weighted engageable share of a real assessment, results do not depend on the thread
//! count, and the expected kills never fall when the kill probability or an inventory rises.

use std::sync::atomic::AtomicBool;

#[path = "fixtures/epaa_like.rs"]
mod epaa_like;

use proptest::prelude::*;
use shieldsim::analysis::attrition::{
    binomial_pmf, default_notional_force, expected_interceptors, kill_probability, pmf_quantile,
    raid, site_stocks, CorridorRaid, Distribution, Doctrine, ForceDeclaration, RaidError,
    RaidMethod, RaidParameters, SiteStock,
};
use shieldsim::analysis::{
    assess, AssessOptions, CorridorAssessment, InterceptSummary, Outcome, ScenarioAssessment,
    TrajectoryCache, TrajectoryRecord,
};
use shieldsim::earth::Geodetic;
use shieldsim::intercept::InterceptorCache;

/// A trajectory of corridor `c`: engaged first by `sites[0]` at `t_s` with `shots` opportunities, or (no sites)
/// evaluated and not engageable.
fn engaged(c: &str, weight: f64, shots: usize, t_s: f64, sites: &[&str]) -> TrajectoryRecord {
    let here = Geodetic::from_degrees(50.0, 20.0, 0.0);
    let earliest = sites.first().map(|s| InterceptSummary {
        t_s,
        position: Geodetic::from_degrees(50.0, 20.0, 300_000.0),
        launch_s: t_s - 200.0,
        closing_speed_mps: 8000.0,
        site: s.to_string(),
    });
    TrajectoryRecord {
        corridor: c.into(),
        launch: "l".into(),
        aim: "a".into(),
        missile: "m".into(),
        shape: "min-energy".into(),
        launch_position: here,
        aim_position: here,
        weight,
        enabled_by: sites.first().map(|_| "radar".to_string()),
        path: Vec::new(),
        path_t_s: Vec::new(),
        outcome: Outcome::Evaluated {
            engageable: !sites.is_empty(),
            reason: String::new(),
            window_s: if sites.is_empty() { 0.0 } else { 100.0 },
            shots: if sites.is_empty() { 0 } else { shots },
            earliest: earliest.clone(),
            latest: earliest,
            sites: sites.iter().map(|s| s.to_string()).collect(),
            impact_t_s: 1800.0,
        },
    }
}

fn out_of_range(c: &str) -> TrajectoryRecord {
    TrajectoryRecord {
        outcome: Outcome::OutOfRange("too far".into()),
        enabled_by: None,
        ..engaged(c, 1.0, 0, 0.0, &[])
    }
}

fn assessment(records: Vec<TrajectoryRecord>) -> ScenarioAssessment {
    let mut names: Vec<String> = Vec::new();
    for r in &records {
        if !names.contains(&r.corridor) {
            names.push(r.corridor.clone());
        }
    }
    ScenarioAssessment {
        scenario: "test".into(),
        title: "test".into(),
        corridors: names
            .into_iter()
            .map(|corridor| CorridorAssessment {
                corridor,
                pairs: 0,
                evaluated: 0,
                out_of_range: 0,
                failed: 0,
                engageable: 0,
                engageable_share: None,
                weighted_engageable_share: None,
                window_s: None,
                shots: None,
                first_intercept_alt_km: None,
                sites: Vec::new(),
                enabled_by: Vec::new(),
            })
            .collect(),
        trajectories: records,
    }
}

fn stocks(s: &[(&str, u32)]) -> Vec<SiteStock> {
    s.iter()
        .map(|(site, inventory)| SiteStock {
            site: site.to_string(),
            inventory: *inventory,
        })
        .collect()
}

fn force(c: &str, warheads: u32) -> Vec<ForceDeclaration> {
    vec![ForceDeclaration {
        corridor: c.into(),
        warheads,
        notional: true,
        source: "test raid".into(),
    }]
}

fn params(pk: f64, doctrine: &str, method: RaidMethod, trials: u32) -> RaidParameters {
    RaidParameters {
        pk_per_shot: pk,
        doctrine: doctrine.parse().unwrap(),
        method,
        trials,
        ..RaidParameters::default()
    }
}

fn one(
    a: &ScenarioAssessment,
    s: &[SiteStock],
    f: &[ForceDeclaration],
    p: &RaidParameters,
) -> CorridorRaid {
    raid(a, s, f, p).unwrap().corridors.remove(0)
}

#[test]
fn ample_inventory_gives_the_exact_binomial() {
    // Two engageable trajectories (3 and 1 opportunities) and one not, weights 2, 1, 1; 40 warheads; p = 0.6.
    let a = assessment(vec![
        engaged("c", 2.0, 3, 400.0, &["x"]),
        engaged("c", 1.0, 1, 300.0, &["y", "x"]),
        engaged("c", 1.0, 0, 0.0, &[]),
    ]);
    let s = stocks(&[("x", 1000), ("y", 1000)]);
    let p = 0.6;
    let r = one(
        &a,
        &s,
        &force("c", 40),
        &params(p, "sls", RaidMethod::Auto, 1),
    );
    assert_eq!(r.distribution, Distribution::Exact);
    assert_eq!((r.evaluated, r.engageable), (3, 2));
    // Share at risk = weighted engageable share = 3/4.
    assert!((r.at_risk_share.unwrap() - 0.75).abs() < 1e-15);
    assert!((r.expected_at_risk - 30.0).abs() < 1e-12);
    // π = ½ (1 − 0.4³) + ¼ · 0.6.
    let pi = 0.5 * (1.0 - 0.4f64.powi(3)) + 0.25 * 0.6;
    assert!((r.expected_intercepted - 40.0 * pi).abs() < 1e-12);
    let pmf = binomial_pmf(40, pi);
    assert_eq!(r.intercepted.p50, pmf_quantile(&pmf, 0.5));
    assert_eq!(r.intercepted.p5, pmf_quantile(&pmf, 0.05));
    assert_eq!(r.intercepted.p95, pmf_quantile(&pmf, 0.95));
    // x spends 40 · ½ · (1 + 0.4 + 0.16); y 40 · ¼ · 1.
    assert!((r.sites[0].expected_expended - 20.0 * 1.56).abs() < 1e-12);
    assert!((r.sites[1].expected_expended - 10.0).abs() < 1e-12);
    assert!(r.sites.iter().all(|s| s.ran_out_probability == 0.0));
    assert_eq!(r.expected_short, 0.0);
    assert!((r.intercepted_share().unwrap() - pi).abs() < 1e-12);
}

#[test]
fn monte_carlo_agrees_with_the_exact_result() {
    let a = assessment(vec![
        engaged("c", 2.0, 3, 400.0, &["x"]),
        engaged("c", 1.0, 2, 300.0, &["y", "x"]),
        engaged("c", 1.0, 0, 0.0, &[]),
    ]);
    let s = stocks(&[("x", 1000), ("y", 1000)]);
    for doctrine in ["sls", "salvo:2", "salvo:2,sls"] {
        let exact = one(
            &a,
            &s,
            &force("c", 50),
            &params(0.45, doctrine, RaidMethod::Auto, 1),
        );
        let mc = one(
            &a,
            &s,
            &force("c", 50),
            &params(0.45, doctrine, RaidMethod::MonteCarlo, 40_000),
        );
        assert_eq!(exact.distribution, Distribution::Exact);
        assert!(matches!(
            mc.distribution,
            Distribution::MonteCarlo { trials: 40_000, .. }
        ));
        // The standard error of the mean of 40,000 trials of a count with variance ≤ 50/4 is ≤ 0.018.
        assert!(
            (exact.expected_intercepted - mc.expected_intercepted).abs() < 0.08,
            "{doctrine}: {} vs {}",
            exact.expected_intercepted,
            mc.expected_intercepted
        );
        for (e, m) in exact.sites.iter().zip(&mc.sites) {
            assert!(
                (e.expected_expended - m.expected_expended).abs() < 0.15,
                "{doctrine} {}: {} vs {}",
                e.site,
                e.expected_expended,
                m.expected_expended
            );
        }
        // Medians agree within one warhead (both are of nearly the same distribution).
        assert!(
            exact.intercepted.p50.abs_diff(mc.intercepted.p50) <= 1,
            "{doctrine}"
        );
    }
}

#[test]
fn a_sure_kill_exhausts_the_inventory_and_no_more() {
    // p = 1: each interceptor kills; 100 warheads on one trajectory, 3 interceptors: exactly 3 intercepted.
    let a = assessment(vec![engaged("c", 1.0, 3, 500.0, &["x"])]);
    let r = one(
        &a,
        &stocks(&[("x", 3)]),
        &force("c", 100),
        &params(1.0, "sls", RaidMethod::Auto, 500),
    );
    assert!(matches!(r.distribution, Distribution::MonteCarlo { .. }));
    assert_eq!(
        (r.intercepted.p5, r.intercepted.p50, r.intercepted.p95),
        (3, 3, 3)
    );
    assert_eq!(r.expected_intercepted, 3.0);
    assert_eq!(r.sites[0].expected_expended, 3.0);
    assert_eq!(r.sites[0].ran_out_probability, 1.0);
    assert_eq!(r.expected_short, 97.0);
    // With salvos of 2, 3 interceptors make one full salvo and one single: 2 kills.
    let r = one(
        &a,
        &stocks(&[("x", 3)]),
        &force("c", 100),
        &params(1.0, "salvo:2", RaidMethod::Auto, 500),
    );
    assert_eq!(r.expected_intercepted, 2.0);
    assert_eq!(r.sites[0].expected_expended, 3.0);
    // A generic p: never more intercepted than interceptors.
    let r = one(
        &a,
        &stocks(&[("x", 10)]),
        &force("c", 100),
        &params(0.7, "sls", RaidMethod::Auto, 2000),
    );
    assert!(r.intercepted.p95 <= 10 && r.expected_intercepted <= 10.0);
    assert!(r.sites[0].expected_expended <= 10.0);
    // Expected kills of 10 interceptors at 0.7 when the stock always runs out: 7.
    assert!(
        (r.expected_intercepted - 7.0).abs() < 0.1,
        "{}",
        r.expected_intercepted
    );
}

#[test]
fn the_earliest_arrival_gets_the_last_interceptor() {
    // B arrives first (300 s) and only x can engage it; A (500 s) is engaged by x, else y. x holds one interceptor.
    // With p = 1, A's warheads are all intercepted (by y when x is empty) and B's first warhead by x's interceptor:
    // expected kills W·½ + P(at least one on B) = 2 + (1 − 2⁻⁴) for W = 4. Were A served first, B would get none
    // whenever A had a warhead.
    let a = assessment(vec![
        engaged("c", 1.0, 1, 500.0, &["x", "y"]),
        engaged("c", 1.0, 1, 300.0, &["x"]),
    ]);
    let s = stocks(&[("x", 1), ("y", 100)]);
    let r = one(
        &a,
        &s,
        &force("c", 4),
        &params(1.0, "sls", RaidMethod::Auto, 40_000),
    );
    let expected = 2.0 + (1.0 - 0.5f64.powi(4));
    assert!(
        (r.expected_intercepted - expected).abs() < 0.03,
        "{} vs {expected}",
        r.expected_intercepted
    );
    // x always has its one interceptor taken when any warhead flies B or A; y serves A's warheads after that.
    assert!(r.sites[0].expected_expended <= 1.0);
    assert!(
        (r.sites[0].expected_expended + r.sites[1].expected_expended - r.expected_intercepted)
            .abs()
            < 1e-9
    );
}

#[test]
fn nothing_engageable_puts_nothing_at_risk() {
    let a = assessment(vec![
        engaged("c", 1.0, 0, 0.0, &[]),
        engaged("c", 5.0, 0, 0.0, &[]),
        out_of_range("c"),
    ]);
    let s = stocks(&[("x", 5)]);
    for method in [RaidMethod::Auto, RaidMethod::MonteCarlo] {
        let r = one(
            &a,
            &s,
            &force("c", 1537),
            &params(0.9, "salvo:3,sls", method, 100),
        );
        assert_eq!(r.at_risk_share, Some(0.0));
        assert!(
            r.at_risk_share.unwrap().is_sign_positive(),
            "no negative zero"
        );
        assert_eq!((r.expected_at_risk, r.expected_intercepted), (0.0, 0.0));
        assert_eq!((r.at_risk.p95, r.intercepted.p95), (0, 0));
        assert_eq!(r.sites[0].expected_expended, 0.0);
    }
    // Only out-of-range trajectories: nowhere to fly, no share.
    let a = assessment(vec![out_of_range("c")]);
    let r = one(
        &a,
        &s,
        &force("c", 10),
        &params(0.5, "sls", RaidMethod::Auto, 100),
    );
    assert_eq!(
        (r.evaluated, r.at_risk_share, r.expected_intercepted),
        (0, None, 0.0)
    );
}

#[test]
fn out_of_range_trajectories_get_no_warheads() {
    // One engageable trajectory beside out-of-range ones: every warhead flies it.
    let a = assessment(vec![
        out_of_range("c"),
        engaged("c", 1.0, 2, 400.0, &["x"]),
        out_of_range("c"),
    ]);
    let r = one(
        &a,
        &stocks(&[("x", 1000)]),
        &force("c", 20),
        &params(0.5, "sls", RaidMethod::Auto, 1),
    );
    assert_eq!((r.evaluated, r.at_risk_share), (1, Some(1.0)));
    assert_eq!((r.at_risk.p5, r.at_risk.p95), (20, 20));
    assert!((r.expected_intercepted - 20.0 * kill_probability(0.5, &[1, 1])).abs() < 1e-12);
    assert!(
        (r.sites[0].expected_expended - 20.0 * expected_interceptors(0.5, &[1, 1])).abs() < 1e-12
    );
}

#[test]
fn the_same_seed_gives_the_same_result_whatever_the_threads() {
    let a = assessment(vec![
        engaged("c", 1.0, 3, 400.0, &["x", "y"]),
        engaged("c", 3.0, 2, 350.0, &["y"]),
        engaged("c", 1.0, 0, 0.0, &[]),
    ]);
    let s = stocks(&[("x", 7), ("y", 9)]);
    let p = params(0.55, "salvo:2,sls", RaidMethod::Auto, 3000);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| raid(&a, &s, &force("c", 60), &p).unwrap())
    };
    let one_thread = run(1);
    assert!(matches!(
        one_thread.corridors[0].distribution,
        Distribution::MonteCarlo { .. }
    ));
    assert_eq!(one_thread, run(3));
    // Another seed, another sample (the mean moves a little).
    let other = raid(
        &a,
        &s,
        &force("c", 60),
        &RaidParameters {
            seed: 2,
            ..p.clone()
        },
    )
    .unwrap();
    assert_ne!(other, one_thread);
}

#[test]
fn bad_parameters_and_forces_are_refused() {
    let a = assessment(vec![engaged("russia-us", 1.0, 1, 400.0, &["x"])]);
    let s = stocks(&[("x", 5)]);
    for pk in [0.0, -0.1, 1.5, f64::NAN] {
        let e = raid(
            &a,
            &s,
            &force("russia-us", 1),
            &RaidParameters {
                pk_per_shot: pk,
                ..RaidParameters::default()
            },
        );
        assert!(matches!(e, Err(RaidError::Pk(_))), "{pk}");
    }
    let e = raid(&a, &s, &force("russia-usa", 1), &RaidParameters::default()).unwrap_err();
    assert!(e.to_string().contains("did you mean `russia-us`?"), "{e}");
    let mut twice = force("russia-us", 1);
    twice.extend(force("russia-us", 2));
    assert!(matches!(
        raid(&a, &s, &twice, &RaidParameters::default()),
        Err(RaidError::DuplicateCorridor(_))
    ));
    assert!(matches!(
        raid(
            &a,
            &s,
            &force("russia-us", 10_001),
            &RaidParameters::default()
        ),
        Err(RaidError::TooManyWarheads { .. })
    ));
    let e = raid(
        &a,
        &stocks(&[("z", 1)]),
        &force("russia-us", 1),
        &RaidParameters::default(),
    );
    assert!(matches!(e, Err(RaidError::UnknownSite(_))));
    let zero_trials = RaidParameters {
        trials: 0,
        ..RaidParameters::default()
    };
    assert!(matches!(
        raid(&a, &s, &force("russia-us", 1), &zero_trials),
        Err(RaidError::Trials(0))
    ));
    let capped = RaidParameters {
        doctrine: Doctrine {
            max_per_warhead: Some(0),
            ..Doctrine::SHOOT_LOOK_SHOOT
        },
        ..RaidParameters::default()
    };
    assert!(matches!(
        raid(&a, &s, &force("russia-us", 1), &capped),
        Err(RaidError::Doctrine(_))
    ));
}

#[test]
fn a_real_assessment_puts_its_weighted_engageable_share_at_risk() {
    let scenario = epaa_like::scenario("sm3-iia");
    let a = assess(
        &scenario,
        &InterceptorCache::new(),
        &TrajectoryCache::new(),
        &AssessOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let c = &a.corridors[0];
    assert!(c.engageable > 0, "{c:?}");
    let s = site_stocks(&scenario);
    assert_eq!(s[0].inventory, 24);
    let r = one(&a, &s, &force(&c.corridor, 100), &RaidParameters::default());
    assert_eq!((r.evaluated, r.engageable), (c.evaluated, c.engageable));
    assert!((r.at_risk_share.unwrap() - c.weighted_engageable_share.unwrap()).abs() < 1e-12);
    // 100 warheads against 24 interceptors: the stock can run short, the Monte Carlo is used, and no more than 24
    // are intercepted.
    assert!(matches!(r.distribution, Distribution::MonteCarlo { .. }));
    assert!(r.intercepted.p95 <= 24 && r.sites[0].expected_expended <= 24.0);
    assert!(r.expected_intercepted <= r.expected_at_risk);
    // The built-in notional force names a corridor this scenario lacks.
    assert!(matches!(
        raid(
            &a,
            &s,
            &default_notional_force(),
            &RaidParameters::default()
        ),
        Err(RaidError::UnknownCorridor { .. })
    ));
}

/// A small random corridor: (weight, shots, first site, second site or none) per trajectory.
fn corridor() -> impl Strategy<Value = Vec<(f64, usize, usize, Option<usize>)>> {
    prop::collection::vec(
        (
            0.5f64..3.0,
            0usize..4,
            0usize..2,
            prop::option::of(0usize..2),
        ),
        1..5,
    )
}

fn build(c: &[(f64, usize, usize, Option<usize>)]) -> ScenarioAssessment {
    let names = ["x", "y"];
    assessment(
        c.iter()
            .enumerate()
            .map(|(i, (w, shots, first, second))| {
                let mut sites = Vec::new();
                if *shots > 0 {
                    sites.push(names[*first]);
                    if let Some(s) = second.filter(|s| s != first) {
                        sites.push(names[s]);
                    }
                }
                engaged("c", *w, *shots, 300.0 + 37.0 * i as f64, &sites)
            })
            .collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// With one seed the runs are coupled: a higher kill probability never lowers the expected kills (nor its
    /// median), and never raises what a site spends when nothing runs short.
    #[test]
    fn more_pk_never_intercepts_fewer(
        c in corridor(), w in 0u32..30, inv in (0u32..12, 0u32..12), p in 0.05f64..0.9, dp in 0.0f64..0.5,
        doctrine in prop::sample::select(vec!["sls", "salvo:2", "salvo:2,sls"]),
    ) {
        let a = build(&c);
        let s = stocks(&[("x", inv.0), ("y", inv.1)]);
        let lo = one(&a, &s, &force("c", w), &params(p, doctrine, RaidMethod::MonteCarlo, 300));
        let hi = one(&a, &s, &force("c", w), &params((p + dp).min(1.0), doctrine, RaidMethod::MonteCarlo, 300));
        prop_assert!(hi.expected_intercepted >= lo.expected_intercepted - 1e-12,
            "{} < {}", hi.expected_intercepted, lo.expected_intercepted);
        prop_assert!(hi.intercepted.p50 >= lo.intercepted.p50);
        prop_assert!(hi.expected_short <= lo.expected_short + 1e-12);
        // The expected kills are a 300-trial Monte-Carlo mean, the warheads at risk an exact expectation: the first
        // may exceed the second by the sampling error of the placement (per-trial s.d. at most sqrt(w / 4)); five
        // standard errors.
        let margin = 5.0 * (f64::from(w) / 4.0 / 300.0).sqrt();
        prop_assert!(lo.expected_intercepted <= lo.expected_at_risk + margin + 1e-9,
            "{} > {} + {margin}", lo.expected_intercepted, lo.expected_at_risk);
    }

    /// More interceptors at a site never lower the expected kills.
    #[test]
    fn more_inventory_never_intercepts_fewer(
        c in corridor(), w in 0u32..30, inv in (0u32..12, 0u32..12), extra in (0u32..6, 0u32..6),
        p in 0.05f64..1.0, doctrine in prop::sample::select(vec!["sls", "salvo:2", "salvo:3,sls"]),
    ) {
        let a = build(&c);
        let lo = one(&a, &stocks(&[("x", inv.0), ("y", inv.1)]), &force("c", w),
            &params(p, doctrine, RaidMethod::MonteCarlo, 300));
        let hi = one(&a, &stocks(&[("x", inv.0 + extra.0), ("y", inv.1 + extra.1)]), &force("c", w),
            &params(p, doctrine, RaidMethod::MonteCarlo, 300));
        prop_assert!(hi.expected_intercepted >= lo.expected_intercepted - 1e-12,
            "{} < {}", hi.expected_intercepted, lo.expected_intercepted);
        // Interceptors fired never exceed the inventory.
        for site in &lo.sites {
            prop_assert!(site.expected_expended <= f64::from(site.inventory) + 1e-12);
        }
    }

    /// The exact and Monte-Carlo paths give the same share at risk, and exact results rise with the kill
    /// probability too.
    #[test]
    fn exact_results_rise_with_pk(c in corridor(), w in 0u32..40, p in 0.05f64..0.9, dp in 0.01f64..0.1) {
        let a = build(&c);
        let s = stocks(&[("x", 10_000), ("y", 10_000)]);
        let lo = one(&a, &s, &force("c", w), &params(p, "sls", RaidMethod::Auto, 1));
        let hi = one(&a, &s, &force("c", w), &params(p + dp, "sls", RaidMethod::Auto, 1));
        prop_assert_eq!(lo.distribution, Distribution::Exact);
        prop_assert!(hi.expected_intercepted >= lo.expected_intercepted);
        prop_assert_eq!(lo.at_risk, hi.at_risk);
    }
}
