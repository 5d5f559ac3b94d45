//! `shieldsim assess`: every trajectory of every corridor of one or more scenarios against their architectures.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use shieldsim::analysis::{
    assess as assess_scenario, trajectory_count, AssessError, AssessOptions, CorridorAssessment,
    InterceptSummary, Outcome, ScenarioAssessment, TrajectoryCache,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::Scenario;

use crate::args::{AssessArgs, Format};
use crate::commands::{print_json, CliError};
use crate::output::table;

/// The JSON of `assess` (also `assessment.json`). Deterministic: the same input gives the same bytes (no timings).
#[derive(Debug, Serialize)]
struct AssessOut {
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

#[derive(Debug, Serialize)]
struct CorridorOut {
    scenario: String,
    corridor: String,
    trajectories: usize,
    engageable: usize,
    engageable_share: f64,
    median_window_s: f64,
    median_window_engageable_s: Option<f64>,
    min_window_s: Option<f64>,
    max_window_s: Option<f64>,
    median_shots: f64,
    lowest_earliest_intercept_alt_km: Option<f64>,
    median_earliest_intercept_alt_km: Option<f64>,
    out_of_range: usize,
    failed: usize,
    sites: Vec<String>,
}

fn corridor_out(scenario: &str, c: &CorridorAssessment) -> CorridorOut {
    CorridorOut {
        scenario: scenario.to_string(),
        corridor: c.corridor.clone(),
        trajectories: c.trajectories,
        engageable: c.engageable,
        engageable_share: c.engageable_share,
        median_window_s: c.median_window_s,
        median_window_engageable_s: c.median_window_engageable_s,
        min_window_s: c.window_range_s.map(|r| r[0]),
        max_window_s: c.window_range_s.map(|r| r[1]),
        median_shots: c.median_shots,
        lowest_earliest_intercept_alt_km: c.earliest_intercept_alt_km.map(|a| a[0]),
        median_earliest_intercept_alt_km: c.earliest_intercept_alt_km.map(|a| a[1]),
        out_of_range: c.out_of_range,
        failed: c.failed,
        sites: c.sites.clone(),
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

/// Runs `assess`: loads the named built-in scenarios or files (all built-in ones when none is named) and assesses
/// them.
pub fn assess(a: &AssessArgs) -> Result<(), CliError> {
    let scenarios: Vec<Scenario> = if a.scenarios.is_empty() {
        crate::scenarios::builtin_scenarios()?
    } else {
        a.scenarios
            .iter()
            .map(|s| crate::scenarios::load_scenario_arg(s))
            .collect::<Result<_, _>>()?
    };
    run_assessment(&scenarios, a)
}

/// Runs `assess` on already loaded scenarios.
pub fn run_assessment(scenarios: &[Scenario], a: &AssessArgs) -> Result<(), CliError> {
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = cancel.clone();
        // A second Ctrl-C while stopping ends the program at once (the default behaviour returns).
        let _ = ctrlc::set_handler(move || {
            if cancel.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }
    let total: usize = scenarios.iter().map(trajectory_count).sum();
    let bar = if a.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg:<24} [{bar:40}] {pos}/{len} trajectories, {elapsed} (eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let started = Instant::now();
    let interceptors = InterceptorCache::new();
    let trajectories = TrajectoryCache::new();
    let options = AssessOptions::default();
    let mut assessments = Vec::with_capacity(scenarios.len());
    for s in scenarios {
        bar.set_message(s.name.clone());
        let base = bar.position();
        let progress = |done: usize| bar.set_position(base + done as u64);
        match assess_scenario(
            s,
            &interceptors,
            &trajectories,
            &options,
            &progress,
            &cancel,
        ) {
            Ok(r) => assessments.push(r),
            Err(e) => {
                let cancelled = matches!(e, AssessError::Cancelled);
                return Err(stopped(&bar, cancelled, &e));
            }
        }
    }
    bar.finish_and_clear();
    let out = AssessOut {
        results: assessments
            .iter()
            .flat_map(|s| s.corridors.iter().map(|c| corridor_out(&s.scenario, c)))
            .collect(),
        scenarios: scenarios.iter().map(scenario_out).collect(),
    };
    let elapsed_s = started.elapsed().as_secs_f64();
    let mut files = Vec::new();
    if let Some(dir) = &a.out {
        files = write_outputs(dir, &out, &assessments)?;
        files.extend(write_figures(dir, scenarios, &assessments, &interceptors)?);
    }
    match a.format {
        Format::Json => print_json(&out)?,
        Format::Csv => print!("{}", corridors_csv(&out)),
        Format::Table => print_table(&out, scenarios, elapsed_s),
    }
    if !files.is_empty() {
        eprintln!("wrote {}", files.join(", "));
    }
    Ok(())
}

/// Writes trajectories.czml, a map per scenario (`map-NAME.png`, `map-NAME.svg`) and report.html.
fn write_figures(
    dir: &Path,
    scenarios: &[Scenario],
    assessments: &[ScenarioAssessment],
    interceptors: &InterceptorCache,
) -> Result<Vec<String>, CliError> {
    let mut files = Vec::new();
    let czml = trajectories_czml(assessments)?;
    let path = dir.join("trajectories.czml");
    write_atomic(&path, czml.as_bytes())?;
    files.push(path.display().to_string());
    let mut svgs = Vec::with_capacity(scenarios.len());
    for (s, a) in scenarios.iter().zip(assessments) {
        let arch =
            shieldsim::analysis::build_architecture(s, interceptors).map_err(|e| CliError {
                code: 2,
                message: e.to_string(),
            })?;
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
        let spec = crate::figures::scenario_map(s, &arch, tracks, intercepts, launches);
        let stem = format!("map-{}", s.name);
        files.extend(crate::figures::write_map(dir, &stem, &spec)?);
        let svg =
            std::fs::read_to_string(dir.join(format!("{stem}.svg"))).map_err(|e| CliError {
                code: 1,
                message: format!("cannot read back {stem}.svg: {e}"),
            })?;
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
fn trajectories_czml(assessments: &[ScenarioAssessment]) -> Result<String, CliError> {
    use crate::output::{czml_intercept, czml_text, czml_track_rgba};
    use shieldsim::export::CzmlTrack;
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

fn corridors_csv(o: &AssessOut) -> String {
    let mut s = String::from("scenario,corridor,trajectories,engageable,engageable_share,median_window_s,median_window_engageable_s,min_window_s,max_window_s,median_shots,lowest_earliest_intercept_alt_km,median_earliest_intercept_alt_km,out_of_range,failed,sites\n");
    let opt = |v: Option<f64>| v.map_or(String::new(), |x| format!("{x:.3}"));
    for r in &o.results {
        s.push_str(&format!(
            "{},{},{},{},{:.6},{:.3},{},{},{},{},{},{},{},{},{}\n",
            r.scenario,
            r.corridor,
            r.trajectories,
            r.engageable,
            r.engageable_share,
            r.median_window_s,
            opt(r.median_window_engageable_s),
            opt(r.min_window_s),
            opt(r.max_window_s),
            r.median_shots,
            opt(r.lowest_earliest_intercept_alt_km),
            opt(r.median_earliest_intercept_alt_km),
            r.out_of_range,
            r.failed,
            r.sites.join(";")
        ));
    }
    s
}

fn print_table(o: &AssessOut, scenarios: &[Scenario], elapsed_s: f64) {
    let mut rows = vec![vec![
        "scenario".to_string(),
        "corridor".into(),
        "trajectories".into(),
        "engageable".into(),
        "median window (s)".into(),
        "window range (s)".into(),
        "median shots".into(),
        "first intercept alt (km)".into(),
        "sites engaging".into(),
    ]];
    for r in &o.results {
        rows.push(vec![
            r.scenario.clone(),
            r.corridor.clone(),
            if r.out_of_range > 0 || r.failed > 0 {
                format!(
                    "{} (+{} out of range{})",
                    r.trajectories,
                    r.out_of_range,
                    if r.failed > 0 {
                        format!(", {} failed", r.failed)
                    } else {
                        String::new()
                    }
                )
            } else {
                r.trajectories.to_string()
            },
            format!("{:.0} %", 100.0 * r.engageable_share),
            format!("{:.0}", r.median_window_s),
            match (r.min_window_s, r.max_window_s) {
                (Some(a), Some(b)) => format!("{a:.0}–{b:.0}"),
                _ => "-".into(),
            },
            format!("{}", r.median_shots),
            match (
                r.lowest_earliest_intercept_alt_km,
                r.median_earliest_intercept_alt_km,
            ) {
                (Some(lo), Some(med)) => format!("{lo:.0} (median {med:.0})"),
                _ => "-".into(),
            },
            if r.sites.is_empty() {
                "-".into()
            } else {
                r.sites.join(", ")
            },
        ]);
    }
    print!("{}", table(&rows));
    println!();
    for s in scenarios {
        println!("{}: {}", s.name, s.title);
    }
    println!(
        "\nWhich trajectories can each defence engage, over its threat corridors (launch points x aim points x missiles x\n\
         shapes; pairs beyond a missile's reach are not counted). Window: the time during which an intercept is possible\n\
         (median over all evaluated trajectories, 0 when not engageable; range over the engageable ones). Shots:\n\
         shoot-look-shoot opportunities. Models: point-mass kinematics at the fidelity of the open literature; every\n\
         parameter sourced or generic (`shieldsim scenarios show NAME`). {} trajectories in {:.1} s.",
        o.results.iter().map(|r| r.trajectories).sum::<usize>(),
        elapsed_s
    );
}

/// The error of long work that stopped, its progress bar left as it was: exit 130 and nothing written after Ctrl-C
/// (`cancelled`), exit 2 with the reason otherwise.
pub(crate) fn stopped(
    bar: &ProgressBar,
    cancelled: bool,
    reason: &dyn std::fmt::Display,
) -> CliError {
    bar.abandon();
    if cancelled {
        CliError {
            code: 130,
            message: "interrupted: nothing was written".into(),
        }
    } else {
        CliError {
            code: 2,
            message: reason.to_string(),
        }
    }
}

/// Creates the `--out` directory (and its parents).
pub(crate) fn create_out_dir(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|e| CliError {
        code: 2,
        message: format!(
            "--out = {}: cannot create the directory: {e}",
            dir.display()
        ),
    })
}

/// Writes `value` as pretty JSON (with a final newline) to `path`, atomically.
pub(crate) fn write_json_atomic(path: &Path, value: &impl Serialize) -> Result<(), CliError> {
    let json = serde_json::to_string_pretty(value).map_err(|e| CliError {
        code: 1,
        message: format!("cannot serialise {}: {e}", path.display()),
    })?;
    write_atomic(path, (json + "\n").as_bytes())
}

/// Writes `path` atomically: a temporary file in the same directory, then a rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    write_atomic_with(path, |w| std::io::Write::write_all(w, bytes))
}

/// Writes `path` atomically through a buffered writer (for large files that need not be held in memory): a
/// temporary file in the same directory, then a rename; the temporary file is removed on failure.
pub(crate) fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), CliError> {
    use std::io::Write;
    let fail = |e: std::io::Error| CliError {
        code: 1,
        message: format!("cannot write {}: {e}", path.display()),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        write(&mut w)?;
        w.flush()
    });
    result
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(e)
        })
}

fn write_outputs(
    dir: &Path,
    out: &AssessOut,
    assessments: &[ScenarioAssessment],
) -> Result<Vec<String>, CliError> {
    create_out_dir(dir)?;
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
                    "window_s": window_s, "shots": shots, "sites": sites, "impact_s": impact_t_s,
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

pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
                earliest,
                ..
            } = &t.outcome
            else {
                continue;
            };
            let coords: Vec<String> = t
                .path
                .iter()
                .map(|p| format!("{:.6},{:.6},{:.0}", p[1], p[0], p[2] * 1000.0))
                .collect();
            s.push_str(&format!(
                "<Placemark><name>{} {} → {} ({})</name><description>{}</description><styleUrl>#{}</styleUrl><LineString><altitudeMode>absolute</altitudeMode><coordinates>{}</coordinates></LineString></Placemark>\n",
                xml_escape(&t.missile),
                xml_escape(&t.launch),
                xml_escape(&t.aim),
                xml_escape(&t.corridor),
                xml_escape(reason),
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
