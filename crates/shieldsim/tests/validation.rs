//! Published claims reproduced by shieldsim: one test per claim of `docs/validation.md`, each asserting the agreement
//! (or disagreement) the page states, and printing the numbers the page pastes (`-- --nocapture`).
//!
//! The parameters are the catalogue's and the built-in scenarios' as they are: nothing here is tuned to make a claim
//! agree. Where a test changes a parameter (a kill-vehicle limit switched off, a launch at threat lift-off), it does
//! so to attribute a verdict to one limit, and the page says so.
//!
//! Run: `cargo test --release -p shieldsim --test validation -- --nocapture`.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;

use shieldsim::analysis::{assess, AssessOptions, Outcome, ScenarioAssessment, TrajectoryCache};
use shieldsim::catalog::Catalog;
use shieldsim::earth::{geodesic, EarthModel, Geodetic, GravityModel, Shape as EarthShape};
use shieldsim::flight::rocket::BoostControls;
use shieldsim::flight::targeting::Targeter;
use shieldsim::intercept::{InterceptorCache, InterceptorSpec, LaunchRule};
use shieldsim::scenario::{load_builtin, Scenario};

// ---------------------------------------------------------------------------------------------------------------------
// Claim 1: the 2007 dispute over the two-stage GBI at Redzikowo against Russian ICBMs flying to the US.

/// Trajectories flown once for every test of this file (the threat paths do not depend on the defence).
fn trajectories() -> &'static TrajectoryCache {
    static CACHE: OnceLock<TrajectoryCache> = OnceLock::new();
    CACHE.get_or_init(TrajectoryCache::new)
}

/// Reach tables built once for every test of this file.
fn interceptors() -> &'static InterceptorCache {
    static CACHE: OnceLock<InterceptorCache> = OnceLock::new();
    CACHE.get_or_init(InterceptorCache::new)
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().unwrap())
}

fn interceptor(id: &str) -> InterceptorSpec {
    catalog().interceptor(id).unwrap().to_spec().unwrap()
}

/// The built-in third-site-2007 scenario reduced to its russia-us corridor, its one site (Redzikowo) fielding
/// `spec` with `rule`.
fn third_site_russia_us(spec: InterceptorSpec, rule: LaunchRule) -> Scenario {
    let mut s = load_builtin("third-site-2007").unwrap().unwrap().scenario;
    s.corridors.retain(|c| c.name == "russia-us");
    assert_eq!(s.corridors.len(), 1);
    assert_eq!(s.architecture.sites.len(), 1);
    assert_eq!(s.architecture.sites[0].name, "redzikowo");
    assert_eq!(s.architecture.sites[0].interceptor.id(), "gbi-2stage");
    s.architecture.sites[0].interceptor = spec;
    s.architecture.sites[0].launch_rule = rule;
    s
}

