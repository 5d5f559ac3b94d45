//! `shieldsim`: the command-line interface over the shieldsim engine. It parses flags, calls the engine and prints;
//! all physics lives in the `shieldsim` library crate.

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
mod assess;
mod catalog;
mod commands;
mod engage;
mod errors;
mod figures;
mod files;
mod footprint;
mod inputs;
mod install;
mod limits;
mod output;
mod raid;
mod report;
mod scenarios;
mod study_figures;
mod sweep;
mod uncertainty;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}
