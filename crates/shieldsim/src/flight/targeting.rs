//! Targeting: the boost controls (azimuth, pitch kick, thrust cut-off) that put a missile's payload on an aim point of
//! the rotating Earth, for a chosen trajectory shape.
//!
//! Three unknowns, three equations: the impact's down-range and cross-range misses, and one shape condition —
//! - **minimum energy**: the inertial burn-out velocity lies on the minimum-energy Kepler ellipse through the aim
//!   point's inertial position at impact; that ellipse's velocity bisects the local radial direction and the chord to
//!   the aim (its empty focus lies on the chord; R. H. Battin, *An Introduction to the Mathematics and Methods of
//!   Astrodynamics*, 1999, §6.2). On a non-rotating vacuum Earth this is exactly the trajectory of least burn-out
//!   speed; with rotation, J2 and re-entry drag it is the same condition applied to the real burn-out state, which
//!   the thrust cut-off then meets. Near the edge of the reach that ellipse needs more than a full burn (a real
//!   boost's longest range lies on a flatter trajectory, which spends less speed against gravity): the cut-off then
//!   stays at full burn and the kick nearest the condition that lands on the aim is the solution;
//! - **lofted / depressed** without a number: full burn, on the high / low branch of range versus pitch kick;
//! - **lofted / depressed by apogee** (km) or **by burn-out flight-path angle** (deg): that value, with the cut-off
//!   free.
//!
//! The solver is Newton's method with a finite-difference Jacobian, Broyden updates between refreshes, a backtracking
//! line search and bounded controls. A warm start from a neighbouring solution (`warm`: its controls and Jacobian)
//! usually converges in three to six simulations, a cold one in twenty to thirty. A cold start takes its
//! first guess from a small per-missile table of full-burn and cut-off flights computed once per [`Targeter`].

use std::sync::{Arc, Mutex, OnceLock};

use nalgebra::{Matrix3, SMatrix, SVector, Vector3};

use super::dop853::Tolerances;
use super::free_flight::{self, FlightOptions, FreeFlight};
use super::rocket::{boost, BoostControls, Burnout, Missile};
use super::surrogate::BoostSurrogate;
use super::{invalid, FlightError, LaunchState, Sample};
use crate::earth::frames::wrap_pi;
use crate::earth::{geodesic, EarthModel, Geodetic};

/// The trajectory shape asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// Least burn-out energy for the range.
    MinEnergy,
    /// Above the minimum-energy trajectory; `None` means full burn on the high branch.
    Lofted(Option<ShapeSpec>),
    /// Below the minimum-energy trajectory; `None` means full burn on the low branch.
    Depressed(Option<ShapeSpec>),
}

/// A number that fixes a lofted or depressed trajectory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShapeSpec {
    /// Apogee altitude, m.
    ApogeeM(f64),
    /// Flight-path angle at burn-out (Earth-relative, above the geodetic horizontal), rad.
    BurnoutFlightPathRad(f64),
}

/// A solved targeting problem.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetingSolution {
    /// The launch point solved from.
    pub launch: Geodetic,
    /// The boost controls found.
    pub controls: BoostControls,
    /// The state at cut-off (inertial, time since lift-off).
    pub burnout: Burnout,
    /// The same state in the boundary convention (Earth-relative speed, azimuth, flight-path angle).
    pub burnout_state: LaunchState,
    /// The payload's free flight from cut-off to impact (times since lift-off).
    pub flight: FreeFlight,
    /// Distance from impact to the aim point, m.
    pub miss_m: f64,
    /// The residuals left at the solution, in the Jacobian's terms (down-range km, cross-range km, shape): within
    /// the tolerance, not zero. `controls` less the Newton step on them estimates the exact solution
    /// ([`TargetingSolution::refined_controls`]).
    pub residuals: Vector3<f64>,
    /// Newton iterations used.
    pub iterations: usize,
    /// Complete boost-and-flight simulations used (including the Jacobians').
    pub simulations: usize,
    /// Free flights from a modelled burn-out state used: the boost surrogate's, or a warm start's linearised boost.
    pub free_flights: usize,
    /// Vacuum free flights (no drag, about a quarter of the cost of a flight with drag) used by the drag-offset warm
    /// start (see [`Targeter::with_boost_surrogate`]); not counted in `free_flights`.
    pub vacuum_flights: usize,
    /// Boosts alone (no free flight) used to measure the boost sensitivity.
    pub boosts: usize,
    /// Jacobian of the residuals (down-range km, cross-range km, shape) with respect to the controls (azimuth rad,
    /// kick rad, cut-off s) at the solution; reused when this solution warm-starts a neighbour. With the boost
    /// surrogate and drag, down-range and cross-range are measured at the aim (its local frame), as `residuals` are;
    /// otherwise along and across the launch's geodesic to the aim.
    pub jacobian: Matrix3<f64>,
    /// Sensitivity of the burn-out state to the controls, when the solver measured one; reused by warm starts.
    pub sensitivity: Option<BoostSensitivity>,
    /// The payload's flight from the same burn-out without drag, when the solver flew one: a neighbour's warm start
    /// measures the drag's effect on the residuals by it (see [`Targeter::with_boost_surrogate`]).
    pub vacuum_flight: Option<FreeFlight>,
}

impl TargetingSolution {
    /// The controls that would zero the residuals left at the solution, by one Newton step on the Jacobian (no
    /// flight): closer to the exact solution than `controls` by about the square of the residuals. Solutions of
    /// neighbouring aims, each anywhere within the tolerance, scatter by up to the tolerance; their refined
    /// controls lie on a smooth curve, from which the next neighbour's can be extrapolated. `controls` where the
    /// Jacobian is singular.
    pub fn refined_controls(&self) -> BoostControls {
        match self.jacobian.lu().solve(&self.residuals) {
            Some(dx) if dx.iter().all(|v| v.is_finite()) => BoostControls {
                azimuth_rad: self.controls.azimuth_rad - dx[0],
                pitch_kick_rad: self.controls.pitch_kick_rad - dx[1],
                cutoff_s: self.controls.cutoff_s - dx[2],
            },
            _ => self.controls,
        }
    }
}

/// The controls of the next of four equally spaced aims along a line, extrapolated by the parabola through those of
/// the last three (`last[0]` the most recent): x₁ + 3 (x₁ − x₂) − (x₁ − x₃), the azimuth's differences wrapped to
/// (−π, π]. A guess for [`Targeter::solve_guided`]; extrapolate [`TargetingSolution::refined_controls`], not the raw
/// controls, which scatter within the tolerance.
pub fn extrapolate_controls(last: [&BoostControls; 3]) -> BoostControls {
    let [x1, x2, x3] = last;
    let next = |f: fn(&BoostControls) -> f64, d: fn(f64) -> f64| {
        f(x1) + 3.0 * d(f(x1) - f(x2)) - d(f(x1) - f(x3))
    };
    BoostControls {
        azimuth_rad: next(|c| c.azimuth_rad, wrap_pi),
        pitch_kick_rad: next(|c| c.pitch_kick_rad, |v| v),
        cutoff_s: next(|c| c.cutoff_s, |v| v),
    }
}

/// A near solution accepted when the iteration stalls on integration noise.
fn stalled_near(miss_m: f64, f: &Vector3<f64>, miss_tolerance_m: f64) -> bool {
    miss_m < STALL_ACCEPT_M.max(miss_tolerance_m) && f[2].abs() < 5.0 * SHAPE_TOLERANCE
}

/// Boost plus free flight of one missile from one site with given controls.
pub struct MissileFlight {
    /// The cut-off state.
    pub burnout: Burnout,
    /// The payload's flight to impact.
    pub flight: FreeFlight,
    /// Boost samples.
    pub boost_samples: Vec<Sample>,
}

/// Targeting of one missile on one Earth model; caches the missile's cold-start table.
pub struct Targeter<'a> {
    earth: EarthModel,
    missile: &'a Missile,
    drag: bool,
    tolerances: Tolerances,
    accuracy: Accuracy,
    table: OnceLock<ColdStartTable>,
    /// Whether solves take burn-out states from a boost surrogate ([`Targeter::with_boost_surrogate`]).
    use_surrogate: bool,
    /// The boost surrogates built so far, one per launch site.
    surrogates: Mutex<Vec<Arc<BoostSurrogate>>>,
}

/// Full-burn and cut-off flights of the missile on a non-rotating Earth, used for first guesses.
#[derive(Debug, Clone)]
struct ColdStartTable {
    /// (pitch kick rad, range m, apogee m) at full burn, kick ascending.
    full_burn: Vec<(f64, f64, f64)>,
    /// Kick of the longest full-burn range, rad.
    best_kick_rad: f64,
    /// (cut-off s, range m) at the best kick, cut-off ascending.
    cutoff: Vec<(f64, f64)>,
}

const MIN_KICK_RAD: f64 = 0.2 * std::f64::consts::PI / 180.0;
const MAX_KICK_RAD: f64 = 80.0 * std::f64::consts::PI / 180.0;
/// How close to the aim a solution must land, and the integrator tolerances of its simulations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// The iteration stops when the impact lies this close to the aim point, m.
    pub miss_tolerance_m: f64,
    /// Integrator tolerances of the boost and free-flight simulations.
    pub tolerances: Tolerances,
}

