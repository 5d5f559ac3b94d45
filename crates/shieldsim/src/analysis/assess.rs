//! Assessment of a scenario: every trajectory of every threat corridor flown and engaged by the scenario's
//! architecture, and the results summarised per corridor.
//!
//! Trajectories are grouped by (corridor, launch point, missile, shape); within a group the aim points are solved in
//! file order, each warm-started from the previous solution, and the groups run in parallel (rayon). The result does
//! not depend on the number of threads: each group is solved the same way whatever thread runs it, and results are
//! collected in file order. Solved trajectories are kept in a [`TrajectoryCache`] so that several architectures
//! assessed against the same corridors (the built-in scenarios share theirs) fly each trajectory once.
//!
//! A launch–aim pair beyond the missile's reach is not an error: it is counted as out of range and not evaluated.
//!
//! **The summary of a corridor** ([`CorridorAssessment`]) counts every trajectory once: `pairs = evaluated +
//! out_of_range + failed`. Shares are over the *evaluated* trajectories (flown and engaged); the out-of-range and
//! failed ones are counted beside them, never hidden. The spreads of the intercept window, of the shoot-look-shoot
//! opportunities and of the first intercept's altitude are over the *engageable* trajectories only (a trajectory the
//! defence cannot engage has no window, and counting it as 0 would make a median read 0 beside a large engageable
//! share). Percentiles are Hyndman & Fan's type 7 ([`percentile`]).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::earth::{Ecef, Geodetic};
use crate::flight::targeting::{Accuracy, Targeter, TargetingSolution};
use crate::flight::{FlightError, SampledTrajectory};
use crate::intercept::{
    Architecture, Engagement, EngagementError, InterceptPoint, InterceptorCache, InterceptorSite,
};
use crate::scenario::{Corridor, Scenario, ThreatMissile};

/// Why an assessment stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AssessError {
    /// The user interrupted it.
    #[error("interrupted")]
    Cancelled,
    /// An interceptor's reach table could not be built.
    #[error("{message}")]
    Interceptor {
        /// Scenario name.
        scenario: String,
        /// Interceptor id.
        interceptor: String,
        /// The engine's error.
        error: Box<FlightError>,
        /// What to show: [`Scenario::interceptor_failure`], located at the file's own `[[interceptor]]` table
        /// when there is one.
        message: String,
    },
    /// The architecture is invalid.
    #[error("scenario {scenario}: {error}")]
    Architecture {
        /// Scenario name.
        scenario: String,
        /// The engine's error.
        error: Box<EngagementError>,
    },
}

/// Where a trajectory's failure is traced back to: `FILE:LINE:COLUMN: [[missile]] `ID`: ` for a missile the
/// scenario's file defines, nothing for one of the built-in catalogue.
fn missile_origin(scenario: &Scenario, id: &str) -> String {
    scenario
        .entry_location("missile", id)
        .map(|at| format!("{at}: [[missile]] `{id}`: "))
        .unwrap_or_default()
}

/// What a study reuses between its evaluations: interceptor types built, trajectories flown, and the assessment
/// options.
#[derive(Debug, Clone, Copy)]
pub struct Caches<'a> {
    /// Interceptor types built (a per-value fork is taken for modified types).
    pub interceptors: &'a InterceptorCache,
    /// Trajectories flown.
    pub trajectories: &'a TrajectoryCache,
    /// Assessment options.
    pub options: &'a AssessOptions,
}

/// Options of an assessment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssessOptions {
    /// Targeting accuracy (default [`Accuracy::SURVEY`]: impacts within 100 m of the aim).
    pub accuracy: Accuracy,
    /// Points kept per trajectory path for map outputs (at least 2).
    pub path_points: usize,
}

impl Default for AssessOptions {
    fn default() -> Self {
        Self {
            accuracy: Accuracy::SURVEY,
            path_points: 60,
        }
    }
}

/// A possible intercept, for outputs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InterceptSummary {
    /// Intercept time, s after threat launch.
    pub t_s: f64,
    /// Where.
    pub position: Geodetic,
    /// Interceptor launch time, s after threat launch.
    pub launch_s: f64,
    /// Closing speed, m/s.
    pub closing_speed_mps: f64,
    /// Site name.
    pub site: String,
}

