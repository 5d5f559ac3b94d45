//! The Earth: shape, frames, rotation, gravity, atmosphere and ground distances.
//!
//! [`EarthModel`] gathers the switchable choices of `docs/conventions.md`, "Earth model" (ellipsoid or sphere,
//! rotation on or off, point-mass or J2 gravity) and offers the conversions the flight models need.

pub mod atmosphere;
pub mod constants;
pub mod frames;
pub mod geodesic;
pub mod gravity;

use nalgebra::Vector3;

pub use frames::{Ecef, Eci, Ellipsoid, Geodetic};
pub use gravity::GravityModel;

use constants::{OMEGA_RAD_S, SPHERE_R_M, WGS84_A_M, WGS84_F};

/// The Earth's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// WGS 84 ellipsoid (a = 6378137 m, f = 1/298.257223563); geodetic heights, ellipsoidal geodesics.
    Wgs84,
    /// Sphere of radius 6371000 m; heights are r − R, distances great circles.
    Sphere,
}

/// The switchable Earth model of a computation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EarthModel {
    /// Shape: ellipsoid or sphere.
    pub shape: Shape,
    /// Whether the Earth rotates (ω = 7.292115e-5 rad/s) or not.
    pub rotation: bool,
    /// Gravity field.
    pub gravity: GravityModel,
    ellipsoid: Ellipsoid,
    omega_rad_s: f64,
}

impl Default for EarthModel {
    /// The default of every command: WGS 84, rotating, J2.
    fn default() -> Self {
        Self::new(Shape::Wgs84, true, GravityModel::J2)
    }
}

impl EarthModel {
    /// A model from its three switches.
    pub fn new(shape: Shape, rotation: bool, gravity: GravityModel) -> Self {
        let ellipsoid = match shape {
            Shape::Wgs84 => Ellipsoid::new(WGS84_A_M, WGS84_F),
            Shape::Sphere => Ellipsoid::new(SPHERE_R_M, 0.0),
        };
        Self {
            shape,
            rotation,
            gravity,
            ellipsoid,
            omega_rad_s: if rotation { OMEGA_RAD_S } else { 0.0 },
        }
    }

    /// The ellipsoid (a sphere for [`Shape::Sphere`]).
    pub fn ellipsoid(&self) -> &Ellipsoid {
        &self.ellipsoid
    }

    /// Rotation rate, rad/s (0 with rotation off).
    pub fn omega_rad_s(&self) -> f64 {
        self.omega_rad_s
    }

    /// ECEF → ECI at time `t_s` after the frames' alignment: the Earth has turned by ω·t.
    #[inline]
    pub fn ecef_to_eci(&self, t_s: f64, v: &Vector3<f64>) -> Vector3<f64> {
        if self.omega_rad_s == 0.0 {
            *v
        } else {
            frames::rotate_z(v, self.omega_rad_s * t_s)
        }
    }

    /// ECI → ECEF at time `t_s`.
    #[inline]
    pub fn eci_to_ecef(&self, t_s: f64, v: &Vector3<f64>) -> Vector3<f64> {
        if self.omega_rad_s == 0.0 {
            *v
        } else {
            frames::rotate_z(v, -self.omega_rad_s * t_s)
        }
    }

    /// Velocity of the Earth's surface (and of the co-rotating air) at inertial position `r`, m/s: ω × r.
    #[inline]
    pub fn frame_velocity(&self, r: &Vector3<f64>) -> Vector3<f64> {
        Vector3::new(-self.omega_rad_s * r.y, self.omega_rad_s * r.x, 0.0)
    }

    /// Geodetic position of an ECI point at time `t_s`.
    pub fn eci_to_geodetic(&self, t_s: f64, r: &Vector3<f64>) -> Geodetic {
        self.ellipsoid.to_geodetic(&Ecef(self.eci_to_ecef(t_s, r)))
    }

    /// Escape speed (inertial), m/s, at distance `r_m` from the centre: √(2GM/r).
    pub fn escape_speed_mps(r_m: f64) -> f64 {
        (2.0 * constants::GM_M3_S2 / r_m).sqrt()
    }

    /// Ground distance (m) and initial azimuth (rad, clockwise from north) from `a` to `b`: ellipsoidal geodesic on
    /// WGS 84, great circle on the sphere (Karney's algorithm either way).
    pub fn distance_azimuth(&self, a: &Geodetic, b: &Geodetic) -> (f64, f64) {
        geodesic::inverse(&self.ellipsoid, a, b)
    }
}