impl Accuracy {
    /// The default of the `trajectory` command: within 10 m, simulations accurate to about a metre.
    pub const PRECISE: Accuracy = Accuracy {
        miss_tolerance_m: 10.0,
        tolerances: Tolerances {
            rtol: 1e-10,
            atol: 1e-4,
            max_step: f64::INFINITY,
            max_steps: 200_000,
        },
    };
    /// For sweeps over grids of aim points (quarter-degree spacing is 28 km): within 100 m, simulations accurate to
    /// about 10 m; a warm-started neighbour then usually needs one full simulation.
    pub const SURVEY: Accuracy = Accuracy {
        miss_tolerance_m: 100.0,
        tolerances: Tolerances {
            rtol: 1e-9,
            atol: 1e-3,
            max_step: f64::INFINITY,
            max_steps: 200_000,
        },
    };
}
/// Finite-difference steps of the controls (azimuth rad, kick rad, cut-off s): large enough that integration noise
/// (millimetres) is negligible against the impact shift (about 100 m), small enough to stay linear.
const FD_STEP: [f64; 3] = [2e-5, 2e-5, 2e-3];
/// Tolerance on the shape residual: 0.001° of flight-path angle (minimum energy, burn-out angle) or 10 m of apogee.
const SHAPE_TOLERANCE: f64 = 1e-2;
/// Smallest residual change (km-scaled units) that updates the Jacobian (Broyden).
const BROYDEN_MIN_CHANGE: f64 = 0.05;
/// How close to the great circle through the aim the longest flight's impact must land for a reach toward the aim,
/// rad of arc (1e-4: about 0.6 km; the reach changes by up to about 200 km per degree of azimuth on long flights
/// over the pole).
const REACH_CROSS_TOLERANCE_RAD: f64 = 1e-4;
/// A reaching flight that lands within this arc of the site's antipode (rad, about 640 km) gives no reach towards
/// the aim (see [`Targeter::reach_toward`]).
const ANTIPODE_EXCLUSION_RAD: f64 = 0.1;

/// An aim this far beyond the reach along its bearing (as a ratio) is out of reach whatever the correction for the
/// Earth's rotation (which moves the reach by a few percent at most): the diagnosis reports that reach as it is.
const CLEARLY_BEYOND_REACH: f64 = 1.1;

/// Beyond this aim range (m) the miss is measured in the aim's frame (along and across the arriving track) rather
/// than as range and bearing from the launch point: towards the launch point's antipode the bearing of the impact
/// swings with small changes and the range saturates, so launch-frame residuals stall there.
const AIM_FRAME_RANGE_M: f64 = 10.0e6;
/// At full burn, an iteration whose miss stays above this share of the previous one counts as stalled.
const CAPPED_STALL_RATIO: f64 = 0.7;
/// Stalled full-burn iterations after which the aim is taken as beyond reach (the failure diagnosis then says so).
const CAPPED_STALLS_TO_FAIL: usize = 3;
/// When Newton's line search stalls (integration noise), a solution this close is accepted, m.
pub const STALL_ACCEPT_M: f64 = 50.0;
/// Share of the miss tolerance that a solve on the drag-offset model (vacuum flights plus the drag's effect measured
/// at the last drag flight) aims for: the rest is left for the change of the drag's effect between that flight and
/// the model's solution, which a drag flight then confirms.
const OFFSET_MODEL_TOLERANCE: f64 = 0.3;
/// Rounds of (solve on the drag-offset model, confirming drag flight) before a warm solve goes on with drag flights.
const OFFSET_ROUNDS: usize = 3;
/// A guessed solution ([`Targeter::solve_guided`]) that misses by less than this many tolerances takes one Newton
/// step flown with drag (two flights with drag in all) rather than the drag-offset model.
pub const GUESS_STEP_MISS: f64 = 10.0;

impl<'a> Targeter<'a> {
    /// A targeter for `missile` on `earth`, with or without aerodynamic drag. The missile must be valid.
    pub fn new(earth: EarthModel, missile: &'a Missile, drag: bool) -> Self {
        Self {
            earth,
            missile,
            drag,
            tolerances: Accuracy::PRECISE.tolerances,
            accuracy: Accuracy::PRECISE,
            table: OnceLock::new(),
            use_surrogate: false,
            surrogates: Mutex::new(Vec::new()),
        }
    }

    /// The same targeter with or without the boost surrogate (off by default). With it, a solve takes each burn-out
    /// state from a per-launch-site table of boosts (see the `surrogate` module: interpolated between simulated
    /// boosts, the last seconds simulated, each cell's error estimated and kept under a tenth of the miss
    /// tolerance) and flies only the free flight; without it, every evaluation simulates the boost. The table's
    /// boosts (about 24 for the first aim in a new direction, a few for each further cell) pay off over many aims
    /// from one site in neighbouring directions — a footprint's aims map — and not over a handful of scattered aims.
    pub fn with_boost_surrogate(mut self, on: bool) -> Self {
        self.use_surrogate = on;
        self
    }

    /// The boost surrogate for launches from `site`, built (empty) on first use; `None` when switched off.
    fn surrogate(&self, site: &Geodetic) -> Option<Arc<BoostSurrogate>> {
        if !self.use_surrogate {
            return None;
        }
        let mut all = self.surrogates.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = all.iter().find(|s| s.serves(site)) {
            return Some(s.clone());
        }
        let s = Arc::new(BoostSurrogate::new(
            self.earth,
            self.missile,
            site,
            self.drag,
            self.accuracy.miss_tolerance_m,
            MIN_KICK_RAD,
        ));
        all.push(s.clone());
        Some(s)
    }

    /// The boost's inertial states every two seconds before the cut-off of `controls` from `site` (lift-off first),
    /// from the boost surrogate where it serves, else simulated.
    pub fn boost_samples(
        &self,
        site: &Geodetic,
        controls: &BoostControls,
    ) -> Result<Vec<Sample>, FlightError> {
        if let Some(samples) = self.surrogate(site).and_then(|s| s.boost_samples(controls)) {
            return Ok(samples);
        }
        let times = super::surrogate::grid_times_before(controls.cutoff_s);
        let (_, samples) = boost(
            &self.earth,
            site,
            self.missile,
            controls,
            self.drag,
            self.tolerances,
            &times,
        )?;
        Ok(samples)
    }

    /// The same targeter with another accuracy (e.g. [`Accuracy::SURVEY`] for sweeps over grids of aim points).
    pub fn with_accuracy(mut self, accuracy: Accuracy) -> Self {
        self.tolerances = accuracy.tolerances;
        self.accuracy = accuracy;
        // A surrogate's error budget follows the accuracy.
        self.surrogates = Mutex::new(Vec::new());
        self
    }

    /// The Earth model.
    pub fn earth(&self) -> &EarthModel {
        &self.earth
    }

    /// Boost and free flight with `controls`, sampled at `sample_times` (s since lift-off).
    pub fn fly(
        &self,
        site: &Geodetic,
        controls: &BoostControls,
        sample_times: &[f64],
    ) -> Result<MissileFlight, FlightError> {
        let (burnout, boost_samples) = boost(
            &self.earth,
            site,
            self.missile,
            controls,
            self.drag,
            self.tolerances,
            sample_times,
        )?;
        let k = sample_times.partition_point(|&t| t <= burnout.t_s);
        let flight = self.free_flight(&burnout, &sample_times[k..])?;
        Ok(MissileFlight {
            burnout,
            flight,
            boost_samples,
        })
    }

    /// Ground range (m) of a full-burn flight with the given kick and azimuth.
    fn range_of(
        &self,
        site: &Geodetic,
        azimuth_rad: f64,
        kick_rad: f64,
        cutoff_s: f64,
    ) -> Result<(f64, f64), FlightError> {
        let c = BoostControls {
            azimuth_rad,
            pitch_kick_rad: kick_rad,
            cutoff_s,
        };
        let f = self.flight_of(site, &c)?;
        let (s, _) = geodesic::inverse(self.earth.ellipsoid(), site, &f.impact);
        Ok((s, f.apogee_alt_m))
    }

    /// The free flight (impact only) of the boost with `controls` from `site`: from the boost surrogate's burn-out
    /// state where it serves, else after a simulated boost.
    fn flight_of(
        &self,
        site: &Geodetic,
        controls: &BoostControls,
    ) -> Result<FreeFlight, FlightError> {
        match self
            .surrogate(site)
            .and_then(|s| s.burnout(controls, self.tolerances))
        {
            Some(burnout) => self.free_flight(&burnout?, &[]),
            None => Ok(self.fly(site, controls, &[])?.flight),
        }
    }

