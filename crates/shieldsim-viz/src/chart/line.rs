//! Line chart: one or more series against a parameter, with optional shaded bands (intervals) and labelled vertical
//! markers (flip points), a legend placed where it hides no data (outside the plot when every corner would).

use super::{
    axis_ticks, check_range, check_room, draw_band, draw_box, draw_grid, draw_legend_box,
    draw_line, draw_x_axis, draw_y_axis, finite2, is_sparse, legend_box_size, loose_range, runs,
    series_ink, series_style, validate_series, widen_flat, x_axis_h, y_axis_w, AxisTicks, Entry,
    Lay, LineSeries, Pen, PlotFrame, SeriesStyle, Swatch, AFTER_HEADER, AXIS_FONT, LEGEND_FONT,
    MARGIN_R, X_TICK_SPACING, Y_TICK_SPACING,
};
use crate::error::{invalid, VizError};
use crate::palette;
use crate::render::{anchor, header, render_png, render_svg, Scale};
use crate::timeline::place_labels;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A line chart of series against one parameter.
///
/// Values are in the caller's units, which the axis titles name (e.g. `x_label: "Interceptor burn-out speed
/// (km/s)"`). The x axis spans the data (and markers) exactly; the y axis spans `y_range`, or the data widened to
/// whole ticks. Ticks are 1-2-5 multiples spaced so labels never touch.
///
/// ```
/// use shieldsim_viz::{line_chart_png, LineChartSpec, LineSeries, VerticalMarker};
/// let spec = LineChartSpec {
///     title: "Share of the corridor defended".into(),
///     x_label: "Decision delay (s)".into(),
///     y_label: "Defended share".into(),
///     y_range: Some((0.0, 1.0)),
///     y_percent: true,
///     series: vec![LineSeries {
///         name: "median of 200 draws".into(),
///         points: vec![(0.0, 0.9), (60.0, 0.7), (120.0, 0.4), (180.0, 0.1)],
///         band: Some(vec![(0.0, 0.85, 0.95), (60.0, 0.6, 0.8), (120.0, 0.3, 0.5), (180.0, 0.0, 0.2)]),
///     }],
///     markers: vec![VerticalMarker { x: 95.0, label: "flip at 95 s".into() }],
///     ..Default::default()
/// };
/// let png = line_chart_png(&spec, 1200, 750)?;
/// assert_eq!(&png[1..4], b"PNG");
/// # Ok::<(), shieldsim_viz::VizError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineChartSpec {
    /// Bold title at the top (wraps to the image width).
    pub title: String,
    /// Assumptions, one or more paragraphs (separated by `\n`); each wraps to the image width.
    pub subtitle: String,
    /// x-axis title with its unit, e.g. "Decision delay (s)".
    pub x_label: String,
    /// y-axis title with its unit, e.g. "Defended share" (the tick labels carry " %" when `y_percent`).
    pub y_label: String,
    /// y-axis range `(lo, hi)` in y units (finite, lo < hi); data outside are clipped. `None` fits the data (and, with
    /// `y_percent`, always includes 0..1).
    pub y_range: Option<(f64, f64)>,
    /// The y values are shares (0..1) labelled as percentages (0.25 → "25 %").
    pub y_percent: bool,
    /// Series, drawn in order (later ones on top) in the Okabe–Ito colours; at least one, with at least one finite
    /// point among all series.
    pub series: Vec<LineSeries>,
    /// Labelled vertical lines (e.g. flip points), x in x units; labels stack above the plot so they never overlap.
    pub markers: Vec<VerticalMarker>,
}

/// A labelled vertical line across the plot at `x` (x-axis units).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VerticalMarker {
    /// Position on the x axis (x units, finite).
    pub x: f64,
    /// Label above the plot, e.g. "flip at 95 s"; may be empty.
    pub label: String,
}

