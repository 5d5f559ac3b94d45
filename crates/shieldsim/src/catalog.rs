//! The built-in catalogue: missiles (threats), interceptors and radars, as TOML entries embedded in the binary, each
//! parameter citing an open source or listed as generic (`catalog/missiles.toml`, `catalog/interceptors.toml`,
//! `catalog/radars.toml`).
//!
//! Units are in the key names. A stage's reference area is π·d²/4 from `diameter_m`; its drag coefficient is
//! `drag_coefficient` (constant) or `cd_mach` ((Mach, C_D) pairs, interpolated by monotone cubic splines), 0.3 if
//! neither is given (generic). Missiles and interceptors share the stage and guidance tables ([`StageEntry`],
//! [`GuidanceEntry`]); an interceptor's payload is its kill vehicle ([`interceptors`]). A catalogue radar has no site
//! or boresight: a scenario places it ([`RadarEntry::to_radar`]).
//!
//! Every entry is checked when the catalogue is loaded: each missile and interceptor converts to a valid engine
//! model, each radar to a valid [`Radar`](crate::sensors::Radar) at a placeholder site, and ids are unique.

pub mod interceptors;
pub mod physical_limits;
pub mod radars;

pub use interceptors::{InterceptorEntry, KillVehicleEntry, LaunchEntry};
pub use radars::RadarEntry;

use serde::Deserialize;

use crate::earth::{EarthModel, Geodetic, GravityModel, Shape};
use crate::flight::rocket::{CdTable, DragCoefficient, Guidance, Missile, Payload, Stage};
use crate::flight::targeting::Targeter;
use crate::flight::{BoostControls, FlightError, LaunchState};
use crate::sensors::{SensorError, Signature};

/// The built-in missile catalogue, TOML.
pub const MISSILES_TOML: &str = include_str!("../catalog/missiles.toml");

/// The built-in interceptor catalogue, TOML.
pub const INTERCEPTORS_TOML: &str = include_str!("../catalog/interceptors.toml");

/// The built-in radar catalogue, TOML.
pub const RADARS_TOML: &str = include_str!("../catalog/radars.toml");

/// Default drag coefficient of a stage when the entry gives none (generic).
pub const GENERIC_DRAG_COEFFICIENT: f64 = 0.3;

/// Errors of the catalogue. `kind` is `missile`, `interceptor` or `radar`.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The TOML does not parse or does not match the schema.
    #[error("{kind} catalogue: {source}")]
    Parse {
        /// Which catalogue.
        kind: &'static str,
        /// The parser's message (with line and column).
        source: toml::de::Error,
    },
    /// An entry is physically impossible.
    #[error("{kind} catalogue: {source}")]
    Invalid {
        /// Which catalogue.
        kind: &'static str,
        /// What is wrong, naming the entry and the parameter.
        source: FlightError,
    },
    /// A sensor parameter (radar, or a missile's radar signature) is impossible.
    #[error("{kind} catalogue: {source}")]
    InvalidSensor {
        /// Which catalogue.
        kind: &'static str,
        /// What is wrong, naming the entry and the parameter.
        source: SensorError,
    },
    /// Two entries of one catalogue share an id.
    #[error("{kind} catalogue: the id '{id}' is used by more than one entry; ids must be unique")]
    DuplicateId {
        /// Which catalogue.
        kind: &'static str,
        /// The repeated id.
        id: String,
    },
    /// No entry with that id.
    #[error("unknown {kind} id '{id}'{suggestion}; known ids: {known}")]
    UnknownId {
        /// Which catalogue.
        kind: &'static str,
        /// The id asked for.
        id: String,
        /// ", did you mean 'x'?" or empty.
        suggestion: String,
        /// All ids, comma separated.
        known: String,
    },
}

/// One catalogue entry as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissileEntry {
    /// Unique id used on the command line.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Range class: SRBM, MRBM, IRBM or ICBM (US Missile Defense Agency classes).
    pub class: String,
    /// Propellant: liquid or solid.
    pub propellant: String,
    /// What the entry models.
    #[serde(default)]
    pub description: String,
    /// The published maximum range, km.
    pub published_max_range_km: f64,
    /// Where the published range comes from.
    pub published_max_range_source: String,
    /// Published burn-out speed, m/s, if one was found.
    #[serde(default)]
    pub published_burnout_speed_mps: Option<f64>,
    /// Its source.
    #[serde(default)]
    pub published_burnout_speed_source: Option<String>,
    /// Published apogee, km, if one was found.
    #[serde(default)]
    pub published_apogee_km: Option<f64>,
    /// Its source.
    #[serde(default)]
    pub published_apogee_source: Option<String>,
    /// Every source the entry uses.
    pub sources: Vec<String>,
    /// The payload (re-entry vehicle).
    pub payload: PayloadEntry,
    /// Radar cross-sections while boosting and after burn-out.
    pub signature: SignatureEntry,
    /// Boost steering.
    pub guidance: GuidanceEntry,
    /// Stages, first stage first.
    pub stage: Vec<StageEntry>,
}

