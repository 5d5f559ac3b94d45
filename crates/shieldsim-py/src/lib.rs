//! # shieldsim-py
//!
//! The native part of the Python package `shieldsim`: the module `shieldsim._shieldsim`, one function per job of the
//! application layer (`shieldsim-app`), each taking the command line's options as keyword arguments and returning
//! the job's document as JSON text, its text rendering, the files written and its tables as Parquet bytes. The
//! Python package (`python/shieldsim`) gives them their defaults, docstrings and types, turns the JSON into dicts
//! and the Parquet into pandas DataFrames or pyarrow Tables.
//!
//! Every job runs with the GIL released, on a thread of its own, while the calling thread watches for Ctrl-C and
//! calls the progress callback ([`run`]). Errors keep the command line's messages: bad input raises `ValueError`,
//! a fault of the program `RuntimeError`, an interrupted job `KeyboardInterrupt`; wrong types raise `TypeError`.

mod inputs;
mod run;
mod studies;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use shieldsim_app as app;
use shieldsim_app::export::Table;
use shieldsim_app::requests::{BallisticJob, EngageJob, Format, LimitsJob, RaidJob, TrajectoryJob};
use shieldsim_app::{assess_tables, flight, scenarios, Error};

use inputs::{count, earth, out_dir, scenario_list, shape, switch, ScenarioArgs, ScenarioSource};
use run::run;

/// What a job gives back, built without the GIL: the document as JSON, the text a person reads, the files written
/// and the tables as Parquet.
pub(crate) struct Output {
    document: String,
    text: String,
    files: Vec<String>,
    tables: Vec<(&'static str, Vec<u8>)>,
}

impl Output {
    /// From the job's JSON document (exactly the command line's `--format json`), its text and its files.
    pub(crate) fn new(document: String, text: String, files: Vec<String>) -> Result<Self, Error> {
        Ok(Self {
            document,
            text,
            files,
            tables: Vec::new(),
        })
    }

    pub(crate) fn table(
        mut self,
        name: &'static str,
        table: Result<Table, impl std::fmt::Display>,
    ) -> Result<Self, Error> {
        let bytes = table
            .map_err(|e| Error::internal(format!("cannot build the {name} table: {e}")))?
            .to_parquet_bytes()
            .map_err(|e| Error::internal(format!("cannot write the {name} table: {e}")))?;
        self.tables.push((name, bytes));
        Ok(self)
    }

