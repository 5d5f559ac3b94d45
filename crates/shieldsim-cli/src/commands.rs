//! The commands: turn flags into engine calls and results into text.

use crate::errors::{bad, CliError};
use crate::inputs::{describe_model, earth_model, model_out, parse_lat_lon, trajectory_shape};
use shieldsim::catalog::{Catalog, NominalPerformance};
use shieldsim::earth::Geodetic;
use shieldsim::flight::dop853::Tolerances;
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::LaunchState;

use crate::args::{
    BallisticArgs, CatalogArgs, CatalogKind, Cli, Command, Format, Switch, TrajectoryArgs,
};
use crate::output::*;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Some(Command::Ballistic(a)) => ballistic(&a),
        Some(Command::Trajectory(a)) => trajectory(&a),
        Some(Command::Catalog(a)) => catalog(&a),
        Some(Command::Scenarios(a)) => crate::scenarios::scenarios(&a),
        Some(Command::Engage(a)) => crate::engage::engage(&a),
        Some(Command::Assess(a)) => crate::assess::assess(&a),
        Some(Command::Footprint(a)) => crate::footprint::footprint(&a),
        Some(Command::Sweep(a)) => crate::sweep::sweep(&a),
        Some(Command::Limits(a)) => crate::limits::limits(&a),
        Some(Command::Raid(a)) => crate::raid::raid_command(&a),
        Some(Command::Completions(a)) => crate::install::completions(&a),
        Some(Command::Man(a)) => crate::install::man(&a),
        Some(Command::Run(r)) => crate::assess::assess(&crate::args::AssessArgs {
            scenarios: vec![r.file],
            format: r.format,
            out: r.out,
            quiet: r.quiet,
            monte_carlo: None,
            seed: 1,
            uncertain: Vec::new(),
        }),
        None => {
            println!("shieldsim: the default assessment, every built-in architecture of the 2007-2013 European missile-defence\ndispute against its threat corridors (run `shieldsim --help` for the commands)\n");
            crate::assess::assess(&crate::args::AssessArgs {
                scenarios: Vec::new(),
                format: Format::Table,
                out: None,
                quiet: false,
                monte_carlo: None,
                seed: 1,
                uncertain: Vec::new(),
            })
        }
    }
}

/// Evenly spaced times from 0 to `t_end` inclusive.
/// Most path samples `--samples` may ask for: one per 0.03 s of the longest (about 50-minute) flight, about 10 MB of
/// output; more is no use to anyone and could exhaust memory.
pub const MAX_SAMPLES: usize = 100_000;

/// Refuses a `--samples` above [`MAX_SAMPLES`] before anything is computed.
fn check_samples(n: usize) -> Result<(), CliError> {
    if n > MAX_SAMPLES {
        return Err(bad(
            "--samples",
            &n.to_string(),
            &format!(
                "at most {MAX_SAMPLES} evenly spaced path samples (hint: a few hundred draw any trajectory; use \
                 `shieldsim engage --out DIR` or the Rust API for dense paths)"
            ),
        ));
    }
    Ok(())
}

fn sample_times(n: usize, t_end: f64) -> Vec<f64> {
    match n {
        0 => vec![],
        1 => vec![t_end],
        _ => (0..n).map(|i| t_end * i as f64 / (n - 1) as f64).collect(),
    }
}

