//! `shieldsim engage` as a user runs it: the JSON contract, the verdicts a user meets, and bad input.

mod common;

use common::{rejects, run};

/// The JSON of a successful `engage` run.
fn json(args: &[&str]) -> serde_json::Value {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    common::json(&a)
}

/// An IRBM from north-west Iran (Tabriz) to Berlin, SM-3 IIA at Deveselu, AN/TPY-2 at Kürecik linked
/// engage-on-remote to it: engageable.
const IRBM_DEVESELU: [&str; 15] = [
    "engage",
    "--threat-from",
    "38.07,46.30",
    "--threat-to",
    "52.52,13.40",
    "--missile",
    "irbm-solid",
    "--interceptor",
    "sm3-iia",
    "--site",
    "44.0833,24.3833",
    "--radar",
    "an-tpy-2@38.3494,37.7936",
    "--link",
    "engage-on-remote",
];

fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = base.to_vec();
    v.extend_from_slice(extra);
    v
}

#[test]
fn json_has_the_contract_fields_and_a_consistent_timeline() {
    let v = json(&IRBM_DEVESELU);
    assert_eq!(v["engageable"], true, "{}", v["reason"]);
    assert!(v["reason"].as_str().is_some_and(|r| !r.is_empty()));
    let d = &v["detection"];
    let first = d["first_detect_s"].as_f64().unwrap();
    let track = d["track_s"].as_f64().unwrap();
    assert_eq!(d["radar"], "an-tpy-2");
    assert!(first > 0.0 && track >= first, "{d}");
    let launch = v["earliest_launch_s"].as_f64().unwrap();
    // track + 30 s decision delay (default) + the interceptor's readiness delay.
    assert!(launch >= track + 30.0, "{launch} vs {track}");
    let impact = v["threat"]["impact_s"].as_f64().unwrap();
    if v["engageable"] == true {
        let w = &v["window"];
        for edge in ["earliest", "latest"] {
            for key in [
                "t_s",
                "lat_deg",
                "lon_deg",
                "alt_km",
                "interceptor_flight_s",
                "closing_speed_mps",
            ] {
                assert!(w[edge][key].is_number(), "{edge}.{key}: {w}");
            }
            let p = &w[edge];
            let t = p["t_s"].as_f64().unwrap();
            assert!(t < impact);
            // Launched no earlier than the earliest launch.
            assert!(
                t - p["interceptor_flight_s"].as_f64().unwrap() >= launch - 0.05,
                "{p}"
            );
        }
        let (t0, t1) = (
            w["earliest"]["t_s"].as_f64().unwrap(),
            w["latest"]["t_s"].as_f64().unwrap(),
        );
        let dur = w["duration_s"].as_f64().unwrap();
        assert!(dur > 0.0 && dur <= t1 - t0 + 1e-6);
        assert!(v["shots"].as_u64().unwrap() >= 1);
    } else {
        assert!(v["window"].is_null());
        assert_eq!(v["shots"], 0);
    }
}

/// The SM-3 IB class reaches about 875 km: the same IRBM passes beyond its envelope from Deveselu.
#[test]
fn a_slower_interceptor_is_out_of_reach_and_says_so() {
    let mut a = IRBM_DEVESELU.to_vec();
    a[8] = "sm3-ib";
    let v = json(&a);
    assert_eq!(v["engageable"], false);
    assert!(v["window"].is_null());
    assert_eq!(v["sites"][0]["verdict"], "out-of-reach");
    assert!(
        v["reason"].as_str().unwrap().contains("out of reach"),
        "{}",
        v["reason"]
    );
}

#[test]
fn a_longer_decision_delay_never_enlarges_the_window() {
    let short = json(&with(&IRBM_DEVESELU, &["--decision-delay-s", "0"]));
    let long = json(&with(&IRBM_DEVESELU, &["--decision-delay-s", "300"]));
    let dur = |v: &serde_json::Value| v["window"]["duration_s"].as_f64().unwrap_or(0.0);
    assert!(
        dur(&long) <= dur(&short) + 1e-6,
        "{} > {}",
        dur(&long),
        dur(&short)
    );
    assert!(long["shots"].as_u64() <= short["shots"].as_u64());
}

#[test]
fn without_a_radar_the_threat_is_never_detected_and_that_is_a_result() {
    let v = json(&IRBM_DEVESELU[..11]);
    assert_eq!(v["engageable"], false);
    assert!(v["detection"]["first_detect_s"].is_null());
    assert!(
        v["reason"].as_str().unwrap().contains("never detected"),
        "{}",
        v["reason"]
    );
}

