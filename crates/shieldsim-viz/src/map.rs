//! Maps: Natural Earth land, coastlines and borders in a projection chosen for the data (polar azimuthal
//! equidistant, Lambert conformal conic, or the original equirectangular; see [`crate::projection`]), a degree
//! graticule, the intercept-window grid on a discrete viridis scale, radar footprints, tracks (engaged ones in
//! vermillion over muted grey ones), intercept points and sites with collision-free labels, and a legend panel on the
//! right.

use crate::error::{invalid, VizError};
use crate::geo::{footprint_ring, wrap_lon, wrap_lon_closed, ClipRect};
use crate::palette::{self, WindowScale};
use crate::projection::{MapProjection, ProjectionKind};
use crate::render::{
    anchor, header, header_height, marker, render_png_scaled, render_svg_scaled, text, text_width,
    text_width_f, Marker, Scale, TextFont, MAX_SIDE_PX, MIN_SIDE_PX,
};
use crate::world::{world_outlines, OutlineKind};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::collections::HashMap;

/// A longitude/latitude box (degrees). Longitudes in [-180, 180]; `west_deg > east_deg` means the box crosses the
/// antimeridian (`west_deg = 150, east_deg = -120` spans 90° across the Pacific, drawn with 180° in it). Latitudes in
/// [-90, 90] with `south_deg < north_deg`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// Western edge, longitude (deg, east positive).
    pub west_deg: f64,
    /// Southern edge, latitude (deg, north positive).
    pub south_deg: f64,
    /// Eastern edge, longitude (deg).
    pub east_deg: f64,
    /// Northern edge, latitude (deg).
    pub north_deg: f64,
}

impl Extent {
    /// The whole world, -180..180 × -90..90 degrees.
    pub const WORLD: Extent = Extent {
        west_deg: -180.0,
        south_deg: -90.0,
        east_deg: 180.0,
        north_deg: 90.0,
    };

    /// The smallest extent containing all `points_lat_lon` (`[lat_deg, lon_deg]`) plus `margin_deg` on every side,
    /// clamped to the world; `None` if there is no finite point. The longitude span is the shortest arc holding every
    /// point, so points on both sides of the antimeridian (Korea and Alaska) give an extent across it; a span that
    /// would reach 360° with the margin becomes the whole world's -180..180.
    pub fn covering(points_lat_lon: &[[f64; 2]], margin_deg: f64) -> Option<Extent> {
        let finite: Vec<[f64; 2]> = points_lat_lon
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .map(|p| [p[0], wrap_lon(p[1])])
            .collect();
        if finite.is_empty() {
            return None;
        }
        let (s, n) = finite
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(s, n), p| {
                (s.min(p[0]), n.max(p[0]))
            });
        let mut lons: Vec<f64> = finite.iter().map(|p| p[1]).collect();
        lons.sort_by(f64::total_cmp);
        // The shortest arc holding every longitude leaves out the largest gap between neighbours (the gap from
        // the last back round to the first included).
        let k = lons.len();
        let (mut gap, mut after) = (lons[0] + 360.0 - lons[k - 1], 0usize);
        for i in 1..k {
            if lons[i] - lons[i - 1] > gap {
                gap = lons[i] - lons[i - 1];
                after = i;
            }
        }
        let w = lons[after];
        let span = 360.0 - gap;
        let m = if margin_deg.is_finite() {
            margin_deg.max(0.0)
        } else {
            0.0
        };
        let (south_deg, north_deg) = ((s - m).max(-90.0), (n + m).min(90.0));
        let (west_deg, east_deg) = if span + 2.0 * m >= 360.0 {
            (-180.0, 180.0)
        } else if w + span + m <= 180.0 && w - m >= -180.0 {
            // Within -180..180 with its margin: no need to cross.
            (w - m, w + span + m)
        } else {
            (wrap_lon(w - m), wrap_lon(w + span + m))
        };
        let ext = Extent {
            west_deg,
            south_deg,
            east_deg,
            north_deg,
        };
        ext.validate().ok().map(|_| ext)
    }

    /// Whether the extent crosses the antimeridian (`west_deg > east_deg`).
    pub fn crosses_antimeridian(&self) -> bool {
        self.west_deg > self.east_deg
    }

    /// Width in longitude (deg): `east - west`, plus 360 across the antimeridian.
    pub fn width_deg(&self) -> f64 {
        self.east_unwrapped_deg() - self.west_deg
    }

    /// The eastern edge counted on from the western one (deg): above 180 across the antimeridian.
    fn east_unwrapped_deg(&self) -> f64 {
        if self.crosses_antimeridian() {
            self.east_deg + 360.0
        } else {
            self.east_deg
        }
    }

    /// Checks the extent: finite, in range, a positive width (`west != east`), `south < north`.
    pub fn validate(&self) -> Result<(), VizError> {
        let Extent {
            west_deg: w,
            south_deg: s,
            east_deg: e,
            north_deg: n,
        } = *self;
        if ![w, s, e, n].iter().all(|v| v.is_finite()) {
            return Err(invalid(format!("extent has a non-finite edge: {self:?}")));
        }
        if !(-180.0..=180.0).contains(&w)
            || !(-180.0..=180.0).contains(&e)
            || self.width_deg() <= 0.0
        {
            return Err(invalid(format!(
                "extent longitudes must be in [-180, 180] and enclose some longitude (west_deg > east_deg crosses \
                 the antimeridian), got west_deg = {w}, east_deg = {e}"
            )));
        }
        if !(-90.0..=90.0).contains(&s) || !(-90.0..=90.0).contains(&n) || s >= n {
            return Err(invalid(format!(
                "extent latitudes must satisfy -90 <= south_deg < north_deg <= 90, got south_deg = {s}, north_deg = {n}"
            )));
        }
        Ok(())
    }
}

/// A regular latitude/longitude grid of intercept windows drawn as shaded cells.
#[derive(Debug, Clone, PartialEq)]
pub struct GridLayer {
    /// Latitude of the centres of row 0, the southernmost row (deg).
    pub lat0_deg: f64,
    /// Longitude of the centres of column 0, the westernmost column (deg).
    pub lon0_deg: f64,
    /// Cell size in latitude and longitude (deg, > 0).
    pub spacing_deg: f64,
    /// Number of rows (latitudes).
    pub rows: usize,
    /// Number of columns (longitudes).
    pub cols: usize,
    /// Row-major values, `rows * cols` of them: NaN = no data (out of reach, drawn transparent), 0 = reachable but not
    /// engageable (light grey), > 0 = intercept window (s), shaded on a discrete viridis scale.
    pub values: Vec<f32>,
    /// Legend heading of the colour scale with its unit, e.g. "Intercept window (s)".
    pub legend_title: String,
}

/// What a site on the map is; each kind has its own marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SiteKind {
    /// Interceptor launch site (blue triangle).
    Interceptor,
    /// Radar (orange square).
    Radar,
    /// Threat launch point (vermillion star).
    Launch,
    /// Threat aim point (black dot).
    Aim,
}

/// A labelled point on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSite {
    /// Label drawn next to the marker (may be empty).
    pub name: String,
    /// Latitude (deg).
    pub lat_deg: f64,
    /// Longitude (deg).
    pub lon_deg: f64,
    /// Marker kind.
    pub kind: SiteKind,
}

/// A radar ground footprint: a great-circle sector or circle on a sphere of radius 6371 km.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarFan {
    /// Radar name (for the caller's reference; the site label comes from a [`MapSite`]).
    pub name: String,
    /// Radar latitude (deg).
    pub lat_deg: f64,
    /// Radar longitude (deg).
    pub lon_deg: f64,
    /// Ground range of the footprint (km, >= 0).
    pub range_km: f64,
    /// Boresight azimuth, clockwise from north (deg); `None` with a half width means north.
    pub boresight_deg: Option<f64>,
    /// Half width of the azimuth sector (deg); `None` (or >= 180) = full circle.
    pub half_width_deg: Option<f64>,
}

/// A ground track.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// Points as `[lat_deg, lon_deg]`; split automatically where it crosses the antimeridian.
    pub points: Vec<[f64; 2]>,
    /// Whether the threat on this track is engaged (drawn vermillion, thicker, above the others) or not (drawn
    /// thin in light grey, under the engaged ones).
    pub engaged: bool,
}

/// Everything drawn on a map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSpec {
    /// Bold title at the top.
    pub title: String,
    /// Assumptions, one or more paragraphs (separated by `\n`) under the title; each wraps to the image width.
    pub subtitle: String,
    /// Area shown by the plate carrée; with another projection the frame fits the data drawn (sites, radars,
    /// tracks, intercepts and grid cells with a value) and the extent is only used when there is none.
    pub extent: Extent,
    /// The projection ([`MapProjection::PlateCarree`] for the original equirectangular map; see
    /// [`crate::choose_projection`]).
    pub projection: MapProjection,
    /// Optional shaded grid of intercept windows.
    pub grid: Option<GridLayer>,
    /// Labelled sites.
    pub sites: Vec<MapSite>,
    /// Radar footprints.
    pub fans: Vec<RadarFan>,
    /// Ground tracks.
    pub tracks: Vec<Track>,
    /// Intercept points as `[lat_deg, lon_deg]`, drawn as x markers.
    pub intercepts: Vec<[f64; 2]>,
}

