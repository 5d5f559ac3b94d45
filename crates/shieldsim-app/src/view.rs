//! Viewer documents: what a graphical front end (the web viewer of `shieldsim serve`) draws, in plain numbers, so
//! that it computes nothing itself. A scenario becomes its sites with their reach, its radars with their coverage
//! and its corridors ([`scenario_view`]); an assessment becomes a corridor matrix (`n of N` engageable) and every
//! flown track with its true altitude, verdict and intercept window ([`assessment_view`]); a footprint becomes its
//! polygons, one set per intercept-window level ([`footprint_view`]).
//!
//! Every position is geodetic latitude and longitude in degrees (WGS 84 or the scenario's sphere) with altitude in
//! km; every time is in seconds after the threat's launch.

use serde::Serialize;
use shieldsim::analysis::footprint_polygons::footprint_polygons;
use shieldsim::analysis::{Mode, Outcome, TrajectoryRecord};
use shieldsim::earth::{geodesic, Ellipsoid, Geodetic};
use shieldsim::intercept::InterceptorCache;
use shieldsim::scenario::{LoadedScenario, Scenario};

use crate::assess::Assessment;
use crate::error::Error;
use crate::footprint::FootprintResult;
use crate::requests::{
    EarthOptions, EarthShape, EngageJob, Format, Gravity, ShapeArg, ShapeOptions, Switch,
};

/// Points on a coverage ring (a full circle; a sector gets as many along its arc plus the apex).
pub const RING_POINTS: usize = 72;

/// A place: name, latitude and longitude, degrees.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceView {
    /// Name.
    pub name: String,
    /// Latitude, degrees north.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
}

/// An interceptor site and its reach.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Site name.
    pub name: String,
    /// Interceptor type id.
    pub interceptor: String,
    /// Interceptors at the site.
    pub inventory: u32,
    /// Latitude, degrees north.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Greatest ground range of the interceptor's fastest fly-outs (its reach table), km.
    pub reach_km: f64,
    /// Lowest intercept altitude of the kill vehicle, km.
    pub floor_km: f64,
    /// Highest intercept altitude of the kill vehicle, km.
    pub ceiling_km: f64,
    /// The reach on the ground: a closed ring of [lat °, lon °] at `reach_km` from the site.
    pub reach_ring: Vec<[f64; 2]>,
}

/// A radar and its coverage.
#[derive(Debug, Clone, Serialize)]
pub struct RadarView {
    /// Radar id.
    pub id: String,
    /// Latitude, degrees north.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Detection range against the re-entry vehicle of the scenario's first threat missile, km.
    pub range_km: f64,
    /// The RV cross-section the range is drawn against, m².
    pub rcs_m2: f64,
    /// Boresight azimuth, degrees clockwise from north (None: all round).
    pub boresight_deg: Option<f64>,
    /// Half-width of the field of regard, degrees (None: all round).
    pub half_width_deg: Option<f64>,
    /// The coverage on the ground: a closed ring of [lat °, lon °] (a sector from the radar, or a circle).
    pub coverage_ring: Vec<[f64; 2]>,
}

/// A threat corridor.
#[derive(Debug, Clone, Serialize)]
pub struct CorridorView {
    /// Corridor name.
    pub name: String,
    /// Launch points.
    pub launches: Vec<PlaceView>,
    /// Aim points.
    pub aims: Vec<PlaceView>,
    /// Threat missile ids.
    pub missiles: Vec<String>,
    /// Trajectory shape names.
    pub shapes: Vec<String>,
    /// Trajectories an assessment flies (launch × missile × aim × shape).
    pub trajectories: usize,
    /// Where the globe looks to show the corridor: the projection its map figure uses (looking down on the pole
    /// for a transpolar corridor).
    pub camera: crate::figures::CameraView,
}

