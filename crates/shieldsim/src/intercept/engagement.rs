//! The engagement of one threat trajectory by a defence architecture: the timeline from first detection to
//! launch, the intercept window, and the shoot-look-shoot opportunities.
//!
//! Model (the timeline of the open literature, e.g. the US National Research Council's 2012 study and the
//! fly-out analyses of Wilkening and of Postol):
//!
//! 1. **Cue.** Space-based early warning reports a boosting missile after its delay
//!    ([`EarlyWarning`]); any radar's track also cues the other radars from the moment it is established. A cued
//!    radar searches with its full detection range, an uncued one with
//!    [`Radar::uncued_range_fraction`] of it.
//! 2. **Detection and track.** A radar detects the threat when it is within its detection range for the threat's
//!    current radar cross-section ([`Signature`]: booster, then re-entry vehicle), inside its field of regard and
//!    above the Earth's limb. Its track is established once the threat has stayed detectable for the radar's
//!    `track_time_s`.
//! 3. **Commit and launch.** A site may launch on the track of a fire-control radar at the site (within
//!    [`ORGANIC_RADAR_DISTANCE_M`]) or, with launch-on-remote, on any fire-control radar's track. Earliest launch
//!    = earliest usable track + decision delay + the interceptor's readiness delay.
//! 4. **Intercept window.** Every time t before impact at which the threat is inside the kill vehicle's altitude
//!    band and an interceptor launched at or after the earliest launch can reach it: t − τ(t) ≥ earliest launch,
//!    with τ(t) the minimum fly-out time to the threat's (ground range, altitude) from the site's
//!    [`ReachTable`](super::ReachTable), at most the kill vehicle's maximum flight time.
//! 5. **Shots.** Shoot-look-shoot: the first shot intercepts at the window's earliest time; each next shot is
//!    launched no earlier than the previous intercept plus the kill-assessment delay, and intercepts as early as
//!    the window then allows. The count of intercepts that fit before the window closes, over all sites (each shot
//!    from whichever site intercepts first).
//!
//! Geometry of the fly-out: ground range is the great-circle distance from the site to the threat's sub-point on a
//! sphere of the reach table's radius, at the intercept time, and altitude the threat's height above the
//! ellipsoid; the fly-out itself is the site-independent fan of the reach table (no Earth rotation during the
//! fly-out). The trajectory is scanned at its samples and each change of state located by bisection to
//! [`TIME_TOLERANCE_S`]; a visibility or reach interval shorter than the sample spacing (1–5 s) can be missed.

use std::f64::consts::PI;
use std::sync::Arc;

use nalgebra::Vector3;

use crate::earth::{EarthModel, Geodetic};
use crate::flight::SampledTrajectory;
use crate::sensors::{EarlyWarning, Radar, RadarView, SensorError, Signature};

use super::interceptor::Interceptor;
use super::site_envelope::{FlyOut, SiteEnvelope, SiteFrame};

/// Largest distance between a radar and a site for the radar to count as the site's own (organic) fire-control
/// radar, m: an Aegis ship's or an Aegis Ashore deckhouse's SPY-1, a THAAD battery's AN/TPY-2.
pub const ORGANIC_RADAR_DISTANCE_M: f64 = 10_000.0;

/// Precision of every located event time (detection, track, window edges), s.
pub const TIME_TOLERANCE_S: f64 = 0.01;

/// Why an architecture cannot be evaluated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngagementError {
    /// A parameter is outside what is physically possible or allowed.
    #[error("{field} = {value}: {expected}")]
    InvalidInput {
        /// The parameter's name as a user writes it.
        field: String,
        /// The offending value, as text.
        value: String,
        /// What is allowed.
        expected: String,
    },
    /// A radar, early-warning or signature parameter is invalid.
    #[error(transparent)]
    Sensor(#[from] SensorError),
    /// A site's interceptor envelope could not be built.
    #[error("site {site}: {error}")]
    Interceptor {
        /// Site name.
        site: String,
        /// The engine's error.
        error: Box<crate::flight::FlightError>,
    },
}

/// An interceptor site: a position and the interceptor type it fields.
#[derive(Debug, Clone)]
pub struct InterceptorSite {
    /// Name, used in outputs.
    pub name: String,
    /// Launch position (geodetic; the height is not used by the site-independent reach table).
    pub position: Geodetic,
    /// The interceptor type, with its reach table.
    pub interceptor: Interceptor,
}

/// A defence: sensors, interceptor sites and the rules that join them.
#[derive(Debug, Clone)]
pub struct Architecture {
    /// Ground- and sea-based radars.
    pub radars: Vec<Radar>,
    /// Space-based early warning, if any.
    pub early_warning: Option<EarlyWarning>,
    /// Interceptor sites.
    pub sites: Vec<InterceptorSite>,
    /// Time from a fire-control track to the launch decision, s.
    pub decision_delay_s: f64,
    /// Whether a site may launch on another (remote) radar's track.
    pub launch_on_remote: bool,
}

