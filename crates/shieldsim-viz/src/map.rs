//! Maps: equirectangular (plate carrée) projection with a cos(mid-latitude) aspect correction, Natural Earth land,
//! coastlines and borders, a degree graticule, the intercept-window grid on a discrete viridis scale, radar
//! footprints, tracks, intercept points and labelled sites, with a legend panel on the right.

use crate::error::{invalid, VizError};
use crate::geo::{footprint_ring, split_antimeridian, wrap_lon, wrap_lon_closed, ClipRect};
use crate::palette::{self, WindowScale};
use crate::render::{
    anchor, header, header_height, marker, render_png, render_svg, text, text_width, Marker, Scale,
    MAX_SIDE_PX, MIN_SIDE_PX,
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

    /// The longitude of (`lon`, `lat`) as drawn in this extent (shifted by a turn to lie east of the western edge),
    /// when the point is inside it.
    fn place(&self, lon: f64, lat: f64) -> Option<f64> {
        if !(self.south_deg..=self.north_deg).contains(&lat) {
            return None;
        }
        let east = self.east_unwrapped_deg();
        [lon, lon + 360.0, lon - 360.0]
            .into_iter()
            .find(|l| (self.west_deg..=east).contains(l))
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
    /// Whether the threat on this track is engaged (drawn black) or not (drawn vermillion).
    pub engaged: bool,
}

/// Everything drawn on a map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapSpec {
    /// Bold title at the top.
    pub title: String,
    /// Assumptions, one or more paragraphs (separated by `\n`) under the title; each wraps to the image width.
    pub subtitle: String,
    /// Area shown.
    pub extent: Extent,
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
    render_svg(width_px, height_px, |area, sc| draw_map(area, sc, spec))
}

/// Renders the map as an RGB PNG of `width_px` x `height_px` (each 200..=8192 px).
pub fn map_png(spec: &MapSpec, width_px: u32, height_px: u32) -> Result<Vec<u8>, VizError> {
    validate(spec)?;
    render_png(width_px, height_px, |area, sc| draw_map(area, sc, spec))
}

fn validate(spec: &MapSpec) -> Result<(), VizError> {
    spec.extent.validate()?;
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

/// Plot rectangle in backend pixels and the lon/lat -> pixel mapping.
#[derive(Debug, Clone, Copy)]
struct Projection {
    ext: Extent,
    x0: f64,
    y0: f64,
    w: f64,
    h: f64,
}

impl Projection {
    /// Pixel of (`lon`, `lat`), `lon` counted on from the western edge (see [`Projection::place`]).
    fn xy(&self, lon: f64, lat: f64) -> (i32, i32) {
        let (x, y) = self.xy_f(lon, lat);
        (x.round() as i32, y.round() as i32)
    }
    fn xy_f(&self, lon: f64, lat: f64) -> (f64, f64) {
        let x = self.x0 + (lon - self.ext.west_deg) / self.ext.width_deg() * self.w;
        let y = self.y0
            + (self.ext.north_deg - lat) / (self.ext.north_deg - self.ext.south_deg) * self.h;
        (x, y)
    }
    /// See [`Extent::place`].
    fn place(&self, lon: f64, lat: f64) -> Option<f64> {
        self.ext.place(lon, lat)
    }
    /// Clip window in drawn longitudes.
    fn clip(&self) -> ClipRect {
        ClipRect {
            x0: self.ext.west_deg,
            y0: self.ext.south_deg,
            x1: self.ext.east_unwrapped_deg(),
            y1: self.ext.north_deg,
        }
    }
    /// `points` (`[lon_deg, lat_deg]`) shifted by each turn of [`SHIFTS`]: geometry in [-180, 180] (or a little past,
    /// for rings across the antimeridian) is drawn in every turn it appears in, which covers an extent across it.
    fn turns<'p>(&self, points: &'p [[f64; 2]]) -> impl Iterator<Item = Vec<[f64; 2]>> + 'p {
        SHIFTS
            .iter()
            .map(move |shift| points.iter().map(|p| [p[0] + shift, p[1]]).collect())
    }
    fn px(&self, points: &[[f64; 2]]) -> Vec<(i32, i32)> {
        points.iter().map(|p| self.xy(p[0], p[1])).collect()
    }
    /// The closed ring clipped to the frame, in pixels, once per turn it shows in.
    fn polygons_px(&self, ring: &[[f64; 2]]) -> Vec<Vec<(i32, i32)>> {
        let clip = self.clip();
        self.turns(ring)
            .map(|r| clip.clip_polygon(&r))
            .filter(|r| r.len() >= 3)
            .map(|r| self.px(&r))
            .collect()
    }
    /// The visible pieces of a polyline, in pixels, in every turn.
    fn polylines_px(&self, line: &[[f64; 2]]) -> Vec<Vec<(i32, i32)>> {
        let clip = self.clip();
        self.turns(line)
            .flat_map(|l| clip.clip_polyline(&l))
            .map(|piece| self.px(&piece))
            .collect()
    }
    fn px_rect(&self) -> (i32, i32, i32, i32) {
        let (l, t) = (self.x0.round() as i32, self.y0.round() as i32);
        (
            l,
            t,
            (self.x0 + self.w).round() as i32,
            (self.y0 + self.h).round() as i32,
        )
    }
}

