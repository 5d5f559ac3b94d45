//! Engagement timeline: labelled instants (launch, burn-out, detection, track, commit, impact) as vertical lines and
//! labelled intervals (intercept windows, radar visibility) as horizontal bars, against time after threat launch.

use crate::error::{invalid, VizError};
use crate::palette;
use crate::render::{anchor, header, render_png, render_svg, text, text_width, Scale};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A Gantt-like engagement timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineSpec {
    /// Bold title at the top.
    pub title: String,
    /// Assumptions, one or more lines (separated by `\n`).
    pub subtitle: String,
    /// Threat impact time (s after threat launch, > 0), drawn as a vermillion line.
    pub impact_s: f64,
    /// Labelled instants `(label, s after threat launch)`.
    pub events: Vec<(String, f64)>,
    /// Labelled intervals `(label, start s, end s)` after threat launch, one row each, top to bottom.
    pub bars: Vec<(String, f64, f64)>,
}

/// Renders the timeline as an SVG document of `width_px` x `height_px` (each 200..=8192 px).
pub fn timeline_svg(
    spec: &TimelineSpec,
    width_px: u32,
    height_px: u32,
) -> Result<String, VizError> {
    let range = validate(spec)?;
    render_svg(width_px, height_px, |area, sc| {
        draw_timeline(area, sc, spec, range)
    })
}

/// Renders the timeline as an RGB PNG of `width_px` x `height_px` (each 200..=8192 px).
pub fn timeline_png(
    spec: &TimelineSpec,
    width_px: u32,
    height_px: u32,
) -> Result<Vec<u8>, VizError> {
    let range = validate(spec)?;
    render_png(width_px, height_px, |area, sc| {
        draw_timeline(area, sc, spec, range)
    })
}

fn validate(spec: &TimelineSpec) -> Result<(f64, f64), VizError> {
    if !(spec.impact_s.is_finite() && spec.impact_s > 0.0) {
        return Err(invalid(format!(
            "timeline impact_s must be finite and > 0, got {}",
            spec.impact_s
        )));
    }
    let (mut lo, mut hi) = (0.0f64, spec.impact_s);
    for (label, t) in &spec.events {
        if !t.is_finite() {
            return Err(invalid(format!(
                "timeline event '{label}' has a non-finite time"
            )));
        }
        lo = lo.min(*t);
        hi = hi.max(*t);
    }
    for (label, a, b) in &spec.bars {
        if !(a.is_finite() && b.is_finite() && a <= b) {
            return Err(invalid(format!(
                "timeline bar '{label}' needs finite start <= end, got {a} .. {b}"
            )));
        }
        lo = lo.min(*a);
        hi = hi.max(*b);
    }
    let pad = 0.03 * (hi - lo);
    Ok((if lo < 0.0 { lo - pad } else { 0.0 }, hi + pad))
}

const BAR_COLORS: [RGBColor; 6] = [
    palette::BLUE,
    palette::GREEN,
    palette::ORANGE,
    palette::SKY,
    palette::PURPLE,
    palette::VERMILLION,
];

