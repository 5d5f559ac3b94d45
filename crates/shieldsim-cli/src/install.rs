//! Installing the command: shell completion scripts (`shieldsim completions SHELL`, clap_complete) and man pages
//! (`shieldsim man [--out DIR]`, clap_mangen), both generated from the same flag definitions as `--help`, so they
//! cannot drift from the binary.

use std::path::Path;

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs, ManArgs};
use shieldsim_app::Error;

/// The binary's name, as installed by `cargo install --path crates/shieldsim-cli`.
const BIN: &str = "shieldsim";

/// Prints the completion script for the chosen shell to stdout.
pub fn completions(a: &CompletionsArgs) -> Result<(), Error> {
    print!("{}", completion_script(a.shell));
    Ok(())
}

/// The completion script for `shell`: every command, flag and value list of the binary.
fn completion_script(shell: clap_complete::Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut script);
    String::from_utf8_lossy(&script).into_owned()
}

/// Prints `shieldsim.1` to stdout, or with `--out DIR` writes it and one page per command into DIR.
pub fn man(a: &ManArgs) -> Result<(), Error> {
    let pages = man_pages()?;
    let Some(dir) = &a.out else {
        // The first page is the top-level one.
        print!("{}", String::from_utf8_lossy(&pages[0].1));
        return Ok(());
    };
    if dir.exists() && !dir.is_dir() {
        return Err(Error::input(format!(
                "--out = {}: not a directory (hint: name a directory to hold shieldsim.1 and the command pages, \
                 e.g. ~/.local/share/man/man1)",
                dir.display()
            )));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::input(format!(
            "--out = {}: cannot create the directory: {e}",
            dir.display()
        ))
    })?;
    let mut written = Vec::new();
    for (name, roff) in &pages {
        let path = dir.join(name);
        write_replacing(&path, roff)?;
        written.push(path.display().to_string());
    }
    eprintln!("wrote {}", written.join(", "));
    Ok(())
}

/// Every man page as (file name, roff): `shieldsim.1` first, then one per command and nested command
/// (`shieldsim-engage.1`, `shieldsim-scenarios-export.1`, ...), each titled in capitals as man pages are.
fn man_pages() -> Result<Vec<(String, Vec<u8>)>, Error> {
    fn collect(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), Error> {
        let subcommands: Vec<clap::Command> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .cloned()
            .collect();
        let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_owned();
        let man = clap_mangen::Man::new(cmd)
            .title(name.to_uppercase())
            .source(concat!("shieldsim ", env!("CARGO_PKG_VERSION")))
            .manual("shieldsim manual");
        let mut roff = Vec::new();
        man.render(&mut roff)
            .map_err(|e| Error::internal(format!("cannot render the man page {name}: {e}")))?;
        pages.push((man.get_filename(), roff));
        for sub in subcommands {
            collect(sub, pages)?;
        }
        Ok(())
    }
    // The NAME line of the top page: what the program is for (the package description says only what it is).
    let mut cmd = Cli::command()
        .about("ballistic-missile-defence kinematics for arms-control analysis")
        .disable_help_subcommand(true);
    // Building sets each command's display name (`shieldsim-engage`) for its page's name and title.
    cmd.build();
    let mut pages = Vec::new();
    collect(cmd, &mut pages)?;
    Ok(pages)
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so that a reader never sees
/// half a page; the temporary file is removed on failure.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::internal(format!("cannot write {}: {e}", path.display()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every visible command (and `scenarios`' nested ones) gets a page; the top-level page comes first.
    #[test]
    fn one_page_per_command() {
        let pages = man_pages().unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "shieldsim.1");
        for expected in [
            "shieldsim-engage.1",
            "shieldsim-assess.1",
            "shieldsim-man.1",
            "shieldsim-completions.1",
            "shieldsim-scenarios-export.1",
        ] {
            assert!(names.contains(&expected), "{expected} missing: {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
        let visible = Cli::command()
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .count();
        assert!(pages.len() > visible, "{} pages", pages.len());
    }
}
