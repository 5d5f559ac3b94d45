//! Physical constants of the Earth models, each with its source.
//!
//! All values are SI. They are the conventions of `docs/conventions.md` ("Earth model") and are used by every model
//! in the engine, so a change here changes every result.

/// Geocentric gravitational constant GM, m³/s² (WGS 84, NIMA TR8350.2, 3rd ed., Table 3.1, EGM96 value).
pub const GM_M3_S2: f64 = 3.986004418e14;

/// WGS 84 semi-major axis a, m (NIMA TR8350.2, Table 3.1).
pub const WGS84_A_M: f64 = 6_378_137.0;

/// WGS 84 flattening f, dimensionless (NIMA TR8350.2, Table 3.1: 1/f = 298.257223563).
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;

/// Radius of the spherical Earth model, m (mean radius, IUGG; the usual textbook sphere).
pub const SPHERE_R_M: f64 = 6_371_000.0;

/// Earth rotation rate ω, rad/s (WGS 84 nominal mean angular velocity, NIMA TR8350.2, Table 3.1: 7.292115e-5).
pub const OMEGA_RAD_S: f64 = 7.292_115e-5;

/// Second zonal harmonic J2, dimensionless (EGM96 / WGS 84: C̄20 = −4.84166774985e-4, J2 = −√5·C̄20 ≈ 1.08262668e-3).
pub const J2: f64 = 1.082_626_68e-3;

/// Reference radius for the J2 term, m (the WGS 84 semi-major axis; used for the sphere model too).
pub const J2_REFERENCE_RADIUS_M: f64 = WGS84_A_M;

/// Standard acceleration of gravity g0, m/s² (CGPM 1901; defines specific impulse in seconds).
pub const G0_M_S2: f64 = 9.806_65;
