//! Catalogue tables of a scenario file (`[[missile]]`, `[[interceptor]]`, `[[radar]]`): checked key by key, read by
//! the catalogue's own schema, run through the engine's physical validation (an error points at the offending key)
//! and added to, or substituted in, the catalogue the scenario resolves its ids against.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::de::{DeValue, ValueDeserializer};

use super::fields::{check_unique, Broken};
use super::model::FileEntry;
use super::reader::{type_name, Ctx, Table, Value};
use super::schema::{self, EntrySchema};
use crate::catalog::{Catalog, InterceptorEntry, MissileEntry, RadarEntry};
use crate::flight::FlightError;
use crate::sensors::SensorError;

/// Catalogue kinds a file may add or override.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Missile,
    Interceptor,
    Radar,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Missile => "missile",
            Kind::Interceptor => "interceptor",
            Kind::Radar => "radar",
        }
    }

    fn schema(self) -> EntrySchema {
        match self {
            Kind::Missile => schema::missile_schema(),
            Kind::Interceptor => schema::interceptor_schema(),
            Kind::Radar => schema::radar_schema(),
        }
    }
}

/// The catalogue with the file's `[[missile]]`, `[[interceptor]]` and `[[radar]]` tables added or substituted, the
/// ids of the invalid ones, and where the valid ones are.
pub(super) fn catalogue_tables(
    ctx: &mut Ctx<'_>,
    root: &Table,
    base: &Catalog,
) -> (Catalog, Broken, Vec<FileEntry>) {
    let mut catalog = base.clone();
    let mut broken = Broken::default();
    let mut file_entries = Vec::new();
    for kind in [Kind::Missile, Kind::Interceptor, Kind::Radar] {
        let key = kind.key();
        let Some((_, v)) = root.get(key) else {
            continue;
        };
        let DeValue::Array(a) = v.get_ref() else {
            ctx.error(
                v.span(),
                format!("`{key}` cannot be {}", type_name(v.get_ref())),
                format!("[[{key}]] tables, each a catalogue entry"),
                None,
            );
            continue;
        };
        let schema = kind.schema();
        let mut ids = Vec::new();
        for e in a.iter() {
            let DeValue::Table(entries) = e.get_ref() else {
                ctx.error(
                    e.span(),
                    format!("an element of `{key}` is {}", type_name(e.get_ref())),
                    format!("a [[{key}]] table"),
                    None,
                );
                continue;
            };
            let t = Table::new(entries, e.span(), format!("[[{key}]]"));
            let id = match t.get("id") {
                Some((_, v)) => match v.get_ref() {
                    DeValue::String(s) => Some((s.to_string(), v.span())),
                    _ => None,
                },
                None => None,
            };
            let t = match &id {
                Some((id, _)) => t.named(format!("[[{key}]] `{id}`")),
                None => t,
            };
            let before = ctx.diags.len();
            check_entry_keys(ctx, &t, &schema);
            if ctx.diags.len() == before {
                match kind {
                    Kind::Missile => {
                        if let Some(m) = entry::<MissileEntry>(ctx, e, &t.what, key) {
                            let checked = m.to_missile().map_err(Invalid::Flight).and_then(|_| {
                                m.signature().validate(&m.id).map_err(Invalid::Sensor)
                            });
                            match checked {
                                Ok(()) => upsert(&mut catalog.missiles, m, |x| &x.id),
                                Err(err) => invalid_entry(ctx, e, &t.what, err),
                            }
                        }
                    }
                    Kind::Interceptor => {
                        if let Some(m) = entry::<InterceptorEntry>(ctx, e, &t.what, key) {
                            match m.validate() {
                                Ok(()) => upsert(&mut catalog.interceptors, m, |x| &x.id),
                                Err(err) => invalid_entry(ctx, e, &t.what, Invalid::Flight(err)),
                            }
                        }
                    }
                    Kind::Radar => {
                        if let Some(m) = entry::<RadarEntry>(ctx, e, &t.what, key) {
                            match m.validate() {
                                Ok(()) => upsert(&mut catalog.radars, m, |x| &x.id),
                                Err(err) => invalid_entry(ctx, e, &t.what, Invalid::Sensor(err)),
                            }
                        }
                    }
                }
            }
            if let Some((id, span)) = id {
                if ctx.diags.len() != before {
                    match kind {
                        Kind::Missile => &mut broken.missiles,
                        Kind::Interceptor => &mut broken.interceptors,
                        Kind::Radar => &mut broken.radars,
                    }
                    .insert(id.clone());
                } else {
                    let at = ctx.src.diagnostic(span.clone(), "", "", None);
                    file_entries.push(FileEntry {
                        kind: key,
                        id: id.clone(),
                        location: format!("{}:{}:{}", at.file, at.line, at.column),
                    });
                }
                ids.push((id, span));
            }
        }
        check_unique(ctx, &ids, &format!("[[{key}]] id"), "in this file");
    }
    (catalog, broken, file_entries)
}