/// What a viewer draws of a scenario before anything is run.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioView {
    /// Scenario name.
    pub name: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Interceptor sites with their reach.
    pub sites: Vec<SiteView>,
    /// Radars with their coverage.
    pub radars: Vec<RadarView>,
    /// Whether space-based early warning cues the radars.
    pub early_warning: bool,
    /// Corridors.
    pub corridors: Vec<CorridorView>,
    /// Every threat missile of the corridors, once, in order of first appearance.
    pub missiles: Vec<MissileView>,
    /// Sources.
    pub sources: Vec<String>,
    /// The `engage` flags that put one threat against the scenario's defence, one set per interceptor type (in
    /// the order of the sites): a front end fills its engage form from them.
    pub engage_presets: Vec<EngagePreset>,
    /// Where the globe opens: the projection of the scenario's map figure.
    pub camera: crate::figures::CameraView,
}

/// A threat missile of a scenario.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MissileView {
    /// Catalogue id.
    pub id: String,
    /// Display name (the catalogue's; the id for a missile the catalogue does not know).
    pub name: String,
    /// The catalogue's published maximum range, km (None for a missile the catalogue does not know).
    pub published_max_range_km: Option<f64>,
    /// The corridors it flies in.
    pub corridors: Vec<String>,
}

/// The `engage` flags (command-line syntax) that engage one threat with one interceptor type of a scenario the way
/// an assessment of the scenario does: the sites fielding that type, every radar with its role, the links (to
/// those sites), early warning, the decision delay and the launch rule. Running `engage` with them and the
/// threat's launch point, aim point, missile and shape gives the assessment's verdict for that trajectory when
/// the type's sites are the ones that matter (the sites of other types are left out). The scenario's Earth model
/// is the one `engage` uses by default (WGS 84, rotating, J2, drag) in every built-in scenario.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EngagePreset {
    /// `--interceptor`: the catalogue id.
    pub interceptor: String,
    /// The scenario's names of the sites below, in order (engage calls them `site` or `site-1`, `site-2`, ...).
    pub site_names: Vec<String>,
    /// `--site`: LAT,LON, degrees.
    pub sites: Vec<String>,
    /// `--radar`: ID@LAT,LON,BORESIGHT_AZIMUTH_DEG for every radar of the scenario.
    pub radars: Vec<String>,
    /// `--radar-role`: NAME=ROLE for every radar (names as engage gives them: `ID`, `ID-2`, ...).
    pub radar_roles: Vec<String>,
    /// `--link`: KIND:RADAR,RADAR:SITE,SITE for every link of the scenario that reaches one of the sites.
    pub links: Vec<String>,
    /// `--early-warning`.
    pub early_warning: bool,
    /// `--early-warning-delay-s`, s (None without early warning).
    pub early_warning_delay_s: Option<f64>,
    /// `--decision-delay-s`, s.
    pub decision_delay_s: f64,
    /// `--launch-rule`: the first site's (engage applies one rule to every site).
    pub launch_rule: String,
    /// `--launch-time-s` of a scheduled launch rule, s.
    pub launch_time_s: Option<f64>,
}

impl EngagePreset {
    /// The `engage` job of this preset for one threat: `missile` (catalogue id) flown on a minimum-energy
    /// trajectory from `threat_from` to `threat_to` (LAT,LON in degrees), on the Earth model every built-in
    /// scenario uses (WGS 84, rotating, J2, drag), answering in JSON, writing no files.
    pub fn job(&self, threat_from: String, threat_to: String, missile: String) -> EngageJob {
        let on = |b: bool| if b { Switch::On } else { Switch::Off };
        EngageJob {
            threat_from,
            threat_to,
            missile,
            interceptor: self.interceptor.clone(),
            site: self.sites.clone(),
            radar: self.radars.clone(),
            early_warning: on(self.early_warning),
            early_warning_delay_s: self.early_warning_delay_s,
            decision_delay_s: self.decision_delay_s,
            radar_role: self.radar_roles.clone(),
            link: self.links.clone(),
            launch_rule: self.launch_rule.clone(),
            launch_time_s: self.launch_time_s,
            launch_on_remote: None,
            booster_rcs_m2: None,
            rv_rcs_m2: None,
            shape: ShapeOptions {
                shape: ShapeArg::MinEnergy,
                apogee_km: None,
                burnout_flight_path_deg: None,
            },
            earth: EarthOptions {
                earth: EarthShape::Wgs84,
                rotation: Switch::On,
                gravity: Gravity::J2,
            },
            drag: Switch::On,
            format: Format::Json,
            out: None,
        }
    }
}

