//! Raid attrition at the level of the open literature: of a declared, **notional** force flown down a threat
//! corridor, how many warheads a defence could put at risk, how many it would expect to intercept (with the
//! distribution), and how many interceptors each site would spend, given a generic single-shot kill probability, a
//! shot doctrine and the sites' inventories.
//!
//! **What this is not.** It is not attack planning and never optimises an attacker: there is no target selection
//! and no routing. Each warhead of a corridor's force flies one of the corridor's evaluated trajectories, drawn
//! independently in proportion to the aim point's weight (uniformly when every weight is 1): the spread an
//! attacker who does not choose would give. Out-of-range and failed trajectories receive none. Nor is it a
//! prediction of a real defence: the kill probability is a generic input, decoys, countermeasures, salvage fusing,
//! radar and discrimination failures, reliability and simultaneous-engagement limits are not modelled.
//!
//! **The model.** A trajectory the assessment found engageable ([`Outcome::Evaluated`]) offers `shots`
//! shoot-look-shoot opportunities. A [`Doctrine`] turns them into planned salvos: shoot-look-shoot (one
//! interceptor per opportunity, the next only if the last missed), one salvo of `k` (no look: one engagement), or
//! salvos of `k` with a look between them; optionally at most `c` interceptors per warhead. Every interceptor kills
//! independently with probability `p` (the single-shot kill probability). For planned salvos `k_1, …, k_m`:
//!
//! * kill probability `K = 1 − (1 − p)^(k_1 + … + k_m)`; for `n` shots, `1 − (1 − p)^n`;
//! * expected interceptors `E = Σ_j k_j (1 − p)^(k_1 + … + k_(j−1))`; shoot-look-shoot up to `n`:
//!   `Σ_(j<n) (1 − p)^j`.
//!
//! With trajectory `i` drawn with probability `q_i` (its weight over the corridor's evaluated weight) and no site
//! ever short of interceptors, the warheads are independent and each is intercepted with probability
//! `π = Σ_i q_i K_i`: the number intercepted out of `W` is binomial (a Poisson-binomial with equal probabilities),
//! mean `W π`, and site `s` spends `W Σ_(i: s first) q_i E_i` on average. The number of warheads on engageable
//! trajectories is binomial with probability `Σ_(i engageable) q_i`, the aim-weighted engageable share.
//!
//! **Inventories.** Each site holds its scenario inventory. Warheads are served in arrival order (the earliest
//! possible intercept time first; ties by trajectory order), each from the site that can intercept it first; when
//! that site is empty, from the other sites with a window on the trajectory, in architecture order. A warhead's
//! whole engagement is served before the next (salvos of different warheads are not interleaved in time), and the
//! trajectory's opportunities (over all sites) bound it whichever site supplies the interceptors. Each corridor's
//! force is assessed alone against the full inventories: corridors are not combined into one raid. When no site
//! can run short even if every warhead needed the most interceptors the doctrine allows, the distribution is exact
//! (above); otherwise it is estimated by a seeded Monte Carlo whose every trial and every warhead has its own random
//! stream derived from the seed (SplitMix64: Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
//! OOPSLA 2014), and whose tallies are integers: the same seed gives the same numbers whatever the thread count.
//! Quantiles of the discrete counts are the smallest count whose cumulative probability reaches the level
//! (Hyndman & Fan type 1).

use rayon::prelude::*;

use super::assess::{Outcome, ScenarioAssessment};
use crate::catalog::nearest;
pub use crate::intercept::doctrine::{Doctrine, DoctrineError, MAX_SALVO};
use crate::scenario::Scenario;
pub use crate::scenario::{ForceDeclaration, RaidSpec, MAX_WARHEADS_PER_CORRIDOR};

/// The default single-shot kill probability: a generic, illustrative value, not a measured or claimed kill
/// probability of any interceptor ([`GENERIC_PK_SOURCE`]).
pub const DEFAULT_PK_PER_SHOT: f64 = 0.5;

/// What [`DEFAULT_PK_PER_SHOT`] rests on, stated in every output that uses it.
pub const GENERIC_PK_SOURCE: &str = "the built-in generic value, an illustration, not a measured kill probability \
     of any interceptor; of the order of the open flight-test record of the US midcourse system (4 intercepts in \
     9 attempts from 2004 to May 2017: Associated Press, 30 May 2017, \"Hit or miss, missile defence test is a \
     key milestone\"), which was scripted, not combat";

/// Default number of Monte-Carlo trials.
pub const DEFAULT_TRIALS: u32 = 10_000;

/// Most Monte-Carlo trials accepted.
pub const MAX_TRIALS: u32 = 1_000_000;

