//! The built-in scenarios: TOML files under `crates/shieldsim/scenarios/`, embedded in the binary and exportable
//! (`shieldsim scenarios export NAME`). Adding one is one line in [`BUILTIN_SCENARIOS`]; `tests/scenario_files.rs`
//! checks that each parses and that its key is its `[scenario] name` and its file name.

use super::diagnostics::ScenarioError;
use super::file::{parse_scenario_full, LoadedScenario};

/// The built-in scenarios as (name, TOML text), in the order they are listed and assessed.
pub const BUILTIN_SCENARIOS: &[(&str, &str)] = &[
    (
        "third-site-2007",
        include_str!("../../scenarios/third-site-2007.toml"),
    ),
    (
        "epaa-phase1-2011",
        include_str!("../../scenarios/epaa-phase1-2011.toml"),
    ),
    (
        "epaa-phase2-2015",
        include_str!("../../scenarios/epaa-phase2-2015.toml"),
    ),
    (
        "epaa-phase3-2018",
        include_str!("../../scenarios/epaa-phase3-2018.toml"),
    ),
    (
        "epaa-phase4-planned",
        include_str!("../../scenarios/epaa-phase4-planned.toml"),
    ),
    (
        "restructure-2013",
        include_str!("../../scenarios/restructure-2013.toml"),
    ),
];

/// The names of the built-in scenarios.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN_SCENARIOS.iter().map(|(n, _)| *n).collect()
}

/// The TOML text of the built-in scenario `name`, exactly as embedded.
pub fn builtin_toml(name: &str) -> Option<&'static str> {
    BUILTIN_SCENARIOS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

/// How diagnostics name the built-in scenario `name`.
pub fn builtin_file_name(name: &str) -> String {
    format!("<built-in>/{name}.toml")
}

/// The built-in scenario `name`, loaded against the built-in catalogue; `None` if there is no such scenario.
pub fn load_builtin(name: &str) -> Option<Result<LoadedScenario, ScenarioError>> {
    let text = builtin_toml(name)?;
    Some(parse_scenario_full(text, &builtin_file_name(name)))
}

/// Every built-in scenario, loaded, in the order of [`BUILTIN_SCENARIOS`].
pub fn builtin_scenarios() -> Result<Vec<LoadedScenario>, ScenarioError> {
    BUILTIN_SCENARIOS
        .iter()
        .map(|(name, text)| parse_scenario_full(text, &builtin_file_name(name)))
        .collect()
}
