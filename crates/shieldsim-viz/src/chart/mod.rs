//! Study charts drawn from plain numbers: a line chart (sweeps, with uncertainty bands and marked flip points), a heat
//! map (two-parameter sweeps, continuous on a viridis colour bar or categorical as a phase diagram) and a tornado
//! chart (one-at-a-time sensitivity).
//!
//! Units: every value is in the caller's unit (km, s, km/s, a share in 0..1, …); the charts never convert, and the
//! axis titles the caller passes carry the unit (e.g. "Decision delay (s)"). The only transformation is for shares:
//! with `y_percent` / `z_percent` / `x_percent` a value of 0.25 is labelled "25 %".
//!
//! Layout is computed in output pixels (a 1600 px wide figure is the design size, as for the maps) and scaled to the
//! backend, so the SVG and the supersampled PNG place the plot frame at the same integer pixels; [`PlotFrame`] gives
//! that frame, and the data-to-pixel mapping, for annotation or tests.

mod heatmap;
mod line;
mod tornado;

pub use heatmap::{heatmap_frame, heatmap_png, heatmap_svg, ClassColour, HeatmapSpec};
pub use line::{line_chart_frame, line_chart_png, line_chart_svg, LineChartSpec, VerticalMarker};
pub use tornado::{tornado_frame, tornado_png, tornado_svg, TornadoBar, TornadoSpec};

use crate::error::{invalid, VizError};
use crate::geo::ClipRect;
use crate::palette;
use crate::render::{anchor, marker, text, text_rot, text_width_f, wrap_text, Marker, Scale};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One data series: a polyline through `points`, optionally with a shaded band (e.g. a Monte-Carlo interval).
///
/// Values are in the caller's units (those of the chart's axis titles). A point with a NaN coordinate breaks the line
/// (a gap); a point alone between gaps, or a series of one point, is drawn as a dot. Infinite values are rejected.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineSeries {
    /// Legend label; an empty name gives no legend entry.
    pub name: String,
    /// `(x, y)` in axis units, drawn in the given order (sort by x for a function of x).
    pub points: Vec<(f64, f64)>,
    /// Optional band `(x, lo, hi)` with `lo <= hi`, shaded in the series colour under the line; a NaN entry breaks
    /// it, and an entry alone between breaks is drawn as an error bar.
    pub band: Option<Vec<(f64, f64, f64)>>,
}

/// Where a chart's plot area is in the image and which data values its edges stand for.
///
/// Pixels are counted from the top-left corner of the image, in output pixels (the `width_px` x `height_px` of the
/// image asked for; the same for SVG and PNG). The edges are whole pixels; the frame line is drawn on them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotFrame {
    /// Left edge of the plot area (px).
    pub left_px: f64,
    /// Top edge of the plot area (px).
    pub top_px: f64,
    /// Right edge of the plot area (px).
    pub right_px: f64,
    /// Bottom edge of the plot area (px).
    pub bottom_px: f64,
    /// Data x at the left and right edges (axis units).
    pub x_range: (f64, f64),
    /// Data y at the bottom and top edges (axis units; for the tornado chart, bar rows: see [`tornado_frame`]).
    pub y_range: (f64, f64),
}

impl PlotFrame {
    /// The pixel `(x, y)` (px from the top-left corner) where the data point `(x, y)` is drawn (linear axes).
    pub fn pixel(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x_px(x), self.y_px(y))
    }

    fn x_px(&self, x: f64) -> f64 {
        let (a, b) = self.x_range;
        self.left_px + (x - a) / (b - a) * (self.right_px - self.left_px)
    }

    fn y_px(&self, y: f64) -> f64 {
        let (a, b) = self.y_range;
        self.bottom_px - (y - a) / (b - a) * (self.bottom_px - self.top_px)
    }

    /// The data window as a clip rectangle (x, y in data units, lo <= hi on each axis).
    fn clip(&self) -> ClipRect {
        let (x0, x1) = self.x_range;
        let (y0, y1) = self.y_range;
        ClipRect {
            x0: x0.min(x1),
            x1: x0.max(x1),
            y0: y0.min(y1),
            y1: y0.max(y1),
        }
    }
}

/// The Okabe–Ito colour-blind-safe qualitative colours (Okabe & Ito, *Color Universal Design*, 2008) as RGB, in the
/// order the line chart gives them to series: blue, vermillion, bluish green, orange, reddish purple, sky blue,
/// near-black, yellow. `i` wraps around. For the classes of a categorical heat map, for instance.
pub fn qualitative_colour(i: usize) -> [u8; 3] {
    const ALL: [[u8; 3]; 8] = [
        [0, 114, 178],
        [213, 94, 0],
        [0, 158, 115],
        [230, 159, 0],
        [204, 121, 167],
        [86, 180, 233],
        [25, 25, 25],
        [240, 228, 66],
    ];
    ALL[i % ALL.len()]
}

pub(crate) fn rgb(c: [u8; 3]) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

// ---------------------------------------------------------------------------------------------------------------
// Nominal sizes (px in a 1600 px wide figure).

