//! Bad input a careless or hostile user gives (issue 16): every flag accepts what a scenario file accepts and nothing
//! more, each refusal is one line naming the flag (exit 2); a bad scenario file is refused at FILE:LINE:COLUMN, and
//! so is an engine failure that the file's own entry causes; `--out` is checked before any work; a broken stderr is
//! no panic. Output sets under signals, a full disk and concurrent runs: `output_sets.rs`.

mod common;

use std::process::Command;

use common::{doc_example, line_of, refused, rejects, run, scratch, with_every_value, with_value};

const FOOTPRINT: [&str; 2] = ["footprint", "epaa-phase3-2018"];

fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = base.to_vec();
    v.extend_from_slice(extra);
    v
}

/// The ballistic command's launch state, for the flags tried on it.
const BALLISTIC: [&str; 13] = [
    "ballistic",
    "--lat",
    "0",
    "--lon",
    "0",
    "--alt-km",
    "0",
    "--azimuth-deg",
    "0",
    "--flight-path-deg",
    "45",
    "--speed-mps",
    "3000",
];

const TRAJECTORY: [&str; 7] = [
    "trajectory",
    "--from",
    "35.23,53.92",
    "--to",
    "38,50",
    "--missile",
    "shahab-3",
];

const ENGAGE: [&str; 9] = [
    "engage",
    "--threat-from",
    "35.23,53.92",
    "--threat-to",
    "52.52,13.40",
    "--missile",
    "shahab-3",
    "--interceptor",
    "sm3-ia",
];

/// Every flag that once crashed, exhausted the machine or accepted what a file refuses (issue 16): exit 2, one
/// line naming the flag, its value and what is allowed.
#[test]
fn each_bad_flag_is_refused_in_one_line_naming_it() {
    let site = ["--site", "44.08,24.40"];
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        // --samples once panicked (u64::MAX), aborted on 34 GB (2^32) or grew to 8 GB (1e8).
        (
            with(&TRAJECTORY, &["--samples", "18446744073709551615"]),
            vec!["--samples = 18446744073709551615", "at most 100000"],
        ),
        (
            with(&BALLISTIC, &["--samples", "4294967296"]),
            vec!["--samples = 4294967296", "at most 100000"],
        ),
        (
            with(&BALLISTIC, &["--samples", "100000000"]),
            vec!["--samples = 100000000", "at most 100000"],
        ),
        // Points outside the globe, as files refuse them.
        (
            vec![
                "trajectory",
                "--from",
                "0,181",
                "--to",
                "52,13",
                "--missile",
                "shahab-3",
            ],
            vec!["--from = 0,181", "[-180, 180]"],
        ),
        (
            with(&FOOTPRINT, &["--launch", "0,181"]),
            vec!["--launch = 0,181", "[-180, 180]"],
        ),
        (
            with(&ENGAGE, &["--site", "0,181"]),
            vec!["--site = 0,181", "[-180, 180]"],
        ),
        (
            with(&FOOTPRINT, &["--region", "40,20;40,359;42,24"]),
            vec!["--region vertex 2", "[-180, 180]"],
        ),
        (
            with(&FOOTPRINT, &["--region", "40,20;;42,24;40,24"]),
            vec!["--region", "vertex 2 is empty"],
        ),
        // Delays above a day, and a cue delay without early warning.
        (
            with(&with(&ENGAGE, &site), &["--decision-delay-s", "86401"]),
            vec!["--decision-delay-s = 86401", "from 0 to 86400"],
        ),
        (
            with(&with(&ENGAGE, &site), &["--early-warning-delay-s", "86401"]),
            vec!["--early-warning-delay-s = 86401", "from 0 to 86400"],
        ),
        (
            with(
                &with(&ENGAGE, &site),
                &["--early-warning", "off", "--early-warning-delay-s", "30"],
            ),
            vec!["--early-warning-delay-s", "needs early warning"],
        ),
        // Grid spacings: above 180° once gave a 1-point globe, 1e-9° a 20-digit point count.
        (
            with(&FOOTPRINT, &["--spacing-deg", "200"]),
            vec!["--spacing-deg", "at most 180"],
        ),
        (
            with(&FOOTPRINT, &["--spacing-deg", "1e-9"]),
            vec!["--spacing-deg", "6.48e22 points"],
        ),
    ];
    let mut cases = cases;
    // footprint once took any apogee and burn-out angle, and answered "out of reach" everywhere.
    for v in ["NaN", "-1", "0", "1e308", "inf"] {
        cases.push((
            with(&FOOTPRINT, &["--shape", "lofted", "--apogee-km", v]),
            vec!["--apogee-km", "at most 20000 km"],
        ));
    }
    for v in ["0", "90", "200", "-5"] {
        cases.push((
            with(
                &FOOTPRINT,
                &["--shape", "depressed", "--burnout-flight-path-deg", v],
            ),
            vec!["--burnout-flight-path-deg", "below 90 degrees"],
        ));
    }
    for (args, needles) in &cases {
        rejects(args, needles);
    }
}

