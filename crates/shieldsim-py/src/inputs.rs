//! Python values turned into the application layer's inputs: scenarios (a built-in name, a path, TOML text or a
//! dict), counts, and the command line's enumerations. Wrong types are `TypeError`s, wrong values `ValueError`s
//! whose messages name the command line's flag.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use shieldsim::scenario::{LoadedScenario, Scenario};
use shieldsim_app::requests::{EarthOptions, EarthShape, Gravity, ShapeArg, ShapeOptions, Switch};
use shieldsim_app::scenarios::{load_scenario_arg_full, load_scenario_text};

/// A scenario as given from Python.
#[derive(Debug, Clone)]
pub enum ScenarioSource {
    /// A built-in scenario's name or a file path: the command line's argument, resolved by the application layer.
    Arg(String),
    /// TOML text (from a string with a line break, or from a dict), named `origin` in messages.
    Text { text: String, origin: String },
}

impl ScenarioSource {
    /// Reads a scenario argument: a `str` with a line break is TOML text, another `str` a built-in name or a path;
    /// a `dict` is the TOML document as nested dicts and lists (as `tomllib.loads` gives it).
    pub fn extract(value: &Bound<'_, PyAny>, field: &str) -> PyResult<Self> {
        if let Ok(s) = value.cast::<PyString>() {
            let s = s.to_str()?.to_string();
            return Ok(if s.contains('\n') {
                ScenarioSource::Text {
                    text: s,
                    origin: "<scenario text>".into(),
                }
            } else {
                ScenarioSource::Arg(s)
            });
        }
        if let Ok(d) = value.cast::<PyDict>() {
            let table = dict_to_toml(d, field)?;
            return Ok(ScenarioSource::Text {
                text: toml::to_string(&table).map_err(|e| {
                    PyValueError::new_err(format!(
                        "{field}: the dict cannot be written as TOML: {e}"
                    ))
                })?,
                origin: "<scenario dict>".into(),
            });
        }
        Err(PyTypeError::new_err(format!(
            "{field}: expected a built-in scenario name, a path, TOML text or a dict, got {}",
            type_name(value)
        )))
    }

    /// The scenario, loaded and checked (with the file's radar types, trajectory limit and uncertainties).
    pub fn load(&self) -> Result<LoadedScenario, shieldsim_app::Error> {
        match self {
            ScenarioSource::Arg(a) => load_scenario_arg_full(a),
            ScenarioSource::Text { text, origin } => load_scenario_text(text, origin),
        }
    }
}

/// Scenarios handed to a job that takes command-line arguments (names or paths): text scenarios are checked
/// (their messages name `<scenario text>` or `<scenario dict>` with line and column) and then written to files in
/// a private temporary folder, which is removed when this is dropped.
pub struct ScenarioArgs {
    /// The arguments, in order.
    pub args: Vec<String>,
    dir: Option<PathBuf>,
}

impl ScenarioArgs {
    pub fn new(sources: &[ScenarioSource]) -> Result<Self, shieldsim_app::Error> {
        let mut out = ScenarioArgs {
            args: Vec::with_capacity(sources.len()),
            dir: None,
        };
        for (i, s) in sources.iter().enumerate() {
            match s {
                ScenarioSource::Arg(a) => out.args.push(a.clone()),
                ScenarioSource::Text { text, .. } => {
                    s.load()?;
                    let dir = match &out.dir {
                        Some(d) => d.clone(),
                        None => {
                            let d = private_temp_dir()?;
                            out.dir = Some(d.clone());
                            d
                        }
                    };
                    let path = dir.join(format!("scenario-{}.toml", i + 1));
                    std::fs::write(&path, text).map_err(|e| {
                        shieldsim_app::Error::internal(format!(
                            "cannot write the scenario to {}: {e}",
                            path.display()
                        ))
                    })?;
                    out.args.push(path.display().to_string());
                }
            }
        }
        Ok(out)
    }
}

impl Drop for ScenarioArgs {
    fn drop(&mut self) {
        if let Some(d) = &self.dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

/// A new folder of our own under the system's temporary folder.
fn private_temp_dir() -> Result<PathBuf, shieldsim_app::Error> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let base = std::env::temp_dir();
    for _ in 0..100 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!(
            "shieldsim-py-{}-{n}-{nanos:09}",
            std::process::id()
        ));
        // create_dir (not create_dir_all) fails if it exists: the folder is ours alone.
        if std::fs::create_dir(&dir).is_ok() {
            return Ok(dir);
        }
    }
    Err(shieldsim_app::Error::internal(format!(
        "cannot create a temporary folder in {}",
        base.display()
    )))
}

/// Loads scenarios for `assess` (every built-in one when none is given).
pub fn load_scenarios(sources: &[ScenarioSource]) -> Result<Vec<Scenario>, shieldsim_app::Error> {
    if sources.is_empty() {
        return shieldsim_app::scenarios::builtin_scenarios();
    }
    sources
        .iter()
        .map(|s| s.load().map(|l| l.scenario))
        .collect()
}

