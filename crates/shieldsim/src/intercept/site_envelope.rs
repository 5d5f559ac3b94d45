//! An interceptor's reach from one site on the rotating Earth: the minimum fly-out time to each point around the site,
//! by bearing, ground range and altitude.
//!
//! Why per site: on a rotating Earth the interceptor starts with the site's eastward surface speed (ωR cos φ, about
//! 270 m/s at 54° N) and the Coriolis force bends its path, so the reach depends on the site's latitude and on the
//! direction of the fly-out. For a 6.3 km/s interceptor at 54° N flying 1,400 s this moves the reach by hundreds of
//! kilometres east against west, more than many verdict margins. A site-independent table flown on a non-rotating
//! Earth ([`ReachTable`]) cannot show it.
//!
//! Model: fans of full-burn fly-outs (the staged-rocket model of the threats: vertical rise, pitch kick, gravity turn,
//! then the kill vehicle coasts) are flown from the site's latitude at [`AZIMUTHS`] launch azimuths, on the scenario's
//! Earth model (by default WGS 84, rotating, J2); each fan is refined where neighbouring fly-outs part (see
//! `EnvelopePlan::fly`). Every sample is taken in the Earth-fixed frame: its bearing and
//! central angle from the site, its height above the ellipsoid, and its velocity relative to the Earth. Each azimuth's
//! fan fills a (ground range, altitude) grid as in [`ReachTable`] (triangles between neighbouring fly-outs, minimum
//! time per node), remembering the bearing each node is actually reached at (the Coriolis force turns the ground track
//! by a few degrees). The grids are then resampled to regular bearings by linear interpolation between the two fans
//! whose bearings bracket each one, and a lookup interpolates linearly in bearing between two bilinear lookups. The
//! longitude does not matter (the Earth models are symmetric about the polar axis), so one envelope serves every site
//! at the same latitude.
//!
//! Ground range is the central angle from the site times the equatorial radius; altitude is the height above the
//! ellipsoid, as for the threat. Checked against direct fly-outs on the rotating Earth in `tests/site_envelope.rs`.

use std::f64::consts::{PI, TAU};

use nalgebra::Vector3;

use crate::earth::frames::{rotate_z_sin_cos, wrap_pi};
use crate::earth::{EarthModel, Geodetic};
use crate::flight::dop853::Tolerances;
use crate::flight::rocket::{boost, BoostControls, Missile};
use crate::flight::Sample;
use crate::flight::{free_flight, invalid, FlightError, FlightOptions};

use super::fan_grid::{cell_corners, FanGrid, FanPoint, GridNode};
use super::reach_table::{ReachTable, ReachTableSpec};

/// Number of launch azimuths (and of bearings in the envelope): every 15°.
pub const AZIMUTHS: usize = 24;

/// Most pitch kicks per launch azimuth: half the site-independent table's 240. Measured against direct fly-outs
/// (`tests/site_envelope.rs`) the 10 km cells, not the fan, set the error (GBI: 0.90 s worst with 120, 0.92 s with 240),
/// and the envelope costs 24 fans.
pub const ENVELOPE_FAN_SIZE: usize = 120;

/// Neighbouring fly-outs of a fan that part by more than this many grid cells at the same time get a fly-out
/// half-way between their pitch kicks (`EnvelopePlan::fly`).
const REFINE_CELLS: f64 = 16.0;

/// Rounds of fan refinement (each can halve the kick spacing where paths part).
const REFINE_ROUNDS: usize = 4;

/// Kick spacing below which a fan is not refined further, rad (0.01°).
const MIN_KICK_GAP_RAD: f64 = 0.01 * PI / 180.0;

/// The greatest distance in the (ground range, altitude) plane between two fly-outs sampled at the same times, m,
/// over the samples both have, and from the end of the shorter one (it hit the ground) to the other at that time.
fn parting_m(a: &[FanPoint<4>], b: &[FanPoint<4>]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(((ra, ha), _), ((rb, hb), _))| (ra - rb).hypot(ha - hb))
        .fold(0.0, f64::max)
}

/// Largest number of (range, altitude) cells of one bearing's grid; the cell size grows from 5 km until the envelope
/// fits (10 km for the ground-based interceptors), which keeps an envelope of 24 bearings under about 120 MB.
pub const MAX_CELLS_PER_BEARING: usize = 300_000;

