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
    /// Assumptions, one or more paragraphs (separated by `\n`); each wraps to the image width.
    pub subtitle: String,
    /// Threat impact time (s after threat launch, > 0), drawn as a vermillion line.
    pub impact_s: f64,
    /// Labelled instants `(label, s after threat launch)`; labels stack so they never overlap. An event whose label
    /// starts with "impact" within 0.5 s of `impact_s` is skipped (the impact line is drawn anyway).
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

/// Whether the event (`label`, `t_s`) is the impact that the timeline already draws as its own line: the label
/// starts with "impact" (any case) and the time is within 0.5 s of `impact_s`.
fn duplicates_impact(label: &str, t_s: f64, impact_s: f64) -> bool {
    let starts = label
        .trim_start()
        .get(..6)
        .is_some_and(|p| p.eq_ignore_ascii_case("impact"));
    starts && (t_s - impact_s).abs() <= 0.5
}

/// Stacks the event labels above the plot. Event `i` has its line at x = `xs[i]` and a label `widths[i]` wide
/// (backend px); a label starts `offset` right of its line, or ends `offset` left of it when it would pass the right
/// edge of `bounds` (`(left, right)`), and stays within `bounds` if it fits. Returns `(level, label left x)` per event,
/// level 0 just above the plot.
///
/// Labels on one level keep `gap` apart; a label never covers the line of an event on a higher level (that line
/// passes through its level) and, where possible, an event's own line passes no label below it. Events are placed
/// from the latest to the earliest, so a cluster reads as a staircase with the earliest event on top.
pub(crate) fn place_labels(
    xs: &[i32],
    widths: &[i32],
    (min_x, max_x): (i32, i32),
    offset: i32,
    gap: i32,
) -> Vec<(usize, i32)> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(xs[i]), std::cmp::Reverse(i)));
    // (level, left, right) per event, once placed.
    let mut placed: Vec<Option<(usize, i32, i32)>> = vec![None; xs.len()];
    let margin = (gap / 2).max(1);
    for i in order {
        let (x, w) = (xs[i], widths[i]);
        let mut left = if x + offset + w <= max_x {
            x + offset
        } else {
            x - offset - w
        };
        left = left.min(max_x - w).max(min_x);
        let right = left + w;
        let others: Vec<(usize, (usize, i32, i32))> = placed
            .iter()
            .enumerate()
            .filter_map(|(j, p)| p.map(|p| (j, p)))
            .collect();
        let top = others.iter().map(|(_, p)| p.0 + 1).max().unwrap_or(0);
        let free = |level: usize, strict: bool| {
            others.iter().all(|&(j, (l, a, b))| {
                let clear_box = l != level || right + gap <= a || left >= b + gap;
                let clear_line = l <= level || xs[j] < left - margin || xs[j] > right + margin;
                let own_line = !strict || l >= level || x < a - margin || x > b + margin;
                clear_box && clear_line && own_line
            })
        };
        let level = (0..=top)
            .find(|&l| free(l, true))
            .or_else(|| (0..=top).find(|&l| free(l, false)))
            .unwrap_or(top);
        placed[i] = Some((level, left, right));
    }
    placed
        .into_iter()
        .map(|p| p.map_or((0, 0), |(l, a, _)| (l, a)))
        .collect()
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
    // An event that repeats the automatic impact line ("impact…" within 0.5 s of impact_s) is not drawn twice.
    let mut events: Vec<(String, f64, bool)> = spec
        .events
        .iter()
        .filter(|(l, t)| !duplicates_impact(l, *t, spec.impact_s))
        .map(|(l, t)| (format!("{l} {t:.0} s"), *t, false))
        .collect();
    events.push((
        format!("impact {:.0} s", spec.impact_s),
        spec.impact_s,
        true,
    ));
    events.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (bw_i, edge) = (bw as i32, sc.px(6.0));
    let xs: Vec<i32> = events.iter().map(|e| x_of(e.1)).collect();
    let widths: Vec<i32> = events
        .iter()
        .map(|e| text_width(area, &e.0, &font))
        .collect();
    let placed = place_labels(&xs, &widths, (edge, bw_i - edge), sc.px(5.0), sc.px(8.0));
    let levels = placed.iter().map(|p| p.0 + 1).max().unwrap_or(1);
    let line_h = sc.px(21.0);
    let band = levels as i32 * line_h + sc.px(6.0);
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
    // Lines first, then the labels on white boxes over them: a line reaching a higher level passes behind the
    // labels below it instead of striking through them.
    for ((_, t, is_impact), (level, _)) in events.iter().zip(&placed) {
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
    }
    for ((label, _, is_impact), (level, left)) in events.iter().zip(&placed) {
        let label_y = plot_top - sc.px(6.0) - *level as i32 * line_h;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_duplicates_are_recognised() {
        assert!(duplicates_impact("impact", 1230.3, 1230.0));
        assert!(duplicates_impact("Impact (predicted)", 1229.6, 1230.0));
        assert!(!duplicates_impact("impact", 1231.0, 1230.0));
        assert!(!duplicates_impact("kill assessment", 1230.0, 1230.0));
        assert!(!duplicates_impact("imp", 1230.0, 1230.0));
    }

    #[test]
    fn stacked_labels_neither_overlap_nor_cover_lines() {
        // Ten events, two pairs at the same time and a tight cluster, plus one at the right edge.
        let xs = [100, 100, 160, 225, 227, 237, 272, 272, 600, 1390];
        let widths = [110, 150, 140, 90, 160, 130, 200, 80, 120, 100];
        let (gap, offset, bounds) = (8, 5, (6, 1394));
        let placed = place_labels(&xs, &widths, bounds, offset, gap);
        assert_eq!(placed.len(), xs.len());
        for (i, &(li, ai)) in placed.iter().enumerate() {
            let bi = ai + widths[i];
            assert!(ai >= bounds.0 && bi <= bounds.1, "label {i} outside");
            for (j, &(lj, aj)) in placed.iter().enumerate() {
                if i == j {
                    continue;
                }
                let bj = aj + widths[j];
                if li == lj {
                    assert!(
                        bi + gap <= aj || bj + gap <= ai,
                        "labels {i} and {j} overlap"
                    );
                }
                // A line reaching above label i's level must not cross label i.
                if lj > li {
                    assert!(xs[j] < ai || xs[j] > bi, "line {j} crosses label {i}");
                }
            }
        }
        assert!(placed.iter().all(|p| p.0 < xs.len()));
    }
}
