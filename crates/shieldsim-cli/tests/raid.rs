//! `shieldsim raid` as a user runs it: the built-in notional force against the assessment's own shares, a sure
//! kill against closed forms end to end, the JSON, CSV and --out files agreeing byte for byte, the same seed giving
//! the same bytes whatever the thread count, and bad input exiting with code 2.

use std::process::Command;
mod common;

use common::{json, ok, parse_csv, rejects, run};

const CSV_COLUMNS: [&str; 25] = [
    "scenario",
    "corridor",
    "pk_per_shot",
    "doctrine",
    "max_interceptors_per_warhead",
    "declared_warheads",
    "notional",
    "evaluated",
    "engageable",
    "at_risk_share",
    "at_risk_expected",
    "at_risk_p5",
    "at_risk_p50",
    "at_risk_p95",
    "intercepted_expected",
    "intercepted_share",
    "intercepted_p5",
    "intercepted_p50",
    "intercepted_p95",
    "short_of_interceptors_expected",
    "distribution",
    "interceptors_expended_expected",
    "sites_expended",
    "sites_ran_out",
    "force_source",
];

fn f(v: &serde_json::Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or_else(|| panic!("{k} in {v}"))
}

fn n(v: &serde_json::Value, k: &str) -> u64 {
    v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"))
}

