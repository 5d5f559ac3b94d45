//! Threat corridors of a scenario file: missiles, trajectory shapes, and launch areas and aim regions (points,
//! polygons, grids) sampled into points ([`super::sampling`]); a corridor with more trajectories than the file
//! allows is reported.

use std::collections::HashSet;
use std::ops::Range;

use toml::de::{DeArray, DeValue};

use super::fields::{
    check_unique, latitude, longitude, name_field, positive, string_list_spans, unknown_id, Broken,
    Loader, MAX_POINTS_PER_FILE,
};
use super::model::{Corridor, NamedPoint, NamedShape, ThreatMissile};
use super::reader::{did_you_mean, number, type_name, Ctx, Table};
use super::sampling::{self, PolygonError, MAX_POINTS_PER_AREA};
use super::schema;
use crate::catalog::Catalog;
use crate::earth::Geodetic;
use crate::flight::targeting::ShapeSpec;
use crate::flight::Shape;
use crate::text::number as num_text;

impl Loader {
    pub(super) fn corridors(
        &mut self,
        ctx: &mut Ctx<'_>,
        root: &Table,
        catalog: &Catalog,
        broken: &Broken,
        max_trajectories: u64,
    ) -> Vec<Corridor> {
        let tables = root.tables(ctx, "corridor", true, "[[corridor]]");
        let mut names = Vec::new();
        let mut out = Vec::new();
        for t in tables {
            if let Some(c) = self.corridor(ctx, t, catalog, broken, max_trajectories, &mut names) {
                out.push(c);
            }
        }
        check_unique(ctx, &names, "corridor name", "in this file");
        out
    }

    fn corridor(
        &mut self,
        ctx: &mut Ctx<'_>,
        t: Table,
        catalog: &Catalog,
        broken: &Broken,
        max_trajectories: u64,
        names: &mut Vec<(String, Range<usize>)>,
    ) -> Option<Corridor> {
        let name = name_field(ctx, &t);
        let t = match &name {
            Some((n, _)) => t.named(format!("[[corridor]] `{n}`")),
            None => t,
        };
        t.check_keys(ctx, schema::CORRIDOR);
        // The corridor's `missiles` fly from every launch area that gives none of its own; it may be left out when
        // every launch area gives its own.
        // With no `missiles` anywhere, the corridor's key is reported missing (here, in file order).
        let default_missiles = (t.get("missiles").is_some() || !any_launch_area_missiles(&t))
            .then(|| missile_list(ctx, &t, catalog, broken, "this corridor's `missiles`"));
        let shapes = corridor_shapes(ctx, &t);
        let mut launches = Vec::new();
        let mut aims = Vec::new();
        // The union of the corridor's missiles, first seen first, and for each launch point the indices of its own.
        let mut missiles: Vec<ThreatMissile> = default_missiles.clone().unwrap_or_default();
        let mut launch_missiles: Vec<Vec<usize>> = Vec::new();
        // Launch areas without missiles of their own when the corridor gives none.
        let mut unarmed: Vec<(String, Range<usize>)> = Vec::new();
        for (key, what, points) in [
            ("launch", "[[corridor.launch]]", &mut launches),
            ("aim", "[[corridor.aim]]", &mut aims),
        ] {
            let mut area_names = Vec::new();
            for a in t.tables(ctx, key, true, what) {
                let launch = key == "launch";
                let area_span = a.span.clone();
                let own = (launch && a.get("missiles").is_some()).then(|| {
                    missile_list(ctx, &a, catalog, broken, "this launch area's `missiles`")
                });
                if let Some((n, span, p)) = self.area(ctx, a, launch) {
                    if launch {
                        let flown = match (&own, &default_missiles) {
                            (Some(m), _) | (None, Some(m)) => m.as_slice(),
                            (None, None) => {
                                unarmed.push((n.clone(), area_span));
                                &[]
                            }
                        };
                        let indices: Vec<usize> = flown
                            .iter()
                            .map(|m| match missiles.iter().position(|x| x.id == m.id) {
                                Some(i) => i,
                                None => {
                                    missiles.push(m.clone());
                                    missiles.len() - 1
                                }
                            })
                            .collect();
                        launch_missiles.extend(std::iter::repeat_n(indices, p.len()));
                    }
                    area_names.push((n, span));
                    points.extend(p);
                }
            }
            check_unique(
                ctx,
                &area_names,
                &format!("{key} area name"),
                "in this corridor",
            );
        }
        if default_missiles.is_none() {
            for (n, span) in unarmed {
                ctx.error(
                    span,
                    format!(
                        "[[corridor.launch]] `{n}` has no missiles: neither it nor its corridor gives `missiles`"
                    ),
                    "missile ids: [\"shahab-3\", ...] (`shieldsim catalog missiles`)",
                    Some(
                        "give the corridor a `missiles` list for every launch area, or give this area its own"
                            .into(),
                    ),
                );
            }
        }
        let (name, name_span) = name?;
        names.push((name.clone(), name_span.clone()));
        let pairs: usize = launch_missiles.iter().map(Vec::len).sum();
        let total: u128 = pairs as u128 * aims.len() as u128 * shapes.len() as u128;
        let counts = [launches.len(), aims.len(), missiles.len(), shapes.len()];
        if total > u128::from(max_trajectories) {
            ctx.error(
                name_span,
                format!(
                    "corridor `{name}` has {total} trajectories, more than max_trajectories_per_corridor = \
                     {max_trajectories}"
                ),
                format!("at most {max_trajectories} trajectories (launch points × aim points × missiles × shapes)"),
                Some(format!(
                    "{} launch points × {} aim points × {} missiles (at most; {pairs} launch point–missile pairs) \
                     × {} shapes; use a coarser spacing_km or spacing_deg, fewer areas, or raise [analysis] \
                     max_trajectories_per_corridor",
                    counts[0], counts[1], counts[2], counts[3]
                )),
            );
        }
        Some(Corridor {
            name,
            launches,
            aims,
            missiles,
            launch_missiles,
            shapes,
        })
    }

