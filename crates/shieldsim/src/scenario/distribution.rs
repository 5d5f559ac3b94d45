//! Probability distributions of uncertain scenario parameters (a `[[uncertainty]]` table of a scenario file, or
//! `--uncertain` on the command line) and their draws. The Monte Carlo study that propagates them is
//! `analysis::uncertainty`, whose documentation gives the methods and sources; this file holds what a scenario file
//! declares and how one value is drawn.
//!
//! **Distributions** ([`Distribution`]): uniform on `[min, max]`, triangular on `[min, max]` with its mode, or normal
//! with a mean and standard deviation, optionally truncated to `[min, max]`, and always at [`NORMAL_TRUNCATION_SD`]
//! standard deviations. **Draws** are by inverse transform, `x = F⁻¹(u)`, from a uniform variate that is a pure
//! function of the seed, the sample index and the parameter's path ([`uniform_variate`]). The normal's quantile is
//! Wichura's algorithm AS 241 (Applied Statistics 37(3), 477–484, 1988), its distribution function Marsaglia's series
//! (Journal of Statistical Software 11(4), 2004).

use super::params::ParamPath;

/// A normal distribution is truncated at this many standard deviations from its mean (besides any `[min, max]`).
pub const NORMAL_TRUNCATION_SD: f64 = 6.0;

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
}