impl Architecture {
    /// Builds every site's reach envelope on `earth` (each distinct interceptor and latitude once, in parallel). An
    /// engagement builds a missing one itself; call this first so that a parallel loop of engagements does not wait.
    pub fn prepare_envelopes(&self, earth: &EarthModel) -> Result<(), EngagementError> {
        let sites: Vec<(&super::Interceptor, f64)> = self
            .sites
            .iter()
            .map(|s| (&s.interceptor, s.position.lat_rad))
            .collect();
        super::prepare_envelopes(earth, &sites).map_err(|e| EngagementError::Interceptor {
            site: "(building the reach envelopes)".into(),
            error: Box::new(e),
        })
    }

    /// Checks every radar, the early warning and the delays.
    pub fn validate(&self) -> Result<(), EngagementError> {
        for r in &self.radars {
            r.validate()?;
        }
        if let Some(ew) = &self.early_warning {
            ew.validate()?;
        }
        if !self.decision_delay_s.is_finite() || self.decision_delay_s < 0.0 {
            return Err(EngagementError::InvalidInput {
                field: "decision_delay_s".into(),
                value: self.decision_delay_s.to_string(),
                expected: "the decision delay must be a finite number of seconds, 0 or more".into(),
            });
        }
        for s in &self.sites {
            let lat = s.position.lat_deg();
            if !lat.is_finite() || lat.abs() > 90.0 || !s.position.lon_rad.is_finite() {
                return Err(EngagementError::InvalidInput {
                    field: format!("site {} position", s.name),
                    value: format!("{lat},{}", s.position.lon_deg()),
                    expected: "latitude in [-90, 90] and a finite longitude, degrees".into(),
                });
            }
        }
        Ok(())
    }
}

/// When one radar first detects the threat and establishes its track.
#[derive(Debug, Clone, PartialEq)]
pub struct RadarTimeline {
    /// Radar id.
    pub radar: String,
    /// First detection, s after threat launch.
    pub first_detect_s: Option<f64>,
    /// Track established, s after threat launch.
    pub track_s: Option<f64>,
    /// When a cue (early warning or another radar's track) reached this radar, s.
    pub cue_s: Option<f64>,
    /// Whether its track can commit an interceptor.
    pub fire_control: bool,
}

/// The track that lets a site launch.
#[derive(Debug, Clone, PartialEq)]
pub struct Commit {
    /// Index of the radar in [`Architecture::radars`].
    pub radar: usize,
    /// Its track time, s after threat launch.
    pub track_s: f64,
}

/// One possible intercept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterceptPoint {
    /// Intercept time, s after threat launch.
    pub t_s: f64,
    /// Where (geodetic; height above the ellipsoid).
    pub position: Geodetic,
    /// Interceptor fly-out time (the fastest fly-out to that point), s.
    pub interceptor_flight_s: f64,
    /// Interceptor launch time, s after threat launch.
    pub launch_s: f64,
    /// Speed of the threat relative to the kill vehicle, m/s.
    pub closing_speed_mps: f64,
    /// Angle between the kill vehicle's and the threat's velocities, rad: π head-on, 0 a tail chase.
    pub crossing_angle_rad: f64,
    /// Index of the site in [`Architecture::sites`].
    pub site: usize,
}

/// The times at which intercepts are possible.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// The first possible intercept.
    pub earliest: InterceptPoint,
    /// The last possible intercept.
    pub latest: InterceptPoint,
    /// Total time during which an intercept is possible (the intervals' summed length), s.
    pub duration_s: f64,
    /// The intervals of possible intercept times, s after threat launch, ascending and disjoint.
    pub intervals: Vec<[f64; 2]>,
}

/// Why a site (or the whole defence) cannot engage, or that it can.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// An intercept window exists.
    Engageable,
    /// No radar ever detects the threat.
    NeverDetected,
    /// Radars detect the threat, but none establishes a track (it leaves coverage too soon).
    NoTrack,
    /// Tracks exist, but none usable by this site: only non-fire-control radars, or remote radars with
    /// launch-on-remote off.
    NoFireControlTrack {
        /// Whether a remote fire-control track existed (so launch-on-remote would help).
        remote_track_exists: bool,
    },
    /// The threat never comes within the site's fly-out envelope.
    OutOfReach,
    /// The threat is within the fly-out envelope only outside the kill vehicle's altitude band.
    OutsideAltitudeBand {
        /// Whether the reachable points lie below the band (else above it).
        below: bool,
    },
    /// Within reach in the band, but the kill vehicle's limit (closing speed or crossing angle) refuses every such
    /// intercept.
    KillVehicleLimit {
        /// Which limit.
        limit: KillVehicleLimit,
        /// The best value found where the threat is within reach (m/s for the closing speed, rad for the angle).
        best: f64,
        /// The kill vehicle's limit, same unit.
        required: f64,
    },
    /// Reachable in the band, but only by launching before the earliest launch.
    TrackTooLate {
        /// Earliest launch, s after threat launch.
        earliest_launch_s: f64,
        /// Latest launch that still reaches the threat in the band, s.
        latest_useful_launch_s: f64,
    },
}

