//! `shieldsim assess` and `run` as a user runs them: the JSON contract, determinism, the output files, exported
//! scenarios round-tripping, and bad input.

use std::path::Path;
mod common;

use common::{ok, run};

const SCENARIOS: [&str; 6] = [
    "third-site-2007",
    "epaa-phase1-2011",
    "epaa-phase2-2015",
    "epaa-phase3-2018",
    "epaa-phase4-planned",
    "restructure-2013",
];
const CORRIDORS: [&str; 4] = [
    "iran-europe",
    "iran-us-east-coast",
    "north-korea-us-west",
    "russia-us",
];

/// The default assessment covers every built-in scenario and corridor, with the contract fields, and is
/// byte-for-byte deterministic.
#[test]
fn default_assessment_json_is_complete_and_deterministic() {
    let first = ok(&["assess", "--format", "json", "--quiet"]);
    let v: serde_json::Value = serde_json::from_slice(&first).expect("valid JSON");
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), SCENARIOS.len() * CORRIDORS.len());
    for s in SCENARIOS {
        for c in CORRIDORS {
            let r = results
                .iter()
                .find(|r| r["scenario"] == s && r["corridor"] == c)
                .unwrap_or_else(|| panic!("{s} / {c} missing"));
            let n = r["trajectories"].as_u64().unwrap();
            assert!(n > 0, "{s}/{c}: no trajectory evaluated");
            let share = r["engageable_share"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&share));
            assert!(r["median_window_s"].as_f64().unwrap() >= 0.0);
            assert!(r["median_shots"].as_f64().unwrap() >= 0.0);
            assert!(r["sites"].is_array());
            if share == 0.0 {
                assert!(r["sites"].as_array().unwrap().is_empty(), "{r}");
            }
        }
    }
    let second = ok(&["assess", "--format", "json", "--quiet"]);
    assert!(first == second, "two runs differ");
}

fn check_geojson(path: &Path) {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let features = v["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        let g = &f["geometry"];
        let lines: Vec<&serde_json::Value> = match g["type"].as_str().unwrap() {
            "LineString" => vec![&g["coordinates"]],
            "MultiLineString" => g["coordinates"].as_array().unwrap().iter().collect(),
            "Point" => vec![],
            other => panic!("unexpected geometry {other}"),
        };
        for line in lines {
            let pts = line.as_array().unwrap();
            assert!(pts.len() >= 2);
            for p in pts {
                let lon = p[0].as_f64().unwrap();
                let lat = p[1].as_f64().unwrap();
                assert!(
                    (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat),
                    "{p}"
                );
            }
        }
        assert!(f["properties"]["scenario"].is_string());
    }
}

/// `--out DIR` writes the four files, complete and parseable; an exported scenario run as a file gives the
/// same result as the built-in one.
#[test]
fn output_files_and_export_round_trip() {
    let dir = std::env::temp_dir().join(format!("shieldsim-assess-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let builtin = ok(&[
        "assess",
        "epaa-phase2-2015",
        "--format",
        "json",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ]);
    for f in [
        "assessment.json",
        "corridors.csv",
        "trajectories.geojson",
        "trajectories.kml",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    assert_eq!(
        std::fs::read(dir.join("assessment.json")).unwrap(),
        builtin,
        "assessment.json differs from stdout"
    );
    let csv = std::fs::read_to_string(dir.join("corridors.csv")).unwrap();
    assert!(csv.starts_with("scenario,corridor,trajectories,engageable,engageable_share"));
    assert_eq!(csv.lines().count(), 1 + CORRIDORS.len());
    check_geojson(&dir.join("trajectories.geojson"));
    // The map, the CZML and the self-contained report.
    common::check_png(&dir.join("map-epaa-phase2-2015.png"), 1600, 500);
    let svg = std::fs::read_to_string(dir.join("map-epaa-phase2-2015.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("epaa-phase2-2015"));
    let czml: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("trajectories.czml")).unwrap()).unwrap();
    let packets = czml.as_array().unwrap();
    assert_eq!(packets[0]["id"], "document");
    let evaluated: u64 = serde_json::from_slice::<serde_json::Value>(&builtin).unwrap()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["trajectories"].as_u64().unwrap())
        .sum();
    let tracks = packets.iter().filter(|p| p.get("path").is_some()).count() as u64;
    assert_eq!(tracks, evaluated, "one CZML track per evaluated trajectory");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("epaa-phase2-2015") && html.contains("<table") && html.contains("<svg"));
    for forbidden in ["<script", "<link", "src=\"http", "url(http", "<img"] {
        assert!(
            !html.contains(forbidden),
            "report.html is not self-contained: {forbidden}"
        );
    }
    let kml = std::fs::read_to_string(dir.join("trajectories.kml")).unwrap();
    assert!(kml.starts_with("<?xml") && kml.trim_end().ends_with("</kml>"));
    assert!(kml.contains("<Placemark>") && kml.contains("<coordinates>"));
    // No temporary files left behind.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(!name.ends_with(".tmp"), "{name} left behind");
    }

    let exported = ok(&["scenarios", "export", "epaa-phase2-2015"]);
    let file = dir.join("exported.toml");
    std::fs::write(&file, exported).unwrap();
    let from_file = ok(&["run", file.to_str().unwrap(), "--format", "json", "--quiet"]);
    assert!(
        from_file == builtin,
        "export -> run differs from the built-in scenario"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_scenarios_and_bad_files_exit_2() {
    let out = run(&["assess", "epaa-phase2", "--quiet"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("epaa-phase2"), "{err}");
    assert!(!err.contains("panicked"));
    let out = run(&["run", "/nonexistent/scenario.toml", "--quiet"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("/nonexistent/scenario.toml"), "{err}");
}
