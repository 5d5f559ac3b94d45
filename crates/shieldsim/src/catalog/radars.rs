//! Radar entries of the catalogue (`catalog/radars.toml`): detection range at a reference radar cross-section,
//! elevation limits, azimuth half-width of the field of regard, track time, fire-control role and the share of the
//! range available without a cue. A catalogue radar has no site and no boresight: they belong to a deployment, and
//! [`RadarEntry::to_radar`] takes them (degrees in the file, radians in the engine's [`Radar`]).

use serde::Deserialize;

use crate::earth::Geodetic;
use crate::sensors::{Radar, SensorError};

/// One radar as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RadarEntry {
    /// Unique id used on the command line.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Frequency band (IEEE letter designation: `UHF`, `L`, `S`, `X`).
    pub band: String,
    /// Maximum detection range against a target of `reference_rcs_m2`, km.
    pub max_range_km: f64,
    /// Radar cross-section at which `max_range_km` holds, m² (range scales as RCS^¼).
    pub reference_rcs_m2: f64,
    /// Lowest elevation seen (horizon mask), degrees above the local horizontal.
    pub min_elevation_deg: f64,
    /// Highest elevation seen, degrees above the local horizontal.
    pub max_elevation_deg: f64,
    /// Half-width of the azimuth field of regard about the boresight, degrees (180 = all around).
    pub half_width_deg: f64,
    /// Time from first detection to a fire-control-quality track, s.
    pub track_time_s: f64,
    /// Whether this radar's track alone can commit an interceptor.
    pub fire_control: bool,
    /// Share of the detection range available when searching without a cue, in (0, 1].
    pub uncued_range_fraction: f64,
    /// Every source the entry uses.
    pub sources: Vec<String>,
    /// Which source gives which number.
    pub source: String,
    /// Keys whose values are generic.
    #[serde(default)]
    pub generic: Vec<String>,
}

impl RadarEntry {
    /// The radar placed at `site` (geodetic latitude and longitude, rad, height above the ellipsoid, m) with its
    /// field of regard centred on `boresight_azimuth_rad` (rad clockwise from north), validated
    /// ([`Radar::validate`]).
    pub fn to_radar(
        &self,
        site: Geodetic,
        boresight_azimuth_rad: f64,
    ) -> Result<Radar, SensorError> {
        let radar = Radar {
            id: self.id.clone(),
            site,
            max_range_m: self.max_range_km * 1000.0,
            reference_rcs_m2: self.reference_rcs_m2,
            min_elevation_rad: self.min_elevation_deg.to_radians(),
            max_elevation_rad: self.max_elevation_deg.to_radians(),
            boresight_azimuth_rad,
            half_width_rad: self.half_width_deg.to_radians(),
            track_time_s: self.track_time_s,
            fire_control: self.fire_control,
            uncued_range_fraction: self.uncued_range_fraction,
        };
        radar.validate()?;
        Ok(radar)
    }

    /// Checks the entry's own parameters by placing it at a valid site (0°, 0°, 0 m) facing north.
    pub fn validate(&self) -> Result<(), SensorError> {
        self.to_radar(Geodetic::from_degrees(0.0, 0.0, 0.0), 0.0)
            .map(|_| ())
    }
}
