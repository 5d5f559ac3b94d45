//! Uncertainty: scenario parameters given as probability distributions, propagated to the engageable shares by Monte
//! Carlo, with a one-at-a-time tornado of which parameter moves each share most.
//!
//! **Distributions** ([`Distribution`]): uniform on `[min, max]`, triangular on `[min, max]` with its mode, or normal
//! with a mean and standard deviation, optionally truncated to `[min, max]`. A normal is always truncated at
//! [`NORMAL_TRUNCATION_SD`] standard deviations (a probability of 2 × 10⁻⁹ left out), so every distribution has a
//! finite range of values, checked against the parameter before anything is flown: a distribution reaching values
//! the parameter cannot take (a negative delay) is refused, never clamped. Each parameter carries its `source`.
//!
//! **Sampling.** Every draw is by inverse transform, `x = F⁻¹(u)`, from a uniform variate `u` in (0, 1) that is a
//! pure function of the seed, the sample index and the parameter's path ([`uniform_variate`]: SplitMix64's
//! finaliser chained over the three, a counter-based generator in the sense of Salmon et al., "Parallel random
//! numbers: as easy as 1, 2, 3", SC'11). So the same seed gives the same draws, and the same results, whatever the
//! number of threads and whatever order the samples are evaluated in; adding a parameter leaves the draws of the
//! others unchanged. The normal's quantile is Wichura's algorithm AS 241 (PPND16, about 16 digits: Applied
//! Statistics 37(3), 477–484, 1988), its distribution function Marsaglia's series ("Evaluating the normal
//! distribution", Journal of Statistical Software 11(4), 2004); a truncated normal's quantile is
//! `μ + σ Φ⁻¹(Φ(a) + p (Φ(b) − Φ(a)))`.
//!
//! **Evaluation.** Each sample is the scenario with every uncertain parameter set to its draw
//! ([`ParamPath::apply`](super::params::ParamPath::apply)) and assessed again with the shared
//! [`TrajectoryCache`](super::TrajectoryCache): no parameter changes a threat trajectory, so every trajectory is flown
//! once for the whole study. Parameters of the defence's timeline, radars and radar cross-sections cost only the
//! re-engagement. A parameter that shapes an interceptor's fly-outs (burn-out speed, longest fly-out, ceiling) or a
//! site's latitude costs a new reach table or site envelope per distinct value (about a second of CPU each): its draws
//! are rounded to a **lattice** ([`ParamPath::lattice_step`](super::params::ParamPath::lattice_step), e.g. 50 m/s of
//! burn-out speed) anchored at the scenario's value (`nominal + k × step`, kept within the distribution's range), so at
//! most one build per lattice value. Samples are grouped by their lattice values, each group's interceptors and
//! envelopes built once, its samples assessed, and the group dropped before the next, a few groups at a time (one per
//! thread), so memory does not grow with the number of samples. Results are kept in sample order.
//!
//! **Summaries.** Per corridor, the 5th, 50th and 95th percentiles ([`percentile`], type 7) and the mean over the
//! samples of the engageable share, of the aim-weighted share and of the window median (over the samples in which
//! something is engageable). The **tornado** is one-at-a-time: each parameter at its own 5th and 95th percentile
//! (rounded to its lattice like the samples), every other parameter at the scenario's value; per corridor the parameters are
//! sorted by swing, |share at P95 − share at P5|. It shows each parameter's own reach, not interactions.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::assess::Caches;
use super::assess::{
    assess, build_architecture, percentile, AssessError, CorridorAssessment, ScenarioAssessment,
};
pub use crate::scenario::distribution::{
    normal_cdf, normal_quantile, uniform_variate, Distribution, UncertainParam,
    COMMAND_LINE_SOURCE, NORMAL_TRUNCATION_SD,
};
use crate::scenario::Scenario;

/// Most samples a Monte Carlo study may draw.
pub const MAX_SAMPLES: usize = 100_000;

/// The tornado's low end: each parameter's 5th percentile.
pub const TORNADO_LOW: f64 = 0.05;

