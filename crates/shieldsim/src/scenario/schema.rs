//! The keys of a scenario file (schema v1), table by table: the loader rejects any other key, and
//! `docs/scenario.md` documents exactly these (checked by `tests/scenario_doc.rs`).
//!
//! The catalogue tables a scenario may add or override (`[[missile]]`, `[[interceptor]]`, `[[radar]]`) take the keys
//! of the catalogue's own entries; they are read from the catalogue's serde definitions so that the two cannot drift
//! apart.

use serde::de::{self, Deserialize, Visitor};

use crate::catalog::{
    GuidanceEntry, InterceptorEntry, KillVehicleEntry, LaunchEntry, MissileEntry, RadarEntry,
};

/// Top-level keys.
pub(crate) const ROOT: &[&str] = &[
    "scenario",
    "model",
    "architecture",
    "corridor",
    "analysis",
    "force",
    "raid",
    "missile",
    "interceptor",
    "radar",
    "uncertainty",
];
/// `[scenario]`.
pub(crate) const SCENARIO: &[&str] = &["name", "title", "description", "sources"];
/// `[model]`.
pub(crate) const MODEL: &[&str] = &["earth", "rotation", "gravity", "drag"];
/// `[architecture]`.
pub(crate) const ARCHITECTURE: &[&str] = &[
    "decision_delay_s",
    "launch_on_remote",
    "early_warning",
    "radar",
    "site",
    "link",
];
/// `[architecture.early_warning]`.
pub(crate) const EARLY_WARNING: &[&str] = &["enabled", "delay_s"];
/// `[[architecture.radar]]`.
pub(crate) const RADAR: &[&str] = &[
    "name",
    "type",
    "lat_deg",
    "lon_deg",
    "alt_m",
    "boresight_azimuth_deg",
    "role",
    "source",
];
/// `[[architecture.site]]`.
pub(crate) const SITE: &[&str] = &[
    "name",
    "interceptor",
    "lat_deg",
    "lon_deg",
    "inventory",
    "launch_rule",
    "launch_time_s",
    "source",
];
/// `[[architecture.link]]`.
pub(crate) const LINK: &[&str] = &["name", "kind", "sensors", "sites", "source", "note"];
/// `[[corridor]]`.
pub(crate) const CORRIDOR: &[&str] = &["name", "missiles", "shapes", "launch", "aim"];
/// A shape given as a table, an element of `shapes`.
pub(crate) const SHAPE: &[&str] = &["shape", "apogee_km", "burnout_flight_path_deg"];
/// `[[corridor.aim]]`: a position (a point, polygon or grid) and the aim points' `weight`.
pub(crate) const AIM: &[&str] = &[
    "name",
    "lat_deg",
    "lon_deg",
    "polygon_deg",
    "spacing_km",
    "grid",
    "weight",
];
/// `[[corridor.launch]]`: a position (a point, polygon or grid) with its own optional `missiles`.
pub(crate) const LAUNCH: &[&str] = &[
    "name",
    "lat_deg",
    "lon_deg",
    "polygon_deg",
    "spacing_km",
    "grid",
    "missiles",
];
/// The `grid` table of an area.
pub(crate) const GRID: &[&str] = &[
    "south_deg",
    "west_deg",
    "north_deg",
    "east_deg",
    "spacing_deg",
];
/// `[analysis]`.
pub(crate) const ANALYSIS: &[&str] = &["max_trajectories_per_corridor"];
/// `[[force]]`.
pub(crate) const FORCE: &[&str] = &["corridor", "warheads", "source", "notional"];
/// `[raid]`.
pub(crate) const RAID: &[&str] = &["pk_per_shot", "source", "doctrine", "max_per_warhead"];
/// `[[uncertainty]]`: a parameter's distribution (the keys its kind takes) and source.
pub(crate) const UNCERTAINTY: &[&str] = &[
    "path",
    "distribution",
    "min",
    "max",
    "mode",
    "mean",
    "sd",
    "source",
];

/// The field names of a struct deserialised by serde (the `FIELDS` its derive passes to `deserialize_struct`).
pub(crate) fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldCapture(&mut fields));
    fields
}

/// A deserializer that records the fields a struct asks for, then fails.
struct FieldCapture<'a>(&'a mut &'static [&'static str]);

#[derive(Debug)]
struct Captured;

impl std::fmt::Display for Captured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field capture")
    }
}

impl std::error::Error for Captured {}

impl de::Error for Captured {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Captured
    }
}