/// A dict as a TOML table; `at` is its place for messages (e.g. `scenario['architecture']`).
fn dict_to_toml(d: &Bound<'_, PyDict>, at: &str) -> PyResult<toml::Table> {
    let mut table = toml::Table::new();
    for (k, v) in d.iter() {
        let key = k.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{at}: keys must be str, got {} {}",
                type_name(&k),
                k.repr().map(|r| r.to_string()).unwrap_or_default()
            ))
        })?;
        let key = key.to_str()?.to_string();
        let place = format!("{at}[{key:?}]");
        if v.is_none() {
            // TOML has no null: a missing key is how a scenario says "the default".
            continue;
        }
        table.insert(key, py_to_toml(&v, &place)?);
    }
    Ok(table)
}

fn py_to_toml(v: &Bound<'_, PyAny>, at: &str) -> PyResult<toml::Value> {
    if v.is_instance_of::<PyBool>() {
        return Ok(toml::Value::Boolean(v.extract()?));
    }
    if v.is_instance_of::<PyInt>() {
        let i: i64 = v.extract().map_err(|_| {
            PyValueError::new_err(format!(
                "{at} = {}: TOML integers are 64-bit",
                v.repr().map(|r| r.to_string()).unwrap_or_default()
            ))
        })?;
        return Ok(toml::Value::Integer(i));
    }
    if v.is_instance_of::<PyFloat>() {
        let x: f64 = v.extract()?;
        if !x.is_finite() {
            return Err(PyValueError::new_err(format!(
                "{at} = {x}: expected a finite number"
            )));
        }
        return Ok(toml::Value::Float(x));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(toml::Value::String(s.to_str()?.to_string()));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        return Ok(toml::Value::Table(dict_to_toml(d, at)?));
    }
    if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in v.try_iter()?.enumerate() {
            let item = item?;
            if item.is_none() {
                return Err(PyValueError::new_err(format!(
                    "{at}[{i}] = None: TOML arrays cannot hold None"
                )));
            }
            items.push(py_to_toml(&item, &format!("{at}[{i}]"))?);
        }
        return Ok(toml::Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "{at}: a scenario dict holds str, int, float, bool, list and dict values, got {}",
        type_name(v)
    )))
}

/// The type name of a value, for messages.
pub fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A non-negative integer at most `max` for the flag `flag`: a `TypeError` for a non-integer (a bool included),
/// a `ValueError` out of range.
pub fn count(v: &Bound<'_, PyAny>, flag: &str, max: u64) -> PyResult<u64> {
    if !v.is_instance_of::<PyInt>() || v.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{flag}: expected an int, got {}",
            type_name(v)
        )));
    }
    match v.extract::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(PyValueError::new_err(format!(
            "{flag} = {}: expected an integer from 0 to {max}",
            v.repr().map(|r| r.to_string()).unwrap_or_default()
        ))),
    }
}

/// One of `names` for the flag `flag` (the command line's message for an unknown value).
fn choice<T: Copy>(flag: &str, value: &str, names: &[(&str, T)]) -> PyResult<T> {
    names
        .iter()
        .find(|(n, _)| *n == value)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let all: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            PyValueError::new_err(format!(
                "invalid value '{value}' for '{flag}' [possible values: {}]",
                all.join(", ")
            ))
        })
}

/// `on`/`off` from a bool.
pub fn switch(on: bool) -> Switch {
    if on {
        Switch::On
    } else {
        Switch::Off
    }
}

/// The Earth-model options.
pub fn earth(earth: &str, rotation: bool, gravity: &str) -> PyResult<EarthOptions> {
    Ok(EarthOptions {
        earth: choice(
            "--earth",
            earth,
            &[("wgs84", EarthShape::Wgs84), ("sphere", EarthShape::Sphere)],
        )?,
        rotation: switch(rotation),
        gravity: choice(
            "--gravity",
            gravity,
            &[("j2", Gravity::J2), ("point-mass", Gravity::PointMass)],
        )?,
    })
}

/// The trajectory-shape options.
pub fn shape(
    shape: &str,
    apogee_km: Option<f64>,
    burnout_flight_path_deg: Option<f64>,
) -> PyResult<ShapeOptions> {
    if apogee_km.is_some() && burnout_flight_path_deg.is_some() {
        // The command line refuses the pair before the job sees it.
        return Err(PyValueError::new_err(
            "the argument '--apogee-km <APOGEE_KM>' cannot be used with '--burnout-flight-path-deg \
             <BURNOUT_FLIGHT_PATH_DEG>': give one of apogee_km and burnout_flight_path_deg",
        ));
    }
    Ok(ShapeOptions {
        shape: choice(
            "--shape",
            shape,
            &[
                ("min-energy", ShapeArg::MinEnergy),
                ("lofted", ShapeArg::Lofted),
                ("depressed", ShapeArg::Depressed),
            ],
        )?,
        apogee_km,
        burnout_flight_path_deg,
    })
}

/// An output folder, or none.
pub fn out_dir(out: Option<&str>) -> Option<PathBuf> {
    out.map(|o| Path::new(o).to_path_buf())
}

/// Scenario arguments: `None` (every built-in one), one scenario, or a list or tuple of them.
pub fn scenario_list(v: Option<&Bound<'_, PyAny>>, field: &str) -> PyResult<Vec<ScenarioSource>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(Vec::new());
    };
    if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in v.try_iter()?.enumerate() {
            out.push(ScenarioSource::extract(&item?, &format!("{field}[{i}]"))?);
        }
        return Ok(out);
    }
    Ok(vec![ScenarioSource::extract(v, field)?])
}