    /// The longest range (m) the missile reaches from `site` launched at `azimuth_rad` with a full burn, and the pitch
    /// kick (rad) that gives it (golden-section search over the kick).
    pub fn max_range(&self, site: &Geodetic, azimuth_rad: f64) -> Result<(f64, f64), FlightError> {
        let full = self.missile.total_burn_time_s();
        let table = self.table()?;
        // Between the best kick's neighbours in the (non-rotating) table: the Earth's rotation moves the best kick
        // by a fraction of the table's spacing there.
        let ib = table
            .full_burn
            .iter()
            .position(|p| p.0 == table.best_kick_rad)
            .unwrap_or(0);
        let mut lo = table.full_burn[ib.saturating_sub(1)].0.max(MIN_KICK_RAD);
        let mut hi = table.full_burn[(ib + 1).min(table.full_burn.len() - 1)]
            .0
            .min(MAX_KICK_RAD);
        let g = 0.618_033_988_749_895;
        let mut x1 = hi - g * (hi - lo);
        let mut x2 = lo + g * (hi - lo);
        let f = |k: f64| {
            self.range_of(site, azimuth_rad, k, full)
                .map(|r| r.0)
                .unwrap_or(0.0)
        };
        let mut f1 = f(x1);
        let mut f2 = f(x2);
        // The range is flat at its maximum: 1e-4 rad of kick is well under a metre of range.
        while hi - lo > 1e-4 {
            if f1 > f2 {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - g * (hi - lo);
                f1 = f(x1);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + g * (hi - lo);
                f2 = f(x2);
            }
        }
        Ok(if f1 > f2 { (f1, x1) } else { (f2, x2) })
    }

    /// The full-burn reach (m) toward `aim`: how far along the great circle from the site through the aim the
    /// longest full-burn flight that lands on that circle goes. The Earth turns under a long flight, so that flight
    /// is launched off the aim's bearing `bearing_rad` (by up to about ten degrees; by far more towards the site's
    /// antipode, where bearings swing): a secant iteration on the launch azimuth, each step flying the longest
    /// flight at that azimuth ([`Targeter::max_range`]), zeroes the impact's distance from the circle. The reach is
    /// the impact's angle along the circle, in the aim's metres per radian (past the antipode it exceeds half the
    /// circumference). `along` is the longest flight launched along the bearing, the first step. Gives the reach with
    /// the launch azimuth (rad) of the flight that achieves it; `None` when the iteration does not settle, when that
    /// flight lands near the site's antipode, or when site and aim are antipodal.
    fn reach_toward(
        &self,
        site: &Geodetic,
        aim: &Geodetic,
        bearing_rad: f64,
        along: (f64, f64),
    ) -> Result<Option<(f64, f64)>, FlightError> {
        use std::f64::consts::TAU;
        let e = self.earth.ellipsoid();
        let unit = |g: &Geodetic| e.to_ecef(&Geodetic { alt_m: 0.0, ..*g }).0.normalize();
        let (us, ua) = (unit(site), unit(aim));
        let n = us.cross(&ua);
        if n.norm() < 1e-9 {
            return Ok(None);
        }
        let n = n.normalize();
        let aim_angle = us.dot(&ua).clamp(-1.0, 1.0).acos();
        let aim_range_m = geodesic::inverse(e, site, aim).0;
        let full = self.missile.total_burn_time_s();
        // The longest flight at `az`: its impact's angle off the circle and along it.
        let probe = |az: f64, kick: Option<f64>| -> Result<(f64, f64), FlightError> {
            let kick = match kick {
                Some(k) => k,
                None => self.max_range(site, az)?.1,
            };
            let c = BoostControls {
                azimuth_rad: az,
                pitch_kick_rad: kick,
                cutoff_s: full,
            };
            let ui = unit(&self.flight_of(site, &c)?.impact);
            let off = ui.dot(&n).clamp(-1.0, 1.0).asin();
            let angle = us.cross(&ui).dot(&n).atan2(us.dot(&ui)).rem_euclid(TAU);
            Ok((off, angle))
        };
        let (mut az0, mut p0) = (bearing_rad, probe(bearing_rad, Some(along.1))?);
        // First step: the impact's angle off the circle (positive to the left, the side of `n`) over the sine of
        // its angle along it is about the azimuth error (clockwise) at the site; far out, towards the antipode, a
        // small trial step instead.
        let sin_along = p0.1.sin();
        let mut az1 = if sin_along > 0.3 {
            az0 + (p0.0 / sin_along).clamp(-0.3, 0.3)
        } else {
            az0 + 0.01
        };
        for _ in 0..12 {
            if p0.0.abs() < REACH_CROSS_TOLERANCE_RAD {
                // Every great circle through the site passes its antipode: an impact there is on the aim's circle
                // whatever the route, and says nothing of the reach towards the aim.
                if (p0.1 - std::f64::consts::PI).abs() < ANTIPODE_EXCLUSION_RAD {
                    return Ok(None);
                }
                let reach_m = aim_range_m * p0.1 / aim_angle;
                return Ok(Some((reach_m, az0)));
            }
            let p1 = probe(az1, None)?;
            if p1.0 == p0.0 {
                break;
            }
            let step = (-p1.0 * (az1 - az0) / (p1.0 - p0.0)).clamp(-0.3, 0.3);
            (az0, p0, az1) = (az1, p1, az1 + step);
        }
        Ok(None)
    }

    fn table(&self) -> Result<&ColdStartTable, FlightError> {
        if let Some(t) = self.table.get() {
            return Ok(t);
        }
        let flat = EarthModel::new(self.earth.shape, false, self.earth.gravity);
        let probe = Targeter::new(flat, self.missile, self.drag);
        let site = Geodetic::from_degrees(0.0, 0.0, 0.0);
        let full = self.missile.total_burn_time_s();
        let mut full_burn = Vec::new();
        let n = 24;
        for i in 0..n {
            let kick = MIN_KICK_RAD
                + (MAX_KICK_RAD - MIN_KICK_RAD) * (i as f64 / (n - 1) as f64).powf(1.5);
            if let Ok((s, apo)) = probe.range_of(&site, 0.0, kick, full) {
                full_burn.push((kick, s, apo));
            }
        }
        if full_burn.len() < 3 {
            return Err(FlightError::NoConvergence(format!(
                "the {} cannot fly a full-burn trajectory: check its stages and guidance",
                self.missile.id
            )));
        }
        let best = full_burn
            .iter()
            .copied()
            .fold(
                (0.0, f64::NEG_INFINITY, 0.0),
                |a, b| if b.1 > a.1 { b } else { a },
            );
        let mut cutoff = Vec::new();
        let t_min = self.missile.min_cutoff_s();
        for i in 0..=16 {
            let tc = t_min + (full - t_min) * i as f64 / 16.0;
            if let Ok((s, _)) = probe.range_of(&site, 0.0, best.0, tc) {
                cutoff.push((tc, s));
            }
        }
        Ok(self.table.get_or_init(|| ColdStartTable {
            full_burn,
            best_kick_rad: best.0,
            cutoff,
        }))
    }

    /// First guess of (kick, cut-off) for a range and shape.
    fn cold_start(&self, range_m: f64, shape: &Shape) -> Result<(f64, f64), FlightError> {
        let t = self.table()?;
        let full = self.missile.total_burn_time_s();
        let best = t.best_kick_rad;
        let on_branch = |high: bool| -> (f64, f64) {
            // Walk the full-burn table from the best kick toward small kicks (lofted) or large kicks (depressed).
            let ib = t.full_burn.iter().position(|p| p.0 == best).unwrap_or(0);
            let idx: Vec<usize> = if high {
                (0..=ib).rev().collect()
            } else {
                (ib..t.full_burn.len()).collect()
            };
            for w in idx.windows(2) {
                let (a, b) = (t.full_burn[w[0]], t.full_burn[w[1]]);
                if (a.1 - range_m) * (b.1 - range_m) <= 0.0 {
                    let f = (range_m - a.1) / (b.1 - a.1);
                    return (a.0 + f * (b.0 - a.0), full);
                }
            }
            (
                if high {
                    MIN_KICK_RAD * 2.0
                } else {
                    MAX_KICK_RAD * 0.9
                },
                full,
            )
        };
        Ok(match shape {
            Shape::Lofted(None) => on_branch(true),
            Shape::Depressed(None) => on_branch(false),
            _ => {
                let mut tc = full;
                for w in t.cutoff.windows(2) {
                    if (w[0].1 - range_m) * (w[1].1 - range_m) <= 0.0 {
                        let f = (range_m - w[0].1) / (w[1].1 - w[0].1);
                        tc = w[0].0 + f * (w[1].0 - w[0].0);
                        break;
                    }
                }
                if range_m < t.cutoff.first().map_or(0.0, |c| c.1) {
                    tc = self.missile.min_cutoff_s();
                }
                (best, tc)
            }
        })
    }

    /// Solves for the controls that hit `aim` from `launch` with `shape`. `warm`: a neighbouring solution; its
    /// controls start the iteration, its Jacobian spares the finite differences, and its boost sensitivity lets the
    /// first iterations fly only the (cheaper) free flight from a linearised burn-out state, one full simulation
    /// confirming the result.
    pub fn solve(
        &self,
        launch: &Geodetic,
        aim: &Geodetic,
        shape: Shape,
        warm: Option<&TargetingSolution>,
    ) -> Result<TargetingSolution, FlightError> {
        self.solve_guided(launch, aim, shape, warm, None)
    }