/// A kinematic limit of the kill vehicle (see [`InterceptorSpec`](super::InterceptorSpec)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KillVehicleLimit {
    /// The lowest closing speed at which it can home and kill: a slower intercept is a tail chase.
    ClosingSpeed,
    /// The smallest angle between its velocity and the threat's.
    CrossingAngle,
}

/// One site's engagement.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteEngagement {
    /// Site name.
    pub site: String,
    /// Interceptor type id.
    pub interceptor: String,
    /// The track it launches on, if any.
    pub commit: Option<Commit>,
    /// Earliest launch, s after threat launch.
    pub earliest_launch_s: Option<f64>,
    /// The intercept window.
    pub window: Option<Window>,
    /// Shoot-look-shoot opportunities from this site alone.
    pub shots: usize,
    /// Engageable, or why not.
    pub verdict: Verdict,
}

/// The engagement of one threat by an architecture.
#[derive(Debug, Clone, PartialEq)]
pub struct Engagement {
    /// Whether any site has an intercept window.
    pub engageable: bool,
    /// In words: the window, or why there is none.
    pub reason: String,
    /// When early warning cued the radars, s after threat launch.
    pub early_warning_cue_s: Option<f64>,
    /// Every radar's timeline, in architecture order.
    pub radars: Vec<RadarTimeline>,
    /// Every site's engagement, in architecture order.
    pub sites: Vec<SiteEngagement>,
    /// The track of the site that intercepts first (else that launches first).
    pub commit: Option<Commit>,
    /// Earliest launch over all sites, s.
    pub earliest_launch_s: Option<f64>,
    /// The combined window of all sites.
    pub window: Option<Window>,
    /// Shoot-look-shoot opportunities over all sites.
    pub shots: usize,
    /// Threat impact, s after launch.
    pub impact_t_s: f64,
}

/// Visibility of the threat to one radar at time t, given the radar's cue time.
struct RadarScan<'a> {
    view: RadarView<'a>,
    signature: Signature,
    burnout_t_s: f64,
    cue_s: f64,
}

impl RadarScan<'_> {
    fn visible(&self, t: f64, r: &Vector3<f64>) -> bool {
        let radar = self.view.radar();
        let mut range = radar.detection_range_m(self.signature.rcs_m2(t, self.burnout_t_s));
        if t < self.cue_s {
            range *= radar.uncued_range_fraction;
        }
        self.view.detectable(r, range)
    }

    /// First detection and track times.
    fn timeline(&self, path: &SampledTrajectory) -> (Option<f64>, Option<f64>) {
        let times = path.times_s();
        let pos = path.positions_ecef_m();
        let track_time = self.view.radar().track_time_s;
        let at = |t: f64| self.visible(t, &path.position_at(t));
        let mut first = None;
        let mut run_start: Option<f64> = None;
        for i in 0..times.len() {
            let v = self.visible(times[i], &pos[i]);
            match (run_start, v) {
                (None, true) => {
                    let start = if i == 0 {
                        times[0]
                    } else {
                        bisect(times[i - 1], times[i], at)
                    };
                    first.get_or_insert(start);
                    run_start = Some(start);
                }
                (Some(start), false) => {
                    let end = bisect(times[i - 1], times[i], |t| !at(t));
                    if end - start >= track_time {
                        return (first, Some(start + track_time));
                    }
                    run_start = None;
                }
                _ => {}
            }
            if let Some(start) = run_start {
                if times[i] - start >= track_time {
                    return (first, Some(start + track_time));
                }
            }
        }
        (first, None)
    }
}

