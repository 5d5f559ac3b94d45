//! `shieldsim assess`: every trajectory of every corridor of one or more scenarios against their architectures.

use crate::error::stopped;
use crate::files::{write_atomic, write_json_atomic, xml_escape, OutputSet};
use crate::report::{enabled_by_cell, engageable_cell, percentiles_cell, weighted, weighted_cell};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use shieldsim::analysis::{
    assess as assess_scenario, trajectory_count, AssessError, AssessOptions, CorridorAssessment,
    InterceptSummary, Outcome, ScenarioAssessment, Spread, TrajectoryCache,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::Scenario;

use crate::error::Error;
use crate::output::{csv_record, json_text, table, Format};
use crate::Control;

/// The JSON of `assess` (also `assessment.json`). Deterministic: the same input gives the same bytes (no timings).
#[derive(Debug, Serialize)]
pub struct AssessOut {
    results: Vec<CorridorOut>,
    scenarios: Vec<ScenarioOut>,
}

#[derive(Debug, Serialize)]
struct ScenarioOut {
    scenario: String,
    title: String,
    sources: Vec<String>,
    sites: Vec<SiteOut>,
    radars: Vec<String>,
    early_warning: bool,
    decision_delay_s: f64,
    links: Vec<LinkOut>,
}

/// A link of a scenario's architecture: which sensors may commit (and, engage-on-remote, guide) which sites.
#[derive(Debug, Serialize)]
struct LinkOut {
    name: String,
    kind: &'static str,
    sensors: Vec<String>,
    sites: Vec<String>,
    source: String,
}

#[derive(Debug, Serialize)]
struct SiteOut {
    site: String,
    interceptor: String,
    inventory: u32,
    lat_deg: f64,
    lon_deg: f64,
}

/// One corridor of one scenario in the JSON and CSV. Every trajectory of the corridor is counted once: `pairs =
/// evaluated + out_of_range + failed`. Shares are over the evaluated trajectories (N); the spreads (`min`, `p10`,
/// `p50`, `p90`, `max`: percentiles by linear interpolation, type 7) are over the engageable ones and null when
/// none is engageable.
#[derive(Debug, Serialize)]
struct CorridorOut {
    scenario: String,
    corridor: String,
    /// Launch–aim–missile–shape combinations of the corridor.
    pairs: usize,
    /// Flown and engaged (N).
    evaluated: usize,
    /// Beyond the missile's reach with the shape: not flown, not in N.
    out_of_range: usize,
    /// Not solved (targeting did not converge): not in N.
    failed: usize,
    /// Engageable (n of N).
    engageable: usize,
    /// n / N; null when N = 0.
    engageable_share: Option<f64>,
    /// Aim weights of the engageable over those of the evaluated (= engageable_share without weights).
    weighted_engageable_share: Option<f64>,
    window_min_s: Option<f64>,
    window_p10_s: Option<f64>,
    window_p50_s: Option<f64>,
    window_p90_s: Option<f64>,
    window_max_s: Option<f64>,
    shots_min: Option<f64>,
    shots_p10: Option<f64>,
    shots_p50: Option<f64>,
    shots_p90: Option<f64>,
    shots_max: Option<f64>,
    first_intercept_alt_min_km: Option<f64>,
    first_intercept_alt_p10_km: Option<f64>,
    first_intercept_alt_p50_km: Option<f64>,
    first_intercept_alt_p90_km: Option<f64>,
    first_intercept_alt_max_km: Option<f64>,
    /// Sites with a window on at least one trajectory, in architecture order.
    sites: Vec<String>,
    /// The sensors whose tracks enabled the launches at the engageable trajectories, most first.
    enabled_by: Vec<EnablingOut>,
}

#[derive(Debug, Serialize)]
struct EnablingOut {
    sensor: String,
    trajectories: usize,
}

/// The five numbers of a spread as JSON fields (all null without one).
fn spread_fields(s: Option<Spread>) -> [Option<f64>; 5] {
    match s {
        Some(s) => [s.min, s.p10, s.p50, s.p90, s.max].map(Some),
        None => [None; 5],
    }
}

fn corridor_out(scenario: &str, c: &CorridorAssessment) -> CorridorOut {
    let [window_min_s, window_p10_s, window_p50_s, window_p90_s, window_max_s] =
        spread_fields(c.window_s);
    let [shots_min, shots_p10, shots_p50, shots_p90, shots_max] = spread_fields(c.shots);
    let [first_intercept_alt_min_km, first_intercept_alt_p10_km, first_intercept_alt_p50_km, first_intercept_alt_p90_km, first_intercept_alt_max_km] =
        spread_fields(c.first_intercept_alt_km);
    CorridorOut {
        scenario: scenario.to_string(),
        corridor: c.corridor.clone(),
        pairs: c.pairs,
        evaluated: c.evaluated,
        out_of_range: c.out_of_range,
        failed: c.failed,
        engageable: c.engageable,
        engageable_share: c.engageable_share,
        weighted_engageable_share: c.weighted_engageable_share,
        window_min_s,
        window_p10_s,
        window_p50_s,
        window_p90_s,
        window_max_s,
        shots_min,
        shots_p10,
        shots_p50,
        shots_p90,
        shots_max,
        first_intercept_alt_min_km,
        first_intercept_alt_p10_km,
        first_intercept_alt_p50_km,
        first_intercept_alt_p90_km,
        first_intercept_alt_max_km,
        sites: c.sites.clone(),
        enabled_by: c
            .enabled_by
            .iter()
            .map(|e| EnablingOut {
                sensor: e.sensor.clone(),
                trajectories: e.trajectories,
            })
            .collect(),
    }
}

fn scenario_out(s: &Scenario) -> ScenarioOut {
    let a = &s.architecture;
    ScenarioOut {
        scenario: s.name.clone(),
        title: s.title.clone(),
        sources: s.sources.clone(),
        sites: a
            .sites
            .iter()
            .map(|x| SiteOut {
                site: x.name.clone(),
                interceptor: x.interceptor.id().to_string(),
                inventory: x.inventory,
                lat_deg: x.position.lat_deg(),
                lon_deg: x.position.lon_deg(),
            })
            .collect(),
        radars: a.radars.iter().map(|r| r.id.clone()).collect(),
        early_warning: a.early_warning.is_some(),
        decision_delay_s: a.decision_delay_s,
        links: a
            .links
            .iter()
            .map(|l| LinkOut {
                name: l.link.name.clone(),
                kind: l.link.kind.name(),
                sensors: l
                    .link
                    .sensors
                    .iter()
                    .map(|&k| a.radars[k].id.clone())
                    .collect(),
                sites: l
                    .link
                    .sites
                    .iter()
                    .map(|&i| a.sites[i].name.clone())
                    .collect(),
                source: l.source.clone(),
            })
            .collect(),
    }
}

/// What `assess` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct AssessJob {
    /// The scenarios to assess (see [`crate::scenarios::load_scenarios`]).
    pub scenarios: Vec<Scenario>,
    /// Also write assessment.json, corridors.csv, trajectories.geojson/.kml/.czml, a map per scenario and
    /// report.html into this directory (one output set, swapped in whole).
    pub out: Option<PathBuf>,
}

