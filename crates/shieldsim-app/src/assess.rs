//! `shieldsim assess`: every trajectory of every corridor of one or more scenarios against their architectures.

use crate::error::stopped;
use crate::files::{write_atomic, write_json_atomic, xml_escape, OutputSet};
use crate::report::{enabled_by_cell, engageable_cell, percentiles_cell, weighted, weighted_cell};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use shieldsim::analysis::{
    assess as assess_scenario, trajectory_count, AssessError, AssessOptions, CorridorAssessment,
    InterceptSummary, Outcome, ScenarioAssessment, Spread, TrajectoryCache, TrajectoryRecord,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::Scenario;

use crate::error::Error;
use crate::export::geo::{self, Properties};
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
        files = set.finish(&control, |dir| {
            write_outputs(dir, &out, scenarios, &assessments)?;
            write_figures(dir, scenarios, &assessments)
        })?;
    }
    Ok(Assessment {
        document: out,
        assessments,
        scenarios: scenarios.clone(),
        elapsed_s,
        files,
    })
}

/// What a corridor's map panel shows.
#[derive(Default)]
struct CorridorLayers {
    name: String,
    tracks: Vec<shieldsim_viz::Track>,
    intercepts: Vec<[f64; 2]>,
    launches: Vec<shieldsim_viz::MapSite>,
}

