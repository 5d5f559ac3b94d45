//! `docs/conventions.md` is the repository's own statement of its conventions: its table of Earth constants must be
//! the engine's constants, and nothing in the repository may cite a convention document outside it.

use std::path::{Path, PathBuf};

use shieldsim::earth::constants::{
    G0_M_S2, GM_M3_S2, J2, J2_REFERENCE_RADIUS_M, OMEGA_RAD_S, SPHERE_R_M, WGS84_A_M, WGS84_F,
};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn conventions() -> String {
    std::fs::read_to_string(workspace_root().join("docs/conventions.md"))
        .expect("docs/conventions.md")
}

/// A value as written in the document: digits with thousands commas, an optional `× 10ⁿ` in superscript digits and
/// an optional `1 / x`; the unit after it is ignored.
fn parse_value(cell: &str) -> f64 {
    let cell = cell.replace(',', "");
    if let Some(rest) = cell.strip_prefix("1 / ") {
        return 1.0 / parse_value(rest);
    }
    let mut words = cell.split_whitespace();
    let mantissa: f64 = words.next().unwrap().parse().unwrap();
    if words.next() != Some("×") {
        return mantissa;
    }
    let power = words.next().unwrap();
    let exponent: String = power
        .trim_start_matches("10")
        .chars()
        .map(|c| match c {
            '⁻' => '-',
            '⁰' => '0',
            '¹' => '1',
            '²' => '2',
            '³' => '3',
            '⁴' => '4',
            '⁵' => '5',
            '⁶' => '6',
            '⁷' => '7',
            '⁸' => '8',
            '⁹' => '9',
            other => panic!("unexpected {other:?} in {power:?}"),
        })
        .collect();
    mantissa * 10f64.powi(exponent.parse().unwrap())
}

/// The value column of the constants table row whose first cell starts with `quantity`.
fn table_value(doc: &str, quantity: &str) -> f64 {
    let row = doc
        .lines()
        .find(|l| l.starts_with(&format!("| {quantity}")))
        .unwrap_or_else(|| panic!("no row {quantity:?} in docs/conventions.md"));
    parse_value(row.split('|').nth(2).unwrap().trim())
}

#[test]
fn the_documented_constants_are_the_engines() {
    let doc = conventions();
    for (quantity, value) in [
        ("WGS 84 semi-major axis", WGS84_A_M),
        ("WGS 84 flattening", WGS84_F),
        ("sphere radius", SPHERE_R_M),
        ("geocentric gravitational constant", GM_M3_S2),
        ("rotation rate", OMEGA_RAD_S),
        ("second zonal harmonic", J2),
        ("J2 reference radius", J2_REFERENCE_RADIUS_M),
        ("standard gravity", G0_M_S2),
    ] {
        let documented = table_value(&doc, quantity);
        assert!(
            (documented - value).abs() <= 1e-15 * value.abs(),
            "{quantity}: docs/conventions.md says {documented:e}, the engine uses {value:e}"
        );
    }
    // The parser reads what it claims to read (a self-check, so that the loop above cannot pass vacuously).
    assert_eq!(parse_value("6,378,137.0 m"), 6_378_137.0);
    assert_eq!(parse_value("7.292115 × 10⁻⁵ rad/s"), 7.292115e-5);
}

#[test]
fn every_section_the_code_cites_exists() {
    let doc = conventions();
    let headings: Vec<&str> = doc.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    for section in [
        "Units",
        "Frames",
        "Earth model",
        "Altitude, distance and impact",
        "Angles and signs",
        "Time",
        "Flight states at a boundary",
        "The engagement timeline",
        "Sources",
    ] {
        assert!(
            headings.contains(&section),
            "docs/conventions.md has no section {section:?}: {headings:?}"
        );
    }
}

/// Text files of the repository that a reader gets: sources, docs, catalogues, scenarios, scripts.
fn repository_text_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" {
                    walk(&path, out);
                }
            } else if ["rs", "md", "toml", "py", "sh", "csv", "txt"]
                .iter()
                .any(|e| name.ends_with(&format!(".{e}")))
                || path.parent().is_some_and(|p| p.ends_with("bench"))
            {
                out.push(path);
            }
        }
    }
    let root = workspace_root();
    let mut files = vec![root.join("README.md"), root.join("Cargo.toml")];
    for dir in ["crates", "docs", "bench", "validation"] {
        walk(&root.join(dir), &mut files);
    }
    files
}

/// The project stands alone: no file cites the design notes it was built from, the working notes its catalogue
/// figures were collected in, or a code-search index id; each of those has a public source or a page in `docs/`.
/// (The needles are assembled so that this file does not match itself.)
#[test]
fn nothing_cites_a_document_outside_the_repository() {
    let needles = [
        ["DESIGN", ".md"].concat(),
        ["STYLE", ".md"].concat(),
        ["parameters", ".md"].concat(),
        ["sites", ".csv"].concat(),
        ["shared", "/data"].concat(),
        ["22712691", "903"].concat(),
    ];
    let files = repository_text_files();
    assert!(files.len() > 50, "only {} files found", files.len());
    let mut offenders = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if needles.iter().any(|n| line.contains(n.as_str())) {
                offenders.push(format!("{}:{}: {line}", path.display(), i + 1));
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}
