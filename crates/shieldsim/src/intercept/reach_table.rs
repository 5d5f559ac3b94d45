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
//!
//! The grid is filled on the first lookup: the table's greatest range and altitude, which size the per-site
//! envelopes ([`super::site_envelope`]), are found from the fan alone (exactly the filled grid's), so assessments
//! and studies, which look the reach up through the site envelopes, fly the fan but never fill its grid.

use nalgebra::Vector3;

use crate::earth::{EarthModel, Geodetic, GravityModel, Shape};
use crate::flight::dop853::Tolerances;
use crate::flight::rocket::{boost, BoostControls, Missile};
use crate::flight::{free_flight, invalid, FlightError, FlightOptions};

use std::sync::{Mutex, OnceLock};

use super::fan_grid::{FanGrid, GridNode, GridShape};

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
///
/// A table flown by [`ReachTable::build`] fills its grid on first lookup: its greatest range and altitude (which
/// size the site envelopes) are found from the fan without the grid, so an interceptor whose reach is only looked up
/// through its site envelopes (every assessment and study) never fills it.
#[derive(Debug)]
pub struct ReachTable {
    /// Time, and horizontal and vertical speed (m/s) of the fastest fly-out, at each node.
    grid: OnceLock<FanGrid<2>>,
    /// The fan and grid size the grid is filled from on first use (taken then).
    unfilled: Mutex<Option<UnfilledGrid>>,
    /// Grid spacing (ground range, altitude), m.
    spacing_m: (f64, f64),
    /// Burn-out speed of the fan's longest-range fly-out, m/s.
    pub burnout_speed_mps: f64,
    /// Greatest ground range in the table with a finite time, m.
    pub max_range_m: f64,
    /// Greatest altitude in the table with a finite time, m.
    pub max_altitude_m: f64,
}

/// A flown fan waiting to fill its grid.
#[derive(Debug, Clone)]
struct UnfilledGrid {
    range_step_m: f64,
    altitude_step_m: f64,
    max_range_m: f64,
    max_altitude_m: f64,
    fan: Vec<Vec<FanPoint>>,
    times: Vec<f64>,
}

impl UnfilledGrid {
    fn fill(self) -> FanGrid<2> {
        let mut grid = FanGrid::empty(
            self.range_step_m,
            self.altitude_step_m,
            self.max_range_m,
            self.max_altitude_m,
        )
        .expect("the grid's size was checked when the table was built");
        grid.fill_from_fan(&self.fan, &self.times);
        grid
    }
}

impl Clone for ReachTable {
    fn clone(&self) -> Self {
        Self {
            grid: self.grid.clone(),
            unfilled: Mutex::new(self.lock().clone()),
            spacing_m: self.spacing_m,
            burnout_speed_mps: self.burnout_speed_mps,
            max_range_m: self.max_range_m,
            max_altitude_m: self.max_altitude_m,
        }
    }
}

/// Tables are equal when their summaries and their (filled) grids are.
impl PartialEq for ReachTable {
    fn eq(&self, other: &Self) -> bool {
        self.burnout_speed_mps.to_bits() == other.burnout_speed_mps.to_bits()
            && self.max_range_m.to_bits() == other.max_range_m.to_bits()
            && self.max_altitude_m.to_bits() == other.max_altitude_m.to_bits()
            && self.spacing_m == other.spacing_m
            && self.grid() == other.grid()
    }
}

/// How many burn-out speeds [`ReachTable::burnout_speed_mps`] remembers (the oldest forgotten first): more than a
/// sweep's values and their secant steps.
pub const BURNOUT_MEMO_SIZE: usize = 512;

/// Burn-out speeds already flown, oldest first: the rocket (as its `Debug` text, which tells every bit of its
/// numbers apart, signed zeros included), (fan size, drag) and the speed, m/s.
#[derive(Default)]
struct BurnoutMemo(Mutex<std::collections::VecDeque<MemoEntry>>);

type MemoEntry = (String, (usize, bool), f64);

impl BurnoutMemo {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::VecDeque<MemoEntry>> {
        // A panic while holding the lock leaves the list valid (whole entries are pushed and popped).
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn remembered(&self, rocket: &str, key: (usize, bool)) -> Option<f64> {
        self.lock()
            .iter()
            .find(|(m, k, _)| *k == key && m == rocket)
            .map(|e| e.2)
    }

    fn remember(&self, rocket: String, key: (usize, bool), speed: f64) {
        let mut list = self.lock();
        if list.len() >= BURNOUT_MEMO_SIZE {
            list.pop_front();
        }
        list.push_back((rocket, key, speed));
    }
}

fn burnout_memo() -> &'static BurnoutMemo {
    static MEMO: OnceLock<BurnoutMemo> = OnceLock::new();
    MEMO.get_or_init(BurnoutMemo::default)
}

pub(crate) const KICK_MIN_RAD: f64 = 0.1 * std::f64::consts::PI / 180.0;
pub(crate) const KICK_MAX_RAD: f64 = 85.0 * std::f64::consts::PI / 180.0;