/// The result of `assess`.
#[derive(Debug)]
pub struct Assessment {
    /// The document (`assessment.json`; `--format json`).
    pub document: AssessOut,
    /// The engine's assessments, one per scenario, with every trajectory.
    pub assessments: Vec<ScenarioAssessment>,
    /// The scenarios assessed.
    pub scenarios: Vec<Scenario>,
    /// Wall time of the assessment, s.
    pub elapsed_s: f64,
    /// The files written (empty without `out`).
    pub files: Vec<String>,
}

impl Assessment {
    /// The summary as a table for people, JSON or CSV (one row per scenario and corridor).
    pub fn render(&self, format: Format) -> Result<String, Error> {
        match format {
            Format::Json => json_text(&self.document),
            Format::Csv => Ok(corridors_csv(&self.document)),
            Format::Table => Ok(table_text(
                &self.assessments,
                &self.scenarios,
                self.elapsed_s,
            )),
        }
    }
}

/// Assesses every trajectory of every corridor of `req.scenarios` against its architecture.
pub fn assess(req: &AssessJob, control: Control<'_>) -> Result<Assessment, Error> {
    let set = req.out.as_deref().map(OutputSet::begin).transpose()?;
    let scenarios = &req.scenarios;
    let total: usize = scenarios.iter().map(trajectory_count).sum();
    control.progress.begin(total as u64, "trajectories");
    let started = Instant::now();
    let interceptors = InterceptorCache::new();
    let trajectories = TrajectoryCache::new();
    let options = AssessOptions::default();
    let mut assessments = Vec::with_capacity(scenarios.len());
    let mut base = 0u64;
    for s in scenarios {
        control.progress.stage(&s.name);
        let progress = |done: usize| control.progress.set_done(base + done as u64);
        match assess_scenario(
            s,
            &interceptors,
            &trajectories,
            &options,
            &progress,
            control.cancel,
        ) {
            Ok(r) => assessments.push(r),
            Err(e) => {
                control.progress.end();
                let cancelled = matches!(e, AssessError::Cancelled);
                return Err(stopped(cancelled, &e));
            }
        }
        base += trajectory_count(s) as u64;
    }
    control.progress.end();
    let out = AssessOut {
        results: assessments
            .iter()
            .flat_map(|s| s.corridors.iter().map(|c| corridor_out(&s.scenario, c)))
            .collect(),
        scenarios: scenarios.iter().map(scenario_out).collect(),
    };
    let elapsed_s = started.elapsed().as_secs_f64();
    let mut files = Vec::new();
    if let Some(set) = set {
        let dir = set.dir();
        write_outputs(dir, &out, &assessments)?;
        write_figures(dir, scenarios, &assessments, &interceptors)?;
        control.check()?;
        files = set.commit()?;
    }
    Ok(Assessment {
        document: out,
        assessments,
        scenarios: scenarios.clone(),
        elapsed_s,
        files,
    })
}

