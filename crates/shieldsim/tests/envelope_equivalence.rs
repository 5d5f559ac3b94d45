//! The faster envelope build (integer bounding boxes, row spans, shared rotations, reused grids, the reach table's
//! grid filled on first lookup, its extent found from the fan) against the full computation it replaced: lookups of
//! four site envelopes (the two-stage GBI at Redzikowo as catalogued and as a sweep sets it to 7 km/s, SM-3 IIA at
//! 31.7° S, THAAD at 63.2° N) and of a reach table at 1,250 pseudo-random points, printed by the build of commit
//! c317f61 into `tests/fixtures/envelope_oracle.txt` (how: `tests/common/envelope_oracle.rs`).
//!
//! The new build is meant to give the same bits: every point must be inside or outside the envelope alike, and its
//! time and velocity agree to a part in 10¹² (the tolerance only absorbs a last-digit difference of the mathematical
//! library on another platform; on the machine that printed the oracle they are equal bit for bit).

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
    let got = envelope_oracle::oracle_lines();
    assert_eq!(got.len(), expected.len(), "number of lines");
    let (mut inside, mut outside) = (0, 0);
    for (g, e) in got.iter().zip(&expected) {
        let key = |l: &str| l.split(' ').take(2).collect::<Vec<_>>().join(" ");
        assert_eq!(key(g), key(e), "the same case and point");
        assert_eq!(
            g.ends_with("none"),
            e.ends_with("none"),
            "reachable alike:\n got      {g}\n expected {e}"
        );
        if e.ends_with("none") {
            outside += 1;
        } else {
            inside += 1;
        }
        let (x, y) = (numbers(g), numbers(e));
        assert_eq!(x.len(), y.len(), "{g}\n{e}");
        for (a, b) in x.iter().zip(&y) {
            assert!(
                (a - b).abs() <= TOLERANCE * b.abs().max(1.0),
                "{a} vs {b}:\n got      {g}\n expected {e}"
            );
        }
    }
    // Both sides of the envelopes' edges are exercised.
    assert!(
        inside > 500 && outside > 400,
        "{inside} inside, {outside} outside"
    );
}