/// Longitude shifts (deg) at which geometry is drawn: rings crossing the antimeridian extend past ±180, and an
/// extent across it runs past 180.
const SHIFTS: [f64; 3] = [-360.0, 0.0, 360.0];

/// Legend panel width (nominal px).
const LEGEND_W: f64 = 250.0;
/// Space under the map frame for the longitude labels and the credit line (nominal px).
const BOTTOM: f64 = 50.0;

/// The width-dependent part of [`layout`] (backend px): header height, map aspect ratio and the width available to
/// the map frame.
struct Frame {
    top: f64,
    aspect: f64,
    avail_w: f64,
}

impl Frame {
    fn new(spec: &MapSpec, sc: Scale, bw: u32) -> Self {
        let top = f64::from(header_height(sc, bw, &spec.title, &spec.subtitle));
        let ext = spec.extent;
        let mid_lat = 0.5 * (ext.south_deg + ext.north_deg);
        let aspect =
            ext.width_deg() * mid_lat.to_radians().cos().max(0.2) / (ext.north_deg - ext.south_deg);
        let (left, gap, legend_w) = (62.0 * sc.s, 20.0 * sc.s, LEGEND_W * sc.s);
        let avail_w = (f64::from(bw) - left - gap - legend_w - 16.0 * sc.s).max(50.0);
        Frame {
            top,
            aspect,
            avail_w,
        }
    }
}

/// The image height (px) at which the map of `spec` drawn `width_px` wide fills the width with no blank band
/// below (or beside) it: the header with the wrapped title and subtitle, the map frame at the extent's aspect ratio
/// (the same projection as [`map_png`] / [`map_svg`]), the axis labels and credit line under it, and at least the
/// height of the legend panel. Clamped to the accepted image sizes (200..=8192 px; `width_px` itself is clamped to
/// that range first), so a very tall narrow extent may still be limited by the height.
///
/// An invalid extent (see [`Extent::validate`]) gives half the width; rendering then reports the error.
pub fn map_height_px(spec: &MapSpec, width_px: u32) -> u32 {
    let width_px = width_px.clamp(MIN_SIDE_PX, MAX_SIDE_PX);
    if spec.extent.validate().is_err() {
        return (width_px / 2).clamp(MIN_SIDE_PX, MAX_SIDE_PX);
    }
    let sc = Scale::new(width_px, 1, false);
    let frame = Frame::new(spec, sc, width_px);
    let map_h = frame.avail_w / frame.aspect;
    // Under the legend, when it is taller than the map: a small margin (the credit line sits under the map).
    let legend_h = legend_height(spec, sc) + 14.0 * sc.s;
    let h = frame.top + (map_h + BOTTOM * sc.s).max(legend_h);
    // Ceil (plus a hair against rounding) so the frame stays width-limited: `layout` then takes w = avail_w.
    let h = (h + 1e-6).ceil();
    (h.min(f64::from(MAX_SIDE_PX)) as u32).clamp(MIN_SIDE_PX, MAX_SIDE_PX)
}

