//! CZML documents: the JSON scene format of CesiumJS, to show trajectories, intercepts, sites and radars on a 3-D
//! globe and replay them in time.
//!
//! A document is a JSON array of packets. The first is the document packet (`"id": "document"`, `"version": "1.0"`
//! and the clock); then one packet per [`CzmlFolder`] — an entity without graphics that the others name as their
//! `parent`, so that a scenario's objects show, hide and list together — then one packet per [`CzmlTrack`] and one
//! per [`CzmlPoint`].
//!
//! A track is drawn twice, both cheap for Cesium: the whole trajectory as a static `polyline` (its positions given
//! once, `arcType` `NONE`, always shown), and a moving point whose `position` holds the time-tagged
//! `cartographicDegrees` samples `[t, lon, lat, h, ...]` (seconds after the epoch, degrees, metres above the WGS 84
//! ellipsoid, linear `LAGRANGE` interpolation) with a short trailing `path` sampled at most every
//! [`PATH_RESOLUTION_S`] (plus the samples themselves). Outside its samples the moving point is not drawn. A point is
//! fixed (a site, a radar, an intercept); with a time it is shown from that time to the end of the document, else
//! always. Labels are written but hidden (`"show": false`): with hundreds of objects they would cover the globe;
//! the name shows in Cesium's info box and entity list.
//!
//! Ids are built by [`czml_id`] from their parts, each escaped, so that different parts never give the same id; a
//! repeated id, or a parent that is not a folder of the document, is an error.
//!
//! Reference: the CZML guide of the Cesium project (AnalyticalGraphicsInc/czml-writer wiki, "CZML Structure",
//! "Packet", "Position", "CartographicDegreesValue", "Path", "Polyline", "Clock").
//!
//! Times are UTC without leap seconds (a day is 86 400 s) and are written to the millisecond in `availability`
//! and the clock; the samples themselves keep full `f64` precision relative to the epoch.

use serde::Serialize;

use super::ExportError;

/// The longest step, s, at which Cesium samples a track's trailing path between the track's own samples.
pub const PATH_RESOLUTION_S: f64 = 60.0;

/// How long, s, the trailing path behind a moving point is (the whole track is the static polyline).
pub const PATH_TRAIL_S: f64 = 120.0;

/// An id made of `parts`: each part percent-encoded (every byte but ASCII letters, digits, `-`, `.`, `_` and `~`
/// as `%XX`), joined by `/`. Two different lists of parts never give the same id, since no encoded part holds a
/// `/`: launches `a` and `a-b` with aims `b-c` and `c` give `a/b-c` and `a-b/c`.
pub fn czml_id(parts: &[&str]) -> String {
    let mut id = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            id.push('/');
        }
        for b in part.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                id.push(char::from(b));
            } else {
                id.push_str(&format!("%{b:02X}"));
            }
        }
    }
    id
}

/// Hands out ids that are unique within a document: the first use of an id is the id itself, a repeat gets a further
/// part `#2`, `#3`, ... (a part that [`czml_id`] never writes, since it encodes `#`, so it cannot meet another id).
#[derive(Debug, Default)]
pub struct CzmlIds {
    seen: std::collections::HashMap<String, usize>,
}

impl CzmlIds {
    /// A unique id for `parts` (see [`czml_id`]).
    pub fn id(&mut self, parts: &[&str]) -> String {
        let id = czml_id(parts);
        let n = self.seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            id
        } else {
            format!("{id}/#{n}")
        }
    }
}

/// A folder: an entity without graphics that groups its children (a scenario, an engagement).
#[derive(Debug, Clone, PartialEq)]
pub struct CzmlFolder {
    /// Unique id within the document (not `document`).
    pub id: String,
    /// Name shown in Cesium's entity list.
    pub name: String,
    /// HTML description shown when the folder is selected (passed through as given).
    pub description: String,
}

