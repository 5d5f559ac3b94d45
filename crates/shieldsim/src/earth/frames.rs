//! Reference frames and the ellipsoid: geodetic ⇄ ECEF ⇄ ECI, local east-north-up axes.
//!
//! ECEF is the Earth-centred Earth-fixed frame (z to the north pole, x through the prime meridian). ECI here is the
//! inertial frame that coincides with ECEF at t = 0 of a flight and does not rotate (no precession or nutation:
//! irrelevant over a 40-minute flight; `docs/conventions.md`, "Frames"). With rotation on, ECEF turns about z at ω
//! relative to ECI.
//!
//! Geodetic ← ECEF uses Heikkinen's exact closed form (M. Heikkinen, "Geschlossene Formeln zur Berechnung räumlicher
//! geodätischer Koordinaten aus rechtwinkligen Koordinaten", Z. Vermess. 107, 1982; as given by J. Zhu, IEEE TAES 30,
//! 1994), valid from the centre's neighbourhood to far above the surface.

use nalgebra::Vector3;

/// A geodetic position: latitude and longitude on the ellipsoid (radians) and height above it (m).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Geodetic {
    /// Geodetic latitude, rad, in [−π/2, π/2].
    pub lat_rad: f64,
    /// Longitude, rad, east positive, in (−π, π].
    pub lon_rad: f64,
    /// Height above the ellipsoid (or the sphere), m.
    pub alt_m: f64,
}

impl Geodetic {
    /// A position from degrees and metres.
    pub fn from_degrees(lat_deg: f64, lon_deg: f64, alt_m: f64) -> Self {
        Self {
            lat_rad: lat_deg.to_radians(),
            lon_rad: lon_deg.to_radians(),
            alt_m,
        }
    }
    /// Latitude in degrees.
    pub fn lat_deg(&self) -> f64 {
        self.lat_rad.to_degrees()
    }
    /// Longitude in degrees, wrapped to (−180, 180].
    pub fn lon_deg(&self) -> f64 {
        wrap_pi(self.lon_rad).to_degrees()
    }
}

/// A position or vector in the Earth-fixed frame, m (or m/s for velocities).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ecef(pub Vector3<f64>);

/// A position or vector in the inertial frame aligned with ECEF at t = 0, m (or m/s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Eci(pub Vector3<f64>);

/// Wraps an angle to (−π, π].
#[inline]
pub fn wrap_pi(a: f64) -> f64 {
    // `a % 2π` is `a` itself below 2π in magnitude (the usual case): the library remainder is skipped, not changed.
    let mut x = if a.abs() < std::f64::consts::TAU {
        a
    } else {
        a % std::f64::consts::TAU
    };
    if x > std::f64::consts::PI {
        x -= std::f64::consts::TAU;
    } else if x <= -std::f64::consts::PI {
        x += std::f64::consts::TAU;
    }
    x
}

/// An oblate ellipsoid of revolution about z (a sphere when the flattening is 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ellipsoid {
    /// Semi-major (equatorial) axis, m.
    pub a_m: f64,
    /// Flattening (a − b)/a, dimensionless.
    pub f: f64,
    b_m: f64,
    e2: f64,
}

impl Ellipsoid {
    /// An ellipsoid from its semi-major axis (m) and flattening.
    pub const fn new(a_m: f64, f: f64) -> Self {
        Self {
            a_m,
            f,
            b_m: a_m * (1.0 - f),
            e2: f * (2.0 - f),
        }
    }

    /// Semi-minor (polar) axis, m.
    pub fn b_m(&self) -> f64 {
        self.b_m
    }

    /// First eccentricity squared, dimensionless.
    pub fn e2(&self) -> f64 {
        self.e2
    }

    /// ECEF position of a geodetic point, m.
    pub fn to_ecef(&self, g: &Geodetic) -> Ecef {
        let (sl, cl) = g.lat_rad.sin_cos();
        let (so, co) = g.lon_rad.sin_cos();
        let n = self.a_m / (1.0 - self.e2 * sl * sl).sqrt();
        Ecef(Vector3::new(
            (n + g.alt_m) * cl * co,
            (n + g.alt_m) * cl * so,
            (n * (1.0 - self.e2) + g.alt_m) * sl,
        ))
    }

