//! Flight: the integrator, free flight and re-entry, staged-rocket boost, and targeting.
//!
//! All models are point-mass kinematics integrated in the ECI frame of `docs/conventions.md`, "Frames" (aligned with
//! ECEF at the flight's t = 0), where no fictitious forces appear; the air co-rotates with the Earth, so drag acts on
//! the velocity relative to the rotating Earth.

pub mod dop853;
pub mod free_flight;
pub(crate) mod propagate;
pub mod rocket;
pub mod sampled;
pub mod state;
pub(crate) mod surrogate;
pub mod targeting;

pub use free_flight::{FlightOptions, FreeFlight};
pub use propagate::{PathPoint, RecordedPath, Sample};
pub use rocket::{BoostControls, Missile, Stage};
pub use sampled::SampledTrajectory;
pub use state::LaunchState;
pub use targeting::{Shape, TargetingSolution};

use dop853::IntegrationError;

/// Why a flight computation failed. Messages are complete sentences a user can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FlightError {
    /// An input value is outside what is physically possible or allowed.
    #[error("{field} = {value}: {expected}")]
    InvalidInput {
        /// The input's name as the user knows it (a CLI flag or a file key).
        field: String,
        /// The offending value, as text.
        value: String,
        /// What is allowed, and a hint.
        expected: String,
    },
    /// The trajectory never comes back to the ground (orbital or too long).
    #[error("the trajectory does not return to Earth: {reason}")]
    NoImpact {
        /// Why: orbital perigee above the surface, or no impact within the time limit.
        reason: String,
    },
    /// The integrator could not meet its tolerance.
    #[error("integration failed: {0}; the requested tolerance cannot be met for this trajectory (try a looser tolerance)")]
    Integration(#[from] IntegrationError),
    /// The aim point is beyond the missile's reach for the requested shape.
    #[error("aim point out of reach: it is {aim_range_km:.0} km away but the {missile} reaches at most {max_range_km:.0} km in that direction (azimuth {azimuth_deg:.1}°){hint}")]
    OutOfReach {
        /// Missile id.
        missile: String,
        /// Ground distance from launch to aim, km.
        aim_range_km: f64,
        /// Maximum range in that direction, km.
        max_range_km: f64,
        /// Launch azimuth, degrees clockwise from north.
        azimuth_deg: f64,
        /// Extra words (may be empty).
        hint: String,
    },
    /// The aim is within reach, but not with the requested trajectory shape.
    #[error("{0}")]
    ShapeUnreachable(String),
    /// The targeting iteration did not converge.
    #[error("targeting did not converge: {0}")]
    NoConvergence(String),
}

/// Builds an [`FlightError::InvalidInput`].
pub(crate) fn invalid(field: &str, value: impl std::fmt::Display, expected: &str) -> FlightError {
    FlightError::InvalidInput {
        field: field.to_string(),
        value: crate::text::compact_value(value.to_string()),
        expected: expected.to_string(),
    }
}