/// A moving object: time-tagged geodetic samples drawn as a static polyline of the whole track and a moving point.
#[derive(Debug, Clone, PartialEq)]
pub struct CzmlTrack {
    /// Unique id within the document (not `document`).
    pub id: String,
    /// The id of the folder the track belongs to.
    pub parent: Option<String>,
    /// Name shown by Cesium's info box and entity list.
    pub name: String,
    /// HTML description shown when the object is selected (passed through as given).
    pub description: String,
    /// Samples `(t_s after the epoch, lat_deg, lon_deg, alt_m above the WGS 84 ellipsoid)`, at least one, in
    /// increasing time.
    pub samples: Vec<(f64, f64, f64, f64)>,
    /// Colour of the point and the lines, `[r, g, b, alpha]`.
    pub color_rgba: [u8; 4],
}

/// A fixed point: an impact, an intercept, an interceptor site, a radar.
#[derive(Debug, Clone, PartialEq)]
pub struct CzmlPoint {
    /// Unique id within the document (not `document`).
    pub id: String,
    /// The id of the folder the point belongs to.
    pub parent: Option<String>,
    /// Name, also the text of its (hidden) label.
    pub name: String,
    /// HTML description shown when the point is selected (passed through as given).
    pub description: String,
    /// Time from which the point is shown, s after the epoch; `None`: always shown.
    pub t_s: Option<f64>,
    /// Geodetic latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees.
    pub lon_deg: f64,
    /// Height above the WGS 84 ellipsoid, m.
    pub alt_m: f64,
    /// Colour of the point and its label, `[r, g, b, alpha]`.
    pub color_rgba: [u8; 4],
    /// Size of the point, pixels.
    pub pixel_size: f64,
}

/// What a CZML document shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CzmlScene {
    /// The document's name.
    pub name: String,
    /// Folders (parents), in order.
    pub folders: Vec<CzmlFolder>,
    /// Tracks.
    pub tracks: Vec<CzmlTrack>,
    /// Fixed points.
    pub points: Vec<CzmlPoint>,
}