fn run(s: &Scenario) -> ScenarioAssessment {
    assess(
        s,
        interceptors(),
        trajectories(),
        &AssessOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

/// The verdict's first words (`engageable`, `track too late`, `never detected`, `tail chase`, ...).
fn verdict_kind(reason: &str) -> String {
    reason
        .split([':', '('])
        .next()
        .unwrap_or(reason)
        .trim()
        .to_string()
}

/// (engageable, evaluated, count of trajectories per verdict kind) of the russia-us corridor.
fn tally(a: &ScenarioAssessment) -> (usize, usize, BTreeMap<String, usize>) {
    let c = &a.corridors[0];
    let mut kinds = BTreeMap::new();
    for t in &a.trajectories {
        if let Outcome::Evaluated { reason, .. } = &t.outcome {
            *kinds.entry(verdict_kind(reason)).or_insert(0) += 1;
        }
    }
    (c.engageable, c.evaluated, kinds)
}

/// The engageable trajectories as "launch -> aim (missile)".
fn engaged(a: &ScenarioAssessment) -> Vec<String> {
    a.trajectories
        .iter()
        .filter(|t| t.engageable())
        .map(|t| format!("{} -> {} ({})", t.launch, t.aim, t.missile))
        .collect()
}

/// Count of the evaluated trajectories whose verdict is `kind`, per launch base.
fn per_base(a: &ScenarioAssessment, kind: &str) -> BTreeMap<String, usize> {
    let mut n = BTreeMap::new();
    for t in &a.trajectories {
        if let Outcome::Evaluated { reason, .. } = &t.outcome {
            if verdict_kind(reason) == kind {
                *n.entry(t.launch.clone()).or_insert(0) += 1;
            }
        }
    }
    n
}

/// The launch bases west of the Urals: the ones whose ICBMs fly to the US anywhere near Poland.
const EUROPEAN_BASES: [&str; 5] = [
    "kozelsk",
    "vypolzovo",
    "teykovo",
    "tatishchevo",
    "yoshkar-ola",
];

fn european_engaged(a: &ScenarioAssessment) -> (usize, usize) {
    let eu: Vec<_> = a
        .trajectories
        .iter()
        .filter(|t| {
            EUROPEAN_BASES.contains(&t.launch.as_str())
                && matches!(t.outcome, Outcome::Evaluated { .. })
        })
        .collect();
    (eu.iter().filter(|t| t.engageable()).count(), eu.len())
}

fn record<'a>(
    a: &'a ScenarioAssessment,
    launch: &str,
    aim: &str,
    missile: &str,
) -> &'a shieldsim::analysis::TrajectoryRecord {
    a.trajectories
        .iter()
        .find(|t| t.launch == launch && t.aim == aim && t.missile == missile)
        .unwrap()
}

/// MDA (2007): the 6.3 km/s two-stage GBI in Poland cannot engage Russian ICBMs flying to the US. Postol (2007): an
/// interceptor of about 9 km/s could, at least on some trajectories. shieldsim, on the built-in third-site-2007
/// scenario's russia-us corridor (11 ICBM divisions flown by the missiles based there, 15 base-missile pairs x 10
/// aims, 143 of 150 within reach): 4 of 143 with gbi-2stage, 43 of 143 with gbi-2stage-postol. Agrees with both
/// sides' kinematic statements: the speed decides it. The numbers are pasted in docs/validation.md: update the page
/// when they change.
#[test]
fn claim_1_the_2007_gbi_speed_dispute() {
    let mda = run(&third_site_russia_us(
        interceptor("gbi-2stage"),
        LaunchRule::Track,
    ));
    let postol = run(&third_site_russia_us(
        interceptor("gbi-2stage-postol"),
        LaunchRule::Track,
    ));
    let (n_mda, total, kinds_mda) = tally(&mda);
    let (n_postol, total_postol, kinds_postol) = tally(&postol);
    let (eu_mda, eu_total) = european_engaged(&mda);
    let (eu_postol, _) = european_engaged(&postol);
    let out_of_range = mda.corridors[0].out_of_range;
    println!("russia-us: {total} trajectories evaluated, {out_of_range} out of range");
    println!("gbi-2stage (6.3 km/s):        {n_mda} of {total} engageable; verdicts {kinds_mda:?}");
    println!("  engaged: {:?}", engaged(&mda));
    println!("  from the five bases west of the Urals: {eu_mda} of {eu_total}");
    println!("gbi-2stage-postol (9 km/s):   {n_postol} of {total_postol} engageable; verdicts {kinds_postol:?}");
    println!("  from the five bases west of the Urals: {eu_postol} of {eu_total}");
    println!("  engaged per base: {:?}", per_base(&postol, "engageable"));
    println!(
        "never detected per base: {:?}",
        per_base(&mda, "never detected")
    );
    println!("no track per base:       {:?}", per_base(&mda, "no track"));
    assert_eq!(
        (total, out_of_range),
        (143, 7),
        "russia-us: trajectories within reach"
    );
    assert_eq!(total_postol, total);
    // The page's numbers (docs/validation.md, claim 1).
    assert_eq!((n_mda, n_postol), (4, 43), "update docs/validation.md");
    assert_eq!(
        (eu_mda, eu_postol, eu_total),
        (2, 39, 74),
        "update docs/validation.md"
    );
    // MDA's claim, as the page states its agreement: at most 5 % of the corridor, and only liquid ICBMs (SS-18,
    // SS-19) from the southern bases (Tatishchevo, Yasny).
    assert!(n_mda * 20 <= total);
    for t in mda.trajectories.iter().filter(|t| t.engageable()) {
        assert_eq!(
            catalog().missile(&t.missile).unwrap().propellant,
            "liquid",
            "{t:?}"
        );
        assert!(
            ["tatishchevo", "yasny"].contains(&t.launch.as_str()),
            "{t:?}"
        );
    }
    // Postol's claim: the 9 km/s interceptor engages a large share, including the SS-19 from Kozelsk.
    assert!(n_postol * 4 >= total);
    assert!(record(&postol, "kozelsk", "washington", "ur-100n-uttkh").engageable());
    assert!(!record(&mda, "kozelsk", "washington", "ur-100n-uttkh").engageable());
    // Why the rest is refused: with either interceptor, only sensor verdicts ("never detected", "no track") and
    // "track too late" remain: no tail chase, no out-of-reach, no altitude-band verdict.
    for kinds in [&kinds_mda, &kinds_postol] {
        for k in kinds.keys() {
            assert!(
                ["engageable", "never detected", "no track", "track too late"]
                    .contains(&k.as_str()),
                "{kinds:?}"
            );
        }
    }
    assert_eq!(kinds_mda["never detected"], kinds_postol["never detected"]);
    assert_eq!(kinds_mda["no track"], kinds_postol["no track"]);
}

