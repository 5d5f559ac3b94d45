//! What a threat looks like to the sensors: its radar cross-section in each phase of flight.
//!
//! At point-mass fidelity a threat has two radar targets: the boosting missile (the whole rocket body, large) and,
//! after burn-out, the re-entry vehicle (small, nose-on to most radars). Aspect dependence and the spent stages,
//! debris and decoys that follow the re-entry vehicle are out of scope: the radar tracks the re-entry vehicle.

use super::radar::SensorError;

/// A threat's radar cross-section by phase, m².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signature {
    /// Radar cross-section of the missile while it boosts, m².
    pub booster_rcs_m2: f64,
    /// Radar cross-section of the re-entry vehicle after burn-out, m².
    pub reentry_vehicle_rcs_m2: f64,
}

impl Signature {
    /// Radar cross-section (m²) at time `t_s` of a threat that burns out at `burnout_t_s`.
    pub fn rcs_m2(&self, t_s: f64, burnout_t_s: f64) -> f64 {
        if t_s < burnout_t_s {
            self.booster_rcs_m2
        } else {
            self.reentry_vehicle_rcs_m2
        }
    }

    /// Checks both cross-sections are finite and above 0; `owner` (a missile id) prefixes the field name.
    pub fn validate(&self, owner: &str) -> Result<(), SensorError> {
        for (key, v) in [
            ("booster_rcs_m2", self.booster_rcs_m2),
            ("reentry_vehicle_rcs_m2", self.reentry_vehicle_rcs_m2),
        ] {
            if !v.is_finite() || v <= 0.0 {
                return Err(SensorError::InvalidInput {
                    field: format!("{owner}: {key}"),
                    value: v.to_string(),
                    expected: "a radar cross-section must be a finite number of m² above 0".into(),
                });
            }
        }
        Ok(())
    }
}
