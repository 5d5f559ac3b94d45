//! The viewer documents (`shieldsim_app::view`) against independent truth: rings at their range by Karney's inverse
//! geodesic (the rings are made with the direct one), radar ranges by the radar equation's fourth-root law, sectors
//! within their field of regard, an assessment's tracks and matrix conserving the document's counts, intercept windows
//! inside their tracks, and footprint polygons covering every engageable grid point.

use shieldsim::earth::{geodesic, Geodetic};
use shieldsim::scenario::builtin_names;
use shieldsim_app::assess::{assess, AssessJob};
use shieldsim_app::engage::engage;
use shieldsim_app::footprint::footprint_of;
use shieldsim_app::requests::{FootprintJob, Format, ShapeArg, ShapeOptions};
use shieldsim_app::scenarios::load_builtin_scenario;
use shieldsim_app::view::{assessment_view, footprint_view, scenario_view};
use shieldsim_app::Control;

fn distance_m(e: &shieldsim::earth::Ellipsoid, a: [f64; 2], b: [f64; 2]) -> (f64, f64) {
    geodesic::inverse(
        e,
        &Geodetic::from_degrees(a[0], a[1], 0.0),
        &Geodetic::from_degrees(b[0], b[1], 0.0),
    )
}

/// Smallest difference of two azimuths, degrees.
fn azimuth_gap_deg(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

#[test]
fn scenario_rings_lie_at_the_reach_and_the_radar_range() {
    for name in builtin_names() {
        let l = load_builtin_scenario(name).expect("built in");
        let s = &l.scenario;
        let e = s.model.earth.ellipsoid();
        let v = scenario_view(&l).expect("a view");
        assert_eq!(v.sites.len(), s.architecture.sites.len());
        assert_eq!(v.radars.len(), s.architecture.radars.len());
        assert_eq!(v.corridors.len(), s.corridors.len());
        for site in &v.sites {
            assert!(
                site.reach_km > 0.0 && site.floor_km < site.ceiling_km,
                "{name} {}",
                site.name
            );
            let ring = &site.reach_ring;
            assert_eq!(ring.first(), ring.last(), "closed");
            for p in ring {
                let (d, _) = distance_m(e, [site.lat_deg, site.lon_deg], *p);
                assert!(
                    (d - site.reach_km * 1000.0).abs() < 1.0,
                    "{name} {}: {d} m",
                    site.name
                );
            }
        }
        let rv_rcs = s.corridors[0].missiles[0].signature.reentry_vehicle_rcs_m2;
        for (r, spec) in v.radars.iter().zip(&s.architecture.radars) {
            // The radar equation: range goes with the fourth root of the cross-section.
            let expected_km =
                spec.max_range_m * (rv_rcs / spec.reference_rcs_m2).powf(0.25) / 1000.0;
            assert!(
                (r.range_km - expected_km).abs() < 1e-6 * expected_km,
                "{name} {}",
                r.id
            );
            let ring = &r.coverage_ring;
            assert_eq!(ring.first(), ring.last(), "closed");
            let centre = [r.lat_deg, r.lon_deg];
            match (r.boresight_deg, r.half_width_deg) {
                (Some(b), Some(h)) => {
                    assert_eq!(ring[0], centre, "a sector starts at the radar");
                    for p in &ring[1..ring.len() - 1] {
                        let (d, az) = distance_m(e, centre, *p);
                        assert!((d - r.range_km * 1000.0).abs() < 1.0, "{name} {}", r.id);
                        assert!(
                            azimuth_gap_deg(az.to_degrees(), b) <= h + 1e-6,
                            "{name} {}",
                            r.id
                        );
                    }
                }
                _ => {
                    for p in ring {
                        let (d, _) = distance_m(e, centre, *p);
                        assert!((d - r.range_km * 1000.0).abs() < 1.0, "{name} {}", r.id);
                    }
                }
            }
        }
        for (c, spec) in v.corridors.iter().zip(&s.corridors) {
            assert_eq!(c.trajectories, spec.trajectory_count());
            assert_eq!(c.launches.len(), spec.launches.len());
            assert_eq!(c.aims.len(), spec.aims.len());
        }
    }
}

#[test]
fn an_assessment_view_conserves_the_documents_counts_and_windows_lie_on_their_tracks() {
    // third-site-2007 cut down to a few aims per corridor (the view does not depend on the count).
    let mut s = load_builtin_scenario("third-site-2007")
        .expect("built in")
        .scenario;
    for c in &mut s.corridors {
        c.launches.truncate(1);
        c.launch_missiles.truncate(1);
        c.aims.truncate(4);
    }
    let a = assess(
        &AssessJob {
            scenarios: vec![s],
            out: None,
        },
        Control::none(),
    )
    .expect("assessed");
    let v = assessment_view(&a);
    let doc = serde_json::to_value(&a.document).expect("JSON");
    let results = doc["results"].as_array().expect("results");
    assert_eq!(v.matrix.len(), results.len());
    let mut engageable_somewhere = 0;
    for (cell, r) in v.matrix.iter().zip(results) {
        assert_eq!(r["corridor"], cell.corridor.as_str());
        assert_eq!(r["engageable"], cell.engageable);
        assert_eq!(r["evaluated"], cell.evaluated);
        let tracks: Vec<_> = v
            .tracks
            .iter()
            .filter(|t| t.corridor == cell.corridor)
            .collect();
        // Every flown trajectory is a track; n of them are engageable.
        assert_eq!(tracks.len(), cell.evaluated, "{}", cell.corridor);
        let n = tracks.iter().filter(|t| t.verdict == "engageable").count();
        assert_eq!(n, cell.engageable, "{}", cell.corridor);
        engageable_somewhere += n;
    }
    assert!(
        engageable_somewhere > 0,
        "the test needs an engageable track"
    );
    let mut end = 0.0f64;
    for t in &v.tracks {
        end = end.max(t.impact_t_s);
        assert!(
            t.path.windows(2).all(|w| w[0][0] < w[1][0]),
            "time runs forward"
        );
        assert!(t.path.iter().all(|p| p[3] > -1.0), "above ground");
        match (&t.earliest, &t.latest) {
            (Some(a), Some(b)) if t.verdict == "engageable" => {
                assert!(a.t_s <= b.t_s && b.t_s <= t.impact_t_s);
                assert!(
                    a.launch_s <= a.t_s,
                    "the interceptor launches before it intercepts"
                );
                // The window (possibly with gaps) fits between the first and the last intercept.
                assert!(t.window_s > 0.0 && t.window_s <= b.t_s - a.t_s + 1e-6);
                let w = &t.window_path;
                assert_eq!(w.first().map(|p| p[0]), Some(a.t_s));
                assert_eq!(w.last().map(|p| p[0]), Some(b.t_s));
                for p in &w[1..w.len() - 1] {
                    assert!(p[0] > a.t_s && p[0] < b.t_s);
                    assert!(t.path.contains(p), "a window point is a point of the track");
                }
            }
            _ => {
                assert_eq!(t.verdict, "not_engageable");
                assert!(t.window_path.is_empty());
                assert_eq!(t.window_s, 0.0);
            }
        }
    }
    assert_eq!(v.end_s, end);
}

/// Whether (lat, lon) is inside a closed ring of [lat, lon] (ray casting).
fn inside(ring: &[[f64; 2]], lat: f64, lon: f64) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let ([y0, x0], [y1, x1]) = (w[0], w[1]);
        if (y0 > lat) != (y1 > lat) && lon < x0 + (lat - y0) / (y1 - y0) * (x1 - x0) {
            inside = !inside;
        }
    }
    inside
}

