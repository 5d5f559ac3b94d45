//! Output tests: PNGs decode to the requested size with plausible content at known places, SVGs are well formed
//! and small enough, a 0.25° global grid renders quickly, and bad input gives `VizError` instead of a panic.

use shieldsim_viz::*;
use std::collections::HashSet;
use std::time::Instant;

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

fn pixel(rgb: &[u8], width: u32, x: f64, y: f64) -> [u8; 3] {
    let i = (y.round() as usize * width as usize + x.round() as usize) * 3;
    [rgb[i], rgb[i + 1], rgb[i + 2]]
}

const SEA: [u8; 3] = [220, 234, 244];
const LAND: [u8; 3] = [243, 241, 236];

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter()
        .zip(b)
        .all(|(p, q)| (i16::from(*p) - i16::from(q)).abs() <= 3)
}

/// A 0.25° global grid: out of reach south of 40°S, not engageable in a band, windows growing northwards.
fn global_grid() -> GridLayer {
    let (rows, cols) = (720, 1440);
    let mut values = Vec::with_capacity(rows * cols);
    for r in 0..rows {
        let lat = -89.875 + 0.25 * r as f64;
        for c in 0..cols {
            let lon = -179.875 + 0.25 * c as f64;
            values.push(if lat < -40.0 {
                f32::NAN
            } else if lat < -10.0 {
                0.0
            } else {
                (((lat + 10.0) * 6.0) * (1.0 + 0.3 * (lon.to_radians() * 2.0).sin())) as f32 + 1.0
            });
        }
    }
    GridLayer {
        lat0_deg: -89.875,
        lon0_deg: -179.875,
        spacing_deg: 0.25,
        rows,
        cols,
        values,
        legend_title: "Intercept window (s)".into(),
    }
}

fn world_spec(grid: Option<GridLayer>) -> MapSpec {
    MapSpec {
        title: "Global footprint test title".into(),
        subtitle: "Assumptions line one\nAssumptions line two".into(),
        extent: Extent::WORLD,
        projection: MapProjection::PlateCarree,
        grid,
        sites: vec![
            MapSite {
                name: "Interceptor A".into(),
                lat_deg: 64.0,
                lon_deg: -145.7,
                kind: SiteKind::Interceptor,
            },
            MapSite {
                name: "Radar B".into(),
                lat_deg: 52.7,
                lon_deg: 174.1,
                kind: SiteKind::Radar,
            },
            MapSite {
                name: "Launch".into(),
                lat_deg: 40.0,
                lon_deg: 127.5,
                kind: SiteKind::Launch,
            },
            MapSite {
                name: "Aim".into(),
                lat_deg: 47.6,
                lon_deg: -122.3,
                kind: SiteKind::Aim,
            },
        ],
        fans: vec![RadarFan {
            name: "Radar B".into(),
            lat_deg: 52.7,
            lon_deg: 174.1,
            range_km: 3000.0,
            boresight_deg: Some(319.0),
            half_width_deg: Some(60.0),
        }],
        tracks: vec![Track {
            points: vec![[40.0, 127.5], [55.0, 170.0], [55.0, -170.0], [47.6, -122.3]],
            engaged: true,
        }],
        intercepts: vec![[55.0, -160.0]],
    }
}

#[test]
fn world_map_png_has_the_expected_content() {
    let spec = world_spec(None);
    let (w, h) = (1600, 900);
    let bytes = map_png(&spec, w, h).unwrap();
    let (dw, dh, rgb) = decode(&bytes);
    assert_eq!((dw, dh), (w, h));

    let colours: HashSet<[u8; 3]> = rgb.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
    assert!(
        colours.len() > 100,
        "only {} distinct colours",
        colours.len()
    );

    // Title region: dark text pixels in the top band.
    let dark = (0..60u32)
        .flat_map(|y| (0..800u32).map(move |x| (x, y)))
        .filter(|(x, y)| {
            pixel(&rgb, w, f64::from(*x), f64::from(*y))
                .iter()
                .all(|v| *v < 80)
        })
        .count();
    assert!(dark > 500, "title band has only {dark} dark pixels");

    // Mid South Atlantic is sea, the Sahara and central Australia are land (points off the 30° graticule lines).
    let at = |lat: f64, lon: f64| {
        let (x, y) = map_pixel(&spec, w, h, lat, lon).unwrap().unwrap();
        pixel(&rgb, w, x, y)
    };
    assert!(
        close(at(-35.0, -15.0), SEA),
        "South Atlantic: {:?}",
        at(-35.0, -15.0)
    );
    assert!(
        close(at(-12.0, -125.0), SEA),
        "South Pacific: {:?}",
        at(-12.0, -125.0)
    );
    assert!(close(at(22.0, 12.0), LAND), "Sahara: {:?}", at(22.0, 12.0));
    assert!(
        close(at(-24.0, 133.0), LAND),
        "Australia: {:?}",
        at(-24.0, 133.0)
    );
    assert!(
        close(at(-80.0, 40.0), LAND),
        "Antarctica: {:?}",
        at(-80.0, 40.0)
    );
    assert!(map_pixel(&spec, w, h, 95.0, 0.0).unwrap().is_none());
}

