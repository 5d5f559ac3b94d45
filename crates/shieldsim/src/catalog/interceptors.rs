//! Interceptor entries of the catalogue (`catalog/interceptors.toml`): a staged rocket whose payload is the kill
//! vehicle, the kill vehicle's engagement limits and the launch timeline, converted to the engine's
//! [`InterceptorSpec`] (km to m; everything else is already SI).
//!
//! The stage tables of the built-in file are mostly generic, tuned so that the engine's full-burn fly-out reaches the
//! entry's `published_burnout_speed_mps` (checked within 10 % by the calibration test `tests/catalog.rs`).

use serde::Deserialize;

use crate::flight::rocket::Payload;
use crate::flight::{invalid, FlightError};
use crate::intercept::{Interceptor, InterceptorSpec};

use super::{staged_rocket, GuidanceEntry, StageEntry};

/// One interceptor as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterceptorEntry {
    /// Unique id used on the command line.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Interceptor class (e.g. `SM-3 Block IA`, `GBI 3-stage`, `THAAD`).
    pub class: String,
    /// What the entry models.
    #[serde(default)]
    pub description: String,
    /// The published (or, where marked generic in its source, commonly quoted) burn-out speed, m/s.
    pub published_burnout_speed_mps: f64,
    /// Where the published burn-out speed comes from.
    pub published_burnout_speed_source: String,
    /// Every source the entry uses.
    pub sources: Vec<String>,
    /// The kill vehicle: the rocket's payload and its engagement limits.
    pub kill_vehicle: KillVehicleEntry,
    /// The launch timeline.
    pub launch: LaunchEntry,
    /// Fly-out steering (vertical rise, pitch kick, gravity turn).
    pub guidance: GuidanceEntry,
    /// Booster stages, first stage first.
    pub stage: Vec<StageEntry>,
}

/// A kill vehicle as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KillVehicleEntry {
    /// Mass carried to burn-out as payload, kg.
    pub mass_kg: f64,
    /// Ballistic coefficient, kg/m².
    pub beta_kg_m2: f64,
    /// Lowest intercept altitude, km.
    pub min_intercept_altitude_km: f64,
    /// Highest intercept altitude, km.
    pub max_intercept_altitude_km: f64,
    /// Longest fly-out from launch to intercept, s.
    pub max_flight_time_s: f64,
    /// Lowest closing speed at which the kill vehicle can home and kill, m/s (absent: no limit). A slower intercept
    /// is a tail chase it cannot complete.
    #[serde(default)]
    pub min_closing_speed_mps: f64,
    /// Smallest angle between the kill vehicle's and the threat's velocities at intercept, degrees (180 head-on,
    /// 0 a tail chase; absent: no limit).
    #[serde(default)]
    pub min_crossing_angle_deg: f64,
    /// Source of the numbers.
    pub source: String,
    /// Keys whose values are generic.
    #[serde(default)]
    pub generic: Vec<String>,
}

/// The launch timeline as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchEntry {
    /// Time from the launch decision to lift-off, s.
    pub readiness_delay_s: f64,
    /// Time after an intercept before its outcome is known and a follow-up shot can be decided, s.
    pub kill_assessment_delay_s: f64,
    /// Source of the numbers.
    pub source: String,
    /// Keys whose values are generic.
    #[serde(default)]
    pub generic: Vec<String>,
}

impl InterceptorEntry {
    /// The engine's parameters of this interceptor type (validated; km converted to m). The rocket's id is the
    /// entry's id.
    pub fn to_spec(&self) -> Result<InterceptorSpec, FlightError> {
        let kv = &self.kill_vehicle;
        let spec = InterceptorSpec {
            rocket: staged_rocket(
                &self.id,
                &self.stage,
                Payload {
                    mass_kg: kv.mass_kg,
                    beta_kg_m2: kv.beta_kg_m2,
                },
                &self.guidance,
            )?,
            min_intercept_altitude_m: kv.min_intercept_altitude_km * 1000.0,
            max_intercept_altitude_m: kv.max_intercept_altitude_km * 1000.0,
            max_flight_time_s: kv.max_flight_time_s,
            readiness_delay_s: self.launch.readiness_delay_s,
            kill_assessment_delay_s: self.launch.kill_assessment_delay_s,
            min_closing_speed_mps: kv.min_closing_speed_mps,
            min_crossing_angle_rad: kv.min_crossing_angle_deg.to_radians(),
        };
        spec.validate()?;
        super::physical_limits::check_reach(&spec)?;
        Ok(spec)
    }

    /// The interceptor with its fly-out reach table built ([`Interceptor::new`]: tens to hundreds of milliseconds
    /// in a release build). Its `reach.burnout_speed_mps` is the engine's burn-out speed to compare with
    /// [`InterceptorEntry::published_burnout_speed_mps`].
    pub fn to_interceptor(&self) -> Result<Interceptor, FlightError> {
        Interceptor::new(self.to_spec()?)
    }

    /// Checks everything that can be checked without building the reach table: the spec ([`Self::to_spec`]) and
    /// the published burn-out speed (finite, above 0).
    pub fn validate(&self) -> Result<(), FlightError> {
        self.to_spec()?;
        let v = self.published_burnout_speed_mps;
        if !v.is_finite() || v <= 0.0 {
            return Err(invalid(
                &format!("{}: published_burnout_speed_mps", self.id),
                v,
                "a burn-out speed must be a finite number of m/s above 0",
            ));
        }
        Ok(())
    }
}
