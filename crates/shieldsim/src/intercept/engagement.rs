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
//! 3. **Commit and launch.** Who may launch on whose track is data ([`Architecture::links`], each sensor's
//!    [`SensorRole`], each site's [`LaunchRule`]): a site launches on its own fire-control radar's track (within
//!    [`ORGANIC_RADAR_DISTANCE_M`]), on a linked sensor's track, on the space-based cue, or at a stated time after
//!    threat launch or burn-out. Earliest launch = the enabling track or cue + decision delay + the interceptor's
//!    readiness delay (a scheduled launch is the stated time itself). An intercept also needs a guiding track by its
//!    time: the site's own radar, or a sensor reached through an engage-on-remote link.
//! 4. **Intercept window.** Every time t before impact at which the threat is inside the kill vehicle's altitude
//!    band, an interceptor launched at or after the earliest launch can reach it — t − τ(t) ≥ earliest launch, with
//!    τ(t) the minimum fly-out time from the site's [`SiteEnvelope`] (on the rotating Earth, by bearing, ground range
//!    and altitude), at most the kill vehicle's maximum flight time — and the kill vehicle's limits hold on that
//!    fastest fly-out: closing speed at least its minimum, crossing angle at least its minimum.
//! 5. **Shots.** Shoot-look-shoot: the first shot intercepts at the window's earliest time; each next shot is
//!    launched no earlier than the previous intercept plus the kill-assessment delay, and intercepts as early as
//!    the window then allows. The count of intercepts that fit before the window closes, over all sites (each shot
//!    from whichever site intercepts first).
//!
//! Geometry of the fly-out: the threat's Earth-fixed position at the intercept time is located from the site by
//! bearing, central angle and height above the ellipsoid, and looked up in the site's envelope, whose fans were flown
//! on the same rotating Earth; the kill vehicle's arrival velocity is relative to the Earth, like the threat's. The
//! trajectory is scanned at its samples and each change of state located by bisection to
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
    /// When it launches.
    pub launch_rule: LaunchRule,
}

/// What a sensor's track may do in an architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SensorRole {
    /// Its track only cues other sensors (an early-warning radar outside the fire-control chain).
    Cue,
    /// Its track can commit launches and support the intercept of the sites linked to it (an upgraded
    /// early-warning radar acting as a sensor of the ground-based midcourse system, Cobra Dane, the SBX).
    Commit,
    /// [`SensorRole::Commit`], plus it serves a co-located site (within [`ORGANIC_RADAR_DISTANCE_M`]) directly,
    /// without any link: an Aegis SPY-1, a THAAD battery's AN/TPY-2.
    FireControl,
}

impl SensorRole {
    /// Every role, in the order of [`SensorRole::name`]'s documentation.
    pub const ALL: [SensorRole; 3] = [Self::Cue, Self::Commit, Self::FireControl];

    /// The default role of a radar: fire-control if its catalogue entry says so, else cue.
    pub fn default_for(radar: &Radar) -> Self {
        if radar.fire_control {
            Self::FireControl
        } else {
            Self::Cue
        }
    }

    /// The name used in files and outputs: `cue`, `commit` or `fire-control`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cue => "cue",
            Self::Commit => "commit",
            Self::FireControl => "fire-control",
        }
    }

    /// The role named `name` ([`SensorRole::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }

    /// Whether this role's track can commit a launch (through a link, or directly at a co-located site).
    pub fn can_commit(self) -> bool {
        self != Self::Cue
    }
}

/// What a link lets its sensors' tracks do for its sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// A linked sensor's track can commit the launch and guide the intercept (the ground-based midcourse system's
    /// network; Aegis engage-on-remote).
    EngageOnRemote,
    /// A linked sensor's track can commit the launch, but the intercept needs the site's own fire-control radar's
    /// track by the intercept time (Aegis launch-on-remote).
    LaunchOnRemote,
}

impl LinkKind {
    /// Every kind.
    pub const ALL: [LinkKind; 2] = [Self::EngageOnRemote, Self::LaunchOnRemote];

    /// The name used in files and outputs: `engage-on-remote` or `launch-on-remote`.
    pub fn name(self) -> &'static str {
        match self {
            Self::EngageOnRemote => "engage-on-remote",
            Self::LaunchOnRemote => "launch-on-remote",
        }
    }

    /// The kind named `name` ([`LinkKind::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A network joining sensors to interceptor sites.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Name, used in outputs (`gmd`, `aegis-lor`).
    pub name: String,
    /// What the link lets the sensors' tracks do.
    pub kind: LinkKind,
    /// Indices of the linked sensors in [`Architecture::radars`] (each of role commit or fire-control).
    pub sensors: Vec<usize>,
    /// Indices of the linked sites in [`Architecture::sites`].
    pub sites: Vec<usize>,
}

/// When a site launches.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum LaunchRule {
    /// On the earliest usable track (its own fire-control radar's, or a linked commit sensor's) + decision delay +
    /// the interceptor's readiness delay.
    #[default]
    Track,
    /// On its own fire-control radar's track only (links ignored for the commit) + the same delays.
    OwnTrack,
    /// As [`LaunchRule::Track`], or on the space-based early-warning cue + the same delays, whichever is earlier.
    SpaceCue,
    /// Lift-off at a stated time after threat launch (no further delay).
    AfterThreatLaunch {
        /// Launch time, s after threat launch.
        launch_time_s: f64,
    },
    /// Lift-off at a stated time after the threat's burn-out (no further delay).
    AfterBurnout {
        /// Launch time, s after threat burn-out.
        launch_time_s: f64,
    },
}

