//! `shieldsim footprint`: a scenario's defended area on a latitude/longitude grid, for one threat launch point
//! (aims map) or one aim point (`--reverse`: launches map), with grid, polygon and map exports.

use std::path::Path;
use std::time::Instant;

use crate::export::geo::{self, Properties};
use crate::export::{Column, ColumnData, Table};
use serde::Serialize;
use shieldsim::analysis::footprint::FootprintError;
use shieldsim::analysis::footprint_polygons::{footprint_polygons, LevelArea};
use shieldsim::analysis::{
    footprint_rows, AssessError, Footprint, FootprintRequest, FootprintRows, Grid, Mode,
    PointStatus, Region,
};
use shieldsim::earth::Geodetic;
use shieldsim::flight::targeting::Accuracy;
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::{Scenario, ThreatMissile};

use crate::error::stopped;
use crate::error::{bad, Error};
use crate::figures;
use crate::files::OutputSet;
use crate::files::{write_atomic, write_atomic_with, write_json_atomic, xml_escape};
use crate::inputs::{parse_lat_lon, trajectory_shape};
use crate::output::json_text;
use crate::output::summary;
use crate::parts::{fingerprint, Part};
use crate::requests::{FootprintJob, Format};
use crate::Control;

/// The files `--out DIR` writes, in order (the profile and timeline only when a sample flight was flown).
pub const OUTPUT_FILES: [&str; 12] = [
    "footprint.json",
    "grid.csv",
    "grid.parquet",
    "footprint.geojson",
    "footprint.kml",
    "trajectories.czml",
    "map.png",
    "map.svg",
    "profile.png",
    "profile.svg",
    "timeline.png",
    "timeline.svg",
];

/// Sample trajectories drawn on the map and exported to CZML.
const SAMPLE_FLIGHTS: usize = 8;

/// What the region flag asked for.
struct RegionArg {
    region: Region,
    polygon: Option<Vec<[f64; 2]>>,
    text: String,
}

fn parse_region(text: &str) -> Result<RegionArg, Error> {
    let expected = "expected `global`, a box S,W,N,E in degrees (e.g. 30,-15,72,45), or a polygon \
                    LAT,LON;LAT,LON;LAT,LON;... (at least three vertices, not crossing itself)";
    let t = text.trim();
    if t.eq_ignore_ascii_case("global") {
        return Ok(RegionArg {
            region: Region::GLOBAL,
            polygon: None,
            text: "global".into(),
        });
    }
    if t.is_empty() {
        return Err(bad("--region", text, &format!("empty region: {expected}")));
    }
    if t.contains(';') {
        let mut vertices = Vec::new();
        for (i, v) in t.split(';').map(str::trim).enumerate() {
            if v.is_empty() {
                return Err(bad(
                    "--region",
                    text,
                    &format!("vertex {} is empty (two `;` in a row?); {expected}", i + 1),
                ));
            }
            let p = parse_lat_lon(&format!("--region vertex {}", i + 1), v)?;
            // Back to the degrees as typed (the radian round trip adds a last-bit error).
            let deg = |x: f64| (x * 1e9).round() / 1e9;
            vertices.push([deg(p.lat_deg()), deg(p.lon_deg())]);
        }
        if vertices.len() < 3 {
            return Err(bad(
                "--region",
                text,
                &format!("{} vertices; {expected}", vertices.len()),
            ));
        }
        shieldsim::scenario::sampling::check_polygon(&vertices).map_err(|e| {
            bad(
                "--region",
                text,
                &FootprintError::Polygon(e.to_string()).to_string(),
            )
        })?;
        // Checked above, so the polygon has bounds (across the antimeridian when it crosses it).
        let [s, w, n, e] = shieldsim::scenario::sampling::polygon_bounds_deg(&vertices)
            .ok_or_else(|| bad("--region", text, expected))?;
        let region = Region::new(s, w, n, e).map_err(|e| bad("--region", text, &e.to_string()))?;
        return Ok(RegionArg {
            region,
            polygon: Some(vertices),
            text: t.to_string(),
        });
    }
    let parts: Vec<&str> = t.split(',').map(str::trim).collect();
    let nums: Option<Vec<f64>> = parts.iter().map(|p| p.parse().ok()).collect();
    match nums {
        Some(v) if v.len() == 4 => {
            let region = Region::new(v[0], v[1], v[2], v[3])
                .map_err(|e| bad("--region", text, &e.to_string()))?;
            Ok(RegionArg {
                region,
                polygon: None,
                text: t.to_string(),
            })
        }
        _ => Err(bad("--region", text, expected)),
    }
}