/// Writes trajectories.czml, a map per scenario (`map-NAME.png`, `map-NAME.svg`) and report.html.
fn write_figures(
    dir: &Path,
    scenarios: &[Scenario],
    assessments: &[ScenarioAssessment],
    interceptors: &InterceptorCache,
) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    let czml = trajectories_czml(assessments)?;
    let path = dir.join("trajectories.czml");
    write_atomic(&path, czml.as_bytes())?;
    files.push(path.display().to_string());
    let mut svgs = Vec::with_capacity(scenarios.len());
    for (s, a) in scenarios.iter().zip(assessments) {
        let arch = shieldsim::analysis::build_architecture(s, interceptors)
            .map_err(|e| Error::input(e.to_string()))?;
        let mut tracks = Vec::new();
        let mut intercepts = Vec::new();
        let mut launches: Vec<shieldsim_viz::MapSite> = Vec::new();
        for t in &a.trajectories {
            if let Outcome::Evaluated {
                engageable,
                earliest,
                ..
            } = &t.outcome
            {
                tracks.push(shieldsim_viz::Track {
                    points: t.path.iter().map(|p| [p[0], p[1]]).collect(),
                    engaged: *engageable,
                });
                if let Some(p) = earliest {
                    intercepts.push([p.position.lat_deg(), p.position.lon_deg()]);
                }
            }
            if !launches.iter().any(|l| l.name == t.launch) {
                launches.push(shieldsim_viz::MapSite {
                    name: t.launch.clone(),
                    lat_deg: t.launch_position.lat_deg(),
                    lon_deg: t.launch_position.lon_deg(),
                    kind: shieldsim_viz::SiteKind::Launch,
                });
            }
        }
        let mut enabled: Vec<(String, usize)> = Vec::new();
        for name in a.trajectories.iter().filter_map(|t| t.enabled_by.as_ref()) {
            match enabled.iter_mut().find(|(n, _)| n == name) {
                Some((_, k)) => *k += 1,
                None => enabled.push((name.clone(), 1)),
            }
        }
        enabled.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        let enabled_text = if enabled.is_empty() {
            "No track engaged".to_string()
        } else {
            let parts: Vec<String> = enabled.iter().map(|(n, k)| format!("{n} ({k})")).collect();
            format!("Engaged tracks launched on {}", parts.join(", "))
        };
        let spec =
            crate::figures::scenario_map(s, &arch, tracks, intercepts, launches, &enabled_text);
        let stem = format!("map-{}", s.name);
        files.extend(crate::figures::write_map(dir, &stem, &spec)?);
        let svg = std::fs::read_to_string(dir.join(format!("{stem}.svg")))
            .map_err(|e| Error::internal(format!("cannot read back {stem}.svg: {e}")))?;
        svgs.push(svg);
    }
    let html = crate::report::report_html(scenarios, assessments, &svgs);
    let path = dir.join("report.html");
    write_atomic(&path, html.as_bytes())?;
    files.push(path.display().to_string());
    Ok(files)
}

