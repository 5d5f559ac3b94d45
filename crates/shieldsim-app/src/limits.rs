//! `shieldsim limits`: flip points of verifiable parameters, with witnesses and a statement in words.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use serde::Serialize;
use shieldsim::analysis::params::{ParamError, ParamPath};
use shieldsim::analysis::{
    assess, default_candidates, limits as search, rule_limits, rule_statement, statement,
    AssessError, AssessOptions, Caches, Candidate, FlipKind, LimitsRequest, Outcome, ParamLimit,
    Probe, SweepError, TrajectoryCache,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::Scenario;

use crate::error::stopped;
use crate::error::{bad, Error};
use crate::files::{write_atomic, write_json_atomic, OutputSet};
use crate::output::value_text;
use crate::output::{csv_record, json_text, table};
use crate::requests::{Format, LimitsJob};
use crate::Control;

/// The JSON of `limits` (also `limits.json`).
#[derive(Debug, Serialize)]
pub struct LimitsOut {
    scenario: String,
    stated: Vec<String>,
    deterrent: Vec<String>,
    min_stated_share: f64,
    max_deterrent_share: f64,
    limits: Vec<LimitOut>,
    /// The phase diagram of the first two parameters (with --phase).
    phase: Option<PhaseOut>,
    /// The launch rule as a limit: sites restricted to their own fire-control radar's track.
    launch_rules: Vec<RuleOut>,
}

#[derive(Debug, Serialize)]
struct RuleOut {
    /// The sites restricted to launching on their own radar's track (the first entry: every site).
    sites: Vec<String>,
    shares: ProbeOut,
    safe: bool,
    holds: bool,
    statement: String,
}

/// Classes of the phase diagram, in legend order.
const PHASE_CLASSES: [&str; 4] = [
    "limit holds: stated covered, deterrent not engaged",
    "stated covered, deterrent engaged",
    "stated lost, deterrent not engaged",
    "stated lost, deterrent engaged",
];

#[derive(Debug, Serialize)]
struct PhaseOut {
    x_path: String,
    y_path: String,
    x_values: Vec<f64>,
    y_values: Vec<f64>,
    /// `class[iy][ix]`: 0 limit holds, 1 stated covered but deterrent engaged, 2 stated lost and deterrent not
    /// engaged, 3 both lost.
    class: Vec<Vec<u8>>,
    classes: Vec<&'static str>,
    stated_share: Vec<Vec<f64>>,
    deterrent_share: Vec<Vec<f64>>,
}

#[derive(Debug, Serialize)]
struct ProbeOut {
    value: f64,
    stated_engageable: usize,
    stated_evaluated: usize,
    stated_share: f64,
    deterrent_engageable: usize,
    deterrent_evaluated: usize,
    deterrent_share: f64,
}

impl From<&Probe> for ProbeOut {
    fn from(p: &Probe) -> Self {
        Self {
            value: p.value,
            stated_engageable: p.stated_engageable,
            stated_evaluated: p.stated_evaluated,
            stated_share: p.stated_share(),
            deterrent_engageable: p.deterrent_engageable,
            deterrent_evaluated: p.deterrent_evaluated,
            deterrent_share: p.deterrent_share(),
        }
    }
}

#[derive(Debug, Serialize)]
struct WitnessOut {
    value: f64,
    corridor: String,
    launch: String,
    aim: String,
    missile: String,
    shape: String,
    reason: String,
    window_s: f64,
    earliest_intercept_t_s: Option<f64>,
    earliest_intercept_site: Option<String>,
    earliest_intercept_alt_km: Option<f64>,
    enabled_by: Option<String>,
}

#[derive(Debug, Serialize)]
struct LimitOut {
    path: String,
    unit: &'static str,
    subject: String,
    search_from: f64,
    search_to: f64,
    capability_increases: bool,
    nominal: f64,
    at_nominal: ProbeOut,
    /// `flip`, `safe-over-range` or `engaged-over-range`.
    outcome: &'static str,
    flip_value: Option<f64>,
    at_flip: Option<ProbeOut>,
    /// Whether the stated share at the flip is at least the minimum asked for.
    holds: bool,
    /// Whether the number of engageable deterrent trajectories changes anywhere over the range (false: no lever).
    moves_deterrent: bool,
    witness: Option<WitnessOut>,
    statement: String,
    curve: Vec<ProbeOut>,
}

fn kind_name(k: FlipKind) -> &'static str {
    match k {
        FlipKind::Flip => "flip",
        FlipKind::SafeOverRange => "safe-over-range",
        FlipKind::EngagedOverRange => "engaged-over-range",
    }
}

