// The refusal tests merge a single tile on purpose (`&[0..5]`: one range of rows, not the rows 0 to 4).
#![allow(clippy::single_range_in_vec_init)]

//! Studies cut into parts: a footprint into tiles of grid rows, a sweep into ranges of points, a Monte Carlo study
//! into ranges of evaluations. Each part is computed by a study of its own (fresh caches, as on another machine),
//! in shuffled order, sent through its bytes, and merged; the merged result must be the one-shot job's, byte for
//! byte: its JSON document, its CSV and its Parquet table. Parts that do not make up the study are refused.

use shieldsim_app::footprint::{footprint, grid_table, FootprintPart, FootprintStudy};
use shieldsim_app::parts::Part;
use shieldsim_app::requests::{
    FootprintJob, Format, MonteCarloJob, ShapeArg, ShapeOptions, SweepJob,
};
use shieldsim_app::study_tables::samples_table;
use shieldsim_app::sweep::{sweep, SweepStudy};
use shieldsim_app::uncertainty::{monte_carlo, MonteCarloStudy};
use shieldsim_app::Control;

fn scenario() -> String {
    format!("{}/tests/data/small.toml", env!("CARGO_MANIFEST_DIR"))
}

/// A fixed shuffle of `ranges` (reversed, then the odd ones first): no part is evaluated in its grid order.
fn shuffled<T: Clone>(ranges: &[T]) -> Vec<T> {
    let rev: Vec<T> = ranges.iter().rev().cloned().collect();
    let (odd, even): (Vec<_>, Vec<_>) = rev
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 2 == 1);
    odd.into_iter().chain(even).map(|(_, r)| r).collect()
}

/// `parts` through their bytes, as they travel between processes.
fn through_bytes<T>(parts: Vec<Part<T>>) -> Vec<Part<T>>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    parts
        .iter()
        .map(|p| Part::from_bytes(&p.to_bytes().expect("encodes")).expect("decodes"))
        .collect()
}

fn footprint_job() -> FootprintJob {
    FootprintJob {
        scenario: scenario(),
        launch: Some("38.07,46.30".into()),
        reverse: false,
        aim: None,
        missile: Some("shahab-3".into()),
        shape: ShapeOptions {
            shape: ShapeArg::MinEnergy,
            apogee_km: None,
            burnout_flight_path_deg: None,
        },
        region: "30,26,45,50".into(),
        spacing_deg: 2.0,
        levels_s: "0,60,120".into(),
        format: Format::Json,
        out: None,
    }
}

/// The footprint's document without its timing, as JSON.
fn footprint_json(r: &shieldsim_app::footprint::FootprintResult) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&r.render(Format::Json).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("elapsed_s");
    v.to_string()
}

fn footprint_tiles(job: &FootprintJob, tiles: &[std::ops::Range<usize>]) -> Vec<FootprintPart> {
    tiles
        .iter()
        .map(|rows| {
            FootprintStudy::new(job)
                .unwrap()
                .evaluate(rows.clone(), Control::none())
                .unwrap()
        })
        .collect()
}

#[test]
fn footprint_tiles_merge_into_the_one_shot_footprint() {
    let job = footprint_job();
    let whole = footprint(&job, Control::none()).unwrap();
    assert_eq!(
        (whole.footprint.grid.rows, whole.footprint.grid.cols),
        (7, 12)
    );
    let counts = whole.footprint.counts();
    assert!(
        counts[0] > 0 && counts[1] > 0 && counts[2] > 0,
        "engageable, not, out of range: {counts:?}"
    );
    // Uneven tiles, one of them empty.
    let tiles = [0..1, 1..4, 4..4, 4..6, 6..7];
    let parts = through_bytes(footprint_tiles(&job, &shuffled(&tiles)));
    let merged = FootprintStudy::new(&job)
        .unwrap()
        .finish(parts, None, Control::none())
        .unwrap();
    assert_eq!(footprint_json(&merged), footprint_json(&whole));
    assert_eq!(
        merged.render(Format::Csv).unwrap(),
        whole.render(Format::Csv).unwrap()
    );
    let parquet = |r: &shieldsim_app::footprint::FootprintResult| {
        grid_table(&r.footprint)
            .unwrap()
            .to_parquet_bytes()
            .unwrap()
    };
    assert_eq!(parquet(&merged), parquet(&whole));
    // NaN fields (times of points not flown) keep their bits.
    let bits = |r: &shieldsim_app::footprint::FootprintResult| -> Vec<u64> {
        r.footprint
            .points
            .iter()
            .map(|p| p.flight_time_s.to_bits())
            .collect()
    };
    assert_eq!(bits(&merged), bits(&whole));
}

#[test]
fn footprint_tiles_that_do_not_make_up_the_grid_are_refused() {
    let job = footprint_job();
    let merge = |tiles: &[std::ops::Range<usize>]| {
        FootprintStudy::new(&job)
            .unwrap()
            .finish(footprint_tiles(&job, tiles), None, Control::none())
            .err()
            .map(|e| (e.exit_code(), e.message))
    };
    let (code, m) = merge(&[0..3, 4..7]).unwrap();
    assert_eq!(code, 2);
    assert!(m.contains("no tile holds row 3"), "{m}");
    let (_, m) = merge(&[0..4, 3..7]).unwrap();
    assert!(m.contains("rows overlap at row 3"), "{m}");
    let (_, m) = merge(&[0..5]).unwrap();
    assert!(m.contains("cover rows 0 to 5 of the grid's 7"), "{m}");
    let e = FootprintStudy::new(&job)
        .unwrap()
        .evaluate(5..9, Control::none())
        .unwrap_err();
    assert!(
        e.message
            .contains("rows 5..9 are not within the grid's 7 rows"),
        "{}",
        e.message
    );
    // A tile of another footprint (another spacing) is not merged into this one.
    let other = FootprintJob {
        spacing_deg: 3.0,
        ..footprint_job()
    };
    let e = FootprintStudy::new(&job)
        .unwrap()
        .finish(footprint_tiles(&other, &[0..5]), None, Control::none())
        .unwrap_err();
    assert!(
        e.message.contains("a part of another footprint study"),
        "{}",
        e.message
    );
}

