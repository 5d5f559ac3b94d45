//! The writers of every output file, read back by independent parsers: GeoJSON by the `geojson` crate, KML by
//! quick-xml's reader, CSV by the `csv` crate, GeoParquet by the `parquet` crate's reader, CZML as JSON. The inputs
//! are hostile: a scenario whose names hold markup, ampersands, quotes, commas, spreadsheet formulas and control
//! characters, and whose launch and aim names collide when joined by hyphens (tests/data/hostile.toml).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use geojson::{FeatureCollection, GeoJson, GeometryValue};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;
use shieldsim_app::assess::{assess, AssessJob};
use shieldsim_app::export::kml::xml_chars;
use shieldsim_app::export::table::spreadsheet_safe;
use shieldsim_app::export::{czml_id, Column, ColumnData, Kml, KmlGeometry, Placemark, Table};
use shieldsim_app::Control;

const HOSTILE: &str = include_str!("data/hostile.toml");

/// The hostile site name as the scenario file spells it.
const SITE: &str = "ship <1> & \"two\", =HYPERLINK(\"x\")";
const RADAR: &str = "=radar <tpy-2>, \"forward\"";
const CORRIDOR: &str = "=iran, \"west\" <&>";

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("writers-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

// ---------------------------------------------------------------------------------------------------------------
// Readers

/// A GeoJSON FeatureCollection parsed by the `geojson` crate; every feature's properties are flat (no object or
/// array) and every geometry is of the one type `kind`.
fn feature_collection(text: &str, kind: &str) -> FeatureCollection {
    let fc = match text.parse::<GeoJson>().expect("GeoJSON parses") {
        GeoJson::FeatureCollection(fc) => fc,
        other => panic!("not a FeatureCollection: {other:?}"),
    };
    for f in &fc.features {
        let g = f.geometry.as_ref().expect("a geometry");
        let name = match &g.value {
            GeometryValue::Point { .. } => "Point",
            GeometryValue::MultiLineString { .. } => "MultiLineString",
            GeometryValue::MultiPolygon { .. } => "MultiPolygon",
            GeometryValue::LineString { .. } => "LineString",
            other => panic!("unexpected geometry {other:?}"),
        };
        assert_eq!(name, kind, "one geometry type per file");
        for (k, v) in f.properties.as_ref().expect("properties") {
            assert!(
                !v.is_object() && !v.is_array(),
                "property {k} is nested: {v}"
            );
        }
    }
    fc
}

fn prop<'a>(f: &'a geojson::Feature, key: &str) -> &'a Value {
    f.properties
        .as_ref()
        .and_then(|p| p.get(key))
        .unwrap_or_else(|| panic!("no property {key}"))
}

/// What a KML file holds, read by quick-xml's reader (which refuses mismatched tags and unknown entities).
#[derive(Debug, Default)]
struct KmlContent {
    names: Vec<String>,
    descriptions: Vec<String>,
    /// The ExtendedData of each placemark, in order.
    data: Vec<BTreeMap<String, String>>,
    placemarks: usize,
    coordinates: usize,
}

fn read_kml(bytes: &[u8]) -> KmlContent {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    for c in text.chars() {
        assert!(
            c >= ' ' || matches!(c, '\t' | '\n' | '\r'),
            "a control character U+{:04X} that XML 1.0 cannot hold",
            c as u32
        );
    }
    let mut reader = Reader::from_str(text);
    let mut out = KmlContent::default();
    let mut stack: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut data_name = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let tag = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if tag == "Placemark" {
                    out.placemarks += 1;
                    out.data.push(BTreeMap::new());
                }
                if tag == "Data" {
                    let a = e
                        .try_get_attribute("name")
                        .unwrap()
                        .expect("Data has a name");
                    data_name = quick_xml::escape::unescape(&String::from_utf8_lossy(&a.value))
                        .unwrap()
                        .into_owned();
                }
                stack.push(tag);
                current.clear();
            }
            Event::Text(t) => current.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().unwrap() {
                    current.push(c);
                } else {
                    let name = r.decode().unwrap();
                    current.push_str(
                        quick_xml::escape::resolve_xml_entity(&name)
                            .unwrap_or_else(|| panic!("unknown entity &{name};")),
                    );
                }
            }
            Event::End(e) => {
                let tag = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                assert_eq!(stack.pop().as_deref(), Some(tag.as_str()));
                match tag.as_str() {
                    "name" => out.names.push(current.clone()),
                    "description" => out.descriptions.push(current.clone()),
                    "value" => {
                        out.data
                            .last_mut()
                            .expect("Data inside a Placemark")
                            .insert(data_name.clone(), current.clone());
                    }
                    "coordinates" => out.coordinates += 1,
                    _ => {}
                }
                current.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    out
}

