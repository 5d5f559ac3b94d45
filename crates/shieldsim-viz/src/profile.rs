//! Altitude-versus-ground-range profile of a threat trajectory with the interceptor reach (engagement envelope)
//! and intercept points.

use crate::error::{invalid, VizError};
use crate::palette;
use crate::render::{
    anchor, header, marker, render_png, render_svg, text, text_rot, text_width, Marker, Scale,
};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// An altitude-versus-range profile.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileSpec {
    /// Bold title at the top.
    pub title: String,
    /// Assumptions, one or more paragraphs (separated by `\n`); each wraps to the image width.
    pub subtitle: String,
    /// Threat trajectory as `[ground range km from the threat launch, altitude km]`.
    pub trajectory: Vec<[f64; 2]>,
    /// Interceptor reach regions as closed polygons of `[ground range km from the threat launch, altitude km]`
    /// (closing point optional), drawn as translucent filled areas with an outline under the trajectory; regions of
    /// fewer than 3 points are ignored, and without any region there is no legend entry. May be empty.
    pub envelope: Vec<Vec<[f64; 2]>>,
    /// Legend label of the envelope, e.g. "Interceptor reach (GBI, 300 s after launch)"; empty = "Interceptor reach".
    pub envelope_label: String,
    /// Intercept points as `[ground range km, altitude km]`, drawn as x markers.
    pub intercepts: Vec<[f64; 2]>,
}

/// Renders the profile as an SVG document of `width_px` x `height_px` (each 200..=8192 px).
pub fn profile_svg(spec: &ProfileSpec, width_px: u32, height_px: u32) -> Result<String, VizError> {
    let bounds = validate(spec)?;
    render_svg(width_px, height_px, |area, sc| {
        draw_profile(area, sc, spec, bounds)
    })
}

/// Renders the profile as an RGB PNG of `width_px` x `height_px` (each 200..=8192 px).
pub fn profile_png(spec: &ProfileSpec, width_px: u32, height_px: u32) -> Result<Vec<u8>, VizError> {
    let bounds = validate(spec)?;
    render_png(width_px, height_px, |area, sc| {
        draw_profile(area, sc, spec, bounds)
    })
}

/// Opacity of the envelope fill (and of its legend swatch), light enough for the grid and trajectory to show.
const ENVELOPE_ALPHA: f64 = 0.28;

/// Axis ranges `(x_min, x_max, y_max)` in km.
type Bounds = (f64, f64, f64);

fn validate(spec: &ProfileSpec) -> Result<Bounds, VizError> {
    let all = spec
        .trajectory
        .iter()
        .chain(spec.envelope.iter().flatten())
        .chain(spec.intercepts.iter());
    let (mut x0, mut x1, mut y1) = (0.0f64, f64::NEG_INFINITY, 0.0f64);
    let mut count = 0usize;
    for p in all {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return Err(invalid(format!(
                "profile point [range km, altitude km] = {p:?} is not finite"
            )));
        }
        x0 = x0.min(p[0]);
        x1 = x1.max(p[0]);
        y1 = y1.max(p[1]);
        count += 1;
    }
    if spec.trajectory.len() < 2 && spec.envelope.iter().all(|r| r.len() < 3) {
        return Err(invalid(
            "profile needs a trajectory of >= 2 points or an envelope region of >= 3 points",
        ));
    }
    if count == 0 || x1 <= x0 {
        return Err(invalid("profile points span no ground range"));
    }
    let y1 = if y1 > 0.0 { y1 } else { 1.0 };
    Ok((x0, x1 + 0.03 * (x1 - x0), y1 * 1.08))
}