/// Default seed of the Monte Carlo.
pub const DEFAULT_SEED: u64 = 1;

/// Probability that planned salvos of sizes `salvos` kill a warhead, each interceptor killing independently with
/// probability `pk`: `1 − (1 − pk)^Σk`.
pub fn kill_probability(pk: f64, salvos: &[u32]) -> f64 {
    let total: u32 = salvos.iter().sum();
    1.0 - (1.0 - pk).powi(total as i32)
}

/// Expected interceptors fired at a warhead with planned salvos `salvos` when each salvo is fired only if the
/// warhead survived the previous ones: `Σ_j k_j (1 − pk)^(k_1 + … + k_(j−1))`. (For a single salvo, `k`.)
pub fn expected_interceptors(pk: f64, salvos: &[u32]) -> f64 {
    let mut survive = 1.0;
    let mut sum = 0.0;
    for &k in salvos {
        sum += f64::from(k) * survive;
        survive *= (1.0 - pk).powi(k as i32);
    }
    sum
}

/// The probabilities of 0, 1, …, n successes of `n` independent trials of probability `p` (binomial), computed
/// outward from the mode by the ratio of neighbouring terms and normalised (far tails may underflow to 0).
pub fn binomial_pmf(n: u32, p: f64) -> Vec<f64> {
    let n_us = n as usize;
    let mut pmf = vec![0.0; n_us + 1];
    if p <= 0.0 {
        pmf[0] = 1.0;
        return pmf;
    }
    if p >= 1.0 {
        pmf[n_us] = 1.0;
        return pmf;
    }
    let odds = p / (1.0 - p);
    let mode = (((f64::from(n) + 1.0) * p).floor() as usize).min(n_us);
    pmf[mode] = 1.0;
    for k in mode..n_us {
        pmf[k + 1] = pmf[k] * (n_us - k) as f64 / (k + 1) as f64 * odds;
    }
    for k in (1..=mode).rev() {
        pmf[k - 1] = pmf[k] * k as f64 / (n_us - k + 1) as f64 / odds;
    }
    let sum: f64 = pmf.iter().sum();
    pmf.iter_mut().for_each(|x| *x /= sum);
    pmf
}

/// The distribution of the number of successes of independent trials of probabilities `ps` (Poisson-binomial):
/// element k is the probability of exactly k. Exact convolution, O(n²).
pub fn poisson_binomial_pmf(ps: &[f64]) -> Vec<f64> {
    let mut pmf = vec![1.0];
    for &p in ps {
        let mut next = vec![0.0; pmf.len() + 1];
        for (k, &x) in pmf.iter().enumerate() {
            next[k] += x * (1.0 - p);
            next[k + 1] += x * p;
        }
        pmf = next;
    }
    pmf
}

/// The `q`-quantile of a distribution over 0, 1, 2, … given by its probabilities: the smallest count whose
/// cumulative probability reaches `q` (to 1e-12, for rounding).
pub fn pmf_quantile(pmf: &[f64], q: f64) -> u32 {
    let mut cum = 0.0;
    for (k, &x) in pmf.iter().enumerate() {
        cum += x;
        if cum >= q - 1e-12 {
            return k as u32;
        }
    }
    pmf.len().saturating_sub(1) as u32
}

/// The 5th, 50th and 95th percentiles of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantiles {
    /// 5th percentile.
    pub p5: u32,
    /// Median.
    pub p50: u32,
    /// 95th percentile.
    pub p95: u32,
}

impl Quantiles {
    fn of_pmf(pmf: &[f64]) -> Self {
        Self {
            p5: pmf_quantile(pmf, 0.05),
            p50: pmf_quantile(pmf, 0.5),
            p95: pmf_quantile(pmf, 0.95),
        }
    }

    /// From a histogram (`hist[k]` = trials with count k): the smallest k whose cumulative count reaches the
    /// level, in integers.
    fn of_histogram(hist: &[u64]) -> Self {
        let n: u64 = hist.iter().sum();
        let at = |num: u64, den: u64| {
            let mut cum = 0u64;
            for (k, &h) in hist.iter().enumerate() {
                cum += h;
                if cum * den >= n * num {
                    return k as u32;
                }
            }
            hist.len().saturating_sub(1) as u32
        };
        Self {
            p5: at(1, 20),
            p50: at(1, 2),
            p95: at(19, 20),
        }
    }
}

/// Russia's warheads under New START at the treaty's entry into force, the built-in notional force of `russia-us`.
pub const NEW_START_RUSSIA_2011_WARHEADS: u32 = 1537;

