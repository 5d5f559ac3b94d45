//! Staged-rocket boost: a point mass with thrust, drag and gravity, steered by vertical rise, a pitch kick and a
//! gravity turn, with thrust termination for energy management.
//!
//! Model (the usual one of the open literature, e.g. D. Wright & T. Kadyshev, "An Analysis of the North Korean Nodong
//! Missile", Science & Global Security 4, 1994): each stage burns its propellant at a constant rate
//! ṁ = m_p / t_b; vacuum thrust T_vac = ṁ·g0·Isp_vac, reduced by the ambient pressure on the nozzle exit,
//! T = T_vac − p(h)·A_e; drag ½ρv²·C_D(M)·A on the Earth-relative velocity; a spent stage drops its dry mass at
//! burn-out; upper stages ignite at once (no coast). Steering: thrust along the local vertical for the vertical rise,
//! then tilted by the pitch-kick angle toward the launch azimuth for the kick duration, then along the Earth-relative
//! velocity (zero angle of attack gravity turn). At the cut-off time thrust stops and the payload (re-entry vehicle)
//! separates and flies on as a free body with its own ballistic coefficient.

use nalgebra::Vector3;

use super::dop853::{Dop853, OdeSystem, Stats, Tolerances};
use super::free_flight::DRAG_CEILING_M;
use super::propagate::{run, SegmentEnd, Tracker};
use super::{invalid, FlightError, Sample};
use crate::earth::{atmosphere, constants::G0_M_S2, EarthModel, Geodetic};

/// Drag coefficient of a stage: constant, or a function of Mach number through a table.
#[derive(Debug, Clone, PartialEq)]
pub enum DragCoefficient {
    /// The same C_D at every Mach number.
    Constant(f64),
    /// C_D interpolated in a (Mach, C_D) table.
    MachTable(CdTable),
}

/// A (Mach, C_D) table interpolated by monotone piecewise-cubic Hermite splines (Fritsch & Carlson, SIAM J. Numer.
/// Anal. 17, 1980), clamped at its ends. The cubic keeps C_D's slope continuous: a piecewise-linear table would put a
/// kink at every node, each costing the adaptive integrator several rejected steps.
#[derive(Debug, Clone, PartialEq)]
pub struct CdTable {
    points: Vec<(f64, f64)>,
    slopes: Vec<f64>,
}

impl CdTable {
    /// A table from (Mach, C_D) pairs, Mach ascending (checked by [`Missile::validate`]).
    pub fn new(points: Vec<(f64, f64)>) -> Self {
        let n = points.len();
        let secant: Vec<f64> = points
            .windows(2)
            .map(|w| (w[1].1 - w[0].1) / (w[1].0 - w[0].0))
            .collect();
        let mut slopes = vec![0.0; n];
        if n >= 2 {
            slopes[0] = secant[0];
            slopes[n - 1] = secant[n - 2];
            for i in 1..n - 1 {
                let (a, b) = (secant[i - 1], secant[i]);
                slopes[i] = if a * b <= 0.0 {
                    0.0
                } else {
                    // Weighted harmonic mean (Fritsch-Butland form): monotone, no overshoot.
                    let (h0, h1) = (points[i].0 - points[i - 1].0, points[i + 1].0 - points[i].0);
                    let (w1, w2) = (2.0 * h1 + h0, h1 + 2.0 * h0);
                    (w1 + w2) / (w1 / a + w2 / b)
                };
            }
        }
        Self { points, slopes }
    }

    /// The (Mach, C_D) pairs.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// C_D at Mach number `mach`.
    pub fn at(&self, mach: f64) -> f64 {
        let t = &self.points;
        let i = t.partition_point(|&(m, _)| m <= mach);
        if i == 0 {
            return t[0].1;
        }
        if i >= t.len() {
            return t[t.len() - 1].1;
        }
        let ((x0, y0), (x1, y1)) = (t[i - 1], t[i]);
        let h = x1 - x0;
        let s = (mach - x0) / h;
        let (s2, s3) = (s * s, s * s * s);
        (2.0 * s3 - 3.0 * s2 + 1.0) * y0
            + (s3 - 2.0 * s2 + s) * h * self.slopes[i - 1]
            + (-2.0 * s3 + 3.0 * s2) * y1
            + (s3 - s2) * h * self.slopes[i]
    }
}