pub(crate) fn parse_levels(text: &str) -> Result<Vec<f64>, Error> {
    let expected = "expected intercept-window levels in seconds, ascending, >= 0, comma-separated (e.g. 0,60,120,300)";
    let mut levels = Vec::new();
    for p in text.split(',').map(str::trim) {
        let v: f64 = p.parse().map_err(|_| bad("--levels-s", text, expected))?;
        if !v.is_finite() || v < 0.0 || levels.last().is_some_and(|l| v <= *l) {
            return Err(bad("--levels-s", text, expected));
        }
        levels.push(v);
    }
    if levels.is_empty() {
        return Err(bad("--levels-s", text, expected));
    }
    Ok(levels)
}

/// The threat: the scenario's own entry for `id` (with its overrides) or the catalogue's; default the first
/// missile of the scenario's first corridor.
fn threat_missile(scenario: &Scenario, id: Option<&str>) -> Result<ThreatMissile, Error> {
    let own = |id: &str| {
        scenario
            .corridors
            .iter()
            .flat_map(|c| c.missiles.iter())
            .find(|m| m.id == id)
            .cloned()
    };
    let Some(id) = id else {
        return scenario
            .corridors
            .first()
            .and_then(|c| c.missiles.first())
            .cloned()
            .ok_or_else(|| {
                bad(
                    "--missile",
                    "(none)",
                    "the scenario has no corridor to take a threat from: name one, e.g. --missile irbm-solid",
                )
            });
    };
    if let Some(m) = own(id) {
        return Ok(m);
    }
    let catalog = shieldsim::catalog::Catalog::builtin()?;
    let entry = catalog.missile(id)?;
    Ok(ThreatMissile {
        id: id.to_string(),
        missile: entry.to_missile()?,
        signature: entry.signature(),
    })
}

/// The JSON of `footprint` (also `footprint.json`, without `elapsed_s` and `files`).
#[derive(Debug, Serialize)]
pub struct FootprintOut {
    scenario: String,
    title: String,
    missile: String,
    shape: String,
    mode: &'static str,
    launch: Option<LatLonOut>,
    aim: Option<LatLonOut>,
    region: String,
    spacing_deg: f64,
    rows: usize,
    cols: usize,
    first_cell_centre: LatLonOut,
    points: usize,
    evaluated_points: usize,
    engageable_points: usize,
    not_engageable_points: usize,
    out_of_range_points: usize,
    failed_points: usize,
    outside_points: usize,
    engageable_share: f64,
    median_window_engageable_s: Option<f64>,
    max_window_s: Option<f64>,
    sites: Vec<SitePoints>,
    levels_s: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    elapsed_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<Vec<String>>,
}

#[derive(Debug, Serialize, Clone, Copy)]
struct LatLonOut {
    lat_deg: f64,
    lon_deg: f64,
}

impl From<&Geodetic> for LatLonOut {
    fn from(g: &Geodetic) -> Self {
        Self {
            lat_deg: g.lat_deg(),
            lon_deg: g.lon_deg(),
        }
    }
}

#[derive(Debug, Serialize)]
struct SitePoints {
    site: String,
    engageable_points: usize,
}

fn summarise(f: &Footprint, region: &str, levels: &[f64]) -> FootprintOut {
    let c = f.counts();
    let evaluated = c[0] + c[1];
    let mut windows: Vec<f64> = f
        .points
        .iter()
        .filter(|p| p.status == PointStatus::Engageable)
        .map(|p| p.window_s)
        .collect();
    windows.sort_by(f64::total_cmp);
    let median = (!windows.is_empty()).then(|| {
        let n = windows.len();
        if n % 2 == 1 {
            windows[n / 2]
        } else {
            0.5 * (windows[n / 2 - 1] + windows[n / 2])
        }
    });
    let (launch, aim) = match f.mode {
        Mode::Aims { launch } => (Some((&launch).into()), None),
        Mode::Launches { aim } => (None, Some((&aim).into())),
    };
    FootprintOut {
        scenario: f.scenario.clone(),
        title: f.title.clone(),
        missile: f.missile.clone(),
        shape: f.shape.clone(),
        mode: match f.mode {
            Mode::Aims { .. } => "aims",
            Mode::Launches { .. } => "launches",
        },
        launch,
        aim,
        region: region.to_string(),
        spacing_deg: f.grid.spacing_deg,
        rows: f.grid.rows,
        cols: f.grid.cols,
        first_cell_centre: LatLonOut {
            lat_deg: f.grid.lat0_deg,
            lon_deg: f.grid.lon0_deg,
        },
        points: f.points.len(),
        evaluated_points: evaluated,
        engageable_points: c[0],
        not_engageable_points: c[1],
        out_of_range_points: c[2],
        failed_points: c[3],
        outside_points: c[4],
        engageable_share: if evaluated > 0 {
            c[0] as f64 / evaluated as f64
        } else {
            0.0
        },
        median_window_engageable_s: median,
        max_window_s: windows.last().copied(),
        sites: f
            .sites
            .iter()
            .enumerate()
            .map(|(k, s)| SitePoints {
                site: s.clone(),
                engageable_points: f.points.iter().filter(|p| p.sites & (1 << k) != 0).count(),
            })
            .collect(),
        levels_s: levels.to_vec(),
        elapsed_s: None,
        files: None,
    }
}