/// The source of [`NEW_START_RUSSIA_2011_WARHEADS`] as stated in outputs.
pub const NEW_START_RUSSIA_2011_SOURCE: &str = "notional upper bound: Russia's 1,537 warheads on deployed ICBMs, \
     SLBMs and heavy bombers (bombers counting one each) declared under New START as of 5 February 2011 (US \
     Department of State, fact sheet \"New START Treaty Aggregate Numbers of Strategic Offensive Arms\", 1 June 2011), \
     all counted as if flown on this ICBM corridor; the ICBM share is not in the aggregate";

/// The built-in notional force: [`NEW_START_RUSSIA_2011_WARHEADS`] on `russia-us`. Iran and North Korea had no
/// deployed ICBM warheads in 2007–2013: any force on their corridors is a notional test raid the user declares.
pub fn default_notional_force() -> Vec<ForceDeclaration> {
    vec![ForceDeclaration {
        corridor: "russia-us".into(),
        warheads: NEW_START_RUSSIA_2011_WARHEADS,
        notional: true,
        source: NEW_START_RUSSIA_2011_SOURCE.into(),
    }]
}

/// An interceptor site's stock at the start of a raid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteStock {
    /// Site name (as in the assessment's intercepts).
    pub site: String,
    /// Interceptors.
    pub inventory: u32,
}

/// The sites of `scenario` with their inventories, in architecture order.
pub fn site_stocks(scenario: &Scenario) -> Vec<SiteStock> {
    scenario
        .architecture
        .sites
        .iter()
        .map(|s| SiteStock {
            site: s.name.clone(),
            inventory: s.inventory,
        })
        .collect()
}

/// How the distribution is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RaidMethod {
    /// Exact when no site can run short, Monte Carlo otherwise.
    #[default]
    Auto,
    /// Always the Monte Carlo (for checks).
    MonteCarlo,
}

/// The defence's side of a raid.
#[derive(Debug, Clone, PartialEq)]
pub struct RaidParameters {
    /// Single-shot kill probability, in (0, 1]: generic.
    pub pk_per_shot: f64,
    /// Where it comes from (stated in outputs).
    pub pk_source: String,
    /// Shot doctrine.
    pub doctrine: Doctrine,
    /// Exact or Monte Carlo.
    pub method: RaidMethod,
    /// Monte-Carlo trials, 1 to [`MAX_TRIALS`].
    pub trials: u32,
    /// Monte-Carlo seed.
    pub seed: u64,
}

impl Default for RaidParameters {
    fn default() -> Self {
        Self {
            pk_per_shot: DEFAULT_PK_PER_SHOT,
            pk_source: GENERIC_PK_SOURCE.into(),
            doctrine: Doctrine::SHOOT_LOOK_SHOOT,
            method: RaidMethod::Auto,
            trials: DEFAULT_TRIALS,
            seed: DEFAULT_SEED,
        }
    }
}

impl RaidParameters {
    /// Checks the kill probability, the doctrine and the trials.
    pub fn validate(&self) -> Result<(), RaidError> {
        if !(self.pk_per_shot > 0.0 && self.pk_per_shot <= 1.0) {
            return Err(RaidError::Pk(self.pk_per_shot));
        }
        self.doctrine.validate()?;
        if !(1..=MAX_TRIALS).contains(&self.trials) {
            return Err(RaidError::Trials(self.trials));
        }
        Ok(())
    }
}

/// Why a raid could not be assessed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RaidError {
    /// The kill probability is outside (0, 1].
    #[error("single-shot kill probability {0}: expected a number in (0, 1] (a generic value such as 0.5)")]
    Pk(f64),
    /// The doctrine is malformed.
    #[error("shot doctrine {0}")]
    Doctrine(#[from] DoctrineError),
    /// Trials outside 1 to [`MAX_TRIALS`].
    #[error("{0} Monte-Carlo trials: expected 1 to {MAX_TRIALS}")]
    Trials(u32),
    /// A force names a corridor the assessment does not have.
    #[error("unknown corridor `{corridor}`: {hint}the corridors are {known}")]
    UnknownCorridor {
        /// The name given.
        corridor: String,
        /// `did you mean `x`? ` or empty.
        hint: String,
        /// The corridors, comma-separated.
        known: String,
    },
    /// Two declarations for one corridor.
    #[error("corridor `{0}` is declared twice: give one force per corridor")]
    DuplicateCorridor(String),
    /// Too many warheads.
    #[error("{warheads} warheads on corridor `{corridor}`: at most {MAX_WARHEADS_PER_CORRIDOR} per corridor")]
    TooManyWarheads {
        /// Corridor.
        corridor: String,
        /// Warheads declared.
        warheads: u32,
    },
    /// An intercepting site has no stock entry.
    #[error("site `{0}` intercepts but has no inventory entry")]
    UnknownSite(String),
}