fn limit_out(l: &ParamLimit, req: &LimitsRequest) -> LimitOut {
    let witness = l.witness.as_ref().map(|w| {
        let t = &w.trajectory;
        let (reason, window_s, earliest) = match &t.outcome {
            Outcome::Evaluated {
                reason,
                window_s,
                earliest,
                ..
            } => (reason.clone(), *window_s, earliest.clone()),
            _ => (String::new(), 0.0, None),
        };
        WitnessOut {
            value: w.value,
            corridor: t.corridor.clone(),
            launch: t.launch.clone(),
            aim: t.aim.clone(),
            missile: t.missile.clone(),
            shape: t.shape.clone(),
            reason,
            window_s,
            earliest_intercept_t_s: earliest.as_ref().map(|e| e.t_s),
            earliest_intercept_site: earliest.as_ref().map(|e| e.site.clone()),
            earliest_intercept_alt_km: earliest.as_ref().map(|e| e.position.alt_m / 1000.0),
            enabled_by: t.enabled_by.clone(),
        }
    });
    LimitOut {
        path: l.candidate.path.to_string(),
        unit: l.candidate.path.unit(),
        subject: l.candidate.subject.clone(),
        search_from: l.candidate.from,
        search_to: l.candidate.to,
        capability_increases: l.capability_increases,
        nominal: l.nominal,
        at_nominal: (&l.at_nominal).into(),
        outcome: kind_name(l.kind),
        flip_value: l.at_flip.as_ref().map(|p| p.value),
        at_flip: l.at_flip.as_ref().map(Into::into),
        holds: l.holds,
        moves_deterrent: l.moves_deterrent,
        witness,
        statement: statement(l, req),
        curve: l.curve.iter().map(Into::into).collect(),
    }
}