/// Every evaluated trajectory (red when engageable, grey when not) and its earliest intercept as CZML for Cesium;
/// times from 2000-01-01T00:00:00Z = each threat's launch.
fn trajectories_czml(assessments: &[ScenarioAssessment]) -> Result<String, Error> {
    use crate::export::CzmlTrack;
    use crate::output::{czml_intercept, czml_text, czml_track_rgba};
    let mut tracks = Vec::new();
    let mut points = Vec::new();
    for a in assessments {
        for t in &a.trajectories {
            let Outcome::Evaluated {
                engageable,
                reason,
                earliest,
                ..
            } = &t.outcome
            else {
                continue;
            };
            let id = format!(
                "{}/{}/{}-{}/{}/{}",
                a.scenario, t.corridor, t.launch, t.aim, t.missile, t.shape
            );
            tracks.push(CzmlTrack {
                id: id.clone(),
                name: format!("{} {} -> {} ({})", t.missile, t.launch, t.aim, a.scenario),
                description: xml_escape(reason),
                samples: t
                    .path_t_s
                    .iter()
                    .zip(&t.path)
                    .map(|(ts, p)| (*ts, p[0], p[1], p[2] * 1000.0))
                    .collect(),
                color_rgba: czml_track_rgba(*engageable),
            });
            if let Some(p) = earliest {
                points.push(czml_intercept(
                    format!("{id}/earliest-intercept"),
                    format!("intercept from {}", p.site),
                    p.t_s,
                    &p.position,
                ));
            }
        }
    }
    czml_text("shieldsim assessment", &tracks, &points)
}

/// The files `--out DIR` writes.
pub const OUTPUT_FILES: [&str; 4] = [
    "assessment.json",
    "corridors.csv",
    "trajectories.geojson",
    "trajectories.kml",
];

/// The columns of `--format csv` and corridors.csv: the JSON fields, lists joined by "; " (`enabled_by` as
/// "sensor (n)").
const CSV_COLUMNS: [&str; 26] = [
    "scenario",
    "corridor",
    "pairs",
    "evaluated",
    "out_of_range",
    "failed",
    "engageable",
    "engageable_share",
    "weighted_engageable_share",
    "window_min_s",
    "window_p10_s",
    "window_p50_s",
    "window_p90_s",
    "window_max_s",
    "shots_min",
    "shots_p10",
    "shots_p50",
    "shots_p90",
    "shots_max",
    "first_intercept_alt_min_km",
    "first_intercept_alt_p10_km",
    "first_intercept_alt_p50_km",
    "first_intercept_alt_p90_km",
    "first_intercept_alt_max_km",
    "sites",
    "enabled_by",
];

fn corridors_csv(o: &AssessOut) -> String {
    let mut s = csv_record(&CSV_COLUMNS);
    let opt =
        |v: Option<f64>, decimals: usize| v.map_or(String::new(), |x| format!("{x:.decimals$}"));
    for r in &o.results {
        let mut fields = vec![
            r.scenario.clone(),
            r.corridor.clone(),
            r.pairs.to_string(),
            r.evaluated.to_string(),
            r.out_of_range.to_string(),
            r.failed.to_string(),
            r.engageable.to_string(),
            opt(r.engageable_share, 6),
            opt(r.weighted_engageable_share, 6),
        ];
        for v in [
            r.window_min_s,
            r.window_p10_s,
            r.window_p50_s,
            r.window_p90_s,
            r.window_max_s,
            r.shots_min,
            r.shots_p10,
            r.shots_p50,
            r.shots_p90,
            r.shots_max,
            r.first_intercept_alt_min_km,
            r.first_intercept_alt_p10_km,
            r.first_intercept_alt_p50_km,
            r.first_intercept_alt_p90_km,
            r.first_intercept_alt_max_km,
        ] {
            fields.push(opt(v, 3));
        }
        fields.push(r.sites.join("; "));
        fields.push(
            r.enabled_by
                .iter()
                .map(|e| format!("{} ({})", e.sensor, e.trajectories))
                .collect::<Vec<_>>()
                .join("; "),
        );
        s.push_str(&csv_record(&fields));
    }
    s
}