/// Percent-decodes one part of a CZML id.
fn decode_part(part: &str) -> String {
    let b = part.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&part[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Checks a CZML document as Cesium needs it: the document packet first, ids unique, parents are folders of the
/// document, track paths sampled at 30 s or coarser, labels hidden, every track a static polyline of its samples.
/// Returns the packets by id.
fn check_czml(text: &str) -> BTreeMap<String, Value> {
    let doc: Value = serde_json::from_str(text).expect("CZML is JSON");
    let packets = doc.as_array().expect("an array of packets");
    assert_eq!(packets[0]["id"], "document");
    assert_eq!(packets[0]["version"], "1.0");
    let mut ids = HashSet::new();
    let mut by_id = BTreeMap::new();
    for p in packets {
        let id = p["id"].as_str().expect("an id").to_string();
        assert!(ids.insert(id.clone()), "id {id} repeats");
        by_id.insert(id, p.clone());
    }
    for p in packets {
        if let Some(parent) = p.get("parent") {
            let parent = parent.as_str().unwrap();
            let folder = &by_id[parent];
            assert!(
                folder.get("position").is_none(),
                "the parent {parent} is a folder"
            );
        }
        if let Some(path) = p.get("path") {
            assert!(path["resolution"].as_f64().unwrap() >= 30.0, "{path}");
        }
        if let Some(label) = p.get("label") {
            assert_eq!(label["show"], false, "labels are off by default");
        }
        if let Some(samples) = p["position"]["cartographicDegrees"].as_array() {
            if p["position"].get("epoch").is_some() {
                let line = p["polyline"]["positions"]["cartographicDegrees"]
                    .as_array()
                    .expect("a track has its static polyline");
                assert_eq!(line.len(), samples.len() / 4 * 3);
                assert!(
                    p.get("availability").is_none(),
                    "a track's line is always shown"
                );
            }
        }
    }
    by_id
}

// ---------------------------------------------------------------------------------------------------------------
// The writers one by one

#[test]
fn kml_escapes_everything_and_parses_back() {
    let hostile = [
        "<Placemark>&amp;</name>",
        "quotes \" and ' and ]]>",
        "controls \u{0}\u{1}\u{8}\u{b}\u{c}\u{1f} tab\there",
        "line\nbreak and carriage\rreturn",
        "\u{FFFE}\u{FFFF} non-characters",
        "Ελληνικά ✓ 中文",
    ];
    let mut k = Kml::new(hostile[0], hostile[1]).unwrap();
    k.style("s", Some(("ff0000ff", 2.0)), None, None).unwrap();
    k.open_folder(hostile[2], Some(hostile[3])).unwrap();
    let data: Vec<(&str, String)> = vec![
        ("a&b<c>\"d\"", hostile[4].to_string()),
        ("plain", hostile[5].to_string()),
    ];
    for name in hostile {
        k.placemark(&Placemark {
            name,
            description: Some(name),
            style: Some("s"),
            data: &data,
            geometry: KmlGeometry::LineString {
                positions: &[[10.0, 50.0, 1000.0], [11.0, 51.0, 2000.4]],
                absolute: true,
            },
        })
        .unwrap();
    }
    k.placemark(&Placemark {
        name: "a polygon",
        description: None,
        style: None,
        data: &[],
        geometry: KmlGeometry::Polygon {
            outer: &[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]],
            holes: &[],
        },
    })
    .unwrap();
    let bytes = k.finish().unwrap();
    let kml = read_kml(&bytes);
    // Document, folder and placemark names come back exactly, less the characters XML cannot hold.
    let expected: Vec<String> = [hostile[0], hostile[2]]
        .into_iter()
        .chain(hostile)
        .chain(["a polygon"])
        .map(|s| xml_chars(s).into_owned())
        .collect();
    assert_eq!(kml.names, expected);
    assert!(kml.names[1].contains("\u{FFFD}\u{FFFD}"));
    assert!(kml.names[5].contains('\r'), "a carriage return survives");
    assert_eq!(kml.placemarks, hostile.len() + 1);
    for d in &kml.data[..hostile.len()] {
        assert_eq!(d["a&b<c>\"d\""], "\u{FFFD}\u{FFFD} non-characters");
        assert_eq!(d["plain"], hostile[5]);
    }
    let text = String::from_utf8(bytes).unwrap();
    assert!(text
        .contains("<coordinates>10.000000,50.000000,1000 11.000000,51.000000,2000</coordinates>"));
    // The schema order of a placemark: name, description, styleUrl, ExtendedData, geometry.
    let p = &text[text.find("<Placemark>").unwrap()..];
    let at = |tag: &str| p.find(tag).unwrap();
    assert!(at("<name>") < at("<description>"));
    assert!(at("<description>") < at("<styleUrl>"));
    assert!(at("<styleUrl>") < at("<ExtendedData>"));
    assert!(at("<ExtendedData>") < at("<LineString>"));
}

#[test]
fn csv_with_commas_quotes_and_formulas_reads_back() {
    let names: Vec<String> = [
        "plain",
        "a,b",
        "say \"hi\"",
        "=SUM(A1:A2)",
        "+1 call",
        "-cmd|' /C calc'!A0",
        "@SUM(1)",
        "-12.5",
        "\tstarts with a tab",
        "two\nlines",
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let n = names.len();
    let table = Table::new(vec![
        Column::new("name", "a name", ColumnData::Text(names.clone())),
        Column::new(
            "x_m",
            "a length, m",
            ColumnData::F64((0..n).map(|i| 0.1 * i as f64 - 1e-7).collect()),
        ),
        Column::new(
            "y_s",
            "a time, s",
            ColumnData::OptF64((0..n).map(|i| (i % 2 == 0).then_some(i as f64)).collect()),
        ),
    ])
    .unwrap();
    let mut bytes = Vec::new();
    table.write_csv(&mut bytes).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(reader.headers().unwrap(), vec!["name", "x_m", "y_s"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), n);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), 3, "row {i}");
        assert_eq!(&r[0], spreadsheet_safe(&names[i]).as_ref(), "row {i}");
        assert_eq!(
            r[1].parse::<f64>().unwrap().to_bits(),
            (0.1 * i as f64 - 1e-7).to_bits()
        );
        assert_eq!(r[2].is_empty(), i % 2 == 1);
    }
    // Formulas are defused, numbers are not.
    assert_eq!(&rows[3][0], "'=SUM(A1:A2)");
    assert_eq!(&rows[5][0], "'-cmd|' /C calc'!A0");
    assert_eq!(&rows[7][0], "-12.5");
}