/// Parses `PATH=FROM:TO` against `scenario`.
fn parse_param(text: &str, scenario: &Scenario) -> Result<Candidate, Error> {
    let hint = "PATH=FROM:TO (e.g. interceptors.gbi-2stage.burnout_speed_mps=4000:9000)";
    let (path, range) = text
        .split_once('=')
        .ok_or_else(|| bad("--param", text, &format!("expected {hint}")))?;
    let path = ParamPath::parse(path.trim(), scenario).map_err(|e| {
        Error::input(format!(
            "--param: {e}\nhint: `shieldsim sweep {} --list` shows the paths",
            scenario.name
        ))
    })?;
    let nums: Vec<Option<f64>> = range
        .split(':')
        .map(|x| x.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect();
    let [Some(from), Some(to)] = nums[..] else {
        return Err(bad("--param", text, &format!("expected {hint}")));
    };
    if from >= to {
        return Err(bad(
            "--param",
            text,
            &format!("FROM must be below TO; expected {hint}"),
        ));
    }
    let subject = format!("{path}");
    Ok(Candidate {
        path,
        from,
        to,
        capability_increases: None,
        subject,
    })
}

fn share_text(n: usize, of: usize) -> String {
    if of == 0 {
        "-".into()
    } else {
        format!("{n} of {of} ({:.0} %)", 100.0 * n as f64 / of as f64)
    }
}

/// The result of `limits`.
#[derive(Debug)]
pub struct LimitsResult {
    /// The document (`limits.json`; `--format json`).
    pub document: LimitsOut,
    /// The scenario searched.
    pub scenario: Scenario,
    /// The files written (empty without `out`).
    pub files: Vec<String>,
}

impl LimitsResult {
    /// The limits as aligned text, JSON, or every evaluation of the search as CSV.
    pub fn render(&self, format: Format) -> Result<String, Error> {
        match format {
            Format::Json => json_text(&self.document),
            Format::Csv => Ok(curves_csv(&self.document)),
            Format::Table => Ok(table_text(&self.document, &self.scenario)),
        }
    }
}

/// Finds, for each verifiable parameter, the flip point past which the deterrent corridors become engageable while
/// the stated ones stay covered (bisection), with its witness trajectory, the launch-rule limits and, with
/// `a.phase`, a phase diagram of two parameters.
pub fn limits(a: &LimitsJob, control: Control<'_>) -> Result<LimitsResult, Error> {
    let set = a.out.as_deref().map(OutputSet::begin).transpose()?;
    let scenario = crate::scenarios::load_scenario_arg(&a.scenario)?;
    let names: Vec<&str> = scenario.corridors.iter().map(|c| c.name.as_str()).collect();
    for (flag, list) in [("--stated", &a.stated), ("--deterrent", &a.deterrent)] {
        for c in list {
            if !names.contains(&c.as_str()) {
                return Err(bad(
                    flag,
                    c,
                    &format!(
                        "not a corridor of {} (its corridors: {})",
                        scenario.name,
                        names.join(", ")
                    ),
                ));
            }
        }
    }
    if let Some(c) = a.stated.iter().find(|c| a.deterrent.contains(c)) {
        return Err(bad(
            "--deterrent",
            c,
            "a corridor cannot be both stated and deterrent",
        ));
    }
    for (flag, v) in [
        ("--min-stated-share", a.min_stated_share.unwrap_or(0.0)),
        ("--max-deterrent-share", a.max_deterrent_share),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(bad(
                flag,
                &v.to_string(),
                "a share from 0 to 1 (0.9 = 90 %)",
            ));
        }
    }
    if a.phase && a.params.len() == 1 {
        return Err(bad(
            "--phase",
            "with one --param",
            "a phase diagram maps two parameters: give two --param (or none for the defaults)",
        ));
    }
    let candidates: Vec<Candidate> = if a.params.is_empty() {
        default_candidates(&scenario, &a.deterrent).map_err(|e| match e {
            // A file's own interceptor that cannot be flown: bad input, located.
            ParamError::Unflown { message, .. } => Error::input(message),
            e => Error::internal(e.to_string()),
        })?
    } else {
        a.params
            .iter()
            .map(|p| parse_param(p, &scenario))
            .collect::<Result<_, _>>()?
    };
    for c in &candidates {
        for v in [c.from, c.to] {
            c.path
                .apply(&mut scenario.clone(), v)
                .map_err(|e| Error::input(format!("--param: {e}")))?;
        }
    }
    let cancel = control.cancel;
    let interceptors = InterceptorCache::new();
    let trajectories = TrajectoryCache::new();
    let options = AssessOptions::default();
    let min_stated_share = match a.min_stated_share {
        Some(s) => s,
        None => nominal_stated_share(
            &scenario,
            &a.stated,
            &interceptors,
            &trajectories,
            &options,
            cancel,
        )?,
    };
    let request = LimitsRequest::new(
        a.stated.clone(),
        a.deterrent.clone(),
        min_stated_share,
        a.max_deterrent_share,
    );
    let steps = (1.0 / request.tolerance).log2().ceil() as usize;
    let bar = control.progress;
    bar.begin(
        (candidates.len() * (request.scan_points + steps)) as u64,
        "evaluations",
    );
    bar.stage(&scenario.name);
    let caches = Caches {
        interceptors: &interceptors,
        trajectories: &trajectories,
        options: &options,
    };
    let found = search(
        &scenario,
        &request,
        &candidates,
        &caches,
        &|done, _| bar.set_done(done as u64),
        cancel,
    )
    .map_err(|e| {
        bar.end();
        let cancelled = matches!(e, SweepError::Assess(AssessError::Cancelled));
        stopped(cancelled, &e)
    })?;
    let rules = rule_limits(&scenario, &request, &caches, cancel).map_err(|e| {
        bar.end();
        let cancelled = matches!(e, SweepError::Assess(AssessError::Cancelled));
        stopped(cancelled, &e)
    })?;
    let launch_rules = rules
        .iter()
        .enumerate()
        .map(|(k, r)| RuleOut {
            sites: r.sites.clone(),
            shares: (&r.probe).into(),
            safe: r.safe,
            holds: r.holds,
            statement: rule_statement(r, &request, k == 0 && r.sites.len() > 1),
        })
        .collect();
    let phase = if a.phase {
        Some(phase_diagram(
            &scenario,
            &request,
            &candidates,
            &caches,
            cancel,
            bar,
        )?)
    } else {
        None
    };
    bar.end();
    let out = LimitsOut {
        launch_rules,
        phase,
        scenario: scenario.name.clone(),
        stated: a.stated.clone(),
        deterrent: a.deterrent.clone(),
        min_stated_share,
        max_deterrent_share: a.max_deterrent_share,
        limits: found.iter().map(|l| limit_out(l, &request)).collect(),
    };
    let mut files = Vec::new();
    if let Some(set) = set {
        files = set.finish(&control, |dir| {
            write_outputs(dir, &out)?;
            let (_, mut figures) = summary_figures(dir, &out, &scenario)?;
            let (_, more) = limits_figures(dir, &out, &scenario)?;
            figures.extend(more);
            crate::study_figures::write_report(
                dir,
                &format!("shieldsim limits: {}", scenario.name),
                &out.limits
                    .iter()
                    .map(|l| l.statement.clone())
                    .chain(out.launch_rules.iter().map(|r| r.statement.clone()))
                    .collect::<Vec<_>>(),
                &[format!(
                    "{}: which parameter values leave the deterrent ({}) unengaged while the stated threat ({}) \
                     stays engageable (at least {} of its trajectories)? Each parameter is moved alone over its \
                     range, the others at the scenario's values; shares are pooled over the corridors named: \
                     engageable of evaluated.",
                    scenario.title,
                    out.deterrent.join(", "),
                    out.stated.join(", "),
                    crate::report::share_text(out.min_stated_share),
                )],
                &table_text(&out, &scenario),
                &figures,
                &crate::report::names_of(std::slice::from_ref(&scenario)),
            )
        })?;
    }
    Ok(LimitsResult {
        document: out,
        scenario,
        files,
    })
}