/// The earliest time in (lo, hi] at which `pred` holds, to [`TIME_TOLERANCE_S`], given it holds at hi and not
/// at lo (the upper end of the final bracket: a time at which it holds).
fn bisect(mut lo: f64, mut hi: f64, mut pred: impl FnMut(f64) -> bool) -> f64 {
    while hi - lo > TIME_TOLERANCE_S {
        let mid = 0.5 * (lo + hi);
        if pred(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The latest time in [lo, hi) at which `pred` holds, given it holds at lo and not at hi.
fn bisect_last(mut lo: f64, mut hi: f64, mut pred: impl FnMut(f64) -> bool) -> f64 {
    while hi - lo > TIME_TOLERANCE_S {
        let mid = 0.5 * (lo + hi);
        if pred(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// One site's reach along the trajectory.
struct SiteReach {
    frame: SiteFrame,
    envelope: Arc<SiteEnvelope>,
    min_alt_m: f64,
    max_alt_m: f64,
    max_flight_s: f64,
    min_closing_mps: f64,
    min_crossing_rad: f64,
    /// Per sample: the latest launch time that intercepts there (t − τ), or −∞ where no intercept is possible
    /// (out of the envelope, outside the altitude band, or beyond a kill-vehicle limit).
    latest_launch_s: Vec<f64>,
    /// Cosine of the largest central angle the envelope reaches (a cell beyond its greatest ground range).
    cos_max_angle: f64,
    /// Over the samples within reach and in the band: the highest closing speed (m/s) and crossing angle (rad), for
    /// the verdict when a kill-vehicle limit refuses every one of them.
    best_closing_mps: f64,
    best_crossing_rad: f64,
    /// Whether any sample is within reach and in the band, kill-vehicle limits aside.
    reachable_in_band: bool,
}

impl SiteReach {
    fn new(
        earth: &EarthModel,
        site: &InterceptorSite,
        path: &SampledTrajectory,
    ) -> Result<Self, EngagementError> {
        let spec = &site.interceptor.spec;
        let envelope = site
            .interceptor
            .envelope(earth, site.position.lat_rad)
            .map_err(|e| EngagementError::Interceptor {
                site: site.name.clone(),
                error: Box::new(e),
            })?;
        let max_angle = envelope.max_central_angle_rad();
        let mut me = Self {
            frame: SiteFrame::new(earth, &site.position),
            envelope,
            min_alt_m: spec.min_intercept_altitude_m,
            max_alt_m: spec.max_intercept_altitude_m,
            max_flight_s: spec.max_flight_time_s,
            min_closing_mps: spec.min_closing_speed_mps,
            min_crossing_rad: spec.min_crossing_angle_rad,
            latest_launch_s: Vec::with_capacity(path.times_s().len()),
            cos_max_angle: if max_angle < PI {
                max_angle.cos()
            } else {
                -1.0
            },
            best_closing_mps: f64::NEG_INFINITY,
            best_crossing_rad: f64::NEG_INFINITY,
            reachable_in_band: false,
        };
        let has_kv_limits = me.min_closing_mps > 0.0 || me.min_crossing_rad > 0.0;
        for (((&t, r), v), &alt) in path
            .times_s()
            .iter()
            .zip(path.positions_ecef_m())
            .zip(path.velocities_ecef_mps())
            .zip(path.altitudes_m())
        {
            let in_band = alt >= me.min_alt_m && alt <= me.max_alt_m;
            let mut g = f64::NEG_INFINITY;
            if in_band {
                if has_kv_limits {
                    if let Some(f) = me.fly_out(r, alt) {
                        me.reachable_in_band = true;
                        let (closing, crossing) = closing_and_crossing(v, &f.velocity_ecef_mps);
                        me.best_closing_mps = me.best_closing_mps.max(closing);
                        me.best_crossing_rad = me.best_crossing_rad.max(crossing);
                        if me.kv_accepts(closing, crossing) {
                            g = t - f.time_s;
                        }
                    }
                } else if let Some(tau) = me.time_to_reach_s(r, alt) {
                    me.reachable_in_band = true;
                    g = t - tau;
                }
            }
            me.latest_launch_s.push(g);
        }
        Ok(me)
    }

    /// Whether the kill vehicle can complete an intercept at this closing speed (m/s) and crossing angle (rad).
    #[inline]
    fn kv_accepts(&self, closing_mps: f64, crossing_rad: f64) -> bool {
        closing_mps >= self.min_closing_mps
            && (self.min_crossing_rad == 0.0 || crossing_rad >= self.min_crossing_rad)
    }

    /// Whether the threat is beyond the envelope's greatest central angle (no need for the envelope lookup).
    #[inline]
    fn surely_beyond(&self, r: &Vector3<f64>) -> bool {
        self.frame.unit.dot(r) < self.cos_max_angle * r.norm()
    }

    /// Minimum fly-out time to a threat at `r` (ECEF, m) and altitude `alt` (m), within the maximum flight time.
    #[inline]
    fn time_to_reach_s(&self, r: &Vector3<f64>, alt: f64) -> Option<f64> {
        if self.surely_beyond(r) {
            return None;
        }
        self.envelope
            .time_to_reach_s(&self.frame, r, alt)
            .filter(|&tau| tau <= self.max_flight_s)
    }

    /// The fastest fly-out to a threat at `r` (ECEF, m) and altitude `alt` (m), within the maximum flight time.
    #[inline]
    fn fly_out(&self, r: &Vector3<f64>, alt: f64) -> Option<FlyOut> {
        if self.surely_beyond(r) {
            return None;
        }
        self.envelope
            .fly_out(&self.frame, r, alt)
            .filter(|f| f.time_s <= self.max_flight_s)
    }

    /// Whether the threat is within the envelope anywhere below the altitude band, and anywhere above it.
    fn reachable_outside_band(&self, path: &SampledTrajectory) -> (bool, bool) {
        let (mut below, mut above) = (false, false);
        for (r, &alt) in path.positions_ecef_m().iter().zip(path.altitudes_m()) {
            if alt < self.min_alt_m && !below {
                below = self.time_to_reach_s(r, alt).is_some();
            } else if alt > self.max_alt_m && !above {
                above = self.time_to_reach_s(r, alt).is_some();
            }
        }
        (below, above)
    }

    /// Latest launch time for an intercept at time t (t − τ), or −∞.
    fn latest_launch_at(&self, earth: &EarthModel, path: &SampledTrajectory, t: f64) -> f64 {
        let (r, v) = path.state_at(t);
        let alt = earth.ellipsoid().altitude_approx_m(&r);
        if alt < self.min_alt_m || alt > self.max_alt_m {
            return f64::NEG_INFINITY;
        }
        if self.min_closing_mps > 0.0 || self.min_crossing_rad > 0.0 {
            return match self.fly_out(&r, alt) {
                Some(f) => {
                    let (closing, crossing) = closing_and_crossing(&v, &f.velocity_ecef_mps);
                    if self.kv_accepts(closing, crossing) {
                        t - f.time_s
                    } else {
                        f64::NEG_INFINITY
                    }
                }
                None => f64::NEG_INFINITY,
            };
        }
        self.time_to_reach_s(&r, alt)
            .map_or(f64::NEG_INFINITY, |tau| t - tau)
    }

    /// The intervals of intercept times with launch at or after `launch_s`.
    fn intervals(
        &self,
        earth: &EarthModel,
        path: &SampledTrajectory,
        launch_s: f64,
    ) -> Vec<[f64; 2]> {
        let times = path.times_s();
        let ok = |t: f64| self.latest_launch_at(earth, path, t) >= launch_s;
        let mut out = Vec::new();
        let mut start: Option<f64> = None;
        for (i, &g) in self.latest_launch_s.iter().enumerate() {
            let feasible = g >= launch_s;
            match (start, feasible) {
                (None, true) => {
                    start = Some(if i == 0 {
                        times[0]
                    } else {
                        bisect(times[i - 1], times[i], ok)
                    });
                }
                (Some(s), false) => {
                    out.push([s, bisect_last(times[i - 1], times[i], ok)]);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push([s, times[times.len() - 1]]);
        }
        out
    }

    /// The earliest intercept time at or after `after_s` with launch at or after `launch_s`.
    fn earliest_after(
        &self,
        earth: &EarthModel,
        path: &SampledTrajectory,
        launch_s: f64,
        after_s: f64,
    ) -> Option<f64> {
        let times = path.times_s();
        let ok = |t: f64| t >= after_s && self.latest_launch_at(earth, path, t) >= launch_s;
        let from = times.partition_point(|&t| t < after_s);
        let i = (from..times.len()).find(|&i| self.latest_launch_s[i] >= launch_s)?;
        if i == 0 {
            return Some(times[0]);
        }
        let lo = times[i - 1].max(after_s);
        if ok(lo) {
            return Some(lo);
        }
        Some(bisect(lo, times[i], ok))
    }

    fn point(
        &self,
        earth: &EarthModel,
        path: &SampledTrajectory,
        t: f64,
        site: usize,
    ) -> InterceptPoint {
        let (r, v_threat) = path.state_at(t);
        let alt = earth.ellipsoid().altitude_approx_m(&r);
        let (tau, v_kv) = match self.envelope.fly_out(&self.frame, &r, alt) {
            Some(f) => (f.time_s, f.velocity_ecef_mps),
            None => (f64::NAN, Vector3::zeros()),
        };
        let (closing, crossing) = closing_and_crossing(&v_threat, &v_kv);
        let mut position = earth.ellipsoid().to_geodetic(&crate::earth::Ecef(r));
        position.alt_m = position.alt_m.max(0.0);
        InterceptPoint {
            t_s: t,
            position,
            interceptor_flight_s: tau,
            launch_s: t - tau,
            closing_speed_mps: closing,
            crossing_angle_rad: crossing,
            site,
        }
    }
}

/// Closing speed (m/s: the threat's speed relative to the kill vehicle) and crossing angle (rad, between the two
/// velocities: π head-on, 0 a tail chase; NaN if either is at rest).
#[inline]
fn closing_and_crossing(v_threat: &Vector3<f64>, v_kv: &Vector3<f64>) -> (f64, f64) {
    let n = v_kv.norm() * v_threat.norm();
    let crossing = if n > 0.0 {
        (v_kv.dot(v_threat) / n).clamp(-1.0, 1.0).acos()
    } else {
        f64::NAN
    };
    ((v_threat - v_kv).norm(), crossing)
}

/// Radar timelines with cueing: early warning cues every radar; a radar's track cues the others.
fn radar_timelines(
    earth: &EarthModel,
    arch: &Architecture,
    path: &SampledTrajectory,
    signature: Signature,
    ew_cue: Option<f64>,
) -> Vec<RadarTimeline> {
    let n = arch.radars.len();
    let mut cue = vec![ew_cue.unwrap_or(f64::INFINITY); n];
    let mut result: Vec<(Option<f64>, Option<f64>)> = vec![(None, None); n];
    let mut stale = vec![true; n];
    // Cues only move earlier, so this settles within n rounds.
    for _ in 0..=n {
        if !stale.iter().any(|&s| s) {
            break;
        }
        for k in 0..n {
            if !stale[k] {
                continue;
            }
            let scan = RadarScan {
                view: RadarView::new(&arch.radars[k], earth),
                signature,
                burnout_t_s: path.burnout_t_s,
                cue_s: cue[k],
            };
            result[k] = scan.timeline(path);
            stale[k] = false;
        }
        for k in 0..n {
            let from_others = (0..n)
                .filter(|&j| j != k)
                .filter_map(|j| result[j].1)
                .fold(f64::INFINITY, f64::min);
            if from_others < cue[k] {
                cue[k] = from_others;
                stale[k] = true;
            }
        }
    }
    arch.radars
        .iter()
        .zip(result)
        .zip(cue)
        .map(|((radar, (first, track)), c)| RadarTimeline {
            radar: radar.id.clone(),
            first_detect_s: first,
            track_s: track,
            cue_s: c.is_finite().then_some(c),
            fire_control: radar.fire_control,
        })
        .collect()
}

/// Evaluates the engagement of the threat flying `path` with radar cross-sections `signature` by `arch`, on
/// `earth` (the model the path was flown on).
pub fn engage(
    earth: &EarthModel,
    arch: &Architecture,
    path: &SampledTrajectory,
    signature: Signature,
) -> Result<Engagement, EngagementError> {
    arch.validate()?;
    signature.validate("threat")?;
    let ew_cue = arch
        .early_warning
        .and_then(|ew| ew.cue_time_s(path.burnout_t_s));
    let radars = radar_timelines(earth, arch, path, signature, ew_cue);
    let detected = radars.iter().any(|r| r.first_detect_s.is_some());
    let tracked = radars.iter().any(|r| r.track_s.is_some());

    let mut sites = Vec::with_capacity(arch.sites.len());
    let mut reaches = Vec::with_capacity(arch.sites.len());
    for (si, site) in arch.sites.iter().enumerate() {
        let site_ecef = earth.ellipsoid().to_ecef(&site.position).0;
        let usable = |k: usize| {
            let radar = &arch.radars[k];
            radar.fire_control
                && (arch.launch_on_remote
                    || (radar.site_ecef(earth).0 - site_ecef).norm() <= ORGANIC_RADAR_DISTANCE_M)
        };
        let commit = radars
            .iter()
            .enumerate()
            .filter(|(k, _)| usable(*k))
            .filter_map(|(k, r)| {
                r.track_s.map(|t| Commit {
                    radar: k,
                    track_s: t,
                })
            })
            .min_by(|a, b| a.track_s.total_cmp(&b.track_s));
        let reach = SiteReach::new(earth, site, path)?;
        let spec = &site.interceptor.spec;
        let earliest_launch = commit
            .as_ref()
            .map(|c| c.track_s + arch.decision_delay_s + spec.readiness_delay_s);
        let mut window = None;
        let mut shots = 0;
        let best_g = reach
            .latest_launch_s
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let verdict = if !detected {
            Verdict::NeverDetected
        } else if !tracked {
            Verdict::NoTrack
        } else if commit.is_none() {
            Verdict::NoFireControlTrack {
                remote_track_exists: radars.iter().any(|r| r.fire_control && r.track_s.is_some()),
            }
        } else if best_g == f64::NEG_INFINITY {
            let (below, above) = reach.reachable_outside_band(path);
            if reach.reachable_in_band {
                if reach.best_closing_mps < reach.min_closing_mps {
                    Verdict::KillVehicleLimit {
                        limit: KillVehicleLimit::ClosingSpeed,
                        best: reach.best_closing_mps,
                        required: reach.min_closing_mps,
                    }
                } else {
                    Verdict::KillVehicleLimit {
                        limit: KillVehicleLimit::CrossingAngle,
                        best: reach.best_crossing_rad,
                        required: reach.min_crossing_rad,
                    }
                }
            } else if below || above {
                Verdict::OutsideAltitudeBand { below }
            } else {
                Verdict::OutOfReach
            }
        } else {
            let launch = earliest_launch.unwrap_or(f64::INFINITY);
            let intervals = reach.intervals(earth, path, launch);
            if intervals.is_empty() {
                Verdict::TrackTooLate {
                    earliest_launch_s: launch,
                    latest_useful_launch_s: best_g,
                }
            } else {
                let first = intervals[0][0];
                let last = intervals[intervals.len() - 1][1];
                window = Some(Window {
                    earliest: reach.point(earth, path, first, si),
                    latest: reach.point(earth, path, last, si),
                    duration_s: intervals.iter().map(|[a, b]| b - a).sum(),
                    intervals,
                });
                shots = count_shots(
                    earth,
                    path,
                    &[(&reach, launch, spec.kill_assessment_delay_s)],
                );
                Verdict::Engageable
            }
        };
        sites.push(SiteEngagement {
            site: site.name.clone(),
            interceptor: site.interceptor.id().to_string(),
            commit,
            earliest_launch_s: earliest_launch,
            window,
            shots,
            verdict,
        });
        reaches.push((reach, earliest_launch, spec.kill_assessment_delay_s));
    }

    let engageable = sites.iter().any(|s| s.window.is_some());
    let shooters: Vec<(&SiteReach, f64, f64)> = reaches
        .iter()
        .filter_map(|(r, l, ka)| l.map(|l| (r, l, *ka)))
        .collect();
    let shots = if engageable {
        count_shots(earth, path, &shooters)
    } else {
        0
    };
    let window = combine_windows(&sites);
    let lead = window.as_ref().map(|w| w.earliest.site).or_else(|| {
        sites
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.earliest_launch_s.map(|l| (i, l)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    });
    let commit = lead.and_then(|i| sites[i].commit.clone());
    let earliest_launch_s = sites
        .iter()
        .filter_map(|s| s.earliest_launch_s)
        .min_by(f64::total_cmp);
    let mut engagement = Engagement {
        engageable,
        reason: String::new(),
        early_warning_cue_s: ew_cue,
        radars,
        sites,
        commit,
        earliest_launch_s,
        window,
        shots,
        impact_t_s: path.impact_t_s(),
    };
    engagement.reason = explain(arch, &engagement);
    Ok(engagement)
}

/// Shoot-look-shoot over several shooters (reach, earliest launch, kill-assessment delay): each shot intercepts as
/// early as any shooter can; the next is launched after that intercept plus the shooter's assessment delay.
fn count_shots(
    earth: &EarthModel,
    path: &SampledTrajectory,
    shooters: &[(&SiteReach, f64, f64)],
) -> usize {
    let mut shots = 0;
    let mut not_before = f64::NEG_INFINITY;
    let mut after = f64::NEG_INFINITY;
    // Each intercept comes at least the time tolerance after the previous one (a kill-assessment delay of 0 would
    // otherwise allow any number at one instant).
    while shots < 1000 {
        let next = shooters
            .iter()
            .filter_map(|(reach, launch, ka)| {
                reach
                    .earliest_after(earth, path, launch.max(not_before), after)
                    .map(|t| (t, *ka))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let Some((t, ka)) = next else { break };
        shots += 1;
        not_before = t + ka;
        after = t + TIME_TOLERANCE_S;
    }
    shots
}

/// The union of the sites' windows.
fn combine_windows(sites: &[SiteEngagement]) -> Option<Window> {
    let windows: Vec<&Window> = sites.iter().filter_map(|s| s.window.as_ref()).collect();
    let earliest = windows
        .iter()
        .map(|w| w.earliest)
        .min_by(|a, b| a.t_s.total_cmp(&b.t_s))?;
    let latest = windows
        .iter()
        .map(|w| w.latest)
        .max_by(|a, b| a.t_s.total_cmp(&b.t_s))?;
    let mut all: Vec<[f64; 2]> = windows.iter().flat_map(|w| w.intervals.clone()).collect();
    all.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let mut merged: Vec<[f64; 2]> = Vec::new();
    for iv in all {
        match merged.last_mut() {
            Some(last) if iv[0] <= last[1] => last[1] = last[1].max(iv[1]),
            _ => merged.push(iv),
        }
    }
    Some(Window {
        earliest,
        latest,
        duration_s: merged.iter().map(|[a, b]| b - a).sum(),
        intervals: merged,
    })
}

/// The engagement's verdict in words.
fn explain(arch: &Architecture, e: &Engagement) -> String {
    if let Some(w) = &e.window {
        let site = &arch.sites[w.earliest.site];
        return format!(
            "engageable: {} ({}) can intercept from {:.0} s to {:.0} s after launch ({:.0} s of window, {} shot{}), first at {:.0} km altitude",
            site.name,
            site.interceptor.id(),
            w.earliest.t_s,
            w.latest.t_s,
            w.duration_s,
            e.shots,
            if e.shots == 1 { "" } else { "s" },
            w.earliest.position.alt_m / 1000.0
        );
    }
    if arch.sites.is_empty() {
        return "no interceptor site in the architecture".into();
    }
    if arch.radars.is_empty() {
        return "never detected: the architecture has no radar (early warning alone cannot give a fire-control track)"
            .into();
    }
    let reasons: Vec<String> = e
        .sites
        .iter()
        .zip(&arch.sites)
        .map(|(s, site)| {
            let text = site_reason(arch, e, s, site);
            if arch.sites.len() > 1 {
                format!("{}: {text}", s.site)
            } else {
                text
            }
        })
        .collect();
    let mut unique: Vec<String> = Vec::new();
    for r in reasons {
        if !unique.contains(&r) {
            unique.push(r);
        }
    }
    unique.join("; ")
}

fn site_reason(
    arch: &Architecture,
    e: &Engagement,
    s: &SiteEngagement,
    site: &InterceptorSite,
) -> String {
    let spec = &site.interceptor.spec;
    match &s.verdict {
        Verdict::Engageable => "engageable".into(),
        Verdict::NeverDetected => {
            let cue = match e.early_warning_cue_s {
                Some(c) => format!(" (early warning cued them at {c:.0} s)"),
                None => String::new(),
            };
            format!("never detected: no radar sees the threat{cue}; it stays beyond their range, below their horizon or outside their field of regard")
        }
        Verdict::NoTrack => "no track: radars detect the threat but it leaves their coverage before a track is established".into(),
        Verdict::NoFireControlTrack { remote_track_exists } => {
            let trackers: Vec<&str> = e
                .radars
                .iter()
                .filter(|r| r.track_s.is_some())
                .map(|r| r.radar.as_str())
                .collect();
            if *remote_track_exists && !arch.launch_on_remote {
                format!(
                    "no fire-control track at the site: only remote radars ({}) track the threat and launch-on-remote is off",
                    trackers.join(", ")
                )
            } else {
                format!(
                    "no fire-control track: only early-warning radars ({}) track the threat, and their tracks cannot commit an interceptor",
                    trackers.join(", ")
                )
            }
        }
        Verdict::OutOfReach => format!(
            "out of reach: the threat never comes within the {} fly-out envelope ({:.0} km ground range, {:.0} km altitude within {:.0} s)",
            spec.id(),
            site.interceptor.reach.max_range_m / 1000.0,
            site.interceptor.reach.max_altitude_m / 1000.0,
            spec.max_flight_time_s
        ),
        Verdict::KillVehicleLimit {
            limit: KillVehicleLimit::ClosingSpeed,
            best,
            required,
        } => format!(
            "tail chase: where the threat is within reach the closing speed is at most {:.1} km/s, below the {} kill vehicle's {:.1} km/s",
            best / 1000.0,
            spec.id(),
            required / 1000.0
        ),
        Verdict::KillVehicleLimit {
            limit: KillVehicleLimit::CrossingAngle,
            best,
            required,
        } => format!(
            "crossing angle: where the threat is within reach the kill vehicle meets it at most {:.0} deg off a tail chase, below its {:.0} deg",
            best.to_degrees(),
            required.to_degrees()
        ),
        Verdict::OutsideAltitudeBand { below: true } => format!(
            "below the altitude band: the threat is within reach only below {:.0} km, the {}'s lowest intercept altitude",
            spec.min_intercept_altitude_m / 1000.0,
            spec.id()
        ),
        Verdict::OutsideAltitudeBand { below: false } => format!(
            "above the altitude band: the threat is within reach only above {:.0} km, the {}'s highest intercept altitude",
            spec.max_intercept_altitude_m / 1000.0,
            spec.id()
        ),
        Verdict::TrackTooLate {
            earliest_launch_s,
            latest_useful_launch_s,
        } => format!(
            "track too late: the earliest launch is {earliest_launch_s:.0} s after threat launch, but an intercept in reach needs a launch by {latest_useful_launch_s:.0} s"
        ),
    }
}
