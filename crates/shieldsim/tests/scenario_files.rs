//! Scenario files: the built-in scenarios load and match their names; sampling, defaults and catalogue overrides do
//! what `docs/scenario.md` says.

use shieldsim::earth::{EarthModel, Geodetic, GravityModel, Shape as EarthShape};
use shieldsim::flight::targeting::ShapeSpec;
use shieldsim::flight::Shape;
use shieldsim::intercept::{LaunchRule, Link, LinkKind, SensorRole};
use shieldsim::scenario::{
    builtin_names, builtin_scenarios, builtin_toml, parse_scenario, parse_scenario_full,
    BUILTIN_SCENARIOS, DEFAULT_MAX_TRAJECTORIES_PER_CORRIDOR,
};

/// A small valid file; `extra` is appended.
fn minimal(extra: &str) -> String {
    format!(
        r#"
[scenario]
name = "minimal"
title = "Minimal"
sources = ["test"]

[architecture]

[[architecture.radar]]
name = "kurecik"
type = "an-tpy-2"
lat_deg = 38.35
lon_deg = 37.79

[[architecture.site]]
name = "deveselu"
interceptor = "sm3-ib"
lat_deg = 44.08
lon_deg = 24.38

[[corridor]]
name = "c"
missiles = ["shahab-3"]

  [[corridor.launch]]
  name = "tabriz"
  lat_deg = 38.07
  lon_deg = 46.30

  [[corridor.aim]]
  name = "berlin"
  lat_deg = 52.52
  lon_deg = 13.40
{extra}"#
    )
}

#[test]
fn builtin_scenarios_load() {
    let loaded = builtin_scenarios().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.len(), BUILTIN_SCENARIOS.len());
    for ((name, text), l) in BUILTIN_SCENARIOS.iter().zip(&loaded) {
        assert_eq!(&l.scenario.name, name);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/");
        let on_disk = std::fs::read_to_string(format!("{path}{name}.toml")).unwrap();
        assert_eq!(
            &on_disk, text,
            "{name}: embedded text differs from the file"
        );
        assert!(!l.scenario.corridors.is_empty() && !l.scenario.architecture.sites.is_empty());
        assert_eq!(l.radar_types.len(), l.scenario.architecture.radars.len());
    }
    // Every file under scenarios/ is built in.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|f| f.ends_with(".toml"))
        .collect();
    files.sort();
    let mut names: Vec<String> = builtin_names()
        .iter()
        .map(|n| format!("{n}.toml"))
        .collect();
    names.sort();
    assert_eq!(files, names);
    assert!(builtin_toml("nope").is_none());
}

#[test]
fn defaults() {
    let l = parse_scenario_full(&minimal(""), "minimal.toml").unwrap_or_else(|e| panic!("{e}"));
    let s = &l.scenario;
    assert_eq!(s.model.earth, EarthModel::default());
    assert!(s.model.drag);
    assert_eq!(s.description, "");
    let a = &s.architecture;
    assert_eq!(a.decision_delay_s, 30.0);
    // No links: each site launches on its own fire-control radar only; the radar takes its catalogue role and the
    // site the track rule.
    assert!(a.links.is_empty());
    assert_eq!(a.roles, [SensorRole::FireControl]);
    assert_eq!(a.sites[0].launch_rule, LaunchRule::Track);
    assert!(
        a.early_warning.is_none(),
        "no [architecture.early_warning]: none"
    );
    assert_eq!(a.sites[0].inventory, 1);
    assert_eq!(a.radars[0].id, "kurecik");
    assert_eq!(l.radar_types, ["an-tpy-2"]);
    assert_eq!(a.radars[0].site.alt_m, 0.0);
    // The boresight faces the first launch point of the first corridor.
    let radar = Geodetic::from_degrees(38.35, 37.79, 0.0);
    let tabriz = Geodetic::from_degrees(38.07, 46.30, 0.0);
    let az = EarthModel::default().distance_azimuth(&radar, &tabriz).1;
    assert!((a.radars[0].boresight_azimuth_rad - az).abs() < 1e-12);
    assert!((az.to_degrees() - 92.0).abs() < 3.0);
    let c = &s.corridors[0];
    assert_eq!(c.shapes.len(), 1);
    assert_eq!(c.shapes[0].name, "min-energy");
    assert_eq!(c.launches[0].name, "tabriz");
    assert!((c.launches[0].position.lat_deg() - 38.07).abs() < 1e-12);
    assert_eq!(
        l.max_trajectories_per_corridor,
        DEFAULT_MAX_TRAJECTORIES_PER_CORRIDOR
    );
}

