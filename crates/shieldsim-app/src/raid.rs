//! `shieldsim raid`: the deterrent-impact table. Each scenario is assessed as by `assess`, then a declared,
//! notional force is spread over each named corridor's evaluated trajectories and engaged with a generic
//! single-shot kill probability, a shot doctrine and the sites' inventories (`shieldsim::analysis::attrition`;
//! docs/attrition.md). No attack planning: no target selection, no routing.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use shieldsim::analysis::attrition::{
    default_notional_force, raid, site_stocks, unknown_corridor, CorridorRaid, Distribution,
    Doctrine, DoctrineError, ForceDeclaration, RaidError, RaidParameters, DEFAULT_PK_PER_SHOT,
    GENERIC_PK_SOURCE, MAX_TRIALS, MAX_WARHEADS_PER_CORRIDOR,
};
use shieldsim::analysis::{
    assess as assess_scenario, trajectory_count, AssessError, AssessOptions, ScenarioAssessment,
    TrajectoryCache,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::{LoadedScenario, Scenario};

use crate::error::stopped;
use crate::error::{bad, Error};
use crate::files::{write_atomic, write_json_atomic, OutputSet};
use crate::output::{csv_record, json_text, table};
use crate::requests::{Format, RaidJob};
use crate::Control;

/// The JSON of `raid` (also raid.json): deterministic for the same input and seed (no timings).
#[derive(Debug, Serialize)]
pub struct RaidOut {
    assumptions: AssumptionsOut,
    results: Vec<CorridorOut>,
}

/// What every result shares.
#[derive(Debug, Serialize)]
struct AssumptionsOut {
    /// Monte-Carlo trials and seed (used where a site can run short).
    trials: u32,
    seed: u64,
    placement: &'static str,
    inventories: &'static str,
}

#[derive(Debug, Serialize)]
struct SiteOut {
    site: String,
    inventory: u32,
    expended_expected: f64,
    ran_out_probability: f64,
}

#[derive(Debug, Serialize)]
struct CorridorOut {
    scenario: String,
    corridor: String,
    /// Single-shot kill probability of every interceptor (generic).
    pk_per_shot: f64,
    /// True when it is the built-in generic value (neither --pk nor the file's [raid] gave one).
    pk_generic: bool,
    pk_source: String,
    doctrine: String,
    max_interceptors_per_warhead: Option<u32>,
    declared_warheads: u32,
    notional: bool,
    force_source: String,
    /// Trajectories the warheads are spread over, and the engageable ones among them.
    evaluated: usize,
    engageable: usize,
    /// Share of the declared force expected on engageable trajectories (aim-weighted engageable share).
    at_risk_share: Option<f64>,
    at_risk_expected: f64,
    at_risk_p5: u32,
    at_risk_p50: u32,
    at_risk_p95: u32,
    intercepted_expected: f64,
    /// Expected intercepted over declared warheads.
    intercepted_share: Option<f64>,
    intercepted_p5: u32,
    intercepted_p50: u32,
    intercepted_p95: u32,
    /// Expected at-risk warheads that got fewer interceptors than the doctrine planned (every site empty).
    short_of_interceptors_expected: f64,
    /// "exact" (binomial: no site can run short) or "monte-carlo".
    distribution: &'static str,
    sites: Vec<SiteOut>,
}

const PLACEMENT: &str = "each warhead flies one of the corridor's evaluated trajectories, drawn independently in \
     proportion to the aim point's weight (no target selection, no routing); out-of-range and failed trajectories \
     get none";
const INVENTORIES: &str = "each corridor's force alone against the scenario's full site inventories; warheads \
     served in order of earliest possible intercept, each by its first-intercepting site, else by another site with \
     a window on it";

/// A scenario's defence parameters and force for `raid`.
struct Setup {
    params: RaidParameters,
    pk_generic: bool,
    force: Vec<ForceDeclaration>,
}

/// The result of `raid`.
#[derive(Debug)]
pub struct RaidResult {
    /// The document (`raid.json`; `--format json`).
    pub document: RaidOut,
    /// The results as aligned text with their notes.
    pub text: String,
    /// The files written (empty without `out`).
    pub files: Vec<String>,
}

impl RaidResult {
    /// The results as aligned text, JSON or CSV (one row per scenario and corridor).
    pub fn render(&self, format: Format) -> Result<String, Error> {
        match format {
            Format::Json => json_text(&self.document),
            Format::Csv => Ok(raid_csv(&self.document)),
            Format::Table => Ok(self.text.clone()),
        }
    }
}

/// The deterrent impact of each defence on a declared notional force: the scenarios assessed, then each corridor's
/// warheads at risk under the interceptor inventories, Pk and shot doctrine (no attack planning).
pub fn raid_command(a: &RaidJob, control: Control<'_>) -> Result<RaidResult, Error> {
    let flags = flag_parameters(a)?;
    let declared = forces(&a.force)?;
    let loaded: Vec<LoadedScenario> = if a.scenarios.is_empty() {
        shieldsim::scenario::builtin_scenarios().map_err(|e| {
            Error::internal(format!(
                "a built-in scenario does not load (a bug of shieldsim): {e}"
            ))
        })?
    } else {
        a.scenarios
            .iter()
            .map(|s| crate::scenarios::load_scenario_arg_full(s))
            .collect::<Result<_, _>>()?
    };
    if let Some(force) = &declared {
        check_corridors(force, &loaded)?;
    }
    // Per scenario: the flags, else the file's [raid] and [[force]], else the generic Pk and the built-in
    // notional force (on the corridors the scenario has).
    let setups: Vec<Setup> = loaded
        .iter()
        .map(|l| setup(l, &flags, declared.as_deref()))
        .collect();
    if declared.is_none() && setups.iter().all(|s| s.force.is_empty()) {
        let mut known: Vec<&str> = Vec::new();
        for c in loaded.iter().flat_map(|l| &l.scenario.corridors) {
            if !known.contains(&c.name.as_str()) {
                known.push(&c.name);
            }
        }
        return Err(Error::input(format!( "no --force given, no [[force]] in the scenario file, and no scenario has the corridor `russia-us` of \
the built-in notional force: declare one with --force CORRIDOR=WARHEADS (the corridors are {})", known.join(", ") )));
    }
    let set = a.out.as_deref().map(OutputSet::begin).transpose()?;
    let scenarios: Vec<Scenario> = loaded.into_iter().map(|l| l.scenario).collect();
    let started = Instant::now();
    let assessments = assess_all(&scenarios, control)?;
    let mut results = Vec::new();
    for ((s, assessment), setup) in scenarios.iter().zip(&assessments).zip(&setups) {
        let r = raid(assessment, &site_stocks(s), &setup.force, &setup.params).map_err(|e| {
            let message = format!("scenario {}: {e}", s.name);
            if matches!(e, RaidError::UnknownSite(_)) {
                Error::internal(message)
            } else {
                Error::input(message)
            }
        })?;
        results.extend(r.corridors.into_iter().map(|c| (s.name.clone(), setup, c)));
    }
    let out = RaidOut {
        assumptions: AssumptionsOut {
            trials: flags.params.trials,
            seed: flags.params.seed,
            placement: PLACEMENT,
            inventories: INVENTORIES,
        },
        results: results
            .iter()
            .map(|(s, setup, c)| corridor_out(s, setup, c))
            .collect(),
    };
    let elapsed_s = started.elapsed().as_secs_f64();
    let mut files = Vec::new();
    if let Some(set) = set {
        files = set.finish(&control, |dir| {
            write_outputs(dir, &out)?;
            crate::study_figures::write_report(
                dir,
                "shieldsim raid: the deterrent impact on a declared notional force",
                &headlines(&out, &scenarios),
                &[
                    "What each defence could do to a declared NOTIONAL force: each corridor's warheads spread over its \
                     trajectories, those on engageable trajectories engaged under the scenario's interceptor \
                     inventories, a GENERIC kill probability per shot and the shot doctrine. No attack planning, no \
                     decoys or countermeasures: an upper bound of the kinematics, not a prediction (docs/attrition.md)."
                        .to_string(),
                ],
                &table_text(&out, &results, &scenarios, None),
                &[],
                &crate::report::names_of(&scenarios),
            )
        })?;
    }
    let text = table_text(&out, &results, &scenarios, Some(elapsed_s));
    Ok(RaidResult {
        document: out,
        text,
        files,
    })
}

/// The flags' parameters: `params` holds the flags' values or the built-in defaults; the `Option`s say which flags
/// were given.
struct FlagParameters {
    params: RaidParameters,
    pk: Option<f64>,
    doctrine: Option<Doctrine>,
    max_per_warhead: Option<u32>,
}

/// One scenario's setup: each flag given wins, then the file's `[raid]`, then the defaults; the force from
/// `--force`, else the file's `[[force]]`, else the built-in notional force, each on the corridors it has.
fn setup(
    l: &LoadedScenario,
    flags: &FlagParameters,
    declared: Option<&[ForceDeclaration]>,
) -> Setup {
    let mut params = flags.params.clone();
    let file = l.raid.as_ref();
    let mut pk_generic = false;
    match (flags.pk, file) {
        (Some(_), _) => {}
        (None, Some(r)) => {
            params.pk_per_shot = r.pk_per_shot;
            params.pk_source = format!("the scenario file's [raid]: {}", r.source);
        }
        (None, None) => pk_generic = true,
    }
    let mut doctrine = flags
        .doctrine
        .or(file.map(|r| r.doctrine))
        .unwrap_or(Doctrine::SHOOT_LOOK_SHOOT);
    if let Some(c) = flags.max_per_warhead {
        doctrine.max_per_warhead = Some(c);
    } else if flags.doctrine.is_some() {
        doctrine.max_per_warhead = None;
    }
    params.doctrine = doctrine;
    let has = |f: &ForceDeclaration| l.scenario.corridors.iter().any(|c| c.name == f.corridor);
    let force = match declared {
        Some(d) => d.to_vec(),
        None if !l.forces.is_empty() => l.forces.clone(),
        None => default_notional_force(),
    };
    Setup {
        params,
        pk_generic,
        force: force.into_iter().filter(has).collect(),
    }
}

/// The doctrine's name without the cap (the cap has its own field).
fn doctrine_name(d: &Doctrine) -> String {
    Doctrine {
        max_per_warhead: None,
        ..*d
    }
    .to_string()
}

/// The defence's parameters from the flags (exit 2 naming the flag when bad).
fn flag_parameters(a: &RaidJob) -> Result<FlagParameters, Error> {
    let pk = a.pk.unwrap_or(DEFAULT_PK_PER_SHOT);
    if !(pk > 0.0 && pk <= 1.0) {
        return Err(bad(
            "--pk",
            &pk.to_string(),
            "the single-shot kill probability must be in (0, 1]: a generic assumption such as 0.5 (the default)",
        ));
    }
    let doctrine: Option<Doctrine> = a
        .doctrine
        .as_ref()
        .map(|d| {
            d.parse()
                .map_err(|e: DoctrineError| bad("--doctrine", d, &e.to_string()))
        })
        .transpose()?;
    if a.max_per_warhead == Some(0) {
        return Err(bad(
            "--max-per-warhead",
            "0",
            "at least 1 interceptor per warhead (omit the flag for no cap)",
        ));
    }
    if a.trials == 0 || a.trials > MAX_TRIALS {
        return Err(bad(
            "--trials",
            &a.trials.to_string(),
            &format!("1 to {MAX_TRIALS} Monte-Carlo trials (default 10000)"),
        ));
    }
    Ok(FlagParameters {
        params: RaidParameters {
            pk_per_shot: pk,
            pk_source: if a.pk.is_some() {
                "given with --pk (a generic assumption of the user)".into()
            } else {
                GENERIC_PK_SOURCE.into()
            },
            trials: a.trials,
            seed: a.seed,
            ..RaidParameters::default()
        },
        pk: a.pk,
        doctrine,
        max_per_warhead: a.max_per_warhead,
    })
}

/// The `--force CORRIDOR=WARHEADS` declarations (`None` without any), each notional.
fn forces(args: &[String]) -> Result<Option<Vec<ForceDeclaration>>, Error> {
    if args.is_empty() {
        return Ok(None);
    }
    let mut out: Vec<ForceDeclaration> = Vec::new();
    for text in args {
        let expected = "CORRIDOR=WARHEADS, e.g. russia-us=1537 or iran-europe=5 (a notional force)";
        let (corridor, n) = text
            .split_once('=')
            .map(|(c, n)| (c.trim(), n.trim()))
            .filter(|(c, _)| !c.is_empty())
            .ok_or_else(|| bad("--force", text, &format!("expected {expected}")))?;
        let warheads: i64 = n.parse().map_err(|_| {
            bad(
                "--force",
                text,
                &format!("the warheads must be a whole number: expected {expected}"),
            )
        })?;
        if warheads < 0 {
            return Err(bad(
                "--force",
                text,
                "a negative number of warheads: declare 0 or more",
            ));
        }
        if warheads > i64::from(MAX_WARHEADS_PER_CORRIDOR) {
            return Err(bad(
                "--force",
                text,
                &format!(
                    "at most {MAX_WARHEADS_PER_CORRIDOR} warheads per corridor (the New START limit is 1,550 \
                     deployed warheads)"
                ),
            ));
        }
        if out.iter().any(|f| f.corridor == corridor) {
            return Err(bad(
                "--force",
                text,
                &format!("corridor `{corridor}` is declared twice: give one --force per corridor"),
            ));
        }
        out.push(ForceDeclaration {
            corridor: corridor.to_string(),
            warheads: warheads as u32,
            notional: true,
            source: "declared with --force (notional)".into(),
        });
    }
    Ok(Some(out))
}

/// Every `--force` corridor is in at least one scenario (exit 2 with the nearest corridor name otherwise).
fn check_corridors(force: &[ForceDeclaration], loaded: &[LoadedScenario]) -> Result<(), Error> {
    let mut known: Vec<&str> = Vec::new();
    for c in loaded.iter().flat_map(|l| &l.scenario.corridors) {
        if !known.contains(&c.name.as_str()) {
            known.push(&c.name);
        }
    }
    for f in force {
        if !known.contains(&f.corridor.as_str()) {
            let e = unknown_corridor(&f.corridor, &known);
            return Err(bad(
                "--force",
                &format!("{}={}", f.corridor, f.warheads),
                &e.to_string(),
            ));
        }
    }
    Ok(())
}

/// Assesses every scenario (as `assess`, sharing trajectories between them), with a progress bar on a terminal;
/// Ctrl-C stops with exit 130 and nothing written.
fn assess_all(
    scenarios: &[Scenario],
    control: Control<'_>,
) -> Result<Vec<ScenarioAssessment>, Error> {
    let total: usize = scenarios.iter().map(trajectory_count).sum();
    let bar = control.progress;
    bar.begin(total as u64, "trajectories");
    let interceptors = InterceptorCache::new();
    let trajectories = TrajectoryCache::new();
    let options = AssessOptions::default();
    let mut out = Vec::with_capacity(scenarios.len());
    let mut base = 0u64;
    for s in scenarios {
        bar.stage(&s.name);
        let progress = |done: usize| bar.set_done(base + done as u64);
        match assess_scenario(
            s,
            &interceptors,
            &trajectories,
            &options,
            &progress,
            control.cancel,
        ) {
            Ok(r) => out.push(r),
            Err(e) => {
                bar.end();
                return Err(stopped(matches!(e, AssessError::Cancelled), &e));
            }
        }
        base += trajectory_count(s) as u64;
    }
    bar.end();
    control.check()?;
    Ok(out)
}

fn corridor_out(scenario: &str, setup: &Setup, c: &CorridorRaid) -> CorridorOut {
    let p = &setup.params;
    CorridorOut {
        scenario: scenario.to_string(),
        corridor: c.corridor.clone(),
        pk_per_shot: p.pk_per_shot,
        pk_generic: setup.pk_generic,
        pk_source: p.pk_source.clone(),
        doctrine: doctrine_name(&p.doctrine),
        max_interceptors_per_warhead: p.doctrine.max_per_warhead,
        declared_warheads: c.force.warheads,
        notional: c.force.notional,
        force_source: c.force.source.clone(),
        evaluated: c.evaluated,
        engageable: c.engageable,
        at_risk_share: c.at_risk_share,
        at_risk_expected: c.expected_at_risk,
        at_risk_p5: c.at_risk.p5,
        at_risk_p50: c.at_risk.p50,
        at_risk_p95: c.at_risk.p95,
        intercepted_expected: c.expected_intercepted,
        intercepted_share: c.intercepted_share(),
        intercepted_p5: c.intercepted.p5,
        intercepted_p50: c.intercepted.p50,
        intercepted_p95: c.intercepted.p95,
        short_of_interceptors_expected: c.expected_short,
        distribution: match c.distribution {
            Distribution::Exact => "exact",
            Distribution::MonteCarlo { .. } => "monte-carlo",
        },
        sites: c
            .sites
            .iter()
            .map(|s| SiteOut {
                site: s.site.clone(),
                inventory: s.inventory,
                expended_expected: s.expected_expended,
                ran_out_probability: s.ran_out_probability,
            })
            .collect(),
    }
}

/// The columns of `--format csv` and raid.csv.
const CSV_COLUMNS: [&str; 25] = [
    "scenario",
    "corridor",
    "pk_per_shot",
    "doctrine",
    "max_interceptors_per_warhead",
    "declared_warheads",
    "notional",
    "evaluated",
    "engageable",
    "at_risk_share",
    "at_risk_expected",
    "at_risk_p5",
    "at_risk_p50",
    "at_risk_p95",
    "intercepted_expected",
    "intercepted_share",
    "intercepted_p5",
    "intercepted_p50",
    "intercepted_p95",
    "short_of_interceptors_expected",
    "distribution",
    "interceptors_expended_expected",
    "sites_expended",
    "sites_ran_out",
    "force_source",
];

/// One row per scenario and declared corridor; the sites as `name=expected/inventory` and
/// `name=probability`, joined by "; ".
fn raid_csv(o: &RaidOut) -> String {
    let mut s = csv_record(&CSV_COLUMNS);
    let opt = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x:.6}"));
    for r in &o.results {
        let spent: f64 = r.sites.iter().map(|x| x.expended_expected).sum();
        s.push_str(&csv_record(&[
            r.scenario.clone(),
            r.corridor.clone(),
            r.pk_per_shot.to_string(),
            r.doctrine.clone(),
            r.max_interceptors_per_warhead
                .map_or(String::new(), |c| c.to_string()),
            r.declared_warheads.to_string(),
            r.notional.to_string(),
            r.evaluated.to_string(),
            r.engageable.to_string(),
            opt(r.at_risk_share),
            format!("{:.3}", r.at_risk_expected),
            r.at_risk_p5.to_string(),
            r.at_risk_p50.to_string(),
            r.at_risk_p95.to_string(),
            format!("{:.3}", r.intercepted_expected),
            opt(r.intercepted_share),
            r.intercepted_p5.to_string(),
            r.intercepted_p50.to_string(),
            r.intercepted_p95.to_string(),
            format!("{:.3}", r.short_of_interceptors_expected),
            r.distribution.to_string(),
            format!("{spent:.3}"),
            r.sites
                .iter()
                .map(|x| format!("{}={:.3}/{}", x.site, x.expended_expected, x.inventory))
                .collect::<Vec<_>>()
                .join("; "),
            r.sites
                .iter()
                .map(|x| format!("{}={:.4}", x.site, x.ran_out_probability))
                .collect::<Vec<_>>()
                .join("; "),
            r.force_source.clone(),
        ]));
    }
    s
}