/// The rank of a status in the grid files' row order: the points with the most values first.
fn status_rank(s: PointStatus) -> u8 {
    match s {
        PointStatus::Engageable => 0,
        PointStatus::NotEngageable => 1,
        PointStatus::OutOfRange => 2,
        PointStatus::Failed => 3,
        PointStatus::Outside => 4,
    }
}

/// The grid as a table, one row per grid point; the columns are documented in the README and in the Parquet file's
/// metadata. Rows come engageable points first, then not engageable, out of range, failed and outside the region,
/// each group row-major from the south-west corner (`row`, `col` give the grid position): so the first rows of
/// grid.csv hold values in every numeric column that has any, and readers that guess column types from the first
/// rows (polars reads 100, pandas chunks) see numbers, not empty cells.
pub fn grid_table(f: &Footprint) -> Result<Table, Error> {
    let g = &f.grid;
    let mut order: Vec<usize> = (0..f.points.len()).collect();
    // A stable sort keeps the row-major order within each status.
    order.sort_by_key(|&i| status_rank(f.points[i].status));
    let n = order.len();
    let opt = |v: f64| v.is_finite().then_some(v);
    let (mut row_i, mut col_i) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut lat, mut lon) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for &i in &order {
        let (r, c) = (i / g.cols, i % g.cols);
        row_i.push(r as i64);
        col_i.push(c as i64);
        lat.push(g.lat_deg(r));
        lon.push(g.lon_deg(c));
    }
    let p: Vec<&shieldsim::analysis::PointResult> = order.iter().map(|&i| &f.points[i]).collect();
    let evaluated = |q: &shieldsim::analysis::PointResult| q.status.evaluated();
    let table = Table::new(vec![
        Column::new("row", "grid row, 0 = southernmost", ColumnData::I64(row_i)),
        Column::new("col", "grid column, 0 = westernmost", ColumnData::I64(col_i)),
        Column::new("lat_deg", "latitude of the cell centre, degrees north", ColumnData::F64(lat)),
        Column::new("lon_deg", "longitude of the cell centre, degrees east", ColumnData::F64(lon)),
        Column::new(
            "status",
            "engageable | not_engageable | out_of_range | failed | outside",
            ColumnData::Text(p.iter().map(|q| q.status.name().to_string()).collect()),
        ),
        Column::new(
            "engageable",
            "true when at least one site has an intercept window",
            ColumnData::Bool(p.iter().map(|q| q.status == PointStatus::Engageable).collect()),
        ),
        Column::new(
            "window_s",
            "total intercept window over all sites, s (0 when not engageable; empty when not evaluated)",
            ColumnData::OptF64(p.iter().map(|q| evaluated(q).then_some(q.window_s)).collect()),
        ),
        Column::new(
            "shots",
            "shoot-look-shoot opportunities over all sites (0 when not evaluated)",
            ColumnData::I64(p.iter().map(|q| q.shots as i64).collect()),
        ),
        Column::new(
            "sites",
            "contributing interceptor sites, separated by ';'",
            ColumnData::Text(p.iter().map(|q| f.site_names(q.sites).join(";")).collect()),
        ),
        Column::new(
            "earliest_intercept_s",
            "earliest possible intercept, s after threat launch",
            ColumnData::OptF64(p.iter().map(|q| opt(q.earliest_intercept_s)).collect()),
        ),
        Column::new(
            "earliest_intercept_alt_km",
            "altitude of the earliest possible intercept, km",
            ColumnData::OptF64(p.iter().map(|q| opt(q.earliest_intercept_alt_km)).collect()),
        ),
        Column::new(
            "flight_time_s",
            "threat flight time from launch to impact, s",
            ColumnData::OptF64(p.iter().map(|q| opt(q.flight_time_s)).collect()),
        ),
        Column::new(
            "range_km",
            "geodesic ground range from launch to aim, km",
            ColumnData::OptF64(p.iter().map(|q| opt(q.range_km)).collect()),
        ),
    ])
    .and_then(|t| t.with_point_geometry("lon_deg", "lat_deg"))
    .map_err(|e| Error::internal(format!("cannot build the grid table: {e}")))?;
    Ok(table)
}

/// A closed ring of [lon °, lat °] as GeoJSON positions.
fn ring_positions(ring: &[[f64; 2]]) -> Vec<geojson::Position> {
    ring.iter().map(|p| geo::position2(p[0], p[1])).collect()
}

