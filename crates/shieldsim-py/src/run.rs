//! Running a job from Python: the work on its own thread with the GIL released, while the calling thread waits in
//! short slices, and between them (holding the GIL again) checks for Ctrl-C and calls the progress callback.
//!
//! Why a thread of its own: CPython runs signal handlers, and so raises `KeyboardInterrupt`, only on the main thread
//! and only when that thread runs Python; and a progress callback is Python code, which needs the GIL. The job's
//! [`Progress`] sink therefore only stores numbers (it is called from the engine's worker threads); the caller's
//! thread reads them every [`POLL`], calls the callback with `(done, total)`, and on a signal or an exception raised
//! by the callback sets the job's cancel flag, waits for the job to stop, and raises.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use shieldsim_app::{Control, Error, ErrorKind, Progress};

/// How long the caller's thread waits between two looks at signals and progress.
const POLL: Duration = Duration::from_millis(50);

/// The job thread's stack, bytes: a main thread's usual 8 MiB, not a spawned thread's 2 MiB (a stack overflow
/// would abort the interpreter, not raise).
const JOB_STACK_BYTES: usize = 8 << 20;

/// The job's progress as numbers, written from any thread.
#[derive(Default)]
struct Counters {
    total: AtomicU64,
    done: AtomicU64,
}

impl Progress for Counters {
    fn begin(&self, total: u64, _unit: &str) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    fn set_done(&self, done: u64) {
        // Worker threads may report out of order: keep the largest.
        self.done.fetch_max(done, Ordering::Relaxed);
    }
}

impl Counters {
    fn get(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Set once when the job's thread ends (normally or by a panic).
#[derive(Default)]
struct Finished {
    flag: Mutex<bool>,
    changed: Condvar,
}

impl Finished {
    fn set(&self) {
        let mut f = self.flag.lock().unwrap_or_else(|p| p.into_inner());
        *f = true;
        self.changed.notify_all();
    }

    /// Waits up to `timeout` for the end; true when the job has ended.
    fn wait(&self, timeout: Duration) -> bool {
        let f = self.flag.lock().unwrap_or_else(|p| p.into_inner());
        let (f, _) = self
            .changed
            .wait_timeout_while(f, timeout, |done| !*done)
            .unwrap_or_else(|p| p.into_inner());
        *f
    }
}

/// Sets [`Finished`] when dropped, so that a panicking job still wakes the caller.
struct SetOnDrop<'a>(&'a Finished);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.set();
    }
}

/// The Python exception for an application-layer error, with its message unchanged: bad input is a `ValueError`,
/// a fault of the program a `RuntimeError`, work stopped on request a `KeyboardInterrupt`.
pub fn py_error(e: Error) -> PyErr {
    match e.kind {
        ErrorKind::Input => PyValueError::new_err(e.message),
        ErrorKind::Internal => PyRuntimeError::new_err(e.message),
        ErrorKind::Cancelled => PyKeyboardInterrupt::new_err(e.message),
    }
}

/// Checks that `progress` is callable (or `None`).
pub fn check_callback(progress: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    match progress {
        Some(p) if !p.is_none() && !p.is_callable() => Err(PyTypeError::new_err(format!(
            "progress = {}: expected a callable taking (done, total), or None",
            p.repr().map(|r| r.to_string()).unwrap_or_default()
        ))),
        _ => Ok(()),
    }
}

/// Runs `job` on a thread of its own with the GIL released; see the module docs. `progress`, when given, is called as
/// `progress(done, total)` on the calling thread whenever the counts have moved, and once at the end.
pub fn run<T: Send>(
    py: Python<'_>,
    progress: Option<&Bound<'_, PyAny>>,
    job: impl FnOnce(Control<'_>) -> Result<T, Error> + Send,
) -> PyResult<T> {
    check_callback(progress)?;
    let progress = progress.filter(|p| !p.is_none());
    let counters = Counters::default();
    let cancel = AtomicBool::new(false);
    let finished = Finished::default();
    std::thread::scope(|scope| {
        let handle = {
            let (counters, cancel, finished) = (&counters, &cancel, &finished);
            std::thread::Builder::new()
                .name("shieldsim-job".into())
                .stack_size(JOB_STACK_BYTES)
                .spawn_scoped(scope, move || {
                    let _end = SetOnDrop(finished);
                    job(Control::new(counters, cancel))
                })
                .map_err(|e| {
                    PyRuntimeError::new_err(format!("cannot start a thread for the job: {e}"))
                })?
        };
        // The first exception raised while waiting (KeyboardInterrupt, or one from the callback): it wins over
        // the job's own result, which is then only waited for.
        let mut raised: Option<PyErr> = None;
        let mut reported: Option<(u64, u64)> = None;
        loop {
            let ended = py.detach(|| finished.wait(POLL));
            if raised.is_none() {
                if let Err(e) = py.check_signals() {
                    cancel.store(true, Ordering::Relaxed);
                    raised = Some(e);
                }
            }
            if let (None, Some(callback)) = (&raised, progress) {
                let now = counters.get();
                if now.1 > 0 && reported != Some(now) {
                    reported = Some(now);
                    if let Err(e) = callback.call1(now) {
                        cancel.store(true, Ordering::Relaxed);
                        raised = Some(e);
                    }
                }
            }
            if ended {
                break;
            }
        }
        let outcome = py.detach(|| handle.join());
        if let Some(e) = raised {
            return Err(e);
        }
        match outcome {
            Ok(result) => result.map_err(py_error),
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".into());
                Err(PyRuntimeError::new_err(format!(
                    "shieldsim stopped on an internal error (a bug of shieldsim; please report it with the call that \
                     caused it): {what}"
                )))
            }
        }
    })
}
