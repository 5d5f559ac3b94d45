//! Tornado chart of a one-at-a-time sensitivity study: for each parameter, a horizontal bar from the baseline result
//! to the result with the parameter at its low value and another to the result at its high value, each end labelled
//! with the parameter value that produced it.

use super::{
    axis_ticks, check_room, draw_grid, draw_x_axis, fmt_num, max_width, widen_flat, x_axis_h,
    AxisTicks, Lay, Pen, PlotFrame, AFTER_HEADER, AXIS_FONT, LEGEND_FONT, LINE_STEP, MARGIN_L,
    MARGIN_R, SW_GAP, SW_H, SW_W, X_TICK_SPACING,
};
use crate::error::{invalid, VizError};
use crate::palette;
use crate::render::{anchor, header, render_png, render_svg, Scale};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A tornado chart: one row per parameter, top first, in the order given (callers sort by swing).
///
/// The result values (`baseline`, `at_low`, `at_high`) are in the caller's unit, named by `x_label`; the input values
/// are the caller's preformatted labels with their units (e.g. "30 s"). When both ends lie on the same side of the
/// baseline, the row shows the low bar in its upper half and the high bar in its lower half, so neither hides the
/// other.
///
/// ```
/// use shieldsim_viz::{tornado_png, TornadoBar, TornadoSpec};
/// let spec = TornadoSpec {
///     title: "What moves the defended share".into(),
///     x_label: "Defended share".into(),
///     baseline: 0.62,
///     x_percent: true,
///     bars: vec![TornadoBar {
///         label: "Decision delay".into(),
///         low_input: "30 s".into(),
///         high_input: "120 s".into(),
///         at_low: 0.81,
///         at_high: 0.35,
///     }],
///     ..Default::default()
/// };
/// let png = tornado_png(&spec, 1200, 600)?;
/// assert_eq!(&png[1..4], b"PNG");
/// # Ok::<(), shieldsim_viz::VizError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TornadoSpec {
    /// Bold title at the top (wraps to the image width).
    pub title: String,
    /// Assumptions, one or more paragraphs (separated by `\n`); each wraps to the image width.
    pub subtitle: String,
    /// x-axis title: the result and its unit, e.g. "Defended share".
    pub x_label: String,
    /// Result with every parameter at its base value (x units, finite); the bars start there.
    pub baseline: f64,
    /// Results are shares (0..1) labelled as percentages.
    pub x_percent: bool,
    /// Bars, top first (at least one).
    pub bars: Vec<TornadoBar>,
}

/// One parameter of a tornado chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TornadoBar {
    /// Parameter name, left of the row (wraps when long).
    pub label: String,
    /// The parameter's low value as shown at that bar end, with its unit (e.g. "30 s").
    pub low_input: String,
    /// The parameter's high value as shown at that bar end, with its unit.
    pub high_input: String,
    /// Result with the parameter at its low value (x units, finite).
    pub at_low: f64,
    /// Result with the parameter at its high value (x units, finite).
    pub at_high: f64,
}

/// Colour of the bars to the results at the parameters' low values (Okabe–Ito blue).
const LOW: RGBColor = palette::BLUE;
/// Colour of the bars to the results at the parameters' high values (Okabe–Ito vermillion).
const HIGH: RGBColor = palette::VERMILLION;
/// Legend texts.
const LOW_TEXT: &str = "parameter at its low value";
const HIGH_TEXT: &str = "parameter at its high value";

/// Renders the tornado chart as an SVG document of `width_px` x `height_px` (each 200..=8192 px).
pub fn tornado_svg(spec: &TornadoSpec, width_px: u32, height_px: u32) -> Result<String, VizError> {
    let p = plan(spec, width_px, height_px)?;
    render_svg(width_px, height_px, |area, sc| {
        draw(area, sc, width_px, spec, &p)
    })
}