/// How one trajectory fared.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    /// Flown and engaged (or not) by the architecture.
    Evaluated {
        /// Whether any site has an intercept window.
        engageable: bool,
        /// The verdict in words.
        reason: String,
        /// Total intercept window, s (0 when not engageable).
        window_s: f64,
        /// Shoot-look-shoot opportunities.
        shots: usize,
        /// First possible intercept.
        earliest: Option<InterceptSummary>,
        /// Last possible intercept.
        latest: Option<InterceptSummary>,
        /// Sites with an intercept window.
        sites: Vec<String>,
        /// Threat impact time, s after launch.
        impact_t_s: f64,
    },
    /// The missile cannot reach the aim point with this shape.
    OutOfRange(String),
    /// The trajectory could not be solved (targeting did not converge).
    Failed(String),
}

/// One trajectory of a corridor.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrajectoryRecord {
    /// Corridor name.
    pub corridor: String,
    /// Launch point name.
    pub launch: String,
    /// Aim point name.
    pub aim: String,
    /// Missile id.
    pub missile: String,
    /// Shape name.
    pub shape: String,
    /// Launch position.
    pub launch_position: Geodetic,
    /// Aim position.
    pub aim_position: Geodetic,
    /// The aim point's weight (the scenario file's `weight`, 1 by default), for weighted shares.
    pub weight: f64,
    /// The sensor whose track let the defence launch at this threat when it is engageable (the track of the site
    /// that intercepts first); `None` when not engageable or not evaluated.
    pub enabled_by: Option<String>,
    /// The path, subsampled: (latitude °, longitude °, altitude km); empty when not flown.
    pub path: Vec<[f64; 3]>,
    /// Time of each point of `path`, s after launch.
    pub path_t_s: Vec<f64>,
    /// The result.
    pub outcome: Outcome,
}

impl TrajectoryRecord {
    /// Whether the trajectory was flown and engaged.
    pub fn engageable(&self) -> bool {
        matches!(
            self.outcome,
            Outcome::Evaluated {
                engageable: true,
                ..
            }
        )
    }
}

/// The spread of a quantity over a corridor's engageable trajectories: its extremes and its 10th, 50th and 90th
/// percentiles ([`percentile`], type 7). The unit is that of the field holding it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Spread {
    /// Smallest value.
    pub min: f64,
    /// 10th percentile.
    pub p10: f64,
    /// 50th percentile (the median).
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (in any order), `None` when empty. Values that are not numbers sort last
    /// ([`f64::total_cmp`]); the assessment gives none.
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        Some(Self {
            min: *v.first()?,
            p10: percentile(&v, 0.1)?,
            p50: percentile(&v, 0.5)?,
            p90: percentile(&v, 0.9)?,
            max: *v.last()?,
        })
    }
}

/// The `p`-quantile (`p` in [0, 1]) of ascending `sorted` values by linear interpolation between order statistics:
/// with `h = (n − 1) p`, `x[⌊h⌋] + (h − ⌊h⌋) (x[⌊h⌋ + 1] − x[⌊h⌋])` (0-based). This is type 7 of Hyndman & Fan,
/// "Sample quantiles in statistical packages", The American Statistician 50(4), 361–365 (1996), the default of R's
/// `quantile` and NumPy's `percentile`. `None` for no values or `p` outside [0, 1].
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// A sensor that enabled the launches at some of a corridor's engageable trajectories.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EnablingSensor {
    /// Its name ([`TrajectoryRecord::enabled_by`]).
    pub sensor: String,
    /// Engageable trajectories whose launches it enabled.
    pub trajectories: usize,
}

