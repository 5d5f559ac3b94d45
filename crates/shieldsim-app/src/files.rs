//! Writing results: output sets written whole or not at all, atomic single files, and the table writer.
//!
//! An output set is everything one job writes into its `--out` directory. It is written into a fresh staging
//! directory beside the target and swapped in as a whole when the job has finished ([`OutputSet::commit`]), so an
//! interrupt or a failure at any moment leaves either the old complete set or the new complete set, never a mix, and
//! no debris. A lock file beside the target refuses a second writer. A target that exists but was not written by
//! shieldsim (it has files but no [`SET_MARKER`]) is refused rather than replaced: results never overwrite a
//! user's other files.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;

use crate::control::Control;
use crate::error::{io_reason, Error};

/// The staging directory and lock of every output set of this process not yet dropped: what
/// [`exit_abandoning_output_sets`] removes. Held across the swap of a commit, so that an exit never falls between
/// the two.
static LIVE: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<(PathBuf, PathBuf)>> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Ends the process at once with `code`, first removing the staging directory and lock of every output set being
/// written (for a second Ctrl-C or SIGTERM, when the user will not wait for the job to stop cleanly). A set whose
/// commit is swapping waits for the swap: the target holds the old complete set or the new one, and nothing else
/// is left.
pub fn exit_abandoning_output_sets(code: i32) -> ! {
    let live = live();
    for (staging, lock) in live.iter() {
        // Worker threads may still be adding files to the staging directory: try again until it is gone.
        for _ in 0..20 {
            match std::fs::remove_dir_all(staging) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => continue,
                _ => break,
            }
        }
        let _ = std::fs::remove_file(lock);
    }
    // The guard is held to the end: no commit starts after the clean-up.
    std::process::exit(code)
}

/// The file that marks a directory as a shieldsim output set (and lists its files, one per line).
pub const SET_MARKER: &str = ".shieldsim-output";

/// An output set being written: files go into a staging directory beside the target until [`OutputSet::commit`]
/// swaps it in. Dropped without a commit (an error, an interrupt), the staging directory and the lock are removed
/// and the target is left as it was.
#[derive(Debug)]
pub struct OutputSet {
    target: PathBuf,
    staging: PathBuf,
    lock: PathBuf,
    committed: bool,
}

fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "out".into());
    target.with_file_name(format!(".{name}.{what}"))
}

fn out_error(dir: &Path, what: impl std::fmt::Display, hint: &str) -> Error {
    let what = what.to_string();
    Error::input(format!("--out = {}: {what}; {hint}", dir.display()))
}

impl OutputSet {
    /// Checks `dir` and starts a set: `dir` must be a directory shieldsim wrote before, an empty directory, or a
    /// path that does not exist yet (its parents are created); its parent must be writable; no other run may be
    /// writing it. Call this before the computation, so a bad `--out` fails at once.
    pub fn begin(dir: &Path) -> Result<Self, Error> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        // A relative "." or ".." has no file name to stage beside: use its absolute form.
        let target = if dir.file_name().is_none() {
            std::path::absolute(dir)
                .map_err(|e| out_error(dir, io_reason(&e), "give a directory name"))?
                .components()
                .collect::<PathBuf>()
        } else {
            dir.to_path_buf()
        };
        if target.file_name().is_none() {
            return Err(out_error(
                dir,
                "is not a directory name",
                "give a new directory, e.g. --out results",
            ));
        }
        match std::fs::symlink_metadata(&target) {
            Ok(m) if m.is_dir() => {
                let entries = std::fs::read_dir(&target).map_err(|e| {
                    out_error(
                        dir,
                        format!("cannot read the directory: {}", io_reason(&e)),
                        "check its permissions",
                    )
                })?;
                let mut ours = false;
                let mut others = false;
                for entry in entries.flatten() {
                    if entry.file_name() == SET_MARKER {
                        ours = true;
                    } else {
                        others = true;
                    }
                }
                if others && !ours {
                    return Err(out_error(
                        dir,
                        "exists and holds files that shieldsim did not write",
                        "results replace the whole directory, so give a new or empty one",
                    ));
                }
            }
            Ok(_) => {
                return Err(out_error(
                    dir,
                    "exists and is not a directory",
                    "give a directory path",
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(out_error(dir, io_reason(&e), "check the path")),
        }
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                out_error(
                    dir,
                    format!("cannot create its parent: {}", io_reason(&e)),
                    "check the path and permissions",
                )
            })?;
        }
        let lock = sibling(&target, "lock");
        // From the lock's creation to the set's registration, an exit waits.
        let mut live = live();
        take_stale_lock(&lock, &target);
        if let Err(e) = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
                out_error(
                    dir,
                    format!(
                        "another shieldsim run is writing it ({} exists)",
                        lock.display()
                    ),
                    "wait for it, or remove the lock file if no run is going",
                )
            } else {
                out_error(
                    dir,
                    format!("cannot write beside it: {}", io_reason(&e)),
                    "check that its parent directory is writable",
                )
            });
        }
        let _ = std::fs::write(&lock, format!("{}\n", std::process::id()));
        let staging = sibling(&target, &format!("staging-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        if let Err(e) = std::fs::create_dir(&staging) {
            let _ = std::fs::remove_file(&lock);
            return Err(out_error(
                dir,
                format!("cannot write beside it: {}", io_reason(&e)),
                "check that its parent directory is writable",
            ));
        }
        live.push((staging.clone(), lock.clone()));
        Ok(Self {
            target,
            staging,
            lock,
            committed: false,
        })
    }

    /// Ends the job's set: `write` puts every file into the staging directory ([`OutputSet::dir`]); then, unless
    /// the job was interrupted meanwhile (`control`), the set is committed. The one way a job finishes its output
    /// set. A failure to write names the file's final path (not the staging one); an interrupt or a failure
    /// leaves the old set as it was, and no staging directory or lock. Returns the files written, as
    /// [`OutputSet::commit`].
    pub fn finish<T>(
        self,
        control: &Control<'_>,
        write: impl FnOnce(&Path) -> Result<T, Error>,
    ) -> Result<Vec<String>, Error> {
        let (staging, target) = (
            self.staging.display().to_string(),
            self.target.display().to_string(),
        );
        let named = |mut e: Error| {
            e.message = e.message.replace(&staging, &target);
            e
        };
        control.check()?;
        write(&self.staging).map_err(named)?;
        control.check()?;
        self.commit().map_err(named)
    }

    /// The directory to write the set's files into (the staging directory until the commit).
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// The directory the set will be when committed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Swaps the staging directory in for the target, atomically where the system can (Linux), and removes the old
    /// set. Returns the paths of the files written, under the target, sorted.
    pub fn commit(mut self) -> Result<Vec<String>, Error> {
        let mut names: Vec<String> = std::fs::read_dir(&self.staging)
            .map_err(|e| Error::internal(format!("cannot list {}: {e}", self.staging.display())))?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        let mut marker = String::new();
        for n in &names {
            marker.push_str(n);
            marker.push('\n');
        }
        write_atomic(&self.staging.join(SET_MARKER), marker.as_bytes())?;
        let fail = |e: std::io::Error| {
            Error::internal(format!(
                "cannot put the results in place at {}: {}",
                self.target.display(),
                io_reason(&e)
            ))
        };
        let _swapping = live();
        if self.target.exists() {
            swap(&self.staging, &self.target).map_err(fail)?;
            // The old set is now in the staging path.
            let _ = std::fs::remove_dir_all(&self.staging);
        } else {
            std::fs::rename(&self.staging, &self.target).map_err(fail)?;
        }
        self.committed = true;
        Ok(names
            .iter()
            .map(|n| self.target.join(n).display().to_string())
            .collect())
    }

    /// The path a staged file will have after the commit (for messages).
    pub fn final_path(&self, staged: &str) -> String {
        let staged = Path::new(staged);
        match staged.strip_prefix(&self.staging) {
            Ok(rel) => self.target.join(rel).display().to_string(),
            Err(_) => staged.display().to_string(),
        }
    }
}

