//! `shieldsim sweep`: scenarios re-assessed over the values of one or two parameters.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use shieldsim::analysis::params::{parameter_paths, ParamPath};
use shieldsim::analysis::{
    range_values, sweep_grid, sweep_points, AssessError, AssessOptions, Axis, Caches,
    ScenarioSweep, SweepError, SweepPoints, TrajectoryCache,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::Scenario;

use crate::error::stopped;
use crate::error::{bad, Error};
use crate::files::{internal, write_json_atomic, OutputSet};
use crate::output::{json_text, table, value_text};
use crate::parts::{fingerprint, split_range, Part};
use crate::requests::{Format, SweepJob};
use crate::study_tables::sweep_table;
use crate::Control;

/// One `--vary` as given: the path and its values.
#[derive(Debug, Clone)]
pub struct Vary {
    /// The parameter path.
    pub path: String,
    /// Its values.
    pub values: Vec<f64>,
}

/// Parses `PATH=FROM:TO:STEP` or `PATH=V1,V2,...`.
pub fn parse_vary(text: &str) -> Result<Vary, Error> {
    let hint = "PATH=FROM:TO:STEP or PATH=V1,V2,... (e.g. interceptors.gbi-2stage.burnout_speed_mps=5500:9000:250)";
    let (path, spec) = text
        .split_once('=')
        .ok_or_else(|| bad("--vary", text, &format!("expected {hint}")))?;
    let number = |s: &str| -> Result<f64, Error> {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                bad(
                    "--vary",
                    text,
                    &format!("`{s}` is not a finite number; expected {hint}"),
                )
            })
    };
    let values = if spec.contains(':') {
        let parts: Vec<&str> = spec.split(':').collect();
        let [from, to, step] = parts[..] else {
            return Err(bad(
                "--vary",
                text,
                &format!("a range has three parts; expected {hint}"),
            ));
        };
        range_values(number(from)?, number(to)?, number(step)?)
            .map_err(|e| bad("--vary", text, &format!("{e}; expected {hint}")))?
    } else {
        let v = spec
            .split(',')
            .map(number)
            .collect::<Result<Vec<f64>, _>>()?;
        if v.len() > shieldsim::analysis::sweep::MAX_SWEEP_POINTS {
            return Err(bad("--vary", text, "too many values"));
        }
        v
    };
    if values.is_empty() || path.trim().is_empty() {
        return Err(bad("--vary", text, &format!("expected {hint}")));
    }
    Ok(Vary {
        path: path.trim().to_string(),
        values,
    })
}

/// The JSON of `sweep` (also `sweep.json`). Deterministic (no timings).
#[derive(Debug, Serialize)]
pub struct SweepOut {
    parameters: Vec<ParameterOut>,
    /// Scenarios not swept because they lack a parameter, with why.
    skipped: Vec<SkippedOut>,
    results: Vec<RowOut>,
}

#[derive(Debug, Serialize)]
struct ParameterOut {
    scenario: String,
    path: String,
    unit: &'static str,
    nominal: f64,
    values: Vec<f64>,
}