/// Renders the map as an SVG document of `width_px` x `height_px` (each 200..=8192 px).
pub fn map_svg(spec: &MapSpec, width_px: u32, height_px: u32) -> Result<String, VizError> {
    validate(spec)?;
    render_svg_scaled(width_px, height_px, map_scale, |area, sc| {
        draw_map(area, sc, spec)
    })
}

/// Renders the map as an RGB PNG of `width_px` x `height_px` (each 200..=8192 px).
pub fn map_png(spec: &MapSpec, width_px: u32, height_px: u32) -> Result<Vec<u8>, VizError> {
    validate(spec)?;
    render_png_scaled(width_px, height_px, map_scale, |area, sc| {
        draw_map(area, sc, spec)
    })
}

fn validate(spec: &MapSpec) -> Result<(), VizError> {
    spec.extent.validate()?;
    spec.projection.validate()?;
    let lat_ok = |v: f64| v.is_finite() && (-90.0..=90.0).contains(&v);
    let lon_ok = |v: f64| v.is_finite() && (-540.0..=540.0).contains(&v);
    if let Some(g) = &spec.grid {
        if !(g.spacing_deg.is_finite() && g.spacing_deg > 0.0) {
            return Err(invalid(format!(
                "grid spacing_deg must be finite and > 0, got {}",
                g.spacing_deg
            )));
        }
        if !(g.lat0_deg.is_finite() && g.lon0_deg.is_finite()) {
            return Err(invalid("grid lat0_deg / lon0_deg must be finite"));
        }
        if g.rows == 0 || g.cols == 0 || g.rows.checked_mul(g.cols) != Some(g.values.len()) {
            return Err(invalid(format!(
                "grid has {} values but rows x cols = {} x {}; it needs rows * cols (> 0) values",
                g.values.len(),
                g.rows,
                g.cols
            )));
        }
        if let Some(v) = g.values.iter().find(|v| v.is_infinite() || **v < 0.0) {
            return Err(invalid(format!(
                "grid values must be NaN, 0 or a positive window in s, found {v}"
            )));
        }
    }
    for s in &spec.sites {
        if !lat_ok(s.lat_deg) || !lon_ok(s.lon_deg) {
            return Err(invalid(format!(
                "site '{}' has invalid coordinates ({}, {})",
                s.name, s.lat_deg, s.lon_deg
            )));
        }
    }
    for f in &spec.fans {
        let angles_ok = f.boresight_deg.is_none_or(f64::is_finite)
            && f.half_width_deg.is_none_or(f64::is_finite);
        let fan_ok =
            lat_ok(f.lat_deg) && lon_ok(f.lon_deg) && f.range_km.is_finite() && f.range_km >= 0.0;
        if !(fan_ok && angles_ok) {
            return Err(invalid(format!(
                "radar fan '{}' needs finite lat/lon, range_km >= 0 and finite angles, got {f:?}",
                f.name
            )));
        }
    }
    for (i, t) in spec.tracks.iter().enumerate() {
        if let Some(p) = t.points.iter().find(|p| !lat_ok(p[0]) || !lon_ok(p[1])) {
            return Err(invalid(format!(
                "track {i} has an invalid point [lat, lon] = {p:?}"
            )));
        }
    }
    if let Some(p) = spec
        .intercepts
        .iter()
        .find(|p| !lat_ok(p[0]) || !lon_ok(p[1]))
    {
        return Err(invalid(format!(
            "intercept point [lat, lon] = {p:?} is invalid"
        )));
    }
    Ok(())
}

/// The projected plane of a map: the projection, its central meridian, the window of (longitude east of the central
/// meridian, latitude) drawn, and the frame in projected km.
#[derive(Debug, Clone, Copy)]
struct Plane {
    proj: MapProjection,
    prepared: crate::projection::Prepared,
    lon0: f64,
    cos_mid: f64,
    /// Window in (lon − lon0, lat) degrees.
    win: ClipRect,
    /// Frame: west, south, east, north in projected km.
    frame: [f64; 4],
}

/// Longitude shifts (deg) at which geometry is drawn: rings and tracks unwrapped past ±180° from the central
/// meridian show again on the other side.
const SHIFTS: [f64; 3] = [-360.0, 0.0, 360.0];

/// Largest step (deg) between vertices before projecting: straight lines in longitude/latitude are curves on most
/// projections.
const DENSIFY_DEG: f64 = 1.0;

impl Plane {
    fn new(spec: &MapSpec) -> Plane {
        let ext = spec.extent;
        let proj = spec.projection;
        let centre = ext.west_deg + 0.5 * ext.width_deg();
        let lon0 = proj.lon0_deg(centre);
        let mid = 0.5 * (ext.south_deg + ext.north_deg);
        let cos_mid = mid.to_radians().cos().max(0.2);
        let win = if proj.kind() == ProjectionKind::PlateCarree {
            ClipRect {
                x0: ext.west_deg - lon0,
                y0: ext.south_deg,
                x1: ext.east_unwrapped_deg() - lon0,
                y1: ext.north_deg,
            }
        } else {
            let (lo, hi) = proj.lat_window();
            let span = if proj.wraps_around() { 1e6 } else { 180.0 };
            ClipRect {
                x0: -span,
                y0: lo,
                x1: span,
                y1: hi,
            }
        };
        let mut plane = Plane {
            proj,
            prepared: proj.prepared(),
            lon0,
            cos_mid,
            win,
            frame: [0.0, 0.0, 1.0, 1.0],
        };
        plane.frame = if proj.kind() == ProjectionKind::PlateCarree {
            let (x0, y0) = plane.km(win.x0, win.y0).unwrap_or((0.0, 0.0));
            let (x1, y1) = plane.km(win.x1, win.y1).unwrap_or((1.0, 1.0));
            [x0, y0, x1, y1]
        } else {
            plane.fit(spec)
        };
        plane
    }

    /// Projected km of (`rel` deg east of the central meridian, `lat`).
    fn km(&self, rel: f64, lat: f64) -> Option<(f64, f64)> {
        self.prepared.forward(rel, lat, self.cos_mid)
    }

    /// Longitude east of the central meridian, in the window's turn.
    fn rel_of(&self, lon: f64) -> f64 {
        let r = wrap_lon(lon - self.lon0);
        if self.win.x0 <= r && r <= self.win.x1 {
            return r;
        }
        [r + 360.0, r - 360.0]
            .into_iter()
            .find(|v| self.win.x0 <= *v && *v <= self.win.x1)
            .unwrap_or(r)
    }

    /// Whether (lat, lon) is inside the drawn window (and near enough an oblique azimuthal centre).
    fn visible(&self, lat: f64, lon: f64) -> bool {
        let r = self.rel_of(lon);
        let in_win =
            self.win.y0 <= lat && lat <= self.win.y1 && self.win.x0 <= r && r <= self.win.x1;
        in_win
            && self
                .proj
                .far_limit_deg()
                .is_none_or(|(la, lo, max)| angle_deg(la, lo, lat, lon) <= max)
    }

    /// Projected km of a point, if it is drawn.
    fn point_km(&self, lat: f64, lon: f64) -> Option<(f64, f64)> {
        if !(lat.is_finite() && lon.is_finite() && self.visible(lat, lon)) {
            return None;
        }
        self.km(self.rel_of(lon), lat)
    }