impl LaunchRule {
    /// Every rule's name, as written in files: `track`, `own-track`, `space-cue`, `after-threat-launch`,
    /// `after-burnout`.
    pub const NAMES: [&'static str; 5] = [
        "track",
        "own-track",
        "space-cue",
        "after-threat-launch",
        "after-burnout",
    ];

    /// The rule's name ([`LaunchRule::NAMES`]).
    pub fn name(self) -> &'static str {
        match self {
            Self::Track => "track",
            Self::OwnTrack => "own-track",
            Self::SpaceCue => "space-cue",
            Self::AfterThreatLaunch { .. } => "after-threat-launch",
            Self::AfterBurnout { .. } => "after-burnout",
        }
    }

    /// The rule named `name`, with `launch_time_s` for the scheduled rules (`None` where the rule needs one and
    /// none is given, or where it takes none and one is given).
    pub fn from_name(name: &str, launch_time_s: Option<f64>) -> Option<Self> {
        match (name, launch_time_s) {
            ("track", None) => Some(Self::Track),
            ("own-track", None) => Some(Self::OwnTrack),
            ("space-cue", None) => Some(Self::SpaceCue),
            ("after-threat-launch", Some(t)) => Some(Self::AfterThreatLaunch { launch_time_s: t }),
            ("after-burnout", Some(t)) => Some(Self::AfterBurnout { launch_time_s: t }),
            _ => None,
        }
    }

    /// Whether the rule launches at a stated time (`after-threat-launch`, `after-burnout`).
    pub fn is_scheduled(name: &str) -> bool {
        matches!(name, "after-threat-launch" | "after-burnout")
    }

    /// The stated launch time of a scheduled rule, s.
    pub fn launch_time_s(self) -> Option<f64> {
        match self {
            Self::AfterThreatLaunch { launch_time_s } | Self::AfterBurnout { launch_time_s } => {
                Some(launch_time_s)
            }
            _ => None,
        }
    }

    /// The rule in words, e.g. `after-burnout + 20 s`.
    pub fn describe(self) -> String {
        match self.launch_time_s() {
            Some(t) => format!("{} + {t} s", self.name()),
            None => self.name().to_string(),
        }
    }
}

/// What enabled a site's launch.
#[derive(Debug, Clone, PartialEq)]
pub enum Authority {
    /// The site's own (co-located) fire-control radar's track.
    OwnRadar {
        /// Index of the radar in [`Architecture::radars`].
        radar: usize,
    },
    /// A linked sensor's track.
    Linked {
        /// Index of the sensor in [`Architecture::radars`].
        radar: usize,
        /// Index of the link in [`Architecture::links`].
        link: usize,
        /// The link's kind.
        kind: LinkKind,
    },
    /// The space-based early-warning cue ([`LaunchRule::SpaceCue`]).
    SpaceCue,
    /// A scheduled launch rule ([`LaunchRule::AfterThreatLaunch`], [`LaunchRule::AfterBurnout`]).
    Scheduled {
        /// The rule.
        rule: LaunchRule,
    },
}

impl Authority {
    /// The enabling sensor, if a sensor's track enabled the launch.
    pub fn radar(&self) -> Option<usize> {
        match self {
            Self::OwnRadar { radar } | Self::Linked { radar, .. } => Some(*radar),
            _ => None,
        }
    }

    /// The authority in words with the architecture's names: `redzikowo-spy1 (own fire-control radar)`,
    /// `fylingdales via gmd (engage-on-remote)`, `space-based early-warning cue`, `rule after-burnout + 20 s`.
    pub fn describe(&self, arch: &Architecture) -> String {
        let radar = |k: usize| arch.radars.get(k).map_or("?", |r| r.id.as_str());
        match self {
            Self::OwnRadar { radar: k } => format!("{} (own fire-control radar)", radar(*k)),
            Self::Linked {
                radar: k,
                link,
                kind,
            } => format!(
                "{} via {} ({})",
                radar(*k),
                arch.links.get(*link).map_or("?", |l| l.name.as_str()),
                kind.name()
            ),
            Self::SpaceCue => "space-based early-warning cue".into(),
            Self::Scheduled { rule } => format!("rule {}", rule.describe()),
        }
    }
}

/// What enabled a site's launch, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Commit {
    /// The enabling sensor, cue or rule.
    pub authority: Authority,
    /// When it enabled the launch, s after threat launch: the track time, the cue time, or (for a scheduled rule)
    /// the launch itself.
    pub time_s: f64,
}

/// The track that guides a site's intercepts: the site's own fire-control radar, or a sensor reached through an
/// engage-on-remote link. No intercept comes before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    /// Index of the radar in [`Architecture::radars`].
    pub radar: usize,
    /// Index of the engage-on-remote link in [`Architecture::links`], or `None` for the site's own radar.
    pub link: Option<usize>,
    /// Its track time, s after threat launch.
    pub track_s: f64,
}

impl Guide {
    /// The guide in words: `redzikowo-spy1 (own fire-control radar)`, `sbx via gmd (engage-on-remote)`.
    pub fn describe(&self, arch: &Architecture) -> String {
        match self.link {
            None => Authority::OwnRadar { radar: self.radar }.describe(arch),
            Some(link) => Authority::Linked {
                radar: self.radar,
                link,
                kind: LinkKind::EngageOnRemote,
            }
            .describe(arch),
        }
    }
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
    /// The role of each radar, by index in [`Architecture::radars`]; a radar beyond the end of this list takes
    /// [`SensorRole::default_for`] it (so an empty list means every radar has its catalogue role).
    pub roles: Vec<SensorRole>,
    /// The networks that let sensors commit (and guide) launches of sites away from them.
    pub links: Vec<Link>,
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

