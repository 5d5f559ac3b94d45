//! Checks surrogate targeting against full simulations: `cargo run --release --example surrogate_check`.
use shieldsim::catalog::Catalog;
use shieldsim::earth::{geodesic, EarthModel, Geodetic};
use shieldsim::flight::targeting::{Accuracy, Targeter};
use shieldsim::flight::{SampledTrajectory, Shape};
use std::time::Instant;

fn main() {
    let earth = EarthModel::default();
    let cat = Catalog::builtin().unwrap();
    for (id, lat, lon) in [
        ("irbm-solid", 35.2347, 53.9208),
        ("icbm-solid-3", 54.03, 35.78),
        ("icbm-liquid", 54.03, 35.78),
    ] {
        let m = cat.missile(id).unwrap().to_missile().unwrap();
        let launch = Geodetic::from_degrees(lat, lon, 0.0);
        let tight = Accuracy {
            miss_tolerance_m: 1.0,
            tolerances: shieldsim::flight::dop853::Tolerances {
                rtol: 1e-12,
                atol: 1e-6,
                max_step: f64::INFINITY,
                max_steps: 400_000,
            },
        };
        let truth = Targeter::new(earth, &m, true)
            .with_boost_surrogate(false)
            .with_accuracy(tight);
        for acc in [Accuracy::SURVEY, Accuracy::PRECISE] {
            let t = Targeter::new(earth, &m, true).with_accuracy(acc);
            let mut worst: f64 = 0.0;
            let mut worst_path: f64 = 0.0;
            let mut n = 0;
            let start = Instant::now();
            let mut warm: Option<u8> = None;
            let mut fallback = 0;
            for i in 0..40 {
                let az = (i as f64 * 37.0 + 5.0).to_radians();
                let frac = 0.2 + 0.75 * ((i * 7 % 11) as f64 / 10.0);
                let (reach, _) = truth.max_range(&launch, az).unwrap();
                let aim = geodesic::direct(earth.ellipsoid(), &launch, az, frac * reach);
                let sol = match t.solve(&launch, &aim, Shape::MinEnergy, None) {
                    Ok(s) => s,
                    Err(e) => {
                        println!("  {id} {i}: {e}");
                        continue;
                    }
                };
                if sol.simulations > 0 {
                    fallback += 1;
                    if fallback < 4 {
                        println!("   full sims {} ff {} controls az {:.3} kick {:.4} tc {:.3}", sol.simulations, sol.free_flights, sol.controls.azimuth_rad.to_degrees(), sol.controls.pitch_kick_rad.to_degrees(), sol.controls.cutoff_s);
                    }
                }
                let full = truth.fly(&launch, &sol.controls, &[]).unwrap();
                let miss = geodesic::inverse(earth.ellipsoid(), &full.flight.impact, &aim).0;
                worst = worst.max(miss);
                // sampled path vs flown again
                let a = SampledTrajectory::of_solution(&t, &launch, &sol).unwrap();
                let b = SampledTrajectory::of_flight(&truth, &launch, &sol.controls, sol.flight.impact_t_s).unwrap();
                for k in 0..200 {
                    let tt = a.impact_t_s() * k as f64 / 200.0;
                    worst_path = worst_path.max((a.position_at(tt) - b.position_at(tt)).norm());
                }
                n += 1;
                let _ = &mut warm;
            }
            println!(
                "{id} tol {} m: {n} solved (cold, {fallback} used full sims), worst true miss {worst:.2} m, worst path diff {worst_path:.2} m, {:.2} ms",
                acc.miss_tolerance_m,
                start.elapsed().as_secs_f64() * 1e3
            );
        }
    }
}