fn ballistic(a: &BallisticArgs) -> Result<(), CliError> {
    check_samples(a.samples)?;
    let earth = earth_model(&a.earth);
    let state = LaunchState {
        position: Geodetic::from_degrees(a.lat, a.lon, a.alt_km * 1000.0),
        speed_mps: a.speed_mps,
        azimuth_rad: a.azimuth_deg.to_radians(),
        flight_path_rad: a.flight_path_deg.to_radians(),
    };
    state.validate(&earth)?;
    let beta = match (a.drag, a.beta_kg_m2) {
        (Switch::On, Some(b)) => Some(b),
        (Switch::On, None) => {
            return Err(bad(
                "--drag",
                "on",
                "drag needs the body's ballistic coefficient: add --beta-kg-m2 X (e.g. 5000)",
            ))
        }
        (Switch::Off, _) => None,
    };
    if !(a.rtol.is_finite() && a.rtol > 0.0 && a.rtol < 1e-3) {
        return Err(bad(
            "--rtol",
            &a.rtol.to_string(),
            "the relative tolerance must lie in (0, 1e-3)",
        ));
    }
    let options = FlightOptions {
        beta_kg_m2: beta,
        tolerances: Tolerances {
            rtol: a.rtol,
            ..free_flight::default_tolerances()
        },
        ..FlightOptions::default()
    };
    let (r, v) = state.to_inertial(&earth, 0.0);
    let first = free_flight::fly(&earth, 0.0, r, v, &options, &[])?;
    let times = sample_times(a.samples, first.impact_t_s);
    let flight = free_flight::fly(&earth, 0.0, r, v, &options, &times)?;
    let out = BallisticOut {
        flight: FlightSummaryOut::new(&earth, &state.position, &flight),
        model: model_out(&a.earth, beta.is_some()),
        samples: flight
            .samples
            .iter()
            .map(|s| SampleOut::from_sample(&earth, s))
            .collect(),
    };
    match a.format {
        Format::Json => print_json(&out)?,
        Format::Csv => print!("{}", samples_csv(&out.samples)),
        Format::Table => {
            print!(
                "{}",
                summary(&[
                    (
                        "impact",
                        format!(
                            "{:.4}°N {:.4}°E",
                            out.flight.impact.lat_deg, out.flight.impact.lon_deg
                        )
                    ),
                    (
                        "flight time",
                        format!(
                            "{:.1} s ({:.1} min)",
                            out.flight.flight_time_s,
                            out.flight.flight_time_s / 60.0
                        )
                    ),
                    (
                        "ground range",
                        format!("{:.1} km", out.flight.ground_range_km)
                    ),
                    (
                        "apogee",
                        format!(
                            "{:.1} km at {:.1} s",
                            out.flight.apogee_alt_km, out.flight.apogee_time_s
                        )
                    ),
                    (
                        "impact speed",
                        format!(
                            "{:.0} m/s, {:.1}° below horizontal",
                            out.flight.impact_speed_mps, out.flight.impact_angle_deg
                        )
                    ),
                    ("model", describe_model(&out.model)),
                ])
            );
            print_samples_table(&out.samples);
        }
    }
    Ok(())
}

fn print_samples_table(samples: &[SampleOut]) {
    if samples.is_empty() {
        return;
    }
    let mut rows = vec![vec![
        "t (s)".to_string(),
        "lat (°N)".into(),
        "lon (°E)".into(),
        "alt (km)".into(),
        "speed (m/s)".into(),
    ]];
    for s in samples {
        rows.push(vec![
            format!("{:.1}", s.t_s),
            format!("{:.4}", s.lat_deg),
            format!("{:.4}", s.lon_deg),
            format!("{:.2}", s.alt_km),
            format!("{:.1}", s.speed_mps),
        ]);
    }
    println!();
    print!("{}", table(&rows));
}

fn trajectory(a: &TrajectoryArgs) -> Result<(), CliError> {
    check_samples(a.samples)?;
    let earth = earth_model(&a.earth);
    let launch = parse_lat_lon("--from", &a.from)?;
    let aim = parse_lat_lon("--to", &a.to)?;
    let catalog = Catalog::builtin()?;
    let entry = catalog.missile(&a.missile).map_err(|e| CliError {
        code: 2,
        message: format!("--missile: {e}"),
    })?;
    let missile = entry.to_missile()?;
    let (shape, shape_name) = trajectory_shape(&a.shape)?;
    let targeter = Targeter::new(earth, &missile, a.drag.on());
    let sol = targeter.solve(&launch, &aim, shape, None)?;
    let times = sample_times(a.samples, sol.flight.impact_t_s);
    let sampled = targeter.fly(&launch, &sol.controls, &times)?;
    let mut samples: Vec<SampleOut> = sampled
        .boost_samples
        .iter()
        .map(|s| SampleOut::from_sample(&earth, s))
        .collect();
    samples.extend(
        sampled
            .flight
            .samples
            .iter()
            .map(|s| SampleOut::from_sample(&earth, s)),
    );
    let out = TrajectoryOut {
        missile: entry.id.clone(),
        shape: shape_name,
        launch: LatLon {
            lat_deg: launch.lat_deg(),
            lon_deg: launch.lon_deg(),
        },
        aim: LatLon {
            lat_deg: aim.lat_deg(),
            lon_deg: aim.lon_deg(),
        },
        flight: FlightSummaryOut::new(&earth, &launch, &sol.flight),
        miss_km: sol.miss_m / 1000.0,
        burnout: StateOut::new(sol.burnout.t_s, &sol.burnout_state),
        controls: ControlsOut {
            azimuth_deg: sol.controls.azimuth_rad.to_degrees().rem_euclid(360.0),
            pitch_kick_deg: sol.controls.pitch_kick_rad.to_degrees(),
            cutoff_s: sol.controls.cutoff_s,
        },
        targeting_iterations: sol.iterations,
        targeting_simulations: sol.simulations,
        model: model_out(&a.earth, a.drag.on()),
        samples,
    };
    match a.format {
        Format::Json => print_json(&out)?,
        Format::Csv => print!("{}", samples_csv(&out.samples)),
        Format::Table => {
            let b = &out.burnout;
            print!(
                "{}",
                summary(&[
                    ("missile", format!("{} ({})", entry.name, entry.id)),
                    ("shape", out.shape.to_string()),
                    ("launch", format!("{:.4}°N {:.4}°E", out.launch.lat_deg, out.launch.lon_deg)),
                    ("aim", format!("{:.4}°N {:.4}°E", out.aim.lat_deg, out.aim.lon_deg)),
                    ("impact", format!("{:.4}°N {:.4}°E (miss {:.3} km)", out.flight.impact.lat_deg, out.flight.impact.lon_deg, out.miss_km)),
                    ("ground range", format!("{:.1} km", out.flight.ground_range_km)),
                    ("flight time", format!("{:.1} s ({:.1} min)", out.flight.flight_time_s, out.flight.flight_time_s / 60.0)),
                    ("apogee", format!("{:.1} km at {:.1} s", out.flight.apogee_alt_km, out.flight.apogee_time_s)),
                    (
                        "burnout",
                        format!(
                            "t {:.1} s, alt {:.1} km, speed {:.0} m/s, azimuth {:.2}°, flight path {:.2}°",
                            b.time_s, b.alt_km, b.speed_mps, b.azimuth_deg, b.flight_path_deg
                        )
                    ),
                    ("impact speed", format!("{:.0} m/s, {:.1}° below horizontal", out.flight.impact_speed_mps, out.flight.impact_angle_deg)),
                    (
                        "boost controls",
                        format!(
                            "azimuth {:.3}°, pitch kick {:.3}°, cut-off {:.2} s",
                            out.controls.azimuth_deg, out.controls.pitch_kick_deg, out.controls.cutoff_s
                        )
                    ),
                    ("model", describe_model(&out.model)),
                ])
            );
            print_samples_table(&out.samples);
        }
    }
    Ok(())
}

