//! Scenarios in: a built-in name, a file path or TOML text ([`load_scenario_arg`], [`load_scenario_text`]); the
//! built-in list and one scenario's description as text, JSON or CSV ([`list`], [`show`], [`export`]).

use std::path::Path;

use serde::Serialize;
use shieldsim::analysis::trajectory_count;
use shieldsim::catalog::nearest;
use shieldsim::earth::GravityModel;
use shieldsim::earth::Shape as EarthShape;
use shieldsim::scenario::{
    builtin_names, builtin_toml, load_builtin, parse_scenario_bytes, LoadedScenario, Scenario,
    BUILTIN_SCENARIOS,
};

use crate::error::{io_reason, Error};
use crate::output::{csv_record, json_text, summary, table, Format};

/// The scenario named by a command-line argument: a built-in scenario's name, else the path of a scenario file.
/// Exit code 2 (with every diagnostic of a bad file, or the nearest built-in name) for bad input.
pub fn load_scenario_arg(arg: &str) -> Result<Scenario, Error> {
    load_scenario_arg_full(arg).map(|l| l.scenario)
}

/// [`load_scenario_arg`], keeping the file's radar types and trajectory limit.
pub fn load_scenario_arg_full(arg: &str) -> Result<LoadedScenario, Error> {
    if let Some(loaded) = load_builtin(arg) {
        return loaded.map_err(|e| {
            Error::internal(format!(
                "the built-in scenario {arg} does not load (a bug of shieldsim): {e}"
            ))
        });
    }
    let path = Path::new(arg);
    let is_path = arg.ends_with(".toml")
        || arg.contains('/')
        || arg.contains(std::path::MAIN_SEPARATOR)
        // A symbolic link counts even when it leads nowhere or round in a loop: it is a file the user meant.
        || std::fs::symlink_metadata(path).is_ok();
    if !is_path {
        return Err(unknown_scenario(arg, true));
    }
    check_scenario_file(path, arg)?;
    let bytes = std::fs::read(path).map_err(|e| cannot_read(path, arg, &e))?;
    parse_scenario_bytes(&bytes, arg).map_err(|e| Error::input(e.to_string()))
}

/// A built-in scenario by name only, never a file (for front ends that must not read paths from their requests:
/// the web viewer). Exit code 2 with the nearest built-in name for an unknown one.
pub fn load_builtin_scenario(name: &str) -> Result<LoadedScenario, Error> {
    match load_builtin(name) {
        Some(loaded) => loaded.map_err(|e| {
            Error::internal(format!(
                "the built-in scenario {name} does not load (a bug of shieldsim): {e}"
            ))
        }),
        None => Err(unknown_scenario(name, false)),
    }
}

/// Largest scenario file read, bytes: the largest built-in scenario is about 40 kB; a hand-written file with a
/// thousand aims stays far below this.
pub const MAX_SCENARIO_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Refuses what is not a regular file (a FIFO would block forever, a device never end) or is larger than
/// [`MAX_SCENARIO_FILE_BYTES`], before reading it.
fn check_scenario_file(path: &Path, arg: &str) -> Result<(), Error> {
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(path, arg, &e))?;
    if !meta.is_file() {
        return Err(Error::input(format!( "{arg} is not a regular file (a directory, device, pipe or socket): a scenario must be a TOML file \
(hint: `shieldsim scenarios export NAME > mine.toml` writes one to start from)" )));
    }
    if meta.len() > MAX_SCENARIO_FILE_BYTES {
        return Err(Error::input(format!( "the scenario file {arg} has {} bytes, more than the {} MB a scenario may have (hint: describe many \
points with polygon_deg or grid areas instead of listing them)", meta.len(), MAX_SCENARIO_FILE_BYTES / (1024 * 1024) )));
    }
    Ok(())
}

/// "cannot read FILE: why", naming where a symbolic link leads when the file behind it is missing.
fn cannot_read(path: &Path, arg: &str, e: &std::io::Error) -> Error {
    let why = match std::fs::read_link(path) {
        Ok(to) if e.kind() == std::io::ErrorKind::NotFound => format!(
            "it is a symbolic link to {}, which does not exist",
            to.display()
        ),
        _ => io_reason(e),
    };
    Error::input(format!(
        "cannot read {arg}: {why} (hint: give the path of a scenario file, or a built-in name from `shieldsim scenarios list`)"
    ))
}

/// Every built-in scenario, loaded (a failure is a bug: exit code 1).
pub fn builtin_scenarios() -> Result<Vec<Scenario>, Error> {
    shieldsim::scenario::builtin_scenarios()
        .map(|v| v.into_iter().map(|l| l.scenario).collect())
        .map_err(|e| {
            Error::internal(format!(
                "a built-in scenario does not load (a bug of shieldsim): {e}"
            ))
        })
}