/// A missile's radar signature as written in the file (see [`Signature`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureEntry {
    /// Radar cross-section of the boosting missile, m².
    pub booster_rcs_m2: f64,
    /// Radar cross-section of the re-entry vehicle (or of whatever re-enters) after burn-out, m².
    pub reentry_vehicle_rcs_m2: f64,
    /// Source of the numbers.
    pub source: String,
    /// Keys whose values are generic.
    #[serde(default)]
    pub generic: Vec<String>,
}

/// A payload as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayloadEntry {
    /// Mass, kg.
    pub mass_kg: f64,
    /// Ballistic coefficient, kg/m².
    pub beta_kg_m2: f64,
    /// Source of the numbers.
    pub source: String,
    /// Keys whose values are generic.
    #[serde(default)]
    pub generic: Vec<String>,
}

/// Guidance as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceEntry {
    /// Vertical rise, s.
    pub vertical_rise_s: f64,
    /// Pitch-kick duration, s.
    pub pitch_kick_duration_s: f64,
    /// Source of the numbers.
    pub source: String,
    /// Keys whose values are generic.
    #[serde(default)]
    pub generic: Vec<String>,
}

/// A stage as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageEntry {
    /// Stage mass with propellant, kg.
    pub gross_mass_kg: f64,
    /// Propellant mass, kg.
    pub propellant_mass_kg: f64,
    /// Burn time, s.
    pub burn_time_s: f64,
    /// Vacuum specific impulse, s (give this or `thrust_vac_kn`).
    #[serde(default)]
    pub isp_vac_s: Option<f64>,
    /// Vacuum thrust, kN (give this or `isp_vac_s`; Isp = T / (ṁ·g0) with ṁ = propellant / burn time).
    #[serde(default)]
    pub thrust_vac_kn: Option<f64>,
    /// Nozzle exit area, m².
    #[serde(default)]
    pub nozzle_exit_area_m2: f64,
    /// Body diameter, m.
    pub diameter_m: f64,
    /// Constant drag coefficient.
    #[serde(default)]
    pub drag_coefficient: Option<f64>,
    /// (Mach, C_D) pairs.
    #[serde(default)]
    pub cd_mach: Option<Vec<[f64; 2]>>,
    /// Source of the numbers.
    pub source: String,
    /// Keys whose values are generic.
    #[serde(default)]
    pub generic: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    missile: Vec<MissileEntry>,
}

impl StageEntry {
    /// The engine stage; `owner` (`<id>: stage <n>`) prefixes error messages.
    fn to_stage(&self, owner: &str) -> Result<Stage, FlightError> {
        if !self.diameter_m.is_finite() || self.diameter_m <= 0.0 {
            return Err(crate::flight::invalid(
                &format!("{owner} diameter_m"),
                self.diameter_m,
                "a stage diameter: a finite number of metres above 0",
            ));
        }
        let isp_vac_s = match (self.isp_vac_s, self.thrust_vac_kn) {
            (Some(isp), None) => isp,
            (None, Some(thrust)) => {
                thrust * 1000.0 * self.burn_time_s
                    / (self.propellant_mass_kg * crate::earth::constants::G0_M_S2)
            }
            (Some(isp), Some(thrust)) => return Err(crate::flight::invalid(
                &format!("{owner} isp_vac_s and thrust_vac_kn"),
                format!(
                    "both given ({} s, {} kN)",
                    crate::text::number(isp),
                    crate::text::number(thrust)
                ),
                "exactly one of the vacuum specific impulse isp_vac_s (s) and the vacuum thrust \
                     thrust_vac_kn (kN)",
            )),
            (None, None) => return Err(crate::flight::invalid(
                &format!("{owner} isp_vac_s and thrust_vac_kn"),
                "neither given",
                "exactly one of the vacuum specific impulse isp_vac_s (s) and the vacuum thrust \
                     thrust_vac_kn (kN)",
            )),
        };
        Ok(Stage {
            gross_mass_kg: self.gross_mass_kg,
            propellant_mass_kg: self.propellant_mass_kg,
            burn_time_s: self.burn_time_s,
            isp_vac_s,
            nozzle_exit_area_m2: self.nozzle_exit_area_m2,
            reference_area_m2: std::f64::consts::PI * self.diameter_m * self.diameter_m / 4.0,
            drag: match &self.cd_mach {
                Some(t) => DragCoefficient::MachTable(CdTable::new(
                    t.iter().map(|p| (p[0], p[1])).collect(),
                )),
                None => DragCoefficient::Constant(
                    self.drag_coefficient.unwrap_or(GENERIC_DRAG_COEFFICIENT),
                ),
            },
        })
    }
}