/// Every scenario file that once crashed, exhausted the machine or was accepted against the docs (issue 16): exit
/// 2, and the message names the file, and where in it the problem is as FILE:LINE:COLUMN.
#[test]
fn each_bad_scenario_file_is_refused_where_the_problem_is() {
    let dir = scratch("bad-files");
    let example = doc_example();
    let file = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    // isp_vac_s = 1e7 in the file's own interceptor once aborted on a huge allocation.
    let (text, line) = with_value(&example, "[[interceptor.stage]]", "isp_vac_s", "1e7");
    let isp = file("isp.toml", &text);
    refused(
        &["assess", &isp],
        &[&format!("{isp}:{line}:13"), "escape speed"],
    );
    // Negative stage diameters, in a missile and an interceptor.
    for table in ["[[missile.stage]]", "[[interceptor.stage]]"] {
        let (text, line) = with_value(&example, table, "diameter_m", "-1.25");
        let neg = file("negative.toml", &text);
        refused(
            &["assess", &neg],
            &[&format!("{neg}:{line}:14"), "diameter_m = -1.25", "above 0"],
        );
    }
    // A count past u32 once said "must be 1 or more".
    let (text, line) = with_value(&example, "[[architecture.site]]", "inventory", "4294967296");
    let inv = file("inventory.toml", &text);
    refused(
        &["assess", &inv],
        &[
            &format!("{inv}:{line}:13"),
            "too large",
            "at most 4294967295",
        ],
    );
    // A duplicate key names the key and where it first was.
    let dup = file("dup.toml", "x = 1\nx = 2\n");
    refused(
        &["assess", &dup],
        &[
            "duplicate key `x`",
            &format!("{dup}:2:1"),
            &format!("first defined at {dup}:1:1"),
        ],
    );
    // Not regular files: a device that never ends, a FIFO that blocks forever; and a 50 MB file of newlines (once
    // 2.8 GB), refused by its size before it is read.
    let fifo = dir.join("fifo.toml");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for special in ["/dev/zero", fifo.to_str().unwrap()] {
        rejects(&["assess", special], &[special, "not a regular file"]);
    }
    let big = file("newlines.toml", &"\n".repeat(50 * 1024 * 1024));
    rejects(
        &["assess", &big],
        &[&big, "52428800 bytes", "more than the 10 MB"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A symbolic-link loop or a link to nowhere is a file the user meant: "cannot read FILE: why", not "unknown
/// scenario", and no "(os error N)" debris.
#[test]
fn broken_links_say_they_cannot_be_read() {
    let dir = scratch("links");
    std::os::unix::fs::symlink("loop-b", dir.join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", dir.join("loop-b")).unwrap();
    std::os::unix::fs::symlink("nowhere.toml", dir.join("dangling")).unwrap();
    for (arg, why) in [
        ("loop-a", "too many levels of symbolic links"),
        ("./loop-a", "too many levels of symbolic links"),
        (
            "dangling",
            "it is a symbolic link to nowhere.toml, which does not exist",
        ),
        ("missing.toml", "no such file or directory"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
            .args(["assess", arg])
            .current_dir(&dir)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{arg}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("error: cannot read {arg}: {why}")),
            "{err}"
        );
        assert!(
            !err.contains("os error") && !err.contains("unknown scenario"),
            "{err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// An engine failure after loading (here: an interceptor too weak to fly its fan of fly-outs, which the loader
/// cannot tell) is traced back to the file's own `[[interceptor]]` table, in every job that flies it.
#[test]
fn engine_failures_name_the_files_own_entry() {
    let dir = scratch("engine-failures");
    let text = with_every_value(&doc_example(), "[[interceptor.stage]]", "isp_vac_s", "20.0");
    // Two small corridors (limits needs a deterrent one; a sweep flies every threat first).
    let corridors = |from: usize, to: usize| {
        let corridor = |name: &str, aim: &str| {
            format!(
                "[[corridor]]\nname = \"{name}\"\nmissiles = [\"shahab-3\"]\n[[corridor.launch]]\nname = \"tabriz\"\n\
lat_deg = 38.07\nlon_deg = 46.30\n[[corridor.aim]]\nname = \"aim\"\n{aim}\n\n"
            )
        };
        format!(
            "{}{}{}{}",
            &text[..from],
            corridor("iran-europe", "lat_deg = 52.52\nlon_deg = 13.40"),
            corridor("second", "lat_deg = 41.9\nlon_deg = 12.5"),
            &text[to..]
        )
    };
    let text = corridors(
        text.find("[[corridor]]").unwrap(),
        text.find("[analysis]").unwrap(),
    );
    let weak = dir.join("weak.toml");
    std::fs::write(&weak, &text).unwrap();
    let weak = weak.to_str().unwrap();
    let at = format!(
        "{weak}:{}:6: [[interceptor]] `example-interceptor`",
        line_of(&text, "id = \"example-interceptor\"")
    );
    for args in [
        vec!["assess", weak],
        vec!["assess", weak, "--monte-carlo", "4"],
        vec!["footprint", weak, "--spacing-deg", "10"],
        vec!["sweep", weak, "--vary", "rules.decision_delay_s=0,30"],
        vec![
            "limits",
            weak,
            "--stated",
            "iran-europe",
            "--deterrent",
            "second",
        ],
        vec!["raid", weak],
    ] {
        let args = with(&args, &["--quiet"]);
        rejects(&args, &[&at, "its fly-outs cannot be flown", "hint: "]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A stderr whose reader has gone (`shieldsim … 2>&1 | head -1`, or closed with `2>&-`) is no reason to panic: the
/// message is lost, the exit code still says what happened.
#[test]
fn a_broken_or_closed_stderr_is_not_a_panic() {
    use std::process::Stdio;
    for (args, code) in [
        (vec!["assess", "no-such-scenario"], 2),
        (vec!["scenarios", "list"], 0),
    ] {
        let (read, write) = nix::unistd::pipe().unwrap();
        drop(read);
        let out = Command::new(env!("CARGO_BIN_EXE_shieldsim"))
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::from(write))
            .status()
            .unwrap();
        assert_eq!(out.code(), Some(code), "{args:?}: broken stderr");
        let out = Command::new("bash")
            .args([
                "-c",
                "exec \"$0\" \"$@\" 2>&-",
                env!("CARGO_BIN_EXE_shieldsim"),
            ])
            .args(&args)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert_eq!(out.code(), Some(code), "{args:?}: closed stderr");
    }
}

#[test]
fn ballistic_refuses_bodies_below_the_integrators_resolution() {
    let base = [
        "ballistic",
        "--lat",
        "0",
        "--lon",
        "0",
        "--alt-km",
        "0",
        "--azimuth-deg",
        "0",
        "--flight-path-deg",
        "45",
    ];
    rejects(
        &with(&base, &["--speed-mps", "1e-300", "--drag", "off"]),
        &["--speed-mps = 1e-300", "at least 1 m/s"],
    );
    for b in ["1e-300", "0.5", "1e308"] {
        rejects(
            &with(&base, &["--speed-mps", "3000", "--beta-kg-m2", b]),
            &["--beta-kg-m2", "kg/m²"],
        );
    }
}

#[test]
fn argument_parser_errors_are_one_line_and_a_hint() {
    for args in [
        vec!["assess", "--bogus"],
        vec!["footprint"],
        vec!["engage", "--format", "yaml"],
    ] {
        let out = run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let lines: Vec<&str> = err.trim_end().lines().collect();
        assert_eq!(lines.len(), 2, "{args:?}: {err}");
        assert!(lines[0].starts_with("error: "), "{err}");
        assert!(lines[1].starts_with("hint: "), "{err}");
    }
    // Help still prints in full, with success.
    let out = run(&["assess", "--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--monte-carlo"));
}

#[test]
fn out_is_checked_before_the_work_and_someone_elses_files_are_kept() {
    let dir = std::env::temp_dir().join(format!("shieldsim-hardening-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let file_arg = file.to_str().unwrap();
    // A global 1° footprint takes seconds; the refusal comes first, whatever the job.
    rejects(
        &[
            "footprint",
            "epaa-phase3-2018",
            "--out",
            file_arg,
            "--quiet",
        ],
        &["--out", "not a directory"],
    );
    let theirs = dir.join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("notes.txt"), "mine").unwrap();
    rejects(
        &[
            "assess",
            "epaa-phase1-2011",
            "--out",
            theirs.to_str().unwrap(),
        ],
        &["--out", "did not write"],
    );
    assert_eq!(
        std::fs::read_to_string(theirs.join("notes.txt")).unwrap(),
        "mine"
    );
}
