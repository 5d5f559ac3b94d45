//! Analysis over many trajectories: scenario assessments footprints over latitude/longitude grids (and, in a later layer, assurance limits).

pub mod assess;
pub mod footprint;
pub mod footprint_polygons;

pub use assess::{
    assess, build_architecture, trajectory_count, AssessError, AssessOptions, CorridorAssessment,
    InterceptSummary, Outcome, ScenarioAssessment, TrajectoryCache, TrajectoryRecord,
};
pub use footprint::{
    footprint, Footprint, FootprintError, FootprintRequest, Grid, Mode, PointResult, PointStatus,
    Region,
};