    /// The role of radar `k` (an index in [`Architecture::radars`]; panics beyond it).
    pub fn role(&self, k: usize) -> SensorRole {
        self.roles
            .get(k)
            .copied()
            .unwrap_or_else(|| SensorRole::default_for(&self.radars[k]))
    }

    /// The site's own (organic) fire-control radars: role fire-control, within [`ORGANIC_RADAR_DISTANCE_M`] of
    /// site `si`; indices in [`Architecture::radars`].
    pub fn own_radars(&self, earth: &EarthModel, si: usize) -> Vec<usize> {
        let site_ecef = earth.ellipsoid().to_ecef(&self.sites[si].position).0;
        (0..self.radars.len())
            .filter(|&k| {
                self.role(k) == SensorRole::FireControl
                    && (self.radars[k].site_ecef(earth).0 - site_ecef).norm()
                        <= ORGANIC_RADAR_DISTANCE_M
            })
            .collect()
    }

    /// A link named `name` of `kind` joining every radar that can commit to every site: what the former
    /// `launch_on_remote = true` allowed (as engage-on-remote: it required no guiding track of the site's own).
    pub fn link_everything(&self, name: &str, kind: LinkKind) -> Link {
        Link {
            name: name.to_string(),
            kind,
            sensors: (0..self.radars.len())
                .filter(|&k| self.role(k).can_commit())
                .collect(),
            sites: (0..self.sites.len()).collect(),
        }
    }

