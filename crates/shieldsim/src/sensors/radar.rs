//! A ground- or ship-based radar at point-mass kinematic fidelity: look angles, the Earth's blocking of the line of
//! sight, the field of regard, detection range versus radar cross-section, and the first time a target on a path is
//! detectable.
//!
//! # Model
//!
//! * **Site**: a geodetic point (height above the ellipsoid, or above the sphere), fixed to the rotating Earth. All
//!   target positions are Earth-fixed (ECEF), metres.
//! * **Look angles** ([`Look`]): slant range, azimuth clockwise from north and elevation above the local *geodetic*
//!   horizontal (the plane normal to the ellipsoid normal at the site), from the site's east-north-up axes. This is
//!   the convention of pymap3d's `ecef2aer` / `geodetic2aer`, against which the tests check it.
//! * **Detection range** versus radar cross-section σ: the radar equation at fixed power, aperture, dwell and
//!   detection threshold gives a signal-to-noise ratio proportional to σ/R⁴, so `R(σ) = R_ref·(σ/σ_ref)^¼`
//!   (M. I. Skolnik, *Introduction to Radar Systems*, 3rd ed., 2001, eq. 1.1; the scaling used throughout the
//!   arms-control literature, e.g. APS, *Report on Boost-Phase Intercept Systems*, 2003).
//! * **Field of regard**: an azimuth sector (boresight ± half-width; a half-width of π is all around) and elevation
//!   limits. The minimum elevation is the horizon mask (terrain, clutter, beam limits); the maximum elevation is the
//!   top of the scan.
//! * **Line of sight**: the smooth Earth (ellipsoid or sphere per [`EarthModel`]) must not cut the straight segment
//!   from the site to the target. Scaling z by a/b turns the ellipsoid into a sphere of radius a and keeps straight
//!   lines straight, so the test is the exact distance from the centre to the scaled segment. The geometric straight
//!   line is used: atmospheric refraction (the "4/3 Earth" radar horizon, some 15 % farther) is not modelled.
//! * **Track time**: the time from first detection to a fire-control-quality track, carried for the engagement
//!   timeline (`docs/conventions.md`, "The engagement timeline"); nothing here uses it.
//!
//! Not modelled: terrain, clutter, multipath, beam shape, scan rate and revisit time, the radar's power budget
//! beyond the σ^¼ scaling, and any dependence of the RCS on aspect (the caller passes the RCS to use).

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use nalgebra::Vector3;

use crate::earth::frames::{enu_axes_at, wrap_pi};
use crate::earth::{EarthModel, Ecef, Geodetic};

/// Slack (m) by which the smooth Earth is shrunk in [`Radar::line_of_sight`], so that rounding (about 1e-8 m on
/// Earth-sized coordinates) never hides a target lying on the surface within the horizon. A site on (or below) the
/// surface needs no slack to see up: the blocking surface is taken through it (see [`Radar::line_of_sight`]). Kept
/// this small so the geometric horizon stays exact: it moves the horizon of a site on the surface by
/// √(2·R·1e-6 m) ≈ 3.6 m (a metre of slack would move it by kilometres), and a point on the surface 0.1 % beyond
/// the horizon of a site 100 m up is hidden by only 0.1 mm of Earth.
pub const LINE_OF_SIGHT_TOLERANCE_M: f64 = 1e-6;

/// Lowest site height accepted by [`Radar::validate`], m: the deepest ocean floor (Challenger Deep, about 11 km).
const LOWEST_SITE_ALT_M: f64 = -11_000.0;

/// Slack on the angular limits of [`Radar::validate`], rad, so that limits given in degrees (±90°, 180°) and
/// converted to radians are accepted whatever the last bit of the conversion.
const ANGLE_SLACK_RAD: f64 = 1e-12;

/// Why a sensor definition is invalid.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SensorError {
    /// A parameter is outside what is physically possible or allowed.
    #[error("{field} = {value}: {expected}")]
    InvalidInput {
        /// The parameter's name as a user writes it, with the radar's id: `radar <id> max_range_km`.
        field: String,
        /// The offending value, as text, in the unit of the field's name.
        value: String,
        /// What is allowed.
        expected: String,
    },
}

/// A ground- or ship-based radar (see the module documentation for the model).
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    /// Name, used in messages and outputs.
    pub id: String,
    /// Site: geodetic latitude and longitude (rad) and height above the ellipsoid (or sphere), m.
    pub site: Geodetic,
    /// Maximum detection range against a target of [`Radar::reference_rcs_m2`], m.
    pub max_range_m: f64,
    /// Radar cross-section at which [`Radar::max_range_m`] holds, m².
    pub reference_rcs_m2: f64,
    /// Lowest elevation the radar sees (horizon mask), rad above the local geodetic horizontal, in [−π/2, π/2).
    pub min_elevation_rad: f64,
    /// Highest elevation the radar sees, rad above the local geodetic horizontal, in (min, π/2].
    pub max_elevation_rad: f64,
    /// Centre of the azimuth sector, rad clockwise from north (any finite value; taken modulo 2π).
    pub boresight_azimuth_rad: f64,
    /// Half-width of the azimuth sector, rad, in (0, π]; π means all around.
    pub half_width_rad: f64,
    /// Time from first detection to a track, s (≥ 0): the target must stay detectable this long.
    pub track_time_s: f64,
    /// Whether this radar's track alone can commit an interceptor (a fire-control radar). Early-warning radars
    /// without this only cue other radars.
    pub fire_control: bool,
    /// Share of the detection range available when searching without a cue, in (0, 1]: an uncued radar spreads
    /// its energy over its whole search volume, a cued one (by early warning or another radar's track) looks where
    /// the target is. 1 means the cue changes nothing.
    pub uncued_range_fraction: f64,
}

/// Look angles from a site to a target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    /// Straight-line (slant) distance from the site to the target, m.
    pub range_m: f64,
    /// Azimuth of the target, rad clockwise from north, in [0, 2π). 0 when the target is straight above or below
    /// the site (the azimuth is undefined there).
    pub azimuth_rad: f64,
    /// Elevation of the target above the local geodetic horizontal at the site, rad, in [−π/2, π/2]. 0 when the
    /// target is at the site.
    pub elevation_rad: f64,
}

