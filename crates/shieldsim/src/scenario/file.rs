//! Scenario files (TOML, schema v1; reference: `docs/scenario.md`): parsed, checked and resolved into a validated
//! [`Scenario`], or rejected with a [`Diagnostic`](super::Diagnostic) for every problem found — each with its file,
//! line and column, the offending text underlined, what was expected and, where one helps, a hint (the nearest known
//! key, id or value).
//!
//! The loader reads the whole file before giving up: unknown keys, missing keys, wrong types, values out of range,
//! unknown catalogue ids, physically impossible catalogue entries added or overridden by the file, duplicate names,
//! bad polygons, areas without a sample point and corridors with more trajectories than the file allows are all
//! reported together. Only TOML syntax errors stop it early: the first syntax error of each line is reported, then
//! nothing else (the structure of a file that does not parse is a guess, and the parser's recovery repeats itself
//! within a line). No input makes it panic (`tests/scenario_fuzz.rs`).
//!
//! Catalogue tables in the file (`[[missile]]`, `[[interceptor]]`, `[[radar]]`) take the schema of the built-in
//! catalogue files: an entry whose id exists replaces the catalogue's entry for this scenario, a new id adds one.
//! For such a table, every unknown key is reported, then the first type error or missing key (the catalogue's own
//! parser stops there), then the first physically impossible parameter (the engine's validation, pointed at the
//! offending key).
//!
//! The loader is split by table: this file (entry points, `[scenario]`, `[model]`, `[analysis]`), `fields.rs`
//! (the field readers every part shares), `corridors.rs`, `architecture.rs`, `overrides.rs` (the catalogue tables)
//! and `uncertain.rs` (`[[uncertainty]]`); `schema.rs` lists the keys and [`super::diagnostics`] renders the
//! problems.

use std::collections::HashSet;
use std::sync::OnceLock;

use toml::de::DeTable;

use super::diagnostics::{ScenarioError, SourceText};
use super::fields::{string_list_spans, Loader};
pub use super::fields::{DEFAULT_DECISION_DELAY_S, MAX_DELAY_S, MAX_POINTS_PER_FILE};
use super::model::{ModelOptions, Scenario};
use super::raid::{ForceDeclaration, RaidSpec};
use super::reader::{did_you_mean, one_of, Ctx, Table};
use super::schema;
use super::uncertain::FileUncertainty;
use crate::catalog::Catalog;
use crate::earth::{EarthModel, GravityModel, Shape as EarthShape};

/// Default of `[analysis] max_trajectories_per_corridor`.
pub const DEFAULT_MAX_TRAJECTORIES_PER_CORRIDOR: u64 = 5000;

/// A loaded scenario with what the file says beyond the engine's model.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedScenario {
    /// The validated scenario.
    pub scenario: Scenario,
    /// The catalogue id (`type`) of each radar, in the order of `scenario.architecture.radars` (whose `id` is the
    /// radar's `name` in the file).
    pub radar_types: Vec<String>,
    /// `[analysis] max_trajectories_per_corridor` (every corridor of the scenario is within it).
    pub max_trajectories_per_corridor: u64,
    /// `[[force]]`: declared notional forces, in file order (for `shieldsim raid`).
    pub forces: Vec<ForceDeclaration>,
    /// `[raid]`: the kill probability and doctrine of a raid analysis, if given.
    pub raid: Option<RaidSpec>,
    /// The `[[uncertainty]]` tables: parameters with distributions, for Monte Carlo studies (in file order).
    pub uncertainties: Vec<FileUncertainty>,
}

impl LoadedScenario {
    /// Where the file defines the catalogue entry `id` of `kind` (`missile`, `interceptor` or `radar`), as
    /// `FILE:LINE:COLUMN`; `None` for an entry of the built-in catalogue. The loader refuses what it can tell is
    /// physically impossible; an engine failure after loading that names a missile or interceptor (a reach table
    /// that cannot be built, a targeting that does not converge) is traced back to the file with this.
    pub fn entry_location(&self, kind: &str, id: &str) -> Option<&str> {
        self.scenario.entry_location(kind, id)
    }
}

/// The built-in catalogue, parsed once.
fn builtin_catalog(file: &str) -> Result<&'static Catalog, ScenarioError> {
    static CATALOG: OnceLock<Result<Catalog, String>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::builtin().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| {
            let d = SourceText::new(file, "").diagnostic(
                0..0,
                format!("the built-in catalogue is invalid (a bug of this program): {e}"),
                "",
                None,
            );
            ScenarioError {
                file: file.to_string(),
                diagnostics: vec![d],
            }
        })
}