/// The site's local axes in the Earth-fixed frame, for locating a point by bearing and central angle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SiteFrame {
    /// Unit vector from the Earth's centre to the site (ECEF).
    pub unit: Vector3<f64>,
    east: Vector3<f64>,
    north: Vector3<f64>,
}

impl SiteFrame {
    /// The frame of `site` (its height is ignored: fly-outs start at the surface) on `earth`.
    pub fn new(earth: &EarthModel, site: &Geodetic) -> Self {
        let unit = earth
            .ellipsoid()
            .to_ecef(&Geodetic {
                alt_m: 0.0,
                ..*site
            })
            .0
            .normalize();
        let z = Vector3::z();
        let east_raw = z.cross(&unit);
        // At a pole every direction is south (or north); take the meridian of longitude 0 as "north".
        let east = if east_raw.norm() > 1e-12 {
            east_raw.normalize()
        } else {
            Vector3::y()
        };
        let north = unit.cross(&east);
        Self { unit, east, north }
    }

    /// Central angle (rad) and bearing (rad, clockwise from north, in [0, 2π)) of the ECEF point `r` from the site.
    #[inline]
    pub fn locate(&self, r: &Vector3<f64>) -> (f64, f64) {
        let dot = self.unit.dot(r);
        let angle = self.unit.cross(r).norm().atan2(dot);
        let bearing = r.dot(&self.east).atan2(r.dot(&self.north));
        (angle, rem_tau(bearing))
    }

    /// Unit vectors at the ECEF point `r`: horizontal away from the site along the great circle, horizontal to the
    /// left of that, and up (geocentric). `away` and `left` are zero straight above the site.
    #[inline]
    fn axes_at(&self, r: &Vector3<f64>) -> [Vector3<f64>; 3] {
        let up = r.normalize();
        let normal = self.unit.cross(&up);
        if normal.norm() > 1e-9 {
            let away = normal.normalize().cross(&up);
            [away, up.cross(&away), up]
        } else {
            [Vector3::zeros(), Vector3::zeros(), up]
        }
    }
}

/// `x.rem_euclid(2π)` bit for bit, without the library remainder when |x| < 2π (an `atan2`, always).
#[inline]
fn rem_tau(x: f64) -> f64 {
    let r = if x.abs() < TAU { x } else { x % TAU };
    if r < 0.0 {
        r + TAU
    } else {
        r
    }
}

/// The fastest fly-out to one point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlyOut {
    /// Minimum fly-out time from launch, s.
    pub time_s: f64,
    /// Kill vehicle's velocity relative to the Earth when it arrives (ECEF), m/s.
    pub velocity_ecef_mps: Vector3<f64>,
}

/// The reach of one interceptor type from sites at one latitude.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteEnvelope {
    /// Radius that turns central angles into ground ranges, m.
    radius_m: f64,
    range_step_m: f64,
    altitude_step_m: f64,
    n_range: usize,
    n_alt: usize,
    /// Number of bearings (1: the same in every direction).
    n_bearing: usize,
    /// Per bearing, altitude, range (row-major): time s (`INFINITY` where unreachable).
    time_s: Vec<f32>,
    /// Same layout: arrival velocity (away from the site, to its left, up), m/s.
    velocity_mps: Vec<[f32; 3]>,
    /// Greatest ground range reached in any direction, m.
    pub max_range_m: f64,
    /// Greatest altitude reached (up to the grid's ceiling), m.
    pub max_altitude_m: f64,
    /// Site latitude (geodetic), rad.
    pub latitude_rad: f64,
}

impl SiteEnvelope {
    /// The same reach in every direction, from a site-independent table (a closed-form model, or the non-rotating
    /// fan).
    pub fn isotropic(table: &ReachTable, latitude_rad: f64) -> Self {
        let g = table.grid();
        Self {
            radius_m: ReachTable::fan_earth().ellipsoid().a_m,
            range_step_m: g.range_step_m,
            altitude_step_m: g.altitude_step_m,
            n_range: g.n_range,
            n_alt: g.n_alt,
            n_bearing: 1,
            time_s: g.nodes.iter().map(|n| n.time_s as f32).collect(),
            velocity_mps: g
                .nodes
                .iter()
                .map(|n| [n.values[0] as f32, 0.0, n.values[1] as f32])
                .collect(),
            max_range_m: table.max_range_m,
            max_altitude_m: table.max_altitude_m,
            latitude_rad,
        }
    }