/// Engageable trajectories when Redzikowo launches on the space-based early-warning cue (page, claim 1).
const COUNT_SPACE_CUE: usize = 47;

/// Which limit refuses the two-stage GBI's "track too late" trajectories: the same corridor with the kill
/// vehicle's minimum closing speed removed, with a launch at the threat's lift-off (a perfect sensor and no
/// decision delay), and with both. Diagnostic variants only: the page's verdict is the catalogue's.
#[test]
fn claim_1_which_limit_refuses_the_russian_icbms() {
    let mda = interceptor("gbi-2stage");
    let mut no_tail_chase_limit = mda.clone();
    no_tail_chase_limit.min_closing_speed_mps = 0.0;
    let at_lift_off = LaunchRule::AfterThreatLaunch { launch_time_s: 0.0 };
    let cases = [
        (
            "catalogue (3 km/s closing, launch on track)",
            mda.clone(),
            LaunchRule::Track,
        ),
        (
            "no closing-speed limit",
            no_tail_chase_limit.clone(),
            LaunchRule::Track,
        ),
        (
            "launch on the early-warning cue",
            mda.clone(),
            LaunchRule::SpaceCue,
        ),
        ("launch at threat lift-off", mda.clone(), at_lift_off),
        ("both", no_tail_chase_limit, at_lift_off),
    ];
    let mut counts = Vec::new();
    let mut eu_counts = Vec::new();
    for (name, spec, rule) in cases {
        let a = run(&third_site_russia_us(spec, rule));
        let (n, total, kinds) = tally(&a);
        let (eu, eu_total) = european_engaged(&a);
        println!("gbi-2stage, {name:45}: {n:3} of {total} engageable ({eu} of {eu_total} west of the Urals); {kinds:?}");
        counts.push(n);
        eu_counts.push(eu);
    }
    // The page's numbers (docs/validation.md, claim 1, "which limit").
    assert_eq!(
        counts,
        vec![4, 15, COUNT_SPACE_CUE, 57, 65],
        "update docs/validation.md"
    );
    assert_eq!(
        eu_counts,
        vec![2, 12, 32, 39, 47],
        "update docs/validation.md"
    );
    // Removing a limit never engages fewer.
    assert!(counts[1..].iter().all(|&n| n >= counts[0]));
    assert!(counts[4] >= counts[1].max(counts[3]));
    // The page's reading: the launch timeline, not the tail-chase limit, refuses most of them.
    assert!(counts[3] - counts[0] > 4 * (counts[1] - counts[0]));
}