/// Where the map frame goes in a figure of `bw` x `bh` backend pixels: [lat labels | map | gap | legend], centred
/// horizontally, under the header; the aspect ratio is Δlon·cos(mid-latitude) / Δlat.
fn layout(spec: &MapSpec, sc: Scale, bw: u32, bh: u32) -> Projection {
    let frame = Frame::new(spec, sc, bw);
    let (top, aspect, avail_w) = (frame.top, frame.aspect, frame.avail_w);
    let ext = spec.extent;
    let (left, gap, legend_w, bottom) = (62.0 * sc.s, 20.0 * sc.s, LEGEND_W * sc.s, BOTTOM * sc.s);
    let bw = f64::from(bw);
    let avail_h = (f64::from(bh) - top - bottom).max(50.0);
    let (w, h) = if avail_w / avail_h > aspect {
        (avail_h * aspect, avail_h)
    } else {
        (avail_w, avail_w / aspect)
    };
    let total_w = left + w + gap + legend_w;
    let x0 = ((bw - total_w) / 2.0).max(0.0) + left;
    Projection {
        ext,
        x0: x0.round(),
        y0: top.round(),
        w: w.round(),
        h: h.round(),
    }
}

/// Pixel position `(x, y)` (from the top-left corner, px) of the point (`lat_deg`, `lon_deg`) in the map that
/// [`map_png`] / [`map_svg`] draw for `spec` at `width_px` x `height_px`; `None` when the point is outside the extent.
/// For placing annotations or HTML image-map areas over a rendered map.
pub fn map_pixel(
    spec: &MapSpec,
    width_px: u32,
    height_px: u32,
    lat_deg: f64,
    lon_deg: f64,
) -> Result<Option<(f64, f64)>, VizError> {
    spec.extent.validate()?;
    crate::render::check_size(width_px, height_px)?;
    let sc = Scale::new(width_px, 1, false);
    let proj = layout(spec, sc, width_px, height_px);
    if !(lat_deg.is_finite() && lon_deg.is_finite()) {
        return Ok(None);
    }
    Ok(proj
        .place(wrap_lon_closed(lon_deg), lat_deg)
        .map(|lon| proj.xy_f(lon, lat_deg)))
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
    let proj = layout(spec, sc, bw, bh);
    let (pl, pt, pr, pb) = proj.px_rect();

    area.draw(&Rectangle::new([(pl, pt), (pr, pb)], palette::SEA.filled()))?;
    draw_land(area, &proj)?;
    if let Some(g) = &spec.grid {
        draw_grid(area, &proj, g)?;
    }
    draw_graticule(area, sc, &proj)?;
    draw_outlines(area, sc, &proj)?;
    for fan in &spec.fans {
        draw_fan(area, sc, &proj, fan, spec.grid.is_none())?;
    }
    for track in &spec.tracks {
        draw_track(area, sc, &proj, track)?;
    }
    for p in &spec.intercepts {
        if let Some(lon) = proj.place(wrap_lon_closed(p[1]), p[0]) {
            marker(
                area,
                sc,
                Marker::Cross,
                proj.xy(lon, p[0]),
                7.0,
                palette::PURPLE,
            )?;
        }
    }
    draw_sites(area, sc, &proj, spec)?;
    area.draw(&Rectangle::new(
        [(pl, pt), (pr, pb)],
        RGBColor(60, 60, 60).stroke_width(sc.w(1.0)),
    ))?;

    let credit = "Coastlines and borders: Natural Earth 1:110m";
    let grey = RGBColor(130, 130, 130);
    text(
        area,
        sc,
        credit,
        (pr, pb + sc.px(30.0)),
        &sc.font(12.0, false),
        grey,
        anchor(HPos::Right, VPos::Top),
        None,
    )?;
    draw_legend(area, sc, (pr + gap as i32, pt), spec)?;
    Ok(())
}

fn draw_land<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    proj: &Projection,
) -> Result<(), VizError> {
    for kind in [OutlineKind::LandRing, OutlineKind::LandHole] {
        let color = if kind == OutlineKind::LandRing {
            palette::LAND
        } else {
            palette::SEA
        };
        for o in world_outlines().iter().filter(|o| o.kind == kind) {
            for pts in proj.polygons_px(&o.points) {
                area.draw(&Polygon::new(pts, color.filled()))?;
            }
        }
    }
    Ok(())
}

