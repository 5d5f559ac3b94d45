//! CZML documents: packet order and keys as the CZML guide gives them, sample layout `[t, lon, lat, h, ...]`, static
//! polylines, folders, availability intervals, and errors for values Cesium cannot draw.

use serde_json::{json, Value};
use shieldsim_app::export::czml::{PATH_RESOLUTION_S, PATH_TRAIL_S};
use shieldsim_app::export::{CzmlFolder, CzmlPoint, CzmlScene, CzmlTrack, ExportError};

/// The document of `tracks` and `points` (no folder) named `name`.
fn czml_document(
    name: &str,
    epoch: &str,
    tracks: &[CzmlTrack],
    points: &[CzmlPoint],
) -> Result<Value, ExportError> {
    shieldsim_app::export::czml_document(
        &CzmlScene {
            name: name.into(),
            folders: vec![],
            tracks: tracks.to_vec(),
            points: points.to_vec(),
        },
        epoch,
    )
}

const EPOCH: &str = "2000-01-01T00:00:00Z";

fn track(id: &str, samples: Vec<(f64, f64, f64, f64)>) -> CzmlTrack {
    CzmlTrack {
        id: id.into(),
        parent: None,
        name: format!("Track {id}"),
        description: "<p>threat</p>".into(),
        samples,
        color_rgba: [255, 0, 0, 255],
    }
}

fn point(id: &str, t_s: f64) -> CzmlPoint {
    CzmlPoint {
        id: id.into(),
        parent: None,
        name: format!("Point {id}"),
        description: "impact".into(),
        t_s: Some(t_s),
        lat_deg: 52.5,
        lon_deg: 13.4,
        alt_m: 0.0,
        color_rgba: [0, 200, 255, 200],
        pixel_size: 10.0,
    }
}

fn scene() -> Value {
    let threat = track(
        "threat",
        vec![
            (0.0, 35.0, 53.0, 0.0),
            (60.0, 36.0, 52.0, 100_000.0),
            (600.5, 40.0, 45.0, 0.0),
        ],
    );
    let interceptor = track(
        "interceptor",
        vec![(300.0, 44.1, 24.3, 0.0), (420.0, 42.0, 30.0, 150_000.0)],
    );
    czml_document(
        "Engagement",
        EPOCH,
        &[threat, interceptor],
        &[point("impact", 600.5)],
    )
    .unwrap()
}

#[test]
fn document_packet_comes_first_with_clock() {
    let doc = scene();
    let packets = doc.as_array().unwrap();
    assert_eq!(packets.len(), 4);
    let first = &packets[0];
    assert_eq!(first["id"], "document");
    assert_eq!(first["version"], "1.0");
    assert_eq!(first["name"], "Engagement");
    let clock = &first["clock"];
    assert_eq!(
        clock["interval"],
        "2000-01-01T00:00:00Z/2000-01-01T00:10:00.500Z"
    );
    assert_eq!(clock["currentTime"], "2000-01-01T00:00:00Z");
    assert_eq!(clock["range"], "LOOP_STOP");
    assert_eq!(clock["multiplier"], 10.0);
    let ids: Vec<&str> = packets.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["document", "threat", "interceptor", "impact"]);
}

