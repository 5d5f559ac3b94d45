//! Scenarios: a defence architecture and the threat corridors it is assessed against.
//!
//! [`model`] holds the validated, SI-unit form the assessment consumes.

pub mod model;

pub use model::{
    ArchitectureSpec, Corridor, ModelOptions, NamedPoint, NamedShape, Scenario, SiteSpec,
    ThreatMissile,
};
