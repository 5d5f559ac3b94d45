//! Footprints: one threat missile flown to (or from) every point of a latitude/longitude grid and engaged by a
//! scenario's architecture, giving per grid point whether the defence can engage, its intercept window, its
//! shoot-look-shoot opportunities and the sites that contribute.
//!
//! Two maps: **aims** (the launch point fixed, the aim point on the grid: "which targets does this defence cover
//! against a launch from here?") and **launches** (the aim fixed, the launch point on the grid: "from where can a
//! shot at this target be engaged?").
//!
//! The grid's points are cell centres: `rows × cols` cells of `spacing_deg` covering the region, so a 1° global grid
//! has 180 × 360 = 64,800 points at latitudes ±89.5°, ±88.5°, … and longitudes −179.5°, …, 179.5°.
//!
//! **Work order.** Each grid row is one task (rows run in parallel, rayon). Within a row, points are solved outward
//! from the in-reach point whose range is nearest half the missile's reach (cold-started), each warm-started from its
//! neighbour's solution (see [`Targeter::solve`]). Once three consecutive points of a row are solved, the next
//! point's controls are extrapolated from theirs (a parabola through each solution's controls refined by one Newton
//! step on its Jacobian, [`TargetingSolution::refined_controls`], which removes the scatter of solutions anywhere
//! within the tolerance) and flown first ([`Targeter::solve_guided`]): at 0.5° spacing five in six land within the
//! tolerance at once, and most of the rest after one more Newton step. A row's results do not depend on which thread
//! ran it or on other rows, so the footprint is identical whatever the thread count.
//!
//! **Reach.** Before solving, the missile's full-burn reach from the launch point is measured as a function of azimuth
//! (every 2° for an aims map; every 10° per grid row's latitude for a launches map, where the launch point moves) and
//! interpolated; points beyond it are recorded as out of range without a solve. A point within a fraction of a
//! percent of the reach edge may therefore be classed differently from a single `engage` run, which measures the reach
//! in the exact direction; everywhere else the footprint reproduces `engage` (same targeting accuracy, same
//! engagement model).
//!
//! **Memory** is bounded: a point's result is a fixed-size [`PointResult`]; trajectories are dropped once engaged.
//! Grids needing more than [`MEMORY_LIMIT_BYTES`] are refused before any work.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::earth::{geodesic, Geodetic};
use crate::flight::targeting::{extrapolate_controls, Accuracy, Targeter, TargetingSolution};
use crate::flight::{BoostControls, SampledTrajectory, Shape};
use crate::intercept::{Architecture, InterceptorCache};
use crate::scenario::sampling::{check_polygon, polygon_contains};
use crate::scenario::{Scenario, ThreatMissile};

use super::assess::{build_architecture, AssessError};

/// Most sites an architecture may have for a footprint (each point records its contributing sites as bits of a
/// `u64`).
pub const MAX_SITES: usize = 64;

/// Memory a footprint may use for its results and their exports, bytes (2 GiB).
pub const MEMORY_LIMIT_BYTES: u64 = 2 << 30;

/// Memory per grid point: its result plus the table the grid exports build, bytes (measured: a 0.25° global
/// footprint with every export peaks at about 390 MB, i.e. 375 bytes per point).
pub const BYTES_PER_POINT: u64 = 400;

/// Azimuth step of the reach table of an aims map, degrees.
const REACH_STEP_AIMS_DEG: f64 = 2.0;
/// Azimuth step of the per-row reach tables of a launches map, degrees.
const REACH_STEP_LAUNCHES_DEG: f64 = 10.0;

/// Why a footprint cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FootprintError {
    /// The grid spacing is not a number of degrees in (0, 180].
    #[error("grid spacing {0}° is not a number of degrees above 0 and at most 180")]
    Spacing(f64),
    /// A region bound is out of range or the bounds are in the wrong order.
    #[error("region: {0}")]
    Region(String),
    /// The grid is too fine for the memory limit.
    #[error(
        "a {}° grid over this region has {} points and would need {need} of memory for its results (limit \
         {limit}); use a coarser spacing (at least {min_spacing_deg:.3}°) or a smaller region",
        crate::text::number(*.spacing_deg),
        crate::text::number(*.points)
    )]
    TooFine {
        /// The spacing asked for, degrees.
        spacing_deg: f64,
        /// Points it would have (a float: a fine spacing over a large region exceeds every integer type).
        points: f64,
        /// Memory needed, in words (e.g. "3.9 GiB").
        need: String,
        /// The limit, in words.
        limit: String,
        /// The finest spacing that fits, degrees.
        min_spacing_deg: f64,
    },
    /// The region polygon is invalid.
    #[error("region polygon: {0}")]
    Polygon(String),
    /// No grid point falls inside the region.
    #[error("no grid point falls inside the region at {0}° spacing: use a finer spacing or a larger region")]
    EmptyRegion(f64),
    /// The architecture has too many sites.
    #[error("the architecture has {0} interceptor sites; footprints handle at most {MAX_SITES}")]
    TooManySites(usize),
    /// A range of rows outside the grid.
    #[error("rows {first}..{end} are not within the grid's {rows} rows")]
    Rows {
        /// First row asked for.
        first: usize,
        /// One past the last row asked for.
        end: usize,
        /// Rows of the grid.
        rows: usize,
    },
    /// Tiles that do not make up the grid.
    #[error("footprint tiles: {0}")]
    Tiles(String),
    /// Building the architecture failed, or the work was interrupted.
    #[error(transparent)]
    Assess(#[from] AssessError),
}