    /// [`Targeter::solve`] with a guess of the solution's controls as well, e.g. extrapolated from the solutions of
    /// the aims before it along a row of a grid. With the boost surrogate and drag, a warm solve flies the guess
    /// first (one free flight with drag) and is done if it lands within the tolerance; a guess within
    /// [`GUESS_STEP_MISS`] tolerances takes one Newton step on the neighbour's Jacobian (Broyden-updated by the
    /// guess), flown with drag; otherwise the better of guess and neighbour is where the drag-offset iteration
    /// starts. Without a warm start, or without the surrogate, the guess is ignored. The result meets the same
    /// tolerance either way: it is always a flight with drag that lands within it.
    pub fn solve_guided(
        &self,
        launch: &Geodetic,
        aim: &Geodetic,
        shape: Shape,
        warm: Option<&TargetingSolution>,
        guess: Option<&BoostControls>,
    ) -> Result<TargetingSolution, FlightError> {
        let p = Problem::new(self, launch, aim, shape)?;
        let mut count = Counters::default();
        match (warm, &p.surrogate) {
            (Some(w), None) => {
                if let Ok(sol) = self.solve_warm(&p, w, &mut count) {
                    return Ok(sol);
                }
            }
            (Some(w), Some(_)) if self.drag => {
                if let Ok(sol) = self.solve_offset(&p, w, guess, &mut count) {
                    return Ok(sol);
                }
            }
            _ => {}
        }
        let x0 = match warm {
            Some(w) => p.clamp(controls_vector(&w.controls)),
            None => {
                let (k, tc) = self.cold_start(p.aim_range_m, &shape)?;
                p.clamp(Vector3::new(p.aim_az_rad, k, tc))
            }
        };
        let start = match warm {
            // The neighbour's own flight, from the same site with the same controls: evaluating them again would
            // fly exactly it (the evaluation is deterministic); only the residuals change, with the aim.
            Some(w) if w.launch == *launch && x0 == controls_vector(&w.controls) => {
                Ok(p.iterate(x0, w.burnout, w.flight.clone()))
            }
            _ => p.evaluate(&x0, &mut count),
        };
        let start = match start {
            Ok(it) => it,
            Err(_) if warm.is_some() => return self.solve(launch, aim, shape, None),
            Err(e) => return Err(e),
        };
        let jac = warm.map(|w| w.jacobian);
        match p.newton(start, jac, &mut count, &mut |x, c| p.evaluate(x, c))? {
            NewtonEnd::Done(done) if p.surrogate.is_some() => {
                // Evaluations are free flights already. The neighbours' warm starts ([`Targeter::solve_offset`])
                // iterate on residuals in the aim's local frame; the iteration's Jacobian is of the launch-centred
                // residuals (a cross-range measured at the launch, not at the aim: 10–20 % apart for an ICBM),
                // measured far from here and since Broyden-updated. Measured again at the solution in the local
                // frame (three flights, a small part of a cold solve), it makes their iteration quadratic: two
                // vacuum-flight iterations instead of four for an ICBM neighbour 0.5° away.
                let local = Problem {
                    local: true,
                    ..p.clone()
                };
                let base = local.iterate(done.it.x, done.it.burnout, done.it.flight.clone());
                match local.fd_jacobian(&base, &mut count, &mut |x, c| local.evaluate(x, c)) {
                    Ok(j) => Ok(local.solution(base, count, j, None, None)),
                    Err(_) => Ok(p.solution(done.it, count, done.jac, None, None)),
                }
            }
            NewtonEnd::Done(done) => {
                let it = done.it;
                // Measure the boost sensitivity at the solution, and through it the Jacobian, for the neighbours'
                // warm starts (three boosts and three free flights; the iteration's finite differences were taken
                // farther away and its Jacobian was since Broyden-updated).
                let sens = p.measure_sensitivity(&it, &mut count)?;
                let j = p.model_jacobian(&it, &sens, &mut count)?;
                Ok(p.solution(it, count, j, Some(sens), None))
            }
            NewtonEnd::Failed if warm.is_some() => self.solve(launch, aim, shape, None),
            NewtonEnd::Failed => {
                let (max_range_m, edge) = p.reach()?;
                if let (true, Some(az)) = (p.aim_range_m <= max_range_m, edge) {
                    if let Some(it) = p.solve_on_branches(az, &mut count)? {
                        if p.surrogate.is_some() {
                            let j = p.fd_jacobian(&it, &mut count, &mut |x, c| p.evaluate(x, c))?;
                            return Ok(p.solution(it, count, j, None, None));
                        }
                        let sens = p.measure_sensitivity(&it, &mut count)?;
                        let j = p.model_jacobian(&it, &sens, &mut count)?;
                        return Ok(p.solution(it, count, j, Some(sens), None));
                    }
                }
                Err(p.failure(max_range_m, count.simulations))
            }
        }
    }

    /// The warm path: Newton on the linearised boost (free flights only), then one full simulation to confirm; if
    /// the confirmed miss is too large, Newton goes on with full simulations from there.
    fn solve_warm(
        &self,
        p: &Problem,
        w: &TargetingSolution,
        count: &mut Counters,
    ) -> Result<TargetingSolution, FlightError> {
        let Some(sens) = w.sensitivity.clone() else {
            return Err(FlightError::NoConvergence("no boost sensitivity".into()));
        };
        let x_w = p.clamp(controls_vector(&w.controls));
        let start = p.iterate(x_w, w.burnout, w.flight.clone());
        let mut model = |x: &Vector3<f64>, c: &mut Counters| p.model_evaluate(&sens, x, c);
        let NewtonEnd::Done(done) = p.newton(start, Some(w.jacobian), count, &mut model)? else {
            return Err(FlightError::NoConvergence(
                "linearised boost did not converge".into(),
            ));
        };
        let (guess, j) = (done.it, done.jac);
        let confirmed = p.evaluate(&guess.x, count)?;
        let mut sens = sens;
        sens.learn(&confirmed);
        let sens = if sens.is_near(&confirmed.x) {
            sens.recentred(&confirmed)
        } else {
            p.measure_sensitivity(&confirmed, count)?
        };
        if p.converged(&confirmed) {
            return Ok(p.solution(confirmed, *count, j, Some(sens), None));
        }
        match p.newton(confirmed, Some(j), count, &mut |x, c| p.evaluate(x, c))? {
            NewtonEnd::Done(done) => {
                Ok(p.solution(done.it, *count, done.jac, done.sens.or(Some(sens)), None))
            }
            NewtonEnd::Failed => Err(FlightError::NoConvergence("warm start failed".into())),
        }
    }

    /// The warm path with the boost surrogate and drag: Newton on vacuum free flights from the surrogate's burn-out
    /// states, the residuals shifted by the drag's effect measured at the neighbour's solution (its drag flight less
    /// its vacuum flight), then one drag flight to confirm. The drag's effect changes little between neighbours, so
    /// one confirming drag flight usually suffices; if it misses, the effect is measured again there and the model
    /// solved again ([`OFFSET_ROUNDS`] times at most). A solution is always a drag flight within the miss tolerance.
    fn solve_offset(
        &self,
        p: &Problem,
        w: &TargetingSolution,
        guess: Option<&BoostControls>,
        count: &mut Counters,
    ) -> Result<TargetingSolution, FlightError> {
        let x_w = controls_vector(&w.controls);
        if w.launch != p.launch || p.clamp(x_w) != x_w {
            return Err(FlightError::NoConvergence(
                "the neighbour is not a flight of this problem".into(),
            ));
        }
        // Misses are small here: residuals in the aim's local frame (no geodesic to compute).
        let p = &Problem {
            local: true,
            ..p.clone()
        };
        // The last drag flight, and the vacuum flight from the same burn-out when measured already.
        let mut anchor = p.iterate(x_w, w.burnout, w.flight.clone());
        let mut anchor_vacuum = w.vacuum_flight.clone();
        let mut jac = w.jacobian;
        if let Some(g) = guess.map(controls_vector).filter(|g| p.clamp(*g) == *g) {
            match p.fly_guess(&g, &anchor, &mut jac, count) {
                Guessed::Hit(it) => return Ok(p.solution(it, *count, jac, None, None)),
                Guessed::Nearer(it) => {
                    anchor = it;
                    anchor_vacuum = None;
                }
                Guessed::Farther => {}
            }
        }
        let mut anchor_vacuum = match anchor_vacuum {
            Some(v) => v,
            None => {
                count.vacuum_flights += 1;
                self.vacuum_flight(&anchor.burnout)?
            }
        };
        let model = Problem {
            miss_tolerance_m: OFFSET_MODEL_TOLERANCE * p.miss_tolerance_m,
            ..p.clone()
        };
        for _ in 0..OFFSET_ROUNDS {
            if p.converged(&anchor) {
                break;
            }
            let offset = anchor.f - p.residual(&anchor.x, &anchor.burnout, &anchor_vacuum).0;
            // The model at the anchor: the drag flight's residuals, carried by the vacuum flight.
            let start = Iterate {
                x: anchor.x,
                f: anchor.f,
                miss_m: anchor.miss_m,
                burnout: anchor.burnout,
                flight: anchor_vacuum.clone(),
            };
            let NewtonEnd::Done(done) = model.newton(start, Some(jac), count, &mut |x, c| {
                p.offset_evaluate(&offset, x, c)
            })?
            else {
                return Err(FlightError::NoConvergence(
                    "the drag-offset model did not converge".into(),
                ));
            };
            jac = done.jac;
            if done.it.x == anchor.x {
                // Accepted as it is (at full burn, held by the bound): the anchor is a drag flight.
                return Ok(p.solution(anchor, *count, jac, None, Some(anchor_vacuum)));
            }
            anchor = p.evaluate(&done.it.x, count)?;
            anchor_vacuum = done.it.flight;
        }
        if p.converged(&anchor) {
            Ok(p.solution(anchor, *count, jac, None, Some(anchor_vacuum)))
        } else {
            Err(FlightError::NoConvergence(
                "the drag-offset model did not converge".into(),
            ))
        }
    }