/// The summary of one corridor against one architecture. Every trajectory of the corridor is counted once:
/// `pairs = evaluated + out_of_range + failed`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CorridorAssessment {
    /// Corridor name.
    pub corridor: String,
    /// Every launch–aim–missile–shape combination of the corridor.
    pub pairs: usize,
    /// Trajectories flown and engaged by the architecture: the denominator N of the shares.
    pub evaluated: usize,
    /// Launch–aim pairs beyond the missile's reach with the shape (not flown, not in N).
    pub out_of_range: usize,
    /// Trajectories that could not be solved (targeting did not converge; not in N).
    pub failed: usize,
    /// Engageable trajectories (n, out of the evaluated).
    pub engageable: usize,
    /// `engageable / evaluated`; `None` when none was evaluated.
    pub engageable_share: Option<f64>,
    /// Sum of the aim weights of the engageable trajectories over their sum over the evaluated ones; equal to
    /// [`Self::engageable_share`] when every weight is 1. `None` when none was evaluated.
    pub weighted_engageable_share: Option<f64>,
    /// Intercept window over the engageable trajectories, s.
    pub window_s: Option<Spread>,
    /// Shoot-look-shoot opportunities over the engageable trajectories.
    pub shots: Option<Spread>,
    /// Altitude of the earliest possible intercept over the engageable trajectories, km.
    pub first_intercept_alt_km: Option<Spread>,
    /// Sites that have a window on at least one trajectory, in architecture order.
    pub sites: Vec<String>,
    /// The sensors that enabled the launches at the engageable trajectories, with how many each: most first, then
    /// by name. The counts add up to [`Self::engageable`] (an engageable trajectory without a recorded sensor would
    /// be counted under [`UNRECORDED_SENSOR`]).
    pub enabled_by: Vec<EnablingSensor>,
}

/// The name under which [`CorridorAssessment::enabled_by`] counts engageable trajectories without an enabling
/// sensor (the engagement model always records one; this keeps the counts whole if it did not).
pub const UNRECORDED_SENSOR: &str = "unrecorded";

/// A scenario's assessment.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScenarioAssessment {
    /// Scenario name.
    pub scenario: String,
    /// Its title.
    pub title: String,
    /// One summary per corridor, in file order.
    pub corridors: Vec<CorridorAssessment>,
    /// Every trajectory, in file order (corridor, launch, missile, shape, aim).
    pub trajectories: Vec<TrajectoryRecord>,
}

/// A flown trajectory, shared between scenarios.
#[derive(Debug)]
enum Flown {
    Path(SampledTrajectory, Vec<[f64; 3]>, Vec<f64>),
    OutOfRange(String),
    Failed(String),
}

/// Flown trajectories by (hash of model, missile and shape; launch and aim coordinates' bits).
type FlownMap = HashMap<(u64, [u64; 4]), Arc<Flown>>;

/// Solved trajectories by (model, missile, shape, launch, aim), so each is flown once per process.
#[derive(Debug, Default)]
pub struct TrajectoryCache {
    flown: Mutex<FlownMap>,
}

impl TrajectoryCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of trajectories held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FlownMap> {
        self.flown
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A group of trajectories solved in sequence with warm starts.
struct Group<'a> {
    corridor: &'a Corridor,
    launch: usize,
    missile: usize,
    shape: usize,
}

/// The key of a group's flights: what shapes them (Earth model, rocket, shape), not the threat's radar signature.
fn group_hash(scenario: &Scenario, corridor: &Corridor, g: &Group<'_>) -> u64 {
    let mut h = DefaultHasher::new();
    format!(
        "{:?}|{:?}|{:?}",
        scenario.model, corridor.missiles[g.missile].missile, corridor.shapes[g.shape].shape
    )
    .hash(&mut h);
    h.finish()
}

fn coords(a: &Geodetic, b: &Geodetic) -> [u64; 4] {
    [
        a.lat_rad.to_bits(),
        a.lon_rad.to_bits(),
        b.lat_rad.to_bits(),
        b.lon_rad.to_bits(),
    ]
}

/// Number of trajectories (launch–aim–missile–shape combinations) in a scenario.
pub fn trajectory_count(scenario: &Scenario) -> usize {
    scenario
        .corridors
        .iter()
        .map(Corridor::trajectory_count)
        .sum()
}

