//! Speed of Monte Carlo studies (issue budget: 1,000 samples of one scenario ≤ 60 s on 2 cores):
//! `cargo bench -p shieldsim --bench uncertainty`.
//!
//! - `gbi_dispute_1000`: third-site-2007 with its built-in uncertainty, the two-stage GBI's burn-out speed uniform
//!   over 5.4–9 km/s: 1,000 samples and the tornado, every trajectory flown, every lattice value's reach table and
//!   site envelope built (about 72 of them). Each iteration starts from empty caches, as a user's run does.
//! - `defence_only_1000`: the same scenario with the decision delay and the forward radar's range uncertain instead
//!   (no interceptor rebuilt: re-engagement only).
//!
//! Ten iterations of about half a minute each: run it alone on the machine.

use std::sync::atomic::AtomicBool;

use criterion::{criterion_group, criterion_main, Criterion};
use shieldsim::analysis::params::ParamPath;
use shieldsim::analysis::{
    monte_carlo, AssessOptions, Caches, Distribution, MonteCarloRequest, TrajectoryCache,
    UncertainParam,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::load_builtin;

fn study(c: &mut Criterion) {
    let loaded = load_builtin("third-site-2007").unwrap().unwrap();
    let s = loaded.scenario;
    let dispute: Vec<UncertainParam> = loaded.uncertainties.into_iter().map(|u| u.param).collect();
    let param = |path: &str, dist: Distribution| UncertainParam {
        path: ParamPath::parse(path, &s).unwrap(),
        dist,
        source: "bench".into(),
    };
    let defence_only = vec![
        param(
            "rules.decision_delay_s",
            Distribution::Triangular {
                min: 10.0,
                mode: 30.0,
                max: 120.0,
            },
        ),
        param(
            "radars.forward-tpy2.range_km",
            Distribution::Uniform {
                min: 500.0,
                max: 1500.0,
            },
        ),
    ];
    let mut group = c.benchmark_group("monte_carlo");
    group.sample_size(10);
    for (name, params) in [
        ("gbi_dispute_1000", dispute),
        ("defence_only_1000", defence_only),
    ] {
        let request = MonteCarloRequest {
            params,
            samples: 1000,
            seed: 1,
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
                let options = AssessOptions::default();
                let caches = Caches {
                    interceptors: &i,
                    trajectories: &t,
                    options: &options,
                };
                monte_carlo(&s, &request, &caches, &|_, _| {}, &AtomicBool::new(false)).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, study);
criterion_main!(benches);