fn mode_name(f: &Footprint) -> &'static str {
    match f.mode {
        Mode::Aims { .. } => "aims",
        Mode::Launches { .. } => "launches",
    }
}

fn level_meaning(level_s: f64) -> String {
    if level_s <= 0.0 {
        "engageable (intercept window > 0 s)".to_string()
    } else {
        format!("intercept window >= {level_s} s")
    }
}

/// The flat properties of a level area.
fn level_properties(f: &Footprint, a: &LevelArea) -> Properties {
    Properties::new()
        .number("level_s", a.level_s)
        .text("meaning", &level_meaning(a.level_s))
        .text("scenario", &f.scenario)
        .text("missile", &f.missile)
        .text("shape", &f.shape)
        .text("mode", mode_name(f))
}

/// The footprint's level areas as a GeoJSON FeatureCollection: one MultiPolygon feature per level (RFC 7946: lon/lat,
/// exterior rings counter-clockwise, holes clockwise, nothing beyond ±180°).
fn geojson(f: &Footprint, areas: &[LevelArea]) -> String {
    let features = areas
        .iter()
        .map(|a| {
            let polygons: Vec<Vec<Vec<geojson::Position>>> = a
                .polygons
                .iter()
                .map(|p| p.iter().map(|r| ring_positions(r)).collect())
                .collect();
            geo::feature(
                geojson::Geometry::new_multi_polygon(polygons),
                level_properties(f, a),
            )
        })
        .collect();
    geo::collection_text(features)
}

/// KML colours (aabbggrr) for the levels, light to dark red, semi-transparent fills.
fn kml_colour(i: usize, n: usize) -> String {
    let t = if n > 1 {
        i as f64 / (n - 1) as f64
    } else {
        1.0
    };
    let g = (200.0 * (1.0 - t)) as u8;
    let b = (120.0 * (1.0 - t)) as u8;
    format!("80{b:02x}{g:02x}ff")
}

/// The level areas as KML polygons clamped to the ground, one folder per level, each polygon with its level's
/// values as ExtendedData.
fn kml(f: &Footprint, areas: &[LevelArea]) -> std::io::Result<Vec<u8>> {
    use crate::export::{Kml, KmlGeometry, Placemark};
    let mut k = Kml::new(
        &format!("shieldsim footprint: {} vs {}", f.scenario, f.missile),
        &f.title,
    )?;
    for i in 0..areas.len() {
        k.style(
            &format!("level{i}"),
            Some(("ff0000aa", 1.0)),
            Some(&kml_colour(i, areas.len())),
            None,
        )?;
    }
    for (i, a) in areas.iter().enumerate() {
        let name = if a.level_s <= 0.0 {
            "engageable".to_string()
        } else {
            format!("window >= {} s", a.level_s)
        };
        k.open_folder(&name, Some(&level_meaning(a.level_s)))?;
        let props = level_properties(f, a);
        let data = props.text_pairs();
        let style = format!("level{i}");
        for (j, p) in a.polygons.iter().enumerate() {
            let Some(outer) = p.first() else { continue };
            k.placemark(&Placemark {
                name: &format!("{name} #{}", j + 1),
                description: None,
                style: Some(&style),
                data: &data,
                geometry: KmlGeometry::Polygon {
                    outer,
                    holes: &p[1..],
                },
            })?;
        }
        k.close_folder()?;
    }
    k.finish()
}

/// The result of `footprint`: the summary document and the grid itself.
#[derive(Debug)]
pub struct FootprintResult {
    /// The summary (`footprint.json`; `--format json`).
    pub document: FootprintOut,
    /// Every grid point's result.
    pub footprint: Footprint,
    /// The files written (empty without `out`).
    pub files: Vec<String>,
}

impl FootprintResult {
    /// The summary as text for people, JSON, or the whole grid as CSV.
    pub fn render(&self, format: Format) -> Result<String, Error> {
        match format {
            Format::Json => json_text(&self.document),
            Format::Csv => {
                let mut buf = Vec::new();
                grid_table(&self.footprint)?
                    .write_csv(&mut buf)
                    .map_err(|e| Error::internal(format!("cannot write the grid CSV: {e}")))?;
                Ok(String::from_utf8_lossy(&buf).into_owned())
            }
            Format::Table => Ok(table_text(&self.document)),
        }
    }
}

/// Maps where a threat can be engaged: every point of a grid as an aim (or, reversed, as a launch point), flown
/// and engaged against the scenario's architecture.
///
/// This is [`FootprintStudy::new`], [`FootprintStudy::evaluate`] over every grid row and [`FootprintStudy::finish`]:
/// the one way a footprint is computed, on one machine or as row tiles on a cluster.
pub fn footprint(a: &FootprintJob, control: Control<'_>) -> Result<FootprintResult, Error> {
    let scenario = crate::scenarios::load_scenario_arg(&a.scenario)?;
    footprint_of(&scenario, a, control)
}

