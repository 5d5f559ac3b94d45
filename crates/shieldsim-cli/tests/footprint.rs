//! `shieldsim footprint` as a user runs it: the JSON contract, the files of `--out` (CSV, Parquet, GeoJSON validity,
//! KML, maps), determinism across thread counts, and bad input.

use std::path::{Path, PathBuf};
use std::process::Command;
mod common;

use common::{json, ok, rejects};

/// A regional aims map: EPAA phase 3 against an IRBM from Semnan over Europe, 2° cells (18 × 35 points).
const BASE: [&str; 10] = [
    "footprint",
    "epaa-phase3-2018",
    "--missile",
    "irbm-solid",
    "--launch",
    "35.23,53.92",
    "--region",
    "30,-10,66,60",
    "--spacing-deg",
    "2",
];

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shieldsim-fp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn with(extra: &[&str]) -> Vec<String> {
    BASE.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Twice the signed area of a ring of [lon, lat] positions (positive when counter-clockwise).
fn twice_area(ring: &[serde_json::Value]) -> f64 {
    ring.windows(2)
        .map(|w| {
            let (a, b) = (&w[0], &w[1]);
            a[0].as_f64().unwrap() * b[1].as_f64().unwrap()
                - b[0].as_f64().unwrap() * a[1].as_f64().unwrap()
        })
        .sum()
}

/// Checks RFC 7946 polygon rules on every feature and returns each level's total area, deg².
fn check_geojson(path: &Path) -> Vec<(f64, f64)> {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).unwrap()).expect("valid JSON");
    assert_eq!(v["type"], "FeatureCollection");
    let mut levels = Vec::new();
    for f in v["features"].as_array().unwrap() {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "MultiPolygon");
        let mut total = 0.0;
        for poly in f["geometry"]["coordinates"].as_array().unwrap() {
            for (k, ring) in poly.as_array().unwrap().iter().enumerate() {
                let ring = ring.as_array().unwrap();
                assert!(ring.len() >= 4, "a linear ring has at least four positions");
                assert_eq!(ring.first(), ring.last(), "rings are closed");
                for p in ring {
                    let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                    assert!((-180.0..=180.0).contains(&lon), "lon {lon}");
                    assert!((-90.0..=90.0).contains(&lat), "lat {lat}");
                }
                let a = twice_area(ring) / 2.0;
                if k == 0 {
                    assert!(a > 0.0, "exterior rings are counter-clockwise");
                } else {
                    assert!(a < 0.0, "holes are clockwise");
                }
                total += a;
            }
        }
        levels.push((f["properties"]["level_s"].as_f64().unwrap(), total));
    }
    levels
}

