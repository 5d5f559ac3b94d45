//! Output sets: an `--out` directory is replaced whole or not at all, a second writer is refused, and a directory of
//! someone else's files is never replaced.

use std::path::{Path, PathBuf};

use shieldsim_app::files::{write_atomic, OutputSet, SET_MARKER};
use shieldsim_app::ErrorKind;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shieldsim-set-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn write_set(target: &Path, files: &[(&str, &str)]) -> Vec<String> {
    let set = OutputSet::begin(target).unwrap();
    for (n, text) in files {
        write_atomic(&set.dir().join(n), text.as_bytes()).unwrap();
    }
    set.commit().unwrap()
}

#[test]
fn a_new_set_replaces_the_old_one_whole() {
    let root = scratch("replace");
    let out = root.join("out");
    write_set(&out, &[("a.json", "old a"), ("b.csv", "old b")]);
    assert_eq!(names(&out), vec![SET_MARKER, "a.json", "b.csv"]);
    let written = write_set(&out, &[("a.json", "new a"), ("c.png", "new c")]);
    // The old set's b.csv is gone: the directory holds exactly the new set.
    assert_eq!(names(&out), vec![SET_MARKER, "a.json", "c.png"]);
    assert_eq!(
        std::fs::read_to_string(out.join("a.json")).unwrap(),
        "new a"
    );
    assert_eq!(
        written,
        vec![
            out.join("a.json").display().to_string(),
            out.join("c.png").display().to_string()
        ]
    );
    // No staging directory, lock or old set is left beside it.
    assert_eq!(names(&root), vec!["out"]);
}

#[test]
fn a_set_dropped_before_its_commit_leaves_the_old_set_and_no_debris() {
    let root = scratch("dropped");
    let out = root.join("out");
    write_set(&out, &[("a.json", "old a")]);
    {
        let set = OutputSet::begin(&out).unwrap();
        write_atomic(&set.dir().join("a.json"), b"half-written new a").unwrap();
        // An error or an interrupt: the set is dropped without a commit.
    }
    assert_eq!(
        std::fs::read_to_string(out.join("a.json")).unwrap(),
        "old a"
    );
    assert_eq!(names(&root), vec!["out"]);
}

#[test]
fn a_second_writer_is_refused_while_the_first_writes() {
    let root = scratch("lock");
    let out = root.join("out");
    let first = OutputSet::begin(&out).unwrap();
    let second = OutputSet::begin(&out).unwrap_err();
    assert_eq!(second.kind, ErrorKind::Input);
    assert!(
        second.message.contains("another shieldsim run"),
        "{}",
        second.message
    );
    drop(first);
    // Once the first has finished, the lock is free again.
    OutputSet::begin(&out).unwrap();
}

#[test]
fn a_lock_left_by_a_dead_run_is_taken_over() {
    let root = scratch("stale");
    let out = root.join("out");
    // A process id that cannot be running (above the kernel's pid_max of 4194304).
    std::fs::write(root.join(".out.lock"), "4194305\n").unwrap();
    std::fs::create_dir(root.join(".out.staging-4194305")).unwrap();
    if Path::new("/proc/self").exists() {
        write_set(&out, &[("a.json", "a")]);
        assert_eq!(names(&root), vec!["out"]);
    }
}

#[test]
fn someone_elses_directory_and_a_file_are_refused_before_any_work() {
    let root = scratch("foreign");
    let theirs = root.join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("thesis.docx"), "years of work").unwrap();
    let e = OutputSet::begin(&theirs).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Input);
    assert!(e.message.contains("did not write"), "{}", e.message);
    assert_eq!(names(&theirs), vec!["thesis.docx"]);
    let file = root.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let e = OutputSet::begin(&file).unwrap_err();
    assert!(e.message.contains("not a directory"), "{}", e.message);
    // An empty directory is fine.
    let empty = root.join("empty");
    std::fs::create_dir(&empty).unwrap();
    write_set(&empty, &[("a.json", "a")]);
    assert_eq!(names(&empty), vec![SET_MARKER, "a.json"]);
}
