//! Sweeps: a scenario assessed again for every value of one parameter (a line) or every pair of values of two (a
//! grid), each parameter addressed by path ([`ParamPath`]).
//!
//! No parameter a path can address changes a threat trajectory, so every trajectory is flown once (the shared
//! [`TrajectoryCache`]) and only re-engaged per value. Interceptor types are built once per distinct specification:
//! the scenario's own types in the shared [`InterceptorCache`], a swept type in a per-value copy that is dropped with
//! the value, so memory does not grow with the number of values.
//!
//! Points are evaluated in parallel and returned in grid order (the first axis outermost); each point's assessment
//! is the one [`assess`] gives for the modified scenario, whatever the number of threads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::assess::{
    assess, fly_all, AssessError, AssessOptions, Caches, ScenarioAssessment, TrajectoryCache,
};
use super::params::{ParamError, ParamPath};
use crate::intercept::InterceptorCache;
use crate::scenario::Scenario;

/// Most values a sweep may evaluate (over all its axes together).
pub const MAX_SWEEP_POINTS: usize = 10_000;

/// Why a sweep stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SweepError {
    /// A parameter or one of its values was refused.
    #[error(transparent)]
    Param(#[from] ParamError),
    /// The assessment of one value failed (or was interrupted).
    #[error(transparent)]
    Assess(#[from] AssessError),
    /// The axes are not a valid sweep.
    #[error("{0}")]
    Axes(String),
}

/// One swept parameter and its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The parameter.
    pub path: ParamPath,
    /// Its values, in the path's unit, in the order evaluated.
    pub values: Vec<f64>,
    /// Its value in the unmodified scenario.
    pub nominal: f64,
}

impl Axis {
    /// The axis of `path` over `values`, its nominal value read from `scenario`.
    pub fn new(path: ParamPath, values: Vec<f64>, scenario: &Scenario) -> Result<Self, SweepError> {
        let nominal = path.value(scenario)?;
        if values.is_empty() {
            return Err(SweepError::Axes(format!("`{path}` has no values")));
        }
        Ok(Self {
            path,
            values,
            nominal,
        })
    }
}

/// The values `from`, `from + step`, … up to `to` (inclusive, within a millionth of a step), for `FROM:TO:STEP`.
/// `from > to` needs a negative step. Errors say what is wrong in words.
pub fn range_values(from: f64, to: f64, step: f64) -> Result<Vec<f64>, String> {
    if !(from.is_finite() && to.is_finite() && step.is_finite()) {
        return Err("FROM, TO and STEP must be finite numbers".into());
    }
    if step == 0.0 {
        return Err("STEP must not be 0".into());
    }
    if (to - from) * step < 0.0 {
        return Err(format!(
            "STEP {step} goes away from TO: FROM {from} to TO {to} needs a {} step",
            if to > from { "positive" } else { "negative" }
        ));
    }
    let n = ((to - from) / step + 1e-6).floor();
    if n + 1.0 > MAX_SWEEP_POINTS as f64 {
        return Err(format!(
            "{} values; at most {MAX_SWEEP_POINTS} (use a larger STEP)",
            n + 1.0
        ));
    }
    Ok((0..=n as usize).map(|i| from + i as f64 * step).collect())
}

/// One evaluated point of a sweep.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SweepPoint {
    /// The value of each axis, in axis order.
    pub values: Vec<f64>,
    /// The scenario's assessment with those values (trajectory paths left out).
    pub assessment: ScenarioAssessment,
}

/// A scenario's sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioSweep {
    /// Scenario name.
    pub scenario: String,
    /// Its title.
    pub title: String,
    /// The axes, first outermost.
    pub axes: Vec<Axis>,
    /// Every point, in grid order (the last axis varying fastest).
    pub points: Vec<SweepPoint>,
}