impl<'de> de::Deserializer<'de> for FieldCapture<'_> {
    type Error = Captured;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Captured> {
        Err(Captured)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Captured> {
        *self.0 = fields;
        Err(Captured)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// The keys of a catalogue entry and of its sub-tables (`stage` is an array of tables, the others tables).
pub(crate) struct EntrySchema {
    /// Keys of the entry.
    pub keys: &'static [&'static str],
    /// Sub-tables: key and their keys.
    pub children: Vec<(&'static str, &'static [&'static str])>,
}

/// The schema of a `[[missile]]` table.
pub(crate) fn missile_schema() -> EntrySchema {
    use crate::catalog::{PayloadEntry, SignatureEntry, StageEntry};
    EntrySchema {
        keys: fields_of::<MissileEntry>(),
        children: vec![
            ("payload", fields_of::<PayloadEntry>()),
            ("signature", fields_of::<SignatureEntry>()),
            ("guidance", fields_of::<GuidanceEntry>()),
            ("stage", fields_of::<StageEntry>()),
        ],
    }
}

/// The schema of an `[[interceptor]]` table.
pub(crate) fn interceptor_schema() -> EntrySchema {
    use crate::catalog::StageEntry;
    EntrySchema {
        keys: fields_of::<InterceptorEntry>(),
        children: vec![
            ("kill_vehicle", fields_of::<KillVehicleEntry>()),
            ("launch", fields_of::<LaunchEntry>()),
            ("guidance", fields_of::<GuidanceEntry>()),
            ("stage", fields_of::<StageEntry>()),
        ],
    }
}

/// The schema of a `[[radar]]` table.
pub(crate) fn radar_schema() -> EntrySchema {
    EntrySchema {
        keys: fields_of::<RadarEntry>(),
        children: Vec::new(),
    }
}

/// Every key path a scenario file may hold, dotted (`corridor.launch.polygon_deg`, `missile.stage.burn_time_s`),
/// tables included (`corridor.launch`). Arrays of tables and inline tables are written like plain tables; the keys
/// of a shape table are under `corridor.shapes`.
pub fn schema_keys() -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |prefix: &str, keys: &[&str]| {
        for k in keys {
            out.push(if prefix.is_empty() {
                (*k).to_string()
            } else {
                format!("{prefix}.{k}")
            });
        }
    };
    add("", ROOT);
    add("scenario", SCENARIO);
    add("model", MODEL);
    add("architecture", ARCHITECTURE);
    add("architecture.early_warning", EARLY_WARNING);
    add("architecture.radar", RADAR);
    add("architecture.site", SITE);
    add("architecture.link", LINK);
    add("corridor", CORRIDOR);
    add("corridor.shapes", SHAPE);
    for (area, keys) in [("corridor.launch", LAUNCH), ("corridor.aim", AIM)] {
        add(area, keys);
        add(&format!("{area}.grid"), GRID);
    }
    add("analysis", ANALYSIS);
    add("force", FORCE);
    add("raid", RAID);
    add("uncertainty", UNCERTAINTY);
    for (kind, schema) in [
        ("missile", missile_schema()),
        ("interceptor", interceptor_schema()),
        ("radar", radar_schema()),
    ] {
        add(kind, schema.keys);
        for (child, keys) in &schema.children {
            add(&format!("{kind}.{child}"), keys);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_catalogue_fields() {
        let m = missile_schema();
        assert!(m.keys.contains(&"published_max_range_km") && m.keys.contains(&"stage"));
        for (child, keys) in &m.children {
            assert!(m.keys.contains(child), "{child}");
            assert!(!keys.is_empty(), "{child}");
        }
        assert!(interceptor_schema().keys.contains(&"kill_vehicle"));
        assert!(radar_schema().keys.contains(&"max_range_km"));
        let all = schema_keys();
        assert!(all.contains(&"corridor.aim.grid.spacing_deg".to_string()));
        assert!(all.contains(&"corridor.launch.missiles".to_string()));
        assert!(!all.contains(&"corridor.aim.missiles".to_string()));
        // Launch areas and aim regions share every position key.
        assert_eq!(&LAUNCH[..LAUNCH.len() - 1], &AIM[..AIM.len() - 1]);
        assert!(all.contains(&"missile.stage.burn_time_s".to_string()));
        assert!(all.contains(&"corridor.aim.weight".to_string()));
        assert!(!all.contains(&"corridor.launch.weight".to_string()));
    }
}
