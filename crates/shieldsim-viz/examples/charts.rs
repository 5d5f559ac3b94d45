//! Writes example study charts (line chart, heat maps, tornado chart; PNG and SVG) to a directory.
//!
//! ```text
//! cargo run --release -p shieldsim-viz --example charts -- /tmp/charts
//! ```
//! The numbers are illustrative shapes, not results of the engine.

use shieldsim_viz::*;

fn logistic(x: f64, mid: f64, width: f64) -> f64 {
    1.0 / (1.0 + ((x - mid) / width).exp())
}

fn line_spec() -> LineChartSpec {
    let xs: Vec<f64> = (0..=24).map(|i| f64::from(i) * 10.0).collect();
    let median = |x: f64, mid: f64| logistic(x, mid, 28.0);
    let series = |name: &str, mid: f64, band: bool| LineSeries {
        name: name.into(),
        points: xs.iter().map(|&x| (x, median(x, mid))).collect(),
        band: band.then(|| {
            xs.iter()
                .map(|&x| (x, median(x, mid - 25.0), median(x, mid + 25.0)))
                .collect()
        }),
    };
    let mut sparse = series("Stated coverage, ship-based radar only", 60.0, false);
    sparse.points = sparse
        .points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 3 == 0)
        .map(|(i, p)| if i == 12 { (p.0, f64::NAN) } else { *p })
        .collect();
    LineChartSpec {
        title: "Defended share of the corridor against decision delay".into(),
        subtitle: "Illustrative numbers. Median of 200 Monte-Carlo draws with the 5–95 % interval shaded; \
                   point-mass kinematics, open-literature interceptor parameters."
            .into(),
        x_label: "Decision delay after first track (s)".into(),
        y_label: "Defended share of aim points".into(),
        y_range: Some((0.0, 1.0)),
        y_percent: true,
        series: vec![
            series("With space-based cue", 150.0, true),
            series("Forward radar only", 95.0, true),
            sparse,
        ],
        markers: vec![
            VerticalMarker {
                x: 95.0,
                label: "flip: forward radar 95 s".into(),
            },
            VerticalMarker {
                x: 150.0,
                label: "flip: space cue 150 s".into(),
            },
        ],
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "charts".to_string());
    std::fs::create_dir_all(&dir)?;
    let line = line_spec();
    std::fs::write(
        format!("{dir}/line.png"),
        line_chart_png(&line, 1600, 1000)?,
    )?;
    std::fs::write(
        format!("{dir}/line.svg"),
        line_chart_svg(&line, 1600, 1000)?,
    )?;
    std::fs::write(
        format!("{dir}/line_small.png"),
        line_chart_png(&line, 800, 560)?,
    )?;
    let heat = heatmap_spec();
    std::fs::write(
        format!("{dir}/heatmap.png"),
        heatmap_png(&heat, 1600, 1000)?,
    )?;
    std::fs::write(
        format!("{dir}/heatmap.svg"),
        heatmap_svg(&heat, 1600, 1000)?,
    )?;
    let phase = phase_spec();
    std::fs::write(format!("{dir}/phase.png"), heatmap_png(&phase, 1600, 1000)?)?;
    std::fs::write(format!("{dir}/phase.svg"), heatmap_svg(&phase, 1600, 1000)?)?;
    std::fs::write(
        format!("{dir}/phase_small.png"),
        heatmap_png(&phase, 900, 600)?,
    )?;
    let tornado = tornado_spec();
    std::fs::write(
        format!("{dir}/tornado.png"),
        tornado_png(&tornado, 1600, 1000)?,
    )?;
    std::fs::write(
        format!("{dir}/tornado.svg"),
        tornado_svg(&tornado, 1600, 1000)?,
    )?;
    std::fs::write(
        format!("{dir}/tornado_small.png"),
        tornado_png(&tornado, 900, 600)?,
    )?;
    println!("wrote {dir}");
    Ok(())
}

