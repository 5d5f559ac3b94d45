//! Free flight and re-entry of a point mass: gravity (point mass or J2) and, optionally, drag through a ballistic
//! coefficient β = m/(C_D·A) in the US Standard Atmosphere 1976, the air co-rotating with the Earth:
//! a_drag = −ρ·|v_rel|·v_rel / (2β).

use nalgebra::Vector3;

use super::dop853::{Dop853, OdeSystem, Tolerances};
use super::propagate::{run, RecordedPath, SegmentEnd, Tracker};
use super::{invalid, FlightError, Sample};
use crate::earth::{atmosphere, constants::GM_M3_S2, EarthModel, Geodetic};

/// Altitude above which drag is neglected, m (the top of the US 1976 tables).
pub const DRAG_CEILING_M: f64 = 1_000_000.0;

/// Options of a free flight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlightOptions {
    /// Ballistic coefficient m/(C_D·A), kg/m²; `None` for a vacuum flight.
    pub beta_kg_m2: Option<f64>,
    /// Integrator tolerances.
    pub tolerances: Tolerances,
    /// Longest flight accepted before giving up, s.
    pub max_flight_time_s: f64,
}

impl Default for FlightOptions {
    fn default() -> Self {
        Self {
            beta_kg_m2: None,
            tolerances: default_tolerances(),
            max_flight_time_s: 4.0 * 3600.0,
        }
    }
}

/// Tolerances that keep the impact point of an intercontinental flight within about 1 m of the converged answer
/// (measured by `examples/tolerance_study.rs` and `examples/prof.rs`: 1 cm in vacuum, 0.4 m with boost and re-entry
/// drag). The absolute part (m, m/s, kg alike) matters only for components passing near zero.
pub fn default_tolerances() -> Tolerances {
    Tolerances {
        rtol: 1e-10,
        atol: 1e-4,
        max_step: f64::INFINITY,
        max_steps: 200_000,
    }
}

/// The equations of motion of free flight in ECI: state (x, y, z, vx, vy, vz), m and m/s.
pub struct FreeFlightOde<'a> {
    earth: &'a EarthModel,
    /// 1/(2β), m²/kg; 0 without drag.
    half_inv_beta: f64,
}

impl<'a> FreeFlightOde<'a> {
    /// The equations for an Earth model and an optional ballistic coefficient (kg/m²).
    pub fn new(earth: &'a EarthModel, beta_kg_m2: Option<f64>) -> Self {
        Self {
            earth,
            half_inv_beta: beta_kg_m2.map_or(0.0, |b| 0.5 / b),
        }
    }
}

impl OdeSystem<6> for FreeFlightOde<'_> {
    /// Inlined into the stepper's stages (about 140 calls a flight): the call itself and the round trip of the state
    /// through memory cost about a quarter of the evaluation. Inlining changes no result (Rust does not contract or
    /// reorder floating-point operations).
    #[inline(always)]
    fn derivatives(&mut self, _t: f64, y: &[f64; 6], dydt: &mut [f64; 6]) {
        let r = Vector3::new(y[0], y[1], y[2]);
        let v = Vector3::new(y[3], y[4], y[5]);
        let mut a = self.earth.gravity.acceleration(&r);
        if self.half_inv_beta > 0.0 {
            let h = self.earth.ellipsoid().altitude_approx_m(&r);
            if h < DRAG_CEILING_M {
                let v_rel = v - self.earth.frame_velocity(&r);
                a -= atmosphere::density(h) * v_rel.norm() * self.half_inv_beta * v_rel;
            }
        }
        dydt[0] = y[3];
        dydt[1] = y[4];
        dydt[2] = y[5];
        dydt[3] = a.x;
        dydt[4] = a.y;
        dydt[5] = a.z;
    }
}

/// The result of a free flight to impact.
#[derive(Debug, Clone, PartialEq)]
pub struct FreeFlight {
    /// Time of impact since the flight's t = 0, s.
    pub impact_t_s: f64,
    /// Impact point (height 0).
    pub impact: Geodetic,
    /// ECI position at impact, m.
    pub impact_r_eci: Vector3<f64>,
    /// ECI velocity at impact, m/s.
    pub impact_v_eci: Vector3<f64>,
    /// Highest altitude reached after the start, m.
    pub apogee_alt_m: f64,
    /// Time of the apogee, s.
    pub apogee_t_s: f64,
    /// Samples at the requested times (those before impact).
    pub samples: Vec<Sample>,
    /// Accepted integration steps.
    pub steps: usize,
    /// The flight from the start to impact as integrated, when recorded ([`fly_recorded`]; empty otherwise), to be
    /// sampled at any time by [`RecordedPath::state_at`] without flying it again.
    pub path: RecordedPath,
}

/// Osculating (Keplerian, point-mass) perigee radius of an inertial state, m.
pub fn perigee_radius_m(r: &Vector3<f64>, v: &Vector3<f64>) -> f64 {
    let rn = r.norm();
    let energy = 0.5 * v.norm_squared() - GM_M3_S2 / rn;
    let h2 = r.cross(v).norm_squared();
    let e = (1.0 + 2.0 * energy * h2 / (GM_M3_S2 * GM_M3_S2))
        .max(0.0)
        .sqrt();
    let p = h2 / GM_M3_S2;
    p / (1.0 + e)
}

