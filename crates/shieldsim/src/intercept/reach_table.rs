//! An interceptor's reach: the minimum time (s) its kill vehicle needs to reach each (ground range, altitude) point
//! of its envelope, computed once per interceptor type from a fan of full-burn fly-outs.
//!
//! Model: the interceptor flies its boost (vertical rise, pitch kick, gravity turn; the same staged-rocket model as
//! the threats, `flight::rocket`) at full burn and the kill vehicle coasts on. Fly-outs for a fan of pitch-kick angles
//! are sampled in time; consecutive samples of neighbouring fly-outs form triangles in the (range, altitude) plane
//! over which the time is linear, and every grid node a triangle covers takes the smallest time offered. Lookups
//! interpolate the grid bilinearly; a point whose cell has an unreachable corner is reported unreachable (the envelope's
//! edge is conservative by at most one cell).
//!
//! The fan is flown on a non-rotating spherical Earth with point-mass gravity, so the table depends on the
//! interceptor alone, not on its site (the common simplification of the open literature's fly-out fans; the Earth's
//! rotation shifts a 10-minute fly-out by a few kilometres). Ground range is the great-circle distance of the
//! sub-point from the site; altitude is the height above the sphere.

use nalgebra::Vector3;

use crate::earth::{EarthModel, Geodetic, GravityModel, Shape};
use crate::flight::dop853::Tolerances;
use crate::flight::rocket::{boost, BoostControls, Missile};
use crate::flight::{free_flight, invalid, FlightError, FlightOptions};

/// How finely to build a reach table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReachTableSpec {
    /// Longest fly-out time kept (the kill vehicle's maximum flight time), s.
    pub max_flight_time_s: f64,
    /// Grid spacing in ground range, m.
    pub range_step_m: f64,
    /// Grid spacing in altitude, m.
    pub altitude_step_m: f64,
    /// Number of pitch-kick angles in the fan.
    pub fan_size: usize,
    /// Time between samples along each fly-out, s.
    pub sample_step_s: f64,
    /// Aerodynamic drag on the fly-outs.
    pub drag: bool,
}

impl ReachTableSpec {
    /// Defaults for an interceptor with the given maximum flight time: 5 km cells, 240 fly-outs sampled every 2 s.
    pub fn for_flight_time(max_flight_time_s: f64) -> Self {
        Self {
            max_flight_time_s,
            range_step_m: 5_000.0,
            altitude_step_m: 5_000.0,
            fan_size: 240,
            sample_step_s: 2.0,
            drag: true,
        }
    }
}

/// The fastest fly-out to one point of the envelope.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    /// Minimum fly-out time from launch, s.
    pub time_s: f64,
    /// Kill vehicle's speed along the ground away from the site on that fly-out when it arrives, m/s (the fan is
    /// flown on a non-rotating Earth, so this is relative to the Earth's surface).
    pub horizontal_speed_mps: f64,
    /// Kill vehicle's vertical speed when it arrives (positive up), m/s.
    pub vertical_speed_mps: f64,
}

/// Minimum time to reach each (ground range, altitude) of an interceptor's envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct ReachTable {
    range_step_m: f64,
    altitude_step_m: f64,
    n_range: usize,
    n_alt: usize,
    /// Row-major by altitude then range; `f64::INFINITY` where unreachable.
    time_s: Vec<f64>,
    /// Horizontal and vertical speed (m/s) of the fastest fly-out at each node, as `time_s`.
    velocity_mps: Vec<[f64; 2]>,
    /// Burn-out speed of the fan's longest-range fly-out, m/s.
    pub burnout_speed_mps: f64,
    /// Greatest ground range in the table with a finite time, m.
    pub max_range_m: f64,
    /// Greatest altitude in the table with a finite time, m.
    pub max_altitude_m: f64,
}

const KICK_MIN_RAD: f64 = 0.1 * std::f64::consts::PI / 180.0;
const KICK_MAX_RAD: f64 = 85.0 * std::f64::consts::PI / 180.0;

