//! GeoJSON (RFC 7946) through the `geojson` crate, shaped for GIS: each file holds one geometry type, and feature
//! properties are flat — text, numbers, booleans or null, never nested objects or arrays — with the unit in each
//! numeric name (`window_s`, `alt_km`), so that QGIS, GDAL/OGR and GeoPandas read them as plain attribute columns.
//!
//! Coordinates are `[lon °, lat °]` or `[lon °, lat °, altitude m]` (altitude above the WGS 84 ellipsoid), the
//! angles rounded to 1e-6° (0.1 m) and the altitude to the metre. A path that crosses the antimeridian is split
//! there into parts of a MultiLineString ([`split_at_antimeridian`], RFC 7946 §3.1.9), so every longitude stays in
//! [−180°, 180°].

use geojson::{Feature, FeatureCollection, Geometry, JsonObject, JsonValue, Position};

/// `x` rounded to 1e-6 (degrees: 0.1 m on the ground).
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A position `[lon °, lat °, alt m]`, rounded.
pub fn position3(lon_deg: f64, lat_deg: f64, alt_m: f64) -> Position {
    Position::from(vec![round6(lon_deg), round6(lat_deg), alt_m.round()])
}

/// A position `[lon °, lat °]`, rounded.
pub fn position2(lon_deg: f64, lat_deg: f64) -> Position {
    Position::from([round6(lon_deg), round6(lat_deg)])
}

/// The flat properties of a feature: only text, numbers, booleans and null can go in.
#[derive(Debug, Default, Clone)]
pub struct Properties(JsonObject);

impl Properties {
    /// No property yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text property.
    pub fn text(mut self, key: &str, value: &str) -> Self {
        self.0.insert(key.into(), JsonValue::String(value.into()));
        self
    }

    /// A text property, null when absent.
    pub fn opt_text(mut self, key: &str, value: Option<&str>) -> Self {
        self.0.insert(
            key.into(),
            value.map_or(JsonValue::Null, |v| JsonValue::String(v.into())),
        );
        self
    }

    /// A number (null when not finite: JSON has no NaN).
    pub fn number(self, key: &str, value: f64) -> Self {
        self.opt_number(key, Some(value))
    }

    /// A number, null when absent or not finite.
    pub fn opt_number(mut self, key: &str, value: Option<f64>) -> Self {
        let v = value
            .and_then(serde_json::Number::from_f64)
            .map_or(JsonValue::Null, JsonValue::Number);
        self.0.insert(key.into(), v);
        self
    }

    /// A whole number.
    pub fn integer(mut self, key: &str, value: i64) -> Self {
        self.0.insert(key.into(), JsonValue::from(value));
        self
    }

    /// A boolean.
    pub fn boolean(mut self, key: &str, value: bool) -> Self {
        self.0.insert(key.into(), JsonValue::Bool(value));
        self
    }

    /// The properties so far.
    pub fn object(&self) -> &JsonObject {
        &self.0
    }

    /// The properties as `(name, text)` pairs, for KML `ExtendedData`: text as is, numbers and booleans as JSON
    /// writes them, null as an empty value.
    pub fn text_pairs(&self) -> Vec<(&str, String)> {
        self.0
            .iter()
            .map(|(k, v)| {
                let text = match v {
                    JsonValue::String(s) => s.clone(),
                    JsonValue::Null => String::new(),
                    other => other.to_string(),
                };
                (k.as_str(), text)
            })
            .collect()
    }

    /// The properties as a JSON object.
    pub fn into_object(self) -> JsonObject {
        self.0
    }
}

/// A feature of `geometry` with `properties`.
pub fn feature(geometry: Geometry, properties: Properties) -> Feature {
    Feature {
        geometry: Some(geometry),
        properties: Some(properties.into_object()),
        ..Feature::default()
    }
}