    /// Geodetic coordinates of an ECEF position (exact closed form; see the module doc).
    pub fn to_geodetic(&self, p: &Ecef) -> Geodetic {
        let (x, y, z) = (p.0.x, p.0.y, p.0.z);
        let lon_rad = y.atan2(x);
        let rho = x.hypot(y);
        if self.e2 == 0.0 {
            return Geodetic {
                lat_rad: z.atan2(rho),
                lon_rad,
                alt_m: rho.hypot(z) - self.a_m,
            };
        }
        let (u, v) = self.heikkinen_u_v(rho, z);
        let (a, b2) = (self.a_m, self.b_m * self.b_m);
        let ep2 = (a * a - b2) / b2;
        let z0 = b2 * z / (a * v);
        Geodetic {
            lat_rad: (z + ep2 * z0).atan2(rho),
            lon_rad,
            alt_m: u * (1.0 - b2 / (a * v)),
        }
    }

    /// Heikkinen's intermediate distances U and V (Zhu 1994, eqs. 12–13) of a point at distance `rho` from the axis
    /// and `z` along it, m, on an ellipsoid with e² > 0: the height is U·(1 − b²/(a·V)).
    #[inline]
    fn heikkinen_u_v(&self, rho: f64, z: f64) -> (f64, f64) {
        let (a, b, e2) = (self.a_m, self.b_m, self.e2);
        let a2 = a * a;
        let b2 = b * b;
        let z2 = z * z;
        let rho2 = rho * rho;
        let f = 54.0 * b2 * z2;
        let g = rho2 + (1.0 - e2) * z2 - e2 * (a2 - b2);
        let c = e2 * e2 * f * rho2 / (g * g * g);
        let s = (1.0 + c + (c * c + 2.0 * c).sqrt()).cbrt();
        let k = s + 1.0 + 1.0 / s;
        let pp = f / (3.0 * k * k * g * g);
        let q = (1.0 + 2.0 * e2 * e2 * pp).sqrt();
        let r0 = -pp * e2 * rho / (1.0 + q)
            + (0.5 * a2 * (1.0 + 1.0 / q)
                - pp * (1.0 - e2) * z2 / (q * (1.0 + q))
                - 0.5 * pp * rho2)
                .max(0.0)
                .sqrt();
        let t = rho - e2 * r0;
        let u = (t * t + z2).sqrt();
        let v = (t * t + (1.0 - e2) * z2).sqrt();
        (u, v)
    }

    /// Height above the ellipsoid of a position given in ECEF *or* ECI (the ellipsoid is symmetric about z), m.
    /// Exact, and bit for bit the height of [`Ellipsoid::to_geodetic`], without its two arc tangents (the stepping
    /// loop calls it at every step end and event-location iterate); use [`Ellipsoid::altitude_approx_m`] where speed
    /// matters more than centimetres.
    #[inline]
    pub fn altitude_m(&self, r: &Vector3<f64>) -> f64 {
        let rho = r.x.hypot(r.y);
        if self.e2 == 0.0 {
            return rho.hypot(r.z) - self.a_m;
        }
        let (u, v) = self.heikkinen_u_v(rho, r.z);
        let b2 = self.b_m * self.b_m;
        u * (1.0 - b2 / (self.a_m * v))
    }

    /// Radial height above the ellipsoid surface along the geocentric direction, m: differs from the geodetic height
    /// by less than 1e-5 of the height (the angle between normal and radius is below 0.2°). Used for air density.
    #[inline]
    pub fn altitude_approx_m(&self, r: &Vector3<f64>) -> f64 {
        let r2 = r.norm_squared();
        let rn = r2.sqrt();
        let cos2 = (r.x * r.x + r.y * r.y) / r2;
        rn - self.b_m / (1.0 - self.e2 * cos2).sqrt()
    }

