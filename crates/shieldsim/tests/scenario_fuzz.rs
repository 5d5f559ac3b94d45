//! The scenario loader never panics: arbitrary bytes, and valid files (a built-in scenario, the documented full
//! example) with random edits — deletions and insertions of TOML punctuation, extreme numbers, control characters,
//! known keys and whole tables — either load or give diagnostics whose positions lie in the file, with no raw control
//! character in the rendered text. This runs in CI; the coverage-guided cargo-fuzz target is `fuzz/` (nightly, run by
//! hand: `docs/reliability.md`), the seeded mutation test `scenario_mutation.rs`.

use proptest::prelude::*;
use shieldsim::scenario::{builtin_toml, parse_scenario_bytes};
use shieldsim::text::is_hidden_control;

const DOC: &str = include_str!("../../../docs/scenario.md");

fn doc_example() -> &'static str {
    let start = DOC.find("<!-- example: full -->").unwrap();
    let rest = &DOC[start..];
    let open = rest.find("```toml\n").unwrap() + "```toml\n".len();
    let close = rest[open..].find("```").unwrap();
    &rest[open..open + close]
}

const TOKENS: &[&str] = &[
    "",
    "[",
    "]",
    "[[",
    "]]",
    "=",
    "\"",
    "'",
    "\n",
    "#",
    "{",
    "}",
    ",",
    ".",
    "-1",
    "0",
    "-0.0",
    "1e999",
    "nan",
    "inf",
    "-inf",
    "95.0",
    "1e-9",
    "99999999999999999999",
    "0x7fffffffffffffff",
    "true",
    "\"x\"",
    "é",
    "\t",
    "\u{1b}[2J",
    "\u{7}",
    "\r",
    "\u{202e}",
    "name = \"a\\u001b[31m\"\n",
    "\r\n",
    "1979-05-27T07:32:00Z",
    "lat_deg = ",
    "lon_deg = 200\n",
    "name = \"dup\"\n",
    "spacing_km = 0.001\n",
    "inventory = 0\n",
    "polygon_deg = [[0,0],[1,1],[0,1],[1,0]]\n",
    "polygon_deg = [[89,0],[89,120],[89,-120]]\n",
    "shapes = [{ shape = \"lofted\", apogee_km = 1e308 }, \"depressed\"]\n",
    "\n[[corridor]]\nname = \"c\"\n",
    "\n[[corridor.launch]]\nname = \"p\"\npolygon_deg = [[10,170],[10,-170],[12,-170],[12,170]]\nspacing_km = 30\n",
    "\n[[corridor.aim]]\nname = \"g\"\ngrid = { south_deg = -90, west_deg = -180, north_deg = 90, east_deg = 180, spacing_deg = 0.2 }\n",
    "\n[[missile]]\nid = \"shahab-3\"\n",
    "\n[[radar]]\nid = \"an-tpy-2\"\n",
    "\n[architecture.early_warning]\nenabled = false\n",
    "\n[analysis]\nmax_trajectories_per_corridor = 1\n",
];

/// Applies edits (position, bytes to delete, token or random text to insert) to `text`, on character boundaries.
fn mutate(text: &str, edits: &[(usize, usize, usize, String)]) -> String {
    let mut s = text.to_string();
    for (pos, del, tok, random) in edits {
        let mut at = pos % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + del).min(s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        let insert = if *tok < TOKENS.len() {
            TOKENS[*tok]
        } else {
            random.as_str()
        };
        s.replace_range(at..end, insert);
    }
    s
}

fn check(bytes: &[u8]) {
    if let Err(e) = parse_scenario_bytes(bytes, "fuzz.toml") {
        assert!(!e.diagnostics.is_empty());
        for d in &e.diagnostics {
            assert!(d.line >= 1 && d.column >= 1);
            assert!(d.span.start <= d.span.end && d.span.end <= bytes.len());
        }
        // Nothing from the file reaches a terminal raw: control characters are shown escaped.
        let shown = e.to_string();
        assert!(
            !shown.chars().any(|c| c != '\n' && is_hidden_control(c)),
            "{shown:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_text(chars in proptest::collection::vec(
        prop_oneof![Just('['), Just(']'), Just('='), Just('"'), Just('\n'), Just('.'), any::<char>()], 0..300)) {
        let text: String = chars.into_iter().collect();
        check(text.as_bytes());
    }

    #[test]
    fn mutated_valid_files(
        base in 0usize..2,
        edits in proptest::collection::vec(
            (any::<usize>(), 0usize..40, 0usize..TOKENS.len() + 8,
             proptest::collection::vec(any::<char>(), 0..6).prop_map(|c| c.into_iter().collect::<String>())),
            1..6),
    ) {
        let text = if base == 0 { builtin_toml("epaa-phase2-2015").unwrap() } else { doc_example() };
        check(mutate(text, &edits).as_bytes());
    }
}
