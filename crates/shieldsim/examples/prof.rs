//! Cost and accuracy of a boost-plus-re-entry simulation versus integrator tolerance:
//! `cargo run --release -p shieldsim --example prof`.
use shieldsim::catalog::Catalog;
use shieldsim::earth::{geodesic, EarthModel, Geodetic};
use shieldsim::flight::dop853::Tolerances;
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::{free_flight, rocket::boost, FreeFlight, Shape};
use std::time::Instant;

fn main() {
    let mut m = Catalog::builtin()
        .unwrap()
        .missile("icbm-solid-3")
        .unwrap()
        .to_missile()
        .unwrap();
    if std::env::var_os("CONST_CD").is_some() {
        for st in &mut m.stages {
            st.drag = shieldsim::flight::rocket::DragCoefficient::Constant(0.3);
        }
    }
    if std::env::var_os("NO_NOZZLE").is_some() {
        for st in &mut m.stages {
            st.nozzle_exit_area_m2 = 0.0;
        }
    }
    let earth = EarthModel::default();
    let t = Targeter::new(earth, &m, true);
    let launch = Geodetic::from_degrees(54.03, 35.78, 0.0);
    let aim = Geodetic::from_degrees(38.9, -77.0, 0.0);
    let s = t.solve(&launch, &aim, Shape::MinEnergy, None).unwrap();
    let run = |rtol: f64, atol: f64| -> (FreeFlight, usize) {
        let tol = Tolerances {
            rtol,
            atol,
            ..free_flight::default_tolerances()
        };
        let (b, _) = boost(&earth, &launch, &m, &s.controls, true, tol, &[]).unwrap();
        let o = free_flight::FlightOptions {
            beta_kg_m2: Some(m.payload.beta_kg_m2),
            tolerances: tol,
            ..Default::default()
        };
        let f = free_flight::fly(&earth, b.t_s, b.r_eci, b.v_eci, &o, &[]).unwrap();
        (f, b.stats.evaluations)
    };
    let (reference, _) = run(1e-13, 1e-9);
    println!("rtol    atol    time/sim    boost evaluations  free-flight steps  impact error (m)");
    for (rtol, atol) in [
        (1e-10, 1e-6),
        (1e-10, 1e-4),
        (1e-10, 1e-3),
        (1e-11, 1e-3),
        (1e-11, 1e-2),
        (1e-9, 1e-3),
    ] {
        let n = 100;
        let t0 = Instant::now();
        let (mut f, mut evals) = run(rtol, atol);
        for _ in 1..n {
            (f, evals) = run(rtol, atol);
        }
        let err = geodesic::inverse(earth.ellipsoid(), &f.impact, &reference.impact).0;
        println!(
            "{rtol:<7.0e} {atol:<7.0e} {:<11.1?} {evals:<18} {:<18} {err:.3}",
            t0.elapsed() / n,
            f.steps
        );
    }
}
