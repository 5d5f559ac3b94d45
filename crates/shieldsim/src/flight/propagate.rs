//! The stepping loop shared by every flight phase: advances a DOP853 stepper to a time limit while locating the
//! impact (first downward crossing of altitude 0), apogees (maxima of altitude) and dense-output samples.
//!
//! The state's first six components are the ECI position (m) and velocity (m/s); further components (a rocket's mass)
//! ride along.

use nalgebra::Vector3;

use super::dop853::{locate_event, Crossing, Dop853, OdeSystem};
use super::FlightError;
use crate::earth::EarthModel;

/// One point of a sampled trajectory (inertial state at a time from the flight's t = 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Time since the flight's t = 0, s.
    pub t_s: f64,
    /// ECI position, m.
    pub r_eci: Vector3<f64>,
    /// ECI velocity, m/s.
    pub v_eci: Vector3<f64>,
}

/// One end point of an accepted integration step: time, inertial state and acceleration. A flight's end points
/// with quintic Hermite interpolation between them ([`PathPoint::interpolate`]) give its state at any time without
/// flying it again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathPoint {
    /// Time since the flight's t = 0, s.
    pub t_s: f64,
    /// ECI position, m.
    pub r_eci: Vector3<f64>,
    /// ECI velocity, m/s.
    pub v_eci: Vector3<f64>,
    /// ECI acceleration, m/s².
    pub a_eci: Vector3<f64>,
}

/// One long integration step kept whole: its dense output (7th order), for states inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseStep {
    t0: f64,
    h: f64,
    y0: [f64; 6],
    cont: [[f64; 6]; 7],
}

/// A flight recorded as it was integrated: the end points of every accepted step, and the dense output of the steps
/// longer than [`DENSE_STEP_S`]. Sampled at any time ([`RecordedPath::state_at`]) without flying it again: the
/// integrator's own dense output in long steps, quintic Hermite interpolation between end points in short ones
/// (sixth order in the step: under a centimetre for steps under half a minute).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecordedPath {
    /// End points of the accepted steps, ascending in time.
    pub points: Vec<PathPoint>,
    long_steps: Vec<DenseStep>,
}

/// Steps longer than this (s) keep their dense output in a [`RecordedPath`] (three more evaluations each; mid-course
/// steps of several minutes, where Hermite interpolation between the ends would be metres off).
pub const DENSE_STEP_S: f64 = 30.0;

impl RecordedPath {
    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The inertial state at `t_s` (clamped to the recorded span).
    pub fn state_at(&self, t_s: f64) -> Sample {
        let k = self.long_steps.partition_point(|d| d.t0 + d.h < t_s);
        if let Some(d) = self.long_steps.get(k) {
            if d.t0 <= t_s && t_s <= d.t0 + d.h {
                let c = |i| super::dop853::dense_eval(d.t0, d.h, &d.y0, &d.cont, t_s, i);
                return Sample {
                    t_s,
                    r_eci: Vector3::new(c(0), c(1), c(2)),
                    v_eci: Vector3::new(c(3), c(4), c(5)),
                };
            }
        }
        PathPoint::interpolate(&self.points, t_s)
    }

    fn push_long<const N: usize>(&mut self, t0: f64, h: f64, y0: &[f64; N], cont: &[[f64; N]; 7]) {
        let mut d = DenseStep {
            t0,
            h,
            y0: [0.0; 6],
            cont: [[0.0; 6]; 7],
        };
        d.y0.copy_from_slice(&y0[..6]);
        for (to, from) in d.cont.iter_mut().zip(cont) {
            to.copy_from_slice(&from[..6]);
        }
        self.long_steps.push(d);
    }
}