/// The site's geometry, computed once per radar and Earth model, reused over the many evaluations of a scan.
struct SiteFrame {
    /// Site position, ECEF, m.
    site_m: Vector3<f64>,
    /// East, north and up unit vectors at the site, ECEF.
    enu: [Vector3<f64>; 3],
    /// a/b of the Earth model: multiplying z by it maps the ellipsoid onto the sphere of radius a.
    z_scale: f64,
    /// Site position in the scaled space, m.
    site_scaled_m: Vector3<f64>,
    /// Radius of the blocking sphere in the scaled space, m.
    blocking_radius_m: f64,
}

impl SiteFrame {
    fn new(radar: &Radar, earth: &EarthModel) -> Self {
        let ellipsoid = earth.ellipsoid();
        let site_m = ellipsoid.to_ecef(&radar.site).0;
        let z_scale = ellipsoid.a_m / ellipsoid.b_m();
        let site_scaled_m = Vector3::new(site_m.x, site_m.y, site_m.z * z_scale);
        // A site below the surface (a negative ellipsoidal height, e.g. on a coast where the geoid is below the
        // ellipsoid) is treated as standing on a surface through it: terrain is not modelled, and otherwise the
        // Earth would hide the whole sky from it.
        let blocking_radius_m = ellipsoid.a_m.min(site_scaled_m.norm()) - LINE_OF_SIGHT_TOLERANCE_M;
        Self {
            site_m,
            enu: enu_axes_at(radar.site.lat_rad, radar.site.lon_rad),
            z_scale,
            site_scaled_m,
            blocking_radius_m,
        }
    }

    fn look(&self, target_m: &Vector3<f64>) -> Look {
        let d = target_m - self.site_m;
        let east = d.dot(&self.enu[0]);
        let north = d.dot(&self.enu[1]);
        let up = d.dot(&self.enu[2]);
        let horizontal = east.hypot(north);
        let mut azimuth_rad = east.atan2(north);
        if azimuth_rad < 0.0 {
            azimuth_rad += TAU;
        }
        // −0 and −ε + 2π rounding to 2π both belong at 0.
        if azimuth_rad >= TAU || azimuth_rad == 0.0 {
            azimuth_rad = 0.0;
        }
        Look {
            range_m: horizontal.hypot(up),
            azimuth_rad,
            elevation_rad: up.atan2(horizontal),
        }
    }

    fn line_of_sight(&self, target_m: &Vector3<f64>) -> bool {
        let t = Vector3::new(target_m.x, target_m.y, target_m.z * self.z_scale);
        let s = self.site_scaled_m;
        let d = t - s;
        let dd = d.norm_squared();
        let u = if dd > 0.0 {
            (-s.dot(&d) / dd).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let closest = s + d * u;
        // Written so that a NaN target is not visible.
        closest.norm() >= self.blocking_radius_m
    }
}

impl Radar {
    /// Checks that every parameter is finite and physically possible. The error names the parameter as
    /// `radar <id> <key>` with the key and value in the units a user writes (`lat_deg`, `alt_m`, `max_range_km`,
    /// `reference_rcs_m2`, `min_elevation_deg`, `max_elevation_deg`, `boresight_azimuth_deg`, `half_width_deg`,
    /// `track_time_s`); an empty id is reported as `radar id`.
    ///
    /// Allowed: latitude in [−90°, 90°]; longitude finite; site height finite and above −11 km (the deepest ocean
    /// floor); maximum range and reference RCS finite and > 0; −90° ≤ minimum elevation < maximum elevation ≤ 90°;
    /// boresight azimuth finite; half-width in (0°, 180°]; track time finite and ≥ 0.
    pub fn validate(&self) -> Result<(), SensorError> {
        if self.id.trim().is_empty() {
            return Err(invalid(
                "radar id",
                format!("{:?}", self.id),
                "a radar needs a non-empty name",
            ));
        }
        let field = |key: &str| format!("radar {} {key}", self.id);
        let lat_deg = self.site.lat_rad.to_degrees();
        if !lat_deg.is_finite() || lat_deg.abs() > 90.0 {
            return Err(invalid(
                &field("lat_deg"),
                lat_deg,
                "latitude must be a finite number of degrees in [-90, 90]",
            ));
        }
        let lon_deg = self.site.lon_rad.to_degrees();
        if !lon_deg.is_finite() {
            return Err(invalid(
                &field("lon_deg"),
                lon_deg,
                "longitude must be a finite number of degrees",
            ));
        }
        if !self.site.alt_m.is_finite() || self.site.alt_m < LOWEST_SITE_ALT_M {
            return Err(invalid(
                &field("alt_m"),
                self.site.alt_m,
                "site height must be a finite number of metres above the ellipsoid, -11000 or more",
            ));
        }
        if !self.max_range_m.is_finite() || self.max_range_m <= 0.0 {
            return Err(invalid(
                &field("max_range_km"),
                self.max_range_m / 1000.0,
                "maximum detection range must be a finite number of km above 0",
            ));
        }
        if !self.reference_rcs_m2.is_finite() || self.reference_rcs_m2 <= 0.0 {
            return Err(invalid(
                &field("reference_rcs_m2"),
                self.reference_rcs_m2,
                "reference radar cross-section must be a finite number of m² above 0",
            ));
        }
        let (min_el, max_el) = (self.min_elevation_rad, self.max_elevation_rad);
        if !(-FRAC_PI_2 - ANGLE_SLACK_RAD..FRAC_PI_2).contains(&min_el) {
            return Err(invalid(
                &field("min_elevation_deg"),
                min_el.to_degrees(),
                "minimum elevation must be a finite number of degrees in [-90, 90)",
            ));
        }
        if !max_el.is_finite() || max_el > FRAC_PI_2 + ANGLE_SLACK_RAD || max_el <= min_el {
            return Err(invalid(
                &field("max_elevation_deg"),
                max_el.to_degrees(),
                &format!(
                    "maximum elevation must be a finite number of degrees above the minimum elevation ({}) and at most 90",
                    min_el.to_degrees()
                ),
            ));
        }
        if !self.boresight_azimuth_rad.is_finite() {
            return Err(invalid(
                &field("boresight_azimuth_deg"),
                self.boresight_azimuth_rad.to_degrees(),
                "boresight azimuth must be a finite number of degrees clockwise from north",
            ));
        }
        let hw = self.half_width_rad;
        if !hw.is_finite() || hw <= 0.0 || hw > PI + ANGLE_SLACK_RAD {
            return Err(invalid(
                &field("half_width_deg"),
                hw.to_degrees(),
                "azimuth half-width must be in (0, 180] degrees (180 = all around)",
            ));
        }
        if !self.track_time_s.is_finite() || self.track_time_s < 0.0 {
            return Err(invalid(
                &field("track_time_s"),
                self.track_time_s,
                "track time must be a finite number of seconds, 0 or more",
            ));
        }
        let f = self.uncued_range_fraction;
        if !f.is_finite() || f <= 0.0 || f > 1.0 {
            return Err(invalid(
                &field("uncued_range_fraction"),
                f,
                "the share of the range kept without a cue must be in (0, 1] (1 = the cue changes nothing)",
            ));
        }
        Ok(())
    }

