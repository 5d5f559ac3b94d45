//! `shieldsim assess ... --monte-carlo N`: P5/P50/P95 bands of every corridor's shares over N samples of the
//! uncertain parameters (the scenario file's `[[uncertainty]]` tables and `--uncertain`), and a one-at-a-time
//! tornado. The engine does the work ([`shieldsim::analysis::uncertainty`]); this file parses, checks, prints and
//! writes.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use shieldsim::analysis::params::ParamPath;
use shieldsim::analysis::uncertainty::{COMMAND_LINE_SOURCE, MAX_SAMPLES};
use shieldsim::analysis::{
    AssessError, AssessOptions, Band, Caches, Distribution, Evaluations, MonteCarlo,
    MonteCarloPlan, MonteCarloRequest, TrajectoryCache, UncertainParam, UncertaintyError,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::{LoadedScenario, Scenario};
use shieldsim_viz::{tornado_png, tornado_svg, TornadoBar, TornadoSpec};

use crate::error::stopped;
use crate::error::{bad, Error};
use crate::files::{internal, write_atomic, write_json_atomic, OutputSet};
use crate::output::value_text;
use crate::output::{csv_record, json_text, table};
use crate::parts::{fingerprint, split_range, Part};
use crate::requests::{Format, MonteCarloJob};
use crate::study_figures::file_stem;
use crate::study_tables::samples_table;
use crate::Control;

/// Where a parameter's distribution was given.
#[derive(Debug, Clone)]
enum Origin {
    /// A `[[uncertainty]]` table at `FILE:LINE:COLUMN`.
    File(String),
    /// An `--uncertain` flag, as typed.
    Flag(String),
}

impl Origin {
    /// How messages name it: `FILE:LINE:COLUMN: [[uncertainty]]` or `--uncertain = TEXT`.
    fn describe(&self) -> String {
        match self {
            Self::File(at) => format!("{at}: [[uncertainty]]"),
            Self::Flag(text) => format!("--uncertain = {text}"),
        }
    }

    fn json(&self) -> String {
        match self {
            Self::File(at) => at.clone(),
            Self::Flag(_) => "--uncertain".into(),
        }
    }
}

/// One `--uncertain` as given.
struct Flag {
    text: String,
    path: String,
    dist: Distribution,
}

fn parse_flag(text: &str) -> Result<Flag, Error> {
    const FORMS: &str =
        "PATH=uniform:MIN:MAX, PATH=triangular:MIN:MODE:MAX or PATH=normal:MEAN:SD[:MIN:MAX] \
                         (e.g. rules.decision_delay_s=triangular:10:30:120)";
    let (path, spec) = text
        .split_once('=')
        .ok_or_else(|| bad("--uncertain", text, &format!("expected {FORMS}")))?;
    if path.trim().is_empty() {
        return Err(bad(
            "--uncertain",
            text,
            &format!("no PATH; expected {FORMS}"),
        ));
    }
    let dist = Distribution::parse(spec).map_err(|e| bad("--uncertain", text, &e))?;
    Ok(Flag {
        text: text.to_string(),
        path: path.trim().to_string(),
        dist,
    })
}

/// A scenario to study with its parameters and where each was given.
struct Plan {
    loaded: LoadedScenario,
    params: Vec<UncertainParam>,
    origins: Vec<Origin>,
    /// The study drawn and laid out.
    study: MonteCarloPlan,
}

/// The result of `assess --monte-carlo N`.
#[derive(Debug)]
pub struct MonteCarloResult {
    /// The document (`montecarlo.json`; `--format json`).
    pub document: StudyOut,
    /// Every scenario's study, with every sample.
    pub studies: Vec<MonteCarlo>,
    /// Scenarios not studied (scenario, why).
    pub skipped: Vec<(String, String)>,
    /// Wall time, s.
    pub elapsed_s: f64,
    /// The files written (empty without `out`).
    pub files: Vec<String>,
}

impl MonteCarloResult {
    /// The bands as aligned text, JSON, or CSV (one row per scenario and corridor).
    pub fn render(&self, format: Format) -> Result<String, Error> {
        match format {
            Format::Json => json_text(&self.document),
            Format::Csv => Ok(bands_csv(&self.document)),
            Format::Table => Ok(table_text(
                &self.studies,
                &self.skipped,
                Some(self.elapsed_s),
            )),
        }
    }
}

/// A Monte Carlo study of the assessment: `a.monte_carlo` samples of the uncertain parameters (the scenario files'
/// `[[uncertainty]]` tables and `a.uncertain`), P5/P50/P95 bands of every share and a tornado of what moves them.
/// The same seed gives the same bytes, whatever the number of threads.
///
/// This is [`MonteCarloStudy::new`], [`MonteCarloStudy::evaluate`] over every evaluation and
/// [`MonteCarloStudy::finish`]: the one way a study is computed, on one machine or as ranges of samples on a
/// cluster.
pub fn monte_carlo(a: &MonteCarloJob, control: Control<'_>) -> Result<MonteCarloResult, Error> {
    let study = MonteCarloStudy::new(a)?;
    let set = a.out.as_deref().map(OutputSet::begin).transpose()?;
    control.progress.begin(study.units() as u64, "samples");
    let part = study.evaluate(0..study.units(), control);
    control.progress.end();
    study.finish(vec![part?], set, control)
}

/// A part of a Monte Carlo study: the results of a range of its evaluations ([`MonteCarloStudy::evaluate`]), per
/// scenario (its index among the studied scenarios).
pub type MonteCarloPart = Part<Vec<(usize, Evaluations)>>;

/// The job name in a Monte Carlo part.
const PART_JOB: &str = "monte-carlo";

/// A Monte Carlo job parsed and checked (every distribution against its parameter) and drawn, ready to be evaluated
/// as ranges of its evaluations: anywhere, in any order, and merged by [`MonteCarloStudy::finish`] into the study
/// [`monte_carlo`] gives, bit for bit. The units are, scenario after scenario, its samples, the tornado's two
/// evaluations per parameter and the nominal ([`MonteCarloPlan`]).
pub struct MonteCarloStudy {
    plans: Vec<Plan>,
    skipped: Vec<(String, String)>,
    samples: usize,
    seed: u64,
    interceptors: InterceptorCache,
    trajectories: TrajectoryCache,
    options: AssessOptions,
    started: Instant,
}

impl MonteCarloStudy {
    /// Loads the scenarios and checks the job: the sample count, the `--uncertain` flags, each scenario's
    /// parameters (a scenario without one is skipped, with why) and every distribution. The job's `out` and
    /// `format` are not looked at.
    pub fn new(a: &MonteCarloJob) -> Result<Self, Error> {
        let samples = a.monte_carlo.unwrap_or(0);
        if samples == 0 || samples > MAX_SAMPLES {
            return Err(bad(
                "--monte-carlo",
                &samples.to_string(),
                &format!(
                    "the number of samples, from 1 to {MAX_SAMPLES} (1,000 give the 5th and 95th percentiles to \
                     about ±0.7 percentage points of probability)"
                ),
            ));
        }
        let flags: Vec<Flag> = a
            .uncertain
            .iter()
            .map(|t| parse_flag(t))
            .collect::<Result<_, _>>()?;
        let loaded: Vec<LoadedScenario> = if a.scenarios.is_empty() {
            shieldsim::scenario::builtin_names()
                .into_iter()
                .map(crate::scenarios::load_scenario_arg_full)
                .collect::<Result<_, _>>()?
        } else {
            a.scenarios
                .iter()
                .map(|s| crate::scenarios::load_scenario_arg_full(s))
                .collect::<Result<_, _>>()?
        };
        let (plans, skipped) = plan(loaded, &flags, samples, a.seed)?;
        Ok(Self {
            plans,
            skipped,
            samples,
            seed: a.seed,
            interceptors: InterceptorCache::new(),
            trajectories: TrajectoryCache::new(),
            options: AssessOptions::default(),
            started: Instant::now(),
        })
    }

    /// Evaluations of each studied scenario, in order.
    fn sizes(&self) -> Vec<usize> {
        self.plans.iter().map(|p| p.study.evaluations()).collect()
    }

    /// Units of work: every studied scenario's evaluations.
    pub fn units(&self) -> usize {
        self.sizes().iter().sum()
    }

    /// What identifies the study in its parts.
    fn key(&self) -> u64 {
        let mut d = format!("{}|{};", self.samples, self.seed);
        for p in &self.plans {
            let s = &p.loaded.scenario;
            say!(d, "{}|{}|{:?};", s.name, s.title, p.params);
        }
        fingerprint(&d)
    }

    /// Evaluates the units `range` (`0..units()` is the whole study). Progress is reported in evaluations through
    /// `control` (`stage` and `set_done`: the caller begins and ends it).
    pub fn evaluate(
        &self,
        range: std::ops::Range<usize>,
        control: Control<'_>,
    ) -> Result<MonteCarloPart, Error> {
        let pieces = split_range(&self.sizes(), range, "evaluations")?;
        let caches = Caches {
            interceptors: &self.interceptors,
            trajectories: &self.trajectories,
            options: &self.options,
        };
        let bar = control.progress;
        let mut out = Vec::with_capacity(pieces.len());
        let mut base = 0u64;
        for (k, local) in pieces {
            let p = &self.plans[k];
            bar.stage(&p.loaded.scenario.name);
            let n = local.len() as u64;
            let progress = |done: usize, _total: usize| bar.set_done(base + done as u64);
            let done = p
                .study
                .evaluate(
                    &p.loaded.scenario,
                    local,
                    &caches,
                    &progress,
                    control.cancel,
                )
                .map_err(|e| {
                    let cancelled = matches!(e, UncertaintyError::Assess(AssessError::Cancelled));
                    let message = refused(&e, &p.origins, &p.loaded.scenario.name).message;
                    stopped(cancelled, &message)
                })?;
            out.push((k, done));
            base += n;
        }
        Ok(Part::new(PART_JOB, self.key(), out))
    }

    /// The study from its parts, given in any order (together every evaluation exactly once): the document, the
    /// studies, and with `set` (the job's `out`, begun before the study) every output file.
    pub fn finish(
        self,
        parts: Vec<MonteCarloPart>,
        set: Option<OutputSet>,
        control: Control<'_>,
    ) -> Result<MonteCarloResult, Error> {
        let key = self.key();
        let mut by_scenario: Vec<Vec<Evaluations>> = vec![Vec::new(); self.plans.len()];
        for part in parts {
            for (k, e) in part.into_payload(PART_JOB, key)? {
                by_scenario
                    .get_mut(k)
                    .ok_or_else(|| {
                        Error::input(format!("Monte Carlo parts: no studied scenario {k}"))
                    })?
                    .push(e);
            }
        }
        let studies = self
            .plans
            .iter()
            .zip(by_scenario)
            .map(|(p, evaluations)| {
                p.study
                    .finish(&p.loaded.scenario, evaluations)
                    .map_err(|e| refused(&e, &p.origins, &p.loaded.scenario.name))
            })
            .collect::<Result<Vec<MonteCarlo>, _>>()?;
        let elapsed_s = self.started.elapsed().as_secs_f64();
        let (samples, seed, skipped) = (self.samples, self.seed, self.skipped);
        let origins: Vec<&[Origin]> = self.plans.iter().map(|p| &p.origins[..]).collect();
        let out = study_out(&studies, &origins, &skipped);
        let mut files = Vec::new();
        if let Some(set) = set {
            files = set.finish(&control, |dir| {
                write_outputs(dir, &out, &studies)?;
                let (_, figures) = tornado_figures(dir, &studies)?;
                let scenarios: Vec<&Scenario> =
                    self.plans.iter().map(|p| &p.loaded.scenario).collect();
                crate::study_figures::write_report(
                    dir,
                    &format!("shieldsim Monte Carlo: {samples} samples, seed {seed}"),
                    &headlines(&out, &scenarios),
                    &report_paragraphs(),
                    &table_text(&studies, &skipped, None),
                    &figures,
                    &crate::report::names_of(scenarios.iter().copied()),
                )
            })?;
        }
        Ok(MonteCarloResult {
            document: out,
            studies,
            skipped,
            elapsed_s,
            files,
        })
    }
}

/// Each scenario's parameters: its file's `[[uncertainty]]` tables, then the flags (a flag replaces the table with
/// its path). A scenario that lacks a flag's parameter is skipped (as `sweep` does), one without any parameter too;
/// exit 2 when no scenario is left, naming the nearest path.
#[allow(clippy::type_complexity)]
fn plan(
    loaded: Vec<LoadedScenario>,
    flags: &[Flag],
    samples: usize,
    seed: u64,
) -> Result<(Vec<Plan>, Vec<(String, String)>), Error> {
    let mut plans = Vec::new();
    let mut skipped = Vec::new();
    let mut first_error: Option<String> = None;
    for l in loaded {
        let mut params: Vec<UncertainParam> =
            l.uncertainties.iter().map(|u| u.param.clone()).collect();
        let mut origins: Vec<Origin> = l
            .uncertainties
            .iter()
            .map(|u| Origin::File(u.location.clone()))
            .collect();
        let mut missing = None;
        for f in flags {
            match ParamPath::parse(&f.path, &l.scenario) {
                Ok(path) => {
                    let param = UncertainParam {
                        path,
                        dist: f.dist,
                        source: COMMAND_LINE_SOURCE.into(),
                    };
                    match params.iter().position(|p| p.path == param.path) {
                        Some(k) => {
                            params[k] = param;
                            origins[k] = Origin::Flag(f.text.clone());
                        }
                        None => {
                            params.push(param);
                            origins.push(Origin::Flag(f.text.clone()));
                        }
                    }
                }
                Err(e) => {
                    first_error.get_or_insert(format!("--uncertain = {}: {e}", f.text));
                    missing = Some(format!("it has no `{}`", f.path));
                    break;
                }
            }
        }
        let name = l.scenario.name.clone();
        match missing {
            Some(why) => skipped.push((name, why)),
            None if params.is_empty() => skipped.push((
                name,
                "no uncertain parameter ([[uncertainty]] tables or --uncertain)".into(),
            )),
            None => {
                // Every distribution is checked against its parameter before anything is flown.
                let request = MonteCarloRequest {
                    params: params.clone(),
                    samples,
                    seed,
                };
                let study = MonteCarloPlan::new(&l.scenario, &request)
                    .map_err(|e| refused(&e, &origins, &l.scenario.name))?;
                plans.push(Plan {
                    loaded: l,
                    params,
                    origins,
                    study,
                })
            }
        }
    }
    if plans.is_empty() {
        return Err(Error::input(match first_error {
                Some(e) => format!(
                    "{e}\nhint: `shieldsim sweep SCENARIO --list` shows every parameter path"
                ),
                None => "--monte-carlo: no scenario has an uncertain parameter: add --uncertain PATH=DIST (e.g. \
                         rules.decision_delay_s=triangular:10:30:120) or [[uncertainty]] tables \
                         (docs/scenario.md)"
                .to_string(),
        }));
    }
    Ok((plans, skipped))
}

/// The error of a study, saying where the offending parameter was given.
fn refused(e: &UncertaintyError, origins: &[Origin], scenario: &str) -> Error {
    match e {
        UncertaintyError::Parameter { index, message } => Error::input(match origins.get(*index) {
            Some(o) => format!("{}: scenario {scenario}: {message}", o.describe()),
            None => message.clone(),
        }),
        UncertaintyError::Request(m) => {
            Error::input(format!("--monte-carlo: scenario {scenario}: {m}"))
        }
        UncertaintyError::Assess(a) => Error::input(a.to_string()),
    }
}

/// The JSON of a Monte Carlo study (also `montecarlo.json`). Deterministic: no timings.
#[derive(Debug, Serialize)]
pub struct StudyOut {
    samples: usize,
    seed: u64,
    /// Percentiles: type 7 (linear interpolation between order statistics).
    percentiles: &'static str,
    scenarios: Vec<ScenarioOut>,
    /// Scenarios not studied, with why.
    skipped: Vec<SkippedOut>,
    bands: Vec<BandOut>,
    tornado: Vec<TornadoOut>,
}

#[derive(Debug, Serialize)]
struct ScenarioOut {
    scenario: String,
    title: String,
    parameters: Vec<ParameterOut>,
    /// Distinct modified interceptor or site builds (lattice values other than the scenario's).
    builds: usize,
}

#[derive(Debug, Serialize)]
struct ParameterOut {
    path: String,
    unit: &'static str,
    distribution: &'static str,
    min: Option<f64>,
    max: Option<f64>,
    mode: Option<f64>,
    mean: Option<f64>,
    sd: Option<f64>,
    source: String,
    /// `FILE:LINE:COLUMN` of its [[uncertainty]] table, or `--uncertain`.
    given_at: String,
    nominal: f64,
    /// The step the draws were rounded to (null: evaluated as drawn).
    lattice_step: Option<f64>,
    /// No lattice point within the range: every sample at the median.
    fixed_at_median: bool,
    p5: f64,
    p95: f64,
}

#[derive(Debug, Serialize)]
struct SkippedOut {
    scenario: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct BandOut {
    scenario: String,
    corridor: String,
    /// Trajectories evaluated (N; the same in every sample: no parameter changes a trajectory).
    evaluated: usize,
    /// The plain assessment (every parameter at the scenario's value).
    nominal_engageable: usize,
    nominal_share: Option<f64>,
    share_p5: Option<f64>,
    share_p50: Option<f64>,
    share_p95: Option<f64>,
    share_mean: Option<f64>,
    weighted_share_p5: Option<f64>,
    weighted_share_p50: Option<f64>,
    weighted_share_p95: Option<f64>,
    weighted_share_mean: Option<f64>,
    /// Band of the window median, over the samples in which something is engageable.
    window_p50_p5_s: Option<f64>,
    window_p50_p50_s: Option<f64>,
    window_p50_p95_s: Option<f64>,
    /// Samples in which something is engageable.
    window_samples: usize,
}

#[derive(Debug, Serialize)]
struct TornadoOut {
    scenario: String,
    corridor: String,
    /// 1 for the largest swing.
    rank: usize,
    path: String,
    unit: &'static str,
    /// The parameter at its 5th percentile (on its lattice, if it has one), the others at the scenario's values.
    low_value: f64,
    high_value: f64,
    share_at_low: Option<f64>,
    share_at_high: Option<f64>,
    /// share_at_high - share_at_low.
    swing: f64,
    nominal_share: Option<f64>,
}

fn band_fields(b: Option<Band>) -> [Option<f64>; 4] {
    match b {
        Some(b) => [b.p5, b.p50, b.p95, b.mean].map(Some),
        None => [None; 4],
    }
}

fn study_out(
    studies: &[MonteCarlo],
    origins: &[&[Origin]],
    skipped: &[(String, String)],
) -> StudyOut {
    let scenarios = studies
        .iter()
        .zip(origins)
        .map(|(s, o)| ScenarioOut {
            scenario: s.scenario.clone(),
            title: s.title.clone(),
            parameters: s
                .params
                .iter()
                .zip(o.iter())
                .map(|(p, origin)| {
                    let (min, max, mode, mean, sd) = match p.param.dist {
                        Distribution::Uniform { min, max } => {
                            (Some(min), Some(max), None, None, None)
                        }
                        Distribution::Triangular { min, mode, max } => {
                            (Some(min), Some(max), Some(mode), None, None)
                        }
                        Distribution::Normal { mean, sd, min, max } => {
                            (min, max, None, Some(mean), Some(sd))
                        }
                    };
                    ParameterOut {
                        path: p.param.path.to_string(),
                        unit: p.param.path.unit(),
                        distribution: p.param.dist.name(),
                        min,
                        max,
                        mode,
                        mean,
                        sd,
                        source: p.param.source.clone(),
                        given_at: origin.json(),
                        nominal: p.nominal,
                        lattice_step: p.lattice_step,
                        fixed_at_median: p.fixed_at_median,
                        p5: p.p5,
                        p95: p.p95,
                    }
                })
                .collect(),
            builds: s.builds,
        })
        .collect();
    let bands = studies
        .iter()
        .flat_map(|s| {
            s.bands.iter().map(move |b| {
                let [share_p5, share_p50, share_p95, share_mean] = band_fields(b.share);
                let [weighted_share_p5, weighted_share_p50, weighted_share_p95, weighted_share_mean] =
                    band_fields(b.weighted_share);
                let [window_p50_p5_s, window_p50_p50_s, window_p50_p95_s, _] =
                    band_fields(b.window_p50_s);
                BandOut {
                    scenario: s.scenario.clone(),
                    corridor: b.corridor.clone(),
                    evaluated: b.nominal.evaluated,
                    nominal_engageable: b.nominal.engageable,
                    nominal_share: b.nominal.engageable_share,
                    share_p5,
                    share_p50,
                    share_p95,
                    share_mean,
                    weighted_share_p5,
                    weighted_share_p50,
                    weighted_share_p95,
                    weighted_share_mean,
                    window_p50_p5_s,
                    window_p50_p50_s,
                    window_p50_p95_s,
                    window_samples: b.window_p50_s.map_or(0, |w| w.samples),
                }
            })
        })
        .collect();
    let tornado = studies
        .iter()
        .flat_map(|s| {
            s.tornado.iter().flat_map(move |c| {
                c.entries.iter().enumerate().map(move |(k, e)| {
                    let p = &s.params[e.param].param;
                    TornadoOut {
                        scenario: s.scenario.clone(),
                        corridor: c.corridor.clone(),
                        rank: k + 1,
                        path: p.path.to_string(),
                        unit: p.path.unit(),
                        low_value: e.low_value,
                        high_value: e.high_value,
                        share_at_low: e.at_low,
                        share_at_high: e.at_high,
                        swing: e.signed_swing,
                        nominal_share: c.nominal_share,
                    }
                })
            })
        })
        .collect();
    StudyOut {
        samples: studies.first().map_or(0, |s| s.samples),
        seed: studies.first().map_or(0, |s| s.seed),
        percentiles: "type 7 (Hyndman & Fan 1996; R and NumPy default)",
        scenarios,
        skipped: skipped
            .iter()
            .map(|(s, r)| SkippedOut {
                scenario: s.clone(),
                reason: r.clone(),
            })
            .collect(),
        bands,
        tornado,
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.1} %", 100.0 * v))
}

fn opt_text(v: Option<f64>) -> String {
    v.map_or(String::new(), value_text)
}

/// The bands as CSV (`--format csv`), one row per scenario and corridor.
fn bands_csv(out: &StudyOut) -> String {
    let mut o = csv_record(&[
        "scenario",
        "corridor",
        "evaluated",
        "nominal_engageable",
        "nominal_share",
        "share_p5",
        "share_p50",
        "share_p95",
        "share_mean",
        "weighted_share_p5",
        "weighted_share_p50",
        "weighted_share_p95",
        "weighted_share_mean",
        "window_p50_p5_s",
        "window_p50_p50_s",
        "window_p50_p95_s",
        "window_samples",
    ]);
    for b in &out.bands {
        o.push_str(&csv_record(&[
            b.scenario.clone(),
            b.corridor.clone(),
            b.evaluated.to_string(),
            b.nominal_engageable.to_string(),
            opt_text(b.nominal_share),
            opt_text(b.share_p5),
            opt_text(b.share_p50),
            opt_text(b.share_p95),
            opt_text(b.share_mean),
            opt_text(b.weighted_share_p5),
            opt_text(b.weighted_share_p50),
            opt_text(b.weighted_share_p95),
            opt_text(b.weighted_share_mean),
            opt_text(b.window_p50_p5_s),
            opt_text(b.window_p50_p50_s),
            opt_text(b.window_p50_p95_s),
            b.window_samples.to_string(),
        ]));
    }
    o
}

/// The tornado as CSV (`montecarlo-tornado.csv`), one row per scenario, corridor and parameter, largest swing first.
fn tornado_csv(out: &StudyOut) -> String {
    let mut o = csv_record(&[
        "scenario",
        "corridor",
        "rank",
        "path",
        "unit",
        "low_value",
        "high_value",
        "share_at_low",
        "share_at_high",
        "swing",
        "nominal_share",
    ]);
    for t in &out.tornado {
        o.push_str(&csv_record(&[
            t.scenario.clone(),
            t.corridor.clone(),
            t.rank.to_string(),
            t.path.clone(),
            t.unit.to_string(),
            value_text(t.low_value),
            value_text(t.high_value),
            opt_text(t.share_at_low),
            opt_text(t.share_at_high),
            value_text(t.swing),
            opt_text(t.nominal_share),
        ]));
    }
    o
}

/// A value with 4 significant digits and its unit, for figure labels.
fn short_with_unit(v: f64, unit: &str) -> String {
    let digits = if v == 0.0 || !v.is_finite() {
        0
    } else {
        (3 - v.abs().log10().floor() as i32).clamp(0, 6) as usize
    };
    let text = format!("{v:.digits$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    match unit {
        "1" => text,
        u => format!("{text} {u}"),
    }
}

fn with_unit(v: f64, unit: &str) -> String {
    match unit {
        "1" => value_text(v),
        u => format!("{} {u}", value_text(v)),
    }
}

/// The results as aligned text (also the report's table).
fn table_text(
    studies: &[MonteCarlo],
    skipped: &[(String, String)],
    elapsed_s: Option<f64>,
) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    for s in studies {
        let _ = writeln!(o, "{}: {}", s.scenario, s.title);
        for p in &s.params {
            let unit = p.param.path.unit();
            let lattice = match (p.lattice_step, p.fixed_at_median) {
                (_, true) => {
                    "; narrower than its lattice step: every sample at the median".to_string()
                }
                (Some(step), _) => format!("; draws rounded to {}", with_unit(step, unit)),
                (None, _) => String::new(),
            };
            let _ = writeln!(
                o,
                "  {} ({unit}): {}; scenario {}{lattice}\n    source: {}",
                p.param.path,
                p.param.dist,
                value_text(p.nominal),
                p.param.source
            );
        }
        let mut rows = vec![vec![
            "corridor".to_string(),
            "evaluated".into(),
            "scenario".into(),
            "share P5 / P50 / P95".into(),
            "mean".into(),
            "window P50 (s) P5 / P50 / P95".into(),
        ]];
        for b in &s.bands {
            rows.push(vec![
                b.corridor.clone(),
                b.nominal.evaluated.to_string(),
                pct(b.nominal.engageable_share),
                b.share.map_or("-".into(), |x| {
                    format!(
                        "{} / {} / {}",
                        pct(Some(x.p5)),
                        pct(Some(x.p50)),
                        pct(Some(x.p95))
                    )
                }),
                pct(b.share.map(|x| x.mean)),
                b.window_p50_s.map_or("-".into(), |w| {
                    format!("{:.0} / {:.0} / {:.0}", w.p5, w.p50, w.p95)
                }),
            ]);
        }
        let _ = writeln!(o, "\n{}", table(&rows));
        let _ = writeln!(
            o,
            "Tornado: each parameter alone at its P5 and P95, the others at the scenario's values"
        );
        let mut rows = vec![vec![
            "corridor".to_string(),
            "parameter".into(),
            "at P5".into(),
            "at P95".into(),
            "swing".into(),
        ]];
        for c in &s.tornado {
            for e in &c.entries {
                let p = &s.params[e.param].param;
                let unit = p.path.unit();
                rows.push(vec![
                    c.corridor.clone(),
                    p.path.to_string(),
                    format!(
                        "{} -> {}",
                        short_with_unit(e.low_value, unit),
                        pct(e.at_low)
                    ),
                    format!(
                        "{} -> {}",
                        short_with_unit(e.high_value, unit),
                        pct(e.at_high)
                    ),
                    format!("{:+.1} pts", 100.0 * e.signed_swing),
                ]);
            }
        }
        let _ = writeln!(o, "{}", table(&rows));
    }
    for (s, why) in skipped {
        let _ = writeln!(o, "{s}: not studied ({why})");
    }
    if let Some(s) = studies.first() {
        let builds: usize = studies.iter().map(|s| s.builds).sum();
        let _ = write!(
            o,
            "{} samples per scenario, seed {} (the same seed gives the same numbers). Share: engageable of the N\n\
             trajectories evaluated; P5/P50/P95 over the samples (type 7). Window P50: the median intercept window\n\
             of the engageable trajectories, over the samples with any. Each trajectory flown once; {builds} modified\n\
             interceptor or site builds (fly-out-shaping parameters rounded to their lattice)",
            s.samples, s.seed
        );
        let _ = match elapsed_s {
            Some(t) => writeln!(o, "; {t:.1} s."),
            None => writeln!(o, "."),
        };
    }
    o
}

/// The report's headline findings: per scenario and corridor, the band of the engageable share over the samples
/// ("Iran→Europe: 32.1 % to 40.7 % of 27 trajectories engageable (P5 to P95; median 40.7 %; as given 40.7 %)"), one
/// number where the band is degenerate; with the weighted band where the scenario weights its aim points.
fn headlines(out: &StudyOut, scenarios: &[&Scenario]) -> Vec<String> {
    use crate::report::{band_text, corridor_display_name, share_text, short_title_of};
    out.bands
        .iter()
        .map(|b| {
            let scenario = out
                .scenarios
                .iter()
                .find(|s| s.scenario == b.scenario)
                .map_or(b.scenario.clone(), |s| short_title_of(&s.scenario, &s.title));
            let name = corridor_display_name(&b.corridor);
            let weighted = scenarios
                .iter()
                .find(|s| s.name == b.scenario)
                .is_some_and(|s| crate::report::weighted(std::slice::from_ref(*s)));
            let (Some(p5), Some(p50), Some(p95)) = (b.share_p5, b.share_p50, b.share_p95) else {
                return format!("{scenario}, {name}: no trajectory evaluated.");
            };
            let band = band_text(p5, p95);
            let (range, median) = if share_text(p5) == share_text(p95) {
                ("P5 = P95", String::new())
            } else {
                ("P5 to P95", format!("; median {}", share_text(p50)))
            };
            let nominal = b
                .nominal_share
                .map_or(String::new(), |s| format!("; as given {}", share_text(s)));
            let weighted = match (weighted, b.weighted_share_p5, b.weighted_share_p95) {
                (true, Some(l), Some(h)) => format!("; weighted {}", band_text(l, h)),
                _ => String::new(),
            };
            format!(
                "{scenario}, {name}: {band} of {} trajectories engageable ({range}{median}{nominal}){weighted}.",
                b.evaluated
            )
        })
        .collect()
}

fn report_paragraphs() -> Vec<String> {
    vec![
        "How sure are the shares? Every uncertain parameter is drawn from its distribution (with its source, listed \
         with the table), the scenario is assessed again for each sample with every trajectory flown once, and each \
         corridor's engageable share is summarised by its 5th, 50th and 95th percentiles over the samples. The \
         tornado charts set one parameter at a time to its 5th and 95th percentile, the others at the scenario's \
         values: they show each parameter's own reach, not interactions. Parameters that shape an interceptor's \
         fly-outs are rounded to a lattice (see docs/uncertainty.md)."
            .to_string(),
    ]
}

/// Writes montecarlo.json, montecarlo-samples.csv and .parquet, and montecarlo-tornado.csv.
fn write_outputs(dir: &Path, out: &StudyOut, studies: &[MonteCarlo]) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    let path = dir.join("montecarlo.json");
    write_json_atomic(&path, out)?;
    files.push(path.display().to_string());
    let t = samples_table(studies).map_err(internal)?;
    files.extend(crate::files::write_table(dir, "montecarlo-samples", &t)?);
    let path = dir.join("montecarlo-tornado.csv");
    write_atomic(&path, tornado_csv(out).as_bytes())?;
    files.push(path.display().to_string());
    Ok(files)
}

