//! A validated scenario: what the assessment consumes. Every number is SI, every catalogue reference resolved, every
//! launch area and aim region already sampled into points. The TOML file format and its diagnostics produce this
//! (see the `scenario` module); a Rust user may also build it directly.

use crate::earth::{EarthModel, Geodetic};
use crate::flight::rocket::Missile;
use crate::flight::Shape;
use crate::intercept::{InterceptorSpec, LaunchRule, Link, SensorRole};
use crate::sensors::{EarlyWarning, Radar, Signature};

/// A named place.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedPoint {
    /// Name: the point's own, or the area's name with a sample index (`tehran-area#3`).
    pub name: String,
    /// Position (the height is ignored for launch and aim points: they are on the surface).
    pub position: Geodetic,
    /// Weight of the point in weighted summaries (finite, above 0): an aim point's `weight` key, 1 by default
    /// and for launch points.
    pub weight: f64,
}

/// An interceptor site of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSpec {
    /// Site name.
    pub name: String,
    /// Position.
    pub position: Geodetic,
    /// Interceptor type (resolved from the catalogue or the file).
    pub interceptor: InterceptorSpec,
    /// Number of interceptors at the site (reported; the kinematic analysis does not deplete it).
    pub inventory: u32,
    /// When it launches.
    pub launch_rule: LaunchRule,
}

/// A link of a scenario: the engine's [`Link`] with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSpec {
    /// The link (sensor and site indices into the architecture's radars and sites).
    pub link: Link,
    /// The open source of the link.
    pub source: String,
    /// A remark (caveats, alternatives), empty if none.
    pub note: String,
}

/// A defence architecture before its reach tables are built.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchitectureSpec {
    /// Radars, placed and pointed.
    pub radars: Vec<Radar>,
    /// Space-based early warning, if any.
    pub early_warning: Option<EarlyWarning>,
    /// Interceptor sites.
    pub sites: Vec<SiteSpec>,
    /// Time from a fire-control track to the launch decision, s.
    pub decision_delay_s: f64,
    /// The role of each radar, in the order of `radars`.
    pub roles: Vec<SensorRole>,
    /// The networks joining sensors to sites.
    pub links: Vec<LinkSpec>,
}

/// A threat missile of a corridor.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreatMissile {
    /// Catalogue id.
    pub id: String,
    /// The rocket.
    pub missile: Missile,
    /// Its radar cross-sections.
    pub signature: Signature,
}

/// A trajectory shape of a corridor, with the name used in outputs (`min-energy`, `lofted`, `depressed`, or
/// `lofted-apogee-1500km` and so on).
#[derive(Debug, Clone, PartialEq)]
pub struct NamedShape {
    /// Output name.
    pub name: String,
    /// The shape.
    pub shape: Shape,
}

/// A threat corridor: every launch point to every aim point, for every missile flown from that launch point and every
/// shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Corridor {
    /// Corridor name (`iran-europe`, ...).
    pub name: String,
    /// Launch points.
    pub launches: Vec<NamedPoint>,
    /// Aim points.
    pub aims: Vec<NamedPoint>,
    /// Threat missiles: every missile flown from any launch point of the corridor.
    pub missiles: Vec<ThreatMissile>,
    /// For each launch point (same order as `launches`), the indices into `missiles` of the missiles flown from it
    /// (a launch area's own `missiles` in a scenario file). Empty: every missile flies from every launch point.
    pub launch_missiles: Vec<Vec<usize>>,
    /// Trajectory shapes.
    pub shapes: Vec<NamedShape>,
}

impl Corridor {
    /// The indices into `missiles` of the missiles flown from launch point `launch`.
    pub fn missiles_at(&self, launch: usize) -> Vec<usize> {
        match self.launch_missiles.get(launch) {
            Some(m) => m.clone(),
            None => (0..self.missiles.len()).collect(),
        }
    }

    /// Number of trajectories: over the launch points, the missiles flown from each × aim points × shapes.
    pub fn trajectory_count(&self) -> usize {
        let pairs: usize = (0..self.launches.len())
            .map(|l| self.missiles_at(l).len())
            .sum();
        pairs * self.aims.len() * self.shapes.len()
    }
}

/// Earth model and drag of a scenario's flights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelOptions {
    /// Shape, rotation and gravity.
    pub earth: EarthModel,
    /// Atmospheric drag on the threats' boost and re-entry.
    pub drag: bool,
}

impl Default for ModelOptions {
    fn default() -> Self {
        Self {
            earth: EarthModel::default(),
            drag: true,
        }
    }
}

/// A catalogue entry that a scenario file adds or replaces, and where: what an engine failure after loading (a reach
/// table that cannot be built, a targeting that does not converge) is traced back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// `missile`, `interceptor` or `radar`.
    pub kind: &'static str,
    /// The entry's id.
    pub id: String,
    /// Where the entry's `id` is: `FILE:LINE:COLUMN`.
    pub location: String,
}

/// A complete, validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Short name (`epaa-phase2-2015`).
    pub name: String,
    /// One-line title.
    pub title: String,
    /// What it represents, and its caveats.
    pub description: String,
    /// Open sources of the architecture and its parameters.
    pub sources: Vec<String>,
    /// Earth model and drag.
    pub model: ModelOptions,
    /// The defence.
    pub architecture: ArchitectureSpec,
    /// The threat corridors.
    pub corridors: Vec<Corridor>,
    /// The catalogue entries its file adds or replaces (`[[missile]]`, `[[interceptor]]`, `[[radar]]`), with where
    /// each is; empty for a scenario built in code. See [`Scenario::entry_location`].
    pub file_entries: Vec<FileEntry>,
}

impl Scenario {
    /// Where the scenario's file defines the catalogue entry `id` of `kind` (`missile`, `interceptor` or `radar`),
    /// as `FILE:LINE:COLUMN`; `None` for an entry of the built-in catalogue. The loader refuses what it can tell is
    /// physically impossible; an engine failure after loading that names a missile or interceptor (a reach table
    /// that cannot be built, a targeting that does not converge) is traced back to the file with this.
    pub fn entry_location(&self, kind: &str, id: &str) -> Option<&str> {
        self.file_entries
            .iter()
            .find(|e| e.kind == kind && e.id == id)
            .map(|e| e.location.as_str())
    }

    /// The message of an interceptor whose fly-outs cannot be flown (its reach table, its burn-out speed): traced
    /// back to the file's own `[[interceptor]]` table when there is one, as `FILE:LINE:COLUMN: [[interceptor]]
    /// `ID` …`, else naming the scenario and the catalogue id.
    pub fn interceptor_failure(&self, id: &str, error: &dyn std::fmt::Display) -> String {
        match self.entry_location("interceptor", id) {
            Some(at) => format!(
                "{at}: [[interceptor]] `{id}` (scenario {}): its fly-outs cannot be flown: {error} (hint: \
check the entry's stages, kill vehicle and guidance against a working one, e.g. `shieldsim scenarios export \
epaa-phase1-2011`)",
                self.name
            ),
            None => format!("scenario {}: interceptor {id}: {error}", self.name),
        }
    }
}
