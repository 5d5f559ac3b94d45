//! A trajectory as the defence sees it: positions and Earth-relative velocities in the Earth-fixed frame (ECEF) at
//! sample times from lift-off to impact, with cubic Hermite interpolation in between.
//!
//! Sensors and interceptor sites are fixed to the rotating Earth, so every engagement computation works on this
//! Earth-fixed path. Cubic Hermite interpolation on positions and velocities is exact to fourth order in the step:
//! with the sampling of [`SampledTrajectory::of_flight`] (2 s in boost and in the last two minutes, 10 s in
//! mid-course) its error is below half a metre in mid-course and a few metres at boost staging and the peak of
//! re-entry deceleration (measured in `tests/engagement.rs`).

use nalgebra::Vector3;

use crate::earth::{EarthModel, Geodetic};

use super::propagate::Sample;
use super::rocket::BoostControls;
use super::targeting::{Targeter, TargetingSolution};
use super::{invalid, FlightError};

/// A trajectory sampled in the Earth-fixed frame.
#[derive(Debug, Clone, PartialEq)]
pub struct SampledTrajectory {
    t_s: Vec<f64>,
    r_ecef_m: Vec<Vector3<f64>>,
    v_ecef_mps: Vec<Vector3<f64>>,
    alt_m: Vec<f64>,
    /// End of powered flight, s after lift-off (0 for a burn-out-state threat).
    pub burnout_t_s: f64,
}

/// Sample step in mid-course, s.
const MIDCOURSE_STEP_S: f64 = 10.0;
/// Sample step in boost and in the last [`TERMINAL_S`] before impact, s.
const FINE_STEP_S: f64 = super::surrogate::TIME_STEP_S;
/// Length of the finely sampled end of the flight, s.
const TERMINAL_S: f64 = 120.0;

impl SampledTrajectory {
    /// A trajectory from inertial samples (ascending in time, the last at impact) of a flight whose frames were
    /// aligned at t = 0; `burnout_t_s` ends the powered phase. Needs at least two samples at distinct times.
    pub fn from_eci_samples(
        earth: &EarthModel,
        samples: &[Sample],
        burnout_t_s: f64,
    ) -> Result<Self, FlightError> {
        let mut out = Self {
            t_s: Vec::with_capacity(samples.len()),
            r_ecef_m: Vec::with_capacity(samples.len()),
            v_ecef_mps: Vec::with_capacity(samples.len()),
            alt_m: Vec::with_capacity(samples.len()),
            burnout_t_s,
        };
        for s in samples {
            if out.t_s.last().is_some_and(|&t| s.t_s <= t) {
                continue; // duplicates at stage boundaries
            }
            let v_rel = s.v_eci - earth.frame_velocity(&s.r_eci);
            let r = earth.eci_to_ecef(s.t_s, &s.r_eci);
            out.t_s.push(s.t_s);
            out.alt_m.push(earth.ellipsoid().altitude_approx_m(&r));
            out.r_ecef_m.push(r);
            out.v_ecef_mps.push(earth.eci_to_ecef(s.t_s, &v_rel));
        }
        if out.t_s.len() < 2 {
            return Err(invalid(
                "trajectory samples",
                out.t_s.len(),
                "a sampled trajectory needs at least two samples at distinct times",
            ));
        }
        Ok(out)
    }

    /// Flies `controls` from `launch` with `targeter` (a targeting solution's controls, say) and samples the flight
    /// finely in boost and re-entry, coarsely in mid-course, up to and including impact.
    pub fn of_flight(
        targeter: &Targeter<'_>,
        launch: &Geodetic,
        controls: &BoostControls,
        impact_t_s: f64,
    ) -> Result<Self, FlightError> {
        if !impact_t_s.is_finite() || impact_t_s <= controls.cutoff_s {
            return Err(invalid(
                "impact time",
                impact_t_s,
                "the impact must come after burn-out",
            ));
        }
        let times = plan_times(controls.cutoff_s, impact_t_s);
        let flight = targeter.fly(launch, controls, &times)?;
        let mut samples = flight.boost_samples;
        samples.push(Sample {
            t_s: flight.burnout.t_s,
            r_eci: flight.burnout.r_eci,
            v_eci: flight.burnout.v_eci,
        });
        samples.sort_by(|a, b| a.t_s.total_cmp(&b.t_s));
        samples.extend(
            flight
                .flight
                .samples
                .iter()
                .filter(|s| s.t_s > flight.burnout.t_s && s.t_s < flight.flight.impact_t_s),
        );
        samples.push(Sample {
            t_s: flight.flight.impact_t_s,
            r_eci: flight.flight.impact_r_eci,
            v_eci: flight.flight.impact_v_eci,
        });
        Self::from_eci_samples(targeter.earth(), &samples, flight.burnout.t_s)
    }

