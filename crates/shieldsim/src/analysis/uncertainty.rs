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
//! **Evaluation.** Each sample is the scenario with every uncertain parameter set to its draw ([`ParamPath::apply`])
//! and assessed again with the shared [`TrajectoryCache`](super::TrajectoryCache): no parameter changes a threat
//! trajectory, so every trajectory is flown once for the whole study. Parameters of the defence's timeline, radars
//! and radar cross-sections cost only the re-engagement. A parameter that shapes an interceptor's fly-outs (burn-out
//! speed, longest fly-out, ceiling) or a site's latitude costs a new reach table or site envelope per distinct value
//! (about a second of CPU each): its draws are rounded to a **lattice** ([`ParamPath::lattice_step`], e.g. 50 m/s
//! of burn-out speed) anchored at the scenario's value (`nominal + k × step`, kept within the distribution's range),
//! so at most one build per lattice value. Samples are grouped by their lattice values, each group's interceptors
//! and envelopes built once, its samples assessed, and the group dropped before the next, a few groups at a time (one
//! per thread), so memory does not grow with the number of samples. Results are kept in sample order.
//!
//! **Summaries.** Per corridor, the 5th, 50th and 95th percentiles ([`percentile`], type 7) and the mean over the
//! samples of the engageable share, of the aim-weighted share and of the window median (over the samples in which
//! something is engageable). The **tornado** is one-at-a-time: each parameter at its own 5th and 95th percentile
//! (rounded to its lattice like the samples), every other parameter at the scenario's value; per corridor the parameters are
//! sorted by swing, |share at P95 − share at P5|. It shows each parameter's own reach, not interactions.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::assess::{
    assess, build_architecture, percentile, AssessError, CorridorAssessment, ScenarioAssessment,
};
use super::limits::Caches;
use super::params::ParamPath;
use crate::scenario::Scenario;

/// Most samples a Monte Carlo study may draw.
pub const MAX_SAMPLES: usize = 100_000;

/// A normal distribution is truncated at this many standard deviations from its mean (besides any `[min, max]`).
pub const NORMAL_TRUNCATION_SD: f64 = 6.0;

/// The tornado's low end: each parameter's 5th percentile.
pub const TORNADO_LOW: f64 = 0.05;

/// The tornado's high end: each parameter's 95th percentile.
pub const TORNADO_HIGH: f64 = 0.95;

/// The source of a distribution given on the command line.
pub const COMMAND_LINE_SOURCE: &str = "given on the command line";

/// A parameter's probability distribution, in the unit of its path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// Every value in `[min, max]` equally likely.
    Uniform {
        /// Lowest value.
        min: f64,
        /// Highest value (above `min`).
        max: f64,
    },
    /// Density rising linearly from `min` to `mode` and falling to `max`.
    Triangular {
        /// Lowest value.
        min: f64,
        /// Most likely value, in `[min, max]`.
        mode: f64,
        /// Highest value (above `min`).
        max: f64,
    },
    /// Normal (Gaussian), truncated to `[min, max]` when given and always to [`NORMAL_TRUNCATION_SD`] standard
    /// deviations.
    Normal {
        /// Mean of the untruncated distribution.
        mean: f64,
        /// Its standard deviation (above 0).
        sd: f64,
        /// Lower truncation, if any.
        min: Option<f64>,
        /// Upper truncation, if any.
        max: Option<f64>,
    },
}

