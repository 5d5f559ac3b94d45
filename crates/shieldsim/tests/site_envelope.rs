//! The per-site envelope on the rotating Earth against direct fly-outs: for a launch azimuth, a fine fan of fly-outs
//! flown on WGS 84 with rotation and J2 gives the earliest time it passes through each target (ground range,
//! altitude); the envelope's time to that exact Earth-fixed point must agree within 1 s inside the envelope (at the
//! interceptors' 3–8 km/s, 1 s is at most 8 km of reach, inside the 10 km).

mod common;

use common::generic_interceptor;
use std::sync::OnceLock;

use nalgebra::Vector3;
use rand::{rngs::SmallRng, Rng, SeedableRng};
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::dop853::Tolerances;
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::rocket::{boost, BoostControls, Missile};
use shieldsim::intercept::{InterceptorSpec, ReachTable, ReachTableSpec, SiteEnvelope, SiteFrame};

/// One fly-out's first crossing of a ground range: (altitude m, time s, Earth-fixed point).
type Crossing = (f64, f64, Vector3<f64>);

/// Earliest passage of a fan of `n` fly-outs launched at `azimuth_deg` through each (ground range, altitude) target,
/// by direct integration on `earth`: the time and the Earth-fixed point where it happens.
fn direct(
    earth: &EarthModel,
    m: &Missile,
    lat_deg: f64,
    azimuth_deg: f64,
    n: usize,
    t_max: f64,
    targets: &[(f64, f64)],
) -> Vec<Option<(f64, Vector3<f64>)>> {
    let site = Geodetic::from_degrees(lat_deg, 0.0, 0.0);
    let frame = SiteFrame::new(earth, &site);
    let radius = earth.ellipsoid().a_m;
    let dt = 0.5;
    let times: Vec<f64> = (0..=(t_max / dt) as usize).map(|i| i as f64 * dt).collect();
    let tol = Tolerances {
        rtol: 1e-10,
        atol: 1e-4,
        ..free_flight::default_tolerances()
    };
    let mut crossings: Vec<Vec<Option<Crossing>>> = Vec::new();
    for i in 0..n {
        let f = i as f64 / (n - 1) as f64;
        let kick = (0.1 + (85.0 - 0.1) * f * f).to_radians();
        let c = BoostControls {
            azimuth_rad: azimuth_deg.to_radians(),
            pitch_kick_rad: kick,
            cutoff_s: m.total_burn_time_s(),
        };
        let Ok((b, bs)) = boost(earth, &site, m, &c, true, tol, &times) else {
            continue;
        };
        let k = times.partition_point(|&t| t <= b.t_s);
        let o = FlightOptions {
            beta_kg_m2: Some(m.payload.beta_kg_m2),
            tolerances: tol,
            max_flight_time_s: t_max,
        };
        let fs = free_flight::sample_path(earth, b.t_s, b.r_eci, b.v_eci, &o, &times[k..]).unwrap();
        let path: Vec<(f64, f64, f64, Vector3<f64>)> = bs
            .iter()
            .chain(fs.iter())
            .map(|s| {
                let r = earth.eci_to_ecef(s.t_s, &s.r_eci);
                let (angle, _) = frame.locate(&r);
                (
                    radius * angle,
                    earth.ellipsoid().altitude_approx_m(&r),
                    s.t_s,
                    r,
                )
            })
            .collect();
        crossings.push(
            targets
                .iter()
                .map(|&(range, _)| {
                    path.windows(2)
                        .find(|w| w[0].0 <= range && w[1].0 > range)
                        .map(|w| {
                            let u = (range - w[0].0) / (w[1].0 - w[0].0);
                            (
                                w[0].1 + u * (w[1].1 - w[0].1),
                                w[0].2 + u * (w[1].2 - w[0].2),
                                w[0].3 + u * (w[1].3 - w[0].3),
                            )
                        })
                })
                .collect(),
        );
    }
    targets
        .iter()
        .enumerate()
        .map(|(j, &(_, h))| {
            let mut best: Option<(f64, Vector3<f64>)> = None;
            for w in crossings.windows(2) {
                if let (Some((h0, t0, p0)), Some((h1, t1, p1))) = (w[0][j], w[1][j]) {
                    if (h0 - h) * (h1 - h) <= 0.0 && h0 != h1 {
                        let u = (h - h0) / (h1 - h0);
                        let t = t0 + u * (t1 - t0);
                        if best.is_none_or(|(b, _)| t < b) {
                            best = Some((t, p0 + u * (p1 - p0)));
                        }
                    }
                }
            }
            best
        })
        .collect()
}

