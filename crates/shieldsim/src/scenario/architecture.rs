//! The defence of a scenario file: `[architecture]` timelines, early warning, radars (placed and pointed; the
//! default boresight faces the first launch point of the first corridor) and interceptor sites.

use std::ops::Range;

use super::fields::{
    check_unique, delay, latitude, longitude, name_field, string_list_spans, unknown_id, Broken,
    DEFAULT_DECISION_DELAY_S, MAX_DELAY_S,
};
use super::model::{ArchitectureSpec, LinkSpec, ModelOptions, SiteSpec};
use super::reader::{did_you_mean, one_of, Ctx, Table};
use super::schema;
use crate::catalog::{Catalog, RadarEntry};
use crate::earth::Geodetic;
use crate::intercept::{LaunchRule, Link, LinkKind, SensorRole};
use crate::sensors::{EarlyWarning, SensorError};
use crate::text::number;

/// Why `launch_on_remote = true` was replaced, for its diagnostic.
const LAUNCH_ON_REMOTE_GONE: &str = "`launch_on_remote = true` let any fire-control radar anywhere commit every \
site and let no early-warning radar ever commit one; who may launch on whose track is now declared with \
[[architecture.link]] tables (and `role` on radars)";

/// The `[architecture]` table: the defence and the catalogue type of each radar.
pub(super) fn architecture(
    ctx: &mut Ctx<'_>,
    root: &Table,
    catalog: &Catalog,
    broken: &Broken,
    model: &ModelOptions,
    first_launch: Option<Geodetic>,
) -> (ArchitectureSpec, Vec<String>) {
    let mut spec = ArchitectureSpec {
        radars: Vec::new(),
        early_warning: Some(EarlyWarning::default()),
        sites: Vec::new(),
        decision_delay_s: DEFAULT_DECISION_DELAY_S,
        roles: Vec::new(),
        links: Vec::new(),
    };
    let mut radar_types = Vec::new();
    let Some(t) = root.table(ctx, "architecture", true, "[architecture]") else {
        return (spec, radar_types);
    };
    t.check_keys(ctx, schema::ARCHITECTURE);
    spec.decision_delay_s = delay(ctx, &t, "decision_delay_s", DEFAULT_DECISION_DELAY_S);
    let old_launch_on_remote = t
        .boolean(
            ctx,
            "launch_on_remote",
            false,
            "false, or [[architecture.link]] tables",
        )
        .filter(|(b, _)| *b)
        .map(|(_, span)| span);
    spec.early_warning = match t.table(ctx, "early_warning", false, "[architecture.early_warning]")
    {
        None => None,
        Some(ew) => {
            ew.check_keys(ctx, schema::EARLY_WARNING);
            let enabled = ew
                .boolean(ctx, "enabled", false, "true or false")
                .is_none_or(|(b, _)| b);
            let d = delay(ctx, &ew, "delay_s", EarlyWarning::GENERIC_DELAY_S);
            enabled.then_some(EarlyWarning {
                detection_delay_s: d,
            })
        }
    };

    let radar_ids: Vec<&str> = catalog.radars.iter().map(|r| r.id.as_str()).collect();
    let mut names = Vec::new();
    for r in t.tables(ctx, "radar", false, "[[architecture.radar]]") {
        let name = name_field(ctx, &r);
        let r = match &name {
            Some((n, _)) => r.named(format!("[[architecture.radar]] `{n}`")),
            None => r,
        };
        r.check_keys(ctx, schema::RADAR);
        let kind = r.string(
            ctx,
            "type",
            true,
            "a radar id of the catalogue (`shieldsim catalog radars`) or of a [[radar]] table in this file",
        );
        let lat = latitude(ctx, &r, "lat_deg", true);
        let lon = longitude(ctx, &r, "lon_deg", true);
        let alt = r.number(
            ctx,
            "alt_m",
            false,
            "height above the ellipsoid, m, in [-11000, 100000]",
        );
        if let Some((a, span)) = &alt {
            if !a.is_finite() || !(-11_000.0..=100_000.0).contains(a) {
                ctx.error(
                    span.clone(),
                    format!("alt_m = {} in {} is out of range", number(*a), r.what),
                    "height above the ellipsoid, m, in [-11000, 100000]",
                    (*a > 100_000.0 && *a <= 1e8)
                        .then(|| "the height is in metres, not feet or km".into()),
                );
            }
        }
        let boresight = r.number(
            ctx,
            "boresight_azimuth_deg",
            false,
            "degrees clockwise from north",
        );
        if let Some((b, span)) = &boresight {
            if !b.is_finite() {
                ctx.error(
                    span.clone(),
                    format!(
                        "boresight_azimuth_deg = {} in {} is not finite",
                        number(*b),
                        r.what
                    ),
                    "degrees clockwise from north",
                    None,
                );
            }
        }
        let _ = r.string(ctx, "source", false, "where the site comes from (text)");
        let role = role_field(ctx, &r);
        if let Some((n, span)) = &name {
            names.push((n.clone(), span.clone()));
        }
        let Some((kind, kind_span)) = kind else {
            continue;
        };
        let entry: Option<&RadarEntry> = catalog.radars.iter().find(|e| e.id == kind);
        let entry = match entry {
            Some(e) => e,
            None => {
                if !broken.radars.contains(&kind) {
                    unknown_id(ctx, kind_span, "radar", &kind, &radar_ids);
                }
                continue;
            }
        };
        let (Some((name, _)), Some(lat), Some(lon)) = (name, lat, lon) else {
            continue;
        };
        let site = Geodetic::from_degrees(lat, lon, alt.map_or(0.0, |(a, _)| a));
        let boresight_rad = match boresight {
            Some((b, _)) => b.to_radians(),
            None => first_launch.map_or(0.0, |p| model.earth.distance_azimuth(&site, &p).1),
        };
        match entry.to_radar(site, boresight_rad) {
            Ok(mut radar) => {
                radar.id = name;
                spec.roles
                    .push(role.unwrap_or_else(|| SensorRole::default_for(&radar)));
                spec.radars.push(radar);
                radar_types.push(kind);
            }
            Err(SensorError::InvalidInput {
                field,
                value,
                expected,
            }) => {
                let key = field.rsplit(' ').next().unwrap_or("");
                let span = r.value_span(key).unwrap_or(kind_span);
                ctx.error(
                    span,
                    format!("{field} = {value} is impossible in {}", r.what),
                    expected,
                    None,
                );
            }
        }
    }
    check_unique(ctx, &names, "radar name", "among the radars");
    let radar_names = names;

    let interceptor_ids: Vec<&str> = catalog.interceptors.iter().map(|e| e.id.as_str()).collect();
    let mut names = Vec::new();
    for s in t.tables(ctx, "site", true, "[[architecture.site]]") {
        let name = name_field(ctx, &s);
        let s = match &name {
            Some((n, _)) => s.named(format!("[[architecture.site]] `{n}`")),
            None => s,
        };
        s.check_keys(ctx, schema::SITE);
        let interceptor = s.string(
            ctx,
            "interceptor",
            true,
            "an interceptor id of the catalogue (`shieldsim catalog interceptors`) or of an [[interceptor]] \
             table in this file",
        );
        let lat = latitude(ctx, &s, "lat_deg", true);
        let lon = longitude(ctx, &s, "lon_deg", true);
        const INVENTORY: &str = "a whole number of interceptors, 1 or more (at most 4294967295)";
        let inventory = match s.integer(ctx, "inventory", false, INVENTORY) {
            None => Some(1),
            Some((n, span)) => match u32::try_from(n) {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    ctx.error(
                        span,
                        if n > i64::from(u32::MAX) {
                            format!("inventory = {n} in {} is too large", s.what)
                        } else {
                            format!("inventory = {n} in {} must be 1 or more", s.what)
                        },
                        INVENTORY,
                        (n == 0)
                            .then(|| "a site without interceptors is no site: remove it".into()),
                    );
                    None
                }
            },
        };
        let _ = s.string(ctx, "source", false, "where the site comes from (text)");
        let launch_rule = launch_rule_field(ctx, &s, spec.early_warning.is_some());
        if let Some((n, span)) = &name {
            names.push((n.clone(), span.clone()));
        }
        let Some((id, id_span)) = interceptor else {
            continue;
        };
        let spec_of = match catalog.interceptors.iter().find(|e| e.id == id) {
            Some(e) => e.to_spec(),
            None => {
                if !broken.interceptors.contains(&id) {
                    unknown_id(ctx, id_span, "interceptor", &id, &interceptor_ids);
                }
                continue;
            }
        };
        let interceptor = match spec_of {
            Ok(i) => i,
            Err(e) => {
                ctx.error(id_span, format!("interceptor `{id}`: {e}"), "", None);
                continue;
            }
        };
        if let (Some((name, _)), Some(lat), Some(lon), Some(inventory)) =
            (name, lat, lon, inventory)
        {
            spec.sites.push(SiteSpec {
                name,
                position: Geodetic::from_degrees(lat, lon, 0.0),
                interceptor,
                inventory,
                launch_rule: launch_rule.unwrap_or_default(),
            });
        }
    }
    check_unique(ctx, &names, "site name", "among the sites");
    let site_names = names;

    let mut link_names = Vec::new();
    for l in t.tables(ctx, "link", false, "[[architecture.link]]") {
        let name = name_field(ctx, &l);
        let l = match &name {
            Some((n, _)) => l.named(format!("[[architecture.link]] `{n}`")),
            None => l,
        };
        l.check_keys(ctx, schema::LINK);
        let link = link_table(ctx, &l, &spec, &radar_names, &site_names);
        if let Some((n, span)) = name {
            if let Some(link) = link {
                spec.links.push(LinkSpec {
                    link: Link {
                        name: n.clone(),
                        ..link.link
                    },
                    ..link
                });
            }
            link_names.push((n, span));
        }
    }
    check_unique(ctx, &link_names, "link name", "among the links");

    if let Some(span) = old_launch_on_remote {
        old_launch_on_remote_error(ctx, span, &spec);
    }
    (spec, radar_types)
}

