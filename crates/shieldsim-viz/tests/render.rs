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
        east_deg: 5.0,
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
