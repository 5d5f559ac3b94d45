//! Sensors: what a defence can see, and when.
//!
//! [`radar`] models a ground- or ship-based radar at the point-mass kinematic fidelity of the open literature: a site,
//! a maximum detection range at a reference radar cross-section (scaling as RCS^¼), a field of regard (azimuth sector
//! and elevation limits, the lower limit being the horizon mask), the Earth's blocking of the line of sight, and the
//! time to establish a fire-control track. [`first_detection`] finds when a target on a given path first becomes
//! detectable.
//!
//! Positions here are Earth-fixed (ECEF): a radar is fixed to the rotating Earth, so a trajectory integrated in the
//! inertial frame is converted with [`EarthModel::eci_to_ecef`](crate::earth::EarthModel::eci_to_ecef) first.
//!
//! ```
//! use shieldsim::earth::{EarthModel, Geodetic};
//! use shieldsim::sensors::Radar;
//!
//! let earth = EarthModel::default();
//! let radar = Radar {
//!     id: "forward-based".into(),
//!     site: Geodetic::from_degrees(40.0, 35.0, 50.0),
//!     max_range_m: 1_000_000.0,
//!     reference_rcs_m2: 1.0,
//!     min_elevation_rad: 1f64.to_radians(),
//!     max_elevation_rad: 60f64.to_radians(),
//!     boresight_azimuth_rad: 90f64.to_radians(),
//!     half_width_rad: 60f64.to_radians(),
//!     track_time_s: 30.0,
//!     fire_control: true,
//!     uncued_range_fraction: 1.0,
//! };
//! radar.validate().unwrap();
//! // A target 400 km east of the site, 300 km up.
//! let target = earth.ellipsoid().to_ecef(&Geodetic::from_degrees(40.0, 39.7, 300_000.0)).0;
//! let look = radar.look(&earth, &target);
//! assert!((look.azimuth_rad.to_degrees() - 90.0).abs() < 5.0);
//! assert!(radar.can_detect(&earth, &target, 0.1)); // 0.1 m² is seen out to 562 km
//! assert!(!radar.can_detect(&earth, &target, 0.01)); // 0.01 m² only out to 316 km
//! ```

pub mod early_warning;
pub mod radar;
pub mod signature;

pub use early_warning::EarlyWarning;
pub use radar::{first_detection, Look, Radar, RadarView, SensorError, LINE_OF_SIGHT_TOLERANCE_M};
pub use signature::Signature;