/// Builds the engine's architecture, each interceptor type's reach table from `interceptors`.
pub fn build_architecture(
    scenario: &Scenario,
    interceptors: &InterceptorCache,
) -> Result<Architecture, AssessError> {
    let a = &scenario.architecture;
    let mut sites = Vec::with_capacity(a.sites.len());
    for s in &a.sites {
        let interceptor =
            interceptors
                .get(&s.interceptor)
                .map_err(|error| AssessError::Interceptor {
                    scenario: scenario.name.clone(),
                    interceptor: s.interceptor.id().to_string(),
                    message: scenario.interceptor_failure(s.interceptor.id(), &error),
                    error: Box::new(error),
                })?;
        sites.push(InterceptorSite {
            name: s.name.clone(),
            position: s.position,
            interceptor,
            launch_rule: s.launch_rule,
        });
    }
    let arch = Architecture {
        radars: a.radars.clone(),
        early_warning: a.early_warning,
        sites,
        decision_delay_s: a.decision_delay_s,
        roles: a.roles.clone(),
        links: a.links.iter().map(|l| l.link.clone()).collect(),
    };
    arch.validate()
        .and_then(|()| arch.prepare_envelopes(&scenario.model.earth))
        .map_err(|error| AssessError::Architecture {
            scenario: scenario.name.clone(),
            error: Box::new(error),
        })?;
    Ok(arch)
}

/// Assesses `scenario`: flies (or takes from `trajectories`) every trajectory of its corridors and engages each
/// with the architecture. `progress(done)` is called after each trajectory (from worker threads); setting `cancel`
/// stops the work soon after with [`AssessError::Cancelled`].
pub fn assess(
    scenario: &Scenario,
    interceptors: &InterceptorCache,
    trajectories: &TrajectoryCache,
    options: &AssessOptions,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &AtomicBool,
) -> Result<ScenarioAssessment, AssessError> {
    let arch = build_architecture(scenario, interceptors)?;
    let groups = groups(scenario);
    let done = AtomicUsize::new(0);
    let results: Vec<Result<Vec<TrajectoryRecord>, AssessError>> = groups
        .par_iter()
        .map(|g| {
            let flown = fly_group(scenario, g, trajectories, options, cancel)?;
            let mut records = Vec::with_capacity(flown.len());
            for (aim, f) in flown.into_iter().enumerate() {
                records.push(evaluate(scenario, &arch, g, aim, &f)?);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            }
            Ok(records)
        })
        .collect();
    let mut records = Vec::new();
    for r in results {
        records.extend(r?);
    }
    let corridors = scenario
        .corridors
        .iter()
        .map(|c| summarise(&arch, c, &records))
        .collect();
    Ok(ScenarioAssessment {
        scenario: scenario.name.clone(),
        title: scenario.title.clone(),
        corridors,
        trajectories: records,
    })
}

/// Flies every trajectory of `scenario` into `trajectories` (those already there are kept), without building its
/// architecture: what studies do once before re-engaging the same threats with many modified defences.
pub fn fly_all(
    scenario: &Scenario,
    trajectories: &TrajectoryCache,
    options: &AssessOptions,
    cancel: &AtomicBool,
) -> Result<(), AssessError> {
    groups(scenario)
        .par_iter()
        .try_for_each(|g| fly_group(scenario, g, trajectories, options, cancel).map(|_| ()))
}

/// The groups of `scenario`'s trajectories, in file order.
fn groups(scenario: &Scenario) -> Vec<Group<'_>> {
    scenario
        .corridors
        .iter()
        .flat_map(|c| {
            (0..c.launches.len()).flat_map(move |launch| {
                c.missiles_at(launch).into_iter().flat_map(move |missile| {
                    (0..c.shapes.len()).map(move |shape| Group {
                        corridor: c,
                        launch,
                        missile,
                        shape,
                    })
                })
            })
        })
        .collect()
}