fn unknown_scenario(name: &str, files_too: bool) -> Error {
    let names = builtin_names();
    let hint = nearest(name, &names)
        .map(|n| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    Error::input(format!(
        "unknown scenario `{name}`: {hint}the built-in scenarios are {}{}",
        names.join(", "),
        if files_too {
            " (or give the path of a scenario file, such as my-scenario.toml)"
        } else {
            ""
        }
    ))
}

/// One row of `scenarios list`.
#[derive(Debug, Serialize)]
struct ScenarioRow {
    name: String,
    title: String,
    corridors: Vec<String>,
    trajectories: usize,
    sites: Vec<String>,
    radars: Vec<String>,
}

/// The built-in scenarios as a table, JSON (`{"scenarios": [...]}`) or CSV.
pub fn list(format: Format) -> Result<String, Error> {
    let mut out = String::new();
    let rows: Vec<ScenarioRow> = builtin_scenarios()?
        .iter()
        .map(|s| ScenarioRow {
            name: s.name.clone(),
            title: s.title.clone(),
            corridors: s.corridors.iter().map(|c| c.name.clone()).collect(),
            trajectories: trajectory_count(s),
            sites: s
                .architecture
                .sites
                .iter()
                .map(|x| x.name.clone())
                .collect(),
            radars: s.architecture.radars.iter().map(|r| r.id.clone()).collect(),
        })
        .collect();
    debug_assert_eq!(rows.len(), BUILTIN_SCENARIOS.len());
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out {
                scenarios: Vec<ScenarioRow>,
            }
            json_text(&Out { scenarios: rows })
        }
        Format::Csv => {
            let mut csv = csv_record(&[
                "name",
                "corridors",
                "trajectories",
                "sites",
                "radars",
                "title",
            ]);
            for r in &rows {
                csv.push_str(&csv_record(&[
                    r.name.clone(),
                    r.corridors.len().to_string(),
                    r.trajectories.to_string(),
                    r.sites.len().to_string(),
                    r.radars.len().to_string(),
                    r.title.clone(),
                ]));
            }
            Ok(csv)
        }
        Format::Table => {
            let mut t = vec![vec![
                "name".to_string(),
                "corridors".into(),
                "trajectories".into(),
                "sites".into(),
                "radars".into(),
                "title".into(),
            ]];
            for r in &rows {
                t.push(vec![
                    r.name.clone(),
                    r.corridors.len().to_string(),
                    r.trajectories.to_string(),
                    r.sites.len().to_string(),
                    r.radars.len().to_string(),
                    r.title.clone(),
                ]);
            }
            say!(out, "{}", table(&t));
            sayln!(out, "\nshieldsim scenarios show NAME for details; shieldsim scenarios export NAME > my.toml for a file to edit.");
            Ok(out)
        }
    }
}

