//! The raid tables of a scenario file, `[[force]]` and `[raid]`: read into the loaded scenario, and every problem
//! reported at once with its line and column, what is allowed and the nearest name.

use shieldsim::analysis::attrition::{Doctrine, ForceDeclaration};
use shieldsim::scenario::{builtin_toml, parse_scenario_full, Diagnostic};

/// The built-in EPAA phase 1 scenario with `extra` appended.
fn with(extra: &str) -> String {
    format!("{}\n{extra}", builtin_toml("epaa-phase1-2011").unwrap())
}

fn problems(extra: &str) -> (String, Vec<Diagnostic>) {
    let text = with(extra);
    let e = parse_scenario_full(&text, "raid.toml").unwrap_err();
    (text, e.diagnostics)
}

#[test]
fn forces_and_raid_settings_are_read() {
    let l = parse_scenario_full(
        &with(
            r#"
[[force]]
corridor = "iran-europe"
warheads = 5
source = "notional test raid"

[[force]]
corridor = "russia-us"
warheads = 0
source = "none"
notional = true

[raid]
pk_per_shot = 0.7
source = "generic"
doctrine = "salvo:2,sls"
max_per_warhead = 3
"#,
        ),
        "raid.toml",
    )
    .unwrap();
    assert_eq!(
        l.forces,
        [
            ForceDeclaration {
                corridor: "iran-europe".into(),
                warheads: 5,
                notional: true,
                source: "notional test raid".into(),
            },
            ForceDeclaration {
                corridor: "russia-us".into(),
                warheads: 0,
                notional: true,
                source: "none".into(),
            },
        ]
    );
    let r = l.raid.unwrap();
    assert_eq!((r.pk_per_shot, r.source.as_str()), (0.7, "generic"));
    assert_eq!(
        r.doctrine,
        Doctrine {
            salvo: 2,
            look: true,
            max_per_warhead: Some(3)
        }
    );
    // Neither table: no forces, no settings; the doctrine defaults to shoot-look-shoot.
    let l = parse_scenario_full(builtin_toml("epaa-phase1-2011").unwrap(), "x.toml").unwrap();
    assert!(l.forces.is_empty() && l.raid.is_none());
    let l =
        parse_scenario_full(&with("[raid]\npk_per_shot = 1\nsource = \"g\"\n"), "x.toml").unwrap();
    assert_eq!(l.raid.unwrap().doctrine, Doctrine::SHOOT_LOOK_SHOOT);
}

#[test]
fn every_raid_problem_is_reported_at_once() {
    let (text, d) = problems(
        r#"
[[force]]
corridor = "iran-eurpoe"
warheads = -3
source = "x"
notional = false

[[force]]
corridor = "russia-us"
warheads = 20000
source = "x"

[[force]]
corridor = "russia-us"
warheads = 1

[raid]
pk = 0.5
pk_per_shot = 1.5
source = "generic"
doctrine = "salvo:0"
max_per_warhead = 0
"#,
    );
    let find = |needle: &str| {
        d.iter()
            .find(|d| d.message.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in {d:#?}"))
    };
    let c = find("unknown corridor `iran-eurpoe`");
    assert_eq!(c.hint.as_deref(), Some("did you mean `iran-europe`?"));
    assert!(c.expected.contains("iran-europe") && c.expected.contains("russia-us"));
    // Line and column point at the value.
    let at = text.find("\"iran-eurpoe\"").unwrap();
    assert_eq!(c.line, text[..at].lines().count());
    assert_eq!(c.column, at - text[..at].rfind('\n').unwrap());
    assert!(find("warheads = -3")
        .hint
        .as_deref()
        .unwrap()
        .contains("fewer than 0"));
    assert!(find("warheads = 20000").expected.contains("0 to 10000"));
    assert!(find("notional = false")
        .hint
        .as_deref()
        .unwrap()
        .contains("notional = true"));
    let dup = find("duplicate corridor `russia-us`");
    assert!(dup.hint.as_deref().unwrap().contains("first used on line"));
    assert!(find("missing").message.contains("source"));
    assert_eq!(
        find("unknown key `pk`").hint.as_deref(),
        Some("did you mean `pk_per_shot`?")
    );
    assert!(find("pk_per_shot = 1.5").expected.contains("(0, 1]"));
    assert!(find("doctrine = \"salvo:0\"")
        .expected
        .contains("expected sls"));
    assert!(find("max_per_warhead = 0").expected.contains("1 or more"));
    assert_eq!(d.len(), 10, "{d:#?}");
}