/// Flies every aim of a group (or takes them from the cache), warm-starting each from the previous solution.
///
/// A group is taken from the cache whole or flown whole: a trajectory's solution depends on the warm start its
/// predecessor gave it, so a group whose first aims were cached by another thread (assessments sharing the cache run
/// in parallel) and whose later aims were flown here from a cold start would hold solutions that depend on which
/// thread came first. Flown whole, every aim has the same chain of warm starts, and two threads flying a group at
/// once make the same bits (the first to store an aim keeps it).
fn fly_group(
    scenario: &Scenario,
    g: &Group<'_>,
    cache: &TrajectoryCache,
    options: &AssessOptions,
    cancel: &AtomicBool,
) -> Result<Vec<Arc<Flown>>, AssessError> {
    let c = g.corridor;
    let key = group_hash(scenario, c, g);
    let launch = c.launches[g.launch].position;
    let keys: Vec<_> = c
        .aims
        .iter()
        .map(|aim| (key, coords(&launch, &aim.position)))
        .collect();
    {
        let cached = cache.lock();
        let all: Option<Vec<Arc<Flown>>> = keys.iter().map(|k| cached.get(k).cloned()).collect();
        if let Some(all) = all {
            return Ok(all);
        }
    }
    let missile: &ThreatMissile = &c.missiles[g.missile];
    let targeter = Targeter::new(scenario.model.earth, &missile.missile, scenario.model.drag)
        .with_accuracy(options.accuracy);
    let shape = c.shapes[g.shape].shape;
    let mut warm: Option<TargetingSolution> = None;
    let mut out = Vec::with_capacity(c.aims.len());
    for (aim, k) in c.aims.iter().zip(keys) {
        if cancel.load(Ordering::Relaxed) {
            return Err(AssessError::Cancelled);
        }
        let flight = super::fly::fly(&targeter, &launch, &aim.position, shape, warm.as_ref());
        if flight.solution.is_some() {
            warm = flight.solution;
        }
        let flown = match flight.path {
            Ok(path) => {
                let (thin, times) = thin_path(scenario, &path, options.path_points);
                Flown::Path(path, thin, times)
            }
            Err(super::fly::NotFlown::OutOfRange(e)) => Flown::OutOfRange(e.to_string()),
            Err(super::fly::NotFlown::Failed(e)) => {
                Flown::Failed(format!("{}{e}", missile_origin(scenario, &missile.id)))
            }
        };
        let flown = cache
            .lock()
            .entry(k)
            .or_insert_with(|| Arc::new(flown))
            .clone();
        out.push(flown);
    }
    Ok(out)
}

/// The path as (latitude °, longitude °, altitude km) at about `n` evenly spread samples, impact included, and the
/// samples' times (s after launch).
fn thin_path(scenario: &Scenario, path: &SampledTrajectory, n: usize) -> (Vec<[f64; 3]>, Vec<f64>) {
    let ellipsoid = scenario.model.earth.ellipsoid();
    let pos = path.positions_ecef_m();
    let n = n.max(2);
    let step = (pos.len() as f64 / (n - 1) as f64).max(1.0);
    let mut idx: Vec<usize> = (0..n)
        .map(|k| ((k as f64 * step).round() as usize).min(pos.len() - 1))
        .collect();
    idx.dedup();
    if idx.last() != Some(&(pos.len() - 1)) {
        idx.push(pos.len() - 1);
    }
    let times = idx.iter().map(|&i| path.times_s()[i]).collect();
    let points = idx
        .into_iter()
        .map(|i| {
            let g = ellipsoid.to_geodetic(&Ecef(pos[i]));
            [g.lat_deg(), g.lon_deg(), g.alt_m.max(0.0) / 1000.0]
        })
        .collect();
    (points, times)
}

fn intercept_summary(p: &InterceptPoint, arch: &Architecture) -> InterceptSummary {
    InterceptSummary {
        t_s: p.t_s,
        position: p.position,
        launch_s: p.launch_s,
        closing_speed_mps: p.closing_speed_mps,
        site: arch.sites[p.site].name.clone(),
    }
}

/// What enabled the launches at an engagement: the sensor (and link) whose track committed the site that intercepts
/// first ([`Authority::describe`](crate::intercept::Authority::describe)), for an engageable threat; `None`
/// otherwise. The one place where an engagement's launch authority becomes
/// the per-trajectory `enabled_by` text of every output.
fn enabled_by(arch: &Architecture, e: &Engagement) -> Option<String> {
    if !e.engageable {
        return None;
    }
    e.commit.as_ref().map(|c| c.authority.describe(arch))
}