    /// A launch area (`launch`) or aim region: its name, the span of the name and its points, each with the area's
    /// `weight` (aims only; 1 when absent).
    fn area(
        &mut self,
        ctx: &mut Ctx<'_>,
        t: Table,
        launch: bool,
    ) -> Option<(String, Range<usize>, Vec<NamedPoint>)> {
        let name = name_field(ctx, &t);
        let t = match &name {
            Some((n, _)) => {
                let what = t.what.clone();
                t.named(format!("{what} `{n}`"))
            }
            None => t,
        };
        t.check_keys(ctx, if launch { schema::LAUNCH } else { schema::AIM });
        let weight = if launch {
            Some(1.0)
        } else {
            aim_weight(ctx, &t)
        };
        let forms: Vec<(&str, Range<usize>)> = [
            ("a point", ["lat_deg", "lon_deg"].as_slice()),
            ("a polygon", ["polygon_deg", "spacing_km"].as_slice()),
            ("a grid", ["grid"].as_slice()),
        ]
        .into_iter()
        .filter_map(|(form, keys)| {
            keys.iter()
                .filter_map(|k| t.get(k).map(|(span, _)| span))
                .min_by_key(|s| s.start)
                .map(|s| (form, s))
        })
        .collect();
        const FORMS: &str =
            "`lat_deg` and `lon_deg` (a point), `polygon_deg` and `spacing_km` (a polygon) or `grid` (a grid)";
        let form = match forms.as_slice() {
            [] => {
                ctx.error(
                    t.span.clone(),
                    format!("{} has no position", t.what),
                    FORMS,
                    None,
                );
                return None;
            }
            [(form, _)] => *form,
            [(first, _), rest @ ..] => {
                for (form, span) in rest {
                    ctx.error(
                        span.clone(),
                        format!("{} is both {first} and {form}", t.what),
                        format!("one of {FORMS}"),
                        Some("split it into two areas with their own names".into()),
                    );
                }
                return None;
            }
        };
        let points: Vec<[f64; 2]> = match form {
            "a point" => {
                let lat = latitude(ctx, &t, "lat_deg", true);
                let lon = longitude(ctx, &t, "lon_deg", true);
                vec![[lat?, lon?]]
            }
            "a polygon" => self.polygon(ctx, &t)?,
            _ => self.grid(ctx, &t)?,
        };
        let (name, span) = name?;
        let weight = weight?;
        let named = if form == "a point" {
            vec![NamedPoint {
                name: name.clone(),
                position: Geodetic::from_degrees(points[0][0], points[0][1], 0.0),
                weight,
            }]
        } else {
            points
                .iter()
                .enumerate()
                .map(|(k, p)| NamedPoint {
                    name: format!("{name}#{}", k + 1),
                    position: Geodetic::from_degrees(p[0], p[1], 0.0),
                    weight,
                })
                .collect()
        };
        Some((name, span, named))
    }