/// The stated share of the unmodified scenario (the default S).
fn nominal_stated_share(
    scenario: &Scenario,
    stated: &[String],
    interceptors: &InterceptorCache,
    trajectories: &TrajectoryCache,
    options: &AssessOptions,
    cancel: &AtomicBool,
) -> Result<f64, Error> {
    let r = assess(
        scenario,
        interceptors,
        trajectories,
        options,
        &|_| {},
        cancel,
    )
    .map_err(|e| stopped(matches!(e, AssessError::Cancelled), &e))?;
    let (n, of) = r
        .corridors
        .iter()
        .filter(|c| stated.contains(&c.corridor))
        .fold((0, 0), |(n, of), c| (n + c.engageable, of + c.evaluated));
    Ok(if of == 0 { 0.0 } else { n as f64 / of as f64 })
}

/// The results as aligned text (also the report's table).
fn table_text(out: &LimitsOut, scenario: &Scenario) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let _ = writeln!(o, "{}: {}", scenario.name, scenario.title);
    let _ = writeln!(
        o,
        "Stated threat: {} (at least {:.0} % engageable). Deterrent: {} (at most {:.0} % engageable).\n",
        out.stated.join(", "),
        100.0 * out.min_stated_share,
        out.deterrent.join(", "),
        100.0 * out.max_deterrent_share
    );
    let mut rows = vec![vec![
        "parameter".to_string(),
        "scenario".into(),
        "deterrent at scenario".into(),
        "flip point".into(),
        "deterrent at flip".into(),
        "stated at flip".into(),
        "holds".into(),
        "witness just past the flip".into(),
    ]];
    for l in &out.limits {
        let flip = match (l.outcome, l.flip_value) {
            ("engaged-over-range", _) if !l.moves_deterrent => "no lever".to_string(),
            ("engaged-over-range", _) | (_, None) => "none in range".to_string(),
            ("safe-over-range", Some(v)) => format!("beyond {}", value_text(v)),
            (_, Some(v)) => format!(
                "{} {}",
                if l.capability_increases { "<=" } else { ">=" },
                value_text(v)
            ),
        };
        let witness = l.witness.as_ref().map_or("-".to_string(), |w| {
            format!(
                "{} {}->{} {} {} at {}: window {:.0} s{}",
                w.corridor,
                w.launch,
                w.aim,
                w.missile,
                w.shape,
                value_text(w.value),
                w.window_s,
                w.earliest_intercept_site
                    .as_ref()
                    .map(|s| format!(" from {s}"))
                    .unwrap_or_default()
            )
        });
        rows.push(vec![
            format!("{} ({})", l.path, l.unit),
            value_text(l.nominal),
            share_text(
                l.at_nominal.deterrent_engageable,
                l.at_nominal.deterrent_evaluated,
            ),
            flip,
            l.at_flip.as_ref().map_or("-".into(), |p| {
                share_text(p.deterrent_engageable, p.deterrent_evaluated)
            }),
            l.at_flip.as_ref().map_or("-".into(), |p| {
                share_text(p.stated_engageable, p.stated_evaluated)
            }),
            if l.holds { "yes" } else { "no" }.into(),
            witness,
        ]);
    }
    let _ = writeln!(o, "{}", table(&rows));
    let _ = writeln!(o, "In words:");
    for l in &out.limits {
        let _ = writeln!(o, "- {}", l.statement);
    }
    let _ = writeln!(o, "\nLaunch rules:");
    for r in &out.launch_rules {
        let _ = writeln!(o, "- {}", r.statement);
    }
    let any = out.limits.iter().any(|l| l.holds) || out.launch_rules.iter().any(|r| r.holds);
    if !any {
        let _ = writeln!(
            o,
            "\nNo single limit above satisfies both constraints. The trade-off curves (stated vs deterrent share at\n\
             each value searched) are in `--format csv` and, with --out, in the figures."
        );
    }
    let _ = writeln!(
        o,
        "\nOne parameter at a time, the others at the scenario's values. Flip points by bisection to 0.5 % of each\n\
         search range after a 9-point scan; shares pooled over the corridors (engageable of evaluated trajectories)."
    );
    o
}

