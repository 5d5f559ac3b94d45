//! Scenario parameters addressed by path, for sweeps, limits and uncertainty studies.
//!
//! A path names one number of a loaded [`Scenario`] in the unit its last segment carries:
//!
//! | path | the number |
//! |---|---|
//! | `rules.decision_delay_s` | time from a fire-control track to the launch decision, s |
//! | `interceptors.ID.burnout_speed_mps` | burn-out speed of interceptor type `ID` at every site fielding it, m/s |
//! | `interceptors.ID.max_flight_time_s` | its kill vehicle's longest fly-out, s |
//! | `interceptors.ID.min_intercept_altitude_km`, `.max_intercept_altitude_km` | its intercept altitude band, km |
//! | `interceptors.ID.readiness_delay_s`, `.kill_assessment_delay_s` | its launch timeline, s |
//! | `interceptors.ID.min_closing_speed_mps`, `.min_crossing_angle_deg` | its kill-vehicle limits |
//! | `sites.NAME.lat_deg`, `.lon_deg` | the site's position, ° (two of them vary it over a box) |
//! | `sites.NAME.along_km@AZ` | the site moved along the geodesic leaving it at azimuth `AZ` ° (clockwise from north), km (negative: the other way) |
//! | | (a site moves with its own radars: those within [`ORGANIC_RADAR_DISTANCE_M`] of it keep their offset) |
//! | `sites.NAME.launch_time_s` | the launch time of a site launching at a stated time, s |
//! | `radars.NAME.range_km` | detection range against the radar's reference cross-section, km |
//! | `radars.NAME.boresight_deg`, `.half_width_deg` | the azimuth sector, ° |
//! | `radars.NAME.lat_deg`, `.lon_deg`, `.along_km@AZ` | the radar's position |
//! | `radars.NAME.track_time_s`, `.min_elevation_deg`, `.uncued_range_fraction` | the rest of the radar model |
//! | `missiles.ID.booster_rcs_m2`, `.rv_rcs_m2` | a threat's radar cross-sections (boost, re-entry vehicle), m² |
//!
//! [`parameter_paths`] lists every path a scenario offers. Only `missiles.*` paths could change what a threat
//! flies, and radar cross-sections do not: **no path changes a threat trajectory**, so a study flies each trajectory
//! once and re-engages it for every value (`analysis::TrajectoryCache`).
//!
//! **Burn-out speed** is the one derived number: the fastest burn-out of the interceptor's reach fan
//! ([`ReachTable::burnout_speed_mps`], the value `shieldsim catalog interceptors` reports). Setting it scales the
//! specific impulse of every stage by one factor (masses, burn times and steering unchanged), found by the secant
//! method to within [`BURNOUT_SPEED_TOLERANCE_MPS`]: the ideal velocity change is proportional to the specific
//! impulse (Tsiolkovsky), so a faster booster of the same size and burn time stands for a higher burn-out speed, as in
//! the 2007 dispute's 6.3 vs 8+ km/s readings of the same GBI.

use super::model::Scenario;
use crate::earth::{geodesic, Geodetic};
use crate::flight::FlightError;
use crate::intercept::{InterceptorSpec, LaunchRule, ReachTable, ORGANIC_RADAR_DISTANCE_M};

/// How close a set burn-out speed comes to the value asked for, m/s.
pub const BURNOUT_SPEED_TOLERANCE_MPS: f64 = 0.5;

/// Why a parameter path or value was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParamError {
    /// The path names nothing in the scenario.
    #[error("unknown parameter `{path}`: {why}{}", hint.as_ref().map(|h| format!(" (did you mean `{h}`?)")).unwrap_or_default())]
    Unknown {
        /// The path as given.
        path: String,
        /// What is wrong and what is allowed.
        why: String,
        /// The nearest valid path, if any is close.
        hint: Option<String>,
    },
    /// The parameter's value cannot be computed: the interceptor's fly-outs fail (an entry the loader let through).
    #[error("`{path}`: {message}")]
    Unflown {
        /// The path.
        path: String,
        /// [`Scenario::interceptor_failure`]: where the interceptor is defined and why its fly-outs fail.
        message: String,
    },
    /// The value is impossible for the parameter.
    #[error("`{path}` = {value}: {expected}")]
    Invalid {
        /// The path.
        path: String,
        /// The value asked for.
        value: f64,
        /// What is allowed.
        expected: String,
    },
}

/// A field of an interceptor type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InterceptorField {
    BurnoutSpeed,
    MaxFlightTime,
    MinAltitude,
    MaxAltitude,
    Readiness,
    KillAssessment,
    MinClosingSpeed,
    MinCrossingAngle,
}

