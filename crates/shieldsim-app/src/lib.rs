//! # shieldsim-app
//!
//! The application layer of shieldsim, between the engine (`shieldsim`: physics, scenarios, analyses) and its front
//! ends (the `shieldsim` command line, the Python package, the web viewer). It holds:
//!
//! - one entry point per job (a request in, a result out; progress and cancellation through [`Control`]);
//! - the result documents (`Serialize`, units in every field name) that the front ends print, return or serve;
//! - the writers of every output file (CSV, Parquet, GeoJSON, KML, CZML, figures, report pages), writing each
//!   `--out` directory as one [`OutputSet`](files::OutputSet) that is swapped in whole or not at all.
//!
//! A front end only turns its inputs into a request, calls the job and shows the result. The layer rule (who may
//! import whom) is written down in `docs/architecture.md`.
#![warn(missing_docs)]
#![warn(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

/// Writes formatted text into a `String` (the application layer renders text; front ends print it).
macro_rules! say {
    ($buf:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = write!($buf, $($arg)*);
    }};
}

/// [`say!`] with a final newline.
macro_rules! sayln {
    ($buf:expr) => {
        $buf.push('\n')
    };
    ($buf:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($buf, $($arg)*);
    }};
}

pub mod assess;
pub mod assess_tables;
pub mod catalog;
pub mod control;
pub mod engage;
pub mod error;
pub mod export;
pub mod figures;
pub mod files;
pub mod flight;
pub mod footprint;
pub mod inputs;
pub mod limits;
pub mod output;
pub mod parts;
pub mod raid;
pub mod report;
pub mod report_files;
pub mod requests;
pub mod scenarios;
pub mod study_figures;
pub mod study_tables;
pub mod sweep;
pub mod uncertainty;
pub mod view;

pub use control::{Control, Progress, Silent};
pub use error::{Error, ErrorKind};
