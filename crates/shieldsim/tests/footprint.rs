//! Footprints: every grid point agrees with an independent `engage` of the same launch–aim pair (cold-started
//! targeting, no warm starts, no reach pre-filter), the aims and launches maps agree on a shared trajectory, results do
//! not depend on the number of threads, and region polygons, cancellation and bad grids behave.

use std::sync::atomic::AtomicBool;

#[path = "fixtures/epaa_like.rs"]
mod epaa_like;

use shieldsim::analysis::footprint::FootprintError;
use shieldsim::analysis::{
    footprint, AssessError, Footprint, FootprintRequest, Grid, Mode, PointResult, PointStatus,
    Region,
};
use shieldsim::earth::Geodetic;
use shieldsim::flight::targeting::{Accuracy, Targeter};
use shieldsim::flight::{FlightError, SampledTrajectory, Shape};
use shieldsim::intercept::{engage, InterceptorCache};
use shieldsim::scenario::Scenario;

const TABRIZ: (f64, f64) = (38.07, 46.30);

fn request<'a>(s: &'a Scenario, mode: Mode, grid: Grid) -> FootprintRequest<'a> {
    FootprintRequest {
        scenario: s,
        missile: &s.corridors[0].missiles[0],
        shape: Shape::MinEnergy,
        shape_name: "min-energy".into(),
        mode,
        grid,
        polygon: None,
        accuracy: Accuracy::SURVEY,
    }
}