/// Parses and validates the scenario in `text` against the built-in catalogue; `file` names the file in
/// diagnostics.
pub fn parse_scenario(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
    parse_scenario_full(text, file).map(|l| l.scenario)
}

/// [`parse_scenario`], keeping the file's radar types and trajectory limit.
pub fn parse_scenario_full(text: &str, file: &str) -> Result<LoadedScenario, ScenarioError> {
    parse_scenario_with_catalog(text, file, builtin_catalog(file)?)
}

/// [`parse_scenario_full`] for raw bytes (a file as read from disk): text that is not UTF-8 is a diagnostic at the
/// first invalid byte.
pub fn parse_scenario_bytes(bytes: &[u8], file: &str) -> Result<LoadedScenario, ScenarioError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_scenario_full(text, file),
        Err(e) => {
            let valid = e.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let bad = bytes.get(valid).copied().unwrap_or(0);
            let d = SourceText::new(file, prefix).diagnostic(
                valid..valid,
                format!("the file is not UTF-8 text: byte 0x{bad:02x} at byte offset {valid}"),
                "UTF-8 text (TOML files are UTF-8)",
                Some("save the file as UTF-8".into()),
            );
            Err(ScenarioError {
                file: file.to_string(),
                diagnostics: vec![d],
            })
        }
    }
}

/// Parses and validates the scenario in `text` against `catalog` (to which the file's own catalogue tables are
/// added), keeping the file's radar types and trajectory limit; `file` names the file in diagnostics.
pub fn parse_scenario_with_catalog(
    text: &str,
    file: &str,
    catalog: &Catalog,
) -> Result<LoadedScenario, ScenarioError> {
    let mut ctx = Ctx::new(file, text);
    let (root, syntax) = DeTable::parse_recoverable(text);
    // One syntax error per line: after the first, the parser's recovery tends to repeat itself.
    let mut lines_seen = HashSet::new();
    for e in &syntax {
        let span = e.span().unwrap_or(0..0);
        if !lines_seen.insert(ctx.line_of(span.start)) {
            continue;
        }
        let message = e.message().trim().replace('\n', " ");
        if message == "duplicate key" {
            duplicate_key(&mut ctx, root.get_ref(), span);
            continue;
        }
        let hint = if message.contains("must be quoted") {
            let bare = text.get(span.clone()).unwrap_or("").trim();
            format!("strings need double quotes: \"{bare}\"")
        } else {
            "see https://toml.io for the syntax".to_string()
        };
        ctx.error(span, format!("invalid TOML: {message}"), "", Some(hint));
    }
    let loaded = if syntax.is_empty() {
        Loader {
            budget: MAX_POINTS_PER_FILE,
        }
        .load(&mut ctx, &Table::root(root.get_ref()), catalog)
    } else {
        None
    };
    match loaded {
        Some(l) if ctx.diags.is_empty() => Ok(l),
        _ => {
            let mut diagnostics = std::mem::take(&mut ctx.diags);
            diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
            diagnostics.dedup();
            if diagnostics.is_empty() {
                diagnostics.push(ctx.src.diagnostic(
                    0..0,
                    "the scenario could not be loaded",
                    "",
                    None,
                ));
            }
            Err(ScenarioError {
                file: file.to_string(),
                diagnostics,
            })
        }
    }
}

/// The parser's "duplicate key" at `span`, naming the key (or table) and where it was first defined.
fn duplicate_key(ctx: &mut Ctx<'_>, root: &DeTable<'_>, span: std::ops::Range<usize>) {
    let text = ctx.src.text();
    let written = text.get(span.clone()).unwrap_or("").trim();
    let key = written
        .rsplit('.')
        .next()
        .unwrap_or(written)
        .trim()
        .trim_matches(['"', '\'']);
    let headers = table_headers(text);
    let own = headers.iter().rev().find(|h| h.0 <= span.start);
    let line_start = text
        .get(..span.start)
        .map_or(0, |s| s.rfind('\n').map_or(0, |i| i + 1));
    let header = text
        .get(line_start..span.start)
        .is_some_and(|s| s.trim_start().starts_with('['));
    let first = if header {
        // The same header earlier in the file.
        let name = own.map_or("", |h| h.1.as_str());
        headers
            .iter()
            .find(|h| h.1 == name && h.0 < span.start)
            .map(|h| h.0)
    } else {
        // The same key earlier in the same table: after the same header (the same one for an element of an array of
        // tables, any with the same name for a table), or before any header for the root table.
        let section = |at: usize| headers.iter().rev().find(|h| h.0 <= at);
        let mine = section(span.start);
        let same = |at: usize| match (section(at), mine) {
            (None, None) => true,
            (Some(a), Some(b)) => a.1 == b.1 && (a.0 == b.0 || !(a.2 && b.2)),
            _ => false,
        };
        let mut found = Vec::new();
        keys_named(root, key, &mut found);
        found
            .into_iter()
            .filter(|&at| at < span.start && same(at))
            .min()
    };
    let what = if header {
        format!("table `[{}]`", own.map_or(written, |h| h.1.as_str()))
    } else {
        format!("key `{key}`")
    };
    let rule = if header {
        "a table is defined once (an array of tables takes [[...]] headers)"
    } else {
        "a key is defined once per table: remove one of the two"
    };
    let hint = match first {
        Some(at) => {
            let d = ctx.src.diagnostic(at..at, "", "", None);
            format!(
                "first defined at {}:{}:{}; {rule}",
                d.file, d.line, d.column
            )
        }
        None => rule.to_string(),
    };
    ctx.error(
        span,
        format!("invalid TOML: duplicate {what}"),
        format!(
            "a {} not defined before",
            if header { "table" } else { "key" }
        ),
        Some(hint),
    );
}