/// Tick labels.
const TICK_FONT: f64 = 16.0;
/// Axis titles.
const AXIS_FONT: f64 = 17.0;
/// Legend entries and other annotations.
const LEGEND_FONT: f64 = 15.0;
/// Legend headings (colour bar title).
const HEADING_FONT: f64 = 15.5;
/// Tick mark length outside the frame.
const TICK_LEN: f64 = 6.0;
/// Space between a tick mark and its label.
const TICK_GAP: f64 = 5.0;
/// Space between tick labels and the axis title.
const TITLE_GAP: f64 = 12.0;
/// Wanted spacing of x ticks and of y ticks (1-2-5 steps nearest to it, enlarged while labels would crowd).
const X_TICK_SPACING: f64 = 90.0;
const Y_TICK_SPACING: f64 = 55.0;
/// Outer margins of the figure.
const MARGIN_L: f64 = 20.0;
const MARGIN_R: f64 = 30.0;
const MARGIN_B: f64 = 14.0;
/// Space between the header and what follows.
const AFTER_HEADER: f64 = 8.0;
/// Line step of multi-line text, relative to the font size.
const LINE_STEP: f64 = 1.3;

/// The scale of the study charts: designed at 1250 px wide (text a little larger, relative to the figure, than on
/// the maps, since charts are often printed at column width), never below 0.7 of the design size.
pub(crate) fn chart_scale(width_px: u32, supersample: u32, raster: bool) -> Scale {
    Scale::with_design_width(width_px, supersample, raster, 1250.0, 0.7)
}

/// Output-pixel layout helpers for one figure size: `u` output px per nominal px.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lay {
    /// Scale at output resolution (`s` = output px per nominal px).
    sc: Scale,
    w: f64,
    h: f64,
}

impl Lay {
    fn new(width_px: u32, height_px: u32) -> Self {
        Lay {
            sc: chart_scale(width_px, 1, false),
            w: f64::from(width_px),
            h: f64::from(height_px),
        }
    }
    /// Nominal length in output px.
    fn n(&self, v: f64) -> f64 {
        v * self.sc.s
    }
    /// Width (output px) of `s` at nominal font size `size`.
    fn tw(&self, s: &str, size: f64, bold: bool) -> f64 {
        text_width_f(s, self.sc.font(size, bold))
    }
    /// `s` wrapped to `max_w` output px at nominal font size `size`.
    fn wrap(&self, s: &str, size: f64, bold: bool, max_w: f64) -> Vec<String> {
        wrap_text(s, self.sc.font(size, bold), max_w.max(self.n(40.0)))
    }
    /// Height (output px) of `lines` lines of text of nominal size `size`.
    fn text_h(&self, lines: usize, size: f64) -> f64 {
        if lines == 0 {
            0.0
        } else {
            self.n(size) * (1.0 + LINE_STEP * (lines - 1) as f64)
        }
    }
    /// The header height (output px), as `render::header` draws it.
    fn header_h(&self, title: &str, subtitle: &str) -> f64 {
        f64::from(crate::render::header_height(
            self.sc,
            self.w as u32,
            title,
            subtitle,
        ))
    }
}

