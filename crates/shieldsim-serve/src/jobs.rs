//! The job manager: jobs run on blocking threads through the application layer's entry points, each with its own
//! [`Control`] (progress into a watch channel that the event stream reads; a cancel flag set by the page, the
//! deadline, or the event stream going away), its own output directory, and its result kept as a viewer document.

use std::collections::VecDeque;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use shieldsim_app::{Control, Error, Progress};
use tokio::sync::watch;

use crate::Config;

/// A job's progress as the page sees it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProgressState {
    /// Units of work in all.
    pub total: u64,
    /// Units done.
    pub done: u64,
    /// What a unit is ("trajectories", "grid points").
    pub unit: String,
    /// The part running now.
    pub stage: String,
    /// Whether the job has finished (successfully or not).
    pub finished: bool,
}

/// Where a job is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum JobState {
    /// Running.
    Running,
    /// Finished: the viewer document.
    Done {
        /// The result (kind-specific: a viewer document and the job's own document).
        result: serde_json::Value,
    },
    /// Failed or cancelled.
    Failed {
        /// HTTP status it maps to (400 bad input, 409 cancelled, 500 fault).
        status: u16,
        /// input | internal | cancelled.
        kind: &'static str,
        /// The message (the command line's).
        error: String,
    },
}

/// One file a job wrote: its name (no directory) and size.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// File name.
    pub name: String,
    /// Size, bytes.
    pub bytes: u64,
}

/// One job.
pub struct Job {
    /// Its id.
    pub id: u64,
    /// assess | engage | footprint.
    pub kind: &'static str,
    /// Set to stop it.
    pub cancel: Arc<AtomicBool>,
    /// Set when the deadline stopped it.
    pub timed_out: AtomicBool,
    /// Its progress.
    pub progress: watch::Sender<ProgressState>,
    state: Mutex<JobState>,
    files: Mutex<Vec<(FileEntry, PathBuf)>>,
    /// Its own directory (the output set is `dir/out`).
    pub dir: PathBuf,
}

impl Job {
    /// Where the job is now.
    pub fn state(&self) -> JobState {
        lock(&self.state).clone()
    }

    /// Whether it has finished.
    pub fn finished(&self) -> bool {
        !matches!(*lock(&self.state), JobState::Running)
    }

    /// The files it wrote.
    pub fn files(&self) -> Vec<FileEntry> {
        lock(&self.files).iter().map(|(f, _)| f.clone()).collect()
    }

    /// The path of the written file called `name` (exactly one of [`Job::files`]), if any.
    pub fn file_path(&self, name: &str) -> Option<PathBuf> {
        lock(&self.files)
            .iter()
            .find(|(f, _)| f.name == name)
            .map(|(_, p)| p.clone())
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Progress into the job's watch channel.
struct WatchProgress<'a>(&'a watch::Sender<ProgressState>);

impl Progress for WatchProgress<'_> {
    fn begin(&self, total: u64, unit: &str) {
        self.0.send_modify(|p| {
            p.total = total;
            p.done = 0;
            p.unit = unit.to_string();
        });
    }
    fn stage(&self, label: &str) {
        self.0.send_modify(|p| p.stage = label.to_string());
    }
    fn set_done(&self, done: u64) {
        self.0.send_if_modified(|p| {
            let changed = done > p.done;
            p.done = p.done.max(done);
            changed
        });
    }
}