/// The table headers of a TOML text, by a line scan: (offset of the header's name, the name without spaces, whether
/// it is an array-of-tables header `[[...]]`). A line of a multi-line string that looks like a header is taken for
/// one: this only locates a hint.
fn table_headers(text: &str) -> Vec<(usize, String, bool)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('[') {
            let array = rest.starts_with('[');
            let inner = rest.trim_start_matches('[');
            if let Some(end) = inner.find(']') {
                let name: String = inner[..end]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let at = offset + (line.len() - trimmed.len()) + 1 + usize::from(array);
                out.push((at, name, array));
            }
        }
        offset += line.len();
    }
    out
}

/// The starts of every key named `key` in `table` and its sub-tables.
fn keys_named(table: &DeTable<'_>, key: &str, found: &mut Vec<usize>) {
    for (k, v) in table.iter() {
        if k.get_ref().as_ref() == key {
            found.push(k.span().start);
        }
        values_named(v.get_ref(), key, found);
    }
}

fn values_named(v: &toml::de::DeValue<'_>, key: &str, found: &mut Vec<usize>) {
    match v {
        toml::de::DeValue::Table(t) => keys_named(t, key, found),
        toml::de::DeValue::Array(a) => {
            for e in a.iter() {
                values_named(e.get_ref(), key, found);
            }
        }
        _ => {}
    }
}

impl Loader {
    fn load(&mut self, ctx: &mut Ctx<'_>, root: &Table, base: &Catalog) -> Option<LoadedScenario> {
        root.check_keys(ctx, schema::ROOT);
        let (catalog, broken, file_entries) = super::overrides::catalogue_tables(ctx, root, base);
        let (name, title, description, sources) = header(ctx, root);
        let model = model_options(ctx, root);
        let max_trajectories = analysis(ctx, root);
        let corridors = self.corridors(ctx, root, &catalog, &broken, max_trajectories);
        let first_launch = corridors
            .first()
            .and_then(|c| c.launches.first())
            .map(|p| p.position);
        let (architecture, radar_types) =
            super::architecture::architecture(ctx, root, &catalog, &broken, &model, first_launch);
        let (forces, raid) = super::raid::raid_tables(ctx, root, &corridor_names(root));
        let scenario = Scenario {
            name,
            title,
            description,
            sources,
            model,
            architecture,
            corridors,
            file_entries,
        };
        // Paths are resolved against the scenario only when the rest of the file is sound.
        let sound = ctx.diags.is_empty();
        let uncertainties = super::uncertain::uncertainties(ctx, root, sound.then_some(&scenario));
        ctx.diags.is_empty().then_some(LoadedScenario {
            scenario,
            radar_types,
            max_trajectories_per_corridor: max_trajectories,
            forces,
            raid,
            uncertainties,
        })
    }
}

/// The `name` of every `[[corridor]]` table that has one, read without diagnostics (the corridor reader reports
/// problems), so that `[[force]]` is checked against the file's corridors even where one of them is broken.
fn corridor_names(root: &Table) -> Vec<String> {
    let Some((_, v)) = root.get("corridor") else {
        return Vec::new();
    };
    let toml::de::DeValue::Array(a) = v.get_ref() else {
        return Vec::new();
    };
    a.iter()
        .filter_map(|e| match e.get_ref() {
            toml::de::DeValue::Table(t) => {
                Table::new(t, 0..0, String::new())
                    .get("name")
                    .and_then(|(_, n)| match n.get_ref() {
                        toml::de::DeValue::String(s) => Some(s.to_string()),
                        _ => None,
                    })
            }
            _ => None,
        })
        .collect()
}

