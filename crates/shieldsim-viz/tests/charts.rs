//! Study charts: deterministic bytes, data drawn where the axis mapping puts them (checked against the frame found
//! in the image), heat-map cells in the viridis colour of their value (matplotlib's viridis table), no-data cells
//! hatched grey, tornado bars as long as their swing, wrapped texts inside the image, and invalid specs rejected with
//! the field named.

use shieldsim_viz::*;
use std::collections::HashMap;

/// Decodes a PNG into (width, height, RGB bytes).
fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(png_bytes);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

struct Image {
    w: u32,
    h: u32,
    rgb: Vec<u8>,
}

impl Image {
    fn new(png_bytes: &[u8]) -> Self {
        let (w, h, rgb) = decode(png_bytes);
        Image { w, h, rgb }
    }
    /// The pixel containing the point (x, y) (px from the top-left corner).
    fn at(&self, x: f64, y: f64) -> [u8; 3] {
        let (x, y) = (x.floor() as usize, y.floor() as usize);
        let i = (y * self.w as usize + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
    /// Whether a pixel within `r` px of (x, y) is within `tol` of `c` on every channel.
    fn near(&self, x: f64, y: f64, r: i32, c: [u8; 3], tol: i16) -> bool {
        (-r..=r).any(|dy| {
            (-r..=r).any(|dx| close(self.at(x + f64::from(dx), y + f64::from(dy)), c, tol))
        })
    }
}

fn close(a: [u8; 3], b: [u8; 3], tol: i16) -> bool {
    a.iter()
        .zip(b)
        .all(|(p, q)| (i16::from(*p) - i16::from(q)).abs() <= tol)
}

fn dark(p: [u8; 3]) -> bool {
    p.iter().all(|v| *v < 130)
}

const BLUE: [u8; 3] = [0, 114, 178];
const VERMILLION: [u8; 3] = [213, 94, 0];

fn line_spec() -> LineChartSpec {
    LineChartSpec {
        title: "y = x".into(),
        subtitle: "Known axes".into(),
        x_label: "x (units)".into(),
        y_label: "y (units)".into(),
        y_range: Some((0.0, 10.0)),
        y_percent: false,
        series: vec![LineSeries {
            name: "y = x".into(),
            points: (0..=40)
                .map(|i| (f64::from(i) * 0.25, f64::from(i) * 0.25))
                .collect(),
            band: None,
        }],
        markers: vec![],
    }
}

fn heatmap_spec() -> HeatmapSpec {
    HeatmapSpec {
        title: "Cells".into(),
        subtitle: "Known values".into(),
        x_label: "x (units)".into(),
        y_label: "y (units)".into(),
        x_values: vec![0.0, 1.0, 2.0, 3.0, 4.0],
        y_values: vec![10.0, 20.0],
        z: vec![
            vec![0.0, 0.25, 0.5, 0.75, 1.0],
            vec![f64::NAN, 2.0, -1.0, 0.5, 0.5],
        ],
        z_label: "z (units)".into(),
        z_range: Some((0.0, 1.0)),
        z_percent: false,
        classes: None,
        curves: vec![],
    }
}

fn tornado_spec() -> TornadoSpec {
    let bar = |label: &str, at_low: f64, at_high: f64| TornadoBar {
        label: label.into(),
        low_input: "lo".into(),
        high_input: "hi".into(),
        at_low,
        at_high,
    };
    TornadoSpec {
        title: "Swings".into(),
        subtitle: "Known values".into(),
        x_label: "Result (units)".into(),
        baseline: 50.0,
        x_percent: false,
        bars: vec![
            bar("A", 10.0, 80.0),
            bar("B", 30.0, 65.0),
            bar("C", 45.0, 52.5),
        ],
    }
}

#[test]
fn charts_are_deterministic_across_calls_and_threads() {
    let line = line_spec();
    let heat = heatmap_spec();
    let tornado = tornado_spec();
    let render = || {
        (
            line_chart_png(&line, 900, 600).unwrap(),
            line_chart_svg(&line, 900, 600).unwrap(),
            heatmap_png(&heat, 900, 600).unwrap(),
            heatmap_svg(&heat, 900, 600).unwrap(),
            tornado_png(&tornado, 900, 600).unwrap(),
            tornado_svg(&tornado, 900, 600).unwrap(),
        )
    };
    let first = render();
    assert_eq!(first, render());
    let parallel: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..3).map(|_| s.spawn(render)).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for p in parallel {
        assert!(p == first, "a render in another thread differs");
    }
}

/// The plot frame found in the image: scanning outwards from an inner point, the first dark pixel on each side
/// (pixel indices).
fn find_frame(img: &Image, inner: (f64, f64)) -> (f64, f64, f64, f64) {
    let scan = |dx: f64, dy: f64| {
        let (mut x, mut y) = inner;
        while !dark(img.at(x, y)) {
            x += dx;
            y += dy;
            assert!(x >= 0.0 && y >= 0.0 && x < f64::from(img.w) && y < f64::from(img.h));
        }
        (x.floor(), y.floor())
    };
    (
        scan(-1.0, 0.0).0,
        scan(0.0, -1.0).1,
        scan(1.0, 0.0).0,
        scan(0.0, 1.0).1,
    )
}

#[test]
fn a_line_y_equals_x_passes_where_the_axes_put_it() {
    let spec = line_spec();
    let (w, h) = (1200, 800);
    let img = Image::new(&line_chart_png(&spec, w, h).unwrap());
    let f = line_chart_frame(&spec, w, h).unwrap();
    assert_eq!(f.x_range, (0.0, 10.0));
    assert_eq!(f.y_range, (0.0, 10.0));
    // The frame as drawn: scan from (x = 2, y = 8), well away from the line.
    let inner = (
        f.left_px + 0.2 * (f.right_px - f.left_px) + 0.5,
        f.top_px + 0.2 * (f.bottom_px - f.top_px) + 0.5,
    );
    let (l, t, r, b) = find_frame(&img, inner);
    for (found, reported) in [
        (l, f.left_px),
        (t, f.top_px),
        (r, f.right_px),
        (b, f.bottom_px),
    ] {
        assert!(
            (found - reported).abs() <= 1.0,
            "frame edge drawn at {found}, reported at {reported}"
        );
    }
    // Linear axes: data (x, x) at the fraction x / 10 between the drawn edges. The legend must not hide the line.
    for k in 1..20 {
        let v = f64::from(k) * 0.5;
        let (px, py) = (l + v / 10.0 * (r - l), b - v / 10.0 * (b - t));
        let (fx, fy) = f.pixel(v, v);
        assert!((fx - px).abs() <= 1.0 && (fy - py).abs() <= 1.0);
        assert!(
            img.near(px, py, 1, BLUE, 40),
            "no line at data ({v}, {v}) = pixel ({px:.1}, {py:.1}): {:?}",
            img.at(px, py)
        );
        // ... and nowhere else on that column, 10 px above or below.
        for dy in [-10.0, 10.0] {
            assert!(
                !img.near(px, py + dy, 0, BLUE, 60),
                "line too thick or misplaced at x = {v}"
            );
        }
    }
}

#[test]
fn nan_breaks_the_line_and_a_lone_point_is_a_dot() {
    let spec = LineChartSpec {
        title: "Gaps".into(),
        y_range: Some((0.0, 4.0)),
        series: vec![
            LineSeries {
                name: String::new(),
                points: vec![
                    (0.0, 0.0),
                    (1.0, 1.0),
                    (f64::NAN, f64::NAN),
                    (3.0, 3.0),
                    (4.0, 4.0),
                ],
                band: None,
            },
            LineSeries {
                name: String::new(),
                points: vec![(2.0, 1.0)],
                band: None,
            },
        ],
        ..Default::default()
    };
    let (w, h) = (1000, 700);
    let img = Image::new(&line_chart_png(&spec, w, h).unwrap());
    let f = line_chart_frame(&spec, w, h).unwrap();
    let blue_at = |x: f64, y: f64| {
        let (px, py) = f.pixel(x, y);
        img.near(px, py, 1, BLUE, 40)
    };
    assert!(blue_at(0.5, 0.5) && blue_at(3.5, 3.5));
    assert!(!blue_at(2.0, 2.0), "the NaN point did not break the line");
    let (px, py) = f.pixel(2.0, 1.0);
    assert!(
        img.near(px, py, 0, VERMILLION, 30),
        "no dot for the lone point"
    );
    // The dot is round and small: vermillion 3 px away in every direction, none 12 px away.
    for (dx, dy) in [(2.0, 0.0), (-2.0, 0.0), (0.0, 2.0), (0.0, -2.0)] {
        assert!(img.near(px + dx, py + dy, 0, VERMILLION, 40));
    }
    for (dx, dy) in [(12.0, 0.0), (-12.0, 0.0), (0.0, 12.0), (0.0, -12.0)] {
        assert!(!img.near(px + dx, py + dy, 0, VERMILLION, 60));
    }
}

#[test]
fn percent_axes_and_bands_render() {
    let spec = LineChartSpec {
        title: "Shares".into(),
        x_label: "Delay (s)".into(),
        y_label: "Share".into(),
        y_percent: true,
        series: vec![LineSeries {
            name: "median".into(),
            points: vec![(0.0, 0.8), (100.0, 0.4)],
            band: Some(vec![(0.0, 0.7, 0.9), (100.0, 0.3, 0.5)]),
        }],
        markers: vec![VerticalMarker {
            x: 50.0,
            label: "flip at 50 s".into(),
        }],
        ..Default::default()
    };
    let svg = line_chart_svg(&spec, 1000, 700).unwrap();
    for label in [
        "0 %",
        "50 %",
        "100 %",
        "flip at 50 s",
        "median",
        "Delay (s)",
    ] {
        assert!(
            svg.contains(&format!(">{label}<")) || svg.contains(label),
            "'{label}' missing"
        );
    }
    // y_percent without a range spans 0..1.
    let f = line_chart_frame(&spec, 1000, 700).unwrap();
    assert_eq!(f.y_range, (0.0, 1.0));
    // The band is shaded (a light blue) between lo and hi, not outside.
    let img = Image::new(&line_chart_png(&spec, 1000, 700).unwrap());
    let (px, py) = f.pixel(25.0, 0.65);
    let inside = img.at(px, py + 15.0);
    assert!(
        inside[2] > inside[0] + 20 && inside[0] > 120,
        "band not shaded: {inside:?}"
    );
    let (px, py) = f.pixel(27.0, 0.15);
    assert!(
        close(img.at(px, py), [255, 255, 255], 2),
        "shaded outside the band: {:?}",
        img.at(px, py)
    );
}

/// matplotlib's viridis (`_viridis_data`) at 0, 0.25, 0.5, 0.75 and 1, as 8-bit RGB.
const VIRIDIS_REF: [[u8; 3]; 5] = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
];

