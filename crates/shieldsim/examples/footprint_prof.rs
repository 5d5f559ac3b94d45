//! Profiling aid for footprints: an aims map of the `epaa-phase3-2018` architecture against a missile launched from
//! Semnan, over the globe at a given spacing.
//! `cargo run --release -p shieldsim --example footprint_prof -- [SPACING_DEG] [MISSILE]` (defaults 1, irbm-solid);
//! under a profiler, the same with `--profile profiling` (release code with line tables, in `target/profiling/`).

use shieldsim::analysis::{footprint, FootprintRequest, Grid, Mode, PointStatus, Region};
use shieldsim::earth::Geodetic;
use shieldsim::flight::targeting::Accuracy;
use shieldsim::flight::Shape;
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::load_builtin;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let spacing: f64 = args.get(1).map_or(1.0, |s| s.parse().unwrap());
    let missile_id = args.get(2).map_or("irbm-solid", |s| s.as_str());
    let loaded = load_builtin("epaa-phase3-2018").unwrap().unwrap();
    let scenario = &loaded.scenario;
    let missile = scenario
        .corridors
        .iter()
        .flat_map(|c| c.missiles.iter())
        .find(|m| m.id == missile_id)
        .cloned()
        .unwrap_or_else(|| {
            let catalog = shieldsim::catalog::Catalog::builtin().unwrap();
            let e = catalog.missile(missile_id).unwrap();
            shieldsim::scenario::ThreatMissile {
                id: missile_id.into(),
                missile: e.to_missile().unwrap(),
                signature: e.signature(),
            }
        });
    let request = FootprintRequest {
        scenario,
        missile: &missile,
        shape: Shape::MinEnergy,
        shape_name: "min-energy".into(),
        mode: Mode::Aims {
            launch: Geodetic::from_degrees(35.2347, 53.9208, 0.0),
        },
        grid: Grid::new(&Region::GLOBAL, spacing).unwrap(),
        polygon: None,
        accuracy: Accuracy::SURVEY,
    };
    let cache = InterceptorCache::new();
    let t0 = Instant::now();
    let f = footprint(&request, &cache, &|_| {}, &AtomicBool::new(false)).unwrap();
    let c = f.counts();
    println!(
        "{} points in {:.2} s: engageable {}, not {}, out of range {}, failed {}",
        f.points.len(),
        t0.elapsed().as_secs_f64(),
        c[PointStatus::Engageable as usize],
        c[PointStatus::NotEngageable as usize],
        c[PointStatus::OutOfRange as usize],
        c[PointStatus::Failed as usize]
    );
    if std::env::var("FAILED").is_ok() {
        let mut h = std::collections::BTreeMap::new();
        for p in &f.points {
            if p.status == PointStatus::Failed {
                *h.entry((p.range_km / 1000.0) as i32).or_insert(0) += 1;
            }
        }
        println!("failed by 1000 km of range: {h:?}");
        for (i, p) in f.points.iter().enumerate() {
            if p.status == PointStatus::Failed {
                let g = &f.grid;
                println!(
                    "failed at {},{} ({:.0} km)",
                    g.lat_deg(i / g.cols),
                    g.lon_deg(i % g.cols),
                    p.range_km
                );
            }
        }
    }
}
