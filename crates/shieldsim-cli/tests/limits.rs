//! `shieldsim limits` as a user runs it: the statement, the JSON contract, the files, and bad input.

mod common;

use common::{json, ok, run};

fn rejects_with(args: &[&str], needles: &[&str]) {
    let out = run(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: `{n}` not in: {err}");
    }
}

const BASE: [&str; 6] = [
    "limits",
    "third-site-2007",
    "--stated",
    "iran-europe,iran-us-east-coast",
    "--deterrent",
    "russia-us",
];

#[test]
fn a_radar_range_limit_is_found_stated_in_words_and_written() {
    let dir = std::env::temp_dir().join(format!("shieldsim-limits-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut args = BASE.to_vec();
    args.extend([
        "--param",
        "radars.brdy-emr.range_km=100:1500",
        "--format",
        "json",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let v = json(&args);
    let l = &v["limits"][0];
    assert_eq!(l["outcome"], "flip");
    assert_eq!(l["capability_increases"], true);
    let flip = l["flip_value"].as_f64().unwrap();
    assert!(flip > 100.0 && flip < 1500.0);
    assert_eq!(l["at_flip"]["deterrent_engageable"], 0);
    assert!(l["witness"]["value"].as_f64().unwrap() > flip);
    assert_eq!(l["witness"]["corridor"], "russia-us");
    assert!(l["statement"]
        .as_str()
        .unwrap()
        .contains("no trajectory of russia-us is engageable"));
    // The default S is the scenario's own stated share.
    let s = v["min_stated_share"].as_f64().unwrap();
    assert!((s - 54.0 / 73.0).abs() < 1e-9, "{s}");
    for f in [
        "limits.json",
        "limits-curves.csv",
        "report.html",
        "limits-1-radars-brdy-emr-range_km.png",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_table_says_when_no_value_in_the_range_is_safe() {
    let mut args = BASE.to_vec();
    args.extend(["--param", "radars.brdy-emr.range_km=1400:1500", "--quiet"]);
    let text = String::from_utf8(ok(&args)).unwrap();
    assert!(text.contains("none in range"), "{text}");
    assert!(
        text.contains(
            "No value of radars.brdy-emr.range_km from 1400 to 1500 km keeps russia-us unengaged"
        ),
        "{text}"
    );
}

#[test]
fn bad_input_exits_2_naming_the_flag() {
    let mut a = BASE.to_vec();
    a[5] = "russia-europe";
    rejects_with(&a, &["--deterrent", "russia-europe", "russia-us"]);
    let mut a = BASE.to_vec();
    a[3] = "russia-us";
    rejects_with(&a, &["both stated and deterrent"]);
    let mut a = BASE.to_vec();
    a.extend(["--min-stated-share", "1.5"]);
    rejects_with(&a, &["--min-stated-share", "0 to 1"]);
    let mut a = BASE.to_vec();
    a.extend(["--param", "radars.brdy-emr.range_km=1500:100"]);
    rejects_with(&a, &["--param", "FROM must be below TO"]);
    let mut a = BASE.to_vec();
    a.extend(["--param", "radars.brdy.range_km=100:1500"]);
    rejects_with(
        &a,
        &["--param", "no radar `brdy`", "radars.brdy-emr.range_km"],
    );
    let mut a = BASE.to_vec();
    a.extend(["--param", "radars.brdy-emr.range_km=-100:1500"]);
    rejects_with(&a, &["--param", "above 0"]);
    let mut a = BASE.to_vec();
    a.extend(["--param", "radars.brdy-emr.range_km=100:1500", "--phase"]);
    rejects_with(&a, &["--phase", "two"]);
}

#[test]
fn the_phase_diagram_classifies_each_point_by_its_shares() {
    let mut args = BASE.to_vec();
    args.extend([
        "--param",
        "radars.brdy-emr.range_km=100:1500",
        "--param",
        "rules.decision_delay_s=0:300",
        "--phase",
        "--min-stated-share",
        "0.5",
        "--format",
        "json",
        "--quiet",
    ]);
    let v = json(&args);
    let p = &v["phase"];
    assert_eq!(p["y_path"], "radars.brdy-emr.range_km");
    let class = p["class"].as_array().unwrap();
    assert_eq!(class.len(), 7);
    for (iy, row) in class.iter().enumerate() {
        for (ix, c) in row.as_array().unwrap().iter().enumerate() {
            let s = p["stated_share"][iy][ix].as_f64().unwrap();
            let d = p["deterrent_share"][iy][ix].as_f64().unwrap();
            let expected = u64::from(d > 0.0) + 2 * u64::from(s < 0.5);
            assert_eq!(c.as_u64().unwrap(), expected, "({iy}, {ix}): s {s} d {d}");
        }
    }
    // The shortest radar range at no delay engages nothing of Russia's; the longest does (the flip above).
    assert_eq!(p["deterrent_share"][0][0].as_f64().unwrap(), 0.0);
    assert!(p["deterrent_share"][6][0].as_f64().unwrap() > 0.0);
}
