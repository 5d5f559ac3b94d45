//! Command-line flags.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Ballistic-missile-defence kinematics for arms-control analysis: trajectories on a rotating Earth.
///
/// With no command, runs the default assessment: every built-in architecture of the 2007-2013 European
/// missile-defence dispute against its threat corridors (as `shieldsim assess`).
#[derive(Debug, Parser)]
#[command(
    name = "shieldsim",
    version,
    about,
    long_about,
    after_help = "Examples:\n  shieldsim ballistic --lat 35 --lon 53 --alt-km 0 --speed-mps 3000 --azimuth-deg 300 --flight-path-deg 45\n  shieldsim trajectory --from 35.23,53.92 --to 52.52,13.40 --missile shahab-3 --format json\n  shieldsim catalog missiles"
)]
pub struct Cli {
    /// The command (default: the default assessment of the built-in scenarios).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Propagate a given state (position, Earth-relative speed, azimuth, flight-path angle) to impact.
    #[command(
        after_help = "Example:\n  shieldsim ballistic --lat 0 --lon 0 --alt-km 0 --speed-mps 7000 --azimuth-deg 90 --flight-path-deg 30 --format json"
    )]
    Ballistic(BallisticArgs),
    /// Fly a catalogue missile from a launch point to an aim point (solves the boost that hits it).
    #[command(
        after_help = "Examples:\n  shieldsim trajectory --from 35.23,53.92 --to 38.90,-77.04 --missile icbm-solid-3\n  shieldsim trajectory --from 39.66,124.70 --to 21.31,-157.86 --missile icbm-liquid --shape lofted --apogee-km 3000 --format json"
    )]
    Trajectory(TrajectoryArgs),
    /// Can a defence engage one threat trajectory? Detection, track, launch, intercept window and shots.
    #[command(
        after_help = "Examples:\n  shieldsim engage --threat-from 38.07,46.30 --threat-to 52.52,13.40 --missile irbm-solid --interceptor sm3-ib --site 44.08,24.38 --radar an-tpy-2@38.35,37.79 --link launch-on-remote --radar spy-1@44.08,24.38\n  shieldsim engage --threat-from 35.23,53.92 --threat-to 38.90,-77.04 --missile icbm-liquid --interceptor gbi-2stage --site 54.47,17.12 --radar emr-brdy@49.63,13.73 --radar uewr-fylingdales@54.36,-0.67 --radar-role uewr-fylingdales=commit --link engage-on-remote --format json\n  shieldsim engage ... --launch-rule after-burnout --launch-time-s 20\n\nRadars are ID@LAT,LON or ID@LAT,LON,BORESIGHT_AZIMUTH_DEG (default boresight: towards the threat's launch point);\nthey are named by their catalogue id (a repeated id gets -2, -3, ...). A site launches on its own fire-control\nradar (within 10 km); --link lets other radars commit it.\nTimes are seconds after the threat's launch."
    )]
    Engage(EngageArgs),
    /// Which trajectories can each defence engage? Every corridor of every scenario (default: all built-in ones).
    #[command(
        after_help = "Examples:\n  shieldsim assess\n  shieldsim assess epaa-phase2-2015 third-site-2007 --format json\n  shieldsim assess my-scenario.toml --out results/\n  shieldsim assess third-site-2007 --monte-carlo 1000 --seed 7 --out mc/\n  shieldsim assess epaa-phase3-2018 --monte-carlo 500 --uncertain rules.decision_delay_s=triangular:10:30:120 --uncertain radars.kurecik-tpy2.range_km=normal:1000:150:500:1500\n\nWith --out DIR: assessment.json, corridors.csv, trajectories.geojson and intercepts.geojson (QGIS), trajectories.kml\n(Google Earth), trajectories.czml (Cesium), a map per scenario and report.html.\nWith --monte-carlo N: P5/P50/P95 bands of each corridor's shares over N samples of the uncertain parameters, and a\ntornado (each parameter alone at its P5 and P95); see docs/uncertainty.md."
    )]
    Assess(AssessArgs),
    /// Where can a defence engage? One threat flown to every point of a latitude/longitude grid (or, with --reverse,
    /// from every point to one aim), with grid, polygon and map files.
    #[command(
        after_help = "Examples:\n  shieldsim footprint epaa-phase3-2018 --launch 35.23,53.92 --missile irbm-solid --out fp/\n  shieldsim footprint epaa-phase3-2018 --launch 35.23,53.92 --region 30,-15,72,60 --spacing-deg 0.25 --format json\n  shieldsim footprint third-site-2007 --reverse --aim 52.52,13.40 --region 25,40,45,65 --spacing-deg 0.5\n\nWith --out DIR: footprint.json (summary), grid.csv and grid.parquet (one row per grid point; GeoParquet), footprint.geojson\n(QGIS) and footprint.kml (Google Earth) with the engageable area and window levels as polygons, map.png and map.svg."
    )]
    Footprint(FootprintArgs),
    /// How do the verdicts move with one parameter (a line) or two (a grid)? Every trajectory flown once, re-engaged
    /// for every value.
    #[command(
        after_help = "Examples:\n  shieldsim sweep third-site-2007 --vary interceptors.gbi-2stage.burnout_speed_mps=5500:9000:250\n  shieldsim sweep --vary rules.decision_delay_s=0:300:30 --format csv\n  shieldsim sweep epaa-phase4-planned --vary sites.redzikowo-iib.along_km@180=0:1000:100 --vary interceptors.sm3-iib.burnout_speed_mps=4000:6000:500 --out sw/\n\nPATH names a scenario parameter in the unit of its suffix (`shieldsim sweep SCENARIO --list` shows them all):\nrules.decision_delay_s, interceptors.ID.burnout_speed_mps|max_flight_time_s|..., sites.NAME.lat_deg|lon_deg|along_km@AZ,\nradars.NAME.range_km|boresight_deg|..., missiles.ID.booster_rcs_m2|rv_rcs_m2. VALUES is FROM:TO:STEP or V1,V2,...\nWith no scenario: every built-in scenario that has the parameters.\nWith --out DIR: sweep.json, sweep.csv and sweep.parquet (one row per scenario, value and corridor), figures and report.html."
    )]
    Sweep(SweepArgs),
    /// Under which verifiable limits does a defence cover its stated threat and engage none of a deterrent's
    /// trajectories? Flip points per parameter, with a witness trajectory and a plain-language statement.
    #[command(
        after_help = "Examples:\n  shieldsim limits third-site-2007 --stated iran-europe,iran-us-east-coast --deterrent russia-us\n  shieldsim limits epaa-phase4-planned --stated iran-europe --deterrent russia-us --min-stated-share 0.4 --out lim/\n  shieldsim limits third-site-2007 --stated iran-us-east-coast --deterrent russia-us --param interceptors.gbi-2stage.burnout_speed_mps=4000:9000\n\nDefault parameters: every interceptor type's burn-out speed and kill-vehicle fly-out time (0.5 to 1.5 times the\nscenario's), every site's stand-off directly away from the deterrent's launch areas (0 to 2,000 km), every radar's\nrange (0.1 to 1.5 times). Shares are pooled over the stated (or deterrent) corridors: engageable of evaluated.\nWith --out DIR: limits.json, limits-curves.csv, a trade-off figure per parameter and report.html."
    )]
    Limits(LimitsArgs),
    /// How much of a declared NOTIONAL force could each defence put at risk and intercept? A generic kill
    /// probability, a shot doctrine and the sites' inventories over the assessment (no attack planning).
    #[command(
        after_help = "Examples:\n  shieldsim raid\n  shieldsim raid restructure-2013 --pk 0.5 --doctrine salvo:2,sls --max-per-warhead 4\n  shieldsim raid epaa-phase3-2018 --force iran-europe=5 --force russia-us=1537 --format json\n  shieldsim raid third-site-2007 --seed 7 --trials 20000 --out raid/\n\nDoctrines: sls (shoot-look-shoot, one interceptor per opportunity), salvo:K (one salvo of K), salvo:K,sls (salvos\nof K with a look between). Without --force: 1537 warheads on russia-us, Russia's New START aggregate of 5 February\n2011, a notional upper bound. With --out DIR: raid.json, raid.csv and report.html. See docs/attrition.md."
    )]
    Raid(RaidArgs),
    /// Assess one scenario file (the same as `assess FILE`).
    #[command(after_help = "Example:\n  shieldsim run my-scenario.toml --out results/")]
    Run(RunArgs),
    /// See it in the browser: a local web app with a 3-D globe (scenarios, assess, engage, footprint, downloads).
    #[command(
        after_help = "Examples:\n  shieldsim serve\n  shieldsim serve --port 0 --open\n  shieldsim serve --host 0.0.0.0 --port 8080   # reachable from other machines (warned about)\n\nThe page and everything it loads (CesiumJS, the Natural Earth II imagery) are inside the program: no network\nis needed. It binds 127.0.0.1 unless --host says otherwise. Ctrl-C stops it."
    )]
    Serve(ServeArgs),
    /// List the built-in catalogue.
    #[command(
        after_help = "Examples:\n  shieldsim catalog missiles --format json\n  shieldsim catalog interceptors\n  shieldsim catalog radars --format csv"
    )]
    Catalog(CatalogArgs),
    /// List, summarise and export the built-in scenarios (files to start from: docs/scenario.md).
    #[command(
        after_help = "Examples:\n  shieldsim scenarios list\n  shieldsim scenarios show epaa-phase2-2015\n  shieldsim scenarios export epaa-phase2-2015 > my-scenario.toml"
    )]
    Scenarios(ScenariosArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell).
    #[command(
        after_help = "Examples:\n  shieldsim completions bash > ~/.local/share/bash-completion/completions/shieldsim\n  shieldsim completions zsh > ~/.zfunc/_shieldsim   # with fpath+=~/.zfunc before compinit\n  shieldsim completions fish > ~/.config/fish/completions/shieldsim.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write it and one page per command into a directory.
    #[command(
        after_help = "Examples:\n  shieldsim man | man -l -\n  shieldsim man --out ~/.local/share/man/man1   # shieldsim.1, shieldsim-engage.1, ...; then `man shieldsim`"
    )]
    Man(ManArgs),
}