/// A rectangular region in latitude and longitude, degrees, both longitudes in [−180, 180]. `west_deg > east_deg`
/// means the region crosses the antimeridian: `170, -170` is the 20° band from 170° E eastwards to 170° W.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// Southern bound, degrees (≥ −90).
    pub south_deg: f64,
    /// Western bound, degrees (≥ −180).
    pub west_deg: f64,
    /// Northern bound, degrees (≤ 90).
    pub north_deg: f64,
    /// Eastern bound, degrees (≤ 180).
    pub east_deg: f64,
}

impl Region {
    /// The whole globe.
    pub const GLOBAL: Region = Region {
        south_deg: -90.0,
        west_deg: -180.0,
        north_deg: 90.0,
        east_deg: 180.0,
    };

    /// A checked region.
    pub fn new(
        south_deg: f64,
        west_deg: f64,
        north_deg: f64,
        east_deg: f64,
    ) -> Result<Self, FootprintError> {
        let bad = |m: String| Err(FootprintError::Region(m));
        for (name, v, lim) in [
            ("south", south_deg, 90.0),
            ("north", north_deg, 90.0),
            ("west", west_deg, 180.0),
            ("east", east_deg, 180.0),
        ] {
            if !v.is_finite() || v.abs() > lim {
                return bad(format!(
                    "{name} bound {v} is not a number in [-{lim}, {lim}] degrees"
                ));
            }
        }
        if south_deg >= north_deg {
            return bad(format!(
                "south {south_deg}° must be less than north {north_deg}° (the order is S,W,N,E)"
            ));
        }
        let region = Self {
            south_deg,
            west_deg,
            north_deg,
            east_deg,
        };
        if region.width_deg() <= 0.0 {
            return bad(format!(
                "west {west_deg}° and east {east_deg}° enclose no longitude (the order is S,W,N,E; west greater \
                 than east crosses the antimeridian, e.g. 20,120,70,-120)"
            ));
        }
        Ok(region)
    }

    /// Whether the region crosses the antimeridian (`west_deg > east_deg`).
    pub fn crosses_antimeridian(&self) -> bool {
        self.west_deg > self.east_deg
    }

    /// Width in longitude, degrees: `east − west`, plus 360° across the antimeridian.
    pub fn width_deg(&self) -> f64 {
        if self.crosses_antimeridian() {
            self.east_deg - self.west_deg + 360.0
        } else {
            self.east_deg - self.west_deg
        }
    }
}

/// A grid of cell centres: row `i` at latitude `lat0_deg + i·spacing_deg` (south to north), column `j` at longitude
/// `lon0_deg + j·spacing_deg` (west to east; past 180° across the antimeridian, see [`Grid::lon_deg`] for the
/// longitude in [−180, 180)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    /// Latitude of row 0 (the southernmost cell centre), degrees.
    pub lat0_deg: f64,
    /// Longitude of column 0 (the westernmost cell centre), degrees.
    pub lon0_deg: f64,
    /// Cell size, degrees.
    pub spacing_deg: f64,
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
}

fn bytes_in_words(b: f64) -> String {
    if b >= 1e6 * (1u64 << 30) as f64 {
        format!("{:.1e} GiB", b / (1u64 << 30) as f64)
    } else if b >= (1u64 << 30) as f64 {
        format!("{:.1} GiB", b / (1u64 << 30) as f64)
    } else {
        format!("{:.0} MiB", b / (1u64 << 20) as f64)
    }
}

