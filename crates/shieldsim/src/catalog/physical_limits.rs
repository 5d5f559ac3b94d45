//! Physical limits of a catalogue rocket beyond the engine's parameter checks ([`Missile::validate`],
//! [`InterceptorSpec::validate`]), checked when an entry is loaded (the built-in catalogue, and a scenario file's own
//! `[[missile]]` and `[[interceptor]]` tables) and so before any fly-out is flown:
//!
//! - **Burn-out speed below escape speed.** The stages' ideal velocity increment (the rocket equation,
//!   Δv = Σ g0·Isp·ln(m0/m1), in vacuum and without gravity: an upper bound of what the boost adds) plus the Earth's
//!   equatorial surface speed must stay below the escape speed at the surface, √(2GM/a) ≈ 11.18 km/s. A rocket that
//!   could leave the Earth is no ballistic missile or interceptor, and its fly-outs never come back: each is flown to
//!   its time limit, sampled all the way. The built-in entries reach at most 9.9 km/s (a 9 km/s GBI).
//! - **Burn time and acceleration.** A stage burns for [`MIN_BURN_TIME_S`] to [`MAX_BURN_TIME_S`] and its vacuum
//!   thrust accelerates it at most [`MAX_ACCELERATION_G`] at burn-out (when it is lightest). A 10⁻³⁰⁰ s burn would
//!   otherwise give a thrust no integrator can follow, and the failure would show up only as "targeting did not
//!   converge" in the middle of an assessment.
//! - **An interceptor's reach table fits in memory.** The table and the per-site envelopes are flown from fans of
//!   fly-outs sampled every 2 s up to the kill vehicle's longest fly-out ([`ReachTableSpec::for_flight_time`]) and
//!   gridded in 5 km cells up to the greatest range and altitude reached. [`reach_cost`] bounds what that
//!   needs from the burn-out speed bound and the flight time; above [`REACH_MEMORY_LIMIT_BYTES`] (or above the reach
//!   grid's own cell limit) the entry is refused at load rather than after minutes of fly-outs. The built-in
//!   interceptors need at most about 0.2 GB.

use std::f64::consts::PI;

use crate::earth::constants::{G0_M_S2, GM_M3_S2, OMEGA_RAD_S, WGS84_A_M};
use crate::flight::rocket::Missile;
use crate::flight::{invalid, FlightError};
use crate::intercept::site_envelope::{AZIMUTHS, ENVELOPE_FAN_SIZE, MAX_CELLS_PER_BEARING};
use crate::intercept::{InterceptorSpec, ReachTableSpec, MAX_REACH_CELLS};
use crate::text::number;

/// Escape speed at the equatorial surface, m/s: √(2GM/a) with the WGS 84 GM and a (≈ 11,180 m/s).
pub fn escape_speed_mps() -> f64 {
    (2.0 * GM_M3_S2 / WGS84_A_M).sqrt()
}

/// Highest acceleration of a stage at burn-out, in g0: ten times the 100 g of the fastest interceptor ever fielded,
/// the US Sprint (1970s). The built-in entries reach at most 38 g.
pub const MAX_ACCELERATION_G: f64 = 1000.0;

/// Shortest burn of a stage, s: a tenth of Sprint's first stage (about 1.2 s), the shortest of any missile-defence
/// interceptor; ballistic-missile stages burn for about 50–190 s.
pub const MIN_BURN_TIME_S: f64 = 0.1;

/// Longest burn of a stage, s: an hour, twenty times the longest ballistic-missile stage burns (about 3 minutes).
pub const MAX_BURN_TIME_S: f64 = 3600.0;

/// Memory an interceptor's reach table and site envelopes may need, bytes: 2 GiB, the limit a footprint's results
/// may take (`analysis::footprint::MEMORY_LIMIT_BYTES`).
pub const REACH_MEMORY_LIMIT_BYTES: f64 = 2.0 * 1024.0 * 1024.0 * 1024.0;

