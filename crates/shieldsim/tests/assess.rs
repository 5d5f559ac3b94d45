//! Scenario assessment: counts add up, summaries agree with the per-trajectory records, results do not depend on the
//! number of threads, and the trajectory cache changes nothing but the time.

use std::sync::atomic::AtomicBool;

#[path = "fixtures/epaa_like.rs"]
mod epaa_like;

use epaa_like::scenario;
use shieldsim::analysis::{
    assess, AssessOptions, EnablingSensor, Outcome, Spread, TrajectoryCache,
};
use shieldsim::intercept::InterceptorCache;

#[test]
fn counts_and_summaries_agree_with_the_records() {
    let s = scenario("sm3-iia");
    let a = assess(
        &s,
        &InterceptorCache::new(),
        &TrajectoryCache::new(),
        &AssessOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(a.trajectories.len(), 10);
    let c = &a.corridors[0];
    assert_eq!(c.pairs, 10);
    assert_eq!(c.evaluated + c.out_of_range + c.failed, 10);
    // Washington is beyond an IRBM's 5,000 km from both launch points.
    assert_eq!(c.out_of_range, 2, "{:?}", a.trajectories);
    assert_eq!(c.failed, 0);
    let engaged = a.trajectories.iter().filter(|t| t.engageable()).count();
    assert_eq!(c.engageable, engaged);
    assert!((c.engageable_share.unwrap() - engaged as f64 / c.evaluated as f64).abs() < 1e-12);
    assert_eq!(
        c.weighted_engageable_share, c.engageable_share,
        "unit weights"
    );
    assert!(
        engaged >= 1,
        "the SM-3 IIA engages some IRBMs to Europe: {:?}",
        a.trajectories
    );
    assert_eq!(c.sites, vec!["deveselu".to_string()]);
    let expected = {
        let link = &s.architecture.links[0].link;
        let radar = &s.architecture.radars[0].id;
        format!("{radar} via {} ({})", link.name, link.kind.name())
    };
    for t in &a.trajectories {
        if let Outcome::Evaluated {
            engageable,
            window_s,
            shots,
            earliest,
            ..
        } = &t.outcome
        {
            assert_eq!(*engageable, *window_s > 0.0, "{t:?}");
            // The one radar's track, through the fixture's one link, enables every engageable trajectory's launch.
            assert_eq!(
                t.enabled_by.as_ref(),
                engageable.then_some(&expected),
                "{t:?}"
            );
            assert_eq!(*engageable, *shots > 0);
            assert_eq!(*engageable, earliest.is_some());
            assert!(t.path.len() >= 2 && t.path.len() <= 62);
            // The path ends at the aim (within the survey accuracy of 100 m ≈ 0.001°).
            let end = t.path.last().unwrap();
            assert!((end[0] - t.aim_position.lat_deg()).abs() < 0.01, "{end:?}");
        } else {
            assert!(t.path.is_empty() && t.enabled_by.is_none());
        }
    }
    // Spreads over the engageable trajectories only.
    let engaged_windows: Vec<f64> = a
        .trajectories
        .iter()
        .filter_map(|t| match &t.outcome {
            Outcome::Evaluated {
                engageable: true,
                window_s,
                ..
            } => Some(*window_s),
            _ => None,
        })
        .collect();
    let w = c.window_s.unwrap();
    assert_eq!(Spread::of(&engaged_windows), Some(w));
    assert!(w.min > 0.0 && w.min <= w.p10 && w.p10 <= w.p50 && w.p50 <= w.p90 && w.p90 <= w.max);
    assert_eq!(
        c.enabled_by,
        [EnablingSensor {
            sensor: expected,
            trajectories: engaged
        }]
    );
}

/// Aim weights change the weighted share only, by the weights of the evaluated trajectories; an out-of-range
/// aim's weight changes nothing.
#[test]
fn weights_of_evaluated_aims_weight_the_share() {
    let mut s = scenario("sm3-iia");
    let weights = [3.0, 1.0, 0.5, 2.0, 1000.0]; // berlin, warsaw, paris, rome, washington (out of range)
    for (aim, w) in s.corridors[0].aims.iter_mut().zip(weights) {
        aim.weight = w;
    }
    let a = assess(
        &s,
        &InterceptorCache::new(),
        &TrajectoryCache::new(),
        &AssessOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let (mut num, mut den) = (0.0, 0.0);
    for t in &a.trajectories {
        let w = weights[["berlin", "warsaw", "paris", "rome", "washington"]
            .iter()
            .position(|n| *n == t.aim)
            .unwrap()];
        assert_eq!(t.weight, w);
        if let Outcome::Evaluated { engageable, .. } = t.outcome {
            den += w;
            if engageable {
                num += w;
            }
        }
    }
    let c = &a.corridors[0];
    assert_eq!(c.out_of_range, 2);
    assert!(
        den == 2.0 * (3.0 + 1.0 + 0.5 + 2.0),
        "washington is not evaluated"
    );
    assert!((c.weighted_engageable_share.unwrap() - num / den).abs() < 1e-12);
}

/// Same results with one thread and with two, and from a warm trajectory cache.
#[test]
fn results_do_not_depend_on_threads_or_the_cache() {
    let s = scenario("sm3-iia");
    let run = |threads: usize, cache: &TrajectoryCache| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                assess(
                    &s,
                    &InterceptorCache::new(),
                    cache,
                    &AssessOptions::default(),
                    &|_| {},
                    &AtomicBool::new(false),
                )
                .unwrap()
            })
    };
    let one = run(1, &TrajectoryCache::new());
    let cache = TrajectoryCache::new();
    let two = run(2, &cache);
    assert_eq!(one, two);
    assert_eq!(cache.len(), 10);
    assert_eq!(run(2, &cache), one);
    assert_eq!(cache.len(), 10);
}