#[test]
fn tracks_hold_time_lon_lat_height_samples() {
    let doc = scene();
    let threat = &doc[1];
    assert_eq!(threat["name"], "Track threat");
    assert_eq!(threat["description"], "<p>threat</p>");
    // The line of the whole track is always shown; the moving point only within its samples.
    assert!(threat.get("availability").is_none());
    let position = &threat["position"];
    assert_eq!(position["epoch"], EPOCH);
    assert_eq!(position["interpolationAlgorithm"], "LAGRANGE");
    assert_eq!(position["interpolationDegree"], 1);
    let samples = position["cartographicDegrees"].as_array().unwrap();
    assert_eq!(samples.len(), 4 * 3);
    let values: Vec<f64> = samples.iter().map(|v| v.as_f64().unwrap()).collect();
    // Input is (t, lat, lon, alt); CZML wants t, lon, lat, height.
    assert_eq!(values[..4], [0.0, 53.0, 35.0, 0.0]);
    assert_eq!(values[4..8], [60.0, 52.0, 36.0, 100_000.0]);
    assert_eq!(values[8..], [600.5, 45.0, 40.0, 0.0]);
    let line: Vec<f64> = threat["polyline"]["positions"]["cartographicDegrees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(
        line,
        [53.0, 35.0, 0.0, 52.0, 36.0, 100_000.0, 45.0, 40.0, 0.0]
    );
    assert_eq!(threat["polyline"]["arcType"], "NONE");
    assert_eq!(
        threat["polyline"]["material"]["solidColor"]["color"]["rgba"],
        json!([255, 0, 0, 255])
    );
    let path = &threat["path"];
    assert_eq!(
        path["material"]["solidColor"]["color"]["rgba"],
        json!([255, 0, 0, 255])
    );
    assert_eq!(path["leadTime"], 0.0);
    assert_eq!(path["trailTime"], PATH_TRAIL_S);
    assert!(path["resolution"].as_f64().unwrap() >= 30.0);
    assert_eq!(path["resolution"], PATH_RESOLUTION_S);
    assert!(path["width"].as_f64().unwrap() > 0.0);

    let interceptor = &doc[2];
    assert_eq!(
        interceptor["position"]["cartographicDegrees"]
            .as_array()
            .unwrap()
            .len(),
        4 * 2
    );
}

#[test]
fn points_show_from_their_time_to_the_end() {
    let doc = scene();
    let impact = &doc[3];
    assert_eq!(
        impact["availability"],
        "2000-01-01T00:10:00.500Z/2000-01-01T00:10:00.500Z"
    );
    assert_eq!(
        impact["position"]["cartographicDegrees"],
        json!([13.4, 52.5, 0.0])
    );
    assert_eq!(impact["point"]["color"]["rgba"], json!([0, 200, 255, 200]));
    assert!(impact["point"]["pixelSize"].as_f64().unwrap() > 0.0);
    assert_eq!(impact["label"]["text"], "Point impact");
    assert_eq!(impact["label"]["show"], false, "labels are off by default");
    let mut always = point("always", 0.0);
    always.t_s = None;
    let doc = czml_document("d", EPOCH, &[], &[point("later", 50.0), always]).unwrap();
    assert!(doc[2].get("availability").is_none());
    assert_eq!(
        doc[0]["clock"]["interval"], "2000-01-01T00:00:50Z/2000-01-01T00:00:50Z",
        "an untimed point does not stretch the clock"
    );

    let early = czml_document(
        "d",
        "2024-02-28T23:00:00.250Z",
        &[],
        &[point("a", 3600.0), point("b", 7200.0)],
    )
    .unwrap();
    assert_eq!(
        early[0]["clock"]["interval"],
        "2024-02-29T00:00:00.250Z/2024-02-29T01:00:00.250Z"
    );
    assert_eq!(
        early[1]["availability"],
        "2024-02-29T00:00:00.250Z/2024-02-29T01:00:00.250Z"
    );
    assert_eq!(
        early[2]["availability"],
        "2024-02-29T01:00:00.250Z/2024-02-29T01:00:00.250Z"
    );
}

#[test]
fn document_round_trips_through_json_text() {
    let doc = scene();
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, doc);
}

#[test]
fn empty_document_has_only_its_packet() {
    let doc = czml_document("nothing", EPOCH, &[], &[]).unwrap();
    assert_eq!(doc.as_array().unwrap().len(), 1);
    assert_eq!(
        doc[0]["clock"]["interval"],
        "2000-01-01T00:00:00Z/2000-01-01T00:00:00Z"
    );
}

fn value_error(result: Result<Value, ExportError>) -> (String, String) {
    match result {
        Err(ExportError::CzmlValue { id, reason }) => (id, reason),
        other => panic!("expected a CzmlValue error, got {other:?}"),
    }
}