/// The number of grid points `a` asks for (its region and spacing checked as [`footprint`] checks them), so that a
/// front end can refuse a grid too large for it before running anything.
pub fn grid_points(a: &FootprintJob) -> Result<usize, Error> {
    let region = parse_region(&a.region)?;
    let grid = Grid::new(&region.region, a.spacing_deg)
        .map_err(|e| bad("--spacing-deg", &a.spacing_deg.to_string(), &e.to_string()))?;
    Ok(grid.len())
}

/// [`footprint`] of a scenario already loaded (a front end that got the scenario's text rather than a name or a
/// path; `a.scenario` is then only a label and is not read).
pub fn footprint_of(
    scenario: &Scenario,
    a: &FootprintJob,
    control: Control<'_>,
) -> Result<FootprintResult, Error> {
    let set = a.out.as_deref().map(OutputSet::begin).transpose()?;
    let study = FootprintStudy::of(scenario.clone(), a)?;
    control
        .progress
        .begin(study.grid.len() as u64, "grid points");
    control.progress.stage("footprint");
    let part = study.evaluate(0..study.units(), control);
    control.progress.end();
    study.finish(vec![part?], set, control)
}

/// A tile of a footprint: the results of a range of grid rows ([`FootprintStudy::evaluate`]).
pub type FootprintPart = Part<FootprintRows>;

/// The job name in a footprint part.
const PART_JOB: &str = "footprint";

/// A footprint job parsed and checked, ready to be evaluated as tiles of grid rows: anywhere, in any order, and
/// merged by [`FootprintStudy::finish`] into the footprint [`footprint`] gives, bit for bit.
pub struct FootprintStudy {
    scenario: Scenario,
    region: RegionArg,
    levels: Vec<f64>,
    grid: Grid,
    shape: shieldsim::flight::Shape,
    shape_name: String,
    missile: ThreatMissile,
    mode: Mode,
    reference_launch: Option<Geodetic>,
    interceptors: InterceptorCache,
    started: Instant,
}

impl FootprintStudy {
    /// Loads the scenario and checks the job (region, spacing, levels, shape, missile, launch and aim points); the
    /// job's `out` and `format` are not looked at.
    pub fn new(a: &FootprintJob) -> Result<Self, Error> {
        Self::of(crate::scenarios::load_scenario_arg(&a.scenario)?, a)
    }

    /// [`FootprintStudy::new`] of a scenario already loaded (`a.scenario` is then only a label and is not read).
    pub fn of(scenario: Scenario, a: &FootprintJob) -> Result<Self, Error> {
        let started = Instant::now();
        let region = parse_region(&a.region)?;
        let levels = parse_levels(&a.levels_s)?;
        let grid = Grid::new(&region.region, a.spacing_deg)
            .map_err(|e| bad("--spacing-deg", &a.spacing_deg.to_string(), &e.to_string()))?;
        let (shape, shape_name) = trajectory_shape(&a.shape)?;
        let missile = threat_missile(&scenario, a.missile.as_deref())?;
        // With --reverse the grid supplies the launch points; a --launch given too is only marked on the map and
        // reported, as a reference (for example the launch area the map is about).
        let reference_launch = match (&a.launch, a.reverse) {
            (Some(l), true) => Some(parse_lat_lon("--launch", l)?),
            _ => None,
        };
        let mode = if a.reverse {
            let Some(aim) = &a.aim else {
                return Err(bad(
                    "--aim",
                    "(missing)",
                    "--reverse needs the fixed aim point, e.g. --aim 52.52,13.40",
                ));
            };
            Mode::Launches {
                aim: parse_lat_lon("--aim", aim)?,
            }
        } else {
            if let Some(aim) = &a.aim {
                return Err(bad(
                    "--aim",
                    aim,
                    "--aim fixes the aim point of a launches map: add --reverse (or use --launch for an aims map)",
                ));
            }
            let launch = match &a.launch {
                Some(l) => parse_lat_lon("--launch", l)?,
                None => scenario
                    .corridors
                    .first()
                    .and_then(|c| c.launches.first())
                    .map(|p| p.position)
                    .ok_or_else(|| {
                        bad(
                            "--launch",
                            "(missing)",
                            "the scenario has no corridor launch point to default to: give --launch LAT,LON",
                        )
                    })?,
            };
            Mode::Aims { launch }
        };
        Ok(Self {
            scenario,
            region,
            levels,
            grid,
            shape,
            shape_name: shape_name.to_string(),
            missile,
            mode,
            reference_launch,
            interceptors: InterceptorCache::new(),
            started,
        })
    }

