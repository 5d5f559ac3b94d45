//! The one pipeline of a threat trajectory, used by every analysis and front end: solve the targeting (launch point
//! to aim point with a shape), sample the flight, engage it. [`fly`] solves and samples, sorting failures into "out
//! of the missile's reach" (not counted in a share) and "failed" (a solver fault); [`engage_flight`] engages a
//! sampled flight against a scenario's architecture.

use crate::earth::Geodetic;
use crate::flight::targeting::{Targeter, TargetingSolution};
use crate::flight::BoostControls;
use crate::flight::{FlightError, SampledTrajectory, Shape};
use crate::intercept::{engage, Architecture, Engagement};
use crate::scenario::Scenario;
use crate::sensors::Signature;

use super::AssessError;

/// Why a threat trajectory was not flown.
#[derive(Debug, Clone)]
pub enum NotFlown {
    /// The aim is beyond the missile's reach with the shape (or the shape cannot be flown): not a fault, and not
    /// counted in a share.
    OutOfRange(FlightError),
    /// The targeting or the sampling failed (no convergence, an integration failure, no impact).
    Failed(FlightError),
}

impl NotFlown {
    /// The flight error behind it.
    pub fn error(&self) -> &FlightError {
        match self {
            NotFlown::OutOfRange(e) | NotFlown::Failed(e) => e,
        }
    }
}

/// One threat trajectory: the targeting solution (kept to warm-start the next aim, even when the sampling failed)
/// and the sampled flight.
#[derive(Debug)]
pub struct Flight {
    /// The targeting solution, when the solve converged.
    pub solution: Option<TargetingSolution>,
    /// The sampled flight, or why there is none.
    pub path: Result<SampledTrajectory, NotFlown>,
}

/// Solves the trajectory from `launch` to `aim` with `shape` (warm-started from `warm` when given) and samples it.
pub fn fly(
    targeter: &Targeter,
    launch: &Geodetic,
    aim: &Geodetic,
    shape: Shape,
    warm: Option<&TargetingSolution>,
) -> Flight {
    fly_guided(targeter, launch, aim, shape, warm, None)
}

/// [`fly`] with a guess of the controls (see [`Targeter::solve_guided`]).
pub fn fly_guided(
    targeter: &Targeter,
    launch: &Geodetic,
    aim: &Geodetic,
    shape: Shape,
    warm: Option<&TargetingSolution>,
    guess: Option<&BoostControls>,
) -> Flight {
    match targeter.solve_guided(launch, aim, shape, warm, guess) {
        Ok(sol) => {
            let path =
                SampledTrajectory::of_solution(targeter, launch, &sol).map_err(NotFlown::Failed);
            Flight {
                solution: Some(sol),
                path,
            }
        }
        Err(
            e @ (FlightError::OutOfReach { .. }
            | FlightError::ShapeUnreachable(_)
            | FlightError::InvalidInput { .. }),
        ) => Flight {
            solution: None,
            path: Err(NotFlown::OutOfRange(e)),
        },
        Err(e) => Flight {
            solution: None,
            path: Err(NotFlown::Failed(e)),
        },
    }
}

/// Engages the threat flying `path` with radar cross-sections `signature` by `arch`, on the scenario's Earth model;
/// an architecture the engagement rejects is an error of the scenario, named.
pub fn engage_flight(
    scenario: &Scenario,
    arch: &Architecture,
    path: &SampledTrajectory,
    signature: Signature,
) -> Result<Engagement, AssessError> {
    engage(&scenario.model.earth, arch, path, signature).map_err(|error| {
        AssessError::Architecture {
            scenario: scenario.name.clone(),
            error: Box::new(error),
        }
    })
}