#[test]
fn czml_ids_never_collide() {
    // Hyphen-joined, launches "a" and "a-b" with aims "b-c" and "c" both give "a-b-c".
    let one = czml_id(&["track", "s", "a", "b-c"]);
    let two = czml_id(&["track", "s", "a-b", "c"]);
    assert_ne!(one, two);
    assert_eq!(one, "track/s/a/b-c");
    // Separators and escapes inside names are escaped themselves.
    let tricky = [
        vec!["a/b", "c"],
        vec!["a", "b/c"],
        vec!["a%2Fb", "c"],
        vec!["a b", "c"],
        vec!["a", "b", "c"],
        vec!["", "a/b/c"],
        vec!["Kürecik <1>", "\"x\""],
    ];
    let ids: Vec<String> = tricky.iter().map(|p| czml_id(p)).collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    // The id decodes back to its parts: different parts, different ids.
    for (parts, id) in tricky.iter().zip(&ids) {
        let back: Vec<String> = id.split('/').map(decode_part).collect();
        assert_eq!(&back, parts);
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%/".contains(&b)));
    }
    let mut unique_ids = shieldsim_app::export::CzmlIds::default();
    let a = unique_ids.id(&["x", "y"]);
    let b = unique_ids.id(&["x", "y"]);
    let c = unique_ids.id(&["x", "y", "2"]);
    assert_eq!((a.as_str(), b.as_str()), ("x/y", "x/y/#2"));
    assert_eq!(czml_id(&["x", "y", "#2"]), "x/y/%232");
    assert_ne!(b, c, "a repeat never meets an id with one part more");
}

