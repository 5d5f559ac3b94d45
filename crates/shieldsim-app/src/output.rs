//! Serializable results (JSON field names are the public interface: snake_case, units in names) and their table and
//! CSV renderings.

use serde::Serialize;

use crate::error::Error;
use shieldsim::earth::{geodesic, EarthModel, Geodetic};
use shieldsim::flight::{FreeFlight, LaunchState, Sample};

/// A latitude/longitude pair.
#[derive(Debug, Serialize)]
pub struct LatLon {
    /// Latitude, degrees north (WGS 84 geodetic).
    pub lat_deg: f64,
    /// Longitude, degrees east (WGS 84).
    pub lon_deg: f64,
}

/// One sampled point of a path.
#[derive(Debug, Serialize)]
pub struct SampleOut {
    /// Time after launch, s.
    pub t_s: f64,
    /// Latitude, degrees north (WGS 84 geodetic).
    pub lat_deg: f64,
    /// Longitude, degrees east (WGS 84).
    pub lon_deg: f64,
    /// Altitude above the WGS 84 ellipsoid, km.
    pub alt_km: f64,
    /// Speed relative to the rotating Earth, m/s.
    pub speed_mps: f64,
}

impl SampleOut {
    /// The sample's time, geodetic position and speed relative to the Earth.
    pub fn from_sample(earth: &EarthModel, s: &Sample) -> Self {
        let st = LaunchState::from_inertial(earth, s.t_s, &s.r_eci, &s.v_eci);
        Self {
            t_s: s.t_s,
            lat_deg: st.position.lat_deg(),
            lon_deg: st.position.lon_deg(),
            alt_km: st.position.alt_m / 1000.0,
            speed_mps: st.speed_mps,
        }
    }
}

/// The Earth model used, echoed in every result.
#[derive(Debug, Serialize)]
pub struct ModelOut {
    /// Earth model.
    pub earth: &'static str,
    /// Whether the Earth rotates.
    pub rotation: bool,
    /// Gravity model (J2 or point mass).
    pub gravity: &'static str,
    /// Whether atmospheric drag is modelled.
    pub drag: bool,
}

/// A state in the boundary convention, with its time.
#[derive(Debug, Serialize)]
pub struct StateOut {
    /// Time after launch, s.
    pub time_s: f64,
    /// Latitude, degrees north (WGS 84 geodetic).
    pub lat_deg: f64,
    /// Longitude, degrees east (WGS 84).
    pub lon_deg: f64,
    /// Altitude above the WGS 84 ellipsoid, km.
    pub alt_km: f64,
    /// Speed relative to the rotating Earth, m/s.
    pub speed_mps: f64,
    /// Azimuth, degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Flight-path angle above the local horizontal, degrees.
    pub flight_path_deg: f64,
}

impl StateOut {
    /// The state `s` at `t_s` (s after launch).
    pub fn new(t_s: f64, s: &LaunchState) -> Self {
        Self {
            time_s: t_s,
            lat_deg: s.position.lat_deg(),
            lon_deg: s.position.lon_deg(),
            alt_km: s.position.alt_m / 1000.0,
            speed_mps: s.speed_mps,
            azimuth_deg: s.azimuth_rad.to_degrees(),
            flight_path_deg: s.flight_path_rad.to_degrees(),
        }
    }
}

/// What every flight result reports about its free flight (flattened into the result's JSON object).
#[derive(Debug, Serialize)]
pub struct FlightSummaryOut {
    /// Impact point.
    pub impact: LatLon,
    /// Flight time from launch to impact, s.
    pub flight_time_s: f64,
    /// Great-circle (geodesic) ground range, km.
    pub ground_range_km: f64,
    /// Apogee altitude, km.
    pub apogee_alt_km: f64,
    /// Time of apogee, s after launch.
    pub apogee_time_s: f64,
    /// Speed at impact, m/s.
    pub impact_speed_mps: f64,
    /// Impact angle below the horizontal, degrees.
    pub impact_angle_deg: f64,
}

impl FlightSummaryOut {
    /// The summary of a flight that started over `start` (times are since the flight's t = 0).
    pub fn new(earth: &EarthModel, start: &Geodetic, f: &FreeFlight) -> Self {
        let (range_m, _) = geodesic::inverse(earth.ellipsoid(), start, &f.impact);
        let at_impact =
            LaunchState::from_inertial(earth, f.impact_t_s, &f.impact_r_eci, &f.impact_v_eci);
        Self {
            impact: LatLon {
                lat_deg: f.impact.lat_deg(),
                lon_deg: f.impact.lon_deg(),
            },
            flight_time_s: f.impact_t_s,
            ground_range_km: range_m / 1000.0,
            apogee_alt_km: f.apogee_alt_m / 1000.0,
            apogee_time_s: f.apogee_t_s,
            impact_speed_mps: at_impact.speed_mps,
            impact_angle_deg: -at_impact.flight_path_rad.to_degrees(),
        }
    }
}

