//! Heat map of a two-parameter sweep: one cell per (x, y) pair, coloured on a continuous viridis scale with a colour
//! bar, or by class (a categorical phase diagram) with a class legend; cells without a value are hatched grey and
//! listed as "no data"; optional overlay curves (a trade-off or boundary line).

use super::{
    axis_ticks, check_range, check_room, draw_box, draw_entries, draw_line, draw_x_axis,
    draw_y_axis, entries_size, fmt_num, hatch, max_width, rgb, validate_series, x_axis_h, y_axis_w,
    AxisTicks, Entry, Lay, LineSeries, Pen, PlotFrame, SeriesStyle, Swatch, AFTER_HEADER,
    AXIS_FONT, HEADING_FONT, LEGEND_FONT, LINE_STEP, MARGIN_R, TICK_FONT, X_TICK_SPACING,
    Y_TICK_SPACING,
};
use crate::error::{invalid, VizError};
use crate::palette;
use crate::render::{anchor, header, render_png, render_svg, Scale};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A heat map over a grid of parameter values.
///
/// `x_values` and `y_values` are the cell centres (strictly increasing, in the caller's units, which `x_label` and
/// `y_label` name); cell edges lie half-way between neighbours, and the outer cells are as wide as their neighbour
/// spacing. `z[iy][ix]` is the value at `(x_values[ix], y_values[iy])`; NaN means no data (hatched light grey).
///
/// Continuous mode (`classes: None`): viridis (van der Walt & Smith, matplotlib 2.0), the same scale as the maps, from
/// `z_range.0` (dark purple) to `z_range.1` (yellow); values beyond the range take the end colours. Categorical mode
/// (`classes: Some(..)`): `z` holds class indices 0, 1, … (as f64) and each cell takes its class colour; the legend
/// lists the classes instead of a colour bar.
///
/// ```
/// use shieldsim_viz::{heatmap_png, HeatmapSpec};
/// let spec = HeatmapSpec {
///     title: "Defended share".into(),
///     x_label: "Interceptor burn-out speed (km/s)".into(),
///     y_label: "Decision delay (s)".into(),
///     x_values: vec![3.0, 4.0, 5.0],
///     y_values: vec![0.0, 60.0],
///     z: vec![vec![0.2, 0.5, 0.9], vec![0.1, f64::NAN, 0.6]],
///     z_label: "Defended share".into(),
///     z_percent: true,
///     ..Default::default()
/// };
/// let png = heatmap_png(&spec, 1000, 700)?;
/// assert_eq!(&png[1..4], b"PNG");
/// # Ok::<(), shieldsim_viz::VizError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeatmapSpec {
    /// Bold title at the top (wraps to the image width).
    pub title: String,
    /// Assumptions, one or more paragraphs (separated by `\n`); each wraps to the image width.
    pub subtitle: String,
    /// x-axis title with its unit.
    pub x_label: String,
    /// y-axis title with its unit.
    pub y_label: String,
    /// Cell centres along x (x units; finite, strictly increasing, at least one).
    pub x_values: Vec<f64>,
    /// Cell centres along y (y units; finite, strictly increasing, at least one).
    pub y_values: Vec<f64>,
    /// Values, one row per y value, each row one value per x value: `z[iy][ix]`. NaN = no data; infinite values are
    /// rejected. In categorical mode, class indices.
    pub z: Vec<Vec<f64>>,
    /// Title of the colour bar (or of the class legend) with its unit, e.g. "Defended share".
    pub z_label: String,
    /// Colour-scale range `(lo, hi)` in z units (finite, lo < hi). `None` spans the finite values (and, with
    /// `z_percent`, always includes 0..1). Ignored in categorical mode.
    pub z_range: Option<(f64, f64)>,
    /// z values are shares (0..1) labelled as percentages on the colour bar.
    pub z_percent: bool,
    /// Categorical mode: the classes, indexed by the integer values of `z`, in legend order.
    pub classes: Option<Vec<ClassColour>>,
    /// Curves drawn over the cells (in x/y units) with a white casing, e.g. a trade-off or boundary line; named ones
    /// are listed in the legend.
    pub curves: Vec<LineSeries>,
}

/// One class of a categorical heat map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClassColour {
    /// Legend label, e.g. "stated covered, deterrent safe".
    pub name: String,
    /// Fill colour as RGB (see [`crate::qualitative_colour`] for colour-blind-safe choices).
    pub colour: [u8; 3],
}