/// The engine's staged rocket `id` from catalogue tables (validated): stages first to last, the payload (a
/// missile's re-entry vehicle or an interceptor's kill vehicle) and the boost guidance.
pub(crate) fn staged_rocket(
    id: &str,
    stages: &[StageEntry],
    payload: Payload,
    guidance: &GuidanceEntry,
) -> Result<Missile, FlightError> {
    let stages = stages
        .iter()
        .enumerate()
        .map(|(i, s)| s.to_stage(&format!("{id}: stage {}", i + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    let m = Missile {
        id: id.to_string(),
        stages,
        payload,
        guidance: Guidance {
            vertical_rise_s: guidance.vertical_rise_s,
            pitch_kick_duration_s: guidance.pitch_kick_duration_s,
        },
    };
    m.validate()?;
    physical_limits::check_rocket(&m)?;
    Ok(m)
}

impl MissileEntry {
    /// The engine model of this entry (validated).
    pub fn to_missile(&self) -> Result<Missile, FlightError> {
        staged_rocket(
            &self.id,
            &self.stage,
            Payload {
                mass_kg: self.payload.mass_kg,
                beta_kg_m2: self.payload.beta_kg_m2,
            },
            &self.guidance,
        )
    }

    /// The missile's radar cross-sections (not validated here: the catalogue checks them at load, see
    /// [`Signature::validate`]).
    pub fn signature(&self) -> Signature {
        Signature {
            booster_rcs_m2: self.signature.booster_rcs_m2,
            reentry_vehicle_rcs_m2: self.signature.reentry_vehicle_rcs_m2,
        }
    }
}

/// A missile's nominal performance: its longest full-burn flight on a non-rotating WGS 84 Earth with J2 and drag,
/// launched due north from the equator (free of the Earth-rotation bonus or penalty of any real direction).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NominalPerformance {
    /// Maximum ground range, m.
    pub max_range_m: f64,
    /// Speed at burn-out of that flight, m/s.
    pub burnout_speed_mps: f64,
    /// Burn-out time, s.
    pub burnout_time_s: f64,
    /// Pitch kick of that flight, rad.
    pub pitch_kick_rad: f64,
}

impl NominalPerformance {
    /// Computes the nominal performance of a (valid) missile.
    pub fn of(missile: &Missile) -> Result<Self, FlightError> {
        let earth = EarthModel::new(Shape::Wgs84, false, GravityModel::J2);
        let site = Geodetic::from_degrees(0.0, 0.0, 0.0);
        let t = Targeter::new(earth, missile, true);
        let (max_range_m, kick) = t.max_range(&site, 0.0)?;
        let controls = BoostControls {
            azimuth_rad: 0.0,
            pitch_kick_rad: kick,
            cutoff_s: missile.total_burn_time_s(),
        };
        let b = t.fly(&site, &controls, &[])?.burnout;
        Ok(Self {
            max_range_m,
            burnout_speed_mps: LaunchState::from_inertial(&earth, b.t_s, &b.r_eci, &b.v_eci)
                .speed_mps,
            burnout_time_s: b.t_s,
            pitch_kick_rad: kick,
        })
    }
}

/// A parsed catalogue.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Threat missiles, in file order.
    pub missiles: Vec<MissileEntry>,
    /// Interceptors, in file order.
    pub interceptors: Vec<InterceptorEntry>,
    /// Radars, in file order.
    pub radars: Vec<RadarEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InterceptorFile {
    interceptor: Vec<InterceptorEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RadarFile {
    radar: Vec<RadarEntry>,
}

impl Catalog {
    /// The built-in catalogue: missiles, interceptors and radars.
    pub fn builtin() -> Result<Self, CatalogError> {
        Self::from_toml_parts(MISSILES_TOML, INTERCEPTORS_TOML, RADARS_TOML)
    }

    /// A catalogue of missiles only, from the TOML text of a missile file; every entry is validated.
    pub fn from_toml(missiles: &str) -> Result<Self, CatalogError> {
        Ok(Self {
            missiles: Self::parse_missiles(missiles)?,
            interceptors: Vec::new(),
            radars: Vec::new(),
        })
    }

    /// A catalogue from the TOML texts of a missile, an interceptor and a radar file (the schemas of the built-in
    /// files); every entry is validated.
    pub fn from_toml_parts(
        missiles: &str,
        interceptors: &str,
        radars: &str,
    ) -> Result<Self, CatalogError> {
        let missiles = Self::parse_missiles(missiles)?;

        const KIND: &str = "interceptor";
        let interceptors: InterceptorFile = toml::from_str(interceptors)
            .map_err(|source| CatalogError::Parse { kind: KIND, source })?;
        for e in &interceptors.interceptor {
            e.validate()
                .map_err(|source| CatalogError::Invalid { kind: KIND, source })?;
        }
        unique_ids(KIND, interceptors.interceptor.iter().map(|e| e.id.as_str()))?;

        const RADAR: &str = "radar";
        let radars: RadarFile = toml::from_str(radars).map_err(|source| CatalogError::Parse {
            kind: RADAR,
            source,
        })?;
        for e in &radars.radar {
            e.validate().map_err(|source| CatalogError::InvalidSensor {
                kind: RADAR,
                source,
            })?;
        }
        unique_ids(RADAR, radars.radar.iter().map(|e| e.id.as_str()))?;

        Ok(Self {
            missiles,
            interceptors: interceptors.interceptor,
            radars: radars.radar,
        })
    }

    fn parse_missiles(text: &str) -> Result<Vec<MissileEntry>, CatalogError> {
        const KIND: &str = "missile";
        let file: CatalogFile =
            toml::from_str(text).map_err(|source| CatalogError::Parse { kind: KIND, source })?;
        for m in &file.missile {
            m.to_missile()
                .map_err(|source| CatalogError::Invalid { kind: KIND, source })?;
            m.signature()
                .validate(&m.id)
                .map_err(|source| CatalogError::InvalidSensor { kind: KIND, source })?;
        }
        unique_ids(KIND, file.missile.iter().map(|m| m.id.as_str()))?;
        Ok(file.missile)
    }

    /// The missile with this id, or an error suggesting the nearest id.
    pub fn missile(&self, id: &str) -> Result<&MissileEntry, CatalogError> {
        find("missile", &self.missiles, id, |m| &m.id)
    }

    /// The interceptor with this id, or an error suggesting the nearest id.
    pub fn interceptor(&self, id: &str) -> Result<&InterceptorEntry, CatalogError> {
        find("interceptor", &self.interceptors, id, |e| &e.id)
    }

    /// The radar with this id, or an error suggesting the nearest id.
    pub fn radar(&self, id: &str) -> Result<&RadarEntry, CatalogError> {
        find("radar", &self.radars, id, |e| &e.id)
    }
}

/// The entry of `entries` whose id is `id`, or [`CatalogError::UnknownId`] with the nearest id and the known ones.
fn find<'a, T>(
    kind: &'static str,
    entries: &'a [T],
    id: &str,
    id_of: impl Fn(&T) -> &String,
) -> Result<&'a T, CatalogError> {
    entries.iter().find(|e| id_of(e) == id).ok_or_else(|| {
        let ids: Vec<&str> = entries.iter().map(|e| id_of(e).as_str()).collect();
        CatalogError::UnknownId {
            kind,
            id: id.to_string(),
            suggestion: nearest(id, &ids)
                .map_or(String::new(), |n| format!(", did you mean '{n}'?")),
            known: ids.join(", "),
        }
    })
}

/// [`CatalogError::DuplicateId`] for the first id that appears twice.
fn unique_ids<'a>(
    kind: &'static str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<(), CatalogError> {
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(CatalogError::DuplicateId {
                kind,
                id: id.to_string(),
            });
        }
    }
    Ok(())
}