/// Fails when the plot area left after the header, labels and legends is too small to draw in.
fn check_room(frame: &PlotFrame, lay: &Lay, what: &str) -> Result<(), VizError> {
    let (pw, ph) = (
        frame.right_px - frame.left_px,
        frame.bottom_px - frame.top_px,
    );
    if pw < lay.n(60.0) || ph < lay.n(40.0) {
        return Err(invalid(format!(
            "{what}: a {}x{} px image leaves a plot area of only {pw:.0}x{ph:.0} px after the title, labels and \
             legend; use a larger image or shorter texts",
            lay.w, lay.h
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// Ticks and numbers.

/// Smallest 1-2-5 × 10^k step at least `raw` (> 0).
pub(crate) fn nice_step(raw: f64) -> f64 {
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * mag)
}

/// The 1-2-5 step after `step`.
fn next_step(step: f64) -> f64 {
    nice_step(step * 1.5)
}

/// Multiples of `step` in `[lo, hi]` (display units), computed as integer multiples (no drift).
fn ticks_in(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let k0 = (lo / step - 1e-9).ceil();
    let k1 = (hi / step + 1e-9).floor();
    if !(k0.is_finite() && k1.is_finite()) || k1 - k0 > 1000.0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut k = k0;
    while k <= k1 {
        out.push(k * step);
        k += 1.0;
    }
    out
}

/// Decimals needed to print multiples of `step` exactly.
fn decimals_for(step: f64) -> usize {
    let d = (-step.log10() - 1e-9).ceil();
    if d.is_finite() && d > 0.0 {
        (d as usize).min(12)
    } else {
        0
    }
}

/// `v` with `decimals` decimals, a true minus sign and no negative zero.
pub(crate) fn fmt_num(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let zero = s
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    if zero {
        s.trim_start_matches('-').to_string()
    } else {
        s.replacen('-', "\u{2212}", 1)
    }
}

/// An axis scale: data range, tick values (data units) and their labels.
#[derive(Debug, Clone)]
struct AxisTicks {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    labels: Vec<String>,
}

/// Multiplier from data to display units.
fn mult(percent: bool) -> f64 {
    if percent {
        100.0
    } else {
        1.0
    }
}

/// Labels of `ticks` (display units) printed with the decimals of `step`, with " %" when `percent`.
fn labels_for(ticks: &[f64], step: f64, percent: bool) -> Vec<String> {
    let d = decimals_for(step);
    ticks
        .iter()
        .map(|t| {
            let s = fmt_num(*t, d);
            if percent {
                format!("{s} %")
            } else {
                s
            }
        })
        .collect()
}

/// Ticks for data range `[lo, hi]` along an axis `len_px` long: a 1-2-5 step giving about one tick per
/// `spacing_px`, enlarged until no two labels are closer than `gap_px` (labels `label_w` px wide at most; for a
/// vertical axis pass the label height as the width).
fn axis_ticks(
    lay: &Lay,
    (lo, hi): (f64, f64),
    percent: bool,
    len_px: f64,
    spacing_px: f64,
    vertical: bool,
) -> AxisTicks {
    let m = mult(percent);
    let (dlo, dhi) = (lo * m, hi * m);
    let count = (len_px / spacing_px).clamp(2.0, 12.0);
    let mut step = nice_step((dhi - dlo) / count);
    for _ in 0..40 {
        let ticks = ticks_in(dlo, dhi, step);
        let labels = labels_for(&ticks, step, percent);
        let need = if vertical {
            lay.n(TICK_FONT) * 1.6
        } else {
            labels
                .iter()
                .map(|l| lay.tw(l, TICK_FONT, false))
                .fold(0.0, f64::max)
                + lay.n(18.0)
        };
        let step_px = step / (dhi - dlo) * len_px;
        if step_px >= need || ticks.len() <= 2 {
            return AxisTicks {
                lo,
                hi,
                ticks: ticks.iter().map(|t| t / m).collect(),
                labels,
            };
        }
        step = next_step(step);
    }
    AxisTicks {
        lo,
        hi,
        ticks: vec![],
        labels: vec![],
    }
}

/// `[lo, hi]` widened to whole multiples of a 1-2-5 step giving about `count` intervals (display units when
/// `percent`); a zero-width range is first widened around its value.
fn loose_range((lo, hi): (f64, f64), percent: bool, count: f64) -> (f64, f64) {
    let (lo, hi) = widen_flat(lo, hi);
    let m = mult(percent);
    let step = nice_step((hi - lo) * m / count.max(1.0));
    let a = (lo * m / step + 1e-9).floor() * step / m;
    let b = (hi * m / step - 1e-9).ceil() * step / m;
    (a, b)
}

/// A range of zero width widened by 10 % of its value (or ±1 at 0).
fn widen_flat(lo: f64, hi: f64) -> (f64, f64) {
    if hi - lo > 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        (lo, hi)
    } else {
        let pad = if lo.abs() > 0.0 { 0.1 * lo.abs() } else { 1.0 };
        (lo - pad, hi + pad)
    }
}

/// Checks an optional `(lo, hi)` range given in `field`.
fn check_range(field: &str, r: Option<(f64, f64)>) -> Result<Option<(f64, f64)>, VizError> {
    match r {
        None => Ok(None),
        Some((a, b)) if a.is_finite() && b.is_finite() && a < b => Ok(Some((a, b))),
        Some((a, b)) => Err(invalid(format!(
            "{field} = ({a}, {b}): needs finite lo < hi (axis units), or None to fit the data"
        ))),
    }
}

/// Data extent of finite values.
#[derive(Debug, Clone, Copy)]
struct DataExtent {
    x: (f64, f64),
    y: (f64, f64),
}

impl DataExtent {
    const EMPTY: DataExtent = DataExtent {
        x: (f64::INFINITY, f64::NEG_INFINITY),
        y: (f64::INFINITY, f64::NEG_INFINITY),
    };
    fn add_x(&mut self, x: f64) {
        self.x = (self.x.0.min(x), self.x.1.max(x));
    }
    fn add_y(&mut self, y: f64) {
        self.y = (self.y.0.min(y), self.y.1.max(y));
    }
    fn has_x(&self) -> bool {
        self.x.0 <= self.x.1
    }
}

/// Checks series (named `field[i]` in messages): points present, no infinite values, bands with lo <= hi. Returns
/// the extent of their finite values.
fn validate_series(field: &str, series: &[LineSeries]) -> Result<DataExtent, VizError> {
    let mut ext = DataExtent::EMPTY;
    for (i, s) in series.iter().enumerate() {
        let name = format!("{field}[{i}] '{}'", s.name);
        if s.points.is_empty() {
            return Err(invalid(format!(
                "{name}: points is empty; give at least one (x, y) point"
            )));
        }
        for (j, &(x, y)) in s.points.iter().enumerate() {
            if x.is_infinite() || y.is_infinite() {
                return Err(invalid(format!(
                    "{name}: points[{j}] = ({x}, {y}) is infinite; use NaN for a gap in the line"
                )));
            }
            if x.is_finite() && y.is_finite() {
                ext.add_x(x);
                ext.add_y(y);
            }
        }
        for (j, &(x, lo, hi)) in s.band.iter().flatten().enumerate() {
            if x.is_infinite() || lo.is_infinite() || hi.is_infinite() {
                return Err(invalid(format!(
                    "{name}: band[{j}] = ({x}, {lo}, {hi}) is infinite; use NaN for a gap in the band"
                )));
            }
            if x.is_nan() || lo.is_nan() || hi.is_nan() {
                continue;
            }
            if lo > hi {
                return Err(invalid(format!(
                    "{name}: band[{j}] = (x {x}, lo {lo}, hi {hi}) has lo > hi"
                )));
            }
            ext.add_x(x);
            ext.add_y(lo);
            ext.add_y(hi);
        }
    }
    Ok(ext)
}

// ---------------------------------------------------------------------------------------------------------------
// Drawing.

/// Drawing context: the backend area, its scale and the backend px per output px.
pub(crate) struct Pen<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    sc: Scale,
    ss: f64,
}

impl<'a, DB: DrawingBackend> Pen<'a, DB> {
    /// The pen of a chart `width_px` wide drawn on `area` (whose backend may be supersampled).
    fn new(area: &'a DrawingArea<DB, Shift>, raster: bool, width_px: u32) -> Self {
        let (bw, _) = area.dim_in_pixel();
        let ss = (bw / width_px).max(1);
        Pen {
            area,
            sc: chart_scale(width_px, ss, raster),
            ss: f64::from(ss),
        }
    }
    /// Output px to backend px.
    fn p(&self, x: f64, y: f64) -> (i32, i32) {
        ((x * self.ss).round() as i32, (y * self.ss).round() as i32)
    }
    /// Nominal length to backend stroke width.
    fn lw(&self, nominal: f64) -> u32 {
        self.sc.w(nominal)
    }
    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        s: &str,
        (x, y): (f64, f64),
        size: f64,
        bold: bool,
        color: RGBColor,
        at: Pos,
        vertical: bool,
    ) -> Result<(), VizError> {
        let font = self.sc.font(size, bold);
        if vertical {
            text_rot(
                self.area,
                self.sc,
                s,
                self.p(x, y),
                &font,
                color,
                at,
                None,
                true,
            )
        } else {
            text(self.area, self.sc, s, self.p(x, y), &font, color, at, None)
        }
    }
    fn rect(
        &self,
        (x0, y0): (f64, f64),
        (x1, y1): (f64, f64),
        style: ShapeStyle,
    ) -> Result<(), VizError> {
        self.area
            .draw(&Rectangle::new([self.p(x0, y0), self.p(x1, y1)], style))?;
        Ok(())
    }
    fn path(&self, pts: &[(f64, f64)], style: ShapeStyle) -> Result<(), VizError> {
        let px: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| self.p(x, y)).collect();
        self.area.draw(&PathElement::new(px, style))?;
        Ok(())
    }
    fn dashed(
        &self,
        pts: &[(f64, f64)],
        dash: f64,
        gap: f64,
        style: ShapeStyle,
    ) -> Result<(), VizError> {
        let px: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| self.p(x, y)).collect();
        self.area.draw(&plotters::element::DashedPathElement::new(
            px,
            self.sc.px(dash),
            self.sc.px(gap),
            style,
        ))?;
        Ok(())
    }
}

