//! A surrogate of a missile's boost from one launch site: the burn-out state for any controls (azimuth, pitch kick,
//! cut-off) without simulating the boost, so that a targeting solve costs free flights only.
//!
//! **Nodes.** The boost is simulated (at tighter tolerances than the targeting's) for launch azimuths every few
//! degrees and pitch kicks evenly spaced in the logarithm of the kick (small kicks change the trajectory fastest):
//! [`FINE_GRID`] for precise targeting, [`COARSE_GRID`] for survey targeting. Each node is flown at full burn, its
//! state kept every [`TIME_STEP_S`] seconds (and at the end of the pitch kick). Nodes are built when first needed
//! and kept; each depends only on its own azimuth and kick, so the results do not depend on which thread asked
//! first.
//!
//! **Frame.** A node's states are kept in the Earth-fixed frame (position, Earth-relative velocity) turned about the
//! launch site's vertical by the node's azimuth. The vertical rise and the kick are Earth-fixed and the gravity turn
//! follows the Earth-relative velocity, so in that frame every azimuth flies nearly the same path: only the Coriolis
//! and centrifugal forces, the ellipsoid and J2 depend on the azimuth, smoothly.
//!
//! **Query.** The state at the grid time at or before the cut-off is interpolated by cubic Lagrange polynomials in
//! azimuth and in the logarithm of the kick (4 × 4 nodes), turned back to the launch azimuth, and the boost is then
//! simulated on from there to the cut-off (at most [`TIME_STEP_S`]): after the pitch kick the steering no longer
//! depends on the controls, so this last stretch is exact.
//!
//! **Error bound.** Before a cell of the grid is used, its interpolation error is estimated from the fourth
//! differences of its nodes along both axes (with one more node each way): the error of a cubic at a cell's middle
//! is 3/128 of the fourth difference. The estimate is taken over every grid time after the kick and turned into an
//! impact error (position error plus [`LEVER_S`] times the velocity error, a free flight's drift). A cell whose
//! estimate exceeds the budget (a tenth of the targeting's miss tolerance) is not used: the targeting simulates the
//! boost there instead. Measured on the catalogue's missiles (`examples/surrogate_study.rs`; 4° and a 2.5 % kick
//! step), the interpolation error is under a metre of that measure except at kicks of 40° and more; the estimates along
//! either axis are 0.01–0.7 m for the solid IRBM, the three-stage and the liquid ICBM at kicks of 0.5–30°.

use std::collections::HashMap;
use std::f64::consts::TAU;
use std::sync::{Arc, Mutex, OnceLock};

use nalgebra::Vector3;

use super::dop853::Tolerances;
use super::rocket::{boost, boost_from, BoostControls, Burnout, Missile};
use super::{FlightError, Sample};
use crate::earth::{EarthModel, Geodetic};

/// Node spacing in launch azimuth (degrees) and in the natural logarithm of the pitch kick (0.02: a 2 % step in the
/// kick), and the nodes' integration tolerances, for an error budget under [`COARSE_BUDGET_M`] (precise targeting).
pub const FINE_GRID: NodeGrid = NodeGrid {
    az_step_deg: 4.0,
    ln_kick_step: 0.02,
    rtol: 1e-12,
};
/// The same for a budget of [`COARSE_BUDGET_M`] or more (survey targeting): about 2.3 times fewer nodes, each about
/// a quarter cheaper, with interpolation errors about five times larger (still a few metres at most).
pub const COARSE_GRID: NodeGrid = NodeGrid {
    az_step_deg: 6.0,
    ln_kick_step: 0.03,
    rtol: 1e-11,
};
/// The smallest error budget (m) served by [`COARSE_GRID`].
pub const COARSE_BUDGET_M: f64 = 5.0;

