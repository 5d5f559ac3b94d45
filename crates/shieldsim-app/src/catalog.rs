//! `shieldsim catalog interceptors` and `shieldsim catalog radars`: the built-in interceptor and radar catalogues as a
//! table, JSON (`{"interceptors": [...]}`, `{"radars": [...]}`, like `catalog missiles`) or CSV.

use serde::Serialize;
use shieldsim::catalog::Catalog;

use crate::error::Error;
use crate::output::{csv_record, json_text, table, MissileOut};
use crate::requests::Format;
use shieldsim::catalog::NominalPerformance;

/// One row of `catalog interceptors`.
#[derive(Debug, Serialize)]
pub struct InterceptorOut {
    /// Catalogue id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Class (e.g. MRBM, ICBM; or midcourse / terminal).
    pub class: String,
    /// Number of stages.
    pub stages: usize,
    /// Launch mass, kg.
    pub launch_mass_kg: f64,
    /// Kill-vehicle mass, kg.
    pub kill_vehicle_mass_kg: f64,
    /// Computed by the engine: the reach table's longest-range full-burn fly-out (non-rotating sphere, drag).
    pub burnout_speed_mps: f64,
    /// Published burn-out speed, m/s.
    pub published_burnout_speed_mps: f64,
    /// (computed − published) / published burn-out speed, %.
    pub burnout_speed_error_pct: f64,
    /// Source of the published burn-out speed.
    pub published_burnout_speed_source: String,
    /// Longest interceptor fly-out, s.
    pub max_flight_time_s: f64,
    /// Lowest intercept altitude, km.
    pub min_intercept_altitude_km: f64,
    /// Highest intercept altitude, km.
    pub max_intercept_altitude_km: f64,
    /// Delay from commit to launch, s.
    pub readiness_delay_s: f64,
    /// Time to assess a kill before the next shot, s.
    pub kill_assessment_delay_s: f64,
    /// Lowest closing speed at which the kill vehicle can home and kill, m/s (0: no limit; slower is a tail chase
    /// it cannot complete).
    pub min_closing_speed_mps: f64,
    /// Smallest angle between the kill vehicle's and the threat's velocities at intercept, degrees (0: no limit).
    pub min_crossing_angle_deg: f64,
    /// Greatest ground range of the reach table (within the maximum flight time).
    pub max_range_km: f64,
    /// Greatest altitude of the reach table (within the maximum flight time).
    pub max_altitude_km: f64,
    /// Open sources of the values.
    pub sources: Vec<String>,
}

/// One row of `catalog radars`.
#[derive(Debug, Serialize)]
pub struct RadarOut {
    /// Catalogue id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Radar frequency band.
    pub band: String,
    /// Maximum range computed by shieldsim, km.
    pub max_range_km: f64,
    /// Radar cross-section the detection range refers to, m².
    pub reference_rcs_m2: f64,
    /// Lowest elevation the radar sees, degrees.
    pub min_elevation_deg: f64,
    /// Highest elevation the radar sees, degrees.
    pub max_elevation_deg: f64,
    /// Half-width of the field of view in azimuth, degrees.
    pub half_width_deg: f64,
    /// Time from first detection to a fire-control track, s.
    pub track_time_s: f64,
    /// Whether the radar can guide an intercept (fire control).
    pub fire_control: bool,
    /// Share of the full detection range reached when searching without a cue.
    pub uncued_range_fraction: f64,
    /// The keys whose values are generic (not from a source).
    pub generic: Vec<String>,
    /// Open sources of the values.
    pub sources: Vec<String>,
}