    /// Takes `n` points from the file's budget, or reports the area at `span`.
    fn spend(&mut self, ctx: &mut Ctx<'_>, n: usize, span: Range<usize>, what: &str) -> bool {
        if n > self.budget {
            ctx.error(
                span,
                format!(
                    "{what} brings the file's sample points to more than {MAX_POINTS_PER_FILE}"
                ),
                "a coarser spacing",
                Some("no analysis needs millions of points: use a coarser spacing".into()),
            );
            return false;
        }
        self.budget -= n;
        true
    }

    fn polygon(&mut self, ctx: &mut Ctx<'_>, t: &Table) -> Option<Vec<[f64; 2]>> {
        let vertices = polygon_vertices(ctx, t);
        let spacing = positive(
            ctx,
            t,
            "spacing_km",
            "the distance between neighbouring sample points, km, above 0",
        );
        let (vertices, spans, poly_span) = vertices?;
        let poly_error = |ctx: &mut Ctx<'_>, span: Range<usize>, message: String, hint: &str| {
            ctx.error(
                span,
                message,
                "at least three [lat_deg, lon_deg] vertices in order around the area, edges not crossing",
                Some(hint.to_string()),
            )
        };
        let vertex_span = |i: usize| spans.get(i).cloned().unwrap_or(poly_span.clone());
        match sampling::check_polygon(&vertices) {
            Ok(()) => {}
            Err(PolygonError::TooFewVertices(n)) => {
                poly_error(
                    ctx,
                    poly_span.clone(),
                    format!("the polygon of {} has {n} vertices", t.what),
                    "a polygon needs at least three vertices; for a single place use lat_deg and lon_deg",
                );
                return None;
            }
            Err(PolygonError::RepeatedVertex(i)) => {
                // Vertex 0 "repeating" the last one means the last one closes the ring by hand: point at it.
                let (dup, orig) = if i == 0 {
                    (vertices.len() - 1, 0)
                } else {
                    (i, i - 1)
                };
                poly_error(
                    ctx,
                    vertex_span(dup),
                    format!(
                        "vertex {} of the polygon of {} repeats vertex {}",
                        dup + 1,
                        t.what,
                        orig + 1
                    ),
                    "remove the repeated vertex (the polygon is closed implicitly: do not repeat the first vertex)",
                );
                return None;
            }
            Err(PolygonError::SelfIntersecting(a, b)) => {
                poly_error(
                    ctx,
                    vertex_span(b),
                    format!(
                        "the polygon of {} intersects itself: edges {} and {} cross",
                        t.what,
                        a + 1,
                        b + 1
                    ),
                    "edge k runs from vertex k to vertex k+1 (the last back to the first): list the vertices in \
                     order around the area",
                );
                return None;
            }
            Err(PolygonError::ZeroArea) => {
                poly_error(
                    ctx,
                    poly_span.clone(),
                    format!(
                        "the polygon of {} has no area: its vertices lie on one line",
                        t.what
                    ),
                    "give vertices around an area",
                );
                return None;
            }
            Err(PolygonError::EnclosesPole) => {
                poly_error(
                    ctx,
                    poly_span.clone(),
                    format!("the polygon of {} winds around a pole", t.what),
                    "polygons are for regional areas; split a polar area into smaller polygons",
                );
                return None;
            }
            Err(PolygonError::TooManyPoints(_)) => {}
        }
        let (spacing, spacing_span) = spacing?;
        let extent = sampling::polygon_extent_km(&vertices).unwrap_or((0.0, 0.0));
        match sampling::sample_polygon(&vertices, spacing) {
            Ok(points) if points.is_empty() => {
                let suggestion = working_spacing(&vertices, spacing);
                ctx.error(
                    spacing_span,
                    format!(
                        "no point of the {} km grid falls inside the polygon of {}",
                        num_text(spacing),
                        t.what
                    ),
                    format!(
                        "a spacing_km small enough for the polygon (about {:.0} km north-south by {:.0} km east-west)",
                        extent.0, extent.1
                    ),
                    Some(match suggestion {
                        Some(s) => format!(
                            "spacing_km = {} gives points; or give the place as a point with lat_deg and lon_deg",
                            num_text(s)
                        ),
                        None => "give the place as a point with lat_deg and lon_deg".to_string(),
                    }),
                );
                None
            }
            Ok(points) => self
                .spend(
                    ctx,
                    points.len(),
                    spacing_span,
                    &format!("the polygon of {}", t.what),
                )
                .then_some(points),
            Err(PolygonError::TooManyPoints(n)) => {
                ctx.error(
                    spacing_span,
                    format!(
                        "the polygon of {} would be sampled on about {} grid points",
                        t.what,
                        num_text(n.round())
                    ),
                    format!("a spacing giving at most {MAX_POINTS_PER_AREA} grid points"),
                    Some(format!(
                        "the polygon spans about {:.0} km × {:.0} km; try spacing_km = {}",
                        extent.0,
                        extent.1,
                        num_text(nice_spacing(extent.0.max(extent.1) / 10.0))
                    )),
                );
                None
            }
            Err(_) => None,
        }
    }

    fn grid(&mut self, ctx: &mut Ctx<'_>, t: &Table) -> Option<Vec<[f64; 2]>> {
        let what = format!("the `grid` of {}", t.what);
        let g = t.table(ctx, "grid", true, &what)?;
        g.check_keys(ctx, schema::GRID);
        let south = latitude(ctx, &g, "south_deg", true);
        let west = longitude(ctx, &g, "west_deg", true);
        let north = latitude(ctx, &g, "north_deg", true);
        let east = longitude(ctx, &g, "east_deg", true);
        let spacing = positive(
            ctx,
            &g,
            "spacing_deg",
            "the grid spacing, degrees of latitude and longitude, above 0",
        );
        let (south, west, north, east) = (south?, west?, north?, east?);
        let mut ok = true;
        if north < south {
            ctx.error(
                g.value_span("north_deg").unwrap_or(g.span.clone()),
                format!(
                    "north_deg = {} is south of south_deg = {} in {what}",
                    num_text(north),
                    num_text(south)
                ),
                format!("a latitude of {} or more", num_text(south)),
                Some("swap north_deg and south_deg".into()),
            );
            ok = false;
        }
        if east < west {
            ctx.error(
                g.value_span("east_deg").unwrap_or(g.span.clone()),
                format!(
                    "east_deg = {} is west of west_deg = {} in {what}",
                    num_text(east),
                    num_text(west)
                ),
                format!("a longitude of {} or more", num_text(west)),
                Some(
                    "a grid across the antimeridian (180°) is written as two aims, one on each side".into(),
                ),
            );
            ok = false;
        }
        let (spacing, spacing_span) = spacing?;
        if !ok {
            return None;
        }
        match sampling::grid_points(south, west, north, east, spacing) {
            Some(points) => self
                .spend(ctx, points.len(), spacing_span, &what)
                .then_some(points),
            None => {
                let (rows, cols) = sampling::grid_size(south, west, north, east, spacing);
                ctx.error(
                    spacing_span,
                    format!(
                        "{what} would have {} points",
                        num_text((rows * cols).round())
                    ),
                    format!("a spacing giving at most {MAX_POINTS_PER_AREA} points"),
                    Some(format!(
                        "try spacing_deg = {}",
                        num_text(nice_spacing((north - south).max(east - west) / 20.0))
                    )),
                );
                None
            }
        }
    }
}