fn run(r: &FootprintRequest<'_>) -> Footprint {
    footprint(
        r,
        &InterceptorCache::new(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn aims_from_tabriz() -> Mode {
    Mode::Aims {
        launch: Geodetic::from_degrees(TABRIZ.0, TABRIZ.1, 0.0),
    }
}

/// The independent evaluation: a cold targeting solve, the sampled flight and `engage`.
fn engage_one(s: &Scenario, launch: &Geodetic, aim: &Geodetic) -> Result<(bool, f64), FlightError> {
    let m = &s.corridors[0].missiles[0];
    let t = Targeter::new(s.model.earth, &m.missile, s.model.drag).with_accuracy(Accuracy::SURVEY);
    let sol = t.solve(launch, aim, Shape::MinEnergy, None)?;
    let path = SampledTrajectory::of_flight(&t, launch, &sol.controls, sol.flight.impact_t_s)?;
    let arch =
        shieldsim::analysis::build_architecture(s, &InterceptorCache::new()).expect("architecture");
    let e = engage(&s.model.earth, &arch, &path, m.signature).unwrap();
    Ok((e.engageable, e.window.map_or(0.0, |w| w.duration_s)))
}

/// Window durations of two solutions of the same launch–aim pair (each within 100 m of the aim) differ by the time
/// the threat takes to cover that difference near the window's edges: a few seconds at most.
fn windows_agree(a: f64, b: f64) -> bool {
    (a - b).abs() <= 3.0_f64.max(0.02 * a.max(b))
}

#[test]
fn every_sampled_grid_point_matches_an_independent_engagement() {
    let s = epaa_like::scenario("sm3-iia");
    let grid = Grid::new(&Region::new(30.0, -40.0, 66.0, 44.0).unwrap(), 2.0).unwrap();
    let f = run(&request(&s, aims_from_tabriz(), grid));
    let launch = Geodetic::from_degrees(TABRIZ.0, TABRIZ.1, 0.0);
    let c = f.counts();
    assert!(c[0] >= 10, "some engageable points: {c:?}");
    assert!(c[1] >= 10, "some unengageable points: {c:?}");
    assert!(c[2] >= 10, "some points beyond the IRBM's reach: {c:?}");
    let (mut compared, mut out_of_range_checked) = (0, 0);
    for (i, p) in f.points.iter().enumerate() {
        let (row, col) = (i / grid.cols, i % grid.cols);
        let aim = Geodetic::from_degrees(grid.lat_deg(row), grid.lon_deg(col), 0.0);
        match p.status {
            PointStatus::Engageable | PointStatus::NotEngageable
                if i % 7 == 0 || (p.window_s > 0.0 && p.window_s < 30.0) =>
            {
                let (engageable, window) = engage_one(&s, &launch, &aim).unwrap();
                let edge = p.window_s.min(window) < 3.0 && p.window_s.max(window) < 6.0;
                assert!(
                    edge || engageable == (p.status == PointStatus::Engageable),
                    "{aim:?}: footprint {p:?}, engage {engageable} {window}"
                );
                assert!(
                    windows_agree(p.window_s, window),
                    "{aim:?}: footprint {p:?}, engage window {window}"
                );
                assert_eq!(p.status == PointStatus::Engageable, p.window_s > 0.0);
                assert_eq!(p.status == PointStatus::Engageable, p.sites == 1);
                compared += 1;
            }
            PointStatus::OutOfRange if i % 5 == 0 && out_of_range_checked < 12 => {
                // Beyond the missile's full-burn reach in that exact direction (the pre-filter interpolates the
                // reach between azimuths 2° apart: allow 0.5 %).
                let m = &s.corridors[0].missiles[0];
                let t = Targeter::new(s.model.earth, &m.missile, s.model.drag);
                let az = s.model.earth.distance_azimuth(&launch, &aim).1;
                let (reach_m, _) = t.max_range(&launch, az).unwrap();
                assert!(
                    p.range_km > 0.995 * reach_m / 1000.0,
                    "{aim:?}: {p:?}, reach {reach_m} m"
                );
                out_of_range_checked += 1;
            }
            _ => {}
        }
    }
    assert!(compared >= 30, "compared {compared}");
    assert!(out_of_range_checked >= 5, "checked {out_of_range_checked}");
}

fn same_bits(a: &PointResult, b: &PointResult) -> bool {
    a.status == b.status
        && a.window_s.to_bits() == b.window_s.to_bits()
        && a.shots == b.shots
        && a.sites == b.sites
        && a.earliest_intercept_s.to_bits() == b.earliest_intercept_s.to_bits()
        && a.earliest_intercept_alt_km.to_bits() == b.earliest_intercept_alt_km.to_bits()
        && a.flight_time_s.to_bits() == b.flight_time_s.to_bits()
        && a.range_km.to_bits() == b.range_km.to_bits()
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let s = epaa_like::scenario("sm3-iia");
    let grid = Grid::new(&Region::new(36.0, 0.0, 58.0, 40.0).unwrap(), 4.0).unwrap();
    let r = request(&s, aims_from_tabriz(), grid);
    let with = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| run(&r))
    };
    let (one, two) = (with(1), with(2));
    assert_eq!(one.points.len(), grid.len());
    assert!(one.counts()[0] > 0);
    for (a, b) in one.points.iter().zip(&two.points) {
        assert!(same_bits(a, b), "{a:?} vs {b:?}");
    }
}

#[test]
fn aims_and_launches_maps_agree_on_a_shared_trajectory() {
    // Launch (38.5, 46.5) and aim (46.5, 24.5) are cell centres of both 1° grids below.
    let s = epaa_like::scenario("sm3-iia");
    let launch = Geodetic::from_degrees(38.5, 46.5, 0.0);
    let aim = Geodetic::from_degrees(46.5, 24.5, 0.0);
    let fwd_grid = Grid::new(&Region::new(44.0, 22.0, 49.0, 27.0).unwrap(), 1.0).unwrap();
    let fwd = run(&request(&s, Mode::Aims { launch }, fwd_grid));
    let rev_grid = Grid::new(&Region::new(36.0, 44.0, 41.0, 49.0).unwrap(), 1.0).unwrap();
    let rev = run(&request(&s, Mode::Launches { aim }, rev_grid));
    let a = fwd.at(2, 2);
    let b = rev.at(2, 2);
    assert_eq!((fwd_grid.lat_deg(2), fwd_grid.lon_deg(2)), (46.5, 24.5));
    assert_eq!((rev_grid.lat_deg(2), rev_grid.lon_deg(2)), (38.5, 46.5));
    assert!(a.status.evaluated() && b.status.evaluated(), "{a:?} {b:?}");
    assert_eq!(a.status, b.status);
    assert!(windows_agree(a.window_s, b.window_s), "{a:?} {b:?}");
    assert!((a.range_km - b.range_km).abs() < 1e-6);
    assert!((a.flight_time_s - b.flight_time_s).abs() < 1.0);
    // A launch point next to the defended site's radar-covered area is flown too; every launches-map point near Iran
    // is within the IRBM's reach of Romania.
    assert_eq!(rev.counts()[2], 0, "{:?}", rev.counts());
}

#[test]
fn a_region_polygon_limits_the_evaluated_points() {
    let s = epaa_like::scenario("sm3-iia");
    let grid = Grid::new(&Region::new(40.0, 10.0, 50.0, 30.0).unwrap(), 2.0).unwrap();
    let mut r = request(&s, aims_from_tabriz(), grid);
    // A triangle: its south-west half of the box.
    r.polygon = Some(vec![[40.0, 10.0], [50.0, 10.0], [40.0, 30.0]]);
    let f = run(&r);
    for (i, p) in f.points.iter().enumerate() {
        let (lat, lon) = (grid.lat_deg(i / grid.cols), grid.lon_deg(i % grid.cols));
        let inside = (lat - 40.0) / 10.0 + (lon - 10.0) / 20.0 < 1.0;
        assert_eq!(
            p.status == PointStatus::Outside,
            !inside,
            "{lat} {lon}: {p:?}"
        );
    }
    r.polygon = Some(vec![[40.0, 10.0], [50.0, 30.0], [40.0, 30.0], [50.0, 10.0]]);
    let e = footprint(
        &r,
        &InterceptorCache::new(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(e.to_string().contains("intersects itself"), "{e}");
    r.polygon = Some(vec![[40.1, 10.1], [40.2, 10.1], [40.1, 10.2]]);
    let e = footprint(
        &r,
        &InterceptorCache::new(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(matches!(e, FootprintError::EmptyRegion(_)), "{e}");
}

#[test]
fn cancelling_stops_with_cancelled() {
    let s = epaa_like::scenario("sm3-iia");
    let grid = Grid::new(&Region::GLOBAL, 10.0).unwrap();
    let e = footprint(
        &request(&s, aims_from_tabriz(), grid),
        &InterceptorCache::new(),
        &|_| {},
        &AtomicBool::new(true),
    )
    .unwrap_err();
    assert_eq!(e, FootprintError::Assess(AssessError::Cancelled));
}