const INTERCEPTOR_FIELDS: [(&str, InterceptorField); 8] = [
    ("burnout_speed_mps", InterceptorField::BurnoutSpeed),
    ("max_flight_time_s", InterceptorField::MaxFlightTime),
    ("min_intercept_altitude_km", InterceptorField::MinAltitude),
    ("max_intercept_altitude_km", InterceptorField::MaxAltitude),
    ("readiness_delay_s", InterceptorField::Readiness),
    ("kill_assessment_delay_s", InterceptorField::KillAssessment),
    ("min_closing_speed_mps", InterceptorField::MinClosingSpeed),
    ("min_crossing_angle_deg", InterceptorField::MinCrossingAngle),
];

/// A field of a placed thing (site or radar) or of a radar's model.
#[derive(Debug, Clone, Copy, PartialEq)]
enum PlaceField {
    Lat,
    Lon,
    /// Moved along the geodesic leaving at this azimuth, rad.
    Along(f64),
    LaunchTime,
    Range,
    Boresight,
    HalfWidth,
    TrackTime,
    MinElevation,
    UncuedFraction,
}

const SITE_FIELDS: [(&str, PlaceField); 3] = [
    ("lat_deg", PlaceField::Lat),
    ("lon_deg", PlaceField::Lon),
    ("launch_time_s", PlaceField::LaunchTime),
];

const RADAR_FIELDS: [(&str, PlaceField); 8] = [
    ("range_km", PlaceField::Range),
    ("boresight_deg", PlaceField::Boresight),
    ("half_width_deg", PlaceField::HalfWidth),
    ("lat_deg", PlaceField::Lat),
    ("lon_deg", PlaceField::Lon),
    ("track_time_s", PlaceField::TrackTime),
    ("min_elevation_deg", PlaceField::MinElevation),
    ("uncued_range_fraction", PlaceField::UncuedFraction),
];

const MISSILE_FIELDS: [&str; 2] = ["booster_rcs_m2", "rv_rcs_m2"];

#[derive(Debug, Clone, PartialEq)]
enum Target {
    DecisionDelay,
    Interceptor(String, InterceptorField),
    Site(usize, PlaceField),
    Radar(usize, PlaceField),
    Missile(String, bool),
}

/// A scenario parameter addressed by path (see the module documentation), resolved against one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamPath {
    text: String,
    target: Target,
}

impl std::fmt::Display for ParamPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Every parameter path `scenario` offers (`along_km@AZ` shown as `along_km@90`), in a stable order: rules,
/// interceptors, sites, radars, missiles.
pub fn parameter_paths(scenario: &Scenario) -> Vec<String> {
    let a = &scenario.architecture;
    let mut out = vec!["rules.decision_delay_s".to_string()];
    let mut ids: Vec<&str> = Vec::new();
    for s in &a.sites {
        if !ids.contains(&s.interceptor.id()) {
            ids.push(s.interceptor.id());
        }
    }
    for id in ids {
        out.extend(
            INTERCEPTOR_FIELDS
                .iter()
                .map(|(f, _)| format!("interceptors.{id}.{f}")),
        );
    }
    for s in &a.sites {
        for (f, field) in SITE_FIELDS {
            if field != PlaceField::LaunchTime || timed_rule(&s.launch_rule) {
                out.push(format!("sites.{}.{f}", s.name));
            }
        }
        out.push(format!("sites.{}.along_km@90", s.name));
    }
    for r in &a.radars {
        out.extend(
            RADAR_FIELDS
                .iter()
                .map(|(f, _)| format!("radars.{}.{f}", r.id)),
        );
        out.push(format!("radars.{}.along_km@90", r.id));
    }
    let mut missiles: Vec<&str> = Vec::new();
    for c in &scenario.corridors {
        for m in &c.missiles {
            if !missiles.contains(&m.id.as_str()) {
                missiles.push(&m.id);
            }
        }
    }
    for id in missiles {
        out.extend(MISSILE_FIELDS.iter().map(|f| format!("missiles.{id}.{f}")));
    }
    out
}