fn evaluate(
    scenario: &Scenario,
    arch: &Architecture,
    g: &Group<'_>,
    aim: usize,
    flown: &Flown,
) -> Result<TrajectoryRecord, AssessError> {
    let c = g.corridor;
    let missile = &c.missiles[g.missile];
    let (path, path_t_s, outcome, enabled_by) = match flown {
        Flown::Path(path, thin, times) => {
            let e = super::fly::engage_flight(scenario, arch, path, missile.signature)?;
            let outcome = Outcome::Evaluated {
                engageable: e.engageable,
                reason: e.reason.clone(),
                window_s: e.window.as_ref().map_or(0.0, |w| w.duration_s),
                shots: e.shots,
                earliest: e
                    .window
                    .as_ref()
                    .map(|w| intercept_summary(&w.earliest, arch)),
                latest: e
                    .window
                    .as_ref()
                    .map(|w| intercept_summary(&w.latest, arch)),
                sites: e
                    .sites
                    .iter()
                    .filter(|s| s.window.is_some())
                    .map(|s| s.site.clone())
                    .collect(),
                impact_t_s: e.impact_t_s,
            };
            (thin.clone(), times.clone(), outcome, enabled_by(arch, &e))
        }
        Flown::OutOfRange(why) => (
            Vec::new(),
            Vec::new(),
            Outcome::OutOfRange(why.clone()),
            None,
        ),
        Flown::Failed(why) => (Vec::new(), Vec::new(), Outcome::Failed(why.clone()), None),
    };
    Ok(TrajectoryRecord {
        corridor: c.name.clone(),
        launch: c.launches[g.launch].name.clone(),
        aim: c.aims[aim].name.clone(),
        missile: missile.id.clone(),
        shape: c.shapes[g.shape].name.clone(),
        launch_position: c.launches[g.launch].position,
        aim_position: c.aims[aim].position,
        weight: c.aims[aim].weight,
        enabled_by,
        path,
        path_t_s,
        outcome,
    })
}

fn summarise(
    arch: &Architecture,
    corridor: &Corridor,
    records: &[TrajectoryRecord],
) -> CorridorAssessment {
    let sites: Vec<String> = arch.sites.iter().map(|s| s.name.clone()).collect();
    let mine: Vec<&TrajectoryRecord> = records
        .iter()
        .filter(|r| r.corridor == corridor.name)
        .collect();
    summarise_records(&corridor.name, &sites, &mine)
}