fn table_text(
    assessments: &[ScenarioAssessment],
    scenarios: &[Scenario],
    elapsed_s: f64,
) -> String {
    let mut out = String::new();
    let corridors = || {
        assessments
            .iter()
            .flat_map(|a| a.corridors.iter().map(move |c| (a, c)))
    };
    let any_failed = corridors().any(|(_, c)| c.failed > 0);
    let weighted = weighted(scenarios);
    let mut head: Vec<String> = vec![
        "scenario".into(),
        "corridor".into(),
        "engageable".into(),
        "out of range".into(),
    ];
    if any_failed {
        head.push("failed".into());
    }
    if weighted {
        head.push("weighted".into());
    }
    head.extend([
        "window P10/P50/P90 (s)".to_string(),
        "max window (s)".into(),
        "shots P10/P50/P90".into(),
        "first intercept alt P10/P50/P90 (km)".into(),
        "enabled by".into(),
        "sites engaging".into(),
    ]);
    let mut rows = vec![head];
    for (a, c) in corridors() {
        let mut row = vec![
            a.scenario.clone(),
            c.corridor.clone(),
            engageable_cell(c),
            c.out_of_range.to_string(),
        ];
        if any_failed {
            row.push(c.failed.to_string());
        }
        if weighted {
            row.push(weighted_cell(c));
        }
        row.extend([
            percentiles_cell(c.window_s, true),
            c.window_s.map_or("-".into(), |w| format!("{:.0}", w.max)),
            percentiles_cell(c.shots, false),
            percentiles_cell(c.first_intercept_alt_km, true),
            enabled_by_cell(c, ", "),
            if c.sites.is_empty() {
                "-".into()
            } else {
                c.sites.join(", ")
            },
        ]);
        rows.push(row);
    }
    say!(out, "{}", table(&rows));
    sayln!(out);
    for s in scenarios {
        sayln!(out, "{}: {}", s.name, s.title);
    }
    let sum = |f: fn(&CorridorAssessment) -> usize| corridors().map(|(_, c)| f(c)).sum::<usize>();
    let mut notes = vec![
        "Which trajectories can each defence engage, over its threat corridors (launch points x aim points x \
         missiles x shapes)? Engageable: n of N, N = the trajectories flown and evaluated; the launch-aim pairs \
         beyond a missile's reach are not flown and are counted under \"out of range\"."
            .to_string(),
    ];
    if any_failed {
        notes.push(
            "Trajectories whose targeting did not converge are counted under \"failed\".".into(),
        );
    }
    if weighted {
        notes.push(
            "Weighted: the engageable share with each trajectory weighted by its aim point's weight.".into(),
        );
    }
    notes.push(format!(
        "Window: the time during which an intercept is possible; shots: shoot-look-shoot opportunities; first \
         intercept alt: altitude of the earliest possible intercept. Their P10/P50/P90 are percentiles (linear \
         interpolation, type 7) over the ENGAGEABLE trajectories only. Enabled by: the sensor whose track let the \
         first-intercepting site launch, with its count of engageable trajectories. Models: point-mass kinematics \
         at the fidelity of the open literature; every parameter sourced or generic (`shieldsim scenarios show \
         NAME`). {} trajectories evaluated, {} out of range{} in {:.1} s.",
        sum(|c| c.evaluated),
        sum(|c| c.out_of_range),
        if any_failed {
            format!(", {} failed", sum(|c| c.failed))
        } else {
            String::new()
        },
        elapsed_s
    ));
    sayln!(
        out,
        "\n{}",
        crate::output::wrap_words(&notes.join(" "), 116)
    );
    out
}

fn write_outputs(
    dir: &Path,
    out: &AssessOut,
    assessments: &[ScenarioAssessment],
) -> Result<Vec<String>, Error> {
    write_json_atomic(&dir.join("assessment.json"), out)?;
    write_atomic(&dir.join("corridors.csv"), corridors_csv(out).as_bytes())?;
    write_atomic(
        &dir.join("trajectories.geojson"),
        geojson(assessments).as_bytes(),
    )?;
    write_atomic(&dir.join("trajectories.kml"), kml(assessments).as_bytes())?;
    Ok(OUTPUT_FILES
        .iter()
        .map(|f| dir.join(f).display().to_string())
        .collect())
}