/// Result of `ballistic`.
#[derive(Debug, Serialize)]
pub struct BallisticOut {
    /// Summary of the flight (its fields inline in the JSON).
    #[serde(flatten)]
    pub flight: FlightSummaryOut,
    /// The Earth model and drag used.
    pub model: ModelOut,
    /// Sampled points of the path.
    pub samples: Vec<SampleOut>,
}

/// Boost controls found by the targeting.
#[derive(Debug, Serialize)]
pub struct ControlsOut {
    /// Azimuth, degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Pitch-over kick angle, degrees.
    pub pitch_kick_deg: f64,
    /// Engine cut-off time, s after launch.
    pub cutoff_s: f64,
}

/// Result of `trajectory`.
#[derive(Debug, Serialize)]
pub struct TrajectoryOut {
    /// Missile catalogue id.
    pub missile: String,
    /// The missile's catalogue name.
    pub missile_name: String,
    /// Trajectory shape.
    pub shape: &'static str,
    /// Launch point.
    pub launch: LatLon,
    /// Aim point.
    pub aim: LatLon,
    /// Summary of the flight (its fields inline in the JSON).
    #[serde(flatten)]
    pub flight: FlightSummaryOut,
    /// Distance from the impact to the aim point, km.
    pub miss_km: f64,
    /// State at burn-out.
    pub burnout: StateOut,
    /// Boost controls found by the targeting.
    pub controls: ControlsOut,
    /// Iterations of the targeting solve.
    pub targeting_iterations: usize,
    /// Boost simulations the targeting solve used.
    pub targeting_simulations: usize,
    /// The Earth model and drag used.
    pub model: ModelOut,
    /// Sampled points of the path.
    pub samples: Vec<SampleOut>,
}

/// One row of `catalog missiles`.
#[derive(Debug, Serialize)]
pub struct MissileOut {
    /// Catalogue id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Class (e.g. MRBM, ICBM; or midcourse / terminal).
    pub class: String,
    /// Propellant (solid or liquid).
    pub propellant: String,
    /// Number of stages.
    pub stages: usize,
    /// Launch mass, kg.
    pub launch_mass_kg: f64,
    /// Payload mass, kg.
    pub payload_mass_kg: f64,
    /// Burn-out speed computed by shieldsim, m/s.
    pub burnout_speed_mps: f64,
    /// Time of burn-out, s after launch.
    pub burnout_time_s: f64,
    /// Maximum range computed by shieldsim, km.
    pub max_range_km: f64,
    /// Published maximum range, km.
    pub published_max_range_km: f64,
    /// (computed − published) / published maximum range, %.
    pub range_error_pct: f64,
    /// Open sources of the values.
    pub sources: Vec<String>,
}

/// Renders rows as an aligned text table (first row: headings).
pub fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| format!("{s:<w$}", w = widths[c]))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
        if i == 0 {
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            out.push_str(&rule.join("  "));
            out.push('\n');
        }
    }
    out
}

pub use crate::export::table::spreadsheet_safe;

/// A CSV record (RFC 4180, through the `csv` crate): fields quoted where needed, spreadsheet formulas defused
/// ([`spreadsheet_safe`]), ended by a newline.
pub fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let record: Vec<std::borrow::Cow<'_, str>> = fields
        .iter()
        .map(|f| spreadsheet_safe(f.as_ref()))
        .collect();
    // Writing to memory cannot fail; an empty record is written as an empty line.
    if record.is_empty() || (record.len() == 1 && record[0].is_empty()) {
        return "\"\"\n".into();
    }
    let _ = w.write_record(record.iter().map(|f| f.as_bytes()));
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// One CSV field as it appears in a record ([`csv_record`] of one field, without the newline).
pub fn csv_field(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut r = csv_record(&[text]);
    r.pop();
    r
}

/// Output format of a job's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// JSON (snake_case, units in field names).
    Json,
    /// CSV.
    Csv,
}

/// A result document that renders itself for people and as CSV (JSON comes from `Serialize`).
pub trait Document: Serialize {
    /// The result as aligned text for people.
    fn table(&self) -> String;
    /// The result as CSV with a header.
    fn csv(&self) -> Result<String, Error>;
}

/// A finished job: its document and the files it wrote (empty without an output directory).
#[derive(Debug)]
pub struct Done<D> {
    /// The result document (JSON field names are the public interface: snake_case, units in names).
    pub document: D,
    /// The paths of the files written, sorted.
    pub files: Vec<String>,
}

impl<D: Document> Done<D> {
    /// The result as a table for people, JSON or CSV.
    pub fn render(&self, format: Format) -> Result<String, Error> {
        match format {
            Format::Json => json_text(&self.document),
            Format::Csv => self.document.csv(),
            Format::Table => Ok(self.document.table()),
        }
    }
}