impl Distribution {
    /// `uniform`, `triangular` or `normal`.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Uniform { .. } => "uniform",
            Self::Triangular { .. } => "triangular",
            Self::Normal { .. } => "normal",
        }
    }

    /// Checks that the distribution has values: finite numbers, `min < max`, the mode within, a standard deviation
    /// above 0 and a truncation that leaves some probability. The error says what is wrong in words.
    pub fn validate(&self) -> Result<(), String> {
        let finite = |name: &str, v: f64| {
            if v.is_finite() {
                Ok(())
            } else {
                Err(format!("{name} = {v}: a finite number"))
            }
        };
        let ordered = |min: f64, max: f64| {
            if min < max {
                Ok(())
            } else {
                Err(format!(
                    "empty distribution: min {min} is not below max {max} (give min < max)"
                ))
            }
        };
        match *self {
            Self::Uniform { min, max } => {
                finite("min", min)?;
                finite("max", max)?;
                ordered(min, max)
            }
            Self::Triangular { min, mode, max } => {
                finite("min", min)?;
                finite("mode", mode)?;
                finite("max", max)?;
                ordered(min, max)?;
                if !(min..=max).contains(&mode) {
                    return Err(format!(
                        "mode {mode} is outside [min, max] = [{min}, {max}]"
                    ));
                }
                Ok(())
            }
            Self::Normal { mean, sd, min, max } => {
                finite("mean", mean)?;
                finite("sd", sd)?;
                if sd <= 0.0 {
                    return Err(format!("sd = {sd}: a standard deviation above 0"));
                }
                if let Some(v) = min {
                    finite("min", v)?;
                }
                if let Some(v) = max {
                    finite("max", v)?;
                }
                if let (Some(a), Some(b)) = (min, max) {
                    ordered(a, b)?;
                }
                let (lo, hi) = self.support();
                if lo >= hi {
                    return Err(format!(
                        "the truncation [{}, {}] leaves nothing within {NORMAL_TRUNCATION_SD} sd of the mean \
                         {mean} (sd {sd})",
                        min.map_or("-inf".into(), |v| v.to_string()),
                        max.map_or("inf".into(), |v| v.to_string())
                    ));
                }
                Ok(())
            }
        }
    }

    /// The lowest and highest values the distribution can give.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Self::Uniform { min, max } | Self::Triangular { min, max, .. } => (min, max),
            Self::Normal { mean, sd, min, max } => {
                let lo = mean - NORMAL_TRUNCATION_SD * sd;
                let hi = mean + NORMAL_TRUNCATION_SD * sd;
                (min.map_or(lo, |m| m.max(lo)), max.map_or(hi, |m| m.min(hi)))
            }
        }
    }

    /// The `p`-quantile (`p` in [0, 1]): the value below which a share `p` of the distribution lies (its inverse
    /// distribution function).
    pub fn quantile(&self, p: f64) -> f64 {
        let p = p.clamp(0.0, 1.0);
        match *self {
            Self::Uniform { min, max } => min + p * (max - min),
            Self::Triangular { min, mode, max } => {
                let width = max - min;
                let below = (mode - min) / width;
                if p <= below {
                    min + (p * width * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - p) * width * (max - mode)).sqrt()
                }
            }
            Self::Normal { mean, sd, .. } => {
                let (lo, hi) = self.support();
                let (a, b) = (normal_cdf((lo - mean) / sd), normal_cdf((hi - mean) / sd));
                let x = mean + sd * normal_quantile(a + p * (b - a));
                x.clamp(lo, hi)
            }
        }
    }

    /// Parses `uniform:MIN:MAX`, `triangular:MIN:MODE:MAX`, `normal:MEAN:SD` or `normal:MEAN:SD:MIN:MAX` and checks
    /// it ([`Self::validate`]). The error says what is wrong in words.
    pub fn parse(text: &str) -> Result<Self, String> {
        const FORMS: &str =
            "uniform:MIN:MAX, triangular:MIN:MODE:MAX, normal:MEAN:SD or normal:MEAN:SD:MIN:MAX";
        let mut parts = text.split(':');
        let kind = parts.next().unwrap_or("").trim();
        let numbers: Vec<&str> = parts.collect();
        let mut values = Vec::with_capacity(numbers.len());
        for n in &numbers {
            let v: f64 = n
                .trim()
                .parse()
                .map_err(|_| format!("`{n}` is not a number; expected {FORMS}"))?;
            values.push(v);
        }
        let d = match (kind, &values[..]) {
            ("uniform", &[min, max]) => Self::Uniform { min, max },
            ("triangular", &[min, mode, max]) => Self::Triangular { min, mode, max },
            ("normal", &[mean, sd]) => Self::Normal {
                mean,
                sd,
                min: None,
                max: None,
            },
            ("normal", &[mean, sd, min, max]) => Self::Normal {
                mean,
                sd,
                min: Some(min),
                max: Some(max),
            },
            ("uniform" | "triangular" | "normal", _) => {
                return Err(format!(
                    "{} numbers for a {kind} distribution; expected {FORMS}",
                    values.len()
                ))
            }
            _ => {
                let hint = crate::catalog::nearest(kind, &["uniform", "triangular", "normal"])
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown distribution `{kind}`{hint}; expected {FORMS}"
                ));
            }
        };
        d.validate()?;
        Ok(d)
    }
}

impl std::fmt::Display for Distribution {
    /// `uniform 5400 to 9000`, `triangular 5400 to 9000, mode 6300`, `normal mean 30, sd 10` (`, within [0, 90]`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Self::Uniform { min, max } => write!(f, "uniform {min} to {max}"),
            Self::Triangular { min, mode, max } => {
                write!(f, "triangular {min} to {max}, mode {mode}")
            }
            Self::Normal { mean, sd, min, max } => {
                write!(f, "normal mean {mean}, sd {sd}")?;
                match (min, max) {
                    (None, None) => Ok(()),
                    (a, b) => write!(
                        f,
                        ", within [{}, {}]",
                        a.map_or("-inf".into(), |v| v.to_string()),
                        b.map_or("inf".into(), |v| v.to_string())
                    ),
                }
            }
        }
    }
}

