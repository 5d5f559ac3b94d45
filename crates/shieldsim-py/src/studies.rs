//! The studies that can be cut into parts: `footprint` (tiles of grid rows), `sweep` (ranges of points) and
//! `monte_carlo` (ranges of evaluations). Each has four functions taking the same keyword arguments (the study's
//! options, as the package's function passes them):
//!
//! - `STUDY(out, progress, **options)`: the whole study on this machine;
//! - `STUDY_plan(**options) -> int`: checks the options (the messages of the whole study) and returns the number of
//!   units of work;
//! - `STUDY_part(first, end, **options) -> bytes`: evaluates the units `first..end`, a part as bytes;
//! - `STUDY_merge(parts, out, progress, **options)`: the parts, from anywhere and in any order, merged into the
//!   output dict of `STUDY` (the same document and tables, bit for bit), with `out` written here.
//!
//! Everything runs with the GIL released ([`run`]). `shieldsim.dask` runs the parts as tasks on a cluster.

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use shieldsim_app as app;
use shieldsim_app::files::OutputSet;
use shieldsim_app::footprint::{FootprintPart, FootprintResult, FootprintStudy};
use shieldsim_app::requests::{FootprintJob, Format, MonteCarloJob, ShapeOptions, SweepJob};
use shieldsim_app::sweep::{SweepPart, SweepResult, SweepStudy};
use shieldsim_app::uncertainty::{MonteCarloPart, MonteCarloResult, MonteCarloStudy};
use shieldsim_app::{study_tables, Error};

use crate::inputs::{count, out_dir, scenario_list, shape, ScenarioArgs, ScenarioSource};
use crate::run::run;
use crate::Output;

/// The options of `footprint` as keyword arguments.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct FootprintKw<'py> {
    scenario: Bound<'py, PyAny>,
    launch: Option<String>,
    reverse: bool,
    aim: Option<String>,
    missile: Option<String>,
    shape_name: String,
    apogee_km: Option<f64>,
    burnout_flight_path_deg: Option<f64>,
    region: String,
    spacing_deg: f64,
    levels_s: String,
}

/// The options of `footprint`, checked, without the GIL.
struct FootprintSpec {
    source: ScenarioSource,
    launch: Option<String>,
    reverse: bool,
    aim: Option<String>,
    missile: Option<String>,
    shape: ShapeOptions,
    region: String,
    spacing_deg: f64,
    levels_s: String,
}

/// The keyword arguments as a dict (none given: an empty one, whose missing keys are named).
fn given<'py>(py: Python<'py>, options: Option<&Bound<'py, PyDict>>) -> Bound<'py, PyDict> {
    options.cloned().unwrap_or_else(|| PyDict::new(py))
}

impl FootprintSpec {
    fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let k: FootprintKw<'_> = given(py, options).extract()?;
        Ok(Self {
            source: ScenarioSource::extract(&k.scenario, "scenario")?,
            shape: shape(&k.shape_name, k.apogee_km, k.burnout_flight_path_deg)?,
            launch: k.launch,
            reverse: k.reverse,
            aim: k.aim,
            missile: k.missile,
            region: k.region,
            spacing_deg: k.spacing_deg,
            levels_s: k.levels_s,
        })
    }

    /// The job, with the scenario as `files` hold it.
    fn job(&self, files: &ScenarioArgs, out: Option<PathBuf>) -> FootprintJob {
        FootprintJob {
            scenario: files.args[0].clone(),
            launch: self.launch.clone(),
            reverse: self.reverse,
            aim: self.aim.clone(),
            missile: self.missile.clone(),
            shape: self.shape.clone(),
            region: self.region.clone(),
            spacing_deg: self.spacing_deg,
            levels_s: self.levels_s.clone(),
            format: Format::Json,
            out,
        }
    }

    fn files(&self) -> Result<ScenarioArgs, Error> {
        ScenarioArgs::new(std::slice::from_ref(&self.source))
    }
}

fn footprint_output(done: &FootprintResult) -> Result<Output, Error> {
    Output::new(
        done.render(Format::Json)?,
        done.render(Format::Table)?,
        done.files.clone(),
    )?
    // The grid.csv columns (no WKB geometry column: geopandas builds points from lon_deg, lat_deg).
    .table(
        "grid",
        app::footprint::grid_table(&done.footprint).map(|t| t.without_geometry()),
    )
}