    /// Units of work: the grid's rows (a tile is a range of them).
    pub fn units(&self) -> usize {
        self.grid.rows
    }

    /// Points of the grid.
    pub fn points(&self) -> usize {
        self.grid.len()
    }

    fn request(&self) -> FootprintRequest<'_> {
        FootprintRequest {
            scenario: &self.scenario,
            missile: &self.missile,
            shape: self.shape,
            shape_name: self.shape_name.clone(),
            mode: self.mode,
            grid: self.grid,
            polygon: self.region.polygon.clone(),
            accuracy: Accuracy::SURVEY,
        }
    }

    /// What identifies the study in its parts.
    fn key(&self) -> u64 {
        fingerprint(&format!(
            "{}|{}|{}|{:?}|{:?}|{}|{:?}",
            self.scenario.name,
            self.scenario.title,
            self.missile.id,
            self.grid,
            self.mode,
            self.shape_name,
            self.region.polygon
        ))
    }

    /// Evaluates the grid rows `rows` (a tile; `0..units()` is the whole grid). Progress is reported in grid
    /// points through `control` (`set_done` only: the caller begins and ends it).
    pub fn evaluate(
        &self,
        rows: std::ops::Range<usize>,
        control: Control<'_>,
    ) -> Result<FootprintPart, Error> {
        let progress = |done: usize| control.progress.set_done(done as u64);
        let rows = footprint_rows(
            &self.request(),
            &self.interceptors,
            rows,
            &progress,
            control.cancel,
        )
        .map_err(|e| {
            let cancelled = matches!(e, FootprintError::Assess(AssessError::Cancelled));
            stopped(cancelled, &e)
        })?;
        Ok(Part::new(PART_JOB, self.key(), rows))
    }

    /// The footprint from its tiles, given in any order (together every row exactly once): the summary, the
    /// grid, and with `set` (the job's `out`, begun before the study) every output file.
    pub fn finish(
        self,
        parts: Vec<FootprintPart>,
        set: Option<OutputSet>,
        control: Control<'_>,
    ) -> Result<FootprintResult, Error> {
        let key = self.key();
        let rows = parts
            .into_iter()
            .map(|p| p.into_payload(PART_JOB, key))
            .collect::<Result<Vec<_>, _>>()?;
        let f =
            Footprint::from_rows(&self.request(), rows).map_err(|e| Error::input(e.to_string()))?;
        let mut out = summarise(&f, &self.region.text, &self.levels);
        if let Some(l) = &self.reference_launch {
            out.launch = Some(l.into());
        }
        let mut files = Vec::new();
        if let Some(set) = set {
            files = set.finish(&control, |dir| {
                write_outputs(dir, &f, &out, &self.levels)?;
                let threat = Threat {
                    scenario: &self.scenario,
                    interceptors: &self.interceptors,
                    missile: &self.missile,
                    shape: self.shape,
                };
                write_figures(dir, &threat, &f, self.reference_launch)
            })?;
        }
        out.files = Some(files.clone());
        out.elapsed_s = Some(self.started.elapsed().as_secs_f64());
        Ok(FootprintResult {
            document: out,
            footprint: f,
            files,
        })
    }
}

fn write_outputs(
    dir: &Path,
    f: &Footprint,
    summary_out: &FootprintOut,
    levels: &[f64],
) -> Result<Vec<String>, Error> {
    write_json_atomic(&dir.join("footprint.json"), summary_out)?;
    let table = grid_table(f)?;
    let io = |e: crate::export::ExportError| std::io::Error::other(e.to_string());
    write_atomic_with(&dir.join("grid.csv"), |w| table.write_csv(w).map_err(io))?;
    write_atomic_with(&dir.join("grid.parquet"), |w| {
        table.write_parquet(w).map_err(io)
    })?;
    drop(table);
    let areas = footprint_polygons(f, levels);
    write_atomic(
        &dir.join("footprint.geojson"),
        geojson(f, &areas).as_bytes(),
    )?;
    let kml = kml(f, &areas).map_err(crate::files::internal)?;
    write_atomic(&dir.join("footprint.kml"), &kml)?;
    Ok(OUTPUT_FILES[..5]
        .iter()
        .map(|n| dir.join(n).display().to_string())
        .collect())
}

/// Flies the sample trajectories and writes trajectories.czml, the map, and the profile and timeline of the sample
/// with the longest window.
/// What the footprint flew: the scenario (with the caches its architecture was built from), the missile and shape.
struct Threat<'a> {
    scenario: &'a Scenario,
    interceptors: &'a InterceptorCache,
    missile: &'a ThreatMissile,
    shape: shieldsim::flight::Shape,
}

