//! Speed of the assurance studies against the budgets of the README's "Performance" section, each from cold caches
//! (every trajectory flown, every interceptor type built), as the command line runs them:
//! `cargo bench -p shieldsim --bench studies`.
//!
//! - `sweep/default-20-gbi-speeds`: the default assessment (all built-in scenarios) plus a 20-value sweep of the
//!   two-stage GBI's burn-out speed (5.4 to 9.2 km/s) in the one scenario fielding it (budget 10 s on 2 cores).
//! - `limits/one-parameter`: the flip point of the same speed for third-site-2007, stated Iran corridors against
//!   russia-us (budget 30 s).
//! - `sweep/one-gbi-speed`: the cost of one more value in that sweep, the threats already flown: the speed set (the
//!   secant on the boosts), the new rocket's reach table and Redzikowo envelope, and the scenario re-engaged. Each
//!   iteration sets a new speed (6,000 m/s and up by 0.37 m/s), so nothing of the value is remembered.
//! - `sweep/one-gbi-speed-reach`: its reach part alone (speed set, table flown, envelope built).

use std::sync::atomic::AtomicBool;

use criterion::{criterion_group, criterion_main, Criterion};
use shieldsim::analysis::params::{with_burnout_speed, ParamPath};
use shieldsim::analysis::{
    assess, limits, sweep, AssessOptions, Axis, Caches, Candidate, LimitsRequest, TrajectoryCache,
};
use shieldsim::intercept::{Interceptor, InterceptorCache};
use shieldsim::scenario::builtin_scenarios;

const PATH: &str = "interceptors.gbi-2stage.burnout_speed_mps";

fn studies(c: &mut Criterion) {
    let scenarios: Vec<_> = builtin_scenarios()
        .unwrap()
        .into_iter()
        .map(|l| l.scenario)
        .collect();
    let third = scenarios
        .iter()
        .find(|s| s.name == "third-site-2007")
        .unwrap()
        .clone();
    let options = AssessOptions::default();
    let cancel = AtomicBool::new(false);
    let mut g = c.benchmark_group("studies");
    g.sample_size(10);
    g.bench_function("sweep/default-20-gbi-speeds", |b| {
        b.iter(|| {
            let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
            for s in &scenarios {
                assess(s, &i, &t, &options, &|_| {}, &cancel).unwrap();
            }
            let values = (0..20).map(|k| 5400.0 + 200.0 * f64::from(k)).collect();
            let axis = Axis::new(ParamPath::parse(PATH, &third).unwrap(), values, &third).unwrap();
            sweep(&third, &[axis], &i, &t, &options, &|_, _| {}, &cancel).unwrap()
        })
    });
    let t = TrajectoryCache::new();
    let path = ParamPath::parse(PATH, &third).unwrap();
    let mut next = 6000.0;
    let mut value = || {
        next += 0.37;
        next
    };
    // The threats flown once, as a sweep does before its values.
    let axis = Axis::new(path.clone(), vec![value()], &third).unwrap();
    let i = InterceptorCache::new();
    sweep(&third, &[axis], &i, &t, &options, &|_, _| {}, &cancel).unwrap();
    g.bench_function("sweep/one-gbi-speed", |b| {
        b.iter(|| {
            let axis = Axis::new(path.clone(), vec![value()], &third).unwrap();
            sweep(&third, &[axis], &i, &t, &options, &|_, _| {}, &cancel).unwrap()
        })
    });
    let site = third
        .architecture
        .sites
        .iter()
        .find(|s| s.name == "redzikowo")
        .unwrap();
    let (gbi, redzikowo) = (site.interceptor.clone(), site.position.lat_rad);
    g.bench_function("sweep/one-gbi-speed-reach", |b| {
        b.iter(|| {
            let spec = with_burnout_speed(&gbi, value()).unwrap();
            let interceptor = Interceptor::new(spec).unwrap();
            interceptor
                .envelope(&third.model.earth, redzikowo)
                .unwrap()
                .memory_bytes()
        })
    });
    g.bench_function("limits/one-parameter", |b| {
        b.iter(|| {
            let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
            let caches = Caches {
                interceptors: &i,
                trajectories: &t,
                options: &options,
            };
            let request = LimitsRequest::new(
                vec!["iran-europe".into(), "iran-us-east-coast".into()],
                vec!["russia-us".into()],
                0.7,
                0.0,
            );
            let candidate = Candidate {
                path: ParamPath::parse(PATH, &third).unwrap(),
                from: 5000.0,
                to: 9000.0,
                capability_increases: Some(true),
                subject: "every gbi-2stage's burn-out speed".into(),
            };
            limits(&third, &request, &[candidate], &caches, &|_, _| {}, &cancel).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, studies);
criterion_main!(benches);
