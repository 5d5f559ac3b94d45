//! The `shieldsim` commands as a user runs them: their JSON contracts and their bad-input messages.

mod common;

use common::{json, ok, rejects, run};
use std::process::Command;

const BALLISTIC: [&str; 13] = [
    "ballistic",
    "--lat",
    "35",
    "--lon",
    "53",
    "--alt-km",
    "0",
    "--speed-mps",
    "3000",
    "--azimuth-deg",
    "300",
    "--flight-path-deg",
    "45",
];

#[test]
fn ballistic_json_has_the_contract_fields() {
    let mut a = BALLISTIC.to_vec();
    a.extend(["--format", "json", "--samples", "11"]);
    let v = json(&a);
    let t = v["flight_time_s"].as_f64().unwrap();
    let range = v["ground_range_km"].as_f64().unwrap();
    assert!(v["impact"]["lat_deg"].is_f64() && v["impact"]["lon_deg"].is_f64());
    assert!(t > 300.0 && t < 700.0, "{t}");
    // Non-rotating Kepler estimate for 3 km/s at 45°: about 950 km; rotation and J2 shift it by a few per cent.
    assert!(range > 850.0 && range < 1050.0, "{range}");
    assert!(v["apogee_alt_km"].as_f64().unwrap() > 200.0);
    let s = v["samples"].as_array().unwrap();
    assert_eq!(s.len(), 11);
    for k in ["t_s", "lat_deg", "lon_deg", "alt_km", "speed_mps"] {
        assert!(s[5][k].is_f64(), "{k}");
    }
    assert!((s[10]["t_s"].as_f64().unwrap() - t).abs() < 1e-9);
    assert!(s[10]["alt_km"].as_f64().unwrap().abs() < 1e-3);
}

#[test]
fn trajectory_burnout_reproduces_the_free_flight_through_ballistic() {
    let v = json(&[
        "trajectory",
        "--from",
        "38.07,46.30",
        "--to",
        "39.93,32.86",
        "--missile",
        "shahab-3",
        "--drag",
        "off",
        "--format",
        "json",
    ]);
    assert!(v["miss_km"].as_f64().unwrap() < 1.0);
    assert!((v["aim"]["lat_deg"].as_f64().unwrap() - 39.93).abs() < 1e-9);
    let b = &v["burnout"];
    for k in [
        "time_s",
        "lat_deg",
        "lon_deg",
        "alt_km",
        "speed_mps",
        "azimuth_deg",
        "flight_path_deg",
    ] {
        assert!(b[k].is_f64(), "burnout.{k}");
    }
    let f = |k: &str| format!("{}", b[k].as_f64().unwrap());
    let w = json(&[
        "ballistic",
        "--lat",
        &f("lat_deg"),
        "--lon",
        &f("lon_deg"),
        "--alt-km",
        &f("alt_km"),
        "--speed-mps",
        &f("speed_mps"),
        "--azimuth-deg",
        &f("azimuth_deg"),
        "--flight-path-deg",
        &f("flight_path_deg"),
        "--format",
        "json",
        "--samples",
        "0",
    ]);
    let dlat = w["impact"]["lat_deg"].as_f64().unwrap() - v["impact"]["lat_deg"].as_f64().unwrap();
    let dlon = w["impact"]["lon_deg"].as_f64().unwrap() - v["impact"]["lon_deg"].as_f64().unwrap();
    assert!(dlat.abs() < 1e-4 && dlon.abs() < 1e-4, "{dlat} {dlon}");
    let tof = v["flight_time_s"].as_f64().unwrap() - b["time_s"].as_f64().unwrap();
    assert!((w["flight_time_s"].as_f64().unwrap() - tof).abs() < 0.05);
}

