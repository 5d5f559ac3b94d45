//! The commands: flags to the application layer's jobs, and their results printed. Nothing is computed here.

use shieldsim_app::{assess, catalog, engage, flight, footprint, limits, raid, scenarios, sweep};
use shieldsim_app::{uncertainty, Error};

use crate::args::{CatalogArgs, CatalogKind, Cli, Command, Format};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Some(Command::Ballistic(a)) => {
            print(&flight::ballistic(&a.job())?.render(a.format.into())?)
        }
        Some(Command::Trajectory(a)) => {
            print(&flight::trajectory(&a.job())?.render(a.format.into())?)
        }
        Some(Command::Catalog(a)) => catalog_command(&a),
        Some(Command::Scenarios(a)) => scenarios_command(&a),
        Some(Command::Engage(a)) => {
            let done = with_control(true, |c| engage::engage(&a.job(), c))?;
            print(&done.render(a.format.into())?)?;
            report_files(&done.files);
            Ok(())
        }
        Some(Command::Assess(a)) => assess_command(&a),
        Some(Command::Footprint(a)) => {
            let done = with_control(a.quiet, |c| footprint::footprint(&a.job(), c))?;
            print(&done.render(a.format.into())?)?;
            // The JSON lists the files itself.
            if a.format != Format::Json {
                report_files(&done.files);
            }
            Ok(())
        }
        Some(Command::Sweep(a)) => {
            let job = a.job();
            if a.list {
                let scenarios = scenarios::load_scenarios(&job.scenarios)?;
                return print(&sweep::list(&scenarios, a.format.into())?);
            }
            let done = with_control(a.quiet, |c| sweep::sweep(&job, c))?;
            print(&done.render(a.format.into())?)?;
            report_files(&done.files);
            Ok(())
        }
        Some(Command::Limits(a)) => {
            let done = with_control(a.quiet, |c| limits::limits(&a.job(), c))?;
            print(&done.render(a.format.into())?)?;
            report_files(&done.files);
            Ok(())
        }
        Some(Command::Raid(a)) => {
            let done = with_control(a.quiet, |c| raid::raid_command(&a.job(), c))?;
            print(&done.render(a.format.into())?)?;
            report_files(&done.files);
            Ok(())
        }
        Some(Command::Completions(a)) => crate::install::completions(&a),
        Some(Command::Man(a)) => crate::install::man(&a),
        Some(Command::Serve(a)) => shieldsim_serve::serve(&a.options()),
        Some(Command::Run(r)) => assess_command(&crate::args::AssessArgs {
            scenarios: vec![r.file],
            format: r.format,
            out: r.out,
            quiet: r.quiet,
            monte_carlo: None,
            seed: 1,
            uncertain: Vec::new(),
        }),
        None => {
            println!("shieldsim: the default assessment, every built-in architecture of the 2007-2013 European missile-defence\ndispute against its threat corridors (run `shieldsim --help` for the commands)\n");
            assess_command(&crate::args::AssessArgs {
                scenarios: Vec::new(),
                format: Format::Table,
                out: None,
                quiet: false,
                monte_carlo: None,
                seed: 1,
                uncertain: Vec::new(),
            })
        }
    }
}

/// Prints a rendered result on stdout.
fn print(text: &str) -> Result<(), Error> {
    print!("{text}");
    Ok(())
}

/// Runs a job with a progress bar (hidden when `quiet`) and Ctrl-C/SIGTERM cancellation.
pub fn with_control<T>(
    quiet: bool,
    job: impl FnOnce(shieldsim_app::Control<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let cancel = crate::progress::cancel_on_signal();
    let bar = crate::progress::Bar::new(quiet);
    job(shieldsim_app::Control::new(&bar, &cancel))
}

/// Prints the files a job wrote, on stderr.
pub fn report_files(files: &[String]) {
    if !files.is_empty() {
        eprintln!("wrote {}", files.join(", "));
    }
}

/// `shieldsim scenarios list|show|export`.
fn scenarios_command(a: &crate::args::ScenariosArgs) -> Result<(), Error> {
    use crate::args::ScenariosCommand;
    match &a.command {
        ScenariosCommand::List { format: f } => print!("{}", scenarios::list((*f).into())?),
        ScenariosCommand::Show { scenario } => {
            print!(
                "{}",
                scenarios::show(&scenarios::load_scenario_arg_full(scenario)?)
            )
        }
        ScenariosCommand::Export { name } => print!("{}", scenarios::export(name)?),
    }
    Ok(())
}

/// `shieldsim assess` (and `run`, and the default job).
fn assess_command(a: &crate::args::AssessArgs) -> Result<(), Error> {
    if a.monte_carlo.is_some() {
        let done = with_control(a.quiet, |c| uncertainty::monte_carlo(&a.job(), c))?;
        print(&done.render(a.format.into())?)?;
        report_files(&done.files);
        return Ok(());
    }
    let job = assess::AssessJob {
        scenarios: scenarios::load_scenarios(&a.scenarios)?,
        out: a.out.clone(),
    };
    let done = with_control(a.quiet, |c| assess::assess(&job, c))?;
    print(&done.render(a.format.into())?)?;
    report_files(&done.files);
    Ok(())
}

/// `shieldsim catalog missiles|interceptors|radars`.
fn catalog_command(a: &CatalogArgs) -> Result<(), Error> {
    let format = a.format.into();
    print(&match a.kind {
        CatalogKind::Missiles => catalog::missiles(format)?,
        CatalogKind::Interceptors => catalog::interceptors(format)?,
        CatalogKind::Radars => catalog::radars(format)?,
    })
}