/// Flags of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Flags of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write shieldsim.1 and one page per command (shieldsim-engage.1, ...) into DIR (created if missing) instead
    /// of printing shieldsim.1 to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<std::path::PathBuf>,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// JSON (snake_case, units in field names).
    Json,
    /// CSV of the sampled path (or of the catalogue).
    Csv,
}

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EarthShape {
    /// WGS 84 ellipsoid.
    Wgs84,
    /// Sphere of radius 6371 km.
    Sphere,
}

/// Gravity model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Gravity {
    /// Point mass plus J2.
    J2,
    /// Point mass only.
    PointMass,
}

/// Trajectory shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShapeArg {
    /// Least burn-out energy for the range.
    MinEnergy,
    /// Higher than minimum energy (full burn unless --apogee-km or --burnout-flight-path-deg).
    Lofted,
    /// Lower than minimum energy (full burn unless --apogee-km or --burnout-flight-path-deg).
    Depressed,
}

/// Trajectory-shape flags shared by `trajectory` and `engage`.
#[derive(Debug, Clone, Args)]
pub struct ShapeArgs {
    /// Trajectory shape.
    #[arg(long, value_enum, default_value_t = ShapeArg::MinEnergy)]
    pub shape: ShapeArg,
    /// Apogee of a lofted or depressed trajectory, km.
    #[arg(
        long,
        allow_hyphen_values = true,
        conflicts_with = "burnout_flight_path_deg"
    )]
    pub apogee_km: Option<f64>,
    /// Burn-out flight-path angle of a lofted or depressed trajectory, degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub burnout_flight_path_deg: Option<f64>,
}

