//! Assurance limits: for each parameter a negotiator could verify, the flip point at which a defence stops engaging
//! a deterrent's trajectories, and what it keeps of its stated threat there.
//!
//! **Shares.** The *stated* share is the pooled engageable share over the stated-threat corridors (engageable over
//! evaluated trajectories, all corridors together); the *deterrent* share the same over the deterrent corridors.
//!
//! **Flip point.** A parameter has a direction in which it adds capability (a faster or longer-flying interceptor, a
//! longer-ranged radar, a site nearer the deterrent's launch areas). Over a search range the deterrent share is
//! scanned at [`LimitsRequest::scan_points`] evenly spaced values, then the flip is bracketed by the scan and bisected
//! down to [`LimitsRequest::tolerance`] of the range: the flip point is the value with the most capability at which
//! the deterrent share is still ≤ D. It is then reported with the stated share there (a limit *holds* when that share
//! is ≥ S) and with a **witness**: a deterrent trajectory engageable just past the flip, with its window. The scan
//! is also the trade-off curve (stated vs deterrent share) shown when no value satisfies both.
//!
//! Bisection assumes the deterrent share changes monotonically along the parameter (more capability never engages
//! fewer trajectories). The engine's model makes that true of interceptor speed, fly-out time and radar range
//! (`tests/sweep.rs` checks it); for positions it is a good approximation, not a law, and the scan points are kept so
//! a reader can see any non-monotone stretch. The search is over one parameter at a time, the others at their
//! scenario values.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::assess::{assess, ScenarioAssessment, TrajectoryRecord};
use super::params::{ParamError, ParamPath};
use super::sweep::SweepError;
use crate::earth::Geodetic;
use crate::scenario::Scenario;

pub use super::assess::Caches;

/// What the limits must achieve.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitsRequest {
    /// The stated-threat corridors (names in the scenario).
    pub stated: Vec<String>,
    /// The deterrent corridors.
    pub deterrent: Vec<String>,
    /// Lowest acceptable stated share S, 0 to 1.
    pub min_stated_share: f64,
    /// Highest acceptable deterrent share D, 0 to 1 (0: no deterrent trajectory engageable).
    pub max_deterrent_share: f64,
    /// Values scanned over each search range before bisecting (at least 3).
    pub scan_points: usize,
    /// Bisection stops when the bracket is this share of the search range.
    pub tolerance: f64,
}

impl LimitsRequest {
    /// A request with the default scan (9 points) and tolerance (0.5 % of the range).
    pub fn new(
        stated: Vec<String>,
        deterrent: Vec<String>,
        min_stated_share: f64,
        max_deterrent_share: f64,
    ) -> Self {
        Self {
            stated,
            deterrent,
            min_stated_share,
            max_deterrent_share,
            scan_points: 9,
            tolerance: 0.005,
        }
    }

    fn check(&self, scenario: &Scenario) -> Result<(), SweepError> {
        let names: Vec<&str> = scenario.corridors.iter().map(|c| c.name.as_str()).collect();
        for (flag, list) in [("stated", &self.stated), ("deterrent", &self.deterrent)] {
            if list.is_empty() {
                return Err(SweepError::Axes(format!("no {flag} corridor given")));
            }
            for c in list {
                if !names.contains(&c.as_str()) {
                    return Err(SweepError::Axes(format!(
                        "{flag} corridor `{c}` is not in scenario {} (its corridors: {})",
                        scenario.name,
                        names.join(", ")
                    )));
                }
            }
        }
        if let Some(c) = self.stated.iter().find(|c| self.deterrent.contains(c)) {
            return Err(SweepError::Axes(format!(
                "corridor `{c}` is both stated and deterrent"
            )));
        }
        for (name, v) in [
            ("min stated share", self.min_stated_share),
            ("max deterrent share", self.max_deterrent_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(SweepError::Axes(format!("{name} {v}: a share from 0 to 1")));
            }
        }
        if self.scan_points < 3 || !(self.tolerance > 0.0 && self.tolerance < 0.5) {
            return Err(SweepError::Axes(
                "at least 3 scan points and a tolerance in (0, 0.5)".into(),
            ));
        }
        Ok(())
    }
}