#[test]
fn the_notional_force_puts_the_weighted_engageable_share_at_risk() {
    // The default force: 1537 warheads on russia-us (New START aggregate of 2011), generic Pk 0.5, sls.
    let args = ["raid", "third-site-2007", "--format", "json", "--quiet"];
    let bytes = ok(&args);
    let out: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let a = &out["assumptions"];
    assert_eq!((n(a, "trials"), n(a, "seed")), (10_000, 1));
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!(
        (f(r, "pk_per_shot"), r["pk_generic"].as_bool()),
        (0.5, Some(true))
    );
    assert!(r["pk_source"]
        .as_str()
        .unwrap()
        .contains("not a measured kill probability"));
    assert_eq!(r["doctrine"], "sls");
    assert_eq!(
        (r["scenario"].as_str(), r["corridor"].as_str()),
        (Some("third-site-2007"), Some("russia-us"))
    );
    assert_eq!(n(r, "declared_warheads"), 1537);
    assert_eq!(r["notional"], true);
    assert!(r["force_source"].as_str().unwrap().contains("New START"));
    // The share at risk is the assessment's weighted engageable share, and its counts are the assessment's.
    let assessed = json(&["assess", "third-site-2007", "--format", "json", "--quiet"]);
    let c = assessed["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["corridor"] == "russia-us")
        .unwrap();
    assert_eq!(
        (n(r, "evaluated"), n(r, "engageable")),
        (n(c, "evaluated"), n(c, "engageable"))
    );
    assert!(n(r, "engageable") > 0);
    assert!((f(r, "at_risk_share") - f(c, "weighted_engageable_share")).abs() < 1e-12);
    assert!((f(r, "at_risk_expected") - 1537.0 * f(c, "weighted_engageable_share")).abs() < 1e-9);
    assert!(
        n(r, "at_risk_p5") <= n(r, "at_risk_p50") && n(r, "at_risk_p50") <= n(r, "at_risk_p95")
    );
    // Ten GBIs for dozens of warheads at risk: the stock runs out, the Monte Carlo is used, at most 10 are
    // intercepted and 10 spent; with p = 0.5 every interceptor fired kills with probability 0.5, so about 5.
    assert_eq!(r["distribution"], "monte-carlo");
    let site = &r["sites"][0];
    assert_eq!(
        (site["site"].as_str(), n(site, "inventory")),
        (Some("redzikowo"), 10)
    );
    assert!((f(site, "expended_expected") - 10.0).abs() < 1e-9, "{site}");
    assert!(f(site, "ran_out_probability") > 0.99);
    assert!(n(r, "intercepted_p95") <= 10);
    assert!((f(r, "intercepted_expected") - 5.0).abs() < 0.1, "{r}");
    // The same seed gives the same bytes on one thread.
    let one_thread = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
        .args(args)
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(one_thread.status.success());
    assert_eq!(one_thread.stdout, bytes, "thread count changed the result");
}

#[test]
fn a_sure_kill_matches_the_closed_form_end_to_end() {
    // third-site-2007 engages every trajectory of iran-us-east-coast; 10 GBIs at Redzikowo. Pk 1, salvos of 2:
    // 5 warheads need exactly 10 interceptors (exact: the stock cannot run short) and are all intercepted.
    let base = [
        "raid",
        "third-site-2007",
        "--pk",
        "1",
        "--doctrine",
        "salvo:2",
        "--format",
        "json",
        "--quiet",
    ];
    let five = json(&[&base[..], &["--force", "iran-us-east-coast=5"]].concat());
    let r = &five["results"][0];
    assert_eq!(r["pk_generic"], false);
    assert_eq!(r["distribution"], "exact");
    assert_eq!(f(r, "at_risk_share"), 1.0);
    assert_eq!(
        (f(r, "at_risk_expected"), f(r, "intercepted_expected")),
        (5.0, 5.0)
    );
    assert_eq!((n(r, "intercepted_p5"), n(r, "intercepted_p95")), (5, 5));
    assert_eq!(f(&r["sites"][0], "expended_expected"), 10.0);
    // A sixth warhead: 10 interceptors make five salvos of 2, so five are intercepted, one is short of interceptors
    // and the site runs out in every trial.
    let six = json(&[&base[..], &["--force", "iran-us-east-coast=6"]].concat());
    let r = &six["results"][0];
    assert_eq!(r["distribution"], "monte-carlo");
    assert_eq!(f(r, "intercepted_expected"), 5.0);
    assert_eq!((n(r, "intercepted_p5"), n(r, "intercepted_p95")), (5, 5));
    assert_eq!(f(r, "short_of_interceptors_expected"), 1.0);
    assert_eq!(f(&r["sites"][0], "ran_out_probability"), 1.0);
    // A corridor the defence cannot engage puts nothing at risk.
    let nk = json(&[&base[..], &["--force", "north-korea-us-west=3"]].concat());
    let r = &nk["results"][0];
    assert_eq!(
        (f(r, "at_risk_share"), f(r, "intercepted_expected")),
        (0.0, 0.0)
    );
}

#[test]
fn table_csv_and_out_files_agree() {
    let dir = std::env::temp_dir().join(format!("shieldsim-raid-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let common = [
        "raid",
        "third-site-2007",
        "--force",
        "russia-us=100",
        "--force",
        "iran-us-east-coast=3",
        "--doctrine",
        "salvo:2,sls",
        "--max-per-warhead",
        "3",
        "--seed",
        "7",
        "--trials",
        "2000",
        "--quiet",
    ];
    let out_dir = dir.to_str().unwrap();
    let with_out = run(&[&common[..], &["--format", "json", "--out", out_dir]].concat());
    assert!(
        with_out.status.success(),
        "{}",
        String::from_utf8_lossy(&with_out.stderr)
    );
    let json_text = std::fs::read(dir.join("raid.json")).unwrap();
    assert_eq!(
        json_text, with_out.stdout,
        "raid.json is the --format json output"
    );
    let csv = ok(&[&common[..], &["--format", "csv"]].concat());
    assert_eq!(std::fs::read(dir.join("raid.csv")).unwrap(), csv);
    // report.html: a headline per result with its numbers, the table as HTML, both files linked.
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json_text).unwrap();
    for r in doc["results"].as_array().unwrap() {
        let warheads = r["declared_warheads"].as_u64().unwrap();
        let intercepted = r["intercepted_expected"].as_f64().unwrap();
        assert!(
            html.contains("warheads, ")
                && html.contains(&format!("of {warheads} "))
                && html.contains(&format!("and {intercepted:.1} intercepted")),
            "{r}"
        );
    }
    assert!(
        html.contains("<a href=\"raid.csv\">CSV</a>")
            && html.contains("<a href=\"raid.json\">JSON</a>")
    );
    assert!(html.contains("<th scope=\"col\">scenario</th>") && !html.contains("<pre>"));
    let rows = parse_csv(&String::from_utf8(csv).unwrap());
    assert_eq!(rows[0], CSV_COLUMNS);
    let v: serde_json::Value = serde_json::from_slice(&json_text).unwrap();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results[0]["doctrine"], "salvo:2,sls");
    assert_eq!(results[0]["max_interceptors_per_warhead"], 3);
    assert_eq!(rows.len(), 1 + results.len());
    for (row, r) in rows[1..].iter().zip(results) {
        let col = |name: &str| &row[CSV_COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(col("corridor"), r["corridor"].as_str().unwrap());
        assert_eq!(
            col("declared_warheads"),
            &r["declared_warheads"].to_string()
        );
        assert_eq!(col("distribution"), r["distribution"].as_str().unwrap());
        assert_eq!(col("doctrine"), "salvo:2,sls");
        assert_eq!(col("max_interceptors_per_warhead"), "3");
        let expected: f64 = col("intercepted_expected").parse().unwrap();
        assert!((expected - f(r, "intercepted_expected")).abs() < 1e-3);
    }
    // Declaration order is kept.
    assert_eq!(results[0]["corridor"], "russia-us");
    assert_eq!(results[1]["corridor"], "iran-us-east-coast");
    // The table says what is notional and generic.
    let table = String::from_utf8(ok(&common)).unwrap();
    for needle in [
        "NOTIONAL",
        "notional",
        "GENERIC",
        "salvo:2,sls",
        "salvo:2,sls (at most 3 per warhead)",
    ] {
        assert!(table.contains(needle), "{needle} not in:\n{table}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_exits_2_naming_the_flag() {
    let r = |extra: &[&str], needles: &[&str]| {
        rejects(
            &[&["raid", "third-site-2007", "--quiet"][..], extra].concat(),
            needles,
        )
    };
    r(&["--pk", "0"], &["--pk", "(0, 1]"]);
    r(&["--pk", "1.5"], &["--pk", "(0, 1]"]);
    r(&["--pk", "-0.5"], &["--pk", "(0, 1]"]);
    r(&["--pk", "NaN"], &["--pk", "(0, 1]"]);
    r(
        &["--force", "russia-usa=5"],
        &["--force", "unknown corridor", "did you mean `russia-us`?"],
    );
    r(&["--force", "russia-us=-3"], &["--force", "negative"]);
    r(&["--force", "russia-us"], &["--force", "CORRIDOR=WARHEADS"]);
    r(&["--force", "russia-us=many"], &["--force", "whole number"]);
    r(&["--force", "russia-us=2.5"], &["--force", "whole number"]);
    r(
        &["--force", "russia-us=20000"],
        &["--force", "at most 10000"],
    );
    r(
        &["--force", "russia-us=1", "--force", "russia-us=2"],
        &["--force", "twice"],
    );
    r(&["--doctrine", "salvo:0"], &["--doctrine", "expected sls"]);
    r(&["--doctrine", "shoot"], &["--doctrine", "salvo:K,sls"]);
    r(
        &["--doctrine", "sls,salvo:2"],
        &["--doctrine", "expected sls"],
    );
    r(
        &["--max-per-warhead", "0"],
        &["--max-per-warhead", "at least 1"],
    );
    r(&["--trials", "0"], &["--trials", "1 to"]);
    rejects(
        &["raid", "no-such-scenario"],
        &["unknown scenario", "the built-in scenarios are"],
    );
}

#[test]
fn without_russia_us_a_force_must_be_declared() {
    // A scenario file with only the Iranian corridors: the built-in notional force has nowhere to fly.
    let text = String::from_utf8(ok(&["scenarios", "export", "epaa-phase1-2011"])).unwrap();
    let mut parts = text.split("\n[[corridor]]");
    let mut kept = parts.next().unwrap().to_string();
    for p in parts {
        if !p.contains("name = \"russia-us\"") && !p.contains("name = \"north-korea-us-west\"") {
            kept.push_str("\n[[corridor]]");
            kept.push_str(p);
        }
    }
    assert!(!kept.contains("russia-us\"") && kept.contains("iran-europe"));
    let path = std::env::temp_dir().join(format!("shieldsim-raid-{}.toml", std::process::id()));
    std::fs::write(&path, kept).unwrap();
    let file = path.to_str().unwrap();
    rejects(
        &["raid", file],
        &["no --force given", "russia-us", "iran-europe"],
    );
    rejects(
        &["raid", file, "--force", "iran-eu=2"],
        &["did you mean `iran-europe`?"],
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_scenario_files_force_and_raid_tables_are_used_unless_flags_override_them() {
    let text = String::from_utf8(ok(&["scenarios", "export", "third-site-2007"])).unwrap();
    let text = format!(
        "{text}\n[[force]]\ncorridor = \"iran-us-east-coast\"\nwarheads = 5\nsource = \"notional test raid\"\n\n\
         [raid]\npk_per_shot = 1.0\nsource = \"sure kill, for a test\"\ndoctrine = \"salvo:2\"\n"
    );
    let path =
        std::env::temp_dir().join(format!("shieldsim-raid-tables-{}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    // The file's tables: 5 warheads, Pk 1, salvos of 2 against 10 GBIs: all 5 intercepted with 10 interceptors.
    let v = json(&["raid", file, "--format", "json", "--quiet"]);
    let r = &v["results"][0];
    assert_eq!(
        (r["corridor"].as_str(), n(r, "declared_warheads")),
        (Some("iran-us-east-coast"), 5)
    );
    assert_eq!(r["force_source"], "notional test raid");
    assert_eq!(
        (f(r, "pk_per_shot"), r["pk_generic"].as_bool()),
        (1.0, Some(false))
    );
    assert!(r["pk_source"]
        .as_str()
        .unwrap()
        .contains("sure kill, for a test"));
    assert_eq!(r["doctrine"], "salvo:2");
    assert_eq!(
        (
            f(r, "intercepted_expected"),
            f(&r["sites"][0], "expended_expected")
        ),
        (5.0, 10.0)
    );
    // Flags win: --pk and --doctrine replace the file's, --force replaces its forces.
    let v = json(&[
        "raid",
        file,
        "--pk",
        "0.5",
        "--doctrine",
        "sls",
        "--force",
        "north-korea-us-west=2",
        "--format",
        "json",
        "--quiet",
    ]);
    let r = &v["results"][0];
    assert_eq!(
        (r["corridor"].as_str(), f(r, "pk_per_shot")),
        (Some("north-korea-us-west"), 0.5)
    );
    assert_eq!(r["doctrine"], "sls");
    let _ = std::fs::remove_file(&path);
}