const GRID: RGBColor = RGBColor(226, 226, 226);
const AXIS: RGBColor = RGBColor(60, 60, 60);
const TICK_TEXT: RGBColor = RGBColor(40, 40, 40);

/// Draws the light grid lines of the ticks inside the frame (x ticks as vertical lines when `x`, y as horizontal).
fn draw_grid<DB: DrawingBackend>(
    pen: &Pen<DB>,
    f: &PlotFrame,
    ticks: &AxisTicks,
    x: bool,
) -> Result<(), VizError> {
    let style = GRID.stroke_width(pen.lw(1.0));
    for &t in &ticks.ticks {
        if x {
            let px = f.x_px(t);
            pen.path(&[(px, f.top_px), (px, f.bottom_px)], style)?;
        } else {
            let py = f.y_px(t);
            pen.path(&[(f.left_px, py), (f.right_px, py)], style)?;
        }
    }
    Ok(())
}

/// Draws the frame box of the plot area.
fn draw_box<DB: DrawingBackend>(pen: &Pen<DB>, f: &PlotFrame) -> Result<(), VizError> {
    pen.rect(
        (f.left_px, f.top_px),
        (f.right_px, f.bottom_px),
        AXIS.stroke_width(pen.lw(1.0)),
    )
}

/// Draws the x tick marks and labels under the frame and the axis title (wrapped `title` lines) under them.
fn draw_x_axis<DB: DrawingBackend>(
    pen: &Pen<DB>,
    lay: &Lay,
    f: &PlotFrame,
    ticks: &AxisTicks,
    title: &[String],
) -> Result<(), VizError> {
    let style = AXIS.stroke_width(pen.lw(1.0));
    let y0 = f.bottom_px;
    for (t, label) in ticks.ticks.iter().zip(&ticks.labels) {
        let px = f.x_px(*t);
        pen.path(&[(px, y0), (px, y0 + lay.n(TICK_LEN))], style)?;
        pen.text(
            label,
            (px, y0 + lay.n(TICK_LEN + TICK_GAP)),
            TICK_FONT,
            false,
            TICK_TEXT,
            anchor(HPos::Center, VPos::Top),
            false,
        )?;
    }
    let ty = y0 + lay.n(TICK_LEN + TICK_GAP + TICK_FONT + TITLE_GAP);
    for (i, line) in title.iter().enumerate() {
        pen.text(
            line,
            (
                0.5 * (f.left_px + f.right_px),
                ty + lay.n(AXIS_FONT * LINE_STEP) * i as f64,
            ),
            AXIS_FONT,
            false,
            palette::INK,
            anchor(HPos::Center, VPos::Top),
            false,
        )?;
    }
    Ok(())
}