impl Drop for OutputSet {
    fn drop(&mut self) {
        let mut live = live();
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        let _ = std::fs::remove_file(&self.lock);
        live.retain(|(staging, _)| *staging != self.staging);
    }
}

/// Removes a lock left by a run that no longer exists (killed, or the machine stopped), with its staging directory.
fn take_stale_lock(lock: &Path, target: &Path) {
    let Ok(text) = std::fs::read_to_string(lock) else {
        return;
    };
    let Ok(pid) = text.trim().parse::<u32>() else {
        return;
    };
    if pid == std::process::id() || !Path::new("/proc/self").exists() {
        return;
    }
    if !Path::new(&format!("/proc/{pid}")).exists() {
        let _ = std::fs::remove_dir_all(sibling(target, &format!("staging-{pid}")));
        let _ = std::fs::remove_file(lock);
    }
}

/// Exchanges two directories in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> std::io::Result<()> {
    use nix::fcntl::{renameat2, RenameFlags, AT_FDCWD};
    renameat2(AT_FDCWD, a, AT_FDCWD, b, RenameFlags::RENAME_EXCHANGE).map_err(std::io::Error::from)
}

/// Exchanges two directories: two renames (elsewhere than Linux, a crash between them leaves the old set beside).
#[cfg(not(target_os = "linux"))]
fn swap(a: &Path, b: &Path) -> std::io::Result<()> {
    let aside = sibling(b, &format!("old-{}", std::process::id()));
    std::fs::rename(b, &aside)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&aside, a)
}

/// Writes `value` as pretty JSON (with a final newline) to `path`, atomically.
pub fn write_json_atomic(path: &Path, value: &impl Serialize) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|e| Error::internal(format!("cannot serialise {}: {e}", path.display())))?;
    write_atomic(path, (json + "\n").as_bytes())
}

/// Writes `path` atomically: a temporary file in the same directory, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, |w| std::io::Write::write_all(w, bytes))
}

/// Writes `path` atomically through a buffered writer (for large files that need not be held in memory): a
/// temporary file in the same directory, then a rename; the temporary file is removed on failure.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    use std::io::Write;
    let fail = |e: std::io::Error| {
        Error::internal(format!(
            "cannot write {}: {}",
            path.display(),
            io_reason(&e)
        ))
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

/// `s` with the five XML special characters escaped.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// An error of the program itself (exit 1), not of the input.
pub fn internal(e: impl std::fmt::Display) -> Error {
    Error::internal(e.to_string())
}

/// Writes `table` as `DIR/STEM.csv` and `DIR/STEM.parquet`, atomically; returns the paths written.
pub fn write_table(
    dir: &Path,
    stem: &str,
    table: &crate::export::Table,
) -> Result<Vec<String>, Error> {
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