/// A fly-out sample in the (ground range, altitude) plane of a site on the sphere: (range m, altitude m), and
/// (horizontal speed away from the site, vertical speed) m/s.
type FanPoint = ((f64, f64), [f64; 2]);

fn fan_point(
    site_unit: &Vector3<f64>,
    r: &Vector3<f64>,
    v: &Vector3<f64>,
    radius_m: f64,
) -> FanPoint {
    let rn = r.norm();
    let angle = site_unit.cross(r).norm().atan2(site_unit.dot(r));
    let up = r / rn;
    let vr = v.dot(&up);
    // The fan flies north from the site, so the horizontal velocity points away from it.
    let vh = (v - vr * up).norm();
    ((radius_m * angle, rn - radius_m), [vh, vr])
}

impl ReachTable {
    /// The Earth model the fan is flown on.
    pub fn fan_earth() -> EarthModel {
        EarthModel::new(Shape::Sphere, false, GravityModel::PointMass)
    }

    /// Builds the table for `interceptor` (a valid staged rocket whose payload is the kill vehicle).
    pub fn build(interceptor: &Missile, spec: &ReachTableSpec) -> Result<Self, FlightError> {
        interceptor.validate()?;
        for (name, v) in [
            ("max_flight_time_s", spec.max_flight_time_s),
            ("range_step_m", spec.range_step_m),
            ("altitude_step_m", spec.altitude_step_m),
            ("sample_step_s", spec.sample_step_s),
        ] {
            if !v.is_finite() || v <= 0.0 {
                return Err(invalid(
                    &format!("reach table {name}"),
                    v,
                    "must be a finite number above 0",
                ));
            }
        }
        if spec.fan_size < 3 {
            return Err(invalid(
                "reach table fan_size",
                spec.fan_size,
                "at least 3 fly-outs",
            ));
        }
        let earth = Self::fan_earth();
        let radius = earth.ellipsoid().a_m;
        let site = Geodetic::from_degrees(0.0, 0.0, 0.0);
        let site_unit = earth.ellipsoid().to_ecef(&site).0.normalize();
        let n_t = (spec.max_flight_time_s / spec.sample_step_s).ceil() as usize + 1;
        let times: Vec<f64> = (0..n_t)
            .map(|i| (i as f64 * spec.sample_step_s).min(spec.max_flight_time_s))
            .collect();
        let tolerances = Tolerances {
            rtol: 1e-9,
            atol: 1e-3,
            ..free_flight::default_tolerances()
        };
        let full = interceptor.total_burn_time_s();
        // Each fly-out: (range, altitude) at the sample times; shorter if it lands first.
        let mut fan: Vec<Vec<FanPoint>> = Vec::with_capacity(spec.fan_size);
        let mut burnout_speed = 0.0f64;
        // A vertical fly-out first, so that the column straight above the site is filled too.
        let kicks = std::iter::once(0.0).chain((0..spec.fan_size).map(|i| {
            let f = i as f64 / (spec.fan_size - 1) as f64;
            KICK_MIN_RAD + (KICK_MAX_RAD - KICK_MIN_RAD) * f * f
        }));
        for kick in kicks {
            let controls = BoostControls {
                azimuth_rad: 0.0,
                pitch_kick_rad: kick,
                cutoff_s: full,
            };
            let Ok((b, boost_samples)) = boost(
                &earth,
                &site,
                interceptor,
                &controls,
                spec.drag,
                tolerances,
                &times,
            ) else {
                continue; // a kick so large that the boost hits the ground
            };
            burnout_speed = burnout_speed.max(b.v_eci.norm());
            let k = times.partition_point(|&t| t <= b.t_s);
            let options = FlightOptions {
                beta_kg_m2: spec.drag.then_some(interceptor.payload.beta_kg_m2),
                tolerances,
                max_flight_time_s: spec.max_flight_time_s,
            };
            let samples =
                free_flight::sample_path(&earth, b.t_s, b.r_eci, b.v_eci, &options, &times[k..])?;
            let path: Vec<FanPoint> = boost_samples
                .iter()
                .chain(samples.iter())
                .map(|s| fan_point(&site_unit, &s.r_eci, &s.v_eci, radius))
                .collect();
            fan.push(path);
        }
        if fan.len() < 3 {
            return Err(FlightError::NoConvergence(
                "fewer than three fly-outs of the fan could be flown".into(),
            ));
        }
        let max_r = fan.iter().flatten().map(|p| p.0 .0).fold(0.0, f64::max);
        let max_h = fan.iter().flatten().map(|p| p.0 .1).fold(0.0, f64::max);
        let n_range = (max_r / spec.range_step_m).ceil() as usize + 2;
        let n_alt = (max_h / spec.altitude_step_m).ceil() as usize + 2;
        let mut table = Self {
            range_step_m: spec.range_step_m,
            altitude_step_m: spec.altitude_step_m,
            n_range,
            n_alt,
            time_s: vec![f64::INFINITY; n_range * n_alt],
            velocity_mps: vec![[0.0; 2]; n_range * n_alt],
            burnout_speed_mps: burnout_speed,
            max_range_m: 0.0,
            max_altitude_m: 0.0,
        };
        for pair in fan.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let n = a.len().min(b.len());
            for j in 0..n.saturating_sub(1) {
                let (t0, t1) = (times[j], times[j + 1]);
                table.fill_triangle([(a[j], t0), (b[j], t0), (a[j + 1], t1)]);
                table.fill_triangle([(b[j], t0), (b[j + 1], t1), (a[j + 1], t1)]);
            }
        }
        // Each fly-out's own path too (the fan's outermost members have no outer neighbour).
        for path in &fan {
            for (j, p) in path.iter().enumerate() {
                table.fill_node_near(*p, times[j]);
            }
        }
        table.measure_extent();
        Ok(table)
    }

    /// A table filled from a closed-form reach model `reach(range_m, altitude_m)` (None where unreachable) on a
    /// grid of the given spacing up to `max_range_m` and `max_altitude_m`: for example a constant average fly-out
    /// speed, the simplest model of the open literature, or a table computed elsewhere. `burnout_speed_mps` is
    /// stored as given (for reports).
    pub fn from_fn(
        range_step_m: f64,
        altitude_step_m: f64,
        max_range_m: f64,
        max_altitude_m: f64,
        burnout_speed_mps: f64,
        mut reach: impl FnMut(f64, f64) -> Option<Reach>,
    ) -> Result<Self, FlightError> {
        for (name, v) in [
            ("range_step_m", range_step_m),
            ("altitude_step_m", altitude_step_m),
            ("max_range_m", max_range_m),
            ("max_altitude_m", max_altitude_m),
        ] {
            if !v.is_finite() || v <= 0.0 {
                return Err(invalid(
                    &format!("reach table {name}"),
                    v,
                    "must be a finite number above 0",
                ));
            }
        }
        let n_range = (max_range_m / range_step_m).ceil() as usize + 2;
        let n_alt = (max_altitude_m / altitude_step_m).ceil() as usize + 2;
        if n_range.saturating_mul(n_alt) > 50_000_000 {
            return Err(invalid(
                "reach table spacing",
                format!("{range_step_m} m x {altitude_step_m} m"),
                "too fine: more than 50 million cells; use coarser steps",
            ));
        }
        let mut table = Self {
            range_step_m,
            altitude_step_m,
            n_range,
            n_alt,
            time_s: vec![f64::INFINITY; n_range * n_alt],
            velocity_mps: vec![[0.0; 2]; n_range * n_alt],
            burnout_speed_mps,
            max_range_m: 0.0,
            max_altitude_m: 0.0,
        };
        for ia in 0..n_alt {
            for ir in 0..n_range {
                let (r, h) = (ir as f64 * range_step_m, ia as f64 * altitude_step_m);
                if r > max_range_m || h > max_altitude_m {
                    continue;
                }
                if let Some(p) = reach(r, h).filter(|p| p.time_s.is_finite() && p.time_s >= 0.0) {
                    table.time_s[ia * n_range + ir] = p.time_s;
                    table.velocity_mps[ia * n_range + ir] =
                        [p.horizontal_speed_mps, p.vertical_speed_mps];
                }
            }
        }
        table.measure_extent();
        Ok(table)
    }

    fn measure_extent(&mut self) {
        for ia in 0..self.n_alt {
            for ir in 0..self.n_range {
                if self.time_s[ia * self.n_range + ir].is_finite() {
                    self.max_range_m = self.max_range_m.max(ir as f64 * self.range_step_m);
                    self.max_altitude_m = self.max_altitude_m.max(ia as f64 * self.altitude_step_m);
                }
            }
        }
    }

    /// Sets grid nodes inside the triangle to the smaller of their time and the triangle's linear time there
    /// (with the velocity interpolated likewise).
    fn fill_triangle(&mut self, v: [(FanPoint, f64); 3]) {
        let [((p0, w0), t0), ((p1, w1), t1), ((p2, w2), t2)] = v;
        let det = (p1.1 - p2.1) * (p0.0 - p2.0) + (p2.0 - p1.0) * (p0.1 - p2.1);
        if det.abs() < 1e-6 {
            return;
        }
        let (rmin, rmax) = (p0.0.min(p1.0).min(p2.0), p0.0.max(p1.0).max(p2.0));
        let (hmin, hmax) = (p0.1.min(p1.1).min(p2.1), p0.1.max(p1.1).max(p2.1));
        let ir0 = (rmin / self.range_step_m).ceil().max(0.0) as usize;
        let ir1 =
            ((rmax / self.range_step_m).floor().max(-1.0) as isize).min(self.n_range as isize - 1);
        let ia0 = (hmin / self.altitude_step_m).ceil().max(0.0) as usize;
        let ia1 =
            ((hmax / self.altitude_step_m).floor().max(-1.0) as isize).min(self.n_alt as isize - 1);
        if ir1 < 0 || ia1 < 0 {
            return;
        }
        for ia in ia0..=ia1 as usize {
            let h = ia as f64 * self.altitude_step_m;
            for ir in ir0..=ir1 as usize {
                let r = ir as f64 * self.range_step_m;
                let l0 = ((p1.1 - p2.1) * (r - p2.0) + (p2.0 - p1.0) * (h - p2.1)) / det;
                let l1 = ((p2.1 - p0.1) * (r - p2.0) + (p0.0 - p2.0) * (h - p2.1)) / det;
                let l2 = 1.0 - l0 - l1;
                let eps = -1e-9;
                if l0 >= eps && l1 >= eps && l2 >= eps {
                    let t = l0 * t0 + l1 * t1 + l2 * t2;
                    let k = ia * self.n_range + ir;
                    if t < self.time_s[k] {
                        self.time_s[k] = t;
                        self.velocity_mps[k] = [
                            l0 * w0[0] + l1 * w1[0] + l2 * w2[0],
                            l0 * w0[1] + l1 * w1[1] + l2 * w2[1],
                        ];
                    }
                }
            }
        }
    }

    /// Marks the grid node nearest a fly-out sample if the sample lies within a tenth of a cell of it.
    fn fill_node_near(&mut self, (p, w): FanPoint, t: f64) {
        let ir = (p.0 / self.range_step_m).round();
        let ia = (p.1 / self.altitude_step_m).round();
        if ir < 0.0 || ia < 0.0 || ir as usize >= self.n_range || ia as usize >= self.n_alt {
            return;
        }
        let close = (p.0 - ir * self.range_step_m).abs() < 0.1 * self.range_step_m
            && (p.1 - ia * self.altitude_step_m).abs() < 0.1 * self.altitude_step_m;
        let k = ia as usize * self.n_range + ir as usize;
        if close && t < self.time_s[k] {
            self.time_s[k] = t;
            self.velocity_mps[k] = w;
        }
    }

    /// Minimum fly-out time (s) to reach ground range `range_m` and altitude `altitude_m`, or `None` if outside the
    /// envelope (or within one cell of its edge).
    pub fn time_to_reach_s(&self, range_m: f64, altitude_m: f64) -> Option<f64> {
        self.cell(range_m, altitude_m)
            .map(|(k, w)| self.blend(&self.time_s, k, w))
    }

    /// The fastest fly-out to ground range `range_m` and altitude `altitude_m` (time and arrival velocity,
    /// interpolated bilinearly like [`ReachTable::time_to_reach_s`]), or `None` outside the envelope.
    pub fn reach(&self, range_m: f64, altitude_m: f64) -> Option<Reach> {
        let (k, w) = self.cell(range_m, altitude_m)?;
        let speed = |i: usize| -> f64 {
            let v = &self.velocity_mps;
            w[0] * v[k[0]][i] + w[1] * v[k[1]][i] + w[2] * v[k[2]][i] + w[3] * v[k[3]][i]
        };
        Some(Reach {
            time_s: self.blend(&self.time_s, k, w),
            horizontal_speed_mps: speed(0),
            vertical_speed_mps: speed(1),
        })
    }

    fn blend(&self, values: &[f64], k: [usize; 4], w: [f64; 4]) -> f64 {
        w[0] * values[k[0]] + w[1] * values[k[1]] + w[2] * values[k[2]] + w[3] * values[k[3]]
    }

    /// The four corner indices and bilinear weights of the cell holding a point, if all four are reachable.
    #[inline]
    fn cell(&self, range_m: f64, altitude_m: f64) -> Option<([usize; 4], [f64; 4])> {
        if !(range_m >= 0.0 && altitude_m >= 0.0) {
            return None;
        }
        let x = range_m / self.range_step_m;
        let y = altitude_m / self.altitude_step_m;
        let (ir, ia) = (x.floor() as usize, y.floor() as usize);
        if ir + 1 >= self.n_range || ia + 1 >= self.n_alt {
            return None;
        }
        let (fx, fy) = (x - ir as f64, y - ia as f64);
        let k00 = ia * self.n_range + ir;
        let k = [k00, k00 + 1, k00 + self.n_range, k00 + self.n_range + 1];
        if !k.iter().all(|&i| self.time_s[i].is_finite()) {
            return None;
        }
        let w = [
            (1.0 - fx) * (1.0 - fy),
            fx * (1.0 - fy),
            (1.0 - fx) * fy,
            fx * fy,
        ];
        Some((k, w))
    }

    /// Grid spacing (ground range m, altitude m).
    pub fn spacing_m(&self) -> (f64, f64) {
        (self.range_step_m, self.altitude_step_m)
    }

    /// Number of grid nodes with a finite time.
    pub fn reachable_nodes(&self) -> usize {
        self.time_s.iter().filter(|t| t.is_finite()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The column straight above the site is the easiest place to reach: it must be in the table, with the time of
    /// the vertical fly-out.
    #[test]
    fn the_column_above_the_site_is_reachable() {
        let m = crate::intercept::interceptor::tests::spec().rocket;
        let table = ReachTable::build(&m, &ReachTableSpec::for_flight_time(150.0)).unwrap();
        let above = table
            .time_to_reach_s(0.0, 100e3)
            .expect("straight above is reachable");
        let near = table.time_to_reach_s(7e3, 100e3).unwrap();
        assert!(
            above > 0.0 && (above - near).abs() < 3.0,
            "{above} vs {near}"
        );
        let r = table.reach(1.0, 100e3).unwrap();
        assert!(
            r.vertical_speed_mps > 10.0 * r.horizontal_speed_mps.abs(),
            "{r:?}"
        );
    }
}