/// The `weight` of an aim region's points: finite and above 0, 1 when absent (and for launch areas, whose tables
/// reject the key).
fn aim_weight(ctx: &mut Ctx<'_>, t: &Table) -> Option<f64> {
    const EXPECTED: &str = "a finite number above 0 (the aim points' weight; default 1)";
    let Some((w, span)) = t.number(ctx, "weight", false, EXPECTED) else {
        // Absent, or not a number (already reported).
        return t.get("weight").is_none().then_some(1.0);
    };
    if !w.is_finite() || w <= 0.0 {
        ctx.error(
            span,
            format!("weight = {} in {} is not a usable weight", num_text(w), t.what),
            EXPECTED,
            Some(
                "weights are relative (only their ratios matter): give the likelier or more valuable aims a \
                 larger weight, or remove the aim instead of weighting it 0"
                    .into(),
            ),
        );
        return None;
    }
    Some(w)
}

/// The largest round spacing below `spacing_km` (halving, at most a dozen times) that samples the polygon to at
/// least one point.
fn working_spacing(vertices: &[[f64; 2]], spacing_km: f64) -> Option<f64> {
    let mut s = spacing_km;
    for _ in 0..12 {
        s /= 2.0;
        let nice = nice_spacing(s);
        match sampling::sample_polygon(vertices, nice) {
            Ok(p) if !p.is_empty() => return Some(nice),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// A round spacing near `x` (1, 2 or 5 times a power of ten), at least 0.001.
fn nice_spacing(x: f64) -> f64 {
    if !x.is_finite() || x <= 0.001 {
        return 0.001;
    }
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    let nice = if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    };
    // Round away binary noise (0.30000000000000004).
    let v = nice * p;
    (v * 1e6).round() / 1e6
}

/// Whether any `[[corridor.launch]]` table of corridor `t` has a `missiles` key.
fn any_launch_area_missiles(t: &Table) -> bool {
    let has = |v: &DeValue| matches!(v, DeValue::Table(a) if a.iter().any(|(k, _)| k.get_ref().as_ref() == "missiles"));
    match t.get("launch").map(|(_, v)| v.get_ref()) {
        Some(DeValue::Array(a)) => a.iter().any(|v| has(v.get_ref())),
        Some(v) => has(v),
        None => false,
    }
}

/// The missiles of the `missiles` key of `t` (a corridor or a launch area; `whose` names it in messages), resolved in
/// the catalogue; unknown ids are reported with the nearest known id.
fn missile_list(
    ctx: &mut Ctx<'_>,
    t: &Table,
    catalog: &Catalog,
    broken: &Broken,
    whose: &str,
) -> Vec<ThreatMissile> {
    let ids = string_list_spans(
        ctx,
        t,
        "missiles",
        "missile ids: [\"shahab-3\", ...] (`shieldsim catalog missiles`)",
    );
    check_unique(ctx, &ids, "missile", &format!("in {whose}"));
    let known: Vec<&str> = catalog.missiles.iter().map(|m| m.id.as_str()).collect();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (id, span) in ids {
        if !seen.insert(id.clone()) {
            continue;
        }
        match catalog.missiles.iter().find(|m| m.id == id) {
            Some(entry) => match entry.to_missile() {
                Ok(missile) => out.push(ThreatMissile {
                    id: id.clone(),
                    missile,
                    signature: entry.signature(),
                }),
                Err(e) => ctx.error(span, format!("missile `{id}`: {e}"), "", None),
            },
            None if broken.missiles.contains(&id) => {}
            None => unknown_id(ctx, span, "missile", &id, &known),
        }
    }
    out
}

fn corridor_shapes(ctx: &mut Ctx<'_>, t: &Table) -> Vec<NamedShape> {
    const NAMES: &[&str] = &["min-energy", "lofted", "depressed"];
    const EXPECTED: &str =
        "\"min-energy\", \"lofted\", \"depressed\", or a table such as { shape = \"lofted\", \
                            apogee_km = 1500 }";
    let Some((a, span)) = t.array(ctx, "shapes", false, EXPECTED) else {
        return vec![NamedShape {
            name: "min-energy".into(),
            shape: Shape::MinEnergy,
        }];
    };
    if a.is_empty() {
        ctx.error(
            span,
            format!("`shapes` in {} is empty", t.what),
            EXPECTED,
            Some("leave `shapes` out for [\"min-energy\"]".into()),
        );
    }
    let mut out: Vec<NamedShape> = Vec::new();
    let mut names = Vec::new();
    for v in a.iter() {
        let shape = match v.get_ref() {
            DeValue::String(s) => match NAMES.iter().position(|n| *n == s.as_ref()) {
                Some(0) => Some(Shape::MinEnergy),
                Some(1) => Some(Shape::Lofted(None)),
                Some(_) => Some(Shape::Depressed(None)),
                None => {
                    ctx.error(
                        v.span(),
                        format!("unknown trajectory shape {:?} in {}", s.as_ref(), t.what),
                        EXPECTED,
                        did_you_mean(s, NAMES),
                    );
                    None
                }
            },
            DeValue::Table(table) => shape_table(
                ctx,
                &Table::new(table, v.span(), format!("a shape of {}", t.what)),
            ),
            other => {
                ctx.error(
                    v.span(),
                    format!("a shape in {} cannot be {}", t.what, type_name(other)),
                    EXPECTED,
                    None,
                );
                None
            }
        };
        if let Some(shape) = shape {
            let name = shape_name(&shape);
            names.push((name.clone(), v.span()));
            if !out.iter().any(|s| s.name == name) {
                out.push(NamedShape { name, shape });
            }
        }
    }
    check_unique(ctx, &names, "shape", "in this corridor's `shapes`");
    out
}

/// The output name of a shape: `min-energy`, `lofted`, `lofted-apogee-1500km`, `depressed-burnout-fpa-15deg`.
pub fn shape_name(shape: &Shape) -> String {
    let (base, spec) = match shape {
        Shape::MinEnergy => return "min-energy".into(),
        Shape::Lofted(s) => ("lofted", s),
        Shape::Depressed(s) => ("depressed", s),
    };
    match spec {
        None => base.into(),
        Some(ShapeSpec::ApogeeM(m)) => format!("{base}-apogee-{}km", m / 1000.0),
        Some(ShapeSpec::BurnoutFlightPathRad(r)) => {
            format!(
                "{base}-burnout-fpa-{}deg",
                (r.to_degrees() * 1e9).round() / 1e9
            )
        }
    }
}

fn shape_table(ctx: &mut Ctx<'_>, t: &Table) -> Option<Shape> {
    t.check_keys(ctx, schema::SHAPE);
    let kind = t.string(ctx, "shape", true, "\"lofted\" or \"depressed\"");
    let apogee = t.number(
        ctx,
        "apogee_km",
        false,
        "apogee altitude, km, in (0, 50000]",
    );
    let fpa = t.number(
        ctx,
        "burnout_flight_path_deg",
        false,
        "flight-path angle at burn-out, degrees above the horizontal, in (0, 90)",
    );
    let (kind, kind_span) = kind?;
    let mut ok = true;
    if let Some((v, span)) = &apogee {
        if !v.is_finite() || *v <= 0.0 || *v > 50_000.0 {
            ctx.error(
                span.clone(),
                format!("apogee_km = {} in {} is out of range", num_text(*v), t.what),
                "apogee altitude, km, in (0, 50000]",
                None,
            );
            ok = false;
        }
    }
    if let Some((v, span)) = &fpa {
        if !v.is_finite() || *v <= 0.0 || *v >= 90.0 {
            ctx.error(
                span.clone(),
                format!(
                    "burnout_flight_path_deg = {} in {} is out of range",
                    num_text(*v),
                    t.what
                ),
                "flight-path angle at burn-out, degrees above the horizontal, in (0, 90)",
                None,
            );
            ok = false;
        }
    }
    if let (Some(_), Some((_, span))) = (&apogee, &fpa) {
        ctx.error(
            span.clone(),
            format!(
                "{} gives both apogee_km and burnout_flight_path_deg",
                t.what
            ),
            "one of apogee_km and burnout_flight_path_deg",
            Some("either number fixes the trajectory: keep one".into()),
        );
        ok = false;
    }
    let spec = match (&apogee, &fpa) {
        (Some((v, _)), _) => Some(ShapeSpec::ApogeeM(v * 1000.0)),
        (None, Some((v, _))) => Some(ShapeSpec::BurnoutFlightPathRad(v.to_radians())),
        (None, None) => None,
    };
    let shape = match kind.as_str() {
        "lofted" => Shape::Lofted(spec),
        "depressed" => Shape::Depressed(spec),
        "min-energy" if spec.is_none() => Shape::MinEnergy,
        "min-energy" => {
            ctx.error(
                kind_span,
                format!(
                    "\"min-energy\" in {} takes no apogee_km or burnout_flight_path_deg",
                    t.what
                ),
                "\"lofted\" or \"depressed\" with a number",
                Some("the minimum-energy trajectory is fixed by the range alone".into()),
            );
            return None;
        }
        other => {
            ctx.error(
                kind_span,
                format!("unknown trajectory shape {other:?} in {}", t.what),
                "\"lofted\" or \"depressed\" (or \"min-energy\")",
                did_you_mean(other, &["min-energy", "lofted", "depressed"]),
            );
            return None;
        }
    };
    ok.then_some(shape)
}

/// The `[lat, lon]` vertices of `polygon_deg` with the span of each vertex and of the whole array.
#[allow(clippy::type_complexity)]
fn polygon_vertices(
    ctx: &mut Ctx<'_>,
    t: &Table,
) -> Option<(Vec<[f64; 2]>, Vec<Range<usize>>, Range<usize>)> {
    const EXPECTED: &str = "[[lat_deg, lon_deg], ...]: three or more vertices";
    let (a, span): (&DeArray, Range<usize>) = t.array(ctx, "polygon_deg", true, EXPECTED)?;
    let mut vertices = Vec::with_capacity(a.len());
    let mut spans = Vec::with_capacity(a.len());
    let mut ok = true;
    for (i, v) in a.iter().enumerate() {
        let pair = match v.get_ref() {
            DeValue::Array(p) if p.len() == 2 => p,
            other => {
                let found = match other {
                    DeValue::Array(p) => format!("an array of {} numbers", p.len()),
                    o => type_name(o).to_string(),
                };
                ctx.error(
                    v.span(),
                    format!("vertex {} of the polygon of {} is {found}", i + 1, t.what),
                    "a vertex [lat_deg, lon_deg]",
                    None,
                );
                ok = false;
                continue;
            }
        };
        let mut xy = [0.0; 2];
        for (k, (c, (range, what))) in pair
            .iter()
            .zip([(90.0, "latitude"), (180.0, "longitude")])
            .enumerate()
        {
            match number(c.get_ref()) {
                Ok(x) if x.is_finite() && x.abs() <= range => xy[k] = x,
                Ok(x) => {
                    ctx.error(
                        c.span(),
                        format!(
                            "{what} out of range in vertex {} of the polygon of {}: {}",
                            i + 1,
                            t.what,
                            num_text(x)
                        ),
                        format!("degrees in [-{range}, {range}]"),
                        (k == 0 && x.abs() <= 180.0)
                            .then(|| "a vertex is [lat_deg, lon_deg]: latitude first".into()),
                    );
                    ok = false;
                }
                Err(found) => {
                    ctx.error(
                        c.span(),
                        format!(
                            "the {what} of vertex {} of the polygon of {} is {found}",
                            i + 1,
                            t.what
                        ),
                        format!("a number of degrees in [-{range}, {range}]"),
                        None,
                    );
                    ok = false;
                }
            }
        }
        vertices.push(xy);
        spans.push(v.span());
    }
    ok.then_some((vertices, spans, span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_names() {
        assert_eq!(shape_name(&Shape::MinEnergy), "min-energy");
        assert_eq!(
            shape_name(&Shape::Lofted(Some(ShapeSpec::ApogeeM(1_500_000.0)))),
            "lofted-apogee-1500km"
        );
        assert_eq!(
            shape_name(&Shape::Depressed(Some(ShapeSpec::BurnoutFlightPathRad(
                15f64.to_radians()
            )))),
            "depressed-burnout-fpa-15deg"
        );
    }

    #[test]
    fn nice_spacings() {
        assert_eq!(nice_spacing(37.0), 20.0);
        assert_eq!(nice_spacing(0.3), 0.2);
        assert_eq!(nice_spacing(7.0), 5.0);
        assert_eq!(nice_spacing(f64::NAN), 0.001);
    }
}