/// Runs `catalog interceptors`.
pub fn interceptors(format: Format) -> Result<String, Error> {
    let mut out = String::new();
    let catalog = Catalog::builtin()?;
    let mut rows = Vec::with_capacity(catalog.interceptors.len());
    for e in &catalog.interceptors {
        let i = e.to_interceptor()?;
        let rocket = &i.spec.rocket;
        let published = e.published_burnout_speed_mps;
        rows.push(InterceptorOut {
            id: e.id.clone(),
            name: e.name.clone(),
            class: e.class.clone(),
            stages: rocket.stages.len(),
            launch_mass_kg: rocket.launch_mass_kg(),
            kill_vehicle_mass_kg: rocket.payload.mass_kg,
            burnout_speed_mps: i.reach.burnout_speed_mps,
            published_burnout_speed_mps: published,
            burnout_speed_error_pct: 100.0 * (i.reach.burnout_speed_mps - published) / published,
            published_burnout_speed_source: e.published_burnout_speed_source.clone(),
            max_flight_time_s: i.spec.max_flight_time_s,
            min_intercept_altitude_km: i.spec.min_intercept_altitude_m / 1000.0,
            max_intercept_altitude_km: i.spec.max_intercept_altitude_m / 1000.0,
            readiness_delay_s: i.spec.readiness_delay_s,
            kill_assessment_delay_s: i.spec.kill_assessment_delay_s,
            min_closing_speed_mps: i.spec.min_closing_speed_mps,
            min_crossing_angle_deg: i.spec.min_crossing_angle_rad.to_degrees(),
            max_range_km: i.reach.max_range_m / 1000.0,
            max_altitude_km: i.reach.max_altitude_m / 1000.0,
            sources: e.sources.clone(),
        });
    }
    match format {
        Format::Json => return json_text(&serde_json::json!({ "interceptors": rows })),
        Format::Csv => {
            say!(
                out,
                "{}",
                csv_record(&[
                    "id",
                    "name",
                    "class",
                    "stages",
                    "launch_mass_kg",
                    "kill_vehicle_mass_kg",
                    "burnout_speed_mps",
                    "published_burnout_speed_mps",
                    "max_flight_time_s",
                    "min_intercept_altitude_km",
                    "max_intercept_altitude_km",
                    "readiness_delay_s",
                    "kill_assessment_delay_s",
                    "min_closing_speed_mps",
                    "min_crossing_angle_deg",
                    "max_range_km",
                    "max_altitude_km",
                    "sources",
                ])
            );
            for r in &rows {
                say!(
                    out,
                    "{}",
                    csv_record(&[
                        r.id.clone(),
                        r.name.clone(),
                        r.class.clone(),
                        r.stages.to_string(),
                        format!("{:.0}", r.launch_mass_kg),
                        format!("{:.0}", r.kill_vehicle_mass_kg),
                        format!("{:.0}", r.burnout_speed_mps),
                        format!("{:.0}", r.published_burnout_speed_mps),
                        format!("{:.0}", r.max_flight_time_s),
                        r.min_intercept_altitude_km.to_string(),
                        r.max_intercept_altitude_km.to_string(),
                        r.readiness_delay_s.to_string(),
                        r.kill_assessment_delay_s.to_string(),
                        format!("{:.0}", r.min_closing_speed_mps),
                        r.min_crossing_angle_deg.to_string(),
                        format!("{:.0}", r.max_range_km),
                        format!("{:.0}", r.max_altitude_km),
                        r.sources.join("; "),
                    ])
                );
            }
        }
        Format::Table => {
            let mut t = vec![vec![
                "id".to_string(),
                "class".into(),
                "stages".into(),
                "launch mass (t)".into(),
                "burn-out speed (m/s)".into(),
                "published (m/s)".into(),
                "max flight (s)".into(),
                "altitude band (km)".into(),
                "min closing (m/s)".into(),
                "reach range (km)".into(),
                "reach altitude (km)".into(),
            ]];
            for r in &rows {
                t.push(vec![
                    r.id.clone(),
                    r.class.clone(),
                    r.stages.to_string(),
                    format!("{:.2}", r.launch_mass_kg / 1000.0),
                    format!("{:.0}", r.burnout_speed_mps),
                    format!("{:.0}", r.published_burnout_speed_mps),
                    format!("{:.0}", r.max_flight_time_s),
                    format!(
                        "{:.0}–{:.0}",
                        r.min_intercept_altitude_km, r.max_intercept_altitude_km
                    ),
                    if r.min_closing_speed_mps > 0.0 {
                        format!("{:.0}", r.min_closing_speed_mps)
                    } else {
                        "none".into()
                    },
                    format!("{:.0}", r.max_range_km),
                    format!("{:.0}", r.max_altitude_km),
                ]);
            }
            say!(out, "{}", table(&t));
            sayln!(out, "\nBurn-out speed and reach: computed by shieldsim from the (mostly generic) stage model, full-burn fly-outs on a\nnon-rotating sphere with drag; reach is the greatest ground range and altitude within the maximum flight time.\nMin closing: the kill vehicle's lowest closing speed on the threat (a slower intercept is a tail chase it cannot\ncomplete; generic).\nSources and delays: `shieldsim catalog interceptors --format json`.");
        }
    }
    Ok(out)
}

