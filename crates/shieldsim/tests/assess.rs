//! Scenario assessment: counts add up, summaries agree with the per-trajectory records, results do not depend on the
//! number of threads, and the trajectory cache changes nothing but the time.

use std::sync::atomic::AtomicBool;

#[path = "fixtures/epaa_like.rs"]
mod epaa_like;

use epaa_like::scenario;
use shieldsim::analysis::{assess, AssessOptions, Outcome, TrajectoryCache};
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
    assert_eq!(c.trajectories + c.out_of_range + c.failed, 10);
    // Washington is beyond an IRBM's 5,000 km from both launch points.
    assert_eq!(c.out_of_range, 2, "{:?}", a.trajectories);
    assert_eq!(c.failed, 0);
    let engaged = a.trajectories.iter().filter(|t| t.engageable()).count();
    assert_eq!(c.engageable, engaged);
    assert!((c.engageable_share - engaged as f64 / c.trajectories as f64).abs() < 1e-12);
    assert!(
        engaged >= 1,
        "the SM-3 IIA engages some IRBMs to Europe: {:?}",
        a.trajectories
    );
    assert_eq!(c.sites, vec!["deveselu".to_string()]);
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
            assert_eq!(*engageable, *shots > 0);
            assert_eq!(*engageable, earliest.is_some());
            assert!(t.path.len() >= 2 && t.path.len() <= 62);
            // The path ends at the aim (within the survey accuracy of 100 m ≈ 0.001°).
            let end = t.path.last().unwrap();
            assert!((end[0] - t.aim_position.lat_deg()).abs() < 0.01, "{end:?}");
        } else {
            assert!(t.path.is_empty());
        }
    }
    // Medians over all evaluated trajectories (0 for the unengageable ones).
    let mut w: Vec<f64> = a
        .trajectories
        .iter()
        .filter_map(|t| match &t.outcome {
            Outcome::Evaluated { window_s, .. } => Some(*window_s),
            _ => None,
        })
        .collect();
    w.sort_by(f64::total_cmp);
    let median = if w.len() % 2 == 1 {
        w[w.len() / 2]
    } else {
        0.5 * (w[w.len() / 2 - 1] + w[w.len() / 2])
    };
    assert_eq!(c.median_window_s, median);
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