    /// The frame around the data drawn (sites, tracks, intercepts, radar positions, grid cells with a value) plus a
    /// margin, widened to an aspect ratio between 0.8 and 2; the extent's outline when there is no data.
    fn fit(&self, spec: &MapSpec) -> [f64; 4] {
        let mut pts: Vec<[f64; 2]> = Vec::new();
        pts.extend(spec.sites.iter().map(|s| [s.lat_deg, s.lon_deg]));
        pts.extend(spec.fans.iter().map(|f| [f.lat_deg, f.lon_deg]));
        pts.extend(spec.intercepts.iter().copied());
        for t in &spec.tracks {
            pts.extend(t.points.iter().copied());
        }
        if let Some(g) = &spec.grid {
            let h = 0.5 * g.spacing_deg;
            for r in 0..g.rows {
                for c in 0..g.cols {
                    if !g.values[r * g.cols + c].is_nan() {
                        let (lat, lon) = (
                            g.lat0_deg + r as f64 * g.spacing_deg,
                            g.lon0_deg + c as f64 * g.spacing_deg,
                        );
                        for (dy, dx) in [(-h, -h), (-h, h), (h, -h), (h, h)] {
                            pts.push([(lat + dy).clamp(-90.0, 90.0), lon + dx]);
                        }
                    }
                }
            }
        }
        let mut projected: Vec<(f64, f64)> = pts
            .iter()
            .filter_map(|p| self.point_km(p[0], p[1]))
            .collect();
        if projected.is_empty() {
            let e = spec.extent;
            let n = 24;
            for i in 0..=n {
                let f = i as f64 / n as f64;
                let lon = e.west_deg + f * e.width_deg();
                let lat = e.south_deg + f * (e.north_deg - e.south_deg);
                for p in [
                    [e.south_deg, lon],
                    [e.north_deg, lon],
                    [lat, e.west_deg],
                    [lat, e.east_deg],
                ] {
                    projected.extend(self.point_km(p[0], p[1]));
                }
            }
        }
        if projected.is_empty() {
            projected.push((0.0, 0.0));
        }
        let mut b = projected.iter().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |b, p| [b[0].min(p.0), b[1].min(p.1), b[2].max(p.0), b[3].max(p.1)],
        );
        let size = (b[2] - b[0]).max(b[3] - b[1]);
        let m = 0.06 * size + 150.0;
        b = [b[0] - m, b[1] - m, b[2] + m, b[3] + m];
        let (w, h) = (b[2] - b[0], b[3] - b[1]);
        if w / h > 2.0 {
            let grow = 0.5 * (w / 2.0 - h);
            b[1] -= grow;
            b[3] += grow;
        } else if w / h < 0.8 {
            let grow = 0.5 * (0.8 * h - w);
            b[0] -= grow;
            b[2] += grow;
        }
        b
    }

    /// Width over height of the frame.
    fn aspect(&self) -> f64 {
        let f = self.frame;
        (f[2] - f[0]) / (f[3] - f[1])
    }

    /// `line` (`[lon, lat]`) as continuous longitudes east of the central meridian, starting in [-180, 180].
    fn unwrap(&self, line: &[[f64; 2]]) -> Vec<[f64; 2]> {
        let mut out: Vec<[f64; 2]> = Vec::with_capacity(line.len());
        for p in line {
            let mut r = p[0] - self.lon0;
            match out.last() {
                Some(q) => {
                    r += 360.0 * ((q[0] - r) / 360.0).round();
                }
                None => r = wrap_lon(r),
            }
            out.push([r, p[1]]);
        }
        out
    }

    /// The turns of an unwrapped piece to draw: every shift for a cut projection, the piece itself when the
    /// projection wraps round.
    fn shifts(&self) -> &'static [f64] {
        if self.proj.wraps_around() {
            &SHIFTS[1..2]
        } else {
            &SHIFTS
        }
    }

    /// Whether every vertex of `pts` (rel, lat) is near enough an oblique azimuthal centre.
    fn near(&self, pts: &[[f64; 2]]) -> bool {
        match self.proj.far_limit_deg() {
            None => true,
            Some((la, lo, max)) => pts
                .iter()
                .all(|p| angle_deg(la, lo, p[1], p[0] + self.lon0) <= max),
        }
    }
}

/// Great-circle angle (deg) between two points (haversine).
fn angle_deg(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let a = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    (2.0 * a.sqrt().min(1.0).asin()).to_degrees()
}

/// Points every [`DENSIFY_DEG`] or less along straight lines in (rel, lat) between `pts`.
fn densify(pts: &[[f64; 2]], closed: bool) -> Vec<[f64; 2]> {
    let mut out = Vec::with_capacity(pts.len() * 2);
    let n = pts.len();
    let segs = if closed { n } else { n.saturating_sub(1) };
    for i in 0..segs {
        let (a, b) = (pts[i], pts[(i + 1) % n]);
        out.push(a);
        let d = (b[0] - a[0]).abs().max((b[1] - a[1]).abs());
        let k = (d / DENSIFY_DEG).ceil() as usize;
        for j in 1..k {
            let f = j as f64 / k as f64;
            out.push([a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])]);
        }
    }
    if !closed {
        out.extend(pts.last().copied());
    }
    out
}

/// Plot rectangle in backend pixels and the projected-km -> pixel mapping.
#[derive(Debug, Clone, Copy)]
struct View {
    plane: Plane,
    x0: f64,
    y0: f64,
    w: f64,
    h: f64,
}