/// `role = "..."` of a radar, if given and valid.
fn role_field(ctx: &mut Ctx<'_>, r: &Table) -> Option<SensorRole> {
    let names: Vec<&str> = SensorRole::ALL.iter().map(|r| r.name()).collect();
    let expected = format!(
        "{} (default: fire-control if the catalogue type is a fire-control radar, else cue)",
        one_of(&names)
    );
    let (v, span) = r.string(ctx, "role", false, &expected)?;
    let role = SensorRole::from_name(&v);
    if role.is_none() {
        ctx.error(
            span,
            format!("unknown role {v:?} in {}", r.what),
            expected,
            did_you_mean(&v, &names),
        );
    }
    role
}

/// `launch_rule` and `launch_time_s` of a site, if valid.
fn launch_rule_field(ctx: &mut Ctx<'_>, s: &Table, early_warning: bool) -> Option<LaunchRule> {
    let expected = format!("{} (default: track)", one_of(&LaunchRule::NAMES));
    let rule = s.string(ctx, "launch_rule", false, &expected);
    let time_expected = format!("seconds in [0, {MAX_DELAY_S}]");
    let time = s.number(ctx, "launch_time_s", false, &time_expected);
    let (name, rule_span) = match &rule {
        Some((v, span)) => (v.as_str(), Some(span.clone())),
        None => ("track", None),
    };
    if !LaunchRule::NAMES.contains(&name) {
        let span = rule_span.unwrap_or(s.span.clone());
        ctx.error(
            span,
            format!("unknown launch_rule {name:?} in {}", s.what),
            expected,
            did_you_mean(name, &LaunchRule::NAMES),
        );
        return None;
    }
    let scheduled = LaunchRule::is_scheduled(name);
    let mut ok = true;
    match (&time, scheduled) {
        (None, true) => {
            ctx.error(
                rule_span.clone().unwrap_or(s.span.clone()),
                format!("launch_rule {name:?} in {} needs `launch_time_s`", s.what),
                format!("`launch_time_s = ...`: {time_expected} after {}", if name == "after-burnout" { "the threat's burn-out" } else { "the threat's launch" }),
                Some("add e.g. `launch_time_s = 60.0`: the interceptor lifts off then, with no further delay".into()),
            );
            ok = false;
        }
        (Some((_, span)), false) => {
            ctx.error(
                span.clone(),
                format!("launch_time_s in {} is given for the launch_rule {name:?}, which launches on a track or cue", s.what),
                "no launch_time_s, or a scheduled launch_rule",
                Some("set `launch_rule = \"after-threat-launch\"` or `\"after-burnout\"` to launch at a stated time, or remove launch_time_s".into()),
            );
            ok = false;
        }
        (Some((v, span)), true) if !v.is_finite() || !(0.0..=MAX_DELAY_S).contains(v) => {
            ctx.error(
                span.clone(),
                if *v < 0.0 {
                    format!("negative launch time: launch_time_s = {} in {}", number(*v), s.what)
                } else {
                    format!("launch time out of range: launch_time_s = {} in {}", number(*v), s.what)
                },
                time_expected,
                (*v < 0.0).then(|| "the time counts forward from the threat's launch or burn-out: 0 means at that moment".into()),
            );
            ok = false;
        }
        _ => {}
    }
    if name == "space-cue" && !early_warning {
        ctx.error(
            rule_span.clone().unwrap_or(s.span.clone()),
            format!("launch_rule \"space-cue\" in {} needs space-based early warning, and the scenario has none", s.what),
            "a launch rule other than space-cue, or [architecture.early_warning] enabled",
            Some("set `enabled = true` in [architecture.early_warning], or use `launch_rule = \"track\"`".into()),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    LaunchRule::from_name(name, time.map(|(v, _)| v))
}

/// Resolves the names of a link's `sensors` or `sites` to indices; reports unknown names with the nearest name.
fn resolve(
    ctx: &mut Ctx<'_>,
    l: &Table,
    key: &str,
    what: &str,
    listed: &[(String, Range<usize>)],
    valid: &[&str],
) -> Vec<(usize, Range<usize>)> {
    let declared: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    let expected = format!("names of [[architecture.{what}]] tables of this file");
    let mut out = Vec::new();
    for (n, span) in string_list_spans(ctx, l, key, &expected) {
        match valid.iter().position(|v| *v == n) {
            Some(i) => out.push((i, span)),
            None if declared.contains(&n.as_str()) => {} // declared but invalid: reported there
            None => {
                let hint = did_you_mean(&n, &declared).or_else(|| {
                    Some(if declared.is_empty() {
                        format!("the file declares no {what}")
                    } else {
                        format!("the {what}s of this file: {}", declared.join(", "))
                    })
                });
                ctx.error(
                    span,
                    format!("unknown {what} `{n}` in `{key}` of {}", l.what),
                    expected.clone(),
                    hint,
                );
            }
        }
    }
    out
}

/// One `[[architecture.link]]` table.
fn link_table(
    ctx: &mut Ctx<'_>,
    l: &Table,
    spec: &ArchitectureSpec,
    radar_names: &[(String, Range<usize>)],
    site_names: &[(String, Range<usize>)],
) -> Option<LinkSpec> {
    let kinds: Vec<&str> = LinkKind::ALL.iter().map(|k| k.name()).collect();
    let kind_expected = format!(
        "{}: engage-on-remote lets the linked sensors commit and guide, launch-on-remote only commit (the \
         site's own radar guides)",
        one_of(&kinds)
    );
    let kind = match l.string(ctx, "kind", true, &kind_expected) {
        Some((k, span)) => {
            let kind = LinkKind::from_name(&k);
            if kind.is_none() {
                ctx.error(
                    span,
                    format!("unknown link kind {k:?} in {}", l.what),
                    kind_expected,
                    did_you_mean(&k, &kinds),
                );
            }
            kind
        }
        None => None,
    };
    let radar_ids: Vec<&str> = spec.radars.iter().map(|r| r.id.as_str()).collect();
    let site_ids: Vec<&str> = spec.sites.iter().map(|s| s.name.as_str()).collect();
    let sensors = resolve(ctx, l, "sensors", "radar", radar_names, &radar_ids);
    let sites = resolve(ctx, l, "sites", "site", site_names, &site_ids);
    for (k, span) in &sensors {
        if !spec.roles[*k].can_commit() {
            ctx.error(
                span.clone(),
                format!(
                    "radar `{}` in `sensors` of {} has role cue: a sensor that commits nothing",
                    radar_ids[*k],
                    l.what
                ),
                "sensors of role commit or fire-control",
                Some(format!(
                    "if its track can commit launches (an upgraded early-warning radar of the ground-based \
                     midcourse system, for instance), add `role = \"commit\"` to its [[architecture.radar]] table; \
                     else remove `{}` from the link (every radar cues the others anyway)",
                    radar_ids[*k]
                )),
            );
        }
    }
    let source = l
        .string(ctx, "source", true, "the open source of the link (text)")
        .map(|(s, _)| s);
    let note = l
        .string(ctx, "note", false, "a remark (text)")
        .map(|(s, _)| s)
        .unwrap_or_default();
    let dedup = |v: Vec<(usize, Range<usize>)>| {
        let mut out: Vec<usize> = Vec::new();
        for (i, _) in v {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    };
    Some(LinkSpec {
        link: Link {
            name: String::new(),
            kind: kind?,
            sensors: dedup(sensors),
            sites: dedup(sites),
        },
        source: source?,
        note,
    })
}

/// The diagnostic of the former `launch_on_remote = true`: what to paste instead.
fn old_launch_on_remote_error(ctx: &mut Ctx<'_>, span: Range<usize>, spec: &ArchitectureSpec) {
    let quoted = |names: Vec<&str>| {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sensors = quoted(
        spec.radars
            .iter()
            .zip(&spec.roles)
            .filter(|(_, r)| r.can_commit())
            .map(|(r, _)| r.id.as_str())
            .collect(),
    );
    let sites = quoted(spec.sites.iter().map(|s| s.name.as_str()).collect());
    ctx.error(
        span,
        "`launch_on_remote = true` is no longer supported",
        "`launch_on_remote = false`, or no launch_on_remote and [[architecture.link]] tables",
        Some(format!(
            "{LAUNCH_ON_REMOTE_GONE}. To keep the old behaviour (every fire-control radar commits and guides \
             every site), delete this line and paste:\n\n[[architecture.link]]\nname = \"remote\"\nkind = \
             \"engage-on-remote\"\nsensors = [{sensors}]\nsites = [{sites}]\nsource = \"(the public source \
             that shows these sensors commit these sites)\"\n\nthen narrow it to what the record shows \
             (docs/scenario.md, \"Launch authority\")"
        )),
    );
}