    /// The payload's free flight from a burn-out state without drag (impact only).
    fn vacuum_flight(&self, b: &Burnout) -> Result<FreeFlight, FlightError> {
        let options = FlightOptions {
            beta_kg_m2: None,
            tolerances: self.tolerances,
            ..FlightOptions::default()
        };
        free_flight::fly(&self.earth, b.t_s, b.r_eci, b.v_eci, &options, &[])
    }

    /// The payload's free flight from a burn-out state.
    fn free_flight(&self, b: &Burnout, sample_times: &[f64]) -> Result<FreeFlight, FlightError> {
        let options = FlightOptions {
            beta_kg_m2: self.drag.then_some(self.missile.payload.beta_kg_m2),
            tolerances: self.tolerances,
            ..FlightOptions::default()
        };
        free_flight::fly_recorded(&self.earth, b.t_s, b.r_eci, b.v_eci, &options, sample_times)
    }
}

/// How a guessed solution fared ([`Problem::fly_guess`]).
enum Guessed {
    /// It (or the Newton step from it) lands within the tolerance: this flight with drag.
    Hit(Iterate),
    /// It misses, by less than the neighbour: the better of the guess and the step from it.
    Nearer(Iterate),
    /// It misses by more than the neighbour, or could not be flown.
    Farther,
}

/// Broyden's rank-one update of `jac` by the step from `a` to `b`, where the residuals changed by more than the
/// integration noise (as in the Newton iteration).
fn broyden(jac: &mut Matrix3<f64>, a: &Iterate, b: &Iterate) {
    let (step, df) = (b.x - a.x, b.f - a.f);
    let n2 = step.norm_squared();
    if n2 > 0.0 && df.norm() > BROYDEN_MIN_CHANGE {
        *jac += (df - *jac * step) * step.transpose() / n2;
    }
}

fn controls_vector(c: &BoostControls) -> Vector3<f64> {
    Vector3::new(c.azimuth_rad, c.pitch_kick_rad, c.cutoff_s)
}

fn controls_of(x: &Vector3<f64>) -> BoostControls {
    BoostControls {
        azimuth_rad: x[0],
        pitch_kick_rad: x[1],
        cutoff_s: x[2],
    }
}

/// How the burn-out state (time s, ECI position m, ECI velocity m/s) changes with the controls (azimuth rad, kick rad,
/// cut-off s), measured by the finite differences of a Jacobian; lets a neighbouring aim be solved with free flights
/// only.
///
/// A change of azimuth mostly turns the whole boost about the launch site's vertical (exactly so on a non-rotating
/// sphere), which a linear model captures badly (kilometres of error at the impact for a quarter-degree neighbour).
/// So the model turns the burn-out state exactly by the azimuth change and keeps only the remainder linear.
#[derive(Debug, Clone, PartialEq)]
pub struct BoostSensitivity {
    /// Unit vector from the Earth's centre through the launch site (ECI at lift-off): the azimuth's turning axis.
    axis: Vector3<f64>,
    x: Vector3<f64>,
    base: SVector<f64, 7>,
    /// Derivatives with the rigid turn of the azimuth column removed.
    d: SMatrix<f64, 7, 3>,
}

/// Turns the position and velocity parts of a burn-out vector by `angle_rad` about `axis` (Rodrigues).
fn turn(axis: &Vector3<f64>, angle_rad: f64, b: &SVector<f64, 7>) -> SVector<f64, 7> {
    let (s, c) = angle_rad.sin_cos();
    let rot = |v: Vector3<f64>| v * c + axis.cross(&v) * s + axis * axis.dot(&v) * (1.0 - c);
    let r = rot(Vector3::new(b[1], b[2], b[3]));
    let v = rot(Vector3::new(b[4], b[5], b[6]));
    SVector::<f64, 7>::from_column_slice(&[b[0], r.x, r.y, r.z, v.x, v.y, v.z])
}

impl BoostSensitivity {
    fn burnout_vector(b: &Burnout) -> SVector<f64, 7> {
        SVector::<f64, 7>::from_column_slice(&[
            b.t_s, b.r_eci.x, b.r_eci.y, b.r_eci.z, b.v_eci.x, b.v_eci.y, b.v_eci.z,
        ])
    }

    /// From finite-difference derivatives `d` of the burn-out vector at controls `x` (burn-out `base`).
    fn new(
        axis: Vector3<f64>,
        x: Vector3<f64>,
        base: SVector<f64, 7>,
        mut d: SMatrix<f64, 7, 3>,
    ) -> Self {
        // d/dψ of the rigid turn by −ψ about the axis: −axis × (r, v).
        let rigid = turn(&axis, 0.0, &base);
        let r = Vector3::new(rigid[1], rigid[2], rigid[3]);
        let v = Vector3::new(rigid[4], rigid[5], rigid[6]);
        let (dr, dv) = (-axis.cross(&r), -axis.cross(&v));
        for k in 0..3 {
            d[(1 + k, 0)] -= dr[k];
            d[(4 + k, 0)] -= dv[k];
        }
        Self { axis, x, base, d }
    }

    /// The modelled burn-out state at controls `x`.
    fn burnout_at(&self, x: &Vector3<f64>) -> Burnout {
        let dx = x - self.x;
        let b = turn(&self.axis, -dx[0], &(self.base + self.d * dx));
        Burnout {
            t_s: b[0],
            r_eci: Vector3::new(b[1], b[2], b[3]),
            v_eci: Vector3::new(b[4], b[5], b[6]),
            stats: Default::default(),
        }
    }

    /// Whether `x` is close enough to where the derivatives were measured for them to be reused.
    fn is_near(&self, x: &Vector3<f64>) -> bool {
        let dx = x - self.x;
        dx[0].abs() < 0.03 && dx[1].abs() < 0.003 && dx[2].abs() < 1.0
    }

    /// Corrects the derivatives with an exactly simulated point (a Broyden rank-one update in the azimuth-turned
    /// frame), so that a sweep's drift away from the measuring point does not let them go stale.
    fn learn(&mut self, at: &Iterate) {
        let dx = at.x - self.x;
        // Scale the controls alike (rad, rad, and s as 1e-2 rad) so that no one dominates the update.
        let w = Vector3::new(1.0, 1.0, 1e-4);
        let n2 = dx.component_mul(&w).dot(&dx);
        if n2 <= 0.0 {
            return;
        }
        let actual = turn(
            &self.axis,
            dx[0],
            &BoostSensitivity::burnout_vector(&at.burnout),
        );
        let predicted = self.base + self.d * dx;
        self.d += (actual - predicted) * dx.component_mul(&w).transpose() / n2;
    }

    /// The same model about a new, exactly simulated point.
    fn recentred(&self, at: &Iterate) -> Self {
        let turn_by = -(at.x[0] - self.x[0]);
        let mut d = self.d;
        for c in 0..3 {
            let col = turn(
                &self.axis,
                turn_by,
                &SVector::<f64, 7>::from_iterator(d.column(c).iter().copied()),
            );
            d.set_column(c, &col);
        }
        Self {
            axis: self.axis,
            x: at.x,
            base: Self::burnout_vector(&at.burnout),
            d,
        }
    }
}