/// Where the nodes lie and how precisely they are flown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NodeGrid {
    /// Spacing in launch azimuth, degrees (a divisor of 360).
    pub az_step_deg: f64,
    /// Spacing in the natural logarithm of the pitch kick.
    pub ln_kick_step: f64,
    /// Relative tolerance of the nodes' boosts (absolute: 1e-6 m, m/s).
    pub rtol: f64,
}
/// Spacing of a node's states in time, s (the boost sampling step of [`super::SampledTrajectory`]).
pub const TIME_STEP_S: f64 = 2.0;
/// Flight time that turns a velocity error into an impact error in the error estimate, s (an intercontinental
/// flight's half hour; a free flight's drift is at most about this times the velocity error).
pub const LEVER_S: f64 = 2000.0;

/// Node tolerances of the fine grid: two orders tighter than the precise targeting accuracy's, so that the
/// integration noise of the nodes stays far below the interpolation error.
#[cfg(test)]
const NODE_TOLERANCES: Tolerances = Tolerances {
    rtol: 1e-12,
    atol: 1e-6,
    max_step: f64::INFINITY,
    max_steps: 400_000,
};

/// One node's turned states at the grid times (position m, Earth-relative velocity m/s).
type States = Arc<Vec<[f64; 6]>>;
/// A node built once: its states, or `None` when that boost cannot be flown (it hits the ground).
type NodeSlot = Arc<OnceLock<Option<States>>>;
/// A grid cell built and checked once.
type CellSlot = Arc<OnceLock<Cell>>;

/// A grid cell: its 4 × 4 interpolation nodes (azimuth-major); none when its error estimate is over budget or a
/// node cannot be flown.
struct Cell {
    nodes: Option<[States; 16]>,
}

/// The surrogate of one missile's boost from one launch site on one Earth model.
pub(crate) struct BoostSurrogate {
    earth: EarthModel,
    missile: Missile,
    site: Geodetic,
    drag: bool,
    /// The launch site's vertical (ellipsoid normal, ECEF): the azimuth's turning axis.
    axis: Vector3<f64>,
    /// Grid times, s since lift-off: every [`TIME_STEP_S`] from 0, the end of the pitch kick, and full burn.
    times: Vec<f64>,
    /// Index of the end of the pitch kick in `times`.
    kick_end: usize,
    /// Masses at the grid times (the same for every node), kg.
    masses: Vec<f64>,
    /// ln of the kick of node index 0.
    ln_kick0: f64,
    /// Largest impact error estimate accepted, m.
    budget_m: f64,
    grid: NodeGrid,
    /// Nodes in a turn of azimuth.
    az_nodes: i64,
    nodes: Mutex<HashMap<(i64, i64), NodeSlot>>,
    cells: Mutex<HashMap<(i64, i64), CellSlot>>,
}

/// The times every [`TIME_STEP_S`] from lift-off before `end_s`, s: the boost's sampling grid.
pub(crate) fn grid_times_before(end_s: f64) -> Vec<f64> {
    (0..)
        .map(|k| k as f64 * TIME_STEP_S)
        .take_while(|&t| t < end_s)
        .collect()
}

/// Cubic Lagrange weights at `f` in [0, 1) of the nodes at −1, 0, 1, 2.
fn cubic_weights(f: f64) -> [f64; 4] {
    [
        -f * (f - 1.0) * (f - 2.0) / 6.0,
        (f + 1.0) * (f - 1.0) * (f - 2.0) / 2.0,
        -(f + 1.0) * f * (f - 2.0) / 2.0,
        (f + 1.0) * f * (f - 1.0) / 6.0,
    ]
}

/// Rotation of `x` by `angle_rad` about the unit vector `axis` (right-handed; Rodrigues).
fn rotate(axis: &Vector3<f64>, angle_rad: f64, x: &Vector3<f64>) -> Vector3<f64> {
    let (s, c) = angle_rad.sin_cos();
    x * c + axis.cross(x) * s + axis * axis.dot(x) * (1.0 - c)
}