/// Every evaluated value of every parameter: the trade-off curves.
fn curves_csv(out: &LimitsOut) -> String {
    let mut s = csv_record(&[
        "scenario",
        "parameter",
        "value",
        "stated_engageable",
        "stated_evaluated",
        "stated_share",
        "deterrent_engageable",
        "deterrent_evaluated",
        "deterrent_share",
    ]);
    for l in &out.limits {
        for p in &l.curve {
            s.push_str(&csv_record(&[
                out.scenario.clone(),
                l.path.clone(),
                p.value.to_string(),
                p.stated_engageable.to_string(),
                p.stated_evaluated.to_string(),
                p.stated_share.to_string(),
                p.deterrent_engageable.to_string(),
                p.deterrent_evaluated.to_string(),
                p.deterrent_share.to_string(),
            ]));
        }
    }
    s
}

fn write_outputs(dir: &Path, out: &LimitsOut) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    let path = dir.join("limits.json");
    write_json_atomic(&path, out)?;
    files.push(path.display().to_string());
    let path = dir.join("limits-curves.csv");
    write_atomic(&path, curves_csv(out).as_bytes())?;
    files.push(path.display().to_string());
    Ok(files)
}

/// One trade-off figure per parameter (`limits-K-PATH.*`): the stated and deterrent shares at every value searched,
/// the scenario's value and the flip point marked.
fn limits_figures(
    dir: &Path,
    out: &LimitsOut,
    scenario: &Scenario,
) -> Result<crate::study_figures::Written, Error> {
    use shieldsim_viz::{LineChartSpec, LineSeries, VerticalMarker};
    let mut files = Vec::new();
    let mut figures = Vec::new();
    for (k, l) in out.limits.iter().enumerate() {
        let series = vec![
            LineSeries {
                name: format!("stated: {}", out.stated.join(", ")),
                points: l.curve.iter().map(|p| (p.value, p.stated_share)).collect(),
                band: None,
            },
            LineSeries {
                name: format!("deterrent: {}", out.deterrent.join(", ")),
                points: l
                    .curve
                    .iter()
                    .map(|p| (p.value, p.deterrent_share))
                    .collect(),
                band: None,
            },
        ];
        let mut markers = vec![VerticalMarker {
            x: l.nominal,
            label: format!("scenario: {}", value_text(l.nominal)),
        }];
        if let (Some(v), "flip") = (l.flip_value, l.outcome) {
            markers.push(VerticalMarker {
                x: v,
                label: format!("flip: {}", value_text(v)),
            });
        }
        let spec = LineChartSpec {
            title: format!("{}: {} against {}", scenario.name, "engageable shares", l.path),
            subtitle: format!(
                "{}\n{}",
                l.statement,
                "Shares pooled over the stated (or deterrent) corridors: engageable of evaluated trajectories. One parameter at a time, the others at the scenario's values."
            ),
            x_label: format!("{} ({})", l.path, l.unit),
            y_label: "Engageable share".into(),
            y_range: Some((0.0, 1.0)),
            y_percent: true,
            series,
            markers,
        };
        let stem = format!(
            "limits-{}-{}",
            k + 1,
            crate::study_figures::file_stem(&l.path)
        );
        files.extend(crate::study_figures::write_line(dir, &stem, &spec)?);
        figures.push((spec.title.clone(), format!("{stem}.png")));
    }
    Ok((files, figures))
}

