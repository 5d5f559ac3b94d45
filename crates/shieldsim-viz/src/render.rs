//! Shared drawing machinery: the embedded fonts, the two output backends (SVG string, supersampled PNG), text with
//! a halo, markers and the figure header. All positions here are backend pixels; `Scale::s` converts the nominal
//! sizes (designed for a 1600 px wide figure) to them.

use crate::error::VizError;
use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The font family name registered with plotters. It doubles as the CSS `font-family` list written into SVG text,
/// so viewers without DejaVu fall back to their sans-serif font.
pub(crate) const FAMILY: &str = "DejaVu Sans, sans-serif";

static DEJAVU_SANS: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
static DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");

/// Registers the embedded fonts once (no system fonts are used).
pub(crate) fn ensure_fonts() -> Result<(), VizError> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font(FAMILY, FontStyle::Normal, DEJAVU_SANS)
                .map_err(|_| "embedded DejaVuSans.ttf is not a valid font".to_string())?;
            plotters::style::register_font(FAMILY, FontStyle::Bold, DEJAVU_SANS_BOLD)
                .map_err(|_| "embedded DejaVuSans-Bold.ttf is not a valid font".to_string())
        })
        .clone()
        .map_err(VizError::Render)
}

/// Smallest and largest accepted image side (px).
pub(crate) const MIN_SIDE_PX: u32 = 200;
/// See [`MIN_SIDE_PX`].
pub(crate) const MAX_SIDE_PX: u32 = 8192;

/// Checks a requested image size.
pub(crate) fn check_size(width_px: u32, height_px: u32) -> Result<(), VizError> {
    let ok = |v: u32| (MIN_SIDE_PX..=MAX_SIDE_PX).contains(&v);
    if ok(width_px) && ok(height_px) {
        Ok(())
    } else {
        Err(VizError::InvalidSize {
            width_px,
            height_px,
            min_px: MIN_SIDE_PX,
            max_px: MAX_SIDE_PX,
        })
    }
}

/// Size conversion from nominal figure units (a 1600 px wide figure) to backend pixels, and whether the backend is a
/// bitmap (text is then rasterised here, see [`text`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    /// Backend pixels per nominal pixel.
    pub s: f64,
    /// True for the bitmap backend.
    pub raster: bool,
}

/// A font size and weight (backend px, in plotters' convention: the ascent-to-descent height).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextFont {
    pub size: f64,
    pub bold: bool,
}

impl TextFont {
    /// The plotters font (for chart meshes and the SVG backend).
    pub fn desc(&self) -> FontDesc<'static> {
        let style = if self.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(FAMILY), self.size, style)
    }
}

impl Scale {
    /// `supersample` = backend pixels per output pixel (1 for SVG, 2 for PNG); `width_px` = output width.
    pub fn new(width_px: u32, supersample: u32, raster: bool) -> Self {
        Self::with_design_width(width_px, supersample, raster, 1600.0, 0.6)
    }
    /// Like [`Scale::new`] for a figure designed at `design_px` wide, never shrunk below `min_u` of its design
    /// size (the study charts use 1250 px and 0.7, so their text stays readable when they are printed small).
    pub fn with_design_width(
        width_px: u32,
        supersample: u32,
        raster: bool,
        design_px: f64,
        min_u: f64,
    ) -> Self {
        let u = (f64::from(width_px) / design_px).clamp(min_u, 3.0);
        Scale {
            s: u * f64::from(supersample),
            raster,
        }
    }
    /// A nominal length in backend pixels (rounded).
    pub fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }
    /// A nominal length in backend pixels (unrounded, at least 1).
    pub fn w(&self, v: f64) -> u32 {
        (v * self.s).round().max(1.0) as u32
    }
    /// A font of nominal size `size` (px).
    pub fn font(&self, size: f64, bold: bool) -> TextFont {
        TextFont {
            size: size * self.s,
            bold,
        }
    }
}