fn draw_outlines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    proj: &Projection,
) -> Result<(), VizError> {
    for (kind, color, width) in [
        (OutlineKind::Border, palette::BORDER, 0.9),
        (OutlineKind::Coastline, palette::COAST, 1.1),
    ] {
        for o in world_outlines().iter().filter(|o| o.kind == kind) {
            for pts in proj.polylines_px(&o.points) {
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

fn draw_graticule<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    proj: &Projection,
) -> Result<(), VizError> {
    let ext = proj.ext;
    let step = graticule_step(ext.width_deg().max(ext.north_deg - ext.south_deg));
    let line = RGBColor(120, 140, 160).mix(0.35).stroke_width(sc.w(0.8));
    let (pl, pt, pr, pb) = proj.px_rect();
    let font = sc.font(14.0, false);
    let ink = RGBColor(70, 70, 70);
    let tick = sc.px(5.0);
    let ticks = |lo: f64, hi: f64| {
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        (first..=last).map(move |i| i as f64 * step)
    };
    let mut last_label_right = i32::MIN;
    for lon in ticks(ext.west_deg, ext.east_unwrapped_deg()) {
        let (x, _) = proj.xy(lon, ext.north_deg);
        area.draw(&PathElement::new(vec![(x, pt), (x, pb)], line))?;
        area.draw(&PathElement::new(
            vec![(x, pb), (x, pb + tick)],
            ink.stroke_width(sc.w(1.0)),
        ))?;
        let label = deg_label(crate::geo::wrap_lon_closed(lon), 'E', 'W', step);
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
    let _ = pr;
    for lat in ticks(ext.south_deg, ext.north_deg) {
        let (_, y) = proj.xy(ext.west_deg, lat);
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

/// Shades the grid: samples it at every backend pixel of the plot (nearest cell), then draws runs of equal colour
/// merged across rows as rectangles. Cost and SVG size scale with the outline of colour regions, not the cell count.
fn draw_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    proj: &Projection,
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
    let (pl, pt, pr, pb) = proj.px_rect();
    let ext = proj.ext;
    let cell = |coord: f64, origin: f64, n: usize| -> Option<usize> {
        let i = ((coord - origin) / g.spacing_deg).round();
        (i >= 0.0 && i < n as f64).then_some(i as usize)
    };
    let col_of: Vec<Option<usize>> = (pl..pr)
        .map(|x| {
            let lon =
                ext.west_deg + (f64::from(x - pl) + 0.5) / f64::from(pr - pl) * ext.width_deg();
            // The grid may be given in either turn of longitude (e.g. -179.5.. or 150.5..230.5).
            SHIFTS
                .iter()
                .find_map(|shift| cell(lon + shift, g.lon0_deg, g.cols))
        })
        .collect();
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
            let lat = ext.north_deg
                - (f64::from(y - pt) + 0.5) / f64::from(pb - pt) * (ext.north_deg - ext.south_deg);
            if let Some(r) = cell(lat, g.lat0_deg, g.rows) {
                let row = &bins[r * g.cols..(r + 1) * g.cols];
                let mut start = 0usize;
                let code = |i: usize| col_of[i].map_or(NO_DATA, |c| row[c]);
                while start < col_of.len() {
                    let b = code(start);
                    let mut end = start + 1;
                    while end < col_of.len() && code(end) == b {
                        end += 1;
                    }
                    if b != NO_DATA {
                        runs.push((pl + start as i32, pl + end as i32, b));
                    }
                    start = end;
                }
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
    proj: &Projection,
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
        for pts in proj.polygons_px(&ring) {
            area.draw(&Polygon::new(pts, palette::ORANGE.mix(0.14).filled()))?;
        }
    }
    // Outline without the artificial pole closure.
    let outline: Vec<[f64; 2]> = ring.iter().copied().filter(|p| p[1].abs() < 90.0).collect();
    for pts in proj.polylines_px(&outline) {
        area.draw(&PathElement::new(
            pts,
            palette::ORANGE.stroke_width(sc.w(2.0)),
        ))?;
    }
    Ok(())
}

fn draw_track<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    proj: &Projection,
    track: &Track,
) -> Result<(), VizError> {
    let color = if track.engaged {
        palette::INK
    } else {
        palette::VERMILLION
    };
    for piece in split_antimeridian(&track.points) {
        for pts in proj.polylines_px(&piece) {
            area.draw(&PathElement::new(
                pts.clone(),
                WHITE.mix(0.8).stroke_width(sc.w(4.5)),
            ))?;
            area.draw(&PathElement::new(pts, color.stroke_width(sc.w(2.0))))?;
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
    proj: &Projection,
    sites: &'a [MapSite],
) -> Vec<((i32, i32), Vec<&'a MapSite>)> {
    let near = sc.px(5.0);
    let mut groups: Vec<((i32, i32), Vec<&MapSite>)> = Vec::new();
    for s in sites {
        let Some(lon) = proj.place(wrap_lon_closed(s.lon_deg), s.lat_deg) else {
            continue;
        };
        let c = proj.xy(lon, s.lat_deg);
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

fn draw_sites<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    proj: &Projection,
    spec: &MapSpec,
) -> Result<(), VizError> {
    let font = sc.font(14.0, false);
    let groups = site_groups(sc, proj, &spec.sites);
    // Co-located markers side by side (e.g. a launcher and its radar), so none hides another.
    let spacing = sc.px(16.0);
    let r = sc.px(9.0);
    // Labels keep clear of the markers, including the intercept crosses.
    let mut taken: Vec<[i32; 4]> = spec
        .intercepts
        .iter()
        .filter_map(|p| {
            proj.place(wrap_lon_closed(p[1]), p[0])
                .map(|lon| (lon, p[0]))
        })
        .map(|(lon, lat)| {
            let c = proj.xy(lon, lat);
            [c.0 - r, c.1 - r, c.0 + r, c.1 + r]
        })
        .collect();
    let mut half_extent = Vec::with_capacity(groups.len());
    for (c, members) in &groups {
        let n = members.len() as i32;
        let x_first = c.0 - (n - 1) * spacing / 2;
        for (k, s) in members.iter().enumerate() {
            let (m, color, _) = site_style(s.kind);
            let x = x_first + k as i32 * spacing;
            marker(area, sc, m, (x, c.1), 6.5, color)?;
            taken.push([x - r, c.1 - r, x + r, c.1 + r]);
        }
        half_extent.push((n - 1) * spacing / 2);
    }
    // Labels: first free spot among right, left, above, below the markers (no overlap with other labels or
    // markers, inside the map); right of the markers if none is free.
    let (pl, pt, pr, pb) = proj.px_rect();
    let (th, off) = (sc.px(16.0), sc.px(11.0));
    for ((c, members), ex) in groups.iter().zip(half_extent) {
        let mut names: Vec<&str> = Vec::new();
        for s in members {
            let name = s.name.trim();
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        if names.is_empty() {
            continue;
        }
        let label = names.join(", ");
        let w = text_width(area, &label, &font);
        let (right, left) = (c.0 + ex + off, c.0 - ex - off);
        let candidates = [
            (
                [right, c.1 - th / 2, right + w, c.1 + th / 2],
                (right, c.1),
                HPos::Left,
            ),
            (
                [left - w, c.1 - th / 2, left, c.1 + th / 2],
                (left, c.1),
                HPos::Right,
            ),
            (
                [c.0 - w / 2, c.1 - off - th, c.0 + w / 2, c.1 - off],
                (c.0, c.1 - off - th / 2),
                HPos::Center,
            ),
            (
                [c.0 - w / 2, c.1 + off, c.0 + w / 2, c.1 + off + th],
                (c.0, c.1 + off + th / 2),
                HPos::Center,
            ),
        ];
        let free = |b: &[i32; 4]| {
            b[0] >= pl
                && b[2] <= pr
                && b[1] >= pt
                && b[3] <= pb
                && taken
                    .iter()
                    .all(|t| b[2] <= t[0] || b[0] >= t[2] || b[3] <= t[1] || b[1] >= t[3])
        };
        let (bbox, pos, h) = candidates
            .iter()
            .find(|(b, _, _)| free(b))
            .copied()
            .unwrap_or(candidates[0]);
        taken.push(bbox);
        text(
            area,
            sc,
            &label,
            pos,
            &font,
            palette::INK,
            anchor(h, VPos::Center),
            Some(sc.px(1.5).max(1)),
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
        let ext = spec.extent;
        let inside = |lat: f64, lon: f64| ext.place(wrap_lon_closed(lon), lat).is_some();
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
        area.draw(&Rectangle::new(r, palette::ORANGE.stroke_width(sc.w(2.0))))?;
        text(area, sc, "Radar coverage", (tx, cy), &font, ink, left, None)?;
        cy += row;
    }
    for (engaged, shown, label) in [
        (true, content.engaged, "Track, engaged"),
        (false, content.not_engaged, "Track, not engaged"),
    ] {
        if shown {
            let color = if engaged {
                palette::INK
            } else {
                palette::VERMILLION
            };
            area.draw(&PathElement::new(
                vec![(x, cy), (x + sw, cy)],
                color.stroke_width(sc.w(2.0)),
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