/// Space (output px) under the frame taken by [`draw_x_axis`] with `title_lines` title lines, plus the margin.
fn x_axis_h(lay: &Lay, title_lines: usize) -> f64 {
    lay.n(TICK_LEN + TICK_GAP + TICK_FONT + MARGIN_B)
        + if title_lines > 0 {
            lay.n(TITLE_GAP) + lay.text_h(title_lines, AXIS_FONT)
        } else {
            0.0
        }
}

/// Draws the y tick marks and labels left of the frame and the rotated axis title left of them.
fn draw_y_axis<DB: DrawingBackend>(
    pen: &Pen<DB>,
    lay: &Lay,
    f: &PlotFrame,
    ticks: &AxisTicks,
    title: &[String],
) -> Result<(), VizError> {
    let style = AXIS.stroke_width(pen.lw(1.0));
    let x0 = f.left_px;
    for (t, label) in ticks.ticks.iter().zip(&ticks.labels) {
        let py = f.y_px(*t);
        pen.path(&[(x0 - lay.n(TICK_LEN), py), (x0, py)], style)?;
        pen.text(
            label,
            (x0 - lay.n(TICK_LEN + TICK_GAP), py),
            TICK_FONT,
            false,
            TICK_TEXT,
            anchor(HPos::Right, VPos::Center),
            false,
        )?;
    }
    let label_w = max_width(lay, &ticks.labels, TICK_FONT, false);
    let right = x0 - lay.n(TICK_LEN + TICK_GAP + TITLE_GAP) - label_w;
    let step = lay.n(AXIS_FONT * LINE_STEP);
    let n = title.len() as f64;
    for (i, line) in title.iter().enumerate() {
        // Rotated text reads upwards; its top (ascent) faces left, so line i sits i steps right of the first.
        let x = right - lay.n(AXIS_FONT) - step * (n - 1.0) + step * i as f64;
        pen.text(
            line,
            (x, 0.5 * (f.top_px + f.bottom_px)),
            AXIS_FONT,
            false,
            palette::INK,
            anchor(HPos::Center, VPos::Top),
            true,
        )?;
    }
    Ok(())
}

/// Space (output px) left of the frame taken by [`draw_y_axis`], plus the margin.
fn y_axis_w(lay: &Lay, labels: &[String], title_lines: usize) -> f64 {
    lay.n(MARGIN_L + TICK_LEN + TICK_GAP)
        + max_width(lay, labels, TICK_FONT, false)
        + if title_lines > 0 {
            lay.n(TITLE_GAP) + lay.text_h(title_lines, AXIS_FONT)
        } else {
            0.0
        }
}

fn max_width(lay: &Lay, labels: &[String], size: f64, bold: bool) -> f64 {
    labels
        .iter()
        .map(|l| lay.tw(l, size, bold))
        .fold(0.0, f64::max)
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy)]
struct SeriesStyle {
    colour: RGBColor,
    dashed: bool,
    /// Marker at every finite point (sparse series), else only at isolated points (as a dot).
    point_marker: Option<Marker>,
    /// White casing under the line (over a heat map).
    casing: bool,
}

/// Line width (nominal px) of series.
const SERIES_W: f64 = 2.6;
/// Opacity of a series' band.
const BAND_ALPHA: f64 = 0.2;

/// Style of line-chart series `i`: the Okabe–Ito colours (yellow left out: too light on white), then dashed.
fn series_style(i: usize, sparse: bool) -> SeriesStyle {
    const SHAPES: [Marker; 3] = [Marker::Dot, Marker::Square, Marker::Triangle];
    let colour = rgb(qualitative_colour(i % 7));
    SeriesStyle {
        colour,
        dashed: i >= 7,
        point_marker: sparse.then_some(SHAPES[i % SHAPES.len()]),
        casing: false,
    }
}