fn write_outputs(dir: &Path, out: &RaidOut) -> Result<Vec<String>, Error> {
    let json = dir.join("raid.json");
    write_json_atomic(&json, out)?;
    let csv = dir.join("raid.csv");
    write_atomic(&csv, raid_csv(out).as_bytes())?;
    Ok(vec![json.display().to_string(), csv.display().to_string()])
}

/// A share for people with one decimal, "-" without one.
fn share_cell(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{:.1} %", 100.0 * x))
}

/// The report's headline findings: per scenario and corridor, the warheads expected on engageable trajectories and
/// intercepted, of the declared force ("US 'third site' plan (2007), Russia→US: of 400 notional warheads, 11.2
/// expected on engageable trajectories (2.8 %) and 8.4 intercepted (P5 to P95: 4 to 13), Pk 0.5 per shot
/// (generic)").
fn headlines(out: &RaidOut, scenarios: &[Scenario]) -> Vec<String> {
    use crate::report::{corridor_display_name, short_title_of};
    out.results
        .iter()
        .map(|c| {
            let scenario = scenarios
                .iter()
                .find(|s| s.name == c.scenario)
                .map_or(c.scenario.clone(), |s| short_title_of(&s.name, &s.title));
            let band = if c.intercepted_p5 == c.intercepted_p95 {
                format!("{}", c.intercepted_p5)
            } else {
                format!("{} to {}", c.intercepted_p5, c.intercepted_p95)
            };
            format!(
                "{scenario}, {}: of {} {}warheads, {:.1} expected on engageable trajectories ({}) and {:.1} \
                 intercepted (P5 to P95: {band}), Pk {} per shot{}, doctrine {}.",
                corridor_display_name(&c.corridor),
                c.declared_warheads,
                if c.notional { "notional " } else { "" },
                c.at_risk_expected,
                share_cell(c.at_risk_share),
                c.intercepted_expected,
                c.pk_per_shot,
                if c.pk_generic { " (generic)" } else { "" },
                c.doctrine
            )
        })
        .collect()
}