#[test]
fn heatmap_cells_take_the_viridis_colour_of_their_value() {
    let spec = heatmap_spec();
    let (w, h) = (1000, 600);
    let img = Image::new(&heatmap_png(&spec, w, h).unwrap());
    let f = heatmap_frame(&spec, w, h).unwrap();
    assert_eq!(f.x_range, (-0.5, 4.5));
    assert_eq!(f.y_range, (5.0, 25.0));
    let centre = |ix: usize, iy: usize| f.pixel(spec.x_values[ix], spec.y_values[iy]);
    for (ix, want) in VIRIDIS_REF.iter().enumerate() {
        let (x, y) = centre(ix, 0);
        assert!(
            close(img.at(x, y), *want, 3),
            "cell z = {}: {:?}, viridis {:?}",
            spec.z[0][ix],
            img.at(x, y),
            want
        );
    }
    // Beyond z_range: the end colours.
    let (x, y) = centre(1, 1);
    assert!(close(img.at(x, y), VIRIDIS_REF[4], 3));
    let (x, y) = centre(2, 1);
    assert!(close(img.at(x, y), VIRIDIS_REF[0], 3));
    // The no-data cell: mostly the light grey, with darker hatching, and no viridis colour.
    let (x0, y0) = f.pixel(-0.5, 25.0);
    let (x1, y1) = f.pixel(0.5, 15.0);
    let mut counts: HashMap<[u8; 3], usize> = HashMap::new();
    for y in (y0 as u32 + 3)..(y1 as u32 - 3) {
        for x in (x0 as u32 + 3)..(x1 as u32 - 3) {
            *counts
                .entry(img.at(f64::from(x), f64::from(y)))
                .or_default() += 1;
        }
    }
    let (most, n) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    let total: usize = counts.values().sum();
    assert_eq!(*most, [224, 224, 224], "no-data fill");
    assert!(*n * 10 > total * 5, "grey covers only {n} of {total} px");
    assert!(
        counts
            .keys()
            .any(|c| c[0] < 190 && c[0] == c[1] && c[1] == c[2]),
        "no hatching"
    );
    assert!(counts
        .keys()
        .all(|c| c[0].abs_diff(c[1]) <= 2 && c[1].abs_diff(c[2]) <= 2));
    // Cells fill the frame exactly: just inside the left edge is the cell colour, just outside white.
    // (Between the ticks at the centres 10 and 20, so no tick mark is in the way.)
    let (_, yc) = f.pixel(0.0, 13.0);
    assert!(close(img.at(f.left_px + 2.0, yc), VIRIDIS_REF[0], 3));
    assert!(close(img.at(f.left_px - 3.0, yc), [255, 255, 255], 2));
    // Legend lists the no-data entry.
    let svg = heatmap_svg(&spec, w, h).unwrap();
    assert!(svg.contains("no data"));
    let mut full = spec.clone();
    full.z[1][0] = 0.1;
    assert!(!heatmap_svg(&full, w, h).unwrap().contains("no data"));
}

