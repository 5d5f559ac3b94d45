//! What each job is asked to do: plain request structs, one per job, with the same fields and meanings as the
//! command line's flags (the command line fills them from its flags, the Python package from keyword arguments).
//! Text fields keep the flags' syntax (`"LAT,LON"`, `PATH=FROM:TO:STEP`) so that every front end shares one parser
//! and one set of messages.

pub use crate::output::Format;

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    /// Enabled.
    On,
    /// Disabled.
    Off,
}

impl Switch {
    /// True for on.
    pub fn on(self) -> bool {
        self == Switch::On
    }
}

/// Earth shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarthShape {
    /// WGS 84 ellipsoid.
    Wgs84,
    /// Sphere of radius 6371 km.
    Sphere,
}

/// Gravity model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gravity {
    /// Point mass plus J2.
    J2,
    /// Point mass only.
    PointMass,
}

/// Trajectory shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeArg {
    /// Least burn-out energy for the range.
    MinEnergy,
    /// Higher than minimum energy (full burn unless --apogee-km or --burnout-flight-path-deg).
    Lofted,
    /// Lower than minimum energy (full burn unless --apogee-km or --burnout-flight-path-deg).
    Depressed,
}

/// Trajectory-shape flags shared by `trajectory` and `engage`.
#[derive(Debug, Clone)]
pub struct ShapeOptions {
    /// Trajectory shape.
    pub shape: ShapeArg,
    /// Apogee of a lofted or depressed trajectory, km.
    pub apogee_km: Option<f64>,
    /// Burn-out flight-path angle of a lofted or depressed trajectory, degrees.
    pub burnout_flight_path_deg: Option<f64>,
}

/// Earth-model flags shared by the flight commands.
#[derive(Debug, Clone)]
pub struct EarthOptions {
    /// Earth shape.
    pub earth: EarthShape,
    /// Earth rotation.
    pub rotation: Switch,
    /// Gravity model.
    pub gravity: Gravity,
}

/// What `ballistic` is asked to do.
#[derive(Debug)]
pub struct BallisticJob {
    /// Geodetic latitude of the initial point, degrees north.
    pub lat: f64,
    /// Longitude of the initial point, degrees east.
    pub lon: f64,
    /// Height above the ellipsoid (or sphere), km.
    pub alt_km: f64,
    /// Speed relative to the rotating Earth, m/s.
    pub speed_mps: f64,
    /// Direction of the velocity, degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Angle of the velocity above the local horizontal, degrees, in (-90, 90].
    pub flight_path_deg: f64,
    /// Earth model.
    pub earth: EarthOptions,
    /// Atmospheric drag on the body (needs --beta-kg-m2).
    pub drag: Switch,
    /// Ballistic coefficient m/(Cd·A), kg/m², used with --drag on.
    pub beta_kg_m2: Option<f64>,
    /// Number of evenly spaced samples of the path, from the start to impact (0 for none).
    pub samples: usize,
    /// Relative tolerance of the integrator.
    pub rtol: f64,
    /// Output format.
    pub format: Format,
}

/// What `trajectory` is asked to do.
#[derive(Debug)]
pub struct TrajectoryJob {
    /// Launch point, LAT,LON in degrees.
    pub from: String,
    /// Aim point, LAT,LON in degrees.
    pub to: String,
    /// Missile id from the catalogue (`shieldsim catalog missiles`).
    pub missile: String,
    /// Trajectory shape.
    pub shape: ShapeOptions,
    /// Earth model.
    pub earth: EarthOptions,
    /// Atmospheric drag during boost and re-entry.
    pub drag: Switch,
    /// Number of evenly spaced samples of the path, from lift-off to impact (0 for none).
    pub samples: usize,
    /// Output format.
    pub format: Format,
}