impl View {
    /// Pixel (unrounded) of projected km.
    fn px_f(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let f = self.plane.frame;
        let k = self.w / (f[2] - f[0]);
        (self.x0 + (x - f[0]) * k, self.y0 + (f[3] - y) * k)
    }
    /// Projected km of a pixel (unrounded).
    fn km_of_px(&self, px: f64, py: f64) -> (f64, f64) {
        let f = self.plane.frame;
        let k = self.w / (f[2] - f[0]);
        (f[0] + (px - self.x0) / k, f[3] - (py - self.y0) / k)
    }
    /// Pixel of a point (lat, lon) when it is drawn inside the frame.
    fn point(&self, lat: f64, lon: f64) -> Option<(i32, i32)> {
        self.point_f(lat, lon)
            .map(|(x, y)| (x.round() as i32, y.round() as i32))
    }
    fn point_f(&self, lat: f64, lon: f64) -> Option<(f64, f64)> {
        let p = self.px_f(self.plane.point_km(lat, lon)?);
        let inside = p.0 >= self.x0 - 0.5
            && p.0 <= self.x0 + self.w + 0.5
            && p.1 >= self.y0 - 0.5
            && p.1 <= self.y0 + self.h + 0.5;
        inside.then_some(p)
    }
    fn pixel_clip(&self) -> ClipRect {
        ClipRect {
            x0: self.x0,
            y0: self.y0,
            x1: self.x0 + self.w,
            y1: self.y0 + self.h,
        }
    }
    /// Projects a piece already in the window (rel, lat), densified, to pixels; splits where a point cannot be
    /// projected.
    fn project_line(&self, piece: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        let mut out = Vec::new();
        let mut cur: Vec<[f64; 2]> = Vec::new();
        for p in densify(piece, false) {
            match self.plane.km(p[0], p[1]) {
                Some(k) => {
                    let (x, y) = self.px_f(k);
                    cur.push([x, y]);
                }
                None => {
                    if cur.len() >= 2 {
                        out.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                }
            }
        }
        if cur.len() >= 2 {
            out.push(cur);
        }
        out
    }
    /// The visible pieces of a polyline given as `[lon, lat]`, in pixels.
    fn polylines_px(&self, line: &[[f64; 2]]) -> Vec<Vec<(i32, i32)>> {
        let unwrapped = self.plane.unwrap(line);
        self.rel_polylines_px(&unwrapped)
    }
    /// [`View::polylines_px`] for a line already in (rel, lat).
    fn rel_polylines_px(&self, unwrapped: &[[f64; 2]]) -> Vec<Vec<(i32, i32)>> {
        let clip = self.pixel_clip();
        let mut out = Vec::new();
        for shift in self.plane.shifts() {
            let shifted: Vec<[f64; 2]> = unwrapped.iter().map(|p| [p[0] + shift, p[1]]).collect();
            for piece in self.plane.win.clip_polyline(&shifted) {
                if !self.plane.near(&piece) {
                    continue;
                }
                for px in self.project_line(&piece) {
                    for vis in clip.clip_polyline(&px) {
                        out.push(round_px(&vis));
                    }
                }
            }
        }
        out
    }
    /// A closed ring (`[lon, lat]`) clipped to the window and the frame, in pixels, once per turn it shows in.
    fn polygons_px(&self, ring: &[[f64; 2]]) -> Vec<Vec<(i32, i32)>> {
        let unwrapped = self.plane.unwrap(ring);
        let clip = self.pixel_clip();
        let mut out = Vec::new();
        for shift in self.plane.shifts() {
            let shifted: Vec<[f64; 2]> = unwrapped.iter().map(|p| [p[0] + shift, p[1]]).collect();
            let r = self.plane.win.clip_polygon(&shifted);
            if r.len() < 3 || !self.plane.near(&r) {
                continue;
            }
            let px: Vec<[f64; 2]> = densify(&r, true)
                .iter()
                .filter_map(|p| self.plane.km(p[0], p[1]))
                .map(|k| {
                    let (x, y) = self.px_f(k);
                    [x, y]
                })
                .collect();
            let vis = clip.clip_polygon(&px);
            if vis.len() >= 3 {
                out.push(round_px(&vis));
            }
        }
        out
    }
    fn px_rect(&self) -> (i32, i32, i32, i32) {
        (
            self.x0.round() as i32,
            self.y0.round() as i32,
            (self.x0 + self.w).round() as i32,
            (self.y0 + self.h).round() as i32,
        )
    }
}

/// Pixels of `pts`, leaving out points within 1.5 px of the last one kept (the last point always kept): at map
/// scale most Natural Earth vertices and track samples fall on the same pixel, and each segment costs a draw.
fn round_px(pts: &[[f64; 2]]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(pts.len());
    let mut last: Option<[f64; 2]> = None;
    for (i, p) in pts.iter().enumerate() {
        let keep = match last {
            None => true,
            Some(q) => i + 1 == pts.len() || (p[0] - q[0]).hypot(p[1] - q[1]) >= 1.5,
        };
        if keep {
            out.push((p[0].round() as i32, p[1].round() as i32));
            last = Some(*p);
        }
    }
    out
}

/// Maps are designed at this width (px): at 1,200 px every nominal size is its size in pixels (labels 14 px).
const MAP_DESIGN_PX: f64 = 1200.0;

fn map_scale(width_px: u32, supersample: u32, raster: bool) -> Scale {
    Scale::with_design_width(width_px, supersample, raster, MAP_DESIGN_PX, 0.6)
}

/// Legend panel width (nominal px).
const LEGEND_W: f64 = 230.0;
/// Space under the map frame (nominal px): on a plate carrée the longitude labels and the credit line, otherwise the
/// credit line and the note on labels left out.
fn bottom_margin(spec: &MapSpec) -> f64 {
    if spec.projection.kind() == ProjectionKind::PlateCarree {
        47.0
    } else {
        58.0
    }
}

/// Left margin (nominal px): outside latitude labels on a plate carrée, none needed otherwise (labels inside).
fn left_margin(spec: &MapSpec) -> f64 {
    if spec.projection.kind() == ProjectionKind::PlateCarree {
        62.0
    } else {
        16.0
    }
}

/// The width-dependent part of [`layout`] (backend px): header height, map aspect ratio and the width available to
/// the map frame.
struct Frame {
    top: f64,
    aspect: f64,
    avail_w: f64,
}

impl Frame {
    fn new(spec: &MapSpec, plane: &Plane, sc: Scale, bw: u32) -> Self {
        let top = f64::from(header_height(sc, bw, &spec.title, &spec.subtitle));
        let (left, gap, legend_w) = (left_margin(spec) * sc.s, 20.0 * sc.s, LEGEND_W * sc.s);
        let avail_w = (f64::from(bw) - left - gap - legend_w - 16.0 * sc.s).max(50.0);
        Frame {
            top,
            aspect: plane.aspect(),
            avail_w,
        }
    }
}

/// The image height (px) at which the map of `spec` drawn `width_px` wide fills the width with no blank band
/// below (or beside) it: the header with the wrapped title and subtitle, the map frame at the aspect ratio of its
/// projection, the labels and credit line under it, and at least the height of the legend panel. Clamped to the
/// accepted image sizes (200..=8192 px; `width_px` itself is clamped to that range first), so a very tall narrow
/// extent may still be limited by the height.
///
/// An invalid extent or projection gives half the width; rendering then reports the error.
pub fn map_height_px(spec: &MapSpec, width_px: u32) -> u32 {
    let width_px = width_px.clamp(MIN_SIDE_PX, MAX_SIDE_PX);
    if spec.extent.validate().is_err() || spec.projection.validate().is_err() {
        return (width_px / 2).clamp(MIN_SIDE_PX, MAX_SIDE_PX);
    }
    let sc = map_scale(width_px, 1, false);
    let plane = Plane::new(spec);
    let frame = Frame::new(spec, &plane, sc, width_px);
    let map_h = frame.avail_w / frame.aspect;
    // Under the legend, when it is taller than the map: a small margin (the credit line sits under the map).
    let legend_h = legend_height(spec, sc) + 10.0 * sc.s;
    let h = frame.top + (map_h + bottom_margin(spec) * sc.s).max(legend_h);
    // Ceil (plus a hair against rounding) so the frame stays width-limited: `layout` then takes w = avail_w.
    let h = (h + 1e-6).ceil();
    (h.min(f64::from(MAX_SIDE_PX)) as u32).clamp(MIN_SIDE_PX, MAX_SIDE_PX)
}

/// Where the map frame goes in a figure of `bw` x `bh` backend pixels: [margin | map | gap | legend], centred
/// horizontally, under the header, at the aspect ratio of the projected frame.
fn layout(spec: &MapSpec, sc: Scale, bw: u32, bh: u32) -> View {
    let plane = Plane::new(spec);
    let frame = Frame::new(spec, &plane, sc, bw);
    let (top, aspect, avail_w) = (frame.top, frame.aspect, frame.avail_w);
    let (left, gap, legend_w, bottom) = (
        left_margin(spec) * sc.s,
        20.0 * sc.s,
        LEGEND_W * sc.s,
        bottom_margin(spec) * sc.s,
    );
    let bw = f64::from(bw);
    let avail_h = (f64::from(bh) - top - bottom).max(50.0);
    let (w, h) = if avail_w / avail_h > aspect {
        (avail_h * aspect, avail_h)
    } else {
        (avail_w, avail_w / aspect)
    };
    let total_w = left + w + gap + legend_w;
    let x0 = ((bw - total_w) / 2.0).max(0.0) + left;
    View {
        plane,
        x0: x0.round(),
        y0: top.round(),
        w: w.round(),
        h: h.round(),
    }
}

/// Pixel position `(x, y)` (from the top-left corner, px) of the point (`lat_deg`, `lon_deg`) in the map that
/// [`map_png`] / [`map_svg`] draw for `spec` at `width_px` x `height_px`; `None` when the point is outside the map.
/// For placing annotations or HTML image-map areas over a rendered map.
pub fn map_pixel(
    spec: &MapSpec,
    width_px: u32,
    height_px: u32,
    lat_deg: f64,
    lon_deg: f64,
) -> Result<Option<(f64, f64)>, VizError> {
    spec.extent.validate()?;
    spec.projection.validate()?;
    crate::render::check_size(width_px, height_px)?;
    let sc = map_scale(width_px, 1, false);
    let view = layout(spec, sc, width_px, height_px);
    if !(lat_deg.is_finite() && lon_deg.is_finite()) {
        return Ok(None);
    }
    Ok(view.point_f(lat_deg, wrap_lon_closed(lon_deg)))
}

/// [`map_pixel`] of many points (`[lat_deg, lon_deg]`) at once: the layout is worked out once.
pub fn map_pixels(
    spec: &MapSpec,
    width_px: u32,
    height_px: u32,
    points_lat_lon: &[[f64; 2]],
) -> Result<Vec<Option<(f64, f64)>>, VizError> {
    spec.extent.validate()?;
    spec.projection.validate()?;
    crate::render::check_size(width_px, height_px)?;
    let sc = map_scale(width_px, 1, false);
    let view = layout(spec, sc, width_px, height_px);
    Ok(points_lat_lon
        .iter()
        .map(|p| {
            (p[0].is_finite() && p[1].is_finite())
                .then(|| view.point_f(p[0], wrap_lon_closed(p[1])))
                .flatten()
        })
        .collect())
}

/// A site label placed on a map (px from the top-left corner of the image).
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabel {
    /// The text drawn.
    pub text: String,
    /// Box of the text: left, top, right, bottom (px).
    pub bbox_px: [f64; 4],
    /// Whether it stands off its marker with a leader line.
    pub leader: bool,
}

/// The site labels of a map as drawn: those placed, and those left out for lack of room (named under the map).
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabels {
    /// Labels placed, none overlapping another or a marker, all inside the map frame.
    pub placed: Vec<MapLabel>,
    /// Labels left out, listed under the map.
    pub omitted: Vec<String>,
    /// The map frame: left, top, right, bottom (px).
    pub frame_px: [f64; 4],
}

/// The site labels [`map_svg`] places for `spec` at `width_px` x `height_px` (the PNG places the same ones).
pub fn map_labels(spec: &MapSpec, width_px: u32, height_px: u32) -> Result<MapLabels, VizError> {
    validate(spec)?;
    crate::render::check_size(width_px, height_px)?;
    let sc = map_scale(width_px, 1, false);
    let view = layout(spec, sc, width_px, height_px);
    let grat = graticule_labels(sc, &view);
    let p = place_labels(sc, &view, spec, &grat);
    let (pl, pt, pr, pb) = view.px_rect();
    Ok(MapLabels {
        placed: p
            .placed
            .iter()
            .map(|l| MapLabel {
                text: l.text.clone(),
                bbox_px: l.bbox.map(f64::from),
                leader: l.leader.is_some(),
            })
            .collect(),
        omitted: p.omitted,
        frame_px: [pl, pt, pr, pb].map(f64::from),
    })
}

fn draw_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    spec: &MapSpec,
) -> Result<(), VizError> {
    area.fill(&WHITE)?;
    let (bw, bh) = area.dim_in_pixel();
    header(area, sc, &spec.title, &spec.subtitle)?;
    let gap = 20.0 * sc.s;
    let view = layout(spec, sc, bw, bh);
    let (pl, pt, pr, pb) = view.px_rect();

    area.draw(&Rectangle::new([(pl, pt), (pr, pb)], palette::SEA.filled()))?;
    draw_land(area, &view)?;
    if let Some(g) = &spec.grid {
        draw_grid(area, &view, g)?;
    }
    let grat = graticule_labels(sc, &view);
    if view.plane.proj.kind() == ProjectionKind::PlateCarree {
        draw_graticule(area, sc, &view)?;
    } else {
        draw_graticule_lines(area, sc, &view)?;
    }
    draw_outlines(area, sc, &view)?;
    for fan in &spec.fans {
        draw_fan(area, sc, &view, fan, spec.grid.is_none())?;
    }
    // Not engaged first and muted, engaged on top.
    for engaged in [false, true] {
        for track in spec.tracks.iter().filter(|t| t.engaged == engaged) {
            draw_track(area, sc, &view, track, spec.grid.is_some())?;
        }
    }
    for p in &spec.intercepts {
        if let Some(c) = view.point(p[0], p[1]) {
            marker(area, sc, Marker::Cross, c, 7.0, palette::PURPLE)?;
        }
    }
    for g in &grat {
        text(
            area,
            sc,
            &g.text,
            g.pos,
            &g.font,
            RGBColor(70, 70, 70),
            anchor(g.h, g.v),
            Some(sc.px(1.5).max(1)),
        )?;
    }
    let placed = place_labels(sc, &view, spec, &grat);
    draw_sites(area, sc, &placed)?;
    area.draw(&Rectangle::new(
        [(pl, pt), (pr, pb)],
        RGBColor(60, 60, 60).stroke_width(sc.w(1.0)),
    ))?;

    let grey = RGBColor(110, 110, 110);
    let small = sc.font(13.0, false);
    let credit = format!(
        "{}. Coastlines and borders: Natural Earth 1:110m",
        view.plane.proj.describe()
    );
    let below = if view.plane.proj.kind() == ProjectionKind::PlateCarree {
        sc.px(30.0)
    } else {
        sc.px(8.0)
    };
    text(
        area,
        sc,
        &credit,
        (pr, pb + below),
        &small,
        grey,
        anchor(HPos::Right, VPos::Top),
        None,
    )?;
    if !placed.omitted.is_empty() {
        let note = format!(
            "Not labelled for lack of room: {}",
            placed.omitted.join(", ")
        );
        let max_w = f64::from(pr - pl);
        let lines = crate::render::wrap_text(&note, sc.font(13.0, false), max_w);
        let mut y = pb + below + sc.px(18.0);
        for line in lines.iter().take(1) {
            text(
                area,
                sc,
                line,
                (pl, y),
                &sc.font(13.0, false),
                palette::INK,
                anchor(HPos::Left, VPos::Top),
                None,
            )?;
            y += sc.px(17.0);
        }
    }
    draw_legend(area, sc, (pr + gap as i32, pt), spec)?;
    Ok(())
}