#[test]
fn without_a_link_a_remote_radar_commits_nothing() {
    let v = json(&IRBM_DEVESELU[..13]);
    assert_eq!(v["engageable"], false);
    let reason = v["reason"].as_str().unwrap();
    assert!(
        reason.contains("no sensor linked to this site tracks the threat")
            && reason.contains("an-tpy-2 could commit but is not linked"),
        "{reason}"
    );
    assert_eq!(v["sites"][0]["verdict"], "no-commit-track");
    assert!(v["sites"][0]["commit_sensor"].is_null());
}

/// The JSON, CSV and table name the enabling sensor, the link and its kind, and the guide.
#[test]
fn outputs_name_the_enabling_sensor_and_link() {
    let v = json(&IRBM_DEVESELU);
    let s = &v["sites"][0];
    assert_eq!(s["commit_authority"], "linked");
    assert_eq!(s["commit_sensor"], "an-tpy-2");
    assert_eq!(s["commit_link"], "link-1");
    assert_eq!(s["commit_link_kind"], "engage-on-remote");
    assert_eq!(s["enabled_by"], "an-tpy-2 via link-1 (engage-on-remote)");
    assert_eq!(s["guide_sensor"], "an-tpy-2");
    assert_eq!(s["guide_link"], "link-1");
    assert_eq!(s["launch_rule"], "track");
    assert_eq!(s["commit_time_s"], v["detection"]["track_s"]);
    assert_eq!(v["links"][0]["kind"], "engage-on-remote");
    assert_eq!(v["links"][0]["sensors"][0], "an-tpy-2");
    assert_eq!(v["radars"][0]["role"], "fire-control");

    let out = run(&with(&IRBM_DEVESELU, &["--format", "csv"]));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(col("commit_sensor"), "an-tpy-2");
    assert_eq!(col("commit_link"), "link-1");
    assert_eq!(col("commit_link_kind"), "engage-on-remote");
    assert_eq!(col("guide_sensor"), "an-tpy-2");

    let out = run(&IRBM_DEVESELU);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("an-tpy-2 via link-1 (engage-on-remote)"),
        "{text}"
    );
}

/// Launch-on-remote with the site's own SPY-1: the Kürecik track commits the launch, but the generic SPY-1 at
/// Deveselu never tracks this IRBM (it passes beyond the SPY-1's range), so no intercept can be guided; the same
/// link engage-on-remote guides on Kürecik and engages.
#[test]
fn launch_on_remote_needs_the_site_s_own_radar() {
    let mut a = IRBM_DEVESELU[..13].to_vec();
    a.extend(["--radar", "spy-1@44.0833,24.3833"]);
    let mut lor = a.clone();
    lor.extend(["--link", "launch-on-remote:an-tpy-2"]);
    let v = json(&lor);
    let s = &v["sites"][0];
    assert_eq!(s["verdict"], "no-guiding-track", "{s}");
    assert_eq!(s["commit_link_kind"], "launch-on-remote");
    assert!(v["radars"][1]["track_s"].is_null());
    let reason = v["reason"].as_str().unwrap();
    assert!(
        reason.contains(
            "launch-on-remote: it could launch on an-tpy-2 via link-1 (launch-on-remote)"
        ) && reason.contains("its own radar spy-1")
            && reason.contains("so no intercept can be guided"),
        "{reason}"
    );
    let mut eor = a;
    eor.extend(["--link", "engage-on-remote:an-tpy-2"]);
    let v = json(&eor);
    assert_eq!(v["engageable"], true, "{}", v["reason"]);
    assert_eq!(v["sites"][0]["guide_sensor"], "an-tpy-2");
}

#[test]
fn an_after_threat_launch_rule_launches_at_the_stated_time() {
    let v = json(&with(
        &IRBM_DEVESELU,
        &[
            "--launch-rule",
            "after-threat-launch",
            "--launch-time-s",
            "200",
        ],
    ));
    let s = &v["sites"][0];
    assert_eq!(s["commit_authority"], "scheduled");
    assert_eq!(s["earliest_launch_s"], 200.0);
    assert_eq!(s["launch_time_s"], 200.0);
}

