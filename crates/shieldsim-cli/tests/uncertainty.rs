//! `shieldsim assess --monte-carlo N` as a user runs it: the same seed gives the same bytes whatever the number of
//! threads, the table, CSV and JSON contracts, the output files, and bad input.

mod common;

use std::process::Command;

use common::{check_png, json, ok, parse_csv, run};

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("shieldsim-mc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Exit code 2, no panic, and every needle on stderr.
fn rejects_with(args: &[&str], needles: &[&str]) {
    let out = run(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: `{n}` not in: {err}");
    }
}

const STUDY: &[&str] = &[
    "assess",
    "epaa-phase1-2011",
    "--monte-carlo",
    "24",
    "--uncertain",
    "rules.decision_delay_s=uniform:0:120",
    "--uncertain",
    "radars.kurecik-tpy2.range_km=normal:1000:300:300:1700",
    "--quiet",
];

/// The study's JSON on stdout and the bytes of its files, run with `threads` worker threads.
fn study_with_threads(
    threads: &str,
    seed: &str,
    dir: &std::path::Path,
) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args(STUDY)
        .args(["--seed", seed, "--format", "json", "--out"])
        .arg(dir)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.stdout,
        std::fs::read(dir.join("montecarlo.json")).unwrap(),
        std::fs::read(dir.join("montecarlo-samples.csv")).unwrap(),
    )
}