impl DragCoefficient {
    /// C_D at Mach number `mach`.
    pub fn at(&self, mach: f64) -> f64 {
        match self {
            DragCoefficient::Constant(cd) => *cd,
            DragCoefficient::MachTable(t) => t.at(mach),
        }
    }
}

/// One rocket stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Stage mass including its propellant, excluding upper stages and payload, kg.
    pub gross_mass_kg: f64,
    /// Propellant mass, kg.
    pub propellant_mass_kg: f64,
    /// Burn time, s.
    pub burn_time_s: f64,
    /// Vacuum specific impulse, s.
    pub isp_vac_s: f64,
    /// Nozzle exit area for the ambient-pressure thrust loss, m² (0: none).
    pub nozzle_exit_area_m2: f64,
    /// Aerodynamic reference area, m².
    pub reference_area_m2: f64,
    /// Drag coefficient.
    pub drag: DragCoefficient,
}

impl Stage {
    /// Propellant flow rate, kg/s.
    pub fn mass_flow_kg_s(&self) -> f64 {
        self.propellant_mass_kg / self.burn_time_s
    }
    /// Vacuum thrust, N.
    pub fn thrust_vac_n(&self) -> f64 {
        self.mass_flow_kg_s() * G0_M_S2 * self.isp_vac_s
    }
}

/// The payload that separates at burn-out (re-entry vehicle or warhead section).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Payload {
    /// Mass, kg.
    pub mass_kg: f64,
    /// Ballistic coefficient m/(C_D·A) during re-entry, kg/m².
    pub beta_kg_m2: f64,
}

/// Boost steering timings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Guidance {
    /// Duration of the vertical rise from lift-off, s.
    pub vertical_rise_s: f64,
    /// Duration of the pitch kick (thrust tilted by the kick angle), s.
    pub pitch_kick_duration_s: f64,
}

/// A ballistic missile: stages (first first), payload and steering.
#[derive(Debug, Clone, PartialEq)]
pub struct Missile {
    /// Catalogue id, e.g. `icbm-solid-3`.
    pub id: String,
    /// Stages, first stage first.
    pub stages: Vec<Stage>,
    /// Payload.
    pub payload: Payload,
    /// Steering timings.
    pub guidance: Guidance,
}

/// The free controls of a boost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoostControls {
    /// Launch azimuth, rad clockwise from north.
    pub azimuth_rad: f64,
    /// Pitch-kick angle (thrust tilt from the vertical during the kick), rad.
    pub pitch_kick_rad: f64,
    /// Thrust cut-off time since lift-off, s (at most the total burn time).
    pub cutoff_s: f64,
}

/// The state at thrust cut-off, when the payload separates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Burnout {
    /// Time since lift-off, s.
    pub t_s: f64,
    /// ECI position, m.
    pub r_eci: Vector3<f64>,
    /// ECI velocity, m/s.
    pub v_eci: Vector3<f64>,
    /// Integrator statistics of the boost (accepted and rejected steps, derivative evaluations).
    pub stats: Stats,
}

impl Missile {
    /// Sum of the stages' burn times, s.
    pub fn total_burn_time_s(&self) -> f64 {
        self.stages.iter().map(|s| s.burn_time_s).sum()
    }

    /// Lift-off mass, kg.
    pub fn launch_mass_kg(&self) -> f64 {
        self.stages.iter().map(|s| s.gross_mass_kg).sum::<f64>() + self.payload.mass_kg
    }

