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
    assess, fly_all, AssessError, AssessOptions, ScenarioAssessment, TrajectoryCache,
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
#[derive(Debug, Clone, PartialEq)]
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

/// Evaluates `scenario` at every point of the grid of `axes` (one or two). `progress(done, total)` is called after
/// each point; `cancel` stops the work soon after with [`AssessError::Cancelled`].
pub fn sweep(
    scenario: &Scenario,
    axes: &[Axis],
    interceptors: &InterceptorCache,
    trajectories: &TrajectoryCache,
    options: &AssessOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<ScenarioSweep, SweepError> {
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
    let grid: Vec<Vec<f64>> = match axes {
        [a] => a.values.iter().map(|&v| vec![v]).collect(),
        [a, b] => a
            .values
            .iter()
            .flat_map(|&x| b.values.iter().map(move |&y| vec![x, y]))
            .collect(),
        _ => unreachable!("checked above"),
    };
    // Every value is checked before anything is computed (in parallel: setting a burn-out speed flies boosts; the
    // first refused value in grid order is the one reported, whatever the threads).
    let scenarios: Vec<Scenario> = grid
        .par_iter()
        .map(|values| modified(scenario, axes, values))
        .collect::<Vec<_>>()
        .into_iter()
        .collect::<Result<_, _>>()?;
    // The threats first (in parallel inside; no defence parameter changes them), then the values.
    fly_all(scenario, trajectories, options, cancel)?;
    let done = AtomicUsize::new(0);
    let points: Vec<Result<SweepPoint, SweepError>> = scenarios
        .par_iter()
        .zip(grid.par_iter())
        .map(|(s, values)| {
            let local = interceptors.fork();
            let mut assessment = assess(s, &local, trajectories, options, &|_| {}, cancel)?;
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
    Ok(ScenarioSweep {
        scenario: scenario.name.clone(),
        title: scenario.title.clone(),
        axes: axes.to_vec(),
        points: points.into_iter().collect::<Result<_, _>>()?,
    })
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

/// Every point of every sweep as one long table, one row per (scenario, point, corridor): the axes' paths and
/// values, the counts, the shares and the window, shots and first-intercept spreads over the engageable trajectories
/// (empty when none is). CSV and Parquet through [`Table`](crate::export::Table).
pub fn sweep_table(
    sweeps: &[ScenarioSweep],
) -> Result<crate::export::Table, crate::export::ExportError> {
    use crate::export::{Column, ColumnData, Table};
    let axes = sweeps.iter().map(|s| s.axes.len()).max().unwrap_or(1);
    let mut scenario = Vec::new();
    let mut corridor = Vec::new();
    let mut params: Vec<Vec<String>> = vec![Vec::new(); axes];
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::new(); axes];
    let mut nominal = Vec::new();
    let (mut pairs, mut evaluated, mut out_of_range, mut failed, mut engageable) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut share, mut weighted) = (Vec::new(), Vec::new());
    let (mut w10, mut w50, mut w90, mut shots50, mut alt50) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut sites = Vec::new();
    for s in sweeps {
        for p in &s.points {
            for c in &p.assessment.corridors {
                scenario.push(s.scenario.clone());
                corridor.push(c.corridor.clone());
                for k in 0..axes {
                    params[k].push(
                        s.axes
                            .get(k)
                            .map(|a| a.path.to_string())
                            .unwrap_or_default(),
                    );
                    values[k].push(p.values.get(k).copied());
                }
                nominal.push(s.is_nominal(&p.values));
                pairs.push(c.pairs as i64);
                evaluated.push(c.evaluated as i64);
                out_of_range.push(c.out_of_range as i64);
                failed.push(c.failed as i64);
                engageable.push(c.engageable as i64);
                share.push(c.engageable_share);
                weighted.push(c.weighted_engageable_share);
                w10.push(c.window_s.map(|w| w.p10));
                w50.push(c.window_s.map(|w| w.p50));
                w90.push(c.window_s.map(|w| w.p90));
                shots50.push(c.shots.map(|w| w.p50));
                alt50.push(c.first_intercept_alt_km.map(|w| w.p50));
                sites.push(c.sites.join(" "));
            }
        }
    }
    let mut columns = vec![
        Column::new("scenario", "scenario name", ColumnData::Text(scenario)),
        Column::new("corridor", "threat corridor", ColumnData::Text(corridor)),
    ];
    for (k, (p, v)) in params.into_iter().zip(values).enumerate() {
        let n = k + 1;
        columns.push(Column::new(
            format!("parameter_{n}"),
            format!("path of swept parameter {n} (its unit is the path's suffix)"),
            ColumnData::Text(p),
        ));
        columns.push(Column::new(
            format!("value_{n}"),
            format!("value of swept parameter {n}, in the unit of its path"),
            ColumnData::OptF64(v),
        ));
    }
    columns.extend([
        Column::new(
            "nominal",
            "true where every swept value is the scenario's own",
            ColumnData::Bool(nominal),
        ),
        Column::new(
            "pairs",
            "launch-aim-missile-shape combinations of the corridor",
            ColumnData::I64(pairs),
        ),
        Column::new(
            "evaluated",
            "trajectories flown and engaged (N)",
            ColumnData::I64(evaluated),
        ),
        Column::new(
            "out_of_range",
            "pairs beyond the missile's reach (not in N)",
            ColumnData::I64(out_of_range),
        ),
        Column::new(
            "failed",
            "trajectories not solved (not in N)",
            ColumnData::I64(failed),
        ),
        Column::new(
            "engageable",
            "engageable trajectories (n of N)",
            ColumnData::I64(engageable),
        ),
        Column::new(
            "engageable_share",
            "n / N, 0 to 1 (empty when N = 0)",
            ColumnData::OptF64(share),
        ),
        Column::new(
            "weighted_engageable_share",
            "aim weights of the engageable over those of the evaluated, 0 to 1",
            ColumnData::OptF64(weighted),
        ),
        Column::new(
            "window_p10_s",
            "intercept window, 10th percentile over the engageable, s",
            ColumnData::OptF64(w10),
        ),
        Column::new(
            "window_p50_s",
            "intercept window, median over the engageable, s",
            ColumnData::OptF64(w50),
        ),
        Column::new(
            "window_p90_s",
            "intercept window, 90th percentile over the engageable, s",
            ColumnData::OptF64(w90),
        ),
        Column::new(
            "shots_p50",
            "shoot-look-shoot opportunities, median over the engageable",
            ColumnData::OptF64(shots50),
        ),
        Column::new(
            "first_intercept_alt_p50_km",
            "altitude of the earliest intercept, median over the engageable, km",
            ColumnData::OptF64(alt50),
        ),
        Column::new(
            "sites",
            "sites with a window on at least one trajectory, space-separated",
            ColumnData::Text(sites),
        ),
    ]);
    Table::new(columns)
}
