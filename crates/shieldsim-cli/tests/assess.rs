//! `shieldsim assess` and `run` as a user runs them: the JSON contract, determinism, the output files, exported
//! scenarios round-tripping, and bad input.

use std::path::Path;
mod common;

use common::{ok, parse_csv, run};

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

/// The columns of `--format csv` and corridors.csv, in order.
const CSV_COLUMNS: [&str; 26] = [
    "scenario",
    "corridor",
    "pairs",
    "evaluated",
    "out_of_range",
    "failed",
    "engageable",
    "engageable_share",
    "weighted_engageable_share",
    "window_min_s",
    "window_p10_s",
    "window_p50_s",
    "window_p90_s",
    "window_max_s",
    "shots_min",
    "shots_p10",
    "shots_p50",
    "shots_p90",
    "shots_max",
    "first_intercept_alt_min_km",
    "first_intercept_alt_p10_km",
    "first_intercept_alt_p50_km",
    "first_intercept_alt_p90_km",
    "first_intercept_alt_max_km",
    "sites",
    "enabled_by",
];

/// Every corridor's counts add up, the shares are n / N over the evaluated trajectories, the spreads are over the
/// engageable ones (absent when none is), and the enabling sensors are radars of the scenario whose counts add up
/// to the engageable trajectories.
fn check_result(r: &serde_json::Value, radars: &[&str]) {
    let n = |k: &str| r[k].as_u64().unwrap_or_else(|| panic!("{k} in {r}"));
    let (pairs, evaluated, engageable) = (n("pairs"), n("evaluated"), n("engageable"));
    assert_eq!(pairs, evaluated + n("out_of_range") + n("failed"), "{r}");
    assert!(engageable <= evaluated, "{r}");
    if evaluated > 0 {
        let share = r["engageable_share"].as_f64().unwrap();
        assert!(
            (share - engageable as f64 / evaluated as f64).abs() < 1e-12,
            "{r}"
        );
    } else {
        assert!(r["engageable_share"].is_null(), "{r}");
    }
    for q in ["window_{}_s", "shots_{}", "first_intercept_alt_{}_km"] {
        let v: Vec<Option<f64>> = ["min", "p10", "p50", "p90", "max"]
            .iter()
            .map(|p| r[q.replace("{}", p)].as_f64())
            .collect();
        if engageable == 0 {
            assert!(v.iter().all(Option::is_none), "{q}: {r}");
        } else {
            let v: Vec<f64> = v.into_iter().map(Option::unwrap).collect();
            assert!(v.windows(2).all(|w| w[0] <= w[1]), "{q} not ordered: {r}");
            assert!(
                v[0] > 0.0,
                "{q}: an engageable trajectory has a window, a shot, an altitude: {r}"
            );
        }
    }
    let sensors = r["enabled_by"].as_array().unwrap();
    let total: u64 = sensors
        .iter()
        .map(|e| {
            let name = e["sensor"].as_str().unwrap();
            // "radar" or "radar via link (kind)" or "radar (own fire-control radar)".
            assert!(
                radars
                    .iter()
                    .any(|id| name == *id || name.starts_with(&format!("{id} "))),
                "{name} is not a radar of the scenario: {r}"
            );
            e["trajectories"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(total, engageable, "{r}");
    if engageable == 0 {
        assert!(r["sites"].as_array().unwrap().is_empty(), "{r}");
    }
}

fn radars_of<'a>(v: &'a serde_json::Value, scenario: &str) -> Vec<&'a str> {
    v["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scenario"] == scenario)
        .unwrap()["radars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

/// The default assessment covers every built-in scenario and corridor, with the contract fields, and is
/// byte-for-byte deterministic.
#[test]
fn default_assessment_json_is_complete_and_deterministic() {
    let first = ok(&["assess", "--format", "json", "--quiet"]);
    let v: serde_json::Value = serde_json::from_slice(&first).expect("valid JSON");
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), SCENARIOS.len() * CORRIDORS.len());
    let mut out_of_range = 0;
    for s in SCENARIOS {
        for c in CORRIDORS {
            let r = results
                .iter()
                .find(|r| r["scenario"] == s && r["corridor"] == c)
                .unwrap_or_else(|| panic!("{s} / {c} missing"));
            assert!(
                r["evaluated"].as_u64().unwrap() > 0,
                "{s}/{c}: no trajectory evaluated"
            );
            check_result(r, &radars_of(&v, s));
            out_of_range += r["out_of_range"].as_u64().unwrap();
        }
    }
    assert!(
        out_of_range > 0,
        "the built-in corridors have pairs beyond reach"
    );
    let second = ok(&["assess", "--format", "json", "--quiet"]);
    assert!(first == second, "two runs differ");
}

