//! The raid tables of a scenario file: `[[force]]`, a declared notional force per corridor, and `[raid]`, the
//! defence's generic kill probability and shot doctrine (`docs/scenario.md`; the analysis is
//! `analysis::attrition`, documented in `docs/attrition.md`). Both are optional and change nothing in an
//! assessment; `shieldsim raid` uses them where no flag overrides them.

use std::ops::Range;

use super::fields::check_unique;
use super::reader::{did_you_mean, Ctx, Table};
use super::schema;
use crate::intercept::Doctrine;

/// Most warheads declared for one corridor: more than any state's declared strategic force (the New START limit is
/// 1,550 deployed warheads), and a bound on the raid Monte Carlo's work.
pub const MAX_WARHEADS_PER_CORRIDOR: u32 = 10_000;

/// A declared force on one corridor (`[[force]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct ForceDeclaration {
    /// Corridor name (as in the scenario).
    pub corridor: String,
    /// Warheads, 0 to [`MAX_WARHEADS_PER_CORRIDOR`].
    pub warheads: u32,
    /// Whether the figure is notional (an illustration from open aggregates or a test raid, not a deployment).
    pub notional: bool,
    /// Where the figure comes from.
    pub source: String,
}

/// The defence's side of a raid as a scenario file states it (`[raid]`).
#[derive(Debug, Clone, PartialEq)]
pub struct RaidSpec {
    /// Single-shot kill probability of every interceptor, in (0, 1]: generic.
    pub pk_per_shot: f64,
    /// Where it comes from.
    pub source: String,
    /// Shot doctrine, with its cap per warhead.
    pub doctrine: Doctrine,
}

/// Reads `[[force]]` and `[raid]`; `corridors` are the names of the file's `[[corridor]]` tables.
pub(super) fn raid_tables(
    ctx: &mut Ctx<'_>,
    root: &Table,
    corridors: &[String],
) -> (Vec<ForceDeclaration>, Option<RaidSpec>) {
    let known: Vec<&str> = corridors.iter().map(String::as_str).collect();
    let mut forces = Vec::new();
    let mut names: Vec<(String, Range<usize>)> = Vec::new();
    for t in root.tables(ctx, "force", false, "[[force]]") {
        t.check_keys(ctx, schema::FORCE);
        let corridor = t.string(
            ctx,
            "corridor",
            true,
            "the name of a [[corridor]] of this file",
        );
        if let Some((c, span)) = &corridor {
            if !known.contains(&c.as_str()) {
                ctx.error(
                    span.clone(),
                    format!("unknown corridor `{c}` in [[force]]"),
                    format!("one of this file's corridors: {}", known.join(", ")),
                    did_you_mean(c, &known),
                );
            }
            names.push((c.clone(), span.clone()));
        }
        const WARHEADS: &str = "a whole number of warheads, 0 to 10000";
        let warheads = t
            .integer(ctx, "warheads", true, WARHEADS)
            .and_then(|(n, span)| match u32::try_from(n) {
                Ok(n) if n <= MAX_WARHEADS_PER_CORRIDOR => Some(n),
                _ => {
                    ctx.error(
                        span,
                        if n > i64::from(MAX_WARHEADS_PER_CORRIDOR) {
                            format!("warheads = {n} in [[force]] is too large")
                        } else {
                            format!("warheads = {n} in [[force]] is out of range")
                        },
                        WARHEADS,
                        (n < 0).then(|| "a force cannot have fewer than 0 warheads".to_string()),
                    );
                    None
                }
            });
        let source = t
            .string(
                ctx,
                "source",
                true,
                "the open figure the force comes from (a treaty data exchange, or \"notional test raid\")",
            )
            .map(|(s, _)| s);
        if let Some((false, span)) = t.boolean(ctx, "notional", false, "true") {
            ctx.error(
                span,
                "notional = false in [[force]]: shieldsim declares notional forces only",
                "true (or leave the key out)",
                Some("a figure from an open aggregate or a test raid is notional: set notional = true".into()),
            );
        }
        if let (Some((corridor, _)), Some(warheads), Some(source)) = (corridor, warheads, source) {
            forces.push(ForceDeclaration {
                corridor,
                warheads,
                notional: true,
                source,
            });
        }
    }
    check_unique(ctx, &names, "corridor", "in another [[force]]");
    (forces, raid_settings(ctx, root))
}

fn raid_settings(ctx: &mut Ctx<'_>, root: &Table) -> Option<RaidSpec> {
    let t = root.table(ctx, "raid", false, "[raid]")?;
    t.check_keys(ctx, schema::RAID);
    const PK: &str = "a single-shot kill probability in (0, 1], a generic assumption (e.g. 0.5)";
    let pk = t
        .number(ctx, "pk_per_shot", true, PK)
        .and_then(|(p, span)| {
            if p > 0.0 && p <= 1.0 {
                Some(p)
            } else {
                ctx.error(
                    span,
                    format!(
                        "pk_per_shot = {} in [raid] is not a probability in (0, 1]",
                        crate::text::number(p)
                    ),
                    PK,
                    None,
                );
                None
            }
        });
    let source = t
        .string(
            ctx,
            "source",
            true,
            "where the kill probability comes from (\"generic\", a study, ...)",
        )
        .map(|(s, _)| s);
    let mut doctrine = match t.string(
        ctx,
        "doctrine",
        false,
        "\"sls\", \"salvo:K\" or \"salvo:K,sls\"",
    ) {
        None => Some(Doctrine::SHOOT_LOOK_SHOOT),
        Some((text, span)) => match text.parse::<Doctrine>() {
            Ok(d) => Some(d),
            Err(e) => {
                ctx.error(
                    span,
                    format!("doctrine = {text:?} in [raid] is not a shot doctrine"),
                    e.to_string(),
                    None,
                );
                None
            }
        },
    };
    const CAP: &str = "an integer, 1 or more (at most 4294967295)";
    if let Some((n, span)) = t.integer(ctx, "max_per_warhead", false, CAP) {
        match u32::try_from(n) {
            Ok(n) if n >= 1 => {
                if let Some(d) = doctrine.as_mut() {
                    d.max_per_warhead = Some(n);
                }
            }
            _ => ctx.error(
                span,
                if n > i64::from(u32::MAX) {
                    format!("max_per_warhead = {n} in [raid] is too large")
                } else {
                    format!("max_per_warhead = {n} in [raid] must be 1 or more")
                },
                CAP,
                Some("leave the key out for no cap".into()),
            ),
        }
    }
    Some(RaidSpec {
        pk_per_shot: pk?,
        source: source?,
        doctrine: doctrine?,
    })
}