/// Earth-model flags shared by the flight commands.
#[derive(Debug, Clone, Args)]
pub struct EarthArgs {
    /// Earth shape.
    #[arg(long, value_enum, default_value_t = EarthShape::Wgs84)]
    pub earth: EarthShape,
    /// Earth rotation.
    #[arg(long, value_enum, default_value_t = Switch::On)]
    pub rotation: Switch,
    /// Gravity model.
    #[arg(long, value_enum, default_value_t = Gravity::J2)]
    pub gravity: Gravity,
}

/// Flags of `ballistic`.
#[derive(Debug, Args)]
pub struct BallisticArgs {
    /// Geodetic latitude of the initial point, degrees north.
    #[arg(long, allow_hyphen_values = true)]
    pub lat: f64,
    /// Longitude of the initial point, degrees east.
    #[arg(long, allow_hyphen_values = true)]
    pub lon: f64,
    /// Height above the ellipsoid (or sphere), km.
    #[arg(long, allow_hyphen_values = true)]
    pub alt_km: f64,
    /// Speed relative to the rotating Earth, m/s.
    #[arg(long, allow_hyphen_values = true)]
    pub speed_mps: f64,
    /// Direction of the velocity, degrees clockwise from north.
    #[arg(long, allow_hyphen_values = true)]
    pub azimuth_deg: f64,
    /// Angle of the velocity above the local horizontal, degrees, in (-90, 90].
    #[arg(long, allow_hyphen_values = true)]
    pub flight_path_deg: f64,
    #[command(flatten)]
    pub earth: EarthArgs,
    /// Atmospheric drag on the body (needs --beta-kg-m2).
    #[arg(long, value_enum, default_value_t = Switch::Off)]
    pub drag: Switch,
    /// Ballistic coefficient m/(Cd·A), kg/m², used with --drag on.
    #[arg(long, allow_hyphen_values = true)]
    pub beta_kg_m2: Option<f64>,
    /// Number of evenly spaced samples of the path, from the start to impact (0 for none).
    #[arg(long, default_value_t = 50)]
    pub samples: usize,
    /// Relative tolerance of the integrator.
    #[arg(long, default_value_t = 1e-10, allow_hyphen_values = true)]
    pub rtol: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Flags of `trajectory`.
#[derive(Debug, Args)]
pub struct TrajectoryArgs {
    /// Launch point, LAT,LON in degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub from: String,
    /// Aim point, LAT,LON in degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub to: String,
    /// Missile id from the catalogue (`shieldsim catalog missiles`).
    #[arg(long)]
    pub missile: String,
    #[command(flatten)]
    pub shape: ShapeArgs,
    #[command(flatten)]
    pub earth: EarthArgs,
    /// Atmospheric drag during boost and re-entry.
    #[arg(long, value_enum, default_value_t = Switch::On)]
    pub drag: Switch,
    /// Number of evenly spaced samples of the path, from lift-off to impact (0 for none).
    #[arg(long, default_value_t = 50)]
    pub samples: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Flags of `engage`.
#[derive(Debug, Args)]
pub struct EngageArgs {
    /// Threat launch point, LAT,LON in degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub threat_from: String,
    /// Threat aim point, LAT,LON in degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub threat_to: String,
    /// Threat missile id (`shieldsim catalog missiles`).
    #[arg(long)]
    pub missile: String,
    /// Interceptor id (`shieldsim catalog interceptors`), fielded at every --site.
    #[arg(long)]
    pub interceptor: String,
    /// Interceptor site, LAT,LON in degrees (repeat for several sites).
    #[arg(long, required = true, allow_hyphen_values = true)]
    pub site: Vec<String>,
    /// Radar: ID@LAT,LON or ID@LAT,LON,BORESIGHT_AZIMUTH_DEG (`shieldsim catalog radars`; repeat for several).
    /// The default boresight faces the threat's launch point.
    #[arg(long, allow_hyphen_values = true)]
    pub radar: Vec<String>,
    /// Space-based early warning (cues the radars while the threat boosts).
    #[arg(long, value_enum, default_value_t = Switch::On)]
    pub early_warning: Switch,
    /// Time from threat lift-off to the early-warning cue, s [default: 60, a generic value].
    #[arg(long, allow_hyphen_values = true)]
    pub early_warning_delay_s: Option<f64>,
    /// Time from a fire-control track to the launch decision, s (generic default).
    #[arg(long, default_value_t = 30.0, allow_hyphen_values = true)]
    pub decision_delay_s: f64,
    /// A radar's role: NAME=ROLE, ROLE one of cue (its track only cues), commit (it can commit launches through a
    /// link), fire-control (commit, and it serves a site within 10 km directly). Default: the catalogue's
    /// fire-control flag (fire-control, else cue). Repeat for several radars.
    #[arg(long)]
    pub radar_role: Vec<String>,
    /// A link letting remote radars commit launches: KIND, KIND:RADAR,RADAR or KIND:RADAR,RADAR:SITE,SITE, KIND
    /// engage-on-remote (the linked radar's track commits and guides) or launch-on-remote (it commits; the site's
    /// own radar must track by the intercept). Without radars: every radar of role commit or fire-control; without
    /// sites: every site (named `site`, or `site-1`, `site-2`, ...). Repeat for several links.
    #[arg(long)]
    pub link: Vec<String>,
    /// When every site launches: track (earliest usable track), own-track (its own radar only), space-cue (also
    /// the early-warning cue), after-threat-launch or after-burnout (at --launch-time-s, no further delay).
    #[arg(long, default_value = "track")]
    pub launch_rule: String,
    /// Launch time of the after-threat-launch and after-burnout rules, s after threat launch or burn-out.
    #[arg(long, allow_hyphen_values = true)]
    pub launch_time_s: Option<f64>,
    /// Replaced by --link (kept to say so).
    #[arg(long, value_enum, hide = true)]
    pub launch_on_remote: Option<Switch>,
    /// Radar cross-section of the boosting missile, m² (default: the missile's catalogue value).
    #[arg(long, allow_hyphen_values = true)]
    pub booster_rcs_m2: Option<f64>,
    /// Radar cross-section of the re-entry vehicle, m² (default: the missile's catalogue value).
    #[arg(long, allow_hyphen_values = true)]
    pub rv_rcs_m2: Option<f64>,
    #[command(flatten)]
    pub shape: ShapeArgs,
    #[command(flatten)]
    pub earth: EarthArgs,
    /// Atmospheric drag during the threat's boost and re-entry (interceptor fly-outs always have drag).
    #[arg(long, value_enum, default_value_t = Switch::On)]
    pub drag: Switch,
    /// Output format (csv: one row per site).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write engagement.json, map.png/svg, profile.png/svg (altitude against range with the interceptor's
    /// reach), timeline.png/svg, and for GIS tools engagement.geojson (the threat track), engagement-points.geojson
    /// (launch, aim, sites, radars, intercepts), engagement.kml and engagement.czml into this directory.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}

/// Flags of `assess`.
#[derive(Debug, Clone, Args)]
pub struct AssessArgs {
    /// Built-in scenario names (`shieldsim scenarios list`) or scenario files; none = every built-in scenario.
    pub scenarios: Vec<String>,
    /// Output format of the summary on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write assessment.json, corridors.csv, trajectories.geojson, intercepts.geojson, trajectories.kml,
    /// trajectories.czml, maps and report.html into this directory
    /// (with --monte-carlo: montecarlo.json, montecarlo-samples.csv/.parquet, montecarlo-tornado.csv, tornado
    /// figures and report.html).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Monte Carlo: N samples (1 to 100000) of the uncertain parameters (the scenario file's [[uncertainty]]
    /// tables and --uncertain), giving P5/P50/P95 bands of every share and a tornado of what moves them.
    #[arg(long, value_name = "N")]
    pub monte_carlo: Option<usize>,
    /// Seed of the Monte Carlo draws (the same seed gives the same results, whatever the number of threads).
    #[arg(long, default_value_t = 1, requires = "monte_carlo")]
    pub seed: u64,
    /// PATH=uniform:MIN:MAX, PATH=triangular:MIN:MODE:MAX or PATH=normal:MEAN:SD[:MIN:MAX]: a parameter's
    /// distribution for --monte-carlo (adds to the file's [[uncertainty]] tables, or replaces the one with this path;
    /// repeatable).
    #[arg(
        long,
        value_name = "PATH=DIST",
        allow_hyphen_values = true,
        requires = "monte_carlo"
    )]
    pub uncertain: Vec<String>,
}

/// Flags of `sweep`.
#[derive(Debug, Clone, Args)]
pub struct SweepArgs {
    /// Built-in scenario names or scenario files; none = every built-in scenario that has the parameters.
    pub scenarios: Vec<String>,
    /// PATH=FROM:TO:STEP or PATH=V1,V2,...: a parameter and its values (once for a line, twice for a grid).
    #[arg(long = "vary", value_name = "PATH=VALUES", allow_hyphen_values = true)]
    pub vary: Vec<String>,
    /// List the parameter paths of the scenarios (with their values) instead of sweeping.
    #[arg(long)]
    pub list: bool,
    /// Output format of the results on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write sweep.json, sweep.csv, sweep.parquet, figures and report.html into this directory.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// Flags of `limits`.
#[derive(Debug, Clone, Args)]
pub struct LimitsArgs {
    /// Built-in scenario name or scenario file.
    pub scenario: String,
    /// The stated-threat corridors, comma-separated (e.g. iran-europe,iran-us-east-coast).
    #[arg(long, value_delimiter = ',', required = true)]
    pub stated: Vec<String>,
    /// The deterrent's corridors, comma-separated (e.g. russia-us).
    #[arg(long, value_delimiter = ',', required = true)]
    pub deterrent: Vec<String>,
    /// Lowest acceptable stated share S, 0 to 1 (default: the scenario's own stated share: a limit must not cost
    /// coverage of the stated threat).
    #[arg(long)]
    pub min_stated_share: Option<f64>,
    /// Highest acceptable deterrent share D, 0 to 1.
    #[arg(long, default_value_t = 0.0)]
    pub max_deterrent_share: f64,
    /// PATH=FROM:TO: search this parameter over this range instead of the default parameters (repeatable; the
    /// direction of capability is found from the ends).
    #[arg(
        long = "param",
        value_name = "PATH=FROM:TO",
        allow_hyphen_values = true
    )]
    pub params: Vec<String>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also map the first two parameters together on a 7 x 7 grid over their ranges: where the limit holds, where
    /// the stated threat is lost, where the deterrent is engaged (a phase diagram; in JSON and, with --out, a figure).
    #[arg(long)]
    pub phase: bool,
    /// Also write limits.json, limits-curves.csv, figures and report.html into this directory.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// Flags of `footprint`.
#[derive(Debug, Clone, Args)]
pub struct FootprintArgs {
    /// Built-in scenario name (`shieldsim scenarios list`) or scenario file whose architecture defends.
    pub scenario: String,
    /// Threat launch point, LAT,LON in degrees (default: the scenario's first corridor's first launch point). With
    /// --reverse the grid supplies the launch points and this one is only marked on the map as a reference.
    #[arg(long, allow_hyphen_values = true)]
    pub launch: Option<String>,
    /// Map launch points instead of aim points: the aim is fixed (--aim) and the grid holds launch points.
    #[arg(long)]
    pub reverse: bool,
    /// The fixed aim point of --reverse, LAT,LON in degrees.
    #[arg(long, allow_hyphen_values = true)]
    pub aim: Option<String>,
    /// Threat missile id (default: the first missile of the scenario's first corridor; any catalogue id works).
    #[arg(long)]
    pub missile: Option<String>,
    #[command(flatten)]
    pub shape: ShapeArgs,
    /// Grid region: `global`, a box S,W,N,E in degrees (W greater than E crosses the antimeridian, e.g.
    /// 20,120,70,-120), or a polygon LAT,LON;LAT,LON;LAT,LON;...
    #[arg(long, default_value = "global", allow_hyphen_values = true)]
    pub region: String,
    /// Grid spacing, degrees (grid points are cell centres).
    #[arg(long, default_value_t = 1.0, allow_hyphen_values = true)]
    pub spacing_deg: f64,
    /// Intercept-window levels of the footprint polygons, s, ascending (0 = engageable at all).
    #[arg(long, default_value = "0,60,120,300,600")]
    pub levels_s: String,
    /// Output format on stdout (csv: the whole grid).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write footprint.json, grid.csv, grid.parquet (GeoParquet), footprint.geojson, footprint.kml,
    /// trajectories.czml, map.png and map.svg here.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// Flags of `raid`.
#[derive(Debug, Clone, Args)]
pub struct RaidArgs {
    /// Built-in scenario names (`shieldsim scenarios list`) or scenario files; none = every built-in scenario.
    pub scenarios: Vec<String>,
    /// Single-shot kill probability of every interceptor, in (0, 1]: a generic assumption (default: the scenario
    /// file's [raid] pk_per_shot, else a generic 0.5, stated as such in the output).
    #[arg(long, allow_hyphen_values = true)]
    pub pk: Option<f64>,
    /// Shot doctrine: sls (shoot-look-shoot up to the trajectory's opportunities), salvo:K (one salvo of K) or
    /// salvo:K,sls (salvos of K with a kill assessment between). Default: the scenario file's [raid] doctrine, else
    /// sls.
    #[arg(long)]
    pub doctrine: Option<String>,
    /// Most interceptors fired at one warhead (default: the scenario file's [raid] max_per_warhead, else no cap
    /// beyond the doctrine and the opportunities).
    #[arg(long)]
    pub max_per_warhead: Option<u32>,
    /// A declared notional force: CORRIDOR=WARHEADS (repeat for several corridors). Default: the scenario file's
    /// [[force]] tables, else 1537 warheads on russia-us (New START aggregate, 5 February 2011, notional upper
    /// bound).
    #[arg(long, allow_hyphen_values = true)]
    pub force: Vec<String>,
    /// Seed of the Monte Carlo used where a site can run short (same seed, same numbers).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Monte-Carlo trials.
    #[arg(long, default_value_t = 10_000)]
    pub trials: u32,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write raid.json, raid.csv and report.html into this directory.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// Flags of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// TCP port (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind: 127.0.0.1 (this machine only), or e.g. 0.0.0.0 to let other machines in (warned about).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

impl ServeArgs {
    /// The web front end's options for these flags.
    pub fn options(&self) -> shieldsim_serve::ServeOptions {
        shieldsim_serve::ServeOptions {
            host: self.host.clone(),
            port: self.port,
            open: self.open,
        }
    }
}

/// Flags of `run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub file: String,
    /// Output format of the summary on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write the output files into this directory (see `assess --help`).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// What `catalog` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogKind {
    /// Ballistic missiles.
    Missiles,
    /// Interceptors (builds each one's fly-out reach table: burn-out speed, reach).
    Interceptors,
    /// Radars.
    Radars,
}

/// Flags of `catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Which catalogue.
    #[arg(value_enum)]
    pub kind: CatalogKind,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Flags of `scenarios`.
#[derive(Debug, Args)]
pub struct ScenariosArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: ScenariosCommand,
}

/// The `scenarios` subcommands.
#[derive(Debug, Subcommand)]
pub enum ScenariosCommand {
    /// List the built-in scenarios: name, corridors, trajectories, sites, radars and title.
    #[command(
        after_help = "Examples:\n  shieldsim scenarios list\n  shieldsim scenarios list --format json"
    )]
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Summarise a scenario (built-in or a file, which this also checks): model, radars, sites, corridors with their
    /// point counts, missiles and shapes, and sources.
    #[command(
        after_help = "Examples:\n  shieldsim scenarios show epaa-phase2-2015\n  shieldsim scenarios show my-scenario.toml"
    )]
    Show {
        /// A built-in scenario name (`shieldsim scenarios list`) or a scenario file (TOML).
        scenario: String,
    },
    /// Print a built-in scenario's TOML exactly as embedded: a working file to start from (docs/scenario.md
    /// documents every key).
    #[command(
        after_help = "Example:\n  shieldsim scenarios export epaa-phase2-2015 > my-scenario.toml\n  shieldsim assess my-scenario.toml"
    )]
    Export {
        /// A built-in scenario name (`shieldsim scenarios list`).
        name: String,
    },
}