/// Writes trajectories.czml, a map per scenario (`map-NAME.png`, `map-NAME.svg`), a panel per corridor of a
/// scenario with several (`map-NAME-CORRIDOR.png`, `.svg`) and report.html.
fn write_figures(
    dir: &Path,
    scenarios: &[Scenario],
    assessments: &[ScenarioAssessment],
) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    let czml = trajectories_czml(scenarios, assessments)?;
    let path = dir.join("trajectories.czml");
    write_atomic(&path, czml.as_bytes())?;
    files.push(path.display().to_string());
    let mut svgs = Vec::with_capacity(scenarios.len());
    // Every map to draw (stem, spec), and which of them are the whole-scenario maps the report inlines.
    let mut maps: Vec<(String, shieldsim_viz::MapSpec)> = Vec::new();
    let mut whole: Vec<usize> = Vec::new();
    for (s, a) in scenarios.iter().zip(assessments) {
        // The tracks, earliest intercepts and launch points of each corridor, in the scenario's order.
        let mut corridors: Vec<CorridorLayers> = Vec::new();
        for t in &a.trajectories {
            let k = match corridors.iter().position(|c| c.name == t.corridor) {
                Some(k) => k,
                None => {
                    corridors.push(CorridorLayers {
                        name: t.corridor.clone(),
                        ..CorridorLayers::default()
                    });
                    corridors.len() - 1
                }
            };
            let c = &mut corridors[k];
            if let Outcome::Evaluated {
                engageable,
                earliest,
                ..
            } = &t.outcome
            {
                c.tracks.push(shieldsim_viz::Track {
                    points: t.path.iter().map(|p| [p[0], p[1]]).collect(),
                    engaged: *engageable,
                });
                if let Some(p) = earliest {
                    c.intercepts
                        .push([p.position.lat_deg(), p.position.lon_deg()]);
                }
            }
            // One label per place: the samples of a launch area after the first are drawn unlabelled.
            let name = crate::figures::display_name(&t.launch);
            let at = (t.launch_position.lat_deg(), t.launch_position.lon_deg());
            if !c.launches.iter().any(|l| (l.lat_deg, l.lon_deg) == at) {
                let labelled = c.launches.iter().any(|l| l.name == name);
                c.launches.push(shieldsim_viz::MapSite {
                    name: if labelled { String::new() } else { name },
                    lat_deg: at.0,
                    lon_deg: at.1,
                    kind: shieldsim_viz::SiteKind::Launch,
                });
            }
        }
        let mut tracks = Vec::new();
        let mut intercepts = Vec::new();
        let mut launches: Vec<shieldsim_viz::MapSite> = Vec::new();
        for c in &corridors {
            tracks.extend(c.tracks.iter().cloned());
            intercepts.extend(c.intercepts.iter().copied());
            for l in &c.launches {
                let labelled = !l.name.is_empty() && launches.iter().any(|m| m.name == l.name);
                launches.push(shieldsim_viz::MapSite {
                    name: if labelled {
                        String::new()
                    } else {
                        l.name.clone()
                    },
                    ..l.clone()
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
            let parts: Vec<String> = enabled
                .iter()
                .map(|(n, k)| format!("{} ({k})", crate::figures::display_names_in(s, n)))
                .collect();
            format!("Engaged tracks launched on {}", parts.join(", "))
        };
        let spec = crate::figures::scenario_map(s, tracks, intercepts, launches, &enabled_text);
        whole.push(maps.len());
        maps.push((format!("map-{}", s.name), spec));
        // A panel per corridor, each in its own projection, when the scenario has more than one.
        if corridors.len() > 1 {
            for c in corridors {
                let panel = crate::figures::corridor_map(
                    s,
                    &c.name,
                    c.tracks,
                    c.intercepts,
                    c.launches,
                    &enabled_text,
                );
                maps.push((format!("map-{}-{}", s.name, c.name), panel));
            }
        }
    }
    // Drawn in parallel (each map's bytes do not depend on the thread count), listed in order.
    use rayon::prelude::*;
    let written: Vec<Result<Vec<String>, Error>> = maps
        .par_iter()
        .map(|(stem, spec)| crate::figures::write_map(dir, stem, spec))
        .collect();
    for w in written {
        files.extend(w?);
    }
    for k in whole {
        let stem = &maps[k].0;
        let svg = std::fs::read_to_string(dir.join(format!("{stem}.svg")))
            .map_err(|e| Error::internal(format!("cannot read back {stem}.svg: {e}")))?;
        svgs.push(svg);
    }
    // Written last: every other file of the set is in `dir` and linked from the page.
    let listed = crate::report_files::set_files(dir)?;
    let html = crate::report::report_html(scenarios, assessments, &svgs, &listed)?;
    let path = dir.join("report.html");
    write_atomic(&path, html.as_bytes())?;
    files.push(path.display().to_string());
    Ok(files)
}

/// Every evaluated trajectory (red when engageable, grey when not), its earliest intercept, and the interceptor sites
/// and radars, as CZML for Cesium: one folder per scenario; times from 2000-01-01T00:00:00Z = each threat's launch.
fn trajectories_czml(
    scenarios: &[Scenario],
    assessments: &[ScenarioAssessment],
) -> Result<String, Error> {
    use crate::export::{CzmlFolder, CzmlIds, CzmlScene, CzmlTrack};
    use crate::output::{
        czml_intercept, czml_place, czml_text, czml_track_rgba, CZML_RADAR_RGBA, CZML_SITE_RGBA,
    };
    let mut ids = CzmlIds::default();
    let mut scene = CzmlScene {
        name: "shieldsim assessment".into(),
        ..CzmlScene::default()
    };
    for (s, a) in scenarios.iter().zip(assessments) {
        let folder = ids.id(&["scenario", &a.scenario]);
        scene.folders.push(CzmlFolder {
            id: folder.clone(),
            name: a.scenario.clone(),
            description: xml_escape(&a.title),
        });
        let parent = Some(folder.as_str());
        for site in &s.architecture.sites {
            scene.points.push(czml_place(
                ids.id(&["site", &a.scenario, &site.name]),
                parent,
                &site.name,
                &format!(
                    "interceptor site: {} x {}",
                    site.inventory,
                    site.interceptor.id()
                ),
                &site.position,
                CZML_SITE_RGBA,
            ));
        }
        for radar in &s.architecture.radars {
            scene.points.push(czml_place(
                ids.id(&["radar", &a.scenario, &radar.id]),
                parent,
                &radar.id,
                &format!(
                    "radar, {:.0} km range against its reference RCS",
                    radar.max_range_m / 1000.0
                ),
                &radar.site,
                CZML_RADAR_RGBA,
            ));
        }
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
            let parts = [
                a.scenario.as_str(),
                &t.corridor,
                &t.launch,
                &t.aim,
                &t.missile,
                &t.shape,
            ];
            let track_id = ids.id(&[&["track"][..], &parts[..]].concat());
            scene.tracks.push(CzmlTrack {
                id: track_id,
                parent: parent.map(str::to_string),
                name: format!("{} {} -> {} ({})", t.missile, t.launch, t.aim, t.corridor),
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
                scene.points.push(czml_intercept(
                    ids.id(&[&["earliest-intercept"][..], &parts[..]].concat()),
                    parent,
                    format!("earliest intercept from {}", p.site),
                    p.t_s,
                    &p.position,
                ));
            }
        }
    }
    czml_text(&scene, "trajectories.czml")
}

/// The files `--out DIR` writes.
pub const OUTPUT_FILES: [&str; 5] = [
    "assessment.json",
    "corridors.csv",
    "trajectories.geojson",
    "intercepts.geojson",
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
    scenarios: &[Scenario],
    assessments: &[ScenarioAssessment],
) -> Result<Vec<String>, Error> {
    write_json_atomic(&dir.join("assessment.json"), out)?;
    write_atomic(&dir.join("corridors.csv"), corridors_csv(out).as_bytes())?;
    let (tracks, intercepts) = geojson(assessments);
    write_atomic(&dir.join("trajectories.geojson"), tracks.as_bytes())?;
    write_atomic(&dir.join("intercepts.geojson"), intercepts.as_bytes())?;
    let kml = kml(scenarios, assessments).map_err(crate::files::internal)?;
    write_atomic(&dir.join("trajectories.kml"), &kml)?;
    Ok(OUTPUT_FILES
        .iter()
        .map(|f| dir.join(f).display().to_string())
        .collect())
}

/// The names of a trajectory, first in the properties of its features.
fn names(p: Properties, scenario: &str, t: &TrajectoryRecord, index: usize) -> Properties {
    p.integer("trajectory", index as i64)
        .text("scenario", scenario)
        .text("corridor", &t.corridor)
        .text("launch", &t.launch)
        .text("aim", &t.aim)
        .text("missile", &t.missile)
        .text("shape", &t.shape)
}

/// The flat properties of an intercept, each name starting with `prefix`.
fn intercept_properties(p: Properties, prefix: &str, i: Option<&InterceptSummary>) -> Properties {
    let key = |k: &str| format!("{prefix}{k}");
    p.opt_number(&key("time_s"), i.map(|i| i.t_s))
        .opt_number(&key("lat_deg"), i.map(|i| i.position.lat_deg()))
        .opt_number(&key("lon_deg"), i.map(|i| i.position.lon_deg()))
        .opt_number(&key("alt_km"), i.map(|i| i.position.alt_m / 1000.0))
        .opt_number(&key("interceptor_launch_s"), i.map(|i| i.launch_s))
        .opt_number(&key("closing_speed_mps"), i.map(|i| i.closing_speed_mps))
        .opt_text(&key("site"), i.map(|i| i.site.as_str()))
}

/// The evaluated trajectories of the assessments, numbered from 1 in file order, with their flat properties: the
/// source of trajectories.geojson, intercepts.geojson and trajectories.kml.
fn evaluated(
    assessments: &[ScenarioAssessment],
) -> Vec<(&ScenarioAssessment, &TrajectoryRecord, usize, Properties)> {
    let mut out = Vec::new();
    let mut index = 0;
    for a in assessments {
        for t in &a.trajectories {
            let Outcome::Evaluated {
                engageable,
                reason,
                window_s,
                shots,
                earliest,
                latest,
                sites,
                impact_t_s,
            } = &t.outcome
            else {
                continue;
            };
            index += 1;
            let p = names(Properties::new(), &a.scenario, t, index)
                .boolean("engageable", *engageable)
                .text("reason", reason)
                .number("window_s", *window_s)
                .integer("shots", *shots as i64)
                .text("sites", &sites.join("; "))
                .opt_text("enabled_by", t.enabled_by.as_deref())
                .number("aim_weight", t.weight)
                .number("launch_lat_deg", t.launch_position.lat_deg())
                .number("launch_lon_deg", t.launch_position.lon_deg())
                .number("aim_lat_deg", t.aim_position.lat_deg())
                .number("aim_lon_deg", t.aim_position.lon_deg())
                .number("impact_time_s", *impact_t_s);
            let p = intercept_properties(p, "earliest_intercept_", earliest.as_ref());
            let p = intercept_properties(p, "latest_intercept_", latest.as_ref());
            out.push((a, t, index, p));
        }
    }
    out
}

/// A path of (lat °, lon °, alt km) as [lon °, lat °, alt m].
fn lon_lat_m(path: &[[f64; 3]]) -> Vec<[f64; 3]> {
    path.iter().map(|p| [p[1], p[0], p[2] * 1000.0]).collect()
}

/// trajectories.geojson (every evaluated threat path as a MultiLineString, split at the antimeridian, with its
/// verdict and intercepts as flat properties) and intercepts.geojson (the earliest and latest intercept of each
/// engageable trajectory as Points, `which` = `earliest` or `latest`, `trajectory` = the path's number).
fn geojson(assessments: &[ScenarioAssessment]) -> (String, String) {
    let mut tracks = Vec::new();
    let mut points = Vec::new();
    for (a, t, index, p) in evaluated(assessments) {
        tracks.push(geo::feature(geo::multi_line(&lon_lat_m(&t.path)), p));
        let Outcome::Evaluated {
            earliest, latest, ..
        } = &t.outcome
        else {
            continue;
        };
        for (which, i) in [("earliest", earliest), ("latest", latest)] {
            let Some(i) = i else { continue };
            let q = names(Properties::new(), &a.scenario, t, index).text("which", which);
            let q = intercept_properties(q, "intercept_", Some(i));
            points.push(geo::feature(
                geo::point(i.position.lon_deg(), i.position.lat_deg(), i.position.alt_m),
                q,
            ));
        }
    }
    (geo::collection_text(tracks), geo::collection_text(points))
}

/// Threat paths as KML (absolute altitudes, red when engageable, grey when not) with their earliest intercepts, and
/// the defence's sites and radars: one folder per scenario, every placemark with its values as ExtendedData.
fn kml(scenarios: &[Scenario], assessments: &[ScenarioAssessment]) -> std::io::Result<Vec<u8>> {
    use crate::export::{Kml, KmlGeometry, Placemark};
    let mut k = Kml::new(
        "shieldsim assessment",
        "Threat trajectories and their verdicts; red: engageable, grey: not. Altitudes above the WGS 84 ellipsoid.",
    )?;
    k.style("engageable", Some(("ff2828dc", 2.0)), None, None)?;
    k.style("not-engageable", Some(("dc969696", 1.0)), None, None)?;
    k.style("intercept", None, None, Some(("ff00c8ff", 0.6)))?;
    k.style("site", None, None, Some(("ffdc5a28", 0.8)))?;
    k.style("radar", None, None, Some(("ff50a01e", 0.8)))?;
    let all = evaluated(assessments);
    for (s, a) in scenarios.iter().zip(assessments) {
        k.open_folder(&a.scenario, Some(&a.title))?;
        k.open_folder("defence", Some("interceptor sites and radars"))?;
        for site in &s.architecture.sites {
            let data = [
                ("scenario", a.scenario.clone()),
                ("kind", "interceptor site".to_string()),
                ("interceptor", site.interceptor.id().to_string()),
                ("inventory", site.inventory.to_string()),
            ];
            k.placemark(&Placemark {
                name: &site.name,
                description: None,
                style: Some("site"),
                data: &data,
                geometry: KmlGeometry::Point {
                    position: [site.position.lon_deg(), site.position.lat_deg(), 0.0],
                    absolute: false,
                },
            })?;
        }
        for radar in &s.architecture.radars {
            let data = [
                ("scenario", a.scenario.clone()),
                ("kind", "radar".to_string()),
                ("max_range_km", (radar.max_range_m / 1000.0).to_string()),
                ("reference_rcs_m2", radar.reference_rcs_m2.to_string()),
            ];
            k.placemark(&Placemark {
                name: &radar.id,
                description: None,
                style: Some("radar"),
                data: &data,
                geometry: KmlGeometry::Point {
                    position: [radar.site.lon_deg(), radar.site.lat_deg(), 0.0],
                    absolute: false,
                },
            })?;
        }
        k.close_folder()?;
        for (_, t, _, p) in all.iter().filter(|(x, ..)| std::ptr::eq(*x, a)) {
            let Outcome::Evaluated {
                engageable,
                reason,
                earliest,
                ..
            } = &t.outcome
            else {
                continue;
            };
            let path = lon_lat_m(&t.path);
            let name = format!("{} {} → {} ({})", t.missile, t.launch, t.aim, t.corridor);
            k.placemark(&Placemark {
                name: &name,
                description: Some(reason),
                style: Some(if *engageable {
                    "engageable"
                } else {
                    "not-engageable"
                }),
                data: &p.text_pairs(),
                geometry: KmlGeometry::LineString {
                    positions: &path,
                    absolute: true,
                },
            })?;
            if let Some(i) = earliest {
                let name = format!("earliest intercept {:.0} s ({})", i.t_s, i.site);
                let q = intercept_properties(Properties::new(), "intercept_", Some(i));
                k.placemark(&Placemark {
                    name: &name,
                    description: None,
                    style: Some("intercept"),
                    data: &q.text_pairs(),
                    geometry: KmlGeometry::Point {
                        position: [i.position.lon_deg(), i.position.lat_deg(), i.position.alt_m],
                        absolute: true,
                    },
                })?;
            }
        }
        k.close_folder()?;
    }
    k.finish()
}

#[cfg(test)]
mod tests {
    #[test]
    fn notes_wrap_at_spaces() {
        assert_eq!(crate::output::wrap_words("aa bb cc  dd", 5), "aa bb\ncc dd");
        assert_eq!(
            crate::output::wrap_words("a verylongword b", 4),
            "a\nverylongword\nb"
        );
        assert_eq!(crate::output::wrap_words("", 10), "");
    }
}