/// The candidate nearest to `word`, if reasonably near: a candidate that contains `word` or is contained in it
/// (ignoring case) first (`tpy-2` → `an-tpy-2`), else the nearest by edit distance if at most half its length away.
/// Ties go to the alphabetically first candidate.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| {
            let lower = c.to_lowercase();
            let overlaps = !word.is_empty() && (lower.contains(&word) || word.contains(&lower));
            (!overlaps, levenshtein(&word, &lower), *c)
        })
        .min()
        .filter(|(apart, d, c)| !apart || *d <= c.len().max(word.len()) / 2)
        .map(|(_, _, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let ids = ["scud-b", "shahab-3", "icbm-solid-3", "icbm-liquid"];
        assert_eq!(nearest("scud", &ids), Some("scud-b"));
        assert_eq!(nearest("icbm-solid", &ids), Some("icbm-solid-3"));
        assert_eq!(nearest("shahab3", &ids), Some("shahab-3"));
        assert_eq!(nearest("zzzzzzzzzz", &ids), None);
        let radars = ["an-tpy-2", "spy-1", "uewr", "uewr-fylingdales"];
        assert_eq!(nearest("tpy-2", &radars), Some("an-tpy-2"));
        assert_eq!(nearest("SPY-1", &radars), Some("spy-1"));
        assert_eq!(nearest("fylingdales", &radars), Some("uewr-fylingdales"));
        assert_eq!(nearest("", &radars), None);
    }
}