fn draw_land<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
) -> Result<(), VizError> {
    for kind in [OutlineKind::LandRing, OutlineKind::LandHole] {
        let color = if kind == OutlineKind::LandRing {
            palette::LAND
        } else {
            palette::SEA
        };
        for o in world_outlines().iter().filter(|o| o.kind == kind) {
            for pts in view.polygons_px(&o.points) {
                area.draw(&Polygon::new(pts, color.filled()))?;
            }
        }
    }
    Ok(())
}

fn draw_outlines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    view: &View,
) -> Result<(), VizError> {
    for (kind, color, width) in [
        (OutlineKind::Border, palette::BORDER, 0.9),
        (OutlineKind::Coastline, palette::COAST, 1.1),
    ] {
        for o in world_outlines().iter().filter(|o| o.kind == kind) {
            for pts in view.polylines_px(&o.points) {
                area.draw(&PathElement::new(pts, color.stroke_width(sc.w(width))))?;
            }
        }
    }
    Ok(())
}

/// Graticule step (deg) giving at most ~12 lines across `span_deg`.
fn graticule_step(span_deg: f64) -> f64 {
    [0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0]
        .into_iter()
        .find(|s| span_deg / s <= 12.0)
        .unwrap_or(90.0)
}

fn deg_label(v: f64, pos: char, neg: char, step: f64) -> String {
    let a = v.abs();
    let num = if step < 1.0 {
        format!("{a:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        format!("{a:.0}")
    };
    if a < 1e-9 || (pos == 'E' && (a - 180.0).abs() < 1e-9) {
        format!("{num}°")
    } else {
        format!("{num}°{}", if v > 0.0 { pos } else { neg })
    }
}

/// The plate carrée graticule: straight lines, labels outside the frame (left and bottom).
fn draw_graticule<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    view: &View,
) -> Result<(), VizError> {
    let win = view.plane.win;
    let lon0 = view.plane.lon0;
    let (west, east) = (win.x0 + lon0, win.x1 + lon0);
    let step = graticule_step((east - west).max(win.y1 - win.y0));
    let line = RGBColor(120, 140, 160).mix(0.35).stroke_width(sc.w(0.6));
    let (pl, pt, pr, pb) = view.px_rect();
    let font = sc.font(13.0, false);
    let ink = RGBColor(70, 70, 70);
    let tick = sc.px(5.0);
    let ticks = |lo: f64, hi: f64| {
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        (first..=last).map(move |i| i as f64 * step)
    };
    let xy = |rel: f64, lat: f64| {
        let (x, y) = view.px_f(view.plane.km(rel, lat).unwrap_or((0.0, 0.0)));
        (x.round() as i32, y.round() as i32)
    };
    let mut last_label_right = i32::MIN;
    for lon in ticks(west, east) {
        let (x, _) = xy(lon - lon0, win.y1);
        area.draw(&PathElement::new(vec![(x, pt), (x, pb)], line))?;
        area.draw(&PathElement::new(
            vec![(x, pb), (x, pb + tick)],
            ink.stroke_width(sc.w(1.0)),
        ))?;
        let label = deg_label(wrap_lon_closed(lon), 'E', 'W', step);
        let half = text_width(area, &label, &font) / 2;
        if x - half > last_label_right + sc.px(6.0) {
            text(
                area,
                sc,
                &label,
                (x, pb + tick + sc.px(3.0)),
                &font,
                ink,
                anchor(HPos::Center, VPos::Top),
                None,
            )?;
            last_label_right = x + half;
        }
    }
    for lat in ticks(win.y0, win.y1) {
        let (_, y) = xy(win.x0, lat);
        area.draw(&PathElement::new(vec![(pl, y), (pr, y)], line))?;
        area.draw(&PathElement::new(
            vec![(pl - tick, y), (pl, y)],
            ink.stroke_width(sc.w(1.0)),
        ))?;
        let label = deg_label(lat, 'N', 'S', step);
        text(
            area,
            sc,
            &label,
            (pl - tick - sc.px(4.0), y),
            &font,
            ink,
            anchor(HPos::Right, VPos::Center),
            None,
        )?;
    }
    Ok(())
}

/// Graticule steps (deg) of a projected map: (meridians, parallels).
fn graticule_steps(view: &View) -> (f64, f64) {
    let f = view.plane.frame;
    let span_deg = (f[2] - f[0]).max(f[3] - f[1]) / 111.2;
    let lat_step = graticule_step(span_deg).max(1.0);
    let lon_step = if view.plane.proj.kind() == ProjectionKind::PolarAzimuthal {
        lat_step.max(30.0)
    } else {
        lat_step
    };
    (lon_step, lat_step)
}

/// The graticule lines of a projected map, each in (rel, lat): (meridian?, value in deg, line).
fn graticule_lines(view: &View) -> Vec<(bool, f64, Vec<[f64; 2]>)> {
    let (lon_step, lat_step) = graticule_steps(view);
    let win = view.plane.win;
    let (lo, hi) = (win.y0, win.y1.min(90.0));
    let polar = view.plane.proj.kind() == ProjectionKind::PolarAzimuthal;
    let mut out = Vec::new();
    let n_lon = (360.0 / lon_step).round() as i64;
    for i in 0..n_lon {
        let lon = wrap_lon(-180.0 + i as f64 * lon_step);
        let rel = wrap_lon(lon - view.plane.lon0);
        // Meridians stop one step short of the pole, but for the quarter meridians.
        let top = if polar && (lon / 90.0).fract().abs() > 1e-9 {
            hi - lat_step
        } else {
            hi
        };
        let line: Vec<[f64; 2]> = vec![[rel, lo], [rel, top]];
        out.push((true, lon, line));
    }
    let first = (lo / lat_step).ceil() as i64;
    let last = (hi / lat_step).floor() as i64;
    for i in first..=last {
        let lat = i as f64 * lat_step;
        if lat.abs() >= 89.999 {
            continue;
        }
        let x0 = if polar { -180.0 } else { win.x0.max(-180.0) };
        let x1 = if polar { 180.0 } else { win.x1.min(180.0) };
        out.push((false, lat, vec![[x0, lat], [x1, lat]]));
    }
    out
}

fn draw_graticule_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    view: &View,
) -> Result<(), VizError> {
    let line = RGBColor(120, 140, 160).mix(0.45).stroke_width(sc.w(0.8));
    for (_, _, l) in graticule_lines(view) {
        for pts in view.rel_polylines_px(&l) {
            area.draw(&PathElement::new(pts, line))?;
        }
    }
    Ok(())
}