impl BoostSurrogate {
    /// The surrogate of `missile` (valid) launched from `site`, for a targeting whose miss tolerance is
    /// `miss_tolerance_m` and whose smallest pitch kick is `min_kick_rad` (the first node). Builds nothing yet.
    pub fn new(
        earth: EarthModel,
        missile: &Missile,
        site: &Geodetic,
        drag: bool,
        miss_tolerance_m: f64,
        min_kick_rad: f64,
    ) -> Self {
        let e = earth.ellipsoid();
        let r0 = e
            .to_ecef(&Geodetic {
                alt_m: 0.0,
                ..*site
            })
            .0;
        let full = missile.total_burn_time_s();
        let t_kick = missile.guidance.vertical_rise_s + missile.guidance.pitch_kick_duration_s;
        let mut times = grid_times_before(full);
        times.push(t_kick);
        times.push(full);
        times.sort_by(f64::total_cmp);
        times.dedup();
        let kick_end = times.iter().position(|&t| t == t_kick).unwrap_or(0);
        let masses = times.iter().map(|&t| missile.mass_at_kg(t)).collect();
        let grid = if 0.1 * miss_tolerance_m >= COARSE_BUDGET_M {
            COARSE_GRID
        } else {
            FINE_GRID
        };
        Self {
            earth,
            missile: missile.clone(),
            site: *site,
            drag,
            axis: e.up_approx(&r0),
            times,
            kick_end,
            masses,
            ln_kick0: min_kick_rad.ln(),
            budget_m: 0.1 * miss_tolerance_m,
            grid,
            az_nodes: (360.0 / grid.az_step_deg).round() as i64,
            nodes: Mutex::new(HashMap::new()),
            cells: Mutex::new(HashMap::new()),
        }
    }

    /// Whether this surrogate serves `site`.
    pub fn serves(&self, site: &Geodetic) -> bool {
        self.site.lat_rad == site.lat_rad && self.site.lon_rad == site.lon_rad
    }

    /// The node at azimuth index `ia` (any integer: taken modulo a turn) and kick index `ik`.
    fn node(&self, ia: i64, ik: i64) -> Option<States> {
        let key = (ia.rem_euclid(self.az_nodes), ik);
        let slot = {
            let mut nodes = self.nodes.lock().unwrap_or_else(|p| p.into_inner());
            nodes.entry(key).or_default().clone()
        };
        slot.get_or_init(|| self.build_node(key.0, key.1).map(Arc::new))
            .clone()
    }

    fn build_node(&self, ia: i64, ik: i64) -> Option<Vec<[f64; 6]>> {
        let az = (ia as f64 * self.grid.az_step_deg).to_radians();
        let kick = (self.ln_kick0 + ik as f64 * self.grid.ln_kick_step).exp();
        let controls = BoostControls {
            azimuth_rad: az,
            pitch_kick_rad: kick,
            cutoff_s: self.missile.total_burn_time_s(),
        };
        let (_, samples) = boost(
            &self.earth,
            &self.site,
            &self.missile,
            &controls,
            self.drag,
            Tolerances {
                rtol: self.grid.rtol,
                atol: 1e-6,
                max_step: f64::INFINITY,
                max_steps: 400_000,
            },
            &self.times,
        )
        .ok()?;
        if samples.len() != self.times.len() {
            return None;
        }
        Some(
            samples
                .iter()
                .map(|s| {
                    let (r, v) = self.to_turned(az, s);
                    [r.x, r.y, r.z, v.x, v.y, v.z]
                })
                .collect(),
        )
    }

    /// An inertial sample as (position, Earth-relative velocity) in the Earth-fixed frame turned by `az`.
    fn to_turned(&self, az: f64, s: &Sample) -> (Vector3<f64>, Vector3<f64>) {
        let e = &self.earth;
        let r = e.eci_to_ecef(s.t_s, &s.r_eci);
        let v = e.eci_to_ecef(s.t_s, &(s.v_eci - e.frame_velocity(&s.r_eci)));
        (rotate(&self.axis, az, &r), rotate(&self.axis, az, &v))
    }

    /// The inverse of [`Self::to_turned`] at grid time index `g`.
    fn turned_back(&self, az: f64, g: usize, x: &[f64; 6]) -> Sample {
        let e = &self.earth;
        let t = self.times[g];
        let r = rotate(&self.axis, -az, &Vector3::new(x[0], x[1], x[2]));
        let v = rotate(&self.axis, -az, &Vector3::new(x[3], x[4], x[5]));
        let r_eci = e.ecef_to_eci(t, &r);
        Sample {
            t_s: t,
            r_eci,
            v_eci: e.ecef_to_eci(t, &v) + e.frame_velocity(&r_eci),
        }
    }