#[test]
fn bad_launch_authority_flags_exit_2() {
    for (extra, needle) in [
        (vec!["--link", "engage-on-remot"], "--link"),
        (
            vec!["--link", "launch-on-remote:tpy"],
            "unknown radar `tpy`",
        ),
        (
            vec!["--link", "launch-on-remote:an-tpy-2:elsewhere"],
            "unknown site `elsewhere`",
        ),
        (
            vec![
                "--radar-role",
                "an-tpy-2=cue",
                "--link",
                "engage-on-remote:an-tpy-2",
            ],
            "a sensor that commits nothing",
        ),
        (vec!["--radar-role", "an-tpy-2=boss"], "--radar-role"),
        (vec!["--launch-rule", "after-burnout"], "--launch-time-s"),
        (
            vec!["--launch-time-s", "20"],
            "only the after-threat-launch and after-burnout rules",
        ),
        (
            vec!["--launch-rule", "after-burnout", "--launch-time-s", "-3"],
            "0 or more",
        ),
        (
            vec!["--launch-rule", "space-cue", "--early-warning", "off"],
            "space-cue needs",
        ),
        (vec!["--launch-on-remote", "on"], "--link engage-on-remote"),
    ] {
        let mut a = IRBM_DEVESELU[..13].to_vec();
        a.extend(extra.iter().copied());
        rejects(&a, &[needle]);
    }
}

#[test]
fn csv_and_table_formats() {
    let out = run(&with(&IRBM_DEVESELU, &["--format", "csv"]));
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("site,interceptor,lat_deg,lon_deg,engageable,verdict"));
    assert_eq!(lines.count(), 1);
    let out = run(&IRBM_DEVESELU);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in ["verdict", "reason", "Radars", "Sites", "an-tpy-2"] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    let base = &IRBM_DEVESELU;
    let mut a = base.to_vec();
    a[8] = "sm3-iq";
    rejects(&a, &["--interceptor", "sm3-iq", "did you mean"]);
    let mut a = base.to_vec();
    a[12] = "an-tpy2@38.35,37.79";
    rejects(&a, &["--radar", "an-tpy2", "did you mean 'an-tpy-2'"]);
    let mut a = base.to_vec();
    a[12] = "an-tpy-2:38.35,37.79";
    rejects(&a, &["--radar", "ID@LAT,LON"]);
    let mut a = base.to_vec();
    a[12] = "an-tpy-2@95,37.79";
    rejects(&a, &["--radar", "latitude"]);
    let mut a = base.to_vec();
    a[12] = "an-tpy-2@38.35,37.79,north";
    rejects(&a, &["--radar", "BORESIGHT"]);
    rejects(
        &with(base, &["--decision-delay-s", "-5"]),
        &["--decision-delay-s", "-5", "from 0 to 86400"],
    );
    rejects(
        &with(base, &["--early-warning-delay-s", "NaN"]),
        &["--early-warning-delay-s"],
    );
    rejects(
        &with(base, &["--rv-rcs-m2", "0"]),
        &["--rv-rcs-m2", "above 0"],
    );
    let mut a = base.to_vec();
    a[10] = "44.08";
    rejects(&a, &["--site", "LAT,LON"]);
    let mut a = base.to_vec();
    a[6] = "shahab";
    rejects(&a, &["--missile", "did you mean"]);
    let mut a = base.to_vec();
    a[2] = "38.07,46.30";
    a[4] = "38.90,-77.04";
    a[6] = "scud-b";
    rejects(&a, &["out of reach"]);
}

/// `--out DIR` writes the engagement's JSON (the same as `--format json`) and its map, altitude profile and timeline.
#[test]
fn out_writes_the_json_and_the_figures() {
    let dir = std::env::temp_dir().join(format!("shieldsim-engage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let printed = json(&with(&IRBM_DEVESELU, &["--out", dir.to_str().unwrap()]));
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("engagement.json")).unwrap()).unwrap();
    assert_eq!(saved, printed);
    assert_eq!(printed["engageable"], true);
    common::check_png(&dir.join("map.png"), 1200, 500);
    common::check_png(&dir.join("profile.png"), 1400, 700);
    common::check_png(&dir.join("timeline.png"), 1400, 600);
    let profile = std::fs::read_to_string(dir.join("profile.svg")).unwrap();
    assert!(profile.contains("Altitude (km)") && profile.contains("Ground range (km)"));
    assert!(
        profile.contains("reach within"),
        "the interceptor's envelope is in the legend"
    );
    let timeline = std::fs::read_to_string(dir.join("timeline.svg")).unwrap();
    assert!(timeline.contains("Time after threat launch (s)") && timeline.contains("site window"));
    let _ = std::fs::remove_dir_all(&dir);
}