/// Renders the line chart as an SVG document of `width_px` x `height_px` (each 200..=8192 px).
pub fn line_chart_svg(
    spec: &LineChartSpec,
    width_px: u32,
    height_px: u32,
) -> Result<String, VizError> {
    let l = plan(spec, width_px, height_px)?;
    render_svg(width_px, height_px, |area, sc| {
        draw(area, sc, width_px, spec, &l)
    })
}

/// Renders the line chart as an RGB PNG of `width_px` x `height_px` (each 200..=8192 px).
pub fn line_chart_png(
    spec: &LineChartSpec,
    width_px: u32,
    height_px: u32,
) -> Result<Vec<u8>, VizError> {
    let l = plan(spec, width_px, height_px)?;
    render_png(width_px, height_px, |area, sc| {
        draw(area, sc, width_px, spec, &l)
    })
}

/// The plot frame of the line chart drawn for `spec` at `width_px` x `height_px` (the same in SVG and PNG): where a
/// data point `(x, y)` lands in the image.
pub fn line_chart_frame(
    spec: &LineChartSpec,
    width_px: u32,
    height_px: u32,
) -> Result<PlotFrame, VizError> {
    Ok(plan(spec, width_px, height_px)?.frame)
}

/// Data ranges of a valid spec: x spanned exactly, y before widening to ticks.
struct Checked {
    x: (f64, f64),
    y: (f64, f64),
    y_given: bool,
}

fn validate(spec: &LineChartSpec) -> Result<Checked, VizError> {
    if spec.series.is_empty() {
        return Err(invalid(
            "line chart series is empty: give at least one series with a point",
        ));
    }
    let mut ext = validate_series("line chart series", &spec.series)?;
    if !ext.has_x() {
        return Err(invalid(
            "line chart series: no series has a finite (x, y) point (all NaN)",
        ));
    }
    let y_range = check_range("line chart y_range", spec.y_range)?;
    for (i, m) in spec.markers.iter().enumerate() {
        if !m.x.is_finite() {
            return Err(invalid(format!(
                "line chart markers[{i}] '{}': x = {} is not finite",
                m.label, m.x
            )));
        }
        ext.add_x(m.x);
    }
    let x = widen_flat(ext.x.0, ext.x.1);
    let y = match y_range {
        Some(r) => r,
        None if spec.y_percent => (ext.y.0.min(0.0), ext.y.1.max(1.0)),
        None => ext.y,
    };
    Ok(Checked {
        x,
        y,
        y_given: y_range.is_some(),
    })
}

/// Everything the drawing needs, in output px.
struct Plan {
    lay: Lay,
    frame: PlotFrame,
    xt: AxisTicks,
    yt: AxisTicks,
    x_title: Vec<String>,
    y_title: Vec<String>,
    styles: Vec<SeriesStyle>,
    entries: Vec<Entry>,
    legend_at: Option<(f64, f64)>,
    /// Per marker: (label level above the plot, label left x), and the level height.
    marker_labels: Vec<(usize, i32)>,
    level_h: f64,
}

/// Nominal gap between the plot and an outside legend, and the inset of an inside legend.
const LEGEND_GAP: f64 = 16.0;
const LEGEND_INSET: f64 = 10.0;