#[test]
fn categorical_heatmap_uses_class_colours_and_draws_curves() {
    let classes: Vec<ClassColour> = [
        "stated covered, deterrent safe",
        "stated covered, deterrent engaged",
        "stated not covered, deterrent safe",
        "neither",
    ]
    .iter()
    .enumerate()
    .map(|(i, n)| ClassColour {
        name: (*n).into(),
        colour: qualitative_colour(i + 1),
    })
    .collect();
    let spec = HeatmapSpec {
        title: "Phases".into(),
        x_values: vec![1.0, 2.0, 3.0],
        y_values: vec![1.0, 2.0],
        z: vec![vec![0.0, 1.0, 2.0], vec![3.0, f64::NAN, 0.0]],
        z_label: "Outcome".into(),
        classes: Some(classes.clone()),
        curves: vec![LineSeries {
            name: "boundary".into(),
            points: vec![(0.5, 0.5), (3.5, 2.5)],
            band: None,
        }],
        ..Default::default()
    };
    let (w, h) = (1000, 600);
    let img = Image::new(&heatmap_png(&spec, w, h).unwrap());
    let f = heatmap_frame(&spec, w, h).unwrap();
    for (iy, row) in spec.z.iter().enumerate() {
        for (ix, z) in row.iter().enumerate() {
            if z.is_nan() {
                continue;
            }
            // Sample a quarter cell off the centre, clear of the boundary curve.
            let (x, y) = f.pixel(
                spec.x_values[ix] + 0.3,
                spec.y_values[iy] - 0.3 * (1.0 - 2.0 * iy as f64),
            );
            let want = classes[*z as usize].colour;
            assert!(
                close(img.at(x, y), want, 2),
                "cell ({ix}, {iy}): {:?} vs {want:?}",
                img.at(x, y)
            );
        }
    }
    // The curve: near-black with a white casing, through its midpoint (2, 1.5).
    let (x, y) = f.pixel(2.0, 1.5);
    assert!(img.near(x, y, 1, [25, 25, 25], 40));
    let svg = heatmap_svg(&spec, w, h).unwrap();
    for c in &classes {
        assert!(
            svg.contains(&c.name),
            "class '{}' not in the legend",
            c.name
        );
    }
    assert!(svg.contains("boundary") && svg.contains("no data") && svg.contains("Outcome"));
}