/// A parameter to search, with its range and its direction of capability.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The parameter.
    pub path: ParamPath,
    /// Lowest value searched, in the path's unit.
    pub from: f64,
    /// Highest value searched.
    pub to: f64,
    /// Whether a larger value adds capability (a faster interceptor) or removes it (a site moved away); `None`:
    /// found from the scan (the end with the larger deterrent share is the more capable one; a tie counts as
    /// increasing).
    pub capability_increases: Option<bool>,
    /// What the parameter means, in words, for the statement ("every gbi-2stage's burn-out speed").
    pub subject: String,
}

/// The shares at one value.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// The parameter's value.
    pub value: f64,
    /// Engageable stated-threat trajectories.
    pub stated_engageable: usize,
    /// Evaluated stated-threat trajectories.
    pub stated_evaluated: usize,
    /// Engageable deterrent trajectories.
    pub deterrent_engageable: usize,
    /// Evaluated deterrent trajectories.
    pub deterrent_evaluated: usize,
    /// Each stated and deterrent corridor's (name, engageable, evaluated), in scenario order.
    pub corridors: Vec<(String, usize, usize)>,
}

impl Probe {
    /// The stated share, 0 when nothing was evaluated.
    pub fn stated_share(&self) -> f64 {
        share(self.stated_engageable, self.stated_evaluated)
    }
    /// The deterrent share, 0 when nothing was evaluated.
    pub fn deterrent_share(&self) -> f64 {
        share(self.deterrent_engageable, self.deterrent_evaluated)
    }
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 / of as f64
    }
}

/// How a parameter's search came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlipKind {
    /// The deterrent share crosses D inside the range: the flip point is a limit.
    Flip,
    /// The deterrent share stays ≤ D over the whole range: no limit is needed within it.
    SafeOverRange,
    /// The deterrent share exceeds D over the whole range: no value in it is safe.
    EngagedOverRange,
}

/// A deterrent trajectory engageable just past a flip point.
#[derive(Debug, Clone, PartialEq)]
pub struct Witness {
    /// The parameter's value past the flip at which it is engageable.
    pub value: f64,
    /// The trajectory, with its verdict and window.
    pub trajectory: TrajectoryRecord,
}

/// The limit found for one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamLimit {
    /// What was searched.
    pub candidate: Candidate,
    /// Whether a larger value adds capability (given, or found from the scan).
    pub capability_increases: bool,
    /// The parameter's scenario value.
    pub nominal: f64,
    /// The shares at the scenario value.
    pub at_nominal: Probe,
    /// How the search came out.
    pub kind: FlipKind,
    /// The shares at the flip point: the safe value with the most capability (for [`FlipKind::Flip`]), the range's
    /// most capable end (safe over the range), or `None` (engaged over the range).
    pub at_flip: Option<Probe>,
    /// Whether the stated share at the flip is ≥ S.
    pub holds: bool,
    /// A deterrent trajectory engageable just past the flip (for [`FlipKind::Flip`]).
    pub witness: Option<Witness>,
    /// Every value evaluated (scan and bisection), in value order: the trade-off curve.
    pub curve: Vec<Probe>,
    /// Whether the number of engageable deterrent trajectories changes anywhere over the range searched (`false`:
    /// the parameter is no lever on the deterrent; other sites or sensors decide those trajectories).
    pub moves_deterrent: bool,
}

fn probe(value: f64, a: &ScenarioAssessment, req: &LimitsRequest) -> Probe {
    let (mut se, mut sn, mut de, mut dn) = (0, 0, 0, 0);
    let mut corridors = Vec::new();
    for c in &a.corridors {
        if req.stated.contains(&c.corridor) || req.deterrent.contains(&c.corridor) {
            corridors.push((c.corridor.clone(), c.engageable, c.evaluated));
        }
        if req.stated.contains(&c.corridor) {
            se += c.engageable;
            sn += c.evaluated;
        } else if req.deterrent.contains(&c.corridor) {
            de += c.engageable;
            dn += c.evaluated;
        }
    }
    Probe {
        value,
        stated_engageable: se,
        stated_evaluated: sn,
        deterrent_engageable: de,
        deterrent_evaluated: dn,
        corridors,
    }
}