/// Replaces the entry with the same id, or appends.
fn upsert<T>(entries: &mut Vec<T>, new: T, id: impl Fn(&T) -> &String) {
    match entries.iter().position(|e| id(e) == id(&new)) {
        Some(i) => entries[i] = new,
        None => entries.push(new),
    }
}

/// Reports every unknown key of a catalogue entry and of its sub-tables.
fn check_entry_keys(ctx: &mut Ctx<'_>, t: &Table, schema: &EntrySchema) {
    t.check_keys(ctx, schema.keys);
    for (child, keys) in &schema.children {
        let Some((_, v)) = t.get(child) else {
            continue;
        };
        let what = format!("`{child}` of {}", t.what);
        let tables: Vec<&Value> = match v.get_ref() {
            DeValue::Table(_) => vec![v],
            DeValue::Array(a) => a.iter().collect(),
            _ => Vec::new(),
        };
        for sub in tables {
            if let DeValue::Table(entries) = sub.get_ref() {
                Table::new(entries, sub.span(), what.clone()).check_keys(ctx, keys);
            }
        }
    }
}

/// A catalogue entry deserialised by the catalogue's own schema, or the first error reported.
fn entry<T: DeserializeOwned>(ctx: &mut Ctx<'_>, v: &Value, what: &str, key: &str) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(v.clone())) {
        Ok(t) => Some(t),
        Err(e) => {
            let span = e.span().filter(|s| !s.is_empty()).unwrap_or(v.span());
            let message = e
                .message()
                .trim()
                .replace("missing field", "missing key")
                .replace('\n', " ");
            ctx.error(
                span,
                format!("{message} in {what}"),
                format!(
                    "a catalogue {key} entry, as in crates/shieldsim/catalog/{key}s.toml (docs/scenario.md lists \
                     its keys)"
                ),
                None,
            );
            None
        }
    }
}

enum Invalid {
    Flight(FlightError),
    Sensor(SensorError),
}