/// The ideal velocity increment of `m` plus the Earth's equatorial surface speed, m/s: an upper bound of its
/// inertial burn-out speed.
pub fn burnout_speed_bound_mps(m: &Missile) -> f64 {
    m.ideal_delta_v_mps() + OMEGA_RAD_S * WGS84_A_M
}

/// Checks burn times, accelerations and the burn-out speed bound of a valid rocket ([`Missile::validate`] first);
/// the error names the stage and key to change, as `<id>: stage N isp_vac_s`.
pub fn check_rocket(m: &Missile) -> Result<(), FlightError> {
    for (i, s) in m.stages.iter().enumerate() {
        if !(MIN_BURN_TIME_S..=MAX_BURN_TIME_S).contains(&s.burn_time_s) {
            return Err(invalid(
                &format!("{}: stage {} burn_time_s", m.id, i + 1),
                number(s.burn_time_s),
                &format!(
                    "a burn time from {MIN_BURN_TIME_S} s to {MAX_BURN_TIME_S} s (rocket stages burn for about a \
                     second to a few minutes)"
                ),
            ));
        }
    }
    // The velocity each stage adds (rocket equation) and its acceleration at burn-out, when it is lightest.
    let mut above = m.launch_mass_kg();
    let mut stages = Vec::with_capacity(m.stages.len());
    for s in &m.stages {
        let burnout_mass = above - s.propellant_mass_kg;
        let dv = G0_M_S2 * s.isp_vac_s * (above / burnout_mass).ln();
        stages.push((dv, s.thrust_vac_n() / burnout_mass / G0_M_S2));
        above -= s.gross_mass_kg;
    }
    let bound = burnout_speed_bound_mps(m);
    let escape = escape_speed_mps();
    if bound.is_nan() || bound >= escape {
        // Point at the stage that adds the most.
        let (k, (dv, _)) =
            stages
                .iter()
                .enumerate()
                .fold((0, (f64::NEG_INFINITY, 0.0)), |best, (i, s)| {
                    if s.0 > best.1 .0 {
                        (i, *s)
                    } else {
                        best
                    }
                });
        return Err(invalid(
            &format!("{}: stage {} isp_vac_s", m.id, k + 1),
            number(m.stages[k].isp_vac_s),
            &format!(
                "stages whose ideal velocity increment (rocket equation, no gravity or drag) plus the Earth's \
                 rotation stays below the escape speed, {:.2} km/s: these reach {} km/s (stage {} adds {} km/s), \
                 a rocket that would leave the Earth",
                escape / 1000.0,
                number((bound / 10.0).round() / 100.0),
                k + 1,
                number((dv / 10.0).round() / 100.0),
            ),
        ));
    }
    for (i, (s, &(_, g))) in m.stages.iter().zip(&stages).enumerate() {
        if g.is_nan() || g > MAX_ACCELERATION_G {
            return Err(invalid(
                &format!("{}: stage {} burn_time_s", m.id, i + 1),
                number(s.burn_time_s),
                &format!(
                    "a burn long enough that the stage accelerates at most {MAX_ACCELERATION_G} g (this burn \
                     reaches {} g at burn-out, with a vacuum thrust of {} kN)",
                    number(g.round()),
                    number((s.thrust_vac_n() / 1000.0).round())
                ),
            ));
        }
    }
    Ok(())
}

/// What building an interceptor's reach needs, from its rocket's burn-out speed bound and its longest fly-out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReachCost {
    /// Samples of every fly-out (the site-independent fan and one site envelope's fans), at most.
    pub samples: f64,
    /// Cells of the site-independent reach grid, at most.
    pub grid_cells: f64,
    /// Memory, bytes, at most (the fan kept for gridding, the grid, one site envelope with two fans in flight).
    pub memory_bytes: f64,
}