/// The default candidates: for every interceptor type its burn-out speed (from half to one and a half times the
/// scenario's) and its kill vehicle's longest fly-out (the same); for every site its stand-off, moved directly away
/// from the centre of the deterrent's launch points (0 to 2,000 km; whether that adds or removes capability is found
/// from the scan); for every radar its detection range (a tenth to one and a
/// half times the scenario's).
pub fn default_candidates(
    scenario: &Scenario,
    deterrent: &[String],
) -> Result<Vec<Candidate>, ParamError> {
    let mut out = Vec::new();
    let a = &scenario.architecture;
    let mut ids: Vec<&str> = Vec::new();
    for s in &a.sites {
        if !ids.contains(&s.interceptor.id()) {
            ids.push(s.interceptor.id());
        }
    }
    for id in ids {
        for (field, what) in [
            ("burnout_speed_mps", "burn-out speed"),
            ("max_flight_time_s", "kill-vehicle fly-out time"),
        ] {
            let path = ParamPath::parse(&format!("interceptors.{id}.{field}"), scenario)?;
            let v = path.value(scenario)?;
            out.push(Candidate {
                path,
                from: 0.5 * v,
                to: 1.5 * v,
                capability_increases: Some(true),
                subject: format!("every {id}'s {what}"),
            });
        }
    }
    let launches: Vec<Geodetic> = scenario
        .corridors
        .iter()
        .filter(|c| deterrent.contains(&c.name))
        .flat_map(|c| c.launches.iter().map(|l| l.position))
        .collect();
    if let Some(centre) = centroid(&launches) {
        let e = scenario.model.earth.ellipsoid();
        for s in &a.sites {
            // The bearing at the site pointing away from the launch areas' centre.
            let (_, az_to_centre) = crate::earth::geodesic::inverse(e, &s.position, &centre);
            let away = (az_to_centre.to_degrees() + 180.0).rem_euclid(360.0);
            let away = (away * 10.0).round() / 10.0;
            let path = ParamPath::parse(&format!("sites.{}.along_km@{away}", s.name), scenario)?;
            out.push(Candidate {
                path,
                from: 0.0,
                to: 2000.0,
                // Moving away from the launch areas can bring a site under the tracks' later course: found from the
                // scan, not assumed.
                capability_increases: None,
                subject: format!("site {}'s stand-off (moved away from the deterrent's launch areas, bearing {away}°)", s.name),
            });
        }
    }
    for r in &a.radars {
        let path = ParamPath::parse(&format!("radars.{}.range_km", r.id), scenario)?;
        let v = path.value(scenario)?;
        out.push(Candidate {
            path,
            from: 0.1 * v,
            to: 1.5 * v,
            capability_increases: Some(true),
            subject: format!("radar {}'s detection range", r.id),
        });
    }
    Ok(out)
}

/// The point on the unit sphere's mean direction of `points` (surface), `None` for none.
fn centroid(points: &[Geodetic]) -> Option<Geodetic> {
    if points.is_empty() {
        return None;
    }
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for p in points {
        x += p.lat_rad.cos() * p.lon_rad.cos();
        y += p.lat_rad.cos() * p.lon_rad.sin();
        z += p.lat_rad.sin();
    }
    let h = x.hypot(y);
    Some(Geodetic {
        lat_rad: z.atan2(h),
        lon_rad: y.atan2(x),
        alt_m: 0.0,
    })
}

