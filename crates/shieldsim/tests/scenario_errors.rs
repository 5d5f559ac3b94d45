//! Snapshot tests of scenario-file diagnostics: every `tests/scenario_errors/NAME.toml` must fail to load with
//! exactly the text in `NAME.expected`.
//!
//! To update the expected texts after a deliberate change of the messages, run
//! `SHIELDSIM_BLESS=1 cargo test -p shieldsim --test scenario_errors` and review the diff.

use std::path::Path;

use shieldsim::scenario::parse_scenario_bytes;

#[test]
fn broken_files_give_the_expected_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenario_errors");
    let bless = std::env::var_os("SHIELDSIM_BLESS").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{} broken files", files.len());
    let mut failures = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let actual = match parse_scenario_bytes(&bytes, &name) {
            Ok(_) => format!("{name} loaded without a diagnostic\n"),
            Err(e) => format!("{e}\n"),
        };
        let expected_path = path.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "=== {name}: expected ({}) ===\n{expected}\n=== actual ===\n{actual}",
                expected_path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the new messages are right: SHIELDSIM_BLESS=1 cargo test -p shieldsim --test scenario_errors",
        failures.join("\n")
    );
}