fn draw_profile<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    spec: &ProfileSpec,
    (x0, x1, y1): Bounds,
) -> Result<(), VizError> {
    area.fill(&WHITE)?;
    let top = header(area, sc, &spec.title, &spec.subtitle)?;
    let (_, body) = area.split_vertically(top);
    let axis_font = sc.font(15.0, false);
    let (x_area, y_area) = (sc.px(58.0), sc.px(82.0));
    let mut chart = ChartBuilder::on(&body)
        .margin_left(sc.px(20.0))
        .margin_right(sc.px(40.0))
        .margin_bottom(sc.px(16.0))
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x0..x1, 0.0..y1)?;
    chart
        .configure_mesh()
        .label_style(axis_font.desc())
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .bold_line_style(RGBColor(200, 200, 200).stroke_width(sc.w(0.8)))
        .light_line_style(RGBColor(238, 238, 238).stroke_width(sc.w(0.6)))
        .axis_style(RGBColor(60, 60, 60).stroke_width(sc.w(1.0)))
        .draw()?;
    let (pl, pt) = chart.backend_coord(&(x0, y1));
    let (pr, pb) = chart.backend_coord(&(x1, 0.0));
    let desc = sc.font(16.0, false);
    let ink = palette::INK;
    let centre_top = anchor(HPos::Center, VPos::Top);
    text(
        area,
        sc,
        "Ground range (km)",
        ((pl + pr) / 2, pb + sc.px(34.0)),
        &desc,
        ink,
        centre_top,
        None,
    )?;
    let y_title_pos = (pl - y_area + sc.px(4.0), (pt + pb) / 2);
    text_rot(
        area,
        sc,
        "Altitude (km)",
        y_title_pos,
        &desc,
        ink,
        centre_top,
        None,
        true,
    )?;

    let (lw, sw) = (sc.w(1.6), sc.px(26.0));
    // Envelope regions under everything else: all the translucent fills, then all the outlines (so one region's
    // fill does not dim another's outline).
    let regions: Vec<Vec<(f64, f64)>> = spec
        .envelope
        .iter()
        .filter(|r| r.len() >= 3)
        .map(|r| r.iter().map(|p| (p[0], p[1].max(0.0))).collect())
        .collect();
    for pts in &regions {
        chart.draw_series(std::iter::once(Polygon::new(
            pts.clone(),
            palette::SKY.mix(ENVELOPE_ALPHA).filled(),
        )))?;
    }
    for pts in &regions {
        let mut closed = pts.clone();
        closed.push(pts[0]);
        chart.draw_series(std::iter::once(PathElement::new(
            closed,
            palette::BLUE.stroke_width(lw),
        )))?;
    }
    if spec.trajectory.len() >= 2 {
        let pts: Vec<(f64, f64)> = spec.trajectory.iter().map(|p| (p[0], p[1])).collect();
        chart.draw_series(std::iter::once(PathElement::new(
            pts,
            palette::INK.stroke_width(sc.w(2.5)),
        )))?;
    }
    for p in &spec.intercepts {
        let c = chart.backend_coord(&(p[0], p[1].max(0.0)));
        marker(area, sc, Marker::Cross, c, 7.0, palette::PURPLE)?;
    }

    // Legend box in the upper right corner of the plot.
    let label = if spec.envelope_label.is_empty() {
        "Interceptor reach"
    } else {
        spec.envelope_label.as_str()
    };
    let mut entries: Vec<(u8, &str)> = Vec::new();
    if spec.envelope.iter().any(|r| r.len() >= 3) {
        entries.push((0, label));
    }
    if spec.trajectory.len() >= 2 {
        entries.push((1, "Threat trajectory"));
    }
    if !spec.intercepts.is_empty() {
        entries.push((2, "Intercept point"));
    }
    let row = sc.px(24.0);
    let text_w = entries
        .iter()
        .map(|(_, l)| text_width(area, l, &axis_font))
        .max()
        .unwrap_or(0);
    let (pad, box_w) = (sc.px(12.0), sc.px(12.0) * 2 + sw + sc.px(10.0) + text_w);
    let box_h = pad * 2 + row * entries.len() as i32 - sc.px(6.0);
    let inset = sc.px(12.0);
    // The corner of the plot where the box hides the least of the drawing (top right when tied).
    let mut ink_pts: Vec<(i32, i32)> = Vec::new();
    let mut trace = |pts: &[(f64, f64)]| {
        let px: Vec<(i32, i32)> = pts.iter().map(|p| chart.backend_coord(p)).collect();
        for pair in px.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let n = ((a.0 - b.0).abs().max((a.1 - b.1).abs()) / 4).clamp(1, 10_000);
            for k in 0..=n {
                let f = f64::from(k) / f64::from(n);
                ink_pts.push((
                    a.0 + (f64::from(b.0 - a.0) * f).round() as i32,
                    a.1 + (f64::from(b.1 - a.1) * f).round() as i32,
                ));
            }
        }
    };
    let clamped =
        |r: &[[f64; 2]]| -> Vec<(f64, f64)> { r.iter().map(|p| (p[0], p[1].max(0.0))).collect() };
    trace(&clamped(&spec.trajectory));
    for region in spec.envelope.iter().filter(|r| r.len() >= 3) {
        let mut ring = clamped(region);
        ring.push(ring[0]);
        trace(&ring);
    }
    ink_pts.extend(
        spec.intercepts
            .iter()
            .map(|p| chart.backend_coord(&(p[0], p[1].max(0.0)))),
    );
    let corners = [
        (pr - inset - box_w, pt + inset),
        (pl + inset, pt + inset),
        (pr - inset - box_w, pb - inset - box_h),
        (pl + inset, pb - inset - box_h),
    ];
    let hidden = |&(x, y): &(i32, i32)| {
        ink_pts
            .iter()
            .filter(|p| p.0 >= x && p.0 <= x + box_w && p.1 >= y && p.1 <= y + box_h)
            .count()
    };
    let (bx0, by0) = corners
        .iter()
        .copied()
        .min_by_key(|c| hidden(c))
        .unwrap_or(corners[0]);
    let (bx1, by1) = (bx0 + box_w, by0 + box_h);
    area.draw(&Rectangle::new(
        [(bx0, by0), (bx1, by1)],
        WHITE.mix(0.92).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(bx0, by0), (bx1, by1)],
        RGBColor(160, 160, 160).stroke_width(sc.w(1.0)),
    ))?;
    for (i, (kind, l)) in entries.iter().enumerate() {
        let cy = by0 + pad + row * i as i32 + sc.px(9.0);
        let sx = bx0 + pad;
        match kind {
            0 => {
                let r = [(sx, cy - sc.px(7.0)), (sx + sw, cy + sc.px(7.0))];
                area.draw(&Rectangle::new(
                    r,
                    palette::SKY.mix(ENVELOPE_ALPHA).filled(),
                ))?;
                area.draw(&Rectangle::new(r, palette::BLUE.stroke_width(lw)))?;
            }
            1 => area.draw(&PathElement::new(
                vec![(sx, cy), (sx + sw, cy)],
                palette::INK.stroke_width(sc.w(2.5)),
            ))?,
            _ => marker(
                area,
                sc,
                Marker::Cross,
                (sx + sw / 2, cy),
                7.0,
                palette::PURPLE,
            )?,
        }
        text(
            area,
            sc,
            l,
            (sx + sw + sc.px(10.0), cy),
            &axis_font,
            ink,
            anchor(HPos::Left, VPos::Center),
            None,
        )?;
    }
    Ok(())
}
