//! Output sets under what a user does to them (issue 16): Ctrl-C and SIGTERM while computing and while writing, a
//! second signal while stopping, a full disk, two runs into one `--out`, and an `--out` that cannot be written.
//! Whatever happens, `--out` holds the old complete set or the new complete set, and nothing is left beside it (no
//! staging directory, lock or temporary file).
//!
//! The runs are `footprint epaa-phase1-2011 --out DIR` (about 1.3 s of computing, then about 0.6 s writing a dozen
//! files). The old set is a 10° map, the new one a 2° map: `footprint.json` says which one a directory holds.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use common::{refused, scratch};

const EXE: &str = env!("CARGO_BIN_EXE_shieldsim");

/// The old set's and the new set's grid spacings, degrees.
const OLD_DEG: f64 = 10.0;
const NEW_DEG: f64 = 2.0;

fn footprint_args(out: &Path, spacing_deg: f64) -> Vec<String> {
    [
        "footprint",
        "epaa-phase1-2011",
        "--quiet",
        "--spacing-deg",
        &spacing_deg.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]
    .map(str::to_string)
    .to_vec()
}

fn start(args: &[String]) -> Child {
    Command::new(EXE)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

/// Checks that `set` is one complete output set (its marker lists exactly the other files, none empty, the
/// document parses) and that its parent holds nothing else; returns the set's grid spacing.
fn complete_set(set: &Path) -> f64 {
    let parent = set.parent().unwrap();
    assert_eq!(
        names(parent),
        vec![set.file_name().unwrap().to_string_lossy().to_string()],
        "debris beside the set"
    );
    let marker = std::fs::read_to_string(set.join(".shieldsim-output")).expect("the set's marker");
    let listed: Vec<String> = marker.lines().map(str::to_string).collect();
    let mut present = names(set);
    present.retain(|n| n != ".shieldsim-output");
    assert_eq!(listed, present, "the marker and the files differ");
    assert!(listed.len() >= 10, "{listed:?}");
    for n in &listed {
        let len = std::fs::metadata(set.join(n)).unwrap().len();
        assert!(len > 0, "{n} is empty");
    }
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(set.join("footprint.json")).unwrap()).unwrap();
    doc["spacing_deg"].as_f64().unwrap()
}

/// An old complete set at `DIR/out` (a copy of one made once per test run).
fn old_set(dir: &Path) -> PathBuf {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let root = scratch("template");
        let set = root.join("out");
        let out = Command::new(EXE)
            .args(footprint_args(&set, OLD_DEG))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        set
    });
    let set = dir.join("out");
    std::fs::create_dir(&set).unwrap();
    for n in names(template) {
        std::fs::copy(template.join(&n), set.join(&n)).unwrap();
    }
    set
}

