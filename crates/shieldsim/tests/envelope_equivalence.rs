//! The faster envelope build (integer bounding boxes, row spans, shared rotations, reused grids, the reach table's
//! grid filled on first lookup, its extent found from the fan) against the full computation it replaced: lookups of
//! four site envelopes (the two-stage GBI at Redzikowo as catalogued and as a sweep sets it to 7 km/s, SM-3 IIA at
//! 31.7° S, THAAD at 63.2° N) and of a reach table at 1,250 pseudo-random points, printed by the build of commit
//! c317f61 into `tests/fixtures/envelope_oracle.txt` (how: `tests/common/envelope_oracle.rs`).
//!
//! The reach table and the envelopes' extents must give the same bits (the tolerance only absorbs a last-digit
//! difference of the mathematical library on another platform). The envelopes' fans have since been refined where
//! neighbouring fly-outs part (`site_envelope.rs`, `REFINE_CELLS`), which only adds fly-outs: so every point the
//! oracle reaches must still be reached, no later; where its time is unchanged, with the same velocity; a point the
//! oracle could not reach may now be reached.

#[path = "common/envelope_oracle.rs"]
mod envelope_oracle;

/// Relative agreement asked of every number (see the module documentation).
const TOLERANCE: f64 = 1e-12;

fn numbers(line: &str) -> Vec<f64> {
    line.split([' ', '(', ')', ','])
        .filter_map(|w| w.parse::<f64>().ok())
        .collect()
}

#[test]
fn the_faster_envelopes_and_table_look_up_as_the_full_build_did() {
    let oracle = include_str!("fixtures/envelope_oracle.txt");
    let expected: Vec<&str> = oracle.lines().collect();
    // The points of each case within the oracle's reach (the refined fans reach a little farther).
    let got = envelope_oracle::oracle_lines_in(|name| {
        let header = expected
            .iter()
            .find(|l| l.starts_with(&format!("{name} envelope ")))?;
        let x = numbers(header);
        Some((x[0], x[1]))
    });
    assert_eq!(got.len(), expected.len(), "number of lines");
    let (mut inside, mut outside) = (0, 0);
    let (mut earlier, mut newly) = (0, 0);
    for (g, e) in got.iter().zip(&expected) {
        let key = |l: &str| l.split(' ').take(2).collect::<Vec<_>>().join(" ");
        assert_eq!(key(g), key(e), "the same case and point");
        let (x, y) = (numbers(g), numbers(e));
        let same = |a: &[f64], b: &[f64]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(a, b)| (a - b).abs() <= TOLERANCE * b.abs().max(1.0))
        };
        // An envelope lookup: case, index, bearing, range, altitude, then the time and velocity or "none".
        if e.contains(" envelope ") {
            // An envelope's reach (range, altitude) can only grow; its cells stay.
            assert!(
                x[0] >= y[0] && x[1] >= y[1] && same(&x[2..], &y[2..]),
                "reach and cells:\n got      {g}\n expected {e}"
            );
            continue;
        }
        // The reach table's lines ("gbi-2stage table", "gbi-2stage-table k") are exact.
        if e.contains("table") {
            assert!(
                same(&x, &y),
                "the same numbers:\n got      {g}\n expected {e}"
            );
            continue;
        }
        if e.ends_with("none") {
            outside += 1;
            if !g.ends_with("none") {
                newly += 1;
            }
            continue;
        }
        inside += 1;
        assert!(
            !g.ends_with("none"),
            "reached by the oracle, so by the refined fan too:\n got      {g}\n expected {e}"
        );
        assert!(
            same(&x[..4], &y[..4]),
            "the same point:\n got      {g}\n expected {e}"
        );
        let (t, t0) = (x[4], y[4]);
        assert!(
            t <= t0 + TOLERANCE * t0,
            "no later than the oracle:\n got      {g}\n expected {e}"
        );
        if t < t0 - TOLERANCE * t0 {
            earlier += 1;
        } else {
            assert!(
                same(&x, &y),
                "the same fly-out:\n got      {g}\n expected {e}"
            );
        }
    }
    println!(
        "{inside} reached ({earlier} now earlier), {outside} not reached ({newly} now reached)"
    );
    // Both sides of the envelopes' edges are exercised.
    assert!(
        inside > 500 && outside > 400,
        "{inside} inside, {outside} outside"
    );
}