impl PathPoint {
    /// The state at `t_s` between recorded end points (ascending in time): quintic Hermite interpolation of the
    /// position from the positions, velocities and accelerations at the two end points around it (error of sixth
    /// order in the step), the velocity its derivative. Clamped to the path's ends.
    fn interpolate(path: &[PathPoint], t_s: f64) -> Sample {
        let n = path.len();
        let at = |p: &PathPoint| Sample {
            t_s,
            r_eci: p.r_eci,
            v_eci: p.v_eci,
        };
        if n == 0 {
            return Sample {
                t_s,
                r_eci: Vector3::zeros(),
                v_eci: Vector3::zeros(),
            };
        }
        if t_s <= path[0].t_s {
            return at(&path[0]);
        }
        if t_s >= path[n - 1].t_s {
            return at(&path[n - 1]);
        }
        let i = path.partition_point(|p| p.t_s <= t_s).max(1) - 1;
        let (p0, p1) = (&path[i], &path[i + 1]);
        let h = p1.t_s - p0.t_s;
        if h <= 0.0 {
            return at(p0);
        }
        let s = (t_s - p0.t_s) / h;
        let (s2, s3) = (s * s, s * s * s);
        let (s4, s5) = (s3 * s, s3 * s2);
        let h2 = h * h;
        let r = p0.r_eci * (1.0 - 10.0 * s3 + 15.0 * s4 - 6.0 * s5)
            + p0.v_eci * (h * (s - 6.0 * s3 + 8.0 * s4 - 3.0 * s5))
            + p0.a_eci * (h2 * (0.5 * s2 - 1.5 * s3 + 1.5 * s4 - 0.5 * s5))
            + p1.r_eci * (10.0 * s3 - 15.0 * s4 + 6.0 * s5)
            + p1.v_eci * (h * (-4.0 * s3 + 7.0 * s4 - 3.0 * s5))
            + p1.a_eci * (h2 * (0.5 * s3 - s4 + 0.5 * s5));
        let v = (p0.r_eci - p1.r_eci) * ((-30.0 * s2 + 60.0 * s3 - 30.0 * s4) / h)
            + p0.v_eci * (1.0 - 18.0 * s2 + 32.0 * s3 - 15.0 * s4)
            + p0.a_eci * (h * (s - 4.5 * s2 + 6.0 * s3 - 2.5 * s4))
            + p1.v_eci * (-12.0 * s2 + 28.0 * s3 - 15.0 * s4)
            + p1.a_eci * (h * (1.5 * s2 - 4.0 * s3 + 2.5 * s4));
        Sample {
            t_s,
            r_eci: r,
            v_eci: v,
        }
    }

    fn new<const N: usize>(t: f64, y: &[f64; N], f: &[f64; N]) -> Self {
        Self {
            t_s: t,
            r_eci: Vector3::new(y[0], y[1], y[2]),
            v_eci: Vector3::new(y[3], y[4], y[5]),
            a_eci: Vector3::new(f[3], f[4], f[5]),
        }
    }
}

/// Event time resolution, s: 1 µs is under 1 cm at re-entry speeds.
const EVENT_T_TOL_S: f64 = 1e-6;

/// What the loop records while it runs.
pub(crate) struct Tracker<'a> {
    pub earth: &'a EarthModel,
    /// Requested sample times, ascending.
    pub sample_times: &'a [f64],
    pub next_sample: usize,
    pub samples: Vec<Sample>,
    /// Highest altitude found so far and its time (m, s).
    pub apogee_alt_m: f64,
    pub apogee_t_s: f64,
    /// Altitudes (m, ascending) where the forces have a kink (atmosphere layers): steps end there instead of
    /// straddling them, which would cost the integrator a string of rejected steps. Empty in vacuum.
    pub kinks_m: &'static [f64],
    /// The flight as integrated, when recorded.
    pub path: Option<RecordedPath>,
}

impl<'a> Tracker<'a> {
    pub fn new(earth: &'a EarthModel, sample_times: &'a [f64]) -> Self {
        Self {
            earth,
            sample_times,
            next_sample: 0,
            samples: Vec::with_capacity(sample_times.len()),
            apogee_alt_m: f64::NEG_INFINITY,
            apogee_t_s: 0.0,
            kinks_m: &[],
            path: None,
        }
    }

    fn note_altitude(&mut self, t: f64, alt: f64) {
        if alt > self.apogee_alt_m {
            self.apogee_alt_m = alt;
            self.apogee_t_s = t;
        }
    }

    fn push_sample<const N: usize>(&mut self, t: f64, y: &[f64; N]) {
        self.samples.push(Sample {
            t_s: t,
            r_eci: Vector3::new(y[0], y[1], y[2]),
            v_eci: Vector3::new(y[3], y[4], y[5]),
        });
        self.next_sample += 1;
    }
}

/// How a segment ended.
pub(crate) enum SegmentEnd<const N: usize> {
    /// The time limit was reached without impact.
    Reached,
    /// The body hit the ground at this time and state.
    Impact(f64, [f64; N]),
}

#[inline]
fn altitude<const N: usize>(earth: &EarthModel, y: &[f64; N]) -> f64 {
    earth
        .ellipsoid()
        .altitude_m(&Vector3::new(y[0], y[1], y[2]))
}

/// Rate of change of altitude, m/s (Earth-relative velocity along the local normal).
#[inline]
fn climb_rate<const N: usize>(earth: &EarthModel, y: &[f64; N]) -> f64 {
    let r = Vector3::new(y[0], y[1], y[2]);
    let v = Vector3::new(y[3], y[4], y[5]);
    earth
        .ellipsoid()
        .up_approx(&r)
        .dot(&(v - earth.frame_velocity(&r)))
}