/// The tornado's high end: each parameter's 95th percentile.
pub const TORNADO_HIGH: f64 = 0.95;

/// Why a Monte Carlo study was refused or stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UncertaintyError {
    /// The request is invalid (sample count, no parameter, ...).
    #[error("{0}")]
    Request(String),
    /// An uncertain parameter is invalid: its distribution is empty or reaches values the parameter cannot take.
    #[error("{message}")]
    Parameter {
        /// Its index in the request's parameters (for the caller to say where it was given).
        index: usize,
        /// What is wrong, naming the path, and what is allowed.
        message: String,
    },
    /// An assessment failed or was interrupted.
    #[error(transparent)]
    Assess(#[from] AssessError),
}

/// What a Monte Carlo study draws.
#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarloRequest {
    /// The uncertain parameters (each path at most once).
    pub params: Vec<UncertainParam>,
    /// Number of samples, 1 to [`MAX_SAMPLES`].
    pub samples: usize,
    /// The seed.
    pub seed: u64,
}

/// How a parameter's draws become the values evaluated.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Plan {
    /// Evaluated as drawn.
    Exact,
    /// Rounded to `nominal + k step`, `k` in `k_lo..=k_hi` (the lattice points within the distribution's range).
    Lattice {
        nominal: f64,
        step: f64,
        k_lo: i64,
        k_hi: i64,
    },
    /// No lattice point lies within the distribution's range: one value (the median) for every sample.
    Fixed(f64),
}

impl Plan {
    fn new(p: &UncertainParam, nominal: f64) -> Self {
        let Some(step) = p.path.lattice_step() else {
            return Self::Exact;
        };
        let (lo, hi) = p.dist.support();
        let k_lo = ((lo - nominal) / step - 1e-9).ceil();
        let k_hi = ((hi - nominal) / step + 1e-9).floor();
        if k_lo > k_hi || !k_lo.is_finite() || !k_hi.is_finite() {
            return Self::Fixed(p.dist.quantile(0.5));
        }
        Self::Lattice {
            nominal,
            step,
            k_lo: k_lo as i64,
            k_hi: k_hi as i64,
        }
    }

    /// The value evaluated for a draw `x`; `None`: the scenario's own value (lattice index 0).
    fn value(&self, x: f64) -> Option<f64> {
        match *self {
            Self::Exact => Some(x),
            Self::Fixed(v) => Some(v),
            Self::Lattice {
                nominal,
                step,
                k_lo,
                k_hi,
            } => {
                let k = (((x - nominal) / step).round() as i64).clamp(k_lo, k_hi);
                (k != 0).then_some(nominal + k as f64 * step)
            }
        }
    }

    /// The lattice step, if the parameter is rounded to one.
    fn step(&self) -> Option<f64> {
        match *self {
            Self::Lattice { step, .. } => Some(step),
            _ => None,
        }
    }

    /// The extreme values the plan can evaluate.
    fn extremes(&self, dist: &Distribution) -> [f64; 2] {
        match *self {
            Self::Exact => {
                let (lo, hi) = dist.support();
                [lo, hi]
            }
            Self::Fixed(v) => [v, v],
            Self::Lattice {
                nominal,
                step,
                k_lo,
                k_hi,
            } => [k_lo, k_hi].map(|k| nominal + k as f64 * step),
        }
    }
}

/// A corridor's result in one evaluation.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CorridorSample {
    /// Engageable trajectories (n).
    pub engageable: usize,
    /// Evaluated trajectories (N).
    pub evaluated: usize,
    /// n / N; `None` when N = 0.
    pub engageable_share: Option<f64>,
    /// The aim-weighted share; `None` when N = 0.
    pub weighted_engageable_share: Option<f64>,
    /// Median intercept window over the engageable trajectories, s; `None` when none is engageable.
    pub window_p50_s: Option<f64>,
}

