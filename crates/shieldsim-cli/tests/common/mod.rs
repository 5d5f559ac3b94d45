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

/// The records of a CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && record.is_empty(),
        "unterminated CSV"
    );
    records
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

/// Checks a PNG file: decodes, is `width` pixels wide and at least `min_height` high, and has real content (many
/// distinct colours, under 90 % of pixels the most common colour). Returns (width, height).
pub fn check_png(path: &std::path::Path, width: u32, min_height: u32) -> (u32, u32) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG pixels");
    assert_eq!(info.width, width, "{}", path.display());
    assert!(
        info.height >= min_height,
        "{}: height {}",
        path.display(),
        info.height
    );
    let channels = info.line_size / info.width as usize;
    let mut counts = std::collections::HashMap::new();
    for px in buf[..info.buffer_size()].chunks(channels) {
        *counts.entry(px.to_vec()).or_insert(0usize) += 1;
    }
    let total = (info.width * info.height) as usize;
    let most = counts.values().copied().max().unwrap_or(0);
    assert!(
        counts.len() > 50,
        "{}: only {} colours",
        path.display(),
        counts.len()
    );
    assert!(
        most * 10 < total * 9,
        "{}: {most} of {total} pixels are one colour",
        path.display()
    );
    (info.width, info.height)
}

/// A fresh scratch directory for one test (removed first if a previous run left it).
pub fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("shieldsim-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The documented full example of docs/scenario.md: a scenario with its own `[[missile]] example-mrbm` and
/// `[[interceptor]] example-interceptor`.
pub fn doc_example() -> String {
    let doc = include_str!("../../../../docs/scenario.md");
    let start = doc.find("<!-- example: full -->").unwrap();
    let rest = &doc[start..];
    let open = rest.find("```toml\n").unwrap() + "```toml\n".len();
    let close = rest[open..].find("```").unwrap();
    rest[open..open + close].to_string()
}

/// `text` with the first line that starts with `key =` in a table headed `table` set to `key = value`; with the
/// 1-based number of the line changed.
pub fn with_value(text: &str, table: &str, key: &str, value: &str) -> (String, usize) {
    set_values(text, table, key, value, false)
}

/// `text` with every line that starts with `key =` in every table headed `table` set to `key = value`.
pub fn with_every_value(text: &str, table: &str, key: &str, value: &str) -> String {
    set_values(text, table, key, value, true).0
}

fn set_values(text: &str, table: &str, key: &str, value: &str, every: bool) -> (String, usize) {
    let mut inside = false;
    let mut first = 0;
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if l.starts_with('[') {
                inside = l.trim() == table;
            }
            if inside && l.starts_with(&format!("{key} =")) && (every || first == 0) {
                if first == 0 {
                    first = i + 1;
                }
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(first > 0, "no {key} in {table}");
    (lines.join("\n") + "\n", first)
}

/// The 1-based line of the first line of `text` that starts with `start`.
pub fn line_of(text: &str, start: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start}"))
        + 1
}

/// Exit code 2, no panic, a first line `error: …`, and every `needles` in stderr (a file's diagnostics span
/// several lines).
pub fn refused(args: &[&str], needles: &[&str]) -> String {
    let out = run(args);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("error: "), "{args:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: '{n}' not in: {err}");
    }
    err
}