#[test]
fn catalog_lists_missiles_with_sources_and_engine_ranges() {
    let v = json(&["catalog", "missiles", "--format", "json"]);
    let ms = v["missiles"].as_array().unwrap();
    assert!(ms.len() >= 6);
    for m in ms {
        let (computed, published) = (
            m["max_range_km"].as_f64().unwrap(),
            m["published_max_range_km"].as_f64().unwrap(),
        );
        assert!(
            (computed - published).abs() <= 0.1 * published,
            "{}: {computed} vs {published}",
            m["id"]
        );
        assert!(m["burnout_speed_mps"].as_f64().unwrap() > 1000.0);
        assert!(!m["sources"].as_array().unwrap().is_empty());
    }
    let classes: Vec<&str> = ms.iter().map(|m| m["class"].as_str().unwrap()).collect();
    for c in ["SRBM", "MRBM", "IRBM", "ICBM"] {
        assert!(classes.contains(&c), "{c}");
    }
}

#[test]
fn bad_inputs_exit_2_with_one_clear_line() {
    let with = |flag: &str, value: &str| {
        let mut a: Vec<String> = BALLISTIC.iter().map(|s| s.to_string()).collect();
        let i = a.iter().position(|s| s == flag).unwrap();
        a[i + 1] = value.to_string();
        a
    };
    let check = |flag: &str, value: &str, needles: &[&str]| {
        let a = with(flag, value);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        rejects(&refs, needles);
    };
    check("--lat", "95", &["--lat", "95", "[-90, 90]"]);
    check("--lat", "NaN", &["--lat", "finite"]);
    check("--speed-mps", "-5", &["--speed-mps", "-5"]);
    check("--speed-mps", "12000", &["--speed-mps", "escape"]);
    check("--alt-km", "-1", &["--alt-km", "-1"]);
    check(
        "--flight-path-deg",
        "-90",
        &["--flight-path-deg", "(-90, 90]"],
    );
    check("--flight-path-deg", "91", &["--flight-path-deg"]);
    check("--azimuth-deg", "inf", &["--azimuth-deg", "finite"]);
    rejects(
        &[
            "trajectory",
            "--from",
            "35,53",
            "--to",
            "52,13",
            "--missile",
            "scud",
        ],
        &["--missile", "scud-b"],
    );
    rejects(
        &[
            "trajectory",
            "--from",
            "35,53",
            "--to",
            "35,53",
            "--missile",
            "scud-b",
        ],
        &["--to", "1 km"],
    );
    rejects(
        &[
            "trajectory",
            "--from",
            "95,53",
            "--to",
            "35,53",
            "--missile",
            "scud-b",
        ],
        &["--from", "95,53"],
    );
    rejects(
        &[
            "trajectory",
            "--from",
            "35,53",
            "--to",
            "52.5,13.4",
            "--missile",
            "scud-b",
        ],
        &["out of reach", "km"],
    );
    rejects(
        &[
            "trajectory",
            "--from",
            "35;53",
            "--to",
            "52,13",
            "--missile",
            "scud-b",
        ],
        &["--from", "LAT,LON"],
    );
}