    /// Ideal (vacuum, gravity-free) velocity increment of a full burn, m/s: Σ g0·Isp·ln(m0/m1).
    pub fn ideal_delta_v_mps(&self) -> f64 {
        let mut above = self.launch_mass_kg();
        let mut dv = 0.0;
        for s in &self.stages {
            dv += G0_M_S2 * s.isp_vac_s * (above / (above - s.propellant_mass_kg)).ln();
            above -= s.gross_mass_kg;
        }
        dv
    }

    /// Checks that every parameter is physically possible; the error names the parameter as `stage N key`.
    pub fn validate(&self) -> Result<(), FlightError> {
        if self.stages.is_empty() {
            return Err(invalid("stage", 0, "a missile needs at least one stage"));
        }
        for (i, s) in self.stages.iter().enumerate() {
            let n = i + 1;
            let positive = [
                ("gross_mass_kg", s.gross_mass_kg),
                ("propellant_mass_kg", s.propellant_mass_kg),
                ("burn_time_s", s.burn_time_s),
                ("isp_vac_s", s.isp_vac_s),
                ("reference_area_m2", s.reference_area_m2),
            ];
            for (k, v) in positive {
                if !v.is_finite() || v <= 0.0 {
                    return Err(invalid(
                        &format!("{}: stage {n} {k}", self.id),
                        v,
                        "must be a finite number above 0",
                    ));
                }
            }
            if s.propellant_mass_kg >= s.gross_mass_kg {
                return Err(invalid(
                    &format!("{}: stage {n} propellant_mass_kg", self.id),
                    s.propellant_mass_kg,
                    &format!(
                        "a propellant mass below the stage's gross mass (gross_mass_kg = {} kg)",
                        crate::text::number(s.gross_mass_kg)
                    ),
                ));
            }
            if !s.nozzle_exit_area_m2.is_finite() || s.nozzle_exit_area_m2 < 0.0 {
                return Err(invalid(
                    &format!("{}: stage {n} nozzle_exit_area_m2", self.id),
                    s.nozzle_exit_area_m2,
                    "must be a finite number of m², 0 or more",
                ));
            }
            if let Some((key, value)) = drag_problem(&s.drag) {
                return Err(invalid(
                    &format!("{}: stage {n} {key}", self.id),
                    value,
                    "drag coefficients that are finite and 0 or more, in a cd_mach table of at least one \
                     [Mach, C_D] point with Mach ascending",
                ));
            }
        }
        let p = &self.payload;
        for (k, v) in [
            ("payload mass_kg", p.mass_kg),
            ("payload beta_kg_m2", p.beta_kg_m2),
        ] {
            if !v.is_finite() || v <= 0.0 {
                return Err(invalid(
                    &format!("{}: {k}", self.id),
                    v,
                    "must be a finite number above 0",
                ));
            }
        }
        let g = &self.guidance;
        for (k, v) in [
            ("guidance vertical_rise_s", g.vertical_rise_s),
            ("guidance pitch_kick_duration_s", g.pitch_kick_duration_s),
        ] {
            if !v.is_finite() || v <= 0.0 {
                return Err(invalid(
                    &format!("{}: {k}", self.id),
                    v,
                    "must be a finite number of s above 0",
                ));
            }
        }
        if g.vertical_rise_s + g.pitch_kick_duration_s >= self.total_burn_time_s() {
            return Err(invalid(
                &format!(
                    "{}: guidance vertical_rise_s + pitch_kick_duration_s",
                    self.id
                ),
                format!(
                    "{} s",
                    crate::text::number(g.vertical_rise_s + g.pitch_kick_duration_s)
                ),
                &format!(
                    "a vertical rise plus pitch kick that ends before the last stage burns out (total burn \
                     time {} s)",
                    crate::text::number(self.total_burn_time_s())
                ),
            ));
        }
        let s0 = &self.stages[0];
        let lift = s0.thrust_vac_n() - atmosphere::us1976(0.0).pressure_pa * s0.nozzle_exit_area_m2;
        if lift <= self.launch_mass_kg() * G0_M_S2 {
            return Err(invalid(
                &format!("{}: stage 1 sea-level thrust", self.id),
                format!("{} kN", compact_kn(lift)),
                &format!(
                    "a first-stage sea-level thrust above the lift-off weight ({} kN), without which the \
                     missile cannot lift off",
                    compact_kn(self.launch_mass_kg() * G0_M_S2)
                ),
            ));
        }
        Ok(())
    }

