//! `shieldsim`: the command-line front end. It parses flags into the application layer's requests
//! (`shieldsim-app`), runs the job with a progress bar and Ctrl-C/SIGTERM cancellation, and prints the result; all
//! computing and file writing lives in `shieldsim-app` and the `shieldsim` engine (docs/architecture.md).

// Output through these instead of std's `print!`/`println!`, which panic when stdout is closed early
// (`shieldsim catalog missiles | head`): then the program ends quietly, as command-line tools do.
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!($($arg)*))
    };
}

macro_rules! println {
    () => {
        $crate::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {{
        $crate::write_stdout(format_args!($($arg)*));
        $crate::write_stdout(format_args!("\n"));
    }};
}

// Messages through this instead of std's `eprintln!`, which panics when stderr is a pipe whose reader has gone
// (`shieldsim … 2>&1 | head -1`): a message nobody can read is dropped, and the exit code still says what happened.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        $crate::write_stderr(format_args!($($arg)*));
    }};
}

/// Writes one line to stderr, ignoring a failure (a closed or broken stderr).
fn write_stderr(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// Writes to stdout; a closed pipe ends the program with success, any other failure with code 1.
fn write_stdout(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(1);
    }
}

mod args;
mod commands;
mod install;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                // --help and --version.
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("{}", one_line_error(&e.render().to_string()));
            return ExitCode::from(2);
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.message);
            ExitCode::from(e.exit_code())
        }
    }
}

/// A flag error of the argument parser as the program's other errors are: one line saying what is wrong, and one
/// hint (the parser's tip, else the usage line and where the help is).
fn one_line_error(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first = lines.first().copied().unwrap_or("error: invalid arguments");
    let first = if first.starts_with("error:") {
        first.to_string()
    } else {
        format!("error: {first}")
    };
    // The accepted values, where the parser lists them, stay on the error's line.
    let first = match lines.iter().find(|l| l.starts_with("[possible values:")) {
        Some(values) => format!("{first} {values}"),
        None => first,
    };
    let tip = lines
        .iter()
        .find_map(|l| l.strip_prefix("tip:"))
        .map(|t| t.trim().to_string());
    let usage = lines
        .iter()
        .find_map(|l| l.strip_prefix("Usage:"))
        .map(str::trim);
    let hint = match (tip, usage) {
        (Some(t), _) => t,
        (None, Some(u)) => format!("usage: {u} (add --help for every flag)"),
        (None, None) => "shieldsim --help lists the commands".to_string(),
    };
    format!("{first}\nhint: {hint}")
}