    /// The cell holding (azimuth index `ia`, kick index `ik`) at its lower corner, built and checked on first use.
    fn cell(&self, ia: i64, ik: i64) -> CellSlot {
        let key = (ia.rem_euclid(self.az_nodes), ik);
        let slot = {
            let mut cells = self.cells.lock().unwrap_or_else(|p| p.into_inner());
            cells.entry(key).or_default().clone()
        };
        slot.get_or_init(|| self.build_cell(key.0, key.1));
        slot
    }

    fn build_cell(&self, ia: i64, ik: i64) -> Cell {
        let refused = Cell { nodes: None };
        let mut nodes = Vec::with_capacity(16);
        for a in ia - 1..=ia + 2 {
            for k in ik - 1..=ik + 2 {
                match self.node(a, k) {
                    Some(n) => nodes.push(n),
                    None => return refused,
                }
            }
        }
        // Fourth differences along the kick (at the cell's two azimuths) and along the azimuth (at its two kicks).
        let mut lines: Vec<[States; 5]> = Vec::with_capacity(4);
        for a in [ia, ia + 1] {
            let Some(extra) = self.node(a, ik + 3) else {
                return refused;
            };
            let i = |k: i64| nodes[((a - ia + 1) * 4 + (k - ik + 1)) as usize].clone();
            lines.push([i(ik - 1), i(ik), i(ik + 1), i(ik + 2), extra]);
        }
        for k in [ik, ik + 1] {
            let Some(extra) = self.node(ia + 3, k) else {
                return refused;
            };
            let i = |a: i64| nodes[((a - ia + 1) * 4 + (k - ik + 1)) as usize].clone();
            lines.push([i(ia - 1), i(ia), i(ia + 1), i(ia + 2), extra]);
        }
        if self.error_estimate_m(&lines) > self.budget_m {
            return refused;
        }
        Cell {
            nodes: nodes.try_into().ok(),
        }
    }

    /// The largest impact error estimate (m) of a cubic through the first four of each line of five nodes.
    fn error_estimate_m(&self, lines: &[[States; 5]]) -> f64 {
        let mut worst: f64 = 0.0;
        for line in lines {
            for g in self.kick_end..self.times.len() {
                let mut d = [0.0; 6];
                for (node, w) in line.iter().zip([1.0, -4.0, 6.0, -4.0, 1.0]) {
                    for (i, x) in node[g].iter().enumerate() {
                        d[i] += w * x;
                    }
                }
                let dr = Vector3::new(d[0], d[1], d[2]).norm();
                let dv = Vector3::new(d[3], d[4], d[5]).norm();
                worst = worst.max(3.0 / 128.0 * (dr + LEVER_S * dv));
            }
        }
        worst
    }

    /// The cell around (`az`, `kick`) and the interpolation weights along each axis (the cell holds no nodes where
    /// the surrogate does not serve); `None` for controls that are not finite.
    fn stencil(&self, az: f64, kick: f64) -> Option<(CellSlot, [f64; 4], [f64; 4])> {
        if !(az.is_finite() && kick.is_finite() && kick > 0.0) {
            return None;
        }
        let a = az.rem_euclid(TAU).to_degrees() / self.grid.az_step_deg;
        let u = (kick.ln() - self.ln_kick0) / self.grid.ln_kick_step;
        let (ia, ik) = (a.floor(), u.floor());
        Some((
            self.cell(ia as i64, ik as i64),
            cubic_weights(a - ia),
            cubic_weights(u - ik),
        ))
    }

    /// The interpolated state at grid time index `g` (turned frame of `az`, then back in ECI).
    fn state_at(
        &self,
        nodes: &[States; 16],
        wa: &[f64; 4],
        wk: &[f64; 4],
        az: f64,
        g: usize,
    ) -> Sample {
        let mut x = [0.0; 6];
        for (i, wa) in wa.iter().enumerate() {
            for (j, wk) in wk.iter().enumerate() {
                let w = wa * wk;
                for (xc, n) in x.iter_mut().zip(nodes[i * 4 + j][g].iter()) {
                    *xc += w * n;
                }
            }
        }
        self.turned_back(az, g, &x)
    }