    /// Flies the fans of `rocket` (at full burn) from latitude `latitude_rad` on `earth` and builds the envelope.
    /// `spec` gives the flight time, fan size, sample step and drag (its cell sizes are a lower bound: see
    /// [`MAX_CELLS_PER_BEARING`]); `ceiling_m` bounds the altitudes kept (the kill vehicle's highest intercept
    /// altitude, plus a margin to see what lies above it); `bound` is the site-independent table of the same rocket,
    /// which sizes the grid. With `earth` not rotating one fan (due north) serves every bearing.
    pub fn build(
        rocket: &Missile,
        spec: &ReachTableSpec,
        earth: &EarthModel,
        latitude_rad: f64,
        ceiling_m: f64,
        bound: &ReachTable,
    ) -> Result<Self, FlightError> {
        let plan = EnvelopePlan::new(rocket, spec, earth, latitude_rad, ceiling_m, bound)?;
        let mut scratch = plan.scratch();
        let fans = (0..plan.fans())
            .map(|k| plan.fly(k, &mut scratch))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(plan.assemble(&fans))
    }

    /// Grid spacing (ground range m, altitude m).
    pub fn spacing_m(&self) -> (f64, f64) {
        (self.range_step_m, self.altitude_step_m)
    }

    /// Number of bearings (1 when the reach is the same in every direction).
    pub fn bearings(&self) -> usize {
        self.n_bearing
    }

    /// Radius that turns central angles into ground ranges, m.
    pub fn radius_m(&self) -> f64 {
        self.radius_m
    }

    /// The largest central angle the envelope reaches (plus two cells), rad.
    pub fn max_central_angle_rad(&self) -> f64 {
        (self.max_range_m + 2.0 * self.range_step_m) / self.radius_m
    }

    /// Corner indices and weights of the cell of one bearing's grid holding (range, altitude), if all are reachable.
    #[inline]
    fn cell(&self, j: usize, range_m: f64, altitude_m: f64) -> Option<([usize; 4], [f64; 4])> {
        let (mut k, w) = cell_corners(
            (self.range_step_m, self.altitude_step_m),
            (self.n_range, self.n_alt),
            range_m,
            altitude_m,
        )?;
        let offset = j * self.n_range * self.n_alt;
        for i in &mut k {
            *i += offset;
        }
        k.iter()
            .all(|&i| self.time_s[i].is_finite())
            .then_some((k, w))
    }

    /// The bracketing bearings' grids and weights for a bearing (rad).
    #[inline]
    fn bearing_weights(&self, bearing: f64) -> [(usize, f64); 2] {
        if self.n_bearing == 1 {
            return [(0, 1.0), (0, 0.0)];
        }
        // Non-negative: truncation is the floor (without the library calls of `floor` and `rem_euclid`).
        let x = rem_tau(bearing) / (TAU / self.n_bearing as f64);
        let j = (x as usize).min(self.n_bearing - 1);
        let f = x - j as f64;
        [(j, 1.0 - f), ((j + 1) % self.n_bearing, f)]
    }

    /// Minimum fly-out time (s) from a site with frame `frame` to the ECEF point `r` at height `altitude_m`, or
    /// `None` outside the envelope (or within one cell of its edge).
    #[inline]
    pub fn time_to_reach_s(
        &self,
        frame: &SiteFrame,
        r: &Vector3<f64>,
        altitude_m: f64,
    ) -> Option<f64> {
        let (angle, bearing) = frame.locate(r);
        let range = self.radius_m * angle;
        let mut t = 0.0;
        for (j, w) in self.bearing_weights(bearing) {
            if w == 0.0 {
                continue;
            }
            let (k, c) = self.cell(j, range, altitude_m.max(0.0))?;
            t += w * (0..4).map(|i| c[i] * self.time_s[k[i]] as f64).sum::<f64>();
        }
        Some(t)
    }