#[test]
fn explicit_values() {
    let text = minimal("")
        .replace(
            "[architecture]\n",
            "[model]\nearth = \"sphere\"\nrotation = false\ngravity = \"point-mass\"\ndrag = false\n\n\
             [architecture]\ndecision_delay_s = 12.5\nlaunch_on_remote = false\n\
             [architecture.early_warning]\ndelay_s = 45\n",
        )
        .replace("lon_deg = 37.79\n", "lon_deg = 37.79\nalt_m = 2085\nboresight_azimuth_deg = 95\n")
        .replace("lon_deg = 24.38\n", "lon_deg = 24.38\ninventory = 24\n")
        .replace(
            "missiles = [\"shahab-3\"]",
            "missiles = [\"shahab-3\"]\nshapes = [\"depressed\", { shape = \"lofted\", apogee_km = 1500 }, \
             { shape = \"depressed\", burnout_flight_path_deg = 12.5 }]",
        );
    let s = parse_scenario(&text, "explicit.toml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        s.model.earth,
        EarthModel::new(EarthShape::Sphere, false, GravityModel::PointMass)
    );
    assert!(!s.model.drag);
    let a = &s.architecture;
    assert_eq!(a.decision_delay_s, 12.5);
    assert!(
        a.links.is_empty(),
        "launch_on_remote = false still loads: no link"
    );
    assert_eq!(a.early_warning.unwrap().detection_delay_s, 45.0);
    assert_eq!(a.radars[0].site.alt_m, 2085.0);
    assert!((a.radars[0].boresight_azimuth_rad - 95f64.to_radians()).abs() < 1e-12);
    assert_eq!(a.sites[0].inventory, 24);
    let shapes = &s.corridors[0].shapes;
    let names: Vec<&str> = shapes.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "depressed",
            "lofted-apogee-1500km",
            "depressed-burnout-fpa-12.5deg"
        ]
    );
    assert_eq!(shapes[0].shape, Shape::Depressed(None));
    assert_eq!(
        shapes[1].shape,
        Shape::Lofted(Some(ShapeSpec::ApogeeM(1.5e6)))
    );

    // Early warning switched off.
    let off = minimal("").replace(
        "[architecture]\n",
        "[architecture]\n[architecture.early_warning]\nenabled = false\n",
    );
    let s = parse_scenario(&off, "off.toml").unwrap_or_else(|e| panic!("{e}"));
    assert!(s.architecture.early_warning.is_none());
}

#[test]
fn areas_are_sampled_in_order() {
    let text = minimal(
        r#"
  [[corridor.launch]]
  name = "iran-west"
  polygon_deg = [[35.0, 46.0], [38.0, 46.0], [38.0, 49.0], [35.0, 49.0]]
  spacing_km = 100.0

  [[corridor.aim]]
  name = "grid"
  grid = { south_deg = 40.0, west_deg = -5.0, north_deg = 60.0, east_deg = 30.0, spacing_deg = 5.0 }
  weight = 0.25
"#,
    );
    let s = parse_scenario(&text, "areas.toml").unwrap_or_else(|e| panic!("{e}"));
    let c = &s.corridors[0];
    assert_eq!(c.launches[0].name, "tabriz");
    let west: Vec<_> = c.launches[1..].iter().collect();
    assert!(west.len() >= 6, "{}", west.len());
    for (k, p) in west.iter().enumerate() {
        assert_eq!(p.name, format!("iran-west#{}", k + 1));
        assert!(p.position.lat_deg() > 35.0 && p.position.lat_deg() < 38.0);
        assert!(p.position.lon_deg() > 46.0 && p.position.lon_deg() < 49.0);
        assert_eq!(p.position.alt_m, 0.0);
    }
    assert_eq!(c.aims.len(), 1 + 5 * 8);
    assert_eq!(c.aims[1].name, "grid#1");
    assert!((c.aims[1].position.lat_deg() - 40.0).abs() < 1e-12);
    assert!((c.aims[1].position.lon_deg() + 5.0).abs() < 1e-12);
    assert!((c.aims[40].position.lat_deg() - 60.0).abs() < 1e-12);
    assert!((c.aims[40].position.lon_deg() - 30.0).abs() < 1e-12);
    // Every point of a weighted region takes its weight; the others weigh 1, launch points included.
    assert_eq!(c.aims[0].weight, 1.0);
    assert!(c.aims[1..].iter().all(|p| p.weight == 0.25));
    assert!(c.launches.iter().all(|p| p.weight == 1.0));
}