/// Draws a figure with `draw` into an SVG document of `width_px` x `height_px`.
pub(crate) fn render_svg<F>(width_px: u32, height_px: u32, draw: F) -> Result<String, VizError>
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, Shift>, Scale) -> Result<(), VizError>,
{
    render_svg_scaled(width_px, height_px, Scale::new, draw)
}

/// [`render_svg`] with the figure's own scale: `scale(width_px, supersample, raster)`.
pub(crate) fn render_svg_scaled<F>(
    width_px: u32,
    height_px: u32,
    scale: fn(u32, u32, bool) -> Scale,
    draw: F,
) -> Result<String, VizError>
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, Shift>, Scale) -> Result<(), VizError>,
{
    check_size(width_px, height_px)?;
    ensure_fonts()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width_px, height_px)).into_drawing_area();
        draw(&root, scale(width_px, 1, false))?;
        root.present()?;
    }
    Ok(svg)
}

/// Draws a figure with `draw` at twice the resolution, averages 2x2 blocks (anti-aliasing of lines, polygon edges
/// and text) and encodes an 8-bit RGB PNG of `width_px` x `height_px`.
pub(crate) fn render_png<F>(width_px: u32, height_px: u32, draw: F) -> Result<Vec<u8>, VizError>
where
    F: FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>, Scale) -> Result<(), VizError>,
{
    render_png_scaled(width_px, height_px, Scale::new, draw)
}

/// [`render_png`] with the figure's own scale: `scale(width_px, supersample, raster)`.
pub(crate) fn render_png_scaled<F>(
    width_px: u32,
    height_px: u32,
    scale: fn(u32, u32, bool) -> Scale,
    draw: F,
) -> Result<Vec<u8>, VizError>
where
    F: FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>, Scale) -> Result<(), VizError>,
{
    check_size(width_px, height_px)?;
    ensure_fonts()?;
    // Supersample unless the figure is huge (keeps the buffer under ~200 MB).
    let ss: u32 = if u64::from(width_px) * u64::from(height_px) <= 16_000_000 {
        2
    } else {
        1
    };
    let (bw, bh) = (width_px * ss, height_px * ss);
    let mut big = vec![255u8; bw as usize * bh as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut big, (bw, bh)).into_drawing_area();
        draw(&root, scale(width_px, ss, true))?;
        root.present()?;
    }
    let rgb = if ss == 1 {
        big
    } else {
        downsample2(&big, width_px as usize, height_px as usize)
    };
    encode_png(&rgb, width_px, height_px)
}

/// Averages 2x2 pixel blocks of an RGB buffer of (2w x 2h) into (w x h).
fn downsample2(big: &[u8], w: usize, h: usize) -> Vec<u8> {
    let bw = 2 * w;
    let mut out = vec![0u8; w * h * 3];
    for y in 0..h {
        let (r0, r1) = (2 * y * bw * 3, (2 * y + 1) * bw * 3);
        for x in 0..w {
            for c in 0..3 {
                let i = 6 * x + c;
                let sum = u32::from(big[r0 + i])
                    + u32::from(big[r0 + i + 3])
                    + u32::from(big[r1 + i])
                    + u32::from(big[r1 + i + 3]);
                out[(y * w + x) * 3 + c] = ((sum + 2) / 4) as u8;
            }
        }
    }
    out
}

/// Encodes an RGB8 buffer as PNG.
pub(crate) fn encode_png(rgb: &[u8], width_px: u32, height_px: u32) -> Result<Vec<u8>, VizError> {
    let png_err = |e: png::EncodingError| VizError::Render(format!("PNG encoding: {e}"));
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width_px, height_px);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(png_err)?;
        writer.write_image_data(rgb).map_err(png_err)?;
        writer.finish().map_err(png_err)?;
    }
    Ok(out)
}

/// Text anchors used by [`text`].
pub(crate) fn anchor(h: HPos, v: VPos) -> Pos {
    Pos::new(h, v)
}