#[test]
fn the_same_seed_gives_the_same_bytes_with_one_or_two_threads() {
    let (a, b, c) = (scratch("t1"), scratch("t2"), scratch("s2"));
    let one = study_with_threads("1", "9", &a);
    let two = study_with_threads("2", "9", &b);
    assert!(one == two, "RAYON_NUM_THREADS=1 and 2 differ");
    let other = study_with_threads("2", "10", &c);
    assert_ne!(one.2, other.2, "another seed draws other samples");
    // The JSON on stdout is the file's.
    assert_eq!(one.0, one.1);
    let v: serde_json::Value = serde_json::from_slice(&one.0).unwrap();
    assert_eq!(v["samples"], 24);
    assert_eq!(v["seed"], 9);
    let p = &v["scenarios"][0]["parameters"];
    assert_eq!(p[0]["path"], "rules.decision_delay_s");
    assert_eq!(p[0]["source"], "given on the command line");
    assert_eq!(p[0]["given_at"], "--uncertain");
    assert_eq!(p[0]["lattice_step"], serde_json::Value::Null);
    assert_eq!(p[1]["sd"], 300.0);
    // Bands are ordered and within [0, 1]; the window band only where something is engageable.
    for b in v["bands"].as_array().unwrap() {
        let q = |k: &str| b[k].as_f64();
        if let (Some(lo), Some(mid), Some(hi)) = (q("share_p5"), q("share_p50"), q("share_p95")) {
            assert!(0.0 <= lo && lo <= mid && mid <= hi && hi <= 1.0, "{b}");
        }
        assert!(b["window_samples"].as_u64().unwrap() <= 24);
    }
    // One tornado row per corridor and parameter, ranked.
    assert_eq!(
        v["tornado"].as_array().unwrap().len(),
        2 * v["bands"].as_array().unwrap().len()
    );
    for d in [a, b, c] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn the_builtin_gbi_range_writes_bands_tornado_figures_and_samples() {
    let dir = scratch("out");
    let out = run(&[
        "assess",
        "third-site-2007",
        "--monte-carlo",
        "6",
        "--seed",
        "2",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "interceptors.gbi-2stage.burnout_speed_mps (m/s): uniform 5400 to 9000",
        "draws rounded to 50 m/s",
        "Postol",
        "share P5 / P50 / P95",
        "Tornado: each parameter alone at its P5 and P95",
        "6 samples per scenario, seed 2",
    ] {
        assert!(text.contains(needle), "`{needle}` not in:\n{text}");
    }
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("montecarlo.json")).unwrap()).unwrap();
    let p = &v["scenarios"][0]["parameters"][0];
    // Where the [[uncertainty]] path is written in the built-in file (line:column of its value), found in the text
    // so that editing the file's comments and sources does not break the test.
    let (_, builtin) = shieldsim::scenario::BUILTIN_SCENARIOS
        .iter()
        .find(|(name, _)| *name == "third-site-2007")
        .unwrap();
    let line = builtin
        .lines()
        .position(|l| l == "path = \"interceptors.gbi-2stage.burnout_speed_mps\"")
        .unwrap()
        + 1;
    assert_eq!(
        p["given_at"],
        format!("<built-in>/third-site-2007.toml:{line}:8")
    );
    assert_eq!(p["lattice_step"], 50.0);
    // russia-us moves with the GBI's speed: a faster interceptor engages more.
    let russia: Vec<&serde_json::Value> = v["tornado"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["corridor"] == "russia-us")
        .collect();
    assert!(russia[0]["swing"].as_f64().unwrap() > 0.0, "{russia:?}");
    check_png(
        &dir.join("tornado-third-site-2007-russia-us.png"),
        1400,
        400,
    );
    assert!(dir.join("tornado-third-site-2007-russia-us.svg").exists());
    assert!(
        !dir.join("tornado-third-site-2007-north-korea-us-west.png")
            .exists(),
        "no figure for a corridor nothing moves"
    );
    let report = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(report.contains("tornado-third-site-2007-russia-us.png"));
    let rows = parse_csv(&std::fs::read_to_string(dir.join("montecarlo-samples.csv")).unwrap());
    let head = &rows[0];
    assert_eq!(rows.len(), 1 + 6 * 4, "6 samples x 4 corridors");
    for c in [
        "sample",
        "corridor",
        "parameter_1",
        "value_1",
        "drawn_1",
        "engageable_share",
    ] {
        assert!(head.contains(&c.to_string()), "{c}: {head:?}");
    }
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    for r in &rows[1..] {
        let (used, drawn): (f64, f64) = (
            r[col("value_1")].parse().unwrap(),
            r[col("drawn_1")].parse().unwrap(),
        );
        assert!((used - drawn).abs() <= 25.0 + 1e-6, "{used} vs {drawn}");
    }
    let parquet = std::fs::read(dir.join("montecarlo-samples.parquet")).unwrap();
    assert_eq!(&parquet[..4], b"PAR1");
    let tornado = parse_csv(&std::fs::read_to_string(dir.join("montecarlo-tornado.csv")).unwrap());
    assert_eq!(tornado.len(), 1 + 4);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn csv_prints_one_band_row_per_corridor() {
    let csv = ok(&[
        "assess",
        "epaa-phase1-2011",
        "--monte-carlo",
        "5",
        "--uncertain",
        "rules.decision_delay_s=triangular:0:30:60",
        "--format",
        "csv",
        "--quiet",
    ]);
    let rows = parse_csv(&String::from_utf8(csv).unwrap());
    assert_eq!(rows[0][..3], ["scenario", "corridor", "evaluated"]);
    assert_eq!(rows.len(), 1 + 4);
    let v = json(&[
        "assess",
        "epaa-phase1-2011",
        "--monte-carlo",
        "5",
        "--uncertain",
        "rules.decision_delay_s=triangular:0:30:60",
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(v["bands"].as_array().unwrap().len(), 4);
}

fn bad_file(dir: &std::path::Path) -> std::path::PathBuf {
    let text = shieldsim::scenario::builtin_toml("epaa-phase1-2011").unwrap().to_string()
        + "\n[[uncertainty]]\npath = \"rules.decision_delay_s\"\ndistribution = \"normal\"\nmean = 30.0\nsd = 20.0\nsource = \"test\"\n";
    let path = dir.join("negative-delays.toml");
    std::fs::write(&path, &text).unwrap();
    path
}

#[test]
fn bad_input_exits_2_naming_the_flag_or_the_file_position() {
    let base = ["assess", "epaa-phase1-2011", "--quiet"];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|s| s.to_string()).collect()
    };
    let cases: Vec<(Vec<String>, Vec<&str>)> = vec![
        (
            with(&[
                "--monte-carlo",
                "0",
                "--uncertain",
                "rules.decision_delay_s=uniform:0:9",
            ]),
            vec!["--monte-carlo = 0", "from 1 to 100000"],
        ),
        (
            with(&[
                "--monte-carlo",
                "100001",
                "--uncertain",
                "rules.decision_delay_s=uniform:0:9",
            ]),
            vec!["--monte-carlo = 100001"],
        ),
        (
            with(&[
                "--monte-carlo",
                "10",
                "--uncertain",
                "rules.decision_delay_s=uniform:30:30",
            ]),
            vec![
                "--uncertain = rules.decision_delay_s=uniform:30:30",
                "empty distribution",
            ],
        ),
        (
            with(&[
                "--monte-carlo",
                "10",
                "--uncertain",
                "rules.decision_delay_s=normal:30:0",
            ]),
            vec!["--uncertain", "sd = 0", "above 0"],
        ),
        (
            with(&[
                "--monte-carlo",
                "10",
                "--uncertain",
                "rules.decision_delay_s=uniform:-10:20",
            ]),
            vec![
                "--uncertain = rules.decision_delay_s=uniform:-10:20",
                "a delay of 0 or more",
                "reaches -10",
            ],
        ),
        (
            with(&[
                "--monte-carlo",
                "10",
                "--uncertain",
                "rules.decision_delay=uniform:0:20",
            ]),
            vec![
                "--uncertain = rules.decision_delay=uniform:0:20",
                "did you mean `rules.decision_delay_s`",
            ],
        ),
        (
            with(&[
                "--monte-carlo",
                "10",
                "--uncertain",
                "rules.decision_delay_s=gauss:1:2",
            ]),
            vec!["--uncertain", "unknown distribution `gauss`"],
        ),
        (
            with(&[
                "--monte-carlo",
                "10",
                "--uncertain",
                "rules.decision_delay_s",
            ]),
            vec!["--uncertain", "PATH=uniform:MIN:MAX"],
        ),
        (
            with(&["--monte-carlo", "10"]),
            vec!["--monte-carlo", "no scenario has an uncertain parameter"],
        ),
        (with(&["--seed", "3"]), vec!["--monte-carlo"]),
    ];
    for (args, needles) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        rejects_with(&args, &needles);
    }
    // A file's distribution reaching values the parameter cannot take: its file, line and column.
    let dir = scratch("bad");
    let file = bad_file(&dir);
    let name = file.to_str().unwrap();
    let out = run(&["assess", name, "--monte-carlo", "10", "--quiet"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let lines = shieldsim::scenario::builtin_toml("epaa-phase1-2011")
        .unwrap()
        .lines()
        .count();
    assert!(
        err.contains(&format!("{name}:{}:8: [[uncertainty]]", lines + 3)),
        "{err}"
    );
    assert!(err.contains("a delay of 0 or more"), "{err}");
    // Replacing it on the command line is accepted: the flag's distribution is the one studied.
    let v = json(&[
        "assess",
        name,
        "--monte-carlo",
        "2",
        "--uncertain",
        "rules.decision_delay_s=uniform:0:60",
        "--format",
        "json",
        "--quiet",
    ]);
    let p = &v["scenarios"][0]["parameters"];
    assert_eq!(p.as_array().unwrap().len(), 1);
    assert_eq!(
        (p[0]["distribution"].as_str(), p[0]["given_at"].as_str()),
        (Some("uniform"), Some("--uncertain"))
    );
    let _ = std::fs::remove_dir_all(dir);
}