const WIDTH_PX: u32 = 1400;

/// A tornado chart per scenario and corridor that some parameter moves (`tornado-SCENARIO-CORRIDOR.png/svg`).
fn tornado_figures(
    dir: &Path,
    studies: &[MonteCarlo],
) -> Result<crate::study_figures::Written, Error> {
    let mut files = Vec::new();
    let mut figures = Vec::new();
    for s in studies {
        for c in &s.tornado {
            let Some(baseline) = c.nominal_share else {
                continue;
            };
            let bars: Vec<TornadoBar> = c
                .entries
                .iter()
                .filter_map(|e| {
                    let p = &s.params[e.param].param;
                    let unit = p.path.unit();
                    Some(TornadoBar {
                        label: p.path.to_string(),
                        low_input: short_with_unit(e.low_value, unit),
                        high_input: short_with_unit(e.high_value, unit),
                        at_low: e.at_low?,
                        at_high: e.at_high?,
                    })
                })
                .collect();
            // A corridor no parameter moves has nothing to show (the table says so).
            let moves = |x: f64| (x - baseline).abs() > 1e-12;
            if !bars.iter().any(|b| moves(b.at_low) || moves(b.at_high)) {
                continue;
            }
            let spec = TornadoSpec {
                title: format!("{}: what moves the {} engageable share", s.scenario, c.corridor),
                subtitle: format!(
                    "{}\nEach parameter alone at its 5th and 95th percentile, the others at the scenario's values \
                     (baseline: the scenario, {}). Engageable share: engageable of evaluated trajectories.",
                    s.title,
                    pct(Some(baseline))
                ),
                x_label: "Engageable share".into(),
                baseline,
                x_percent: true,
                bars,
            };
            let height = 420 + 90 * spec.bars.len() as u32;
            let stem = format!(
                "tornado-{}-{}",
                file_stem(&s.scenario),
                file_stem(&c.corridor)
            );
            let png = tornado_png(&spec, WIDTH_PX, height)
                .map_err(|e| crate::figures::viz_error(&stem, e))?;
            let svg = tornado_svg(&spec, WIDTH_PX, height)
                .map_err(|e| crate::figures::viz_error(&stem, e))?;
            files.extend(crate::figures::write_pair(
                dir,
                &stem,
                &png,
                svg.as_bytes(),
            )?);
            figures.push((spec.title.clone(), format!("{stem}.png")));
        }
    }
    Ok((files, figures))
}
