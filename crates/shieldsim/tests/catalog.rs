//! The built-in missile catalogue: every number is sourced or marked generic, every entry is physically valid, and
//! the engine reproduces each published maximum range within 10 %.

use shieldsim::catalog::{Catalog, NominalPerformance, MISSILES_TOML};

/// Each table's `generic` list names keys that exist in that table, and each table has a non-empty `source`.
#[test]
fn every_parameter_is_sourced_or_generic() {
    let doc: toml::Table = toml::from_str(MISSILES_TOML).unwrap();
    let missiles = doc["missile"].as_array().unwrap();
    assert!(missiles.len() >= 6);
    for m in missiles {
        let id = m["id"].as_str().unwrap();
        assert!(
            !m["sources"].as_array().unwrap().is_empty(),
            "{id}: no sources"
        );
        assert!(!m["published_max_range_source"].as_str().unwrap().is_empty());
        let mut tables = vec![
            ("payload", m["payload"].as_table().unwrap()),
            ("guidance", m["guidance"].as_table().unwrap()),
        ];
        for s in m["stage"].as_array().unwrap() {
            tables.push(("stage", s.as_table().unwrap()));
        }
        for (name, t) in tables {
            let source = t.get("source").and_then(|v| v.as_str()).unwrap_or("");
            assert!(!source.trim().is_empty(), "{id} {name}: no source");
            let generic: Vec<&str> = t
                .get("generic")
                .and_then(|g| g.as_array())
                .map_or(vec![], |g| g.iter().filter_map(|v| v.as_str()).collect());
            for k in &generic {
                assert!(
                    t.contains_key(*k) || *k == "drag_coefficient" || *k == "nozzle_exit_area_m2",
                    "{id} {name}: generic key '{k}' is not in the table"
                );
            }
            // A table whose source is the single word "generic" must list all its numbers as generic.
            if source.trim() == "generic" {
                for (k, v) in t {
                    if v.is_float() || v.is_integer() {
                        assert!(
                            generic.contains(&k.as_str()),
                            "{id} {name}: '{k}' is neither sourced nor listed generic"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn engine_reproduces_published_maximum_ranges_within_ten_percent() {
    let catalog = Catalog::builtin().unwrap();
    let classes = ["SRBM", "MRBM", "IRBM", "ICBM"];
    for e in &catalog.missiles {
        assert!(
            classes.contains(&e.class.as_str()),
            "{}: class {}",
            e.id,
            e.class
        );
        let m = e.to_missile().unwrap();
        let range_m = NominalPerformance::of(&m).unwrap().max_range_m;
        let published = e.published_max_range_km;
        let err = (range_m / 1000.0 - published) / published;
        assert!(
            err.abs() <= 0.10,
            "{}: {:.0} km vs published {published} km",
            e.id,
            range_m / 1000.0
        );
        // The US MDA range classes (parameters.md): the computed range falls in the stated class.
        let class = match range_m / 1000.0 {
            r if r <= 1000.0 => "SRBM",
            r if r <= 3000.0 => "MRBM",
            r if r <= 5500.0 => "IRBM",
            _ => "ICBM",
        };
        assert_eq!(class, e.class, "{}", e.id);
    }
    let ids: Vec<&str> = catalog.missiles.iter().map(|m| m.id.as_str()).collect();
    for id in [
        "scud-b",
        "shahab-3",
        "irbm-liquid",
        "irbm-solid",
        "icbm-solid-3",
        "icbm-liquid",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
}

#[test]
fn impossible_entries_are_rejected_with_the_parameter_named() {
    let good = MISSILES_TOML;
    let bad = good.replacen(
        "propellant_mass_kg = 3646.0",
        "propellant_mass_kg = 9000.0",
        1,
    );
    assert_ne!(good, bad);
    let err = Catalog::from_toml(&bad).unwrap_err().to_string();
    assert!(
        err.contains("scud-b") && err.contains("propellant_mass_kg"),
        "{err}"
    );
    let bad = good.replacen("burn_time_s = 62.0", "burn_time_s = -62.0", 1);
    let err = Catalog::from_toml(&bad).unwrap_err().to_string();
    assert!(err.contains("burn_time_s"), "{err}");
    let bad = good.replacen("isp_vac_s = 249.8", "isp_vac_s = 249.8\nthrust_kn = 3", 1);
    assert!(Catalog::from_toml(&bad).is_err());
}

/// A stage may give its vacuum thrust instead of its specific impulse: Isp = T·t_b / (m_p·g0).
#[test]
fn thrust_is_an_alternative_to_specific_impulse() {
    // Scud-B stage: 3,646 kg over 62 s at 249.8 s → T = 249.8 · 9.80665 · 3646 / 62 = 144.06 kN.
    let thrust_kn = 249.8 * 9.80665 * 3646.0 / 62.0 / 1000.0;
    let text = MISSILES_TOML.replacen(
        "isp_vac_s = 249.8",
        &format!("thrust_vac_kn = {thrust_kn}"),
        1,
    );
    let c = Catalog::from_toml(&text).unwrap();
    let m = c.missile("scud-b").unwrap().to_missile().unwrap();
    assert!((m.stages[0].isp_vac_s - 249.8).abs() < 1e-9);
    let both = MISSILES_TOML.replacen(
        "isp_vac_s = 249.8",
        "isp_vac_s = 249.8\nthrust_vac_kn = 144.0",
        1,
    );
    let err = Catalog::from_toml(&both).unwrap_err().to_string();
    assert!(
        err.contains("scud-b") && err.contains("exactly one"),
        "{err}"
    );
}
