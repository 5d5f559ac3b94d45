//! Space-based early warning: infrared satellites see a boosting missile's plume.
//!
//! Model: the constellation reports a launch `detection_delay_s` after lift-off (time to detect the plume, confirm
//! it and relay the report), provided the missile is still boosting then; a missile that burns out sooner is never
//! reported. The report is a cue: from that moment radars search along the predicted path with their full range
//! instead of their uncued search range ([`Radar::uncued_range_fraction`](super::Radar::uncued_range_fraction)).
//! Early warning never gives a fire-control track: it cannot commit an interceptor on its own.

use super::radar::SensorError;

/// A space-based early-warning constellation with global coverage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EarlyWarning {
    /// Time from lift-off to the cue reaching the radars, s.
    pub detection_delay_s: f64,
}

impl EarlyWarning {
    /// Generic delay from lift-off to the cue, s: plume detection takes tens of seconds (the plume must clear
    /// the clouds) and the report another few tens; generic, not a published figure.
    pub const GENERIC_DELAY_S: f64 = 60.0;

    /// The time (s after lift-off) at which the cue reaches the radars, or None if the missile burns out
    /// (at `burnout_t_s`) before it can be reported.
    pub fn cue_time_s(&self, burnout_t_s: f64) -> Option<f64> {
        (self.detection_delay_s <= burnout_t_s).then_some(self.detection_delay_s)
    }

    /// Checks the delay is finite and ≥ 0.
    pub fn validate(&self) -> Result<(), SensorError> {
        if !self.detection_delay_s.is_finite() || self.detection_delay_s < 0.0 {
            return Err(SensorError::InvalidInput {
                field: "early_warning detection_delay_s".into(),
                value: self.detection_delay_s.to_string(),
                expected: "the delay must be a finite number of seconds, 0 or more".into(),
            });
        }
        Ok(())
    }
}

impl Default for EarlyWarning {
    fn default() -> Self {
        Self {
            detection_delay_s: Self::GENERIC_DELAY_S,
        }
    }
}