fn heatmap_spec() -> HeatmapSpec {
    let xs: Vec<f64> = (0..=12).map(|i| 3.0 + 0.5 * f64::from(i)).collect();
    let ys: Vec<f64> = (0..=8).map(|i| f64::from(i) * 30.0).collect();
    let z = ys
        .iter()
        .map(|&y| {
            xs.iter()
                .map(|&x| {
                    if x > 8.2 && y > 190.0 {
                        f64::NAN
                    } else {
                        logistic(y, 40.0 * (x - 2.0), 35.0)
                    }
                })
                .collect()
        })
        .collect();
    HeatmapSpec {
        title: "Defended share by interceptor speed and decision delay".into(),
        subtitle:
            "Illustrative numbers; hatched cells were not flown (outside the sweep's budget)."
                .into(),
        x_label: "Interceptor burn-out speed (km/s)".into(),
        y_label: "Decision delay (s)".into(),
        x_values: xs.clone(),
        y_values: ys,
        z,
        z_label: "Defended share".into(),
        z_range: None,
        z_percent: true,
        classes: None,
        curves: vec![LineSeries {
            name: "50 % contour".into(),
            points: xs
                .iter()
                .filter(|&&x| x <= 8.0)
                .map(|&x| (x, 40.0 * (x - 2.0)))
                .collect(),
            band: None,
        }],
    }
}

fn phase_spec() -> HeatmapSpec {
    let xs: Vec<f64> = (0..=20).map(|i| 500.0 + 100.0 * f64::from(i)).collect();
    let ys: Vec<f64> = (0..=15).map(|i| 0.1 * f64::from(i)).collect();
    let z = ys
        .iter()
        .map(|&y| {
            xs.iter()
                .map(|&x| {
                    let covered = x < 1400.0 + 900.0 * y;
                    let engaged = x > 1900.0 - 500.0 * y;
                    match (covered, engaged) {
                        _ if y > 1.35 && x > 2200.0 => f64::NAN,
                        (true, false) => 0.0,
                        (true, true) => 1.0,
                        (false, false) => 2.0,
                        (false, true) => 3.0,
                    }
                })
                .collect()
        })
        .collect();
    let class = |name: &str, i: usize| ClassColour {
        name: name.into(),
        colour: qualitative_colour(i),
    };
    HeatmapSpec {
        title: "Which claim holds: stated coverage against deterrent safety".into(),
        subtitle: "Illustrative phase diagram over radar range and kill-vehicle divert; boundary where the two \
                   effects trade off."
            .into(),
        x_label: "Radar detection range (km)".into(),
        y_label: "Kill-vehicle divert velocity (km/s)".into(),
        x_values: xs,
        y_values: ys,
        z,
        z_label: "Outcome".into(),
        z_range: None,
        z_percent: false,
        classes: Some(vec![
            class("stated covered, deterrent safe", 5),
            class("stated covered, deterrent engaged", 1),
            class("stated not covered, deterrent safe", 2),
            class("neither", 3),
        ]),
        curves: vec![LineSeries {
            name: "trade-off boundary".into(),
            points: (0..=30)
                .map(|i| {
                    let y = 0.05 * f64::from(i);
                    (1400.0 + 900.0 * y, y)
                })
                .collect(),
            band: None,
        }],
    }
}

fn tornado_spec() -> TornadoSpec {
    let bar = |label: &str, lo: &str, hi: &str, at_low: f64, at_high: f64| TornadoBar {
        label: label.into(),
        low_input: lo.into(),
        high_input: hi.into(),
        at_low,
        at_high,
    };
    TornadoSpec {
        title: "What moves the defended share: one parameter at a time".into(),
        subtitle: "Illustrative numbers. Each parameter set to the ends of its open-literature range, the others \
                   at their base values; sorted by swing."
            .into(),
        x_label: "Defended share of aim points".into(),
        baseline: 0.62,
        x_percent: true,
        bars: vec![
            bar("Decision delay", "30 s", "180 s", 0.86, 0.21),
            bar("Interceptor burn-out speed", "4.5 km/s", "7.5 km/s", 0.38, 0.79),
            bar("Radar detection range against the RV's radar cross-section", "1000 km", "3000 km", 0.45, 0.71),
            bar("Kill-vehicle divert", "0.5 km/s", "1.5 km/s", 0.55, 0.66),
            bar("Threat burn time", "180 s", "300 s", 0.66, 0.70),
            bar("Early-warning cue", "60 s", "120 s", 0.64, 0.60),
        ],
    }
}