#[test]
fn no_arguments_runs_the_default_assessment() {
    let out = run(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "third-site-2007",
        "restructure-2013",
        "russia-us",
        "engageable",
        "out of range",
        "window P10/P50/P90 (s)",
        "enabled by",
        " of 143 (",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
}

#[test]
fn catalog_lists_interceptors_with_engine_burnout_speeds() {
    let v = json(&["catalog", "interceptors", "--format", "json"]);
    let rows = v["interceptors"].as_array().unwrap();
    assert_eq!(rows.len(), 10);
    for r in rows {
        let id = r["id"].as_str().unwrap();
        for k in [
            "burnout_speed_mps",
            "published_burnout_speed_mps",
            "max_flight_time_s",
            "min_intercept_altitude_km",
            "max_intercept_altitude_km",
            "readiness_delay_s",
            "kill_assessment_delay_s",
            "max_range_km",
            "max_altitude_km",
            "launch_mass_kg",
        ] {
            assert!(r[k].is_f64(), "{id}: {k}");
        }
        for k in ["name", "class", "published_burnout_speed_source"] {
            assert!(!r[k].as_str().unwrap().is_empty(), "{id}: {k}");
        }
        let (engine, published) = (
            r["burnout_speed_mps"].as_f64().unwrap(),
            r["published_burnout_speed_mps"].as_f64().unwrap(),
        );
        assert!(
            (engine - published).abs() <= 0.1 * published,
            "{id}: {engine} vs {published}"
        );
        assert!(r["max_range_km"].as_f64().unwrap() > 100.0, "{id}");
        assert!(!r["sources"].as_array().unwrap().is_empty(), "{id}");
    }
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for id in ["sm3-ib", "sm3-iia", "gbi-3stage", "gbi-2stage", "thaad"] {
        assert!(ids.contains(&id), "{id}");
    }
}

/// The kill-vehicle limits are listed as interceptors.toml states them (its header: a generic 3 km/s minimum closing
/// speed for every hit-to-kill vehicle, no crossing-angle limit; the GBIs' 100-3,000 km band and 1,500 s on both
/// boosters), in the JSON, the table and the CSV.
#[test]
fn catalog_interceptors_list_kill_vehicle_limits() {
    let v = json(&["catalog", "interceptors", "--format", "json"]);
    for r in v["interceptors"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        assert_eq!(r["min_closing_speed_mps"].as_f64(), Some(3000.0), "{id}");
        assert_eq!(r["min_crossing_angle_deg"].as_f64(), Some(0.0), "{id}");
        if id.starts_with("gbi-") {
            assert_eq!(r["max_flight_time_s"].as_f64(), Some(1500.0), "{id}");
            assert_eq!(r["min_intercept_altitude_km"].as_f64(), Some(100.0), "{id}");
            assert_eq!(
                r["max_intercept_altitude_km"].as_f64(),
                Some(3000.0),
                "{id}"
            );
        }
    }
    let out = run(&["catalog", "interceptors"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().next().unwrap().contains("min closing (m/s)"),
        "{text}"
    );
    let gbi = text
        .lines()
        .find(|l| l.starts_with("gbi-2stage "))
        .unwrap_or_else(|| panic!("no gbi-2stage row:\n{text}"));
    for cell in ["1500", "100–3000", "3000"] {
        assert!(gbi.split_whitespace().any(|c| c == cell), "{cell}: {gbi}");
    }
    let records = common::parse_csv(&String::from_utf8_lossy(&ok(&[
        "catalog",
        "interceptors",
        "--format",
        "csv",
    ])));
    let header = &records[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column: {header:?}"))
    };
    let (closing, crossing) = (col("min_closing_speed_mps"), col("min_crossing_angle_deg"));
    assert_eq!(records.len(), 11);
    for r in &records[1..] {
        assert_eq!(r.len(), header.len(), "{r:?}");
        assert_eq!(
            (r[closing].as_str(), r[crossing].as_str()),
            ("3000", "0"),
            "{r:?}"
        );
    }
}

#[test]
fn catalog_lists_radars_with_their_ranges() {
    let v = json(&["catalog", "radars", "--format", "json"]);
    let rows = v["radars"].as_array().unwrap();
    assert_eq!(rows.len(), 8);
    for r in rows {
        let id = r["id"].as_str().unwrap();
        for k in [
            "max_range_km",
            "reference_rcs_m2",
            "min_elevation_deg",
            "max_elevation_deg",
            "half_width_deg",
            "track_time_s",
            "uncued_range_fraction",
        ] {
            assert!(r[k].is_f64(), "{id}: {k}");
        }
        assert!(r["fire_control"].is_boolean(), "{id}");
        assert!(!r["band"].as_str().unwrap().is_empty(), "{id}");
        assert!(!r["sources"].as_array().unwrap().is_empty(), "{id}");
        assert!(r["generic"].is_array(), "{id}");
    }
    let tpy2 = rows.iter().find(|r| r["id"] == "an-tpy-2").unwrap();
    assert_eq!(tpy2["max_range_km"].as_f64(), Some(1500.0));
    assert_eq!(tpy2["fire_control"].as_bool(), Some(true));
    let uewr = rows.iter().find(|r| r["id"] == "uewr").unwrap();
    assert_eq!(uewr["fire_control"].as_bool(), Some(false));
}

#[test]
fn catalog_tables_and_csv_have_one_row_per_entry() {
    for (kind, n) in [("interceptors", 10), ("radars", 8)] {
        let out = run(&["catalog", kind]);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        let header = text.lines().next().unwrap();
        assert!(header.starts_with("id "), "{header}");
        // Units in the headings.
        assert!(header.contains("(km)"), "{header}");
        let out = run(&["catalog", kind, "--format", "csv"]);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(text.lines().count(), n + 1, "{text}");
        assert!(text.starts_with("id,name,"), "{text}");
    }
}

#[test]
fn catalog_rejects_unknown_listings_and_formats() {
    for args in [
        &["catalog", "satellites"][..],
        &["catalog", "interceptors", "--format", "xml"][..],
        &["catalog", "radars", "--format", "yaml"][..],
    ] {
        let out = run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("invalid value"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// A reader that stops early (`shieldsim ... | head -1`) ends the program quietly, without a panic.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args([
            "trajectory",
            "--from",
            "35.23,53.92",
            "--to",
            "38.90,-77.04",
            "--missile",
            "icbm-liquid",
            "--samples",
            "20000",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("missile"), "{first}");
    // The reader is dropped here, closing the pipe while the program still writes.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// Inputs that used to crash or exhaust the machine are refused up front, exit 2, one line naming what is wrong.
#[test]
fn oversized_requests_and_non_files_are_refused_before_any_work() {
    rejects(
        &[
            "trajectory",
            "--from",
            "35.23,53.92",
            "--to",
            "38,50",
            "--missile",
            "shahab-3",
            "--samples",
            "18446744073709551615",
        ],
        &["--samples", "at most 100000"],
    );
    let flight = [
        "ballistic",
        "--lat",
        "35",
        "--lon",
        "53",
        "--alt-km",
        "0",
        "--speed-mps",
        "3000",
        "--azimuth-deg",
        "300",
        "--flight-path-deg",
        "45",
    ];
    rejects(
        &[&flight[..], &["--samples", "4294967296"]].concat(),
        &["--samples", "at most 100000"],
    );
    // At the limit it still works.
    let out = run(&[&flight[..], &["--samples", "100000", "--format", "csv"]].concat());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() >= 100_000);

    let dir = std::env::temp_dir().join(format!("shieldsim-nonfiles-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // A directory, a device and (on Unix) a FIFO, which would block a plain read forever.
    rejects(&["assess", dir.to_str().unwrap()], &["not a regular file"]);
    if std::path::Path::new("/dev/zero").exists() {
        rejects(
            &["assess", "/dev/zero"],
            &["/dev/zero", "not a regular file"],
        );
    }
    #[cfg(unix)]
    {
        let fifo = dir.join("pipe.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            rejects(&["assess", fifo.to_str().unwrap()], &["not a regular file"]);
        }
    }
    // A file above 10 MB (of newlines: it once took 2.8 GB to parse).
    let big = dir.join("big.toml");
    std::fs::write(&big, vec![b'\n'; 10 * 1024 * 1024 + 1]).unwrap();
    rejects(
        &["assess", big.to_str().unwrap()],
        &["10485761 bytes", "10 MB"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A stage with a negative diameter is refused by name (the docs say "above 0").
#[test]
fn a_negative_stage_diameter_is_refused() {
    let text = String::from_utf8(ok(&["scenarios", "export", "epaa-phase1-2011"])).unwrap();
    let dir = std::env::temp_dir().join(format!("shieldsim-diameter-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("negative.toml");
    let missile = r#"
[[missile]]
id = "negative-diameter"
name = "test"
class = "SRBM"
propellant = "liquid"
published_max_range_km = 300.0
published_max_range_source = "test"
sources = ["test"]

[missile.payload]
mass_kg = 1000.0
beta_kg_m2 = 5000.0
source = "test"

[missile.signature]
booster_rcs_m2 = 10.0
reentry_vehicle_rcs_m2 = 0.1
source = "test"

[missile.guidance]
vertical_rise_s = 5.0
pitch_kick_duration_s = 5.0
source = "test"

[[missile.stage]]
gross_mass_kg = 5000.0
propellant_mass_kg = 3700.0
burn_time_s = 60.0
isp_vac_s = 250.0
diameter_m = -0.88
source = "test"
"#;
    std::fs::write(&file, format!("{text}\n{missile}")).unwrap();
    let out = run(&["assess", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("diameter_m"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