fn glyph_fonts() -> Option<&'static (FontRef<'static>, FontRef<'static>)> {
    static FONTS: OnceLock<Option<(FontRef<'static>, FontRef<'static>)>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some((
                FontRef::try_from_slice(DEJAVU_SANS).ok()?,
                FontRef::try_from_slice(DEJAVU_SANS_BOLD).ok()?,
            ))
        })
        .as_ref()
}

/// Glyphs of `s` with their pen x positions (px from the start) and the total advance width (px).
fn layout(s: &str, font: TextFont) -> Option<(Vec<(GlyphId, f32)>, f32)> {
    let fonts = glyph_fonts()?;
    let face = if font.bold { &fonts.1 } else { &fonts.0 };
    let scaled = face.as_scaled(PxScale::from(font.size as f32));
    let mut x = 0f32;
    let mut prev: Option<GlyphId> = None;
    let mut glyphs = Vec::with_capacity(s.len());
    for c in s.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        glyphs.push((id, x));
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    Some((glyphs, x))
}

/// Width (backend px) of `s` in `font`.
pub(crate) fn text_width<DB: DrawingBackend>(
    _area: &DrawingArea<DB, Shift>,
    s: &str,
    font: &TextFont,
) -> i32 {
    layout(s, *font).map_or(0, |(_, w)| w.round() as i32)
}

/// Draws `s` at `pos` (backend px) with the given font, colour and anchor; with a white halo of radius `halo` px
/// (labels over the map). `vertical` turns the text 90° counter-clockwise (reading upwards, for y-axis titles).
///
/// On bitmaps the glyphs are rasterised here with ab_glyph (correct side bearings and kerning, coverage blended as
/// alpha); in SVG a `<text>` element is written and the viewer lays it out.
#[allow(clippy::too_many_arguments)]
pub(crate) fn text_rot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    s: &str,
    pos: (i32, i32),
    font: &TextFont,
    color: RGBColor,
    at: Pos,
    halo: Option<i32>,
    vertical: bool,
) -> Result<(), VizError> {
    if s.is_empty() {
        return Ok(());
    }
    if !sc.raster {
        let mut style = font.desc();
        if vertical {
            style = style.transform(plotters::style::FontTransform::Rotate270);
        }
        if let Some(r) = halo {
            let white = style.color(&WHITE).pos(at);
            for (dx, dy) in [
                (-r, 0),
                (r, 0),
                (0, -r),
                (0, r),
                (-r, -r),
                (r, r),
                (-r, r),
                (r, -r),
            ] {
                area.draw(&Text::new(
                    s.to_string(),
                    (pos.0 + dx, pos.1 + dy),
                    white.clone(),
                ))?;
            }
        }
        area.draw(&Text::new(s.to_string(), pos, style.color(&color).pos(at)))?;
        return Ok(());
    }
    let (Some(fonts), Some((glyphs, width))) = (glyph_fonts(), layout(s, *font)) else {
        return Err(VizError::Render(
            "embedded fonts could not be parsed".into(),
        ));
    };
    let face = if font.bold { &fonts.1 } else { &fonts.0 };
    let em = font.size as f32 / 1.164; // DejaVu: ascent + descent = 1.164 em
    let dx0 = match at.h_pos {
        HPos::Left => 0.0,
        HPos::Center => -width / 2.0,
        HPos::Right => -width,
    };
    let baseline = match at.v_pos {
        VPos::Top => 0.76 * em,
        VPos::Center => 0.36 * em,
        VPos::Bottom => -0.24 * em,
    };
    // Coverage of the whole string in text space (x along the text, y down), then blended into the area.
    let mut cover: HashMap<(i32, i32), f32> = HashMap::new();
    for (id, x) in glyphs {
        let g = id.with_scale_and_position(
            PxScale::from(font.size as f32),
            ab_glyph::point(dx0 + x, baseline),
        );
        if let Some(outline) = face.outline_glyph(g) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, c| {
                let key = (b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32);
                let e = cover.entry(key).or_insert(0.0);
                *e = (*e + c).min(1.0);
            });
        }
    }
    let place = |(tx, ty): (i32, i32)| {
        if vertical {
            (pos.0 + ty, pos.1 - tx)
        } else {
            (pos.0 + tx, pos.1 + ty)
        }
    };
    let mut keys: Vec<_> = cover.iter().map(|(k, v)| (*k, *v)).collect();
    keys.sort_unstable_by_key(|(k, _)| *k);
    if let (Some(r), Some(first)) = (halo, keys.first()) {
        // The coverage dilated by a disc of radius r, on a dense grid over the text's box (x-major, as the keys).
        let (mut x0, mut y0, mut x1, mut y1) = (first.0 .0, first.0 .1, first.0 .0, first.0 .1);
        for ((x, y), _) in &keys {
            (x0, y0, x1, y1) = (x0.min(*x), y0.min(*y), x1.max(*x), y1.max(*y));
        }
        let (x0, y0) = (x0 - r, y0 - r);
        let (w, h) = ((x1 + r - x0 + 1) as usize, (y1 + r - y0 + 1) as usize);
        let mut grid = vec![-1.0f32; w * h];
        let disc: Vec<(i32, i32)> = (-r..=r)
            .flat_map(|dx| (-r..=r).map(move |dy| (dx, dy)))
            .filter(|(dx, dy)| dx * dx + dy * dy <= r * r + 1)
            .collect();
        for ((x, y), c) in &keys {
            for (dx, dy) in &disc {
                let i = (x + dx - x0) as usize * h + (y + dy - y0) as usize;
                grid[i] = grid[i].max(*c);
            }
        }
        for (i, c) in grid.into_iter().enumerate() {
            if c > 0.0 {
                let k = (x0 + (i / h) as i32, y0 + (i % h) as i32);
                area.draw_pixel(place(k), &WHITE.mix(f64::from(c) * 0.9))?;
            }
        }
    }
    for (k, c) in keys {
        area.draw_pixel(place(k), &color.mix(f64::from(c)))?;
    }
    Ok(())
}

