//! Gravitational acceleration: point mass or point mass plus the J2 zonal term.
//!
//! The J2 field is symmetric about the z axis, so the same formula holds in ECEF and in the non-precessing ECI frame
//! of `docs/conventions.md`, "Frames" (Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., eq. 8-31).

use nalgebra::Vector3;

use super::constants::{GM_M3_S2, J2, J2_REFERENCE_RADIUS_M};

/// Which gravity field to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GravityModel {
    /// Central inverse-square field, GM only.
    PointMass,
    /// Central field plus the J2 oblateness term (reference radius 6378137 m, also on the sphere).
    J2,
}

impl GravityModel {
    /// Gravitational acceleration (m/s²) at position `r` (m, ECEF or ECI), not including any centrifugal term.
    #[inline]
    pub fn acceleration(self, r: &Vector3<f64>) -> Vector3<f64> {
        let r2 = r.norm_squared();
        let rn = r2.sqrt();
        let mu_r3 = GM_M3_S2 / (r2 * rn);
        match self {
            GravityModel::PointMass => -mu_r3 * r,
            GravityModel::J2 => {
                let k = 1.5 * J2 * J2_REFERENCE_RADIUS_M * J2_REFERENCE_RADIUS_M / r2;
                let s = 5.0 * r.z * r.z / r2;
                let fxy = 1.0 + k * (1.0 - s);
                let fz = 1.0 + k * (3.0 - s);
                Vector3::new(-mu_r3 * r.x * fxy, -mu_r3 * r.y * fxy, -mu_r3 * r.z * fz)
            }
        }
    }

    /// Gravitational potential energy per unit mass (J/kg, zero at infinity) at `r`: the conserved quantity with
    /// kinetic energy in a non-rotating frame.
    pub fn potential(self, r: &Vector3<f64>) -> f64 {
        let rn = r.norm();
        match self {
            GravityModel::PointMass => -GM_M3_S2 / rn,
            GravityModel::J2 => {
                let sin2 = r.z * r.z / (rn * rn);
                let k = J2 * (J2_REFERENCE_RADIUS_M / rn).powi(2) * 0.5 * (3.0 * sin2 - 1.0);
                -GM_M3_S2 / rn * (1.0 - k)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The acceleration must be minus the gradient of the potential (central differences).
    #[test]
    fn acceleration_is_the_gradient_of_the_potential() {
        for model in [GravityModel::PointMass, GravityModel::J2] {
            for r in [
                Vector3::new(7.0e6, 0.0, 0.0),
                Vector3::new(3.0e6, -4.0e6, 5.0e6),
                Vector3::new(1.0, 2.0, 6.5e6),
            ] {
                let a = model.acceleration(&r);
                let h = 1.0;
                for i in 0..3 {
                    let mut rp = r;
                    let mut rm = r;
                    rp[i] += h;
                    rm[i] -= h;
                    let g = -(model.potential(&rp) - model.potential(&rm)) / (2.0 * h);
                    assert!((g - a[i]).abs() < 1e-6, "{model:?} {i}: {g} vs {}", a[i]);
                }
            }
        }
    }

    #[test]
    fn surface_gravity_magnitudes() {
        // Point mass at the WGS84 equatorial radius: GM/a² = 9.7983 m/s².
        let g = GravityModel::PointMass
            .acceleration(&Vector3::new(6_378_137.0, 0.0, 0.0))
            .norm();
        assert!((g - 9.798_29).abs() < 1e-4);
        // J2 strengthens gravity at the equator by 1.5·J2: 9.7983·(1 + 1.624e-3) = 9.8142.
        let gj = GravityModel::J2
            .acceleration(&Vector3::new(6_378_137.0, 0.0, 0.0))
            .norm();
        assert!((gj / g - (1.0 + 1.5 * J2)).abs() < 1e-12);
    }
}