    /// Mass during a boost that is not cut off, kg, at `t_s` since lift-off (0 to the total burn time): the
    /// propellant burnt so far gone, and every stage that has burnt out by then (before the last) dropped whole.
    pub fn mass_at_kg(&self, t_s: f64) -> f64 {
        let mut m = self.launch_mass_kg();
        let mut start = 0.0;
        let last = self.stages.len().saturating_sub(1);
        for (i, s) in self.stages.iter().enumerate() {
            let end = start + s.burn_time_s;
            if t_s >= end && i < last {
                m -= s.gross_mass_kg;
                start = end;
            } else {
                m -= s.mass_flow_kg_s() * (t_s.min(end) - start).max(0.0);
                break;
            }
        }
        m
    }

    /// Earliest cut-off time allowed, s: the end of the pitch kick plus one second.
    pub fn min_cutoff_s(&self) -> f64 {
        self.guidance.vertical_rise_s + self.guidance.pitch_kick_duration_s + 1.0
    }
}

/// A force in kN as written in messages: whole kN, or compact when huge or not finite.
fn compact_kn(newtons: f64) -> String {
    let kn = newtons / 1000.0;
    if kn.is_finite() && kn.abs() < 1e15 {
        format!("{kn:.0}")
    } else {
        crate::text::number(kn)
    }
}