#[test]
fn global_quarter_degree_grid_is_fast_and_compact() {
    let spec = world_spec(Some(global_grid()));
    let (w, h) = (1600, 900);
    let t = Instant::now();
    let bytes = map_png(&spec, w, h).unwrap();
    let png_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let svg = map_svg(&spec, w, h).unwrap();
    let svg_s = t.elapsed().as_secs_f64();
    eprintln!(
        "0.25° global grid: PNG {png_s:.2} s ({} KB), SVG {svg_s:.2} s ({} KB)",
        bytes.len() / 1024,
        svg.len() / 1024
    );
    assert!(
        png_s < 10.0 && svg_s < 10.0,
        "too slow: PNG {png_s:.1} s, SVG {svg_s:.1} s"
    );
    assert!(svg.len() < 5_000_000, "SVG is {} bytes", svg.len());

    // The grid shows: Sahara (window > 0) is not land colour, the Southern Ocean (no data) is still sea colour.
    let (_, _, rgb) = decode(&bytes);
    let at = |lat: f64, lon: f64| {
        let (x, y) = map_pixel(&spec, w, h, lat, lon).unwrap().unwrap();
        pixel(&rgb, w, x, y)
    };
    assert!(
        !close(at(22.0, 12.0), LAND) && !close(at(22.0, 12.0), SEA),
        "grid missing: {:?}",
        at(22.0, 12.0)
    );
    assert!(
        close(at(-55.0, -40.0), SEA),
        "no-data cell painted: {:?}",
        at(-55.0, -40.0)
    );
    assert!(svg.contains("Intercept window (s)") && svg.contains("not engageable"));
}

#[test]
fn svg_is_well_formed_enough() {
    let svg = map_svg(&world_spec(None), 1600, 900).unwrap();
    assert!(
        svg.trim_start().starts_with("<svg"),
        "{}",
        &svg[..80.min(svg.len())]
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("Global footprint test title"));
    assert!(svg.contains("DejaVu Sans"));
    let lines = svg.matches("<polyline").count() + svg.matches("<path").count();
    assert!(
        lines > 200,
        "only {lines} line elements (coastlines and borders expected)"
    );
    assert!(svg.contains("<polygon"), "no filled land");
    // Same input, same bytes.
    assert_eq!(svg, map_svg(&world_spec(None), 1600, 900).unwrap());
}

