//! Profiling aid for one engagement evaluation: an ICBM from Iran to Washington against two-stage GBIs at
//! Redzikowo with three radars (the heavier case of `benches/intercept.rs`), evaluated in a loop.
//! `cargo run --release -p shieldsim --example engage_prof`; to see where the time goes, build it with line tables
//! (`cargo build --profile profiling -p shieldsim --example engage_prof`) and run
//! `target/profiling/examples/engage_prof` under `perf record` or `valgrind --tool=callgrind
//! --toggle-collect='*engagement::engage_with_memo'` (the envelope is built before). `N=1000` sets the count;
//! `MEMO=1` re-engages through an `EngagementMemo` with a new decision delay each time.

use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::{SampledTrajectory, Shape};
use shieldsim::intercept::{engage, Architecture, InterceptorSite, LaunchRule, LinkKind};
use shieldsim::sensors::EarlyWarning;
use std::time::Instant;

fn main() {
    let earth = EarthModel::default();
    let catalog = Catalog::builtin().unwrap();
    let semnan = Geodetic::from_degrees(35.2347, 53.9208, 0.0);
    let aim = Geodetic::from_degrees(38.9072, -77.0369, 0.0);
    let entry = catalog.missile("icbm-liquid").unwrap();
    let m = entry.to_missile().unwrap();
    let targeter = Targeter::new(earth, &m, true);
    let sol = targeter
        .solve(&semnan, &aim, Shape::MinEnergy, None)
        .unwrap();
    let path =
        SampledTrajectory::of_flight(&targeter, &semnan, &sol.controls, sol.flight.impact_t_s)
            .unwrap();
    let radars = [
        ("an-tpy-2", Geodetic::from_degrees(38.3494, 37.7936, 2085.0)),
        ("emr-brdy", Geodetic::from_degrees(49.63, 13.73, 700.0)),
        (
            "uewr-fylingdales",
            Geodetic::from_degrees(54.361, -0.67, 0.0),
        ),
    ];
    let mut arch = Architecture {
        radars: radars
            .iter()
            .map(|(id, at)| {
                let boresight = earth.distance_azimuth(at, &semnan).1;
                catalog.radar(id).unwrap().to_radar(*at, boresight).unwrap()
            })
            .collect(),
        early_warning: Some(EarlyWarning::default()),
        sites: vec![InterceptorSite {
            name: "redzikowo".into(),
            position: Geodetic::from_degrees(54.4728, 17.1231, 0.0),
            interceptor: catalog
                .interceptor("gbi-2stage")
                .unwrap()
                .to_interceptor()
                .unwrap(),
            launch_rule: LaunchRule::Track,
        }],
        decision_delay_s: 30.0,
        roles: vec![],
        links: vec![],
    };
    arch.links
        .push(arch.link_everything("remote", LinkKind::EngageOnRemote));
    // The site envelope is built here, once, so that a profile of `engage` (valgrind --tool=callgrind
    // --toggle-collect='*engagement::engage') sees the engagements alone.
    arch.prepare_envelopes(&earth).unwrap();
    let e = engage(&earth, &arch, &path, entry.signature()).unwrap();
    println!("samples {}: {}", path.times_s().len(), e.reason);
    for r in &e.radars {
        println!(
            "  {} cue {:?} detect {:?} track {:?}",
            r.radar, r.cue_s, r.first_detect_s, r.track_s
        );
    }
    if let Some(w) = &e.window {
        println!("  intervals {:?}", w.intervals);
        println!("  earliest {:?}\n  latest {:?}", w.earliest, w.latest);
    }
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5000);
    // MEMO=1: re-engage through an EngagementMemo with a new decision delay each time (a sweep's re-evaluation).
    let memo = std::env::var("MEMO").is_ok_and(|v| v == "1");
    let mut kept = shieldsim::intercept::EngagementMemo::new();
    let t0 = Instant::now();
    for k in 0..n {
        if memo {
            arch.decision_delay_s = 0.06 * f64::from(k % 1000);
            std::hint::black_box(
                shieldsim::intercept::engage_with_memo(
                    &earth,
                    &arch,
                    &path,
                    entry.signature(),
                    &mut kept,
                )
                .unwrap(),
            );
        } else {
            std::hint::black_box(engage(&earth, &arch, &path, entry.signature()).unwrap());
        }
    }
    println!(
        "{:?} per engagement{}",
        t0.elapsed() / n,
        if memo {
            " (re-engaged through a memo, decision delay changed)"
        } else {
            ""
        }
    );
}