#[test]
fn catalogue_tables_replace_and_add_entries() {
    let catalog = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/missiles.toml");
    let missiles = std::fs::read_to_string(catalog).unwrap();
    let start = missiles.find("[[missile]]\nid = \"shahab-3\"").unwrap();
    let end = start + 10 + missiles[start + 10..].find("[[missile]]").unwrap();
    let entry = &missiles[start..end];
    // Replace shahab-3 with a heavier re-entry vehicle, and add a copy under a new id.
    let heavier = entry.replacen("mass_kg = ", "mass_kg = 1", 1);
    let copy = entry.replace("id = \"shahab-3\"", "id = \"shahab-3-copy\"");
    let text = minimal(&format!("\n{heavier}\n{copy}")).replace(
        "missiles = [\"shahab-3\"]",
        "missiles = [\"shahab-3\", \"shahab-3-copy\"]",
    );
    let s = parse_scenario(&text, "override.toml").unwrap_or_else(|e| panic!("{e}"));
    let m = &s.corridors[0].missiles;
    assert_eq!(m[0].id, "shahab-3");
    assert_eq!(m[1].id, "shahab-3-copy");
    assert!(m[0].missile.payload.mass_kg > 1000.0 + m[1].missile.payload.mass_kg - 1e-9);
    // Without the file's tables, shahab-3 is the catalogue's (the copy's).
    let builtin = parse_scenario(&minimal(""), "minimal.toml").unwrap();
    let original = &builtin.corridors[0].missiles[0].missile;
    assert_eq!(original.payload, m[1].missile.payload);
    assert_eq!(original.stages, m[1].missile.stages);
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = minimal("")
        .replace("lat_deg = 38.35", "lat_deg = 95.0")
        .replace("\"sm3-ib\"", "\"sm3-1b\"")
        .replace(
            "missiles = [\"shahab-3\"]",
            "missiles = [\"shahab3\"]\nshape = [\"lofted\"]",
        );
    let e = parse_scenario(&text, "many.toml").unwrap_err();
    let messages: Vec<&str> = e.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(e.diagnostics.len(), 4, "{e}");
    assert!(messages[0].starts_with("latitude out of range"), "{e}");
    assert!(
        messages[1].starts_with("unknown interceptor id `sm3-1b`"),
        "{e}"
    );
    assert!(
        messages[2].starts_with("unknown missile id `shahab3`"),
        "{e}"
    );
    assert!(messages[3].starts_with("unknown key `shape`"), "{e}");
    assert_eq!(
        e.diagnostics[3].hint.as_deref(),
        Some("did you mean `shapes`?")
    );
    // Sorted by position, each with its line and column.
    for w in e.diagnostics.windows(2) {
        assert!(w[0].span.start <= w[1].span.start);
    }
    let d = &e.diagnostics[0];
    assert_eq!(&text[d.span.clone()], "95.0");
    assert_eq!(d.line, text[..d.span.start].lines().count());
    assert_eq!(d.column, 11);
}

/// Links, roles and launch rules load into indices of the architecture's radars and sites.
#[test]
fn links_roles_and_launch_rules() {
    let text = minimal("").replace(
        "[[corridor]]",
        r#"[[architecture.radar]]
name = "fylingdales"
type = "uewr-fylingdales"
lat_deg = 54.361
lon_deg = -0.67
role = "commit"

[[architecture.radar]]
name = "thule"
type = "uewr"
lat_deg = 76.53
lon_deg = -68.70

[[architecture.site]]
name = "redzikowo"
interceptor = "gbi-2stage"
lat_deg = 54.47
lon_deg = 17.12
launch_rule = "after-burnout"
launch_time_s = 20

[[architecture.link]]
name = "gmd"
kind = "engage-on-remote"
sensors = ["fylingdales", "kurecik"]
sites = ["redzikowo"]
source = "test"
note = "a remark"

[[architecture.link]]
name = "aegis"
kind = "launch-on-remote"
sensors = ["kurecik"]
sites = ["deveselu", "redzikowo"]
source = "test"

[[corridor]]"#,
    );
    let s = parse_scenario(&text, "links.toml").unwrap_or_else(|e| panic!("{e}"));
    let a = &s.architecture;
    assert_eq!(
        a.roles,
        [SensorRole::FireControl, SensorRole::Commit, SensorRole::Cue]
    );
    assert_eq!(a.sites[0].launch_rule, LaunchRule::Track);
    assert_eq!(
        a.sites[1].launch_rule,
        LaunchRule::AfterBurnout {
            launch_time_s: 20.0
        }
    );
    assert_eq!(a.links.len(), 2);
    let gmd = &a.links[0];
    assert_eq!(
        gmd.link,
        Link {
            name: "gmd".into(),
            kind: LinkKind::EngageOnRemote,
            sensors: vec![1, 0],
            sites: vec![1],
        }
    );
    assert_eq!(
        (gmd.source.as_str(), gmd.note.as_str()),
        ("test", "a remark")
    );
    assert_eq!(a.links[1].link.kind, LinkKind::LaunchOnRemote);
    assert_eq!(a.links[1].link.sites, [0, 1]);
    assert_eq!(a.links[1].note, "");
}