// ---------------------------------------------------------------------------------------------------------------
// The jobs' output sets

fn hostile_scenario() -> shieldsim::scenario::Scenario {
    shieldsim_app::scenarios::load_scenario_text(HOSTILE, "hostile.toml")
        .expect("the hostile scenario loads")
        .scenario
}

#[test]
fn assessment_files_carry_hostile_names_safely() {
    let dir = out_dir("assess");
    let job = AssessJob {
        scenarios: vec![hostile_scenario()],
        out: Some(dir.clone()),
    };
    let done = assess(&job, Control::none()).expect("the assessment runs");
    let evaluated: usize = done.assessments[0]
        .corridors
        .iter()
        .map(|c| c.evaluated)
        .sum();
    assert_eq!(evaluated, 4, "both launches reach both aims");
    let engageable: usize = done.assessments[0]
        .corridors
        .iter()
        .map(|c| c.engageable)
        .sum();

    // trajectories.geojson: one MultiLineString per evaluated trajectory, the names exactly as in the file.
    let tracks = feature_collection(&read(&dir, "trajectories.geojson"), "MultiLineString");
    assert_eq!(tracks.features.len(), evaluated);
    let mut pairs = HashSet::new();
    for (i, f) in tracks.features.iter().enumerate() {
        assert_eq!(prop(f, "trajectory"), &Value::from(i + 1));
        assert_eq!(prop(f, "corridor"), CORRIDOR);
        assert_eq!(prop(f, "scenario"), "hostile-names");
        assert!(prop(f, "window_s").is_number());
        assert!(prop(f, "engageable").is_boolean());
        pairs.insert((
            prop(f, "launch").as_str().unwrap().to_string(),
            prop(f, "aim").as_str().unwrap().to_string(),
        ));
        if prop(f, "engageable") == true {
            assert_eq!(prop(f, "earliest_intercept_site"), SITE);
            assert!(prop(f, "earliest_intercept_alt_km").as_f64().unwrap() > 0.0);
        } else {
            assert!(prop(f, "earliest_intercept_site").is_null());
        }
        let Some(GeometryValue::MultiLineString { coordinates }) =
            f.geometry.as_ref().map(|g| &g.value)
        else {
            unreachable!()
        };
        assert!(coordinates.iter().all(|part| part.len() >= 2));
        for p in coordinates.iter().flatten() {
            assert_eq!(p.len(), 3, "lon, lat, altitude m");
            assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
        }
    }
    assert_eq!(pairs.len(), 4, "four distinct launch-aim pairs: {pairs:?}");

    // intercepts.geojson: points of the engageable trajectories, each naming its track.
    let points = feature_collection(&read(&dir, "intercepts.geojson"), "Point");
    assert_eq!(points.features.len(), 2 * engageable);
    for f in &points.features {
        let k = prop(f, "trajectory").as_u64().unwrap() as usize;
        let track = &tracks.features[k - 1];
        assert_eq!(prop(track, "engageable"), true);
        assert_eq!(prop(f, "launch"), prop(track, "launch"));
        assert_eq!(prop(f, "intercept_site"), SITE);
        assert!(["earliest", "latest"].contains(&prop(f, "which").as_str().unwrap()));
    }

    // trajectories.kml: well-formed, every trajectory placemark with its values as ExtendedData.
    let kml = read_kml(&std::fs::read(dir.join("trajectories.kml")).unwrap());
    assert!(kml.names.contains(&xml_chars(SITE).into_owned()));
    assert!(kml.names.contains(&RADAR.to_string()));
    let with_corridor: Vec<&BTreeMap<String, String>> = kml
        .data
        .iter()
        .filter(|d| d.get("corridor").map(String::as_str) == Some(CORRIDOR))
        .collect();
    assert_eq!(with_corridor.len(), evaluated);
    for d in &with_corridor {
        assert!(d.contains_key("window_s") && d.contains_key("engageable"));
    }
    assert!(kml.descriptions.iter().any(|d| d.contains("<b>names</b>")));
    assert_eq!(kml.placemarks, kml.data.len());

    // corridors.csv: the corridor name with its comma, quotes and formula survives, defused.
    let csv_text = read(&dir, "corridors.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].len(), header.len());
    assert_eq!(&rows[0][1], format!("'{CORRIDOR}"));
    let evaluated_col = header.iter().position(|h| h == "evaluated").unwrap();
    assert_eq!(&rows[0][evaluated_col], "4");

    // trajectories.czml: a folder for the scenario, four tracks with four ids, the site and the radar.
    let czml = check_czml(&read(&dir, "trajectories.czml"));
    let folder = czml_id(&["scenario", "hostile-names"]);
    assert!(czml.contains_key(&folder));
    let tracks: Vec<&Value> = czml
        .values()
        .filter(|p| p.get("polyline").is_some())
        .collect();
    assert_eq!(tracks.len(), evaluated);
    assert!(tracks.iter().all(|t| t["parent"] == folder.as_str()));
    let site = &czml[&czml_id(&["site", "hostile-names", SITE])];
    assert_eq!(site["name"], SITE);
    assert!(czml.contains_key(&czml_id(&["radar", "hostile-names", RADAR])));

    // report.html: self-contained, every scenario text escaped, the same page from the same input.
    let html = read(&dir, "report.html");
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    assert!(
        !html.contains("<script"),
        "the description's script is text"
    );
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("Hostile &lt;b&gt;names&lt;&#x2f;b&gt; &amp; &quot;quotes&quot;"));
    assert!(!html.contains("<img"), "nothing loaded: no images");
    assert!(!html.contains("<a href=\"javascript"));
    assert!(html.contains("<svg"), "the map is inline");
    let again = shieldsim_app::report::report_html(
        &done.scenarios,
        &done.assessments,
        &[std::fs::read_to_string(dir.join("map-hostile-names.svg")).unwrap()],
        &shieldsim_app::report_files::set_files(&dir).unwrap(),
    )
    .unwrap();
    assert_eq!(again, html);
    let _ = std::fs::remove_dir_all(&dir);
}

