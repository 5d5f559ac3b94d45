//! The one error type of the application layer: what kind of failure (bad input, a fault of the program, or work
//! stopped on request) and one message that names the field, what was expected and a hint. Every front end shows
//! the message as it is: the command line exits 2 / 1 / 130, the Python package raises `ValueError` /
//! `RuntimeError` / `KeyboardInterrupt`.

use shieldsim::catalog::CatalogError;
use shieldsim::flight::FlightError;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is wrong (a flag, a file, a value out of range): the user can fix it.
    Input,
    /// The program failed (a file could not be written, a solver did not converge).
    Internal,
    /// The work was stopped on request (Ctrl-C, a cancelled job); nothing was written.
    Cancelled,
}

/// A failure to report: its kind and one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// The message, one line plus a hint where there is one.
    pub message: String,
}

impl Error {
    /// Bad input (`message` names the field, what was expected and a hint).
    pub fn input(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Input,
            message: message.into(),
        }
    }

    /// A fault of the program, not of the input.
    pub fn internal(message: impl std::fmt::Display) -> Self {
        Self {
            kind: ErrorKind::Internal,
            message: message.to_string(),
        }
    }

    /// Work stopped on request: nothing was written.
    pub fn cancelled() -> Self {
        Self {
            kind: ErrorKind::Cancelled,
            message: "interrupted: nothing was written".into(),
        }
    }

    /// The conventional exit code of a command-line front end: 2 bad input, 1 internal, 130 interrupted.
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Input => 2,
            ErrorKind::Internal => 1,
            ErrorKind::Cancelled => 130,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<FlightError> for Error {
    fn from(e: FlightError) -> Self {
        match e {
            FlightError::InvalidInput { .. }
            | FlightError::OutOfReach { .. }
            | FlightError::ShapeUnreachable(_)
            | FlightError::NoImpact { .. } => Self::input(e.to_string()),
            FlightError::Integration(_) | FlightError::NoConvergence(_) => Self::internal(e),
        }
    }
}

impl From<CatalogError> for Error {
    fn from(e: CatalogError) -> Self {
        if matches!(e, CatalogError::UnknownId { .. }) {
            Self::input(e.to_string())
        } else {
            Self::internal(e)
        }
    }
}

/// Bad input: `FIELD = VALUE: EXPECTED`.
pub fn bad(field: &str, value: &str, expected: &str) -> Error {
    Error::input(format!("{field} = {value}: {expected}"))
}

/// The error of long work that stopped: [`Error::cancelled`] when it was asked to (`cancelled`), bad input with
/// the reason otherwise.
pub fn stopped(cancelled: bool, reason: &dyn std::fmt::Display) -> Error {
    if cancelled {
        Error::cancelled()
    } else {
        Error::input(reason.to_string())
    }
}