/// Runs `catalog radars`.
pub fn radars(format: Format) -> Result<String, Error> {
    let mut out = String::new();
    let catalog = Catalog::builtin()?;
    let rows: Vec<RadarOut> = catalog
        .radars
        .iter()
        .map(|e| RadarOut {
            id: e.id.clone(),
            name: e.name.clone(),
            band: e.band.clone(),
            max_range_km: e.max_range_km,
            reference_rcs_m2: e.reference_rcs_m2,
            min_elevation_deg: e.min_elevation_deg,
            max_elevation_deg: e.max_elevation_deg,
            half_width_deg: e.half_width_deg,
            track_time_s: e.track_time_s,
            fire_control: e.fire_control,
            uncued_range_fraction: e.uncued_range_fraction,
            generic: e.generic.clone(),
            sources: e.sources.clone(),
        })
        .collect();
    match format {
        Format::Json => return json_text(&serde_json::json!({ "radars": rows })),
        Format::Csv => {
            say!(
                out,
                "{}",
                csv_record(&[
                    "id",
                    "name",
                    "band",
                    "max_range_km",
                    "reference_rcs_m2",
                    "min_elevation_deg",
                    "max_elevation_deg",
                    "half_width_deg",
                    "track_time_s",
                    "fire_control",
                    "uncued_range_fraction",
                    "generic",
                    "sources",
                ])
            );
            for r in &rows {
                say!(
                    out,
                    "{}",
                    csv_record(&[
                        r.id.clone(),
                        r.name.clone(),
                        r.band.clone(),
                        r.max_range_km.to_string(),
                        r.reference_rcs_m2.to_string(),
                        r.min_elevation_deg.to_string(),
                        r.max_elevation_deg.to_string(),
                        r.half_width_deg.to_string(),
                        r.track_time_s.to_string(),
                        r.fire_control.to_string(),
                        r.uncued_range_fraction.to_string(),
                        r.generic.join(" "),
                        r.sources.join("; "),
                    ])
                );
            }
        }
        Format::Table => {
            let mut t = vec![vec![
                "id".to_string(),
                "band".into(),
                "range (km)".into(),
                "at RCS (m²)".into(),
                "elevation (°)".into(),
                "half-width (°)".into(),
                "track time (s)".into(),
                "fire control".into(),
                "uncued range share".into(),
            ]];
            for r in &rows {
                t.push(vec![
                    r.id.clone(),
                    r.band.clone(),
                    format!("{}", r.max_range_km),
                    format!("{}", r.reference_rcs_m2),
                    format!("{}–{}", r.min_elevation_deg, r.max_elevation_deg),
                    format!("{}", r.half_width_deg),
                    format!("{}", r.track_time_s),
                    if r.fire_control { "yes" } else { "no" }.to_string(),
                    format!("{}", r.uncued_range_fraction),
                ]);
            }
            say!(out, "{}", table(&t));
            sayln!(out, "\nRange scales as RCS^¼ from the reference pair. Site and boresight belong to a deployment (`engage --radar ID@LAT,LON[,AZ]`).\nWhich numbers are generic, and the sources: `shieldsim catalog radars --format json`.");
        }
    }
    Ok(out)
}

/// The missile catalogue with each missile's nominal performance (burn-out speed, maximum range against the
/// published one), as a table, JSON (`{"missiles": [...]}`) or CSV.
pub fn missiles(format: Format) -> Result<String, Error> {
    let mut out = String::new();
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
    match format {
        Format::Json => return json_text(&serde_json::json!({ "missiles": rows })),
        Format::Csv => {
            say!(
                out,
                "{}",
                csv_record(&[
                    "id",
                    "class",
                    "propellant",
                    "stages",
                    "launch_mass_kg",
                    "payload_mass_kg",
                    "burnout_speed_mps",
                    "burnout_time_s",
                    "max_range_km",
                    "published_max_range_km",
                    "sources",
                ])
            );
            for r in &rows {
                say!(
                    out,
                    "{}",
                    csv_record(&[
                        r.id.clone(),
                        r.class.clone(),
                        r.propellant.clone(),
                        r.stages.to_string(),
                        format!("{:.0}", r.launch_mass_kg),
                        format!("{:.0}", r.payload_mass_kg),
                        format!("{:.0}", r.burnout_speed_mps),
                        format!("{:.1}", r.burnout_time_s),
                        format!("{:.0}", r.max_range_km),
                        format!("{:.0}", r.published_max_range_km),
                        r.sources.join("; "),
                    ])
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
            say!(out, "{}", table(&t));
            sayln!(out, "\nMaximum range: computed by shieldsim on a non-rotating WGS 84 Earth with J2 and drag, launched due north from the equator.\nSources: `shieldsim catalog missiles --format json`.");
        }
    }
    Ok(out)
}