    /// As a dict: `document` (JSON text), `text`, `files` (list of str), `tables` (name → Parquet bytes).
    pub(crate) fn into_py(self, py: Python<'_>) -> PyResult<Py<PyDict>> {
        let d = PyDict::new(py);
        d.set_item("document", self.document)?;
        d.set_item("text", self.text)?;
        d.set_item("files", self.files)?;
        let tables = PyDict::new(py);
        for (name, bytes) in self.tables {
            tables.set_item(name, PyBytes::new(py, &bytes))?;
        }
        d.set_item("tables", tables)?;
        Ok(d.unbind())
    }
}

/// `shieldsim ballistic`: propagates a given state to impact. Returns the output dict (see the module docs).
#[pyfunction]
#[pyo3(signature = (*, lat, lon, alt_km, speed_mps, azimuth_deg, flight_path_deg, earth_shape, rotation, gravity, drag, beta_kg_m2, samples, rtol))]
#[allow(clippy::too_many_arguments)]
fn ballistic(
    py: Python<'_>,
    lat: f64,
    lon: f64,
    alt_km: f64,
    speed_mps: f64,
    azimuth_deg: f64,
    flight_path_deg: f64,
    earth_shape: &str,
    rotation: bool,
    gravity: &str,
    drag: bool,
    beta_kg_m2: Option<f64>,
    samples: &Bound<'_, PyAny>,
    rtol: f64,
) -> PyResult<Py<PyDict>> {
    let job = BallisticJob {
        lat,
        lon,
        alt_km,
        speed_mps,
        azimuth_deg,
        flight_path_deg,
        earth: earth(earth_shape, rotation, gravity)?,
        drag: switch(drag),
        beta_kg_m2,
        samples: count(samples, "--samples", u32::MAX as u64)? as usize,
        rtol,
        format: Format::Json,
    };
    run(py, None, move |_| {
        let out = flight::ballistic(&job)?;
        Output::new(
            out.render(Format::Json)?,
            out.render(Format::Table)?,
            Vec::new(),
        )
    })?
    .into_py(py)
}

/// `shieldsim trajectory`: flies a catalogue missile from a launch point to an aim point.
#[pyfunction]
#[pyo3(signature = (*, from_, to, missile, shape_name, apogee_km, burnout_flight_path_deg, earth_shape, rotation, gravity, drag, samples))]
#[allow(clippy::too_many_arguments)]
fn trajectory(
    py: Python<'_>,
    from_: String,
    to: String,
    missile: String,
    shape_name: &str,
    apogee_km: Option<f64>,
    burnout_flight_path_deg: Option<f64>,
    earth_shape: &str,
    rotation: bool,
    gravity: &str,
    drag: bool,
    samples: &Bound<'_, PyAny>,
) -> PyResult<Py<PyDict>> {
    let job = TrajectoryJob {
        from: from_,
        to,
        missile,
        shape: shape(shape_name, apogee_km, burnout_flight_path_deg)?,
        earth: earth(earth_shape, rotation, gravity)?,
        drag: switch(drag),
        samples: count(samples, "--samples", u32::MAX as u64)? as usize,
        format: Format::Json,
    };
    run(py, None, move |_| {
        let out = flight::trajectory(&job)?;
        Output::new(
            out.render(Format::Json)?,
            out.render(Format::Table)?,
            Vec::new(),
        )
    })?
    .into_py(py)
}

/// `shieldsim engage`: can a defence engage one threat trajectory?
#[pyfunction]
#[pyo3(signature = (*, threat_from, threat_to, missile, interceptor, site, radar, early_warning, early_warning_delay_s, decision_delay_s, radar_role, link, launch_rule, launch_time_s, booster_rcs_m2, rv_rcs_m2, shape_name, apogee_km, burnout_flight_path_deg, earth_shape, rotation, gravity, drag, out))]
#[allow(clippy::too_many_arguments)]
fn engage(
    py: Python<'_>,
    threat_from: String,
    threat_to: String,
    missile: String,
    interceptor: String,
    site: Vec<String>,
    radar: Vec<String>,
    early_warning: bool,
    early_warning_delay_s: Option<f64>,
    decision_delay_s: f64,
    radar_role: Vec<String>,
    link: Vec<String>,
    launch_rule: String,
    launch_time_s: Option<f64>,
    booster_rcs_m2: Option<f64>,
    rv_rcs_m2: Option<f64>,
    shape_name: &str,
    apogee_km: Option<f64>,
    burnout_flight_path_deg: Option<f64>,
    earth_shape: &str,
    rotation: bool,
    gravity: &str,
    drag: bool,
    out: Option<&str>,
) -> PyResult<Py<PyDict>> {
    if site.is_empty() {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "the following required arguments were not provided: --site <SITE>: give at least one interceptor \
             site, e.g. site=\"44.08,24.38\"",
        ));
    }
    let job = EngageJob {
        threat_from,
        threat_to,
        missile,
        interceptor,
        site,
        radar,
        early_warning: switch(early_warning),
        early_warning_delay_s,
        decision_delay_s,
        radar_role,
        link,
        launch_rule,
        launch_time_s,
        launch_on_remote: None,
        booster_rcs_m2,
        rv_rcs_m2,
        shape: shape(shape_name, apogee_km, burnout_flight_path_deg)?,
        earth: earth(earth_shape, rotation, gravity)?,
        drag: switch(drag),
        format: Format::Json,
        out: out_dir(out),
    };
    run(py, None, move |control| {
        let done = app::engage::engage(&job, control)?;
        Output::new(
            done.render(Format::Json)?,
            done.render(Format::Table)?,
            done.files,
        )
    })?
    .into_py(py)
}