/// One of `options` (as written in the file), or `default`.
fn choice(ctx: &mut Ctx<'_>, t: &Table, key: &str, options: &[&str], default: usize) -> usize {
    let expected = one_of(options);
    let Some((v, span)) = t.string(ctx, key, false, &expected) else {
        return default;
    };
    match options.iter().position(|o| *o == v) {
        Some(i) => i,
        None => {
            ctx.error(
                span,
                format!("unknown {key} {v:?} in {}", t.what),
                expected,
                did_you_mean(&v, options),
            );
            default
        }
    }
}

fn header(ctx: &mut Ctx<'_>, root: &Table) -> (String, String, String, Vec<String>) {
    let Some(t) = root.table(ctx, "scenario", true, "[scenario]") else {
        return Default::default();
    };
    t.check_keys(ctx, schema::SCENARIO);
    const NAME: &str = "a short name of lowercase letters, digits and hyphens (`epaa-phase2-2015`)";
    let name = match t.string(ctx, "name", true, NAME) {
        Some((n, span)) => {
            let ok = !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok {
                let mut fixed = String::new();
                for c in n.trim().to_lowercase().chars() {
                    let c = if c.is_ascii_alphanumeric() { c } else { '-' };
                    if !(c == '-' && (fixed.is_empty() || fixed.ends_with('-'))) {
                        fixed.push(c);
                    }
                }
                let fixed = fixed.trim_end_matches('-').to_string();
                ctx.error(
                    span,
                    format!("scenario name {n:?} is not allowed"),
                    NAME,
                    (!fixed.is_empty()).then(|| format!("try \"{fixed}\"")),
                );
            }
            n
        }
        None => String::new(),
    };
    const TITLE: &str = "a one-line title";
    let title = match t.string(ctx, "title", true, TITLE) {
        Some((s, span)) => {
            if s.trim().is_empty() || s.contains('\n') {
                ctx.error(
                    span,
                    "the scenario title must be one non-empty line",
                    TITLE,
                    Some("put longer text in `description`".into()),
                );
            }
            s
        }
        None => String::new(),
    };
    let description = t
        .string(
            ctx,
            "description",
            false,
            "free text (caveats, assumptions)",
        )
        .map(|(s, _)| s)
        .unwrap_or_default();
    let sources = string_list(
        ctx,
        &t,
        "sources",
        "at least one open source for the architecture: [\"...\", ...]",
    );
    (name, title, description, sources)
}

/// A required, non-empty array of non-empty strings.
fn string_list(ctx: &mut Ctx<'_>, t: &Table, key: &str, expected: &str) -> Vec<String> {
    string_list_spans(ctx, t, key, expected)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

fn model_options(ctx: &mut Ctx<'_>, root: &Table) -> ModelOptions {
    let Some(t) = root.table(ctx, "model", false, "[model]") else {
        return ModelOptions::default();
    };
    t.check_keys(ctx, schema::MODEL);
    let shape =
        [EarthShape::Wgs84, EarthShape::Sphere][choice(ctx, &t, "earth", &["wgs84", "sphere"], 0)];
    let rotation = t
        .boolean(ctx, "rotation", false, "true or false")
        .is_none_or(|(b, _)| b);
    let gravity = [GravityModel::J2, GravityModel::PointMass]
        [choice(ctx, &t, "gravity", &["j2", "point-mass"], 0)];
    let drag = t
        .boolean(ctx, "drag", false, "true or false")
        .is_none_or(|(b, _)| b);
    ModelOptions {
        earth: EarthModel::new(shape, rotation, gravity),
        drag,
    }
}

fn analysis(ctx: &mut Ctx<'_>, root: &Table) -> u64 {
    let Some(t) = root.table(ctx, "analysis", false, "[analysis]") else {
        return DEFAULT_MAX_TRAJECTORIES_PER_CORRIDOR;
    };
    t.check_keys(ctx, schema::ANALYSIS);
    const EXPECTED: &str = "an integer, 1 or more";
    match t.integer(ctx, "max_trajectories_per_corridor", false, EXPECTED) {
        None => DEFAULT_MAX_TRAJECTORIES_PER_CORRIDOR,
        Some((n, span)) => match u64::try_from(n) {
            Ok(n) if n >= 1 => n,
            _ => {
                ctx.error(
                    span,
                    format!("max_trajectories_per_corridor = {n} in [analysis] must be 1 or more"),
                    EXPECTED,
                    None,
                );
                DEFAULT_MAX_TRAJECTORIES_PER_CORRIDOR
            }
        },
    }
}
