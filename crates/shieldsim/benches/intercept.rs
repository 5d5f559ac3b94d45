//! Speed of the interception layer (README "Performance"): `cargo bench -p shieldsim --bench intercept`.

use criterion::{criterion_group, criterion_main, Criterion};
use shieldsim::flight::rocket::{DragCoefficient, Guidance, Missile, Payload, Stage};
use shieldsim::intercept::{ReachTable, ReachTableSpec};
use std::hint::black_box;

/// A generic two-stage interceptor (about 4.3 km/s; not a model of any real system).
fn generic_interceptor() -> Missile {
    let stage = |gross, prop, burn, isp| Stage {
        gross_mass_kg: gross,
        propellant_mass_kg: prop,
        burn_time_s: burn,
        isp_vac_s: isp,
        nozzle_exit_area_m2: 0.0,
        reference_area_m2: std::f64::consts::PI * 0.53 * 0.53 / 4.0,
        drag: DragCoefficient::Constant(0.3),
    };
    Missile {
        id: "generic-interceptor".into(),
        stages: vec![
            stage(900.0, 700.0, 8.0, 250.0),
            stage(350.0, 280.0, 20.0, 280.0),
        ],
        payload: Payload {
            mass_kg: 60.0,
            beta_kg_m2: 3000.0,
        },
        guidance: Guidance {
            vertical_rise_s: 2.0,
            pitch_kick_duration_s: 4.0,
        },
    }
}

fn benches(c: &mut Criterion) {
    let m = generic_interceptor();
    let spec = ReachTableSpec::for_flight_time(300.0);
    c.bench_function("reach_table_build_generic_interceptor_300s", |b| {
        b.iter(|| ReachTable::build(black_box(&m), &spec).unwrap())
    });
    let table = ReachTable::build(&m, &spec).unwrap();
    c.bench_function("reach_table_lookup", |b| {
        b.iter(|| table.time_to_reach_s(black_box(300e3), black_box(150e3)))
    });
}

criterion_group! {
    name = intercept;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(intercept);