/// Renders the heat map as an SVG document of `width_px` x `height_px` (each 200..=8192 px).
pub fn heatmap_svg(spec: &HeatmapSpec, width_px: u32, height_px: u32) -> Result<String, VizError> {
    let p = plan(spec, width_px, height_px)?;
    render_svg(width_px, height_px, |area, sc| {
        draw(area, sc, width_px, spec, &p)
    })
}

/// Renders the heat map as an RGB PNG of `width_px` x `height_px` (each 200..=8192 px).
pub fn heatmap_png(spec: &HeatmapSpec, width_px: u32, height_px: u32) -> Result<Vec<u8>, VizError> {
    let p = plan(spec, width_px, height_px)?;
    render_png(width_px, height_px, |area, sc| {
        draw(area, sc, width_px, spec, &p)
    })
}

/// The plot frame of the heat map drawn for `spec` at `width_px` x `height_px` (the same in SVG and PNG). Its ranges
/// are the outer cell edges, so `pixel(x_values[ix], y_values[iy])` is the centre of cell `z[iy][ix]`.
pub fn heatmap_frame(
    spec: &HeatmapSpec,
    width_px: u32,
    height_px: u32,
) -> Result<PlotFrame, VizError> {
    Ok(plan(spec, width_px, height_px)?.frame)
}

/// Checks `values` (named `field`): non-empty, finite, strictly increasing.
fn check_axis(field: &str, values: &[f64]) -> Result<(), VizError> {
    if values.is_empty() {
        return Err(invalid(format!(
            "heatmap {field} is empty: give at least one cell centre"
        )));
    }
    for (i, v) in values.iter().enumerate() {
        if !v.is_finite() {
            return Err(invalid(format!("heatmap {field}[{i}] = {v} is not finite")));
        }
        if i > 0 && *v <= values[i - 1] {
            return Err(invalid(format!(
                "heatmap {field} must increase strictly: {field}[{i}] = {v} is not greater than {field}[{}] = {}; \
                 sort the cells (and z) by {field}",
                i - 1,
                values[i - 1]
            )));
        }
    }
    Ok(())
}

/// Cell edges of centres `v` (len + 1): half-way between neighbours, the outer ones half a spacing out; a single
/// centre gets a cell 10 % of its value wide (1 at 0).
fn edges(v: &[f64]) -> Vec<f64> {
    if v.len() == 1 {
        let half = if v[0] == 0.0 { 0.5 } else { 0.05 * v[0].abs() };
        return vec![v[0] - half, v[0] + half];
    }
    let n = v.len();
    let mut e = Vec::with_capacity(n + 1);
    e.push(v[0] - 0.5 * (v[1] - v[0]));
    for w in v.windows(2) {
        e.push(0.5 * (w[0] + w[1]));
    }
    e.push(v[n - 1] + 0.5 * (v[n - 1] - v[n - 2]));
    e
}

/// Colour scale of a valid spec.
#[derive(Debug, Clone)]
enum Scheme {
    /// Continuous viridis over `(lo, hi)`.
    Continuous(f64, f64),
    /// Class colours.
    Classes(Vec<RGBColor>),
}

impl Scheme {
    /// Colour of a value; `None` for no data.
    fn colour(&self, z: f64) -> Option<RGBColor> {
        if z.is_nan() {
            return None;
        }
        match self {
            Scheme::Continuous(lo, hi) => Some(palette::viridis((z - lo) / (hi - lo))),
            Scheme::Classes(c) => c.get(z as usize).copied(),
        }
    }
}