    /// Detection range (m) against a target of radar cross-section `rcs_m2` (m²): `R_ref·(σ/σ_ref)^¼`. 0 for a
    /// cross-section of 0 or less; NaN for NaN (so nothing is detected).
    pub fn detection_range_m(&self, rcs_m2: f64) -> f64 {
        if rcs_m2 <= 0.0 {
            return 0.0;
        }
        // Two square roots rather than powf(0.25): exact for exact fourth powers (16× the RCS gives exactly 2× the
        // range) and correctly rounded at each step.
        self.max_range_m * (rcs_m2 / self.reference_rcs_m2).sqrt().sqrt()
    }

    /// The site's position, ECEF, m, on `earth`'s ellipsoid (or sphere).
    pub fn site_ecef(&self, earth: &EarthModel) -> Ecef {
        earth.ellipsoid().to_ecef(&self.site)
    }

    /// Look angles from the site to a target at `target_ecef` (ECEF, m): slant range, azimuth clockwise from north
    /// in [0, 2π), elevation above the local geodetic horizontal.
    pub fn look(&self, earth: &EarthModel, target_ecef: &Vector3<f64>) -> Look {
        SiteFrame::new(self, earth).look(target_ecef)
    }

    /// The Earth (ellipsoid, or sphere, per `earth`) does not block the straight line from the site to the target
    /// (ECEF, m).
    ///
    /// Exact for the smooth Earth, less [`LINE_OF_SIGHT_TOLERANCE_M`]. A site below the surface is treated as if the
    /// surface passed through it. A target below the surface is hidden (unless it lies within that slack or, for
    /// a site below the surface, above that site's own surface). No refraction, no terrain.
    pub fn line_of_sight(&self, earth: &EarthModel, target_ecef: &Vector3<f64>) -> bool {
        SiteFrame::new(self, earth).line_of_sight(target_ecef)
    }

    /// Whether a look direction is in the field of regard: elevation within [min, max] and azimuth within the
    /// sector (boresight ± half-width, inclusive). A target straight above or below the site, whose azimuth is
    /// undefined, passes the azimuth test.
    pub fn in_field_of_regard(&self, look: &Look) -> bool {
        let elevation_ok = look.elevation_rad >= self.min_elevation_rad
            && look.elevation_rad <= self.max_elevation_rad;
        elevation_ok && (self.in_sector(look.azimuth_rad) || look.elevation_rad.abs() == FRAC_PI_2)
    }

    /// Whether an azimuth (rad clockwise from north, any finite value) lies in the sector boresight ± half-width
    /// (inclusive). Always true for a half-width of π or more.
    pub fn in_sector(&self, azimuth_rad: f64) -> bool {
        if self.half_width_rad >= PI {
            return azimuth_rad.is_finite();
        }
        wrap_pi(azimuth_rad - self.boresight_azimuth_rad).abs() <= self.half_width_rad
    }

    /// Detectable: line of sight, range ≤ [`Radar::detection_range_m`]`(rcs_m2)`, elevation within [min, max], and
    /// azimuth within the sector. `target_ecef` is Earth-fixed, m; `rcs_m2` the target's radar cross-section, m².
    pub fn can_detect(&self, earth: &EarthModel, target_ecef: &Vector3<f64>, rcs_m2: f64) -> bool {
        self.can_detect_from(
            &SiteFrame::new(self, earth),
            target_ecef,
            self.detection_range_m(rcs_m2),
        )
    }

    fn can_detect_from(
        &self,
        frame: &SiteFrame,
        target_ecef: &Vector3<f64>,
        detection_range_m: f64,
    ) -> bool {
        let look = frame.look(target_ecef);
        look.range_m <= detection_range_m
            && self.in_field_of_regard(&look)
            && frame.line_of_sight(target_ecef)
    }
}

/// A radar placed on an Earth model, its site geometry computed once: the fast form of [`Radar::can_detect`] for
/// scanning a trajectory.
pub struct RadarView<'a> {
    radar: &'a Radar,
    frame: SiteFrame,
    sin_min_elevation: f64,
    sin_max_elevation: f64,
    /// Unit vector of the boresight in the site's (east, north) plane.
    boresight_en: [f64; 2],
    cos_half_width: f64,
}

impl<'a> RadarView<'a> {
    /// The radar on `earth`.
    pub fn new(radar: &'a Radar, earth: &EarthModel) -> Self {
        let (sin_b, cos_b) = radar.boresight_azimuth_rad.sin_cos();
        Self {
            radar,
            frame: SiteFrame::new(radar, earth),
            sin_min_elevation: radar.min_elevation_rad.sin(),
            sin_max_elevation: radar.max_elevation_rad.sin(),
            boresight_en: [sin_b, cos_b],
            cos_half_width: radar.half_width_rad.min(PI).cos(),
        }
    }

    /// The radar.
    pub fn radar(&self) -> &Radar {
        self.radar
    }

    /// Site position, ECEF, m.
    pub fn site_ecef_m(&self) -> Vector3<f64> {
        self.frame.site_m
    }