    /// Unit outward normal of the ellipsoid family through `r` (geodetic "up" to within 1e-5 rad below 1000 km),
    /// in the frame of `r`.
    #[inline]
    pub fn up_approx(&self, r: &Vector3<f64>) -> Vector3<f64> {
        let k = 1.0 / (1.0 - self.e2);
        Vector3::new(r.x, r.y, r.z * k).normalize()
    }

    /// Local east, north and up unit vectors (ECEF) at a geodetic point.
    pub fn enu_axes(&self, g: &Geodetic) -> [Vector3<f64>; 3] {
        enu_axes_at(g.lat_rad, g.lon_rad)
    }
}

/// East, north, up unit vectors for geodetic latitude and longitude (rad), in ECEF.
pub fn enu_axes_at(lat_rad: f64, lon_rad: f64) -> [Vector3<f64>; 3] {
    let (sl, cl) = lat_rad.sin_cos();
    let (so, co) = lon_rad.sin_cos();
    [
        Vector3::new(-so, co, 0.0),
        Vector3::new(-sl * co, -sl * so, cl),
        Vector3::new(cl * co, cl * so, sl),
    ]
}

/// Rotates a vector about z by `angle_rad` (counter-clockwise seen from +z).
#[inline]
pub fn rotate_z(v: &Vector3<f64>, angle_rad: f64) -> Vector3<f64> {
    rotate_z_sin_cos(v, angle_rad.sin_cos())
}