/// What `engage` is asked to do.
#[derive(Debug)]
pub struct EngageJob {
    /// Threat launch point, LAT,LON in degrees.
    pub threat_from: String,
    /// Threat aim point, LAT,LON in degrees.
    pub threat_to: String,
    /// Threat missile id (`shieldsim catalog missiles`).
    pub missile: String,
    /// Interceptor id (`shieldsim catalog interceptors`), fielded at every --site.
    pub interceptor: String,
    /// Interceptor site, LAT,LON in degrees (repeat for several sites).
    pub site: Vec<String>,
    /// Radar: ID@LAT,LON or ID@LAT,LON,BORESIGHT_AZIMUTH_DEG (`shieldsim catalog radars`; repeat for several).
    /// The default boresight faces the threat's launch point.
    pub radar: Vec<String>,
    /// Space-based early warning (cues the radars while the threat boosts).
    pub early_warning: Switch,
    /// Time from threat lift-off to the early-warning cue, s (`None`: the generic 60 s); only with early warning.
    pub early_warning_delay_s: Option<f64>,
    /// Time from a fire-control track to the launch decision, s (generic default).
    pub decision_delay_s: f64,
    /// A radar's role: NAME=ROLE, ROLE one of cue (its track only cues), commit (it can commit launches through a
    /// link), fire-control (commit, and it serves a site within 10 km directly). Default: the catalogue's
    /// fire-control flag (fire-control, else cue). Repeat for several radars.
    pub radar_role: Vec<String>,
    /// A link letting remote radars commit launches: KIND, KIND:RADAR,RADAR or KIND:RADAR,RADAR:SITE,SITE, KIND
    /// engage-on-remote (the linked radar's track commits and guides) or launch-on-remote (it commits; the site's
    /// own radar must track by the intercept). Without radars: every radar of role commit or fire-control; without
    /// sites: every site (named `site`, or `site-1`, `site-2`, ...). Repeat for several links.
    pub link: Vec<String>,
    /// When every site launches: track (earliest usable track), own-track (its own radar only), space-cue (also
    /// the early-warning cue), after-threat-launch or after-burnout (at --launch-time-s, no further delay).
    pub launch_rule: String,
    /// Launch time of the after-threat-launch and after-burnout rules, s after threat launch or burn-out.
    pub launch_time_s: Option<f64>,
    /// Replaced by --link (kept to say so).
    pub launch_on_remote: Option<Switch>,
    /// Radar cross-section of the boosting missile, m² (default: the missile's catalogue value).
    pub booster_rcs_m2: Option<f64>,
    /// Radar cross-section of the re-entry vehicle, m² (default: the missile's catalogue value).
    pub rv_rcs_m2: Option<f64>,
    /// Trajectory shape.
    pub shape: ShapeOptions,
    /// Earth model.
    pub earth: EarthOptions,
    /// Atmospheric drag during the threat's boost and re-entry (interceptor fly-outs always have drag).
    pub drag: Switch,
    /// Output format (csv: one row per site).
    pub format: Format,
    /// Also write engagement.json, map.png/svg, profile.png/svg (altitude against range with the interceptor's
    /// reach) and timeline.png/svg into this directory.
    pub out: Option<std::path::PathBuf>,
}

/// A Monte Carlo study of `assess` (`--monte-carlo N`).
#[derive(Debug, Clone)]
pub struct MonteCarloJob {
    /// Built-in scenario names (`shieldsim scenarios list`) or scenario files; none = every built-in scenario.
    pub scenarios: Vec<String>,
    /// Output format of the summary on stdout.
    pub format: Format,
    /// Also write assessment.json, corridors.csv, trajectories.geojson and trajectories.kml into this directory
    /// (with --monte-carlo: montecarlo.json, montecarlo-samples.csv/.parquet, montecarlo-tornado.csv, tornado
    /// figures and report.html).
    pub out: Option<std::path::PathBuf>,
    /// Monte Carlo: N samples (1 to 100000) of the uncertain parameters (the scenario file's [[uncertainty]]
    /// tables and --uncertain), giving P5/P50/P95 bands of every share and a tornado of what moves them.
    pub monte_carlo: Option<usize>,
    /// Seed of the Monte Carlo draws (the same seed gives the same results, whatever the number of threads).
    pub seed: u64,
    /// PATH=uniform:MIN:MAX, PATH=triangular:MIN:MODE:MAX or PATH=normal:MEAN:SD[:MIN:MAX]: a parameter's
    /// distribution for --monte-carlo (adds to the file's [[uncertainty]] tables, or replaces the one with this path;
    /// repeatable).
    pub uncertain: Vec<String>,
}

/// What `sweep` is asked to do.
#[derive(Debug, Clone)]
pub struct SweepJob {
    /// Built-in scenario names or scenario files; none = every built-in scenario that has the parameters.
    pub scenarios: Vec<String>,
    /// PATH=FROM:TO:STEP or PATH=V1,V2,...: a parameter and its values (once for a line, twice for a grid).
    pub vary: Vec<String>,
    /// List the parameter paths of the scenarios (with their values) instead of sweeping.
    pub list: bool,
    /// Output format of the results on stdout.
    pub format: Format,
    /// Also write sweep.json, sweep.csv, sweep.parquet, figures and report.html into this directory.
    pub out: Option<std::path::PathBuf>,
}

