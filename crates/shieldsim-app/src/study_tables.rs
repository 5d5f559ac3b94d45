//! Result tables of the studies: every point of a sweep and every sample of a Monte Carlo as one long table, written
//! as CSV and Parquet through [`Table`](crate::export::Table).

use shieldsim::analysis::{MonteCarlo, ScenarioSweep};

/// Every point of every sweep as one long table, one row per (scenario, point, corridor): the axes' paths and
/// values, the counts, the shares and the window, shots and first-intercept spreads over the engageable trajectories
/// (empty when none is). CSV and Parquet through [`Table`](crate::export::Table).
pub fn sweep_table(
    sweeps: &[ScenarioSweep],
) -> Result<crate::export::Table, crate::export::ExportError> {
    use crate::export::{Column, ColumnData, Table};
    let axes = sweeps.iter().map(|s| s.axes.len()).max().unwrap_or(1);
    let mut scenario = Vec::new();
    let mut corridor = Vec::new();
    let mut params: Vec<Vec<String>> = vec![Vec::new(); axes];
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::new(); axes];
    let mut nominal = Vec::new();
    let (mut pairs, mut evaluated, mut out_of_range, mut failed, mut engageable) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut share, mut weighted) = (Vec::new(), Vec::new());
    let (mut w10, mut w50, mut w90, mut shots50, mut alt50) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut sites = Vec::new();
    for s in sweeps {
        for p in &s.points {
            for c in &p.assessment.corridors {
                scenario.push(s.scenario.clone());
                corridor.push(c.corridor.clone());
                for k in 0..axes {
                    params[k].push(
                        s.axes
                            .get(k)
                            .map(|a| a.path.to_string())
                            .unwrap_or_default(),
                    );
                    values[k].push(p.values.get(k).copied());
                }
                nominal.push(s.is_nominal(&p.values));
                pairs.push(c.pairs as i64);
                evaluated.push(c.evaluated as i64);
                out_of_range.push(c.out_of_range as i64);
                failed.push(c.failed as i64);
                engageable.push(c.engageable as i64);
                share.push(c.engageable_share);
                weighted.push(c.weighted_engageable_share);
                w10.push(c.window_s.map(|w| w.p10));
                w50.push(c.window_s.map(|w| w.p50));
                w90.push(c.window_s.map(|w| w.p90));
                shots50.push(c.shots.map(|w| w.p50));
                alt50.push(c.first_intercept_alt_km.map(|w| w.p50));
                sites.push(c.sites.join(" "));
            }
        }
    }
    let mut columns = vec![
        Column::new("scenario", "scenario name", ColumnData::Text(scenario)),
        Column::new("corridor", "threat corridor", ColumnData::Text(corridor)),
    ];
    for (k, (p, v)) in params.into_iter().zip(values).enumerate() {
        let n = k + 1;
        columns.push(Column::new(
            format!("parameter_{n}"),
            format!("path of swept parameter {n} (its unit is the path's suffix)"),
            ColumnData::Text(p),
        ));
        columns.push(Column::new(
            format!("value_{n}"),
            format!("value of swept parameter {n}, in the unit of its path"),
            ColumnData::OptF64(v),
        ));
    }
    columns.extend([
        Column::new(
            "nominal",
            "true where every swept value is the scenario's own",
            ColumnData::Bool(nominal),
        ),
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
            "pairs beyond the missile's reach (not in N)",
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
            "n / N, 0 to 1 (empty when N = 0)",
            ColumnData::OptF64(share),
        ),
        Column::new(
            "weighted_engageable_share",
            "aim weights of the engageable over those of the evaluated, 0 to 1",
            ColumnData::OptF64(weighted),
        ),
        Column::new(
            "window_p10_s",
            "intercept window, 10th percentile over the engageable, s",
            ColumnData::OptF64(w10),
        ),
        Column::new(
            "window_p50_s",
            "intercept window, median over the engageable, s",
            ColumnData::OptF64(w50),
        ),
        Column::new(
            "window_p90_s",
            "intercept window, 90th percentile over the engageable, s",
            ColumnData::OptF64(w90),
        ),
        Column::new(
            "shots_p50",
            "shoot-look-shoot opportunities, median over the engageable",
            ColumnData::OptF64(shots50),
        ),
        Column::new(
            "first_intercept_alt_p50_km",
            "altitude of the earliest intercept, median over the engageable, km",
            ColumnData::OptF64(alt50),
        ),
        Column::new(
            "sites",
            "sites with a window on at least one trajectory, space-separated",
            ColumnData::Text(sites),
        ),
    ]);
    Table::new(columns)
}