/// The text of a FeatureCollection of `features`, with a final newline.
pub fn collection_text(features: Vec<Feature>) -> String {
    let fc = FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    fc.to_string() + "\n"
}

/// A path of `[lon °, lat °, alt m]` positions as the parts of a MultiLineString: split where it crosses the
/// antimeridian (a step of more than 180° in longitude), the crossing point interpolated linearly on the unwrapped
/// longitude and added to both parts at ±180°. Positions are rounded (see [`position3`]); parts of fewer than two
/// positions are dropped.
pub fn split_at_antimeridian(path: &[[f64; 3]]) -> Vec<Vec<Position>> {
    let mut parts: Vec<Vec<[f64; 3]>> = vec![Vec::new()];
    let mut prev: Option<[f64; 3]> = None;
    for p in path {
        let here = [round6(p[0]), round6(p[1]), p[2].round()];
        if let Some(q) = prev {
            let dlon = here[0] - q[0];
            if dlon.abs() > 180.0 {
                let (edge, unwrapped) = if dlon < 0.0 {
                    (180.0, here[0] + 360.0)
                } else {
                    (-180.0, here[0] - 360.0)
                };
                let u = (edge - q[0]) / (unwrapped - q[0]);
                let lat = round6(q[1] + u * (here[1] - q[1]));
                let alt = (q[2] + u * (here[2] - q[2])).round();
                if let Some(last) = parts.last_mut() {
                    last.push([edge, lat, alt]);
                }
                parts.push(vec![[-edge, lat, alt]]);
            }
        }
        if let Some(last) = parts.last_mut() {
            last.push(here);
        }
        prev = Some(here);
    }
    parts.retain(|p| p.len() >= 2);
    parts
        .into_iter()
        .map(|p| p.into_iter().map(|q| Position::from(q.to_vec())).collect())
        .collect()
}

/// A path as a MultiLineString geometry (split at the antimeridian; see [`split_at_antimeridian`]).
pub fn multi_line(path: &[[f64; 3]]) -> Geometry {
    Geometry::new_multi_line_string(split_at_antimeridian(path))
}

/// A point `[lon °, lat °, alt m]` as a Point geometry.
pub fn point(lon_deg: f64, lat_deg: f64, alt_m: f64) -> Geometry {
    Geometry::new_point(position3(lon_deg, lat_deg, alt_m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_split_at_the_antimeridian() {
        // Pyongyang towards Hawaii, eastward across 180°: [lon, lat, alt m].
        let path = [
            [170.0, 40.0, 100e3],
            [179.0, 38.0, 300e3],
            [-173.0, 36.0, 500e3],
        ];
        let parts = split_at_antimeridian(&path);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].last().unwrap()[0], 180.0);
        assert_eq!(parts[1][0][0], -180.0);
        // The crossing is 1/8 of the way from 179° to −173° (8° of longitude): latitude 38 − 2/8, altitude
        // 300 km + 200/8 km.
        assert!((parts[0].last().unwrap()[1] - (38.0 - 2.0 / 8.0)).abs() < 1e-6);
        assert_eq!(parts[0].last().unwrap()[2], 325e3);
        for p in parts.iter().flatten() {
            assert!((-180.0..=180.0).contains(&p[0]));
        }
        // Westward too, and no split for an ordinary path.
        let back: Vec<[f64; 3]> = path.iter().rev().copied().collect();
        assert_eq!(split_at_antimeridian(&back).len(), 2);
        assert_eq!(split_at_antimeridian(&path[..2]).len(), 1);
    }

    #[test]
    fn non_finite_numbers_are_null() {
        let p = Properties::new()
            .number("a_s", f64::NAN)
            .opt_number("b_s", None)
            .number("c_s", 1.5)
            .into_object();
        assert_eq!(p["a_s"], JsonValue::Null);
        assert_eq!(p["b_s"], JsonValue::Null);
        assert_eq!(p["c_s"], serde_json::json!(1.5));
    }
}
