//! Every built-in scenario says where its architecture comes from: sources for the scenario, and a `source` on every
//! radar and interceptor site (a published figure, a row of shared/data/sites.csv with its confidence, or the word
//! generic).

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