#[test]
fn footprint_polygons_cover_every_engageable_grid_point() {
    let s = load_builtin_scenario("third-site-2007")
        .expect("built in")
        .scenario;
    let job = FootprintJob {
        scenario: "third-site-2007".into(),
        launch: None,
        reverse: false,
        aim: None,
        missile: Some("irbm-solid".into()),
        shape: ShapeOptions {
            shape: ShapeArg::MinEnergy,
            apogee_km: None,
            burnout_flight_path_deg: None,
        },
        region: "45,0,60,30".into(),
        spacing_deg: 1.5,
        levels_s: "0,120".into(),
        format: Format::Json,
        out: None,
    };
    let r = footprint_of(&s, &job, Control::none()).expect("a footprint");
    let v = footprint_view(&r, &job.levels_s).expect("a view");
    assert_eq!(v.points, r.footprint.grid.len());
    assert_eq!(
        v.levels.iter().map(|l| l.level_s).collect::<Vec<_>>(),
        [0.0, 120.0]
    );
    let g = &r.footprint.grid;
    let mut engageable = 0;
    let mut max_window = 0.0f64;
    for (k, p) in r.footprint.points.iter().enumerate() {
        if p.status != shieldsim::analysis::PointStatus::Engageable {
            continue;
        }
        engageable += 1;
        max_window = max_window.max(p.window_s);
        let (lat, lon) = (g.lat_deg(k / g.cols), g.lon_deg(k % g.cols));
        for level in v
            .levels
            .iter()
            .filter(|l| p.window_s >= l.level_s && p.window_s > 0.0)
        {
            let covered = level.polygons.iter().any(|poly| {
                inside(&poly[0], lat, lon) && !poly[1..].iter().any(|h| inside(h, lat, lon))
            });
            assert!(
                covered,
                "({lat}, {lon}) window {} s outside level {} s",
                p.window_s, level.level_s
            );
        }
    }
    assert!(engageable > 0, "the test needs engageable points");
    assert_eq!(v.engageable_points, engageable);
    assert_eq!(v.max_window_s, max_window);
    for level in &v.levels {
        for poly in &level.polygons {
            for ring in poly {
                assert_eq!(ring.first(), ring.last(), "closed");
                assert!(ring
                    .iter()
                    .all(|p| p[0].abs() <= 90.0 && p[1].abs() <= 180.0));
            }
        }
    }
}

