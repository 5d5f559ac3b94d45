//! The missile catalogue: TOML entries embedded in the binary, each parameter citing an open source or listed as
//! generic (`catalog/missiles.toml`).
//!
//! Units are in the key names. A stage's reference area is π·d²/4 from `diameter_m`; its drag coefficient is
//! `drag_coefficient` (constant) or `cd_mach` ((Mach, C_D) pairs, interpolated by monotone cubic splines), 0.3 if neither is given (generic).

use serde::Deserialize;

use crate::earth::{EarthModel, Geodetic, GravityModel, Shape};
use crate::flight::rocket::{CdTable, DragCoefficient, Guidance, Missile, Payload, Stage};
use crate::flight::targeting::Targeter;
use crate::flight::{BoostControls, FlightError, LaunchState};

/// The built-in missile catalogue, TOML.
pub const MISSILES_TOML: &str = include_str!("../catalog/missiles.toml");

/// Default drag coefficient of a stage when the entry gives none (generic).
pub const GENERIC_DRAG_COEFFICIENT: f64 = 0.3;

/// Errors of the catalogue.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The TOML does not parse or does not match the schema.
    #[error("missile catalogue: {0}")]
    Parse(#[from] toml::de::Error),
    /// An entry is physically impossible.
    #[error("missile catalogue: {0}")]
    Invalid(#[from] FlightError),
    /// No entry with that id.
    #[error("unknown missile id '{id}'{suggestion}; known ids: {known}")]
    UnknownId {
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
    /// Boost steering.
    pub guidance: GuidanceEntry,
    /// Stages, first stage first.
    pub stage: Vec<StageEntry>,
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

impl MissileEntry {
    /// The engine model of this entry (validated).
    pub fn to_missile(&self) -> Result<Missile, FlightError> {
        let mut stages = Vec::with_capacity(self.stage.len());
        for (i, s) in self.stage.iter().enumerate() {
            let isp_vac_s = match (s.isp_vac_s, s.thrust_vac_kn) {
                (Some(isp), None) => isp,
                (None, Some(thrust)) => {
                    thrust * 1000.0 * s.burn_time_s / (s.propellant_mass_kg * crate::earth::constants::G0_M_S2)
                }
                (a, b) => {
                    return Err(crate::flight::invalid(
                        &format!("{}: stage {} isp_vac_s / thrust_vac_kn", self.id, i + 1),
                        format!("{a:?} / {b:?}"),
                        "give exactly one of the vacuum specific impulse (s) and the vacuum thrust (kN)",
                    ))
                }
            };
            stages.push(Stage {
                gross_mass_kg: s.gross_mass_kg,
                propellant_mass_kg: s.propellant_mass_kg,
                burn_time_s: s.burn_time_s,
                isp_vac_s,
                nozzle_exit_area_m2: s.nozzle_exit_area_m2,
                reference_area_m2: std::f64::consts::PI * s.diameter_m * s.diameter_m / 4.0,
                drag: match &s.cd_mach {
                    Some(t) => DragCoefficient::MachTable(CdTable::new(
                        t.iter().map(|p| (p[0], p[1])).collect(),
                    )),
                    None => DragCoefficient::Constant(
                        s.drag_coefficient.unwrap_or(GENERIC_DRAG_COEFFICIENT),
                    ),
                },
            });
        }
        let m = Missile {
            id: self.id.clone(),
            stages,
            payload: Payload {
                mass_kg: self.payload.mass_kg,
                beta_kg_m2: self.payload.beta_kg_m2,
            },
            guidance: Guidance {
                vertical_rise_s: self.guidance.vertical_rise_s,
                pitch_kick_duration_s: self.guidance.pitch_kick_duration_s,
            },
        };
        m.validate()?;
        Ok(m)
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
    /// Entries in file order.
    pub missiles: Vec<MissileEntry>,
}

impl Catalog {
    /// The built-in catalogue.
    pub fn builtin() -> Result<Self, CatalogError> {
        Self::from_toml(MISSILES_TOML)
    }

    /// A catalogue from TOML text; every entry is validated.
    pub fn from_toml(text: &str) -> Result<Self, CatalogError> {
        let file: CatalogFile = toml::from_str(text)?;
        for m in &file.missile {
            m.to_missile()?;
        }
        Ok(Self {
            missiles: file.missile,
        })
    }

    /// The entry with this id, or an error suggesting the nearest ids.
    pub fn missile(&self, id: &str) -> Result<&MissileEntry, CatalogError> {
        self.missiles.iter().find(|m| m.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.missiles.iter().map(|m| m.id.as_str()).collect();
            CatalogError::UnknownId {
                id: id.to_string(),
                suggestion: nearest(id, &ids)
                    .map_or(String::new(), |n| format!(", did you mean '{n}'?")),
                known: ids.join(", "),
            }
        })
    }
}

/// The candidate nearest to `word` by edit distance, if reasonably near (at most half its length away).
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(&word.to_lowercase(), &c.to_lowercase()), *c))
        .min()
        .filter(|(d, c)| *d <= c.len().max(word.len()) / 2 || c.contains(word) || word.contains(*c))
        .map(|(_, c)| c)
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
    }
}