/// [`text_rot`] for horizontal text.
#[allow(clippy::too_many_arguments)]
pub(crate) fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    s: &str,
    pos: (i32, i32),
    font: &TextFont,
    color: RGBColor,
    at: Pos,
    halo: Option<i32>,
) -> Result<(), VizError> {
    text_rot(area, sc, s, pos, font, color, at, halo, false)
}

/// Unrounded width of `s` in `font` (same units as `font.size`).
pub(crate) fn text_width_f(s: &str, font: TextFont) -> f64 {
    layout(s, font).map_or(0.0, |(_, w)| f64::from(w))
}

/// Splits `s` into lines no wider than `max_w` (in the units of `font.size`): each `\n`-separated paragraph is
/// trimmed (blank ones dropped) and filled word by word; a word too long for a line on its own is broken between
/// characters. Every returned line fits, except a single character wider than `max_w`.
pub(crate) fn wrap_text(s: &str, font: TextFont, max_w: f64) -> Vec<String> {
    let fits = |t: &str| text_width_f(t, font) <= max_w;
    let mut out = Vec::new();
    for para in s.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if fits(word) {
                line = word.to_string();
                continue;
            }
            // Break an over-long word between characters.
            for c in word.chars() {
                line.push(c);
                if !fits(&line) && line.chars().count() > 1 {
                    line.pop();
                    out.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}

/// Nominal sizes of the header: margin (left, right and top), title font and line step, subtitle font and line
/// step, space after the title block and after the whole header.
const HEADER_MARGIN: f64 = 24.0;
const HEADER_TOP: f64 = 16.0;
const TITLE_SIZE: f64 = 30.0;
const TITLE_STEP: f64 = 38.0;
const TITLE_AFTER: f64 = 4.0;
const SUBTITLE_SIZE: f64 = 17.0;
const SUBTITLE_STEP: f64 = 24.0;
const HEADER_AFTER: f64 = 10.0;

/// The title and subtitle wrapped to the width of a figure `bw` backend px wide: `(title lines, subtitle lines)`.
///
/// Wrapping is done in nominal units (backend px / `sc.s`), so the SVG, the supersampled PNG and the layout helpers
/// (e.g. `map_height_px`) break the lines at the same words.
pub(crate) fn header_lines(
    sc: Scale,
    bw: u32,
    title: &str,
    subtitle: &str,
) -> (Vec<String>, Vec<String>) {
    let avail = (f64::from(bw) / sc.s - 2.0 * HEADER_MARGIN).max(40.0);
    let nominal = |size: f64, bold: bool| TextFont { size, bold };
    (
        wrap_text(title, nominal(TITLE_SIZE, true), avail),
        wrap_text(subtitle, nominal(SUBTITLE_SIZE, false), avail),
    )
}

/// Height (backend px) taken by [`header`] in a figure `bw` backend px wide.
pub(crate) fn header_height(sc: Scale, bw: u32, title: &str, subtitle: &str) -> i32 {
    let (t, s) = header_lines(sc, bw, title, subtitle);
    header_height_of(sc, t.len(), s.len())
}

fn header_height_of(sc: Scale, title_lines: usize, subtitle_lines: usize) -> i32 {
    let title_h = if title_lines == 0 {
        0.0
    } else {
        TITLE_STEP * title_lines as f64 + TITLE_AFTER
    };
    sc.px(HEADER_TOP + title_h + SUBTITLE_STEP * subtitle_lines as f64 + HEADER_AFTER)
}

/// Draws the bold title and the grey subtitle at the top, each wrapped word by word to the figure width; returns the
/// y (backend px) below them (= [`header_height`]).
pub(crate) fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    title: &str,
    subtitle: &str,
) -> Result<i32, VizError> {
    let (bw, _) = area.dim_in_pixel();
    let (title_lines, subtitle_lines) = header_lines(sc, bw, title, subtitle);
    let x = sc.px(HEADER_MARGIN);
    let top_left = anchor(HPos::Left, VPos::Top);
    for (i, line) in title_lines.iter().enumerate() {
        let y = sc.px(HEADER_TOP + TITLE_STEP * i as f64);
        let ink = RGBColor(20, 20, 20);
        let font = sc.font(TITLE_SIZE, true);
        text(area, sc, line, (x, y), &font, ink, top_left, None)?;
    }
    let title_h = if title_lines.is_empty() {
        0.0
    } else {
        TITLE_STEP * title_lines.len() as f64 + TITLE_AFTER
    };
    for (i, line) in subtitle_lines.iter().enumerate() {
        let y = sc.px(HEADER_TOP + title_h + SUBTITLE_STEP * i as f64);
        let grey = RGBColor(85, 85, 85);
        let font = sc.font(SUBTITLE_SIZE, false);
        text(area, sc, line, (x, y), &font, grey, top_left, None)?;
    }
    Ok(header_height_of(
        sc,
        title_lines.len(),
        subtitle_lines.len(),
    ))
}

/// Marker shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Triangle,
    Square,
    Star,
    Dot,
    Cross,
}

