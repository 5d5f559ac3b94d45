//! The field readers shared by every part of the scenario loader (`file.rs`, `corridors.rs`, `architecture.rs`,
//! `overrides.rs`): names, latitudes, longitudes, positive numbers, delays, string lists, unknown ids, duplicate
//! names, and the loader's state. A leaf: it imports none of the parts that use it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use toml::de::DeValue;

use super::reader::{article, did_you_mean, type_name, Ctx, Table};
use crate::text::number;

/// Default of `[architecture] decision_delay_s`, s (generic: no open figure for the command-and-control delay).
pub const DEFAULT_DECISION_DELAY_S: f64 = 30.0;

/// Longest delay accepted anywhere in a scenario file (`decision_delay_s`, `early_warning.delay_s`), s: a day.
pub const MAX_DELAY_S: f64 = 86_400.0;

/// Most sample points all areas of one file may produce together: a guard against a file of many huge grids.
pub const MAX_POINTS_PER_FILE: usize = 4_000_000;

/// The catalogue ids whose tables in the file are invalid: references to them are not reported again.
#[derive(Default)]
pub(super) struct Broken {
    pub missiles: HashSet<String>,
    pub interceptors: HashSet<String>,
    pub radars: HashSet<String>,
}

/// The loader's state across tables.
pub(super) struct Loader {
    /// Sample points the file's areas may still produce.
    pub budget: usize,
}

/// Reports every name used twice (at the second use, pointing back to the first): "duplicate {what} ...", "a {what}
/// not used before {scope}".
pub(super) fn check_unique(
    ctx: &mut Ctx<'_>,
    names: &[(String, Range<usize>)],
    what: &str,
    scope: &str,
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (name, span) in names {
        match first.get(name.as_str()) {
            Some(&at) => {
                let line = ctx.line_of(at);
                ctx.error(
                    span.clone(),
                    format!("duplicate {what} `{name}`"),
                    format!("{} {what} not used before {scope}", article(what)),
                    Some(format!("`{name}` is first used on line {line}")),
                );
            }
            None => {
                first.insert(name, span.start);
            }
        }
    }
}

/// The required `name` of a table: a non-empty string without `#` or control characters.
pub(super) fn name_field(ctx: &mut Ctx<'_>, t: &Table) -> Option<(String, Range<usize>)> {
    const EXPECTED: &str = "a non-empty name without `#` (`tabriz`, `deveselu`)";
    let (name, span) = t.string(ctx, "name", true, EXPECTED)?;
    if name.trim().is_empty() || name.contains('#') || name.chars().any(char::is_control) {
        let clean: String = name
            .chars()
            .filter(|c| *c != '#' && !c.is_control())
            .collect();
        ctx.error(
            span,
            format!("the name {name:?} of {} is not allowed", t.what),
            EXPECTED,
            (!clean.trim().is_empty()).then(|| {
                format!(
                    "`#` separates an area's name from its sample number; try {:?}",
                    clean.trim()
                )
            }),
        );
        return None;
    }
    Some((name, span))
}

/// A latitude, degrees.
pub(super) fn latitude(ctx: &mut Ctx<'_>, t: &Table, key: &str, required: bool) -> Option<f64> {
    const EXPECTED: &str = "degrees north in [-90, 90] (south negative)";
    let (v, span) = t.number(ctx, key, required, EXPECTED)?;
    if !v.is_finite() || v.abs() > 90.0 {
        ctx.error(
            span,
            format!("latitude out of range: {key} = {} in {}", number(v), t.what),
            EXPECTED,
            None,
        );
        return None;
    }
    Some(v)
}

/// A longitude, degrees.
pub(super) fn longitude(ctx: &mut Ctx<'_>, t: &Table, key: &str, required: bool) -> Option<f64> {
    const EXPECTED: &str = "degrees east in [-180, 180] (west negative)";
    let (v, span) = t.number(ctx, key, required, EXPECTED)?;
    if !v.is_finite() || v.abs() > 180.0 {
        ctx.error(
            span,
            format!(
                "longitude out of range: {key} = {} in {}",
                number(v),
                t.what
            ),
            EXPECTED,
            (v > 180.0 && v <= 360.0)
                .then(|| format!("west longitudes are negative: {}", v - 360.0)),
        );
        return None;
    }
    Some(v)
}

/// A finite number above 0.
pub(super) fn positive(
    ctx: &mut Ctx<'_>,
    t: &Table,
    key: &str,
    expected: &str,
) -> Option<(f64, Range<usize>)> {
    let (v, span) = t.number(ctx, key, true, expected)?;
    if !v.is_finite() || v <= 0.0 {
        ctx.error(
            span,
            format!("{key} = {} in {} must be above 0", number(v), t.what),
            expected,
            None,
        );
        return None;
    }
    Some((v, span))
}

/// A delay, s: finite, 0 or more, at most [`MAX_DELAY_S`]; `default` if absent.
pub(super) fn delay(ctx: &mut Ctx<'_>, t: &Table, key: &str, default: f64) -> f64 {
    let expected = format!("seconds in [0, {MAX_DELAY_S}]");
    let Some((v, span)) = t.number(ctx, key, false, &expected) else {
        return default;
    };
    if !v.is_finite() || !(0.0..=MAX_DELAY_S).contains(&v) {
        ctx.error(
            span,
            if v < 0.0 {
                format!("negative delay: {key} = {} in {}", number(v), t.what)
            } else {
                format!("delay out of range: {key} = {} in {}", number(v), t.what)
            },
            expected,
            (v < 0.0).then(|| "delays count forward from the event: 0 means at once".into()),
        );
    }
    v
}

/// [`string_list`] with the span of every string.
pub(super) fn string_list_spans(
    ctx: &mut Ctx<'_>,
    t: &Table,
    key: &str,
    expected: &str,
) -> Vec<(String, Range<usize>)> {
    let Some((a, span)) = t.array(ctx, key, true, expected) else {
        return Vec::new();
    };
    if a.is_empty() {
        ctx.error(
            span,
            format!("`{key}` in {} is empty", t.what),
            expected,
            None,
        );
    }
    let mut out = Vec::new();
    for v in a.iter() {
        match v.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => out.push((s.to_string(), v.span())),
            DeValue::String(_) => ctx.error(
                v.span(),
                format!("an empty string in `{key}` of {}", t.what),
                expected,
                None,
            ),
            other => ctx.error(
                v.span(),
                format!(
                    "an element of `{key}` in {} is {}",
                    t.what,
                    type_name(other)
                ),
                expected,
                None,
            ),
        }
    }
    out
}

/// `unknown <kind> id` with the nearest id, or the list of ids when none is near.
pub(super) fn unknown_id(
    ctx: &mut Ctx<'_>,
    span: Range<usize>,
    kind: &str,
    id: &str,
    ids: &[&str],
) {
    let hint =
        did_you_mean(id, ids).or_else(|| Some(format!("known {kind} ids: {}", ids.join(", "))));
    ctx.error(
        span,
        format!("unknown {kind} id `{id}`"),
        format!(
            "{} {kind} id of the catalogue (`shieldsim catalog {kind}s`) or of {} [[{kind}]] table in this file",
            article(kind),
            article(kind)
        ),
        hint,
    );
}