/// The summary of one corridor's `records`; `site_order` lists the architecture's sites in order.
fn summarise_records(
    corridor: &str,
    site_order: &[String],
    records: &[&TrajectoryRecord],
) -> CorridorAssessment {
    let (mut evaluated, mut out_of_range, mut failed, mut engageable) = (0, 0, 0, 0);
    let (mut weight_evaluated, mut weight_engageable) = (0.0, 0.0);
    let (mut windows, mut shots, mut first_alt) = (Vec::new(), Vec::new(), Vec::new());
    let mut site_used = vec![false; site_order.len()];
    let mut sensors: Vec<EnablingSensor> = Vec::new();
    for r in records {
        match &r.outcome {
            Outcome::Evaluated {
                engageable: e,
                window_s,
                shots: n,
                earliest,
                sites,
                ..
            } => {
                evaluated += 1;
                weight_evaluated += r.weight;
                if *e {
                    engageable += 1;
                    weight_engageable += r.weight;
                    windows.push(*window_s);
                    shots.push(*n as f64);
                    if let Some(p) = earliest {
                        first_alt.push(p.position.alt_m / 1000.0);
                    }
                    let name = r.enabled_by.as_deref().unwrap_or(UNRECORDED_SENSOR);
                    match sensors.iter_mut().find(|s| s.sensor == name) {
                        Some(s) => s.trajectories += 1,
                        None => sensors.push(EnablingSensor {
                            sensor: name.to_string(),
                            trajectories: 1,
                        }),
                    }
                }
                for (used, s) in site_used.iter_mut().zip(site_order) {
                    *used |= sites.contains(s);
                }
            }
            Outcome::OutOfRange(_) => out_of_range += 1,
            Outcome::Failed(_) => failed += 1,
        }
    }
    sensors.sort_by(|a, b| {
        b.trajectories
            .cmp(&a.trajectories)
            .then_with(|| a.sensor.cmp(&b.sensor))
    });
    let share = |n: f64, of: f64| (evaluated > 0).then(|| n / of);
    CorridorAssessment {
        corridor: corridor.to_string(),
        pairs: records.len(),
        evaluated,
        out_of_range,
        failed,
        engageable,
        engageable_share: share(engageable as f64, evaluated as f64),
        weighted_engageable_share: share(weight_engageable, weight_evaluated),
        window_s: Spread::of(&windows),
        shots: Spread::of(&shots),
        first_intercept_alt_km: Spread::of(&first_alt),
        sites: site_order
            .iter()
            .zip(site_used)
            .filter(|(_, used)| *used)
            .map(|(s, _)| s.clone())
            .collect(),
        enabled_by: sensors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn percentiles_interpolate_linearly_between_order_statistics() {
        // Type 7 by hand: h = (n − 1) p. The list and its 40th percentile (29) are the worked example of the
        // C = 1 variant in Wikipedia's "Percentile" article; NumPy's percentile gives the same values.
        let x = [15.0, 20.0, 35.0, 40.0, 50.0];
        assert!(close(percentile(&x, 0.4), 29.0)); // h = 1.6: 20 + 0.6 × 15
        assert!(close(percentile(&x, 0.1), 17.0)); // h = 0.4: 15 + 0.4 × 5
        assert!(close(percentile(&x, 0.5), 35.0));
        assert!(close(percentile(&x, 0.9), 46.0)); // h = 3.6: 40 + 0.6 × 10
        assert!(close(percentile(&x, 0.0), 15.0));
        assert!(close(percentile(&x, 1.0), 50.0));
        // An even count: the median is the mean of the two middle values.
        assert!(close(percentile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5));
        assert!(close(percentile(&[7.0], 0.9), 7.0));
        assert_eq!(percentile(&[], 0.5), None);
        assert_eq!(percentile(&x, 1.5), None);
        assert_eq!(percentile(&x, f64::NAN), None);
        let s = Spread::of(&[50.0, 15.0, 40.0, 20.0, 35.0]).unwrap();
        assert_eq!((s.min, s.p50, s.max), (15.0, 35.0, 50.0));
        assert!(close(Some(s.p10), 17.0) && close(Some(s.p90), 46.0));
        assert_eq!(Spread::of(&[]), None);
    }

    fn record((outcome, enabled_by): (Outcome, Option<String>), weight: f64) -> TrajectoryRecord {
        let here = Geodetic::from_degrees(0.0, 0.0, 0.0);
        TrajectoryRecord {
            corridor: "c".into(),
            launch: "l".into(),
            aim: "a".into(),
            missile: "m".into(),
            shape: "min-energy".into(),
            launch_position: here,
            aim_position: here,
            weight,
            enabled_by,
            path: Vec::new(),
            path_t_s: Vec::new(),
            outcome,
        }
    }

    /// An engaged trajectory: window (s), shots, first intercept altitude (km), site and enabling sensor.
    fn engaged(
        window_s: f64,
        shots: usize,
        alt_km: f64,
        site: &str,
        sensor: &str,
    ) -> (Outcome, Option<String>) {
        let at = InterceptSummary {
            t_s: 600.0,
            position: Geodetic::from_degrees(45.0, 25.0, alt_km * 1000.0),
            launch_s: 300.0,
            closing_speed_mps: 7000.0,
            site: site.into(),
        };
        let outcome = Outcome::Evaluated {
            engageable: true,
            reason: String::new(),
            window_s,
            shots,
            earliest: Some(at.clone()),
            latest: Some(at),
            sites: vec![site.into()],
            impact_t_s: 900.0,
        };
        (outcome, Some(sensor.into()))
    }

    fn missed() -> (Outcome, Option<String>) {
        let outcome = Outcome::Evaluated {
            engageable: false,
            reason: "out of reach".into(),
            window_s: 0.0,
            shots: 0,
            earliest: None,
            latest: None,
            sites: Vec::new(),
            impact_t_s: 900.0,
        };
        (outcome, None)
    }

    #[test]
    fn summary_counts_every_trajectory_and_spreads_only_the_engageable() {
        let records = [
            record(engaged(100.0, 1, 150.0, "deveselu", "kurecik-tpy2"), 2.0),
            record(engaged(300.0, 3, 250.0, "redzikowo", "redzikowo-spy1"), 1.0),
            record(engaged(200.0, 2, 200.0, "deveselu", "kurecik-tpy2"), 1.0),
            record(missed(), 4.0),
            record((Outcome::OutOfRange("too far".into()), None), 10.0),
            record((Outcome::Failed("no convergence".into()), None), 10.0),
        ];
        let refs: Vec<&TrajectoryRecord> = records.iter().collect();
        let order = ["redzikowo".to_string(), "deveselu".into(), "ship".into()];
        let c = summarise_records("c", &order, &refs);
        assert_eq!(
            (c.pairs, c.evaluated, c.out_of_range, c.failed, c.engageable),
            (6, 4, 1, 1, 3)
        );
        assert_eq!(c.pairs, c.evaluated + c.out_of_range + c.failed);
        assert!(close(c.engageable_share, 0.75));
        // Weights of the engageable (2 + 1 + 1) over those of the evaluated (2 + 1 + 1 + 4); the out-of-range and
        // failed trajectories weigh nothing.
        assert!(close(c.weighted_engageable_share, 0.5));
        // Over the engageable windows 100, 200, 300 only (over all four the median would be 150).
        let w = c.window_s.unwrap();
        assert_eq!((w.min, w.p50, w.max), (100.0, 200.0, 300.0));
        assert!(close(Some(w.p10), 120.0) && close(Some(w.p90), 280.0));
        let n = c.shots.unwrap();
        assert!(close(Some(n.p10), 1.2) && n.p50 == 2.0 && close(Some(n.p90), 2.8));
        let a = c.first_intercept_alt_km.unwrap();
        assert!(
            close(Some(a.p10), 160.0) && close(Some(a.p50), 200.0) && close(Some(a.p90), 240.0)
        );
        assert_eq!(c.sites, ["redzikowo", "deveselu"], "architecture order");
        assert_eq!(
            c.enabled_by,
            [
                EnablingSensor {
                    sensor: "kurecik-tpy2".into(),
                    trajectories: 2
                },
                EnablingSensor {
                    sensor: "redzikowo-spy1".into(),
                    trajectories: 1
                },
            ]
        );
    }

    #[test]
    fn summary_of_nothing_engageable_or_evaluated() {
        let records = [record(missed(), 1.0), record(missed(), 3.0)];
        let refs: Vec<&TrajectoryRecord> = records.iter().collect();
        let c = summarise_records("c", &[], &refs);
        assert_eq!((c.evaluated, c.engageable), (2, 0));
        assert_eq!(c.engageable_share, Some(0.0));
        assert_eq!(c.weighted_engageable_share, Some(0.0));
        assert_eq!(
            (c.window_s, c.shots, c.first_intercept_alt_km),
            (None, None, None)
        );
        assert!(c.enabled_by.is_empty() && c.sites.is_empty());
        let out = [record((Outcome::OutOfRange("too far".into()), None), 1.0)];
        let c = summarise_records("c", &[], &[&out[0]]);
        assert_eq!((c.pairs, c.evaluated, c.out_of_range), (1, 0, 1));
        assert_eq!(
            (c.engageable_share, c.weighted_engageable_share),
            (None, None)
        );
    }

    #[test]
    fn sensors_with_equal_counts_are_listed_by_name_and_none_is_lost() {
        let unrecorded = (engaged(50.0, 1, 100.0, "s", "x").0, None);
        let records = [
            record(engaged(50.0, 1, 100.0, "s", "zeta"), 1.0),
            record(engaged(50.0, 1, 100.0, "s", "alpha"), 1.0),
            record(unrecorded, 1.0),
        ];
        let refs: Vec<&TrajectoryRecord> = records.iter().collect();
        let c = summarise_records("c", &["s".into()], &refs);
        let names: Vec<&str> = c.enabled_by.iter().map(|s| s.sensor.as_str()).collect();
        assert_eq!(names, ["alpha", UNRECORDED_SENSOR, "zeta"]);
        let total: usize = c.enabled_by.iter().map(|s| s.trajectories).sum();
        assert_eq!(total, c.engageable);
    }
}
