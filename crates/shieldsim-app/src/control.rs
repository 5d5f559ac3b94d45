//! How a front end watches and stops a job: a [`Progress`] sink and a cancel flag, bundled as [`Control`].
//!
//! A job reports how much of its work is done through [`Progress`] (the command line draws a bar, the Python
//! package calls a callback, the web viewer streams events) and checks the cancel flag between units of work; a
//! cancelled job returns [`Error::cancelled`](crate::error::Error::cancelled) and writes nothing.

use std::sync::atomic::{AtomicBool, Ordering};

/// Receives a job's progress. Every method has a do-nothing default; calls may come from worker threads.
pub trait Progress: Sync {
    /// The job has `total` units of work, each a `unit` (e.g. "trajectories", "points").
    fn begin(&self, _total: u64, _unit: &str) {}
    /// The job has moved on to the part named `label` (a scenario, a parameter).
    fn stage(&self, _label: &str) {}
    /// `done` units of the total are finished.
    fn set_done(&self, _done: u64) {}
    /// The job is finished (successfully or not): a front end clears its display.
    fn end(&self) {}
}

/// A progress sink that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {}

/// A job's progress sink and cancel flag.
#[derive(Clone, Copy)]
pub struct Control<'a> {
    /// Where progress goes.
    pub progress: &'a dyn Progress,
    /// Set (by a signal handler, a client that left, a timeout) to stop the job.
    pub cancel: &'a AtomicBool,
}

static NEVER: AtomicBool = AtomicBool::new(false);

impl Control<'static> {
    /// No progress shown, never cancelled.
    pub fn none() -> Self {
        Self {
            progress: &Silent,
            cancel: &NEVER,
        }
    }
}

impl<'a> Control<'a> {
    /// A control with `progress` and `cancel`.
    pub fn new(progress: &'a dyn Progress, cancel: &'a AtomicBool) -> Self {
        Self { progress, cancel }
    }

    /// Whether the job was asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// `Err(cancelled)` when the job was asked to stop.
    pub fn check(&self) -> Result<(), crate::error::Error> {
        if self.cancelled() {
            Err(crate::error::Error::cancelled())
        } else {
            Ok(())
        }
    }
}

impl std::fmt::Debug for Control<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("cancelled", &self.cancelled())
            .finish()
    }
}
