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
            message: without_os_codes(&message.into()),
        }
    }

    /// A fault of the program, not of the input.
    pub fn internal(message: impl std::fmt::Display) -> Self {
        Self {
            kind: ErrorKind::Internal,
            message: without_os_codes(&message.to_string()),
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

/// `message` without the " (os error N)" that the standard library appends to every system error: the words before
/// it say the same to a person, and the number is debris. Every [`Error`] message passes through here, so no
/// front end shows one.
fn without_os_codes(message: &str) -> String {
    const MARK: &str = " (os error ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + MARK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(')') {
            out.push_str(&rest[..at]);
            rest = &after[digits + 1..];
        } else {
            out.push_str(&rest[..at + MARK.len()]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Why a file could not be read or written, in words: the system's reason, lower-case, without its error number,
/// and for a symbolic-link loop what that means.
pub fn io_reason(e: &std::io::Error) -> String {
    // ELOOP: std has no stable ErrorKind for it yet.
    if e.raw_os_error() == Some(40) && cfg!(target_os = "linux") {
        return "too many levels of symbolic links (a link that points back to itself)".into();
    }
    let text = without_os_codes(&e.to_string());
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if chars.clone().next().is_some_and(char::is_lowercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => text,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_error_numbers_are_dropped_and_nothing_else() {
        let e = std::io::Error::from_raw_os_error(2);
        let m = Error::internal(format!("cannot write out/a.csv: {e}")).message;
        assert!(!m.contains("os error"), "{m}");
        assert!(
            m.starts_with("cannot write out/a.csv: ") && m.len() > 24,
            "{m}"
        );
        // Text that only looks like the mark stays.
        for kept in ["a (os error x)", "b (os error )", "(os error 5", "plain"] {
            assert_eq!(Error::input(kept).message, kept);
        }
        assert_eq!(
            Error::input("x (os error 13) y (os error 2)").message,
            "x y"
        );
        assert!(
            io_reason(&e).starts_with(char::is_lowercase),
            "{}",
            io_reason(&e)
        );
    }
}