/// A graticule label of a projected map: inside the frame where its line meets the edge.
struct GratLabel {
    text: String,
    pos: (i32, i32),
    h: HPos,
    v: VPos,
    font: TextFont,
    bbox: [i32; 4],
}

/// Labels of the graticule of a projected map (none for the plate carrée, labelled outside the frame): meridians
/// where they leave the frame (bottom, then top, then the sides), parallels at the left edge (else the right);
/// parallels that close inside the frame (on polar maps) where they cross the central meridian below the pole.
fn graticule_labels(sc: Scale, view: &View) -> Vec<GratLabel> {
    if view.plane.proj.kind() == ProjectionKind::PlateCarree {
        return Vec::new();
    }
    let (lon_step, lat_step) = graticule_steps(view);
    let (pl, pt, pr, pb) = view.px_rect();
    let font = sc.font(13.0, false);
    let th = (font.size * 1.2).round() as i32;
    let inset = sc.px(4.0);
    let tol = 2;
    let mut out: Vec<GratLabel> = Vec::new();
    let mut push = |text: String, pos: (i32, i32), h: HPos, v: VPos| {
        let w = text_width_f(&text, font).round() as i32;
        let x0 = match h {
            HPos::Left => pos.0,
            HPos::Right => pos.0 - w,
            HPos::Center => pos.0 - w / 2,
        };
        let y0 = match v {
            VPos::Top => pos.1,
            VPos::Bottom => pos.1 - th,
            VPos::Center => pos.1 - th / 2,
        };
        let bbox = [x0, y0, x0 + w, y0 + th];
        let inside = bbox[0] >= pl && bbox[2] <= pr && bbox[1] >= pt && bbox[3] <= pb;
        let free = out
            .iter()
            .all(|o| !overlaps(&o.bbox, &grow(&bbox, sc.px(4.0))));
        if inside && free {
            out.push(GratLabel {
                text,
                pos,
                h,
                v,
                font,
                bbox,
            });
        }
    };
    for (meridian, value, line) in graticule_lines(view) {
        let pieces = view.rel_polylines_px(&line);
        let ends: Vec<(i32, i32)> = pieces.iter().flat_map(|p| [p[0], p[p.len() - 1]]).collect();
        let on = |side: u8| {
            ends.iter().copied().find(|e| match side {
                0 => (e.1 - pb).abs() <= tol,
                1 => (e.1 - pt).abs() <= tol,
                2 => (e.0 - pl).abs() <= tol,
                _ => (e.0 - pr).abs() <= tol,
            })
        };
        if meridian {
            let label = deg_label(wrap_lon_closed(value), 'E', 'W', lon_step);
            if let Some(e) = on(0) {
                push(label, (e.0, pb - inset), HPos::Center, VPos::Bottom);
            } else if let Some(e) = on(1) {
                push(label, (e.0, pt + inset), HPos::Center, VPos::Top);
            } else if let Some(e) = on(2) {
                push(label, (pl + inset, e.1), HPos::Left, VPos::Center);
            } else if let Some(e) = on(3) {
                push(label, (pr - inset, e.1), HPos::Right, VPos::Center);
            }
        } else {
            let label = if value.abs() < 1e-9 {
                "Equator".to_string()
            } else {
                deg_label(value, 'N', 'S', lat_step)
            };
            if let Some(e) = on(2) {
                push(label, (pl + inset, e.1), HPos::Left, VPos::Center);
            } else if let Some(e) = on(3) {
                push(label, (pr - inset, e.1), HPos::Right, VPos::Center);
            } else if pieces.len() == 1 {
                // A closed circle round the pole: on the central meridian, below (north polar) the pole.
                if let Some(k) = view.plane.km(0.0, value) {
                    let (x, y) = view.px_f(k);
                    let pos = (x.round() as i32 + inset, y.round() as i32);
                    push(label, pos, HPos::Left, VPos::Center);
                }
            }
        }
    }
    out
}

fn overlaps(a: &[i32; 4], b: &[i32; 4]) -> bool {
    !(a[2] <= b[0] || a[0] >= b[2] || a[3] <= b[1] || a[1] >= b[3])
}

fn grow(b: &[i32; 4], d: i32) -> [i32; 4] {
    [b[0] - d, b[1] - d, b[2] + d, b[3] + d]
}

/// Bin code of a grid cell: 0..6 window bins, `NOT_ENGAGEABLE_BIN`, or `NO_DATA`.
const NOT_ENGAGEABLE_BIN: u8 = 200;
const NO_DATA: u8 = 255;

/// The discrete colour scale for the grid's positive windows; `None` when there is none.
fn grid_scale(g: &GridLayer) -> Option<WindowScale> {
    let max = g
        .values
        .iter()
        .filter(|v| v.is_finite() && **v > 0.0)
        .fold(0.0f64, |m, v| m.max(f64::from(*v)));
    WindowScale::for_max(max)
}

/// Shades the grid: samples it at every backend pixel of the plot (nearest cell, through the inverse projection),
/// then draws runs of equal colour merged across rows as rectangles. Cost and SVG size scale with the outline of
/// colour regions, not the cell count.
fn draw_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    g: &GridLayer,
) -> Result<(), VizError> {
    let scale = grid_scale(g);
    let bins: Vec<u8> = g
        .values
        .iter()
        .map(|v| match (v.is_nan(), scale) {
            (true, _) => NO_DATA,
            (false, _) if *v <= 0.0 => NOT_ENGAGEABLE_BIN,
            (false, Some(s)) => s.bin(f64::from(*v)) as u8,
            (false, None) => NO_DATA,
        })
        .collect();
    let (pl, pt, pr, pb) = view.px_rect();
    let plane = view.plane;
    let cell = |coord: f64, origin: f64, n: usize| -> Option<usize> {
        let i = ((coord - origin) / g.spacing_deg).round();
        (i >= 0.0 && i < n as f64).then_some(i as usize)
    };
    let code_at = |x: i32, y: i32| -> u8 {
        let (kx, ky) = view.km_of_px(f64::from(x) + 0.5, f64::from(y) + 0.5);
        let Some((rel, lat)) = plane.prepared.inverse(kx, ky, plane.cos_mid) else {
            return NO_DATA;
        };
        if !(plane.win.y0..=plane.win.y1).contains(&lat) {
            return NO_DATA;
        }
        let Some(r) = cell(lat, g.lat0_deg, g.rows) else {
            return NO_DATA;
        };
        let lon = wrap_lon(rel + plane.lon0);
        // The grid may be given in either turn of longitude (e.g. -179.5.. or 150.5..230.5).
        SHIFTS
            .iter()
            .find_map(|shift| cell(lon + shift, g.lon0_deg, g.cols))
            .map_or(NO_DATA, |c| bins[r * g.cols + c])
    };
    let color_of = |b: u8| -> RGBAColor {
        match (b, scale) {
            (NOT_ENGAGEABLE_BIN, _) => palette::NOT_ENGAGEABLE.mix(0.75),
            (b, Some(s)) => s.color(usize::from(b)).mix(1.0),
            _ => TRANSPARENT,
        }
    };
    // Open rectangles keyed by (x start, x end, bin) -> first pixel row.
    let mut open: HashMap<(i32, i32, u8), i32> = HashMap::new();
    let mut runs: Vec<(i32, i32, u8)> = Vec::new();
    let emit = |x0: i32, x1: i32, b: u8, y0: i32, y1: i32| -> Result<(), VizError> {
        area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color_of(b).filled()))?;
        Ok(())
    };
    for y in pt..=pb {
        runs.clear();
        if y < pb {
            let mut start = pl;
            while start < pr {
                let b = code_at(start, y);
                let mut end = start + 1;
                while end < pr && code_at(end, y) == b {
                    end += 1;
                }
                if b != NO_DATA {
                    runs.push((start, end, b));
                }
                start = end;
            }
        }
        let mut next: HashMap<(i32, i32, u8), i32> = HashMap::with_capacity(runs.len());
        for run in &runs {
            let y0 = open.remove(run).unwrap_or(y);
            next.insert(*run, y0);
        }
        let mut closed: Vec<_> = open.drain().collect();
        closed.sort_unstable(); // deterministic output order
        for ((x0, x1, b), y0) in closed {
            emit(x0, x1, b, y0, y)?;
        }
        open = next;
    }
    Ok(())
}

/// A radar footprint: outline, plus a light fill when no grid is drawn (over the grid a fill would muddy its colours).
fn draw_fan<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    view: &View,
    fan: &RadarFan,
    fill: bool,
) -> Result<(), VizError> {
    let ring = footprint_ring(
        fan.lat_deg,
        crate::geo::wrap_lon(fan.lon_deg),
        fan.range_km,
        fan.boresight_deg,
        fan.half_width_deg,
    );
    if fill {
        for pts in view.polygons_px(&ring) {
            area.draw(&Polygon::new(pts, palette::ORANGE.mix(0.12).filled()))?;
        }
    }
    // Outline without the artificial pole closure.
    let outline: Vec<[f64; 2]> = ring.iter().copied().filter(|p| p[1].abs() < 90.0).collect();
    for pts in view.polylines_px(&outline) {
        area.draw(&PathElement::new(
            pts,
            palette::ORANGE.mix(0.8).stroke_width(sc.w(1.5)),
        ))?;
    }
    Ok(())
}