impl ScenarioSweep {
    /// Whether `values` (one per axis) are the scenario's own values (within a billionth).
    pub fn is_nominal(&self, values: &[f64]) -> bool {
        self.axes
            .iter()
            .zip(values)
            .all(|(a, v)| (a.nominal - v).abs() <= 1e-9 * a.nominal.abs().max(1.0))
    }
}

/// The points of the grid of `axes` (one or two), in grid order (the first axis outermost): each point's value per
/// axis. Refuses axes that are not a sweep (none, more than two, one parameter twice, too many points).
pub fn sweep_grid(axes: &[Axis]) -> Result<Vec<Vec<f64>>, SweepError> {
    if axes.is_empty() || axes.len() > 2 {
        return Err(SweepError::Axes(format!(
            "{} parameters: a sweep varies one (a line) or two (a grid)",
            axes.len()
        )));
    }
    if axes.len() == 2 && axes[0].path == axes[1].path {
        return Err(SweepError::Axes(format!(
            "`{}` is varied twice",
            axes[0].path
        )));
    }
    let total: usize = axes.iter().map(|a| a.values.len()).product();
    if total > MAX_SWEEP_POINTS {
        return Err(SweepError::Axes(format!(
            "{total} points; at most {MAX_SWEEP_POINTS} (use fewer values)"
        )));
    }
    Ok(match axes {
        [a] => a.values.iter().map(|&v| vec![v]).collect(),
        [a, b] => a
            .values
            .iter()
            .flat_map(|&x| b.values.iter().map(move |&y| vec![x, y]))
            .collect(),
        _ => unreachable!("checked above"),
    })
}

/// Evaluates `scenario` at every point of the grid of `axes` (one or two). `progress(done, total)` is called after
/// each point; `cancel` stops the work soon after with [`AssessError::Cancelled`].
///
/// This is [`sweep_points`] over every point followed by [`ScenarioSweep::from_points`]: the one way a sweep is
/// computed, whether on one machine or cut into ranges of points evaluated elsewhere.
pub fn sweep(
    scenario: &Scenario,
    axes: &[Axis],
    interceptors: &InterceptorCache,
    trajectories: &TrajectoryCache,
    options: &AssessOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<ScenarioSweep, SweepError> {
    let total = sweep_grid(axes)?.len();
    let caches = Caches {
        interceptors,
        trajectories,
        options,
    };
    let all = sweep_points(scenario, axes, 0..total, &caches, progress, cancel)?;
    ScenarioSweep::from_points(scenario, axes, vec![all])
}

/// The evaluated points `first..first + points.len()` of a sweep (in grid order): a part of it
/// ([`sweep_points`]), merged with the others by [`ScenarioSweep::from_points`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SweepPoints {
    /// Index of the first point in the sweep's grid order.
    pub first: usize,
    /// The points.
    pub points: Vec<SweepPoint>,
}

