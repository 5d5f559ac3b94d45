//! `docs/scenario.md` against the loader: its key tables list exactly the keys the loader knows, its complete
//! example uses every one of them and loads without a diagnostic.

use std::collections::BTreeSet;

use shieldsim::scenario::{parse_scenario_full, schema_keys};

const DOC: &str = include_str!("../../../docs/scenario.md");

/// The dotted keys of the doc's key tables: each table follows a `<!-- keys: PATH ... -->` marker (`.` is the top
/// level) and lists one key per row as "| `key` | ...".
fn documented_keys() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut prefixes: Vec<String> = Vec::new();
    for line in DOC.lines() {
        if let Some(rest) = line.trim().strip_prefix("<!-- keys:") {
            prefixes = rest
                .trim_end_matches("-->")
                .split_whitespace()
                .map(|p| {
                    if p == "." {
                        String::new()
                    } else {
                        format!("{p}.")
                    }
                })
                .collect();
            continue;
        }
        if !line.starts_with('|') {
            if !line.trim().is_empty() {
                prefixes.clear();
            }
            continue;
        }
        let Some(cell) = line.strip_prefix("| `") else {
            continue;
        };
        let key = cell.split('`').next().unwrap();
        for p in &prefixes {
            out.insert(format!("{p}{key}"));
        }
    }
    out
}

/// The TOML block after `<!-- example: full -->`.
fn full_example() -> &'static str {
    let start = DOC.find("<!-- example: full -->").expect("marker");
    let rest = &DOC[start..];
    let open = rest.find("```toml\n").expect("toml block") + "```toml\n".len();
    let close = rest[open..].find("```").expect("closing fence");
    &rest[open..open + close]
}

fn used_keys(prefix: &str, v: &toml::Value, out: &mut BTreeSet<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(path.clone());
                used_keys(&path, v, out);
            }
        }
        toml::Value::Array(a) => {
            for v in a {
                used_keys(prefix, v, out);
            }
        }
        _ => {}
    }
}

#[test]
fn doc_lists_exactly_the_loader_keys() {
    let known: BTreeSet<String> = schema_keys().into_iter().collect();
    let documented = documented_keys();
    let undocumented: Vec<_> = known.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&known).collect();
    assert!(
        undocumented.is_empty(),
        "keys missing from docs/scenario.md: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "docs/scenario.md documents keys the loader does not know: {unknown:?}"
    );
}

#[test]
fn full_example_loads_and_uses_every_key() {
    let text = full_example();
    let loaded =
        parse_scenario_full(text, "docs/scenario.md example").unwrap_or_else(|e| panic!("{e}"));
    let s = &loaded.scenario;
    assert_eq!(s.name, "example-iran-europe");
    let c = &s.corridors[0];
    assert_eq!(c.shapes.len(), 4);
    assert!(c.launches.iter().any(|p| p.name == "iran-west#1"));
    assert!(c.aims.iter().any(|p| p.name == "central-europe#12"));
    assert_eq!(loaded.radar_types, ["an-tpy-2", "example-x-band"]);

    let mut used = BTreeSet::new();
    used_keys("", &toml::from_str::<toml::Value>(text).unwrap(), &mut used);
    // Launch areas and aim regions take the same keys, as do missile and interceptor stages and guidance: the
    // example needs each such key in one of them.
    let shared = |k: &str| {
        k.replace("corridor.launch.", "corridor.aim.")
            .replace("interceptor.stage.", "missile.stage.")
            .replace("interceptor.guidance.", "missile.guidance.")
    };
    let used_shared: BTreeSet<String> = used.iter().map(|k| shared(k)).collect();
    let missing: Vec<String> = schema_keys()
        .into_iter()
        .filter(|k| !used_shared.contains(&shared(k)))
        .collect();
    assert!(
        missing.is_empty(),
        "keys the full example does not use: {missing:?}"
    );
}

/// The diagnostics shown in the doc are the loader's, for the full example with the three mistakes the doc names.
#[test]
fn doc_diagnostics_are_real() {
    let start = DOC.find("<!-- example: diagnostics -->").expect("marker");
    let rest = &DOC[start..];
    let open = rest.find("```text\n").expect("text block") + "```text\n".len();
    let close = rest[open..].find("```").expect("closing fence");
    let shown = &rest[open..open + close];
    let bad = full_example()
        .replacen("  lat_deg = 38.07\n", "  lat_deg = 95.0\n", 1)
        .replacen("  spacing_km = 150.0\n", "  spacing = 150.0\n", 1)
        .replacen("interceptor = \"sm3-ib\"", "interceptor = \"sm3-1b\"", 1);
    let e = parse_scenario_full(&bad, "bad.toml").unwrap_err();
    // The CLI prints the error after "error: ".
    assert_eq!(shown, format!("error: {e}\n"), "update docs/scenario.md");
}
