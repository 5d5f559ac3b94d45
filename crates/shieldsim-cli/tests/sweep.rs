//! `shieldsim sweep` as a user runs it: the table, CSV and JSON contracts, the output files, and bad input.

mod common;

use common::{json, ok, parse_csv, run};

fn rejects_with(args: &[&str], needles: &[&str]) {
    let out = run(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: `{n}` not in: {err}");
    }
}

#[test]
fn a_line_sweep_writes_one_row_per_value_and_corridor_and_marks_the_nominal() {
    let csv = ok(&[
        "sweep",
        "epaa-phase1-2011",
        "--vary",
        "rules.decision_delay_s=0,30,60",
        "--format",
        "csv",
        "--quiet",
    ]);
    let rows = parse_csv(&String::from_utf8(csv).unwrap());
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 1 + 3 * 4, "3 values x 4 corridors");
    let (v, nominal, share) = (col("value_1"), col("nominal"), col("engageable_share"));
    assert_eq!(rows[1][col("parameter_1")], "rules.decision_delay_s");
    let nominal_rows: Vec<&Vec<String>> =
        rows[1..].iter().filter(|r| r[nominal] == "true").collect();
    assert_eq!(
        nominal_rows.len(),
        4,
        "the scenario's own 30 s is one of the values"
    );
    assert!(nominal_rows.iter().all(|r| r[v] == "30"));
    // Shares are numbers in [0, 1] or empty (no trajectory evaluated).
    for r in &rows[1..] {
        if !r[share].is_empty() {
            let x: f64 = r[share].parse().unwrap();
            assert!((0.0..=1.0).contains(&x));
        }
    }
}

#[test]
fn json_lists_the_parameters_and_the_scenarios_without_them() {
    let v = json(&[
        "sweep",
        "third-site-2007",
        "epaa-phase1-2011",
        "--vary",
        "interceptors.gbi-2stage.max_flight_time_s=900,1500",
        "--format",
        "json",
        "--quiet",
    ]);
    let p = &v["parameters"][0];
    assert_eq!(p["scenario"], "third-site-2007");
    assert_eq!(p["unit"], "s");
    assert_eq!(p["nominal"], 1500.0);
    assert_eq!(v["skipped"][0]["scenario"], "epaa-phase1-2011");
    assert_eq!(v["results"].as_array().unwrap().len(), 2 * 4);
}

#[test]
fn out_writes_json_csv_and_parquet() {
    let dir = std::env::temp_dir().join(format!("shieldsim-sweep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    ok(&[
        "sweep",
        "epaa-phase1-2011",
        "--vary",
        "radars.kurecik-tpy2.range_km=500:1500:500",
        "--out",
        dir.to_str().unwrap(),
        "--quiet",
    ]);
    for f in ["sweep.json", "sweep.csv", "sweep.parquet"] {
        let bytes = std::fs::read(dir.join(f)).unwrap();
        assert!(!bytes.is_empty(), "{f}");
    }
    assert_eq!(
        &std::fs::read(dir.join("sweep.parquet")).unwrap()[..4],
        b"PAR1"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn list_shows_every_path_with_its_value() {
    let text = String::from_utf8(ok(&["sweep", "third-site-2007", "--list"])).unwrap();
    for p in [
        "rules.decision_delay_s",
        "interceptors.gbi-2stage.burnout_speed_mps",
        "sites.redzikowo.lat_deg",
        "radars.brdy-emr.range_km",
    ] {
        assert!(text.contains(p), "{p} missing");
    }
}

#[test]
fn bad_input_exits_2_naming_the_flag_and_the_nearest_path() {
    rejects_with(
        &[
            "sweep",
            "third-site-2007",
            "--vary",
            "interceptors.gbi-2stage.burnout_sped_mps=6000:7000:500",
        ],
        &[
            "--vary",
            "did you mean `interceptors.gbi-2stage.burnout_speed_mps`",
        ],
    );
    rejects_with(
        &[
            "sweep",
            "third-site-2007",
            "--vary",
            "rules.decision_delay_s=60:0:10",
        ],
        &["--vary", "negative step"],
    );
    rejects_with(
        &[
            "sweep",
            "third-site-2007",
            "--vary",
            "rules.decision_delay_s=",
        ],
        &["--vary", "not a finite number"],
    );
    rejects_with(
        &[
            "sweep",
            "third-site-2007",
            "--vary",
            "rules.decision_delay_s",
        ],
        &["--vary", "PATH=FROM:TO:STEP"],
    );
    rejects_with(&["sweep", "third-site-2007"], &["--vary", "--list"]);
    rejects_with(
        &[
            "sweep",
            "third-site-2007",
            "--vary",
            "rules.decision_delay_s=-10,0",
        ],
        &["rules.decision_delay_s", "0 or more"],
    );
    rejects_with(
        &[
            "sweep",
            "third-site-2007",
            "--vary",
            "sites.redzikowo.lat_deg=80:100:10",
        ],
        &["latitude from -90 to 90"],
    );
    rejects_with(
        &[
            "sweep",
            "third-site-2007",
            "--vary",
            "rules.decision_delay_s=0:1000000:1",
        ],
        &["at most 10000"],
    );
}