/// What a job runs: given its control and output directory, the result document.
pub type Work = Box<dyn FnOnce(Control<'_>, PathBuf) -> Result<serde_json::Value, Error> + Send>;

/// Every job of the server.
pub struct Jobs {
    /// The configuration.
    pub config: Config,
    jobs: Mutex<VecDeque<Arc<Job>>>,
    next: AtomicU64,
    running: Arc<AtomicUsize>,
}

/// Why a job was not started.
pub enum Refused {
    /// Too many jobs run already.
    Busy(usize),
    /// Its directory could not be made.
    Failed(Error),
}

/// Decrements the running count when the job's thread is done, however it ends.
struct RunningSlot(Arc<AtomicUsize>);

impl Drop for RunningSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Jobs {
    /// No jobs yet.
    pub fn new(config: Config) -> Self {
        Self {
            config,
            jobs: Mutex::new(VecDeque::new()),
            next: AtomicU64::new(1),
            running: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The job `id`, if it is kept.
    pub fn get(&self, id: u64) -> Option<Arc<Job>> {
        lock(&self.jobs).iter().find(|j| j.id == id).cloned()
    }

    /// Starts `work` as a job of `kind` on a blocking thread, with the deadline; refused when
    /// [`Limits::max_jobs`](crate::Limits::max_jobs) run already.
    pub fn start(&self, kind: &'static str, work: Work) -> Result<Arc<Job>, Refused> {
        let max = self.config.limits.max_jobs;
        if self
            .running
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < max).then_some(n + 1)
            })
            .is_err()
        {
            return Err(Refused::Busy(max));
        }
        let slot = RunningSlot(self.running.clone());
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let dir = self.config.work_dir.join(format!("job-{id}"));
        std::fs::create_dir_all(&dir).map_err(|e| {
            Refused::Failed(Error::internal(format!(
                "cannot create the job's directory: {e}"
            )))
        })?;
        let (tx, _) = watch::channel(ProgressState::default());
        let job = Arc::new(Job {
            id,
            kind,
            cancel: Arc::new(AtomicBool::new(false)),
            timed_out: AtomicBool::new(false),
            progress: tx,
            state: Mutex::new(JobState::Running),
            files: Mutex::new(Vec::new()),
            dir: dir.clone(),
        });
        self.keep(job.clone());
        // The deadline.
        let deadline = self.config.limits.deadline;
        let watched = job.clone();
        tokio::spawn(async move {
            tokio::time::sleep(deadline).await;
            if !watched.finished() {
                watched.timed_out.store(true, Ordering::SeqCst);
                watched.cancel.store(true, Ordering::SeqCst);
            }
        });
        let runner = job.clone();
        let handle = tokio::task::spawn_blocking(move || {
            let out = runner.dir.join("out");
            let progress = WatchProgress(&runner.progress);
            let control = Control::new(&progress, &runner.cancel);
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(control, out.clone())));
            (result, out)
        });
        let finisher = job.clone();
        tokio::spawn(async move {
            let state = match handle.await {
                Ok((Ok(Ok(result)), out)) => {
                    *lock(&finisher.files) = list_files(&out);
                    JobState::Done { result }
                }
                Ok((Ok(Err(e)), _)) => {
                    let e = if finisher.timed_out.load(Ordering::SeqCst) {
                        Error {
                            kind: e.kind,
                            message: format!(
                                "the job ran longer than the server's deadline of {:.1} s and was stopped: \
                                 nothing was written (hint: a coarser --spacing-deg or a smaller region)",
                                deadline.as_secs_f64()
                            ),
                        }
                    } else {
                        e
                    };
                    JobState::Failed {
                        status: crate::guard::status_of(&e).as_u16(),
                        kind: crate::guard::kind_name(&e),
                        error: e.message,
                    }
                }
                Ok((Err(panic), _)) => failed_by_panic(&*panic),
                Err(join) => {
                    if join.is_panic() {
                        failed_by_panic(&*join.into_panic())
                    } else {
                        failed_by_panic(&"the job's thread was stopped")
                    }
                }
            };
            *lock(&finisher.state) = state;
            finisher.progress.send_modify(|p| p.finished = true);
            drop(slot);
        });
        Ok(job)
    }

    fn keep(&self, job: Arc<Job>) {
        let mut jobs = lock(&self.jobs);
        jobs.push_back(job);
        while jobs.len() > self.config.limits.kept_jobs {
            let Some(pos) = jobs.iter().position(|j| j.finished()) else {
                break;
            };
            if let Some(old) = jobs.remove(pos) {
                let _ = std::fs::remove_dir_all(&old.dir);
            }
        }
    }
}

impl Drop for Jobs {
    /// The server's job directory goes with it (a job still writing then fails, as a cancelled one would).
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.config.work_dir);
    }
}

fn failed_by_panic(panic: &(dyn std::any::Any + Send)) -> JobState {
    JobState::Failed {
        status: 500,
        kind: "internal",
        error: format!(
            "the job failed (a bug of shieldsim): {}; the server goes on",
            crate::guard::panic_text(panic)
        ),
    }
}

/// The regular files of an output directory, by name.
fn list_files(dir: &std::path::Path) -> Vec<(FileEntry, PathBuf)> {
    let mut files: Vec<(FileEntry, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            // The output set's own marker (.shieldsim-output) is not an output.
            let hidden = e.file_name().to_string_lossy().starts_with('.');
            (meta.is_file() && !hidden).then(|| {
                (
                    FileEntry {
                        name: e.file_name().to_string_lossy().into_owned(),
                        bytes: meta.len(),
                    },
                    e.path(),
                )
            })
        })
        .collect();
    files.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_job_fails_with_500_and_the_next_one_runs() {
        let jobs = Jobs::new(Config::new().expect("a work directory"));
        let work: Work = Box::new(|_, _| -> Result<serde_json::Value, Error> { panic!("boom") });
        let job = jobs.start("assess", work).ok().expect("started");
        let mut rx = job.progress.subscribe();
        while !rx.borrow_and_update().finished {
            rx.changed().await.expect("the job reports");
        }
        match job.state() {
            JobState::Failed {
                status,
                kind,
                error,
            } => {
                assert_eq!((status, kind), (500, "internal"));
                assert!(error.contains("boom"), "{error}");
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        let work: Work = Box::new(|c, _| {
            c.progress.begin(3, "things");
            c.progress.set_done(3);
            Ok(serde_json::json!({ "fine": true }))
        });
        let job = jobs.start("assess", work).ok().expect("started");
        let mut rx = job.progress.subscribe();
        while !rx.borrow_and_update().finished {
            rx.changed().await.expect("the job reports");
        }
        assert!(matches!(job.state(), JobState::Done { .. }));
        assert_eq!(job.progress.borrow().done, 3);
    }
}