/// The worked trajectory of the page: Kozelsk -> Washington, the UR-100N UTTKh (SS-19) that the scenario flies from
/// Kozelsk, in the third-site-2007 scenario (the `engage` command on the page is the same question with two radars
/// given by flags).
#[test]
fn claim_1_worked_trajectory_kozelsk_washington() {
    let mda = run(&third_site_russia_us(
        interceptor("gbi-2stage"),
        LaunchRule::Track,
    ));
    let postol = run(&third_site_russia_us(
        interceptor("gbi-2stage-postol"),
        LaunchRule::Track,
    ));
    let m = record(&mda, "kozelsk", "washington", "ur-100n-uttkh");
    let p = record(&postol, "kozelsk", "washington", "ur-100n-uttkh");
    let reason = |t: &shieldsim::analysis::TrajectoryRecord| match &t.outcome {
        Outcome::Evaluated { reason, .. } => reason.clone(),
        o => panic!("{o:?}"),
    };
    println!("gbi-2stage:        {}", reason(m));
    println!("gbi-2stage-postol: {}", reason(p));
    assert!(reason(m).starts_with("track too late"), "{}", reason(m));
    let Outcome::Evaluated {
        window_s, earliest, ..
    } = &p.outcome
    else {
        unreachable!()
    };
    let e = earliest.as_ref().unwrap();
    println!(
        "  window {window_s:.0} s, earliest intercept {:.0} s at {:.0} km, closing {:.0} m/s",
        e.t_s,
        e.position.alt_m / 1e3,
        e.closing_speed_mps
    );
    assert!(*window_s > 600.0);
    assert!(e.closing_speed_mps > 3000.0);
}

// ---------------------------------------------------------------------------------------------------------------------
// Claim 2: the 2003 flights of the three-stage GBI booster.

/// Vandenberg AFB, California (the flights' launch site; base coordinates, the silo's are not needed at this
/// tolerance). The flights' azimuth was not published ("over the Pacific Ocean"): west-south-west is assumed, and
/// 230 and 290 deg are flown too.
const VANDENBERG: (f64, f64) = (34.74, -120.57);
const AZIMUTH_DEG: f64 = 250.0;

/// One full-burn flight of the gbi-3stage booster (its kill vehicle as payload, drag on) from Vandenberg with pitch
/// kick `kick_deg`: (ground range km, apogee km, burn-out inertial speed m/s, burn-out inertial flight-path angle deg).
fn booster_flight(earth: EarthModel, azimuth_deg: f64, kick_deg: f64) -> (f64, f64, f64, f64) {
    let spec = interceptor("gbi-3stage");
    let t = Targeter::new(earth, &spec.rocket, true);
    let launch = Geodetic::from_degrees(VANDENBERG.0, VANDENBERG.1, 0.0);
    let c = BoostControls {
        azimuth_rad: azimuth_deg.to_radians(),
        pitch_kick_rad: kick_deg.to_radians(),
        cutoff_s: spec.rocket.total_burn_time_s(),
    };
    let f = t.fly(&launch, &c, &[]).unwrap();
    let (range_m, _) = geodesic::inverse(earth.ellipsoid(), &launch, &f.flight.impact);
    let (r, v) = (f.burnout.r_eci, f.burnout.v_eci);
    let gamma = (r.dot(&v) / (r.norm() * v.norm())).asin().to_degrees();
    (range_m / 1e3, f.flight.apogee_alt_m / 1e3, v.norm(), gamma)
}

