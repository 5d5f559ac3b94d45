//! Targeting: the boost controls (azimuth, pitch kick, thrust cut-off) that put a missile's payload on an aim point of
//! the rotating Earth, for a chosen trajectory shape.
//!
//! Three unknowns, three equations: the impact's down-range and cross-range misses, and one shape condition —
//! - **minimum energy**: the inertial burn-out velocity lies on the minimum-energy Kepler ellipse through the aim
//!   point's inertial position at impact; that ellipse's velocity bisects the local radial direction and the chord to
//!   the aim (its empty focus lies on the chord; R. H. Battin, *An Introduction to the Mathematics and Methods of
//!   Astrodynamics*, 1999, §6.2). On a non-rotating vacuum Earth this is exactly the trajectory of least burn-out
//!   speed; with rotation, J2 and re-entry drag it is the same condition applied to the real burn-out state, which
//!   the thrust cut-off then meets;
//! - **lofted / depressed** without a number: full burn, on the high / low branch of range versus pitch kick;
//! - **lofted / depressed by apogee** (km) or **by burn-out flight-path angle** (deg): that value, with the cut-off
//!   free.
//!
//! The solver is Newton's method with a finite-difference Jacobian, Broyden updates between refreshes, a backtracking
//! line search and bounded controls. A warm start from a neighbouring solution (`warm`: its controls and Jacobian)
//! usually converges in three to six simulations, a cold one in twenty to thirty. A cold start takes its
//! first guess from a small per-missile table of full-burn and cut-off flights computed once per [`Targeter`].

use std::sync::OnceLock;

use nalgebra::{Matrix3, Vector3};

use super::dop853::Tolerances;
use super::free_flight::{self, FlightOptions, FreeFlight};
use super::rocket::{boost, BoostControls, Burnout, Missile};
use super::{invalid, FlightError, LaunchState, Sample};
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
    /// The boost controls found.
    pub controls: BoostControls,
    /// The state at cut-off (inertial, time since lift-off).
    pub burnout: Burnout,
    /// The same state in the boundary convention (Earth-relative speed, azimuth, flight-path angle).
    pub burnout_state: LaunchState,
    /// The payload's free flight from cut-off to impact (times since lift-off).
    pub flight: FreeFlight,
    /// Boost-phase samples (if any were asked for).
    pub boost_samples: Vec<Sample>,
    /// Distance from impact to the aim point, m.
    pub miss_m: f64,
    /// Newton iterations used.
    pub iterations: usize,
    /// Complete boost-and-flight simulations used (including the Jacobians').
    pub simulations: usize,
    /// Jacobian of the residuals (down-range km, cross-range km, shape) with respect to the controls (azimuth rad,
    /// kick rad, cut-off s) at the solution; reused when this solution warm-starts a neighbour.
    pub jacobian: Matrix3<f64>,
}