/// The engage form of the web viewer is filled from a track and the scenario's engage preset: running `engage`
/// with it must give the assessment's verdict for that trajectory (two code paths: the assessment's batch engine
/// with the scenario's architecture, and `engage` building the architecture from command-line flags). Checked on
/// the two scenarios whose rules differ most: the third site (remote radars commit a GBI site through an
/// engage-on-remote link, early warning) and the 2013 restructure (three interceptor types, 14 radars).
#[test]
fn the_engage_preset_reproduces_the_assessments_verdicts() {
    for name in ["third-site-2007", "restructure-2013"] {
        let mut l = load_builtin_scenario(name).expect("built in");
        for c in &mut l.scenario.corridors {
            c.launches.truncate(1);
            c.launch_missiles.truncate(1);
            c.aims.truncate(3);
            c.shapes.retain(|x| x.name == "min-energy");
        }
        let view = scenario_view(&l).expect("a view");
        let a = assess(
            &AssessJob {
                scenarios: vec![l.scenario.clone()],
                out: None,
            },
            Control::none(),
        )
        .expect("assessed");
        let v = assessment_view(&a);
        let place = |corridor: &str, launch: bool, point: &str| {
            let c = view
                .corridors
                .iter()
                .find(|c| c.name == corridor)
                .expect("corridor");
            let places = if launch { &c.launches } else { &c.aims };
            let p = places.iter().find(|p| p.name == point).expect("place");
            format!("{},{}", p.lat_deg, p.lon_deg)
        };
        let (mut yes, mut no) = (0, 0);
        for t in &v.tracks {
            let engageable = t.verdict == "engageable";
            if (engageable && yes == 2) || (!engageable && no == 2) {
                continue;
            }
            // The site that engages first, else the first site: its interceptor type's preset.
            let lead = t
                .earliest
                .as_ref()
                .map(|e| e.site.as_str())
                .unwrap_or(&view.sites[0].name);
            let interceptor = &view
                .sites
                .iter()
                .find(|s| s.name == lead)
                .expect("site")
                .interceptor;
            let p = view
                .engage_presets
                .iter()
                .find(|p| &p.interceptor == interceptor)
                .expect("a preset per interceptor type");
            assert!(
                p.site_names.iter().any(|n| n == lead),
                "{name}: {lead} in its preset"
            );
            let job = p.job(
                place(&t.corridor, true, &t.launch),
                place(&t.corridor, false, &t.aim),
                t.missile.clone(),
            );
            let done = engage(&job, Control::none()).expect("engaged");
            let doc = serde_json::to_value(&done.document).expect("JSON");
            assert_eq!(
                doc["engageable"].as_bool(),
                Some(engageable),
                "{name}: {} {} -> {} ({}): the assessment says {} ({}), engage with the preset says {}",
                t.missile,
                t.launch,
                t.aim,
                t.corridor,
                t.verdict,
                t.reason,
                doc["reason"]
            );
            if engageable {
                yes += 1;
                // The same earliest intercept, within the engagements' 0.01 s bisection and the path's sampling.
                let e = t.earliest.as_ref().expect("a window");
                let got = doc["window"]["earliest"]["t_s"].as_f64().expect("earliest");
                assert!(
                    (got - e.t_s).abs() < 1.0,
                    "{name}: earliest {got} s vs {} s",
                    e.t_s
                );
            } else {
                no += 1;
            }
        }
        assert!(
            yes > 0 && no > 0,
            "{name}: both verdicts tried ({yes} engageable, {no} not)"
        );
    }
}