/// Renders the tornado chart as an RGB PNG of `width_px` x `height_px` (each 200..=8192 px).
pub fn tornado_png(spec: &TornadoSpec, width_px: u32, height_px: u32) -> Result<Vec<u8>, VizError> {
    let p = plan(spec, width_px, height_px)?;
    render_png(width_px, height_px, |area, sc| {
        draw(area, sc, width_px, spec, &p)
    })
}

/// The plot frame of the tornado chart drawn for `spec` at `width_px` x `height_px` (the same in SVG and PNG). x is
/// the result axis; y counts rows from the top: `y_range` is `(bars.len(), 0)`, so `pixel(x, i + 0.5)` is on the
/// centre line of bar `i`.
pub fn tornado_frame(
    spec: &TornadoSpec,
    width_px: u32,
    height_px: u32,
) -> Result<PlotFrame, VizError> {
    Ok(plan(spec, width_px, height_px)?.frame)
}

fn validate(spec: &TornadoSpec) -> Result<(f64, f64), VizError> {
    if !spec.baseline.is_finite() {
        return Err(invalid(format!(
            "tornado baseline = {} is not finite",
            spec.baseline
        )));
    }
    if spec.bars.is_empty() {
        return Err(invalid(
            "tornado bars is empty: give at least one parameter",
        ));
    }
    let (mut lo, mut hi) = (spec.baseline, spec.baseline);
    for (i, b) in spec.bars.iter().enumerate() {
        for (field, v) in [("at_low", b.at_low), ("at_high", b.at_high)] {
            if !v.is_finite() {
                return Err(invalid(format!(
                    "tornado bars[{i}] '{}': {field} = {v} is not finite",
                    b.label
                )));
            }
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    Ok(widen_flat(lo, hi))
}

/// Which side of the baseline each end's label goes: `(low on the left, high on the left)`. An end at the baseline
/// goes opposite the other end (low left, high right when both are).
fn sides(b: &TornadoBar, base: f64) -> (bool, bool) {
    let side = |v: f64, other: f64, default_left: bool| {
        if v < base {
            true
        } else if v > base {
            false
        } else if other != base {
            other > base
        } else {
            default_left
        }
    };
    (
        side(b.at_low, b.at_high, true),
        side(b.at_high, b.at_low, false),
    )
}

/// Everything the drawing needs, in output px.
struct Plan {
    lay: Lay,
    frame: PlotFrame,
    xt: AxisTicks,
    x_title: Vec<String>,
    labels: Vec<Vec<String>>,
    legend_y: f64,
    baseline_text: String,
}

/// Nominal sizes: gap between a bar end and its label, between the label column and the plot, the end-label font.
const END_GAP: f64 = 6.0;
const COLUMN_GAP: f64 = 14.0;
const END_FONT: f64 = 14.0;
/// Bar thickness as a share of the row height, and its maximum (nominal px).
const BAR_SHARE: f64 = 0.62;
const BAR_MAX: f64 = 46.0;

fn plan(spec: &TornadoSpec, width_px: u32, height_px: u32) -> Result<Plan, VizError> {
    let (lo, hi) = validate(spec)?;
    crate::render::check_size(width_px, height_px)?;
    let lay = Lay::new(width_px, height_px);
    let (w, h) = (lay.w, lay.h);
    let top = lay.header_h(&spec.title, &spec.subtitle) + lay.n(AFTER_HEADER);
    let legend_y = top + 0.5 * lay.n(SW_H.max(LEGEND_FONT));
    let row1 = top + lay.n(SW_H.max(LEGEND_FONT) + 12.0);
    let plot_top = (row1 + lay.n(LEGEND_FONT + 10.0)).round();

    let max_label = lay.n(360.0).min(0.3 * w);
    let labels: Vec<Vec<String>> = spec
        .bars
        .iter()
        .map(|b| lay.wrap(&b.label, LEGEND_FONT, false, max_label))
        .collect();
    let col_w = labels
        .iter()
        .map(|l| max_width(&lay, l, LEGEND_FONT, false))
        .fold(0.0, f64::max);
    let left = (lay.n(MARGIN_L + COLUMN_GAP) + col_w).round();
    let right = (w - lay.n(MARGIN_R)).round();
    let x_title = lay.wrap(&spec.x_label, AXIS_FONT, false, 0.8 * w);
    let bottom = (h - x_axis_h(&lay, x_title.len())).round();

    // Room for the end labels beyond the extreme bars.
    let (mut left_pad, mut right_pad) = (0.0f64, 0.0f64);
    for b in &spec.bars {
        let (low_left, high_left) = sides(b, spec.baseline);
        for (s, on_left) in [(&b.low_input, low_left), (&b.high_input, high_left)] {
            let need = lay.tw(s, END_FONT, false) + lay.n(2.0 * END_GAP);
            if on_left {
                left_pad = left_pad.max(need);
            } else {
                right_pad = right_pad.max(need);
            }
        }
    }
    let inner = right - left - left_pad - right_pad;
    if inner < lay.n(60.0) {
        return Err(invalid(format!(
            "tornado: a {w}x{h} px image leaves only {inner:.0} px for the bars after the parameter names and end \
             labels; use a wider image or shorter labels"
        )));
    }
    let per_px = (hi - lo) / inner;
    let x_range = (lo - left_pad * per_px, hi + right_pad * per_px);
    let frame = PlotFrame {
        left_px: left,
        top_px: plot_top,
        right_px: right,
        bottom_px: bottom,
        x_range,
        y_range: (spec.bars.len() as f64, 0.0),
    };
    check_room(&frame, &lay, "tornado")?;
    let xt = axis_ticks(
        &lay,
        x_range,
        spec.x_percent,
        right - left,
        lay.n(X_TICK_SPACING),
        false,
    );
    let baseline_text = format!("baseline {}", fmt_value(spec.baseline, spec.x_percent));
    Ok(Plan {
        lay,
        frame,
        xt,
        x_title,
        labels,
        legend_y,
        baseline_text,
    })
}

/// `v` with 4 significant digits, trailing zeros trimmed; as a percentage when `percent`.
fn fmt_value(v: f64, percent: bool) -> String {
    let d = if percent { 100.0 * v } else { v };
    let mag = if d == 0.0 {
        0.0
    } else {
        d.abs().log10().floor()
    };
    let decimals = (3.0 - mag).clamp(0.0, 10.0) as usize;
    let mut s = fmt_num(d, decimals);
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if percent {
        format!("{s} %")
    } else {
        s
    }
}

fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    width_px: u32,
    spec: &TornadoSpec,
    p: &Plan,
) -> Result<(), VizError> {
    area.fill(&WHITE)?;
    let pen = Pen::new(area, sc.raster, width_px);
    header(area, pen.sc, &spec.title, &spec.subtitle)?;
    let (lay, f) = (&p.lay, &p.frame);
    let ink = palette::INK;

    // Legend row under the header, left-aligned with the plot.
    let mut x = f.left_px;
    for (colour, label) in [(LOW, LOW_TEXT), (HIGH, HIGH_TEXT)] {
        let y = p.legend_y;
        pen.rect(
            (x, y - 0.5 * lay.n(SW_H)),
            (x + lay.n(SW_W), y + 0.5 * lay.n(SW_H)),
            colour.filled(),
        )?;
        x += lay.n(SW_W + SW_GAP);
        pen.text(
            label,
            (x, y),
            LEGEND_FONT,
            false,
            ink,
            anchor(HPos::Left, VPos::Center),
            false,
        )?;
        x += lay.tw(label, LEGEND_FONT, false) + lay.n(28.0);
    }

    draw_grid(&pen, f, &p.xt, true)?;
    let n = spec.bars.len() as f64;
    let row_h = (f.bottom_px - f.top_px) / n;
    let thick = (row_h * BAR_SHARE).min(lay.n(BAR_MAX));
    let bx = f.x_px(spec.baseline);
    let end_colour = RGBColor(55, 55, 55);
    for (i, (b, label)) in spec.bars.iter().zip(&p.labels).enumerate() {
        let yc = f.y_px(i as f64 + 0.5);
        let (low_left, high_left) = sides(b, spec.baseline);
        let split = low_left == high_left;
        let gap = lay.n(1.0);
        for (k, (v, input, on_left, colour)) in [
            (b.at_low, &b.low_input, low_left, LOW),
            (b.at_high, &b.high_input, high_left, HIGH),
        ]
        .into_iter()
        .enumerate()
        {
            let (y0, y1) = if split {
                if k == 0 {
                    (yc - 0.5 * thick, yc - gap)
                } else {
                    (yc + gap, yc + 0.5 * thick)
                }
            } else {
                (yc - 0.5 * thick, yc + 0.5 * thick)
            };
            let xv = f.x_px(v);
            if (xv - bx).abs() >= 0.5 {
                pen.rect((bx.min(xv), y0), (bx.max(xv), y1), colour.filled())?;
            }
            let (tx, at) = if on_left {
                (
                    xv.min(bx) - lay.n(END_GAP),
                    anchor(HPos::Right, VPos::Center),
                )
            } else {
                (
                    xv.max(bx) + lay.n(END_GAP),
                    anchor(HPos::Left, VPos::Center),
                )
            };
            pen.text(
                input,
                (tx, 0.5 * (y0 + y1)),
                END_FONT,
                false,
                end_colour,
                at,
                false,
            )?;
        }
        // Parameter name, right-aligned in the column, centred on the row.
        let step = lay.n(LEGEND_FONT * LINE_STEP);
        let first = yc - 0.5 * step * (label.len() as f64 - 1.0);
        for (j, line) in label.iter().enumerate() {
            pen.text(
                line,
                (f.left_px - lay.n(COLUMN_GAP), first + step * j as f64),
                LEGEND_FONT,
                false,
                ink,
                anchor(HPos::Right, VPos::Center),
                false,
            )?;
        }
    }
    // Baseline over the bars, labelled above the plot.
    pen.path(
        &[(bx, f.top_px - lay.n(4.0)), (bx, f.bottom_px)],
        ink.stroke_width(pen.lw(1.6)),
    )?;
    let tw = lay.tw(&p.baseline_text, LEGEND_FONT, false);
    let tx = bx.clamp(f.left_px + 0.5 * tw, f.right_px - 0.5 * tw);
    pen.text(
        &p.baseline_text,
        (tx, f.top_px - lay.n(6.0)),
        LEGEND_FONT,
        false,
        ink,
        anchor(HPos::Center, VPos::Bottom),
        false,
    )?;
    pen.path(
        &[(f.left_px, f.bottom_px), (f.right_px, f.bottom_px)],
        RGBColor(60, 60, 60).stroke_width(pen.lw(1.0)),
    )?;
    draw_x_axis(&pen, lay, f, &p.xt, &p.x_title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_with_four_significant_digits() {
        assert_eq!(fmt_value(0.62, true), "62 %");
        assert_eq!(fmt_value(0.6234567, true), "62.35 %");
        assert_eq!(fmt_value(1234.5678, false), "1235");
        assert_eq!(fmt_value(-0.5, false), "\u{2212}0.5");
        assert_eq!(fmt_value(0.0, false), "0");
    }

    #[test]
    fn end_labels_go_outside_the_bars() {
        let bar = |lo: f64, hi: f64| TornadoBar {
            at_low: lo,
            at_high: hi,
            ..Default::default()
        };
        assert_eq!(sides(&bar(0.3, 0.7), 0.5), (true, false));
        assert_eq!(sides(&bar(0.7, 0.3), 0.5), (false, true));
        assert_eq!(sides(&bar(0.6, 0.7), 0.5), (false, false));
        assert_eq!(sides(&bar(0.5, 0.7), 0.5), (true, false));
        assert_eq!(sides(&bar(0.5, 0.3), 0.5), (false, true));
        assert_eq!(sides(&bar(0.5, 0.5), 0.5), (true, false));
    }
}