/// Waits (polling) until `ready` holds, for at most a minute.
fn wait_for(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..60_000 {
        if ready() {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    panic!("{what} never happened");
}

fn staging(set: &Path, pid: u32) -> PathBuf {
    set.with_file_name(format!(".out.staging-{pid}"))
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{sig}"), &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{sig}");
}

#[derive(Clone, Copy, Debug)]
enum Phase {
    /// The set has begun (its staging directory exists) and the grid is being flown.
    Compute,
    /// The first file has appeared in the staging directory.
    Write,
}

/// Runs the new footprint over an old set, sends `signals` in `phase`, and checks: exit 130, the old set whole,
/// nothing beside it.
fn interrupted(name: &str, phase: Phase, signals: &[&str]) {
    let dir = scratch(name);
    let set = old_set(&dir);
    let child = start(&footprint_args(&set, NEW_DEG));
    let stage = staging(&set, child.id());
    match phase {
        Phase::Compute => {
            wait_for("the staging directory", || stage.exists());
            // Well inside the second of computing that follows.
            std::thread::sleep(Duration::from_millis(100));
        }
        Phase::Write => wait_for("the first staged file", || {
            std::fs::read_dir(&stage).is_ok_and(|mut d| d.next().is_some())
        }),
    }
    for s in signals {
        signal(&child, s);
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{phase:?} {signals:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        complete_set(&set),
        OLD_DEG,
        "{phase:?} {signals:?}: not the old set"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ctrl_c_while_computing_keeps_the_old_set() {
    interrupted("int-compute", Phase::Compute, &["INT"]);
}

#[test]
fn sigterm_while_computing_keeps_the_old_set() {
    interrupted("term-compute", Phase::Compute, &["TERM"]);
}

#[test]
fn ctrl_c_while_writing_keeps_the_old_set() {
    interrupted("int-write", Phase::Write, &["INT"]);
}

#[test]
fn sigterm_while_writing_keeps_the_old_set() {
    interrupted("term-write", Phase::Write, &["TERM"]);
}

/// The second signal ends the program at once, without waiting for the writing to finish: the staging directory
/// and the lock go with it.
#[test]
fn a_second_signal_while_writing_leaves_no_debris() {
    interrupted("int-term-write", Phase::Write, &["INT", "TERM"]);
}

/// A disk that fills up while writing (simulated by a file-size limit: the 2° grid.csv is about 1 MB): the run
/// fails naming the file's final path, and the old set stays whole.
#[test]
fn a_full_disk_keeps_the_old_set_and_names_the_file() {
    let dir = scratch("full-disk");
    let set = old_set(&dir);
    let out: Output = Command::new("bash")
        .args(["-c", "trap '' XFSZ; ulimit -f 200; exec \"$0\" \"$@\"", EXE])
        .args(footprint_args(&set, NEW_DEG))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(&format!("cannot write {}/", set.display())),
        "the final path is not named: {err}"
    );
    assert!(
        !err.contains("staging") && !err.contains("os error"),
        "{err}"
    );
    assert_eq!(complete_set(&set), OLD_DEG);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A second run into an `--out` that another run is writing is refused at once (exit 2, one line naming the lock);
/// the first run completes its set.
#[test]
fn a_second_writer_is_refused_and_the_first_completes() {
    let dir = scratch("two-writers");
    let set = dir.join("out");
    let first = start(&footprint_args(&set, NEW_DEG));
    wait_for("the first run's lock", || dir.join(".out.lock").exists());
    let second = Command::new(EXE)
        .args(footprint_args(&set, OLD_DEG))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("another shieldsim run is writing it") && err.contains(".out.lock"),
        "{err}"
    );
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(complete_set(&set), NEW_DEG);
    let _ = std::fs::remove_dir_all(&dir);
}

/// An `--out` that is a file, or that cannot be written, is refused before any computing: the run gets a scenario
/// whose interceptor fails at the first fly-out, and the message is still about `--out`.
#[test]
fn an_unwritable_out_is_refused_before_the_computation() {
    let dir = scratch("unwritable");
    let text = common::with_every_value(
        &common::doc_example(),
        "[[interceptor.stage]]",
        "isp_vac_s",
        "20.0",
    );
    let scenario = dir.join("weak.toml");
    std::fs::write(&scenario, text).unwrap();
    let scenario = scenario.to_str().unwrap();
    // The computation itself would fail on the interceptor.
    refused(&["assess", scenario], &["its fly-outs cannot be flown"]);
    let file = dir.join("a-file");
    std::fs::write(&file, "mine").unwrap();
    let mut outs = vec![(file.clone(), "exists and is not a directory")];
    // sysfs refuses a new directory even to root.
    if Path::new("/sys/kernel").is_dir() {
        outs.push((
            PathBuf::from("/sys/shieldsim-out"),
            "cannot write beside it",
        ));
    }
    let read_only = dir.join("read-only");
    std::fs::create_dir(&read_only).unwrap();
    let mut perms = std::fs::metadata(&read_only).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    std::fs::set_permissions(&read_only, perms).unwrap();
    // Root writes anyway: then this case says nothing.
    if std::fs::write(read_only.join("probe"), "").is_err() {
        outs.push((read_only.join("out"), "cannot write beside it"));
    }
    for (out, why) in &outs {
        for job in ["assess", "footprint"] {
            let err = refused(
                &[job, scenario, "--out", out.to_str().unwrap()],
                &["--out", why],
            );
            assert!(
                !err.contains("fly-outs") && !err.contains("os error"),
                "{err}"
            );
            assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        }
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    let mut perms = std::fs::metadata(&read_only).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&read_only, perms).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