/// The [`EngagePreset`]s of a loaded scenario: one per interceptor type, in the order its first site appears.
pub fn engage_presets(l: &LoadedScenario) -> Vec<EngagePreset> {
    use shieldsim::intercept::LaunchRule;
    let a = &l.scenario.architecture;
    let kinds: Vec<&str> = l.radar_types.iter().map(String::as_str).collect();
    let radar_names = crate::engage::radar_names(&kinds);
    let radars: Vec<String> = a
        .radars
        .iter()
        .zip(&kinds)
        .map(|(r, kind)| {
            format!(
                "{kind}@{:.4},{:.4},{:.1}",
                r.site.lat_deg(),
                r.site.lon_deg(),
                r.boresight_azimuth_rad.to_degrees().rem_euclid(360.0)
            )
        })
        .collect();
    let radar_roles: Vec<String> = radar_names
        .iter()
        .zip(&a.roles)
        .map(|(n, role)| format!("{n}={}", role.name()))
        .collect();
    let mut types: Vec<&str> = Vec::new();
    for x in &a.sites {
        if !types.contains(&x.interceptor.id()) {
            types.push(x.interceptor.id());
        }
    }
    types
        .into_iter()
        .map(|t| {
            let chosen: Vec<usize> = (0..a.sites.len())
                .filter(|&k| a.sites[k].interceptor.id() == t)
                .collect();
            let names = crate::engage::site_names(chosen.len());
            let links = a
                .links
                .iter()
                .map(|l| &l.link)
                .filter_map(|link| {
                    let sites: Vec<&str> = chosen
                        .iter()
                        .zip(&names)
                        .filter(|(k, _)| link.sites.contains(k))
                        .map(|(_, n)| n.as_str())
                        .collect();
                    (!sites.is_empty()).then(|| {
                        let sensors: Vec<&str> = link
                            .sensors
                            .iter()
                            .map(|&i| radar_names[i].as_str())
                            .collect();
                        format!(
                            "{}:{}:{}",
                            link.kind.name(),
                            sensors.join(","),
                            sites.join(",")
                        )
                    })
                })
                .collect();
            let rule = a.sites[chosen[0]].launch_rule;
            let launch_time_s = match rule {
                LaunchRule::AfterThreatLaunch { launch_time_s }
                | LaunchRule::AfterBurnout { launch_time_s } => Some(launch_time_s),
                _ => None,
            };
            EngagePreset {
                interceptor: t.to_string(),
                site_names: chosen.iter().map(|&k| a.sites[k].name.clone()).collect(),
                sites: chosen
                    .iter()
                    .map(|&k| {
                        let p = &a.sites[k].position;
                        format!("{:.4},{:.4}", p.lat_deg(), p.lon_deg())
                    })
                    .collect(),
                radars: radars.clone(),
                radar_roles: radar_roles.clone(),
                links,
                early_warning: a.early_warning.is_some(),
                early_warning_delay_s: a.early_warning.map(|w| w.detection_delay_s),
                decision_delay_s: a.decision_delay_s,
                launch_rule: rule.name().to_string(),
                launch_time_s,
            }
        })
        .collect()
}

/// A closed ring of [lat °, lon °] at `range_m` from `centre` on `e`: a full circle, or (with a boresight) a
/// sector of ±`half_width_rad` about it, apex at the centre.
pub fn range_ring(
    e: &Ellipsoid,
    centre: &Geodetic,
    range_m: f64,
    sector: Option<(f64, f64)>,
) -> Vec<[f64; 2]> {
    let point = |az: f64| {
        let p = geodesic::direct(e, centre, az, range_m);
        [p.lat_deg(), p.lon_deg()]
    };
    let apex = [centre.lat_deg(), centre.lon_deg()];
    match sector {
        Some((boresight, half)) => {
            let mut ring = vec![apex];
            for k in 0..=RING_POINTS {
                let az = boresight - half + 2.0 * half * k as f64 / RING_POINTS as f64;
                ring.push(point(az));
            }
            ring.push(apex);
            ring
        }
        None => {
            let mut ring: Vec<[f64; 2]> = (0..RING_POINTS)
                .map(|k| point(std::f64::consts::TAU * k as f64 / RING_POINTS as f64))
                .collect();
            ring.push(ring[0]);
            ring
        }
    }
}

