//! The `[[uncertainty]]` tables of a scenario file: a scenario parameter (by path, as `shieldsim sweep NAME --list`
//! shows them) with a probability distribution and its source, for Monte Carlo studies
//! (`analysis::uncertainty`). They change nothing in a plain assessment.
//!
//! Read last, once the scenario is built: a path is resolved against the scenario the file describes (an unknown
//! path is reported with the nearest valid one). Whether the parameter can take every value the distribution reaches
//! (no negative delay, no burn-out speed below the boost's losses) is checked when a study runs, which reports the
//! table's file, line and column ([`FileUncertainty::location`]): setting a burn-out speed flies the booster, too
//! slow a check for every load of a file.

use std::ops::Range;

use super::distribution::{Distribution, UncertainParam};
use super::fields::check_unique;
use super::model::Scenario;
use super::params::{ParamError, ParamPath};
use super::reader::{did_you_mean, one_of, Ctx, Table};
use super::schema;

/// An `[[uncertainty]]` table of a scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileUncertainty {
    /// The parameter, its distribution and source.
    pub param: UncertainParam,
    /// Where the table's `path` is: `FILE:LINE:COLUMN`.
    pub location: String,
}

const DISTRIBUTIONS: [&str; 3] = ["uniform", "triangular", "normal"];

/// The keys each distribution takes, required first.
fn keys_of(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "uniform" => (&["min", "max"], &[]),
        "triangular" => (&["min", "mode", "max"], &[]),
        _ => (&["mean", "sd"], &["min", "max"]),
    }
}

/// The file's `[[uncertainty]]` tables. `scenario` is the scenario the file describes, `None` when it has other
/// problems (then the paths are not resolved: an unknown path there could be a consequence of them).
pub(super) fn uncertainties(
    ctx: &mut Ctx<'_>,
    root: &Table,
    scenario: Option<&Scenario>,
) -> Vec<FileUncertainty> {
    let mut out = Vec::new();
    let mut paths: Vec<(String, Range<usize>)> = Vec::new();
    for t in root.tables(ctx, "uncertainty", false, "[[uncertainty]]") {
        t.check_keys(ctx, schema::UNCERTAINTY);
        const PATH: &str = "a parameter path such as `rules.decision_delay_s` or \
                            `interceptors.gbi-2stage.burnout_speed_mps` (`shieldsim sweep SCENARIO --list` lists them)";
        let path = t.string(ctx, "path", true, PATH);
        let t = match &path {
            Some((p, _)) => t.named(format!("[[uncertainty]] `{p}`")),
            None => t,
        };
        let kind = t.string(
            ctx,
            "distribution",
            true,
            &format!("one of {}", one_of(&DISTRIBUTIONS)),
        );
        const SOURCE: &str =
            "where the distribution comes from (a publication, or \"generic\" with why)";
        let source = match t.string(ctx, "source", true, SOURCE) {
            Some((s, span)) if s.trim().is_empty() => {
                ctx.error(span, format!("empty `source` in {}", t.what), SOURCE, None);
                None
            }
            other => other.map(|(s, _)| s),
        };
        let dist = kind.and_then(|(kind, span)| distribution(ctx, &t, &kind, span));
        let (Some((path, path_span)), Some(dist), Some(source)) = (path, dist, source) else {
            continue;
        };
        paths.push((path.clone(), path_span.clone()));
        let Some(scenario) = scenario else {
            continue;
        };
        match ParamPath::parse(&path, scenario) {
            Ok(p) => {
                let at = ctx.src.diagnostic(path_span, "", "", None);
                out.push(FileUncertainty {
                    param: UncertainParam {
                        path: p,
                        dist,
                        source,
                    },
                    location: format!("{}:{}:{}", at.file, at.line, at.column),
                });
            }
            Err(e) => {
                let (why, hint) = match &e {
                    ParamError::Unknown { why, hint, .. } => (why.clone(), hint.clone()),
                    other => (other.to_string(), None),
                };
                ctx.error(
                    path_span,
                    format!("unknown parameter `{path}` in [[uncertainty]]: {why}"),
                    PATH,
                    hint.map(|h| format!("did you mean `{h}`?")),
                );
            }
        }
    }
    check_unique(
        ctx,
        &paths,
        "uncertain parameter",
        "among the [[uncertainty]] tables (one distribution per parameter)",
    );
    out
}

/// The distribution of a table whose `distribution` is `kind` (at `span`), reporting unknown kinds, missing or
/// misplaced keys and empty distributions at the key concerned.
fn distribution(
    ctx: &mut Ctx<'_>,
    t: &Table,
    kind: &str,
    span: Range<usize>,
) -> Option<Distribution> {
    if !DISTRIBUTIONS.contains(&kind) {
        ctx.error(
            span,
            format!("unknown distribution {kind:?} in {}", t.what),
            format!("one of {}", one_of(&DISTRIBUTIONS)),
            did_you_mean(kind, &DISTRIBUTIONS),
        );
        return None;
    }
    let (required, optional) = keys_of(kind);
    let mut ok = true;
    for key in ["min", "max", "mode", "mean", "sd"] {
        if required.contains(&key) || optional.contains(&key) {
            continue;
        }
        if let Some((key_span, _)) = t.get(key) {
            ctx.error(
                key_span,
                format!(
                    "`{key}` does not apply to a {kind} distribution ({})",
                    t.what
                ),
                format!(
                    "the keys of a {kind} distribution: {}",
                    one_of(&[required, optional].concat())
                ),
                None,
            );
            ok = false;
        }
    }
    let expected = "a number in the unit of the path's suffix";
    let mut missing = false;
    let mut value = |key: &str| -> Option<(f64, Range<usize>)> {
        let required = required.contains(&key);
        let got = t.number(ctx, key, required, expected);
        missing |= required && got.is_none();
        got
    };
    let (min, max, mode, mean, sd) = (
        value("min"),
        value("max"),
        value("mode"),
        value("mean"),
        value("sd"),
    );
    if !ok || missing {
        return None;
    }
    let v = |x: &Option<(f64, Range<usize>)>| x.as_ref().map(|(v, _)| *v);
    let d = match kind {
        "uniform" => Distribution::Uniform {
            min: v(&min)?,
            max: v(&max)?,
        },
        "triangular" => Distribution::Triangular {
            min: v(&min)?,
            mode: v(&mode)?,
            max: v(&max)?,
        },
        _ => Distribution::Normal {
            mean: v(&mean)?,
            sd: v(&sd)?,
            min: v(&min),
            max: v(&max),
        },
    };
    if let Err(why) = d.validate() {
        // Point at the key the problem is about.
        let at = [
            ("sd", &sd),
            ("mode", &mode),
            ("max", &max),
            ("min", &min),
            ("mean", &mean),
        ]
        .into_iter()
        .find(|(k, x)| why.contains(k) && x.is_some())
        .and_then(|(_, x)| x.as_ref().map(|(_, s)| s.clone()))
        .unwrap_or_else(|| t.span.clone());
        ctx.error(
            at,
            format!("{} in {}: {why}", d.name(), t.what),
            match kind {
                "uniform" => "min < max",
                "triangular" => "min <= mode <= max with min < max",
                _ => "sd above 0, and min < max when both are given",
            },
            None,
        );
        return None;
    }
    Some(d)
}
