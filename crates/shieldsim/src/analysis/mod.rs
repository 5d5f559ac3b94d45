//! Analysis over many trajectories: scenario assessments (and, in later layers, footprints and assurance limits).

pub mod assess;

pub use assess::{
    assess, build_architecture, trajectory_count, AssessError, AssessOptions, CorridorAssessment,
    InterceptSummary, Outcome, ScenarioAssessment, TrajectoryCache, TrajectoryRecord,
};