impl Grid {
    /// The grid of `spacing_deg` cells covering `region`: as many whole cells as fit, centred in the region (a global
    /// grid whose spacing divides 180° covers it exactly). Across the antimeridian the cells are aligned on it instead
    /// (a cell edge at 180°), so that the grid splits cleanly into an eastern and a western part there. Refuses a
    /// spacing that is not positive, or so fine that the results would exceed [`MEMORY_LIMIT_BYTES`] (the message
    /// says how much it would need).
    pub fn new(region: &Region, spacing_deg: f64) -> Result<Self, FootprintError> {
        if !spacing_deg.is_finite() || spacing_deg <= 0.0 || spacing_deg > 180.0 {
            return Err(FootprintError::Spacing(spacing_deg));
        }
        let h = region.north_deg - region.south_deg;
        let w = region.width_deg();
        let rows_f = (h / spacing_deg + 1e-9).floor().max(1.0);
        let cols_f = (w / spacing_deg + 1e-9).floor().max(1.0);
        let points = rows_f * cols_f;
        let need = points * BYTES_PER_POINT as f64;
        if need > MEMORY_LIMIT_BYTES as f64 {
            let max_points = (MEMORY_LIMIT_BYTES / BYTES_PER_POINT) as f64;
            return Err(FootprintError::TooFine {
                spacing_deg,
                points,
                need: bytes_in_words(need),
                limit: bytes_in_words(MEMORY_LIMIT_BYTES as f64),
                min_spacing_deg: (h * w / max_points).sqrt() * 1.001,
            });
        }
        let (rows, mut cols) = (rows_f as usize, cols_f as usize);
        let mut lon0_deg =
            region.west_deg + (w - cols as f64 * spacing_deg) / 2.0 + spacing_deg / 2.0;
        if region.crosses_antimeridian() {
            // Whole cells west of 180° and east of it, at least one.
            let west_cells = ((180.0 - region.west_deg) / spacing_deg + 1e-9).floor();
            let east_cells = ((region.east_deg + 180.0) / spacing_deg + 1e-9).floor();
            let west_cells = if west_cells + east_cells < 1.0 {
                1.0
            } else {
                west_cells
            };
            cols = (west_cells + east_cells) as usize;
            lon0_deg = 180.0 - (west_cells - 0.5) * spacing_deg;
        }
        Ok(Self {
            lat0_deg: region.south_deg + (h - rows as f64 * spacing_deg) / 2.0 + spacing_deg / 2.0,
            lon0_deg,
            spacing_deg,
            rows,
            cols,
        })
    }

    /// Number of columns west of the antimeridian when the grid crosses it (their centres below 180°, the rest
    /// beyond); `cols` otherwise.
    pub fn cols_west_of_antimeridian(&self) -> usize {
        let k = ((180.0 - self.lon0_deg) / self.spacing_deg).ceil();
        if k <= 0.0 {
            0
        } else {
            (k as usize).min(self.cols)
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.rows * self.cols
    }

    /// Whether the grid has no points (never, for a grid made by [`Grid::new`]).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Latitude of row `row`, degrees.
    pub fn lat_deg(&self, row: usize) -> f64 {
        self.lat0_deg + row as f64 * self.spacing_deg
    }

    /// Longitude of column `col`, degrees in [−180, 180) (wrapped across the antimeridian).
    pub fn lon_deg(&self, col: usize) -> f64 {
        let lon = self.lon_unwrapped_deg(col);
        if lon >= 180.0 {
            lon - 360.0
        } else {
            lon
        }
    }

    /// Longitude of column `col` counted on from `lon0_deg`, degrees: above 180° east of the antimeridian.
    pub fn lon_unwrapped_deg(&self, col: usize) -> f64 {
        self.lon0_deg + col as f64 * self.spacing_deg
    }
}

/// Which end of the trajectory moves over the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    /// The launch point is fixed; grid points are aim points.
    Aims {
        /// The launch point.
        launch: Geodetic,
    },
    /// The aim point is fixed; grid points are launch points.
    Launches {
        /// The aim point.
        aim: Geodetic,
    },
}

/// What happened at one grid point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PointStatus {
    /// Flown; at least one site has an intercept window.
    Engageable,
    /// Flown; no site can engage.
    NotEngageable,
    /// The missile cannot fly between the launch and aim points with this shape.
    OutOfRange,
    /// The trajectory could not be solved (targeting did not converge).
    Failed,
    /// Outside the region polygon: not evaluated.
    Outside,
}

impl PointStatus {
    /// The name used in exports (`engageable`, `not_engageable`, `out_of_range`, `failed`, `outside`).
    pub fn name(self) -> &'static str {
        match self {
            PointStatus::Engageable => "engageable",
            PointStatus::NotEngageable => "not_engageable",
            PointStatus::OutOfRange => "out_of_range",
            PointStatus::Failed => "failed",
            PointStatus::Outside => "outside",
        }
    }

    /// Whether the trajectory was flown and engaged (or not).
    pub fn evaluated(self) -> bool {
        matches!(self, PointStatus::Engageable | PointStatus::NotEngageable)
    }
}

