//! Running the `shieldsim` binary as a user does, shared by the CLI test files.
#![allow(dead_code)] // each test file uses a different subset

use std::process::{Command, Output};

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Stdout of a successful run (the test fails with stderr otherwise).
pub fn ok(args: &[&str]) -> Vec<u8> {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Stdout of a successful run, parsed as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_slice(&ok(args)).expect("valid JSON")
}

/// Exit code 2, exactly one line on stderr that contains every `needles`, and no panic.
pub fn rejects(args: &[&str], needles: &[&str]) {
    let out = run(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "one line expected: {err}"
    );
    for n in needles {
        assert!(err.contains(n), "{args:?}: '{n}' not in: {err}");
    }
}