impl CorridorSample {
    fn of(c: &CorridorAssessment) -> Self {
        Self {
            engageable: c.engageable,
            evaluated: c.evaluated,
            engageable_share: c.engageable_share,
            weighted_engageable_share: c.weighted_engageable_share,
            window_p50_s: c.window_s.map(|w| w.p50),
        }
    }
}

fn summarise(a: &ScenarioAssessment) -> Vec<CorridorSample> {
    a.corridors.iter().map(CorridorSample::of).collect()
}

/// A parameter of a study, as evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSummary {
    /// The parameter and its distribution.
    pub param: UncertainParam,
    /// Its value in the scenario, in the path's unit.
    pub nominal: f64,
    /// The lattice its draws were rounded to, in the path's unit; `None`: evaluated as drawn.
    pub lattice_step: Option<f64>,
    /// Whether no lattice point lay within the distribution's range, so that every sample took its median.
    pub fixed_at_median: bool,
    /// The distribution's 5th percentile (the tornado's low end).
    pub p5: f64,
    /// Its 95th percentile (the tornado's high end).
    pub p95: f64,
}

/// One sample: the parameters' values and each corridor's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Each parameter's draw, in parameter order.
    pub drawn: Vec<f64>,
    /// Each parameter's value as evaluated (the draw rounded to its lattice, if it has one).
    pub used: Vec<f64>,
    /// Each corridor's result, in scenario order.
    pub corridors: Vec<CorridorSample>,
}

/// Percentiles (type 7) and mean of a quantity over the samples that have it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Mean.
    pub mean: f64,
    /// Number of samples that have the quantity.
    pub samples: usize,
}

impl Band {
    /// The band of `values` (any order); `None` when empty.
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        Some(Self {
            p5: percentile(&v, 0.05)?,
            p50: percentile(&v, 0.5)?,
            p95: percentile(&v, 0.95)?,
            mean: v.iter().sum::<f64>() / v.len() as f64,
            samples: v.len(),
        })
    }
}

/// A corridor's bands.
#[derive(Debug, Clone, PartialEq)]
pub struct CorridorBand {
    /// Corridor name.
    pub corridor: String,
    /// The plain assessment (every parameter at the scenario's value).
    pub nominal: CorridorSample,
    /// The engageable share over the samples.
    pub share: Option<Band>,
    /// The aim-weighted share.
    pub weighted_share: Option<Band>,
    /// The window median (s), over the samples in which something is engageable.
    pub window_p50_s: Option<Band>,
}

/// One parameter's row of a corridor's tornado.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoEntry {
    /// Index of the parameter in [`MonteCarlo::params`].
    pub param: usize,
    /// The parameter's 5th-percentile value, as evaluated (on its lattice, if it has one).
    pub low_value: f64,
    /// Its 95th-percentile value, as evaluated.
    pub high_value: f64,
    /// The share with the parameter at `low_value`, the others at the scenario's values.
    pub at_low: Option<f64>,
    /// The share with the parameter at `high_value`.
    pub at_high: Option<f64>,
    /// `at_high − at_low` (0 when either is missing): positive when the higher value engages more.
    pub signed_swing: f64,
}

impl TornadoEntry {
    /// |at_high − at_low|.
    pub fn swing(&self) -> f64 {
        self.signed_swing.abs()
    }
}

/// A corridor's tornado: its parameters, largest swing first (ties in parameter order).
#[derive(Debug, Clone, PartialEq)]
pub struct CorridorTornado {
    /// Corridor name.
    pub corridor: String,
    /// The share with every parameter at the scenario's value.
    pub nominal_share: Option<f64>,
    /// The parameters, sorted.
    pub entries: Vec<TornadoEntry>,
}

/// A scenario's Monte Carlo study.
#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarlo {
    /// Scenario name.
    pub scenario: String,
    /// Its title.
    pub title: String,
    /// Number of samples.
    pub samples: usize,
    /// The seed.
    pub seed: u64,
    /// The parameters, in request order.
    pub params: Vec<ParamSummary>,
    /// Every sample, in sample order.
    pub draws: Vec<Sample>,
    /// Per corridor, in scenario order.
    pub bands: Vec<CorridorBand>,
    /// Per corridor, in scenario order.
    pub tornado: Vec<CorridorTornado>,
    /// Distinct modified interceptor or site builds evaluated (lattice values other than the scenario's, and the
    /// tornado's ends of such parameters): the expensive part of the study.
    pub builds: usize,
}