/// Every built-in scenario declares its links, each with a source, and none keeps `launch_on_remote`.
#[test]
fn builtin_scenarios_declare_links_with_sources() {
    for name in builtin_names() {
        let text = builtin_toml(name).unwrap();
        assert!(!text.contains("launch_on_remote ="), "{name}");
        let s = parse_scenario(text, name).unwrap();
        assert!(!s.architecture.links.is_empty(), "{name}");
        for l in &s.architecture.links {
            assert!(l.source.contains("http"), "{name} {}", l.link.name);
            for note in [["parameters", ".md"].concat(), ["sites", ".csv"].concat()] {
                assert!(!l.source.contains(note.as_str()), "{name}: {}", l.source);
            }
        }
    }
}

/// A launch area's own `missiles` replace the corridor's for that area: the corridor's missiles are the union (first
/// seen first), each launch point flies only its own, and the trajectory count follows.
#[test]
fn launch_areas_may_fly_their_own_missiles() {
    let text = minimal("").replace(
        "  [[corridor.aim]]",
        r#"  [[corridor.launch]]
  name = "semnan"
  polygon_deg = [[35.0, 53.5], [35.5, 53.5], [35.5, 54.5], [35.0, 54.5]]
  spacing_km = 40.0
  missiles = ["sejjil", "shahab-3"]

  [[corridor.aim]]"#,
    );
    let s = parse_scenario(&text, "own.toml").unwrap_or_else(|e| panic!("{e}"));
    let c = &s.corridors[0];
    let ids: Vec<&str> = c.missiles.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["shahab-3", "sejjil"]);
    let semnan_points = c.launches.len() - 1;
    assert!(semnan_points >= 2, "{semnan_points}");
    assert_eq!(c.launch_missiles.len(), c.launches.len());
    assert_eq!(c.missiles_at(0), [0]);
    for l in 1..c.launches.len() {
        assert!(c.launches[l].name.starts_with("semnan#"));
        assert_eq!(c.missiles_at(l), [1, 0]);
    }
    // tabriz: 1 missile; each semnan point: 2; one aim, one shape.
    assert_eq!(c.trajectory_count(), 1 + 2 * semnan_points);
    assert_eq!(
        shieldsim::analysis::assess::trajectory_count(&s),
        c.trajectory_count()
    );

    // Without the corridor's list, every launch area gives its own.
    let text = text
        .replacen("missiles = [\"shahab-3\"]\n", "", 1)
        .replacen(
            "  lon_deg = 46.30\n",
            "  lon_deg = 46.30\n  missiles = [\"ghadr-1\"]\n",
            1,
        );
    let s = parse_scenario(&text, "own.toml").unwrap_or_else(|e| panic!("{e}"));
    let c = &s.corridors[0];
    let ids: Vec<&str> = c.missiles.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["ghadr-1", "sejjil", "shahab-3"]);
    assert_eq!(c.missiles_at(0), [0]);
    assert_eq!(c.missiles_at(1), [1, 2]);
}

/// The built-in scenarios carry identical threat corridors (so that every architecture is assessed against the same
/// threats): the text from the THREAT CORRIDORS banner to `[analysis]` is the same in all six files.
#[test]
fn builtin_corridor_sections_are_identical() {
    let section = |name: &str| {
        let text = builtin_toml(name).unwrap();
        let start = text.find("# THREAT CORRIDORS").expect("corridor banner");
        let end = text.find("\n[analysis]").expect("[analysis]");
        text[start..end].to_string()
    };
    let names = builtin_names();
    assert_eq!(names.len(), 6);
    let first = section(names[0]);
    for n in &names[1..] {
        assert!(
            section(n) == first,
            "{n}: corridor section differs from {}",
            names[0]
        );
    }
    // Each state's corridors are flown by that state's missiles only.
    for s in builtin_scenarios().unwrap() {
        for c in &s.scenario.corridors {
            let ids: Vec<&str> = c.missiles.iter().map(|m| m.id.as_str()).collect();
            let allowed: &[&str] = match c.name.as_str() {
                "russia-us" => &["topol", "topol-m", "yars", "r-36m2", "ur-100n-uttkh"],
                "iran-europe" => &["shahab-3", "shahab-3-2000km-claim", "ghadr-1", "sejjil"],
                "iran-us-east-coast" => &["iran-icbm-liquid", "iran-icbm-solid"],
                "north-korea-us-west" => &["nk-icbm-unha"],
                other => panic!("unexpected corridor {other}"),
            };
            assert!(
                ids.iter().all(|id| allowed.contains(id)),
                "{}: {ids:?}",
                c.name
            );
        }
    }
}