// ---- Flags to the application layer's jobs (the same fields; the clap enums mapped to the layer's). ----

use shieldsim_app::requests as job;

impl From<Switch> for job::Switch {
    fn from(v: Switch) -> Self {
        match v {
            Switch::On => job::Switch::On,
            Switch::Off => job::Switch::Off,
        }
    }
}

impl From<EarthShape> for job::EarthShape {
    fn from(v: EarthShape) -> Self {
        match v {
            EarthShape::Wgs84 => job::EarthShape::Wgs84,
            EarthShape::Sphere => job::EarthShape::Sphere,
        }
    }
}

impl From<Gravity> for job::Gravity {
    fn from(v: Gravity) -> Self {
        match v {
            Gravity::J2 => job::Gravity::J2,
            Gravity::PointMass => job::Gravity::PointMass,
        }
    }
}

impl From<ShapeArg> for job::ShapeArg {
    fn from(v: ShapeArg) -> Self {
        match v {
            ShapeArg::MinEnergy => job::ShapeArg::MinEnergy,
            ShapeArg::Lofted => job::ShapeArg::Lofted,
            ShapeArg::Depressed => job::ShapeArg::Depressed,
        }
    }
}

impl From<Format> for shieldsim_app::output::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Table => shieldsim_app::output::Format::Table,
            Format::Json => shieldsim_app::output::Format::Json,
            Format::Csv => shieldsim_app::output::Format::Csv,
        }
    }
}