    /// Checks every radar, the early warning, the delays, the links and the launch rules.
    pub fn validate(&self) -> Result<(), EngagementError> {
        for r in &self.radars {
            r.validate()?;
        }
        if self.roles.len() > self.radars.len() {
            return Err(EngagementError::InvalidInput {
                field: "roles".into(),
                value: format!("{} roles", self.roles.len()),
                expected: format!("at most one role per radar ({} radars)", self.radars.len()),
            });
        }
        for link in &self.links {
            for &k in &link.sensors {
                if k >= self.radars.len() {
                    return Err(EngagementError::InvalidInput {
                        field: format!("link {} sensors", link.name),
                        value: k.to_string(),
                        expected: format!("radar indices below {}", self.radars.len()),
                    });
                }
                if !self.role(k).can_commit() {
                    return Err(EngagementError::InvalidInput {
                        field: format!("link {} sensors", link.name),
                        value: self.radars[k].id.clone(),
                        expected:
                            "sensors of role commit or fire-control: a cue sensor commits nothing"
                                .into(),
                    });
                }
            }
            if let Some(&i) = link.sites.iter().find(|&&i| i >= self.sites.len()) {
                return Err(EngagementError::InvalidInput {
                    field: format!("link {} sites", link.name),
                    value: i.to_string(),
                    expected: format!("site indices below {}", self.sites.len()),
                });
            }
        }
        for s in &self.sites {
            if let Some(t) = s.launch_rule.launch_time_s() {
                if !t.is_finite() || t < 0.0 {
                    return Err(EngagementError::InvalidInput {
                        field: format!("site {} launch_time_s", s.name),
                        value: t.to_string(),
                        expected: "a finite number of seconds, 0 or more".into(),
                    });
                }
            }
            if s.launch_rule == LaunchRule::SpaceCue && self.early_warning.is_none() {
                return Err(EngagementError::InvalidInput {
                    field: format!("site {} launch_rule", s.name),
                    value: "space-cue".into(),
                    expected: "space-cue needs space-based early warning in the architecture"
                        .into(),
                });
            }
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
    /// Whether its track can commit an interceptor (role commit or fire-control).
    pub fire_control: bool,
    /// Its role in the architecture.
    pub role: SensorRole,
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
    /// Tracks exist, but none from a sensor that may commit this site's launch (its own fire-control radar or a
    /// sensor linked to it; its own radar only under [`LaunchRule::OwnTrack`]).
    NoCommitTrack {
        /// Sensors able to commit (role commit or fire-control) that track the threat but may not commit this site
        /// (neither linked to it nor its own radar; under own-track, any but its own), by index in
        /// [`Architecture::radars`].
        unlinked: Vec<usize>,
    },
    /// The site could launch, but no sensor that can guide its intercept (its own fire-control radar, or one
    /// reached through an engage-on-remote link) ever tracks the threat.
    NoGuidingTrack,
    /// Reachable after the launch, but only before the guiding track is established.
    GuideTooLate {
        /// The guiding track, s after threat launch.
        guide_track_s: f64,
        /// Latest intercept time that the launch and reach allow, s.
        latest_intercept_s: f64,
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
    /// The site's launch rule.
    pub launch_rule: LaunchRule,
    /// What enables its launch, and when, if anything does.
    pub commit: Option<Commit>,
    /// The track that guides its intercepts, if any.
    pub guide: Option<Guide>,
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
    /// What enabled the launch of the site that intercepts first (else that launches first).
    pub commit: Option<Commit>,
    /// The guiding track of that site.
    pub guide: Option<Guide>,
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
#[derive(Debug)]
struct SiteReach {
    frame: SiteFrame,
    envelope: Arc<SiteEnvelope>,
    min_alt_m: f64,
    max_alt_m: f64,
    max_flight_s: f64,
    kv: KvLimits,
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
    /// Kept values of [`SiteReach::latest_launch_at`] by the bits of their time (the bisections of a re-engagement
    /// visit many of the times the earlier ones did), when the reach is kept in an [`EngagementMemo`]; at most
    /// [`MEMO_POINTS_PER_SITE`], then forgotten.
    points: Option<std::sync::Mutex<PointMap>>,
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
            kv: KvLimits::new(spec.min_closing_speed_mps, spec.min_crossing_angle_rad),
            latest_launch_s: Vec::with_capacity(path.times_s().len()),
            cos_max_angle: if max_angle < PI {
                max_angle.cos()
            } else {
                -1.0
            },
            best_closing_mps: f64::NEG_INFINITY,
            best_crossing_rad: f64::NEG_INFINITY,
            reachable_in_band: false,
            points: None,
        };
        let has_kv_limits = me.kv.any();
        // The smallest cosine of the crossing angle over the samples within reach: the largest angle is its arc
        // cosine (one `acos`, not one a sample; `acos` is correctly rounded, so monotone: the same bits).
        let mut best_crossing_cos = f64::INFINITY;
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
                        let (closing, cos) = closing_and_crossing_cos(v, &f.velocity_ecef_mps);
                        me.best_closing_mps = me.best_closing_mps.max(closing);
                        best_crossing_cos = best_crossing_cos.min(cos);
                        if me.kv.accepts(closing, cos) {
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
        if best_crossing_cos.is_finite() {
            me.best_crossing_rad = best_crossing_cos.acos();
        }
        Ok(me)
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

    /// Latest launch time for an intercept at time t (t − τ), or −∞ (kept in `points` when there are).
    fn latest_launch_at(&self, earth: &EarthModel, path: &SampledTrajectory, t: f64) -> f64 {
        let Some(points) = &self.points else {
            return self.latest_launch_computed(earth, path, t);
        };
        let key = t.to_bits();
        if let Some(&g) = points.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return g;
        }
        let g = self.latest_launch_computed(earth, path, t);
        let mut kept = points.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= MEMO_POINTS_PER_SITE {
            kept.clear();
        }
        kept.insert(key, g);
        g
    }

    /// Latest launch time for an intercept at time t (t − τ), or −∞.
    fn latest_launch_computed(&self, earth: &EarthModel, path: &SampledTrajectory, t: f64) -> f64 {
        let (r, v) = path.state_at(t);
        let alt = earth.ellipsoid().altitude_approx_m(&r);
        if alt < self.min_alt_m || alt > self.max_alt_m {
            return f64::NEG_INFINITY;
        }
        if self.kv.any() {
            return match self.fly_out(&r, alt) {
                Some(f) => {
                    let (closing, cos) = closing_and_crossing_cos(&v, &f.velocity_ecef_mps);
                    if self.kv.accepts(closing, cos) {
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

    /// The intervals of intercept times with launch at or after `launch_s`, clipped to intercepts at or after
    /// `guide_s` (the guiding track).
    fn intervals(
        &self,
        earth: &EarthModel,
        path: &SampledTrajectory,
        launch_s: f64,
        guide_s: f64,
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
        out.retain_mut(|iv| {
            iv[0] = iv[0].max(guide_s);
            iv[0] <= iv[1]
        });
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

/// Most scans kept per radar in an [`EngagementMemo`] (one per distinct cue time; the oldest goes first).
const MEMO_SCANS_PER_RADAR: usize = 8;

/// Most bisection points kept per site in an [`EngagementMemo`] (about 40 bytes each).
const MEMO_POINTS_PER_SITE: usize = 1024;

/// Kept bisection points: the bits of a time → the latest launch for an intercept then.
type PointMap = std::collections::HashMap<u64, f64, std::hash::BuildHasherDefault<TimeBitsHasher>>;

/// Hashes the bits of an f64 time by a Fibonacci multiplication (the library's SipHash cost a third of a
/// re-engagement; the keys are not adversarial).
#[derive(Default)]
struct TimeBitsHasher(u64);

impl std::hash::Hasher for TimeBitsHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (x ^ (x >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// What [`engage_with_memo`] keeps of one threat's engagements: per radar slot, its recent scans (radar, signature,
/// cue time → first detection and track); per site slot, the last site's reach along the path (keyed by the site's
/// position, its interceptor's parameters and the very envelope looked up) with the points its bisections visited.
/// Memory: about 10 bytes per path sample and site plus up to 40 kB of bisection points per site, a few hundred
/// bytes per radar.
#[derive(Debug)]
pub struct EngagementMemo {
    /// The path and Earth the memo belongs to: sample count, burn-out and impact times, first sample, the model.
    bound: Option<(usize, u64, u64, [u64; 3], EarthModel)>,
    radars: Vec<Vec<RadarScanMemo>>,
    sites: Vec<Option<SiteReachMemo>>,
    /// Whether anything is kept (not for a single engagement: [`engage`]).
    keeps: bool,
}

#[derive(Debug)]
struct RadarScanMemo {
    radar: Radar,
    signature: Signature,
    cue_bits: u64,
    result: (Option<f64>, Option<f64>),
}

#[derive(Debug)]
struct SiteReachMemo {
    position: Geodetic,
    spec: super::InterceptorSpec,
    reach: Arc<SiteReach>,
}

impl Default for EngagementMemo {
    fn default() -> Self {
        Self::new()
    }
}

impl EngagementMemo {
    /// An empty memo.
    pub fn new() -> Self {
        Self {
            keeps: true,
            ..Self::nothing()
        }
    }

    /// A memo that keeps nothing: what a single engagement ([`engage`]) uses.
    fn nothing() -> Self {
        Self {
            bound: None,
            radars: Vec::new(),
            sites: Vec::new(),
            keeps: false,
        }
    }

    /// Ties the memo to `path` and `earth`, forgetting everything if it held another's.
    fn bind(&mut self, earth: &EarthModel, path: &SampledTrajectory) {
        let first = path
            .positions_ecef_m()
            .first()
            .map_or([0; 3], |r| [r.x.to_bits(), r.y.to_bits(), r.z.to_bits()]);
        let key = (
            path.times_s().len(),
            path.burnout_t_s.to_bits(),
            path.impact_t_s().to_bits(),
            first,
            *earth,
        );
        if self.bound.as_ref() != Some(&key) {
            *self = Self {
                bound: Some(key),
                keeps: self.keeps,
                ..Self::nothing()
            };
        }
    }

    fn radar_timeline(
        &mut self,
        k: usize,
        radar: &Radar,
        signature: Signature,
        cue_s: f64,
        scan: impl FnOnce() -> (Option<f64>, Option<f64>),
    ) -> (Option<f64>, Option<f64>) {
        if !self.keeps {
            return scan();
        }
        if self.radars.len() <= k {
            self.radars.resize_with(k + 1, Vec::new);
        }
        let kept = &mut self.radars[k];
        let cue_bits = cue_s.to_bits();
        if let Some(m) = kept
            .iter()
            .find(|m| m.cue_bits == cue_bits && m.signature == signature && m.radar == *radar)
        {
            return m.result;
        }
        let result = scan();
        if kept.len() == MEMO_SCANS_PER_RADAR {
            kept.remove(0);
        }
        kept.push(RadarScanMemo {
            radar: radar.clone(),
            signature,
            cue_bits,
            result,
        });
        result
    }

    fn site_reach(
        &mut self,
        earth: &EarthModel,
        si: usize,
        site: &InterceptorSite,
        path: &SampledTrajectory,
    ) -> Result<Arc<SiteReach>, EngagementError> {
        if !self.keeps {
            return Ok(Arc::new(SiteReach::new(earth, site, path)?));
        }
        if self.sites.len() <= si {
            self.sites.resize_with(si + 1, || None);
        }
        if let Some(m) = &self.sites[si] {
            let same_envelope = site
                .interceptor
                .built_envelope(earth, site.position.lat_rad)
                .is_some_and(|e| Arc::ptr_eq(&e, &m.reach.envelope));
            if same_envelope && m.position == site.position && m.spec == site.interceptor.spec {
                return Ok(m.reach.clone());
            }
        }
        let mut reach = SiteReach::new(earth, site, path)?;
        reach.points = Some(Default::default());
        let reach = Arc::new(reach);
        self.sites[si] = Some(SiteReachMemo {
            position: site.position,
            spec: site.interceptor.spec.clone(),
            reach: reach.clone(),
        });
        Ok(reach)
    }
}

/// Closing speed (m/s: the threat's speed relative to the kill vehicle) and crossing angle (rad, between the two
/// velocities: π head-on, 0 a tail chase; NaN if either is at rest).
#[inline]
fn closing_and_crossing(v_threat: &Vector3<f64>, v_kv: &Vector3<f64>) -> (f64, f64) {
    let (closing, cos) = closing_and_crossing_cos(v_threat, v_kv);
    (closing, cos.acos())
}

/// Closing speed (m/s) and the cosine of the crossing angle (in [−1, 1]; NaN if either velocity is zero).
#[inline]
fn closing_and_crossing_cos(v_threat: &Vector3<f64>, v_kv: &Vector3<f64>) -> (f64, f64) {
    let n = v_kv.norm() * v_threat.norm();
    let cos = if n > 0.0 {
        (v_kv.dot(v_threat) / n).clamp(-1.0, 1.0)
    } else {
        f64::NAN
    };
    ((v_threat - v_kv).norm(), cos)
}

/// The verdict of site `si`, which commits (earliest launch `earliest_launch`, s) with a guiding track from
/// `guide_s` (s), from its reach along the path: engageable with its window and shot count, or why not.
fn reach_verdict(
    earth: &EarthModel,
    path: &SampledTrajectory,
    reach: &SiteReach,
    si: usize,
    earliest_launch: Option<f64>,
    guide_s: f64,
    kill_assessment_delay_s: f64,
) -> (Verdict, Option<Window>, usize) {
    let mut window = None;
    let mut shots = 0;
    let verdict = {
        let best_g = reach
            .latest_launch_s
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        if best_g == f64::NEG_INFINITY {
            let (below, above) = reach.reachable_outside_band(path);
            if reach.reachable_in_band {
                if reach.best_closing_mps < reach.kv.min_closing_mps {
                    Verdict::KillVehicleLimit {
                        limit: KillVehicleLimit::ClosingSpeed,
                        best: reach.best_closing_mps,
                        required: reach.kv.min_closing_mps,
                    }
                } else {
                    Verdict::KillVehicleLimit {
                        limit: KillVehicleLimit::CrossingAngle,
                        best: reach.best_crossing_rad,
                        required: reach.kv.min_crossing_rad,
                    }
                }
            } else if below || above {
                Verdict::OutsideAltitudeBand { below }
            } else {
                Verdict::OutOfReach
            }
        } else {
            let launch = earliest_launch.unwrap_or(f64::INFINITY);
            let intervals = reach.intervals(earth, path, launch, guide_s);
            if intervals.is_empty() {
                let unguided = reach.intervals(earth, path, launch, f64::NEG_INFINITY);
                match unguided.last() {
                    Some(last) => Verdict::GuideTooLate {
                        guide_track_s: guide_s,
                        latest_intercept_s: last[1],
                    },
                    None => Verdict::TrackTooLate {
                        earliest_launch_s: launch,
                        latest_useful_launch_s: best_g,
                    },
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
                    &[(reach, launch, guide_s, kill_assessment_delay_s)],
                );
                Verdict::Engageable
            }
        }
    };
    (verdict, window, shots)
}

/// A kill vehicle's limits on the geometry of an intercept.
#[derive(Debug, Clone, Copy)]
struct KvLimits {
    /// Least closing speed, m/s (0: none).
    min_closing_mps: f64,
    /// Least crossing angle, rad (0: none).
    min_crossing_rad: f64,
    /// Its cosine; `None` where the angle must decide (a limit within 1e-3 rad of 0 or π, where the cosine is too
    /// flat to tell).
    cos_min_crossing: Option<f64>,
}

impl KvLimits {
    fn new(min_closing_mps: f64, min_crossing_rad: f64) -> Self {
        Self {
            min_closing_mps,
            min_crossing_rad,
            cos_min_crossing: (min_crossing_rad.sin() > 1e-3).then(|| min_crossing_rad.cos()),
        }
    }

    /// Whether there is any limit.
    fn any(&self) -> bool {
        self.min_closing_mps > 0.0 || self.min_crossing_rad > 0.0
    }

    /// Whether the kill vehicle can complete an intercept at `closing_mps` and a crossing angle of cosine
    /// `crossing_cos`: both reach their limits. The same answer as comparing `crossing_cos.acos()` with the limit,
    /// but the arc cosine is taken only within [`KV_COS_BAND`] of the limit's cosine (a crossing angle beyond the
    /// limit has a smaller cosine), or always when the cosine cannot tell (`cos_min_crossing` is `None`).
    #[inline]
    fn accepts(&self, closing_mps: f64, crossing_cos: f64) -> bool {
        closing_mps >= self.min_closing_mps
            && (self.min_crossing_rad == 0.0
                || match self.cos_min_crossing {
                    Some(limit) if crossing_cos < limit - KV_COS_BAND => true,
                    Some(limit) if crossing_cos > limit + KV_COS_BAND => false,
                    _ => crossing_cos.acos() >= self.min_crossing_rad,
                })
    }
}

/// Half-width of the band of crossing-angle cosines around a kill-vehicle limit's cosine in which
/// [`KvLimits::accepts`] decides by the angle itself: far wider than the rounding of `cos` and `acos` (about
/// 1e-16 / sin of the limit, in angle) for a limit more than 1e-3 rad from 0 and π.
const KV_COS_BAND: f64 = 1e-6;

/// Radar timelines with cueing: early warning cues every radar; a radar's track cues the others. A radar's scan at
/// a cue time is taken from `memo` when it was done before (same radar, signature and cue).
fn radar_timelines(
    earth: &EarthModel,
    arch: &Architecture,
    path: &SampledTrajectory,
    signature: Signature,
    ew_cue: Option<f64>,
    memo: &mut EngagementMemo,
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
            result[k] = memo.radar_timeline(k, &arch.radars[k], signature, cue[k], || {
                RadarScan {
                    view: RadarView::new(&arch.radars[k], earth),
                    signature,
                    burnout_t_s: path.burnout_t_s,
                    cue_s: cue[k],
                }
                .timeline(path)
            });
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
            fire_control: false,
            role: SensorRole::default_for(radar),
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
    engage_with_memo(earth, arch, path, signature, &mut EngagementMemo::nothing())
}

/// [`engage`], keeping in `memo` what depends on the threat's path and one radar or one site alone (each radar's
/// scan at each cue time, each site's reach along the path), so that engaging the same threat again with a changed
/// defence (a sweep's or a Monte Carlo sample's decision delay, launch rule, links, early-warning delay, one
/// interceptor type) redoes only what changed. The result is the one [`engage`] gives, bit for bit. A memo belongs
/// to one path and one Earth model: given another path it starts afresh.
pub fn engage_with_memo(
    earth: &EarthModel,
    arch: &Architecture,
    path: &SampledTrajectory,
    signature: Signature,
    memo: &mut EngagementMemo,
) -> Result<Engagement, EngagementError> {
    arch.validate()?;
    signature.validate("threat")?;
    memo.bind(earth, path);
    let ew_cue = arch
        .early_warning
        .and_then(|ew| ew.cue_time_s(path.burnout_t_s));
    let radars = radar_timelines(earth, arch, path, signature, ew_cue, memo);
    let detected = radars.iter().any(|r| r.first_detect_s.is_some());
    let tracked = radars.iter().any(|r| r.track_s.is_some());

    let mut radars = radars;
    for (k, r) in radars.iter_mut().enumerate() {
        r.role = arch.role(k);
        r.fire_control = r.role.can_commit();
    }
    let tracked_by = |k: usize| radars[k].track_s;

    let mut sites = Vec::with_capacity(arch.sites.len());
    let mut reaches = Vec::with_capacity(arch.sites.len());
    for (si, site) in arch.sites.iter().enumerate() {
        let spec = &site.interceptor.spec;
        let own = arch.own_radars(earth, si);
        // (sensor, link) pairs reaching this site.
        let linked: Vec<(usize, usize)> = arch
            .links
            .iter()
            .enumerate()
            .filter(|(_, l)| l.sites.contains(&si))
            .flat_map(|(li, l)| l.sensors.iter().map(move |&k| (k, li)))
            .collect();
        let by_track = |a: &Authority| a.radar().and_then(tracked_by);
        let mut authorities: Vec<Authority> = own
            .iter()
            .map(|&radar| Authority::OwnRadar { radar })
            .collect();
        if site.launch_rule != LaunchRule::OwnTrack {
            authorities.extend(linked.iter().map(|&(radar, link)| Authority::Linked {
                radar,
                link,
                kind: arch.links[link].kind,
            }));
        }
        let delays = arch.decision_delay_s + spec.readiness_delay_s;
        let mut commits: Vec<(Commit, f64)> = authorities
            .into_iter()
            .filter_map(|a| {
                by_track(&a).map(|t| {
                    (
                        Commit {
                            authority: a,
                            time_s: t,
                        },
                        t + delays,
                    )
                })
            })
            .collect();
        match site.launch_rule {
            LaunchRule::SpaceCue => {
                if let Some(c) = ew_cue {
                    commits.push((
                        Commit {
                            authority: Authority::SpaceCue,
                            time_s: c,
                        },
                        c + delays,
                    ));
                }
            }
            LaunchRule::AfterThreatLaunch { launch_time_s } => {
                commits = vec![(
                    Commit {
                        authority: Authority::Scheduled {
                            rule: site.launch_rule,
                        },
                        time_s: launch_time_s,
                    },
                    launch_time_s,
                )];
            }
            LaunchRule::AfterBurnout { launch_time_s } => {
                let t = path.burnout_t_s + launch_time_s;
                commits = vec![(
                    Commit {
                        authority: Authority::Scheduled {
                            rule: site.launch_rule,
                        },
                        time_s: t,
                    },
                    t,
                )];
            }
            LaunchRule::Track | LaunchRule::OwnTrack => {}
        }
        // Earliest launch first; among equal launches the first listed (own radar before links).
        let (commit, earliest_launch) = match commits.into_iter().min_by(|a, b| a.1.total_cmp(&b.1))
        {
            Some((c, l)) => (Some(c), Some(l)),
            None => (None, None),
        };
        let guide = own
            .iter()
            .map(|&radar| (radar, None))
            .chain(
                linked
                    .iter()
                    .filter(|(_, li)| arch.links[*li].kind == LinkKind::EngageOnRemote)
                    .map(|&(radar, li)| (radar, Some(li))),
            )
            .filter_map(|(radar, link)| {
                tracked_by(radar).map(|track_s| Guide {
                    radar,
                    link,
                    track_s,
                })
            })
            .min_by(|a, b| a.track_s.total_cmp(&b.track_s));
        let guide_s = guide.as_ref().map_or(f64::INFINITY, |g| g.track_s);
        // The site's reach along the path (a fly-out look-up per sample, most of an engagement's cost) matters only
        // to a site that commits and has a guiding track: built for those alone (in a footprint, about one site in
        // fifty), so the verdicts are the same.
        let mut reach = None;
        let mut window = None;
        let mut shots = 0;
        let verdict = if !detected {
            Verdict::NeverDetected
        } else if !tracked {
            Verdict::NoTrack
        } else if commit.is_none() {
            let reaching: Vec<usize> = own
                .iter()
                .copied()
                .chain(
                    linked
                        .iter()
                        .filter(|_| site.launch_rule != LaunchRule::OwnTrack)
                        .map(|(k, _)| *k),
                )
                .collect();
            Verdict::NoCommitTrack {
                unlinked: (0..arch.radars.len())
                    .filter(|&k| {
                        arch.role(k).can_commit()
                            && radars[k].track_s.is_some()
                            && !reaching.contains(&k)
                    })
                    .collect(),
            }
        } else if guide.is_none() {
            Verdict::NoGuidingTrack
        } else {
            let built = memo.site_reach(earth, si, site, path)?;
            let (v, w, n) = reach_verdict(
                earth,
                path,
                &built,
                si,
                earliest_launch,
                guide_s,
                spec.kill_assessment_delay_s,
            );
            reach = Some(built);
            (window, shots) = (w, n);
            v
        };
        sites.push(SiteEngagement {
            site: site.name.clone(),
            interceptor: site.interceptor.id().to_string(),
            launch_rule: site.launch_rule,
            commit,
            guide,
            earliest_launch_s: earliest_launch,
            window,
            shots,
            verdict,
        });
        // A shooter commits and has a guiding track, so its reach is built.
        reaches.push((
            reach,
            earliest_launch.filter(|_| guide_s.is_finite()),
            guide_s,
            spec.kill_assessment_delay_s,
        ));
    }

    let engageable = sites.iter().any(|s| s.window.is_some());
    let shooters: Vec<(&SiteReach, f64, f64, f64)> = reaches
        .iter()
        .filter_map(|(r, l, g, ka)| Some((&**r.as_ref()?, (*l)?, *g, *ka)))
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
    let guide = lead.and_then(|i| sites[i].guide.clone());
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
        guide,
        earliest_launch_s,
        window,
        shots,
        impact_t_s: path.impact_t_s(),
    };
    engagement.reason = explain(earth, arch, &engagement);
    Ok(engagement)
}

/// Shoot-look-shoot over several shooters (reach, earliest launch, guiding track, kill-assessment delay): each shot
/// intercepts as early as any shooter can (never before its guiding track); the next is launched after that
/// intercept plus the shooter's assessment delay.
fn count_shots(
    earth: &EarthModel,
    path: &SampledTrajectory,
    shooters: &[(&SiteReach, f64, f64, f64)],
) -> usize {
    let mut shots = 0;
    let mut not_before = f64::NEG_INFINITY;
    let mut after = f64::NEG_INFINITY;
    // Each intercept comes at least the time tolerance after the previous one (a kill-assessment delay of 0 would
    // otherwise allow any number at one instant).
    while shots < 1000 {
        let next = shooters
            .iter()
            .filter_map(|(reach, launch, guide, ka)| {
                reach
                    .earliest_after(earth, path, launch.max(not_before), after.max(*guide))
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
fn explain(earth: &EarthModel, arch: &Architecture, e: &Engagement) -> String {
    if let Some(w) = &e.window {
        let site = &arch.sites[w.earliest.site];
        let lead = &e.sites[w.earliest.site];
        let enabled = match (&lead.commit, &lead.guide) {
            (Some(c), Some(g)) if c.authority.radar() == Some(g.radar) => {
                format!("; launched and guided on {}", c.authority.describe(arch))
            }
            (Some(c), Some(g)) => format!(
                "; launched on {}, guided by {}",
                c.authority.describe(arch),
                g.describe(arch)
            ),
            _ => String::new(),
        };
        return format!(
            "engageable: {} ({}) can intercept from {:.0} s to {:.0} s after launch ({:.0} s of window, {} shot{}), first at {:.0} km altitude{enabled}",
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
        .enumerate()
        .map(|(si, (s, site))| {
            let text = site_reason(earth, arch, e, si, s, site);
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

/// The sensors that may commit site `si`'s launch, in words: `its own radar deveselu-spy1; via aegis-lor
/// (launch-on-remote): kurecik-tpy2`.
fn commit_sensors(
    earth: &EarthModel,
    arch: &Architecture,
    si: usize,
    own_only: bool,
    guides_only: bool,
) -> String {
    let radar = |k: usize| arch.radars[k].id.as_str();
    let mut parts = Vec::new();
    let own: Vec<&str> = arch.own_radars(earth, si).into_iter().map(radar).collect();
    if !own.is_empty() {
        parts.push(format!("its own radar {}", own.join(", ")));
    }
    if !own_only {
        for l in &arch.links {
            if l.sites.contains(&si) && !(guides_only && l.kind != LinkKind::EngageOnRemote) {
                let names: Vec<&str> = l.sensors.iter().map(|&k| radar(k)).collect();
                parts.push(format!(
                    "via {} ({}): {}",
                    l.name,
                    l.kind.name(),
                    names.join(", ")
                ));
            }
        }
    }
    if parts.is_empty() {
        "none: no fire-control radar at the site and no link to it".into()
    } else {
        parts.join("; ")
    }
}

fn site_reason(
    earth: &EarthModel,
    arch: &Architecture,
    e: &Engagement,
    si: usize,
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
        Verdict::NoCommitTrack { unlinked } => {
            let trackers: Vec<&str> = e
                .radars
                .iter()
                .filter(|r| r.track_s.is_some())
                .map(|r| r.radar.as_str())
                .collect();
            let own_only = s.launch_rule == LaunchRule::OwnTrack;
            let mut text = format!(
                "no commit: no sensor linked to this site tracks the threat (sensors that may commit its launch{}: {}); tracks come only from {}",
                if own_only { " under its own-track rule" } else { "" },
                commit_sensors(earth, arch, si, own_only, false),
                trackers.join(", ")
            );
            if !unlinked.is_empty() {
                let names: Vec<&str> = unlinked.iter().map(|&k| arch.radars[k].id.as_str()).collect();
                text.push_str(&format!(
                    ", of which {} could commit but {} {}",
                    names.join(", "),
                    if names.len() == 1 { "is" } else { "are" },
                    if own_only {
                        "not its own radar"
                    } else {
                        "not linked to this site"
                    }
                ));
            } else {
                text.push_str(", whose role is cue (their tracks cannot commit an interceptor)");
            }
            text
        }
        Verdict::NoGuidingTrack => {
            let how = match s.commit.as_ref().map(|c| &c.authority) {
                Some(Authority::Linked {
                    kind: LinkKind::LaunchOnRemote,
                    ..
                }) => "launch-on-remote: ",
                _ => "",
            };
            let launched = s
                .commit
                .as_ref()
                .map_or(String::new(), |c| format!("it could launch on {}, but ", c.authority.describe(arch)));
            format!(
                "no guiding track: {how}{launched}no sensor that can guide its intercept ({}) ever tracks the threat, so no intercept can be guided",
                commit_sensors(earth, arch, si, false, true)
            )
        }
        Verdict::GuideTooLate {
            guide_track_s,
            latest_intercept_s,
        } => format!(
            "guiding track too late: {} tracks the threat only at {guide_track_s:.0} s, after the last intercept the launch allows ({latest_intercept_s:.0} s)",
            s.guide.as_ref().map_or("the guiding sensor".into(), |g| g.describe(arch))
        ),
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
            "track too late: the earliest launch is {earliest_launch_s:.0} s after threat launch, but an intercept in reach needs a launch {}",
            if *latest_useful_launch_s >= 0.0 {
                format!("by {latest_useful_launch_s:.0} s")
            } else {
                format!("{:.0} s before the threat's", -latest_useful_launch_s)
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The cosine test gives the angle test's answer, also for cosines at and around the limit's own.
        #[test]
        fn kill_vehicle_limits_by_cosine_match_the_angle(
            min_closing in 0.0f64..3000.0,
            min_crossing in prop_oneof![Just(0.0), Just(1e-4), 0.0f64..std::f64::consts::PI],
            closing in 0.0f64..8000.0,
            offset in prop_oneof![Just(0.0), -1e-5f64..1e-5, -2.0f64..2.0],
        ) {
            let kv = KvLimits::new(min_closing, min_crossing);
            let c = (min_crossing.cos() + offset).clamp(-1.0, 1.0);
            let by_angle = closing >= min_closing && (min_crossing == 0.0 || c.acos() >= min_crossing);
            prop_assert_eq!(kv.accepts(closing, c), by_angle);
            // At rest (NaN cosine): refused whenever there is an angle limit.
            prop_assert_eq!(kv.accepts(closing, f64::NAN), closing >= min_closing && min_crossing == 0.0);
        }
    }
}