fn write_figures(
    dir: &Path,
    threat: &Threat<'_>,
    f: &Footprint,
    reference_launch: Option<Geodetic>,
) -> Result<Vec<String>, Error> {
    let Threat {
        scenario,
        interceptors,
        missile,
        shape,
    } = *threat;
    // The footprint's own cache: its reach tables and site envelopes are built already.
    let arch = shieldsim::analysis::build_architecture(scenario, interceptors)
        .map_err(|e| Error::input(e.to_string()))?;
    let mut samples: Vec<figures::SampleFlight> = Vec::new();
    for (r, c) in figures::sample_points(f, SAMPLE_FLIGHTS) {
        let p = Geodetic::from_degrees(f.grid.lat_deg(r), f.grid.lon_deg(c), 0.0);
        let (launch, aim) = match f.mode {
            Mode::Aims { launch } => (launch, p),
            Mode::Launches { aim } => (p, aim),
        };
        samples.extend(figures::fly_and_engage(
            scenario, &arch, missile, shape, launch, aim,
        )?);
    }
    let mut files = Vec::new();
    let czml = trajectories_czml(scenario, &f.missile, &samples)?;
    let path = dir.join("trajectories.czml");
    write_atomic(&path, czml.as_bytes())?;
    files.push(path.display().to_string());
    let mut map = figures::footprint_map(scenario, &arch, missile, f, &samples)?;
    if let Some(l) = reference_launch {
        map.sites.push(shieldsim_viz::MapSite {
            name: format!(
                "{} (reference)",
                figures::nearest_place(scenario, &l, 100.0).unwrap_or_else(|| "launch".into())
            ),
            lat_deg: l.lat_deg(),
            lon_deg: l.lon_deg(),
            kind: shieldsim_viz::SiteKind::Launch,
        });
    }
    files.extend(figures::write_map(dir, "map", &map)?);
    let best = samples.iter().max_by(|a, b| {
        let w =
            |s: &figures::SampleFlight| s.engagement.window.as_ref().map_or(0.0, |w| w.duration_s);
        w(a).total_cmp(&w(b))
    });
    if let Some(s) = best {
        let cx = figures::FigureContext {
            label: &scenario.name,
            earth: &scenario.model.earth,
            arch: &arch,
        };
        files.extend(figures::write_flight_figures(dir, &cx, &f.missile, s)?);
    }
    Ok(files)
}

/// Sample flights (red when engageable, grey when not), their earliest intercepts, and the scenario's interceptor
/// sites and radars as CZML for Cesium, in one folder; times from an arbitrary epoch (2000-01-01T00:00:00Z = threat
/// launch).
pub fn trajectories_czml(
    scenario: &Scenario,
    missile: &str,
    samples: &[figures::SampleFlight],
) -> Result<String, Error> {
    use crate::export::{CzmlFolder, CzmlIds, CzmlScene, CzmlTrack};
    use crate::output::{
        czml_intercept, czml_place, czml_text, czml_track_rgba, CZML_RADAR_RGBA, CZML_SITE_RGBA,
    };
    let earth = &scenario.model.earth;
    let mut ids = CzmlIds::default();
    let folder = ids.id(&["scenario", &scenario.name]);
    let parent = Some(folder.as_str());
    let mut scene = CzmlScene {
        name: format!("shieldsim: {} vs {missile}", scenario.name),
        folders: vec![CzmlFolder {
            id: folder.clone(),
            name: scenario.name.clone(),
            description: xml_escape(&scenario.title),
        }],
        ..CzmlScene::default()
    };
    for site in &scenario.architecture.sites {
        scene.points.push(czml_place(
            ids.id(&["site", &scenario.name, &site.name]),
            parent,
            &site.name,
            &format!(
                "interceptor site: {} x {}",
                site.inventory,
                site.interceptor.id()
            ),
            &site.position,
            CZML_SITE_RGBA,
        ));
    }
    for radar in &scenario.architecture.radars {
        scene.points.push(czml_place(
            ids.id(&["radar", &scenario.name, &radar.id]),
            parent,
            &radar.id,
            &format!(
                "radar, {:.0} km range against its reference RCS",
                radar.max_range_m / 1000.0
            ),
            &radar.site,
            CZML_RADAR_RGBA,
        ));
    }
    for (k, s) in samples.iter().enumerate() {
        let e = &s.engagement;
        let number = (k + 1).to_string();
        scene.tracks.push(CzmlTrack {
            id: ids.id(&["track", &scenario.name, &number]),
            parent: parent.map(str::to_string),
            name: format!(
                "{missile} {:.2},{:.2} -> {:.2},{:.2}",
                s.launch.lat_deg(),
                s.launch.lon_deg(),
                s.aim.lat_deg(),
                s.aim.lon_deg()
            ),
            description: xml_escape(&e.reason),
            samples: s
                .geodetic_samples(earth, 200)
                .into_iter()
                .map(|(t, g)| (t, g.lat_deg(), g.lon_deg(), g.alt_m.max(0.0)))
                .collect(),
            color_rgba: czml_track_rgba(e.engageable),
        });
        if let Some(w) = &e.window {
            scene.points.push(czml_intercept(
                ids.id(&["earliest-intercept", &scenario.name, &number]),
                parent,
                match scenario.architecture.sites.get(w.earliest.site) {
                    Some(site) => format!("earliest intercept {number} from {}", site.name),
                    None => format!("earliest intercept {number}"),
                },
                w.earliest.t_s,
                &w.earliest.position,
            ));
        }
    }
    czml_text(&scene, "trajectories.czml")
}

