//! The one error type of the command line: an exit code (2 bad input, 1 internal) and one message.

use shieldsim::catalog::CatalogError;
use shieldsim::flight::FlightError;

/// A failure to report: exit code (2 bad input, 1 internal) and one message.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl From<FlightError> for CliError {
    fn from(e: FlightError) -> Self {
        let code = match e {
            FlightError::InvalidInput { .. }
            | FlightError::OutOfReach { .. }
            | FlightError::ShapeUnreachable(_)
            | FlightError::NoImpact { .. } => 2,
            FlightError::Integration(_) | FlightError::NoConvergence(_) => 1,
        };
        Self {
            code,
            message: e.to_string(),
        }
    }
}

impl From<CatalogError> for CliError {
    fn from(e: CatalogError) -> Self {
        let code = if matches!(e, CatalogError::UnknownId { .. }) {
            2
        } else {
            1
        };
        Self {
            code,
            message: e.to_string(),
        }
    }
}

pub fn bad(field: &str, value: &str, expected: &str) -> CliError {
    CliError {
        code: 2,
        message: format!("{field} = {value}: {expected}"),
    }
}