/// The full-burn flight whose apogee is `apogee_km` on the lofted side of the longest flight (bisection on the
/// kick between 2 deg and the longest flight's kick, where the apogee falls as the kick grows): its
/// `booster_flight` values and kick (deg).
fn booster_flight_to_apogee(
    earth: EarthModel,
    azimuth_deg: f64,
    apogee_km: f64,
) -> ((f64, f64, f64, f64), f64) {
    let spec = interceptor("gbi-3stage");
    let launch = Geodetic::from_degrees(VANDENBERG.0, VANDENBERG.1, 0.0);
    let (_, best_kick) = Targeter::new(earth, &spec.rocket, true)
        .max_range(&launch, azimuth_deg.to_radians())
        .unwrap();
    let (mut lo, mut hi) = (2.0, best_kick.to_degrees());
    assert!(booster_flight(earth, azimuth_deg, lo).1 > apogee_km);
    assert!(booster_flight(earth, azimuth_deg, hi).1 < apogee_km);
    while hi - lo > 1e-3 {
        let mid = 0.5 * (lo + hi);
        if booster_flight(earth, azimuth_deg, mid).1 > apogee_km {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (booster_flight(earth, azimuth_deg, lo), lo)
}

/// Arms Control Today (Sept 2003): the 16 Aug 2003 flight went about 5,300 km with an apogee of nearly 1,900 km;
/// Orbital (Feb 2003): the first flight about 3,500 mi (5,630 km) with an apogee of about 1,125 mi (1,810 km). The
/// gbi-3stage model flown at full burn to the same apogee should land within 10 % of the published range (the
/// tolerance and why: docs/validation.md, claim 2). It does not: it lands 30-35 % short, and even its longest flight
/// falls short of 5,300 km westward. The page states the disagreement and why; this test asserts it.
#[test]
fn claim_2_the_2003_gbi_booster_flights() {
    let earth = EarthModel::default();
    let still = EarthModel::new(EarthShape::Wgs84, false, GravityModel::J2);
    let spec = interceptor("gbi-3stage");
    let launch = Geodetic::from_degrees(VANDENBERG.0, VANDENBERG.1, 0.0);
    for (flight, range_km, apogee_km) in [
        ("16 Aug 2003", 5300.0, 1900.0),
        ("6 Feb 2003", 5630.0, 1810.0),
    ] {
        for (model, e, az) in [
            ("rotating, azimuth 250", earth, AZIMUTH_DEG),
            ("rotating, azimuth 230", earth, 230.0),
            ("rotating, azimuth 290", earth, 290.0),
            ("non-rotating", still, AZIMUTH_DEG),
        ] {
            let ((range, apogee, speed, gamma), kick) = booster_flight_to_apogee(e, az, apogee_km);
            let err = (range - range_km) / range_km;
            println!(
                "{flight} ({model}): apogee {apogee:.0} km at kick {kick:.2} deg -> range {range:.0} km (published {range_km}; {:+.0} %), burn-out {speed:.0} m/s at {gamma:.1} deg",
                100.0 * err
            );
            // Disagrees: more than 10 % short, whichever direction over the Pacific and with or without rotation.
            assert!(err < -0.10, "{flight} {model}: {range:.0} km");
        }
    }
    // The longest full-burn flight over the Pacific is itself shorter than the August flight.
    let (longest_m, _) = Targeter::new(earth, &spec.rocket, true)
        .max_range(&launch, AZIMUTH_DEG.to_radians())
        .unwrap();
    println!(
        "longest full-burn flight at azimuth {AZIMUTH_DEG} deg: {:.0} km",
        longest_m / 1e3
    );
    assert!(longest_m / 1e3 < 5300.0);
    // Why: the catalogue's 6.0 km/s is the burn-out speed of the flattest fly-out; at the 45 deg that the Kepler
    // estimate of the flights assumes, the model booster reaches about 5.4 km/s (non-rotating Earth).
    let (_, _, speed45, gamma45) = booster_flight(still, AZIMUTH_DEG, 15.0);
    println!("non-rotating, kick 15 deg: burn-out {speed45:.0} m/s at {gamma45:.1} deg");
    assert!((gamma45 - 45.0).abs() < 2.0 && speed45 < 5600.0);
    let (_, _, speed_flat, gamma_flat) = booster_flight(still, AZIMUTH_DEG, 30.0);
    println!("non-rotating, kick 30 deg: burn-out {speed_flat:.0} m/s at {gamma_flat:.1} deg");
    assert!(speed_flat > speed45 + 400.0);
}

// ---------------------------------------------------------------------------------------------------------------------
// Claim 3: boost (burn) times of liquid and solid ICBMs.

/// The catalogue missile `id`'s total burn time (s) against a published figure, within `tolerance` (a fraction):
/// passes when they agree, and prints the comparison.
fn burn_time_agrees(id: &str, published_s: f64, tolerance: f64) -> bool {
    let m = catalog().missile(id).unwrap().to_missile().unwrap();
    let burn = m.total_burn_time_s();
    let err = (burn - published_s) / published_s;
    println!(
        "{id:18} burn {burn:5.0} s vs published {published_s:4.0} s ({:+5.1} %, tolerance {:.0} %)",
        100.0 * err,
        100.0 * tolerance
    );
    err.abs() <= tolerance
}

/// NRC 2012: about 4 min (liquid) and about 3 min (solid), ±half a minute (the rounding); APS 2003: about 250 s
/// (liquid) and 170 s (solid), ±10 %. The US catalogue ICBMs against the studies' notional ones: the three-stage
/// solid ICBM (Minuteman III class) agrees with NRC and is 10.6 % longer than APS's; the liquid ICBM (Titan II class,
/// a 1960s heavy missile) burns far longer than either study's notional liquid ICBM. The page says so. Neither
/// stands for another state's missile any more (no built-in corridor flies them).
#[test]
fn claim_3_icbm_burn_times() {
    assert!(burn_time_agrees("icbm-solid-3", 180.0, 30.0 / 180.0));
    // 188 s against APS's 170 s: 10.6 %, just outside the 10 % tolerance (page: disagrees, marginally).
    assert!(!burn_time_agrees("icbm-solid-3", 170.0, 0.10));
    assert!(burn_time_agrees("icbm-solid-3", 170.0, 0.11));
    // Disagreement, stated on the page: 336 s against about 240 s and 250 s.
    assert!(!burn_time_agrees("icbm-liquid", 240.0, 30.0 / 240.0));
    assert!(!burn_time_agrees("icbm-liquid", 250.0, 0.10));
}

/// The notional Iranian liquid ICBM (245 s) against NRC's about 4 min and APS's about 250 s. Agrees, but by
/// construction: the catalogue took its stage burn times from these two studies (docs/validation.md, claim 3), so
/// this checks that the catalogue states what it cites, not the studies.
#[test]
fn claim_3_iran_icbm_liquid_burn_time() {
    assert!(
        burn_time_agrees("iran-icbm-liquid", 240.0, 30.0 / 240.0),
        "NRC 2012"
    );
    assert!(
        burn_time_agrees("iran-icbm-liquid", 250.0, 0.10),
        "APS 2003"
    );
}

/// As above, for the notional Iranian solid ICBM (175 s) against about 3 min and about 170 s.
#[test]
fn claim_3_iran_icbm_solid_burn_time() {
    assert!(
        burn_time_agrees("iran-icbm-solid", 180.0, 30.0 / 180.0),
        "NRC 2012"
    );
    assert!(burn_time_agrees("iran-icbm-solid", 170.0, 0.10), "APS 2003");
}