/// The result at one grid point. Times and altitudes are `NaN` where they do not apply. Serialised as a tuple of
/// its fields in order (a footprint tile holds millions: no field names).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "PointTuple", into = "PointTuple")]
pub struct PointResult {
    /// What happened.
    pub status: PointStatus,
    /// Total intercept window over all sites, s (0 unless engageable).
    pub window_s: f64,
    /// Shoot-look-shoot opportunities over all sites.
    pub shots: u16,
    /// Contributing sites: bit `k` set when site `k` (architecture order) has a window.
    pub sites: u64,
    /// Earliest possible intercept, s after threat launch.
    pub earliest_intercept_s: f64,
    /// Altitude of the earliest possible intercept, km.
    pub earliest_intercept_alt_km: f64,
    /// Threat flight time from launch to impact, s.
    pub flight_time_s: f64,
    /// Ground range from launch to aim (geodesic), km.
    pub range_km: f64,
}

/// [`PointResult`]'s fields in order, as serialised.
type PointTuple = (PointStatus, f64, u16, u64, f64, f64, f64, f64);

impl From<PointResult> for PointTuple {
    fn from(p: PointResult) -> Self {
        (
            p.status,
            p.window_s,
            p.shots,
            p.sites,
            p.earliest_intercept_s,
            p.earliest_intercept_alt_km,
            p.flight_time_s,
            p.range_km,
        )
    }
}

impl From<PointTuple> for PointResult {
    fn from(t: PointTuple) -> Self {
        Self {
            status: t.0,
            window_s: t.1,
            shots: t.2,
            sites: t.3,
            earliest_intercept_s: t.4,
            earliest_intercept_alt_km: t.5,
            flight_time_s: t.6,
            range_km: t.7,
        }
    }
}

impl PointResult {
    fn empty(status: PointStatus, range_km: f64) -> Self {
        Self {
            status,
            window_s: 0.0,
            shots: 0,
            sites: 0,
            earliest_intercept_s: f64::NAN,
            earliest_intercept_alt_km: f64::NAN,
            flight_time_s: f64::NAN,
            range_km,
        }
    }
}

/// What to compute.
#[derive(Debug, Clone)]
pub struct FootprintRequest<'a> {
    /// The scenario whose architecture defends (its corridors are not used).
    pub scenario: &'a Scenario,
    /// The threat missile.
    pub missile: &'a ThreatMissile,
    /// Its trajectory shape.
    pub shape: Shape,
    /// The shape's name, for outputs.
    pub shape_name: String,
    /// Aims or launches map.
    pub mode: Mode,
    /// The grid.
    pub grid: Grid,
    /// Optional polygon (`[lat_deg, lon_deg]` vertices) restricting the grid: points outside are not evaluated.
    pub polygon: Option<Vec<[f64; 2]>>,
    /// Targeting accuracy (the default [`Accuracy::SURVEY`] is what `engage` uses for the same comparison).
    pub accuracy: Accuracy,
}

/// A computed footprint.
#[derive(Debug, Clone, PartialEq)]
pub struct Footprint {
    /// Scenario name.
    pub scenario: String,
    /// Scenario title.
    pub title: String,
    /// Threat missile id.
    pub missile: String,
    /// Shape name.
    pub shape: String,
    /// Aims or launches map.
    pub mode: Mode,
    /// The grid.
    pub grid: Grid,
    /// Interceptor site names, architecture order (bit `k` of [`PointResult::sites`] is site `k`).
    pub sites: Vec<String>,
    /// One result per grid point, row-major (row 0 south, column 0 west).
    pub points: Vec<PointResult>,
}

impl Footprint {
    /// The result at (row, col).
    pub fn at(&self, row: usize, col: usize) -> &PointResult {
        &self.points[row * self.grid.cols + col]
    }

    /// Number of points with each status, in [`PointStatus`] order (engageable, not engageable, out of range, failed,
    /// outside).
    pub fn counts(&self) -> [usize; 5] {
        let mut c = [0; 5];
        for p in &self.points {
            c[p.status as usize] += 1;
        }
        c
    }