/// The standard normal distribution function Φ(x), by Marsaglia's series Φ(x) = ½ + φ(x) (x + x³/3 + x⁵/(3·5) + …)
/// (G. Marsaglia, "Evaluating the normal distribution", Journal of Statistical Software 11(4), 2004): absolute error
/// about 10⁻¹⁵. 0 below −10 and 1 above 10 (Φ(−10) ≈ 7.6 × 10⁻²⁴).
pub fn normal_cdf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x < -10.0 {
        return 0.0;
    }
    if x > 10.0 {
        return 1.0;
    }
    let q = x * x;
    let (mut s, mut t, mut b, mut i) = (x, 0.0, x, 1.0);
    while s != t {
        t = s;
        i += 2.0;
        b *= q / i;
        s = t + b;
    }
    // ln √(2π) = 0.918938533204672741780...
    0.5 + s * (-0.5 * q - 0.918_938_533_204_672_8).exp()
}

// The coefficients of AS 241 (PPND16) as published (Wichura 1988), constant term first.
#[allow(clippy::excessive_precision)]
const AS241_A: [f64; 8] = [
    3.3871328727963666080e0,
    1.3314166789178437745e+2,
    1.9715909503065514427e+3,
    1.3731693765509461125e+4,
    4.5921953931549871457e+4,
    6.7265770927008700853e+4,
    3.3430575583588128105e+4,
    2.5090809287301226727e+3,
];
#[allow(clippy::excessive_precision)]
const AS241_B: [f64; 8] = [
    1.0,
    4.2313330701600911252e+1,
    6.8718700749205790830e+2,
    5.3941960214247511077e+3,
    2.1213794301586595867e+4,
    3.9307895800092710610e+4,
    2.8729085735721942674e+4,
    5.2264952788528545610e+3,
];
#[allow(clippy::excessive_precision)]
const AS241_C: [f64; 8] = [
    1.42343711074968357734e0,
    4.63033784615654529590e0,
    5.76949722146069140550e0,
    3.64784832476320460504e0,
    1.27045825245236838258e0,
    2.41780725177450611770e-1,
    2.27238449892691845833e-2,
    7.74545014278341407640e-4,
];
#[allow(clippy::excessive_precision)]
const AS241_D: [f64; 8] = [
    1.0,
    2.05319162663775882187e0,
    1.67638483018380384940e0,
    6.89767334985100004550e-1,
    1.48103976427480074590e-1,
    1.51986665636164571966e-2,
    5.47593808499534494600e-4,
    1.05075007164441684324e-9,
];
#[allow(clippy::excessive_precision)]
const AS241_E: [f64; 8] = [
    6.65790464350110377720e0,
    5.46378491116411436990e0,
    1.78482653991729133580e0,
    2.96560571828504891230e-1,
    2.65321895265761230930e-2,
    1.24266094738807843860e-3,
    2.71155556874348757815e-5,
    2.01033439929228813265e-7,
];
#[allow(clippy::excessive_precision)]
const AS241_F: [f64; 8] = [
    1.0,
    5.99832206555887937690e-1,
    1.36929880922735805310e-1,
    1.48753612908506148525e-2,
    7.86869131145613259100e-4,
    1.84631831751005468180e-5,
    1.42151175831644588870e-7,
    2.04426310338993978564e-15,
];

fn horner(c: &[f64; 8], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &k| acc * x + k)
}