/// How a corridor's distribution was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distribution {
    /// Exact: no site can run short.
    Exact,
    /// Seeded Monte Carlo.
    MonteCarlo {
        /// Trials.
        trials: u32,
        /// Seed.
        seed: u64,
    },
}

/// What one site spends on a corridor's raid.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteExpenditure {
    /// Site name.
    pub site: String,
    /// Its inventory at the start.
    pub inventory: u32,
    /// Expected interceptors fired.
    pub expected_expended: f64,
    /// Probability that the site was asked for an interceptor it no longer had (0 when exact).
    pub ran_out_probability: f64,
}

/// A corridor's raid.
#[derive(Debug, Clone, PartialEq)]
pub struct CorridorRaid {
    /// Corridor name.
    pub corridor: String,
    /// The declaration.
    pub force: ForceDeclaration,
    /// Trajectories evaluated (those the warheads are spread over).
    pub evaluated: usize,
    /// Engageable trajectories among them.
    pub engageable: usize,
    /// Share of the declared force expected on engageable trajectories: the aim-weighted engageable share. `None`
    /// when no trajectory was evaluated (the force then has nowhere to fly and none is at risk).
    pub at_risk_share: Option<f64>,
    /// Expected warheads on engageable trajectories.
    pub expected_at_risk: f64,
    /// Their distribution (exact binomial).
    pub at_risk: Quantiles,
    /// Expected warheads intercepted.
    pub expected_intercepted: f64,
    /// Their distribution.
    pub intercepted: Quantiles,
    /// Expected at-risk warheads that got fewer interceptors than the doctrine planned because every site with a
    /// window on them was empty.
    pub expected_short: f64,
    /// Exact or Monte Carlo.
    pub distribution: Distribution,
    /// Every site of the architecture, in order.
    pub sites: Vec<SiteExpenditure>,
}

impl CorridorRaid {
    /// Expected intercepted over declared warheads; `None` for a force of 0.
    pub fn intercepted_share(&self) -> Option<f64> {
        (self.force.warheads > 0)
            .then(|| self.expected_intercepted / f64::from(self.force.warheads))
    }
}

/// A scenario's raid: one result per declared corridor, in the order of the declarations.
#[derive(Debug, Clone, PartialEq)]
pub struct RaidAssessment {
    /// Scenario name.
    pub scenario: String,
    /// The corridors' results.
    pub corridors: Vec<CorridorRaid>,
}

/// An engageable trajectory, prepared.
#[derive(Debug, Clone)]
struct Target {
    /// Index among the corridor's evaluated trajectories.
    index: usize,
    /// Earliest possible intercept, s after launch.
    t_s: f64,
    /// Sites in order of preference: the first interceptor, then the others with a window, architecture order.
    prefs: Vec<usize>,
    salvos: Vec<u32>,
}

/// Assesses the raids of `force` against the defence of `assessment`, with the sites' `stocks`.
pub fn raid(
    assessment: &ScenarioAssessment,
    stocks: &[SiteStock],
    force: &[ForceDeclaration],
    params: &RaidParameters,
) -> Result<RaidAssessment, RaidError> {
    params.validate()?;
    let known: Vec<&str> = assessment
        .corridors
        .iter()
        .map(|c| c.corridor.as_str())
        .collect();
    for (k, f) in force.iter().enumerate() {
        if !known.contains(&f.corridor.as_str()) {
            return Err(unknown_corridor(&f.corridor, &known));
        }
        if force[..k].iter().any(|g| g.corridor == f.corridor) {
            return Err(RaidError::DuplicateCorridor(f.corridor.clone()));
        }
        if f.warheads > MAX_WARHEADS_PER_CORRIDOR {
            return Err(RaidError::TooManyWarheads {
                corridor: f.corridor.clone(),
                warheads: f.warheads,
            });
        }
    }
    let corridors = force
        .iter()
        .map(|f| corridor_raid(assessment, stocks, f, params))
        .collect::<Result<_, _>>()?;
    Ok(RaidAssessment {
        scenario: assessment.scenario.clone(),
        corridors,
    })
}

/// The error for a corridor not in `known`, with the nearest name.
pub fn unknown_corridor(corridor: &str, known: &[&str]) -> RaidError {
    RaidError::UnknownCorridor {
        corridor: corridor.to_string(),
        hint: nearest(corridor, known)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default(),
        known: known.join(", "),
    }
}