/// Compares the envelope with the direct fan at several launch azimuths; returns how many points were compared.
fn compare(
    earth: &EarthModel,
    m: &Missile,
    env: &SiteEnvelope,
    lat_deg: f64,
    t_max: f64,
    seed: u64,
    min_alt_m: f64,
) -> usize {
    let frame = SiteFrame::new(earth, &Geodetic::from_degrees(lat_deg, 0.0, 0.0));
    let cell = env.spacing_m().0;
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut compared = 0;
    let mut worst = 0.0f64;
    for azimuth in [0.0, 37.0, 90.0, 160.0, 200.0, 270.0, 300.0] {
        let targets: Vec<(f64, f64)> = (0..12)
            .map(|_| {
                (
                    rng.random_range(50e3..0.75 * env.max_range_m),
                    rng.random_range(min_alt_m..0.75 * env.max_altitude_m),
                )
            })
            .collect();
        for (&(r, h), d) in targets
            .iter()
            .zip(direct(earth, m, lat_deg, azimuth, 600, t_max, &targets))
        {
            let Some((td, p)) = d else { continue };
            let inside = [(-2.0, 0.0), (2.0, 0.0), (0.0, -2.0), (0.0, 2.0)]
                .iter()
                .all(|(a, b)| {
                    let q = p * ((p.norm() + b * cell) / p.norm());
                    // Two cells along the ground and in height: the point is well inside the envelope.
                    let along = nalgebra::Rotation3::from_axis_angle(
                        &nalgebra::Unit::new_normalize(frame.unit.cross(&q)),
                        a * cell / env.radius_m(),
                    ) * q;
                    env.time_to_reach_s(&frame, &along, h + b * cell).is_some()
                });
            if td > t_max - 10.0 || !inside {
                continue;
            }
            let Some(t) = env.time_to_reach_s(&frame, &p, h) else {
                panic!(
                    "azimuth {azimuth} deg, ({:.0} km, {:.0} km): reached directly in {td:.1} s, not in the envelope",
                    r / 1e3,
                    h / 1e3
                );
            };
            worst = worst.max((t - td).abs());
            assert!(
                (t - td).abs() < 1.0,
                "azimuth {azimuth} deg, ({:.0} km, {:.0} km): envelope {t:.2} s, direct {td:.2} s",
                r / 1e3,
                h / 1e3
            );
            compared += 1;
        }
    }
    println!("compared {compared} points, worst {worst:.2} s");
    compared
}

#[test]
fn the_envelope_matches_direct_fly_outs_on_the_rotating_earth() {
    let earth = EarthModel::default();
    let m = generic_interceptor();
    let spec = ReachTableSpec::for_flight_time(300.0);
    let bound = ReachTable::build(&m, &spec).unwrap();
    let lat = 54.47f64;
    let env = SiteEnvelope::build(&m, &spec, &earth, lat.to_radians(), 2000e3, &bound).unwrap();
    assert_eq!(env.bearings(), 24);
    assert!(compare(&earth, &m, &env, lat, 300.0, 11, 50e3) >= 40);
}

/// Latitude of Redzikowo, the 2007 third site, deg.
const REDZIKOWO_LAT_DEG: f64 = 54.47;

/// The two-stage GBI of the 2007 dispute (6.3 km/s, 1200 s fly-outs) at Redzikowo's latitude: its spec, its
/// non-rotating table and its site envelope (with the catalogue's ceiling), built once for the tests below.
fn gbi_at_redzikowo() -> &'static (InterceptorSpec, ReachTable, SiteEnvelope) {
    static BUILT: OnceLock<(InterceptorSpec, ReachTable, SiteEnvelope)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let catalog = shieldsim::catalog::Catalog::builtin().unwrap();
        let spec = catalog
            .interceptor("gbi-2stage")
            .unwrap()
            .to_spec()
            .unwrap();
        let table = ReachTable::build(&spec.rocket, &spec.reach_table_spec()).unwrap();
        let start = std::time::Instant::now();
        let env = SiteEnvelope::build(
            &spec.rocket,
            &spec.reach_table_spec(),
            &EarthModel::default(),
            REDZIKOWO_LAT_DEG.to_radians(),
            1.1 * spec.max_intercept_altitude_m + 50e3,
            &table,
        )
        .unwrap();
        println!(
            "GBI envelope: {} MB, cells {} km, built in {:.1} s",
            env.memory_bytes() / 1_000_000,
            env.spacing_m().0 / 1e3,
            start.elapsed().as_secs_f64()
        );
        (spec, table, env)
    })
}

/// The GBI at Redzikowo's latitude: the case where rotation matters most.
#[test]
fn the_gbi_envelope_matches_direct_fly_outs_on_the_rotating_earth() {
    let (spec, _, env) = gbi_at_redzikowo();
    // From the kill vehicle's lowest intercept altitude (100 km) up: lower down, inside the atmosphere, the fan's
    // flattest fly-outs are too far apart for 1 s.
    let compared = compare(
        &EarthModel::default(),
        &spec.rocket,
        env,
        REDZIKOWO_LAT_DEG,
        spec.max_flight_time_s,
        7,
        spec.min_intercept_altitude_m,
    );
    assert!(compared >= 40);
}