/// The standard normal quantile Φ⁻¹(p) by Wichura's algorithm AS 241 (PPND16: M. J. Wichura, "The percentage points
/// of the normal distribution", Applied Statistics 37(3), 477–484, 1988), relative error about 10⁻¹⁶. −∞ at 0, +∞
/// at 1, NaN outside [0, 1].
pub fn normal_quantile(p: f64) -> f64 {
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * horner(&AS241_A, r) / horner(&AS241_B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let r = (-tail.ln()).sqrt();
    let v = if r <= 5.0 {
        horner(&AS241_C, r - 1.6) / horner(&AS241_D, r - 1.6)
    } else {
        horner(&AS241_E, r - 5.0) / horner(&AS241_F, r - 5.0)
    };
    if q < 0.0 {
        -v
    } else {
        v
    }
}

/// SplitMix64's increment (2⁶⁴ / golden ratio).
const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's output function (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA
/// 2014): a bijective 64-bit mix with full avalanche.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// FNV-1a, 64 bits: a hash of the path that does not change between program versions or platforms.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The uniform variate in (0, 1) of sample `sample` for the parameter at `path` under `seed`: SplitMix64 steps
/// chained over the seed, the sample index and a hash of the path, the top 53 bits taken as `(k + ½) / 2⁵³`. A pure
/// function: the same inputs give the same number on every machine and thread.
pub fn uniform_variate(seed: u64, sample: u64, path: &str) -> f64 {
    let h = mix64(seed.wrapping_add(GOLDEN_GAMMA));
    let h = mix64(h.wrapping_add(sample).wrapping_add(GOLDEN_GAMMA));
    let h = mix64(h ^ fnv1a(path));
    ((h >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// A scenario parameter with its distribution and the source of that distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainParam {
    /// The parameter.
    pub path: ParamPath,
    /// Its distribution, in the path's unit.
    pub dist: Distribution,
    /// Where the distribution comes from ([`COMMAND_LINE_SOURCE`] for one given on the command line).
    pub source: String,
}

impl UncertainParam {
    /// The `sample`-th draw under `seed` (before any lattice rounding).
    pub fn draw(&self, seed: u64, sample: u64) -> f64 {
        self.dist
            .quantile(uniform_variate(seed, sample, self.path.as_str()))
    }
}

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
#[derive(Debug, Clone, Copy, PartialEq)]
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
pub fn monte_carlo(
    scenario: &Scenario,
    request: &MonteCarloRequest,
    caches: &Caches<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<MonteCarlo, UncertaintyError> {
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
    let nominal = assess(
        scenario,
        caches.interceptors,
        caches.trajectories,
        caches.options,
        &|_| {},
        cancel,
    )?;
    let nominal = summarise(&nominal);
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
    let expensive: Vec<usize> = (0..params.len())
        .filter(|&j| params[j].path.lattice_step().is_some())
        .collect();
    let (results, builds) = evaluate(
        scenario, params, &expensive, &evals, caches, progress, cancel,
    )?;
    let (sample_results, tornado_results) = results.split_at(request.samples);
    let draws: Vec<Sample> = drawn
        .into_iter()
        .zip(&evals)
        .zip(sample_results)
        .map(|((drawn, values), corridors)| Sample {
            used: values
                .iter()
                .zip(&nominals)
                .map(|(v, &n)| v.unwrap_or(n))
                .collect(),
            drawn,
            corridors: corridors.clone(),
        })
        .collect();
    let corridor_names: Vec<String> = scenario.corridors.iter().map(|c| c.name.clone()).collect();
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
            let mut entries: Vec<TornadoEntry> = (0..summaries.len())
                .map(|j| {
                    let at_low = tornado_results[2 * j][k].engageable_share;
                    let at_high = tornado_results[2 * j + 1][k].engageable_share;
                    TornadoEntry {
                        param: j,
                        low_value: ends[j][0],
                        high_value: ends[j][1],
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
        samples: request.samples,
        seed: request.seed,
        params: summaries,
        draws,
        bands,
        tornado,
        builds,
    })
}

/// Evaluates every set of values: grouped by the values of the `expensive` parameters (each group's interceptors
/// and envelopes built once, then its members re-engaged in parallel), a few groups at a time so that only that many
/// modified types are alive at once. Returns the results in the order of `evals` and the number of groups that
/// modified an expensive parameter.
fn evaluate(
    scenario: &Scenario,
    params: &[UncertainParam],
    expensive: &[usize],
    evals: &[Values],
    caches: &Caches<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
    cancel: &AtomicBool,
) -> Result<(Vec<Vec<CorridorSample>>, usize), UncertaintyError> {
    let key = |e: usize| -> Vec<Option<f64>> { expensive.iter().map(|&j| evals[e][j]).collect() };
    let compare = |a: &Vec<Option<f64>>, b: &Vec<Option<f64>>| {
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
    };
    let mut order: Vec<usize> = (0..evals.len()).collect();
    order.sort_by(|&a, &b| compare(&key(a), &key(b)).then(a.cmp(&b)));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for e in order {
        match groups.last_mut() {
            Some(g) if compare(&key(g[0]), &key(e)).is_eq() => g.push(e),
            _ => groups.push(vec![e]),
        }
    }
    let builds = groups
        .iter()
        .filter(|g| key(g[0]).iter().any(Option::is_some))
        .count();
    let fail = |j: usize, e: super::params::ParamError| UncertaintyError::Parameter {
        index: j,
        message: e.to_string(),
    };
    let total = evals.len();
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
                // The group's own types and envelopes, built once before its members run in parallel and dropped
                // with the group.
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
                out[e] = Some(c);
            }
        }
    }
    let out = out
        .into_iter()
        .map(|c| c.ok_or_else(|| UncertaintyError::Request("an evaluation was lost".into())))
        .collect::<Result<_, _>>()?;
    Ok((out, builds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles_and_distribution_function_match_tabulated_values() {
        // z of the 95th and 97.5th percentiles (e.g. NIST/SEMATECH e-Handbook, table of the normal distribution;
        // to 16 digits as given by scipy.stats.norm.ppf).
        for (p, z) in [
            (0.5, 0.0),
            (0.95, 1.6448536269514722),
            (0.975, 1.959963984540054),
            (0.05, -1.6448536269514722),
            (0.999, 3.090232306167813),
            (1e-9, -5.997807015007686),
        ] {
            let q = normal_quantile(p);
            assert!((q - z).abs() < 1e-12 * z.abs().max(1.0), "{p}: {q} vs {z}");
            assert!((normal_cdf(z) - p).abs() < 1e-14, "{z}: {}", normal_cdf(z));
        }
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert!(normal_quantile(1.5).is_nan());
    }

    #[test]
    fn bad_distributions_are_refused_in_words() {
        for (text, needle) in [
            ("uniform:5:5", "empty distribution"),
            ("uniform:9:5", "empty distribution"),
            ("triangular:0:5:4", "mode 5 is outside"),
            ("normal:30:0", "sd = 0"),
            ("normal:30:-2", "sd = -2"),
            ("normal:0:1:10:20", "leaves nothing within 6 sd"),
            ("normal:0:1:2", "3 numbers for a normal"),
            ("uniformm:0:1", "did you mean `uniform`"),
            ("uniform:a:1", "`a` is not a number"),
            ("uniform:0:inf", "a finite number"),
        ] {
            let e = Distribution::parse(text).unwrap_err();
            assert!(e.contains(needle), "{text}: {e}");
        }
        assert_eq!(
            Distribution::parse("normal:-5:2:-9:0").unwrap(),
            Distribution::Normal {
                mean: -5.0,
                sd: 2.0,
                min: Some(-9.0),
                max: Some(0.0)
            }
        );
    }

    #[test]
    fn quantiles_invert_each_distribution_function() {
        let u = Distribution::Uniform { min: 2.0, max: 6.0 };
        assert_eq!(u.quantile(0.25), 3.0);
        // Triangular on [0, 10], mode 2: F(2) = 0.2, F(x) = x²/20 below the mode, 1 − (10 − x)²/80 above.
        let t = Distribution::Triangular {
            min: 0.0,
            mode: 2.0,
            max: 10.0,
        };
        for x in [0.5, 1.0, 2.0, 5.0, 9.0] {
            let f = if x <= 2.0 {
                x * x / 20.0
            } else {
                1.0 - (10.0 - x) * (10.0 - x) / 80.0
            };
            assert!((t.quantile(f) - x).abs() < 1e-12, "{x}");
        }
        // A normal truncated to [mean, ∞) is the half-normal: its median is mean + σ Φ⁻¹(0.75) (less 2 × 10⁻⁸ σ
        // here, for the 6-sd truncation).
        let h = Distribution::Normal {
            mean: 30.0,
            sd: 10.0,
            min: Some(30.0),
            max: None,
        };
        assert!((h.quantile(0.5) - (30.0 + 10.0 * 0.6744897501960817)).abs() < 1e-6);
        assert_eq!(h.support(), (30.0, 90.0));
    }

    #[test]
    fn variates_are_a_pure_function_of_seed_sample_and_path() {
        let a = uniform_variate(7, 12, "rules.decision_delay_s");
        assert_eq!(a, uniform_variate(7, 12, "rules.decision_delay_s"));
        assert_ne!(a, uniform_variate(8, 12, "rules.decision_delay_s"));
        assert_ne!(a, uniform_variate(7, 13, "rules.decision_delay_s"));
        assert_ne!(a, uniform_variate(7, 12, "radars.x.range_km"));
        assert!(a > 0.0 && a < 1.0);
        // Uniform on (0, 1): mean ½, variance 1/12, and no two of many alike.
        let n = 200_000u64;
        let v: Vec<f64> = (0..n).map(|i| uniform_variate(1, i, "p")).collect();
        let mean = v.iter().sum::<f64>() / n as f64;
        let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(
            (mean - 0.5).abs() < 4.0 * (1.0 / 12.0 / n as f64).sqrt(),
            "{mean}"
        );
        assert!((var - 1.0 / 12.0).abs() < 1e-3, "{var}");
    }

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