/// The equations, stepper and tracker of a free flight from (`r0`, `v0`) at `t0_s`; with drag, steps end at the
/// atmosphere's layer boundaries.
fn start<'a>(
    earth: &'a EarthModel,
    t0_s: f64,
    r0: Vector3<f64>,
    v0: Vector3<f64>,
    options: &FlightOptions,
    sample_times: &'a [f64],
) -> (FreeFlightOde<'a>, Dop853<6>, Tracker<'a>) {
    let mut ode = FreeFlightOde::new(earth, options.beta_kg_m2);
    let y0 = [r0.x, r0.y, r0.z, v0.x, v0.y, v0.z];
    let stepper = Dop853::new(&mut ode, t0_s, y0, options.tolerances);
    let mut tracker = Tracker::new(earth, sample_times);
    if options.beta_kg_m2.is_some() {
        tracker.kinks_m = &atmosphere::LAYER_BOUNDARIES_M;
    }
    (ode, stepper, tracker)
}

/// Flies a point mass from the inertial state (`r0`, `v0`) at time `t0_s` to impact, sampling at `sample_times`
/// (ascending, s since the flight's t = 0).
pub fn fly(
    earth: &EarthModel,
    t0_s: f64,
    r0: Vector3<f64>,
    v0: Vector3<f64>,
    options: &FlightOptions,
    sample_times: &[f64],
) -> Result<FreeFlight, FlightError> {
    fly_with(earth, t0_s, r0, v0, options, sample_times, false)
}

/// [`fly`], also recording the flight as integrated in [`FreeFlight::path`] (the same steps, so the same impact;
/// a few more derivative evaluations for the dense output of the long mid-course steps).
pub fn fly_recorded(
    earth: &EarthModel,
    t0_s: f64,
    r0: Vector3<f64>,
    v0: Vector3<f64>,
    options: &FlightOptions,
    sample_times: &[f64],
) -> Result<FreeFlight, FlightError> {
    fly_with(earth, t0_s, r0, v0, options, sample_times, true)
}

fn fly_with(
    earth: &EarthModel,
    t0_s: f64,
    r0: Vector3<f64>,
    v0: Vector3<f64>,
    options: &FlightOptions,
    sample_times: &[f64],
    record: bool,
) -> Result<FreeFlight, FlightError> {
    if let Some(beta) = options.beta_kg_m2 {
        if !beta.is_finite() || beta <= 0.0 {
            return Err(invalid(
                "--beta-kg-m2",
                beta,
                "the ballistic coefficient must be a finite number of kg/m² above 0",
            ));
        }
    }
    let rp = perigee_radius_m(&r0, &v0);
    if options.beta_kg_m2.is_none() && rp > earth.ellipsoid().a_m {
        return Err(FlightError::NoImpact {
            reason: format!(
                "it is in orbit, with a perigee {:.0} km above the equatorial radius",
                (rp - earth.ellipsoid().a_m) / 1000.0
            ),
        });
    }
    let (mut ode, mut stepper, mut tracker) = start(earth, t0_s, r0, v0, options, sample_times);
    if record {
        tracker.path = Some(RecordedPath::default());
    }
    let t_limit = t0_s + options.max_flight_time_s;
    match run(&mut stepper, &mut ode, t_limit, true, &mut tracker)? {
        SegmentEnd::Impact(t, y) => {
            let r = Vector3::new(y[0], y[1], y[2]);
            let mut impact = earth.eci_to_geodetic(t, &r);
            impact.alt_m = 0.0;
            Ok(FreeFlight {
                impact_t_s: t,
                impact,
                impact_r_eci: r,
                impact_v_eci: Vector3::new(y[3], y[4], y[5]),
                apogee_alt_m: tracker.apogee_alt_m,
                apogee_t_s: tracker.apogee_t_s,
                samples: tracker.samples,
                steps: stepper.stats().accepted,
                path: tracker.path.unwrap_or_default(),
            })
        }
        SegmentEnd::Reached => Err(FlightError::NoImpact {
            reason: format!(
                "no impact within {:.0} s of flight",
                options.max_flight_time_s
            ),
        }),
    }
}

/// Samples a free flight at `sample_times` (ascending, s since the flight's t = 0) until the last of them or impact,
/// whichever comes first; unlike [`fly`] it does not need the body to come down (an interceptor's kill vehicle may
/// be on an orbit-like coast within its flight time).
pub fn sample_path(
    earth: &EarthModel,
    t0_s: f64,
    r0: Vector3<f64>,
    v0: Vector3<f64>,
    options: &FlightOptions,
    sample_times: &[f64],
) -> Result<Vec<Sample>, FlightError> {
    let Some(&t_end) = sample_times.last() else {
        return Ok(Vec::new());
    };
    let (mut ode, mut stepper, mut tracker) = start(earth, t0_s, r0, v0, options, sample_times);
    run(&mut stepper, &mut ode, t_end.max(t0_s), true, &mut tracker)?;
    Ok(tracker.samples)
}