/// Every sample of every study as one long table, one row per (scenario, sample, corridor): the parameters' paths,
/// values as evaluated and draws, then the corridor's counts, shares and window median. CSV and Parquet through
/// [`Table`](crate::export::Table).
pub fn samples_table(
    studies: &[MonteCarlo],
) -> Result<crate::export::Table, crate::export::ExportError> {
    use crate::export::{Column, ColumnData, Table};
    let width = studies.iter().map(|s| s.params.len()).max().unwrap_or(0);
    let (mut scenario, mut sample, mut corridor) = (Vec::new(), Vec::new(), Vec::new());
    let mut paths: Vec<Vec<String>> = vec![Vec::new(); width];
    let mut used: Vec<Vec<Option<f64>>> = vec![Vec::new(); width];
    let mut drawn: Vec<Vec<Option<f64>>> = vec![Vec::new(); width];
    let (mut engageable, mut evaluated, mut share, mut weighted, mut window) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for s in studies {
        for (i, d) in s.draws.iter().enumerate() {
            for (k, c) in d.corridors.iter().enumerate() {
                scenario.push(s.scenario.clone());
                sample.push(i as i64);
                corridor.push(s.bands[k].corridor.clone());
                for j in 0..width {
                    paths[j].push(
                        s.params
                            .get(j)
                            .map(|p| p.param.path.to_string())
                            .unwrap_or_default(),
                    );
                    used[j].push(d.used.get(j).copied());
                    drawn[j].push(d.drawn.get(j).copied());
                }
                engageable.push(c.engageable as i64);
                evaluated.push(c.evaluated as i64);
                share.push(c.engageable_share);
                weighted.push(c.weighted_engageable_share);
                window.push(c.window_p50_s);
            }
        }
    }
    let mut columns = vec![
        Column::new("scenario", "scenario name", ColumnData::Text(scenario)),
        Column::new(
            "sample",
            "sample index, 0-based (its draws depend only on the seed, this index and the parameter's path)",
            ColumnData::I64(sample),
        ),
        Column::new("corridor", "threat corridor", ColumnData::Text(corridor)),
    ];
    for (j, ((p, u), d)) in paths.into_iter().zip(used).zip(drawn).enumerate() {
        let n = j + 1;
        columns.push(Column::new(
            format!("parameter_{n}"),
            format!("path of uncertain parameter {n} (its unit is the path's suffix)"),
            ColumnData::Text(p),
        ));
        columns.push(Column::new(
            format!("value_{n}"),
            format!("value of parameter {n} as evaluated (the draw rounded to its lattice, if it has one)"),
            ColumnData::OptF64(u),
        ));
        columns.push(Column::new(
            format!("drawn_{n}"),
            format!("value of parameter {n} as drawn"),
            ColumnData::OptF64(d),
        ));
    }
    columns.extend([
        Column::new(
            "engageable",
            "engageable trajectories (n of N)",
            ColumnData::I64(engageable),
        ),
        Column::new(
            "evaluated",
            "trajectories flown and engaged (N)",
            ColumnData::I64(evaluated),
        ),
        Column::new(
            "engageable_share",
            "n / N, 0 to 1 (empty when N = 0)",
            ColumnData::OptF64(share),
        ),
        Column::new(
            "weighted_engageable_share",
            "aim weights of the engageable over those of the evaluated, 0 to 1",
            ColumnData::OptF64(weighted),
        ),
        Column::new(
            "window_p50_s",
            "intercept window, median over the engageable, s (empty when none is engageable)",
            ColumnData::OptF64(window),
        ),
    ]);
    Table::new(columns)
}
