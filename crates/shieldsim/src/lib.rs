//! # shieldsim
//!
//! An open engine for ballistic-missile-defence kinematics at the fidelity of the unclassified arms-control
//! literature: threat trajectories on a rotating Earth, and (in later layers) sensors, interceptor reach and intercept
//! windows.
//!
//! The modules mirror the pipeline of the project's design: [`earth`] (shape, frames, gravity, atmosphere,
//! geodesics), [`flight`] (integrator, free flight, staged rockets, targeting) and [`catalog`] (the built-in,
//! sourced missile catalogue).
//!
//! ```
//! use shieldsim::earth::{EarthModel, Geodetic};
//! use shieldsim::flight::{free_flight, FlightOptions, LaunchState};
//!
//! let earth = EarthModel::default(); // WGS 84, rotating, J2
//! let burnout = LaunchState {
//!     position: Geodetic::from_degrees(35.0, 53.0, 200_000.0),
//!     speed_mps: 4_000.0,
//!     azimuth_rad: 300f64.to_radians(),
//!     flight_path_rad: 35f64.to_radians(),
//! };
//! burnout.validate(&earth).unwrap();
//! let (r, v) = burnout.to_inertial(&earth, 0.0);
//! let flight = free_flight::fly(&earth, 0.0, r, v, &FlightOptions::default(), &[]).unwrap();
//! assert!(flight.impact_t_s > 300.0 && flight.apogee_alt_m > 400_000.0);
//! ```
#![warn(missing_docs)]
// No unwrap on paths a user can reach; tests may.
#![warn(clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod analysis;
pub mod catalog;
pub mod earth;
pub mod flight;
pub mod intercept;
pub mod scenario;
pub mod sensors;
pub mod text;
