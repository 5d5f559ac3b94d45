//! `ballistic` and `trajectory`: one free flight from a given state, or one targeted missile flight.

use shieldsim::catalog::Catalog;
use shieldsim::earth::Geodetic;
use shieldsim::flight::dop853::Tolerances;
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::LaunchState;

use crate::error::{bad, Error};
use crate::inputs::{describe_model, earth_model, model_out, parse_lat_lon, trajectory_shape};
use crate::output::*;
use crate::requests::{BallisticJob, Switch, TrajectoryJob};

/// Smallest non-zero speed `ballistic` takes, m/s.
pub const MIN_SPEED_MPS: f64 = 1.0;

/// Smallest ballistic coefficient `--beta-kg-m2` takes, kg/m²: about a sheet of paper falling flat; below it the
/// body would stop in the air within metres (and the integration with it).
pub const MIN_BETA_KG_M2: f64 = 1.0;

/// Largest ballistic coefficient `--beta-kg-m2` takes, kg/m²: far above any re-entry body (about 50,000 for the
/// heaviest, slimmest warheads); beyond it drag is nil to the last digit and `--drag off` says so.
pub const MAX_BETA_KG_M2: f64 = 1e7;

/// Most path samples `--samples` may ask for: one per 0.03 s of the longest (about 50-minute) flight, about 10 MB of
/// output; more is no use to anyone and could exhaust memory.
pub const MAX_SAMPLES: usize = 100_000;

/// Refuses a `--samples` above [`MAX_SAMPLES`] before anything is computed.
fn check_samples(n: usize) -> Result<(), Error> {
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

/// Evenly spaced times from 0 to `t_end` inclusive.
fn sample_times(n: usize, t_end: f64) -> Vec<f64> {
    match n {
        0 => vec![],
        1 => vec![t_end],
        _ => (0..n).map(|i| t_end * i as f64 / (n - 1) as f64).collect(),
    }
}

/// Propagates a given state (position, Earth-relative speed, azimuth, flight-path angle) to impact.
pub fn ballistic(a: &BallisticJob) -> Result<BallisticOut, Error> {
    check_samples(a.samples)?;
    let earth = earth_model(&a.earth);
    let state = LaunchState {
        position: Geodetic::from_degrees(a.lat, a.lon, a.alt_km * 1000.0),
        speed_mps: a.speed_mps,
        azimuth_rad: a.azimuth_deg.to_radians(),
        flight_path_rad: a.flight_path_deg.to_radians(),
    };
    state.validate(&earth)?;
    if a.speed_mps > 0.0 && a.speed_mps < MIN_SPEED_MPS {
        return Err(bad(
            "--speed-mps",
            &value_text(a.speed_mps),
            &format!(
                "0 (a body at rest) or at least {MIN_SPEED_MPS} m/s: slower, the flight lasts less than a tenth of a \
                 second and is below the integrator's resolution"
            ),
        ));
    }
    let beta = match (a.drag, a.beta_kg_m2) {
        // A given coefficient is checked even with drag off: a wrong value is a wrong value.
        (_, Some(b)) if !(b.is_finite() && (MIN_BETA_KG_M2..=MAX_BETA_KG_M2).contains(&b)) => {
            return Err(bad(
                "--beta-kg-m2",
                &value_text(b),
                &format!(
                    "a ballistic coefficient from {MIN_BETA_KG_M2} to {MAX_BETA_KG_M2:.0} kg/m² (re-entry vehicles \
                     are about 1,000 to 50,000; a sheet of paper about 1), e.g. --beta-kg-m2 5000"
                ),
            ))
        }
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
    Ok(out)
}

fn samples_table(samples: &[SampleOut]) -> String {
    let mut out = String::new();
    if samples.is_empty() {
        return out;
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
    sayln!(out);
    say!(out, "{}", table(&rows));
    out
}

/// Flies a catalogue missile from a launch point to an aim point (targeted, with the requested shape).
pub fn trajectory(a: &TrajectoryJob) -> Result<TrajectoryOut, Error> {
    check_samples(a.samples)?;
    let earth = earth_model(&a.earth);
    let launch = parse_lat_lon("--from", &a.from)?;
    let aim = parse_lat_lon("--to", &a.to)?;
    let catalog = Catalog::builtin()?;
    let entry = catalog
        .missile(&a.missile)
        .map_err(|e| Error::input(format!("--missile: {e}")))?;
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
        missile_name: entry.name.clone(),
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
    Ok(out)
}

impl BallisticOut {
    /// The result as a summary and a table of samples, JSON or CSV (the samples).
    pub fn render(&self, format: Format) -> Result<String, Error> {
        let out = self;
        let mut out_text = String::new();
        match format {
            Format::Json => return json_text(out),
            Format::Csv => return Ok(samples_csv(&out.samples)),
            Format::Table => {
                say!(
                    out_text,
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
                out_text.push_str(&samples_table(&out.samples));
            }
        }
        Ok(out_text)
    }
}

impl TrajectoryOut {
    /// The result as a summary and a table of samples, JSON or CSV (the samples).
    pub fn render(&self, format: Format) -> Result<String, Error> {
        let out = self;
        let mut out_text = String::new();
        match format {
            Format::Json => return json_text(out),
            Format::Csv => return Ok(samples_csv(&out.samples)),
            Format::Table => {
                let b = &out.burnout;
                say!(out_text,
                "{}",
                summary(&[
                    ("missile", format!("{} ({})", out.missile_name, out.missile)),
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
                out_text.push_str(&samples_table(&out.samples));
            }
        }
        Ok(out_text)
    }
}