/// One evaluated point of the iteration.
struct Iterate {
    /// Controls (azimuth rad, kick rad, cut-off s).
    x: Vector3<f64>,
    f: Vector3<f64>,
    /// Distance from the impact to the aim, m.
    miss_m: f64,
    burnout: Burnout,
    flight: FreeFlight,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counters {
    simulations: usize,
    free_flights: usize,
    vacuum_flights: usize,
    boosts: usize,
    iterations: usize,
}

/// A converged iteration: the point, the Jacobian there and the boost sensitivity if one was measured.
struct Solved {
    it: Iterate,
    jac: Matrix3<f64>,
    sens: Option<BoostSensitivity>,
}

enum NewtonEnd {
    Done(Box<Solved>),
    Failed,
}

/// One evaluation of the residuals at given controls: a full simulation, or a free flight from a modelled burn-out.
type Evaluator<'e> = dyn FnMut(&Vector3<f64>, &mut Counters) -> Result<Iterate, FlightError> + 'e;

/// One targeting problem: the geometry and the residual function.
#[derive(Clone)]
struct Problem<'t, 'm> {
    t: &'t Targeter<'m>,
    /// The iteration stops when the impact lies this close to the aim point, m.
    miss_tolerance_m: f64,
    launch: Geodetic,
    aim: Geodetic,
    shape: Shape,
    aim_range_m: f64,
    aim_az_rad: f64,
    /// Azimuth (rad) at the aim of the geodesic arriving from the launch point, when the miss is measured in the
    /// aim's frame (see [`AIM_FRAME_RANGE_M`]).
    arrival_az_rad: Option<f64>,
    aim_ecef: Vector3<f64>,
    /// Unit vectors (ECEF) at the aim, horizontal, along and across (to the right of) the geodesic arriving from the
    /// launch point.
    aim_axes: [Vector3<f64>; 2],
    /// Whether the residuals are the miss projected on `aim_axes` (warm solves, whose misses are small; the chord's
    /// projection departs from the geodesic by d²/2R) rather than measured along geodesics.
    local: bool,
    full_s: f64,
    min_cutoff_s: f64,
    /// Unit vector through the launch site (ECI at lift-off).
    site_axis: Vector3<f64>,
    /// The boost surrogate of the launch site, when the targeter uses one.
    surrogate: Option<Arc<BoostSurrogate>>,
}

impl<'t, 'm> Problem<'t, 'm> {
    fn new(
        t: &'t Targeter<'m>,
        launch: &Geodetic,
        aim: &Geodetic,
        shape: Shape,
    ) -> Result<Self, FlightError> {
        let e = t.earth.ellipsoid();
        let (aim_range_m, aim_az_rad, arrival) = geodesic::inverse_both(e, launch, aim);
        if aim_range_m < 1000.0 {
            return Err(invalid(
                "--to",
                format!("{:.4},{:.4}", aim.lat_deg(), aim.lon_deg()),
                "the aim point must be at least 1 km from the launch point",
            ));
        }
        match shape {
            Shape::Lofted(Some(ShapeSpec::BurnoutFlightPathRad(g)))
            | Shape::Depressed(Some(ShapeSpec::BurnoutFlightPathRad(g)))
                if !g.is_finite() || g <= 0.0 || g >= std::f64::consts::FRAC_PI_2 =>
            {
                return Err(invalid(
                    "--burnout-flight-path-deg",
                    g.to_degrees(),
                    "must lie in (0, 90) degrees",
                ));
            }
            Shape::Lofted(Some(ShapeSpec::ApogeeM(h)))
            | Shape::Depressed(Some(ShapeSpec::ApogeeM(h)))
                if !h.is_finite() || h <= 0.0 =>
            {
                return Err(invalid(
                    "--apogee-km",
                    h / 1000.0,
                    "must be a finite number of km above 0",
                ));
            }
            _ => {}
        }
        Ok(Self {
            t,
            miss_tolerance_m: t.accuracy.miss_tolerance_m,
            launch: *launch,
            aim: *aim,
            shape,
            aim_range_m,
            aim_az_rad,
            arrival_az_rad: (aim_range_m > AIM_FRAME_RANGE_M).then_some(arrival),
            aim_ecef: e.to_ecef(&Geodetic { alt_m: 0.0, ..*aim }).0,
            aim_axes: {
                let [east, north, _] = e.enu_axes(aim);
                let (sa, ca) = arrival.sin_cos();
                [ca * north + sa * east, ca * east - sa * north]
            },
            local: false,
            full_s: t.missile.total_burn_time_s(),
            min_cutoff_s: t.missile.min_cutoff_s(),
            site_axis: e
                .to_ecef(&Geodetic {
                    alt_m: 0.0,
                    ..*launch
                })
                .0
                .normalize(),
            surrogate: t.surrogate(launch),
        })
    }

    fn clamp(&self, x: Vector3<f64>) -> Vector3<f64> {
        let full_burn = matches!(self.shape, Shape::Lofted(None) | Shape::Depressed(None));
        Vector3::new(
            x[0],
            x[1].clamp(MIN_KICK_RAD, MAX_KICK_RAD),
            if full_burn {
                self.full_s
            } else {
                x[2].clamp(self.min_cutoff_s, self.full_s)
            },
        )
    }

    /// The iterate of controls `x` whose boost ended at `b` and whose free flight was `f`: its residuals and miss.
    fn iterate(&self, x: Vector3<f64>, b: Burnout, f: FreeFlight) -> Iterate {
        let (r, miss_m) = self.residual(&x, &b, &f);
        Iterate {
            x,
            f: r,
            miss_m,
            burnout: b,
            flight: f,
        }
    }

    /// Residuals — down-range and cross-range miss (km), and the shape condition (scaled to similar size) — and the
    /// distance from impact to aim (m).
    fn residual(&self, x: &Vector3<f64>, b: &Burnout, f: &FreeFlight) -> (Vector3<f64>, f64) {
        let earth = &self.t.earth;
        let (down, cross, miss_m) = match self.arrival_az_rad {
            _ if self.local => {
                let d = earth.ellipsoid().to_ecef(&f.impact).0 - self.aim_ecef;
                (
                    d.dot(&self.aim_axes[0]) / 1000.0,
                    d.dot(&self.aim_axes[1]) / 1000.0,
                    d.norm(),
                )
            }
            None => {
                let (s, az) = geodesic::inverse(earth.ellipsoid(), &self.launch, &f.impact);
                // The miss as the chord between impact and aim: shorter than the geodesic by d³/(24 R²), a
                // millimetre at 10 km.
                let impact = earth.ellipsoid().to_ecef(&f.impact).0;
                (
                    (s - self.aim_range_m) / 1000.0,
                    s * (az - self.aim_az_rad).sin() / 1000.0,
                    (impact - self.aim_ecef).norm(),
                )
            }
            Some(arrival) => {
                // The miss seen from the aim, along and across the arriving track.
                let (d, az) = geodesic::inverse(earth.ellipsoid(), &self.aim, &f.impact);
                (
                    d * (az - arrival).cos() / 1000.0,
                    d * (az - arrival).sin() / 1000.0,
                    d,
                )
            }
        };
        let shape = match self.shape {
            Shape::MinEnergy => {
                let rh = b.r_eci.normalize();
                let aim_eci = earth.ecef_to_eci(f.impact_t_s, &self.aim_ecef);
                let bisector = (rh + (aim_eci - b.r_eci).normalize()).normalize();
                let vh = b.v_eci.normalize();
                (vh.dot(&rh).asin() - bisector.dot(&rh).asin()).to_degrees() * 10.0
            }
            Shape::Lofted(None) | Shape::Depressed(None) => x[2] - self.full_s,
            Shape::Lofted(Some(ShapeSpec::ApogeeM(h)))
            | Shape::Depressed(Some(ShapeSpec::ApogeeM(h))) => (f.apogee_alt_m - h) / 1000.0,
            Shape::Lofted(Some(ShapeSpec::BurnoutFlightPathRad(g)))
            | Shape::Depressed(Some(ShapeSpec::BurnoutFlightPathRad(g))) => {
                let st = LaunchState::from_inertial(earth, b.t_s, &b.r_eci, &b.v_eci);
                (st.flight_path_rad - g).to_degrees() * 10.0
            }
        };
        (Vector3::new(down, cross, shape), miss_m)
    }

    /// The finite-difference step of control `c` at `x`, backward where a forward step would cross a bound.
    fn fd_step(&self, x: &Vector3<f64>, c: usize) -> f64 {
        let h = FD_STEP[c];
        let at_bound = (c == 1 && x[1] + h > MAX_KICK_RAD) || (c == 2 && x[2] + h > self.full_s);
        if at_bound {
            -h
        } else {
            h
        }
    }

    /// Measures the boost sensitivity at an exactly simulated point by finite differences of three boosts.
    fn measure_sensitivity(
        &self,
        at: &Iterate,
        count: &mut Counters,
    ) -> Result<BoostSensitivity, FlightError> {
        let base = BoostSensitivity::burnout_vector(&at.burnout);
        let mut d = SMatrix::<f64, 7, 3>::zeros();
        for c in 0..3 {
            let mut xp = at.x;
            let step = self.fd_step(&at.x, c);
            xp[c] += step;
            count.boosts += 1;
            let t = self.t;
            let (b, _) = boost(
                &t.earth,
                &self.launch,
                t.missile,
                &controls_of(&xp),
                t.drag,
                t.tolerances,
                &[],
            )?;
            d.set_column(c, &((BoostSensitivity::burnout_vector(&b) - base) / step));
        }
        Ok(BoostSensitivity::new(self.site_axis, at.x, base, d))
    }

    /// The Jacobian at `at` by forward differences of free flights from modelled burn-outs.
    fn model_jacobian(
        &self,
        at: &Iterate,
        sens: &BoostSensitivity,
        count: &mut Counters,
    ) -> Result<Matrix3<f64>, FlightError> {
        self.fd_jacobian(at, count, &mut |x, c| self.model_evaluate(sens, x, c))
    }

    /// The Jacobian at `at` by forward differences of `eval` (the steps of [`Problem::fd_step`]).
    fn fd_jacobian(
        &self,
        at: &Iterate,
        count: &mut Counters,
        eval: &mut Evaluator,
    ) -> Result<Matrix3<f64>, FlightError> {
        let mut j = Matrix3::zeros();
        for c in 0..3 {
            let mut xp = at.x;
            let step = self.fd_step(&at.x, c);
            xp[c] += step;
            j.set_column(c, &((eval(&xp, count)?.f - at.f) / step));
        }
        Ok(j)
    }

    /// Residuals at `x` from a free flight after the modelled burn-out.
    fn model_evaluate(
        &self,
        sens: &BoostSensitivity,
        x: &Vector3<f64>,
        count: &mut Counters,
    ) -> Result<Iterate, FlightError> {
        count.free_flights += 1;
        let burnout = sens.burnout_at(x);
        let flight = self.t.free_flight(&burnout, &[])?;
        Ok(self.iterate(*x, burnout, flight))
    }