    /// Whether a target at `target_ecef` (ECEF, m) is detectable out to `detection_range_m` (m): the test of
    /// [`Radar::can_detect`] with the range given directly, written without trigonometric functions (elevation
    /// limits compared through their sines, the azimuth sector through the cosine of the angle to the boresight),
    /// so it agrees with it except within rounding of a limit.
    #[inline]
    pub fn detectable(&self, target_ecef: &Vector3<f64>, detection_range_m: f64) -> bool {
        let d = target_ecef - self.frame.site_m;
        let range2 = d.norm_squared();
        // NaN (in the target or the range) is not detectable.
        let within = matches!(
            range2.partial_cmp(&(detection_range_m * detection_range_m)),
            Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
        );
        if !within {
            return false;
        }
        let enu = &self.frame.enu;
        let (east, north, up) = (d.dot(&enu[0]), d.dot(&enu[1]), d.dot(&enu[2]));
        let range = range2.sqrt();
        if up < range * self.sin_min_elevation || up > range * self.sin_max_elevation {
            return false;
        }
        if self.radar.half_width_rad < PI {
            let horizontal = east.hypot(north);
            let along = east * self.boresight_en[0] + north * self.boresight_en[1];
            // Straight above or below the site the azimuth is undefined and the sector test passes.
            if horizontal > 0.0 && along < horizontal * self.cos_half_width {
                return false;
            }
        }
        self.frame.line_of_sight(target_ecef)
    }
}

