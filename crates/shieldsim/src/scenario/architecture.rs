//! The defence of a scenario file: `[architecture]` timelines, early warning, radars (placed and pointed; the
//! default boresight faces the first launch point of the first corridor) and interceptor sites.

use super::file::{
    check_unique, delay, latitude, longitude, name_field, unknown_id, Broken,
    DEFAULT_DECISION_DELAY_S,
};
use super::reader::{Ctx, Table};
use super::{schema, ArchitectureSpec, ModelOptions, SiteSpec};
use crate::catalog::{Catalog, RadarEntry};
use crate::earth::Geodetic;
use crate::sensors::{EarlyWarning, SensorError};

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
        launch_on_remote: true,
    };
    let mut radar_types = Vec::new();
    let Some(t) = root.table(ctx, "architecture", true, "[architecture]") else {
        return (spec, radar_types);
    };
    t.check_keys(ctx, schema::ARCHITECTURE);
    spec.decision_delay_s = delay(ctx, &t, "decision_delay_s", DEFAULT_DECISION_DELAY_S);
    spec.launch_on_remote = t
        .boolean(ctx, "launch_on_remote", false, "true or false")
        .is_none_or(|(b, _)| b);
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
                    format!("alt_m = {a} in {} is out of range", r.what),
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
                    format!("boresight_azimuth_deg = {b} in {} is not finite", r.what),
                    "degrees clockwise from north",
                    None,
                );
            }
        }
        let _ = r.string(ctx, "source", false, "where the site comes from (text)");
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
        const INVENTORY: &str = "a whole number of interceptors, 1 or more";
        let inventory = match s.integer(ctx, "inventory", false, INVENTORY) {
            None => Some(1),
            Some((n, span)) => match u32::try_from(n) {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    ctx.error(
                        span,
                        format!("inventory = {n} in {} must be 1 or more", s.what),
                        INVENTORY,
                        (n == 0)
                            .then(|| "a site without interceptors is no site: remove it".into()),
                    );
                    None
                }
            },
        };
        let _ = s.string(ctx, "source", false, "where the site comes from (text)");
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
            });
        }
    }
    check_unique(ctx, &names, "site name", "among the sites");
    (spec, radar_types)
}