    /// Flies the guess `g` with drag ([`Targeter::solve_guided`]); the step from the neighbour's flight `anchor`
    /// (both seen from this aim) updates the Jacobian `jac` (Broyden, as in the iteration). A guess within
    /// [`GUESS_STEP_MISS`] tolerances takes one Newton step, flown with drag, which updates `jac` again.
    fn fly_guess(
        &self,
        g: &Vector3<f64>,
        anchor: &Iterate,
        jac: &mut Matrix3<f64>,
        count: &mut Counters,
    ) -> Guessed {
        let Ok(mut it) = self.evaluate(g, count) else {
            return Guessed::Farther;
        };
        if self.converged(&it) {
            return Guessed::Hit(it);
        }
        broyden(jac, anchor, &it);
        if it.miss_m < GUESS_STEP_MISS * self.miss_tolerance_m {
            let step = jac.lu().solve(&(-it.f));
            if let Some(Ok(next)) = step.map(|dx| self.evaluate(&self.clamp(it.x + dx), count)) {
                broyden(jac, &it, &next);
                if self.converged(&next) {
                    return Guessed::Hit(next);
                }
                if next.miss_m < it.miss_m {
                    it = next;
                }
            }
        }
        if it.miss_m < anchor.miss_m {
            Guessed::Nearer(it)
        } else {
            Guessed::Farther
        }
    }

    /// The drag-offset model at `x`: the residuals of the vacuum free flight from the boost surrogate's burn-out,
    /// shifted by `offset` (the drag's effect on the residuals); its miss is the shifted residuals' (m). An error
    /// where the surrogate does not serve.
    fn offset_evaluate(
        &self,
        offset: &Vector3<f64>,
        x: &Vector3<f64>,
        count: &mut Counters,
    ) -> Result<Iterate, FlightError> {
        let Some(burnout) = self
            .surrogate
            .as_ref()
            .and_then(|s| s.burnout(&controls_of(x), self.t.tolerances))
        else {
            return Err(FlightError::NoConvergence(
                "the boost surrogate does not serve these controls".into(),
            ));
        };
        let burnout = burnout?;
        count.vacuum_flights += 1;
        let flight = self.t.vacuum_flight(&burnout)?;
        let f = self.residual(x, &burnout, &flight).0 + offset;
        Ok(Iterate {
            x: *x,
            f,
            miss_m: 1000.0 * f[0].hypot(f[1]),
            burnout,
            flight,
        })
    }

    /// The flight at `x`: a free flight from the boost surrogate's burn-out state where it serves, else a full
    /// boost-and-flight simulation.
    fn evaluate(&self, x: &Vector3<f64>, count: &mut Counters) -> Result<Iterate, FlightError> {
        let controls = controls_of(x);
        if let Some(burnout) = self
            .surrogate
            .as_ref()
            .and_then(|s| s.burnout(&controls, self.t.tolerances))
        {
            count.free_flights += 1;
            let burnout = burnout?;
            let flight = self.t.free_flight(&burnout, &[])?;
            return Ok(self.iterate(*x, burnout, flight));
        }
        count.simulations += 1;
        let m = self.t.fly(&self.launch, &controls_of(x), &[])?;
        Ok(self.iterate(*x, m.burnout, m.flight))
    }

    fn miss_m(&self, it: &Iterate) -> f64 {
        it.miss_m
    }

    fn converged(&self, it: &Iterate) -> bool {
        self.miss_m(it) < self.miss_tolerance_m && it.f[2].abs() < SHAPE_TOLERANCE
    }

    /// Whether a minimum-energy iterate at full burn is held there by the bound: Newton's step on the unconstrained
    /// residuals would lengthen the burn (the minimum-energy ellipse needs more speed than a full burn gives, as near
    /// the edge of the reach, where a real boost's best range lies on a flatter trajectory than that ellipse). The
    /// trajectory of least energy is then the full burn that lands on the aim, on the branch nearest the condition.
    fn wants_more_than_full_burn(&self, it: &Iterate, j: &Matrix3<f64>) -> bool {
        it.x[2] >= self.full_s && j.lu().solve(&(-it.f)).is_some_and(|dx| dx[2] > 0.0)
    }

    /// Newton's method with a finite-difference Jacobian (or `jac`), Broyden updates and a backtracking line search.
    fn newton(
        &self,
        start: Iterate,
        jac: Option<Matrix3<f64>>,
        count: &mut Counters,
        eval: &mut Evaluator,
    ) -> Result<NewtonEnd, FlightError> {
        let min_energy = matches!(self.shape, Shape::MinEnergy);
        let mut cur = start;
        let mut jac = jac;
        let mut last_jac = jac.unwrap_or_default();
        let mut sens = None;
        let mut fresh = false;
        // Capped iterations whose miss barely shrank: at full burn an aim beyond reach draws the iteration towards
        // the nearest reachable point, the miss levelling off at a positive value, so a few of them end it.
        let mut capped_stalls = 0;
        for _ in 0..40 {
            let miss = self.miss_m(&cur);
            if self.converged(&cur) {
                return Ok(NewtonEnd::Done(Box::new(Solved {
                    it: cur,
                    jac: jac.unwrap_or(last_jac),
                    sens,
                })));
            }
            count.iterations += 1;
            let j = match jac {
                Some(j) => j,
                None => {
                    let mut j = Matrix3::zeros();
                    let mut d = SMatrix::<f64, 7, 3>::zeros();
                    let base = BoostSensitivity::burnout_vector(&cur.burnout);
                    for c in 0..3 {
                        let mut xp = cur.x;
                        let step = self.fd_step(&cur.x, c);
                        xp[c] += step;
                        let p = eval(&xp, count)?;
                        j.set_column(c, &((p.f - cur.f) / step));
                        d.set_column(
                            c,
                            &((BoostSensitivity::burnout_vector(&p.burnout) - base) / step),
                        );
                    }
                    sens = Some(BoostSensitivity::new(self.site_axis, cur.x, base, d));
                    fresh = true;
                    j
                }
            };
            last_jac = j;
            let capped = min_energy && self.wants_more_than_full_burn(&cur, &j);
            if capped && miss < self.miss_tolerance_m {
                return Ok(NewtonEnd::Done(Box::new(Solved {
                    it: cur,
                    jac: j,
                    sens,
                })));
            }
            // Capped at full burn, the shape condition gives way to the bound: the cut-off stays, azimuth and kick
            // solve the two misses.
            let merit = |f: &Vector3<f64>| {
                if capped {
                    f[0] * f[0] + f[1] * f[1]
                } else {
                    f.norm_squared()
                }
            };
            let (j_step, f_step) = if capped {
                let mut jc = j;
                jc.set_row(2, &Vector3::new(0.0, 0.0, 1.0).transpose());
                (jc, Vector3::new(cur.f[0], cur.f[1], 0.0))
            } else {
                (j, cur.f)
            };
            let Some(dx) = j_step.lu().solve(&(-f_step)) else {
                if fresh {
                    return Ok(NewtonEnd::Failed);
                }
                jac = None;
                continue;
            };
            let limits = Vector3::new(0.2, 0.2, 0.3 * self.full_s);
            let scale = (0..3)
                .map(|i| (dx[i].abs() / limits[i]).max(1.0))
                .fold(1.0, f64::max);
            let dx = dx / scale;
            let mut lambda = 1.0;
            let mut next = None;
            for _ in 0..if fresh { 8 } else { 2 } {
                let xn = self.clamp(cur.x + lambda * dx);
                if let Ok(it) = eval(&xn, count) {
                    if merit(&it.f) < merit(&cur.f) {
                        next = Some(it);
                        break;
                    }
                }
                lambda *= 0.5;
            }
            match next {
                Some(it) => {
                    if capped && self.miss_m(&it) > CAPPED_STALL_RATIO * miss {
                        capped_stalls += 1;
                        if capped_stalls >= CAPPED_STALLS_TO_FAIL {
                            return Ok(NewtonEnd::Failed);
                        }
                    }
                    let step = it.x - cur.x;
                    let n2 = step.norm_squared();
                    let df = it.f - cur.f;
                    // Near convergence the residual change is mostly integration noise (about a metre): an update
                    // from it would spoil the Jacobian that a neighbour will reuse.
                    let informative = n2 > 0.0 && df.norm() > BROYDEN_MIN_CHANGE;
                    // A slow contraction means the Jacobian is poor: refresh it by finite differences.
                    let slow = merit(&it.f) > merit(&cur.f) / 16.0;
                    jac = if slow && !fresh {
                        None
                    } else if informative {
                        Some(j + (df - j * step) * step.transpose() / n2)
                    } else {
                        Some(j)
                    };
                    cur = it;
                    fresh = false;
                }
                None if !fresh => jac = None,
                None => {
                    // The line search stalls at the integration noise floor (about a metre): accept a near solution.
                    if stalled_near(miss, &f_step, self.miss_tolerance_m) {
                        return Ok(NewtonEnd::Done(Box::new(Solved {
                            it: cur,
                            jac: j,
                            sens,
                        })));
                    }
                    return Ok(NewtonEnd::Failed);
                }
            }
        }
        Ok(NewtonEnd::Failed)
    }

