//! The install story: `shieldsim completions SHELL` and `shieldsim man [--out DIR]` as a user runs them.

mod common;

use common::{ok, rejects, run};

/// The top-level commands a user types (every one must be completed and have a man page).
const COMMANDS: [&str; 14] = [
    "ballistic",
    "trajectory",
    "engage",
    "assess",
    "footprint",
    "sweep",
    "limits",
    "raid",
    "run",
    "catalog",
    "scenarios",
    "completions",
    "man",
    "help",
];

#[test]
fn bash_completion_offers_every_command_and_is_valid_bash() {
    let script = String::from_utf8(ok(&["completions", "bash"])).unwrap();
    assert!(script.contains("complete -F"), "not a bash completion");
    // The top-level word list of the generated script names every command.
    let top = script
        .lines()
        .find(|l| l.contains("opts=\"") && l.contains("ballistic"))
        .expect("the top-level word list");
    for c in COMMANDS {
        assert!(
            top.split(|ch: char| ch.is_whitespace() || ch == '"')
                .any(|w| w == c),
            "{c} not offered: {top}"
        );
    }
    // Flags and value lists of the commands are completed too.
    for needle in ["--threat-from", "--monte-carlo", "table json csv"] {
        assert!(script.contains(needle), "{needle} missing");
    }
    // bash itself parses it (where bash exists, which is everywhere the script is meant for).
    if let Ok(out) = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .output()
    {
        assert!(
            out.status.success(),
            "bash -n: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Same binary, same script.
    assert_eq!(script.as_bytes(), ok(&["completions", "bash"]));
}

#[test]
fn every_supported_shell_gets_a_script_naming_the_commands() {
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = String::from_utf8(ok(&["completions", shell])).unwrap();
        for c in ["engage", "footprint", "completions", "man"] {
            assert!(script.contains(c), "{shell}: {c} missing");
        }
    }
    let fish = String::from_utf8(ok(&["completions", "fish"])).unwrap();
    assert!(fish.contains("complete -c shieldsim"), "{fish}");
    let zsh = String::from_utf8(ok(&["completions", "zsh"])).unwrap();
    assert!(zsh.starts_with("#compdef shieldsim"), "{zsh}");
}

#[test]
fn an_unknown_shell_is_rejected_with_the_choices() {
    let out = run(&["completions", "tcsh"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    for needle in ["tcsh", "bash", "zsh", "fish"] {
        assert!(err.contains(needle), "{needle} not in: {err}");
    }
    let out = run(&["completions"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<SHELL>"));
}

#[test]
fn the_man_page_is_roff_for_shieldsim_with_its_commands_and_examples() {
    let page = String::from_utf8(ok(&["man"])).unwrap();
    let title = page
        .lines()
        .find(|l| l.starts_with(".TH "))
        .expect("a .TH line");
    assert!(title.starts_with(".TH SHIELDSIM 1 "), "{title}");
    assert!(title.contains(env!("CARGO_PKG_VERSION")), "{title}");
    // The NAME line says what the program is for.
    assert!(
        page.contains(".SH NAME\nshieldsim \\- ballistic\\-missile\\-defence kinematics"),
        "{}",
        &page[..400]
    );
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH SUBCOMMANDS",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    // Each command is listed with a pointer to its own page.
    for c in COMMANDS.iter().filter(|c| **c != "help") {
        assert!(
            page.contains(&format!("shieldsim\\-{c}(1)")),
            "{c} not listed"
        );
    }
    // The long description and the examples of `--help` are there.
    assert!(page.contains("default assessment"), "no description");
    assert!(page.contains("catalog missiles"), "no examples");
    assert_eq!(page.as_bytes(), ok(&["man"]), "not deterministic");
    // Where man-db is installed, it renders the page with the name section.
    if let Ok(out) = std::process::Command::new("man")
        .args(["-l", "-P", "cat", "-"])
        .env("MANWIDTH", "100")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(page.as_bytes())?;
            child.wait_with_output()
        })
    {
        if out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("shieldsim - "), "{text}");
        }
    }
}

#[test]
fn man_out_writes_one_page_per_command() {
    let dir = std::env::temp_dir().join(format!("shieldsim-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let nested = dir.join("man1");
    let out = run(&["man", "--out", nested.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "pages go to files, not stdout");
    let top = std::fs::read_to_string(nested.join("shieldsim.1")).unwrap();
    assert_eq!(top.as_bytes(), ok(&["man"]), "the file is the printed page");
    for c in COMMANDS.iter().filter(|c| **c != "help") {
        let page = std::fs::read_to_string(nested.join(format!("shieldsim-{c}.1")))
            .unwrap_or_else(|e| panic!("shieldsim-{c}.1: {e}"));
        let title = format!(
            ".TH SHIELDSIM-{} 1  \"shieldsim {}\"",
            c.to_uppercase(),
            env!("CARGO_PKG_VERSION")
        );
        assert!(page.contains(&title), "{c}: {}", &page[..120]);
    }
    // The engage page carries its flags; nested commands get pages too; no leftover temporary files.
    let engage = std::fs::read_to_string(nested.join("shieldsim-engage.1")).unwrap();
    assert!(
        engage.contains("\\-\\-threat\\-from"),
        "engage flags missing"
    );
    assert!(nested.join("shieldsim-scenarios-export.1").is_file());
    assert!(!nested.join("shieldsim-help.1").exists());
    let names: Vec<String> = std::fs::read_dir(&nested)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".1") && !n.starts_with('.')),
        "{names:?}"
    );
    // Running it again replaces the pages with the same bytes.
    assert!(run(&["man", "--out", nested.to_str().unwrap()])
        .status
        .success());
    assert_eq!(
        std::fs::read_to_string(nested.join("shieldsim.1")).unwrap(),
        top
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn man_out_on_a_file_is_bad_input() {
    let file = std::env::temp_dir().join(format!("shieldsim-man-file-{}", std::process::id()));
    std::fs::write(&file, "not a directory").unwrap();
    rejects(
        &["man", "--out", file.to_str().unwrap()],
        &["--out", "not a directory", "hint"],
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a directory");
    let _ = std::fs::remove_file(&file);
}