fn corridor_raid(
    assessment: &ScenarioAssessment,
    stocks: &[SiteStock],
    force: &ForceDeclaration,
    params: &RaidParameters,
) -> Result<CorridorRaid, RaidError> {
    let site_index = |name: &str| {
        stocks
            .iter()
            .position(|s| s.site == name)
            .ok_or_else(|| RaidError::UnknownSite(name.to_string()))
    };
    let mut weights = Vec::new();
    let mut targets = Vec::new();
    for r in assessment
        .trajectories
        .iter()
        .filter(|r| r.corridor == force.corridor)
    {
        let Outcome::Evaluated {
            engageable,
            shots,
            earliest,
            sites,
            ..
        } = &r.outcome
        else {
            continue;
        };
        let index = weights.len();
        weights.push(r.weight);
        let (true, Some(first)) = (*engageable, earliest) else {
            continue;
        };
        let mut prefs = vec![site_index(&first.site)?];
        for s in sites {
            let i = site_index(s)?;
            if !prefs.contains(&i) {
                prefs.push(i);
            }
        }
        targets.push(Target {
            index,
            t_s: first.t_s,
            prefs,
            salvos: params.doctrine.salvos(*shots),
        });
    }
    let w = force.warheads;
    let pk = params.pk_per_shot;
    // Sums in trajectory order, divided last, so that a corridor engageable throughout has a share of exactly 1
    // (and folds from +0.0: `Sum` of no f64 is −0.0, which would print as "-0.0 %").
    let total_weight = weights.iter().fold(0.0, |acc, x| acc + x);
    let engaged_weight = targets.iter().fold(0.0, |acc, t| acc + weights[t.index]);
    let mut kill_weight = 0.0;
    let mut spent_weight = vec![0.0; stocks.len()];
    for t in &targets {
        kill_weight += weights[t.index] * kill_probability(pk, &t.salvos);
        spent_weight[t.prefs[0]] += weights[t.index] * expected_interceptors(pk, &t.salvos);
    }
    // Of the corridor's evaluated weight; 0 when nothing was evaluated (no warhead has anywhere to fly).
    let of_total = |x: f64| {
        if total_weight > 0.0 {
            x / total_weight
        } else {
            0.0
        }
    };
    let share = (!weights.is_empty()).then(|| of_total(engaged_weight));
    // Arrival order: the earliest possible intercept first, ties in trajectory order.
    targets.sort_by(|a, b| a.t_s.total_cmp(&b.t_s).then(a.index.cmp(&b.index)));
    let at_risk_pmf = binomial_pmf(w, share.unwrap_or(0.0));
    // No site can run short when even W warheads each needing the most the doctrine allows fit its stock.
    let mut worst = vec![0u64; stocks.len()];
    for t in &targets {
        let most: u32 = t.salvos.iter().sum();
        worst[t.prefs[0]] = worst[t.prefs[0]].max(u64::from(w) * u64::from(most));
    }
    let exact = params.method == RaidMethod::Auto
        && worst
            .iter()
            .zip(stocks)
            .all(|(d, s)| *d <= u64::from(s.inventory));
    let base = CorridorRaid {
        corridor: force.corridor.clone(),
        force: force.clone(),
        evaluated: weights.len(),
        engageable: targets.len(),
        at_risk_share: share,
        expected_at_risk: f64::from(w) * share.unwrap_or(0.0),
        at_risk: Quantiles::of_pmf(&at_risk_pmf),
        expected_intercepted: 0.0,
        intercepted: Quantiles::of_pmf(&[1.0]),
        expected_short: 0.0,
        distribution: Distribution::Exact,
        sites: stocks
            .iter()
            .map(|s| SiteExpenditure {
                site: s.site.clone(),
                inventory: s.inventory,
                expected_expended: 0.0,
                ran_out_probability: 0.0,
            })
            .collect(),
    };
    if exact {
        let pi = of_total(kill_weight);
        let pmf = binomial_pmf(w, pi);
        let mut out = base;
        out.expected_intercepted = f64::from(w) * pi;
        out.intercepted = Quantiles::of_pmf(&pmf);
        for (s, x) in out.sites.iter_mut().zip(spent_weight) {
            s.expected_expended = f64::from(w) * of_total(x);
        }
        return Ok(out);
    }
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut acc = 0.0;
    for x in &weights {
        acc += x;
        cumulative.push(acc);
    }
    let sim = Simulation {
        warheads: w,
        cumulative: &cumulative,
        evaluated: weights.len(),
        targets: &targets,
        stocks: &stocks.iter().map(|s| s.inventory).collect::<Vec<_>>(),
        pk,
        seed: params.seed,
    };
    let tally = (0..params.trials)
        .into_par_iter()
        .fold(
            || sim.work(),
            |mut work, t| {
                sim.trial(u64::from(t), &mut work);
                work
            },
        )
        .map(|work| work.tally)
        .reduce(|| sim.tally(), Tally::add);
    let n = f64::from(params.trials);
    let kills: u64 = tally
        .kills
        .iter()
        .enumerate()
        .map(|(k, h)| k as u64 * h)
        .sum();
    let mut out = base;
    out.expected_intercepted = kills as f64 / n;
    out.intercepted = Quantiles::of_histogram(&tally.kills);
    out.expected_short = tally.short as f64 / n;
    out.distribution = Distribution::MonteCarlo {
        trials: params.trials,
        seed: params.seed,
    };
    for (i, s) in out.sites.iter_mut().enumerate() {
        s.expected_expended = tally.expended[i] as f64 / n;
        s.ran_out_probability = tally.ran_out[i] as f64 / n;
    }
    Ok(out)
}