/// Builds the CZML document of `scene` whose times count from `epoch_iso` (ISO 8601 UTC,
/// `YYYY-MM-DDTHH:MM:SS[.fff]Z`).
///
/// The clock spans the earliest to the latest time of all tracks and timed points, loops, and runs at a
/// whole-number multiplier that plays the span in about a minute (at least real time).
///
/// # Errors
/// [`ExportError::CzmlEpoch`] for an epoch that is not of that form; [`ExportError::CzmlId`] for a repeated id or
/// the reserved `document`; [`ExportError::CzmlValue`] for a parent that is not a folder of the scene, a track
/// without samples, samples out of time order, a non-finite time or coordinate, a latitude outside ±90°, or a time
/// whose date falls outside the years 0–9999.
pub fn czml_document(scene: &CzmlScene, epoch_iso: &str) -> Result<serde_json::Value, ExportError> {
    let epoch = Instant::parse(epoch_iso)?;
    let mut ids: std::collections::HashSet<&str> = std::collections::HashSet::new();
    ids.insert("document");
    for id in scene
        .folders
        .iter()
        .map(|f| f.id.as_str())
        .chain(scene.tracks.iter().map(|t| t.id.as_str()))
        .chain(scene.points.iter().map(|p| p.id.as_str()))
    {
        if !ids.insert(id) {
            return Err(ExportError::CzmlId { id: id.to_string() });
        }
    }
    let folders: std::collections::HashSet<&str> =
        scene.folders.iter().map(|f| f.id.as_str()).collect();
    for (id, parent) in scene
        .tracks
        .iter()
        .map(|t| (&t.id, &t.parent))
        .chain(scene.points.iter().map(|p| (&p.id, &p.parent)))
    {
        if let Some(parent) = parent {
            if !folders.contains(parent.as_str()) {
                return Err(ExportError::CzmlValue {
                    id: id.clone(),
                    reason: format!("its parent {parent:?} is not a folder of the document"),
                });
            }
        }
    }

    let mut span: Option<(f64, f64)> = None;
    let mut extend = |t: f64| {
        span = Some(span.map_or((t, t), |(a, b)| (a.min(t), b.max(t))));
    };
    for track in &scene.tracks {
        check_track(track)?;
        for s in &track.samples {
            extend(s.0);
        }
    }
    for point in &scene.points {
        check_coordinates(
            &point.id,
            "the point",
            point.t_s.unwrap_or(0.0),
            point.lat_deg,
            point.lon_deg,
            point.alt_m,
        )?;
        if let Some(t) = point.t_s {
            extend(t);
        }
    }
    let (start_s, stop_s) = span.unwrap_or((0.0, 0.0));
    let stamp = |id: &str, t: f64| epoch.after(t).ok_or_else(|| out_of_calendar(id, t));
    let doc_start = stamp("document", start_s)?;
    let doc_stop = stamp("document", stop_s)?;

    let mut packets =
        Vec::with_capacity(1 + scene.folders.len() + scene.tracks.len() + scene.points.len());
    packets.push(Packet {
        id: "document",
        name: Some(&scene.name),
        version: Some("1.0"),
        clock: Some(Clock {
            interval: format!("{doc_start}/{doc_stop}"),
            current_time: doc_start.clone(),
            multiplier: ((stop_s - start_s) / 60.0).round().max(1.0),
            range: "LOOP_STOP",
            step: "SYSTEM_CLOCK_MULTIPLIER",
        }),
        ..Packet::default()
    });
    for folder in &scene.folders {
        packets.push(Packet {
            id: &folder.id,
            name: Some(&folder.name),
            description: Some(&folder.description),
            ..Packet::default()
        });
    }
    for track in &scene.tracks {
        let mut cartographic_degrees = Vec::with_capacity(4 * track.samples.len());
        let mut static_degrees = Vec::with_capacity(3 * track.samples.len());
        for &(t, lat, lon, alt) in &track.samples {
            cartographic_degrees.extend([t, lon, lat, alt]);
            static_degrees.extend([lon, lat, alt]);
        }
        let color = || Material {
            solid_color: SolidColor {
                color: Rgba {
                    rgba: track.color_rgba,
                },
            },
        };
        packets.push(Packet {
            id: &track.id,
            parent: track.parent.as_deref(),
            name: Some(&track.name),
            description: Some(&track.description),
            position: Some(PositionValue::Sampled(SampledPosition {
                epoch: epoch_iso,
                interpolation_algorithm: "LAGRANGE",
                interpolation_degree: 1,
                cartographic_degrees,
            })),
            polyline: Some(Polyline {
                positions: StaticPositions {
                    cartographic_degrees: static_degrees,
                },
                material: color(),
                width: 1.5,
                arc_type: "NONE",
            }),
            path: Some(Path {
                material: color(),
                width: 3.0,
                lead_time: 0.0,
                trail_time: PATH_TRAIL_S,
                resolution: PATH_RESOLUTION_S,
            }),
            point: Some(PointGraphics {
                pixel_size: 6.0,
                color: Rgba {
                    rgba: track.color_rgba,
                },
                outline_color: None,
                outline_width: None,
            }),
            ..Packet::default()
        });
    }
    for point in &scene.points {
        let availability = match point.t_s {
            Some(t) => Some(format!("{}/{doc_stop}", stamp(&point.id, t)?)),
            None => None,
        };
        packets.push(Packet {
            id: &point.id,
            parent: point.parent.as_deref(),
            name: Some(&point.name),
            description: Some(&point.description),
            availability,
            position: Some(PositionValue::Constant(ConstantPosition {
                cartographic_degrees: [point.lon_deg, point.lat_deg, point.alt_m],
            })),
            point: Some(PointGraphics {
                pixel_size: point.pixel_size,
                color: Rgba {
                    rgba: point.color_rgba,
                },
                outline_color: Some(Rgba {
                    rgba: [0, 0, 0, 255],
                }),
                outline_width: Some(1.0),
            }),
            label: Some(Label {
                show: false,
                text: &point.name,
                font: "12pt sans-serif",
                style: "FILL_AND_OUTLINE",
                fill_color: Rgba {
                    rgba: point.color_rgba,
                },
                outline_color: Rgba {
                    rgba: [0, 0, 0, 255],
                },
                outline_width: 2.0,
                horizontal_origin: "LEFT",
                vertical_origin: "BOTTOM",
                pixel_offset: PixelOffset {
                    cartesian2: [8.0, -8.0],
                },
            }),
            ..Packet::default()
        });
    }
    serde_json::to_value(&packets).map_err(|e| ExportError::CzmlValue {
        id: "document".into(),
        reason: format!("could not be serialised: {e}"),
    })
}

