//! Analysis over many trajectories: scenario assessments, footprints over latitude/longitude grids, sweeps, assurance
//! limits and uncertainty (Monte Carlo) studies.

pub mod assess;
pub mod attrition;
pub mod fly;
pub mod footprint;
pub mod footprint_polygons;

/// Scenario parameters by path: moved to [`crate::scenario::params`] (the scenario file's `[[uncertainty]]` tables
/// name them), kept here under its old name.
pub use crate::scenario::params;
pub use assess::{
    assess, build_architecture, fly_all, percentile, trajectory_count, AssessError, AssessOptions,
    CorridorAssessment, EnablingSensor, InterceptSummary, Outcome, ScenarioAssessment, Spread,
    TrajectoryCache, TrajectoryRecord, UNRECORDED_SENSOR,
};
pub use fly::{engage_flight, fly, Flight, NotFlown};
pub use footprint::{
    footprint, footprint_rows, Footprint, FootprintError, FootprintRequest, FootprintRows, Grid,
    Mode, PointResult, PointStatus, Region,
};
pub use params::{parameter_paths, ParamError, ParamPath};
pub mod sweep;
pub use sweep::{
    range_values, sweep, sweep_grid, sweep_points, Axis, ScenarioSweep, SweepError, SweepPoint,
    SweepPoints,
};
pub mod limits;
pub use limits::{
    default_candidates, limits, rule_limits, rule_statement, statement, Caches, Candidate,
    FlipKind, LimitsRequest, ParamLimit, Probe, RuleLimit, Witness,
};
pub mod uncertainty;
pub use uncertainty::{
    check_request, monte_carlo, Band, CorridorBand, CorridorSample, CorridorTornado, Distribution,
    Evaluations, MonteCarlo, MonteCarloPlan, MonteCarloRequest, ParamSummary, Sample, TornadoEntry,
    UncertainParam, UncertaintyError,
};