/// The first impossible part of a drag coefficient: the key (`drag_coefficient`, `cd_mach`, `cd_mach point 3`) and
/// the offending value as written in a catalogue file; `None` if it is possible.
fn drag_problem(drag: &DragCoefficient) -> Option<(String, String)> {
    use crate::text::number;
    match drag {
        DragCoefficient::Constant(c) => {
            (!(c.is_finite() && *c >= 0.0)).then(|| ("drag_coefficient".into(), number(*c)))
        }
        DragCoefficient::MachTable(t) => {
            let t = t.points();
            if t.is_empty() {
                return Some(("cd_mach".into(), "[] (no point)".into()));
            }
            for (i, &(m, c)) in t.iter().enumerate() {
                let bad = !(m.is_finite() && c.is_finite() && m >= 0.0 && c >= 0.0)
                    || (i > 0 && m <= t[i - 1].0);
                if bad {
                    return Some((
                        format!("cd_mach point {}", i + 1),
                        format!("[{}, {}]", number(m), number(c)),
                    ));
                }
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cd_table_interpolates_through_its_nodes_without_overshoot() {
        let pts = vec![
            (0.0, 0.2),
            (0.8, 0.25),
            (1.2, 0.45),
            (2.0, 0.35),
            (5.0, 0.25),
        ];
        let t = CdTable::new(pts.clone());
        for &(m, c) in &pts {
            assert!((t.at(m) - c).abs() < 1e-12);
        }
        assert_eq!(t.at(-1.0), 0.2);
        assert_eq!(t.at(9.0), 0.25);
        // Monotone between nodes: no value outside each interval's end values.
        for w in pts.windows(2) {
            for k in 1..100 {
                let m = w[0].0 + (w[1].0 - w[0].0) * k as f64 / 100.0;
                let c = t.at(m);
                assert!(
                    c >= w[0].1.min(w[1].1) - 1e-12 && c <= w[0].1.max(w[1].1) + 1e-12,
                    "{m}: {c}"
                );
            }
        }
        // Slope continuity at an interior node.
        let d = 1e-7;
        let left = (t.at(1.2) - t.at(1.2 - d)) / d;
        let right = (t.at(1.2 + d) - t.at(1.2)) / d;
        assert!((left - right).abs() < 1e-4, "{left} {right}");
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Steering {
    Vertical,
    Kick,
    GravityTurn,
}

/// Equations of motion of the boost in ECI; state (x, y, z, vx, vy, vz, m).
struct BoostOde<'a> {
    earth: &'a EarthModel,
    stage: &'a Stage,
    steering: Steering,
    drag: bool,
    mdot: f64,
    thrust_vac: f64,
    /// sin and cos of the launch azimuth.
    az_sc: (f64, f64),
    /// sin and cos of the kick angle.
    kick_sc: (f64, f64),
}

impl OdeSystem<7> for BoostOde<'_> {
    #[inline]
    fn derivatives(&mut self, _t: f64, y: &[f64; 7], dydt: &mut [f64; 7]) {
        let r = Vector3::new(y[0], y[1], y[2]);
        let v = Vector3::new(y[3], y[4], y[5]);
        let m = y[6];
        let e = self.earth.ellipsoid();
        let mut a = self.earth.gravity.acceleration(&r);
        let v_rel = v - self.earth.frame_velocity(&r);
        let h = e.altitude_approx_m(&r);
        let speed = v_rel.norm();
        let (rho, pressure, sound) = if h < DRAG_CEILING_M {
            atmosphere::density_pressure_sound(h)
        } else {
            (0.0, 0.0, 1.0)
        };
        if self.drag && rho > 0.0 && speed > 0.0 {
            let cd = self.stage.drag.at(speed / sound);
            a -= (0.5 * rho * speed * cd * self.stage.reference_area_m2 / m) * v_rel;
        }
        {
            let mut thrust = self.thrust_vac;
            thrust -= pressure * self.stage.nozzle_exit_area_m2;
            let dir = match self.steering {
                Steering::GravityTurn if speed > 1.0 => v_rel / speed,
                Steering::Kick => {
                    let up = e.up_approx(&r);
                    let east = Vector3::new(-up.y, up.x, 0.0);
                    let en = east.norm();
                    let east = if en > 1e-9 {
                        east / en
                    } else {
                        Vector3::new(0.0, 1.0, 0.0)
                    };
                    let north = up.cross(&east);
                    let (sa, ca) = self.az_sc;
                    let (sk, ck) = self.kick_sc;
                    ck * up + sk * (sa * east + ca * north)
                }
                _ => e.up_approx(&r),
            };
            a += (thrust.max(0.0) / m) * dir;
        }
        dydt[0] = y[3];
        dydt[1] = y[4];
        dydt[2] = y[5];
        dydt[3] = a.x;
        dydt[4] = a.y;
        dydt[5] = a.z;
        dydt[6] = -self.mdot;
    }
}

/// Boosts `missile` from `site` with `controls` until cut-off. Samples the path at those of `sample_times` (s since
/// lift-off, ascending) that fall before cut-off. With `drag` false the air exerts no drag (thrust still loses the
/// ambient pressure on the nozzle).
pub fn boost(
    earth: &EarthModel,
    site: &Geodetic,
    missile: &Missile,
    controls: &BoostControls,
    drag: bool,
    tolerances: Tolerances,
    sample_times: &[f64],
) -> Result<(Burnout, Vec<Sample>), FlightError> {
    let total = missile.total_burn_time_s();
    let cutoff = controls.cutoff_s;
    if !cutoff.is_finite() || cutoff < missile.min_cutoff_s() || cutoff > total + 1e-9 {
        return Err(invalid(
            "cutoff_s",
            cutoff,
            &format!(
                "thrust cut-off must lie between {:.1} s and the total burn time {total:.1} s",
                missile.min_cutoff_s()
            ),
        ));
    }
    let r0 = earth
        .ellipsoid()
        .to_ecef(&Geodetic {
            alt_m: 0.0,
            ..*site
        })
        .0;
    let v0 = earth.frame_velocity(&r0);
    let y0 = [r0.x, r0.y, r0.z, v0.x, v0.y, v0.z, missile.launch_mass_kg()];
    boost_from(
        earth,
        missile,
        controls,
        drag,
        tolerances,
        (0.0, y0),
        sample_times,
    )
}

/// Continues a boost from the state `start` = (time s since lift-off, [ECI position m, ECI velocity m/s, mass kg])
/// to the cut-off `controls.cutoff_s`, staging on the way; [`boost`] is this from lift-off. The mass must be the
/// boost's at that time ([`Missile::mass_at_kg`]: a stage that burns out exactly then has already dropped). After
/// the pitch kick the steering no longer depends on the controls (the gravity turn follows the Earth-relative
/// velocity), so a boost surrogate continues an interpolated state with it.
pub(crate) fn boost_from(
    earth: &EarthModel,
    missile: &Missile,
    controls: &BoostControls,
    drag: bool,
    tolerances: Tolerances,
    start: (f64, [f64; 7]),
    sample_times: &[f64],
) -> Result<(Burnout, Vec<Sample>), FlightError> {
    let cutoff = controls.cutoff_s;
    let t_vert = missile.guidance.vertical_rise_s;
    let t_kick = t_vert + missile.guidance.pitch_kick_duration_s;
    let mut tracker = Tracker::new(earth, sample_times);
    tracker.kinks_m = &atmosphere::LAYER_BOUNDARIES_M;
    let mut stepper: Option<Dop853<7>> = None;
    let (mut t, mut y) = start;
    let mut stage_start = 0.0;
    for stage in &missile.stages {
        let stage_end = (stage_start + stage.burn_time_s).min(cutoff);
        if stage_end <= t && stage_end < cutoff {
            // Burnt out before the start (its dry mass already left, see `Missile::mass_at_kg`).
            stage_start += stage.burn_time_s;
            continue;
        }
        let mut ode = BoostOde {
            earth,
            stage,
            steering: Steering::Vertical,
            drag,
            mdot: stage.mass_flow_kg_s(),
            thrust_vac: stage.thrust_vac_n(),
            az_sc: controls.azimuth_rad.sin_cos(),
            kick_sc: controls.pitch_kick_rad.sin_cos(),
        };
        for (seg_end, steering) in [
            (t_vert, Steering::Vertical),
            (t_kick, Steering::Kick),
            (stage_end, Steering::GravityTurn),
        ] {
            let seg_end = seg_end.min(stage_end);
            if seg_end <= t {
                continue;
            }
            ode.steering = steering;
            let st = match stepper.as_mut() {
                Some(s) => {
                    s.restart(&mut ode, t, y);
                    s
                }
                // Continuing a boost (a surrogate's last stretch, at most a few seconds) the whole stretch is the
                // first step tried: the stepper still rejects and shrinks it where it fails the error test.
                None if start.0 > 0.0 => stepper
                    .insert(Dop853::new(&mut ode, t, y, tolerances).with_initial_step(seg_end - t)),
                None => stepper.insert(Dop853::new(&mut ode, t, y, tolerances)),
            };
            let detect_impact = t >= t_vert;
            match run(st, &mut ode, seg_end, detect_impact, &mut tracker)? {
                SegmentEnd::Reached => {}
                SegmentEnd::Impact(ti, _) => {
                    return Err(FlightError::NoConvergence(format!(
                        "the missile hits the ground during boost at t = {ti:.1} s (pitch kick too large)"
                    )))
                }
            }
            t = st.t();
            y = *st.y();
        }
        if stage_end >= cutoff {
            break;
        }
        // Stage separation: the spent stage's dry mass leaves.
        y[6] -= stage.gross_mass_kg - stage.propellant_mass_kg;
        stage_start += stage.burn_time_s;
    }
    Ok((
        Burnout {
            t_s: t,
            r_eci: Vector3::new(y[0], y[1], y[2]),
            v_eci: Vector3::new(y[3], y[4], y[5]),
            stats: stepper.as_ref().map(|s| s.stats()).unwrap_or_default(),
        },
        tracker.samples,
    ))
}