/// Earliest time in [t0, t1] (s) at which [`Radar::can_detect`] holds along a target path given as a function of
/// time (`position_ecef(t)`, ECEF, m), scanning at `scan_step_s` and refining the first visible step by bisection to
/// `tol_s`. None if never detectable.
///
/// The path is sampled at t0, t0 + k·`scan_step_s` and t1. When a sample is detectable and the one before is not,
/// the onset is bracketed and bisected until the bracket is at most `tol_s` wide; the returned time is the bracket's
/// upper end, a time at which the target *is* detectable, no more than `tol_s` after the onset. If the target is
/// detectable at t0, t0 is returned.
///
/// Caveat: a visibility window shorter than `scan_step_s` that falls between two samples is missed, and with several
/// transitions inside one step the bisection finds one of them. Choose the step below the shortest window that
/// matters (a few seconds for ballistic targets against ground radars).
///
/// Returns None also when the inputs cannot describe a scan: t0 or t1 not finite, t1 < t0, or `scan_step_s` or
/// `tol_s` not finite and above 0.
#[allow(clippy::too_many_arguments)]
pub fn first_detection<F: FnMut(f64) -> Vector3<f64>>(
    radar: &Radar,
    earth: &EarthModel,
    rcs_m2: f64,
    t0: f64,
    t1: f64,
    scan_step_s: f64,
    tol_s: f64,
    mut position_ecef: F,
) -> Option<f64> {
    let valid = t0.is_finite()
        && t1.is_finite()
        && t1 >= t0
        && scan_step_s.is_finite()
        && scan_step_s > 0.0
        && tol_s.is_finite()
        && tol_s > 0.0;
    if !valid {
        return None;
    }
    let frame = SiteFrame::new(radar, earth);
    let range_m = radar.detection_range_m(rcs_m2);
    let mut visible = |t: f64| radar.can_detect_from(&frame, &position_ecef(t), range_m);
    if visible(t0) {
        return Some(t0);
    }
    let mut t_prev = t0;
    let mut k: u64 = 1;
    while t_prev < t1 {
        // From t0 by multiplication rather than by accumulation: no drift over long scans.
        let t = (t0 + k as f64 * scan_step_s).min(t1);
        if t <= t_prev {
            // The step is below the resolution of t here: nothing more can be sampled.
            return None;
        }
        if visible(t) {
            let (mut lo, mut hi) = (t_prev, t);
            while hi - lo > tol_s {
                let mid = 0.5 * (lo + hi);
                if mid <= lo || mid >= hi {
                    break;
                }
                if visible(mid) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return Some(hi);
        }
        t_prev = t;
        k += 1;
    }
    None
}

/// Builds a [`SensorError::InvalidInput`].
fn invalid(field: &str, value: impl std::fmt::Display, expected: &str) -> SensorError {
    SensorError::InvalidInput {
        field: field.to_string(),
        value: crate::text::compact_value(value.to_string()),
        expected: expected.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::earth::constants::SPHERE_R_M;
    use crate::earth::{GravityModel, Shape};
    use proptest::prelude::*;

    const R: f64 = SPHERE_R_M;

    fn wgs84() -> EarthModel {
        EarthModel::new(Shape::Wgs84, true, GravityModel::J2)
    }

    fn sphere() -> EarthModel {
        EarthModel::new(Shape::Sphere, false, GravityModel::PointMass)
    }

    /// The trigonometry-free test of [`RadarView::detectable`] agrees with [`Radar::can_detect`] away from the
    /// limits (targets within 1e-6 rad of an angular limit, or 1 mm of the range, may fall either way).
    #[test]
    fn radar_view_agrees_with_can_detect() {
        use rand::{rngs::SmallRng, Rng, SeedableRng};
        let earth = wgs84();
        let mut rng = SmallRng::seed_from_u64(11);
        let mut agreed = [0usize; 2];
        for _ in 0..200 {
            let radar = Radar {
                id: "r".into(),
                site: Geodetic::from_degrees(
                    rng.random_range(-80.0..80.0),
                    rng.random_range(-180.0..180.0),
                    rng.random_range(0.0..3000.0),
                ),
                max_range_m: rng.random_range(2e5..5e6),
                reference_rcs_m2: 1.0,
                min_elevation_rad: rng.random_range(-2f64..10.0).to_radians(),
                max_elevation_rad: rng.random_range(30f64..90.0).to_radians(),
                boresight_azimuth_rad: rng.random_range(-400f64..400.0).to_radians(),
                half_width_rad: rng.random_range(5f64..180.0).to_radians(),
                track_time_s: 0.0,
                fire_control: true,
                uncued_range_fraction: 1.0,
            };
            let view = RadarView::new(&radar, &earth);
            for _ in 0..200 {
                let target = earth.ellipsoid().to_ecef(&Geodetic::from_degrees(
                    radar.site.lat_deg() + rng.random_range(-30.0..30.0),
                    radar.site.lon_deg() + rng.random_range(-30.0..30.0),
                    rng.random_range(0.0..2e6),
                ));
                let look = radar.look(&earth, &target.0);
                let near_limit = (look.elevation_rad - radar.min_elevation_rad).abs() < 1e-6
                    || (look.elevation_rad - radar.max_elevation_rad).abs() < 1e-6
                    || (wrap_pi(look.azimuth_rad - radar.boresight_azimuth_rad).abs()
                        - radar.half_width_rad)
                        .abs()
                        < 1e-6
                    || (look.range_m - radar.max_range_m).abs() < 1e-3;
                if near_limit {
                    continue;
                }
                let slow = radar.can_detect(&earth, &target.0, 1.0);
                assert_eq!(
                    view.detectable(&target.0, radar.max_range_m),
                    slow,
                    "{radar:?} {look:?}"
                );
                agreed[usize::from(slow)] += 1;
            }
        }
        // Both outcomes were exercised.
        assert!(agreed[0] > 1000 && agreed[1] > 1000, "{agreed:?}");
    }

    /// An all-seeing radar: range 100 000 km, elevation −90°..90°, all around.
    fn omni(site: Geodetic) -> Radar {
        Radar {
            id: "test".into(),
            site,
            max_range_m: 1e8,
            reference_rcs_m2: 1.0,
            min_elevation_rad: -FRAC_PI_2,
            max_elevation_rad: FRAC_PI_2,
            boresight_azimuth_rad: 0.0,
            half_width_rad: PI,
            track_time_s: 10.0,
            fire_control: true,
            uncued_range_fraction: 1.0,
        }
    }

    /// On the sphere at (0°, 0°) the east, north and up axes are ECEF y, z and x: a target given by look angles
    /// from a site there, built without the engine's frames.
    fn target_from_equator_site(h_m: f64, az_deg: f64, el_deg: f64, range_m: f64) -> Vector3<f64> {
        let (az, el) = (az_deg.to_radians(), el_deg.to_radians());
        Vector3::new(
            R + h_m + range_m * el.sin(),
            range_m * el.cos() * az.sin(),
            range_m * el.cos() * az.cos(),
        )
    }

    /// A point on the sphere's equator at longitude `psi_rad` and height `h_m` (ECEF, m).
    fn on_equator(psi_rad: f64, h_m: f64) -> Vector3<f64> {
        Vector3::new((R + h_m) * psi_rad.cos(), (R + h_m) * psi_rad.sin(), 0.0)
    }

    /// One row of [`PYMAP3D_LOOKS`].
    type OracleLook = (f64, f64, f64, f64, f64, f64, f64, f64, f64);

    // pymap3d 3.2.0 (PyPI), WGS 84, produced by validation/radar_oracle.py (geodetic2aer for the targets given
    // geodetically, with their ECEF from geodetic2ecef; ecef2aer for the targets given in ECEF).
    // (site_lat_deg, site_lon_deg, site_alt_m, target_x_m, target_y_m, target_z_m, azimuth_deg, elevation_deg,
    //  range_m)
    #[rustfmt::skip]
    const PYMAP3D_LOOKS: [OracleLook; 10] = [
        // mid-latitude, 150 km up, north-east; target geodetic (42.0, -73.0, 150000.0 m)
        (40.0, -75.0, 100.0, 1420479.3585973221, -4646178.6295707235, 4345973.427054944, 36.493382120327645, 26.743950526410657, 319252.73411887296),
        // ship near the equator, crossing it; target geodetic (-3.0, 125.0, 500000.0 m)
        (0.5, 120.0, 20.0, -3939764.1303331107, 5626566.289769311, -357742.29346436274, 124.86410379406658, 32.2917597874197, 863098.2237765603),
        // southern hemisphere, long range; target geodetic (-20.0, 170.0, 1200000.0 m)
        (-33.9, 151.2, 50.0, -7015246.050731791, 1236977.1550525192, -2578120.9598195604, 55.10022760870323, 13.335886234038808, 2876615.1262961417),
        // across the antimeridian; target geodetic (60.0, -170.0, 800000.0 m)
        (52.7, 174.1, 60.0, -3542456.48559848, -624630.6563966996, 6193297.456966191, 43.96380441885083, 24.88015146625709, 1564781.9584721308),
        // almost at the zenith; target geodetic (35.01, 139.01, 400000.0 m)
        (35.0, 139.0, 10.0, -4194867.755947419, 3645257.7091573207, 3868263.3852239456, 39.43738340206485, 89.78128057443786, 399992.74216975464),
        // below the horizon (negative elevation); target geodetic (70.0, 170.0, 0.0 m)
        (64.3, -149.2, 200.0, -2154688.112039755, 379929.6491643926, 5971040.007118565, 307.9193242697659, -8.237663769166334, 1831136.7539404905),
        // high Arctic, over the pole; target geodetic (85.0, 100.0, 1000000.0 m)
        (76.5, -68.7, 250.0, -111986.19633981286, 635105.2793501201, 7328595.562077921, 3.097095920581398, 14.853634294689874, 2419752.485700977),
        // site below the ellipsoid, due west-ish; target geodetic (33.0, 30.0, 60000.0 m)
        (31.5, 35.5, -400.0, 4680689.790400948, 2702397.5104811196, 3486636.9832788017, 289.2486760013321, 3.8562974649600807, 549946.0196012193),
        // ECEF target over Europe
        (50.0, 10.0, 300.0, 4500000.0, 1200000.0, 5000000.0, 128.5873035879745, 41.1039566991519, 679722.6702817635),
        // ECEF target in space, south-west
        (10.0, -5.0, 0.0, 7000000.0, -1000000.0, 2000000.0, 332.78739651715915, 47.550662854308825, 1250967.0824669444),
    ];

    #[test]
    fn look_angles_match_pymap3d() {
        let earth = wgs84();
        for (i, &(lat, lon, alt, x, y, z, az_deg, el_deg, range_m)) in
            PYMAP3D_LOOKS.iter().enumerate()
        {
            let radar = omni(Geodetic::from_degrees(lat, lon, alt));
            let look = radar.look(&earth, &Vector3::new(x, y, z));
            assert!(
                (look.azimuth_rad.to_degrees() - az_deg).abs() < 1e-6,
                "pair {i}: azimuth {} vs {az_deg}",
                look.azimuth_rad.to_degrees()
            );
            assert!(
                (look.elevation_rad.to_degrees() - el_deg).abs() < 1e-6,
                "pair {i}: elevation {} vs {el_deg}",
                look.elevation_rad.to_degrees()
            );
            assert!(
                (look.range_m - range_m).abs() < 1e-3,
                "pair {i}: range {} vs {range_m}",
                look.range_m
            );
        }
    }

    #[test]
    fn azimuth_is_in_zero_to_two_pi() {
        let earth = sphere();
        let radar = omni(Geodetic::from_degrees(0.0, 0.0, 0.0));
        // Due north, and a hair west of north (which must not round to 2π).
        let north = radar.look(&earth, &target_from_equator_site(0.0, 0.0, 10.0, 1e5));
        assert_eq!(north.azimuth_rad, 0.0);
        let west_of_north = radar.look(&earth, &target_from_equator_site(0.0, -1e-14, 10.0, 1e5));
        assert!((0.0..TAU).contains(&west_of_north.azimuth_rad));
        let west = radar.look(&earth, &target_from_equator_site(0.0, 270.0, 10.0, 1e5));
        assert!((west.azimuth_rad - 1.5 * PI).abs() < 1e-12);
    }

    /// From height h the horizon is √(2Rh + h²) away in a straight line, at a dip of acos(R/(R+h)); a target at
    /// height H is visible up to the great-circle distance R·(acos(R/(R+h)) + acos(R/(R+H))), not beyond.
    #[test]
    fn horizon_on_the_sphere() {
        let earth = sphere();
        for h in [0.0, 100.0, 10_000.0, 1_000_000.0] {
            let radar = omni(Geodetic::from_degrees(0.0, 0.0, h));
            let psi_h = (R / (R + h)).acos();
            if h > 0.0 {
                let horizon = radar.look(&earth, &on_equator(psi_h, 0.0));
                let expected = (2.0 * R * h + h * h).sqrt();
                assert!(
                    (horizon.range_m - expected).abs() < 1e-6 * expected,
                    "h {h}"
                );
                assert!((horizon.elevation_rad + psi_h).abs() < 1e-9, "h {h}");
            }
            for big_h in [0.0, 1_000.0, 100_000.0, 1_000_000.0] {
                if h == 0.0 && big_h == 0.0 {
                    continue;
                }
                let psi_max = psi_h + (R / (R + big_h)).acos();
                let inside = on_equator(psi_max * (1.0 - 1e-3), big_h);
                let outside = on_equator(psi_max * (1.0 + 1e-3), big_h);
                assert!(radar.line_of_sight(&earth, &inside), "h {h} H {big_h}");
                assert!(!radar.line_of_sight(&earth, &outside), "h {h} H {big_h}");
                // And the all-seeing radar detects exactly what it can see.
                assert!(radar.can_detect(&earth, &inside, 1.0));
                assert!(!radar.can_detect(&earth, &outside, 1.0));
            }
        }
    }

    /// On the ellipsoid, against a brute-force search of the lowest geodetic height along the segment (sampled,
    /// then refined by golden-section search on the best bracket).
    fn lowest_height_on_segment(earth: &EarthModel, a: &Vector3<f64>, b: &Vector3<f64>) -> f64 {
        let ell = earth.ellipsoid();
        let h = |u: f64| ell.altitude_m(&(a + (b - a) * u));
        let n = 400;
        let (mut best_i, mut best) = (0, f64::INFINITY);
        for i in 0..=n {
            let v = h(i as f64 / n as f64);
            if v < best {
                best = v;
                best_i = i;
            }
        }
        let (mut lo, mut hi) = (
            (best_i.max(1) - 1) as f64 / n as f64,
            ((best_i + 1).min(n)) as f64 / n as f64,
        );
        let g = 0.5 * (5f64.sqrt() - 1.0);
        for _ in 0..80 {
            let (c, d) = (hi - g * (hi - lo), lo + g * (hi - lo));
            if h(c) < h(d) {
                hi = d;
            } else {
                lo = c;
            }
        }
        best.min(h(0.5 * (lo + hi)))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Line of sight on WGS 84 agrees with the lowest height along the segment (outside a 1 m band), and a
        /// target at or above the site's geodetic horizontal is always in sight.
        #[test]
        fn line_of_sight_on_the_ellipsoid_agrees_with_heights_along_the_segment(
            lat in -89.0f64..89.0, lon in -180.0f64..180.0, h in 0.0f64..20_000.0,
            tlat in -89.0f64..89.0, tlon in -180.0f64..180.0, th in -1_000.0f64..2_000_000.0,
        ) {
            let earth = wgs84();
            let radar = omni(Geodetic::from_degrees(lat, lon, h));
            let target = earth.ellipsoid().to_ecef(&Geodetic::from_degrees(tlat, tlon, th)).0;
            let site = radar.site_ecef(&earth).0;
            let lowest = lowest_height_on_segment(&earth, &site, &target);
            let los = radar.line_of_sight(&earth, &target);
            if lowest < -1.0 {
                prop_assert!(!los, "lowest height {lowest} m but line of sight");
            }
            if lowest > 1.0 {
                prop_assert!(los, "lowest height {lowest} m but no line of sight");
            }
            if radar.look(&earth, &target).elevation_rad >= 0.0 {
                prop_assert!(los);
            }
        }
    }

    #[test]
    fn a_site_on_or_below_the_surface_sees_up_but_not_through_the_earth() {
        for earth in [wgs84(), sphere()] {
            for alt in [0.0, -100.0, -400.0] {
                let radar = omni(Geodetic::from_degrees(31.5, 35.5, alt));
                let frame = SiteFrame::new(&radar, &earth);
                let up = frame.enu[2];
                let east = frame.enu[0];
                let overhead = frame.site_m + up * 100_000.0;
                let skimming = frame.site_m + east * 200_000.0 + up * 10_000.0;
                let antipode = -frame.site_m;
                assert!(radar.line_of_sight(&earth, &overhead), "{alt}");
                assert!(radar.line_of_sight(&earth, &skimming), "{alt}");
                assert!(!radar.line_of_sight(&earth, &antipode), "{alt}");
            }
        }
    }

    #[test]
    fn a_nan_target_is_never_seen() {
        let earth = wgs84();
        let radar = omni(Geodetic::from_degrees(10.0, 10.0, 0.0));
        let nan = Vector3::new(f64::NAN, 0.0, 0.0);
        assert!(!radar.line_of_sight(&earth, &nan));
        assert!(!radar.can_detect(&earth, &nan, 1.0));
        assert!(!radar.can_detect(&earth, &Vector3::new(7e6, 0.0, 0.0), f64::NAN));
    }

    #[test]
    fn detection_range_scales_as_the_fourth_root_of_rcs() {
        let mut radar = omni(Geodetic::from_degrees(0.0, 0.0, 0.0));
        radar.max_range_m = 1_000_000.0;
        radar.reference_rcs_m2 = 0.1;
        assert_eq!(radar.detection_range_m(1.6), 2_000_000.0);
        assert_eq!(radar.detection_range_m(0.1), 1_000_000.0);
        assert!((radar.detection_range_m(0.001) - 1e6 * 0.01f64.powf(0.25)).abs() < 1e-6);
        assert_eq!(radar.detection_range_m(0.0), 0.0);
        assert_eq!(radar.detection_range_m(-1.0), 0.0);

        // Detection flips at 2·R_ref for 16× the reference RCS (45° up: no horizon in the way).
        let earth = sphere();
        let near = target_from_equator_site(0.0, 30.0, 45.0, 2_000_000.0 * (1.0 - 1e-9));
        let far = target_from_equator_site(0.0, 30.0, 45.0, 2_000_000.0 * (1.0 + 1e-9));
        assert!(radar.can_detect(&earth, &near, 1.6));
        assert!(!radar.can_detect(&earth, &far, 1.6));
        // At the reference RCS the same target is out of range.
        assert!(!radar.can_detect(&earth, &near, 0.1));
    }

    #[test]
    fn azimuth_sector_wraps_around_north() {
        let earth = sphere();
        let mut radar = omni(Geodetic::from_degrees(0.0, 0.0, 0.0));
        radar.boresight_azimuth_rad = 350f64.to_radians();
        radar.half_width_rad = 30f64.to_radians();
        let seen_by = |radar: &Radar, az_deg: f64| {
            radar.can_detect(
                &earth,
                &target_from_equator_site(0.0, az_deg, 20.0, 500_000.0),
                1.0,
            )
        };
        let seen = |az_deg: f64| seen_by(&radar, az_deg);
        assert!(seen(10.0));
        assert!(seen(350.0));
        assert!(seen(0.0));
        assert!(seen(19.5));
        assert!(seen(320.5));
        assert!(!seen(30.0));
        assert!(!seen(20.5));
        assert!(!seen(319.5));
        assert!(!seen(170.0));
        // The sector test alone, with azimuths outside [0, 2π).
        assert!(radar.in_sector((-10f64).to_radians()));
        assert!(radar.in_sector(370f64.to_radians()));
        assert!(!radar.in_sector((-40f64).to_radians()));
        // All around.
        radar.half_width_rad = PI;
        assert!(seen_by(&radar, 170.0) && seen_by(&radar, 180.0) && seen_by(&radar, 0.0));
    }

    #[test]
    fn elevation_limits() {
        let earth = sphere();
        let mut radar = omni(Geodetic::from_degrees(0.0, 0.0, 0.0));
        radar.min_elevation_rad = 5f64.to_radians();
        radar.max_elevation_rad = 60f64.to_radians();
        let seen = |el_deg: f64| {
            radar.can_detect(
                &earth,
                &target_from_equator_site(0.0, 123.0, el_deg, 800_000.0),
                1.0,
            )
        };
        assert!(!seen(4.9));
        assert!(seen(5.1));
        assert!(seen(30.0));
        assert!(seen(59.9));
        assert!(!seen(60.1));
        assert!(!seen(89.0));
        // A sector radar that looks up to the zenith sees a target straight overhead.
        radar.max_elevation_rad = FRAC_PI_2;
        radar.boresight_azimuth_rad = PI;
        radar.half_width_rad = 0.5;
        assert!(radar.can_detect(&earth, &on_equator(0.0, 300_000.0), 1.0));
    }

    #[test]
    fn a_radar_below_the_target_horizon_never_detects_it() {
        let earth = sphere();
        let radar = omni(Geodetic::from_degrees(0.0, 0.0, 30.0));
        let big_h = 100_000.0;
        let psi_max = (R / (R + 30.0)).acos() + (R / (R + big_h)).acos();
        // A target at 100 km altitude receding from 1.05 to 1.5 horizon distances: in range, all around, down to
        // −90°, but below the horizon throughout.
        let path = |t: f64| on_equator(psi_max * (1.05 + 0.45 * t / 600.0), big_h);
        for k in 0..=60 {
            assert!(!radar.can_detect(&earth, &path(10.0 * k as f64), 1.0));
        }
        assert_eq!(
            first_detection(&radar, &earth, 1.0, 0.0, 600.0, 1.0, 1e-3, path),
            None
        );
    }

    /// A target flying a straight line in the site's east-north-up frame, rising through the 5° mask: the crossing
    /// time solves (u0 + vu·t)² = tan²(5°)·((e0 + ve·t)² + (n0 + vn·t)²) with u > 0.
    #[test]
    fn first_detection_finds_the_analytic_elevation_crossing() {
        let earth = sphere();
        let mut radar = omni(Geodetic::from_degrees(0.0, 0.0, 0.0));
        radar.min_elevation_rad = 5f64.to_radians();
        radar.max_elevation_rad = 70f64.to_radians();
        radar.max_range_m = 1_500_000.0;
        let (e0, n0, u0) = (-200_000.0, 300_000.0, 0.0);
        let (ve, vn, vu) = (500.0, -800.0, 2_000.0);
        // East, north, up are ECEF y, z, x at (0°, 0°) on the sphere.
        let path = |t: f64| Vector3::new(R + u0 + vu * t, e0 + ve * t, n0 + vn * t);
        let k = 5f64.to_radians().tan().powi(2);
        let a = vu * vu - k * (ve * ve + vn * vn);
        let b = 2.0 * (u0 * vu - k * (e0 * ve + n0 * vn));
        let c = u0 * u0 - k * (e0 * e0 + n0 * n0);
        let disc = (b * b - 4.0 * a * c).sqrt();
        let t_cross = [(-b + disc) / (2.0 * a), (-b - disc) / (2.0 * a)]
            .into_iter()
            .filter(|&t| t > 0.0 && u0 + vu * t > 0.0)
            .fold(f64::INFINITY, f64::min);
        assert!(t_cross > 5.0 && t_cross < 100.0, "{t_cross}");
        for tol in [1e-2, 1e-4] {
            let found = first_detection(&radar, &earth, 1.0, 0.0, 300.0, 7.0, tol, path)
                .expect("the target rises through the mask");
            assert!(
                found >= t_cross - 1e-9 && found <= t_cross + tol,
                "{found} vs {t_cross}"
            );
            assert!(radar.can_detect(&earth, &path(found), 1.0));
        }
        // Detectable at t0: t0 itself. A scan ending before the crossing: None.
        assert_eq!(
            first_detection(&radar, &earth, 1.0, 50.0, 300.0, 7.0, 1e-3, path),
            Some(50.0)
        );
        assert_eq!(
            first_detection(&radar, &earth, 1.0, 0.0, t_cross - 0.1, 7.0, 1e-3, path),
            None
        );
        // Inputs that do not describe a scan.
        for (t0, t1, step, tol) in [
            (10.0, 0.0, 1.0, 1e-3),
            (0.0, f64::NAN, 1.0, 1e-3),
            (0.0, 100.0, 0.0, 1e-3),
            (0.0, 100.0, -1.0, 1e-3),
            (0.0, 100.0, 1.0, 0.0),
        ] {
            assert_eq!(
                first_detection(&radar, &earth, 1.0, t0, t1, step, tol, path),
                None
            );
        }
    }

    /// The documented caveat: a window shorter than the scan step, between two samples, is missed.
    #[test]
    fn first_detection_can_miss_a_window_shorter_than_the_step() {
        let earth = sphere();
        let radar = omni(Geodetic::from_degrees(0.0, 0.0, 0.0));
        // Above the horizon only for 12 s < t < 14 s.
        let path = |t: f64| {
            let h = if t > 12.0 && t < 14.0 {
                100_000.0
            } else {
                -100_000.0
            };
            on_equator(0.1, h)
        };
        assert_eq!(
            first_detection(&radar, &earth, 1.0, 0.0, 30.0, 10.0, 1e-3, path),
            None
        );
        let found = first_detection(&radar, &earth, 1.0, 0.0, 30.0, 1.0, 1e-3, path)
            .expect("a 1 s step sees the window");
        assert!(found > 12.0 && found <= 12.0 + 1e-3);
    }

    #[test]
    fn validate_accepts_a_good_radar_and_limits_given_in_degrees() {
        let mut radar = omni(Geodetic::from_degrees(-90.0, 180.0, -50.0));
        radar.min_elevation_rad = (-90f64).to_radians();
        radar.max_elevation_rad = 90f64.to_radians();
        radar.half_width_rad = 180f64.to_radians();
        radar.track_time_s = 0.0;
        assert_eq!(radar.validate(), Ok(()));
    }

    #[test]
    fn validate_rejects_each_bad_field_with_its_name() {
        type Spoil = fn(&mut Radar);
        let cases: [(&str, Spoil); 22] = [
            ("lat_deg", |r| r.site.lat_rad = 91f64.to_radians()),
            ("lat_deg", |r| r.site.lat_rad = f64::NAN),
            ("lon_deg", |r| r.site.lon_rad = f64::INFINITY),
            ("alt_m", |r| r.site.alt_m = f64::NAN),
            ("alt_m", |r| r.site.alt_m = -20_000.0),
            ("max_range_km", |r| r.max_range_m = 0.0),
            ("max_range_km", |r| r.max_range_m = f64::INFINITY),
            ("reference_rcs_m2", |r| r.reference_rcs_m2 = -1.0),
            ("reference_rcs_m2", |r| r.reference_rcs_m2 = f64::NAN),
            ("min_elevation_deg", |r| r.min_elevation_rad = -1.6),
            ("min_elevation_deg", |r| r.min_elevation_rad = f64::NAN),
            ("min_elevation_deg", |r| r.min_elevation_rad = FRAC_PI_2),
            ("max_elevation_deg", |r| r.max_elevation_rad = 1.6),
            ("max_elevation_deg", |r| {
                r.min_elevation_rad = 0.1;
                r.max_elevation_rad = 0.1;
            }),
            ("max_elevation_deg", |r| r.max_elevation_rad = f64::NAN),
            ("boresight_azimuth_deg", |r| {
                r.boresight_azimuth_rad = f64::NAN
            }),
            ("half_width_deg", |r| r.half_width_rad = 0.0),
            ("half_width_deg", |r| r.half_width_rad = 3.2),
            ("half_width_deg", |r| r.half_width_rad = f64::INFINITY),
            ("track_time_s", |r| r.track_time_s = -1.0),
            ("track_time_s", |r| r.track_time_s = f64::NAN),
            ("id", |r| r.id = "  ".into()),
        ];
        for (key, spoil) in cases {
            let mut radar = omni(Geodetic::from_degrees(10.0, 20.0, 0.0));
            radar.id = "X".into();
            spoil(&mut radar);
            let expected_field = if key == "id" {
                "radar id".to_string()
            } else {
                format!("radar X {key}")
            };
            match radar.validate() {
                Err(SensorError::InvalidInput { field, .. }) => {
                    assert_eq!(field, expected_field)
                }
                Ok(()) => panic!("{key}: accepted"),
            }
        }
        // Values are reported in the unit of the field's name.
        let mut radar = omni(Geodetic::from_degrees(10.0, 20.0, 0.0));
        radar.max_range_m = -5_000.0;
        let message = radar.validate().unwrap_err().to_string();
        assert!(
            message.starts_with("radar test max_range_km = -5: "),
            "{message}"
        );
    }
}