    fn solution(
        &self,
        it: Iterate,
        count: Counters,
        jacobian: Matrix3<f64>,
        sensitivity: Option<BoostSensitivity>,
        vacuum_flight: Option<FreeFlight>,
    ) -> TargetingSolution {
        let b = &it.burnout;
        TargetingSolution {
            launch: self.launch,
            controls: controls_of(&it.x),
            burnout_state: LaunchState::from_inertial(&self.t.earth, b.t_s, &b.r_eci, &b.v_eci),
            miss_m: self.miss_m(&it),
            residuals: it.f,
            burnout: it.burnout,
            flight: it.flight,
            iterations: count.iterations,
            simulations: count.simulations,
            free_flights: count.free_flights,
            vacuum_flights: count.vacuum_flights,
            boosts: count.boosts,
            jacobian,
            sensitivity,
            vacuum_flight,
        }
    }

    /// The full-burn reach toward the aim (m), with the launch azimuth (rad) of the reaching flight (none for an aim
    /// clearly beyond the reach).
    fn reach(&self) -> Result<(f64, Option<f64>), FlightError> {
        let t = self.t;
        let along = t.max_range(&self.launch, self.aim_az_rad)?;
        if self.aim_range_m > CLEARLY_BEYOND_REACH * along.0 {
            return Ok((along.0, None));
        }
        Ok(
            match t.reach_toward(&self.launch, &self.aim, self.aim_az_rad, along)? {
                Some((reach_m, az)) => (reach_m, Some(az)),
                // Towards the antipode the reaching flight's bearing swings: the reach along the aim's azimuth.
                None => (along.0, Some(self.aim_az_rad)),
            },
        )
    }

    /// Near the reach edge a minimum-energy (or full-burn) solve can stall on the fold of range versus kick, where
    /// the range stops growing with the kick. There the trajectory is flown at full burn on either branch of the fold
    /// (lofted: kicks below the reaching one; depressed: above), each solved by bracketing: the kick that gives the
    /// range, inside a secant iteration on the launch azimuth that removes the cross-range miss. A minimum-energy
    /// aim takes the branch nearer the minimum-energy condition. `None` when neither branch lands within tolerance.
    fn solve_on_branches(
        &self,
        edge_az_rad: f64,
        count: &mut Counters,
    ) -> Result<Option<Iterate>, FlightError> {
        let branches: &[bool] = match self.shape {
            Shape::MinEnergy => &[true, false],
            Shape::Lofted(None) => &[true],
            Shape::Depressed(None) => &[false],
            _ => &[],
        };
        let mut best: Option<Iterate> = None;
        for &lofted in branches {
            if let Some(it) = self.solve_on_branch(edge_az_rad, lofted, count)? {
                if best.as_ref().is_none_or(|b| it.f[2].abs() < b.f[2].abs()) {
                    best = Some(it);
                }
            }
        }
        Ok(best)
    }

    fn solve_on_branch(
        &self,
        edge_az_rad: f64,
        lofted: bool,
        count: &mut Counters,
    ) -> Result<Option<Iterate>, FlightError> {
        let tol_m = self.miss_tolerance_m;
        let table = self.t.table()?;
        let full = self.full_s;
        // The kick on this branch that lands at the aim's down-range when launched at `az`: bracketed between the
        // fold (the longest-range kick at `az`) and a kick a few cold-start table entries down the branch, then
        // Illinois false position. `None` when the fold falls short of the aim at this azimuth.
        let kick_at = |az: f64, count: &mut Counters| -> Result<Option<Iterate>, FlightError> {
            let (_, fold) = self.t.max_range(&self.launch, az)?;
            let kicks = table.full_burn.iter().map(|p| p.0);
            let far = if lofted {
                kicks
                    .rev()
                    .filter(|k| *k < fold)
                    .nth(2)
                    .unwrap_or(MIN_KICK_RAD)
            } else {
                kicks.filter(|k| *k > fold).nth(2).unwrap_or(MAX_KICK_RAD)
            };
            let (Ok(at_fold), Ok(at_far)) = (
                self.evaluate(&Vector3::new(az, fold, full), count),
                self.evaluate(&Vector3::new(az, far, full), count),
            ) else {
                return Ok(None);
            };
            let (mut a, mut fa, mut b, mut fb) = (far, at_far.f[0], fold, at_fold.f[0]);
            if !(fa < 0.0 && fb > 0.0) {
                return Ok(None);
            }
            let mut side = 0;
            for _ in 0..60 {
                let c = (a * fb - b * fa) / (fb - fa);
                let Ok(it) = self.evaluate(&Vector3::new(az, c, full), count) else {
                    return Ok(None);
                };
                let fc = it.f[0];
                if fc.abs() * 1000.0 < 0.1 * tol_m || (b - a).abs() < 1e-13 {
                    return Ok(Some(it));
                }
                if fc > 0.0 {
                    (b, fb) = (c, fc);
                    if side == -1 {
                        fa /= 2.0;
                    }
                    side = -1;
                } else {
                    (a, fa) = (c, fc);
                    if side == 1 {
                        fb /= 2.0;
                    }
                    side = 1;
                }
            }
            Ok(None)
        };
        // Secant on the azimuth for the cross-range miss, halving a step that leaves the reach.
        let mut az0 = edge_az_rad;
        let Some(mut it0) = kick_at(az0, count)? else {
            return Ok(None);
        };
        let mut az1 = az0 + 1e-3;
        for _ in 0..16 {
            if self.miss_m(&it0) < tol_m {
                return Ok(Some(it0));
            }
            let mut it1 = None;
            for _ in 0..5 {
                it1 = kick_at(az1, count)?;
                if it1.is_some() {
                    break;
                }
                az1 = 0.5 * (az0 + az1);
            }
            let Some(it1) = it1 else {
                return Ok(None);
            };
            let (f0, f1) = (it0.f[1], it1.f[1]);
            if f1 == f0 {
                return Ok(None);
            }
            let az2 = az1 - f1 * (az1 - az0) / (f1 - f0);
            (az0, az1, it0) = (az1, az2, it1);
        }
        Ok((self.miss_m(&it0) < tol_m).then_some(it0))
    }

    /// Why the iteration failed: out of reach, a shape that cannot be flown, or plain non-convergence.
    fn failure(&self, max_range: f64, sims: usize) -> FlightError {
        let t = self.t;
        if self.aim_range_m > max_range {
            return FlightError::OutOfReach {
                missile: t.missile.id.clone(),
                aim_range_km: self.aim_range_m / 1000.0,
                max_range_km: max_range / 1000.0,
                azimuth_deg: self.aim_az_rad.to_degrees().rem_euclid(360.0),
                hint: String::new(),
            };
        }
        let wanted = match self.shape {
            Shape::MinEnergy => None,
            Shape::Lofted(None) => Some("a full-burn lofted trajectory".to_string()),
            Shape::Depressed(None) => Some("a full-burn depressed trajectory".to_string()),
            Shape::Lofted(Some(spec)) | Shape::Depressed(Some(spec)) => Some(match spec {
                ShapeSpec::ApogeeM(h) => format!("a trajectory with apogee {:.0} km", h / 1000.0),
                ShapeSpec::BurnoutFlightPathRad(g) => {
                    format!(
                        "a trajectory with burn-out flight-path angle {:.1} deg",
                        g.to_degrees()
                    )
                }
            }),
        };
        match wanted {
            Some(wanted) => FlightError::ShapeUnreachable(format!(
                "the {} cannot fly {wanted} to this aim ({:.0} km away; its full-burn reach in that direction is \
                 {:.0} km): a lofted or depressed shape costs more energy than minimum energy; try a value closer \
                 to the minimum-energy trajectory's, or --shape min-energy",
                t.missile.id,
                self.aim_range_m / 1000.0,
                max_range / 1000.0
            )),
            None => FlightError::NoConvergence(format!(
                "no boost found that lands within {} m of the aim after {sims} simulations",
                self.miss_tolerance_m
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    /// The reach along an azimuth is the longest full-burn flight over every kick: a scan of 600 kicks across the
    /// whole guidance range (independent of the cold-start table's bracket) finds nothing longer, and the reported
    /// kick flies the reported range.
    #[test]
    fn max_range_is_the_longest_flight_over_all_kicks() {
        let catalog = Catalog::builtin().unwrap();
        let site = Geodetic::from_degrees(35.2347, 53.9208, 0.0);
        for (id, azimuths) in [
            ("irbm-solid", [300.0, 0.0, 90.0]),
            ("icbm-liquid", [330.0, 0.0, 270.0]),
        ] {
            let m = catalog.missile(id).unwrap().to_missile().unwrap();
            let t = Targeter::new(EarthModel::default(), &m, true);
            let full = m.total_burn_time_s();
            for az_deg in azimuths {
                let az = f64::to_radians(az_deg);
                let (reach_m, kick) = t.max_range(&site, az).unwrap();
                let scan = (0..600)
                    .map(|i| MIN_KICK_RAD + (MAX_KICK_RAD - MIN_KICK_RAD) * f64::from(i) / 599.0)
                    .filter_map(|k| t.range_of(&site, az, k, full).ok().map(|r| r.0))
                    .fold(0.0, f64::max);
                assert!(
                    reach_m >= scan - 1.0,
                    "{id} at {az_deg}°: max_range {reach_m} m, a scanned kick flies {scan} m"
                );
                let again = t.range_of(&site, az, kick, full).unwrap().0;
                assert!((again - reach_m).abs() < 1e-6 * reach_m);
            }
        }
    }
}