/// Pixels of colour `c` along row `y`.
fn run_of(img: &Image, y: f64, c: [u8; 3]) -> Vec<u32> {
    (0..img.w)
        .filter(|x| close(img.at(f64::from(*x), y), c, 12))
        .collect()
}

#[test]
fn tornado_bars_are_as_long_as_their_swing() {
    let spec = tornado_spec();
    let (w, h) = (1200, 700);
    let img = Image::new(&tornado_png(&spec, w, h).unwrap());
    let f = tornado_frame(&spec, w, h).unwrap();
    assert_eq!(f.y_range, (3.0, 0.0));
    let px_per_unit = (f.right_px - f.left_px) / (f.x_range.1 - f.x_range.0);
    let (base_x, _) = f.pixel(spec.baseline, 0.5);
    let mut per_unit = Vec::new();
    for (i, b) in spec.bars.iter().enumerate() {
        let (_, y) = f.pixel(0.0, i as f64 + 0.5);
        for (colour, v) in [(BLUE, b.at_low), (VERMILLION, b.at_high)] {
            // Same-side ends split the row; here every bar straddles the baseline.
            let run = run_of(&img, y, colour);
            assert!(!run.is_empty(), "bar {i}: no pixels of {colour:?}");
            let (a, z) = (f64::from(run[0]), f64::from(*run.last().unwrap()) + 1.0);
            assert_eq!(run.len() as f64, z - a, "bar {i}: not one solid run");
            // From the baseline to the value.
            let far = if v < spec.baseline { a } else { z };
            let near = if v < spec.baseline { z } else { a };
            assert!(
                (near - base_x).abs() <= 2.0,
                "bar {i} does not start at the baseline"
            );
            per_unit.push((far - near).abs() / (v - spec.baseline).abs());
            let (vx, _) = f.pixel(v, 0.5);
            assert!(
                (far - vx).abs() <= 1.5,
                "bar {i} ends at {far}, value at {vx}"
            );
        }
    }
    // Proportional: the same px per unit of swing for every bar end (within 2 px on the shortest, 37.5 px).
    for p in &per_unit {
        assert!(
            (p - px_per_unit).abs() * 2.5 <= 2.0,
            "{p} px/unit vs {px_per_unit}"
        );
    }
    // Rows top first in the given order: the checks above found bar i's own lengths on row i.
    let (_, y0) = f.pixel(0.0, 0.5);
    let (_, y2) = f.pixel(0.0, 2.5);
    assert!(y0 < y2);
}

