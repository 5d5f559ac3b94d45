//! The "Files" section of a report: every file of the output set, read from the set's directory when the report is
//! written (the report is written last), grouped by what a reader does with it (tables, maps, figures, data for
//! GIS and Cesium), each with a one-line description, its formats and sizes. Generic by design: a file a job starts
//! writing is linked without touching the report.

use std::path::Path;

use serde::Serialize;

use crate::error::Error;

/// The report's own file name (not listed: the reader is on it).
pub const REPORT_FILE: &str = "report.html";

/// A file of an output set, as a report links it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetFile {
    /// The file name inside the set's directory.
    pub name: String,
    /// Its size, bytes.
    pub bytes: u64,
}

/// The files written so far into the output-set directory `dir` (the staging directory while a job writes), sorted
/// by name: every regular file but hidden ones (the set's marker, temporary files of atomic writes) and
/// [`REPORT_FILE`].
pub fn set_files(dir: &Path) -> Result<Vec<SetFile>, Error> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::internal(format!("cannot list {}: {e}", dir.display())))?;
    let mut files: Vec<SetFile> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let meta = e.metadata().ok()?;
            (meta.is_file() && !name.starts_with('.') && name != REPORT_FILE).then_some(SetFile {
                name,
                bytes: meta.len(),
            })
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// What the describer knows of the set's names: scenario ids with their short titles, corridor ids with their
/// display names (so `map-SCENARIO-CORRIDOR` is described in words).
#[derive(Debug, Default)]
pub struct Names {
    /// (scenario id, short title).
    pub scenarios: Vec<(String, String)>,
    /// (corridor id, display name).
    pub corridors: Vec<(String, String)>,
}

/// One format of a file row: the link, its format's name and size.
#[derive(Debug, Serialize)]
pub struct FileLink {
    /// The file name.
    pub name: String,
    /// The link's target, relative to the report: the name percent-encoded (RFC 3986) where it is not a plain
    /// path segment.
    pub href: String,
    /// The format as a reader knows it ("PNG", "GeoJSON (QGIS)").
    pub format: String,
    /// The size for people ("12.3 kB").
    pub size: String,
}

/// A row of the Files section: one thing in one or more formats (`map-x.png` and `map-x.svg`).
#[derive(Debug, Serialize)]
pub struct FileRow {
    /// What the file holds, in one line.
    pub description: String,
    /// Its formats.
    pub links: Vec<FileLink>,
}

/// A group of the Files section.
#[derive(Debug, Serialize)]
pub struct FileGroup {
    /// The group's heading.
    pub title: &'static str,
    /// Its rows, in file-name order.
    pub rows: Vec<FileRow>,
}

/// Group titles, in the order the section shows them.
const GROUPS: [&str; 5] = [
    "Tables and data",
    "Maps",
    "Figures",
    "Data for GIS and Cesium",
    "Other files",
];

/// The extension of `name` (after the last dot, lower case) and its stem.
fn split(name: &str) -> (&str, String) {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext.to_ascii_lowercase()),
        _ => (name, String::new()),
    }
}

fn group_of(stem: &str, ext: &str) -> usize {
    match ext {
        "csv" | "parquet" | "json" => 0,
        "png" | "svg" if stem.starts_with("map-") => 1,
        "png" | "svg" => 2,
        "geojson" | "kml" | "kmz" | "czml" => 3,
        _ => 4,
    }
}

