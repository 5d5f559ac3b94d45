//! The one error type of the crate.

use thiserror::Error;

/// Why a figure could not be drawn. Every public function validates its input and returns one of these instead of
/// panicking.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum VizError {
    /// An input was empty, out of range or not finite. The message names the field and what is allowed.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The requested image size is outside what the renderer accepts.
    #[error("invalid image size {width_px}x{height_px} px: each side must be between {min_px} and {max_px} px")]
    InvalidSize {
        /// Requested width (px).
        width_px: u32,
        /// Requested height (px).
        height_px: u32,
        /// Smallest accepted side (px).
        min_px: u32,
        /// Largest accepted side (px).
        max_px: u32,
    },
    /// The drawing backend (plotters) or the PNG encoder failed.
    #[error("rendering failed: {0}")]
    Render(String),
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for VizError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        VizError::Render(e.to_string())
    }
}

/// Shorthand used throughout the crate.
pub(crate) fn invalid(msg: impl Into<String>) -> VizError {
    VizError::InvalidInput(msg.into())
}