/// Rotates a vector about z by the angle whose (sine, cosine) is `sin_cos` (as [`rotate_z`], for callers that turn
/// many vectors by the same angle).
#[inline]
pub fn rotate_z_sin_cos(v: &Vector3<f64>, (s, c): (f64, f64)) -> Vector3<f64> {
    Vector3::new(c * v.x - s * v.y, s * v.x + c * v.y, v.z)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::earth::constants::{WGS84_A_M, WGS84_F};

    const WGS84: Ellipsoid = Ellipsoid::new(WGS84_A_M, WGS84_F);

    #[test]
    fn round_trip_geodetic_ecef_over_a_grid() {
        for lat in (-90i32..=90).step_by(5) {
            for lon in (-180..180).step_by(30) {
                for alt in [-1000.0, 0.0, 10_000.0, 500_000.0, 2_000_000.0] {
                    let g = Geodetic::from_degrees(lat as f64, lon as f64, alt);
                    let back = WGS84.to_geodetic(&WGS84.to_ecef(&g));
                    assert!(
                        (back.lat_rad - g.lat_rad).abs() < 1e-11,
                        "lat {lat} {lon} {alt}"
                    );
                    assert!(
                        (back.alt_m - alt).abs() < 1e-6,
                        "alt {lat} {lon} {alt}: {}",
                        back.alt_m
                    );
                    if lat.abs() != 90 {
                        assert!(wrap_pi(back.lon_rad - g.lon_rad).abs() < 1e-12);
                    }
                }
            }
        }
    }

    #[test]
    fn known_points() {
        // Equator/prime meridian at the surface is (a, 0, 0); the pole is at b on z.
        let p = WGS84.to_ecef(&Geodetic::from_degrees(0.0, 0.0, 0.0));
        assert!((p.0 - Vector3::new(WGS84_A_M, 0.0, 0.0)).norm() < 1e-9);
        let n = WGS84.to_ecef(&Geodetic::from_degrees(90.0, 0.0, 0.0));
        assert!((n.0.z - 6_356_752.314_245).abs() < 1e-3);
        // pymap3d.geodetic2ecef(45, 45, 1000) = (3194919.145, 3194919.145, 4488055.516)
        let q = WGS84.to_ecef(&Geodetic::from_degrees(45.0, 45.0, 1000.0));
        assert!((q.0.x - 3_194_919.145).abs() < 1e-2 && (q.0.z - 4_488_055.516).abs() < 1e-2);
    }

    #[test]
    fn approximate_altitude_and_up_are_close() {
        for lat in (-90..=90).step_by(10) {
            for alt in [0.0, 100_000.0, 1_000_000.0] {
                let g = Geodetic::from_degrees(lat as f64, 20.0, alt);
                let r = WGS84.to_ecef(&g).0;
                assert!((WGS84.altitude_approx_m(&r) - alt).abs() < 1e-5 * alt + 30.0);
                let up = WGS84.enu_axes(&g)[2];
                assert!(up.angle(&WGS84.up_approx(&r)) < 5e-4);
            }
        }
    }

    /// The height-only path returns the height of the full conversion bit for bit (the trajectory results depend on
    /// it), and the known height of points built at given heights, on the ellipsoid and on the sphere.
    #[test]
    fn altitude_is_the_full_conversions_height_bit_for_bit() {
        let sphere = Ellipsoid::new(6_371_000.0, 0.0);
        for e in [WGS84, sphere] {
            for lat in (-90i32..=90).step_by(3) {
                for lon in (-180i32..180).step_by(37) {
                    for alt in [-5000.0, -0.3, 0.0, 1e-3, 0.7, 85_000.0, 1_200_000.0, 4.0e7] {
                        let g = Geodetic::from_degrees(lat as f64 + 0.1, lon as f64, alt);
                        let r = e.to_ecef(&g).0;
                        let h = e.altitude_m(&r);
                        assert_eq!(
                            h.to_bits(),
                            e.to_geodetic(&Ecef(r)).alt_m.to_bits(),
                            "{lat} {lon} {alt}"
                        );
                        assert!(
                            (h - alt).abs() < 1e-6 + 1e-15 * alt.abs(),
                            "{lat} {lon} {alt}: {h}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn sphere_is_the_flattening_zero_case() {
        let s = Ellipsoid::new(6_371_000.0, 0.0);
        let g = Geodetic::from_degrees(33.0, -70.0, 12_345.0);
        let back = s.to_geodetic(&s.to_ecef(&g));
        assert!((back.alt_m - 12_345.0).abs() < 1e-6 && (back.lat_rad - g.lat_rad).abs() < 1e-12);
    }

    /// The fast path of `wrap_pi` (no remainder below 2π) returns what the plain remainder gives, bit for bit, and
    /// the result is in (−π, π].
    #[test]
    fn wrap_pi_equals_the_plain_remainder() {
        use std::f64::consts::{PI, TAU};
        let plain = |a: f64| {
            let mut x = a % TAU;
            if x > PI {
                x -= TAU;
            } else if x <= -PI {
                x += TAU;
            }
            x
        };
        let mut values = vec![0.0, -0.0, PI, -PI, TAU, -TAU, 1e300, -7.5, f64::NAN];
        values.extend(
            [TAU, -TAU, PI, -PI]
                .iter()
                .flat_map(|&x| [x.next_up(), x.next_down()]),
        );
        // A deterministic spread of magnitudes from 1e-9 to 1e4 rad, both signs.
        values.extend((0..4000).map(|i| {
            let x = 10f64.powf(-9.0 + 13.0 * f64::from(i) / 4000.0);
            if i % 2 == 0 {
                x
            } else {
                -x
            }
        }));
        for a in values {
            let (w, p) = (wrap_pi(a), plain(a));
            assert_eq!(w.to_bits(), p.to_bits(), "{a:e}");
            assert!(a.is_nan() || (w > -PI && w <= PI), "{a:e} -> {w}");
        }
    }

    #[test]
    fn rotating_by_a_sine_and_cosine_is_rotating_by_the_angle() {
        let v = Vector3::new(6.4e6, -1.2e6, 3.3e6);
        for angle in [-2.0, -1e-5, 0.0, 0.7, 3.0] {
            let a = rotate_z(&v, angle);
            let b = rotate_z_sin_cos(&v, f64::sin_cos(angle));
            assert_eq!(a, b);
            // A rotation about z keeps the length and z, and turns the xy-plane projection by the angle.
            assert!((a.norm() - v.norm()).abs() < 1e-6 && a.z == v.z);
            let turned = a.y.atan2(a.x) - v.y.atan2(v.x);
            assert!(wrap_pi(turned - angle).abs() < 1e-12, "{angle}");
        }
    }
}