fn table_text(o: &FootprintOut) -> String {
    let mut text = String::new();
    let at = |p: &Option<LatLonOut>| {
        p.map(|p| format!("{:.4}, {:.4}", p.lat_deg, p.lon_deg))
            .unwrap_or_default()
    };
    let mut rows: Vec<(&str, String)> = vec![
        ("scenario", format!("{} ({})", o.scenario, o.title)),
        ("threat", format!("{}, {} trajectory", o.missile, o.shape)),
    ];
    match o.mode {
        "aims" => rows.push(("launch point", at(&o.launch))),
        _ => rows.push(("aim point (fixed)", at(&o.aim))),
    }
    rows.extend([
        (
            "grid",
            format!(
                "{} ({} × {} points at {}°, {} map)",
                o.region, o.rows, o.cols, o.spacing_deg, o.mode
            ),
        ),
        (
            "engageable",
            format!(
                "{} of {} evaluated points ({:.1} %)",
                o.engageable_points,
                o.evaluated_points,
                100.0 * o.engageable_share
            ),
        ),
        (
            "intercept window",
            match (o.median_window_engageable_s, o.max_window_s) {
                (Some(m), Some(x)) => {
                    format!("median {m:.0} s, longest {x:.0} s (engageable points)")
                }
                _ => "none".into(),
            },
        ),
        (
            "not evaluated",
            format!(
                "{} out of the missile's reach, {} unsolved, {} outside the region",
                o.out_of_range_points, o.failed_points, o.outside_points
            ),
        ),
    ]);
    let sites: Vec<String> = o
        .sites
        .iter()
        .filter(|s| s.engageable_points > 0)
        .map(|s| format!("{} ({})", s.site, s.engageable_points))
        .collect();
    rows.push((
        "contributing sites",
        if sites.is_empty() {
            "none".into()
        } else {
            sites.join(", ")
        },
    ));
    if let Some(e) = o.elapsed_s {
        rows.push(("time", format!("{e:.1} s")));
    }
    say!(text, "{}", summary(&rows));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_parse_or_say_what_is_wrong() {
        assert_eq!(parse_region("global").unwrap().region, Region::GLOBAL);
        let r = parse_region("30,-15,72,45").unwrap();
        assert_eq!(r.region.west_deg, -15.0);
        assert!(r.polygon.is_none());
        let p = parse_region("40,20; 40,30; 50,30; 50,20").unwrap();
        assert_eq!(p.polygon.as_ref().unwrap().len(), 4);
        assert_eq!((p.region.south_deg, p.region.east_deg), (40.0, 30.0));
        // Across the antimeridian: a box from 150° E to 140° W, and a polygon whose bounds cross it.
        let b = parse_region("20,150,70,-140").unwrap().region;
        assert!(b.crosses_antimeridian() && b.width_deg() == 70.0);
        let q = parse_region("50,170; 50,-170; 60,-175; 60,175")
            .unwrap()
            .region;
        assert_eq!((q.west_deg, q.east_deg), (170.0, -170.0));
        for (text, needle) in [
            ("", "empty region"),
            ("1,2,3", "S,W,N,E"),
            ("50,0,40,10", "south 50° must be less than north"),
            ("40,10,50,10", "enclose no longitude"),
            ("40,20; 50,30; 40,30; 50,20", "intersects itself"),
            ("40,20; 50,30", "2 vertices"),
        ] {
            let e = parse_region(text).err().unwrap();
            assert_eq!(e.exit_code(), 2);
            assert!(e.message.contains(needle), "{text}: {}", e.message);
        }
    }

    #[test]
    fn levels_must_ascend() {
        assert_eq!(parse_levels("0, 60,120").unwrap(), vec![0.0, 60.0, 120.0]);
        for t in ["", "60,0", "-1", "a", "0,0"] {
            assert!(parse_levels(t).is_err(), "{t}");
        }
    }
}