/// A fly-out sample in the (ground range, altitude) plane of a site on the sphere: (range m, altitude m), and
/// (horizontal speed away from the site, vertical speed) m/s.
type FanPoint = super::fan_grid::FanPoint<2>;

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

/// The pitch kicks of a fan of `fan_size` fly-outs, after a vertical one (so that the column straight above the site
/// is filled too): denser at small kicks, where the fly-outs differ most.
fn fan_kicks(fan_size: usize) -> impl Iterator<Item = f64> {
    std::iter::once(0.0).chain((0..fan_size).map(move |i| {
        let f = i as f64 / (fan_size - 1) as f64;
        KICK_MIN_RAD + (KICK_MAX_RAD - KICK_MIN_RAD) * f * f
    }))
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
        for kick in fan_kicks(spec.fan_size) {
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
        let Some(shape) = GridShape::new(spec.range_step_m, spec.altitude_step_m, max_r, max_h)
        else {
            return Err(invalid(
                "reach table spacing",
                format!("{} m x {} m", spec.range_step_m, spec.altitude_step_m),
                "too fine for the envelope: more than 30 million cells; use coarser steps",
            ));
        };
        let (max_range_m, max_altitude_m) = shape.fan_extent_m(&fan, &times);
        Ok(Self {
            grid: OnceLock::new(),
            unfilled: Mutex::new(Some(UnfilledGrid {
                range_step_m: spec.range_step_m,
                altitude_step_m: spec.altitude_step_m,
                max_range_m: max_r,
                max_altitude_m: max_h,
                fan,
                times,
            })),
            spacing_m: (spec.range_step_m, spec.altitude_step_m),
            burnout_speed_mps: burnout_speed,
            max_range_m,
            max_altitude_m,
        })
    }

    /// The burn-out speed, m/s, that [`ReachTable::build`] with `spec` reports for `interceptor` (the fastest burn-out
    /// of the fan, inertial speed on the non-rotating sphere), found by flying the boosts only (in parallel): a few
    /// milliseconds instead of the table's tenths of a second. Sweeps that set an interceptor's burn-out speed use it,
    /// checking each value before the study and again in it, so the last [`BURNOUT_MEMO_SIZE`] answers are kept
    /// (a pure function of the rocket and the fan: the same bits whether remembered or flown).
    pub fn burnout_speed_mps(
        interceptor: &Missile,
        spec: &ReachTableSpec,
    ) -> Result<f64, FlightError> {
        use rayon::prelude::*;
        interceptor.validate()?;
        let key = (spec.fan_size.max(3), spec.drag);
        let rocket = format!("{interceptor:?}");
        if let Some(v) = burnout_memo().remembered(&rocket, key) {
            return Ok(v);
        }
        let earth = Self::fan_earth();
        let site = Geodetic::from_degrees(0.0, 0.0, 0.0);
        let tolerances = Tolerances {
            rtol: 1e-9,
            atol: 1e-3,
            ..free_flight::default_tolerances()
        };
        let full = interceptor.total_burn_time_s();
        let kicks: Vec<f64> = fan_kicks(key.0).collect();
        // The greatest of the burn-out speeds: the same whatever order they are compared in.
        let fastest = kicks
            .par_iter()
            .map(|&kick| {
                let controls = BoostControls {
                    azimuth_rad: 0.0,
                    pitch_kick_rad: kick,
                    cutoff_s: full,
                };
                boost(
                    &earth,
                    &site,
                    interceptor,
                    &controls,
                    spec.drag,
                    tolerances,
                    &[],
                )
                .map_or(0.0, |(b, _)| b.v_eci.norm())
            })
            .reduce(|| 0.0, f64::max);
        if fastest > 0.0 {
            burnout_memo().remember(rocket, key, fastest);
            Ok(fastest)
        } else {
            Err(FlightError::NoConvergence(
                "no fly-out of the fan reached burn-out".into(),
            ))
        }
    }

    fn from_grid(grid: FanGrid<2>, burnout_speed_mps: f64) -> Self {
        let (max_range_m, max_altitude_m) = grid.extent_m();
        Self {
            spacing_m: (grid.range_step_m, grid.altitude_step_m),
            grid: OnceLock::from(grid),
            unfilled: Mutex::new(None),
            burnout_speed_mps,
            max_range_m,
            max_altitude_m,
        }
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
        let Some(mut grid) =
            FanGrid::<2>::empty(range_step_m, altitude_step_m, max_range_m, max_altitude_m)
        else {
            return Err(invalid(
                "reach table spacing",
                format!("{range_step_m} m x {altitude_step_m} m"),
                "too fine: more than 30 million cells; use coarser steps",
            ));
        };
        for ia in 0..grid.n_alt {
            for ir in 0..grid.n_range {
                let (r, h) = (ir as f64 * range_step_m, ia as f64 * altitude_step_m);
                if r > max_range_m || h > max_altitude_m {
                    continue;
                }
                if let Some(p) = reach(r, h).filter(|p| p.time_s.is_finite() && p.time_s >= 0.0) {
                    let k = ia * grid.n_range + ir;
                    grid.nodes[k] = GridNode {
                        time_s: p.time_s,
                        values: [p.horizontal_speed_mps, p.vertical_speed_mps],
                    };
                }
            }
        }
        Ok(Self::from_grid(grid, burnout_speed_mps))
    }

    /// Minimum fly-out time (s) to reach ground range `range_m` and altitude `altitude_m`, or `None` if outside the
    /// envelope (or within one cell of its edge).
    pub fn time_to_reach_s(&self, range_m: f64, altitude_m: f64) -> Option<f64> {
        let grid = self.grid();
        grid.cell(range_m, altitude_m)
            .map(|(k, w)| grid.time_at(k, w))
    }

    /// The fastest fly-out to ground range `range_m` and altitude `altitude_m` (time and arrival velocity,
    /// interpolated bilinearly like [`ReachTable::time_to_reach_s`]), or `None` outside the envelope.
    pub fn reach(&self, range_m: f64, altitude_m: f64) -> Option<Reach> {
        let grid = self.grid();
        let (k, w) = grid.cell(range_m, altitude_m)?;
        let [h, v] = grid.values_at(k, w);
        Some(Reach {
            time_s: grid.time_at(k, w),
            horizontal_speed_mps: h,
            vertical_speed_mps: v,
        })
    }

    /// Grid spacing (ground range m, altitude m).
    pub fn spacing_m(&self) -> (f64, f64) {
        self.spacing_m
    }

    /// Number of grid nodes with a finite time.
    pub fn reachable_nodes(&self) -> usize {
        self.grid()
            .nodes
            .iter()
            .filter(|n| n.time_s.is_finite())
            .count()
    }

    /// The grid (for the per-site envelopes built from it), filled now if it was not yet.
    pub(crate) fn grid(&self) -> &FanGrid<2> {
        self.grid.get_or_init(|| {
            self.lock()
                .take()
                .expect("an unfilled table keeps its fan until the grid is filled")
                .fill()
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<UnfilledGrid>> {
        // A panic while filling leaves nothing half-made behind the lock (the fan is taken, then used).
        self.unfilled
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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

    /// The greatest range and altitude found from the fan without the grid are those of the filled grid, and the
    /// grid is filled only when looked up (not to size a site envelope).
    #[test]
    fn the_extent_without_the_grid_is_the_filled_grid_s() {
        let spec = crate::intercept::interceptor::tests::spec();
        let interceptor = crate::intercept::Interceptor::new(spec).unwrap();
        let table = &interceptor.reach;
        interceptor
            .envelope(&EarthModel::default(), 0.9)
            .expect("envelope");
        assert!(table.grid.get().is_none(), "the envelope needs no grid");
        let unfilled_copy = ReachTable::clone(table);
        let (r, h) = (table.max_range_m, table.max_altitude_m);
        assert!(table.time_to_reach_s(0.5 * r, 0.3 * h).is_some());
        assert_eq!(table.grid().extent_m(), (r, h));
        assert!(r > 50e3 && h > 50e3, "{r} {h}");
        let eager = ReachTable::from_grid(table.grid().clone(), table.burnout_speed_mps);
        assert_eq!(&eager, table.as_ref());
        assert_eq!(unfilled_copy, eager, "a copy fills its own grid alike");
    }

    /// The burn-out speed flown from the boosts alone (in parallel, then remembered) is the table's, bit for bit,
    /// asked once or twice, and a rocket differing in one number (even a zero's sign) is flown, not remembered.
    #[test]
    fn the_burnout_speed_alone_is_the_table_s() {
        let mut rocket = crate::intercept::interceptor::tests::spec().rocket;
        rocket.stages[0].isp_vac_s = 271.25;
        let spec = ReachTableSpec::for_flight_time(150.0);
        let table = ReachTable::build(&rocket, &spec).unwrap();
        let first = ReachTable::burnout_speed_mps(&rocket, &spec).unwrap();
        let again = ReachTable::burnout_speed_mps(&rocket, &spec).unwrap();
        assert_eq!(first.to_bits(), table.burnout_speed_mps.to_bits());
        assert_eq!(again.to_bits(), first.to_bits());
        let mut faster = rocket.clone();
        faster.stages[0].isp_vac_s = 271.25f64.next_up();
        let v = ReachTable::burnout_speed_mps(&faster, &spec).unwrap();
        assert_eq!(
            v.to_bits(),
            ReachTable::build(&faster, &spec)
                .unwrap()
                .burnout_speed_mps
                .to_bits()
        );
        let mut signed = rocket.clone();
        signed.stages[0].nozzle_exit_area_m2 = -0.0;
        assert_ne!(format!("{signed:?}"), format!("{rocket:?}"), "told apart");
    }
}