/// The scenario as a viewer draws it: sites with their reach (flies each interceptor type's reach table once,
/// 10–100 ms each), radars with their coverage against the first threat's re-entry vehicle, corridors, and the
/// [`engage_presets`].
pub fn scenario_view(l: &LoadedScenario) -> Result<ScenarioView, Error> {
    let s: &Scenario = &l.scenario;
    let e = s.model.earth.ellipsoid();
    let interceptors = InterceptorCache::new();
    let mut sites = Vec::with_capacity(s.architecture.sites.len());
    for x in &s.architecture.sites {
        let i = interceptors.get(&x.interceptor)?;
        let reach_m = i.reach.max_range_m;
        sites.push(SiteView {
            name: x.name.clone(),
            interceptor: x.interceptor.id().to_string(),
            inventory: x.inventory,
            lat_deg: x.position.lat_deg(),
            lon_deg: x.position.lon_deg(),
            reach_km: reach_m / 1000.0,
            floor_km: x.interceptor.min_intercept_altitude_m / 1000.0,
            ceiling_km: x.interceptor.max_intercept_altitude_m / 1000.0,
            reach_ring: range_ring(e, &x.position, reach_m, None),
        });
    }
    let rcs_m2 = s
        .corridors
        .iter()
        .flat_map(|c| c.missiles.first())
        .map(|m| m.signature.reentry_vehicle_rcs_m2)
        .next()
        .unwrap_or(0.1);
    let radars = s
        .architecture
        .radars
        .iter()
        .map(|r| {
            let all_round = r.half_width_rad >= std::f64::consts::PI - 1e-9;
            let range_m = r.detection_range_m(rcs_m2);
            let sector = (!all_round).then_some((r.boresight_azimuth_rad, r.half_width_rad));
            RadarView {
                id: r.id.clone(),
                lat_deg: r.site.lat_deg(),
                lon_deg: r.site.lon_deg(),
                range_km: range_m / 1000.0,
                rcs_m2,
                boresight_deg: sector.map(|s| s.0.to_degrees()),
                half_width_deg: sector.map(|s| s.1.to_degrees()),
                coverage_ring: range_ring(e, &r.site, range_m, sector),
            }
        })
        .collect();
    let place = |p: &shieldsim::scenario::NamedPoint| PlaceView {
        name: p.name.clone(),
        lat_deg: p.position.lat_deg(),
        lon_deg: p.position.lon_deg(),
    };
    let corridors = s
        .corridors
        .iter()
        .map(|c| {
            Ok(CorridorView {
                name: c.name.clone(),
                launches: c.launches.iter().map(place).collect(),
                aims: c.aims.iter().map(place).collect(),
                missiles: c.missiles.iter().map(|m| m.id.clone()).collect(),
                shapes: c.shapes.iter().map(|x| x.name.clone()).collect(),
                trajectories: c.trajectory_count(),
                camera: crate::figures::camera_view(s, Some(&c.name))?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let catalog = shieldsim::catalog::Catalog::builtin().ok();
    let mut missiles: Vec<MissileView> = Vec::new();
    for c in &s.corridors {
        for m in &c.missiles {
            match missiles.iter_mut().find(|x| x.id == m.id) {
                Some(x) => x.corridors.push(c.name.clone()),
                None => {
                    let entry = catalog.as_ref().and_then(|k| k.missile(&m.id).ok());
                    missiles.push(MissileView {
                        id: m.id.clone(),
                        name: entry.map_or_else(|| m.id.clone(), |e| e.name.clone()),
                        published_max_range_km: entry.map(|e| e.published_max_range_km),
                        corridors: vec![c.name.clone()],
                    });
                }
            }
        }
    }
    Ok(ScenarioView {
        name: s.name.clone(),
        title: s.title.clone(),
        description: s.description.clone(),
        sites,
        radars,
        early_warning: s.architecture.early_warning.is_some(),
        corridors,
        missiles,
        sources: s.sources.clone(),
        engage_presets: engage_presets(l),
        camera: crate::figures::camera_view(s, None)?,
    })
}

/// One cell of the corridor matrix: `engageable` of `evaluated` trajectories.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    /// Scenario name.
    pub scenario: String,
    /// Corridor name.
    pub corridor: String,
    /// Engageable trajectories (n).
    pub engageable: usize,
    /// Flown and engaged trajectories (N).
    pub evaluated: usize,
    /// Out of the missile's reach (not in N).
    pub out_of_range: usize,
    /// n / N (None when N = 0).
    pub share: Option<f64>,
    /// Median intercept window of the engageable trajectories, s.
    pub window_p50_s: Option<f64>,
}

/// A possible intercept on a track.
#[derive(Debug, Clone, Serialize)]
pub struct InterceptView {
    /// Intercept time, s after threat launch.
    pub t_s: f64,
    /// Interceptor launch time, s after threat launch.
    pub launch_s: f64,
    /// Latitude, degrees north.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Altitude, km.
    pub alt_km: f64,
    /// Closing speed, m/s.
    pub closing_speed_mps: f64,
    /// Site.
    pub site: String,
}

/// One threat track of an assessment.
#[derive(Debug, Clone, Serialize)]
pub struct TrackView {
    /// Index of the track in the assessment (stable id for the page).
    pub index: usize,
    /// Scenario name.
    pub scenario: String,
    /// Corridor name.
    pub corridor: String,
    /// Launch point name.
    pub launch: String,
    /// Aim point name.
    pub aim: String,
    /// Missile id.
    pub missile: String,
    /// Shape name.
    pub shape: String,
    /// `engageable` or `not_engageable`.
    pub verdict: &'static str,
    /// The verdict in words.
    pub reason: String,
    /// Total intercept window, s.
    pub window_s: f64,
    /// Shoot-look-shoot opportunities.
    pub shots: usize,
    /// Sites with a window.
    pub sites: Vec<String>,
    /// The sensor whose track enabled the first launch.
    pub enabled_by: Option<String>,
    /// Impact time, s after launch.
    pub impact_t_s: f64,
    /// First possible intercept.
    pub earliest: Option<InterceptView>,
    /// Last possible intercept.
    pub latest: Option<InterceptView>,
    /// The flight: [t s, lat °, lon °, alt km], subsampled.
    pub path: Vec<[f64; 4]>,
    /// The points of `path` inside the intercept window [earliest, latest] (with the two intercepts as ends);
    /// empty when not engageable.
    pub window_path: Vec<[f64; 4]>,
}

/// What a viewer draws of an assessment.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentView {
    /// The corridor matrix, one cell per scenario and corridor.
    pub matrix: Vec<MatrixCell>,
    /// Every flown track.
    pub tracks: Vec<TrackView>,
    /// Latest impact over the tracks, s (the time slider's end).
    pub end_s: f64,
}

fn intercept_view(p: &shieldsim::analysis::InterceptSummary) -> InterceptView {
    InterceptView {
        t_s: p.t_s,
        launch_s: p.launch_s,
        lat_deg: p.position.lat_deg(),
        lon_deg: p.position.lon_deg(),
        alt_km: p.position.alt_m / 1000.0,
        closing_speed_mps: p.closing_speed_mps,
        site: p.site.clone(),
    }
}

fn point4(p: &InterceptView) -> [f64; 4] {
    [p.t_s, p.lat_deg, p.lon_deg, p.alt_km]
}

fn track_view(index: usize, scenario: &str, t: &TrajectoryRecord) -> Option<TrackView> {
    let Outcome::Evaluated {
        engageable,
        reason,
        window_s,
        shots,
        earliest,
        latest,
        sites,
        impact_t_s,
    } = &t.outcome
    else {
        return None;
    };
    let path: Vec<[f64; 4]> = t
        .path_t_s
        .iter()
        .zip(&t.path)
        .map(|(ts, p)| [*ts, p[0], p[1], p[2]])
        .collect();
    let earliest = earliest.as_ref().map(intercept_view);
    let latest = latest.as_ref().map(intercept_view);
    let window_path = match (&earliest, &latest, engageable) {
        (Some(a), Some(b), true) => {
            let mut w = vec![point4(a)];
            w.extend(path.iter().filter(|p| p[0] > a.t_s && p[0] < b.t_s));
            w.push(point4(b));
            w
        }
        _ => Vec::new(),
    };
    Some(TrackView {
        index,
        scenario: scenario.to_string(),
        corridor: t.corridor.clone(),
        launch: t.launch.clone(),
        aim: t.aim.clone(),
        missile: t.missile.clone(),
        shape: t.shape.clone(),
        verdict: if *engageable {
            "engageable"
        } else {
            "not_engageable"
        },
        reason: reason.clone(),
        window_s: *window_s,
        shots: *shots,
        sites: sites.clone(),
        enabled_by: t.enabled_by.clone(),
        impact_t_s: *impact_t_s,
        earliest,
        latest,
        path,
        window_path,
    })
}

/// The assessment as a viewer draws it: the `n of N` matrix and every flown track.
pub fn assessment_view(a: &Assessment) -> AssessmentView {
    let mut matrix = Vec::new();
    let mut tracks = Vec::new();
    for s in &a.assessments {
        for c in &s.corridors {
            matrix.push(MatrixCell {
                scenario: s.scenario.clone(),
                corridor: c.corridor.clone(),
                engageable: c.engageable,
                evaluated: c.evaluated,
                out_of_range: c.out_of_range,
                share: c.engageable_share,
                window_p50_s: c.window_s.map(|w| w.p50),
            });
        }
        for t in &s.trajectories {
            if let Some(v) = track_view(tracks.len(), &s.scenario, t) {
                tracks.push(v);
            }
        }
    }
    let end_s = tracks.iter().map(|t| t.impact_t_s).fold(0.0, f64::max);
    AssessmentView {
        matrix,
        tracks,
        end_s,
    }
}

/// The area of one intercept-window level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    /// The level, s (0: engageable at all).
    pub level_s: f64,
    /// Polygons, each a list of closed rings of [lat °, lon °] (the first the outer ring, then holes).
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

/// What a viewer draws of a footprint.
#[derive(Debug, Clone, Serialize)]
pub struct FootprintView {
    /// `aims` (the grid holds aim points) or `launches`.
    pub mode: &'static str,
    /// The fixed point: the launch of an aims map, the aim of a launches map.
    pub fixed: PlaceView,
    /// Grid spacing, degrees.
    pub spacing_deg: f64,
    /// Grid points.
    pub points: usize,
    /// Engageable grid points.
    pub engageable_points: usize,
    /// Longest intercept window on the grid, s (the colour scale's end).
    pub max_window_s: f64,
    /// The level areas, ascending.
    pub levels: Vec<LevelView>,
}

/// The footprint as a viewer draws it: its level polygons (`levels_s` as in the job: ascending, comma-separated).
pub fn footprint_view(r: &FootprintResult, levels_s: &str) -> Result<FootprintView, Error> {
    let levels = crate::footprint::parse_levels(levels_s)?;
    let f = &r.footprint;
    let (mode, fixed) = match f.mode {
        Mode::Aims { launch } => ("aims", ("launch", launch)),
        Mode::Launches { aim } => ("launches", ("aim", aim)),
    };
    let areas = footprint_polygons(f, &levels);
    let engageable = f
        .points
        .iter()
        .filter(|p| p.status == shieldsim::analysis::PointStatus::Engageable);
    let max_window_s = engageable.clone().map(|p| p.window_s).fold(0.0, f64::max);
    Ok(FootprintView {
        mode,
        fixed: PlaceView {
            name: fixed.0.into(),
            lat_deg: fixed.1.lat_deg(),
            lon_deg: fixed.1.lon_deg(),
        },
        spacing_deg: f.grid.spacing_deg,
        points: f.grid.len(),
        engageable_points: engageable.count(),
        max_window_s,
        levels: areas
            .iter()
            .map(|a| LevelView {
                level_s: a.level_s,
                // footprint_polygons gives [lon, lat] rings; the viewer documents are latitude first.
                polygons: a
                    .polygons
                    .iter()
                    .map(|p| {
                        p.iter()
                            .map(|r| r.iter().map(|q| [q[1], q[0]]).collect())
                            .collect()
                    })
                    .collect(),
            })
            .collect(),
    })
}
