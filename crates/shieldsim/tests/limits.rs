//! Flip points against brute-force scans, their witnesses re-checked by a plain assessment, and the statement's
//! numbers against the shares it quotes.

use std::sync::atomic::AtomicBool;

use shieldsim::analysis::params::ParamPath;
use shieldsim::analysis::{
    assess, limits, statement, AssessOptions, Caches, Candidate, FlipKind, LimitsRequest,
    TrajectoryCache,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::{load_builtin, Scenario};

fn scenario(name: &str) -> Scenario {
    load_builtin(name).unwrap().unwrap().scenario
}

fn deterrent_engageable(
    s: &Scenario,
    path: &ParamPath,
    v: f64,
    i: &InterceptorCache,
    t: &TrajectoryCache,
) -> usize {
    let mut m = s.clone();
    path.apply(&mut m, v).unwrap();
    let a = assess(
        &m,
        &i.fork(),
        t,
        &AssessOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    a.corridors
        .iter()
        .find(|c| c.corridor == "russia-us")
        .unwrap()
        .engageable
}

#[test]
fn a_radar_range_flip_point_matches_a_brute_force_scan() {
    let s = scenario("third-site-2007");
    let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
    let options = AssessOptions::default();
    let caches = Caches {
        interceptors: &i,
        trajectories: &t,
        options: &options,
    };
    let path = ParamPath::parse("radars.brdy-emr.range_km", &s).unwrap();
    let c = Candidate {
        path: path.clone(),
        from: 100.0,
        to: 1500.0,
        capability_increases: None,
        subject: "radar brdy-emr's detection range".into(),
    };
    let req = LimitsRequest::new(
        vec!["iran-europe".into(), "iran-us-east-coast".into()],
        vec!["russia-us".into()],
        0.5,
        0.0,
    );
    let found = limits(&s, &req, &[c], &caches, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    let l = &found[0];
    assert_eq!(l.kind, FlipKind::Flip);
    assert!(l.capability_increases, "a longer range engages more");
    let flip = l.at_flip.as_ref().unwrap().value;
    // Brute force every 5 km: the last safe value of the scan is within the bisection's resolution (0.5 % of
    // 1,400 km = 7 km, plus the rounding to a 5 km step) of the flip point.
    let scan: Vec<(f64, usize)> = (0..=280)
        .map(|k| 100.0 + 5.0 * k as f64)
        .map(|v| (v, deterrent_engageable(&s, &path, v, &i, &t)))
        .collect();
    let last_safe = scan.iter().take_while(|(_, n)| *n == 0).last().unwrap().0;
    assert!(
        (flip - last_safe).abs() <= 12.0,
        "flip {flip} vs brute force {last_safe}"
    );
    assert_eq!(
        deterrent_engageable(&s, &path, flip, &i, &t),
        0,
        "the flip point itself is safe"
    );
    // Monotone, as the bisection assumes.
    assert!(scan.windows(2).all(|w| w[0].1 <= w[1].1));
    // The witness is engageable at its value, and is a deterrent trajectory.
    let w = l.witness.as_ref().unwrap();
    assert_eq!(w.trajectory.corridor, "russia-us");
    assert!(w.trajectory.engageable() && w.value > flip);
    assert!(deterrent_engageable(&s, &path, w.value, &i, &t) > 0);
    // The statement quotes the shares at the flip.
    let text = statement(l, &req);
    assert!(
        text.contains("no trajectory of russia-us is engageable (0 of 143)"),
        "{text}"
    );
    assert!(text.contains("iran-us-east-coast 46 of 46"), "{text}");
}

#[test]
fn the_gbi_burnout_speed_flip_lies_between_the_2007_readings_and_unknown_corridors_are_refused() {
    let s = scenario("third-site-2007");
    let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
    let options = AssessOptions::default();
    let caches = Caches {
        interceptors: &i,
        trajectories: &t,
        options: &options,
    };
    let path = ParamPath::parse("interceptors.gbi-2stage.burnout_speed_mps", &s).unwrap();
    let c = Candidate {
        path: path.clone(),
        from: 5000.0,
        to: 9000.0,
        capability_increases: Some(true),
        subject: "every gbi-2stage's burn-out speed".into(),
    };
    let mut req = LimitsRequest::new(
        vec!["iran-us-east-coast".into()],
        vec!["russia-us".into()],
        0.9,
        0.0,
    );
    req.scan_points = 5;
    req.tolerance = 0.01;
    let found = limits(
        &s,
        &req,
        std::slice::from_ref(&c),
        &caches,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let l = &found[0];
    let flip = l.at_flip.as_ref().unwrap().value;
    // At MDA's 6.3 km/s a few Russia->US trajectories are engageable from Poland (tests/validation.rs): the flip
    // is below it, and well above 5 km/s, where none is.
    assert!(
        l.kind == FlipKind::Flip && flip < l.nominal && flip > 5000.0,
        "{flip}"
    );
    assert!(
        l.holds,
        "all of Iran->US East Coast stays engageable at the flip"
    );
    assert_eq!(deterrent_engageable(&s, &path, flip, &i, &t), 0);
    assert!(
        deterrent_engageable(&s, &path, flip + 60.0, &i, &t) > 0,
        "within 1 % of 4 km/s of the flip"
    );
    req.deterrent = vec!["russia-europe".into()];
    let e = limits(&s, &req, &[c], &caches, &|_, _| {}, &AtomicBool::new(false)).unwrap_err();
    assert!(
        e.to_string()
            .contains("`russia-europe` is not in scenario third-site-2007"),
        "{e}"
    );
}

#[test]
fn launching_on_own_tracks_only_never_adds_an_engagement_and_grounds_a_site_without_a_radar() {
    use shieldsim::analysis::{rule_limits, rule_statement};
    let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
    let options = AssessOptions::default();
    let caches = Caches {
        interceptors: &i,
        trajectories: &t,
        options: &options,
    };
    let cancel = AtomicBool::new(false);
    // Third site 2007: Redzikowo has no radar of its own (the X-band radar is in the Czech Republic), so on its own
    // track alone it can launch at nothing.
    let s = scenario("third-site-2007");
    let req = LimitsRequest::new(
        vec!["iran-europe".into(), "iran-us-east-coast".into()],
        vec!["russia-us".into()],
        0.5,
        0.0,
    );
    let r = rule_limits(&s, &req, &caches, &cancel).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(
        (
            r[0].probe.deterrent_engageable,
            r[0].probe.stated_engageable
        ),
        (0, 0)
    );
    assert!(r[0].safe && !r[0].holds);
    assert!(rule_statement(&r[0], &req, false).contains("the stated threat is lost"));
    // Phase 4: every restriction removes launch authority, so no share rises above the scenario's.
    let s = scenario("epaa-phase4-planned");
    let req = LimitsRequest::new(
        vec!["iran-europe".into()],
        vec!["russia-us".into()],
        0.5,
        0.0,
    );
    let plain = assess(&s, &i, &t, &options, &|_| {}, &cancel).unwrap();
    let count = |c: &str| {
        plain
            .corridors
            .iter()
            .find(|x| x.corridor == c)
            .unwrap()
            .engageable
    };
    let r = rule_limits(&s, &req, &caches, &cancel).unwrap();
    assert_eq!(
        r[0].sites.len(),
        s.architecture.sites.len(),
        "the first restricts every site"
    );
    for x in &r {
        assert!(
            x.probe.deterrent_engageable <= count("russia-us"),
            "{:?}",
            x.sites
        );
        assert!(
            x.probe.stated_engageable <= count("iran-europe"),
            "{:?}",
            x.sites
        );
    }
}
