//! Scenarios: a defence architecture and the threat corridors it is assessed against.
//!
//! [`model`] holds the validated, SI-unit form the assessment consumes. [`file`](mod@file) reads it from a TOML file (schema
//! v1, `docs/scenario.md`) with a [`Diagnostic`] for every problem; [`builtin`] holds the embedded scenarios;
//! [`sampling`] turns launch areas and aim regions into points. [`params`] names a scenario's numbers by path (for
//! sweeps, limits and the file's `[[uncertainty]]` tables) and [`distribution`] holds the distributions those tables
//! give. Nothing here imports `analysis`: the studies build on the scenario, not the other way round.
//!
//! ```
//! use shieldsim::scenario::{builtin_toml, parse_scenario};
//!
//! let text = builtin_toml("epaa-phase2-2015").unwrap();
//! let scenario = parse_scenario(text, "epaa-phase2-2015.toml").unwrap();
//! assert_eq!(scenario.name, "epaa-phase2-2015");
//!
//! let err = parse_scenario(&text.replace("lat_deg = 38.34944", "lat_deg = 95.0"), "bad.toml").unwrap_err();
//! assert!(err.to_string().contains("latitude out of range"));
//! ```

mod architecture;
pub mod builtin;
mod corridors;
pub mod diagnostics;
pub mod distribution;
mod fields;
pub mod file;
pub mod model;
mod overrides;
pub mod params;
mod raid;
mod reader;
pub mod sampling;
mod schema;
mod uncertain;

pub use builtin::{
    builtin_file_name, builtin_names, builtin_scenarios, builtin_toml, load_builtin,
    BUILTIN_SCENARIOS,
};
pub use corridors::shape_name;
pub use diagnostics::{Diagnostic, ScenarioError};
pub use file::{
    parse_scenario, parse_scenario_bytes, parse_scenario_full, parse_scenario_with_catalog,
    LoadedScenario, DEFAULT_MAX_TRAJECTORIES_PER_CORRIDOR,
};
pub use model::{
    ArchitectureSpec, Corridor, FileEntry, LinkSpec, ModelOptions, NamedPoint, NamedShape,
    Scenario, SiteSpec, ThreatMissile,
};
pub use raid::{ForceDeclaration, RaidSpec, MAX_WARHEADS_PER_CORRIDOR};
pub use schema::schema_keys;
pub use uncertain::FileUncertainty;