fn timed_rule(rule: &LaunchRule) -> bool {
    matches!(
        rule,
        LaunchRule::AfterThreatLaunch { .. } | LaunchRule::AfterBurnout { .. }
    )
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The valid path nearest to `path`, when it is close (at most a third of its length away).
pub fn nearest_path(path: &str, scenario: &Scenario) -> Option<String> {
    parameter_paths(scenario)
        .into_iter()
        .map(|p| {
            // `along_km@AZ` matches whatever azimuth was typed.
            let d = match (path.split_once('@'), p.split_once('@')) {
                (Some((a, _)), Some((b, _))) => distance(a, b),
                _ => distance(path, &p),
            };
            (d, p)
        })
        .min_by_key(|(d, _)| *d)
        .filter(|(d, _)| *d <= path.len().div_ceil(3))
        .map(|(_, p)| p)
}

impl ParamPath {
    /// Resolves `text` against `scenario`. Errors name what is wrong, what is allowed and the nearest valid path.
    pub fn parse(text: &str, scenario: &Scenario) -> Result<Self, ParamError> {
        let unknown = |why: String| ParamError::Unknown {
            path: text.to_string(),
            why,
            hint: nearest_path(text, scenario),
        };
        let (kind, rest) = text.split_once('.').ok_or_else(|| {
            unknown(
                "a path is KIND.NAME.FIELD (or rules.FIELD), KIND one of rules, interceptors, sites, radars, \
                 missiles"
                    .into(),
            )
        })?;
        let a = &scenario.architecture;
        let target = match kind {
            "rules" => match rest {
                "decision_delay_s" => Target::DecisionDelay,
                _ => return Err(unknown("the rules offer `decision_delay_s`".into())),
            },
            "interceptors" | "sites" | "radars" | "missiles" => {
                // `along_km@AZ` may hold a decimal point in its azimuth.
                let split = match rest.find(".along_km@") {
                    Some(k) => Some((&rest[..k], &rest[k + 1..])),
                    None => rest.rsplit_once('.'),
                };
                let (name, field) =
                    split.ok_or_else(|| unknown(format!("a path is {kind}.NAME.FIELD")))?;
                match kind {
                    "interceptors" => {
                        if !a.sites.iter().any(|s| s.interceptor.id() == name) {
                            let ids: Vec<&str> =
                                a.sites.iter().map(|s| s.interceptor.id()).collect();
                            return Err(unknown(format!(
                                "no site fields interceptor `{name}` (this scenario's: {})",
                                dedup(&ids).join(", ")
                            )));
                        }
                        let f = INTERCEPTOR_FIELDS
                            .iter()
                            .find(|(n, _)| *n == field)
                            .ok_or_else(|| {
                                unknown(fields_msg(
                                    "an interceptor",
                                    INTERCEPTOR_FIELDS.iter().map(|(n, _)| *n),
                                ))
                            })?
                            .1;
                        Target::Interceptor(name.to_string(), f)
                    }
                    "sites" => {
                        let k = a.sites.iter().position(|s| s.name == name).ok_or_else(|| {
                            let names: Vec<&str> =
                                a.sites.iter().map(|s| s.name.as_str()).collect();
                            unknown(format!(
                                "no site `{name}` (this scenario's: {})",
                                names.join(", ")
                            ))
                        })?;
                        let f = place_field(field, &SITE_FIELDS).ok_or_else(|| {
                            unknown(fields_msg(
                                "a site",
                                SITE_FIELDS.iter().map(|(n, _)| *n).chain(["along_km@AZ"]),
                            ))
                        })?;
                        if f == PlaceField::LaunchTime && !timed_rule(&a.sites[k].launch_rule) {
                            return Err(unknown(format!(
                                "site `{name}` launches on a track, not at a stated time (launch_time_s applies to \
                                 the after-threat-launch and after-burnout rules)"
                            )));
                        }
                        Target::Site(k, f)
                    }
                    "radars" => {
                        let k = a.radars.iter().position(|r| r.id == name).ok_or_else(|| {
                            let names: Vec<&str> = a.radars.iter().map(|r| r.id.as_str()).collect();
                            unknown(format!(
                                "no radar `{name}` (this scenario's: {})",
                                names.join(", ")
                            ))
                        })?;
                        let f = place_field(field, &RADAR_FIELDS).ok_or_else(|| {
                            unknown(fields_msg(
                                "a radar",
                                RADAR_FIELDS.iter().map(|(n, _)| *n).chain(["along_km@AZ"]),
                            ))
                        })?;
                        Target::Radar(k, f)
                    }
                    _ => {
                        if !scenario
                            .corridors
                            .iter()
                            .any(|c| c.missiles.iter().any(|m| m.id == name))
                        {
                            return Err(unknown(format!("no corridor flies missile `{name}`")));
                        }
                        let booster = match field {
                            "booster_rcs_m2" => true,
                            "rv_rcs_m2" => false,
                            _ => return Err(unknown(fields_msg("a missile", MISSILE_FIELDS))),
                        };
                        Target::Missile(name.to_string(), booster)
                    }
                }
            }
            _ => {
                return Err(unknown(
                    "KIND is one of rules, interceptors, sites, radars, missiles".into(),
                ))
            }
        };
        Ok(Self {
            text: text.to_string(),
            target,
        })
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The unit of the path's values (`m/s`, `s`, `km`, `deg`, `m2` or `1`).
    pub fn unit(&self) -> &'static str {
        let field = match self.text.find(".along_km@") {
            Some(_) => "along_km",
            None => self.text.rsplit('.').next().unwrap_or(""),
        };
        [
            ("_mps", "m/s"),
            ("_s", "s"),
            ("_km", "km"),
            ("_deg", "deg"),
            ("_m2", "m2"),
        ]
        .iter()
        .find(|(suffix, _)| field.ends_with(suffix))
        .map_or("1", |(_, u)| u)
    }

    /// For a parameter each distinct value of which costs new fly-outs (a reach table or site envelope: about a
    /// second of CPU each), the step to which Monte Carlo studies round its sampled values
    /// (`analysis::uncertainty`); `None` for the parameters a study re-engages at no such cost. The steps
    /// are below the sampling noise of a 1,000-sample study over the ranges in dispute: over the GBI's 5.4–9 km/s, the
    /// 5th percentile of 1,000 uniform draws itself scatters by about ±25 m/s (√(0.05 · 0.95 / 1000) of the range),
    /// as much as rounding to 50 m/s moves a draw at most; 72 lattice values keep such a study within a minute on
    /// two cores (25 m/s would double the builds).
    ///
    /// | parameter | why it costs fly-outs | step |
    /// |---|---|---|
    /// | `interceptors.ID.burnout_speed_mps` | a new rocket: reach table and envelopes | 50 m/s |
    /// | `interceptors.ID.max_flight_time_s` | the reach table's extent | 5 s |
    /// | `interceptors.ID.max_intercept_altitude_km` | the envelopes' ceiling | 5 km |
    /// | `sites.NAME.lat_deg` | an envelope per site latitude | 0.05° |
    /// | `sites.NAME.along_km@AZ` | the same | 5 km |
    pub fn lattice_step(&self) -> Option<f64> {
        match self.target {
            Target::Interceptor(_, InterceptorField::BurnoutSpeed) => Some(50.0),
            Target::Interceptor(_, InterceptorField::MaxFlightTime) => Some(5.0),
            Target::Interceptor(_, InterceptorField::MaxAltitude) => Some(5.0),
            Target::Site(_, PlaceField::Lat) => Some(0.05),
            Target::Site(_, PlaceField::Along(_)) => Some(5.0),
            _ => None,
        }
    }

    /// Whether the path moves a site or a radar (its values are positions, not performance).
    pub fn is_position(&self) -> bool {
        matches!(
            self.target,
            Target::Site(_, PlaceField::Lat | PlaceField::Lon | PlaceField::Along(_))
                | Target::Radar(_, PlaceField::Lat | PlaceField::Lon | PlaceField::Along(_))
        )
    }

    /// The parameter's value in `scenario`, in [`Self::unit`]. `along_km@AZ` is 0 (the nominal position).
    pub fn value(&self, scenario: &Scenario) -> Result<f64, ParamError> {
        let a = &scenario.architecture;
        Ok(match &self.target {
            Target::DecisionDelay => a.decision_delay_s,
            Target::Interceptor(id, f) => {
                let spec = self.interceptor_spec(scenario, id)?;
                match f {
                    InterceptorField::BurnoutSpeed => {
                        ReachTable::burnout_speed_mps(&spec.rocket, &spec.reach_table_spec())
                            .map_err(|e| ParamError::Unflown {
                                path: self.text.clone(),
                                message: scenario.interceptor_failure(id, &e),
                            })?
                    }
                    InterceptorField::MaxFlightTime => spec.max_flight_time_s,
                    InterceptorField::MinAltitude => spec.min_intercept_altitude_m / 1000.0,
                    InterceptorField::MaxAltitude => spec.max_intercept_altitude_m / 1000.0,
                    InterceptorField::Readiness => spec.readiness_delay_s,
                    InterceptorField::KillAssessment => spec.kill_assessment_delay_s,
                    InterceptorField::MinClosingSpeed => spec.min_closing_speed_mps,
                    InterceptorField::MinCrossingAngle => spec.min_crossing_angle_rad.to_degrees(),
                }
            }
            Target::Site(k, f) => {
                let s = &a.sites[*k];
                match f {
                    PlaceField::LaunchTime => match s.launch_rule {
                        LaunchRule::AfterThreatLaunch { launch_time_s }
                        | LaunchRule::AfterBurnout { launch_time_s } => launch_time_s,
                        _ => f64::NAN,
                    },
                    f => place_value(&s.position, *f),
                }
            }
            Target::Radar(k, f) => {
                let r = &a.radars[*k];
                match f {
                    PlaceField::Range => r.max_range_m / 1000.0,
                    PlaceField::Boresight => r.boresight_azimuth_rad.to_degrees(),
                    PlaceField::HalfWidth => r.half_width_rad.to_degrees(),
                    PlaceField::TrackTime => r.track_time_s,
                    PlaceField::MinElevation => r.min_elevation_rad.to_degrees(),
                    PlaceField::UncuedFraction => r.uncued_range_fraction,
                    f => place_value(&r.site, *f),
                }
            }
            Target::Missile(id, booster) => {
                let m = scenario
                    .corridors
                    .iter()
                    .flat_map(|c| &c.missiles)
                    .find(|m| &m.id == id)
                    .ok_or_else(|| {
                        self.invalid(f64::NAN, "the missile left the scenario".into())
                    })?;
                if *booster {
                    m.signature.booster_rcs_m2
                } else {
                    m.signature.reentry_vehicle_rcs_m2
                }
            }
        })
    }

    fn invalid(&self, value: f64, expected: String) -> ParamError {
        ParamError::Invalid {
            path: self.text.clone(),
            value,
            expected,
        }
    }

    fn interceptor_spec(
        &self,
        scenario: &Scenario,
        id: &str,
    ) -> Result<InterceptorSpec, ParamError> {
        scenario
            .architecture
            .sites
            .iter()
            .find(|s| s.interceptor.id() == id)
            .map(|s| s.interceptor.clone())
            .ok_or_else(|| self.invalid(f64::NAN, "no site fields the interceptor".into()))
    }

    /// Sets the parameter to `value` (in [`Self::unit`]) in `scenario`, checking it as the scenario loader would:
    /// non-finite or physically impossible values are refused with what is allowed, never clamped.
    pub fn apply(&self, scenario: &mut Scenario, value: f64) -> Result<(), ParamError> {
        if !value.is_finite() {
            return Err(self.invalid(value, "a finite number".into()));
        }
        let positive = |what: &str| -> Result<(), ParamError> {
            if value > 0.0 {
                Ok(())
            } else {
                Err(self.invalid(value, format!("{what} above 0")))
            }
        };
        let non_negative = |what: &str| -> Result<(), ParamError> {
            if value >= 0.0 {
                Ok(())
            } else {
                Err(self.invalid(value, format!("{what} of 0 or more")))
            }
        };
        match &self.target {
            Target::DecisionDelay => {
                non_negative("a delay")?;
                scenario.architecture.decision_delay_s = value;
            }
            Target::Interceptor(id, f) => {
                let mut spec = self.interceptor_spec(scenario, id)?;
                match f {
                    InterceptorField::BurnoutSpeed => {
                        positive("a burn-out speed")?;
                        spec =
                            with_burnout_speed(&spec, value).map_err(|e| self.invalid(value, e))?;
                    }
                    InterceptorField::MaxFlightTime => spec.max_flight_time_s = value,
                    InterceptorField::MinAltitude => spec.min_intercept_altitude_m = value * 1000.0,
                    InterceptorField::MaxAltitude => spec.max_intercept_altitude_m = value * 1000.0,
                    InterceptorField::Readiness => spec.readiness_delay_s = value,
                    InterceptorField::KillAssessment => spec.kill_assessment_delay_s = value,
                    InterceptorField::MinClosingSpeed => spec.min_closing_speed_mps = value,
                    InterceptorField::MinCrossingAngle => {
                        if !(0.0..=180.0).contains(&value) {
                            return Err(
                                self.invalid(value, "an angle from 0 to 180 degrees".into())
                            );
                        }
                        spec.min_crossing_angle_rad = value.to_radians();
                    }
                }
                if matches!(
                    f,
                    InterceptorField::MinClosingSpeed
                        | InterceptorField::Readiness
                        | InterceptorField::KillAssessment
                ) {
                    non_negative("a value")?;
                }
                spec.validate()
                    .map_err(|e| self.invalid(value, flight_msg(&e)))?;
                for s in &mut scenario.architecture.sites {
                    if s.interceptor.id() == id {
                        s.interceptor = spec.clone();
                    }
                }
            }
            Target::Site(k, f) if *f != PlaceField::LaunchTime => {
                // A site moves with its own fire-control radars (those the engagement model counts as organic: within
                // ORGANIC_RADAR_DISTANCE_M); left behind, the site would lose its radar and look safer than it is.
                let ellipsoid = scenario_ellipsoid(scenario);
                let from = scenario.architecture.sites[*k].position;
                let to = self.moved(&ellipsoid, &from, *f, value)?;
                let e = scenario.model.earth;
                for r in &mut scenario.architecture.radars {
                    let (d_r, az_r) = e.distance_azimuth(&from, &r.site);
                    if d_r <= ORGANIC_RADAR_DISTANCE_M {
                        let mut moved = if d_r > 0.0 {
                            geodesic::direct(&ellipsoid, &to, az_r, d_r)
                        } else {
                            to
                        };
                        moved.alt_m = r.site.alt_m;
                        r.site = moved;
                    }
                }
                scenario.architecture.sites[*k].position = to;
            }
            Target::Site(k, f) => {
                let ellipsoid = scenario_ellipsoid(scenario);
                let s = &mut scenario.architecture.sites[*k];
                match f {
                    PlaceField::LaunchTime => {
                        non_negative("a launch time")?;
                        match &mut s.launch_rule {
                            LaunchRule::AfterThreatLaunch { launch_time_s }
                            | LaunchRule::AfterBurnout { launch_time_s } => *launch_time_s = value,
                            _ => {
                                return Err(
                                    self.invalid(value, "a site launching at a stated time".into())
                                )
                            }
                        }
                    }
                    f => s.position = self.moved(&ellipsoid, &s.position, *f, value)?,
                }
            }
            Target::Radar(k, f) => {
                let ellipsoid = scenario_ellipsoid(scenario);
                let r = &mut scenario.architecture.radars[*k];
                match f {
                    PlaceField::Range => {
                        positive("a detection range")?;
                        r.max_range_m = value * 1000.0;
                    }
                    PlaceField::Boresight => r.boresight_azimuth_rad = value.to_radians(),
                    PlaceField::HalfWidth => {
                        if !(value > 0.0 && value <= 180.0) {
                            return Err(self.invalid(
                                value,
                                "a half-width above 0 and at most 180 degrees".into(),
                            ));
                        }
                        r.half_width_rad = value.to_radians();
                    }
                    PlaceField::TrackTime => {
                        non_negative("a track time")?;
                        r.track_time_s = value;
                    }
                    PlaceField::MinElevation => {
                        if !(-90.0..r.max_elevation_rad.to_degrees()).contains(&value) {
                            return Err(self.invalid(
                                value,
                                format!(
                                    "an elevation from -90 degrees up to the radar's highest ({} degrees)",
                                    r.max_elevation_rad.to_degrees()
                                ),
                            ));
                        }
                        r.min_elevation_rad = value.to_radians();
                    }
                    PlaceField::UncuedFraction => {
                        if !(value > 0.0 && value <= 1.0) {
                            return Err(self.invalid(value, "a share above 0 and at most 1".into()));
                        }
                        r.uncued_range_fraction = value;
                    }
                    f => r.site = self.moved(&ellipsoid, &r.site, *f, value)?,
                }
            }
            Target::Missile(id, booster) => {
                positive("a radar cross-section")?;
                for m in scenario
                    .corridors
                    .iter_mut()
                    .flat_map(|c| c.missiles.iter_mut())
                    .filter(|m| &m.id == id)
                {
                    if *booster {
                        m.signature.booster_rcs_m2 = value;
                    } else {
                        m.signature.reentry_vehicle_rcs_m2 = value;
                    }
                }
            }
        }
        Ok(())
    }

    fn moved(
        &self,
        ellipsoid: &crate::earth::Ellipsoid,
        at: &Geodetic,
        f: PlaceField,
        value: f64,
    ) -> Result<Geodetic, ParamError> {
        Ok(match f {
            PlaceField::Lat => {
                if !(-90.0..=90.0).contains(&value) {
                    return Err(self.invalid(value, "a latitude from -90 to 90 degrees".into()));
                }
                Geodetic {
                    lat_rad: value.to_radians(),
                    ..*at
                }
            }
            PlaceField::Lon => {
                if !(-180.0..=360.0).contains(&value) {
                    return Err(self.invalid(value, "a longitude from -180 to 360 degrees".into()));
                }
                Geodetic {
                    lon_rad: value.to_radians(),
                    ..*at
                }
            }
            PlaceField::Along(azimuth_rad) => {
                if value.abs() > 20_000.0 {
                    return Err(
                        self.invalid(value, "a distance of at most 20,000 km either way".into())
                    );
                }
                let mut g = geodesic::direct(ellipsoid, at, azimuth_rad, value * 1000.0);
                g.alt_m = at.alt_m;
                g
            }
            _ => *at,
        })
    }
}

fn scenario_ellipsoid(scenario: &Scenario) -> crate::earth::Ellipsoid {
    *scenario.model.earth.ellipsoid()
}

fn place_value(at: &Geodetic, f: PlaceField) -> f64 {
    match f {
        PlaceField::Lat => at.lat_deg(),
        PlaceField::Lon => at.lon_deg(),
        _ => 0.0,
    }
}

fn place_field(field: &str, fields: &[(&str, PlaceField)]) -> Option<PlaceField> {
    if let Some(az) = field.strip_prefix("along_km@") {
        let az: f64 = az.parse().ok().filter(|a: &f64| a.is_finite())?;
        return Some(PlaceField::Along(az.to_radians()));
    }
    fields.iter().find(|(n, _)| *n == field).map(|(_, f)| *f)
}

fn fields_msg<'a>(what: &str, fields: impl IntoIterator<Item = &'a str>) -> String {
    format!(
        "{what} offers {}",
        fields.into_iter().collect::<Vec<_>>().join(", ")
    )
}