/// Where the next step should end: `t_end`, or, if the body is predicted to cross a kink altitude within the step the
/// integrator would try next, just past that crossing (linear prediction from the climb rate; kinks within a metre
/// are ignored so that an under-predicted crossing cannot trap the loop in ever shorter steps).
#[inline]
fn kink_stop(kinks: &[f64], t: f64, t_end: f64, alt: f64, climb: f64, h_next: f64) -> f64 {
    if kinks.is_empty() || h_next == 0.0 || climb == 0.0 {
        return t_end;
    }
    let next = if climb > 0.0 {
        kinks.iter().find(|&&k| k > alt + 1.0)
    } else {
        kinks.iter().rev().find(|&&k| k < alt - 1.0)
    };
    match next {
        Some(&k) => {
            let dt = (k - alt) / climb * 1.0005 + 1e-6;
            if dt < h_next {
                t_end.min(t + dt)
            } else {
                t_end
            }
        }
        None => t_end,
    }
}

/// Advances `stepper` until `t_end` or impact, whichever comes first, recording apogees and samples in `tr`.
/// With `detect_impact` false the ground is ignored (used for the first instants of a launch from the surface).
pub(crate) fn run<const N: usize, S: OdeSystem<N>>(
    stepper: &mut Dop853<N>,
    sys: &mut S,
    t_end: f64,
    detect_impact: bool,
    tr: &mut Tracker,
) -> Result<SegmentEnd<N>, FlightError> {
    let earth = tr.earth;
    let mut alt0 = altitude(earth, stepper.y());
    let mut climb0 = climb_rate(earth, stepper.y());
    tr.note_altitude(stepper.t(), alt0);
    while tr.next_sample < tr.sample_times.len() && tr.sample_times[tr.next_sample] <= stepper.t() {
        let y = *stepper.y();
        tr.push_sample(stepper.t(), &y);
    }
    if let Some(path) = tr.path.as_mut() {
        if path.points.last().is_none_or(|p| p.t_s < stepper.t()) {
            path.points
                .push(PathPoint::new(stepper.t(), stepper.y(), stepper.dydt()));
        }
    }
    if detect_impact && alt0 <= 0.0 && climb0 <= 0.0 {
        return Ok(SegmentEnd::Impact(stepper.t(), *stepper.y()));
    }
    while stepper.t() < t_end {
        let t0 = stepper.t();
        let target = kink_stop(
            tr.kinks_m,
            t0,
            t_end,
            alt0,
            climb0,
            stepper.next_step().abs(),
        );
        let t1 = stepper.step(sys, target)?;
        let y1 = *stepper.y();
        let alt1 = altitude(earth, &y1);
        let climb1 = climb_rate(earth, &y1);
        let mut seg_end = t1;
        let mut impact = None;
        if detect_impact && alt0 > 0.0 && alt1 <= 0.0 {
            let (te, ye) = locate_event(
                stepper,
                sys,
                |_, y| altitude(earth, y),
                alt0,
                alt1,
                Crossing::Falling,
                EVENT_T_TOL_S,
            )
            .unwrap_or((t1, y1));
            seg_end = te;
            impact = Some((te, ye));
        }
        if climb0 > 0.0 && climb1 <= 0.0 {
            if let Some((ta, ya)) = locate_event(
                stepper,
                sys,
                |_, y| climb_rate(earth, y),
                climb0,
                climb1,
                Crossing::Falling,
                1e-4,
            ) {
                if ta <= seg_end {
                    tr.note_altitude(ta, altitude(earth, &ya));
                }
            }
        }
        tr.note_altitude(seg_end, if impact.is_some() { 0.0 } else { alt1 });
        while tr.next_sample < tr.sample_times.len() && tr.sample_times[tr.next_sample] <= seg_end {
            let ts = tr.sample_times[tr.next_sample];
            let mut ys = [0.0; N];
            if ts == t1 {
                ys = y1;
            } else if ts > t0 {
                stepper.dense(sys, ts, &mut ys);
            } else {
                ys = *stepper.y_prev();
            }
            tr.push_sample(ts, &ys);
        }
        if let Some(path) = tr.path.as_mut() {
            if (t1 - t0).abs() > DENSE_STEP_S {
                let (tp, h, yp, cont) = stepper.dense_parts(sys);
                path.push_long(tp, h, &yp, &cont);
            }
            match impact {
                Some((te, ye)) => {
                    let mut fe = [0.0; N];
                    sys.derivatives(te, &ye, &mut fe);
                    path.points.push(PathPoint::new(te, &ye, &fe));
                }
                None => path.points.push(PathPoint::new(t1, &y1, stepper.dydt())),
            }
        }
        if let Some((te, ye)) = impact {
            return Ok(SegmentEnd::Impact(te, ye));
        }
        alt0 = alt1;
        climb0 = climb1;
    }
    Ok(SegmentEnd::Reached)
}