#[derive(Debug, Serialize)]
struct SkippedOut {
    scenario: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct RowOut {
    scenario: String,
    corridor: String,
    values: Vec<f64>,
    nominal: bool,
    pairs: usize,
    evaluated: usize,
    out_of_range: usize,
    failed: usize,
    engageable: usize,
    engageable_share: Option<f64>,
    weighted_engageable_share: Option<f64>,
    window_p10_s: Option<f64>,
    window_p50_s: Option<f64>,
    window_p90_s: Option<f64>,
    first_intercept_alt_p50_km: Option<f64>,
    sites: Vec<String>,
}

fn sweep_out(sweeps: &[ScenarioSweep], skipped: &[(String, String)]) -> SweepOut {
    SweepOut {
        parameters: sweeps
            .iter()
            .flat_map(|s| {
                s.axes.iter().map(|a| ParameterOut {
                    scenario: s.scenario.clone(),
                    path: a.path.to_string(),
                    unit: a.path.unit(),
                    nominal: a.nominal,
                    values: a.values.clone(),
                })
            })
            .collect(),
        skipped: skipped
            .iter()
            .map(|(s, r)| SkippedOut {
                scenario: s.clone(),
                reason: r.clone(),
            })
            .collect(),
        results: sweeps
            .iter()
            .flat_map(|s| {
                s.points.iter().flat_map(move |p| {
                    p.assessment.corridors.iter().map(move |c| RowOut {
                        scenario: s.scenario.clone(),
                        corridor: c.corridor.clone(),
                        values: p.values.clone(),
                        nominal: s.is_nominal(&p.values),
                        pairs: c.pairs,
                        evaluated: c.evaluated,
                        out_of_range: c.out_of_range,
                        failed: c.failed,
                        engageable: c.engageable,
                        engageable_share: c.engageable_share,
                        weighted_engageable_share: c.weighted_engageable_share,
                        window_p10_s: c.window_s.map(|w| w.p10),
                        window_p50_s: c.window_s.map(|w| w.p50),
                        window_p90_s: c.window_s.map(|w| w.p90),
                        first_intercept_alt_p50_km: c.first_intercept_alt_km.map(|w| w.p50),
                        sites: c.sites.clone(),
                    })
                })
            })
            .collect(),
    }
}

/// The report's headline findings: per scenario and corridor, where the count of engageable trajectories flips
/// between none and some along a one-parameter sweep ("Russia→US: becomes engageable between 5000 m/s and
/// 7000 m/s of PATH: none at 5000 m/s, 17 of 143 at 7000 m/s"), else the counts at both ends (the range over a
/// two-parameter grid); the count at the scenario's own value where it was swept.
pub(crate) fn headlines(sweeps: &[ScenarioSweep]) -> Vec<String> {
    use crate::report::{corridor_display_name, short_title_of};
    let mut out = Vec::new();
    for s in sweeps {
        let Some(first) = s.points.first() else {
            continue;
        };
        let scenario = short_title_of(&s.scenario, &s.title);
        for (k, c0) in first.assessment.corridors.iter().enumerate() {
            let name = corridor_display_name(&c0.corridor);
            let counts: Vec<(&[f64], usize, usize)> = s
                .points
                .iter()
                .filter_map(|p| {
                    p.assessment
                        .corridors
                        .get(k)
                        .map(|c| (&p.values[..], c.engageable, c.evaluated))
                })
                .collect();
            let nominal = counts
                .iter()
                .find(|(v, _, _)| s.is_nominal(v))
                .map(|(_, e, n)| format!("; {e} of {n} at the scenario's value"))
                .unwrap_or_default();
            let at = |v: &[f64]| -> String {
                s.axes
                    .iter()
                    .zip(v)
                    .map(|(a, x)| format!("{} {}", value_text(*x), a.path.unit()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (min, max) = counts.iter().fold((usize::MAX, 0), |(lo, hi), (_, e, _)| {
                (lo.min(*e), hi.max(*e))
            });
            let n = c0.evaluated;
            let text = if min == max {
                format!(
                    "{min} of {n} engageable at every swept value of {}",
                    axes_names(s)
                )
            } else if s.axes.len() == 1 {
                let path = &s.axes[0].path;
                let flip = counts.windows(2).find(|w| (w[0].1 == 0) != (w[1].1 == 0));
                let (a, b) = (counts[0], counts[counts.len() - 1]);
                match flip {
                    Some(w) if w[0].1 == 0 => format!(
                        "becomes engageable between {} and {} of {path}: none at {}, {} of {} at {}",
                        at(w[0].0),
                        at(w[1].0),
                        at(w[0].0),
                        w[1].1,
                        w[1].2,
                        at(w[1].0)
                    ),
                    Some(w) => format!(
                        "stops being engageable between {} and {} of {path}: {} of {} at {}, none at {}",
                        at(w[0].0),
                        at(w[1].0),
                        w[0].1,
                        w[0].2,
                        at(w[0].0),
                        at(w[1].0)
                    ),
                    None => format!(
                        "{} of {} engageable at {} of {path}, {} of {} at {}",
                        a.1,
                        a.2,
                        at(a.0),
                        b.1,
                        b.2,
                        at(b.0)
                    ),
                }
            } else {
                format!(
                    "between {min} and {max} of {n} engageable over the grid of {}",
                    axes_names(s)
                )
            };
            out.push(format!("{scenario}, {name}: {text}{nominal}."));
        }
    }
    out
}

/// The swept parameters' paths, joined.
fn axes_names(s: &ScenarioSweep) -> String {
    s.axes
        .iter()
        .map(|a| a.path.to_string())
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The results as aligned text (also the report's table).
fn table_text(
    sweeps: &[ScenarioSweep],
    skipped: &[(String, String)],
    elapsed_s: Option<f64>,
) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    for s in sweeps {
        let names: Vec<String> = s
            .axes
            .iter()
            .map(|a| format!("{} ({})", a.path, a.path.unit()))
            .collect();
        let _ = writeln!(o, "{}: {}", s.scenario, s.title);
        for a in &s.axes {
            let _ = writeln!(
                o,
                "  {} = {} {} in the scenario (*)",
                a.path,
                value_text(a.nominal),
                a.path.unit()
            );
        }
        let mut rows = vec![{
            let mut h = vec!["corridor".to_string()];
            h.extend(names.iter().cloned());
            h.extend([
                "engageable".into(),
                "window P50 s".into(),
                "first intercept alt P50 km".into(),
            ]);
            h
        }];
        let corridors: Vec<String> = s
            .points
            .first()
            .map(|p| {
                p.assessment
                    .corridors
                    .iter()
                    .map(|c| c.corridor.clone())
                    .collect()
            })
            .unwrap_or_default();
        for (k, corridor) in corridors.iter().enumerate() {
            for p in &s.points {
                let c = &p.assessment.corridors[k];
                let mut row = vec![corridor.clone()];
                let mark = if s.is_nominal(&p.values) { " *" } else { "" };
                row.extend(p.values.iter().map(|v| format!("{}{mark}", value_text(*v))));
                row.push(crate::report::engageable_cell(c));
                row.push(c.window_s.map_or("-".into(), |w| format!("{:.0}", w.p50)));
                row.push(
                    c.first_intercept_alt_km
                        .map_or("-".into(), |w| format!("{:.0}", w.p50)),
                );
                rows.push(row);
            }
        }
        let _ = writeln!(o, "{}", table(&rows));
    }
    for (s, why) in skipped {
        let _ = writeln!(o, "{s}: not swept ({why})");
    }
    let points: usize = sweeps.iter().map(|s| s.points.len()).sum();
    let _ = write!(
        o,
        "Engageable: n of N trajectories flown and evaluated (out-of-range pairs are not in N). Every trajectory is\n\
         flown once and re-engaged at every value. {points} scenario evaluations"
    );
    let _ = match elapsed_s {
        Some(t) => writeln!(o, " in {t:.1} s."),
        None => writeln!(o, "."),
    };
    o
}

/// The result of `sweep`.
#[derive(Debug)]
pub struct SweepResult {
    /// The document (`sweep.json`; `--format json`).
    pub document: SweepOut,
    /// Every point of every scenario's sweep.
    pub sweeps: Vec<ScenarioSweep>,
    /// Scenarios not swept (scenario, why).
    pub skipped: Vec<(String, String)>,
    /// Wall time, s.
    pub elapsed_s: f64,
    /// The files written (empty without `out`).
    pub files: Vec<String>,
}

impl SweepResult {
    /// The results as aligned text, JSON, or the long table (one row per scenario, point and corridor) as CSV.
    pub fn render(&self, format: Format) -> Result<String, Error> {
        match format {
            Format::Json => json_text(&self.document),
            Format::Csv => {
                let t = sweep_table(&self.sweeps).map_err(internal)?;
                let mut bytes = Vec::new();
                t.write_csv(&mut bytes).map_err(internal)?;
                Ok(String::from_utf8_lossy(&bytes).into_owned())
            }
            Format::Table => Ok(table_text(
                &self.sweeps,
                &self.skipped,
                Some(self.elapsed_s),
            )),
        }
    }
}

/// Sweeps one or two parameters (`--vary`, a line or a grid) of the scenarios (every built-in one when none is
/// named): every trajectory flown once and re-engaged at each value. `a.list` is not looked at: [`list`] answers it.
///
/// This is [`SweepStudy::new`], [`SweepStudy::evaluate`] over every point and [`SweepStudy::finish`]: the one way a
/// sweep is computed, on one machine or as ranges of points on a cluster.
pub fn sweep(a: &SweepJob, control: Control<'_>) -> Result<SweepResult, Error> {
    let set = a.out.as_deref().map(OutputSet::begin).transpose()?;
    let study = SweepStudy::new(a)?;
    control.progress.begin(study.units() as u64, "values");
    let part = study.evaluate(0..study.units(), control);
    control.progress.end();
    study.finish(vec![part?], set, control)
}

/// A part of a sweep: the points of a range of its units ([`SweepStudy::evaluate`]), per scenario (its index among
/// the swept scenarios).
pub type SweepPart = Part<Vec<(usize, SweepPoints)>>;

/// The job name in a sweep part.
const PART_JOB: &str = "sweep";

/// A sweep job parsed and checked (every value of every scenario applied once), ready to be evaluated as ranges of
/// its points: anywhere, in any order, and merged by [`SweepStudy::finish`] into the sweep [`sweep`] gives, bit for
/// bit. The units are the points of every swept scenario, scenario after scenario, each in grid order.
pub struct SweepStudy {
    scenarios: Vec<Scenario>,
    /// The swept scenarios (index into `scenarios`) and their axes.
    plans: Vec<(usize, Vec<Axis>)>,
    skipped: Vec<(String, String)>,
    paths: Vec<String>,
    interceptors: InterceptorCache,
    trajectories: TrajectoryCache,
    options: AssessOptions,
    started: Instant,
}

impl SweepStudy {
    /// Loads the scenarios and checks the job: the parameters (a scenario without one is skipped, with why) and
    /// every value of each. The job's `out`, `format` and `list` are not looked at.
    pub fn new(a: &SweepJob) -> Result<Self, Error> {
        let scenarios = crate::scenarios::load_scenarios(&a.scenarios)?;
        if a.vary.is_empty() || a.vary.len() > 2 {
            return Err(bad(
                "--vary",
                &format!("{} given", a.vary.len()),
                "one --vary PATH=VALUES for a line, two for a grid (hint: `shieldsim sweep SCENARIO --list` shows the paths)",
            ));
        }
        let varies: Vec<Vary> = a
            .vary
            .iter()
            .map(|v| parse_vary(v))
            .collect::<Result<_, _>>()?;
        let mut plans: Vec<(usize, Vec<Axis>)> = Vec::new();
        let mut skipped: Vec<(String, String)> = Vec::new();
        let mut first_error = None;
        for (k, s) in scenarios.iter().enumerate() {
            let mut axes = Vec::new();
            let mut why = None;
            for v in &varies {
                match ParamPath::parse(&v.path, s) {
                    Ok(p) => match Axis::new(p, v.values.clone(), s) {
                        Ok(axis) => axes.push(axis),
                        Err(e) => why = Some((e.to_string(), e.to_string())),
                    },
                    Err(e) => why = Some((format!("it has no `{}`", v.path), e.to_string())),
                }
                if why.is_some() {
                    break;
                }
            }
            match why {
                None => plans.push((k, axes)),
                Some((short, full)) => {
                    first_error.get_or_insert(full);
                    skipped.push((s.name.clone(), short));
                }
            }
        }
        if plans.is_empty() {
            let why = first_error.unwrap_or_default();
            let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
            return Err(Error::input(format!( "--vary: no scenario has the parameter ({}): {why}\nhint: `shieldsim sweep {} --list` shows the paths", names.join(", "), names.first().copied().unwrap_or("SCENARIO") )));
        }
        // Every value is checked before anything is flown.
        for (k, axes) in &plans {
            let s = &scenarios[*k];
            for axis in axes {
                for &v in &axis.values {
                    let mut t = s.clone();
                    axis.path
                        .apply(&mut t, v)
                        .map_err(|e| Error::input(format!("--vary: scenario {}: {e}", s.name)))?;
                }
            }
            sweep_grid(axes).map_err(|e| Error::input(e.to_string()))?;
        }
        Ok(Self {
            scenarios,
            plans,
            skipped,
            paths: varies.iter().map(|v| v.path.clone()).collect(),
            interceptors: InterceptorCache::new(),
            trajectories: TrajectoryCache::new(),
            options: AssessOptions::default(),
            started: Instant::now(),
        })
    }

    /// Points of each swept scenario, in order.
    fn sizes(&self) -> Vec<usize> {
        self.plans
            .iter()
            .map(|(_, axes)| axes.iter().map(|x| x.values.len()).product())
            .collect()
    }

    /// Units of work: the points of every swept scenario.
    pub fn units(&self) -> usize {
        self.sizes().iter().sum()
    }

    /// What identifies the study in its parts.
    fn key(&self) -> u64 {
        let mut d = String::new();
        for (k, axes) in &self.plans {
            let s = &self.scenarios[*k];
            say!(d, "{}|{}|{:?};", s.name, s.title, axes);
        }
        fingerprint(&d)
    }

    /// Evaluates the units `range` (`0..units()` is the whole sweep). Progress is reported in points through
    /// `control` (`stage` and `set_done`: the caller begins and ends it).
    pub fn evaluate(
        &self,
        range: std::ops::Range<usize>,
        control: Control<'_>,
    ) -> Result<SweepPart, Error> {
        let sizes = self.sizes();
        let pieces = split_range(&sizes, range, "points")?;
        let caches = Caches {
            interceptors: &self.interceptors,
            trajectories: &self.trajectories,
            options: &self.options,
        };
        let mut out = Vec::with_capacity(pieces.len());
        let mut base = 0u64;
        for (k, local) in pieces {
            let (index, axes) = &self.plans[k];
            let s = &self.scenarios[*index];
            control.progress.stage(&s.name);
            let n = local.len() as u64;
            let progress =
                |done: usize, _total: usize| control.progress.set_done(base + done as u64);
            let points =
                sweep_points(s, axes, local, &caches, &progress, control.cancel).map_err(|e| {
                    let cancelled = matches!(e, SweepError::Assess(AssessError::Cancelled));
                    stopped(cancelled, &e)
                })?;
            out.push((k, points));
            base += n;
        }
        Ok(Part::new(PART_JOB, self.key(), out))
    }

    /// The sweep from its parts, given in any order (together every point exactly once): the document, the
    /// sweeps, and with `set` (the job's `out`, begun before the study) every output file.
    pub fn finish(
        self,
        parts: Vec<SweepPart>,
        set: Option<OutputSet>,
        control: Control<'_>,
    ) -> Result<SweepResult, Error> {
        let key = self.key();
        let mut by_scenario: Vec<Vec<SweepPoints>> = vec![Vec::new(); self.plans.len()];
        for p in parts {
            for (k, points) in p.into_payload(PART_JOB, key)? {
                by_scenario
                    .get_mut(k)
                    .ok_or_else(|| Error::input(format!("sweep parts: no swept scenario {k}")))?
                    .push(points);
            }
        }
        let sweeps = self
            .plans
            .iter()
            .zip(by_scenario)
            .map(|((index, axes), points)| {
                ScenarioSweep::from_points(&self.scenarios[*index], axes, points)
                    .map_err(|e| Error::input(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let elapsed_s = self.started.elapsed().as_secs_f64();
        let skipped = self.skipped;
        let out = sweep_out(&sweeps, &skipped);
        let mut files = Vec::new();
        if let Some(set) = set {
            files = set.finish(&control, |dir| {
                write_outputs(dir, &out, &sweeps)?;
                let (_, figures) = crate::study_figures::sweep_figures(dir, &sweeps)?;
                crate::study_figures::write_report(
                    dir,
                    &format!("shieldsim sweep: {}", self.paths.join(" x ")),
                    &headlines(&sweeps),
                    &[
                        "How the verdicts move with the swept parameters: every trajectory of every corridor flown once and \
                         re-engaged at each value, the other parameters at the scenario's values. Engageable: n of N \
                         trajectories flown and evaluated; (*) marks the scenario's own value."
                            .to_string(),
                    ],
                    &table_text(&sweeps, &skipped, None),
                    &figures,
                    &crate::report::names_of(&self.scenarios),
                )
            })?;
        }
        Ok(SweepResult {
            document: out,
            sweeps,
            skipped,
            elapsed_s,
            files,
        })
    }
}

/// Writes sweep.json, sweep.csv and sweep.parquet.
fn write_outputs(
    dir: &Path,
    out: &SweepOut,
    sweeps: &[ScenarioSweep],
) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    let path = dir.join("sweep.json");
    write_json_atomic(&path, out)?;
    files.push(path.display().to_string());
    let t = sweep_table(sweeps).map_err(internal)?;
    files.extend(crate::files::write_table(dir, "sweep", &t)?);
    Ok(files)
}

#[derive(Debug, Serialize)]
struct PathOut {
    scenario: String,
    path: String,
    unit: &'static str,
    value: Option<f64>,
}

/// `--list`: every parameter path of the scenarios with its value, as a table, JSON or CSV.
pub fn list(scenarios: &[Scenario], format: Format) -> Result<String, Error> {
    let mut text = String::new();
    let mut rows = Vec::new();
    for s in scenarios {
        for p in parameter_paths(s) {
            let Ok(path) = ParamPath::parse(&p, s) else {
                continue;
            };
            rows.push(PathOut {
                scenario: s.name.clone(),
                path: p,
                unit: path.unit(),
                value: path.value(s).ok(),
            });
        }
    }
    match format {
        Format::Json => return json_text(&rows),
        Format::Csv => {
            say!(
                text,
                "{}",
                crate::output::csv_record(&["scenario", "path", "unit", "value"])
            );
            for r in &rows {
                say!(
                    text,
                    "{}",
                    crate::output::csv_record(&[
                        r.scenario.clone(),
                        r.path.clone(),
                        r.unit.to_string(),
                        r.value.map(value_text).unwrap_or_default(),
                    ])
                );
            }
        }
        Format::Table => {
            let mut t = vec![vec![
                "scenario".to_string(),
                "path".into(),
                "value".into(),
                "unit".into(),
            ]];
            t.extend(rows.iter().map(|r| {
                vec![
                    r.scenario.clone(),
                    r.path.clone(),
                    r.value.map(value_text).unwrap_or("-".into()),
                    r.unit.to_string(),
                ]
            }));
            say!(text, "{}", table(&t));
            sayln!(text, "along_km@AZ takes any azimuth AZ in degrees (the site or radar moved along that geodesic, km).");
        }
    }
    Ok(text)
}