#[test]
fn non_finite_values_are_rejected() {
    for bad in [
        (f64::NAN, 10.0, 10.0, 0.0),
        (0.0, f64::NAN, 10.0, 0.0),
        (0.0, 10.0, f64::INFINITY, 0.0),
        (0.0, 10.0, 10.0, f64::NEG_INFINITY),
    ] {
        let t = track("bad", vec![(-1.0, 0.0, 0.0, 0.0), bad]);
        let (id, reason) = value_error(czml_document("d", EPOCH, &[t], &[]));
        assert_eq!(id, "bad");
        assert!(
            reason.contains("sample 1") && reason.contains("finite"),
            "{reason}"
        );
    }
    let mut p = point("p", 0.0);
    p.alt_m = f64::NAN;
    assert_eq!(value_error(czml_document("d", EPOCH, &[], &[p])).0, "p");
}

#[test]
fn bad_tracks_and_ids_are_rejected() {
    let (_, reason) = value_error(czml_document("d", EPOCH, &[track("empty", vec![])], &[]));
    assert!(reason.contains("no sample"), "{reason}");
    let backwards = track("back", vec![(10.0, 0.0, 0.0, 0.0), (10.0, 1.0, 0.0, 0.0)]);
    let (_, reason) = value_error(czml_document("d", EPOCH, &[backwards], &[]));
    assert!(reason.contains("increase"), "{reason}");
    let polar = track("polar", vec![(0.0, 90.5, 0.0, 0.0)]);
    assert!(value_error(czml_document("d", EPOCH, &[polar], &[]))
        .1
        .contains("lat_deg"));
    let far = point("far", 1e13);
    assert!(value_error(czml_document("d", EPOCH, &[], &[far]))
        .1
        .contains("9999"));

    let one = track("x", vec![(0.0, 0.0, 0.0, 0.0)]);
    assert!(
        matches!(czml_document("d", EPOCH, std::slice::from_ref(&one), &[point("x", 0.0)]), Err(ExportError::CzmlId { id }) if id == "x")
    );
    assert!(matches!(
        czml_document("d", EPOCH, &[], &[point("document", 0.0)]),
        Err(ExportError::CzmlId { .. })
    ));
    assert!(matches!(
        czml_document("d", "2000-01-01", &[one], &[]),
        Err(ExportError::CzmlEpoch { .. })
    ));
}

#[test]
fn folders_are_parents() {
    let mut t = track("t", vec![(0.0, 1.0, 2.0, 3.0)]);
    t.parent = Some("folder".into());
    let mut p = point("p", 0.0);
    p.parent = Some("folder".into());
    let scene = CzmlScene {
        name: "d".into(),
        folders: vec![CzmlFolder {
            id: "folder".into(),
            name: "scenario <1>".into(),
            description: "a scenario".into(),
        }],
        tracks: vec![t.clone()],
        points: vec![p],
    };
    let doc = shieldsim_app::export::czml_document(&scene, EPOCH).unwrap();
    let ids: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["document", "folder", "t", "p"]);
    assert_eq!(doc[1]["name"], "scenario <1>");
    assert!(doc[1].get("position").is_none() && doc[1].get("point").is_none());
    assert_eq!(doc[2]["parent"], "folder");
    assert_eq!(doc[3]["parent"], "folder");
    // A parent that is not a folder of the document.
    let mut orphan = scene.clone();
    orphan.tracks[0].parent = Some("p".into());
    assert!(matches!(
        shieldsim_app::export::czml_document(&orphan, EPOCH),
        Err(ExportError::CzmlValue { id, reason }) if id == "t" && reason.contains("parent")
    ));
    // A folder's id is taken like any other.
    let mut twice = scene;
    twice.tracks[0].id = "folder".into();
    assert!(matches!(
        shieldsim_app::export::czml_document(&twice, EPOCH),
        Err(ExportError::CzmlId { id }) if id == "folder"
    ));
}