fn footprint_job(scenario: &Path, out: &Path) -> shieldsim_app::requests::FootprintJob {
    use shieldsim_app::requests::{FootprintJob, Format, ShapeArg, ShapeOptions};
    FootprintJob {
        scenario: scenario.display().to_string(),
        launch: Some("38.07,46.30".into()),
        reverse: false,
        aim: None,
        missile: Some("shahab-3".into()),
        shape: ShapeOptions {
            shape: ShapeArg::MinEnergy,
            apogee_km: None,
            burnout_flight_path_deg: None,
        },
        region: "25,20,50,60".into(),
        spacing_deg: 1.0,
        levels_s: "0,60".into(),
        format: Format::Json,
        out: Some(out.to_path_buf()),
    }
}

#[test]
fn footprint_grid_is_geoparquet_and_its_csv_starts_with_values() {
    let dir = out_dir("footprint");
    let scenario = dir.with_extension("toml");
    std::fs::write(&scenario, HOSTILE).unwrap();
    let done =
        shieldsim_app::footprint::footprint(&footprint_job(&scenario, &dir), Control::none())
            .expect("the footprint runs");
    let points = done.footprint.points.len();
    let engageable = done
        .footprint
        .points
        .iter()
        .filter(|p| p.status == shieldsim::analysis::PointStatus::Engageable)
        .count();
    assert!(engageable > 0 && engageable < points);

    // grid.csv: every row; the first rows hold values in every numeric column (engageable points first), so
    // readers that guess types from the first 100 rows see numbers.
    let text = read(&dir, "grid.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), points);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for name in [
        "window_s",
        "earliest_intercept_s",
        "earliest_intercept_alt_km",
        "flight_time_s",
        "range_km",
        "lat_deg",
        "lon_deg",
    ] {
        let k = col(name);
        assert!(
            rows[0][k].parse::<f64>().is_ok(),
            "{name} of the first row is {:?}",
            &rows[0][k]
        );
        for r in rows.iter().take(100) {
            assert!(
                r[k].is_empty() || r[k].parse::<f64>().is_ok(),
                "{name}: {:?}",
                &r[k]
            );
        }
    }
    let status: Vec<&str> = rows.iter().map(|r| r.get(col("status")).unwrap()).collect();
    assert!(status[..engageable].iter().all(|s| *s == "engageable"));
    assert!(!status[engageable..].contains(&"engageable"));
    // Each status group keeps the row-major order; (row, col) is a permutation of the grid.
    let cells: HashSet<(u64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r[col("row")].parse().unwrap(),
                r[col("col")].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(cells.len(), points);
    // The hostile site name in the sites column is defused.
    let sites = col("sites");
    assert_eq!(&rows[0][sites], SITE);

    // grid.parquet: GeoParquet 1.1 metadata, and a WKB point per row at the row's longitude and latitude.
    let bytes = Bytes::from(std::fs::read(dir.join("grid.parquet")).unwrap());
    let reader = SerializedFileReader::new(bytes).unwrap();
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows() as usize, points);
    let geo: Value = serde_json::from_str(
        meta.key_value_metadata()
            .unwrap()
            .iter()
            .find(|k| k.key == "geo")
            .and_then(|k| k.value.as_deref())
            .expect("a geo key"),
    )
    .unwrap();
    assert_eq!(geo["version"], "1.1.0");
    assert_eq!(geo["primary_column"], "geometry");
    let g = &geo["columns"]["geometry"];
    assert_eq!(g["encoding"], "WKB");
    assert_eq!(g["geometry_types"], serde_json::json!(["Point"]));
    assert_eq!(g["crs"]["type"], "GeographicCRS");
    assert_eq!(g["crs"]["id"]["authority"], "OGC");
    assert_eq!(g["crs"]["id"]["code"], "CRS84");
    let axes: Vec<&str> = g["crs"]["coordinate_system"]["axis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["abbreviation"].as_str().unwrap())
        .collect();
    assert_eq!(axes, ["Lon", "Lat"], "longitude first");
    let bbox: Vec<f64> = g["bbox"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(bbox, [20.5, 25.5, 59.5, 49.5]);
    let schema = meta.schema_descr();
    let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names.last(), Some(&"geometry"));
    assert_eq!(
        schema.column(names.len() - 1).physical_type(),
        parquet::basic::Type::BYTE_ARRAY
    );
    let (lon_k, lat_k, geom_k) = (
        names.iter().position(|n| *n == "lon_deg").unwrap(),
        names.iter().position(|n| *n == "lat_deg").unwrap(),
        names.len() - 1,
    );
    for row in reader.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        let fields: Vec<&Field> = row.get_column_iter().map(|(_, f)| f).collect();
        let (Field::Double(lon), Field::Double(lat), Field::Bytes(wkb)) =
            (fields[lon_k], fields[lat_k], fields[geom_k])
        else {
            panic!("{fields:?}")
        };
        let b = wkb.data();
        assert_eq!(b.len(), 21);
        assert_eq!(b[0], 1, "little-endian");
        assert_eq!(u32::from_le_bytes(b[1..5].try_into().unwrap()), 1, "Point");
        assert_eq!(f64::from_le_bytes(b[5..13].try_into().unwrap()), *lon);
        assert_eq!(f64::from_le_bytes(b[13..21].try_into().unwrap()), *lat);
    }

    // footprint.geojson and footprint.kml.
    let areas = feature_collection(&read(&dir, "footprint.geojson"), "MultiPolygon");
    assert_eq!(areas.features.len(), 2);
    assert_eq!(prop(&areas.features[0], "level_s"), 0.0);
    let kml = read_kml(&std::fs::read(dir.join("footprint.kml")).unwrap());
    assert!(kml.placemarks > 0);
    assert!(kml.data.iter().all(|d| d["scenario"] == "hostile-names"));
    let czml = check_czml(&read(&dir, "trajectories.czml"));
    assert!(czml.contains_key(&czml_id(&["site", "hostile-names", SITE])));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&scenario);
}