/// `v` as pretty JSON with a final newline.
pub fn json_text<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(v)
        .map(|t| t + "\n")
        .map_err(|e| Error::internal(format!("could not write JSON: {e}")))
}

/// Renders samples as CSV with a header.
pub fn samples_csv(samples: &[SampleOut]) -> String {
    let mut out = csv_record(&["t_s", "lat_deg", "lon_deg", "alt_km", "speed_mps"]);
    for s in samples {
        out.push_str(&csv_record(&[
            format!("{:.3}", s.t_s),
            format!("{:.6}", s.lat_deg),
            format!("{:.6}", s.lon_deg),
            format!("{:.4}", s.alt_km),
            format!("{:.3}", s.speed_mps),
        ]));
    }
    out
}

/// Key-value lines for a summary.
pub fn summary(pairs: &[(&str, String)]) -> String {
    let w = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    pairs
        .iter()
        .map(|(k, v)| format!("{k:<w$}  {v}\n"))
        .collect()
}

/// CZML colour of a threat track: red when the defence can engage it, grey when not.
pub fn czml_track_rgba(engageable: bool) -> [u8; 4] {
    if engageable {
        [220, 40, 40, 255]
    } else {
        [150, 150, 150, 220]
    }
}

/// CZML colour of an interceptor site (blue).
pub const CZML_SITE_RGBA: [u8; 4] = [40, 90, 220, 255];

/// CZML colour of a radar (green).
pub const CZML_RADAR_RGBA: [u8; 4] = [30, 160, 80, 255];

/// A CZML point (amber) at an intercept `t_s` after threat launch, shown from then on.
pub fn czml_intercept(
    id: String,
    parent: Option<&str>,
    name: String,
    t_s: f64,
    position: &Geodetic,
) -> crate::export::CzmlPoint {
    crate::export::CzmlPoint {
        id,
        parent: parent.map(str::to_string),
        name,
        description: format!(
            "{:.0} s after threat launch, {:.0} km altitude",
            t_s,
            position.alt_m / 1000.0
        ),
        t_s: Some(t_s),
        lat_deg: position.lat_deg(),
        lon_deg: position.lon_deg(),
        alt_m: position.alt_m,
        color_rgba: [255, 200, 0, 255],
        pixel_size: 9.0,
    }
}

/// A CZML point for a fixed place of the defence (an interceptor site or a radar), always shown.
pub fn czml_place(
    id: String,
    parent: Option<&str>,
    name: &str,
    description: &str,
    at: &Geodetic,
    color_rgba: [u8; 4],
) -> crate::export::CzmlPoint {
    crate::export::CzmlPoint {
        id,
        parent: parent.map(str::to_string),
        name: name.to_string(),
        description: crate::files::xml_escape(description),
        t_s: None,
        lat_deg: at.lat_deg(),
        lon_deg: at.lon_deg(),
        alt_m: at.alt_m,
        color_rgba,
        pixel_size: 8.0,
    }
}

/// The text of a CZML file of `scene`, times from 2000-01-01T00:00:00Z = threat launch; `file` names the file in
/// messages.
pub fn czml_text(scene: &crate::export::CzmlScene, file: &str) -> Result<String, Error> {
    crate::export::czml_document(scene, "2000-01-01T00:00:00Z")
        .map(|doc| doc.to_string() + "\n")
        .map_err(|e| Error::internal(format!("cannot build {file}: {e}")))
}

/// `text` broken into lines of at most `width` characters at spaces (a longer word stays whole on its line).
pub fn wrap_words(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

/// A value as printed: 6 significant digits (at least the units), no trailing zeros.
pub fn value_text(v: f64) -> String {
    // Very large or very small magnitudes in scientific notation (1e308, not 309 digits).
    if v.is_finite() && v != 0.0 && !(1e-6..1e15).contains(&v.abs()) {
        return format!("{v:e}");
    }
    let digits = if v == 0.0 || !v.is_finite() {
        0
    } else {
        (5 - v.abs().log10().floor() as i32).clamp(0, 6) as usize
    };
    let s = format!("{v:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_where_needed() {
        assert_eq!(csv_field("iran-europe"), "iran-europe");
        assert_eq!(value_text(1e308), "1e308");
        assert_eq!(value_text(-2.5e-300), "-2.5e-300");
        assert_eq!(value_text(5400.0), "5400");
        assert_eq!(csv_field("iran, west"), "\"iran, west\"");
        assert_eq!(
            csv_field("the \"third\" site"),
            "\"the \"\"third\"\" site\""
        );
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(""), "");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-3.5"), "-3.5");
        assert_eq!(csv_field("@x, y"), "\"'@x, y\"");
        assert_eq!(csv_record(&["a", "b,c", "d"]), "a,\"b,c\",d\n");
    }
}