/// Reports an impossible catalogue entry at the offending key.
fn invalid_entry(ctx: &mut Ctx<'_>, v: &Value, what: &str, err: Invalid) {
    let (field, value, expected) = match err {
        Invalid::Flight(FlightError::InvalidInput {
            field,
            value,
            expected,
        })
        | Invalid::Sensor(SensorError::InvalidInput {
            field,
            value,
            expected,
        }) => (field, value, expected),
        Invalid::Flight(other) => {
            ctx.error(v.span(), format!("{what}: {other}"), "", None);
            return;
        }
    };
    // The engine names the field `<id>: stage 2 burn_time_s` or `radar <id> max_range_km`: drop the id, the
    // message names the entry.
    let key = field
        .split_once(": ")
        .map(|(_, k)| k.to_string())
        .or_else(|| {
            field
                .strip_prefix("radar ")
                .and_then(|r| r.split_once(' '))
                .map(|(_, k)| k.to_string())
        })
        .unwrap_or_else(|| field.clone());
    // A number (with its unit) reads `key = value`; a description (`both given (...)`) reads `key: value`.
    let numeric = value
        .trim_start_matches(['-', '+', '['])
        .starts_with(|c: char| c.is_ascii_digit() || c == 'i' || c == 'N');
    let message = if numeric {
        format!("{key} = {value} is physically impossible in {what}")
    } else {
        format!("{key}: {value} in {what}")
    };
    // The engine says "the lowest altitude must be a finite number above 0"; the diagnostic prints "expected a finite
    // number above 0".
    let expected = expected
        .split_once("must be ")
        .map_or(expected.as_str(), |(_, allowed)| allowed);
    ctx.error(locate(v, &field), message, expected, hint_for(&key));
}

/// What to try for an impossible catalogue value, by the key the engine names: typical values of the open
/// literature.
fn hint_for(key: &str) -> Option<String> {
    let last = key.rsplit(' ').next().unwrap_or(key);
    let hint = match last {
        "isp_vac_s" | "thrust" | "thrust_vac_kn" => {
            "rocket motors have vacuum specific impulses of about 230-300 s (solid, storable liquid) and at most \
             about 460 s (hydrogen-oxygen); check isp_vac_s, thrust_vac_kn, burn_time_s and propellant_mass_kg"
        }
        "burn_time_s" => {
            "ballistic-missile and interceptor stages burn for seconds to a few minutes (about 5-180 s)"
        }
        "max_flight_time_s" => "interceptor fly-outs last minutes (about 100-1500 s)",
        "diameter_m" => "a stage's diameter is its body's, in metres (about 0.3-3 m)",
        "propellant_mass_kg" | "gross_mass_kg" => {
            "stages hold about 80-95 % of their gross mass as propellant"
        }
        _ => return None,
    };
    Some(hint.to_string())
}

/// The span of the key an engine error names (`sm3: stage 2 propellant_mass_kg`, `radar x max_range_km`, `id:
/// payload beta_kg_m2`): the value of that key in the entry (in the named stage), else the entry.
fn locate(entry: &Value, field: &str) -> Range<usize> {
    let tokens: Vec<&str> = field.split_whitespace().collect();
    let mut scope = entry;
    if let Some(i) = tokens.iter().position(|t| *t == "stage") {
        let n = tokens
            .get(i + 1)
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(1);
        if let Some(stage) = entry
            .get_ref()
            .get("stage")
            .and_then(|s| s.get_ref().get(n.saturating_sub(1)))
        {
            scope = stage;
        }
    }
    for token in tokens.iter().rev() {
        let keys: Vec<&str> = match *token {
            "reference_area_m2" => vec!["diameter_m"],
            "isp_vac_s" | "thrust" => vec!["isp_vac_s", "thrust_vac_kn"],
            "drag" | "coefficient" => vec!["drag_coefficient", "cd_mach"],
            t => vec![t],
        };
        for k in keys {
            if let Some(span) = find_key(scope, k, 2) {
                return span;
            }
        }
    }
    scope.span()
}

/// The span of the value of `key` in `v` or, up to `depth` levels down, in its sub-tables and arrays of tables.
fn find_key(v: &Value, key: &str, depth: usize) -> Option<Range<usize>> {
    match v.get_ref() {
        DeValue::Table(t) => {
            if let Some((_, found)) = t.iter().find(|(k, _)| k.get_ref().as_ref() == key) {
                return Some(found.span());
            }
            if depth == 0 {
                return None;
            }
            t.iter().find_map(|(_, sub)| find_key(sub, key, depth - 1))
        }
        DeValue::Array(a) if depth > 0 => a.iter().find_map(|sub| find_key(sub, key, depth - 1)),
        _ => None,
    }
}