#[test]
fn regional_map_and_plots_render() {
    let mut spec = world_spec(Some(global_grid()));
    spec.extent = Extent {
        west_deg: 110.0,
        south_deg: 10.0,
        east_deg: 180.0,
        north_deg: 72.0,
    };
    let (w, h, _) = decode(&map_png(&spec, 1200, 900).unwrap());
    assert_eq!((w, h), (1200, 900));

    let profile = ProfileSpec {
        title: "Profile".into(),
        subtitle: String::new(),
        trajectory: (0..=50)
            .map(|i| {
                [
                    f64::from(i) * 100.0,
                    4000.0 * f64::from(i) / 50.0 * (1.0 - f64::from(i) / 50.0),
                ]
            })
            .collect(),
        envelope: vec![vec![[2000.0, 0.0], [4000.0, 0.0], [3000.0, 900.0]]],
        envelope_label: String::new(),
        intercepts: vec![[3000.0, 840.0]],
    };
    let (w, h, rgb) = decode(&profile_png(&profile, 1000, 600).unwrap());
    assert_eq!((w, h), (1000, 600));
    assert!(rgb
        .chunks_exact(3)
        .any(|c| c[0] < 60 && c[1] < 60 && c[2] < 60));
    let svg = profile_svg(&profile, 1000, 600).unwrap();
    assert!(
        svg.contains("Ground range (km)")
            && svg.contains("Altitude (km)")
            && svg.contains("Interceptor reach")
    );

    let timeline = TimelineSpec {
        title: "Timeline".into(),
        subtitle: "s".into(),
        impact_s: 1800.0,
        events: vec![
            ("launch".into(), 0.0),
            ("burn-out".into(), 240.0),
            ("detection".into(), 250.0),
        ],
        bars: vec![("Site A window".into(), 1200.0, 1500.0)],
    };
    let (w, h, _) = decode(&timeline_png(&timeline, 1200, 500).unwrap());
    assert_eq!((w, h), (1200, 500));
    let svg = timeline_svg(&timeline, 1200, 500).unwrap();
    assert!(
        svg.contains("Time after threat launch (s)")
            && svg.contains("Site A window")
            && svg.contains("impact")
    );
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let base = world_spec(None);
    let mut s = base.clone();
    s.extent = Extent {
        west_deg: 10.0,
        south_deg: 0.0,
        east_deg: 10.0,
        north_deg: 10.0,
    };
    assert!(matches!(
        map_png(&s, 800, 600),
        Err(VizError::InvalidInput(_))
    ));
    let mut s = base.clone();
    s.extent.north_deg = f64::NAN;
    assert!(map_svg(&s, 800, 600).is_err());
    let mut s = base.clone();
    s.sites[0].lat_deg = f64::NAN;
    assert!(map_png(&s, 800, 600).is_err());
    let mut s = base.clone();
    s.tracks[0].points.push([f64::INFINITY, 0.0]);
    assert!(map_svg(&s, 800, 600).is_err());
    let mut s = base.clone();
    let mut g = global_grid();
    g.values.pop();
    s.grid = Some(g);
    let err = map_png(&s, 800, 600).unwrap_err();
    assert!(err.to_string().contains("rows x cols"), "{err}");
    let mut s = base.clone();
    let mut g = global_grid();
    g.spacing_deg = 0.0;
    s.grid = Some(g);
    assert!(map_png(&s, 800, 600).is_err());
    let mut s = base.clone();
    s.fans[0].range_km = -1.0;
    assert!(map_png(&s, 800, 600).is_err());
    assert!(matches!(
        map_png(&base, 10, 600),
        Err(VizError::InvalidSize { .. })
    ));
    assert!(map_svg(&base, 800, 100_000).is_err());

    let empty = ProfileSpec {
        title: String::new(),
        subtitle: String::new(),
        trajectory: vec![],
        envelope: vec![],
        envelope_label: String::new(),
        intercepts: vec![],
    };
    assert!(profile_png(&empty, 800, 600).is_err());
    let nan = ProfileSpec {
        trajectory: vec![[0.0, 0.0], [f64::NAN, 1.0]],
        ..empty.clone()
    };
    assert!(profile_svg(&nan, 800, 600).is_err());

    let tl = TimelineSpec {
        title: String::new(),
        subtitle: String::new(),
        impact_s: f64::NAN,
        events: vec![],
        bars: vec![],
    };
    assert!(timeline_png(&tl, 800, 400).is_err());
    let tl = TimelineSpec {
        impact_s: 100.0,
        bars: vec![("x".into(), 50.0, 10.0)],
        ..tl
    };
    assert!(timeline_svg(&tl, 800, 400).is_err());
}