/// An upper bound of what building the reach of `spec` needs (see the module documentation): fly-outs sampled every
/// 2 s up to the longest fly-out, to at most the altitude of a vertical shot at the burn-out speed bound and half
/// the Earth's circumference (or what the escape speed covers in the longest fly-out, if less).
pub fn reach_cost(spec: &InterceptorSpec) -> ReachCost {
    let table = ReachTableSpec::for_flight_time(spec.max_flight_time_s);
    let t = spec.max_flight_time_s.max(0.0);
    let samples_per_flyout = (t / table.sample_step_s).ceil() + 1.0;
    let v = burnout_speed_bound_mps(&spec.rocket).max(0.0);
    let mu_over_a = GM_M3_S2 / WGS84_A_M;
    // Vertical shot: v²/2 − μ/a = −μ/(a + h).
    let apex_m = if v * v < 2.0 * mu_over_a {
        WGS84_A_M * v * v / (2.0 * mu_over_a - v * v)
    } else {
        f64::INFINITY
    };
    let fastest = v.max(escape_speed_mps());
    let max_range = (PI * WGS84_A_M).min(fastest * t);
    let max_alt = apex_m.min(fastest * t);
    let grid_cells =
        (max_range / table.range_step_m + 2.0) * (max_alt / table.altitude_step_m + 2.0);
    let fan = (table.fan_size + 1) as f64;
    let envelope_fan = (ENVELOPE_FAN_SIZE + 1) as f64;
    const FAN_POINT_2: f64 = 32.0; // ((range, altitude), [2 values]) in f64
    const FAN_POINT_4: f64 = 48.0; // ((range, altitude), [4 values]) in f64
    const SAMPLE: f64 = 56.0; // time, position, velocity in f64
    const GRID_CELL: f64 = 24.0; // time and two values in f64
    const ENVELOPE_CELL: f64 = 16.0 + 20.0; // time and velocity in f32, and a fan's gridded node
    let memory_bytes = fan * samples_per_flyout * FAN_POINT_2
        + 2.0 * samples_per_flyout * SAMPLE
        + grid_cells * GRID_CELL
        + 2.0 * envelope_fan * samples_per_flyout * FAN_POINT_4
        + (AZIMUTHS * MAX_CELLS_PER_BEARING) as f64 * ENVELOPE_CELL;
    ReachCost {
        samples: (fan + AZIMUTHS as f64 * envelope_fan) * samples_per_flyout,
        grid_cells,
        memory_bytes,
    }
}

/// Checks that the reach of a valid interceptor ([`InterceptorSpec::validate`] first) can be built within
/// [`REACH_MEMORY_LIMIT_BYTES`] and the reach grid's cell limit; the error names `<id>: max_flight_time_s`.
pub fn check_reach(spec: &InterceptorSpec) -> Result<(), FlightError> {
    let cost = reach_cost(spec);
    if cost.memory_bytes <= REACH_MEMORY_LIMIT_BYTES && cost.grid_cells <= MAX_REACH_CELLS as f64 {
        return Ok(());
    }
    Err(invalid(
        &format!("{}: max_flight_time_s", spec.id()),
        number(spec.max_flight_time_s),
        &format!(
            "a longest fly-out whose reach table fits in {} GiB of memory and {} million cells: this one could \
             need {} GiB ({} million fly-out samples, a grid of {} million 5 km cells); a kill vehicle's longest \
             fly-out is minutes, not hours",
            number(REACH_MEMORY_LIMIT_BYTES / (1u64 << 30) as f64),
            MAX_REACH_CELLS / 1_000_000,
            number((cost.memory_bytes / (1u64 << 30) as f64 * 10.0).ceil() / 10.0),
            number((cost.samples / 1e6).round()),
            number((cost.grid_cells / 1e6).round()),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_speed_is_the_published_value() {
        // NASA's Earth Fact Sheet gives 11.186 km/s for the volumetric mean radius, 6371.0 km; the escape speed
        // scales as 1/√r.
        let at_mean_radius = escape_speed_mps() * (WGS84_A_M / 6_371_000.0).sqrt();
        assert!((at_mean_radius - 11_186.0).abs() < 1.0, "{at_mean_radius}");
    }
}