/// Searches every candidate's flip point (see the module documentation). `progress(done, total)` counts evaluated
/// values, whose total is an estimate (scan plus bisection steps).
pub fn limits(
    scenario: &Scenario,
    request: &LimitsRequest,
    candidates: &[Candidate],
    caches: &Caches<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<ParamLimit>, SweepError> {
    request.check(scenario)?;
    let Caches {
        interceptors,
        trajectories,
        options,
    } = *caches;
    for c in candidates {
        if !(c.from.is_finite() && c.to.is_finite() && c.from < c.to) {
            return Err(SweepError::Axes(format!(
                "`{}`: search range {}..{} must run from a lower to a higher finite value",
                c.path, c.from, c.to
            )));
        }
        for v in [c.from, c.to] {
            c.path.apply(&mut scenario.clone(), v)?;
        }
    }
    let nominal = assess(
        scenario,
        interceptors,
        trajectories,
        options,
        &|_| {},
        cancel,
    )?;
    let steps = (1.0 / request.tolerance).log2().ceil() as usize;
    let total = candidates.len() * (request.scan_points + steps);
    let done = AtomicUsize::new(0);
    let eval = |c: &Candidate, v: f64| -> Result<ScenarioAssessment, SweepError> {
        let mut s = scenario.clone();
        c.path.apply(&mut s, v)?;
        let local = interceptors.fork();
        let a = assess(&s, &local, trajectories, options, &|_| {}, cancel)?;
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        Ok(a)
    };
    let mut out = Vec::with_capacity(candidates.len());
    for c in candidates {
        let nominal_value = c.path.value(scenario)?;
        let at_nominal = probe(nominal_value, &nominal, request);
        let n = request.scan_points;
        let values: Vec<f64> = (0..n)
            .map(|i| c.from + (c.to - c.from) * i as f64 / (n - 1) as f64)
            .collect();
        let scanned: Vec<(f64, ScenarioAssessment)> = values
            .par_iter()
            .map(|&v| eval(c, v).map(|a| (v, a)))
            .collect::<Result<_, _>>()?;
        // In order of increasing capability.
        let increases = c.capability_increases.unwrap_or_else(|| {
            let ends = [&scanned[0].1, &scanned[n - 1].1]
                .map(|a| probe(0.0, a, request).deterrent_share());
            ends[1] >= ends[0]
        });
        let mut by_capability: Vec<(f64, ScenarioAssessment)> = scanned;
        if !increases {
            by_capability.reverse();
        }
        let safe = |a: &ScenarioAssessment| {
            probe(0.0, a, request).deterrent_share() <= request.max_deterrent_share
        };
        let mut curve: Vec<Probe> = by_capability
            .iter()
            .map(|(v, a)| probe(*v, a, request))
            .collect();
        let first_unsafe = by_capability.iter().position(|(_, a)| !safe(a));
        let (kind, at_flip, witness) = match first_unsafe {
            None => {
                let (v, a) = by_capability.last().expect("at least 3 scan points");
                (FlipKind::SafeOverRange, Some(probe(*v, a, request)), None)
            }
            Some(0) => (FlipKind::EngagedOverRange, None, None),
            Some(k) => {
                // Bisect between the last safe and the first unsafe scan value.
                let (mut safe_v, mut safe_a) =
                    (by_capability[k - 1].0, by_capability[k - 1].1.clone());
                let (mut bad_v, mut bad_a) = (by_capability[k].0, by_capability[k].1.clone());
                let width = (c.to - c.from) * request.tolerance;
                while (bad_v - safe_v).abs() > width {
                    let mid = 0.5 * (safe_v + bad_v);
                    let a = eval(c, mid)?;
                    curve.push(probe(mid, &a, request));
                    if safe(&a) {
                        (safe_v, safe_a) = (mid, a);
                    } else {
                        (bad_v, bad_a) = (mid, a);
                    }
                }
                // Reported at a round value on the safe side, no finer than the bisection resolved it.
                let rounded = round_to_safe_side(safe_v, width, increases);
                let (flip_v, flip_a) = if rounded == safe_v {
                    (safe_v, safe_a.clone())
                } else {
                    let a = eval(c, rounded)?;
                    if safe(&a) {
                        curve.push(probe(rounded, &a, request));
                        (rounded, a)
                    } else {
                        (safe_v, safe_a.clone())
                    }
                };
                let witness = witness(&flip_a, &bad_a, request).map(|t| Witness {
                    value: bad_v,
                    trajectory: t,
                });
                (
                    FlipKind::Flip,
                    Some(probe(flip_v, &flip_a, request)),
                    witness,
                )
            }
        };
        curve.sort_by(|a, b| a.value.total_cmp(&b.value));
        let holds = at_flip
            .as_ref()
            .is_some_and(|p| p.stated_share() >= request.min_stated_share);
        let moves_deterrent = curve
            .iter()
            .any(|p| p.deterrent_engageable != curve[0].deterrent_engageable);
        out.push(ParamLimit {
            moves_deterrent,
            candidate: c.clone(),
            capability_increases: increases,
            nominal: nominal_value,
            at_nominal,
            kind,
            at_flip,
            holds,
            witness,
            curve,
        });
    }
    Ok(out)
}

/// `v` rounded to a 1-2-5 step no larger than `resolution`, towards less capability (down when capability increases
/// with the value, up otherwise), so that a safe value stays on the safe side.
fn round_to_safe_side(v: f64, resolution: f64, capability_increases: bool) -> f64 {
    if !(resolution > 0.0 && resolution.is_finite()) {
        return v;
    }
    let decade = 10f64.powf(resolution.log10().floor());
    let step = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * decade)
        .find(|s| *s <= resolution)
        .unwrap_or(decade);
    let r = if capability_increases {
        (v / step).floor() * step
    } else {
        (v / step).ceil() * step
    };
    // Clean binary noise (6,050.000000001) off the multiple.
    (r / step).round() * step
}

