//! Speed of the interception layer (README "Performance"): `cargo bench -p shieldsim --bench intercept`.

#[path = "../tests/common/mod.rs"]
mod common;

use common::generic_interceptor;
use criterion::{criterion_group, criterion_main, Criterion};
use shieldsim::intercept::{ReachTable, ReachTableSpec};
use std::hint::black_box;

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
