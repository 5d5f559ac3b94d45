//! Monte Carlo uncertainty against independent truth: sampled quantiles against the distributions' closed forms,
//! a step of a corridor's engageable count against the uniform distribution function, zero-width distributions
//! against the plain assessment, the tornado's signs against the parameters' known monotonicity, and the same
//! results whatever the number of threads.

use std::sync::atomic::AtomicBool;

use shieldsim::analysis::params::ParamPath;
use shieldsim::analysis::uncertainty::normal_quantile;
use shieldsim::analysis::{
    assess, monte_carlo, sweep, AssessOptions, Axis, Caches, Distribution, MonteCarlo,
    MonteCarloRequest, TrajectoryCache, UncertainParam,
};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::{load_builtin, Scenario};

fn scenario(name: &str) -> Scenario {
    load_builtin(name).unwrap().unwrap().scenario
}

fn param(s: &Scenario, path: &str, dist: Distribution) -> UncertainParam {
    UncertainParam {
        path: ParamPath::parse(path, s).unwrap(),
        dist,
        source: "test".into(),
    }
}

fn run(
    s: &Scenario,
    params: Vec<UncertainParam>,
    samples: usize,
    seed: u64,
    i: &InterceptorCache,
    t: &TrajectoryCache,
) -> MonteCarlo {
    let options = AssessOptions::default();
    let caches = Caches {
        interceptors: i,
        trajectories: t,
        options: &options,
    };
    monte_carlo(
        s,
        &MonteCarloRequest {
            params,
            samples,
            seed,
        },
        &caches,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn corridor(mc: &MonteCarlo, name: &str) -> usize {
    mc.bands.iter().position(|b| b.corridor == name).unwrap()
}

/// The sample p-quantile of `xs` (type 7).
fn sample_quantile(xs: &mut [f64], p: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    shieldsim::analysis::percentile(xs, p).unwrap()
}

#[test]
fn sampled_quantiles_match_each_distribution_in_closed_form() {
    let s = scenario("third-site-2007");
    let n = 20_000u64;
    // (distribution, its density and closed-form quantile at p)
    type Closed = Box<dyn Fn(f64) -> (f64, f64)>;
    let cases: Vec<(Distribution, Closed)> = vec![
        (
            Distribution::Uniform {
                min: 10.0,
                max: 70.0,
            },
            Box::new(|p| (10.0 + 60.0 * p, 1.0 / 60.0)),
        ),
        (
            // Triangular on [0, 120], mode 30: F(30) = 1/4; below the mode x = √(p · 120 · 30), above
            // x = 120 − √((1 − p) · 120 · 90); density 2(x − a)/((b − a)(c − a)) or 2(b − x)/((b − a)(b − c)).
            Distribution::Triangular {
                min: 0.0,
                mode: 30.0,
                max: 120.0,
            },
            Box::new(|p| {
                if p <= 0.25 {
                    let x = (p * 120.0 * 30.0).sqrt();
                    (x, 2.0 * x / (120.0 * 30.0))
                } else {
                    let x = 120.0 - ((1.0 - p) * 120.0 * 90.0).sqrt();
                    (x, 2.0 * (120.0 - x) / (120.0 * 90.0))
                }
            }),
        ),
        (
            // Normal, mean 45, sd 10: x = 45 + 10 z_p, z_0.95 = 1.6448536... (tabulated).
            Distribution::Normal {
                mean: 45.0,
                sd: 10.0,
                min: None,
                max: None,
            },
            Box::new(|p| {
                let z: f64 = [
                    (0.05, -1.6448536269514722),
                    (0.5, 0.0),
                    (0.95, 1.6448536269514722),
                ]
                .iter()
                .find(|(q, _)| *q == p)
                .unwrap()
                .1;
                let density = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt() / 10.0;
                (45.0 + 10.0 * z, density)
            }),
        ),
    ];
    for (dist, closed) in cases {
        let u = param(&s, "rules.decision_delay_s", dist);
        let mut xs: Vec<f64> = (0..n).map(|i| u.draw(2024, i)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        for p in [0.05, 0.5, 0.95] {
            let (x, density) = closed(p);
            // Standard error of a sample quantile: √(p(1 − p)/n) / f(x_p).
            let se = (p * (1.0 - p) / n as f64).sqrt() / density;
            let got = sample_quantile(&mut xs, p);
            assert!(
                (got - x).abs() < 4.0 * se,
                "{dist}: P{}: {got} vs {x} (se {se})",
                p * 100.0
            );
        }
        let expected_mean = match dist {
            Distribution::Uniform { min, max } => 0.5 * (min + max),
            Distribution::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Distribution::Normal { mean, .. } => mean,
        };
        assert!((mean - expected_mean).abs() < 0.5, "{dist}: mean {mean}");
    }
    // The sampler and the quantile function agree with AS 241 directly.
    assert!((normal_quantile(0.95) - 1.6448536269514722).abs() < 1e-14);
}

#[test]
fn a_delay_step_is_crossed_by_the_share_of_samples_the_uniform_distribution_predicts() {
    let s = scenario("third-site-2007");
    let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
    let path = ParamPath::parse("rules.decision_delay_s", &s).unwrap();
    let engaged = |values: Vec<f64>| -> Vec<(f64, usize)> {
        let axis = Axis::new(path.clone(), values, &s).unwrap();
        let sw = sweep(
            &s,
            &[axis],
            &i,
            &t,
            &AssessOptions::default(),
            &|_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        sw.points
            .iter()
            .map(|p| {
                let c = p
                    .assessment
                    .corridors
                    .iter()
                    .find(|c| c.corridor == "russia-us")
                    .unwrap();
                (p.values[0], c.engageable)
            })
            .collect()
    };
    // The step where russia-us loses its last engageable trajectory, from a sweep (1 s, then 0.01 s).
    let (a, b) = (60.0, 100.0);
    let coarse = engaged((0..=40).map(|k| a + k as f64).collect());
    assert_eq!(
        coarse[0].1, 1,
        "one trajectory engageable at {a} s: {coarse:?}"
    );
    assert_eq!(coarse[40].1, 0, "none at {b} s: {coarse:?}");
    assert!(
        coarse.windows(2).all(|w| w[0].1 >= w[1].1),
        "a longer delay never engages more: {coarse:?}"
    );
    let last_one = coarse.iter().rev().find(|(_, n)| *n == 1).unwrap().0;
    let fine = engaged((0..=100).map(|k| last_one + k as f64 / 100.0).collect());
    let step = fine.iter().find(|(_, n)| *n == 0).unwrap().0;
    // Uniform over [a, b]: P(delay ≥ step) = (b − step) / (b − a).
    let expected = (b - step) / (b - a);
    let n = 400;
    let mc = run(
        &s,
        vec![param(
            &s,
            "rules.decision_delay_s",
            Distribution::Uniform { min: a, max: b },
        )],
        n,
        7,
        &i,
        &t,
    );
    let k = corridor(&mc, "russia-us");
    let beyond = mc
        .draws
        .iter()
        .filter(|d| d.corridors[k].engageable == 0)
        .count() as f64
        / n as f64;
    let sigma = (expected * (1.0 - expected) / n as f64).sqrt();
    assert!(
        (beyond - expected).abs() < 4.0 * sigma + 0.01 / (b - a),
        "step at {step} s: {beyond} of the samples beyond it, expected {expected} ± {sigma}"
    );
    // And sample by sample: the count is 0 exactly when the delay is past the step (within the sweep's 0.01 s).
    for d in &mc.draws {
        let delay = d.used[0];
        if (delay - step).abs() > 0.01 {
            assert_eq!(
                d.corridors[k].engageable == 0,
                delay >= step,
                "{delay} s (step {step} s)"
            );
        }
    }
    assert_eq!(mc.builds, 0, "a delay needs no interceptor build");
}

#[test]
fn zero_width_distributions_give_zero_width_bands_at_the_plain_assessment() {
    let s = scenario("third-site-2007");
    let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
    let plain = assess(
        &s,
        &i,
        &t,
        &AssessOptions::default(),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let speed = ParamPath::parse("interceptors.gbi-2stage.burnout_speed_mps", &s).unwrap();
    let v = speed.value(&s).unwrap();
    let delay = s.architecture.decision_delay_s;
    let params = vec![
        // Narrower than half a lattice step around the scenario's value: every sample on it.
        param(
            &s,
            "interceptors.gbi-2stage.burnout_speed_mps",
            Distribution::Uniform {
                min: v - 1.0,
                max: v + 1.0,
            },
        ),
        param(
            &s,
            "rules.decision_delay_s",
            Distribution::Uniform {
                min: delay - 1e-9,
                max: delay + 1e-9,
            },
        ),
    ];
    let mc = run(&s, params, 30, 3, &i, &t);
    assert_eq!(mc.builds, 0, "the scenario's own interceptor, built once");
    assert!(mc.draws.iter().all(|d| d.used[0] == v));
    for (band, c) in mc.bands.iter().zip(&plain.corridors) {
        let share = band.share.unwrap();
        let expected = c.engageable_share.unwrap();
        assert_eq!(
            (share.p5, share.p50, share.p95, share.samples),
            (expected, expected, expected, 30),
            "{}",
            c.corridor
        );
        assert!((share.mean - expected).abs() < 1e-12);
        assert_eq!(band.nominal.engageable, c.engageable);
        match (band.window_p50_s, c.window_s) {
            (Some(w), Some(p)) => assert_eq!((w.p5, w.p95), (p.p50, p.p50)),
            (None, None) => {}
            other => panic!("{}: {other:?}", c.corridor),
        }
    }
}

#[test]
fn the_tornado_moves_with_the_parameters_known_direction_and_the_lattice_holds() {
    let s = scenario("third-site-2007");
    let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
    let params = vec![
        param(
            &s,
            "rules.decision_delay_s",
            Distribution::Uniform {
                min: 0.0,
                max: 150.0,
            },
        ),
        param(
            &s,
            "interceptors.gbi-2stage.burnout_speed_mps",
            Distribution::Triangular {
                min: 5400.0,
                mode: 6300.0,
                max: 9000.0,
            },
        ),
    ];
    let mc = run(&s, params, 6, 11, &i, &t);
    let nominal_speed = mc.params[1].nominal;
    let step = mc.params[1].lattice_step.unwrap();
    assert_eq!(step, 50.0);
    for d in &mc.draws {
        let k = (d.used[1] - nominal_speed) / step;
        assert!(
            (k - k.round()).abs() < 1e-9,
            "{} is on the lattice",
            d.used[1]
        );
        assert!((d.used[1] - d.drawn[1]).abs() <= step / 2.0 + 1e-9);
        assert_eq!(d.used[0], d.drawn[0], "a delay is evaluated as drawn");
    }
    assert!(
        mc.builds <= 6 + 2,
        "at most one build per sample and tornado end"
    );
    let mut strictly = (false, false);
    for c in &mc.tornado {
        let by = |j: usize| c.entries.iter().find(|e| e.param == j).unwrap();
        let (delay, speed) = (by(0), by(1));
        // A faster interceptor never engages less; a later launch decision never engages more.
        assert!(speed.signed_swing >= 0.0, "{}: {speed:?}", c.corridor);
        assert!(delay.signed_swing <= 0.0, "{}: {delay:?}", c.corridor);
        strictly.0 |= speed.signed_swing > 0.0;
        strictly.1 |= delay.signed_swing < 0.0;
        assert!(
            c.entries[0].swing() >= c.entries[1].swing(),
            "sorted by swing"
        );
        assert_eq!((delay.low_value, delay.high_value), (7.5, 142.5));
    }
    assert!(strictly.0 && strictly.1, "{:?}", mc.tornado);
}

#[test]
fn the_same_seed_gives_the_same_study_whatever_the_number_of_threads() {
    let s = scenario("epaa-phase1-2011");
    let params = |s: &Scenario| {
        vec![
            param(
                s,
                "rules.decision_delay_s",
                Distribution::Normal {
                    mean: 30.0,
                    sd: 15.0,
                    min: Some(0.0),
                    max: None,
                },
            ),
            param(
                s,
                "radars.kurecik-tpy2.range_km",
                Distribution::Triangular {
                    min: 500.0,
                    mode: 1000.0,
                    max: 1500.0,
                },
            ),
        ]
    };
    let study = |threads: usize, seed: u64| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let (i, t) = (InterceptorCache::new(), TrajectoryCache::new());
                run(&s, params(&s), 40, seed, &i, &t)
            })
    };
    let one = study(1, 5);
    assert_eq!(one, study(2, 5));
    assert_ne!(one.draws, study(2, 6).draws, "another seed, other draws");
}

/// A small valid scenario file with `extra` appended.
fn file(extra: &str) -> String {
    format!(
        r#"[scenario]
name = "minimal"
title = "Minimal"
sources = ["test"]

[architecture]

[[architecture.radar]]
name = "kurecik"
type = "an-tpy-2"
lat_deg = 38.35
lon_deg = 37.79

[[architecture.site]]
name = "deveselu"
interceptor = "sm3-ib"
lat_deg = 44.08
lon_deg = 24.38

[[corridor]]
name = "c"
missiles = ["shahab-3"]

  [[corridor.launch]]
  name = "tabriz"
  lat_deg = 38.07
  lon_deg = 46.30

  [[corridor.aim]]
  name = "berlin"
  lat_deg = 52.52
  lon_deg = 13.40
{extra}"#
    )
}

#[test]
fn uncertainty_tables_load_with_their_location() {
    let text = file(
        r#"
[[uncertainty]]
path = "interceptors.sm3-ib.burnout_speed_mps"
distribution = "triangular"
min = 2700.0
mode = 3000.0
max = 3500.0
source = "illustrative"

[[uncertainty]]
path = "rules.decision_delay_s"
distribution = "normal"
mean = 30.0
sd = 10.0
min = 0.0
source = "generic"
"#,
    );
    let l =
        shieldsim::scenario::parse_scenario_full(&text, "f.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.uncertainties.len(), 2);
    let u = &l.uncertainties[0];
    assert_eq!(
        u.param.path.as_str(),
        "interceptors.sm3-ib.burnout_speed_mps"
    );
    assert_eq!(
        u.param.dist,
        Distribution::Triangular {
            min: 2700.0,
            mode: 3000.0,
            max: 3500.0
        }
    );
    assert_eq!(u.location, "f.toml:35:8");
    assert_eq!(
        l.uncertainties[1].param.dist,
        Distribution::Normal {
            mean: 30.0,
            sd: 10.0,
            min: Some(0.0),
            max: None
        }
    );
    // The built-in third site carries the dispute's GBI range with its sources.
    let third = load_builtin("third-site-2007").unwrap().unwrap();
    let gbi = &third.uncertainties[0];
    assert_eq!(
        gbi.param.path.as_str(),
        "interceptors.gbi-2stage.burnout_speed_mps"
    );
    assert_eq!(
        gbi.param.dist,
        Distribution::Uniform {
            min: 5400.0,
            max: 9000.0
        }
    );
    assert!(gbi.param.source.contains("Postol") && gbi.param.source.contains("MDA"));
}

#[test]
fn bad_uncertainty_tables_are_reported_where_they_are() {
    for (table, line_col, needles) in [
        (
            "path = \"interceptors.sm3-ib.burnout_sped_mps\"\ndistribution = \"uniform\"\nmin = 1.0\nmax = 2.0\nsource = \"x\"",
            "35:8",
            &["unknown parameter", "did you mean `interceptors.sm3-ib.burnout_speed_mps`"][..],
        ),
        (
            "path = \"rules.decision_delay_s\"\ndistribution = \"uniform\"\nmin = 30.0\nmax = 30.0\nsource = \"x\"",
            "38:7",
            &["empty distribution", "min < max"],
        ),
        (
            "path = \"rules.decision_delay_s\"\ndistribution = \"normal\"\nmean = 30.0\nsd = 0.0\nsource = \"x\"",
            "38:6",
            &["sd = 0", "sd above 0"],
        ),
        (
            "path = \"rules.decision_delay_s\"\ndistribution = \"uniform\"\nmin = 1.0\nmax = 2.0\nmode = 1.5\nsource = \"x\"",
            "39:1",
            &["`mode` does not apply to a uniform distribution"],
        ),
        (
            "path = \"rules.decision_delay_s\"\ndistribution = \"gaussian\"\nmean = 1.0\nsd = 2.0\nsource = \"x\"",
            "36:16",
            &["unknown distribution \"gaussian\"", "`uniform`, `triangular` or `normal`"],
        ),
        (
            "path = \"rules.decision_delay_s\"\ndistribution = \"uniform\"\nmin = 1.0\nmax = 2.0",
            "34:1",
            &["missing key `source`"],
        ),
    ] {
        let text = file(&format!("\n[[uncertainty]]\n{table}\n"));
        let e = shieldsim::scenario::parse_scenario_full(&text, "f.toml").unwrap_err();
        let all = e.to_string();
        assert_eq!(e.diagnostics.len(), 1, "{all}");
        assert!(all.contains(&format!("f.toml:{line_col}")), "{line_col}: {all}");
        for n in needles {
            assert!(all.contains(n), "`{n}` not in {all}");
        }
    }
    let twice = "\n[[uncertainty]]\npath = \"rules.decision_delay_s\"\ndistribution = \"uniform\"\nmin = 1.0\nmax = 2.0\nsource = \"x\"\n";
    let e =
        shieldsim::scenario::parse_scenario_full(&file(&twice.repeat(2)), "f.toml").unwrap_err();
    assert!(
        e.to_string()
            .contains("duplicate uncertain parameter `rules.decision_delay_s`"),
        "{e}"
    );
}