/// A scenario described as text: model, rules, radars, sites, corridors, uncertain parameters and sources.
pub fn show(l: &LoadedScenario) -> String {
    let mut out = String::new();
    let s = &l.scenario;
    let a = &s.architecture;
    sayln!(out, "{}: {}", s.name, s.title);
    if !s.description.trim().is_empty() {
        sayln!(out, "\n{}", s.description.trim_end());
    }
    let e = &s.model.earth;
    sayln!(out);
    say!(
        out,
        "{}",
        summary(&[
            (
                "model",
                format!(
                    "{}, {}, {} gravity, drag {}",
                    match e.shape {
                        EarthShape::Wgs84 => "WGS 84",
                        EarthShape::Sphere => "sphere",
                    },
                    if e.rotation {
                        "rotating"
                    } else {
                        "not rotating"
                    },
                    match e.gravity {
                        GravityModel::J2 => "J2",
                        GravityModel::PointMass => "point-mass",
                    },
                    if s.model.drag { "on" } else { "off" },
                ),
            ),
            (
                "decision delay",
                format!("{} s after a fire-control track", a.decision_delay_s),
            ),
            (
                "links",
                if a.links.is_empty() {
                    "none (each site launches on its own fire-control radar)".to_string()
                } else {
                    a.links
                        .iter()
                        .map(|l| {
                            let sensors: Vec<&str> = l
                                .link
                                .sensors
                                .iter()
                                .map(|&k| a.radars[k].id.as_str())
                                .collect();
                            let sites: Vec<&str> = l
                                .link
                                .sites
                                .iter()
                                .map(|&i| a.sites[i].name.as_str())
                                .collect();
                            format!(
                                "{} ({}): {} -> {}",
                                l.link.name,
                                l.link.kind.name(),
                                sensors.join(", "),
                                sites.join(", ")
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                },
            ),
            (
                "early warning",
                a.early_warning.map_or("none".to_string(), |w| {
                    format!("cue {} s after lift-off", w.detection_delay_s)
                }),
            ),
            (
                "trajectory limit",
                format!("{} per corridor", l.max_trajectories_per_corridor),
            ),
        ])
    );

    sayln!(out, "\nRadars ({})", a.radars.len());
    if !a.radars.is_empty() {
        let mut t = vec![vec![
            "name".to_string(),
            "type".into(),
            "lat_deg".into(),
            "lon_deg".into(),
            "alt_m".into(),
            "boresight_deg".into(),
            "half_width_deg".into(),
            "range_km (at RCS m2)".into(),
            "role".into(),
        ]];
        for ((r, kind), role) in a.radars.iter().zip(&l.radar_types).zip(&a.roles) {
            t.push(vec![
                r.id.clone(),
                kind.clone(),
                format!("{:.4}", r.site.lat_deg()),
                format!("{:.4}", r.site.lon_deg()),
                format!("{:.0}", r.site.alt_m),
                format!(
                    "{:.1}",
                    r.boresight_azimuth_rad.to_degrees().rem_euclid(360.0)
                ),
                format!("{:.0}", r.half_width_rad.to_degrees()),
                format!("{:.0} ({})", r.max_range_m / 1000.0, r.reference_rcs_m2),
                role.name().to_string(),
            ]);
        }
        say!(out, "{}", table(&t));
    }

    sayln!(out, "\nInterceptor sites ({})", a.sites.len());
    let mut t = vec![vec![
        "name".to_string(),
        "interceptor".into(),
        "lat_deg".into(),
        "lon_deg".into(),
        "inventory".into(),
        "launch rule".into(),
    ]];
    for x in &a.sites {
        t.push(vec![
            x.name.clone(),
            x.interceptor.id().to_string(),
            format!("{:.4}", x.position.lat_deg()),
            format!("{:.4}", x.position.lon_deg()),
            x.inventory.to_string(),
            x.launch_rule.describe(),
        ]);
    }
    say!(out, "{}", table(&t));

    sayln!(out, "\nCorridors ({})", s.corridors.len());
    let mut t = vec![vec![
        "name".to_string(),
        "launch points".into(),
        "aim points".into(),
        "missiles".into(),
        "shapes".into(),
        "trajectories".into(),
    ]];
    for c in &s.corridors {
        t.push(vec![
            c.name.clone(),
            c.launches.len().to_string(),
            c.aims.len().to_string(),
            c.missiles
                .iter()
                .map(|m| m.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            c.shapes
                .iter()
                .map(|x| x.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            c.trajectory_count().to_string(),
        ]);
    }
    say!(out, "{}", table(&t));

    if !l.uncertainties.is_empty() {
        sayln!(
            out,
            "\nUncertain parameters ({}; for `assess --monte-carlo N`)",
            l.uncertainties.len()
        );
        for u in &l.uncertainties {
            sayln!(
                out,
                "  - {} ({}): {}; source: {}",
                u.param.path,
                u.param.path.unit(),
                u.param.dist,
                u.param.source
            );
        }
    }

    sayln!(out, "\nSources");
    for src in &s.sources {
        sayln!(out, "  - {src}");
    }
    out
}

/// The TOML text of the built-in scenario `name` (to start a file from).
pub fn export(name: &str) -> Result<&'static str, Error> {
    builtin_toml(name).ok_or_else(|| unknown_scenario(name, false))
}

/// A scenario from TOML text; `origin` names it in diagnostics (e.g. "<text>" or a file name).
pub fn load_scenario_text(text: &str, origin: &str) -> Result<LoadedScenario, Error> {
    if text.len() as u64 > MAX_SCENARIO_FILE_BYTES {
        return Err(Error::input(format!(
            "the scenario {origin} has {} bytes, more than the {} MB a scenario may have",
            text.len(),
            MAX_SCENARIO_FILE_BYTES / (1024 * 1024)
        )));
    }
    parse_scenario_bytes(text.as_bytes(), origin).map_err(|e| Error::input(e.to_string()))
}

/// The named scenarios (built-in names or files), or every built-in one when `names` is empty.
pub fn load_scenarios(names: &[String]) -> Result<Vec<Scenario>, Error> {
    if names.is_empty() {
        builtin_scenarios()
    } else {
        names.iter().map(|s| load_scenario_arg(s)).collect()
    }
}