/// A slower interceptor on the same trajectories never engages more of them.
#[test]
fn a_slower_interceptor_engages_no_more() {
    let cache = TrajectoryCache::new();
    let share = |id: &str| {
        let a = assess(
            &scenario(id),
            &InterceptorCache::new(),
            &cache,
            &AssessOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        a.corridors[0].engageable
    };
    assert!(share("sm3-ia") <= share("sm3-iia"));
}

#[test]
fn a_cancelled_assessment_stops_with_an_error() {
    let r = assess(
        &scenario("sm3-iia"),
        &InterceptorCache::new(),
        &TrajectoryCache::new(),
        &AssessOptions::default(),
        &|_| {},
        &AtomicBool::new(true),
    );
    assert_eq!(r, Err(shieldsim::analysis::AssessError::Cancelled));
}

/// A corridor's trajectories are solved in file order, each warm-started from the one before. A cache that holds
/// the first trajectories of a corridor (another assessment, or a thread of this one, flew a scenario sharing them)
/// must not change the later ones: before the fix the later ones were then solved from a cold start, a few metres
/// apart at impact and milliseconds apart in window, so that parallel studies sharing a cache depended on which
/// thread came first.
#[test]
fn a_partly_cached_corridor_is_flown_as_a_fresh_one() {
    let full = scenario("sm3-iia");
    let mut first_aim_only = full.clone();
    for c in &mut first_aim_only.corridors {
        c.aims.truncate(1);
    }
    let run = |s: &shieldsim::scenario::Scenario, cache: &TrajectoryCache| {
        assess(
            s,
            &InterceptorCache::new(),
            cache,
            &AssessOptions::default(),
            &|_| {},
            &AtomicBool::new(false),
        )
        .unwrap()
    };
    let fresh = run(&full, &TrajectoryCache::new());
    let shared = TrajectoryCache::new();
    run(&first_aim_only, &shared);
    assert!(!shared.is_empty());
    let after = run(&full, &shared);
    assert!(fresh.trajectories.len() > first_aim_only.corridors[0].launches.len());
    assert_eq!(after, fresh);
}