fn validate(spec: &HeatmapSpec) -> Result<Scheme, VizError> {
    check_axis("x_values", &spec.x_values)?;
    check_axis("y_values", &spec.y_values)?;
    if spec.z.len() != spec.y_values.len() {
        return Err(invalid(format!(
            "heatmap z has {} rows but y_values has {} values: z[iy][ix] needs one row per y value",
            spec.z.len(),
            spec.y_values.len()
        )));
    }
    let classes =
        match &spec.classes {
            Some(c) if c.is_empty() => return Err(invalid(
                "heatmap classes is empty: give at least one class, or None for a continuous scale",
            )),
            Some(c) => Some(c.len()),
            None => None,
        };
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for (iy, row) in spec.z.iter().enumerate() {
        if row.len() != spec.x_values.len() {
            return Err(invalid(format!(
                "heatmap z[{iy}] has {} values but x_values has {}: each row needs one value per x value",
                row.len(),
                spec.x_values.len()
            )));
        }
        for (ix, &v) in row.iter().enumerate() {
            if v.is_infinite() {
                return Err(invalid(format!(
                    "heatmap z[{iy}][{ix}] = {v} is infinite; use NaN for no data"
                )));
            }
            if v.is_nan() {
                continue;
            }
            if let Some(n) = classes {
                if v < 0.0 || v.fract() != 0.0 || v >= n as f64 {
                    return Err(invalid(format!(
                        "heatmap z[{iy}][{ix}] = {v} is not a class index: classes has {n} entries, so z must be \
                         0..={} or NaN",
                        n - 1
                    )));
                }
            }
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    let z_range = check_range("heatmap z_range", spec.z_range)?;
    validate_series("heatmap curves", &spec.curves)?;
    if let Some(c) = &spec.classes {
        return Ok(Scheme::Classes(c.iter().map(|c| rgb(c.colour)).collect()));
    }
    let (lo, hi) = match z_range {
        Some(r) => r,
        None if spec.z_percent => (lo.min(0.0), hi.max(1.0)),
        None if lo <= hi => super::widen_flat(lo, hi),
        None => (0.0, 1.0),
    };
    Ok(Scheme::Continuous(lo, hi))
}

/// Ticks at the cell centres when they are evenly spaced and labels fit on every 1st, 2nd, 5th or 10th centre;
/// otherwise `None` (nice ticks are used instead).
fn centre_ticks(
    lay: &Lay,
    values: &[f64],
    (lo, hi): (f64, f64),
    len_px: f64,
    vertical: bool,
) -> Option<AxisTicks> {
    if values.len() < 2 || values.len() > 40 {
        return None;
    }
    let d = values[1] - values[0];
    let even = values
        .windows(2)
        .all(|w| ((w[1] - w[0]) - d).abs() <= 1e-6 * d.abs());
    if !even {
        return None;
    }
    // Decimals that print every centre exactly (up to 6).
    let decimals = (0..=6usize)
        .find(|&k| {
            let m = 10f64.powi(k as i32);
            values
                .iter()
                .all(|v| ((v * m).round() / m - v).abs() <= 1e-9 * v.abs().max(1.0))
        })
        .unwrap_or(6);
    let labels: Vec<String> = values.iter().map(|v| fmt_num(*v, decimals)).collect();
    let cell_px = len_px / values.len() as f64;
    let need = if vertical {
        lay.n(TICK_FONT) * 1.4
    } else {
        max_width(lay, &labels, TICK_FONT, false) + lay.n(24.0)
    };
    // A 1-2-5 stride, starting where the labelled values are whole multiples of stride x spacing when some are
    // (500, 700, … becomes 600, 800, …), else at the first centre.
    let stride = [1usize, 2, 5, 10]
        .into_iter()
        .find(|s| *s as f64 * cell_px >= need)?;
    let period = stride as f64 * d;
    let start = (0..stride)
        .find(|&i| {
            let k = values[i] / period;
            (k - k.round()).abs() <= 1e-6
        })
        .unwrap_or(0);
    let pick: Vec<usize> = (start..values.len()).step_by(stride).collect();
    if pick.len() < 2 {
        return None;
    }
    Some(AxisTicks {
        lo,
        hi,
        ticks: pick.iter().map(|&i| values[i]).collect(),
        labels: pick.iter().map(|&i| labels[i].clone()).collect(),
    })
}

/// Everything the drawing needs, in output px.
struct Plan {
    lay: Lay,
    frame: PlotFrame,
    scheme: Scheme,
    xe: Vec<f64>,
    ye: Vec<f64>,
    xt: AxisTicks,
    yt: AxisTicks,
    x_title: Vec<String>,
    y_title: Vec<String>,
    /// Right panel: left x, heading lines, colour bar (top, height, ticks) when continuous, entries under it.
    panel_x: f64,
    heading: Vec<String>,
    bar: Option<(f64, f64, AxisTicks)>,
    entries_y: f64,
    entries: Vec<Entry>,
    curve_styles: Vec<SeriesStyle>,
}

/// Nominal colour bar width, space between plot and panel, after the heading and around the bar.
const BAR_W: f64 = 24.0;
const PANEL_GAP: f64 = 30.0;
const AFTER_HEADING: f64 = 16.0;
const BAR_AFTER: f64 = 22.0;

/// Curve colours over the cells: near-black, vermillion, sky blue, orange (each with a white casing).
fn curve_style(i: usize) -> SeriesStyle {
    const COLOURS: [RGBColor; 4] = [
        palette::INK,
        palette::VERMILLION,
        palette::SKY,
        palette::ORANGE,
    ];
    SeriesStyle {
        colour: COLOURS[i % COLOURS.len()],
        dashed: i >= COLOURS.len(),
        point_marker: None,
        casing: true,
    }
}

fn plan(spec: &HeatmapSpec, width_px: u32, height_px: u32) -> Result<Plan, VizError> {
    let scheme = validate(spec)?;
    crate::render::check_size(width_px, height_px)?;
    let lay = Lay::new(width_px, height_px);
    let (w, h) = (lay.w, lay.h);
    let top = (lay.header_h(&spec.title, &spec.subtitle) + lay.n(AFTER_HEADER + 6.0)).round();
    let xe = edges(&spec.x_values);
    let ye = edges(&spec.y_values);
    let (xr, yr) = ((xe[0], xe[xe.len() - 1]), (ye[0], ye[ye.len() - 1]));

    // Right panel content.
    let max_text = lay.n(250.0).min(0.22 * w);
    let heading = lay.wrap(&spec.z_label, HEADING_FONT, true, max_text + lay.n(40.0));
    let mut entries: Vec<Entry> = Vec::new();
    if let Some(classes) = &spec.classes {
        for c in classes {
            entries.push(Entry::new(
                &lay,
                Swatch::Fill(rgb(c.colour)),
                &c.name,
                max_text,
            ));
        }
    }
    if spec.z.iter().flatten().any(|v| v.is_nan()) {
        entries.push(Entry::new(&lay, Swatch::NoData, "no data", max_text));
    }
    let curve_styles: Vec<SeriesStyle> = (0..spec.curves.len()).map(curve_style).collect();
    for (c, st) in spec.curves.iter().zip(&curve_styles) {
        if !c.name.trim().is_empty() {
            entries.push(Entry::new(
                &lay,
                Swatch::Series(*st, false, true),
                &c.name,
                max_text,
            ));
        }
    }
    let (ew, eh) = entries_size(&lay, &entries);
    let heading_w = max_width(&lay, &heading, HEADING_FONT, true);
    let heading_h = if heading.is_empty() {
        0.0
    } else {
        lay.text_h(heading.len(), HEADING_FONT) + lay.n(AFTER_HEADING)
    };

    let x_title = lay.wrap(&spec.x_label, AXIS_FONT, false, 0.7 * w);
    let bottom = (h - x_axis_h(&lay, x_title.len())).round();
    let plot_h = bottom - top;
    let y_title = lay.wrap(&spec.y_label, AXIS_FONT, false, plot_h.max(lay.n(80.0)));

    // Colour bar: as tall as the room under the heading and above the entries allows (at most 520 nominal px).
    let bar = match scheme {
        Scheme::Continuous(lo, hi) => {
            let room = plot_h
                - heading_h
                - if entries.is_empty() {
                    0.0
                } else {
                    eh + lay.n(BAR_AFTER)
                };
            let bar_h = room.clamp(lay.n(90.0), lay.n(520.0)).round();
            let ticks = axis_ticks(&lay, (lo, hi), spec.z_percent, bar_h, lay.n(55.0), true);
            Some((top + heading_h, bar_h, ticks))
        }
        Scheme::Classes(_) => None,
    };
    let bar_w = bar.as_ref().map_or(0.0, |(_, _, t)| {
        lay.n(BAR_W + TICK_GAP_BAR) + max_width(&lay, &t.labels, LEGEND_FONT, false)
    });
    let panel_w = heading_w.max(ew).max(bar_w);
    let panel_x = (w - lay.n(MARGIN_R) - panel_w).round();
    let right = (panel_x - lay.n(PANEL_GAP)).round();
    let entries_y = match &bar {
        Some((t, bh, _)) => t + bh + lay.n(BAR_AFTER),
        None => top + heading_h,
    };

    // y ticks first (their labels set the left edge), then x ticks on the final width.
    let yt = centre_ticks(&lay, &spec.y_values, yr, plot_h, true)
        .unwrap_or_else(|| axis_ticks(&lay, yr, false, plot_h, lay.n(Y_TICK_SPACING), true));
    let left = y_axis_w(&lay, &yt.labels, y_title.len()).round();
    let frame = PlotFrame {
        left_px: left,
        top_px: top,
        right_px: right,
        bottom_px: bottom,
        x_range: xr,
        y_range: yr,
    };
    check_room(&frame, &lay, "heatmap")?;
    let xt = centre_ticks(&lay, &spec.x_values, xr, right - left, false)
        .unwrap_or_else(|| axis_ticks(&lay, xr, false, right - left, lay.n(X_TICK_SPACING), false));
    Ok(Plan {
        lay,
        frame,
        scheme,
        xe,
        ye,
        xt,
        yt,
        x_title,
        y_title,
        panel_x,
        heading,
        bar,
        entries_y,
        entries,
        curve_styles,
    })
}

/// Nominal gap between the colour bar's ticks and its labels, plus the tick length.
const TICK_GAP_BAR: f64 = 11.0;

fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    width_px: u32,
    spec: &HeatmapSpec,
    p: &Plan,
) -> Result<(), VizError> {
    area.fill(&WHITE)?;
    let pen = Pen::new(area, sc.raster, width_px);
    header(area, pen.sc, &spec.title, &spec.subtitle)?;
    let (lay, f) = (&p.lay, &p.frame);

    // Cells: runs of equal colour along each row, edges rounded once so neighbours share them.
    let xb: Vec<f64> = p.xe.iter().map(|x| f.x_px(*x)).collect();
    let yb: Vec<f64> = p.ye.iter().map(|y| f.y_px(*y)).collect();
    for (iy, row) in spec.z.iter().enumerate() {
        let mut ix = 0;
        while ix < row.len() {
            let c = p.scheme.colour(row[ix]);
            let mut end = ix + 1;
            while end < row.len() && p.scheme.colour(row[end]) == c {
                end += 1;
            }
            let (a, b) = ((xb[ix], yb[iy + 1]), (xb[end], yb[iy]));
            match c {
                Some(c) => pen.rect(a, b, c.filled())?,
                None => hatch(&pen, a, b)?,
            }
            ix = end;
        }
    }
    for (c, st) in spec.curves.iter().zip(&p.curve_styles) {
        draw_line(&pen, f, c, st)?;
    }
    draw_box(&pen, f)?;
    draw_x_axis(&pen, lay, f, &p.xt, &p.x_title)?;
    draw_y_axis(&pen, lay, f, &p.yt, &p.y_title)?;

    // Right panel.
    let x = p.panel_x;
    for (i, line) in p.heading.iter().enumerate() {
        pen.text(
            line,
            (x, f.top_px + lay.n(HEADING_FONT * LINE_STEP) * i as f64),
            HEADING_FONT,
            true,
            palette::INK,
            anchor(HPos::Left, VPos::Top),
            false,
        )?;
    }
    if let (Some((bt, bh, ticks)), Scheme::Continuous(lo, hi)) = (&p.bar, &p.scheme) {
        let (bt, bh) = (*bt, *bh);
        let bw = lay.n(BAR_W);
        // One band per backend row (merged when the colour repeats), bottom = lo.
        let (r0, r1) = (pen.p(0.0, bt).1, pen.p(0.0, bt + bh).1);
        let (x0, x1) = (pen.p(x, 0.0).0, pen.p(x + bw, 0.0).0);
        let colour_at = |r: i32| palette::viridis((f64::from(r1 - r) + 0.5) / f64::from(r1 - r0));
        let mut r = r0;
        while r < r1 {
            let c = colour_at(r);
            let mut e = r + 1;
            while e < r1 && colour_at(e) == c {
                e += 1;
            }
            area.draw(&Rectangle::new([(x0, r), (x1, e)], c.filled()))?;
            r = e;
        }
        pen.rect(
            (x, bt),
            (x + bw, bt + bh),
            RGBColor(90, 90, 90).stroke_width(pen.lw(1.0)),
        )?;
        let style = RGBColor(60, 60, 60).stroke_width(pen.lw(1.0));
        for (t, label) in ticks.ticks.iter().zip(&ticks.labels) {
            let y = bt + bh - (t - lo) / (hi - lo) * bh;
            pen.path(&[(x + bw, y), (x + bw + lay.n(5.0), y)], style)?;
            pen.text(
                label,
                (x + bw + lay.n(TICK_GAP_BAR), y),
                LEGEND_FONT,
                false,
                palette::INK,
                anchor(HPos::Left, VPos::Center),
                false,
            )?;
        }
    }
    draw_entries(&pen, lay, (x, p.entries_y), &p.entries)?;
    Ok(())
}