/// Checks a request against `scenario` before anything is flown: the sample count, each distribution, each path at
/// most once, and that the parameter can take every value the study may evaluate (the distribution's extremes, or
/// its lattice's). Errors name the parameter by its index.
pub fn check_request(
    scenario: &Scenario,
    request: &MonteCarloRequest,
) -> Result<(), UncertaintyError> {
    if request.samples == 0 || request.samples > MAX_SAMPLES {
        return Err(UncertaintyError::Request(format!(
            "{} samples: from 1 to {MAX_SAMPLES}",
            request.samples
        )));
    }
    for (j, p) in request.params.iter().enumerate() {
        let fail = |message: String| UncertaintyError::Parameter { index: j, message };
        p.dist
            .validate()
            .map_err(|e| fail(format!("`{}` ({}): {e}", p.path, p.dist)))?;
        if p.source.trim().is_empty() {
            return Err(fail(format!(
                "`{}`: the distribution needs its source (where it comes from)",
                p.path
            )));
        }
        if request.params[..j].iter().any(|q| q.path == p.path) {
            return Err(fail(format!(
                "`{}` is given twice (one distribution per parameter)",
                p.path
            )));
        }
        let nominal = p.path.value(scenario).map_err(|e| fail(e.to_string()))?;
        let plan = Plan::new(p, nominal);
        let tornado = [TORNADO_LOW, TORNADO_HIGH].map(|q| p.dist.quantile(q));
        for v in plan.extremes(&p.dist).into_iter().chain(tornado) {
            p.path.apply(&mut scenario.clone(), v).map_err(|e| {
                fail(format!(
                    "{e} (the distribution {} reaches {v}; narrow it or truncate it to what the parameter allows)",
                    p.dist
                ))
            })?;
        }
    }
    Ok(())
}

/// The values of one evaluation, per parameter (`None`: the scenario's own value).
type Values = Vec<Option<f64>>;

/// An evaluation's index and its corridors' results.
type Evaluated = (usize, Vec<CorridorSample>);

/// Runs a Monte Carlo study of `scenario` (see the module documentation): `request.samples` samples and the tornado's
/// two evaluations per parameter. `progress(done, total)` is called after each evaluation; `cancel` stops the work
/// soon after with [`AssessError::Cancelled`]. The result does not depend on the number of threads.
///
/// This is [`MonteCarloPlan::new`], [`MonteCarloPlan::evaluate`] over every evaluation and
/// [`MonteCarloPlan::finish`]: the one way a study is computed, whether on one machine or cut into ranges of
/// evaluations run elsewhere.
pub fn monte_carlo(
    scenario: &Scenario,
    request: &MonteCarloRequest,
    caches: &Caches<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<MonteCarlo, UncertaintyError> {
    let plan = MonteCarloPlan::new(scenario, request)?;
    let all = plan.evaluate(scenario, 0..plan.evaluations(), caches, progress, cancel)?;
    plan.finish(scenario, vec![all])
}

/// A study laid out before anything is evaluated: every sample's draws (a pure function of the seed, the sample
/// index and the parameter, see [`uniform_variate`]), the values each evaluation takes, and the tornado's ends.
/// The evaluations are, in order: the samples, the tornado's two per parameter (low, high), and the scenario as it
/// is (the nominal). Each is independent of the others, so any ranges of them can be evaluated anywhere
/// ([`MonteCarloPlan::evaluate`]) and merged ([`MonteCarloPlan::finish`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarloPlan {
    request: MonteCarloRequest,
    nominals: Vec<f64>,
    summaries: Vec<ParamSummary>,
    ends: Vec<[f64; 2]>,
    drawn: Vec<Vec<f64>>,
    evals: Vec<Values>,
    expensive: Vec<usize>,
    builds: usize,
}