/// A track: engaged ones in vermillion, thicker, on a white casing; the others thin and light grey (muted).
fn draw_track<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    view: &View,
    track: &Track,
    cased: bool,
) -> Result<(), VizError> {
    let line: Vec<[f64; 2]> = track.points.iter().map(|p| [p[1], p[0]]).collect();
    for pts in view.polylines_px(&line) {
        if track.engaged {
            area.draw(&PathElement::new(
                pts.clone(),
                WHITE.mix(0.9).stroke_width(sc.w(5.0)),
            ))?;
            area.draw(&PathElement::new(
                pts,
                palette::VERMILLION.stroke_width(sc.w(2.6)),
            ))?;
        } else {
            // Over a grid a thin white casing keeps the grey line apart from grey cells (not engageable).
            if cased {
                area.draw(&PathElement::new(
                    pts.clone(),
                    WHITE.mix(0.6).stroke_width(sc.w(3.0)),
                ))?;
            }
            area.draw(&PathElement::new(
                pts,
                palette::NOT_ENGAGEABLE.stroke_width(sc.w(1.6)),
            ))?;
        }
    }
    Ok(())
}

fn site_style(kind: SiteKind) -> (Marker, RGBColor, &'static str) {
    match kind {
        SiteKind::Interceptor => (Marker::Triangle, palette::BLUE, "Interceptor site"),
        SiteKind::Radar => (Marker::Square, palette::ORANGE, "Radar"),
        SiteKind::Launch => (Marker::Star, palette::VERMILLION, "Launch point"),
        SiteKind::Aim => (Marker::Dot, palette::INK, "Aim point"),
    }
}

/// Sites whose markers would overlap, grouped: `(centre, sites in marker order)`. Each group is drawn as a row of
/// markers centred on the first site's position, with one label listing the distinct names.
fn site_groups<'a>(
    sc: Scale,
    view: &View,
    sites: &'a [MapSite],
) -> Vec<((i32, i32), Vec<&'a MapSite>)> {
    let near = sc.px(5.0);
    let mut groups: Vec<((i32, i32), Vec<&MapSite>)> = Vec::new();
    for s in sites {
        let Some(c) = view.point(s.lat_deg, wrap_lon_closed(s.lon_deg)) else {
            continue;
        };
        match groups
            .iter_mut()
            .find(|(g, _)| (g.0 - c.0).abs() <= near && (g.1 - c.1).abs() <= near)
        {
            Some((_, members)) => members.push(s),
            None => groups.push((c, vec![s])),
        }
    }
    for (_, members) in &mut groups {
        members.sort_by_key(|s| s.kind as u8); // stable: input order within a kind
    }
    groups
}

/// A site label placed.
struct PlacedLabel {
    text: String,
    bbox: [i32; 4],
    pos: (i32, i32),
    h: HPos,
    /// Leader line from the marker to the label, when it stands off.
    leader: Option<((i32, i32), (i32, i32))>,
}

/// Markers and labels of the sites.
struct SitePlacement {
    /// Markers: kind, centre.
    markers: Vec<(SiteKind, (i32, i32))>,
    placed: Vec<PlacedLabel>,
    omitted: Vec<String>,
    font: TextFont,
}

/// Places the site markers (co-located ones side by side) and their labels, greedily, most constrained first: for
/// each group of markers the first free position among right, left, above, below and the four diagonals next to
/// it, then the same further out with a leader line; a label that fits nowhere is left out and named under the
/// map. Free means inside the frame, clear of every marker, intercept cross, other label and graticule label.
fn place_labels(sc: Scale, view: &View, spec: &MapSpec, grat: &[GratLabel]) -> SitePlacement {
    let font = sc.font(14.0, false);
    let groups = site_groups(sc, view, &spec.sites);
    let spacing = sc.px(16.0);
    let r = sc.px(9.0);
    let mut taken: Vec<[i32; 4]> = spec
        .intercepts
        .iter()
        .filter_map(|p| view.point(p[0], p[1]))
        .map(|c| [c.0 - r, c.1 - r, c.0 + r, c.1 + r])
        .collect();
    taken.extend(grat.iter().map(|g| g.bbox));
    let mut markers = Vec::new();
    let mut half_extent = Vec::with_capacity(groups.len());
    for (c, members) in &groups {
        let n = members.len() as i32;
        let x_first = c.0 - (n - 1) * spacing / 2;
        for (k, s) in members.iter().enumerate() {
            let x = x_first + k as i32 * spacing;
            markers.push((s.kind, (x, c.1)));
            taken.push([x - r, c.1 - r, x + r, c.1 + r]);
        }
        half_extent.push((n - 1) * spacing / 2);
    }
    let (pl, pt, pr, pb) = view.px_rect();
    let th = (font.size * 1.25).round() as i32;
    let pad = sc.px(2.0);
    let mut todo: Vec<(usize, String, i32)> = Vec::new();
    for (i, ((_, members), ex)) in groups.iter().zip(&half_extent).enumerate() {
        let mut names: Vec<&str> = Vec::new();
        for s in members {
            let name = s.name.trim();
            // Two sites of one place (Deveselu, Deveselu IIB) read as the place once.
            let same_place = names.iter().any(|n| {
                name == *n
                    || name
                        .strip_prefix(n)
                        .is_some_and(|rest| rest.starts_with(' '))
            });
            if !name.is_empty() && !same_place {
                names.push(name);
            }
        }
        if !names.is_empty() {
            todo.push((i, names.join(", "), *ex));
        }
    }
    // Most crowded first: the group with the most other markers close by picks its place before the others.
    let crowd = |i: usize| {
        let c = groups[i].0;
        groups
            .iter()
            .filter(|(d, _)| (d.0 - c.0).abs() < sc.px(150.0) && (d.1 - c.1).abs() < sc.px(60.0))
            .count()
    };
    todo.sort_by_key(|(i, _, _)| std::cmp::Reverse(crowd(*i)));
    let mut placed = Vec::new();
    let mut omitted = Vec::new();
    for (i, label, ex) in todo {
        let c = groups[i].0;
        let w = text_width_f(&label, font).round() as i32;
        let mut found = None;
        'rings: for (k, dist) in [sc.px(11.0), sc.px(34.0), sc.px(60.0)]
            .into_iter()
            .enumerate()
        {
            let (right, left) = (c.0 + ex + dist, c.0 - ex - dist);
            let diag = dist * 7 / 10;
            let cands = [
                ((right, c.1), HPos::Left),
                ((left, c.1), HPos::Right),
                ((c.0, c.1 - dist - th / 2), HPos::Center),
                ((c.0, c.1 + dist + th / 2), HPos::Center),
                ((c.0 + ex + diag, c.1 - diag - th / 2), HPos::Left),
                ((c.0 + ex + diag, c.1 + diag + th / 2), HPos::Left),
                ((c.0 - ex - diag, c.1 - diag - th / 2), HPos::Right),
                ((c.0 - ex - diag, c.1 + diag + th / 2), HPos::Right),
            ];
            for (pos, h) in cands {
                let x0 = match h {
                    HPos::Left => pos.0,
                    HPos::Right => pos.0 - w,
                    HPos::Center => pos.0 - w / 2,
                };
                let bbox = [x0, pos.1 - th / 2, x0 + w, pos.1 + th / 2];
                let inside = bbox[0] >= pl + pad
                    && bbox[2] <= pr - pad
                    && bbox[1] >= pt + pad
                    && bbox[3] <= pb - pad;
                let padded = grow(&bbox, pad);
                if inside && taken.iter().all(|t| !overlaps(t, &padded)) {
                    let leader = (k > 0).then(|| {
                        // From the marker's edge to the nearest point of the label's box.
                        let tx = c.0.clamp(bbox[0], bbox[2]);
                        let ty = c.1.clamp(bbox[1], bbox[3]);
                        let (dx, dy) = (f64::from(tx - c.0), f64::from(ty - c.1));
                        let d = dx.hypot(dy).max(1.0);
                        let s = f64::from(r) / d;
                        (
                            (c.0 + (dx * s).round() as i32, c.1 + (dy * s).round() as i32),
                            (tx, ty),
                        )
                    });
                    found = Some((bbox, pos, h, leader));
                    break 'rings;
                }
            }
        }
        match found {
            Some((bbox, pos, h, leader)) => {
                taken.push(bbox);
                placed.push(PlacedLabel {
                    text: label,
                    bbox,
                    pos,
                    h,
                    leader,
                });
            }
            None => omitted.push(label),
        }
    }
    SitePlacement {
        markers,
        placed,
        omitted,
        font,
    }
}