fn check_track(track: &CzmlTrack) -> Result<(), ExportError> {
    if track.samples.is_empty() {
        return Err(ExportError::CzmlValue {
            id: track.id.clone(),
            reason: "the track has no sample: give at least one (t_s, lat_deg, lon_deg, alt_m)"
                .into(),
        });
    }
    let mut previous = f64::NEG_INFINITY;
    for (i, &(t, lat, lon, alt)) in track.samples.iter().enumerate() {
        check_coordinates(&track.id, &format!("sample {i}"), t, lat, lon, alt)?;
        if t <= previous {
            return Err(ExportError::CzmlValue {
                id: track.id.clone(),
                reason: format!(
                    "sample {i} at t = {t} s does not follow the previous one at {previous} s: times must increase"
                ),
            });
        }
        previous = t;
    }
    Ok(())
}

fn check_coordinates(
    id: &str,
    what: &str,
    t: f64,
    lat: f64,
    lon: f64,
    alt: f64,
) -> Result<(), ExportError> {
    let bad = |reason: String| ExportError::CzmlValue {
        id: id.to_string(),
        reason,
    };
    for (label, value) in [
        ("t_s", t),
        ("lat_deg", lat),
        ("lon_deg", lon),
        ("alt_m", alt),
    ] {
        if !value.is_finite() {
            return Err(bad(format!(
                "{what} has {label} = {value}: CZML needs finite times and coordinates"
            )));
        }
    }
    if lat.abs() > 90.0 {
        return Err(bad(format!("{what} has lat_deg = {lat}, outside -90..=90")));
    }
    Ok(())
}

fn out_of_calendar(id: &str, t: f64) -> ExportError {
    ExportError::CzmlValue {
        id: id.to_string(),
        reason: format!("t = {t} s after the epoch falls outside the years 0000-9999 that ISO 8601 dates can write"),
    }
}

/// A UTC instant as whole seconds since 1970-01-01T00:00:00Z plus a fraction in [0, 1).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Instant {
    unix_s: i64,
    fraction_s: f64,
}

