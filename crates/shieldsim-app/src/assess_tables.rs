//! The results of `assess` as two long tables for data-frame front ends (the Python package; Parquet and CSV through
//! [`Table`](crate::export::Table)): one row per scenario and corridor ([`corridors_table`], the same numbers as
//! `assessment.json`'s `results`), and one row per trajectory ([`trajectories_table`], the verdicts of
//! `trajectories.geojson` without the paths).

use shieldsim::analysis::{InterceptSummary, Outcome, ScenarioAssessment, Spread};

use crate::export::{Column, ColumnData, ExportError, Table};

/// One row per (scenario, corridor): the counts, the shares, and the five-number spreads (min, P10, P50, P90, max;
/// type 7 percentiles) of the window, the shots and the first-intercept altitude over the engageable trajectories
/// (null when none is engageable).
pub fn corridors_table(assessments: &[ScenarioAssessment]) -> Result<Table, ExportError> {
    let mut scenario = Vec::new();
    let mut corridor = Vec::new();
    let mut counts: [Vec<i64>; 5] = Default::default();
    let (mut share, mut weighted) = (Vec::new(), Vec::new());
    let mut spreads: [[Vec<Option<f64>>; 5]; 3] = Default::default();
    let (mut sites, mut enabled_by) = (Vec::new(), Vec::new());
    for s in assessments {
        for c in &s.corridors {
            scenario.push(s.scenario.clone());
            corridor.push(c.corridor.clone());
            for (column, n) in counts.iter_mut().zip([
                c.pairs,
                c.evaluated,
                c.out_of_range,
                c.failed,
                c.engageable,
            ]) {
                column.push(n as i64);
            }
            share.push(c.engageable_share);
            weighted.push(c.weighted_engageable_share);
            for (columns, spread) in
                spreads
                    .iter_mut()
                    .zip([c.window_s, c.shots, c.first_intercept_alt_km])
            {
                for (column, v) in columns.iter_mut().zip(five(spread)) {
                    column.push(v);
                }
            }
            sites.push(c.sites.join(" "));
            enabled_by.push(
                c.enabled_by
                    .iter()
                    .map(|e| format!("{}={}", e.sensor, e.trajectories))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    let [pairs, evaluated, out_of_range, failed, engageable] = counts;
    let mut columns = vec![
        Column::new("scenario", "scenario name", ColumnData::Text(scenario)),
        Column::new("corridor", "threat corridor", ColumnData::Text(corridor)),
        Column::new(
            "pairs",
            "launch-aim-missile-shape combinations of the corridor",
            ColumnData::I64(pairs),
        ),
        Column::new(
            "evaluated",
            "trajectories flown and engaged (N)",
            ColumnData::I64(evaluated),
        ),
        Column::new(
            "out_of_range",
            "pairs beyond the missile's reach with the shape (not flown, not in N)",
            ColumnData::I64(out_of_range),
        ),
        Column::new(
            "failed",
            "trajectories not solved (not in N)",
            ColumnData::I64(failed),
        ),
        Column::new(
            "engageable",
            "engageable trajectories (n of N)",
            ColumnData::I64(engageable),
        ),
        Column::new(
            "engageable_share",
            "n / N, 0 to 1 (null when N = 0)",
            ColumnData::OptF64(share),
        ),
        Column::new(
            "weighted_engageable_share",
            "aim weights of the engageable over those of the evaluated, 0 to 1 (null when N = 0)",
            ColumnData::OptF64(weighted),
        ),
    ];
    let [window, shots, altitude] = spreads;
    for (quantity, unit_suffix, doc, values) in [
        ("window", "_s", "intercept window, s", window),
        ("shots", "", "shoot-look-shoot opportunities", shots),
        (
            "first_intercept_alt",
            "_km",
            "altitude of the earliest possible intercept, km",
            altitude,
        ),
    ] {
        for (statistic, v) in ["min", "p10", "p50", "p90", "max"].into_iter().zip(values) {
            columns.push(Column::new(
                format!("{quantity}_{statistic}{unit_suffix}"),
                format!("{doc}: {statistic} over the engageable trajectories (null when none)"),
                ColumnData::OptF64(v),
            ));
        }
    }
    columns.extend([
        Column::new(
            "sites",
            "sites with a window on at least one trajectory, space-separated, in architecture order",
            ColumnData::Text(sites),
        ),
        Column::new(
            "enabled_by",
            "sensors whose tracks enabled the launches, SENSOR=TRAJECTORIES space-separated, most first",
            ColumnData::Text(enabled_by),
        ),
    ]);
    Table::new(columns)
}

/// The five numbers of a spread (all `None` without one).
fn five(s: Option<Spread>) -> [Option<f64>; 5] {
    match s {
        Some(s) => [s.min, s.p10, s.p50, s.p90, s.max].map(Some),
        None => [None; 5],
    }
}

/// The columns of one possible intercept (earliest or latest) of every trajectory.
#[derive(Default)]
struct InterceptColumns {
    t_s: Vec<Option<f64>>,
    lat_deg: Vec<Option<f64>>,
    lon_deg: Vec<Option<f64>>,
    alt_km: Vec<Option<f64>>,
    launch_s: Vec<Option<f64>>,
    closing_speed_mps: Vec<Option<f64>>,
    site: Vec<String>,
}

impl InterceptColumns {
    fn push(&mut self, p: Option<&InterceptSummary>) {
        self.t_s.push(p.map(|p| p.t_s));
        self.lat_deg.push(p.map(|p| p.position.lat_deg()));
        self.lon_deg.push(p.map(|p| p.position.lon_deg()));
        self.alt_km.push(p.map(|p| p.position.alt_m / 1000.0));
        self.launch_s.push(p.map(|p| p.launch_s));
        self.closing_speed_mps.push(p.map(|p| p.closing_speed_mps));
        self.site
            .push(p.map(|p| p.site.clone()).unwrap_or_default());
    }

    fn columns(self, which: &str) -> Vec<Column> {
        let n = |field: &str| format!("{which}_intercept_{field}");
        let d = |what: &str| format!("{what} of the {which} possible intercept (null when none)");
        vec![
            Column::new(
                n("t_s"),
                d("time after threat launch, s,"),
                ColumnData::OptF64(self.t_s),
            ),
            Column::new(
                n("lat_deg"),
                d("latitude, degrees north,"),
                ColumnData::OptF64(self.lat_deg),
            ),
            Column::new(
                n("lon_deg"),
                d("longitude, degrees east,"),
                ColumnData::OptF64(self.lon_deg),
            ),
            Column::new(
                n("alt_km"),
                d("altitude, km,"),
                ColumnData::OptF64(self.alt_km),
            ),
            Column::new(
                n("launch_s"),
                d("interceptor launch time after threat launch, s,"),
                ColumnData::OptF64(self.launch_s),
            ),
            Column::new(
                n("closing_speed_mps"),
                d("closing speed, m/s,"),
                ColumnData::OptF64(self.closing_speed_mps),
            ),
            Column::new(
                n("site"),
                format!("site of the {which} possible intercept (empty when none)"),
                ColumnData::Text(self.site),
            ),
        ]
    }
}

/// One row per trajectory of every corridor (in file order: corridor, launch, missile, shape, aim): its names and
/// end points, its outcome (`engageable`, `not_engageable`, `out_of_range` or `failed`) with the verdict in words,
/// and, where it was flown, the window, shots, impact time and the earliest and latest possible intercepts.
pub fn trajectories_table(assessments: &[ScenarioAssessment]) -> Result<Table, ExportError> {
    let mut text: [Vec<String>; 6] = Default::default();
    let mut ends: [Vec<f64>; 5] = Default::default();
    let (mut outcome, mut reason, mut engageable) = (Vec::new(), Vec::new(), Vec::new());
    let (mut window, mut shots, mut impact) = (Vec::new(), Vec::new(), Vec::new());
    let (mut sites, mut enabled_by) = (Vec::new(), Vec::new());
    let (mut earliest, mut latest) = (InterceptColumns::default(), InterceptColumns::default());
    for s in assessments {
        for t in &s.trajectories {
            for (column, v) in text.iter_mut().zip([
                &s.scenario,
                &t.corridor,
                &t.launch,
                &t.aim,
                &t.missile,
                &t.shape,
            ]) {
                column.push(v.clone());
            }
            for (column, v) in ends.iter_mut().zip([
                t.launch_position.lat_deg(),
                t.launch_position.lon_deg(),
                t.aim_position.lat_deg(),
                t.aim_position.lon_deg(),
                t.weight,
            ]) {
                column.push(v);
            }
            enabled_by.push(t.enabled_by.clone().unwrap_or_default());
            match &t.outcome {
                Outcome::Evaluated {
                    engageable: e,
                    reason: r,
                    window_s,
                    shots: n,
                    earliest: first,
                    latest: last,
                    sites: s,
                    impact_t_s,
                } => {
                    outcome.push(if *e { "engageable" } else { "not_engageable" }.to_string());
                    reason.push(r.clone());
                    engageable.push(*e);
                    window.push(Some(*window_s));
                    shots.push(Some(*n as f64));
                    impact.push(Some(*impact_t_s));
                    sites.push(s.join(" "));
                    earliest.push(first.as_ref());
                    latest.push(last.as_ref());
                }
                Outcome::OutOfRange(r) | Outcome::Failed(r) => {
                    let name = if matches!(t.outcome, Outcome::Failed(_)) {
                        "failed"
                    } else {
                        "out_of_range"
                    };
                    outcome.push(name.to_string());
                    reason.push(r.clone());
                    engageable.push(false);
                    window.push(None);
                    shots.push(None);
                    impact.push(None);
                    sites.push(String::new());
                    earliest.push(None);
                    latest.push(None);
                }
            }
        }
    }
    let [scenario, corridor, launch, aim, missile, shape] = text;
    let [launch_lat, launch_lon, aim_lat, aim_lon, weight] = ends;
    let mut columns = vec![
        Column::new("scenario", "scenario name", ColumnData::Text(scenario)),
        Column::new("corridor", "threat corridor", ColumnData::Text(corridor)),
        Column::new("launch", "launch point name", ColumnData::Text(launch)),
        Column::new("aim", "aim point name", ColumnData::Text(aim)),
        Column::new("missile", "missile id", ColumnData::Text(missile)),
        Column::new("shape", "trajectory shape name", ColumnData::Text(shape)),
        Column::new(
            "launch_lat_deg",
            "launch latitude, degrees north",
            ColumnData::F64(launch_lat),
        ),
        Column::new(
            "launch_lon_deg",
            "launch longitude, degrees east",
            ColumnData::F64(launch_lon),
        ),
        Column::new(
            "aim_lat_deg",
            "aim latitude, degrees north",
            ColumnData::F64(aim_lat),
        ),
        Column::new(
            "aim_lon_deg",
            "aim longitude, degrees east",
            ColumnData::F64(aim_lon),
        ),
        Column::new(
            "aim_weight",
            "the aim point's weight in weighted shares (1 by default)",
            ColumnData::F64(weight),
        ),
        Column::new(
            "outcome",
            "engageable | not_engageable | out_of_range | failed",
            ColumnData::Text(outcome),
        ),
        Column::new(
            "engageable",
            "true when any site has an intercept window",
            ColumnData::Bool(engageable),
        ),
        Column::new("reason", "the verdict in words", ColumnData::Text(reason)),
        Column::new(
            "window_s",
            "total intercept window, s (0 when not engageable; null when not flown)",
            ColumnData::OptF64(window),
        ),
        Column::new(
            "shots",
            "shoot-look-shoot opportunities, a count (null when not flown)",
            ColumnData::OptF64(shots),
        ),
        Column::new(
            "impact_s",
            "threat impact time after launch, s (null when not flown)",
            ColumnData::OptF64(impact),
        ),
        Column::new(
            "sites",
            "sites with an intercept window, space-separated",
            ColumnData::Text(sites),
        ),
        Column::new(
            "enabled_by",
            "the sensor whose track let the first-intercepting site launch (empty when not engageable)",
            ColumnData::Text(enabled_by),
        ),
    ];
    columns.extend(earliest.columns("earliest"));
    columns.extend(latest.columns("latest"));
    Table::new(columns)
}