fn draw_sites<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    p: &SitePlacement,
) -> Result<(), VizError> {
    for l in &p.placed {
        if let Some((a, b)) = l.leader {
            area.draw(&PathElement::new(
                vec![a, b],
                RGBColor(90, 90, 90).stroke_width(sc.w(1.0)),
            ))?;
        }
    }
    for (kind, c) in &p.markers {
        let (m, color, _) = site_style(*kind);
        marker(area, sc, m, *c, 6.5, color)?;
    }
    for l in &p.placed {
        text(
            area,
            sc,
            &l.text,
            l.pos,
            &p.font,
            palette::INK,
            anchor(l.h, VPos::Center),
            Some(sc.px(2.0).max(1)),
        )?;
    }
    Ok(())
}

/// What the legend panel lists, derived from the spec (shared by drawing and [`legend_height`]).
struct LegendContent<'a> {
    /// Grid heading and colour scale, when there is a grid.
    grid: Option<(&'a str, Option<WindowScale>)>,
    /// Site kinds with at least one site inside the extent, in enum order.
    kinds: Vec<SiteKind>,
    fans: bool,
    engaged: bool,
    not_engaged: bool,
    intercepts: bool,
}

/// Nominal legend metrics: heading step, row step, space after the grid block.
const LEGEND_HEADING: f64 = 28.0;
const LEGEND_ROW: f64 = 23.0;
const LEGEND_BLOCK_GAP: f64 = 14.0;

impl<'a> LegendContent<'a> {
    fn new(spec: &'a MapSpec) -> Self {
        let plane = Plane::new(spec);
        let inside = |lat: f64, lon: f64| plane.point_km(lat, wrap_lon_closed(lon)).is_some();
        let mut kinds: Vec<SiteKind> = Vec::new();
        for s in spec.sites.iter().filter(|s| inside(s.lat_deg, s.lon_deg)) {
            if !kinds.contains(&s.kind) {
                kinds.push(s.kind);
            }
        }
        kinds.sort_by_key(|k| *k as u8);
        let grid = spec.grid.as_ref().map(|g| {
            let title = if g.legend_title.is_empty() {
                "Intercept window (s)"
            } else {
                g.legend_title.as_str()
            };
            (title, grid_scale(g))
        });
        LegendContent {
            grid,
            kinds,
            fans: !spec.fans.is_empty(),
            engaged: spec.tracks.iter().any(|t| t.engaged),
            not_engaged: spec.tracks.iter().any(|t| !t.engaged),
            intercepts: spec.intercepts.iter().any(|p| inside(p[0], p[1])),
        }
    }

    fn symbol_rows(&self) -> usize {
        self.kinds.len()
            + usize::from(self.fans)
            + usize::from(self.engaged)
            + usize::from(self.not_engaged)
            + usize::from(self.intercepts)
    }
}

/// Height (backend px) of the legend panel, from its top to the bottom of its last swatch.
fn legend_height(spec: &MapSpec, sc: Scale) -> f64 {
    let c = LegendContent::new(spec);
    let mut h = 0.0;
    if let Some((_, scale)) = c.grid {
        let rows = scale.map_or(0, |s| s.count) + 2;
        h += LEGEND_HEADING + LEGEND_ROW * rows as f64 + LEGEND_BLOCK_GAP;
    }
    let rows = c.symbol_rows();
    if rows > 0 {
        h += LEGEND_HEADING + LEGEND_ROW * rows as f64;
    }
    // The last row's swatch reaches half a swatch (8) below its centre, which is one row above `h`.
    if h > 0.0 {
        h += 8.0 - LEGEND_ROW;
    }
    h * sc.s
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    (x, y): (i32, i32),
    spec: &MapSpec,
) -> Result<(), VizError> {
    let content = LegendContent::new(spec);
    let font = sc.font(14.0, false);
    let bold = sc.font(15.0, true);
    let ink = palette::INK;
    let (sw, sh, row) = (sc.px(26.0), sc.px(16.0), sc.px(LEGEND_ROW));
    let tx = x + sw + sc.px(10.0);
    let mut cy = y;
    let left = anchor(HPos::Left, VPos::Center);
    if let Some((title, scale)) = content.grid {
        text(
            area,
            sc,
            title,
            (x, cy),
            &bold,
            ink,
            anchor(HPos::Left, VPos::Top),
            None,
        )?;
        cy += sc.px(LEGEND_HEADING);
        let swatch = |cy: i32| [(x, cy - sh / 2), (x + sw, cy + sh / 2)];
        if let Some(s) = scale {
            for i in (0..s.count).rev() {
                area.draw(&Rectangle::new(swatch(cy), s.color(i).filled()))?;
                text(area, sc, &s.label(i), (tx, cy), &font, ink, left, None)?;
                cy += row;
            }
        }
        let frame = RGBColor(120, 120, 120).stroke_width(sc.w(1.0));
        area.draw(&Rectangle::new(swatch(cy), palette::LAND.filled()))?;
        area.draw(&Rectangle::new(
            swatch(cy),
            palette::NOT_ENGAGEABLE.mix(0.75).filled(),
        ))?;
        text(
            area,
            sc,
            "0 (not engageable)",
            (tx, cy),
            &font,
            ink,
            left,
            None,
        )?;
        cy += row;
        area.draw(&Rectangle::new(swatch(cy), frame))?;
        text(
            area,
            sc,
            "out of reach (no fill)",
            (tx, cy),
            &font,
            ink,
            left,
            None,
        )?;
        cy += row + sc.px(LEGEND_BLOCK_GAP);
    }

    let fan_fill = if spec.grid.is_none() {
        palette::ORANGE.mix(0.14)
    } else {
        TRANSPARENT
    };
    if content.symbol_rows() == 0 {
        return Ok(());
    }
    text(
        area,
        sc,
        "Symbols",
        (x, cy),
        &bold,
        ink,
        anchor(HPos::Left, VPos::Top),
        None,
    )?;
    cy += sc.px(LEGEND_HEADING);
    let mid = (x + sw / 2, 0);
    for k in &content.kinds {
        let (m, color, label) = site_style(*k);
        marker(area, sc, m, (mid.0, cy), 6.5, color)?;
        text(area, sc, label, (tx, cy), &font, ink, left, None)?;
        cy += row;
    }
    if content.fans {
        let r = [(x, cy - sh / 2), (x + sw, cy + sh / 2)];
        area.draw(&Rectangle::new(r, fan_fill.filled()))?;
        area.draw(&Rectangle::new(
            r,
            palette::ORANGE.mix(0.8).stroke_width(sc.w(1.5)),
        ))?;
        text(area, sc, "Radar coverage", (tx, cy), &font, ink, left, None)?;
        cy += row;
    }
    for (engaged, shown, label) in [
        (true, content.engaged, "Track, engaged"),
        (false, content.not_engaged, "Track, not engaged"),
    ] {
        if shown {
            let (color, width) = if engaged {
                (palette::VERMILLION, 2.6)
            } else {
                (palette::NOT_ENGAGEABLE, 1.6)
            };
            area.draw(&PathElement::new(
                vec![(x, cy), (x + sw, cy)],
                color.stroke_width(sc.w(width)),
            ))?;
            text(area, sc, label, (tx, cy), &font, ink, left, None)?;
            cy += row;
        }
    }
    if content.intercepts {
        marker(area, sc, Marker::Cross, (mid.0, cy), 7.0, palette::PURPLE)?;
        text(
            area,
            sc,
            "Intercept point",
            (tx, cy),
            &font,
            ink,
            left,
            None,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_validation() {
        assert!(Extent::WORLD.validate().is_ok());
        let bad = Extent {
            west_deg: 10.0,
            south_deg: 0.0,
            east_deg: 10.0,
            north_deg: 5.0,
        };
        assert!(bad.validate().is_err());
        let bad = Extent {
            west_deg: 0.0,
            south_deg: f64::NAN,
            east_deg: 10.0,
            north_deg: 5.0,
        };
        assert!(bad.validate().is_err());
        let e = Extent::covering(&[[10.0, 20.0], [30.0, 50.0]], 5.0).unwrap();
        assert_eq!(
            e,
            Extent {
                west_deg: 15.0,
                south_deg: 5.0,
                east_deg: 55.0,
                north_deg: 35.0
            }
        );
        assert!(Extent::covering(&[], 1.0).is_none());
    }

    #[test]
    fn degree_labels() {
        assert_eq!(deg_label(-30.0, 'E', 'W', 30.0), "30°W");
        assert_eq!(deg_label(0.0, 'N', 'S', 30.0), "0°");
        assert_eq!(deg_label(180.0, 'E', 'W', 30.0), "180°");
        assert_eq!(deg_label(2.5, 'N', 'S', 0.5), "2.5°N");
        assert_eq!(graticule_step(360.0), 30.0);
        assert_eq!(graticule_step(40.0), 5.0);
    }
}