    /// Names of the sites whose bits are set in `mask`.
    pub fn site_names(&self, mask: u64) -> Vec<&str> {
        self.sites
            .iter()
            .enumerate()
            .filter(|(k, _)| mask & (1 << k) != 0)
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

/// The missile's full-burn reach from one launch point by azimuth, interpolated linearly (periodic).
struct ReachByAzimuth {
    step_deg: f64,
    reach_m: Vec<f64>,
}

impl ReachByAzimuth {
    /// Measures the reach every `step_deg` of azimuth, in parallel or on the calling thread (inside a row task).
    fn measure(targeter: &Targeter<'_>, launch: &Geodetic, step_deg: f64, parallel: bool) -> Self {
        let n = (360.0 / step_deg).round() as usize;
        let reach = |k: usize| {
            targeter
                .max_range(launch, (k as f64 * step_deg).to_radians())
                .map_or(0.0, |(r, _)| r)
        };
        let reach_m = if parallel {
            (0..n).into_par_iter().map(reach).collect()
        } else {
            (0..n).map(reach).collect()
        };
        Self { step_deg, reach_m }
    }

    fn at(&self, azimuth_rad: f64) -> f64 {
        let x = azimuth_rad.to_degrees().rem_euclid(360.0) / self.step_deg;
        let i = x.floor() as usize % self.reach_m.len();
        let j = (i + 1) % self.reach_m.len();
        let f = x - x.floor();
        self.reach_m[i] * (1.0 - f) + self.reach_m[j] * f
    }
}

/// Computes a footprint. `progress(done)` is called as grid points finish (from worker threads); setting `cancel`
/// stops the work soon after with [`AssessError::Cancelled`].
///
/// This is [`footprint_rows`] over every row followed by [`Footprint::from_rows`]: the one way a footprint is
/// computed, whether on one machine or cut into row ranges evaluated elsewhere.
pub fn footprint(
    request: &FootprintRequest<'_>,
    interceptors: &InterceptorCache,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &AtomicBool,
) -> Result<Footprint, FootprintError> {
    let all = footprint_rows(
        request,
        interceptors,
        0..request.grid.rows,
        progress,
        cancel,
    )?;
    Footprint::from_rows(request, vec![all])
}

/// The results of a range of consecutive grid rows: a part of a footprint ([`footprint_rows`]), merged with the
/// others by [`Footprint::from_rows`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FootprintRows {
    /// The first row (0 = southernmost).
    pub first_row: usize,
    /// The grid's number of columns (each row has this many points).
    pub cols: usize,
    /// One result per point of the rows, row-major.
    pub points: Vec<PointResult>,
}

impl FootprintRows {
    /// Number of rows held.
    pub fn rows(&self) -> usize {
        self.points.len().checked_div(self.cols).unwrap_or(0)
    }
}

/// Computes the grid rows `rows` of a footprint (a tile of whole rows). A row's results depend only on the request
/// and the row, never on which other rows are computed with it, so the tiles of a grid computed anywhere, in any
/// order, merge ([`Footprint::from_rows`]) into the footprint [`footprint`] computes, bit for bit. The request is
/// checked first (sites, polygon, a region with no grid point), so every tile refuses a bad request as a whole
/// footprint would. `progress(done)` counts the tile's points.
pub fn footprint_rows(
    request: &FootprintRequest<'_>,
    interceptors: &InterceptorCache,
    rows: std::ops::Range<usize>,
    progress: &(dyn Fn(usize) + Sync),
    cancel: &AtomicBool,
) -> Result<FootprintRows, FootprintError> {
    let scenario = request.scenario;
    let n_sites = scenario.architecture.sites.len();
    if n_sites > MAX_SITES {
        return Err(FootprintError::TooManySites(n_sites));
    }
    if let Some(poly) = &request.polygon {
        check_polygon(poly).map_err(|e| FootprintError::Polygon(e.to_string()))?;
    }
    let grid = request.grid;
    if rows.start > rows.end || rows.end > grid.rows {
        return Err(FootprintError::Rows {
            first: rows.start,
            end: rows.end,
            rows: grid.rows,
        });
    }
    let inside = |row: usize, col: usize| {
        request
            .polygon
            .as_ref()
            .is_none_or(|p| polygon_contains(p, grid.lat_deg(row), grid.lon_deg(col)))
    };
    if request.polygon.is_some() && !(0..grid.rows).any(|r| (0..grid.cols).any(|c| inside(r, c))) {
        return Err(FootprintError::EmptyRegion(grid.spacing_deg));
    }
    let arch = build_architecture(scenario, interceptors)?;
    let targeter = Targeter::new(
        scenario.model.earth,
        &request.missile.missile,
        scenario.model.drag,
    )
    .with_accuracy(request.accuracy)
    // An aims map flies every aim from one site: a boost surrogate of that site lets each solve fly free flights
    // only. A launches map flies from every grid point once, where a surrogate would cost more boosts than it saves.
    .with_boost_surrogate(matches!(request.mode, Mode::Aims { .. }));
    let aims_reach = match request.mode {
        Mode::Aims { launch } if !rows.is_empty() => Some(ReachByAzimuth::measure(
            &targeter,
            &launch,
            REACH_STEP_AIMS_DEG,
            true,
        )),
        _ => None,
    };
    if cancel.load(Ordering::Relaxed) {
        return Err(AssessError::Cancelled.into());
    }
    let done = AtomicUsize::new(0);
    let ctx = RowContext {
        request,
        arch: &arch,
        targeter: &targeter,
        aims_reach: aims_reach.as_ref(),
        inside: &inside,
        progress,
        done: &done,
        cancel,
    };
    let first_row = rows.start;
    let results: Vec<Result<Vec<PointResult>, FootprintError>> =
        rows.into_par_iter().map(|row| ctx.row(row)).collect();
    let mut points = Vec::with_capacity(results.len() * grid.cols);
    for r in results {
        points.extend(r?);
    }
    Ok(FootprintRows {
        first_row,
        cols: grid.cols,
        points,
    })
}

impl Footprint {
    /// The footprint of `request` from its tiles ([`footprint_rows`]), given in any order: together they must
    /// cover every row of the grid exactly once. The result is the one [`footprint`] computes.
    pub fn from_rows(
        request: &FootprintRequest<'_>,
        mut parts: Vec<FootprintRows>,
    ) -> Result<Footprint, FootprintError> {
        let grid = request.grid;
        // Empty tiles hold nothing (and may start anywhere).
        parts.retain(|p| !p.points.is_empty());
        parts.sort_by_key(|p| p.first_row);
        let mut next = 0;
        for p in &parts {
            if p.cols != grid.cols || p.points.len() % grid.cols.max(1) != 0 {
                return Err(FootprintError::Tiles(format!(
                    "a tile from row {} has {} points in rows of {} columns; the grid has {} columns",
                    p.first_row,
                    p.points.len(),
                    p.cols,
                    grid.cols
                )));
            }
            if p.first_row != next {
                return Err(FootprintError::Tiles(format!(
                    "{} {} (tiles must cover each of the grid's {} rows exactly once)",
                    if p.first_row < next {
                        "rows overlap at row"
                    } else {
                        "no tile holds row"
                    },
                    p.first_row.min(next),
                    grid.rows
                )));
            }
            next += p.rows();
        }
        if next != grid.rows {
            return Err(FootprintError::Tiles(format!(
                "the tiles cover rows 0 to {next} of the grid's {} (tiles must cover each row exactly once)",
                grid.rows
            )));
        }
        let mut points = Vec::with_capacity(grid.len());
        for p in parts {
            points.extend(p.points);
        }
        let scenario = request.scenario;
        Ok(Footprint {
            scenario: scenario.name.clone(),
            title: scenario.title.clone(),
            missile: request.missile.id.clone(),
            shape: request.shape_name.clone(),
            mode: request.mode,
            grid,
            sites: scenario
                .architecture
                .sites
                .iter()
                .map(|s| s.name.clone())
                .collect(),
            points,
        })
    }
}

/// Solutions kept along a row for the next point: the last one (the warm start) and the controls of the last few
/// consecutive points solved (most recent first), from which the next point's controls are extrapolated.
#[derive(Clone, Default)]
struct Sweep {
    warm: Option<TargetingSolution>,
    recent: Vec<BoostControls>,
}

/// Consecutive solutions the extrapolation uses.
const SWEEP_HISTORY: usize = 3;

impl Sweep {
    /// The next point's controls extrapolated from the last three ([`extrapolate_controls`]); `None` with fewer.
    fn guess(&self) -> Option<BoostControls> {
        match self.recent.as_slice() {
            [x1, x2, x3, ..] => Some(extrapolate_controls([x1, x2, x3])),
            _ => None,
        }
    }
}

struct RowContext<'a> {
    request: &'a FootprintRequest<'a>,
    arch: &'a Architecture,
    targeter: &'a Targeter<'a>,
    aims_reach: Option<&'a ReachByAzimuth>,
    inside: &'a (dyn Fn(usize, usize) -> bool + Sync),
    progress: &'a (dyn Fn(usize) + Sync),
    done: &'a AtomicUsize,
    cancel: &'a AtomicBool,
}