#[test]
fn engage_out_writes_geojson_kml_and_czml() {
    use shieldsim_app::requests::{
        EarthOptions, EarthShape, EngageJob, Format, Gravity, ShapeArg, ShapeOptions, Switch,
    };
    let dir = out_dir("engage");
    let job = EngageJob {
        threat_from: "38.07,46.30".into(),
        threat_to: "52.52,13.40".into(),
        missile: "irbm-solid".into(),
        interceptor: "sm3-iia".into(),
        site: vec!["44.0833,24.3833".into()],
        radar: vec!["an-tpy-2@38.3494,37.7936".into()],
        early_warning: Switch::On,
        early_warning_delay_s: Some(60.0),
        decision_delay_s: 30.0,
        radar_role: vec![],
        link: vec!["engage-on-remote".into()],
        launch_rule: "track".into(),
        launch_time_s: None,
        launch_on_remote: None,
        booster_rcs_m2: None,
        rv_rcs_m2: None,
        shape: ShapeOptions {
            shape: ShapeArg::MinEnergy,
            apogee_km: None,
            burnout_flight_path_deg: None,
        },
        earth: EarthOptions {
            earth: EarthShape::Wgs84,
            rotation: Switch::On,
            gravity: Gravity::J2,
        },
        drag: Switch::On,
        format: Format::Json,
        out: Some(dir.clone()),
    };
    let done = shieldsim_app::engage::engage(&job, shieldsim_app::Control::none())
        .expect("the engagement runs");
    for name in [
        "engagement.geojson",
        "engagement-points.geojson",
        "engagement.kml",
        "engagement.czml",
    ] {
        assert!(
            done.files.contains(&dir.join(name).display().to_string()),
            "{name} in {:?}",
            done.files
        );
    }
    let track = feature_collection(&read(&dir, "engagement.geojson"), "MultiLineString");
    assert_eq!(track.features.len(), 1);
    let f = &track.features[0];
    assert_eq!(prop(f, "engageable"), true);
    assert_eq!(prop(f, "missile"), "irbm-solid");
    assert!(prop(f, "window_s").as_f64().unwrap() > 0.0);
    assert!(prop(f, "earliest_intercept_time_s").as_f64().unwrap() > 0.0);
    let points = feature_collection(&read(&dir, "engagement-points.geojson"), "Point");
    let kinds: Vec<&str> = points
        .features
        .iter()
        .map(|f| prop(f, "kind").as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "launch",
            "aim",
            "interceptor site",
            "radar",
            "earliest intercept",
            "latest intercept"
        ]
    );
    // One attribute table: every point has the same property names.
    let keys = |f: &geojson::Feature| -> Vec<String> {
        f.properties.as_ref().unwrap().keys().cloned().collect()
    };
    assert!(points
        .features
        .iter()
        .all(|f| keys(f) == keys(&points.features[0])));
    let kml = read_kml(&std::fs::read(dir.join("engagement.kml")).unwrap());
    assert_eq!(kml.placemarks, 1 + points.features.len());
    assert_eq!(kml.data[0]["engageable"], "true");
    let czml = check_czml(&read(&dir, "engagement.czml"));
    assert!(czml.contains_key("engagement"));
    assert_eq!(
        czml.values()
            .filter(|p| p.get("polyline").is_some())
            .count(),
        1
    );
    assert_eq!(czml.len(), 1 + 1 + 1 + points.features.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_deadline_before_threat_launch_is_no_negative_time() {
    use shieldsim_app::requests::{
        EarthOptions, EarthShape, EngageJob, Format, Gravity, ShapeArg, ShapeOptions, Switch,
    };
    // THAAD at the threat's launch point: the threat is within its reach only in the first seconds of flight, so
    // the interceptor would have to leave before the threat does.
    let dir = out_dir("deadline");
    let job = EngageJob {
        threat_from: "38.07,46.30".into(),
        threat_to: "52.52,13.40".into(),
        missile: "irbm-solid".into(),
        interceptor: "thaad".into(),
        site: vec!["38.07,46.30".into()],
        radar: vec!["an-tpy-2@45.0,30.0".into()],
        early_warning: Switch::On,
        early_warning_delay_s: Some(60.0),
        decision_delay_s: 120.0,
        radar_role: vec![],
        link: vec!["engage-on-remote".into()],
        launch_rule: "track".into(),
        launch_time_s: None,
        launch_on_remote: None,
        booster_rcs_m2: None,
        rv_rcs_m2: None,
        shape: ShapeOptions {
            shape: ShapeArg::MinEnergy,
            apogee_km: None,
            burnout_flight_path_deg: None,
        },
        earth: EarthOptions {
            earth: EarthShape::Wgs84,
            rotation: Switch::On,
            gravity: Gravity::J2,
        },
        drag: Switch::On,
        format: Format::Json,
        out: Some(dir.clone()),
    };
    let done = shieldsim_app::engage::engage(&job, shieldsim_app::Control::none())
        .expect("the engagement runs");
    let text = done.render(Format::Table).unwrap();
    assert!(text.contains("track too late"), "{text}");
    assert!(text.contains("s before the threat's"), "{text}");
    let negative = |t: &str| {
        t.match_indices("by -").next().is_some() || t.match_indices("by −").next().is_some()
    };
    assert!(!negative(&text), "{text}");
    for name in [
        "engagement.json",
        "engagement.geojson",
        "engagement.kml",
        "engagement.czml",
        "timeline.svg",
        "map.svg",
    ] {
        assert!(!negative(&read(&dir, name)), "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn study_report_is_self_contained_and_escaped() {
    let dir = out_dir("study");
    std::fs::create_dir_all(&dir).unwrap();
    // A figure as the study writers leave it: a PNG and its SVG beside it.
    let svg =
        "<?xml version=\"1.0\"?>\n<svg width=\"1400\" height=\"900\" viewBox=\"0 0 1400 900\" \
               xmlns=\"http://www.w3.org/2000/svg\"><text>share &amp; value</text></svg>";
    std::fs::write(dir.join("sweep-x.svg"), svg).unwrap();
    std::fs::write(dir.join("sweep-x.png"), b"not read").unwrap();
    let path = shieldsim_app::study_figures::write_report(
        &dir,
        "sweep <b>x</b> & \"y\"",
        &["headline <u>".to_string()],
        &["<script>alert(1)</script> paragraph".to_string()],
        "a  <table>\n& text",
        &[("caption <i>".to_string(), "sweep-x.png".to_string())],
        &Default::default(),
    )
    .unwrap();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    assert!(html.contains("<title>sweep &lt;b&gt;x&lt;&#x2f;b&gt; &amp; &quot;y&quot;</title>"));
    assert!(!html.contains("<script") && html.contains("&lt;script&gt;"));
    assert!(html.contains("<p class=\"desc\">a  &lt;table&gt;\n&amp; text</p>"));
    assert!(html.contains("<li>headline &lt;u&gt;</li>"));
    // The files beside it are linked (the PNG of the figure, and its SVG), the page itself not.
    assert!(html.contains("<a href=\"sweep-x.svg\">SVG</a>"));
    assert!(!html.contains("href=\"report.html\""));
    // The figure is inline SVG scaled to the page, not an image to load.
    assert!(!html.contains("<img"));
    assert!(html.contains("<svg viewBox=\"0 0 1400 900\""));
    assert!(html.contains("<text>share &amp; value</text>"));
    assert!(html.contains("caption &lt;i&gt;"));
    // The same input, the same page.
    let again = shieldsim_app::study_figures::write_report(
        &dir,
        "sweep <b>x</b> & \"y\"",
        &["headline <u>".to_string()],
        &["<script>alert(1)</script> paragraph".to_string()],
        "a  <table>\n& text",
        &[("caption <i>".to_string(), "sweep-x.png".to_string())],
        &Default::default(),
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(again).unwrap(), html);
    // A figure whose SVG is missing is an error, not a page with a hole.
    assert!(shieldsim_app::study_figures::write_report(
        &dir,
        "t",
        &[],
        &[],
        "",
        &[("c".to_string(), "missing.png".to_string())],
        &Default::default(),
    )
    .is_err());
    let _ = std::fs::remove_dir_all(&dir);
}