/// A path as GeoJSON line parts, split where it crosses the antimeridian (RFC 7946 §3.1.9) so that every longitude
/// stays in [−180, 180]: [lon °, lat °, altitude m] positions.
fn split_at_antimeridian(path: &[[f64; 3]]) -> Vec<Vec<[f64; 3]>> {
    let mut parts: Vec<Vec<[f64; 3]>> = vec![Vec::new()];
    let mut prev: Option<[f64; 3]> = None;
    for p in path {
        let here = [round6(p[1]), round6(p[0]), (p[2] * 1000.0).round()];
        if let Some(q) = prev {
            let dlon = here[0] - q[0];
            if dlon.abs() > 180.0 {
                // Crossing: interpolate on the unwrapped longitude to the meridian ±180.
                let (edge, unwrapped) = if dlon < 0.0 {
                    (180.0, here[0] + 360.0)
                } else {
                    (-180.0, here[0] - 360.0)
                };
                let u = (edge - q[0]) / (unwrapped - q[0]);
                let lat = round6(q[1] + u * (here[1] - q[1]));
                let alt = (q[2] + u * (here[2] - q[2])).round();
                if let Some(last) = parts.last_mut() {
                    last.push([edge, lat, alt]);
                }
                parts.push(vec![[-edge, lat, alt]]);
            }
        }
        if let Some(last) = parts.last_mut() {
            last.push(here);
        }
        prev = Some(here);
    }
    parts.retain(|p| p.len() >= 2);
    parts
}

fn intercept_json(p: &InterceptSummary) -> serde_json::Value {
    serde_json::json!({
        "t_s": p.t_s,
        "lat_deg": p.position.lat_deg(),
        "lon_deg": p.position.lon_deg(),
        "alt_km": p.position.alt_m / 1000.0,
        "launch_s": p.launch_s,
        "closing_speed_mps": p.closing_speed_mps,
        "site": p.site,
    })
}