/// The results of the evaluations `first..first + results.len()` of a study ([`MonteCarloPlan::evaluate`]):
/// each evaluation's corridors, in scenario order.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evaluations {
    /// Index of the first evaluation.
    pub first: usize,
    /// Each evaluation's corridors.
    pub results: Vec<Vec<CorridorSample>>,
}

/// The values of the expensive parameters of an evaluation: evaluations with equal keys share their builds.
fn group_key(expensive: &[usize], values: &Values) -> Vec<Option<f64>> {
    expensive.iter().map(|&j| values[j]).collect()
}

fn compare_keys(a: &[Option<f64>], b: &[Option<f64>]) -> std::cmp::Ordering {
    a.iter()
        .zip(b)
        .map(|(x, y)| match (x, y) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => x.total_cmp(y),
        })
        .find(|o| o.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

/// `evals` (indices) grouped by their keys, groups in key order, members in index order.
fn groups_of(expensive: &[usize], evals: &[Values], indices: Vec<usize>) -> Vec<Vec<usize>> {
    let key = |e: usize| group_key(expensive, &evals[e]);
    let mut order = indices;
    order.sort_by(|&a, &b| compare_keys(&key(a), &key(b)).then(a.cmp(&b)));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for e in order {
        match groups.last_mut() {
            Some(g) if compare_keys(&key(g[0]), &key(e)).is_eq() => g.push(e),
            _ => groups.push(vec![e]),
        }
    }
    groups
}

impl MonteCarloPlan {
    /// Checks the request against `scenario` ([`check_request`]) and lays the study out.
    pub fn new(scenario: &Scenario, request: &MonteCarloRequest) -> Result<Self, UncertaintyError> {
        check_request(scenario, request)?;
        let params = &request.params;
        let nominals: Vec<f64> = params
            .iter()
            .map(|p| p.path.value(scenario))
            .collect::<Result<_, _>>()
            .map_err(|e| UncertaintyError::Request(e.to_string()))?;
        let plans: Vec<Plan> = params
            .iter()
            .zip(&nominals)
            .map(|(p, &v)| Plan::new(p, v))
            .collect();
        let drawn: Vec<Vec<f64>> = (0..request.samples as u64)
            .map(|i| params.iter().map(|p| p.draw(request.seed, i)).collect())
            .collect();
        let mut evals: Vec<Values> = drawn
            .iter()
            .map(|xs| {
                xs.iter()
                    .zip(&plans)
                    .map(|(&x, plan)| plan.value(x))
                    .collect()
            })
            .collect();
        let summaries: Vec<ParamSummary> = params
            .iter()
            .zip(&plans)
            .zip(&nominals)
            .map(|((p, plan), &nominal)| ParamSummary {
                param: p.clone(),
                nominal,
                lattice_step: plan.step(),
                fixed_at_median: matches!(plan, Plan::Fixed(_)),
                p5: p.dist.quantile(TORNADO_LOW),
                p95: p.dist.quantile(TORNADO_HIGH),
            })
            .collect();
        // The tornado's ends, on the lattice like the samples.
        let ends: Vec<[f64; 2]> = summaries
            .iter()
            .zip(&plans)
            .map(|(s, plan)| [s.p5, s.p95].map(|q| plan.value(q).unwrap_or(s.nominal)))
            .collect();
        for (j, (plan, end)) in plans.iter().zip(&ends).enumerate() {
            for &v in end {
                let mut e = vec![None; params.len()];
                e[j] = plan.value(v).map(|_| v);
                evals.push(e);
            }
        }
        // The nominal: every parameter at the scenario's value.
        evals.push(vec![None; params.len()]);
        let expensive: Vec<usize> = (0..params.len())
            .filter(|&j| params[j].path.lattice_step().is_some())
            .collect();
        let builds = groups_of(&expensive, &evals, (0..evals.len()).collect())
            .iter()
            .filter(|g| {
                group_key(&expensive, &evals[g[0]])
                    .iter()
                    .any(Option::is_some)
            })
            .count();
        Ok(Self {
            request: request.clone(),
            nominals,
            summaries,
            ends,
            drawn,
            evals,
            expensive,
            builds,
        })
    }

    /// Number of evaluations: the samples, two per parameter for the tornado, and the nominal.
    pub fn evaluations(&self) -> usize {
        self.evals.len()
    }

    /// Evaluates the evaluations `range` of the study (see [`MonteCarloPlan`] for their order): grouped by the
    /// values of the expensive parameters (each group's interceptors and envelopes built once, then its members
    /// re-engaged in parallel), a few groups at a time so that only that many modified types are alive at once.
    /// An evaluation's result depends only on the scenario and its values, whatever else is evaluated with it.
    /// `progress(done, total)` counts the range's evaluations.
    pub fn evaluate(
        &self,
        scenario: &Scenario,
        range: std::ops::Range<usize>,
        caches: &Caches<'_>,
        progress: &(dyn Fn(usize, usize) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Evaluations, UncertaintyError> {
        if range.start > range.end || range.end > self.evals.len() {
            return Err(UncertaintyError::Request(format!(
                "evaluations {}..{} are not within the study's {}",
                range.start,
                range.end,
                self.evals.len()
            )));
        }
        let params = &self.request.params;
        let expensive = &self.expensive;
        let evals = &self.evals;
        let groups = groups_of(expensive, evals, range.clone().collect());
        let fail = |j: usize, e: super::params::ParamError| UncertaintyError::Parameter {
            index: j,
            message: e.to_string(),
        };
        let total = range.len();
        let done = AtomicUsize::new(0);
        let mut out: Vec<Option<Vec<CorridorSample>>> = vec![None; total];
        for chunk in groups.chunks(rayon::current_num_threads().max(1)) {
            if cancel.load(Ordering::Relaxed) {
                return Err(AssessError::Cancelled.into());
            }
            let results: Vec<Result<Vec<Evaluated>, UncertaintyError>> = chunk
                .par_iter()
                .map(|members| {
                    let mut base = scenario.clone();
                    for &j in expensive {
                        if let Some(v) = evals[members[0]][j] {
                            params[j].path.apply(&mut base, v).map_err(|e| fail(j, e))?;
                        }
                    }
                    // The group's own types and envelopes, built once before its members run in parallel and
                    // dropped with the group.
                    let local = caches.interceptors.fork();
                    build_architecture(&base, &local)?;
                    members
                        .par_iter()
                        .map(|&e| {
                            let mut s = base.clone();
                            for (j, p) in params.iter().enumerate() {
                                if expensive.contains(&j) {
                                    continue;
                                }
                                if let Some(v) = evals[e][j] {
                                    p.path.apply(&mut s, v).map_err(|err| fail(j, err))?;
                                }
                            }
                            let a = assess(
                                &s,
                                &local,
                                caches.trajectories,
                                caches.options,
                                &|_| {},
                                cancel,
                            )?;
                            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                            Ok((e, summarise(&a)))
                        })
                        .collect()
                })
                .collect();
            for r in results {
                for (e, c) in r? {
                    out[e - range.start] = Some(c);
                }
            }
        }
        let results = out
            .into_iter()
            .map(|c| c.ok_or_else(|| UncertaintyError::Request("an evaluation was lost".into())))
            .collect::<Result<_, _>>()?;
        Ok(Evaluations {
            first: range.start,
            results,
        })
    }

    /// The study from its evaluations ([`MonteCarloPlan::evaluate`]), given in any order: together they must hold
    /// every evaluation exactly once. The result is the one [`monte_carlo`] computes.
    pub fn finish(
        &self,
        scenario: &Scenario,
        mut parts: Vec<Evaluations>,
    ) -> Result<MonteCarlo, UncertaintyError> {
        let total = self.evals.len();
        let corridors = scenario.corridors.len();
        parts.retain(|p| !p.results.is_empty());
        parts.sort_by_key(|p| p.first);
        let mut next = 0;
        for p in &parts {
            if p.first != next {
                return Err(UncertaintyError::Request(format!(
                    "Monte Carlo parts: {} evaluation {} (the parts must hold each of the {total} evaluations \
                     exactly once)",
                    if p.first < next { "overlap at" } else { "none holds" },
                    p.first.min(next)
                )));
            }
            if let Some(r) = p.results.iter().find(|r| r.len() != corridors) {
                return Err(UncertaintyError::Request(format!(
                    "Monte Carlo parts: an evaluation has {} corridors; scenario {} has {corridors}",
                    r.len(),
                    scenario.name
                )));
            }
            next += p.results.len();
        }
        if next != total {
            return Err(UncertaintyError::Request(format!(
                "Monte Carlo parts: they hold evaluations 0 to {next} of {total} (each exactly once)"
            )));
        }
        let results: Vec<Vec<CorridorSample>> = parts.into_iter().flat_map(|p| p.results).collect();
        let samples = self.request.samples;
        let (sample_results, rest) = results.split_at(samples);
        let (tornado_results, nominal) = rest.split_at(rest.len() - 1);
        let nominal = &nominal[0];
        let draws: Vec<Sample> = self
            .drawn
            .iter()
            .zip(&self.evals)
            .zip(sample_results)
            .map(|((drawn, values), corridors)| Sample {
                used: values
                    .iter()
                    .zip(&self.nominals)
                    .map(|(v, &n)| v.unwrap_or(n))
                    .collect(),
                drawn: drawn.clone(),
                corridors: corridors.clone(),
            })
            .collect();
        let corridor_names: Vec<String> =
            scenario.corridors.iter().map(|c| c.name.clone()).collect();
        let bands = corridor_names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let of = |f: fn(&CorridorSample) -> Option<f64>| {
                    let v: Vec<f64> = draws.iter().filter_map(|s| f(&s.corridors[k])).collect();
                    Band::of(&v)
                };
                CorridorBand {
                    corridor: name.clone(),
                    nominal: nominal[k],
                    share: of(|c| c.engageable_share),
                    weighted_share: of(|c| c.weighted_engageable_share),
                    window_p50_s: of(|c| c.window_p50_s),
                }
            })
            .collect();
        let tornado = corridor_names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let mut entries: Vec<TornadoEntry> = (0..self.summaries.len())
                    .map(|j| {
                        let at_low = tornado_results[2 * j][k].engageable_share;
                        let at_high = tornado_results[2 * j + 1][k].engageable_share;
                        TornadoEntry {
                            param: j,
                            low_value: self.ends[j][0],
                            high_value: self.ends[j][1],
                            at_low,
                            at_high,
                            signed_swing: match (at_low, at_high) {
                                (Some(a), Some(b)) => b - a,
                                _ => 0.0,
                            },
                        }
                    })
                    .collect();
                entries.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
                CorridorTornado {
                    corridor: name.clone(),
                    nominal_share: nominal[k].engageable_share,
                    entries,
                }
            })
            .collect();
        Ok(MonteCarlo {
            scenario: scenario.name.clone(),
            title: scenario.title.clone(),
            samples,
            seed: self.request.seed,
            params: self.summaries.clone(),
            draws,
            bands,
            tornado,
            builds: self.builds,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lattice_is_anchored_at_the_scenario_value_and_stays_within_the_range() {
        let plan = Plan::Lattice {
            nominal: 6312.0,
            step: 25.0,
            k_lo: -36,
            k_hi: 107,
        };
        assert_eq!(
            plan.value(6320.0),
            None,
            "within half a step: the scenario's own"
        );
        assert_eq!(plan.value(6330.0), Some(6337.0));
        assert_eq!(plan.value(1000.0), Some(6312.0 - 36.0 * 25.0));
        assert_eq!(plan.value(99_999.0), Some(6312.0 + 107.0 * 25.0));
    }
}
