//! Writing results: the `--out` directory, atomic writes, and the error of work that stopped.

use std::path::Path;

use indicatif::ProgressBar;
use serde::Serialize;

use crate::errors::CliError;

/// The error of long work that stopped, its progress bar left as it was: exit 130 and nothing written after Ctrl-C
/// (`cancelled`), exit 2 with the reason otherwise.
pub(crate) fn stopped(
    bar: &ProgressBar,
    cancelled: bool,
    reason: &dyn std::fmt::Display,
) -> CliError {
    bar.abandon();
    if cancelled {
        CliError {
            code: 130,
            message: "interrupted: nothing was written".into(),
        }
    } else {
        CliError {
            code: 2,
            message: reason.to_string(),
        }
    }
}

/// Creates the `--out` directory (and its parents).
pub(crate) fn create_out_dir(dir: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|e| CliError {
        code: 2,
        message: format!(
            "--out = {}: cannot create the directory: {e}",
            dir.display()
        ),
    })
}

/// Writes `value` as pretty JSON (with a final newline) to `path`, atomically.
pub(crate) fn write_json_atomic(path: &Path, value: &impl Serialize) -> Result<(), CliError> {
    let json = serde_json::to_string_pretty(value).map_err(|e| CliError {
        code: 1,
        message: format!("cannot serialise {}: {e}", path.display()),
    })?;
    write_atomic(path, (json + "\n").as_bytes())
}

/// Writes `path` atomically: a temporary file in the same directory, then a rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    write_atomic_with(path, |w| std::io::Write::write_all(w, bytes))
}

/// Writes `path` atomically through a buffered writer (for large files that need not be held in memory): a
/// temporary file in the same directory, then a rename; the temporary file is removed on failure.
pub(crate) fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), CliError> {
    use std::io::Write;
    let fail = |e: std::io::Error| CliError {
        code: 1,
        message: format!("cannot write {}: {e}", path.display()),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        write(&mut w)?;
        w.flush()
    });
    result
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(e)
        })
}

pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A flag set by Ctrl-C: long work checks it and stops cleanly, writing nothing. A second Ctrl-C while stopping
/// ends the program at once.
pub(crate) fn cancel_on_ctrl_c() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let cancel = std::sync::Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    cancel
}

/// A progress bar on stderr counting `total` `what` (hidden with `quiet` or when stderr is not a terminal).
pub(crate) fn progress_bar(quiet: bool, total: usize, what: &str) -> ProgressBar {
    use indicatif::{ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {{msg:<24}} [{{bar:40}}] {{pos}}/{{len}} {what}, {{elapsed}} (eta {{eta}})"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

/// An error of the program itself (exit 1), not of the input.
pub(crate) fn internal(e: impl std::fmt::Display) -> CliError {
    CliError {
        code: 1,
        message: e.to_string(),
    }
}

/// Writes `table` as `DIR/STEM.csv` and `DIR/STEM.parquet`, atomically; returns the paths written.
pub(crate) fn write_table(
    dir: &Path,
    stem: &str,
    table: &shieldsim::export::Table,
) -> Result<Vec<String>, CliError> {
    let mut csv = Vec::new();
    table.write_csv(&mut csv).map_err(internal)?;
    let csv_path = dir.join(format!("{stem}.csv"));
    write_atomic(&csv_path, &csv)?;
    let parquet_path = dir.join(format!("{stem}.parquet"));
    write_atomic_with(&parquet_path, |w| {
        table
            .write_parquet(w)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })?;
    Ok(vec![
        csv_path.display().to_string(),
        parquet_path.display().to_string(),
    ])
}
