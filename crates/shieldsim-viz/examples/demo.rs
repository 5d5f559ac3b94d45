//! Writes demo figures (world and regional maps, a profile, a timeline; PNG and SVG) to a directory and prints how
//! long each took.
//!
//! ```text
//! cargo run --release -p shieldsim-viz --example demo -- /tmp/viz-demo
//! ```
//! The data are illustrative shapes, not results of the engine.

use shieldsim_viz::*;
use std::time::Instant;

const R_KM: f64 = 6371.0;

fn unit(lat: f64, lon: f64) -> [f64; 3] {
    let (p, l) = (lat.to_radians(), lon.to_radians());
    [p.cos() * l.cos(), p.cos() * l.sin(), p.sin()]
}

fn dist_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (u, v) = (unit(a[0], a[1]), unit(b[0], b[1]));
    let dot = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]).clamp(-1.0, 1.0);
    dot.acos() * R_KM
}

/// Great-circle points `[lat, lon]` from a to b.
fn great_circle(a: [f64; 2], b: [f64; 2], n: usize) -> Vec<[f64; 2]> {
    let (u, v) = (unit(a[0], a[1]), unit(b[0], b[1]));
    let omega = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2])
        .clamp(-1.0, 1.0)
        .acos();
    (0..=n)
        .map(|i| {
            let t = i as f64 / n as f64;
            let (sa, sb) = (
                ((1.0 - t) * omega).sin() / omega.sin(),
                (t * omega).sin() / omega.sin(),
            );
            let p = [
                sa * u[0] + sb * v[0],
                sa * u[1] + sb * v[1],
                sa * u[2] + sb * v[2],
            ];
            [p[2].asin().to_degrees(), p[1].atan2(p[0]).to_degrees()]
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "viz-demo".to_string());
    std::fs::create_dir_all(&dir)?;
    let launch = [40.0, 127.5];
    let interceptors = [
        ("Interceptor site N", [63.95, -145.7]),
        ("Interceptor site S", [34.7, -120.6]),
    ];
    let aims = [
        ("Aim 1", [47.6, -122.3]),
        ("Aim 2", [21.3, -157.9]),
        ("Aim 3", [61.2, -149.9]),
    ];

    // A 0.25° global grid: out of reach beyond 11,000 km from the launch point, windows shrinking with distance
    // from the interceptor sites.
    let spacing = 0.25;
    let (rows, cols) = (720usize, 1440usize);
    let mut values = Vec::with_capacity(rows * cols);
    for r in 0..rows {
        for c in 0..cols {
            let p = [-89.875 + r as f64 * spacing, -179.875 + c as f64 * spacing];
            let v = if dist_km(p, launch) > 11_000.0 {
                f32::NAN
            } else {
                let w = interceptors
                    .iter()
                    .map(|(_, s)| 900.0 * (1.0 - dist_km(p, *s) / 5500.0))
                    .fold(0.0f64, f64::max);
                w.max(0.0) as f32
            };
            values.push(v);
        }
    }
    let grid = GridLayer {
        lat0_deg: -89.875,
        lon0_deg: -179.875,
        spacing_deg: spacing,
        rows,
        cols,
        values,
        legend_title: "Intercept window (s)".into(),
    };
    let mut sites: Vec<MapSite> = interceptors
        .iter()
        .map(|(n, p)| MapSite {
            name: n.to_string(),
            lat_deg: p[0],
            lon_deg: p[1],
            kind: SiteKind::Interceptor,
        })
        .collect();
    sites.push(MapSite {
        name: "Early-warning radar".into(),
        lat_deg: 52.7,
        lon_deg: 174.1,
        kind: SiteKind::Radar,
    });
    sites.push(MapSite {
        name: "Tracking radar".into(),
        lat_deg: 64.3,
        lon_deg: -149.2,
        kind: SiteKind::Radar,
    });
    // A radar co-located with an interceptor site: the two markers are drawn side by side with one label.
    sites.push(MapSite {
        name: "Site S radar".into(),
        lat_deg: 34.7,
        lon_deg: -120.6,
        kind: SiteKind::Radar,
    });
    sites.push(MapSite {
        name: "Launch area".into(),
        lat_deg: launch[0],
        lon_deg: launch[1],
        kind: SiteKind::Launch,
    });
    for (n, p) in &aims {
        sites.push(MapSite {
            name: n.to_string(),
            lat_deg: p[0],
            lon_deg: p[1],
            kind: SiteKind::Aim,
        });
    }
    let fans = vec![
        RadarFan {
            name: "EWR".into(),
            lat_deg: 52.7,
            lon_deg: 174.1,
            range_km: 3200.0,
            boresight_deg: Some(319.0),
            half_width_deg: Some(60.0),
        },
        RadarFan {
            name: "TR".into(),
            lat_deg: 64.3,
            lon_deg: -149.2,
            range_km: 2500.0,
            boresight_deg: None,
            half_width_deg: None,
        },
    ];
    let tracks: Vec<Track> = aims
        .iter()
        .enumerate()
        .map(|(i, (_, a))| Track {
            points: great_circle(launch, *a, 200),
            engaged: i != 1,
        })
        .collect();
    let intercepts = vec![
        great_circle(launch, aims[0].1, 10)[6],
        great_circle(launch, aims[2].1, 10)[7],
    ];
    let world = MapSpec {
        title: "Intercept window against a threat launched from the launch area".into(),
        subtitle: "Illustrative data · 0.25° grid · minimum-energy trajectories · WGS84, rotating Earth, J2\n\
                   Window = time during which at least one interceptor site can engage before impact"
            .into(),
        extent: Extent::WORLD,
        projection: MapProjection::PlateCarree,
        grid: Some(grid.clone()),
        sites: sites.clone(),
        fans: fans.clone(),
        tracks: tracks.clone(),
        intercepts: intercepts.clone(),
    };
    let timed = |name: &str,
                 f: &dyn Fn() -> Result<Vec<u8>, VizError>|
     -> Result<(), Box<dyn std::error::Error>> {
        let t = Instant::now();
        let bytes = f()?;
        let dt = t.elapsed();
        std::fs::write(format!("{dir}/{name}"), &bytes)?;
        println!(
            "{name}: {:.2} s, {} KB",
            dt.as_secs_f64(),
            bytes.len() / 1024
        );
        Ok(())
    };
    // The height at which each map fills the width (no blank band), from the extent and the wrapped header.
    let h = map_height_px(&world, 1600);
    timed("map_world.png", &|| map_png(&world, 1600, h))?;
    timed("map_world.svg", &|| {
        map_svg(&world, 1600, h).map(String::into_bytes)
    })?;

    let region = MapSpec {
        title: "Pacific approaches: radar coverage and tracks".into(),
        subtitle: "Illustrative data · cos(mid-latitude) aspect · a long subtitle wraps word by word over as many \
                   lines as it needs within the image width, and the map height from map_height_px follows it"
            .into(),
        extent: Extent {
            west_deg: 110.0,
            south_deg: 10.0,
            east_deg: 180.0,
            north_deg: 72.0,
        },
        projection: MapProjection::PlateCarree,
        grid: Some(grid),
        sites,
        fans,
        tracks,
        intercepts,
    };
    let h = map_height_px(&region, 1600);
    timed("map_region.png", &|| map_png(&region, 1600, h))?;
    timed("map_region.svg", &|| {
        map_svg(&region, 1600, h).map(String::into_bytes)
    })?;

    // Profile: a ballistic arc over 8,000 km and a lens-shaped reach region.
    let trajectory: Vec<[f64; 2]> = (0..=200)
        .map(|i| {
            let x = 8000.0 * i as f64 / 200.0;
            [x, 1200.0 * 4.0 * (x / 8000.0) * (1.0 - x / 8000.0)]
        })
        .collect();
    let envelope: Vec<Vec<[f64; 2]>> = vec![(0..=60)
        .map(|i| {
            let a = std::f64::consts::PI * i as f64 / 60.0;
            [5600.0 + 1800.0 * a.cos(), 1500.0 * a.sin()]
        })
        .collect()];
    let profile = ProfileSpec {
        title: "Threat trajectory and interceptor reach".into(),
        subtitle: "Illustrative data · reach for a launch 300 s after threat launch".into(),
        trajectory,
        envelope,
        envelope_label: "Interceptor reach".into(),
        intercepts: vec![[6400.0, 734.0]],
    };
    timed("profile.png", &|| profile_png(&profile, 1600, 900))?;
    timed("profile.svg", &|| {
        profile_svg(&profile, 1600, 900).map(String::into_bytes)
    })?;

    let timeline = TimelineSpec {
        title: "Engagement timeline".into(),
        subtitle: "Illustrative data · times after threat launch".into(),
        impact_s: 1850.0,
        // Events at equal or close times stack without overlapping; "impact" repeats the automatic impact line
        // and is skipped.
        events: vec![
            ("launch".into(), 0.0),
            ("early-warning cue".into(), 0.0),
            ("burn-out".into(), 240.0),
            ("detection".into(), 60.0),
            ("track".into(), 420.0),
            ("commit".into(), 480.0),
            ("interceptor launch".into(), 485.0),
            ("second radar detects".into(), 490.0),
            ("kill assessment".into(), 1640.0),
            ("impact".into(), 1850.0),
        ],
        bars: vec![
            ("Early-warning radar visibility".into(), 380.0, 1100.0),
            ("Tracking radar visibility".into(), 900.0, 1750.0),
            ("Interceptor site N window".into(), 1150.0, 1620.0),
            ("Interceptor site S window".into(), 1500.0, 1700.0),
        ],
    };
    timed("timeline.png", &|| timeline_png(&timeline, 1600, 700))?;
    timed("timeline.svg", &|| {
        timeline_svg(&timeline, 1600, 700).map(String::into_bytes)
    })?;
    Ok(())
}