    /// The flight of a targeting solution `sol` from `launch`, sampled at the times of [`Self::of_flight`] without
    /// flying it again: the boost from the targeter's boost surrogate (simulated where the surrogate does not serve),
    /// the free flight from the solution's own integration ([`crate::flight::FreeFlight::path`]; a flight without it
    /// is flown again).
    pub fn of_solution(
        targeter: &Targeter<'_>,
        launch: &Geodetic,
        sol: &TargetingSolution,
    ) -> Result<Self, FlightError> {
        let (b, flight) = (&sol.burnout, &sol.flight);
        if flight.path.is_empty() {
            return Self::of_flight(targeter, launch, &sol.controls, flight.impact_t_s);
        }
        let mut samples = targeter.boost_samples(launch, &sol.controls)?;
        samples.retain(|s| s.t_s < b.t_s);
        samples.push(Sample {
            t_s: b.t_s,
            r_eci: b.r_eci,
            v_eci: b.v_eci,
        });
        samples.extend(
            plan_times(b.t_s, flight.impact_t_s)
                .into_iter()
                .filter(|&t| t > b.t_s && t < flight.impact_t_s)
                .map(|t| flight.path.state_at(t)),
        );
        samples.push(Sample {
            t_s: flight.impact_t_s,
            r_eci: flight.impact_r_eci,
            v_eci: flight.impact_v_eci,
        });
        Self::from_eci_samples(targeter.earth(), &samples, b.t_s)
    }

    /// Sample times, s after lift-off.
    pub fn times_s(&self) -> &[f64] {
        &self.t_s
    }

    /// Sampled positions, ECEF, m.
    pub fn positions_ecef_m(&self) -> &[Vector3<f64>] {
        &self.r_ecef_m
    }

    /// Sampled Earth-relative velocities, ECEF, m/s.
    pub fn velocities_ecef_mps(&self) -> &[Vector3<f64>] {
        &self.v_ecef_mps
    }

    /// Sampled heights above the ellipsoid (radial approximation, within 1e-5 of the height), m.
    pub fn altitudes_m(&self) -> &[f64] {
        &self.alt_m
    }

    /// Lift-off (first sample) time, s.
    pub fn start_t_s(&self) -> f64 {
        self.t_s[0]
    }

    /// Impact (last sample) time, s.
    pub fn impact_t_s(&self) -> f64 {
        self.t_s[self.t_s.len() - 1]
    }

    /// Position (ECEF, m) and Earth-relative velocity (ECEF, m/s) at `t_s`, by cubic Hermite interpolation;
    /// clamped to the first and last samples outside the sampled span.
    pub fn state_at(&self, t_s: f64) -> (Vector3<f64>, Vector3<f64>) {
        let n = self.t_s.len();
        if t_s.is_nan() || t_s <= self.t_s[0] {
            return (self.r_ecef_m[0], self.v_ecef_mps[0]);
        }
        if t_s >= self.t_s[n - 1] {
            return (self.r_ecef_m[n - 1], self.v_ecef_mps[n - 1]);
        }
        let i = self.t_s.partition_point(|&t| t <= t_s) - 1;
        let (t0, t1) = (self.t_s[i], self.t_s[i + 1]);
        let h = t1 - t0;
        let s = (t_s - t0) / h;
        let (p0, p1) = (&self.r_ecef_m[i], &self.r_ecef_m[i + 1]);
        let (m0, m1) = (self.v_ecef_mps[i] * h, self.v_ecef_mps[i + 1] * h);
        let s2 = s * s;
        let s3 = s2 * s;
        let r = p0 * (2.0 * s3 - 3.0 * s2 + 1.0)
            + m0 * (s3 - 2.0 * s2 + s)
            + p1 * (-2.0 * s3 + 3.0 * s2)
            + m1 * (s3 - s2);
        let v = (p0 * (6.0 * s2 - 6.0 * s)
            + m0 * (3.0 * s2 - 4.0 * s + 1.0)
            + p1 * (-6.0 * s2 + 6.0 * s)
            + m1 * (3.0 * s2 - 2.0 * s))
            / h;
        (r, v)
    }

    /// Position at `t_s`, ECEF, m (see [`SampledTrajectory::state_at`]).
    pub fn position_at(&self, t_s: f64) -> Vector3<f64> {
        self.state_at(t_s).0
    }
}

/// Sample times for a flight burning out at `burnout_t_s` and landing at `impact_t_s`: fine in boost and in the
/// terminal phase, coarse in between, always including both ends of each phase.
fn plan_times(burnout_t_s: f64, impact_t_s: f64) -> Vec<f64> {
    // The boost on a fixed grid, every step from lift-off (the boost surrogate's grid).
    let mut times = super::surrogate::grid_times_before(burnout_t_s);
    let mut push_span = |a: f64, b: f64, step: f64| {
        let n = ((b - a) / step).ceil().max(1.0) as usize;
        for k in 0..n {
            times.push(a + (b - a) * k as f64 / n as f64);
        }
    };
    let terminal = (impact_t_s - TERMINAL_S).max(burnout_t_s);
    if terminal > burnout_t_s {
        push_span(burnout_t_s, terminal, MIDCOURSE_STEP_S);
    }
    push_span(terminal, impact_t_s, FINE_STEP_S);
    times
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_times_ascend_and_cover_both_phases() {
        let t = plan_times(180.0, 1800.0);
        assert!(t.windows(2).all(|w| w[1] > w[0]));
        assert_eq!(t[0], 0.0);
        assert!(t.contains(&180.0));
        assert!(*t.last().unwrap() < 1800.0);
        let mid = t.iter().filter(|&&x| x > 180.0 && x < 1680.0).count();
        assert!((145..=150).contains(&mid), "{mid}");
    }
}