/// Evaluates the first two candidates on a 7 x 7 grid over their ranges and classifies each point.
fn phase_diagram(
    scenario: &Scenario,
    request: &LimitsRequest,
    candidates: &[Candidate],
    caches: &Caches<'_>,
    cancel: &AtomicBool,
    bar: &dyn crate::Progress,
) -> Result<PhaseOut, Error> {
    use shieldsim::analysis::{sweep, Axis};
    let [cy, cx] = [&candidates[0], &candidates[1]];
    let grid = |c: &Candidate| -> Vec<f64> {
        (0..7)
            .map(|i| c.from + (c.to - c.from) * i as f64 / 6.0)
            .collect()
    };
    let axes = [cy, cx]
        .into_iter()
        .map(|c| Axis::new(c.path.clone(), grid(c), scenario))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::input(format!("--phase: {e}")))?;
    bar.begin(49, "evaluations");
    bar.stage("phase diagram");
    let sw = sweep(
        scenario,
        &axes,
        caches.interceptors,
        caches.trajectories,
        caches.options,
        &|done, _| bar.set_done(done as u64),
        cancel,
    )
    .map_err(|e| {
        bar.end();
        let cancelled = matches!(e, SweepError::Assess(AssessError::Cancelled));
        stopped(cancelled, &e)
    })?;
    let pooled = |p: &shieldsim::analysis::SweepPoint, names: &[String]| -> f64 {
        let (n, of) = p
            .assessment
            .corridors
            .iter()
            .filter(|c| names.contains(&c.corridor))
            .fold((0, 0), |(n, of), c| (n + c.engageable, of + c.evaluated));
        if of == 0 {
            0.0
        } else {
            n as f64 / of as f64
        }
    };
    let (mut class, mut stated, mut deterrent) = (Vec::new(), Vec::new(), Vec::new());
    for iy in 0..7 {
        let (mut c_row, mut s_row, mut d_row) = (Vec::new(), Vec::new(), Vec::new());
        for ix in 0..7 {
            let p = &sw.points[iy * 7 + ix];
            let (s, d) = (pooled(p, &request.stated), pooled(p, &request.deterrent));
            let lost = s < request.min_stated_share;
            let engaged = d > request.max_deterrent_share;
            c_row.push(u8::from(engaged) + 2 * u8::from(lost));
            s_row.push(s);
            d_row.push(d);
        }
        class.push(c_row);
        stated.push(s_row);
        deterrent.push(d_row);
    }
    Ok(PhaseOut {
        x_path: cx.path.to_string(),
        y_path: cy.path.to_string(),
        x_values: sw.axes[1].values.clone(),
        y_values: sw.axes[0].values.clone(),
        class,
        classes: PHASE_CLASSES.to_vec(),
        stated_share: stated,
        deterrent_share: deterrent,
    })
}