    /// The burn-out state for `controls` (a valid cut-off), with `tolerances` for the last stretch of the boost;
    /// `None` where the surrogate does not serve (its error estimate is over budget, or a node cannot be flown).
    pub fn burnout(
        &self,
        controls: &BoostControls,
        tolerances: Tolerances,
    ) -> Option<Result<Burnout, FlightError>> {
        let tc = controls.cutoff_s;
        if !(tc >= self.times[self.kick_end] && tc <= self.missile.total_burn_time_s()) {
            return None;
        }
        let (cell, wa, wk) = self.stencil(controls.azimuth_rad, controls.pitch_kick_rad)?;
        let nodes = cell.get()?.nodes.as_ref()?;
        let g = self
            .times
            .partition_point(|&t| t <= tc)
            .max(self.kick_end + 1)
            - 1;
        let s = self.state_at(nodes, &wa, &wk, controls.azimuth_rad, g);
        let y0 = [
            s.r_eci.x,
            s.r_eci.y,
            s.r_eci.z,
            s.v_eci.x,
            s.v_eci.y,
            s.v_eci.z,
            self.masses[g],
        ];
        Some(
            boost_from(
                &self.earth,
                &self.missile,
                controls,
                self.drag,
                tolerances,
                (s.t_s, y0),
                &[],
            )
            .map(|(b, _)| b),
        )
    }