/// The random streams: SplitMix64 (Steele, Lea & Flood 2014). Each trial and each warhead has its own stream,
/// keyed by (seed, trial, lane), so a result does not depend on which thread ran it, and the k-th salvo at a
/// given warhead always uses the k-th number of its stream whatever happened before (the runs of two kill
/// probabilities or inventories with one seed are coupled).
#[derive(Debug, Clone)]
struct SplitMix64(u64);

const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl SplitMix64 {
    fn stream(seed: u64, trial: u64, lane: u64) -> Self {
        Self(mix64(
            seed ^ mix64(trial.wrapping_add(mix64(lane.wrapping_add(GOLDEN_GAMMA)))),
        ))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        mix64(self.0)
    }

    /// Uniform in [0, 1): the top 53 bits.
    fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The lane of the placement draws of a trial (warheads use lanes below it).
const PLACEMENT_LANE: u64 = u64::MAX;

/// Integer tallies over trials (integers, so their sum does not depend on the order of addition).
#[derive(Debug, Clone)]
struct Tally {
    /// `kills[k]`: trials with k warheads intercepted.
    kills: Vec<u64>,
    /// Interceptors fired per site, summed over trials.
    expended: Vec<u64>,
    /// Trials in which each site was asked for an interceptor it no longer had.
    ran_out: Vec<u64>,
    /// Warheads short of interceptors, summed over trials.
    short: u64,
}

impl Tally {
    fn add(mut self, other: Tally) -> Tally {
        let sum = |a: &mut Vec<u64>, b: &[u64]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        sum(&mut self.kills, &other.kills);
        sum(&mut self.expended, &other.expended);
        sum(&mut self.ran_out, &other.ran_out);
        self.short += other.short;
        self
    }
}

/// A worker's buffers and tally.
struct Work {
    tally: Tally,
    counts: Vec<u32>,
    stock: Vec<u32>,
    ran_out: Vec<bool>,
}

struct Simulation<'a> {
    warheads: u32,
    cumulative: &'a [f64],
    evaluated: usize,
    targets: &'a [Target],
    stocks: &'a [u32],
    pk: f64,
    seed: u64,
}

