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
    engage, Architecture, EngagementError, InterceptPoint, InterceptorCache, InterceptorSite,
};
use crate::scenario::{Corridor, Scenario, ThreatMissile};

/// Why an assessment stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AssessError {
    /// The user interrupted it.
    #[error("interrupted")]
    Cancelled,
    /// An interceptor's reach table could not be built.
    #[error("scenario {scenario}: interceptor {interceptor}: {error}")]
    Interceptor {
        /// Scenario name.
        scenario: String,
        /// Interceptor id.
        interceptor: String,
        /// The engine's error.
        error: Box<FlightError>,
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
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
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

/// The summary of one corridor against one architecture.
#[derive(Debug, Clone, PartialEq)]
pub struct CorridorAssessment {
    /// Corridor name.
    pub corridor: String,
    /// Trajectories flown and evaluated (launch–aim pairs within the missiles' reach).
    pub trajectories: usize,
    /// Launch–aim pairs beyond the missile's reach (not evaluated).
    pub out_of_range: usize,
    /// Trajectories that could not be solved.
    pub failed: usize,
    /// Engageable trajectories.
    pub engageable: usize,
    /// `engageable / trajectories` (0 when none evaluated).
    pub engageable_share: f64,
    /// Median intercept-window duration over all evaluated trajectories (0 for those not engageable), s.
    pub median_window_s: f64,
    /// Median window over the engageable trajectories only, s.
    pub median_window_engageable_s: Option<f64>,
    /// Shortest and longest window over the engageable trajectories, s.
    pub window_range_s: Option<[f64; 2]>,
    /// Median shoot-look-shoot opportunities over all evaluated trajectories.
    pub median_shots: f64,
    /// Altitude of the earliest intercept, km: lowest and median over the engageable trajectories.
    pub earliest_intercept_alt_km: Option<[f64; 2]>,
    /// Sites that have a window on at least one trajectory, in architecture order.
    pub sites: Vec<String>,
}

/// A scenario's assessment.
#[derive(Debug, Clone, PartialEq)]
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

fn group_hash(scenario: &Scenario, corridor: &Corridor, g: &Group<'_>) -> u64 {
    let mut h = DefaultHasher::new();
    format!(
        "{:?}|{:?}|{:?}",
        scenario.model, corridor.missiles[g.missile], corridor.shapes[g.shape].shape
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
                    error: Box::new(error),
                })?;
        sites.push(InterceptorSite {
            name: s.name.clone(),
            position: s.position,
            interceptor,
        });
    }
    let arch = Architecture {
        radars: a.radars.clone(),
        early_warning: a.early_warning,
        sites,
        decision_delay_s: a.decision_delay_s,
        launch_on_remote: a.launch_on_remote,
    };
    arch.validate().map_err(|error| AssessError::Architecture {
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
    let groups: Vec<Group<'_>> = scenario
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
        .collect();
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

/// Flies every aim of a group (or takes them from the cache), warm-starting each from the previous solution.
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
    let missile: &ThreatMissile = &c.missiles[g.missile];
    let targeter = Targeter::new(scenario.model.earth, &missile.missile, scenario.model.drag)
        .with_accuracy(options.accuracy);
    let shape = c.shapes[g.shape].shape;
    let mut warm: Option<TargetingSolution> = None;
    let mut out = Vec::with_capacity(c.aims.len());
    for aim in &c.aims {
        if cancel.load(Ordering::Relaxed) {
            return Err(AssessError::Cancelled);
        }
        let k = (key, coords(&launch, &aim.position));
        if let Some(f) = cache.lock().get(&k) {
            out.push(f.clone());
            continue;
        }
        let flown = match targeter.solve(&launch, &aim.position, shape, warm.as_ref()) {
            Ok(sol) => {
                let f = match SampledTrajectory::of_flight(
                    &targeter,
                    &launch,
                    &sol.controls,
                    sol.flight.impact_t_s,
                ) {
                    Ok(path) => {
                        let (thin, times) = thin_path(scenario, &path, options.path_points);
                        Flown::Path(path, thin, times)
                    }
                    Err(e) => Flown::Failed(e.to_string()),
                };
                warm = Some(sol);
                f
            }
            Err(
                e @ (FlightError::OutOfReach { .. }
                | FlightError::ShapeUnreachable(_)
                | FlightError::InvalidInput { .. }),
            ) => Flown::OutOfRange(e.to_string()),
            Err(e) => Flown::Failed(e.to_string()),
        };
        let flown = Arc::new(flown);
        cache.lock().insert(k, flown.clone());
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

fn evaluate(
    scenario: &Scenario,
    arch: &Architecture,
    g: &Group<'_>,
    aim: usize,
    flown: &Flown,
) -> Result<TrajectoryRecord, AssessError> {
    let c = g.corridor;
    let missile = &c.missiles[g.missile];
    let (path, path_t_s, outcome) = match flown {
        Flown::Path(path, thin, times) => {
            let e =
                engage(&scenario.model.earth, arch, path, missile.signature).map_err(|error| {
                    AssessError::Architecture {
                        scenario: scenario.name.clone(),
                        error: Box::new(error),
                    }
                })?;
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
            (thin.clone(), times.clone(), outcome)
        }
        Flown::OutOfRange(why) => (Vec::new(), Vec::new(), Outcome::OutOfRange(why.clone())),
        Flown::Failed(why) => (Vec::new(), Vec::new(), Outcome::Failed(why.clone())),
    };
    Ok(TrajectoryRecord {
        corridor: c.name.clone(),
        launch: c.launches[g.launch].name.clone(),
        aim: c.aims[aim].name.clone(),
        missile: missile.id.clone(),
        shape: c.shapes[g.shape].name.clone(),
        launch_position: c.launches[g.launch].position,
        aim_position: c.aims[aim].position,
        path,
        path_t_s,
        outcome,
    })
}

/// Median of a non-empty slice (mean of the two middle values for an even count).
fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        0.5 * (values[n / 2 - 1] + values[n / 2])
    })
}