/// The table, the JSON and the CSV give the same numbers: the table's "n of N (x %)", out-of-range count, window
/// percentiles and enabling sensors are the JSON's, and the CSV has the documented columns.
#[test]
fn table_json_and_csv_agree() {
    let args = ["assess", "epaa-phase2-2015", "restructure-2013", "--quiet"];
    let v: serde_json::Value =
        serde_json::from_slice(&ok(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let table = String::from_utf8(ok(&args)).unwrap();
    let csv =
        parse_csv(&String::from_utf8(ok(&[&args[..], &["--format", "csv"]].concat())).unwrap());
    assert_eq!(csv[0], CSV_COLUMNS);
    let results = v["results"].as_array().unwrap();
    assert_eq!(csv.len(), 1 + results.len());
    let mut lines = table.lines();
    let head = lines.next().unwrap();
    for col in [
        "engageable",
        "out of range",
        "window P10/P50/P90 (s)",
        "max window (s)",
        "shots P10/P50/P90",
        "first intercept alt P10/P50/P90 (km)",
        "enabled by",
        "sites engaging",
    ] {
        assert!(head.contains(col), "{col} not in {head}");
    }
    assert!(
        !head.contains("failed") && !head.contains("weighted"),
        "{head}"
    );
    assert!(!head.contains("median"), "{head}");
    lines.next(); // the rule
    for (r, row) in results.iter().zip(&csv[1..]) {
        let line = lines.next().unwrap();
        let (n, of) = (
            r["engageable"].as_u64().unwrap(),
            r["evaluated"].as_u64().unwrap(),
        );
        let engageable = format!("{n} of {of} (");
        assert!(line.contains(&engageable), "{engageable} not in {line}");
        if let Some(p50) = r["window_p50_s"].as_f64() {
            let cell = format!(
                "{:.0} / {:.0} / {:.0}",
                r["window_p10_s"].as_f64().unwrap(),
                p50,
                r["window_p90_s"].as_f64().unwrap()
            );
            assert!(line.contains(&cell), "{cell} not in {line}");
        }
        for e in r["enabled_by"].as_array().unwrap() {
            let cell = format!("{} ({})", e["sensor"].as_str().unwrap(), e["trajectories"]);
            assert!(line.contains(&cell), "{cell} not in {line}");
        }
        let cols: Vec<&str> = line.split("  ").filter(|c| !c.is_empty()).collect();
        assert_eq!(cols[3].trim(), r["out_of_range"].to_string(), "{line}");
        // The CSV row: the same values, column by column.
        assert_eq!(row.len(), CSV_COLUMNS.len());
        for (k, col) in CSV_COLUMNS.iter().enumerate() {
            let j = &r[*col];
            match *col {
                "sites" => assert_eq!(
                    row[k],
                    j.as_array()
                        .unwrap()
                        .iter()
                        .map(|s| s.as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                "enabled_by" => assert_eq!(
                    row[k],
                    j.as_array()
                        .unwrap()
                        .iter()
                        .map(|e| format!(
                            "{} ({})",
                            e["sensor"].as_str().unwrap(),
                            e["trajectories"]
                        ))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                _ => match j {
                    serde_json::Value::String(s) => assert_eq!(&row[k], s),
                    serde_json::Value::Null => assert_eq!(row[k], "", "{col}"),
                    _ => {
                        let x: f64 = row[k]
                            .parse()
                            .unwrap_or_else(|_| panic!("{col}: {}", row[k]));
                        assert!((x - j.as_f64().unwrap()).abs() < 1e-3, "{col}: {x} vs {j}");
                    }
                },
            }
        }
    }
}

/// A user's scenario with a comma (and quotes) in a corridor name and weighted aims: the CSV stays one record per
/// corridor with the name intact, and the weighted share is the weights of the engageable trajectories over those
/// of the evaluated ones, as the per-trajectory GeoJSON records them; the table shows the weighted share.
#[test]
fn csv_quotes_names_and_weights_weight_the_share() {
    let dir = std::env::temp_dir().join(format!("shieldsim-weights-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("weighted.toml");
    std::fs::write(
        &file,
        r#"
[scenario]
name = "weighted"
title = "Weighted aims"
sources = ["test"]

[architecture]

[[architecture.radar]]
name = "kurecik"
type = "an-tpy-2"
lat_deg = 38.35
lon_deg = 37.79

[[architecture.site]]
name = "deveselu"
interceptor = "sm3-ib"
lat_deg = 44.08
lon_deg = 24.38

[[architecture.link]]
name = "c2bmc"
kind = "engage-on-remote"
sensors = ["kurecik"]
sites = ["deveselu"]
source = "test"

[[corridor]]
name = 'iran, "west" to europe'
missiles = ["irbm-solid"]

  [[corridor.launch]]
  name = "tabriz"
  lat_deg = 38.07
  lon_deg = 46.30

  [[corridor.aim]]
  name = "berlin"
  lat_deg = 52.52
  lon_deg = 13.40
  weight = 3.0

  [[corridor.aim]]
  name = "rome"
  lat_deg = 41.90
  lon_deg = 12.50
  weight = 0.5

  [[corridor.aim]]
  name = "lisbon"
  lat_deg = 38.72
  lon_deg = -9.14

  [[corridor.aim]]
  name = "washington"
  lat_deg = 38.91
  lon_deg = -77.04
  weight = 100.0
"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let csv =
        parse_csv(&String::from_utf8(ok(&["run", path, "--format", "csv", "--quiet"])).unwrap());
    assert_eq!(csv.len(), 2, "{csv:?}");
    assert_eq!(csv[1].len(), CSV_COLUMNS.len(), "{csv:?}");
    assert_eq!(csv[1][1], "iran, \"west\" to europe");
    let out = dir.join("out");
    let v: serde_json::Value = serde_json::from_slice(&ok(&[
        "run",
        path,
        "--format",
        "json",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(
        parse_csv(&std::fs::read_to_string(out.join("corridors.csv")).unwrap()),
        csv
    );
    let r = &v["results"][0];
    check_result(r, &["kurecik"]);
    assert_eq!(r["out_of_range"], 1, "Washington is beyond an IRBM: {r}");
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("trajectories.geojson")).unwrap())
            .unwrap();
    let (mut num, mut den, mut engaged) = (0.0, 0.0, 0);
    // trajectories.geojson holds only the paths (the intercepts are in intercepts.geojson).
    for f in geo["features"].as_array().unwrap() {
        assert_eq!(f["geometry"]["type"], "MultiLineString");
        let p = &f["properties"];
        let w = p["aim_weight"].as_f64().unwrap();
        let expected = match p["aim"].as_str().unwrap() {
            "berlin" => 3.0,
            "rome" => 0.5,
            "lisbon" => 1.0,
            other => panic!("{other} evaluated"),
        };
        assert_eq!(w, expected);
        den += w;
        if p["engageable"] == true {
            num += w;
            engaged += 1;
            assert_eq!(
                p["enabled_by"], "kurecik via c2bmc (engage-on-remote)",
                "{p}"
            );
        } else {
            assert!(p["enabled_by"].is_null(), "{p}");
        }
    }
    assert_eq!(den, 4.5);
    assert_eq!(r["engageable"], engaged);
    // With the model of this writing only Rome is engageable: 1 of 3, weighted 0.5 / 4.5. The weights must matter.
    assert!(
        (1..3).contains(&engaged),
        "the case needs engageable and unengageable aims ({engaged} of 3): choose others if the model changed"
    );
    let weighted = r["weighted_engageable_share"].as_f64().unwrap();
    assert!(
        (weighted - num / den).abs() < 1e-12,
        "{weighted} vs {num}/{den}"
    );
    let kml = std::fs::read_to_string(out.join("trajectories.kml")).unwrap();
    assert!(
        kml.contains(
            "<Data name=\"enabled_by\"><value>kurecik via c2bmc (engage-on-remote)</value></Data>"
        ) == (engaged > 0)
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("iran, &quot;west&quot; to europe")
            && html.contains("<th scope=col>weighted</th>")
    );
    // The headline carries the weighted share beside the count.
    let evaluated = r["evaluated"].as_u64().unwrap();
    assert!(
        html.contains(&format!(
            "{engaged} of {evaluated} iran, &quot;west&quot; to europe trajectories engageable ("
        )) && html.contains(&format!("; weighted {:.1} %)", 100.0 * weighted)),
        "{}",
        &html[html.find("<ul class=headlines>").unwrap()..][..600]
    );
    let table = String::from_utf8(ok(&["run", path, "--quiet"])).unwrap();
    assert!(
        table.lines().next().unwrap().contains("weighted"),
        "{table}"
    );
    assert!(
        table.contains(&format!("{:.1} %", 100.0 * weighted)),
        "{table}"
    );
    let _ = std::fs::remove_dir_all(&dir);
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
        "intercepts.geojson",
        "trajectories.kml",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    assert_eq!(
        std::fs::read(dir.join("assessment.json")).unwrap(),
        builtin,
        "assessment.json differs from stdout"
    );
    let csv = parse_csv(&std::fs::read_to_string(dir.join("corridors.csv")).unwrap());
    assert_eq!(csv[0], CSV_COLUMNS);
    assert_eq!(csv.len(), 1 + CORRIDORS.len());
    check_geojson(&dir.join("trajectories.geojson"));
    check_geojson(&dir.join("intercepts.geojson"));
    // The map, the CZML and the self-contained report.
    common::check_png(&dir.join("map-epaa-phase2-2015.png"), 1200, 500);
    // A panel per corridor, each in its own projection.
    common::check_png(&dir.join("map-epaa-phase2-2015-iran-europe.png"), 1200, 400);
    common::check_png(&dir.join("map-epaa-phase2-2015-russia-us.png"), 1200, 400);
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
        .map(|r| r["evaluated"].as_u64().unwrap())
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