fn dedup<'a>(v: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for x in v {
        if !out.contains(x) {
            out.push(x);
        }
    }
    out
}

fn flight_msg(e: &FlightError) -> String {
    e.to_string()
}

/// `spec` with every stage's specific impulse scaled by one factor so that its burn-out speed
/// ([`ReachTable::burnout_speed_mps`]) is `target_mps` within [`BURNOUT_SPEED_TOLERANCE_MPS`]; an error in words
/// when no factor gets there (the target is below what the boost's gravity and drag losses allow).
pub fn with_burnout_speed(
    spec: &InterceptorSpec,
    target_mps: f64,
) -> Result<InterceptorSpec, String> {
    let table = spec.reach_table_spec();
    let speed = |k: f64| -> Result<f64, String> {
        let mut rocket = spec.rocket.clone();
        for s in &mut rocket.stages {
            s.isp_vac_s *= k;
        }
        ReachTable::burnout_speed_mps(&rocket, &table).map_err(|e| e.to_string())
    };
    let (mut k0, mut v0) = (1.0, speed(1.0)?);
    if (v0 - target_mps).abs() <= BURNOUT_SPEED_TOLERANCE_MPS {
        return Ok(spec.clone());
    }
    let mut k1 = target_mps / v0;
    for _ in 0..12 {
        if !(k1.is_finite() && k1 > 0.01 && k1 < 100.0) {
            break;
        }
        let v1 = speed(k1)?;
        if (v1 - target_mps).abs() <= BURNOUT_SPEED_TOLERANCE_MPS {
            let mut out = spec.clone();
            for s in &mut out.rocket.stages {
                s.isp_vac_s *= k1;
            }
            return Ok(out);
        }
        let slope = (v1 - v0) / (k1 - k0);
        if slope.abs() < 1e-9 {
            break;
        }
        (k0, v0, k1) = (k1, v1, k1 + (target_mps - v1) / slope);
    }
    Err(format!(
        "no scaling of {}'s specific impulse gives this burn-out speed (its stages' gravity and drag losses allow \
         only faster ones; a burn-out speed of a few hundred m/s or more)",
        spec.id()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_builtin;

    fn third_site() -> Scenario {
        load_builtin("third-site-2007").unwrap().unwrap().scenario
    }

    #[test]
    fn every_listed_path_parses_reads_and_sets_its_own_value() {
        let s = third_site();
        for p in parameter_paths(&s) {
            if p.contains("burnout_speed") {
                continue; // set by a search: its own test below
            }
            let path = ParamPath::parse(&p, &s).unwrap_or_else(|e| panic!("{p}: {e}"));
            let v = path.value(&s).unwrap();
            let mut t = s.clone();
            path.apply(&mut t, v)
                .unwrap_or_else(|e| panic!("{p} = {v}: {e}"));
            let back = path.value(&t).unwrap();
            assert!(
                (back - v).abs() < 1e-9 * v.abs().max(1.0),
                "{p}: {v} -> {back}"
            );
        }
    }

    #[test]
    fn unknown_paths_name_the_nearest_valid_one() {
        let s = third_site();
        let e = ParamPath::parse("interceptors.gbi-2stage.burnout_sped_mps", &s).unwrap_err();
        assert!(
            e.to_string()
                .contains("did you mean `interceptors.gbi-2stage.burnout_speed_mps`"),
            "{e}"
        );
        let e = ParamPath::parse("rules.decision_delay", &s).unwrap_err();
        assert!(e.to_string().contains("rules.decision_delay_s"), "{e}");
        let e = ParamPath::parse("sites.nowhere.lat_deg", &s).unwrap_err();
        assert!(e.to_string().contains("no site `nowhere`"), "{e}");
        assert!(ParamPath::parse("speed", &s).is_err());
    }

    #[test]
    fn impossible_values_are_refused_not_clamped() {
        let s = third_site();
        let mut t = s.clone();
        for (p, v) in [
            ("rules.decision_delay_s", -1.0),
            ("rules.decision_delay_s", f64::NAN),
            ("sites.redzikowo.lat_deg", 95.0),
            ("interceptors.gbi-2stage.max_flight_time_s", 0.0),
            ("interceptors.gbi-2stage.burnout_speed_mps", -5.0),
        ] {
            let path = ParamPath::parse(p, &s).unwrap();
            assert!(path.apply(&mut t, v).is_err(), "{p} = {v} accepted");
        }
        assert_eq!(t, s, "a refused value changes nothing");
    }

    #[test]
    fn a_site_moves_with_its_own_radar_and_leaves_the_others() {
        let s = load_builtin("epaa-phase3-2018").unwrap().unwrap().scenario;
        let path = ParamPath::parse("sites.redzikowo.along_km@245", &s).unwrap();
        let mut t = s.clone();
        path.apply(&mut t, 400.0).unwrap();
        let e = s.model.earth;
        let site = |x: &Scenario| {
            x.architecture
                .sites
                .iter()
                .find(|q| q.name == "redzikowo")
                .unwrap()
                .position
        };
        let radar = |x: &Scenario, id: &str| {
            x.architecture
                .radars
                .iter()
                .find(|r| r.id == id)
                .unwrap()
                .site
        };
        // The organic SPY-1 keeps its offset from the site (0 here: co-located); the TPY-2 in Turkey stays put.
        let (before, _) = e.distance_azimuth(&site(&s), &radar(&s, "redzikowo-spy1"));
        let (after, _) = e.distance_azimuth(&site(&t), &radar(&t, "redzikowo-spy1"));
        assert!((before - after).abs() < 1.0, "{before} {after}");
        assert_eq!(radar(&s, "kurecik-tpy2"), radar(&t, "kurecik-tpy2"));
        let (moved, _) = e.distance_azimuth(&site(&s), &site(&t));
        assert!((moved - 400_000.0).abs() < 1.0);
    }

    #[test]
    fn moving_along_a_geodesic_keeps_the_distance() {
        let s = third_site();
        let path = ParamPath::parse("sites.redzikowo.along_km@45.0", &s).unwrap();
        let mut t = s.clone();
        path.apply(&mut t, 300.0).unwrap();
        let e = s.model.earth.ellipsoid();
        let (d, az) = geodesic::inverse(
            e,
            &s.architecture.sites[0].position,
            &t.architecture.sites[0].position,
        );
        assert!((d - 300_000.0).abs() < 1e-3, "{d}");
        assert!((az.to_degrees() - 45.0).abs() < 1e-6, "{}", az.to_degrees());
    }

    #[test]
    fn burnout_speed_is_set_within_tolerance_and_rises_with_the_impulse() {
        let s = third_site();
        let path = ParamPath::parse("interceptors.gbi-2stage.burnout_speed_mps", &s).unwrap();
        let nominal = path.value(&s).unwrap();
        for target in [nominal - 800.0, nominal + 1500.0] {
            let mut t = s.clone();
            path.apply(&mut t, target).unwrap();
            let got = path.value(&t).unwrap();
            assert!(
                (got - target).abs() <= BURNOUT_SPEED_TOLERANCE_MPS,
                "{target}: {got}"
            );
            // Masses, burn times and steering are untouched; only the impulse moved, in the target's direction.
            let (a, b) = (
                &s.architecture.sites[0].interceptor.rocket,
                &t.architecture.sites[0].interceptor.rocket,
            );
            for (x, y) in a.stages.iter().zip(&b.stages) {
                assert_eq!(
                    (x.gross_mass_kg, x.burn_time_s),
                    (y.gross_mass_kg, y.burn_time_s)
                );
                assert_eq!(y.isp_vac_s > x.isp_vac_s, target > nominal);
            }
        }
        let mut t = s.clone();
        assert!(
            path.apply(&mut t, 10.0).is_err(),
            "10 m/s is below the gravity losses"
        );
    }
}