impl Instant {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff...]Z`.
    fn parse(text: &str) -> Result<Self, ExportError> {
        let fail = |reason: &str| ExportError::CzmlEpoch {
            epoch: text.to_string(),
            reason: reason.to_string(),
        };
        let body = text
            .strip_suffix('Z')
            .ok_or_else(|| fail("it must end with 'Z' (UTC)"))?;
        let b = body.as_bytes();
        // ASCII first, so that the byte positions below are character boundaries.
        if !body.is_ascii()
            || b.len() < 19
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(fail("expected YYYY-MM-DDTHH:MM:SS"));
        }
        let number = |range: std::ops::Range<usize>| -> Result<i64, ExportError> {
            let digits = &body[range];
            if digits.bytes().all(|c| c.is_ascii_digit()) {
                digits
                    .parse::<i64>()
                    .map_err(|_| fail("a date or time field is not a number"))
            } else {
                Err(fail("a date or time field is not a number"))
            }
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(fail("no such date"));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(fail("no such time of day (leap seconds are not supported)"));
        }
        let fraction_s = match &body[19..] {
            "" => 0.0,
            rest if rest.len() > 1
                && rest.starts_with('.')
                && rest[1..].bytes().all(|c| c.is_ascii_digit()) =>
            {
                rest.parse::<f64>()
                    .map_err(|_| fail("bad fraction of a second"))?
            }
            _ => {
                return Err(fail(
                    "expected only a fraction of a second '.fff' between the seconds and 'Z'",
                ))
            }
        };
        let unix_s =
            days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
        Ok(Self { unix_s, fraction_s })
    }

    /// The ISO 8601 form of this instant plus `t_s` seconds, to the millisecond; `None` outside years 0–9999.
    fn after(self, t_s: f64) -> Option<String> {
        const LIMIT_S: f64 = 20_000.0 * 366.0 * 86_400.0;
        let offset_s = self.fraction_s + t_s;
        if !offset_s.is_finite() || offset_s.abs() > LIMIT_S {
            return None;
        }
        // In range by the check above, so the cast neither saturates nor loses whole milliseconds.
        let offset_ms = (offset_s * 1000.0).round() as i64;
        let total_ms = self.unix_s.checked_mul(1000)?.checked_add(offset_ms)?;
        let (seconds, ms) = (total_ms.div_euclid(1000), total_ms.rem_euclid(1000));
        let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        if !(0..=9999).contains(&year) {
            return None;
        }
        let (h, m, s) = (
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60,
        );
        Some(if ms == 0 {
            format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
        } else {
            format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
        })
    }
}

fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (inverse of [`days_from_civil`], same source).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Packet<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    clock: Option<Clock>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    availability: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<PositionValue<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    polyline: Option<Polyline>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<Path>,
    #[serde(skip_serializing_if = "Option::is_none")]
    point: Option<PointGraphics>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<Label<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Clock {
    interval: String,
    current_time: String,
    multiplier: f64,
    range: &'static str,
    step: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum PositionValue<'a> {
    Sampled(SampledPosition<'a>),
    Constant(ConstantPosition),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SampledPosition<'a> {
    epoch: &'a str,
    interpolation_algorithm: &'static str,
    interpolation_degree: u32,
    cartographic_degrees: Vec<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConstantPosition {
    cartographic_degrees: [f64; 3],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Path {
    material: Material,
    width: f64,
    lead_time: f64,
    trail_time: f64,
    resolution: f64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Polyline {
    positions: StaticPositions,
    material: Material,
    width: f64,
    arc_type: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StaticPositions {
    cartographic_degrees: Vec<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Material {
    solid_color: SolidColor,
}

#[derive(Serialize)]
struct SolidColor {
    color: Rgba,
}

#[derive(Serialize)]
struct Rgba {
    rgba: [u8; 4],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PointGraphics {
    pixel_size: f64,
    color: Rgba,
    #[serde(skip_serializing_if = "Option::is_none")]
    outline_color: Option<Rgba>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outline_width: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Label<'a> {
    show: bool,
    text: &'a str,
    font: &'static str,
    style: &'static str,
    fill_color: Rgba,
    outline_color: Rgba,
    outline_width: f64,
    horizontal_origin: &'static str,
    vertical_origin: &'static str,
    pixel_offset: PixelOffset,
}

#[derive(Serialize)]
struct PixelOffset {
    cartesian2: [f64; 2],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_parse_and_format() {
        let e = Instant::parse("2000-01-01T00:00:00Z").unwrap();
        assert_eq!(e.unix_s, 946_684_800);
        assert_eq!(e.after(0.0).unwrap(), "2000-01-01T00:00:00Z");
        assert_eq!(
            e.after(86_400.0 * 60.0 + 1.5).unwrap(),
            "2000-03-01T00:00:01.500Z"
        ); // 2000 is a leap year
        assert_eq!(e.after(-0.25).unwrap(), "1999-12-31T23:59:59.750Z");
        let f = Instant::parse("2024-02-29T23:59:59.9996Z").unwrap();
        assert_eq!(f.after(0.0).unwrap(), "2024-03-01T00:00:00Z");
        assert_eq!(e.after(f64::NAN), None);
        assert_eq!(e.after(1e300), None);
        assert_eq!(e.after(9000.0 * 366.0 * 86_400.0), None);
    }

    #[test]
    fn epoch_rejects() {
        for bad in [
            "2000-01-01T00:00:00",
            "2000-01-01 00:00:00Z",
            "2001-02-29T00:00:00Z",
            "2000-13-01T00:00:00Z",
            "2000-01-01T24:00:00Z",
            "2000-01-01T00:00:60Z",
            "2000-01-01T00:00:00.Z",
            "2000-01-01T00:00:00+01:00",
            "2000-01-01T00:00:0éZ",
            "2000-01-01T00:00:00.5xZ",
            "+200-01-01T00:00:00Z",
            "",
        ] {
            assert!(
                matches!(Instant::parse(bad), Err(ExportError::CzmlEpoch { .. })),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn civil_days_round_trip() {
        for days in (-800_000..3_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!(d >= 1 && d <= days_in_month(y, m));
        }
    }
}