#[test]
fn json_contract_files_and_valid_polygons() {
    let dir = tmp("files");
    let v = json(&args(&with(&[
        "--format",
        "json",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ])));
    let points = v["points"].as_u64().unwrap();
    assert_eq!(points, 18 * 35);
    assert_eq!(v["rows"], 18);
    assert_eq!(v["cols"], 35);
    let engageable = v["engageable_points"].as_u64().unwrap();
    assert!(engageable > 10, "{v}");
    assert!(v["not_engageable_points"].as_u64().unwrap() > 10, "{v}");
    assert!(v["elapsed_s"].as_f64().unwrap() > 0.0);
    let sum: u64 = [
        "engageable_points",
        "not_engageable_points",
        "out_of_range_points",
        "failed_points",
        "outside_points",
    ]
    .iter()
    .map(|k| v[k].as_u64().unwrap())
    .sum();
    assert_eq!(sum, points);
    let files: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    for name in [
        "footprint.json",
        "grid.csv",
        "grid.parquet",
        "footprint.geojson",
        "footprint.kml",
        "map.png",
        "map.svg",
        "trajectories.czml",
        "profile.png",
        "timeline.svg",
    ] {
        let p = dir.join(name);
        assert!(
            files.contains(&p.display().to_string()),
            "{name} in {files:?}"
        );
        assert!(
            std::fs::metadata(&p).unwrap().len() > 100,
            "{name} is empty"
        );
    }
    // The summary file is the printed JSON without the run's timing and file list.
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("footprint.json")).unwrap()).unwrap();
    let mut printed = v.clone();
    printed.as_object_mut().unwrap().remove("elapsed_s");
    printed.as_object_mut().unwrap().remove("files");
    assert_eq!(saved, printed);

    // grid.csv: a header and one row per point; the engageable rows add up.
    let csv = std::fs::read_to_string(dir.join("grid.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        &header[..6],
        &["row", "col", "lat_deg", "lon_deg", "status", "engageable"]
    );
    let status = header.iter().position(|h| *h == "status").unwrap();
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len() as u64, points);
    let engaged = rows
        .iter()
        .filter(|r| r.split(',').nth(status) == Some("engageable"))
        .count() as u64;
    assert_eq!(engaged, engageable);

    // grid.parquet: the Parquet magic at both ends.
    let pq = std::fs::read(dir.join("grid.parquet")).unwrap();
    assert_eq!(&pq[..4], b"PAR1");
    assert_eq!(&pq[pq.len() - 4..], b"PAR1");

    // footprint.geojson: valid polygons, and each higher window level lies within the lower ones (smaller area).
    let levels = check_geojson(&dir.join("footprint.geojson"));
    assert_eq!(
        levels.iter().map(|l| l.0).collect::<Vec<_>>(),
        vec![0.0, 60.0, 120.0, 300.0, 600.0]
    );
    assert!(levels[0].1 > 0.0);
    for w in levels.windows(2) {
        assert!(w[1].1 <= w[0].1 + 1e-9, "{levels:?}");
    }

    let kml = std::fs::read_to_string(dir.join("footprint.kml")).unwrap();
    assert!(kml.starts_with("<?xml") && kml.trim_end().ends_with("</kml>"));
    assert!(kml.contains("<Polygon>") && kml.contains("<outerBoundaryIs>"));

    // Figures: the map, and the profile and timeline of a sample flight.
    common::check_png(&dir.join("map.png"), 1200, 500);
    common::check_png(&dir.join("profile.png"), 1400, 700);
    common::check_png(&dir.join("timeline.png"), 1400, 600);
    let svg = std::fs::read_to_string(dir.join("map.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("epaa-phase3-2018") && svg.contains("irbm-solid")
    );
    let czml: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("trajectories.czml")).unwrap()).unwrap();
    assert_eq!(czml[0]["id"], "document");
    assert!(czml.as_array().unwrap().len() > 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_grid_does_not_depend_on_the_thread_count() {
    let csv_with = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
            .args(args(&with(&["--format", "csv", "--quiet"])))
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = csv_with("1");
    assert!(one.len() > 1000);
    assert_eq!(one, csv_with("2"));
}

#[test]
fn reverse_maps_launch_points() {
    let v = json(&[
        "footprint",
        "epaa-phase3-2018",
        "--missile",
        "irbm-solid",
        "--reverse",
        "--launch",
        "35.23,53.92",
        "--aim",
        "52.23,21.01",
        "--region",
        "26,40,40,64",
        "--spacing-deg",
        "2",
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(v["mode"], "launches");
    assert_eq!(v["points"], 7 * 12);
    assert!(v["aim"]["lat_deg"].as_f64().unwrap() > 52.0);
    assert!(
        v["launch"]["lat_deg"].as_f64().unwrap() > 35.0,
        "the reference launch is reported"
    );
    assert!(v["engageable_points"].as_u64().unwrap() > 0, "{v}");
}

#[test]
fn table_output_names_the_threat_and_the_result() {
    let out = String::from_utf8(ok(&args(&with(&["--quiet"])))).unwrap();
    for needle in [
        "epaa-phase3-2018",
        "irbm-solid",
        "engageable",
        "contributing sites",
    ] {
        assert!(out.contains(needle), "{needle}: {out}");
    }
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let s = "epaa-phase3-2018";
    rejects(
        &["footprint", s, "--spacing-deg", "0"],
        &["--spacing-deg", "above 0 and at most 180"],
    );
    rejects(&["footprint", s, "--spacing-deg", "-1"], &["--spacing-deg"]);
    rejects(
        &["footprint", s, "--spacing-deg", "0.01"],
        &["648000000 points", "241.4 GiB", "coarser spacing"],
    );
    rejects(
        &["footprint", s, "--region", "50,0,40,10"],
        &["--region", "south"],
    );
    rejects(&["footprint", s, "--region", ""], &["--region", "empty"]);
    rejects(
        &["footprint", s, "--region", "40,10;50,30;40,30;50,10"],
        &["--region", "intersects itself"],
    );
    rejects(
        &["footprint", s, "--region", "40,10;41,10.5;40,11;40.9,10.5"],
        &["no grid point falls inside"],
    );
    rejects(&["footprint", s, "--reverse"], &["--aim"]);
    rejects(&["footprint", s, "--aim", "52,13"], &["--reverse"]);
    rejects(
        &["footprint", s, "--launch", "95,10"],
        &["--launch", "LAT,LON"],
    );
    rejects(&["footprint", s, "--missile", "shahab-9"], &["shahab-9"]);
    rejects(
        &["footprint", s, "--levels-s", "60,0"],
        &["--levels-s", "ascending"],
    );
    rejects(&["footprint", "no-such-scenario"], &["unknown scenario"]);
}

/// Ctrl-C (SIGINT) during the computation stops it with exit code 130 and writes nothing.
#[test]
fn an_interrupt_stops_cleanly_without_files() {
    let dir = tmp("interrupt");
    let child = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args([
            "footprint",
            "epaa-phase3-2018",
            "--missile",
            "irbm-solid",
            "--spacing-deg",
            "0.25",
            "--quiet",
            "--out",
            dir.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert!(!dir.join("grid.csv").exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn regions_across_the_antimeridian_split_their_polygons_on_it() {
    // North Korea to the North Pacific against the 2013 restructure (Fort Greely): a box from 150° E to 150° W.
    let dir = tmp("antimeridian");
    let v = json(&[
        "footprint",
        "restructure-2013",
        "--missile",
        "icbm-liquid",
        "--launch",
        "39.66,124.70",
        "--region",
        "36,150,68,-150",
        "--spacing-deg",
        "4",
        "--format",
        "json",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ]);
    // Cells aligned on 180°: 7 columns each side, 8 rows.
    assert_eq!(
        (v["rows"].as_u64(), v["cols"].as_u64()),
        (Some(8), Some(14))
    );
    assert!(v["engageable_points"].as_u64().unwrap() > 20, "{v}");
    let csv = std::fs::read_to_string(dir.join("grid.csv")).unwrap();
    let lons: Vec<f64> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap().parse().unwrap())
        .collect();
    assert_eq!(lons.len(), 112);
    assert!(lons.iter().all(|l| (-180.0..180.0).contains(l)));
    assert!(lons.contains(&178.0) && lons.contains(&-178.0) && !lons.contains(&182.0));
    check_geojson(&dir.join("footprint.geojson"));
    let g: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("footprint.geojson")).unwrap()).unwrap();
    let engageable_lons: Vec<f64> = g["features"][0]["geometry"]["coordinates"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p[0].as_array()
                .unwrap()
                .iter()
                .map(|q| q[0].as_f64().unwrap())
        })
        .collect();
    assert!(
        engageable_lons.contains(&180.0) && engageable_lons.contains(&-180.0),
        "the engageable area is cut at the antimeridian, not drawn the long way round"
    );
    common::check_png(&dir.join("map.png"), 1200, 400);
    let _ = std::fs::remove_dir_all(&dir);
}
