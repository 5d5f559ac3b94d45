//! The command line's side of a job's [`Control`](shieldsim_app::Control): a progress bar on stderr and a cancel
//! flag set by Ctrl-C or SIGTERM.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use indicatif::ProgressBar;

/// A progress bar on stderr (hidden with `--quiet` or when stderr is not a terminal).
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    /// A bar, hidden when `quiet`.
    pub fn new(quiet: bool) -> Self {
        use std::io::IsTerminal;
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr())
        };
        Self { bar }
    }
}

impl shieldsim_app::Progress for Bar {
    fn begin(&self, total: u64, unit: &str) {
        use indicatif::ProgressStyle;
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{spinner}} {{msg:<24}} [{{bar:40}}] {{pos}}/{{len}} {unit}, {{elapsed}} (eta {{eta}})"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
    }

    fn stage(&self, label: &str) {
        self.bar.set_message(label.to_string());
    }

    fn set_done(&self, done: u64) {
        self.bar.set_position(done);
    }

    fn end(&self) {
        self.bar.finish_and_clear();
    }
}

/// A flag set by Ctrl-C or SIGTERM (or SIGHUP): long work checks it and stops cleanly, writing nothing. A second
/// signal while stopping ends the program at once (exit 130), removing the staging directory and lock of any output
/// set being written, so that `--out` keeps its old complete set and nothing else.
pub fn cancel_on_signal() -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            shieldsim_app::files::exit_abandoning_output_sets(130);
        }
    });
    cancel
}