/// The trade-off figure (stated against deterrent share over every value searched, one line per parameter) and,
/// with --phase, the phase diagram.
fn summary_figures(
    dir: &Path,
    out: &LimitsOut,
    scenario: &Scenario,
) -> Result<crate::study_figures::Written, Error> {
    use shieldsim_viz::{ClassColour, HeatmapSpec, LineChartSpec, LineSeries, VerticalMarker};
    let mut files = Vec::new();
    let mut figures = Vec::new();
    let series: Vec<LineSeries> = out
        .limits
        .iter()
        .filter(|l| l.moves_deterrent)
        .map(|l| {
            let mut pts: Vec<(f64, f64)> = l
                .curve
                .iter()
                .map(|p| (p.deterrent_share, p.stated_share))
                .collect();
            pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            LineSeries {
                name: l.path.clone(),
                points: pts,
                band: None,
            }
        })
        .collect();
    if !series.is_empty() {
        let spec = LineChartSpec {
            title: format!("{}: what each limit trades", scenario.name),
            subtitle: format!(
                "Stated share ({}) against deterrent share ({}) at every value searched, one line per parameter that moves the deterrent share. Up and to the left is better; the limit asks for at most {:.0} % deterrent and at least {:.0} % stated.",
                out.stated.join(", "),
                out.deterrent.join(", "),
                100.0 * out.max_deterrent_share,
                100.0 * out.min_stated_share
            ),
            x_label: "Deterrent share engageable (0 to 1)".into(),
            y_label: "Stated share engageable".into(),
            y_range: Some((0.0, 1.0)),
            y_percent: true,
            series,
            markers: vec![VerticalMarker {
                x: out.max_deterrent_share,
                label: format!("D = {:.0} %", 100.0 * out.max_deterrent_share),
            }],
        };
        let stem = "limits-tradeoff";
        files.extend(crate::study_figures::write_line(dir, stem, &spec)?);
        figures.push((spec.title.clone(), format!("{stem}.png")));
    }
    if let Some(p) = &out.phase {
        let colours = [[0, 158, 115], [230, 159, 0], [86, 180, 233], [213, 94, 0]];
        let spec = HeatmapSpec {
            title: format!("{}: phase diagram", scenario.name),
            subtitle: format!(
                "Stated threat {} covered when at least {:.0} % engageable; deterrent {} engaged when more than {:.0} %. The other parameters at the scenario's values.",
                out.stated.join(", "),
                100.0 * out.min_stated_share,
                out.deterrent.join(", "),
                100.0 * out.max_deterrent_share
            ),
            x_label: p.x_path.clone(),
            y_label: p.y_path.clone(),
            x_values: p.x_values.clone(),
            y_values: p.y_values.clone(),
            z: p.class.iter().map(|r| r.iter().map(|&c| f64::from(c)).collect()).collect(),
            z_label: "Outcome".into(),
            classes: Some(
                PHASE_CLASSES
                    .iter()
                    .zip(colours)
                    .map(|(n, colour)| ClassColour {
                        name: (*n).to_string(),
                        colour,
                    })
                    .collect(),
            ),
            ..Default::default()
        };
        let stem = "limits-phase";
        let png = shieldsim_viz::heatmap_png(&spec, 1400, 900)
            .map_err(|e| crate::figures::viz_error(stem, e))?;
        let svg = shieldsim_viz::heatmap_svg(&spec, 1400, 900)
            .map_err(|e| crate::figures::viz_error(stem, e))?;
        files.extend(crate::figures::write_pair(dir, stem, &png, svg.as_bytes())?);
        figures.push((spec.title.clone(), format!("{stem}.png")));
    }
    Ok((files, figures))
}