    /// The fastest fly-out from a site with frame `frame` to the ECEF point `r` at height `altitude_m`: time and
    /// arrival velocity relative to the Earth, or `None` outside the envelope.
    pub fn fly_out(&self, frame: &SiteFrame, r: &Vector3<f64>, altitude_m: f64) -> Option<FlyOut> {
        let (angle, bearing) = frame.locate(r);
        let range = self.radius_m * angle;
        let (mut t, mut v) = (0.0, [0.0; 3]);
        for (j, w) in self.bearing_weights(bearing) {
            if w == 0.0 {
                continue;
            }
            let (k, c) = self.cell(j, range, altitude_m.max(0.0))?;
            for i in 0..4 {
                t += w * c[i] * self.time_s[k[i]] as f64;
                for (a, &b) in v.iter_mut().zip(&self.velocity_mps[k[i]]) {
                    *a += w * c[i] * b as f64;
                }
            }
        }
        let [away, left, up] = frame.axes_at(r);
        Some(FlyOut {
            time_s: t,
            velocity_ecef_mps: away * v[0] + left * v[1] + up * v[2],
        })
    }

    /// Approximate memory held, bytes.
    pub fn memory_bytes(&self) -> usize {
        self.time_s.len() * 4 + self.velocity_mps.len() * 12
    }
}

/// What an envelope is built from: the grid, the site and the fly-out settings. Each launch azimuth's fan is flown on
/// its own ([`EnvelopePlan::fly`], so that several can be flown in parallel), then the fans are assembled.
#[derive(Debug, Clone)]
pub(crate) struct EnvelopePlan<'a> {
    rocket: &'a Missile,
    spec: ReachTableSpec,
    earth: EarthModel,
    latitude_rad: f64,
    site: Geodetic,
    frame: SiteFrame,
    times: Vec<f64>,
    /// Sine and cosine of the ECI → ECEF rotation at each sample time (`None` on a non-rotating Earth): every fly-out
    /// is sampled at the same times, so they are computed once, not once per sample.
    to_ecef: Option<Vec<(f64, f64)>>,
    tolerances: Tolerances,
    n_fans: usize,
    template: FanGrid<4, f32>,
}

impl<'a> EnvelopePlan<'a> {
    /// Checks the inputs and sizes the grid (see [`SiteEnvelope::build`]).
    pub(crate) fn new(
        rocket: &'a Missile,
        spec: &ReachTableSpec,
        earth: &EarthModel,
        latitude_rad: f64,
        ceiling_m: f64,
        bound: &ReachTable,
    ) -> Result<Self, FlightError> {
        if !latitude_rad.is_finite() || latitude_rad.abs() > PI / 2.0 {
            return Err(invalid(
                "site latitude",
                latitude_rad.to_degrees(),
                "within -90 and 90 degrees",
            ));
        }
        if !ceiling_m.is_finite() || ceiling_m <= 0.0 {
            return Err(invalid(
                "envelope ceiling (km)",
                ceiling_m / 1000.0,
                "a finite altitude above 0",
            ));
        }
        if spec.fan_size < 3 {
            return Err(invalid(
                "reach table fan_size",
                spec.fan_size,
                "at least 3 fly-outs",
            ));
        }
        let radius = earth.ellipsoid().a_m;
        // Grid bounds: the non-rotating reach plus what the site's surface speed adds over the longest fly-out.
        let surface_speed = earth.omega_rad_s() * radius * latitude_rad.cos();
        let max_range = (1.05 * bound.max_range_m + surface_speed * spec.max_flight_time_s + 50e3)
            .min(PI * radius);
        let max_alt = (1.05 * bound.max_altitude_m + 50e3).min(ceiling_m);
        let mut step = spec.range_step_m.max(spec.altitude_step_m);
        while (max_range / step + 2.0) * (max_alt / step + 2.0) > MAX_CELLS_PER_BEARING as f64 {
            step *= 2.0;
        }
        let Some(template) = FanGrid::<4, f32>::empty(step, step, max_range, max_alt) else {
            return Err(invalid(
                "site envelope size",
                format!("{:.0} km x {:.0} km", max_range / 1e3, max_alt / 1e3),
                "an envelope that fits in memory; the interceptor's reach is not physical",
            ));
        };
        let site = Geodetic {
            lat_rad: latitude_rad,
            lon_rad: 0.0,
            alt_m: 0.0,
        };
        let n_t = (spec.max_flight_time_s / spec.sample_step_s).ceil() as usize + 1;
        let times: Vec<f64> = (0..n_t)
            .map(|i| (i as f64 * spec.sample_step_s).min(spec.max_flight_time_s))
            .collect();
        let omega = earth.omega_rad_s();
        // As `EarthModel::eci_to_ecef` turns vectors: by −ω·t.
        let to_ecef =
            (omega != 0.0).then(|| times.iter().map(|&t| (-omega * t).sin_cos()).collect());
        Ok(Self {
            rocket,
            spec: *spec,
            earth: *earth,
            latitude_rad,
            site,
            frame: SiteFrame::new(earth, &site),
            times,
            to_ecef,
            tolerances: Tolerances {
                rtol: 1e-9,
                atol: 1e-3,
                ..free_flight::default_tolerances()
            },
            n_fans: if earth.rotation { AZIMUTHS } else { 1 },
            template,
        })
    }