fn sweep_job() -> SweepJob {
    SweepJob {
        scenarios: vec![scenario()],
        vary: vec![
            "rules.decision_delay_s=0,30,600".into(),
            "interceptors.sm3-ib.burnout_speed_mps=2500,3006.25".into(),
        ],
        list: false,
        format: Format::Json,
        out: None,
    }
}

#[test]
fn sweep_parts_merge_into_the_one_shot_sweep() {
    let job = sweep_job();
    let whole = sweep(&job, Control::none()).unwrap();
    let units = SweepStudy::new(&job).unwrap().units();
    assert_eq!(units, 6);
    let ranges = [0..1, 1..1, 1..4, 4..6];
    let parts: Vec<_> = shuffled(&ranges)
        .into_iter()
        .map(|r| {
            SweepStudy::new(&job)
                .unwrap()
                .evaluate(r, Control::none())
                .unwrap()
        })
        .collect();
    let merged = SweepStudy::new(&job)
        .unwrap()
        .finish(through_bytes(parts), None, Control::none())
        .unwrap();
    assert_eq!(merged.sweeps, whole.sweeps);
    for f in [Format::Json, Format::Csv] {
        assert_eq!(merged.render(f).unwrap(), whole.render(f).unwrap());
    }
    // The slower interceptor engages less of something: the sweep is not the same value six times.
    let windows: Vec<_> = whole.sweeps[0]
        .points
        .iter()
        .map(|p| p.assessment.corridors[0].window_s.map(|w| w.p50))
        .collect();
    assert!(windows.windows(2).any(|w| w[0] != w[1]), "{windows:?}");
    let e = SweepStudy::new(&job)
        .unwrap()
        .finish(
            through_bytes(vec![SweepStudy::new(&job)
                .unwrap()
                .evaluate(0..5, Control::none())
                .unwrap()]),
            None,
            Control::none(),
        )
        .unwrap_err();
    assert!(
        e.message.contains("they hold points 0 to 5 of 6"),
        "{}",
        e.message
    );
}

fn monte_carlo_job() -> MonteCarloJob {
    MonteCarloJob {
        scenarios: vec![scenario()],
        format: Format::Json,
        out: None,
        monte_carlo: Some(12),
        seed: 7,
        // The file's decision delay (cheap: a re-engagement) and a burn-out speed (a build per lattice value).
        uncertain: vec!["interceptors.sm3-ib.burnout_speed_mps=uniform:2700:3300".into()],
    }
}

#[test]
fn monte_carlo_parts_merge_into_the_one_shot_study() {
    let job = monte_carlo_job();
    let whole = monte_carlo(&job, Control::none()).unwrap();
    let units = MonteCarloStudy::new(&job).unwrap().units();
    // 12 samples, the tornado's 2 per parameter, the nominal.
    assert_eq!(units, 12 + 2 * 2 + 1);
    assert!(whole.studies[0].builds > 1, "{}", whole.studies[0].builds);
    let ranges = [0..5, 5..6, 6..14, 14..17];
    let parts: Vec<_> = shuffled(&ranges)
        .into_iter()
        .map(|r| {
            MonteCarloStudy::new(&job)
                .unwrap()
                .evaluate(r, Control::none())
                .unwrap()
        })
        .collect();
    let merged = MonteCarloStudy::new(&job)
        .unwrap()
        .finish(through_bytes(parts), None, Control::none())
        .unwrap();
    assert_eq!(merged.studies, whole.studies);
    for f in [Format::Json, Format::Csv] {
        assert_eq!(merged.render(f).unwrap(), whole.render(f).unwrap());
    }
    let parquet = |r: &shieldsim_app::uncertainty::MonteCarloResult| {
        samples_table(&r.studies)
            .unwrap()
            .to_parquet_bytes()
            .unwrap()
    };
    assert_eq!(parquet(&merged), parquet(&whole));
    // Another seed is another study: its parts are refused.
    let other = MonteCarloJob {
        seed: 8,
        ..monte_carlo_job()
    };
    let part = MonteCarloStudy::new(&other)
        .unwrap()
        .evaluate(0..17, Control::none())
        .unwrap();
    let e = MonteCarloStudy::new(&job)
        .unwrap()
        .finish(vec![part], None, Control::none())
        .unwrap_err();
    assert!(
        e.message.contains("a part of another monte-carlo study"),
        "{}",
        e.message
    );
}

#[test]
fn a_part_of_one_job_is_not_merged_into_another() {
    let sweep_part = SweepStudy::new(&sweep_job())
        .unwrap()
        .evaluate(0..6, Control::none())
        .unwrap()
        .to_bytes()
        .unwrap();
    let as_footprint = FootprintPart::from_bytes(&sweep_part);
    // The envelope reads; its payload is not a footprint tile, or its job is named when merged.
    let message = match as_footprint {
        Err(e) => e.message,
        Ok(p) => {
            FootprintStudy::new(&footprint_job())
                .unwrap()
                .finish(vec![p], None, Control::none())
                .unwrap_err()
                .message
        }
    };
    assert!(message.contains("sweep part"), "{message}");
}