fn plan(spec: &LineChartSpec, width_px: u32, height_px: u32) -> Result<Plan, VizError> {
    let chk = validate(spec)?;
    crate::render::check_size(width_px, height_px)?;
    let lay = Lay::new(width_px, height_px);
    let (w, h) = (lay.w, lay.h);
    let top = lay.header_h(&spec.title, &spec.subtitle) + lay.n(AFTER_HEADER);
    let x_title = lay.wrap(&spec.x_label, AXIS_FONT, false, 0.8 * w);
    let bottom = h - x_axis_h(&lay, x_title.len());
    let level_h = lay.n(LEGEND_FONT * 1.45);
    let prelim_h = bottom
        - top
        - if spec.markers.is_empty() {
            0.0
        } else {
            level_h
        };
    let y_title = lay.wrap(&spec.y_label, AXIS_FONT, false, prelim_h.max(lay.n(80.0)));
    let y_spacing = lay.n(Y_TICK_SPACING);
    let yr = if chk.y_given {
        chk.y
    } else {
        loose_range(
            chk.y,
            spec.y_percent,
            (prelim_h / y_spacing).clamp(2.0, 10.0),
        )
    };
    let yt = axis_ticks(&lay, yr, spec.y_percent, prelim_h, y_spacing, true);
    let left = (y_axis_w(&lay, &yt.labels, y_title.len())).round();

    // The frame for a given right edge: marker labels stack above it.
    let widths: Vec<i32> = spec
        .markers
        .iter()
        .map(|m| lay.tw(&m.label, LEGEND_FONT, false).ceil() as i32)
        .collect();
    let frame_for = |right: f64| -> (PlotFrame, Vec<(usize, i32)>) {
        let right = right.round();
        let xs: Vec<i32> = spec
            .markers
            .iter()
            .map(|m| (left + (m.x - chk.x.0) / (chk.x.1 - chk.x.0) * (right - left)).round() as i32)
            .collect();
        let edge = lay.n(6.0).round() as i32;
        let placed = place_labels(
            &xs,
            &widths,
            (edge, w as i32 - edge),
            lay.n(5.0).round() as i32,
            lay.n(8.0).round() as i32,
        );
        let levels = if spec.markers.is_empty() {
            0
        } else {
            placed.iter().map(|p| p.0 + 1).max().unwrap_or(1)
        };
        let band = if levels == 0 {
            lay.n(6.0)
        } else {
            levels as f64 * level_h + lay.n(8.0)
        };
        let frame = PlotFrame {
            left_px: left,
            top_px: (top + band).round(),
            right_px: right,
            bottom_px: bottom.round(),
            x_range: chk.x,
            y_range: (yt.lo, yt.hi),
        };
        (frame, placed)
    };

    let right_inside = w - lay.n(MARGIN_R);
    let (frame, mut placed) = frame_for(right_inside);
    check_room(&frame, &lay, "line chart")?;
    let styles: Vec<SeriesStyle> = spec
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| series_style(i, is_sparse(&lay, &frame, s)))
        .collect();
    let max_text_w = lay.n(320.0).min(0.3 * w);
    let entries: Vec<Entry> = spec
        .series
        .iter()
        .zip(&styles)
        .filter(|(s, _)| !s.name.trim().is_empty())
        .map(|(s, st)| {
            let empty = !s.points.iter().any(finite2);
            let label = if empty {
                format!("{} (no data)", s.name)
            } else {
                s.name.clone()
            };
            let line = runs(&s.points, finite2).iter().any(|r| r.len() >= 2);
            Entry::new(
                &lay,
                Swatch::Series(*st, s.band.is_some(), line),
                &label,
                max_text_w,
            )
        })
        .collect();

    let mut frame = frame;
    let mut legend_at = None;
    if !entries.is_empty() {
        let (bw, bh) = legend_box_size(&lay, &entries);
        let mut ink = Vec::new();
        for s in &spec.series {
            series_ink(&lay, &frame, s, &mut ink);
        }
        for m in &spec.markers {
            let x = frame.x_px(m.x);
            let n = ((frame.bottom_px - frame.top_px) / lay.n(4.0)).ceil() as usize;
            ink.extend((0..=n).map(|k| {
                (
                    x,
                    frame.top_px + (frame.bottom_px - frame.top_px) * k as f64 / n as f64,
                )
            }));
        }
        let inset = lay.n(LEGEND_INSET);
        let (l, t, r, b) = (frame.left_px, frame.top_px, frame.right_px, frame.bottom_px);
        let corners = [
            (r - inset - bw, t + inset),
            (l + inset, t + inset),
            (r - inset - bw, b - inset - bh),
            (l + inset, b - inset - bh),
            (0.5 * (l + r - bw), t + inset),
            (0.5 * (l + r - bw), b - inset - bh),
        ];
        let margin = lay.n(4.0);
        let hidden = |&(x, y): &(f64, f64)| {
            ink.iter()
                .filter(|p| {
                    p.0 >= x - margin
                        && p.0 <= x + bw + margin
                        && p.1 >= y - margin
                        && p.1 <= y + bh + margin
                })
                .count()
        };
        let fits_inside = bw + 2.0 * inset <= r - l && bh + 2.0 * inset <= b - t;
        let best = corners
            .iter()
            .copied()
            .min_by_key(|c| hidden(c))
            .filter(|c| fits_inside && hidden(c) == 0);
        match best {
            Some(c) => legend_at = Some(c),
            None => {
                let right = w - lay.n(MARGIN_R) - bw - lay.n(LEGEND_GAP);
                let (f2, p2) = frame_for(right);
                if check_room(&f2, &lay, "line chart").is_ok() && right - left >= 0.45 * w {
                    frame = f2;
                    placed = p2;
                    legend_at = Some((frame.right_px + lay.n(LEGEND_GAP), frame.top_px));
                } else {
                    // No room beside the plot: the least hiding corner.
                    legend_at = corners.iter().copied().min_by_key(|c| hidden(c));
                }
            }
        }
    }
    let xt = axis_ticks(
        &lay,
        chk.x,
        false,
        frame.right_px - frame.left_px,
        lay.n(X_TICK_SPACING),
        false,
    );
    Ok(Plan {
        lay,
        frame,
        xt,
        yt,
        x_title,
        y_title,
        styles,
        entries,
        legend_at,
        marker_labels: placed,
        level_h,
    })
}

fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    width_px: u32,
    spec: &LineChartSpec,
    p: &Plan,
) -> Result<(), VizError> {
    area.fill(&WHITE)?;
    let pen = Pen::new(area, sc.raster, width_px);
    header(area, pen.sc, &spec.title, &spec.subtitle)?;
    let (lay, f) = (&p.lay, &p.frame);
    draw_grid(&pen, f, &p.xt, true)?;
    draw_grid(&pen, f, &p.yt, false)?;

    // Marker lines under the data, reaching up to their label's level.
    let marker_colour = RGBColor(95, 95, 95);
    let label_bottom = |level: usize| f.top_px - lay.n(4.0) - level as f64 * p.level_h;
    for (m, (level, _)) in spec.markers.iter().zip(&p.marker_labels) {
        let x = f.x_px(m.x);
        let y0 = if m.label.is_empty() {
            f.top_px
        } else {
            label_bottom(*level)
        };
        pen.dashed(
            &[(x, y0), (x, f.bottom_px)],
            7.0,
            5.0,
            marker_colour.stroke_width(pen.lw(1.4)),
        )?;
    }
    for (s, st) in spec.series.iter().zip(&p.styles) {
        draw_band(&pen, f, s, st)?;
    }
    for (s, st) in spec.series.iter().zip(&p.styles) {
        draw_line(&pen, f, s, st)?;
    }
    draw_box(&pen, f)?;
    draw_x_axis(&pen, lay, f, &p.xt, &p.x_title)?;
    draw_y_axis(&pen, lay, f, &p.yt, &p.y_title)?;

    // Marker labels on white boxes, over the lines of lower levels.
    for (m, (level, left)) in spec.markers.iter().zip(&p.marker_labels) {
        if m.label.is_empty() {
            continue;
        }
        let yb = label_bottom(*level);
        let lw = lay.tw(&m.label, LEGEND_FONT, false);
        let pad = lay.n(2.0);
        let x = f64::from(*left);
        pen.rect(
            (x - pad, yb - p.level_h + pad),
            (x + lw + pad, yb),
            WHITE.filled(),
        )?;
        pen.text(
            &m.label,
            (x, yb - lay.n(2.0)),
            LEGEND_FONT,
            false,
            palette::INK,
            anchor(HPos::Left, VPos::Bottom),
            false,
        )?;
    }
    if let Some(at) = p.legend_at {
        draw_legend_box(&pen, lay, at, &p.entries)?;
    }
    Ok(())
}