/// Copies the parts' bytes (they are used without the GIL).
fn part_bytes(parts: &[Bound<'_, PyBytes>]) -> Vec<Vec<u8>> {
    parts.iter().map(|b| b.as_bytes().to_vec()).collect()
}

/// `shieldsim footprint`: one threat flown to every point of a grid. Table: `grid`.
#[pyfunction]
#[pyo3(signature = (*, out, progress, **options))]
pub fn footprint(
    py: Python<'_>,
    out: Option<&str>,
    progress: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyDict>> {
    let spec = FootprintSpec::new(py, options)?;
    let out = out_dir(out);
    run(py, progress, move |control| {
        let files = spec.files()?;
        let done = app::footprint::footprint(&spec.job(&files, out), control)?;
        footprint_output(&done)
    })?
    .into_py(py)
}

/// Checks a footprint's options and returns its units of work: the grid's rows.
#[pyfunction]
#[pyo3(signature = (**options))]
pub fn footprint_plan(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<usize> {
    let spec = FootprintSpec::new(py, options)?;
    run(py, None, move |_| {
        let files = spec.files()?;
        Ok(FootprintStudy::new(&spec.job(&files, None))?.units())
    })
}

/// Evaluates the grid rows `first..end` of a footprint: a tile, as bytes.
#[pyfunction]
#[pyo3(signature = (*, first, end, **options))]
pub fn footprint_part(
    py: Python<'_>,
    first: usize,
    end: usize,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyBytes>> {
    let spec = FootprintSpec::new(py, options)?;
    let bytes = run(py, None, move |control| {
        let files = spec.files()?;
        FootprintStudy::new(&spec.job(&files, None))?
            .evaluate(first..end, control)?
            .to_bytes()
    })?;
    Ok(PyBytes::new(py, &bytes).unbind())
}

/// Merges a footprint's tiles (every row exactly once) into `footprint`'s output dict, writing `out` here.
#[pyfunction]
#[pyo3(signature = (*, parts, out, progress, **options))]
pub fn footprint_merge(
    py: Python<'_>,
    parts: Vec<Bound<'_, PyBytes>>,
    out: Option<&str>,
    progress: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyDict>> {
    let spec = FootprintSpec::new(py, options)?;
    let parts = part_bytes(&parts);
    let out = out_dir(out);
    run(py, progress, move |control| {
        let files = spec.files()?;
        let job = spec.job(&files, out);
        let set = job.out.as_deref().map(OutputSet::begin).transpose()?;
        let study = FootprintStudy::new(&job)?;
        let parts = parts
            .iter()
            .map(|b| FootprintPart::from_bytes(b))
            .collect::<Result<Vec<_>, _>>()?;
        footprint_output(&study.finish(parts, set, control)?)
    })?
    .into_py(py)
}

/// The options of `sweep` as keyword arguments.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct SweepKw<'py> {
    scenarios: Option<Bound<'py, PyAny>>,
    vary: Vec<String>,
}

struct SweepSpec {
    sources: Vec<ScenarioSource>,
    vary: Vec<String>,
}

impl SweepSpec {
    fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let k: SweepKw<'_> = given(py, options).extract()?;
        Ok(Self {
            sources: scenario_list(k.scenarios.as_ref(), "scenarios")?,
            vary: k.vary,
        })
    }

    /// The job, with the scenarios as `files` hold them.
    fn job(&self, files: &ScenarioArgs, out: Option<PathBuf>) -> SweepJob {
        SweepJob {
            scenarios: files.args.clone(),
            vary: self.vary.clone(),
            list: false,
            format: Format::Json,
            out,
        }
    }
}

fn sweep_output(done: &SweepResult) -> Result<Output, Error> {
    Output::new(
        done.render(Format::Json)?,
        done.render(Format::Table)?,
        done.files.clone(),
    )?
    .table("sweep", study_tables::sweep_table(&done.sweeps))
}

/// `shieldsim sweep`: the verdicts along one parameter (a line) or two (a grid). Table: `sweep`.
#[pyfunction]
#[pyo3(signature = (*, out, progress, **options))]
pub fn sweep(
    py: Python<'_>,
    out: Option<&str>,
    progress: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyDict>> {
    let spec = SweepSpec::new(py, options)?;
    let out = out_dir(out);
    run(py, progress, move |control| {
        let files = ScenarioArgs::new(&spec.sources)?;
        sweep_output(&app::sweep::sweep(&spec.job(&files, out), control)?)
    })?
    .into_py(py)
}

/// Checks a sweep's options and returns its units of work: the points of every swept scenario.
#[pyfunction]
#[pyo3(signature = (**options))]
pub fn sweep_plan(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<usize> {
    let spec = SweepSpec::new(py, options)?;
    run(py, None, move |_| {
        let files = ScenarioArgs::new(&spec.sources)?;
        Ok(SweepStudy::new(&spec.job(&files, None))?.units())
    })
}

/// Evaluates the points `first..end` of a sweep: a part, as bytes.
#[pyfunction]
#[pyo3(signature = (*, first, end, **options))]
pub fn sweep_part(
    py: Python<'_>,
    first: usize,
    end: usize,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyBytes>> {
    let spec = SweepSpec::new(py, options)?;
    let bytes = run(py, None, move |control| {
        let files = ScenarioArgs::new(&spec.sources)?;
        SweepStudy::new(&spec.job(&files, None))?
            .evaluate(first..end, control)?
            .to_bytes()
    })?;
    Ok(PyBytes::new(py, &bytes).unbind())
}

/// Merges a sweep's parts (every point exactly once) into `sweep`'s output dict, writing `out` here.
#[pyfunction]
#[pyo3(signature = (*, parts, out, progress, **options))]
pub fn sweep_merge(
    py: Python<'_>,
    parts: Vec<Bound<'_, PyBytes>>,
    out: Option<&str>,
    progress: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyDict>> {
    let spec = SweepSpec::new(py, options)?;
    let parts = part_bytes(&parts);
    let out = out_dir(out);
    run(py, progress, move |control| {
        let files = ScenarioArgs::new(&spec.sources)?;
        let job = spec.job(&files, out);
        let set = job.out.as_deref().map(OutputSet::begin).transpose()?;
        let study = SweepStudy::new(&job)?;
        let parts = parts
            .iter()
            .map(|b| SweepPart::from_bytes(b))
            .collect::<Result<Vec<_>, _>>()?;
        sweep_output(&study.finish(parts, set, control)?)
    })?
    .into_py(py)
}

/// The options of `monte_carlo` as keyword arguments.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct MonteCarloKw<'py> {
    scenarios: Option<Bound<'py, PyAny>>,
    samples: Bound<'py, PyAny>,
    seed: Bound<'py, PyAny>,
    uncertain: Vec<String>,
}

struct MonteCarloSpec {
    sources: Vec<ScenarioSource>,
    samples: usize,
    seed: u64,
    uncertain: Vec<String>,
}

impl MonteCarloSpec {
    fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let k: MonteCarloKw<'_> = given(py, options).extract()?;
        Ok(Self {
            sources: scenario_list(k.scenarios.as_ref(), "scenarios")?,
            samples: count(&k.samples, "--monte-carlo", u32::MAX as u64)? as usize,
            seed: count(&k.seed, "--seed", u64::MAX)?,
            uncertain: k.uncertain,
        })
    }

    /// The job, with the scenarios as `files` hold them.
    fn job(&self, files: &ScenarioArgs, out: Option<PathBuf>) -> MonteCarloJob {
        MonteCarloJob {
            scenarios: files.args.clone(),
            format: Format::Json,
            out,
            monte_carlo: Some(self.samples),
            seed: self.seed,
            uncertain: self.uncertain.clone(),
        }
    }
}

fn monte_carlo_output(done: &MonteCarloResult) -> Result<Output, Error> {
    Output::new(
        done.render(Format::Json)?,
        done.render(Format::Table)?,
        done.files.clone(),
    )?
    .table("samples", study_tables::samples_table(&done.studies))
}

/// `shieldsim assess --monte-carlo N`: P5/P50/P95 bands of every share over N samples of the uncertain parameters.
/// Table: `samples`.
#[pyfunction]
#[pyo3(signature = (*, out, progress, **options))]
pub fn monte_carlo(
    py: Python<'_>,
    out: Option<&str>,
    progress: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyDict>> {
    let spec = MonteCarloSpec::new(py, options)?;
    let out = out_dir(out);
    run(py, progress, move |control| {
        let files = ScenarioArgs::new(&spec.sources)?;
        monte_carlo_output(&app::uncertainty::monte_carlo(
            &spec.job(&files, out),
            control,
        )?)
    })?
    .into_py(py)
}

/// Checks a Monte Carlo study's options and returns its units of work: per studied scenario, its samples, the
/// tornado's two evaluations per parameter and the nominal.
#[pyfunction]
#[pyo3(signature = (**options))]
pub fn monte_carlo_plan(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<usize> {
    let spec = MonteCarloSpec::new(py, options)?;
    run(py, None, move |_| {
        let files = ScenarioArgs::new(&spec.sources)?;
        Ok(MonteCarloStudy::new(&spec.job(&files, None))?.units())
    })
}

/// Evaluates the evaluations `first..end` of a Monte Carlo study: a part, as bytes.
#[pyfunction]
#[pyo3(signature = (*, first, end, **options))]
pub fn monte_carlo_part(
    py: Python<'_>,
    first: usize,
    end: usize,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyBytes>> {
    let spec = MonteCarloSpec::new(py, options)?;
    let bytes = run(py, None, move |control| {
        let files = ScenarioArgs::new(&spec.sources)?;
        MonteCarloStudy::new(&spec.job(&files, None))?
            .evaluate(first..end, control)?
            .to_bytes()
    })?;
    Ok(PyBytes::new(py, &bytes).unbind())
}

/// Merges a Monte Carlo study's parts (every evaluation exactly once) into `monte_carlo`'s output dict, writing
/// `out` here.
#[pyfunction]
#[pyo3(signature = (*, parts, out, progress, **options))]
pub fn monte_carlo_merge(
    py: Python<'_>,
    parts: Vec<Bound<'_, PyBytes>>,
    out: Option<&str>,
    progress: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyDict>> {
    let spec = MonteCarloSpec::new(py, options)?;
    let parts = part_bytes(&parts);
    let out = out_dir(out);
    run(py, progress, move |control| {
        let files = ScenarioArgs::new(&spec.sources)?;
        let job = spec.job(&files, out);
        let study = MonteCarloStudy::new(&job)?;
        let set = job.out.as_deref().map(OutputSet::begin).transpose()?;
        let parts = parts
            .iter()
            .map(|b| MonteCarloPart::from_bytes(b))
            .collect::<Result<Vec<_>, _>>()?;
        monte_carlo_output(&study.finish(parts, set, control)?)
    })?
    .into_py(py)
}