fn draw_timeline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    spec: &TimelineSpec,
    (t0, t1): (f64, f64),
) -> Result<(), VizError> {
    area.fill(&WHITE)?;
    let top = header(area, sc, &spec.title, &spec.subtitle)?;
    let font = sc.font(14.0, false);
    let ink = palette::INK;

    // Left label column wide enough for the bar names.
    let name_w = spec
        .bars
        .iter()
        .map(|b| text_width(area, &b.0, &font))
        .max()
        .unwrap_or(0);
    let (margin_l, margin_r) = (sc.px(20.0), sc.px(40.0));
    let y_area = name_w + sc.px(16.0);
    let (bw, _) = area.dim_in_pixel();
    let plot_l = margin_l + y_area;
    let plot_r = bw as i32 - margin_r;
    let x_of = |t: f64| plot_l + ((t - t0) / (t1 - t0) * f64::from(plot_r - plot_l)).round() as i32;

    // Event labels (with the impact) above the plot, stacked on levels so they never overlap.
    let mut events: Vec<(String, f64, bool)> = spec
        .events
        .iter()
        .map(|(l, t)| (format!("{l} {t:.0} s"), *t, false))
        .collect();
    events.push((
        format!("impact {:.0} s", spec.impact_s),
        spec.impact_s,
        true,
    ));
    events.sort_by(|a, b| a.1.total_cmp(&b.1));
    let gap = sc.px(8.0);
    let mut level_right: Vec<i32> = Vec::new();
    let mut placed: Vec<(usize, i32)> = Vec::with_capacity(events.len());
    for (label, t, _) in &events {
        let w = text_width(area, label, &font);
        let left = (x_of(*t) - w / 2).max(0);
        let level = match level_right.iter().position(|r| left > r + gap) {
            Some(l) => l,
            None => {
                level_right.push(i32::MIN);
                level_right.len() - 1
            }
        };
        level_right[level] = left + w;
        placed.push((level, left));
    }
    let line_h = sc.px(21.0);
    let band = level_right.len() as i32 * line_h + sc.px(6.0);
    let (_, body) = area.split_vertically(top + band);

    let n_rows = spec.bars.len().max(1);
    let mut chart = ChartBuilder::on(&body)
        .margin_left(margin_l)
        .margin_right(margin_r)
        .margin_bottom(sc.px(16.0))
        .x_label_area_size(sc.px(58.0))
        .y_label_area_size(y_area)
        .build_cartesian_2d(t0..t1, 0.0..n_rows as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .label_style(font.desc())
        .x_label_formatter(&|v| format!("{v:.0}"))
        .bold_line_style(RGBColor(205, 205, 205).stroke_width(sc.w(0.8)))
        .light_line_style(RGBColor(240, 240, 240).stroke_width(sc.w(0.6)))
        .axis_style(RGBColor(60, 60, 60).stroke_width(sc.w(1.0)))
        .draw()?;

    let (pl, _) = chart.backend_coord(&(t0, 0.0));
    let (pr, pb) = chart.backend_coord(&(t1, 0.0));
    let x_title = "Time after threat launch (s)";
    let (desc, centre_top) = (sc.font(16.0, false), anchor(HPos::Center, VPos::Top));
    text(
        area,
        sc,
        x_title,
        ((pl + pr) / 2, pb + sc.px(34.0)),
        &desc,
        ink,
        centre_top,
        None,
    )?;
    for (i, (label, a, b)) in spec.bars.iter().enumerate() {
        let y_top = (n_rows - i) as f64 - 0.22;
        let y_bot = (n_rows - 1 - i) as f64 + 0.22;
        let color = BAR_COLORS[i % BAR_COLORS.len()];
        chart.draw_series(std::iter::once(Rectangle::new(
            [(*a, y_top), (*b, y_bot)],
            color.mix(0.85).filled(),
        )))?;
        let (xl, yc) = chart.backend_coord(&(t0, (n_rows - i) as f64 - 0.5));
        text(
            area,
            sc,
            label,
            (xl - sc.px(10.0), yc),
            &font,
            ink,
            anchor(HPos::Right, VPos::Center),
            None,
        )?;
        let (xr, _) = chart.backend_coord(&(*b, 0.0));
        let value = format!("{a:.0}–{b:.0} s ({:.0} s)", b - a);
        let small = sc.font(13.0, false);
        let vw = text_width(area, &value, &small);
        let grey = RGBColor(70, 70, 70);
        if xr + sc.px(6.0) + vw < plot_r {
            text(
                area,
                sc,
                &value,
                (xr + sc.px(6.0), yc),
                &small,
                grey,
                anchor(HPos::Left, VPos::Center),
                None,
            )?;
        } else {
            let (xa, _) = chart.backend_coord(&(*a, 0.0));
            text(
                area,
                sc,
                &value,
                (xa - sc.px(6.0), yc),
                &small,
                grey,
                anchor(HPos::Right, VPos::Center),
                None,
            )?;
        }
    }

    let (_, plot_top) = chart.backend_coord(&(t0, n_rows as f64));
    let (_, plot_bottom) = chart.backend_coord(&(t0, 0.0));
    for ((label, t, is_impact), (level, left)) in events.iter().zip(&placed) {
        let (x, _) = chart.backend_coord(&(*t, 0.0));
        let (color, width) = if *is_impact {
            (palette::VERMILLION, 2.2)
        } else {
            (RGBColor(90, 90, 90), 1.2)
        };
        let label_y = plot_top - sc.px(6.0) - *level as i32 * line_h;
        area.draw(&PathElement::new(
            vec![(x, label_y), (x, plot_bottom)],
            color
                .mix(if *is_impact { 1.0 } else { 0.6 })
                .stroke_width(sc.w(width)),
        ))?;
        let text_color = if *is_impact { palette::VERMILLION } else { ink };
        let lw = text_width(area, label, &font);
        let pad = sc.px(2.0);
        area.draw(&Rectangle::new(
            [
                (*left - pad, label_y - line_h + pad),
                (*left + lw + pad, label_y),
            ],
            WHITE.filled(),
        ))?;
        text(
            area,
            sc,
            label,
            (*left, label_y - sc.px(2.0)),
            &font,
            text_color,
            anchor(HPos::Left, VPos::Bottom),
            None,
        )?;
    }
    Ok(())
}