impl ShapeArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::ShapeOptions {
        job::ShapeOptions {
            shape: self.shape.into(),
            apogee_km: self.apogee_km,
            burnout_flight_path_deg: self.burnout_flight_path_deg,
        }
    }
}

impl EarthArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::EarthOptions {
        job::EarthOptions {
            earth: self.earth.into(),
            rotation: self.rotation.into(),
            gravity: self.gravity.into(),
        }
    }
}

impl BallisticArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::BallisticJob {
        job::BallisticJob {
            lat: self.lat,
            lon: self.lon,
            alt_km: self.alt_km,
            speed_mps: self.speed_mps,
            azimuth_deg: self.azimuth_deg,
            flight_path_deg: self.flight_path_deg,
            earth: self.earth.job(),
            drag: self.drag.into(),
            beta_kg_m2: self.beta_kg_m2,
            samples: self.samples,
            rtol: self.rtol,
            format: self.format.into(),
        }
    }
}

impl TrajectoryArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::TrajectoryJob {
        job::TrajectoryJob {
            from: self.from.clone(),
            to: self.to.clone(),
            missile: self.missile.clone(),
            shape: self.shape.job(),
            earth: self.earth.job(),
            drag: self.drag.into(),
            samples: self.samples,
            format: self.format.into(),
        }
    }
}