/// A grid point prepared for solving.
struct Cell {
    launch: Geodetic,
    aim: Geodetic,
    range_m: f64,
    reach_m: f64,
}

impl RowContext<'_> {
    fn row(&self, row: usize) -> Result<Vec<PointResult>, FootprintError> {
        let grid = self.request.grid;
        let ellipsoid = self.request.scenario.model.earth.ellipsoid();
        let lat = grid.lat_deg(row);
        // A launches map's reach depends on the launch latitude (Earth rotation), not its longitude.
        let row_reach = match self.request.mode {
            Mode::Launches { .. } => Some(ReachByAzimuth::measure(
                self.targeter,
                &Geodetic::from_degrees(lat, 0.0, 0.0),
                REACH_STEP_LAUNCHES_DEG,
                false,
            )),
            Mode::Aims { .. } => None,
        };
        let cells: Vec<Option<Cell>> = (0..grid.cols)
            .map(|col| {
                if !(self.inside)(row, col) {
                    return None;
                }
                let p = Geodetic::from_degrees(lat, grid.lon_deg(col), 0.0);
                let (launch, aim) = match self.request.mode {
                    Mode::Aims { launch } => (launch, p),
                    Mode::Launches { aim } => (p, aim),
                };
                let (range_m, az) = geodesic::inverse(ellipsoid, &launch, &aim);
                let reach_m = match (&row_reach, self.aims_reach) {
                    (Some(r), _) | (None, Some(r)) => r.at(az),
                    (None, None) => f64::INFINITY,
                };
                Some(Cell {
                    launch,
                    aim,
                    range_m,
                    reach_m,
                })
            })
            .collect();
        let mut out: Vec<Option<PointResult>> = vec![None; grid.cols];
        for (col, c) in cells.iter().enumerate() {
            match c {
                None => out[col] = Some(PointResult::empty(PointStatus::Outside, f64::NAN)),
                Some(c) if c.range_m > c.reach_m => {
                    out[col] = Some(PointResult::empty(
                        PointStatus::OutOfRange,
                        c.range_m / 1000.0,
                    ))
                }
                Some(_) => {}
            }
        }
        // Start where a cold solve is easiest (range nearest half the reach), then sweep east and west.
        let start = cells
            .iter()
            .enumerate()
            .filter(|(col, _)| out[*col].is_none())
            .filter_map(|(col, c)| {
                c.as_ref()
                    .map(|c| (col, (c.range_m / c.reach_m - 0.5).abs()))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(col, _)| col);
        if let Some(start) = start {
            let mut sweep = Sweep::default();
            self.solve_cell(&cells, &mut out, start, &mut sweep)?;
            let from_start = sweep.clone();
            for col in start + 1..grid.cols {
                self.solve_cell(&cells, &mut out, col, &mut sweep)?;
            }
            let mut sweep = from_start;
            for col in (0..start).rev() {
                self.solve_cell(&cells, &mut out, col, &mut sweep)?;
            }
        }
        let n = out.len();
        let prev = self.done.fetch_add(n, Ordering::Relaxed);
        (self.progress)(prev + n);
        Ok(out
            .into_iter()
            .map(|p| p.unwrap_or(PointResult::empty(PointStatus::Failed, f64::NAN)))
            .collect())
    }

    fn solve_cell(
        &self,
        cells: &[Option<Cell>],
        out: &mut [Option<PointResult>],
        col: usize,
        sweep: &mut Sweep,
    ) -> Result<(), FootprintError> {
        if out[col].is_some() {
            // Not flown: the next point is not the previous ones' neighbour.
            sweep.recent.clear();
            return Ok(());
        }
        if self.cancel.load(Ordering::Relaxed) {
            return Err(AssessError::Cancelled.into());
        }
        let Some(c) = &cells[col] else {
            sweep.recent.clear();
            return Ok(());
        };
        let range_km = c.range_m / 1000.0;
        let flight = super::fly::fly_guided(
            self.targeter,
            &c.launch,
            &c.aim,
            self.request.shape,
            sweep.warm.as_ref(),
            sweep.guess().as_ref(),
        );
        match &flight.solution {
            Some(sol) => {
                sweep.recent.truncate(SWEEP_HISTORY - 1);
                sweep.recent.insert(0, sol.refined_controls());
                sweep.warm = flight.solution.clone();
            }
            None => sweep.recent.clear(),
        }
        let result = match flight.path {
            Ok(path) => self.evaluate(&path, range_km)?,
            Err(super::fly::NotFlown::OutOfRange(_)) => {
                PointResult::empty(PointStatus::OutOfRange, range_km)
            }
            Err(super::fly::NotFlown::Failed(_)) => {
                PointResult::empty(PointStatus::Failed, range_km)
            }
        };
        out[col] = Some(result);
        Ok(())
    }

    fn evaluate(
        &self,
        path: &SampledTrajectory,
        range_km: f64,
    ) -> Result<PointResult, FootprintError> {
        let e = super::fly::engage_flight(
            self.request.scenario,
            self.arch,
            path,
            self.request.missile.signature,
        )?;
        let mut sites = 0u64;
        for (k, s) in e.sites.iter().enumerate() {
            if s.window.is_some() {
                sites |= 1 << k;
            }
        }
        Ok(PointResult {
            status: if e.engageable {
                PointStatus::Engageable
            } else {
                PointStatus::NotEngageable
            },
            window_s: e.window.as_ref().map_or(0.0, |w| w.duration_s),
            shots: e.shots.min(u16::MAX as usize) as u16,
            sites,
            earliest_intercept_s: e.window.as_ref().map_or(f64::NAN, |w| w.earliest.t_s),
            earliest_intercept_alt_km: e
                .window
                .as_ref()
                .map_or(f64::NAN, |w| w.earliest.position.alt_m / 1000.0),
            flight_time_s: e.impact_t_s,
            range_km,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_grids_cover_the_globe_with_cell_centres() {
        let g = Grid::new(&Region::GLOBAL, 1.0).unwrap();
        assert_eq!((g.rows, g.cols, g.len()), (180, 360, 64_800));
        assert_eq!((g.lat_deg(0), g.lon_deg(0)), (-89.5, -179.5));
        assert_eq!((g.lat_deg(179), g.lon_deg(359)), (89.5, 179.5));
        let q = Grid::new(&Region::GLOBAL, 0.25).unwrap();
        assert_eq!(q.len(), 1_036_800);
        assert!((q.lat_deg(0) + 89.875).abs() < 1e-12);
    }

    #[test]
    fn regional_grids_are_centred() {
        let r = Region::new(30.0, 20.0, 40.5, 30.0).unwrap();
        let g = Grid::new(&r, 1.0).unwrap();
        assert_eq!((g.rows, g.cols), (10, 10));
        assert!((g.lat_deg(0) - 30.75).abs() < 1e-12);
        assert!((g.lon_deg(0) - 20.5).abs() < 1e-12);
    }

    #[test]
    fn grids_across_the_antimeridian_have_a_cell_edge_on_it() {
        let r = Region::new(20.0, 150.3, 30.0, -140.2).unwrap();
        assert!(r.crosses_antimeridian());
        assert!((r.width_deg() - 69.5).abs() < 1e-12);
        let g = Grid::new(&r, 1.0).unwrap();
        // 29 whole cells from 151° to 180°, 39 from −180° to −141°.
        assert_eq!((g.rows, g.cols), (10, 68));
        assert_eq!(g.cols_west_of_antimeridian(), 29);
        assert!((g.lon_deg(0) - 151.5).abs() < 1e-12);
        assert!((g.lon_deg(28) - 179.5).abs() < 1e-12);
        assert!((g.lon_deg(29) + 179.5).abs() < 1e-12);
        assert!((g.lon_deg(67) + 141.5).abs() < 1e-12);
        assert!((g.lon_unwrapped_deg(29) - 180.5).abs() < 1e-12);
        for c in 0..g.cols {
            assert!((-180.0..180.0).contains(&g.lon_deg(c)));
        }
        // A sliver across the line still gets a cell; grids that do not cross have every column west of it.
        let thin = Grid::new(&Region::new(0.0, 179.8, 1.0, -179.8).unwrap(), 1.0).unwrap();
        assert_eq!((thin.cols, thin.cols_west_of_antimeridian()), (1, 1));
        assert_eq!(
            Grid::new(&Region::GLOBAL, 1.0)
                .unwrap()
                .cols_west_of_antimeridian(),
            360
        );
    }

    #[test]
    fn bad_grids_are_refused_with_the_memory_they_would_need() {
        assert!(matches!(
            Grid::new(&Region::GLOBAL, 0.0),
            Err(FootprintError::Spacing(_))
        ));
        assert!(matches!(
            Grid::new(&Region::GLOBAL, -1.0),
            Err(FootprintError::Spacing(_))
        ));
        let e = Grid::new(&Region::GLOBAL, 0.01).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("648000000 points"), "{msg}");
        assert!(msg.contains("241.4 GiB"), "{msg}");
        let FootprintError::TooFine {
            min_spacing_deg, ..
        } = e
        else {
            panic!("{e:?}")
        };
        assert!(Grid::new(&Region::GLOBAL, min_spacing_deg).is_ok());
        // A spacing of 1e-9° over the globe: 6.48e22 points, written compactly, not as u64::MAX (issue 16).
        let msg = Grid::new(&Region::GLOBAL, 1e-9).unwrap_err().to_string();
        assert!(
            msg.starts_with(
                "a 1e-9° grid over this region has 6.48e22 points and would need 2.4e16 GiB"
            ),
            "{msg}"
        );
        assert!(Region::new(10.0, 0.0, 5.0, 1.0).is_err());
        assert!(Region::new(0.0, 10.0, 5.0, 10.0).is_err());
        assert!(Region::new(0.0, 180.0, 5.0, -180.0).is_err());
        assert!(Region::new(0.0, 0.0, 95.0, 1.0).is_err());
    }

    #[test]
    fn reach_interpolation_is_periodic() {
        let r = ReachByAzimuth {
            step_deg: 90.0,
            reach_m: vec![0.0, 1.0, 2.0, 3.0],
        };
        assert_eq!(r.at(45f64.to_radians()), 0.5);
        assert!((r.at(315f64.to_radians()) - 1.5).abs() < 1e-12);
        assert!((r.at(-45f64.to_radians()) - 1.5).abs() < 1e-12);
    }
}
