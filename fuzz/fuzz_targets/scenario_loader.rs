//! Fuzz target: any bytes as a scenario file. The loader must not panic, abort or run out of memory; a file it
//! refuses has at least one diagnostic, every diagnostic is located inside the file (line, column, span), and no raw
//! control character reaches the rendered text. Run: `docs/reliability.md`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shieldsim::scenario::parse_scenario_bytes;
use shieldsim::text::is_hidden_control;

fuzz_target!(|bytes: &[u8]| {
    let Err(e) = parse_scenario_bytes(bytes, "fuzz.toml") else {
        return;
    };
    assert!(!e.diagnostics.is_empty(), "refused without a diagnostic");
    let lines = bytes.split(|b| *b == b'\n').count();
    for d in &e.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines && d.column >= 1,
            "not located: {d}"
        );
        assert!(
            d.span.start <= d.span.end && d.span.end <= bytes.len(),
            "span outside the file: {d}"
        );
    }
    let shown = e.to_string();
    assert!(
        !shown.chars().any(|c| c != '\n' && is_hidden_control(c)),
        "a raw control character in {shown:?}"
    );
});