fn format_name(ext: &str) -> String {
    match ext {
        "csv" => "CSV".into(),
        "parquet" => "Parquet".into(),
        "json" => "JSON".into(),
        "png" => "PNG".into(),
        "svg" => "SVG".into(),
        "geojson" => "GeoJSON (QGIS)".into(),
        "kml" => "KML (Google Earth)".into(),
        "kmz" => "KMZ (Google Earth)".into(),
        "czml" => "CZML (Cesium)".into(),
        "" => "file".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// A size for people: bytes below 1 kB, then kB and MB with one decimal below 100 (SI: 1 kB = 1000 bytes).
pub fn size_text(bytes: u64) -> String {
    let b = bytes as f64;
    let (value, unit) = if bytes < 1000 {
        return format!("{bytes} B");
    } else if b < 1e6 {
        (b / 1e3, "kB")
    } else if b < 1e9 {
        (b / 1e6, "MB")
    } else {
        (b / 1e9, "GB")
    };
    if value < 99.95 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

/// `rest` split as `SCENARIO` or `SCENARIO-CORRIDOR` by the known names (the longest scenario id that fits).
fn scenario_and_corridor<'a>(
    rest: &'a str,
    names: &'a Names,
) -> Option<(&'a str, Option<&'a str>)> {
    let mut best: Option<(&str, Option<&str>)> = None;
    for (id, title) in &names.scenarios {
        if rest == id {
            return Some((title, None));
        }
        if let Some(tail) = rest
            .strip_prefix(id.as_str())
            .and_then(|t| t.strip_prefix('-'))
        {
            let corridor = names
                .corridors
                .iter()
                .find(|(c, _)| c == tail)
                .map_or(tail, |(_, shown)| shown.as_str());
            if best.is_none_or(|(b, _)| b.len() < title.len()) {
                best = Some((title, Some(corridor)));
            }
        }
    }
    best
}

/// One line on what the file `stem` holds (by the names shieldsim's jobs give their files; a generic line else).
pub fn describe(stem: &str, names: &Names) -> String {
    let known = match stem {
        "assessment" => "The whole assessment: every scenario and corridor, documented field names",
        "corridors" => {
            "One row per scenario and corridor: engageable, out of range, windows, enabling sensors"
        }
        "trajectories" => {
            "Every evaluated trajectory as a line, engageable or not, with its earliest intercept"
        }
        "intercepts" => "The earliest possible intercept of each engageable trajectory, as points",
        "sweep" => "One row per scenario, swept value and corridor",
        "limits" => "The limits found: each parameter's flip point, with witnesses",
        "limits-curves" => "Stated and deterrent shares along each parameter",
        "montecarlo" => {
            "The Monte Carlo study: parameters, bands of each corridor's shares, tornado"
        }
        "montecarlo-samples" => "One row per sample and corridor: the drawn values and the shares",
        "montecarlo-tornado" => {
            "Each parameter alone at its P5 and P95: the share at each and the swing"
        }
        "raid" => "One row per scenario and corridor: warheads on engageable trajectories, intercepted, interceptors expended",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let parts = |prefix: &str| {
        stem.strip_prefix(prefix)
            .and_then(|r| scenario_and_corridor(r, names))
    };
    if let Some((scenario, corridor)) = parts("map-") {
        return match corridor {
            None => format!("Map of {scenario}: every corridor"),
            Some(c) => format!("Map of {scenario}: {c}"),
        };
    }
    if let Some((scenario, corridor)) = parts("tornado-") {
        let c = corridor.unwrap_or("every corridor");
        return format!("Tornado chart of {scenario}, {c}: each parameter alone at its P5 and P95");
    }
    if let Some(rest) = stem.strip_prefix("tornado-") {
        return format!("Tornado chart ({rest})");
    }
    if let Some((scenario, what)) = parts("sweep-") {
        return match what {
            None => format!("Sweep of {scenario}: engageable shares against the swept values"),
            Some(w) => format!("Sweep of {scenario}: {w} against the swept values"),
        };
    }
    if let Some(rest) = stem.strip_prefix("sweep-") {
        return format!("Sweep figure: {rest}");
    }
    if stem == "limits-tradeoff" {
        return "What each limit trades: the stated threat's share against the deterrent's".into();
    }
    if stem == "limits-phase" {
        return "Phase diagram of the first two parameters: where the limit holds".into();
    }
    if let Some(rest) = stem.strip_prefix("limits-") {
        let path = rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches('-');
        return format!("Stated and deterrent shares against {path}");
    }
    if let Some(rest) = stem.strip_prefix("map-") {
        return format!("Map: {rest}");
    }
    stem.to_string()
}

/// `name` as a relative URL: every byte but the unreserved ones (RFC 3986) percent-encoded, so that a `#`, `?`
/// or `:` in a file name cannot turn the link into a fragment, a query or a scheme.
pub fn href(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The Files section: `files` grouped and described, one row per stem and group (its formats side by side).
pub fn file_groups(files: &[SetFile], names: &Names) -> Vec<FileGroup> {
    let mut groups: Vec<FileGroup> = GROUPS
        .iter()
        .map(|title| FileGroup {
            title,
            rows: Vec::new(),
        })
        .collect();
    let mut keys: Vec<Vec<String>> = vec![Vec::new(); GROUPS.len()];
    for f in files {
        let (stem, ext) = split(&f.name);
        let g = group_of(stem, &ext);
        let link = FileLink {
            name: f.name.clone(),
            href: href(&f.name),
            format: format_name(&ext),
            size: size_text(f.bytes),
        };
        match keys[g].iter().position(|k| k == stem) {
            Some(i) => groups[g].rows[i].links.push(link),
            None => {
                keys[g].push(stem.to_string());
                groups[g].rows.push(FileRow {
                    description: describe(stem, names),
                    links: vec![link],
                });
            }
        }
    }
    groups.retain(|g| !g.rows.is_empty());
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: u64) -> SetFile {
        SetFile {
            name: name.into(),
            bytes,
        }
    }

    #[test]
    fn links_are_plain_relative_paths() {
        assert_eq!(href("map-third-site-2007.png"), "map-third-site-2007.png");
        assert_eq!(href("a b#c?.svg"), "a%20b%23c%3F.svg");
        assert_eq!(href("javascript:x"), "javascript%3Ax");
        assert_eq!(href("é"), "%C3%A9");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(0), "0 B");
        assert_eq!(size_text(999), "999 B");
        assert_eq!(size_text(1000), "1.0 kB");
        assert_eq!(size_text(12_345), "12.3 kB");
        assert_eq!(size_text(99_949), "99.9 kB");
        assert_eq!(size_text(123_456), "123 kB");
        assert_eq!(size_text(2_500_000), "2.5 MB");
    }

    #[test]
    fn files_are_grouped_by_use_with_their_formats_together() {
        let names = Names {
            scenarios: vec![
                ("third-site".into(), "Third site".into()),
                ("third-site-2007".into(), "Third site (2007)".into()),
            ],
            corridors: vec![("iran-europe".into(), "Iran→Europe".into())],
        };
        let files = [
            file("assessment.json", 10),
            file("corridors.csv", 20),
            file("map-third-site-2007-iran-europe.png", 3000),
            file("map-third-site-2007-iran-europe.svg", 4000),
            file("map-third-site-2007.png", 5),
            file("trajectories.czml", 6),
            file("trajectories.geojson", 7),
            file("tornado-x.png", 8),
            file("notes", 9),
        ];
        let groups = file_groups(&files, &names);
        let titles: Vec<&str> = groups.iter().map(|g| g.title).collect();
        assert_eq!(
            titles,
            [
                "Tables and data",
                "Maps",
                "Figures",
                "Data for GIS and Cesium",
                "Other files"
            ]
        );
        let maps = &groups[1].rows;
        assert_eq!(maps.len(), 2, "PNG and SVG of one map share a row");
        assert_eq!(maps[0].description, "Map of Third site (2007): Iran→Europe");
        assert_eq!(maps[0].links.len(), 2);
        assert_eq!(maps[0].links[1].format, "SVG");
        assert_eq!(maps[0].links[1].size, "4.0 kB");
        assert_eq!(
            maps[1].description,
            "Map of Third site (2007): every corridor"
        );
        assert_eq!(groups[3].rows.len(), 1);
        assert_eq!(groups[3].rows[0].links.len(), 2);
        let linked: usize = groups
            .iter()
            .flat_map(|g| &g.rows)
            .map(|r| r.links.len())
            .sum();
        assert_eq!(linked, files.len(), "every file is linked once");
    }
}