    /// The boost's inertial states at the grid times before the cut-off of `controls` (the lift-off first), for
    /// sampling the flight; `None` where the surrogate does not serve.
    pub fn boost_samples(&self, controls: &BoostControls) -> Option<Vec<Sample>> {
        let (cell, wa, wk) = self.stencil(controls.azimuth_rad, controls.pitch_kick_rad)?;
        let nodes = cell.get()?.nodes.as_ref()?;
        Some(
            (0..self.times.len())
                .take_while(|&g| self.times[g] < controls.cutoff_s)
                .map(|g| self.state_at(nodes, &wa, &wk, controls.azimuth_rad, g))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    /// The targeting's smallest kick (0.2°).
    const MIN_KICK: f64 = 0.2 * std::f64::consts::PI / 180.0;

    fn missile(id: &str) -> Missile {
        Catalog::builtin()
            .unwrap()
            .missile(id)
            .unwrap()
            .to_missile()
            .unwrap()
    }

    /// The surrogate's burn-out state against the boost simulated at the fine nodes' tolerances, at controls between
    /// nodes (azimuths all round, kicks of the minimum-energy range, cut-offs across the burn and at staging): the
    /// impact error measure stays within the error budget, for the survey (coarse grid, 10 m) and the precise
    /// accuracy (fine grid, 1 m).
    #[test]
    fn burnout_states_match_the_simulated_boost_between_nodes() {
        let earth = EarthModel::default();
        for (id, lat, lon, kicks) in [
            ("irbm-solid", 35.2347, 53.9208, [2.0f64, 5.3, 11.7]),
            ("icbm-solid-3", 54.03, 35.78, [3.1, 17.0, 29.3]),
            ("icbm-liquid", 54.03, 35.78, [0.9, 2.2, 4.1]),
        ] {
            let m = missile(id);
            let site = Geodetic::from_degrees(lat, lon, 0.0);
            for tolerance_m in [100.0, 10.0] {
                let s = BoostSurrogate::new(earth, &m, &site, true, tolerance_m, MIN_KICK);
                let full = m.total_burn_time_s();
                let first_stage = m.stages[0].burn_time_s;
                let mut worst: f64 = 0.0;
                for (i, kick) in kicks.into_iter().enumerate() {
                    for (j, tc) in [full, 0.63 * full, first_stage, m.min_cutoff_s() + 0.3]
                        .into_iter()
                        .enumerate()
                    {
                        let az = 13.0 + 97.3 * (3 * i + j) as f64;
                        let c = BoostControls {
                            azimuth_rad: az.to_radians(),
                            pitch_kick_rad: kick.to_radians(),
                            cutoff_s: tc,
                        };
                        let (b, _) =
                            boost(&earth, &site, &m, &c, true, NODE_TOLERANCES, &[]).unwrap();
                        let x = s.burnout(&c, NODE_TOLERANCES).expect("served").unwrap();
                        assert_eq!(x.t_s, b.t_s);
                        let err = (x.r_eci - b.r_eci).norm() + LEVER_S * (x.v_eci - b.v_eci).norm();
                        worst = worst.max(err);
                    }
                }
                assert!(
                    worst < 0.1 * tolerance_m,
                    "{id}, {tolerance_m} m: {worst} m"
                );
            }
        }
    }

    /// Continuing a boost from its own state at a stage boundary (mass from `Missile::mass_at_kg`) gives the same
    /// burn-out as the whole boost; the mass model is the integrated one.
    #[test]
    fn a_boost_continued_from_a_staging_time_is_the_whole_boost() {
        let earth = EarthModel::default();
        let m = missile("icbm-solid-3");
        let site = Geodetic::from_degrees(54.03, 35.78, 0.0);
        let full = m.total_burn_time_s();
        let staging = m.stages[0].burn_time_s;
        let c = BoostControls {
            azimuth_rad: 0.3,
            pitch_kick_rad: 0.2,
            cutoff_s: full - 7.0,
        };
        let (whole, samples) =
            boost(&earth, &site, &m, &c, true, NODE_TOLERANCES, &[staging]).unwrap();
        let s = samples[0];
        let y0 = [
            s.r_eci.x,
            s.r_eci.y,
            s.r_eci.z,
            s.v_eci.x,
            s.v_eci.y,
            s.v_eci.z,
            m.mass_at_kg(staging),
        ];
        let (rest, _) =
            boost_from(&earth, &m, &c, true, NODE_TOLERANCES, (staging, y0), &[]).unwrap();
        // Within the integration noise of two different step sequences (1e-12 relative tolerance).
        let (dr, dv) = (
            (rest.r_eci - whole.r_eci).norm(),
            (rest.v_eci - whole.v_eci).norm(),
        );
        assert!(dr < 0.01 && dv < 1e-4, "{dr} m, {dv} m/s");
        // Mass: lift-off, after the first stage (dropped whole), at full burn (the payload and the last stage's dry
        // mass).
        assert_eq!(m.mass_at_kg(0.0), m.launch_mass_kg());
        let after_first = m.launch_mass_kg() - m.stages[0].gross_mass_kg;
        assert!((m.mass_at_kg(staging) - after_first).abs() < 1e-9);
        let last = m.stages.last().unwrap();
        let dry_end = m.payload.mass_kg + last.gross_mass_kg - last.propellant_mass_kg;
        assert!((m.mass_at_kg(full) - dry_end).abs() < 1e-6);
    }

    /// A cell whose error estimate exceeds the budget is not served: with a budget of zero nothing is.
    #[test]
    fn cells_over_budget_are_refused() {
        let earth = EarthModel::default();
        let m = missile("irbm-solid");
        let site = Geodetic::from_degrees(35.2347, 53.9208, 0.0);
        let c = BoostControls {
            azimuth_rad: 1.0,
            pitch_kick_rad: 0.08,
            cutoff_s: m.total_burn_time_s(),
        };
        let strict = BoostSurrogate::new(earth, &m, &site, true, 0.0, MIN_KICK);
        assert!(strict.burnout(&c, NODE_TOLERANCES).is_none());
        assert!(strict.boost_samples(&c).is_none());
        let survey = BoostSurrogate::new(earth, &m, &site, true, 100.0, MIN_KICK);
        assert!(survey.burnout(&c, NODE_TOLERANCES).is_some());
        // Outside the cut-off range: not served.
        let early = BoostControls { cutoff_s: 1.0, ..c };
        assert!(survey.burnout(&early, NODE_TOLERANCES).is_none());
    }
}