/// Threat paths (LineString, or MultiLineString when split at the antimeridian; altitude in metres as the third
/// coordinate) with their verdicts, and earliest intercept points (Point), as a GeoJSON FeatureCollection.
fn geojson(assessments: &[ScenarioAssessment]) -> String {
    let mut features = Vec::new();
    for s in assessments {
        for t in &s.trajectories {
            let Outcome::Evaluated {
                engageable,
                reason,
                window_s,
                shots,
                earliest,
                latest,
                sites,
                impact_t_s,
                ..
            } = &t.outcome
            else {
                continue;
            };
            let parts = split_at_antimeridian(&t.path);
            let geometry = if parts.len() == 1 {
                serde_json::json!({"type": "LineString", "coordinates": parts[0]})
            } else {
                serde_json::json!({"type": "MultiLineString", "coordinates": parts})
            };
            features.push(serde_json::json!({
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "kind": "trajectory",
                    "scenario": s.scenario, "corridor": t.corridor, "launch": t.launch, "aim": t.aim,
                    "missile": t.missile, "shape": t.shape, "engageable": engageable, "reason": reason,
                    "window_s": window_s, "shots": shots, "sites": sites, "enabled_by": t.enabled_by,
                    "aim_weight": t.weight, "impact_s": impact_t_s,
                    "earliest_intercept": earliest.as_ref().map(intercept_json),
                    "latest_intercept": latest.as_ref().map(intercept_json),
                }
            }));
            if let Some(p) = earliest {
                features.push(serde_json::json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [
                        round6(p.position.lon_deg()), round6(p.position.lat_deg()), p.position.alt_m.round()
                    ]},
                    "properties": {
                        "kind": "earliest_intercept", "scenario": s.scenario, "corridor": t.corridor,
                        "launch": t.launch, "aim": t.aim, "missile": t.missile, "site": p.site, "t_s": p.t_s,
                    }
                }));
            }
        }
    }
    let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
    fc.to_string() + "\n"
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Threat paths as KML (absolute altitudes, red when engageable, grey when not) with earliest intercept
/// placemarks, one folder per scenario.
fn kml(assessments: &[ScenarioAssessment]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>shieldsim assessment</name>\n\
<Style id=\"engageable\"><LineStyle><color>ff0000ff</color><width>2</width></LineStyle></Style>\n\
<Style id=\"not-engageable\"><LineStyle><color>ff999999</color><width>1</width></LineStyle></Style>\n\
<Style id=\"intercept\"><IconStyle><color>ff00ffff</color><scale>0.6</scale></IconStyle></Style>\n",
    );
    for a in assessments {
        s.push_str(&format!(
            "<Folder><name>{}</name><description>{}</description>\n",
            xml_escape(&a.scenario),
            xml_escape(&a.title)
        ));
        for t in &a.trajectories {
            let Outcome::Evaluated {
                engageable,
                reason,
                window_s,
                earliest,
                ..
            } = &t.outcome
            else {
                continue;
            };
            let data = [
                ("scenario", a.scenario.clone()),
                ("corridor", t.corridor.clone()),
                ("engageable", engageable.to_string()),
                ("window_s", format!("{window_s:.1}")),
                ("enabled_by", t.enabled_by.clone().unwrap_or_default()),
                ("aim_weight", t.weight.to_string()),
            ]
            .iter()
            .map(|(k, v)| format!("<Data name=\"{k}\"><value>{}</value></Data>", xml_escape(v)))
            .collect::<String>();
            let coords: Vec<String> = t
                .path
                .iter()
                .map(|p| format!("{:.6},{:.6},{:.0}", p[1], p[0], p[2] * 1000.0))
                .collect();
            s.push_str(&format!(
                "<Placemark><name>{} {} → {} ({})</name><description>{}</description><ExtendedData>{}</ExtendedData><styleUrl>#{}</styleUrl><LineString><altitudeMode>absolute</altitudeMode><coordinates>{}</coordinates></LineString></Placemark>\n",
                xml_escape(&t.missile),
                xml_escape(&t.launch),
                xml_escape(&t.aim),
                xml_escape(&t.corridor),
                xml_escape(reason),
                data,
                if *engageable { "engageable" } else { "not-engageable" },
                coords.join(" ")
            ));
            if let Some(p) = earliest {
                s.push_str(&format!(
                    "<Placemark><name>earliest intercept {:.0} s ({})</name><styleUrl>#intercept</styleUrl><Point><altitudeMode>absolute</altitudeMode><coordinates>{:.6},{:.6},{:.0}</coordinates></Point></Placemark>\n",
                    p.t_s,
                    xml_escape(&p.site),
                    p.position.lon_deg(),
                    p.position.lat_deg(),
                    p.position.alt_m
                ));
            }
        }
        s.push_str("</Folder>\n");
    }
    s.push_str("</Document>\n</kml>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_wrap_at_spaces() {
        assert_eq!(crate::output::wrap_words("aa bb cc  dd", 5), "aa bb\ncc dd");
        assert_eq!(
            crate::output::wrap_words("a verylongword b", 4),
            "a\nverylongword\nb"
        );
        assert_eq!(crate::output::wrap_words("", 10), "");
    }

    #[test]
    fn paths_are_split_at_the_antimeridian() {
        // Pyongyang towards Hawaii, eastward across 180°.
        let path = [
            [40.0, 170.0, 100.0],
            [38.0, 179.0, 300.0],
            [36.0, -173.0, 500.0],
        ];
        let parts = split_at_antimeridian(&path);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].last().unwrap()[0], 180.0);
        assert_eq!(parts[1][0][0], -180.0);
        // The crossing is 1/8 of the way from 179° to −173° (8° of longitude): latitude 38 − 2/8.
        assert!((parts[0].last().unwrap()[1] - (38.0 - 2.0 / 8.0)).abs() < 1e-6);
        for p in parts.iter().flatten() {
            assert!((-180.0..=180.0).contains(&p[0]));
        }
        // Westward too, and no split for an ordinary path.
        let back: Vec<[f64; 3]> = path.iter().rev().copied().collect();
        assert_eq!(split_at_antimeridian(&back).len(), 2);
        assert_eq!(split_at_antimeridian(&path[..2]).len(), 1);
    }
}