/// Rotation helps a fly-out to the east and hinders one to the west (in the Earth-fixed frame the Coriolis force
/// lifts an eastbound kill vehicle and presses a westbound one down, the Eötvös effect): at the same altitude and
/// fly-out time the envelope reaches farther east than the non-rotating table, and that farther than west.
#[test]
fn rotation_extends_the_reach_east_and_shortens_it_west() {
    let earth = EarthModel::default();
    let (_, table, env) = gbi_at_redzikowo();
    let lat = REDZIKOWO_LAT_DEG;
    let site = Geodetic::from_degrees(lat, 0.0, 0.0);
    let frame = SiteFrame::new(&earth, &site);
    let h = 500e3;
    let t = 1000.0;
    // The farthest ground range reached within t at height h along a bearing.
    let reach_along = |bearing_deg: f64| -> f64 {
        let mut best = 0.0;
        for i in 1..2000 {
            let range = i as f64 * 5e3;
            let p = shieldsim::earth::geodesic::direct(
                earth.ellipsoid(),
                &site,
                bearing_deg.to_radians(),
                range,
            );
            let r = earth.ellipsoid().to_ecef(&Geodetic { alt_m: h, ..p }).0;
            if env
                .time_to_reach_s(&frame, &r, h)
                .is_some_and(|tau| tau <= t)
            {
                best = range;
            }
        }
        best
    };
    let still = (1..2000)
        .map(|i| i as f64 * 5e3)
        .filter(|&r| table.time_to_reach_s(r, h).is_some_and(|tau| tau <= t))
        .fold(0.0, f64::max);
    let (east, west) = (reach_along(90.0), reach_along(270.0));
    println!(
        "reach in {t} s at {} km: east {:.0} km, non-rotating {:.0} km, west {:.0} km",
        h / 1e3,
        east / 1e3,
        still / 1e3,
        west / 1e3
    );
    assert!(east > still + 50e3 && still > west + 50e3);
}

/// A faster interceptor of the same design reaches every point a slower one reaches, no later. The case that broke
/// it: the two-stage GBI at Redzikowo swept from 8.6 to 9.2 km/s (the `sweep` of its burn-out speed). With a fixed
/// fan of pitch kicks, points low and near (Turkey at 100–200 km altitude) fell between the fan's flattest fly-outs
/// at some speeds and not at others, so the iran-europe share went 8, 11, 8 of 27 for 8.6, 8.8 and 9.0 km/s. The fan
/// is now refined where neighbouring fly-outs part (`site_envelope.rs`, `REFINE_CELLS`).
#[test]
fn a_faster_gbi_reaches_every_point_a_slower_one_reaches_no_later() {
    let catalog = shieldsim::catalog::Catalog::builtin().unwrap();
    let gbi = catalog
        .interceptor("gbi-2stage")
        .unwrap()
        .to_spec()
        .unwrap();
    let earth = EarthModel::default();
    let site = Geodetic::from_degrees(REDZIKOWO_LAT_DEG, 17.1, 0.0);
    let frame = SiteFrame::new(&earth, &site);
    // Towards Ankara, Incirlik and the Iranian launch areas; from the kill vehicle's lowest intercept altitude up.
    let places = [(42.0, 30.0), (39.0, 33.0), (37.0, 35.4), (38.0, 46.3)];
    let altitudes_km = [100.0, 150.0, 200.0, 300.0, 500.0];
    let times = |speed: f64| -> Vec<Option<f64>> {
        let spec = shieldsim::scenario::params::with_burnout_speed(&gbi, speed).unwrap();
        let table = ReachTable::build(&spec.rocket, &spec.reach_table_spec()).unwrap();
        let env = SiteEnvelope::build(
            &spec.rocket,
            &spec.reach_table_spec(),
            &earth,
            REDZIKOWO_LAT_DEG.to_radians(),
            1.1 * spec.max_intercept_altitude_m + 50e3,
            &table,
        )
        .unwrap();
        places
            .iter()
            .flat_map(|&(lat, lon)| altitudes_km.map(move |h| (lat, lon, h)))
            .map(|(lat, lon, h)| {
                let r = earth
                    .ellipsoid()
                    .to_ecef(&Geodetic::from_degrees(lat, lon, h * 1e3))
                    .0;
                env.time_to_reach_s(&frame, &r, h * 1e3)
            })
            .collect()
    };
    let speeds = [8000.0, 8600.0, 8800.0, 9000.0, 9200.0];
    let all: Vec<Vec<Option<f64>>> = speeds.iter().map(|&v| times(v)).collect();
    for (k, pair) in all.windows(2).enumerate() {
        for (i, (slow, fast)) in pair[0].iter().zip(&pair[1]).enumerate() {
            let (place, h) = (
                places[i / altitudes_km.len()],
                altitudes_km[i % altitudes_km.len()],
            );
            if let Some(slow) = slow {
                // Within the envelope's documented 1 s agreement with direct fly-outs.
                assert!(
                    fast.is_some_and(|fast| fast <= slow + 1.0),
                    "{place:?} at {h} km: {slow:.0} s at {} m/s but {fast:?} at {} m/s",
                    speeds[k],
                    speeds[k + 1]
                );
            }
        }
    }
    // And the low points are in reach at all (the test is not vacuous).
    assert!(
        all[0].iter().filter(|t| t.is_some()).count() >= 15,
        "{:?}",
        all[0]
    );
}
