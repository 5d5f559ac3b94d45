//! The boundary convention for a flight state (`docs/conventions.md`, "Flight states at a boundary"): geodetic
//! position, speed relative to the rotating Earth, azimuth clockwise from local north, flight-path angle above the
//! local geodetic horizontal.

use nalgebra::Vector3;

use super::{invalid, FlightError};
use crate::earth::{frames::enu_axes_at, EarthModel, Geodetic};

/// A flight state as users give and read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaunchState {
    /// Geodetic position (height in m).
    pub position: Geodetic,
    /// Speed relative to the rotating Earth, m/s.
    pub speed_mps: f64,
    /// Direction of the Earth-relative velocity, rad clockwise from local north.
    pub azimuth_rad: f64,
    /// Angle of the Earth-relative velocity above the local geodetic horizontal, rad, in (−π/2, π/2].
    pub flight_path_rad: f64,
}

impl LaunchState {
    /// Checks that the state is finite and physically possible; the error names the CLI flag of the bad value.
    pub fn validate(&self, earth: &EarthModel) -> Result<(), FlightError> {
        let p = &self.position;
        let lat = p.lat_rad.to_degrees();
        if !lat.is_finite() || lat.abs() > 90.0 {
            return Err(invalid(
                "--lat",
                lat,
                "latitude must be a finite number of degrees in [-90, 90]",
            ));
        }
        let lon = p.lon_rad.to_degrees();
        if !lon.is_finite() {
            return Err(invalid(
                "--lon",
                lon,
                "longitude must be a finite number of degrees",
            ));
        }
        let alt = p.alt_m / 1000.0;
        if !alt.is_finite() || alt < 0.0 {
            return Err(invalid(
                "--alt-km",
                alt,
                "altitude must be a finite number of km, 0 or more",
            ));
        }
        if !self.speed_mps.is_finite() || self.speed_mps < 0.0 {
            return Err(invalid(
                "--speed-mps",
                self.speed_mps,
                "speed must be a finite number of m/s, 0 or more",
            ));
        }
        let az = self.azimuth_rad.to_degrees();
        if !az.is_finite() {
            return Err(invalid(
                "--azimuth-deg",
                az,
                "azimuth must be a finite number of degrees clockwise from north",
            ));
        }
        let fpa = self.flight_path_rad.to_degrees();
        if !fpa.is_finite() || fpa <= -90.0 || fpa > 90.0 {
            return Err(invalid(
                "--flight-path-deg",
                fpa,
                "flight-path angle must be in (-90, 90] degrees above the local horizontal",
            ));
        }
        let (r, v) = self.to_inertial(earth, 0.0);
        let v_esc = EarthModel::escape_speed_mps(r.norm());
        if v.norm() >= v_esc {
            return Err(invalid(
                "--speed-mps",
                self.speed_mps,
                &format!(
                    "the inertial speed {:.0} m/s is at or above escape speed {:.0} m/s at this altitude: the body would never come back",
                    v.norm(),
                    v_esc
                ),
            ));
        }
        Ok(())
    }

    /// Inertial position and velocity (m, m/s) of this state taken at time `t_s` after the ECI/ECEF alignment.
    pub fn to_inertial(&self, earth: &EarthModel, t_s: f64) -> (Vector3<f64>, Vector3<f64>) {
        let e = earth.ellipsoid();
        let r_ecef = e.to_ecef(&self.position).0;
        let [east, north, up] = enu_axes_at(self.position.lat_rad, self.position.lon_rad);
        let (sg, cg) = self.flight_path_rad.sin_cos();
        let (sa, ca) = self.azimuth_rad.sin_cos();
        let v_rel_ecef = self.speed_mps * (cg * sa * east + cg * ca * north + sg * up);
        let r = earth.ecef_to_eci(t_s, &r_ecef);
        let v = earth.ecef_to_eci(t_s, &v_rel_ecef) + earth.frame_velocity(&r);
        (r, v)
    }

    /// The state of an inertial position and velocity at time `t_s`.
    pub fn from_inertial(earth: &EarthModel, t_s: f64, r: &Vector3<f64>, v: &Vector3<f64>) -> Self {
        let v_rel = v - earth.frame_velocity(r);
        let position = earth.eci_to_geodetic(t_s, r);
        let v_ecef = earth.eci_to_ecef(t_s, &v_rel);
        let [east, north, up] = enu_axes_at(position.lat_rad, position.lon_rad);
        let (ve, vn, vu) = (v_ecef.dot(&east), v_ecef.dot(&north), v_ecef.dot(&up));
        let speed = v_ecef.norm();
        Self {
            position,
            speed_mps: speed,
            azimuth_rad: ve.atan2(vn).rem_euclid(std::f64::consts::TAU),
            flight_path_rad: if speed > 0.0 {
                (vu / speed).clamp(-1.0, 1.0).asin()
            } else {
                0.0
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inertial_round_trip_on_a_rotating_earth() {
        let earth = EarthModel::default();
        let s = LaunchState {
            position: Geodetic::from_degrees(35.2, 53.9, 120_000.0),
            speed_mps: 5400.0,
            azimuth_rad: 310f64.to_radians(),
            flight_path_rad: 27f64.to_radians(),
        };
        for t in [0.0, 250.0] {
            let (r, v) = s.to_inertial(&earth, t);
            let b = LaunchState::from_inertial(&earth, t, &r, &v);
            assert!((b.speed_mps - s.speed_mps).abs() < 1e-9);
            assert!((b.azimuth_rad - s.azimuth_rad).abs() < 1e-12);
            assert!((b.flight_path_rad - s.flight_path_rad).abs() < 1e-12);
            assert!((b.position.alt_m - s.position.alt_m).abs() < 1e-6);
        }
    }

    #[test]
    fn surface_at_rest_moves_with_the_earth() {
        let earth = EarthModel::default();
        let s = LaunchState {
            position: Geodetic::from_degrees(0.0, 0.0, 0.0),
            speed_mps: 0.0,
            azimuth_rad: 0.0,
            flight_path_rad: 0.0,
        };
        let (_, v) = s.to_inertial(&earth, 0.0);
        // ω·a = 465.1 m/s eastward at the equator.
        assert!((v.y - 465.101).abs() < 1e-3 && v.x.abs() < 1e-12);
    }
}