/// A horizontal `<text>` element of an SVG: anchor x, baseline-ish y, font size, weight, anchor, fill, content.
#[derive(Debug)]
struct SvgText {
    x: f64,
    y: f64,
    size: f64,
    bold: bool,
    anchor: String,
    fill: String,
    content: String,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The unrotated `<text>` elements of an SVG written by plotters.
fn svg_texts(svg: &str) -> Vec<SvgText> {
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
            out.push(SvgText {
                x: attr(tag, "x").unwrap().parse().unwrap(),
                y: attr(tag, "y").unwrap().parse().unwrap(),
                size: attr(tag, "font-size").unwrap().parse().unwrap(),
                bold: attr(tag, "font-weight") == Some("bold"),
                anchor: attr(tag, "text-anchor").unwrap_or("start").to_string(),
                fill: attr(tag, "fill").unwrap_or("").to_string(),
                content,
            });
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

/// Left and right x of an SVG text element.
fn svg_text_span(t: &SvgText) -> (f64, f64) {
    let w = svg_text_width(&t.content, t.size, t.bold);
    match t.anchor.as_str() {
        "middle" => (t.x - w / 2.0, t.x + w / 2.0),
        "end" => (t.x - w, t.x),
        _ => (t.x, t.x + w),
    }
}

const LONG_SUBTITLE: &str = "EPAA phase 3 (2018): + Aegis Ashore Redzikowo (24 SM-3 IIA), IIA at sea; Deveselu \
    SM-3 IB; AN/TPY-2 at Kürecik — 0.5° grid, 14400 points. Assumptions: space-based early warning cue at 60 s; \
    decision delay 30 s; launch on remote yes; radar coverage drawn against the RV's RCS; point-mass kinematics, \
    open-literature parameters (shieldsim). VeryLongUnbreakableTokenWithoutAnySpacesThatMustStillBeBrokenSomewhere\
    SoThatItFitsWithinTheImageWidthEvenOnASmallFigure";

/// Checks that the subtitle of an SVG figure `width` px wide takes several lines, keeps every word, and that no
/// horizontal text passes the image edges.
fn assert_wrapped(svg: &str, width: u32, what: &str) {
    let texts = svg_texts(svg);
    let sub: Vec<&SvgText> = texts.iter().filter(|t| t.fill == "#555555").collect();
    assert!(sub.len() > 1, "{what}: subtitle on {} line(s)", sub.len());
    let joined: String = sub
        .iter()
        .map(|t| t.content.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for word in LONG_SUBTITLE.split_whitespace().take(40) {
        assert!(joined.contains(word), "{what}: '{word}' lost");
    }
    for pair in sub.windows(2) {
        assert!(pair[1].y > pair[0].y, "{what}: subtitle lines out of order");
    }
    for t in &texts {
        let (l, r) = svg_text_span(t);
        assert!(
            l >= -0.5 && r <= f64::from(width) + 0.5,
            "{what}: '{}' spans {l:.1}..{r:.1} in a {width} px wide image",
            t.content
        );
    }
}

/// Index of the rightmost column with a dark pixel in rows `y0..y1`.
fn rightmost_dark(rgb: &[u8], width: u32, y0: u32, y1: u32) -> Option<u32> {
    (0..width).rev().find(|x| {
        (y0..y1).any(|y| {
            let p = pixel(rgb, width, f64::from(*x), f64::from(y));
            p.iter().all(|v| *v < 160)
        })
    })
}

#[test]
fn long_subtitles_wrap_within_the_image_width() {
    let mut map = world_spec(None);
    map.subtitle = LONG_SUBTITLE.into();
    map.title = "A rather long title that also needs to wrap when the figure is only six hundred pixels wide".into();
    for w in [600u32, 1600] {
        let h = map_height_px(&map, w);
        assert_wrapped(&map_svg(&map, w, h).unwrap(), w, &format!("map {w}"));
        // PNG: the header band has text but nothing in the right margin.
        let (_, _, rgb) = decode(&map_png(&map, w, h).unwrap());
        let right = rightmost_dark(&rgb, w, 0, 120).expect("header text");
        assert!(right + 8 < w, "map {w}: header text reaches x = {right}");
    }

    let profile = ProfileSpec {
        title: "Profile".into(),
        subtitle: LONG_SUBTITLE.into(),
        trajectory: vec![[0.0, 0.0], [500.0, 300.0], [1000.0, 0.0]],
        envelope: vec![],
        envelope_label: String::new(),
        intercepts: vec![],
    };
    assert_wrapped(&profile_svg(&profile, 1000, 700).unwrap(), 1000, "profile");
    let (_, _, rgb) = decode(&profile_png(&profile, 1000, 700).unwrap());
    let right = rightmost_dark(&rgb, 1000, 0, 100).unwrap();
    assert!(right + 8 < 1000, "profile header text reaches x = {right}");

    let timeline = TimelineSpec {
        title: "Timeline".into(),
        subtitle: LONG_SUBTITLE.into(),
        impact_s: 1200.0,
        events: vec![("launch".into(), 0.0)],
        bars: vec![("window".into(), 500.0, 1100.0)],
    };
    assert_wrapped(&timeline_svg(&timeline, 900, 600).unwrap(), 900, "timeline");
}

/// Rows from the bottom of a decoded PNG up to its lowest row with a non-white pixel.
fn blank_rows_at_bottom(rgb: &[u8], w: u32, h: u32) -> u32 {
    let row_blank = |y: u32| {
        (0..w).all(|x| {
            pixel(rgb, w, f64::from(x), f64::from(y))
                .iter()
                .all(|v| *v >= 250)
        })
    };
    (0..h).rev().take_while(|y| row_blank(*y)).count() as u32
}

#[test]
fn map_height_fits_the_map_with_no_blank_band() {
    let mut regional = world_spec(Some(global_grid()));
    regional.extent = Extent {
        west_deg: -15.0,
        south_deg: 25.0,
        east_deg: 65.0,
        north_deg: 70.0,
    };
    regional.subtitle = LONG_SUBTITLE.into();
    let mut strip = world_spec(None);
    strip.extent = Extent {
        west_deg: -170.0,
        south_deg: 40.0,
        east_deg: 170.0,
        north_deg: 50.0,
    };
    let cases = [
        ("world", world_spec(Some(global_grid()))),
        ("regional", regional),
        ("strip", strip),
    ];
    for (name, spec) in &cases {
        for w in [1000u32, 1600] {
            let h = map_height_px(spec, w);
            assert!((200..=8192).contains(&h), "{name} {w}: height {h}");
            if h == 200 {
                continue; // clamped to the smallest size: a blank band is unavoidable
            }
            let (_, _, rgb) = decode(&map_png(spec, w, h).unwrap());
            let blank = blank_rows_at_bottom(&rgb, w, h);
            // No big blank band: at most 3 % of the height (or 20 px on a short figure).
            assert!(
                f64::from(blank) <= (0.03 * f64::from(h)).max(20.0),
                "{name} {w}x{h}: {blank} blank rows at the bottom"
            );
            // The map is width-limited: a taller image would not make it wider, only add a blank band.
            let east = |hh: u32| {
                let e = spec.extent;
                map_pixel(spec, w, hh, e.south_deg + 1e-6, e.east_deg - 1e-6)
                    .unwrap()
                    .unwrap()
            };
            assert!((east(h).0 - east(h + 300).0).abs() <= 1.0, "{name} {w}");
            // Under the map: the credit line, or the legend when it is taller than a thin strip of map (maps are
            // designed at 1,200 px, so at 1,600 px the legend is a third larger).
            assert!(
                east(h).1 > f64::from(h) - 0.1 * f64::from(h) - 110.0,
                "{name} {w}: map bottom at y = {} of {h}",
                east(h).1
            );
            let (_, _, rgb) = decode(&map_png(spec, w, h + 300).unwrap());
            assert!(blank_rows_at_bottom(&rgb, w, h + 300) >= 290, "{name} {w}");
        }
    }
    // Extreme extents stay within the accepted sizes.
    let mut tall = world_spec(None);
    tall.extent = Extent {
        west_deg: 0.0,
        south_deg: -80.0,
        east_deg: 1.0,
        north_deg: 80.0,
    };
    assert_eq!(map_height_px(&tall, 1600), 8192);
    assert!(map_height_px(&tall, 100) <= 8192);
    let mut bad = world_spec(None);
    bad.extent.west_deg = f64::NAN;
    assert!((200..=8192).contains(&map_height_px(&bad, 1600)));
}

fn lens_profile(envelope: Vec<Vec<[f64; 2]>>, label: &str) -> ProfileSpec {
    ProfileSpec {
        title: "Profile".into(),
        subtitle: String::new(),
        trajectory: (0..=50)
            .map(|i| {
                let x = f64::from(i) * 100.0;
                [x, 4.0 * 1200.0 * (x / 5000.0) * (1.0 - x / 5000.0)]
            })
            .collect(),
        envelope,
        envelope_label: label.into(),
        intercepts: vec![],
    }
}

#[test]
fn profile_envelope_is_a_translucent_area_under_the_trajectory() {
    // A closed, concave region (a "C" opening to the right) and a second region.
    let c_shape = vec![
        [1000.0, 0.0],
        [3000.0, 0.0],
        [3000.0, 300.0],
        [1800.0, 300.0],
        [1800.0, 700.0],
        [3000.0, 700.0],
        [3000.0, 1000.0],
        [1000.0, 1000.0],
    ];
    let second = vec![[3500.0, 0.0], [4500.0, 0.0], [4000.0, 500.0]];
    let spec = lens_profile(vec![c_shape, vec![], second], "SM-3 reach, launch at 300 s");
    let svg = profile_svg(&spec, 1200, 700).unwrap();
    assert!(svg.contains("SM-3 reach, launch at 300 s"));
    assert_eq!(
        svg.matches("SM-3 reach").count(),
        1,
        "one legend entry for all regions"
    );
    let polygons: Vec<usize> = svg.match_indices("<polygon").map(|(i, _)| i).collect();
    let translucent = polygons
        .iter()
        .filter(|i| {
            let tag = &svg[**i..**i + svg[**i..].find('>').unwrap()];
            attr(tag, "opacity").is_some_and(|o| o.parse::<f64>().unwrap() < 0.5)
        })
        .count();
    assert!(translucent >= 2, "{translucent} translucent polygons");
    // Under the trajectory: the fills come before the trajectory line in drawing order.
    let first_fill = polygons[0];
    let trajectory = svg.find("stroke=\"#191919\"").expect("trajectory line");
    assert!(first_fill < trajectory);

    // PNG: inside the region, a light blue tint (neither white nor opaque); in the notch of the "C", white.
    let (w, h) = (1200u32, 700u32);
    let (_, _, rgb) = decode(&profile_png(&spec, w, h).unwrap());
    let tinted = |p: [u8; 3]| {
        let [r, _, b] = p.map(u16::from);
        b > r + 20 && r > 150 && b > 220
    };
    let (mut inside, mut notch) = (0, 0);
    for y in (0..h).step_by(3) {
        for x in (0..w).step_by(3) {
            let p = pixel(&rgb, w, f64::from(x), f64::from(y));
            if tinted(p) {
                inside += 1;
            } else if p.iter().all(|v| *v >= 230) {
                notch += 1;
            }
        }
    }
    assert!(inside > 2000, "only {inside} tinted samples");
    assert!(notch > 1000, "only {notch} white samples");

    // Empty envelope (no region of >= 3 points): no legend entry.
    let spec = lens_profile(vec![vec![], vec![[0.0, 0.0], [1.0, 1.0]]], "SM-3 reach");
    let svg = profile_svg(&spec, 1200, 700).unwrap();
    assert!(!svg.contains("SM-3 reach") && !svg.contains("Interceptor reach"));
    assert!(svg.contains("Threat trajectory"));
}

#[test]
fn timeline_labels_never_overlap_and_impact_is_drawn_once() {
    let spec = TimelineSpec {
        title: "Timeline".into(),
        subtitle: "ten events, some at the same time".into(),
        impact_s: 1230.0,
        events: vec![
            ("threat launch".into(), 0.0),
            ("early-warning cue".into(), 0.0),
            ("cue".into(), 60.0),
            ("burn-out".into(), 125.0),
            ("radar detects".into(), 127.0),
            ("radar track".into(), 137.0),
            ("earliest interceptor launch".into(), 172.0),
            ("commit".into(), 172.4),
            ("kill assessment".into(), 1228.0),
            ("impact".into(), 1230.3),
            ("Impact (predicted)".into(), 1229.8),
        ],
        bars: vec![
            ("aegis-ship-1 window".into(), 522.0, 1205.0),
            ("aegis-ship-2 window".into(), 592.0, 1205.0),
        ],
    };
    for (w, h) in [(1400u32, 700u32), (800, 600)] {
        let svg = timeline_svg(&spec, w, h).unwrap();
        let texts = svg_texts(&svg);
        let impact: Vec<&SvgText> = texts
            .iter()
            .filter(|t| t.content.to_lowercase().starts_with("impact"))
            .collect();
        assert_eq!(impact.len(), 1, "{impact:?}");
        assert_eq!(impact[0].content, "impact 1230 s");
        // Event labels: "<name> <t> s", above the plot.
        let labels: Vec<(&SvgText, (f64, f64))> = texts
            .iter()
            .filter(|t| t.content.ends_with(" s") && !t.content.contains('–'))
            .filter(|t| t.fill != "#555555")
            .map(|t| (t, svg_text_span(t)))
            .collect();
        assert_eq!(labels.len(), 10, "{labels:?}");
        for (i, (a, sa)) in labels.iter().enumerate() {
            assert!(sa.0 >= 0.0 && sa.1 <= f64::from(w), "{} outside", a.content);
            for (b, sb) in &labels[i + 1..] {
                let same_row = (a.y - b.y).abs() < a.size;
                let apart = sa.1 <= sb.0 || sb.1 <= sa.0;
                assert!(
                    !same_row || apart,
                    "'{}' and '{}' overlap at {w} px",
                    a.content,
                    b.content
                );
            }
        }
    }
    let (w, h, _) = decode(&timeline_png(&spec, 1400, 700).unwrap());
    assert_eq!((w, h), (1400, 700));
}

#[test]
fn maps_across_the_antimeridian_draw_both_sides() {
    // The North Pacific from 110° E to 110° W: Korea, the Aleutians and Alaska in one frame.
    let mut spec = world_spec(None);
    spec.extent = Extent {
        west_deg: 110.0,
        south_deg: 10.0,
        east_deg: -110.0,
        north_deg: 75.0,
    };
    assert!(spec.extent.crosses_antimeridian());
    assert!((spec.extent.width_deg() - 140.0).abs() < 1e-12);
    let (w, h) = (1400, 900);
    let at = |lat: f64, lon: f64| map_pixel(&spec, w, h, lat, lon).unwrap();
    let (launch, radar, greely, aim) = (
        at(40.0, 127.5).unwrap(),
        at(52.7, 174.1).unwrap(),
        at(64.0, -145.7).unwrap(),
        at(47.6, -122.3).unwrap(),
    );
    assert!(launch.0 < radar.0 && radar.0 < greely.0 && greely.0 < aim.0);
    // 180° lies 70/140 of the way across the frame, between Shemya and Fort Greely.
    let (west_edge, dateline, east_edge) = (
        at(40.0, 110.0).unwrap().0,
        at(40.0, 180.0).unwrap().0,
        at(40.0, -110.0).unwrap().0,
    );
    assert!((dateline - (west_edge + east_edge) / 2.0).abs() < 1.0);
    assert_eq!(at(40.0, -180.0).unwrap().0, dateline);
    assert!(at(40.0, 0.0).is_none() && at(40.0, -100.0).is_none());

    // Land on both sides of the line (Chukotka, interior Alaska), sea in the Bering Sea's south.
    let mut bare = spec.clone();
    bare.sites.clear();
    bare.fans.clear();
    bare.tracks.clear();
    bare.intercepts.clear();
    let (dw, dh, rgb) = decode(&map_png(&bare, w, h).unwrap());
    assert_eq!((dw, dh), (w, h));
    let colour = |spec: &MapSpec, rgb: &[u8], lat: f64, lon: f64| {
        let (x, y) = map_pixel(spec, w, h, lat, lon).unwrap().unwrap();
        pixel(rgb, w, x, y)
    };
    assert!(close(colour(&bare, &rgb, 66.0, 172.0), LAND));
    assert!(close(colour(&bare, &rgb, 64.5, -152.0), LAND));
    assert!(close(colour(&bare, &rgb, 54.0, -175.0), SEA));
    assert!(close(colour(&bare, &rgb, 30.0, 170.0), SEA));

    // A grid given past 180° (150.5° .. 209.5° E) shades both sides of the line alike; a global grid (-179.5 ..)
    // shades the same place in the same colour.
    let (rows, cols) = (20, 60);
    let local = GridLayer {
        lat0_deg: 20.5,
        lon0_deg: 150.5,
        spacing_deg: 1.0,
        rows,
        cols,
        values: vec![100.0; rows * cols],
        legend_title: "Intercept window (s)".into(),
    };
    let mut global = GridLayer {
        lat0_deg: -89.5,
        lon0_deg: -179.5,
        spacing_deg: 1.0,
        rows: 180,
        cols: 360,
        values: vec![f32::NAN; 180 * 360],
        legend_title: "Intercept window (s)".into(),
    };
    for r in 110..130 {
        for c in 0..360 {
            let lon = -179.5 + c as f64;
            if !(-150.0..150.0).contains(&lon) {
                global.values[r * 360 + c] = 100.0;
            }
        }
    }
    let mut shaded = Vec::new();
    for grid in [local, global] {
        let mut s = bare.clone();
        s.grid = Some(grid);
        let (_, _, rgb) = decode(&map_png(&s, w, h).unwrap());
        let (east, west, outside) = (
            colour(&s, &rgb, 32.0, 173.0),
            colour(&s, &rgb, 32.0, -167.0),
            colour(&s, &rgb, 32.0, -142.0),
        );
        assert_eq!(east, west);
        assert!(!close(east, SEA) && !close(east, LAND), "{east:?}");
        assert!(close(outside, SEA), "{outside:?}");
        shaded.push(east);
    }
    assert_eq!(shaded[0], shaded[1]);
    // The SVG labels 180° once and no longitude beyond it.
    let svg = map_svg(&spec, w, h).unwrap();
    let texts: Vec<String> = svg_texts(&svg).into_iter().map(|t| t.content).collect();
    assert!(
        texts.iter().filter(|t| *t == "180°").count() == 1
            && texts.iter().any(|t| t == "150°W")
            && !texts.iter().any(|t| t.starts_with("210")),
        "{texts:?}"
    );
}

#[test]
fn extents_covering_points_across_the_antimeridian_cross_it() {
    let e = Extent::covering(&[[40.0, 127.5], [64.0, -145.7], [52.7, 174.1]], 5.0).unwrap();
    assert!(e.crosses_antimeridian(), "{e:?}");
    assert!(
        (e.west_deg - 122.5).abs() < 1e-9 && (e.east_deg + 140.7).abs() < 1e-9,
        "{e:?}"
    );
    assert!((e.width_deg() - 96.8).abs() < 1e-9);
    // Points on one side keep a plain extent; points all round the world give the world.
    let plain = Extent::covering(&[[10.0, 20.0], [30.0, 50.0]], 5.0).unwrap();
    assert!(!plain.crosses_antimeridian());
    let round = [[0.0, -170.0], [0.0, -80.0], [0.0, 10.0], [0.0, 100.0]];
    assert_eq!(Extent::covering(&round, 50.0).unwrap().width_deg(), 360.0);
    assert!((Extent::covering(&round, 5.0).unwrap().width_deg() - 280.0).abs() < 1e-9);
}

/// A footprint map in the projection chosen for its data is cropped to it: every corner of every grid cell with a
/// value lies inside the frame, and the data spans most of the frame's width or height.
#[test]
fn a_projected_footprint_map_is_cropped_to_its_data() {
    // A blob of values round Semnan on a global 1° grid; NaN elsewhere.
    let (rows, cols) = (180, 360);
    let mut values = vec![f32::NAN; rows * cols];
    let mut pts = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let (lat, lon) = (-89.5 + r as f64, -179.5 + c as f64);
            if (lat - 35.0).hypot(lon - 54.0) < 12.0 {
                values[r * cols + c] = if lon > 54.0 { 200.0 } else { 0.0 };
                for (dy, dx) in [(-0.5, -0.5), (-0.5, 0.5), (0.5, -0.5), (0.5, 0.5)] {
                    pts.push([lat + dy, lon + dx]);
                }
            }
        }
    }
    let mut spec = world_spec(Some(GridLayer {
        lat0_deg: -89.5,
        lon0_deg: -179.5,
        spacing_deg: 1.0,
        rows,
        cols,
        values,
        legend_title: String::new(),
    }));
    spec.sites.clear();
    spec.fans.clear();
    spec.tracks.clear();
    spec.intercepts.clear();
    spec.projection = choose_projection(&pts);
    assert_eq!(spec.projection.kind(), ProjectionKind::Conic);
    let w = 1200;
    let h = map_height_px(&spec, w);
    let frame = map_labels(&spec, w, h).unwrap().frame_px;
    let px = map_pixels(&spec, w, h, &pts).unwrap();
    assert!(
        px.iter().all(Option::is_some),
        "a data vertex outside the map"
    );
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (x, y) in px.into_iter().flatten() {
        assert!(x >= frame[0] && x <= frame[2] && y >= frame[1] && y <= frame[3]);
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let share = ((x1 - x0) / (frame[2] - frame[0])).max((y1 - y0) / (frame[3] - frame[1]));
    assert!(share > 0.75, "the data spans only {share:.2} of the frame");
    // The shading is there: the map renders, and a cell east of Semnan (window 200 s) is not sea blue.
    let (_, _, rgb) = decode(&map_png(&spec, w, h).unwrap());
    let (x, y) = map_pixel(&spec, w, h, 35.0, 60.0).unwrap().unwrap();
    assert!(!close(pixel(&rgb, w, x, y), SEA));
}