/// Draws a marker of nominal radius `r` centred on `c` (backend px), filled with `fill`, with a white outline so it
/// stays visible on any background.
pub(crate) fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sc: Scale,
    kind: Marker,
    c: (i32, i32),
    r: f64,
    fill: RGBColor,
) -> Result<(), VizError> {
    let outline = 2.0;
    let shape = |radius: f64| -> Vec<(i32, i32)> {
        let rr = radius * sc.s;
        let at = |ang_deg: f64, rad: f64| {
            let a = ang_deg.to_radians();
            (
                c.0 + (rad * a.sin()).round() as i32,
                c.1 - (rad * a.cos()).round() as i32,
            )
        };
        match kind {
            Marker::Triangle => (0..3)
                .map(|i| at(120.0 * f64::from(i), rr * 1.25))
                .collect(),
            Marker::Square => (0..4)
                .map(|i| at(45.0 + 90.0 * f64::from(i), rr * 1.2))
                .collect(),
            Marker::Star => (0..10)
                .map(|i| {
                    at(
                        36.0 * f64::from(i),
                        if i % 2 == 0 { rr * 1.45 } else { rr * 0.6 },
                    )
                })
                .collect(),
            Marker::Dot | Marker::Cross => (0..24).map(|i| at(15.0 * f64::from(i), rr)).collect(),
        }
    };
    if kind == Marker::Cross {
        let d = sc.px(r * 0.8);
        let arms = [
            [(c.0 - d, c.1 - d), (c.0 + d, c.1 + d)],
            [(c.0 - d, c.1 + d), (c.0 + d, c.1 - d)],
        ];
        for (color, width) in [(WHITE, 6.5), (fill, 3.0)] {
            for arm in &arms {
                area.draw(&PathElement::new(
                    arm.to_vec(),
                    color.stroke_width(sc.w(width)),
                ))?;
            }
        }
        return Ok(());
    }
    area.draw(&Polygon::new(shape(r + outline), WHITE.filled()))?;
    area.draw(&Polygon::new(shape(r), fill.filled()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downsample_averages_blocks() {
        // 2x2 output from 4x4 input: each block uniform except the first, which averages 0 and 255.
        let mut big = vec![100u8; 4 * 4 * 3];
        big[0..3].copy_from_slice(&[0, 0, 0]);
        let small = downsample2(&big, 2, 2);
        assert_eq!(&small[0..3], &[75, 75, 75]);
        assert_eq!(&small[3..6], &[100, 100, 100]);
    }

    #[test]
    fn wrapping_fills_lines_word_by_word() {
        let font = TextFont {
            size: 17.0,
            bold: false,
        };
        let s = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma";
        let max = 200.0;
        let lines = wrap_text(s, font, max);
        assert!(lines.len() > 2, "{lines:?}");
        for l in &lines {
            assert!(text_width_f(l, font) <= max, "{l:?} too wide");
        }
        // Nothing lost or reordered, and each line is as full as it can be.
        assert_eq!(lines.join(" "), s);
        for pair in lines.windows(2) {
            let next_word = pair[1].split(' ').next().unwrap();
            let longer = format!("{} {next_word}", pair[0]);
            assert!(text_width_f(&longer, font) > max);
        }
        // Paragraphs are kept, blank lines dropped, an over-long word is broken.
        let lines = wrap_text("one\n\n  two  ", font, max);
        assert_eq!(lines, vec!["one".to_string(), "two".to_string()]);
        let long = "x".repeat(100);
        let lines = wrap_text(&long, font, max);
        assert!(lines.len() > 1 && lines.iter().all(|l| text_width_f(l, font) <= max));
        assert_eq!(lines.concat(), long);
        assert!(wrap_text("", font, max).is_empty());
    }

    #[test]
    fn header_wraps_identically_in_svg_and_png_scales() {
        let sub = "EPAA phase 3 (2018): + Aegis Ashore Redzikowo (24 SM-3 IIA), IIA at sea; Deveselu SM-3 IB; \
                   AN/TPY-2 at Kürecik — 0.5° grid, 14400 points. Assumptions: space-based early warning cue at \
                   60 s; decision delay 30 s; launch on remote track";
        for w in [600u32, 1400, 1600, 3000] {
            let svg = header_lines(Scale::new(w, 1, false), w, "A title", sub);
            let png = header_lines(Scale::new(w, 2, true), 2 * w, "A title", sub);
            assert_eq!(svg, png, "width {w}");
            let h1 = header_height(Scale::new(w, 1, false), w, "A title", sub);
            let h2 = header_height(Scale::new(w, 2, true), 2 * w, "A title", sub);
            assert!((h2 - 2 * h1).abs() <= 1, "{h1} vs {h2}");
        }
    }

    #[test]
    fn bad_sizes_are_rejected() {
        assert!(check_size(100, 800).is_err());
        assert!(check_size(800, 9000).is_err());
        assert!(check_size(1600, 900).is_ok());
    }
}