impl Simulation<'_> {
    fn tally(&self) -> Tally {
        Tally {
            kills: vec![0; self.warheads as usize + 1],
            expended: vec![0; self.stocks.len()],
            ran_out: vec![0; self.stocks.len()],
            short: 0,
        }
    }

    fn work(&self) -> Work {
        Work {
            tally: self.tally(),
            counts: vec![0; self.evaluated],
            stock: self.stocks.to_vec(),
            ran_out: vec![false; self.stocks.len()],
        }
    }

    fn trial(&self, trial: u64, work: &mut Work) {
        work.counts.iter_mut().for_each(|c| *c = 0);
        work.stock.copy_from_slice(self.stocks);
        work.ran_out.iter_mut().for_each(|r| *r = false);
        let Some(&total) = self.cumulative.last() else {
            work.tally.kills[0] += 1;
            return;
        };
        let mut placement = SplitMix64::stream(self.seed, trial, PLACEMENT_LANE);
        for _ in 0..self.warheads {
            let u = placement.uniform() * total;
            let i = self.cumulative.partition_point(|&c| c <= u);
            work.counts[i.min(self.evaluated - 1)] += 1;
        }
        let mut kills = 0usize;
        for t in self.targets {
            for k in 0..work.counts[t.index] {
                let lane = ((t.index as u64) << 32) | u64::from(k);
                let mut shots = SplitMix64::stream(self.seed, trial, lane);
                let mut short = false;
                for &m in &t.salvos {
                    let u = shots.uniform();
                    let mut fired = 0;
                    for &s in &t.prefs {
                        if fired == m {
                            break;
                        }
                        if work.stock[s] == 0 {
                            work.ran_out[s] = true;
                            continue;
                        }
                        let take = work.stock[s].min(m - fired);
                        work.stock[s] -= take;
                        work.tally.expended[s] += u64::from(take);
                        fired += take;
                    }
                    short |= fired < m;
                    if fired > 0 && u < 1.0 - (1.0 - self.pk).powi(fired as i32) {
                        kills += 1;
                        break;
                    }
                    if fired == 0 {
                        break;
                    }
                }
                work.tally.short += u64::from(short);
            }
        }
        work.tally.kills[kills] += 1;
        for (n, r) in work.tally.ran_out.iter_mut().zip(&work.ran_out) {
            *n += u64::from(*r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn n_independent_shots_kill_with_one_minus_miss_to_the_n() {
        for p in [0.1, 0.5, 0.73, 1.0] {
            for n in 0..6u32 {
                let salvos = vec![1; n as usize];
                assert!(close(
                    kill_probability(p, &salvos),
                    1.0 - (1.0 - p).powi(n as i32),
                    1e-15
                ));
            }
        }
        // Two shots of 0.5: 0.75; three of 0.7: 0.973.
        assert!(close(kill_probability(0.5, &[1, 1]), 0.75, 1e-15));
        assert!(close(kill_probability(0.7, &[1, 1, 1]), 0.973, 1e-12));
    }

    #[test]
    fn shoot_look_shoot_spends_the_geometric_sum() {
        for p in [0.2f64, 0.5, 0.9] {
            for n in 1..6usize {
                let salvos = Doctrine::SHOOT_LOOK_SHOOT.salvos(n);
                assert_eq!(salvos, vec![1; n]);
                let sum: f64 = (0..n).map(|k| (1.0 - p).powi(k as i32)).sum();
                assert!(close(expected_interceptors(p, &salvos), sum, 1e-12));
                // Closed form of the geometric series: (1 − (1 − p)^n) / p.
                assert!(close(sum, (1.0 - (1.0 - p).powi(n as i32)) / p, 1e-12));
            }
        }
        // p = 0.5, 3 opportunities: 1 + 0.5 + 0.25.
        assert!(close(expected_interceptors(0.5, &[1, 1, 1]), 1.75, 1e-15));
    }

    #[test]
    fn salvo_doctrines() {
        let salvo2: Doctrine = "salvo:2".parse().unwrap();
        // One salvo whatever the opportunities: 2 interceptors, 1 − (1 − p)².
        assert_eq!(salvo2.salvos(3), [2]);
        assert_eq!(salvo2.salvos(0), Vec::<u32>::new());
        assert!(close(
            expected_interceptors(0.6, &salvo2.salvos(3)),
            2.0,
            1e-15
        ));
        assert!(close(kill_probability(0.6, &salvo2.salvos(3)), 0.84, 1e-12));
        // Salvos of 2 with a look, 3 opportunities: E = 2 (1 + q² + q⁴), K = 1 − q⁶.
        let sls2: Doctrine = "salvo:2,sls".parse().unwrap();
        assert_eq!(sls2.salvos(3), [2, 2, 2]);
        let (p, q) = (0.6f64, 0.4f64);
        assert!(close(
            expected_interceptors(p, &sls2.salvos(3)),
            2.0 * (1.0 + q.powi(2) + q.powi(4)),
            1e-12
        ));
        assert!(close(
            kill_probability(p, &sls2.salvos(3)),
            1.0 - q.powi(6),
            1e-12
        ));
        // A cap of 3 cuts the second salvo to one interceptor.
        let capped = Doctrine {
            max_per_warhead: Some(3),
            ..sls2
        };
        assert_eq!(capped.salvos(3), [2, 1]);
        assert!(close(
            expected_interceptors(p, &capped.salvos(3)),
            2.0 + q * q,
            1e-12
        ));
        // A cap below the opportunities makes shoot-look-shoot up to the cap.
        let sls_cap = Doctrine {
            max_per_warhead: Some(2),
            ..Doctrine::SHOOT_LOOK_SHOOT
        };
        assert_eq!(sls_cap.salvos(5), Doctrine::SHOOT_LOOK_SHOOT.salvos(2));
        assert_eq!(Doctrine::SHOOT_LOOK_SHOOT.to_string(), "sls");
        assert_eq!(sls2.to_string(), "salvo:2,sls");
        assert_eq!(capped.to_string(), "salvo:2,sls (at most 3 per warhead)");
    }

    #[test]
    fn doctrine_syntax() {
        assert_eq!("SLS".parse::<Doctrine>(), Ok(Doctrine::SHOOT_LOOK_SHOOT));
        assert_eq!(
            "salvo:1,sls".parse::<Doctrine>(),
            Ok(Doctrine::SHOOT_LOOK_SHOOT)
        );
        for bad in [
            "",
            "salvo",
            "salvo:",
            "salvo:0",
            "salvo:-1",
            "salvo:17",
            "salvo:2,",
            "sls,salvo:2",
            "salvo:x",
            "shoot",
            "salvo:2,look",
        ] {
            let e = bad.parse::<Doctrine>().unwrap_err();
            assert!(e.to_string().contains("expected sls"), "{bad}: {e}");
        }
    }

    #[test]
    fn poisson_binomial_mean_and_variance() {
        let ps = [0.1, 0.35, 0.5, 0.72, 0.9, 1.0, 0.0];
        let pmf = poisson_binomial_pmf(&ps);
        assert!(close(pmf.iter().sum(), 1.0, 1e-14));
        let mean: f64 = pmf.iter().enumerate().map(|(k, x)| k as f64 * x).sum();
        let var: f64 = pmf
            .iter()
            .enumerate()
            .map(|(k, x)| (k as f64 - mean).powi(2) * x)
            .sum();
        assert!(close(mean, ps.iter().sum(), 1e-12));
        assert!(close(var, ps.iter().map(|p| p * (1.0 - p)).sum(), 1e-12));
        // Against brute-force enumeration of the 2^n outcomes.
        let mut brute = vec![0.0; ps.len() + 1];
        for mask in 0u32..(1 << ps.len()) {
            let mut prob = 1.0;
            for (i, p) in ps.iter().enumerate() {
                prob *= if mask >> i & 1 == 1 { *p } else { 1.0 - p };
            }
            brute[mask.count_ones() as usize] += prob;
        }
        for (a, b) in pmf.iter().zip(&brute) {
            assert!(close(*a, *b, 1e-14));
        }
    }

    #[test]
    fn binomial_is_the_poisson_binomial_of_equal_probabilities() {
        for (n, p) in [(0, 0.3), (1, 0.3), (7, 0.5), (40, 0.13), (25, 0.999)] {
            let a = binomial_pmf(n, p);
            let b = poisson_binomial_pmf(&vec![p; n as usize]);
            for (x, y) in a.iter().zip(&b) {
                assert!(close(*x, *y, 1e-12), "n {n} p {p}");
            }
        }
        // A large n keeps its mean and variance (the tails underflow harmlessly).
        let pmf = binomial_pmf(5000, 0.37);
        let mean: f64 = pmf.iter().enumerate().map(|(k, x)| k as f64 * x).sum();
        let var: f64 = pmf
            .iter()
            .enumerate()
            .map(|(k, x)| (k as f64 - mean).powi(2) * x)
            .sum();
        assert!(close(mean, 1850.0, 1e-6));
        assert!(close(var, 5000.0 * 0.37 * 0.63, 1e-6));
        assert_eq!(binomial_pmf(3, 0.0), [1.0, 0.0, 0.0, 0.0]);
        assert_eq!(binomial_pmf(3, 1.0), [0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn quantiles_of_counts() {
        // Binomial(2, 0.5): P(0) = 0.25, P(≤1) = 0.75.
        let q = Quantiles::of_pmf(&binomial_pmf(2, 0.5));
        assert_eq!((q.p5, q.p50, q.p95), (0, 1, 2));
        // The same distribution as a histogram of 4 trials.
        let h = Quantiles::of_histogram(&[1, 2, 1]);
        assert_eq!(h, q);
        // Exactly at a level: P(0) = 0.5 gives a median of 0.
        assert_eq!(Quantiles::of_histogram(&[1, 1]).p50, 0);
        assert_eq!(Quantiles::of_pmf(&[0.5, 0.5]).p50, 0);
    }

    #[test]
    fn streams_are_uniform_and_distinct() {
        let mut a = SplitMix64::stream(1, 0, 0);
        let n = 100_000;
        let mean: f64 = (0..n).map(|_| a.uniform()).sum::<f64>() / n as f64;
        assert!(close(mean, 0.5, 0.005));
        let first = |seed, trial, lane| SplitMix64::stream(seed, trial, lane).next_u64();
        assert_ne!(first(1, 0, 0), first(1, 1, 0));
        assert_ne!(first(1, 0, 0), first(1, 0, 1));
        assert_ne!(first(1, 0, 0), first(2, 0, 0));
        assert_eq!(first(7, 3, 5), first(7, 3, 5));
    }
}