fn summarise(
    arch: &Architecture,
    corridor: &Corridor,
    records: &[TrajectoryRecord],
) -> CorridorAssessment {
    let mine = records.iter().filter(|r| r.corridor == corridor.name);
    let (mut evaluated, mut out_of_range, mut failed, mut engageable) = (0, 0, 0, 0);
    let (mut windows, mut windows_engaged, mut shots, mut first_alt) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut site_used = vec![false; arch.sites.len()];
    for r in mine {
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
                windows.push(*window_s);
                shots.push(*n as f64);
                if *e {
                    engageable += 1;
                    windows_engaged.push(*window_s);
                    if let Some(p) = earliest {
                        first_alt.push(p.position.alt_m / 1000.0);
                    }
                }
                for (i, s) in arch.sites.iter().enumerate() {
                    if sites.contains(&s.name) {
                        site_used[i] = true;
                    }
                }
            }
            Outcome::OutOfRange(_) => out_of_range += 1,
            Outcome::Failed(_) => failed += 1,
        }
    }
    let lowest_alt = first_alt.iter().copied().fold(f64::INFINITY, f64::min);
    let window_range = (!windows_engaged.is_empty()).then(|| {
        [
            windows_engaged
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min),
            windows_engaged.iter().copied().fold(0.0, f64::max),
        ]
    });
    CorridorAssessment {
        corridor: corridor.name.clone(),
        trajectories: evaluated,
        out_of_range,
        failed,
        engageable,
        engageable_share: if evaluated > 0 {
            engageable as f64 / evaluated as f64
        } else {
            0.0
        },
        median_window_s: median(&mut windows).unwrap_or(0.0),
        median_window_engageable_s: median(&mut windows_engaged),
        window_range_s: window_range,
        median_shots: median(&mut shots).unwrap_or(0.0),
        earliest_intercept_alt_km: median(&mut first_alt).map(|m| [lowest_alt, m]),
        sites: arch
            .sites
            .iter()
            .zip(site_used)
            .filter(|(_, used)| *used)
            .map(|(s, _)| s.name.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }
}
