//! The maps of every built-in scenario and corridor, as `assess --out` builds them (with great-circle tracks from
//! every launch to every aim point standing in for the flown ones): the projection chosen for each corridor is the
//! kind an editor expects, a Korea-to-US track crosses the frame without a jump, and no two site labels overlap.

use shieldsim_app::figures::{corridor_map, display_name, lat_lon_text, scenario_map};
use shieldsim_viz::{
    map_height_px, map_labels, map_pixels, MapProjection, MapSite, MapSpec, ProjectionKind,
    SiteKind, Track,
};

const W: u32 = 1200;

/// Points along the great circle from `a` to `b` (`[lat, lon]` degrees), by spherical interpolation.
fn great_circle(a: [f64; 2], b: [f64; 2], n: usize) -> Vec<[f64; 2]> {
    let v = |p: [f64; 2]| {
        let (la, lo) = (p[0].to_radians(), p[1].to_radians());
        [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
    };
    let (va, vb) = (v(a), v(b));
    let dot: f64 = (0..3).map(|i| va[i] * vb[i]).sum();
    let omega = dot.clamp(-1.0, 1.0).acos();
    (0..=n)
        .map(|k| {
            let t = k as f64 / n as f64;
            let (sa, sb) = if omega < 1e-9 {
                (1.0 - t, t)
            } else {
                (
                    ((1.0 - t) * omega).sin() / omega.sin(),
                    (t * omega).sin() / omega.sin(),
                )
            };
            let p: Vec<f64> = (0..3).map(|i| sa * va[i] + sb * vb[i]).collect();
            [
                p[2].atan2(p[0].hypot(p[1])).to_degrees(),
                p[1].atan2(p[0]).to_degrees(),
            ]
        })
        .collect()
}

/// Every corridor's panel and every scenario's map.
fn all_maps() -> Vec<(String, String, MapSpec)> {
    let mut out = Vec::new();
    for s in shieldsim_app::scenarios::builtin_scenarios().unwrap() {
        let (mut all_tracks, mut all_launches) = (Vec::new(), Vec::new());
        for c in &s.corridors {
            let mut tracks = Vec::new();
            let mut launches: Vec<MapSite> = Vec::new();
            for (i, l) in c.launches.iter().enumerate() {
                let lp = [l.position.lat_deg(), l.position.lon_deg()];
                for (j, a) in c.aims.iter().enumerate() {
                    let ap = [a.position.lat_deg(), a.position.lon_deg()];
                    tracks.push(Track {
                        points: great_circle(lp, ap, 60),
                        engaged: (i + j) % 3 == 0,
                    });
                }
                let name = display_name(&l.name);
                let labelled = launches.iter().any(|m| m.name == name);
                launches.push(MapSite {
                    name: if labelled { String::new() } else { name },
                    lat_deg: lp[0],
                    lon_deg: lp[1],
                    kind: SiteKind::Launch,
                });
            }
            all_tracks.extend(tracks.iter().cloned());
            all_launches.extend(launches.iter().cloned());
            let spec = corridor_map(&s, &c.name, tracks, vec![], launches, "Test");
            out.push((s.name.clone(), c.name.clone(), spec));
        }
        let spec = scenario_map(&s, all_tracks, vec![], all_launches, "Test");
        out.push((s.name.clone(), String::new(), spec));
    }
    out
}

#[test]
fn maps_choose_their_projection_place_labels_apart_and_draw_pacific_tracks_whole() {
    let maps = all_maps();
    assert!(maps.len() >= 12, "{} maps", maps.len());
    let mut kinds_seen = Vec::new();
    for (scenario, corridor, spec) in &maps {
        let what = format!("{scenario} {corridor}");
        let kind = spec.projection.kind();
        kinds_seen.push(kind);
        let north = spec
            .tracks
            .iter()
            .flat_map(|t| t.points.iter())
            .map(|p| p[0])
            .fold(f64::MIN, f64::max);
        // Transpolar: polar azimuthal; Europe and the Middle East: a conic centred on them; Korea to the US West:
        // centred on the Pacific.
        match corridor.as_str() {
            "russia-us" => assert_eq!(kind, ProjectionKind::PolarAzimuthal, "{what}"),
            "iran-europe" => match spec.projection {
                MapProjection::LambertConformalConic { lon0_deg, .. } => {
                    assert!((15.0..=60.0).contains(&lon0_deg), "{what}: {lon0_deg}")
                }
                p => panic!("{what}: {p:?}"),
            },
            "north-korea-us-west" if north <= 70.0 => match spec.projection {
                MapProjection::LambertConformalConic { lon0_deg, .. } => {
                    assert!(lon0_deg.abs() >= 150.0, "{what}: {lon0_deg}")
                }
                p => panic!("{what}: {p:?}"),
            },
            _ => {}
        }
        if north > 70.0 {
            assert_eq!(kind, ProjectionKind::PolarAzimuthal, "{what}");
        }
        let h = map_height_px(spec, W);
        // Labels: none overlapping another, all inside the frame.
        let labels = map_labels(spec, W, h).unwrap();
        let f = labels.frame_px;
        for (i, a) in labels.placed.iter().enumerate() {
            let b = a.bbox_px;
            assert!(
                b[0] >= f[0] && b[1] >= f[1] && b[2] <= f[2] && b[3] <= f[3],
                "{what}: label {} at {b:?} outside the frame {f:?}",
                a.text
            );
            assert!(!a.text.contains('#'), "{what}: {}", a.text);
            for c in &labels.placed[i + 1..] {
                let d = c.bbox_px;
                let apart = b[2] <= d[0] || d[2] <= b[0] || b[3] <= d[1] || d[3] <= b[1];
                assert!(apart, "{what}: labels {} and {} overlap", a.text, c.text);
            }
        }
        // A site and its own radar at the same place: one label (no "Deveselu, Deveselu SPY-1").
        for l in &labels.placed {
            let names: Vec<&str> = l.text.split(", ").collect();
            for (k, n) in names.iter().enumerate() {
                assert!(
                    !names[k + 1..].iter().any(|m| m.starts_with(n)),
                    "{what}: {}",
                    l.text
                );
            }
        }
        // Every track point inside the frame is drawn without a jump: neighbouring samples (about 1/60 of the
        // track apart) stay close on the map, also across the antimeridian.
        for t in &spec.tracks {
            let px = map_pixels(spec, W, h, &t.points).unwrap();
            for w in px.windows(2) {
                if let [Some(a), Some(b)] = w {
                    let d = (a.0 - b.0).hypot(a.1 - b.1);
                    assert!(d < 0.2 * f64::from(W), "{what}: a jump of {d:.0} px");
                }
            }
            if corridor == "north-korea-us-west" {
                // The whole track is on the panel.
                assert!(
                    px.iter().all(Option::is_some),
                    "{what}: track leaves the map"
                );
            }
        }
    }
    assert!(kinds_seen.contains(&ProjectionKind::PolarAzimuthal));
    assert!(kinds_seen.contains(&ProjectionKind::Conic));
}

#[test]
fn names_read_as_a_reader_writes_them() {
    assert_eq!(display_name("deveselu-spy1"), "Deveselu SPY-1");
    assert_eq!(display_name("yoshkar-ola"), "Yoshkar-Ola");
    assert_eq!(display_name("fe-warren-afb"), "F. E. Warren AFB");
    assert_eq!(display_name("aegis-ship-1"), "Aegis ship 1");
    assert_eq!(display_name("tehran-area#3"), "Tehran area");
    assert_eq!(display_name("nizhny-tagil"), "Nizhny Tagil");
    assert_eq!(
        shieldsim_app::figures::corridor_name("north-korea-us-west"),
        "North Korea to US West"
    );
    assert_eq!(lat_lon_text(35.23472, 53.92083), "35.23° N 53.92° E");
    assert_eq!(lat_lon_text(-33.9, -151.2), "33.90° S 151.20° W");
}