/// The first deterrent trajectory (in file order) engageable in `bad` but not in `safe`; failing that, the first
/// engageable in `bad`.
fn witness(
    safe: &ScenarioAssessment,
    bad: &ScenarioAssessment,
    req: &LimitsRequest,
) -> Option<TrajectoryRecord> {
    let key = |t: &TrajectoryRecord| {
        (
            t.corridor.clone(),
            t.launch.clone(),
            t.aim.clone(),
            t.missile.clone(),
            t.shape.clone(),
        )
    };
    let deterrent = |t: &&TrajectoryRecord| req.deterrent.contains(&t.corridor) && t.engageable();
    let before: Vec<_> = safe
        .trajectories
        .iter()
        .filter(deterrent)
        .map(key)
        .collect();
    bad.trajectories
        .iter()
        .filter(deterrent)
        .find(|t| !before.contains(&key(t)))
        .or_else(|| bad.trajectories.iter().find(deterrent))
        .cloned()
}

/// A number as written in a statement: 5 significant digits (at least the units), no trailing zeros.
fn num(v: f64) -> String {
    let digits = if v == 0.0 || !v.is_finite() {
        0
    } else {
        (4 - v.abs().log10().floor() as i32).clamp(0, 6) as usize
    };
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn counts(p: &Probe, names: &[String]) -> String {
    p.corridors
        .iter()
        .filter(|(c, _, _)| names.contains(c))
        .map(|(c, n, of)| format!("{c} {n} of {of}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The limit in plain language, e.g. "With every gbi-2stage's burn-out speed at or below 6,050 m/s (the scenario:
/// 6,300), no trajectory of russia-us is engageable (0 of 143), while 74 % of the stated threat stays engageable
/// (iran-europe 8 of 27, iran-us-east-coast 46 of 46)." It says when no value in the range works, or when the stated
/// share falls below S.
pub fn statement(l: &ParamLimit, request: &LimitsRequest) -> String {
    let c = &l.candidate;
    let unit = c.path.unit();
    let deterrent = request.deterrent.join(", ");
    let d = if request.max_deterrent_share == 0.0 {
        format!("no trajectory of {deterrent} is engageable")
    } else {
        format!(
            "at most {} % of {deterrent} is engageable",
            num(100.0 * request.max_deterrent_share)
        )
    };
    let bound = |v: f64| {
        if l.capability_increases {
            format!("at or below {} {unit}", num(v))
        } else {
            format!("at least {} {unit}", num(v))
        }
    };
    match (l.kind, &l.at_flip) {
        (FlipKind::EngagedOverRange, _) if !l.moves_deterrent => format!(
            "Not a lever: {} from {} to {} {unit} leaves {} of {} trajectories of {deterrent} engageable (other \
             sites or sensors decide them).",
            c.subject,
            num(c.from),
            num(c.to),
            l.at_nominal.deterrent_engageable,
            l.at_nominal.deterrent_evaluated
        ),
        (FlipKind::EngagedOverRange, _) | (_, None) => format!(
            "No value of {} from {} to {} {unit} keeps {deterrent} unengaged: at the least capable end {} of {} \
             deterrent trajectories stay engageable.",
            c.subject,
            num(c.from),
            num(c.to),
            l.curve
                .iter()
                .map(|p| p.deterrent_engageable)
                .min()
                .unwrap_or(0),
            l.at_nominal.deterrent_evaluated
        ),
        (kind, Some(p)) => {
            let head = match kind {
                FlipKind::SafeOverRange => format!(
                    "Over the whole range searched ({} to {} {unit}; the scenario: {}), with {} {}",
                    num(c.from),
                    num(c.to),
                    num(l.nominal),
                    c.subject,
                    bound(p.value)
                ),
                _ => format!(
                    "With {} {} (the scenario: {})",
                    c.subject,
                    bound(p.value),
                    num(l.nominal)
                ),
            };
            let tail = if l.holds {
                format!(
                    "while {} % of the stated threat stays engageable ({})",
                    num((100.0 * p.stated_share()).round()),
                    counts(p, &request.stated)
                )
            } else {
                format!(
                    "but only {} % of the stated threat stays engageable ({}), below the {} % asked for",
                    num((100.0 * p.stated_share()).round()),
                    counts(p, &request.stated),
                    num((100.0 * request.min_stated_share).round())
                )
            };
            format!(
                "{head}, {d} ({} of {}), {tail}.",
                p.deterrent_engageable, p.deterrent_evaluated
            )
        }
    }
}

/// The launch rule as a limit: sites restricted to launching on their own fire-control radar's track (no launch on
/// a remote sensor's track, no space-based cue): one of the limits a negotiator could verify, categorical where the
/// others are numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleLimit {
    /// The sites restricted (every site for the first rule limit, then one at a time).
    pub sites: Vec<String>,
    /// The shares with the restriction.
    pub probe: Probe,
    /// Whether the deterrent share is ≤ D with it.
    pub safe: bool,
    /// Whether it is safe and the stated share is ≥ S.
    pub holds: bool,
}

/// Evaluates the own-track launch rule for every site at once, then for each site whose rule is not already
/// own-track alone (the others keeping theirs).
pub fn rule_limits(
    scenario: &Scenario,
    request: &LimitsRequest,
    caches: &Caches<'_>,
    cancel: &AtomicBool,
) -> Result<Vec<RuleLimit>, SweepError> {
    use crate::intercept::LaunchRule;
    request.check(scenario)?;
    let sites = &scenario.architecture.sites;
    let mut sets: Vec<Vec<usize>> = vec![(0..sites.len()).collect()];
    sets.extend(
        (0..sites.len())
            .filter(|&k| sites[k].launch_rule != LaunchRule::OwnTrack)
            .map(|k| vec![k]),
    );
    if sets.len() == 2 && sites.len() == 1 {
        sets.pop(); // one site: "every site" is that site
    }
    sets.par_iter()
        .map(|set| {
            let mut s = scenario.clone();
            for &k in set {
                s.architecture.sites[k].launch_rule = LaunchRule::OwnTrack;
            }
            let a = assess(
                &s,
                caches.interceptors,
                caches.trajectories,
                caches.options,
                &|_| {},
                cancel,
            )?;
            let probe = probe(0.0, &a, request);
            let safe = probe.deterrent_share() <= request.max_deterrent_share;
            Ok(RuleLimit {
                sites: set.iter().map(|&k| sites[k].name.clone()).collect(),
                holds: safe && probe.stated_share() >= request.min_stated_share,
                safe,
                probe,
            })
        })
        .collect()
}

/// A launch-rule limit in words.
pub fn rule_statement(r: &RuleLimit, request: &LimitsRequest, every_site: bool) -> String {
    let who = if every_site {
        "every site".to_string()
    } else {
        format!("site {}", r.sites.join(", "))
    };
    let p = &r.probe;
    format!(
        "With {who} launching on its own fire-control radar's track only (no launch on a remote track or a space \
         cue): {} of {} trajectories of {} engageable, {} % of the stated threat ({}){}.",
        p.deterrent_engageable,
        p.deterrent_evaluated,
        request.deterrent.join(", "),
        num((100.0 * p.stated_share()).round()),
        counts(p, &request.stated),
        if r.holds {
            ": the limit holds"
        } else if r.safe {
            ": the deterrent is safe but the stated threat is lost"
        } else {
            ""
        }
    )
}