/// A near solution accepted when the iteration stalls on integration noise.
fn stalled_near(miss_m: f64, f: &Vector3<f64>) -> bool {
    miss_m < STALL_ACCEPT_M && f[2].abs() < 1e-2
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
    table: OnceLock<ColdStartTable>,
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
/// The targeting converges when the impact lies this close to the aim point, m.
pub const MISS_TOLERANCE_M: f64 = 10.0;
/// Smallest residual change (km-scaled units) that updates the Jacobian (Broyden).
const BROYDEN_MIN_CHANGE: f64 = 0.05;
/// When Newton's line search stalls (integration noise), a solution this close is accepted, m.
pub const STALL_ACCEPT_M: f64 = 50.0;

impl<'a> Targeter<'a> {
    /// A targeter for `missile` on `earth`, with or without aerodynamic drag. The missile must be valid.
    pub fn new(earth: EarthModel, missile: &'a Missile, drag: bool) -> Self {
        Self {
            earth,
            missile,
            drag,
            tolerances: free_flight::default_tolerances(),
            table: OnceLock::new(),
        }
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
        let options = FlightOptions {
            beta_kg_m2: self.drag.then_some(self.missile.payload.beta_kg_m2),
            tolerances: self.tolerances,
            ..FlightOptions::default()
        };
        let flight = free_flight::fly(
            &self.earth,
            burnout.t_s,
            burnout.r_eci,
            burnout.v_eci,
            &options,
            &sample_times[k..],
        )?;
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
        let f = self.fly(site, &c, &[])?;
        let (s, _) = geodesic::inverse(self.earth.ellipsoid(), site, &f.flight.impact);
        Ok((s, f.flight.apogee_alt_m))
    }

    /// The longest range (m) the missile reaches from `site` launched at `azimuth_rad` with a full burn, and the pitch
    /// kick (rad) that gives it (golden-section search over the kick).
    pub fn max_range(&self, site: &Geodetic, azimuth_rad: f64) -> Result<(f64, f64), FlightError> {
        let full = self.missile.total_burn_time_s();
        let table = self.table()?;
        let step = table.full_burn[1].0 - table.full_burn[0].0;
        let mut lo = (table.best_kick_rad - step).max(MIN_KICK_RAD);
        let mut hi = (table.best_kick_rad + step).min(MAX_KICK_RAD);
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
        while hi - lo > 2e-5 {
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

    fn solution(
        &self,
        x: Vector3<f64>,
        flight: MissileFlight,
        miss_m: f64,
        iterations: usize,
        simulations: usize,
        jacobian: Matrix3<f64>,
    ) -> TargetingSolution {
        let b = &flight.burnout;
        TargetingSolution {
            controls: BoostControls {
                azimuth_rad: x[0],
                pitch_kick_rad: x[1],
                cutoff_s: x[2],
            },
            burnout_state: LaunchState::from_inertial(&self.earth, b.t_s, &b.r_eci, &b.v_eci),
            burnout: flight.burnout,
            flight: flight.flight,
            boost_samples: flight.boost_samples,
            miss_m,
            iterations,
            simulations,
            jacobian,
        }
    }

    /// Solves for the controls that hit `aim` from `launch` with `shape`. `warm`: a neighbouring solution (its
    /// controls start the iteration and its Jacobian spares the finite differences).
    pub fn solve(
        &self,
        launch: &Geodetic,
        aim: &Geodetic,
        shape: Shape,
        warm: Option<&TargetingSolution>,
    ) -> Result<TargetingSolution, FlightError> {
        let e = self.earth.ellipsoid();
        let (aim_range, aim_az) = geodesic::inverse(e, launch, aim);
        if aim_range < 1000.0 {
            return Err(invalid(
                "--to",
                format!("{:.4},{:.4}", aim.lat_deg(), aim.lon_deg()),
                "the aim point must be at least 1 km from the launch point",
            ));
        }
        if let Shape::Lofted(Some(spec)) | Shape::Depressed(Some(spec)) = shape {
            if let ShapeSpec::BurnoutFlightPathRad(g) = spec {
                if !g.is_finite() || g <= 0.0 || g >= std::f64::consts::FRAC_PI_2 {
                    return Err(invalid(
                        "--burnout-flight-path-deg",
                        g.to_degrees(),
                        "must lie in (0, 90) degrees",
                    ));
                }
            }
            if let ShapeSpec::ApogeeM(h) = spec {
                if !h.is_finite() || h <= 0.0 {
                    return Err(invalid(
                        "--apogee-km",
                        h / 1000.0,
                        "must be a finite number of km above 0",
                    ));
                }
            }
        }
        let full = self.missile.total_burn_time_s();
        let tmin = self.missile.min_cutoff_s();
        let aim_ecef = e.to_ecef(&Geodetic { alt_m: 0.0, ..*aim }).0;
        let mut sims = 0usize;
        let mut evaluate =
            |x: &Vector3<f64>| -> Result<(Vector3<f64>, MissileFlight), FlightError> {
                sims += 1;
                let c = BoostControls {
                    azimuth_rad: x[0],
                    pitch_kick_rad: x[1],
                    cutoff_s: x[2],
                };
                let f = self.fly(launch, &c, &[])?;
                let (s, az) = geodesic::inverse(e, launch, &f.flight.impact);
                let down = (s - aim_range) / 1000.0;
                let cross = s * (az - aim_az).sin() / 1000.0;
                let shape_res = match shape {
                    Shape::MinEnergy => {
                        let r = f.burnout.r_eci;
                        let rh = r.normalize();
                        let aim_eci = self.earth.ecef_to_eci(f.flight.impact_t_s, &aim_ecef);
                        let chord = (aim_eci - r).normalize();
                        let bis = (rh + chord).normalize();
                        let vh = f.burnout.v_eci.normalize();
                        (vh.dot(&rh).asin() - bis.dot(&rh).asin()).to_degrees() * 10.0
                    }
                    Shape::Lofted(None) | Shape::Depressed(None) => x[2] - full,
                    Shape::Lofted(Some(ShapeSpec::ApogeeM(h)))
                    | Shape::Depressed(Some(ShapeSpec::ApogeeM(h))) => {
                        (f.flight.apogee_alt_m - h) / 1000.0
                    }
                    Shape::Lofted(Some(ShapeSpec::BurnoutFlightPathRad(g)))
                    | Shape::Depressed(Some(ShapeSpec::BurnoutFlightPathRad(g))) => {
                        let st = LaunchState::from_inertial(
                            &self.earth,
                            f.burnout.t_s,
                            &f.burnout.r_eci,
                            &f.burnout.v_eci,
                        );
                        (st.flight_path_rad - g).to_degrees() * 10.0
                    }
                };
                Ok((Vector3::new(down, cross, shape_res), f))
            };
        let clamp = |x: Vector3<f64>| -> Vector3<f64> {
            Vector3::new(
                x[0],
                x[1].clamp(MIN_KICK_RAD, MAX_KICK_RAD),
                x[2].clamp(tmin, full),
            )
        };
        let mut x = match warm {
            Some(w) => Vector3::new(
                w.controls.azimuth_rad,
                w.controls.pitch_kick_rad,
                w.controls.cutoff_s,
            ),
            None => {
                let (k, tc) = self.cold_start(aim_range, &shape)?;
                Vector3::new(aim_az, k, tc)
            }
        };
        if matches!(shape, Shape::Lofted(None) | Shape::Depressed(None)) {
            x[2] = full;
        }
        x = clamp(x);
        let (mut fx, mut flight) = match evaluate(&x) {
            Ok(v) => v,
            Err(_) if warm.is_some() => return self.solve(launch, aim, shape, None),
            Err(e) => return Err(e),
        };
        let merit = |f: &Vector3<f64>| f.norm_squared();
        let h = Vector3::new(2e-5, 2e-5, 2e-3);
        let trace = std::env::var_os("SHIELDSIM_TRACE").is_some();
        // The Jacobian: a neighbour's, or finite differences; Broyden-updated after every accepted step and recomputed
        // by finite differences only when a step with an updated one fails.
        let mut jac: Option<Matrix3<f64>> = warm.map(|w| w.jacobian);
        let mut fresh = false;
        let mut last_jac = jac.unwrap_or_default();
        let mut iter = 0;
        while iter < 40 {
            let miss = geodesic::inverse(e, &flight.flight.impact, aim).0;
            if trace {
                eprintln!(
                    "iter {iter}: x = [{:.6} rad, {:.4} deg, {:.3} s] f = [{:.4}, {:.4}, {:.4}] miss {miss:.1} m",
                    x[0],
                    x[1].to_degrees(),
                    x[2],
                    fx[0],
                    fx[1],
                    fx[2]
                );
            }
            let converged = miss < MISS_TOLERANCE_M && fx[2].abs() < 1e-3;
            if converged {
                return Ok(self.solution(x, flight, miss, iter, sims, jac.unwrap_or(last_jac)));
            }
            let j = match jac {
                Some(j) => j,
                None => {
                    let mut j = Matrix3::zeros();
                    for c in 0..3 {
                        let mut xp = x;
                        // Step away from a bound.
                        let at_bound = (c == 1 && x[1] + h[1] > MAX_KICK_RAD)
                            || (c == 2 && x[2] + h[2] > full);
                        let sign = if at_bound { -1.0 } else { 1.0 };
                        xp[c] += sign * h[c];
                        let (fp, _) = evaluate(&xp)?;
                        j.set_column(c, &((fp - fx) / (sign * h[c])));
                    }
                    fresh = true;
                    j
                }
            };
            last_jac = j;
            let Some(dx) = j.lu().solve(&(-fx)) else {
                if fresh {
                    break;
                }
                jac = None;
                continue;
            };
            let limits = Vector3::new(0.2, 0.2, 0.3 * full);
            let scale = (0..3)
                .map(|i| (dx[i].abs() / limits[i]).max(1.0))
                .fold(1.0, f64::max);
            let dx = dx / scale;
            let mut lambda = 1.0;
            let mut accepted = false;
            for _ in 0..if fresh { 8 } else { 2 } {
                let xn = clamp(x + lambda * dx);
                if let Ok((fnew, fl)) = evaluate(&xn) {
                    if merit(&fnew) < merit(&fx) {
                        let step = xn - x;
                        let n2 = step.norm_squared();
                        // Near convergence the residual change is mostly integration noise (about a metre): an
                        // update from it would spoil the Jacobian that a neighbour will reuse.
                        let informative = n2 > 0.0 && (fnew - fx).norm() > BROYDEN_MIN_CHANGE;
                        // A slow contraction means the Jacobian is poor: refresh it by finite differences.
                        let slow = merit(&fnew) > merit(&fx) / 16.0;
                        jac = if slow && !fresh {
                            None
                        } else if informative {
                            Some(j + ((fnew - fx) - j * step) * step.transpose() / n2)
                        } else {
                            Some(j)
                        };
                        x = xn;
                        fx = fnew;
                        flight = fl;
                        accepted = true;
                        break;
                    }
                }
                lambda *= 0.5;
            }
            iter += 1;
            if accepted {
                fresh = false;
                continue;
            }
            if !fresh {
                // The updated Jacobian misled: take a finite-difference one.
                jac = None;
                continue;
            }
            // The line search stalls at the integration noise floor (about a metre): accept a near solution.
            if stalled_near(miss, &fx) {
                return Ok(self.solution(x, flight, miss, iter, sims, j));
            }
            break;
        }
        // No convergence: tell whether the aim is simply out of reach.
        let (max_range, _) = self.max_range(launch, aim_az)?;
        if aim_range > max_range {
            return Err(FlightError::OutOfReach {
                missile: self.missile.id.clone(),
                aim_range_km: aim_range / 1000.0,
                max_range_km: max_range / 1000.0,
                azimuth_deg: aim_az.to_degrees().rem_euclid(360.0),
                hint: String::new(),
            });
        }
        if warm.is_some() {
            return self.solve(launch, aim, shape, None);
        }
        let wanted = match shape {
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
        if let Some(wanted) = wanted {
            return Err(FlightError::ShapeUnreachable(format!(
                "the {} cannot fly {wanted} to this aim ({:.0} km away; its full-burn reach in that direction is {:.0} km): \
                 a lofted or depressed shape costs more energy than minimum energy; try a value closer to the \
                 minimum-energy trajectory's, or --shape min-energy",
                self.missile.id,
                aim_range / 1000.0,
                max_range / 1000.0
            )));
        }
        Err(FlightError::NoConvergence(format!(
            "no boost found that lands within {MISS_TOLERANCE_M} m of the aim after {sims} simulations"
        )))
    }
}