    /// Number of fans (launch azimuths) to fly.
    pub(crate) fn fans(&self) -> usize {
        self.n_fans
    }

    /// Flies fan `k` (launch azimuth k·360°/fans) and grids it on `scratch` (from [`EnvelopePlan::scratch`], left
    /// empty again): per node, time, velocity (away, left, up) and the offset of the node's bearing from the launch
    /// azimuth.
    pub(crate) fn fly(
        &self,
        k: usize,
        scratch: &mut FanGrid<4, f32>,
    ) -> Result<Vec<[f32; 5]>, FlightError> {
        let (spec, times) = (&self.spec, &self.times);
        let azimuth = k as f64 * TAU / self.n_fans as f64;
        let fan_size = spec.fan_size.min(ENVELOPE_FAN_SIZE);
        let kicks = std::iter::once(0.0).chain((0..fan_size).map(|i| {
            let f = i as f64 / (fan_size - 1) as f64;
            super::reach_table::KICK_MIN_RAD
                + (super::reach_table::KICK_MAX_RAD - super::reach_table::KICK_MIN_RAD) * f * f
        }));
        // The fan in order of pitch kick, with the kick of each fly-out; a kick whose boost hits the ground is left
        // out (and remembered, so that refinement does not try it again).
        let mut fan: Vec<(f64, Vec<FanPoint<4>>)> = Vec::with_capacity(2 * fan_size + 1);
        let mut grounded: Vec<f64> = Vec::new();
        for kick in kicks {
            match self.fly_kick(azimuth, kick)? {
                Some(path) => fan.push((kick, path)),
                None => grounded.push(kick),
            }
        }
        // Refinement: where two neighbouring fly-outs part by more than REFINE_CELLS cells at the same time (the flat
        // end of a fast interceptor's fan, where a fixed set of kicks leaves the low, near reach between two widely
        // separated paths or beyond the last one that clears the ground), fly the kick half-way between them, until
        // no pair parts so far or the fan has doubled. Adding fly-outs only adds reach, so a faster interceptor's
        // envelope no longer loses low-altitude nodes that a slower one's fixed fan happened to cover.
        let limit_m = REFINE_CELLS * self.template.range_step_m;
        let budget = fan.len() + fan_size;
        for _ in 0..REFINE_ROUNDS {
            let mut mids: Vec<f64> = fan
                .windows(2)
                .filter(|w| {
                    w[1].0 - w[0].0 > MIN_KICK_GAP_RAD && parting_m(&w[0].1, &w[1].1) > limit_m
                })
                .map(|w| 0.5 * (w[0].0 + w[1].0))
                .collect();
            // The first grounded kick above the flattest fly-out that clears the ground: bisect towards it.
            if let (Some(last), Some(g)) = (
                fan.last().map(|f| f.0),
                grounded
                    .iter()
                    .copied()
                    .filter(|&g| g > fan.last().map_or(0.0, |f| f.0))
                    .reduce(f64::min),
            ) {
                if g - last > MIN_KICK_GAP_RAD {
                    mids.push(0.5 * (last + g));
                }
            }
            mids.retain(|m| !grounded.contains(m));
            mids.truncate(budget.saturating_sub(fan.len()));
            if mids.is_empty() {
                break;
            }
            for kick in mids {
                match self.fly_kick(azimuth, kick)? {
                    Some(path) => fan.push((kick, path)),
                    None => grounded.push(kick),
                }
            }
            fan.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        let fan: Vec<Vec<FanPoint<4>>> = fan.into_iter().map(|(_, p)| p).collect();
        if fan.len() < 3 {
            return Err(FlightError::NoConvergence(
                "fewer than three fly-outs of the fan could be flown".into(),
            ));
        }
        scratch.fill_from_fan(&fan, times);
        // Read out, and the scratch grid left empty for the next fan.
        Ok(scratch
            .nodes
            .iter_mut()
            .map(|n| {
                let [a, b, c, d] = n.values;
                let node = [n.time_s as f32, a, b, c, d];
                *n = GridNode::unreachable();
                node
            })
            .collect())
    }

    /// One full-burn fly-out of the fan at launch azimuth `azimuth` with pitch kick `kick` (rad), sampled at the
    /// plan's times in the site's (ground range, altitude) plane with the values [`EnvelopePlan::fly`] grids; `None`
    /// when the kick is so large that the boost hits the ground.
    fn fly_kick(&self, azimuth: f64, kick: f64) -> Result<Option<Vec<FanPoint<4>>>, FlightError> {
        let (earth, spec, times) = (&self.earth, &self.spec, &self.times);
        let radius = earth.ellipsoid().a_m;
        let controls = BoostControls {
            azimuth_rad: azimuth,
            pitch_kick_rad: kick,
            cutoff_s: self.rocket.total_burn_time_s(),
        };
        let Ok((b, boost_samples)) = boost(
            earth,
            &self.site,
            self.rocket,
            &controls,
            spec.drag,
            self.tolerances,
            times,
        ) else {
            return Ok(None);
        };
        let k0 = times.partition_point(|&t| t <= b.t_s);
        let options = FlightOptions {
            beta_kg_m2: spec.drag.then_some(self.rocket.payload.beta_kg_m2),
            tolerances: self.tolerances,
            max_flight_time_s: spec.max_flight_time_s,
        };
        let coast =
            free_flight::sample_path(earth, b.t_s, b.r_eci, b.v_eci, &options, &times[k0..])?;
        let vertical = kick == 0.0;
        Ok(Some(
            boost_samples
                .iter()
                .chain(coast.iter())
                .enumerate()
                .map(|(j, s)| {
                    let (r, v) = self.to_ecef(j, s);
                    let v = v - earth.frame_velocity(&r);
                    let (angle, bearing) = self.frame.locate(&r);
                    let [away, left, up] = self.frame.axes_at(&r);
                    // Straight above the site (and for the vertical fly-out, which drifts west) the bearing means
                    // nothing: count it as the launch azimuth.
                    let offset = if vertical || angle < 1e-4 {
                        0.0
                    } else {
                        wrap_pi(bearing - azimuth)
                    };
                    let alt = earth.ellipsoid().altitude_approx_m(&r);
                    (
                        (radius * angle, alt),
                        [v.dot(&away), v.dot(&left), v.dot(&up), offset],
                    )
                })
                .collect(),
        ))
    }

    /// An empty grid for [`EnvelopePlan::fly`] to fill (one per thread, reused from fan to fan: a grid is megabytes
    /// that would otherwise be allocated and zeroed by the system for each fan).
    pub(crate) fn scratch(&self) -> FanGrid<4, f32> {
        self.template.clone()
    }

    /// Position and velocity (not yet relative to the Earth) of sample `s`, the `j`-th of its fly-out, in the
    /// Earth-fixed frame: `EarthModel::eci_to_ecef` of both, with the rotation of sample time `j` when `s` is at it.
    #[inline]
    fn to_ecef(&self, j: usize, s: &Sample) -> (Vector3<f64>, Vector3<f64>) {
        match &self.to_ecef {
            Some(rot) if self.times.get(j).map(|t| t.to_bits()) == Some(s.t_s.to_bits()) => (
                rotate_z_sin_cos(&s.r_eci, rot[j]),
                rotate_z_sin_cos(&s.v_eci, rot[j]),
            ),
            _ => (
                self.earth.eci_to_ecef(s.t_s, &s.r_eci),
                self.earth.eci_to_ecef(s.t_s, &s.v_eci),
            ),
        }
    }

    /// The envelope from every fan ([`EnvelopePlan::fly`] for k = 0..fans, in order), resampled to regular bearings.
    pub(crate) fn assemble(&self, fans: &[Vec<[f32; 5]>]) -> SiteEnvelope {
        let t = &self.template;
        let (n_range, n_alt, step) = (t.n_range, t.n_alt, t.range_step_m);
        let cells = n_range * n_alt;
        let n = self.n_fans;
        let mut env = SiteEnvelope {
            radius_m: self.earth.ellipsoid().a_m,
            range_step_m: step,
            altitude_step_m: step,
            n_range,
            n_alt,
            n_bearing: n,
            time_s: vec![f32::INFINITY; cells * n],
            velocity_mps: vec![[0.0; 3]; cells * n],
            max_range_m: 0.0,
            max_altitude_m: 0.0,
            latitude_rad: self.latitude_rad,
        };
        let spacing = TAU / n as f64;
        for j in 0..n {
            let bearing = j as f64 * spacing;
            // The fans that may bracket this bearing (the same at every node).
            let centre = (bearing / spacing).round() as isize;
            let brackets: [(usize, usize); 4] = std::array::from_fn(|i| {
                let k0 = (centre + i as isize - 2).rem_euclid(n as isize) as usize;
                (k0, (k0 + 1) % n)
            });
            for ia in 0..n_alt {
                for ir in 0..n_range {
                    let c = ia * n_range + ir;
                    let Some((time, vel)) = resample(fans, &brackets, c, bearing, spacing) else {
                        continue;
                    };
                    env.time_s[j * cells + c] = time;
                    env.velocity_mps[j * cells + c] = vel;
                    env.max_range_m = env.max_range_m.max(ir as f64 * step);
                    env.max_altitude_m = env.max_altitude_m.max(ia as f64 * step);
                }
            }
        }
        env
    }
}

/// The value at node `c` for `bearing`, interpolated between the two launch azimuths' fans whose actual bearings at
/// that node bracket it; `None` unless both reach the node. `brackets` are the neighbouring pairs of fans to try, in
/// order (the Coriolis turn is a few degrees, less than the azimuth spacing: the bracket is within two fans of the
/// bearing's own).
#[inline]
fn resample(
    fans: &[Vec<[f32; 5]>],
    brackets: &[(usize, usize); 4],
    c: usize,
    bearing: f64,
    spacing: f64,
) -> Option<(f32, [f32; 3])> {
    if fans.len() == 1 {
        let p = fans[0][c];
        return p[0].is_finite().then_some((p[0], [p[1], p[2], p[3]]));
    }
    for &(k0, k1) in brackets {
        let (a, b) = (fans[k0][c], fans[k1][c]);
        if !(a[0].is_finite() && b[0].is_finite()) {
            continue;
        }
        let ba = wrap_pi(k0 as f64 * spacing + a[4] as f64 - bearing);
        let bb = wrap_pi(k1 as f64 * spacing + b[4] as f64 - bearing);
        if ba <= 0.0 && bb >= 0.0 && bb - ba < PI / 2.0 {
            let f = if bb - ba > 1e-12 {
                -ba / (bb - ba)
            } else {
                0.0
            };
            let lerp = |x: f32, y: f32| (x as f64 + f * (y as f64 - x as f64)) as f32;
            return Some((
                lerp(a[0], b[0]),
                [lerp(a[1], b[1]), lerp(a[2], b[2]), lerp(a[3], b[3])],
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rem_tau_equals_rem_euclid() {
        let mut values = vec![0.0, -0.0, PI, -PI, TAU, -TAU, 1e300, -1e300, -7.5, 13.1];
        values.extend(
            [TAU, -TAU, PI, -PI, 0.0]
                .iter()
                .flat_map(|&x| [x.next_up(), x.next_down()]),
        );
        values.extend((0..2000).map(|i| -PI + TAU * f64::from(i) / 1999.0));
        for x in values {
            assert_eq!(rem_tau(x).to_bits(), x.rem_euclid(TAU).to_bits(), "{x:e}");
        }
        assert!(rem_tau(f64::NAN).is_nan());
    }
}