/// Runs of consecutive items for which `ok` holds.
fn runs<T: Copy>(items: &[T], ok: impl Fn(&T) -> bool) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for it in items {
        if ok(it) {
            cur.push(*it);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn finite2(p: &(f64, f64)) -> bool {
    p.0.is_finite() && p.1.is_finite()
}

fn finite3(p: &(f64, f64, f64)) -> bool {
    p.0.is_finite() && p.1.is_finite() && p.2.is_finite()
}

/// Whether a series' points are far enough apart (mean spacing >= 14 nominal px) for a marker at each.
fn is_sparse(lay: &Lay, f: &PlotFrame, s: &LineSeries) -> bool {
    let pts: Vec<(f64, f64)> = s
        .points
        .iter()
        .filter(|p| finite2(p))
        .map(|&(x, y)| f.pixel(x, y))
        .collect();
    if pts.len() < 2 {
        return false;
    }
    let len: f64 = pts
        .windows(2)
        .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
        .sum();
    len / (pts.len() - 1) as f64 >= lay.n(14.0) && pts.len() <= 60
}

/// Draws the band of a series (under all lines).
fn draw_band<DB: DrawingBackend>(
    pen: &Pen<DB>,
    f: &PlotFrame,
    s: &LineSeries,
    st: &SeriesStyle,
) -> Result<(), VizError> {
    let Some(band) = &s.band else {
        return Ok(());
    };
    let clip = f.clip();
    for run in runs(band, finite3) {
        if run.len() == 1 {
            // An error bar.
            let (x, lo, hi) = run[0];
            for piece in clip.clip_polyline(&[[x, lo], [x, hi]]) {
                let px: Vec<(f64, f64)> = piece.iter().map(|p| f.pixel(p[0], p[1])).collect();
                pen.path(&px, st.colour.mix(0.7).stroke_width(pen.lw(2.0)))?;
            }
            continue;
        }
        let mut ring: Vec<[f64; 2]> = run.iter().map(|&(x, lo, _)| [x, lo]).collect();
        ring.extend(run.iter().rev().map(|&(x, _, hi)| [x, hi]));
        let clipped = clip.clip_polygon(&ring);
        if clipped.len() >= 3 {
            let px: Vec<(i32, i32)> = clipped
                .iter()
                .map(|p| {
                    let (x, y) = f.pixel(p[0], p[1]);
                    pen.p(x, y)
                })
                .collect();
            pen.area
                .draw(&Polygon::new(px, st.colour.mix(BAND_ALPHA).filled()))?;
        }
    }
    Ok(())
}

/// Draws the line of a series, its point markers, and dots for isolated points.
fn draw_line<DB: DrawingBackend>(
    pen: &Pen<DB>,
    f: &PlotFrame,
    s: &LineSeries,
    st: &SeriesStyle,
) -> Result<(), VizError> {
    let clip = f.clip();
    let inside = |x: f64, y: f64| x >= clip.x0 && x <= clip.x1 && y >= clip.y0 && y <= clip.y1;
    for run in runs(&s.points, finite2) {
        if run.len() == 1 {
            let (x, y) = run[0];
            if inside(x, y) {
                let (px, py) = f.pixel(x, y);
                marker(
                    pen.area,
                    pen.sc,
                    st.point_marker.unwrap_or(Marker::Dot),
                    pen.p(px, py),
                    6.0,
                    st.colour,
                )?;
            }
            continue;
        }
        let line: Vec<[f64; 2]> = run.iter().map(|&(x, y)| [x, y]).collect();
        for piece in clip.clip_polyline(&line) {
            let px: Vec<(f64, f64)> = piece.iter().map(|p| f.pixel(p[0], p[1])).collect();
            if st.casing {
                pen.path(&px, WHITE.stroke_width(pen.lw(SERIES_W + 3.5)))?;
            }
            let style = st.colour.stroke_width(pen.lw(SERIES_W));
            if st.dashed {
                pen.dashed(&px, 12.0, 7.0, style)?;
            } else {
                pen.path(&px, style)?;
            }
        }
        if let Some(m) = st.point_marker {
            for &(x, y) in run.iter().filter(|(x, y)| inside(*x, *y)) {
                let (px, py) = f.pixel(x, y);
                marker(pen.area, pen.sc, m, pen.p(px, py), 4.0, st.colour)?;
            }
        }
    }
    Ok(())
}

/// Sample points (output px) along everything a series draws, for placing a legend where it hides the least.
fn series_ink(lay: &Lay, f: &PlotFrame, s: &LineSeries, out: &mut Vec<(f64, f64)>) {
    let step = lay.n(4.0).max(1.0);
    let mut trace = |pts: &[(f64, f64)]| {
        if pts.len() == 1 {
            out.push(pts[0]);
        }
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let n = ((b.0 - a.0).hypot(b.1 - a.1) / step)
                .ceil()
                .clamp(1.0, 5000.0) as usize;
            for k in 0..=n {
                let t = k as f64 / n as f64;
                out.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
            }
        }
    };
    for run in runs(&s.points, finite2) {
        let px: Vec<(f64, f64)> = run.iter().map(|&(x, y)| f.pixel(x, y)).collect();
        trace(&px);
    }
    for run in runs(s.band.as_deref().unwrap_or(&[]), finite3) {
        let lo: Vec<(f64, f64)> = run.iter().map(|&(x, lo, _)| f.pixel(x, lo)).collect();
        let hi: Vec<(f64, f64)> = run.iter().map(|&(x, _, hi)| f.pixel(x, hi)).collect();
        trace(&lo);
        trace(&hi);
        // The inside of the band: rungs between lo and hi every few pixels along x.
        for w in run.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (xa, xb) = (f.x_px(a.0), f.x_px(b.0));
            let n = ((xb - xa).abs() / (4.0 * step)).ceil().clamp(1.0, 2000.0) as usize;
            for k in 0..=n {
                let t = k as f64 / n as f64;
                let x = a.0 + t * (b.0 - a.0);
                let lo = a.1 + t * (b.1 - a.1);
                let hi = a.2 + t * (b.2 - a.2);
                trace(&[f.pixel(x, lo), f.pixel(x, hi)]);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Legends.

/// What a legend entry shows left of its text.
#[derive(Debug, Clone, Copy)]
enum Swatch {
    /// A series: its style, whether it has a band, whether it has a line (else only dots).
    Series(SeriesStyle, bool, bool),
    Fill(RGBColor),
    NoData,
}

/// A legend entry: swatch and wrapped text lines.
#[derive(Debug, Clone)]
struct Entry {
    swatch: Swatch,
    lines: Vec<String>,
}

/// Nominal legend metrics: swatch width and height, gap to the text, padding, gap between entries.
const SW_W: f64 = 30.0;
const SW_H: f64 = 15.0;
const SW_GAP: f64 = 9.0;
const PAD: f64 = 10.0;
const ENTRY_GAP: f64 = 6.0;

impl Entry {
    fn new(lay: &Lay, swatch: Swatch, label: &str, max_text_w: f64) -> Self {
        Entry {
            swatch,
            lines: lay.wrap(label, LEGEND_FONT, false, max_text_w),
        }
    }
    fn h(&self, lay: &Lay) -> f64 {
        lay.text_h(self.lines.len().max(1), LEGEND_FONT)
            .max(lay.n(SW_H))
    }
    fn w(&self, lay: &Lay) -> f64 {
        lay.n(SW_W + SW_GAP) + max_width(lay, &self.lines, LEGEND_FONT, false)
    }
}

/// Size (output px) of a list of entries, without padding.
fn entries_size(lay: &Lay, entries: &[Entry]) -> (f64, f64) {
    let w = entries.iter().map(|e| e.w(lay)).fold(0.0, f64::max);
    let h: f64 = entries.iter().map(|e| e.h(lay)).sum::<f64>()
        + lay.n(ENTRY_GAP) * entries.len().saturating_sub(1) as f64;
    (w, h)
}

/// Size (output px) of a boxed legend.
fn legend_box_size(lay: &Lay, entries: &[Entry]) -> (f64, f64) {
    let (w, h) = entries_size(lay, entries);
    (w + 2.0 * lay.n(PAD), h + 2.0 * lay.n(PAD))
}

/// The no-data fill and its hatching.
pub(crate) const NO_DATA_FILL: RGBColor = RGBColor(224, 224, 224);
const NO_DATA_HATCH: RGBColor = RGBColor(150, 150, 150);
/// Hatch spacing (nominal px).
const HATCH: f64 = 9.0;

/// Fills the rectangle (output px) with the no-data grey and hatches it with 45° lines on a grid anchored to the
/// image, so adjacent no-data cells hatch continuously.
fn hatch<DB: DrawingBackend>(
    pen: &Pen<DB>,
    (x0, y0): (f64, f64),
    (x1, y1): (f64, f64),
) -> Result<(), VizError> {
    pen.rect((x0, y0), (x1, y1), NO_DATA_FILL.filled())?;
    let (b0, b1) = (pen.p(x0, y0), pen.p(x1, y1));
    let clip = ClipRect {
        x0: f64::from(b0.0),
        y0: f64::from(b0.1),
        x1: f64::from(b1.0),
        y1: f64::from(b1.1),
    };
    let step = pen.sc.s * HATCH;
    // Lines x + y = c for c multiple of step.
    let (c0, c1) = (
        ((clip.x0 + clip.y0) / step).ceil() as i64,
        ((clip.x1 + clip.y1) / step).floor() as i64,
    );
    let style = NO_DATA_HATCH.stroke_width(pen.lw(1.0));
    for k in c0..=c1 {
        let c = k as f64 * step;
        let seg = [[c - clip.y1, clip.y1], [c - clip.y0, clip.y0]];
        for piece in clip.clip_polyline(&seg) {
            let px: Vec<(i32, i32)> = piece
                .iter()
                .map(|p| (p[0].round() as i32, p[1].round() as i32))
                .collect();
            pen.area.draw(&PathElement::new(px, style))?;
        }
    }
    Ok(())
}

/// Draws entries from top-left `(x, y)` (output px), without a box.
fn draw_entries<DB: DrawingBackend>(
    pen: &Pen<DB>,
    lay: &Lay,
    (x, mut y): (f64, f64),
    entries: &[Entry],
) -> Result<(), VizError> {
    for e in entries {
        let h = e.h(lay);
        let first_mid = y + 0.5 * lay.n(LEGEND_FONT).max(lay.n(SW_H));
        let cy = if e.lines.len() <= 1 {
            y + 0.5 * h
        } else {
            first_mid
        };
        let (sx0, sx1) = (x, x + lay.n(SW_W));
        let (sy0, sy1) = (cy - 0.5 * lay.n(SW_H), cy + 0.5 * lay.n(SW_H));
        match e.swatch {
            Swatch::Series(st, band, line) => {
                if band {
                    pen.rect((sx0, sy0), (sx1, sy1), st.colour.mix(BAND_ALPHA).filled())?;
                }
                if !line {
                    let c = pen.p(0.5 * (sx0 + sx1), cy);
                    let m = st.point_marker.unwrap_or(Marker::Dot);
                    marker(pen.area, pen.sc, m, c, 6.0, st.colour)?;
                    continue_text(pen, lay, e, sx1, cy)?;
                    y += h + lay.n(ENTRY_GAP);
                    continue;
                }
                let seg = [(sx0, cy), (sx1, cy)];
                if st.casing {
                    pen.path(&seg, WHITE.stroke_width(pen.lw(SERIES_W + 3.5)))?;
                }
                let style = st.colour.stroke_width(pen.lw(SERIES_W));
                if st.dashed {
                    pen.dashed(&seg, 8.0, 5.0, style)?;
                } else {
                    pen.path(&seg, style)?;
                }
                if let Some(m) = st.point_marker {
                    let c = pen.p(0.5 * (sx0 + sx1), cy);
                    marker(pen.area, pen.sc, m, c, 4.0, st.colour)?;
                }
            }
            Swatch::Fill(c) => {
                pen.rect((sx0, sy0), (sx1, sy1), c.filled())?;
                pen.rect(
                    (sx0, sy0),
                    (sx1, sy1),
                    RGBColor(120, 120, 120).stroke_width(pen.lw(0.8)),
                )?;
            }
            Swatch::NoData => {
                hatch(pen, (sx0, sy0), (sx1, sy1))?;
                pen.rect(
                    (sx0, sy0),
                    (sx1, sy1),
                    RGBColor(120, 120, 120).stroke_width(pen.lw(0.8)),
                )?;
            }
        }
        continue_text(pen, lay, e, sx1, cy)?;
        y += h + lay.n(ENTRY_GAP);
    }
    Ok(())
}

/// The text lines of a legend entry whose swatch ends at `sx1`, the first line centred on `cy`.
fn continue_text<DB: DrawingBackend>(
    pen: &Pen<DB>,
    lay: &Lay,
    e: &Entry,
    sx1: f64,
    cy: f64,
) -> Result<(), VizError> {
    for (i, line) in e.lines.iter().enumerate() {
        let ly = cy + lay.n(LEGEND_FONT * LINE_STEP) * i as f64;
        pen.text(
            line,
            (sx1 + lay.n(SW_GAP), ly),
            LEGEND_FONT,
            false,
            palette::INK,
            anchor(HPos::Left, VPos::Center),
            false,
        )?;
    }
    Ok(())
}

/// Draws a boxed legend (white, slightly translucent, grey frame) with its top-left corner at `(x, y)`.
fn draw_legend_box<DB: DrawingBackend>(
    pen: &Pen<DB>,
    lay: &Lay,
    (x, y): (f64, f64),
    entries: &[Entry],
) -> Result<(), VizError> {
    let (w, h) = legend_box_size(lay, entries);
    pen.rect((x, y), (x + w, y + h), WHITE.mix(0.92).filled())?;
    pen.rect(
        (x, y),
        (x + w, y + h),
        RGBColor(170, 170, 170).stroke_width(pen.lw(1.0)),
    )?;
    draw_entries(pen, lay, (x + lay.n(PAD), y + lay.n(PAD)), entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_five() {
        assert_eq!(nice_step(0.13), 0.2);
        assert_eq!(nice_step(0.2), 0.2);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(101.0), 200.0);
        assert_eq!(next_step(1.0), 2.0);
        assert_eq!(next_step(2.0), 5.0);
        assert_eq!(next_step(5.0), 10.0);
        assert_eq!(next_step(0.05), 0.1);
    }

    #[test]
    fn ticks_are_exact_multiples() {
        let t = ticks_in(-0.3, 1.05, 0.2);
        assert_eq!(t.len(), 7);
        assert!((t[0] + 0.2).abs() < 1e-12 && (t[6] - 1.0).abs() < 1e-12);
        assert_eq!(labels_for(&t, 0.2, false)[0], "\u{2212}0.2");
        assert_eq!(labels_for(&[0.0, 50.0], 50.0, true), vec!["0 %", "50 %"]);
        assert_eq!(fmt_num(-0.0001, 2), "0.00");
        assert_eq!(decimals_for(0.05), 2);
        assert_eq!(decimals_for(5000.0), 0);
    }

    #[test]
    fn loose_ranges_end_on_ticks() {
        assert_eq!(loose_range((0.13, 0.87), false, 5.0), (0.0, 1.0));
        assert_eq!(loose_range((0.13, 0.87), true, 5.0), (0.0, 1.0));
        let (a, b) = loose_range((7.0, 7.0), false, 5.0);
        assert!(a < 7.0 && b > 7.0);
        let (a, b) = loose_range((0.0, 0.0), false, 5.0);
        assert!(a <= -1.0 && b >= 1.0);
    }
}