fn catalog(a: &CatalogArgs) -> Result<(), CliError> {
    match a.kind {
        CatalogKind::Missiles => {}
        CatalogKind::Interceptors => return crate::catalog::interceptors(a.format),
        CatalogKind::Radars => return crate::catalog::radars(a.format),
    }
    let catalog = Catalog::builtin()?;
    let mut rows = Vec::new();
    for e in &catalog.missiles {
        let m = e.to_missile()?;
        let nominal = NominalPerformance::of(&m)?;
        let range = nominal.max_range_m;
        rows.push(MissileOut {
            id: e.id.clone(),
            name: e.name.clone(),
            class: e.class.clone(),
            propellant: e.propellant.clone(),
            stages: m.stages.len(),
            launch_mass_kg: m.launch_mass_kg(),
            payload_mass_kg: m.payload.mass_kg,
            burnout_speed_mps: nominal.burnout_speed_mps,
            burnout_time_s: nominal.burnout_time_s,
            max_range_km: range / 1000.0,
            published_max_range_km: e.published_max_range_km,
            range_error_pct: 100.0 * (range / 1000.0 - e.published_max_range_km)
                / e.published_max_range_km,
            sources: e.sources.clone(),
        });
    }
    match a.format {
        Format::Json => print_json(&serde_json::json!({ "missiles": rows }))?,
        Format::Csv => {
            println!("id,class,propellant,stages,launch_mass_kg,payload_mass_kg,burnout_speed_mps,burnout_time_s,max_range_km,published_max_range_km,sources");
            for r in &rows {
                println!(
                    "{},{},{},{},{:.0},{:.0},{:.0},{:.1},{:.0},{:.0},\"{}\"",
                    r.id,
                    r.class,
                    r.propellant,
                    r.stages,
                    r.launch_mass_kg,
                    r.payload_mass_kg,
                    r.burnout_speed_mps,
                    r.burnout_time_s,
                    r.max_range_km,
                    r.published_max_range_km,
                    r.sources.join("; ").replace('"', "'")
                );
            }
        }
        Format::Table => {
            let mut t = vec![vec![
                "id".to_string(),
                "class".into(),
                "propellant".into(),
                "stages".into(),
                "launch mass (t)".into(),
                "burnout speed (m/s)".into(),
                "max range (km)".into(),
                "published (km)".into(),
            ]];
            for r in &rows {
                t.push(vec![
                    r.id.clone(),
                    r.class.clone(),
                    r.propellant.clone(),
                    r.stages.to_string(),
                    format!("{:.1}", r.launch_mass_kg / 1000.0),
                    format!("{:.0}", r.burnout_speed_mps),
                    format!("{:.0}", r.max_range_km),
                    format!("{:.0}", r.published_max_range_km),
                ]);
            }
            print!("{}", table(&t));
            println!("\nMaximum range: computed by shieldsim on a non-rotating WGS 84 Earth with J2 and drag, launched due north from the equator.\nSources: `shieldsim catalog missiles --format json`.");
        }
    }
    Ok(())
}