/// Evaluates the points `range` (indices in grid order, see [`sweep_grid`]) of the sweep of `scenario` over `axes`.
/// A point's assessment depends only on the scenario and its values, so the parts of a sweep evaluated anywhere,
/// in any order, merge ([`ScenarioSweep::from_points`]) into the sweep [`sweep`] computes, bit for bit. The values
/// of the range are checked before anything is flown (the first refused value in grid order is the one reported);
/// `progress(done, total)` counts the range's points.
pub fn sweep_points(
    scenario: &Scenario,
    axes: &[Axis],
    range: std::ops::Range<usize>,
    caches: &Caches<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<SweepPoints, SweepError> {
    let grid = sweep_grid(axes)?;
    let Some(grid) = grid.get(range.clone()) else {
        return Err(SweepError::Axes(format!(
            "points {}..{} are not within the sweep's {} points",
            range.start,
            range.end,
            grid.len()
        )));
    };
    let total = grid.len();
    // In parallel: setting a burn-out speed flies boosts.
    let scenarios: Vec<Scenario> = grid
        .par_iter()
        .map(|values| modified(scenario, axes, values))
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<_, _>>()?;
    // The threats first (in parallel inside; no defence parameter changes them), then the values.
    if !grid.is_empty() {
        fly_all(scenario, caches.trajectories, caches.options, cancel)?;
        build_unchanged(scenario, &scenarios, caches.interceptors);
    }
    let done = AtomicUsize::new(0);
    let points: Vec<Result<SweepPoint, SweepError>> = scenarios
        .par_iter()
        .zip(grid.par_iter())
        .map(|(s, values)| {
            let local = caches.interceptors.fork();
            let mut assessment = assess(
                s,
                &local,
                caches.trajectories,
                caches.options,
                &|_| {},
                cancel,
            )?;
            for r in &mut assessment.trajectories {
                r.path = Vec::new();
                r.path_t_s = Vec::new();
            }
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(SweepPoint {
                values: values.clone(),
                assessment,
            })
        })
        .collect();
    Ok(SweepPoints {
        first: range.start,
        points: points.into_iter().collect::<Result<_, _>>()?,
    })
}

/// Builds, in the shared `cache`, the interceptor types and site envelopes of `nominal` that every value's scenario
/// (`values`) keeps unchanged, before the values fork the cache: without it each value's fork would build them again
/// (a reach table and a site envelope, about a second of CPU per type and site latitude, for every value of a
/// decision-delay or radar sweep). A type the sweep changes is built by each value in its own fork. A failure is left
/// to the values' assessments, which report it where it belongs.
fn build_unchanged(nominal: &Scenario, values: &[Scenario], cache: &InterceptorCache) {
    let earth = nominal.model.earth;
    let kept = |site: &crate::scenario::SiteSpec| {
        values.iter().all(|s| {
            s.model.earth == earth
                && s.architecture.sites.iter().any(|x| {
                    x.interceptor == site.interceptor
                        && x.position.lat_rad.to_bits() == site.position.lat_rad.to_bits()
                })
        })
    };
    let mut built = Vec::new();
    for site in nominal.architecture.sites.iter().filter(|s| kept(s)) {
        match cache.get(&site.interceptor) {
            Ok(i) => built.push((i, site.position.lat_rad)),
            Err(_) => return,
        }
    }
    let pairs: Vec<(&crate::intercept::Interceptor, f64)> =
        built.iter().map(|(i, lat)| (i, *lat)).collect();
    let _ = crate::intercept::prepare_envelopes(&earth, &pairs);
}

impl ScenarioSweep {
    /// The sweep of `scenario` over `axes` from its parts ([`sweep_points`]), given in any order: together they must
    /// hold every point of the grid exactly once. The result is the one [`sweep`] computes.
    pub fn from_points(
        scenario: &Scenario,
        axes: &[Axis],
        mut parts: Vec<SweepPoints>,
    ) -> Result<ScenarioSweep, SweepError> {
        let total = sweep_grid(axes)?.len();
        parts.retain(|p| !p.points.is_empty());
        parts.sort_by_key(|p| p.first);
        let mut next = 0;
        for p in &parts {
            if p.first != next {
                return Err(SweepError::Axes(format!(
                    "sweep parts: {} point {} (the parts must hold each of the {total} points exactly once)",
                    if p.first < next { "overlap at" } else { "none holds" },
                    p.first.min(next)
                )));
            }
            next += p.points.len();
        }
        if next != total {
            return Err(SweepError::Axes(format!(
                "sweep parts: they hold points 0 to {next} of {total} (each point exactly once)"
            )));
        }
        Ok(ScenarioSweep {
            scenario: scenario.name.clone(),
            title: scenario.title.clone(),
            axes: axes.to_vec(),
            points: parts.into_iter().flat_map(|p| p.points).collect(),
        })
    }
}

/// `scenario` with each axis's parameter set to its value in `values`.
pub fn modified(
    scenario: &Scenario,
    axes: &[Axis],
    values: &[f64],
) -> Result<Scenario, ParamError> {
    let mut s = scenario.clone();
    for (a, &v) in axes.iter().zip(values) {
        a.path.apply(&mut s, v)?;
    }
    Ok(s)
}