impl EngageArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::EngageJob {
        job::EngageJob {
            threat_from: self.threat_from.clone(),
            threat_to: self.threat_to.clone(),
            missile: self.missile.clone(),
            interceptor: self.interceptor.clone(),
            site: self.site.clone(),
            radar: self.radar.clone(),
            early_warning: self.early_warning.into(),
            early_warning_delay_s: self.early_warning_delay_s,
            decision_delay_s: self.decision_delay_s,
            radar_role: self.radar_role.clone(),
            link: self.link.clone(),
            launch_rule: self.launch_rule.clone(),
            launch_time_s: self.launch_time_s,
            launch_on_remote: self.launch_on_remote.map(Into::into),
            booster_rcs_m2: self.booster_rcs_m2,
            rv_rcs_m2: self.rv_rcs_m2,
            shape: self.shape.job(),
            earth: self.earth.job(),
            drag: self.drag.into(),
            format: self.format.into(),
            out: self.out.clone(),
        }
    }
}

impl AssessArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::MonteCarloJob {
        job::MonteCarloJob {
            scenarios: self.scenarios.clone(),
            format: self.format.into(),
            out: self.out.clone(),
            monte_carlo: self.monte_carlo,
            seed: self.seed,
            uncertain: self.uncertain.clone(),
        }
    }
}