/// What `limits` is asked to do.
#[derive(Debug, Clone)]
pub struct LimitsJob {
    /// Built-in scenario name or scenario file.
    pub scenario: String,
    /// The stated-threat corridors, comma-separated (e.g. iran-europe,iran-us-east-coast).
    pub stated: Vec<String>,
    /// The deterrent's corridors, comma-separated (e.g. russia-us).
    pub deterrent: Vec<String>,
    /// Lowest acceptable stated share S, 0 to 1 (default: the scenario's own stated share: a limit must not cost
    /// coverage of the stated threat).
    pub min_stated_share: Option<f64>,
    /// Highest acceptable deterrent share D, 0 to 1.
    pub max_deterrent_share: f64,
    /// PATH=FROM:TO: search this parameter over this range instead of the default parameters (repeatable; the
    /// direction of capability is found from the ends).
    pub params: Vec<String>,
    /// Output format on stdout.
    pub format: Format,
    /// Also map the first two parameters together on a 7 x 7 grid over their ranges: where the limit holds, where
    /// the stated threat is lost, where the deterrent is engaged (a phase diagram; in JSON and, with --out, a figure).
    pub phase: bool,
    /// Also write limits.json, limits-curves.csv, figures and report.html into this directory.
    pub out: Option<std::path::PathBuf>,
}

/// What `footprint` is asked to do.
#[derive(Debug, Clone)]
pub struct FootprintJob {
    /// Built-in scenario name (`shieldsim scenarios list`) or scenario file whose architecture defends.
    pub scenario: String,
    /// Threat launch point, LAT,LON in degrees (default: the scenario's first corridor's first launch point). With
    /// --reverse the grid supplies the launch points and this one is only marked on the map as a reference.
    pub launch: Option<String>,
    /// Map launch points instead of aim points: the aim is fixed (--aim) and the grid holds launch points.
    pub reverse: bool,
    /// The fixed aim point of --reverse, LAT,LON in degrees.
    pub aim: Option<String>,
    /// Threat missile id (default: the first missile of the scenario's first corridor; any catalogue id works).
    pub missile: Option<String>,
    /// Trajectory shape.
    pub shape: ShapeOptions,
    /// Grid region: `global`, a box S,W,N,E in degrees (W greater than E crosses the antimeridian, e.g.
    /// 20,120,70,-120), or a polygon LAT,LON;LAT,LON;LAT,LON;...
    pub region: String,
    /// Grid spacing, degrees (grid points are cell centres).
    pub spacing_deg: f64,
    /// Intercept-window levels of the footprint polygons, s, ascending (0 = engageable at all).
    pub levels_s: String,
    /// Output format on stdout (csv: the whole grid).
    pub format: Format,
    /// Also write footprint.json, grid.csv, grid.parquet, footprint.geojson, footprint.kml, map.png and map.svg here.
    pub out: Option<std::path::PathBuf>,
}

/// What `raid` is asked to do.
#[derive(Debug, Clone)]
pub struct RaidJob {
    /// Built-in scenario names (`shieldsim scenarios list`) or scenario files; none = every built-in scenario.
    pub scenarios: Vec<String>,
    /// Single-shot kill probability of every interceptor, in (0, 1]: a generic assumption (default: the scenario
    /// file's [raid] pk_per_shot, else a generic 0.5, stated as such in the output).
    pub pk: Option<f64>,
    /// Shot doctrine: sls (shoot-look-shoot up to the trajectory's opportunities), salvo:K (one salvo of K) or
    /// salvo:K,sls (salvos of K with a kill assessment between). Default: the scenario file's [raid] doctrine, else
    /// sls.
    pub doctrine: Option<String>,
    /// Most interceptors fired at one warhead (default: the scenario file's [raid] max_per_warhead, else no cap
    /// beyond the doctrine and the opportunities).
    pub max_per_warhead: Option<u32>,
    /// A declared notional force: CORRIDOR=WARHEADS (repeat for several corridors). Default: the scenario file's
    /// [[force]] tables, else 1537 warheads on russia-us (New START aggregate, 5 February 2011, notional upper
    /// bound).
    pub force: Vec<String>,
    /// Seed of the Monte Carlo used where a site can run short (same seed, same numbers).
    pub seed: u64,
    /// Monte-Carlo trials.
    pub trials: u32,
    /// Output format on stdout.
    pub format: Format,
    /// Also write raid.json, raid.csv and report.html into this directory.
    pub out: Option<std::path::PathBuf>,
}
