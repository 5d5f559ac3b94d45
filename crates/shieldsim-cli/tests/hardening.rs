//! Bad input a careless or hostile user gives: every flag accepts what a scenario file accepts and nothing more,
//! each refusal is one line naming the flag (exit 2), and `--out` is checked before any work.

mod common;

use common::{rejects, run};

const FOOTPRINT: [&str; 2] = ["footprint", "epaa-phase3-2018"];

fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = base.to_vec();
    v.extend_from_slice(extra);
    v
}

#[test]
fn points_outside_the_globe_are_refused_as_files_refuse_them() {
    for flag in ["--from", "--to"] {
        let mut a = vec![
            "trajectory",
            "--from",
            "35,53",
            "--to",
            "52,13",
            "--missile",
            "shahab-3",
        ];
        let i = a.iter().position(|x| *x == flag).unwrap();
        a[i + 1] = "0,181";
        rejects(&a, &[flag, "0,181", "[-180, 180]"]);
    }
    rejects(
        &with(&FOOTPRINT, &["--region", "40,20;40,359;42,24"]),
        &["--region vertex 2", "[-180, 180]"],
    );
    rejects(
        &with(&FOOTPRINT, &["--region", "40,20;;42,24;40,24"]),
        &["--region", "vertex 2 is empty"],
    );
}

#[test]
fn footprint_shapes_and_spacings_are_checked_before_any_flight() {
    for v in ["NaN", "-1", "0", "1e308", "inf"] {
        rejects(
            &with(&FOOTPRINT, &["--shape", "lofted", "--apogee-km", v]),
            &["--apogee-km", "at most 20000 km"],
        );
    }
    for v in ["0", "90", "200", "-5"] {
        rejects(
            &with(
                &FOOTPRINT,
                &["--shape", "depressed", "--burnout-flight-path-deg", v],
            ),
            &["--burnout-flight-path-deg", "below 90 degrees"],
        );
    }
    rejects(
        &with(&FOOTPRINT, &["--spacing-deg", "200"]),
        &["--spacing-deg", "at most 180"],
    );
    // A needlessly fine grid: the count is written compactly, not as a 20-digit integer.
    let out = run(&with(&FOOTPRINT, &["--spacing-deg", "1e-9"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("6.48e22 points"), "{err}");
    assert!(!err.contains("18446744073709551615"), "{err}");
}

#[test]
fn delays_and_early_warning_flags_are_consistent() {
    let engage = [
        "engage",
        "--threat-from",
        "35.23,53.92",
        "--threat-to",
        "52.52,13.40",
        "--missile",
        "shahab-3",
        "--interceptor",
        "sm-3-ia",
        "--site",
        "44.08,24.40",
    ];
    rejects(
        &with(&engage, &["--decision-delay-s", "86401"]),
        &["--decision-delay-s", "from 0 to 86400"],
    );
    rejects(
        &with(
            &engage,
            &["--early-warning", "off", "--early-warning-delay-s", "30"],
        ),
        &["--early-warning-delay-s", "needs early warning"],
    );
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