#[test]
fn tornado_ends_on_one_side_split_the_row() {
    let mut spec = tornado_spec();
    spec.bars = vec![TornadoBar {
        label: "Both up".into(),
        low_input: "1 s".into(),
        high_input: "9 s".into(),
        at_low: 60.0,
        at_high: 80.0,
    }];
    let (w, h) = (1000, 500);
    let img = Image::new(&tornado_png(&spec, w, h).unwrap());
    let f = tornado_frame(&spec, w, h).unwrap();
    let (_, yc) = f.pixel(0.0, 0.5);
    let (x_mid_low, _) = f.pixel(55.0, 0.5);
    // Low (blue) above the centre line, high (vermillion) below, both visible between the baseline and 60.
    assert!(img.near(x_mid_low, yc - 6.0, 0, BLUE, 12));
    assert!(img.near(x_mid_low, yc + 6.0, 0, VERMILLION, 12));
    let (x_high_only, _) = f.pixel(70.0, 0.5);
    assert!(!img.near(x_high_only, yc - 6.0, 0, BLUE, 30));
    assert!(img.near(x_high_only, yc + 6.0, 0, VERMILLION, 12));
}

// ---------------------------------------------------------------------------------------------------------------

/// `(x, size, anchor, content)` of the unrotated `<text>` elements of an SVG written by plotters.
fn svg_texts(svg: &str) -> Vec<(f64, f64, String, String, bool)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let start = tag.find(&key)? + key.len();
        let end = tag[start..].find('"')? + start;
        Some(tag[start..end].to_string())
    };
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let after = &rest[i..];
        let close = after.find('>').unwrap();
        let tag = &after[..close];
        let end = after.find("</text>").unwrap();
        let content = after[close + 1..end]
            .trim()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        if !tag.contains("rotate") {
            out.push((
                attr(tag, "x").unwrap().parse().unwrap(),
                attr(tag, "font-size").unwrap().parse().unwrap(),
                attr(tag, "text-anchor").unwrap_or_else(|| "start".into()),
                content,
                attr(tag, "font-weight").as_deref() == Some("bold"),
            ));
        }
        rest = &after[end..];
    }
    out
}

/// Advance width of `s` in DejaVu Sans (Bold) at `size` px per em, as an SVG viewer with DejaVu lays it out.
fn svg_text_width(s: &str, size: f64, bold: bool) -> f64 {
    use ab_glyph::{Font, FontRef};
    let bytes: &[u8] = if bold {
        include_bytes!("../assets/DejaVuSans-Bold.ttf")
    } else {
        include_bytes!("../assets/DejaVuSans.ttf")
    };
    let font = FontRef::try_from_slice(bytes).unwrap();
    let upem = f64::from(font.units_per_em().unwrap());
    let mut units = 0.0f64;
    let mut prev = None;
    for c in s.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            units += f64::from(font.kern_unscaled(p, id));
        }
        units += f64::from(font.h_advance_unscaled(id));
        prev = Some(id);
    }
    units * size / upem
}

const LONG: &str = "Assumptions: space-based early warning cue at 60 s; decision delay swept 0 to 240 s; launch on \
    remote track; radar coverage drawn against the RV's radar cross-section; point-mass kinematics, open-literature \
    parameters; 200 Monte-Carlo draws per point with the 5-95 % interval shaded; illustrative numbers only";