/// `shieldsim assess`: every trajectory of every corridor of the scenarios against their architectures. Tables:
/// `corridors` and `trajectories`.
#[pyfunction]
#[pyo3(signature = (*, scenarios, out, progress))]
fn assess(
    py: Python<'_>,
    scenarios: Option<&Bound<'_, PyAny>>,
    out: Option<&str>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyDict>> {
    let sources = scenario_list(scenarios, "scenarios")?;
    let out = out_dir(out);
    run(py, progress, move |control| {
        let job = app::assess::AssessJob {
            scenarios: inputs::load_scenarios(&sources)?,
            out,
        };
        let done = app::assess::assess(&job, control)?;
        Output::new(
            done.render(Format::Json)?,
            done.render(Format::Table)?,
            done.files.clone(),
        )?
        .table(
            "corridors",
            assess_tables::corridors_table(&done.assessments),
        )?
        .table(
            "trajectories",
            assess_tables::trajectories_table(&done.assessments),
        )
    })?
    .into_py(py)
}

/// `shieldsim sweep --list`: the parameter paths of the scenarios with their values, as JSON text.
#[pyfunction]
#[pyo3(signature = (*, scenarios))]
fn sweep_parameters(py: Python<'_>, scenarios: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    let sources = scenario_list(scenarios, "scenarios")?;
    run(py, None, move |_| {
        let loaded = inputs::load_scenarios(&sources)?;
        app::sweep::list(&loaded, Format::Json)
    })
}

/// `shieldsim limits`: the verifiable limits under which a defence covers its stated threat and engages none of a
/// deterrent's trajectories.
#[pyfunction]
#[pyo3(signature = (*, scenario, stated, deterrent, min_stated_share, max_deterrent_share, param, phase, out, progress))]
#[allow(clippy::too_many_arguments)]
fn limits(
    py: Python<'_>,
    scenario: &Bound<'_, PyAny>,
    stated: Vec<String>,
    deterrent: Vec<String>,
    min_stated_share: Option<f64>,
    max_deterrent_share: f64,
    param: Vec<String>,
    phase: bool,
    out: Option<&str>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyDict>> {
    let source = ScenarioSource::extract(scenario, "scenario")?;
    let out = out_dir(out);
    run(py, progress, move |control| {
        let files = ScenarioArgs::new(std::slice::from_ref(&source))?;
        let job = LimitsJob {
            scenario: files.args[0].clone(),
            stated,
            deterrent,
            min_stated_share,
            max_deterrent_share,
            params: param,
            format: Format::Json,
            phase,
            out,
        };
        let done = app::limits::limits(&job, control)?;
        Output::new(
            done.render(Format::Json)?,
            done.render(Format::Table)?,
            done.files.clone(),
        )
    })?
    .into_py(py)
}

/// `shieldsim raid`: how much of a declared notional force each defence could put at risk and intercept.
#[pyfunction]
#[pyo3(signature = (*, scenarios, pk, doctrine, max_per_warhead, force, seed, trials, out, progress))]
#[allow(clippy::too_many_arguments)]
fn raid(
    py: Python<'_>,
    scenarios: Option<&Bound<'_, PyAny>>,
    pk: Option<f64>,
    doctrine: Option<String>,
    max_per_warhead: Option<&Bound<'_, PyAny>>,
    force: Vec<String>,
    seed: &Bound<'_, PyAny>,
    trials: &Bound<'_, PyAny>,
    out: Option<&str>,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyDict>> {
    let sources = scenario_list(scenarios, "scenarios")?;
    let max_per_warhead = max_per_warhead
        .filter(|v| !v.is_none())
        .map(|v| count(v, "--max-per-warhead", u32::MAX as u64).map(|n| n as u32))
        .transpose()?;
    let seed = count(seed, "--seed", u64::MAX)?;
    let trials = count(trials, "--trials", u32::MAX as u64)? as u32;
    let out = out_dir(out);
    run(py, progress, move |control| {
        let files = ScenarioArgs::new(&sources)?;
        let job = RaidJob {
            scenarios: files.args.clone(),
            pk,
            doctrine,
            max_per_warhead,
            force,
            seed,
            trials,
            format: Format::Json,
            out,
        };
        let done = app::raid::raid_command(&job, control)?;
        Output::new(
            done.render(Format::Json)?,
            done.render(Format::Table)?,
            done.files.clone(),
        )
    })?
    .into_py(py)
}

/// `shieldsim catalog KIND` (missiles, interceptors or radars): the command line's `--format json` (the Python
/// package makes the table from it: Python's JSON reader rounds every number exactly, serde_json's default one may
/// miss by an ulp).
#[pyfunction]
#[pyo3(signature = (*, kind))]
fn catalog(py: Python<'_>, kind: String) -> PyResult<Py<PyDict>> {
    let list: fn(Format) -> Result<String, Error> = match kind.as_str() {
        "missiles" => app::catalog::missiles,
        "interceptors" => app::catalog::interceptors,
        "radars" => app::catalog::radars,
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "invalid value '{other}' for '<KIND>' [possible values: missiles, interceptors, radars]"
            )))
        }
    };
    run(py, None, move |_| {
        Output::new(list(Format::Json)?, String::new(), Vec::new())
    })?
    .into_py(py)
}