impl SweepArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::SweepJob {
        job::SweepJob {
            scenarios: self.scenarios.clone(),
            vary: self.vary.clone(),
            list: self.list,
            format: self.format.into(),
            out: self.out.clone(),
        }
    }
}

impl LimitsArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::LimitsJob {
        job::LimitsJob {
            scenario: self.scenario.clone(),
            stated: self.stated.clone(),
            deterrent: self.deterrent.clone(),
            min_stated_share: self.min_stated_share,
            max_deterrent_share: self.max_deterrent_share,
            params: self.params.clone(),
            format: self.format.into(),
            phase: self.phase,
            out: self.out.clone(),
        }
    }
}

impl FootprintArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::FootprintJob {
        job::FootprintJob {
            scenario: self.scenario.clone(),
            launch: self.launch.clone(),
            reverse: self.reverse,
            aim: self.aim.clone(),
            missile: self.missile.clone(),
            shape: self.shape.job(),
            region: self.region.clone(),
            spacing_deg: self.spacing_deg,
            levels_s: self.levels_s.clone(),
            format: self.format.into(),
            out: self.out.clone(),
        }
    }
}

impl RaidArgs {
    /// The application layer's job for these flags.
    pub fn job(&self) -> job::RaidJob {
        job::RaidJob {
            scenarios: self.scenarios.clone(),
            pk: self.pk,
            doctrine: self.doctrine.clone(),
            max_per_warhead: self.max_per_warhead,
            force: self.force.clone(),
            seed: self.seed,
            trials: self.trials,
            format: self.format.into(),
            out: self.out.clone(),
        }
    }
}