/// Every horizontal text lies inside the image, and `needles` (long texts) are split over several elements.
fn assert_wrapped(svg: &str, width: u32, what: &str, needles: &[&str]) {
    let texts = svg_texts(svg);
    for (x, size, anchor, content, bold) in &texts {
        let tw = svg_text_width(content, *size, *bold);
        let (l, r) = match anchor.as_str() {
            "middle" => (x - tw / 2.0, x + tw / 2.0),
            "end" => (x - tw, *x),
            _ => (*x, x + tw),
        };
        assert!(
            l >= -0.5 && r <= f64::from(width) + 0.5,
            "{what}: '{content}' spans {l:.1}..{r:.1} in a {width} px wide image"
        );
    }
    let all: String = texts
        .iter()
        .map(|t| t.3.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for needle in needles {
        assert!(
            !texts.iter().any(|t| t.3 == *needle),
            "{what}: '{needle}' on one line"
        );
        for word in needle.split_whitespace() {
            assert!(all.contains(word), "{what}: '{word}' lost");
        }
    }
}

#[test]
fn titles_legends_and_labels_wrap_within_the_image() {
    let title = "A rather long chart title that needs to wrap when the figure is only seven hundred pixels wide";
    let w = 700;
    let mut line = line_spec();
    line.title = title.into();
    line.subtitle = LONG.into();
    line.series[0].name = "A series with a very long legend label that must wrap over lines".into();
    let svg = line_chart_svg(&line, w, 600).unwrap();
    assert_wrapped(&svg, w, "line", &[title, LONG, &line.series[0].name]);

    let mut heat = heatmap_spec();
    heat.title = title.into();
    heat.subtitle = LONG.into();
    heat.z_label = "Defended share of the aim points in the corridor".into();
    let svg = heatmap_svg(&heat, w, 600).unwrap();
    assert_wrapped(&svg, w, "heatmap", &[title, LONG, &heat.z_label]);

    let mut tornado = tornado_spec();
    tornado.title = title.into();
    tornado.subtitle = LONG.into();
    tornado.bars[0].label =
        "Radar detection range against the re-entry vehicle's radar cross-section".into();
    let svg = tornado_svg(&tornado, w, 600).unwrap();
    assert_wrapped(&svg, w, "tornado", &[title, LONG, &tornado.bars[0].label]);
}

#[test]
fn invalid_specs_are_errors_naming_the_field() {
    fn expect<T: std::fmt::Debug>(r: Result<T, VizError>, words: &[&str]) {
        match r {
            Err(VizError::InvalidInput(msg)) => {
                for w in words {
                    assert!(msg.contains(w), "'{msg}' does not name '{w}'");
                }
            }
            other => panic!("expected InvalidInput naming {words:?}, got {other:?}"),
        }
    }
    let (w, h) = (900, 600);
    let base = line_spec();
    let mut s = base.clone();
    s.series.clear();
    expect(line_chart_png(&s, w, h), &["series"]);
    let mut s = base.clone();
    s.series[0].points.clear();
    expect(line_chart_svg(&s, w, h), &["series[0]", "points"]);
    let mut s = base.clone();
    s.series[0].points[3].1 = f64::INFINITY;
    expect(line_chart_png(&s, w, h), &["series[0]", "points[3]", "NaN"]);
    let mut s = base.clone();
    s.series[0].points = vec![(f64::NAN, 1.0), (2.0, f64::NAN)];
    expect(line_chart_png(&s, w, h), &["series", "finite"]);
    for bad in [
        (1.0, 0.0),
        (0.0, f64::NAN),
        (f64::NEG_INFINITY, 1.0),
        (2.0, 2.0),
    ] {
        let mut s = base.clone();
        s.y_range = Some(bad);
        expect(line_chart_png(&s, w, h), &["y_range"]);
    }
    let mut s = base.clone();
    s.series[0].band = Some(vec![(0.0, 1.0, 0.5)]);
    expect(
        line_chart_png(&s, w, h),
        &["series[0]", "band[0]", "lo > hi"],
    );
    let mut s = base.clone();
    s.markers = vec![VerticalMarker {
        x: f64::NAN,
        label: "flip".into(),
    }];
    expect(line_chart_frame(&s, w, h), &["markers[0]", "flip"]);

    let base = heatmap_spec();
    let mut s = base.clone();
    s.z.pop();
    expect(heatmap_png(&s, w, h), &["z has 1 rows", "y_values has 2"]);
    let mut s = base.clone();
    s.z[1].pop();
    expect(heatmap_svg(&s, w, h), &["z[1]", "x_values"]);
    let mut s = base.clone();
    s.x_values[2] = 1.0;
    expect(heatmap_png(&s, w, h), &["x_values[2]", "increase"]);
    let mut s = base.clone();
    s.y_values.clear();
    s.z.clear();
    expect(heatmap_png(&s, w, h), &["y_values", "empty"]);
    let mut s = base.clone();
    s.x_values[0] = f64::NAN;
    expect(heatmap_png(&s, w, h), &["x_values[0]"]);
    let mut s = base.clone();
    s.z[0][1] = f64::NEG_INFINITY;
    expect(heatmap_png(&s, w, h), &["z[0][1]"]);
    let mut s = base.clone();
    s.z_range = Some((1.0, 1.0));
    expect(heatmap_frame(&s, w, h), &["z_range"]);
    let mut s = base.clone();
    s.classes = Some(vec![]);
    expect(heatmap_png(&s, w, h), &["classes"]);
    let mut s = base.clone();
    s.classes = Some(vec![ClassColour::default(); 2]);
    expect(heatmap_png(&s, w, h), &["z[0][1]", "class"]);
    let mut s = base.clone();
    s.curves = vec![LineSeries {
        name: "edge".into(),
        points: vec![(1.0, f64::INFINITY)],
        band: None,
    }];
    expect(heatmap_png(&s, w, h), &["curves[0]", "edge"]);

    let base = tornado_spec();
    let mut s = base.clone();
    s.bars.clear();
    expect(tornado_png(&s, w, h), &["bars"]);
    let mut s = base.clone();
    s.baseline = f64::NAN;
    expect(tornado_svg(&s, w, h), &["baseline"]);
    let mut s = base.clone();
    s.bars[1].at_high = f64::INFINITY;
    expect(tornado_frame(&s, w, h), &["bars[1]", "'B'", "at_high"]);

    // Sizes: rejected as such; a tiny image with long texts is an error, not a panic.
    assert!(matches!(
        line_chart_png(&line_spec(), 100, 600),
        Err(VizError::InvalidSize { .. })
    ));
    assert!(matches!(
        heatmap_svg(&heatmap_spec(), 600, 9000),
        Err(VizError::InvalidSize { .. })
    ));
    let mut crowded = tornado_spec();
    crowded.subtitle = LONG.repeat(3);
    crowded.bars[0].label = LONG.into();
    let _ = tornado_png(&crowded, 200, 200);
    let mut crowded = line_spec();
    crowded.subtitle = LONG.repeat(3);
    expect(line_chart_png(&crowded, 200, 200), &["plot area"]);
    let mut crowded = heatmap_spec();
    crowded.subtitle = LONG.repeat(3);
    let _ = heatmap_png(&crowded, 200, 200);
}

#[test]
fn degenerate_but_valid_data_render() {
    // One x value, a flat series, one heat-map cell, a zero-swing tornado bar.
    let flat = LineChartSpec {
        series: vec![LineSeries {
            name: "flat".into(),
            points: vec![(5.0, 3.0), (5.0, 3.0)],
            band: None,
        }],
        ..Default::default()
    };
    let f = line_chart_frame(&flat, 800, 500).unwrap();
    assert!(f.x_range.0 < 5.0 && f.x_range.1 > 5.0 && f.y_range.0 < 3.0 && f.y_range.1 > 3.0);
    line_chart_png(&flat, 800, 500).unwrap();
    let one = HeatmapSpec {
        x_values: vec![2.0],
        y_values: vec![0.0],
        z: vec![vec![0.4]],
        ..Default::default()
    };
    heatmap_png(&one, 800, 500).unwrap();
    let all_nan = HeatmapSpec {
        z: vec![vec![f64::NAN]],
        ..one.clone()
    };
    heatmap_svg(&all_nan, 800, 500).unwrap();
    let zero = TornadoSpec {
        baseline: 1.0,
        bars: vec![TornadoBar {
            label: "none".into(),
            at_low: 1.0,
            at_high: 1.0,
            ..Default::default()
        }],
        ..Default::default()
    };
    tornado_png(&zero, 800, 500).unwrap();
}