/// `shieldsim scenarios list`: the built-in scenarios as JSON and as text.
#[pyfunction]
fn list_scenarios(py: Python<'_>) -> PyResult<Py<PyDict>> {
    run(py, None, |_| {
        Output::new(
            scenarios::list(Format::Json)?,
            scenarios::list(Format::Table)?,
            Vec::new(),
        )
    })?
    .into_py(py)
}

/// `shieldsim scenarios show`: a scenario (built-in, a path, TOML text or a dict) described as text; it is checked
/// on the way.
#[pyfunction]
#[pyo3(signature = (*, scenario))]
fn show_scenario(py: Python<'_>, scenario: &Bound<'_, PyAny>) -> PyResult<String> {
    let source = ScenarioSource::extract(scenario, "scenario")?;
    run(py, None, move |_| Ok(scenarios::show(&source.load()?)))
}

/// `shieldsim scenarios export`: a built-in scenario's TOML text, exactly as embedded.
#[pyfunction]
#[pyo3(signature = (*, name))]
fn export_scenario(name: &str) -> PyResult<String> {
    scenarios::export(name)
        .map(str::to_string)
        .map_err(run::py_error)
}

/// A scenario dict as TOML text (the text the jobs read; for checking what a dict becomes).
#[pyfunction]
#[pyo3(signature = (*, scenario))]
fn scenario_toml(scenario: &Bound<'_, PyAny>) -> PyResult<String> {
    match ScenarioSource::extract(scenario, "scenario")? {
        ScenarioSource::Text { text, .. } => Ok(text),
        ScenarioSource::Arg(a) => match scenarios::export(&a) {
            Ok(text) => Ok(text.to_string()),
            // Not a built-in name: a file, read as the jobs would (it must load).
            Err(_) => {
                let source = ScenarioSource::Arg(a.clone());
                source.load().map_err(run::py_error)?;
                std::fs::read_to_string(&a).map_err(|e| {
                    pyo3::exceptions::PyValueError::new_err(format!(
                        "cannot read {a}: {}",
                        shieldsim_app::error::io_reason(&e)
                    ))
                })
            }
        },
    }
}

/// The native part of the Python package `shieldsim` (use `import shieldsim`, not this module).
#[pymodule]
mod _shieldsim {
    #[pymodule_export]
    use super::{
        assess, ballistic, catalog, engage, export_scenario, limits, list_scenarios, raid,
        scenario_toml, show_scenario, sweep_parameters, trajectory,
    };

    #[pymodule_export]
    use super::studies::{
        footprint, footprint_merge, footprint_part, footprint_plan, monte_carlo, monte_carlo_merge,
        monte_carlo_part, monte_carlo_plan, sweep, sweep_merge, sweep_part, sweep_plan,
    };

    #[pymodule_export]
    const VERSION: &str = env!("CARGO_PKG_VERSION");
}