/// The results as aligned text with their notes; with `elapsed_s`, the time taken (not in the report, which is the
/// same for the same input).
fn table_text(
    out: &RaidOut,
    results: &[(String, &Setup, CorridorRaid)],
    scenarios: &[Scenario],
    elapsed_s: Option<f64>,
) -> String {
    let mut text = String::new();
    sayln!(
        text,
        "Deterrent impact of each defence on a declared NOTIONAL force (no attack planning)\n"
    );
    let mut rows = vec![vec![
        "scenario".to_string(),
        "corridor".into(),
        "force (warheads)".into(),
        "on engageable trajectories: expected (share) P5-P95".into(),
        "intercepted: expected (share of force) P5/P50/P95".into(),
        "interceptors expended / inventory".into(),
        "site ran out (probability)".into(),
    ]];
    for (scenario, _, c) in results {
        let used: Vec<String> = c
            .sites
            .iter()
            .filter(|s| s.expected_expended > 0.0)
            .map(|s| format!("{} {:.1}/{}", s.site, s.expected_expended, s.inventory))
            .collect();
        let ran_out: Vec<String> = c
            .sites
            .iter()
            .filter(|s| s.ran_out_probability > 0.0)
            .map(|s| format!("{} {:.0} %", s.site, 100.0 * s.ran_out_probability))
            .collect();
        rows.push(vec![
            scenario.clone(),
            c.corridor.clone(),
            format!(
                "{}{}",
                c.force.warheads,
                if c.force.notional { " notional" } else { "" }
            ),
            format!(
                "{:.1} ({}) {}-{}",
                c.expected_at_risk,
                share_cell(c.at_risk_share),
                c.at_risk.p5,
                c.at_risk.p95
            ),
            format!(
                "{:.1} ({}) {}/{}/{}{}",
                c.expected_intercepted,
                share_cell(c.intercepted_share()),
                c.intercepted.p5,
                c.intercepted.p50,
                c.intercepted.p95,
                match c.distribution {
                    Distribution::Exact => "",
                    Distribution::MonteCarlo { .. } => " (MC)",
                }
            ),
            if used.is_empty() {
                "-".into()
            } else {
                used.join(", ")
            },
            if ran_out.is_empty() {
                "no".into()
            } else {
                ran_out.join(", ")
            },
        ]);
    }
    say!(text, "{}", table(&rows));
    sayln!(text);
    for s in scenarios {
        if results.iter().any(|(n, _, _)| *n == s.name) {
            sayln!(text, "{}: {}", s.name, s.title);
        }
    }
    let a = &out.assumptions;
    let mut sources: Vec<String> = Vec::new();
    let mut defence: Vec<String> = Vec::new();
    for (scenario, setup, c) in results {
        let line = format!(
            "{}: {} warheads, {}",
            c.corridor, c.force.warheads, c.force.source
        );
        if !sources.contains(&line) {
            sources.push(line);
        }
        let p = &setup.params;
        let line = format!(
            "Pk per shot {} ({}), doctrine {}",
            p.pk_per_shot, p.pk_source, p.doctrine
        );
        if let Some(d) = defence
            .iter_mut()
            .find(|d| d.ends_with(&format!(": {line}")))
        {
            d.insert_str(d.len() - line.len() - 2, &format!(", {scenario}"));
        } else {
            defence.push(format!("{scenario}: {line}"));
        }
    }
    let mc = results
        .iter()
        .any(|(_, _, c)| matches!(c.distribution, Distribution::MonteCarlo { .. }));
    let one_defence = defence.len() == 1;
    let notes = [
        format!("NOTIONAL FORCE. {}.", sources.join("; ")),
        format!(
            "GENERIC KILL PROBABILITY AND DOCTRINE. {}. Shoot-look-shoot opportunities come from the assessment; \
             every interceptor kills independently (sls: one interceptor per opportunity, the next after a miss; \
             salvo:K: one salvo of K; salvo:K,sls: salvos of K with a look between).",
            if one_defence {
                defence[0].split_once(": ").map_or(String::new(), |(_, d)| d.to_string())
            } else {
                defence.join("; ")
            }
        ),
        format!("Placement: {PLACEMENT}. Inventories: {INVENTORIES}."),
        format!(
            "On engageable trajectories: warheads whose trajectory the defence can engage at all (the share of the \
             declared force at risk), P5-P95 exact (binomial). Intercepted: P5/P50/P95 exact (binomial) where no \
             site can run short{}.",
            if mc {
                format!(
                    ", else (MC) a Monte Carlo of {} trials, seed {} (same seed, same numbers)",
                    a.trials, a.seed
                )
            } else {
                String::new()
            }
        ),
        format!(
            "Not a prediction: decoys, countermeasures, discrimination, reliability and simultaneous engagements are \
             not modelled (docs/attrition.md). {} scenario(s) assessed and engaged{}.",
            scenarios.len(),
            elapsed_s.map_or(String::new(), |t| format!(" in {t:.1} s"))
        ),
    ];
    for n in notes {
        sayln!(text, "\n{}", crate::output::wrap_words(&n, 116));
    }
    text
}
