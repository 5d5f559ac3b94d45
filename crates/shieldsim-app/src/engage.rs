//! `shieldsim engage`: one threat trajectory against one defence.

use serde::Serialize;
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::SampledTrajectory;
use shieldsim::intercept::{
    engage as evaluate, Architecture, Authority, Engagement, EngagementError, InterceptPoint,
    Interceptor, InterceptorSite, KillVehicleLimit, LaunchRule, Link, LinkKind, SensorRole,
    SiteEngagement, Verdict, Window,
};
use shieldsim::sensors::{EarlyWarning, Radar, Signature};

use crate::control::Control;
use crate::error::{bad, Error};
use crate::files::OutputSet;
use crate::inputs::{describe_model, earth_model, model_out, parse_lat_lon, trajectory_shape};
use crate::output::{summary, table, Document, Done, LatLon, ModelOut};
use crate::requests::EngageJob;

impl From<EngagementError> for Error {
    fn from(e: EngagementError) -> Self {
        Self::input(e.to_string())
    }
}

/// Time from threat lift-off to the early-warning cue when none is given, s: a generic value (satellites see the
/// boost plume within about a minute).
pub const DEFAULT_EARLY_WARNING_DELAY_S: f64 = 60.0;

/// The JSON of `engage`.
#[derive(Debug, Serialize)]
pub struct EngageOut {
    engageable: bool,
    reason: String,
    threat: ThreatOut,
    detection: DetectionOut,
    early_warning: EarlyWarningOut,
    radars: Vec<RadarOut>,
    earliest_launch_s: Option<f64>,
    window: Option<WindowOut>,
    shots: usize,
    sites: Vec<SiteOut>,
    decision_delay_s: f64,
    links: Vec<LinkOut>,
    model: ModelOut,
}

/// A link: which radars may commit (and, engage-on-remote, guide) which sites.
#[derive(Debug, Serialize)]
struct LinkOut {
    name: String,
    kind: &'static str,
    sensors: Vec<String>,
    sites: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ThreatOut {
    missile: String,
    shape: &'static str,
    launch: LatLon,
    aim: LatLon,
    burnout_s: f64,
    impact_s: f64,
    booster_rcs_m2: f64,
    reentry_vehicle_rcs_m2: f64,
}

#[derive(Debug, Serialize)]
struct DetectionOut {
    first_detect_s: Option<f64>,
    track_s: Option<f64>,
    radar: Option<String>,
}

#[derive(Debug, Serialize)]
struct EarlyWarningOut {
    enabled: bool,
    delay_s: Option<f64>,
    cue_s: Option<f64>,
}

#[derive(Debug, Serialize)]
struct RadarOut {
    radar: String,
    lat_deg: f64,
    lon_deg: f64,
    boresight_azimuth_deg: f64,
    fire_control: bool,
    role: &'static str,
    cue_s: Option<f64>,
    first_detect_s: Option<f64>,
    track_s: Option<f64>,
}

#[derive(Debug, Serialize)]
struct PointOut {
    t_s: f64,
    lat_deg: f64,
    lon_deg: f64,
    alt_km: f64,
    interceptor_flight_s: f64,
    launch_s: f64,
    closing_speed_mps: f64,
    crossing_angle_deg: f64,
    site: String,
}

#[derive(Debug, Serialize)]
struct WindowOut {
    earliest: PointOut,
    latest: PointOut,
    duration_s: f64,
    intervals: Vec<IntervalOut>,
}

/// One interval of a window (a window may have gaps), s after threat launch.
#[derive(Debug, Serialize)]
struct IntervalOut {
    start_s: f64,
    end_s: f64,
}

#[derive(Debug, Serialize)]
struct SiteOut {
    site: String,
    interceptor: String,
    lat_deg: f64,
    lon_deg: f64,
    engageable: bool,
    verdict: &'static str,
    launch_rule: &'static str,
    launch_time_s: Option<f64>,
    /// own-radar, linked, space-cue or scheduled.
    commit_authority: Option<&'static str>,
    commit_sensor: Option<String>,
    commit_link: Option<String>,
    commit_link_kind: Option<&'static str>,
    commit_time_s: Option<f64>,
    /// The commit in words (`kurecik-tpy2 via c2bmc (launch-on-remote)`).
    enabled_by: Option<String>,
    guide_sensor: Option<String>,
    guide_link: Option<String>,
    guide_track_s: Option<f64>,
    earliest_launch_s: Option<f64>,
    window: Option<WindowOut>,
    shots: usize,
}

fn verdict_name(v: &Verdict) -> &'static str {
    match v {
        Verdict::Engageable => "engageable",
        Verdict::NeverDetected => "never-detected",
        Verdict::NoTrack => "no-track",
        Verdict::NoCommitTrack { .. } => "no-commit-track",
        Verdict::NoGuidingTrack => "no-guiding-track",
        Verdict::GuideTooLate { .. } => "guide-too-late",
        Verdict::OutOfReach => "out-of-reach",
        Verdict::OutsideAltitudeBand { below: true } => "below-altitude-band",
        Verdict::OutsideAltitudeBand { below: false } => "above-altitude-band",
        Verdict::TrackTooLate { .. } => "track-too-late",
        Verdict::KillVehicleLimit {
            limit: KillVehicleLimit::ClosingSpeed,
            ..
        } => "tail-chase",
        Verdict::KillVehicleLimit {
            limit: KillVehicleLimit::CrossingAngle,
            ..
        } => "crossing-angle",
    }
}

fn point_out(p: &InterceptPoint, arch: &Architecture) -> PointOut {
    PointOut {
        t_s: p.t_s,
        lat_deg: p.position.lat_deg(),
        lon_deg: p.position.lon_deg(),
        alt_km: p.position.alt_m / 1000.0,
        interceptor_flight_s: p.interceptor_flight_s,
        launch_s: p.launch_s,
        closing_speed_mps: p.closing_speed_mps,
        crossing_angle_deg: p.crossing_angle_rad.to_degrees(),
        site: arch.sites[p.site].name.clone(),
    }
}

fn window_out(w: &Window, arch: &Architecture) -> WindowOut {
    WindowOut {
        earliest: point_out(&w.earliest, arch),
        latest: point_out(&w.latest, arch),
        duration_s: w.duration_s,
        intervals: w
            .intervals
            .iter()
            .map(|&[start_s, end_s]| IntervalOut { start_s, end_s })
            .collect(),
    }
}

/// Parses `ID@LAT,LON` or `ID@LAT,LON,BORESIGHT_AZIMUTH_DEG`.
fn parse_radar(text: &str) -> Result<(String, Geodetic, Option<f64>), Error> {
    let expected = "expected ID@LAT,LON or ID@LAT,LON,BORESIGHT_AZIMUTH_DEG (degrees; latitude in [-90, 90]), e.g. an-tpy-2@38.35,37.79 or an-tpy-2@38.35,37.79,90";
    let Some((id, place)) = text.split_once('@') else {
        return Err(bad("--radar", text, expected));
    };
    let id = id.trim();
    if id.is_empty() {
        return Err(bad("--radar", text, expected));
    }
    let parts: Vec<&str> = place.split(',').map(str::trim).collect();
    let (lat_lon, boresight) = match parts.len() {
        2 => (place.to_string(), None),
        3 => {
            let az: f64 = parts[2]
                .parse()
                .ok()
                .filter(|a: &f64| a.is_finite())
                .ok_or_else(|| bad("--radar", text, expected))?;
            (format!("{},{}", parts[0], parts[1]), Some(az))
        }
        _ => return Err(bad("--radar", text, expected)),
    };
    let site = parse_lat_lon("--radar", &lat_lon).map_err(|_| bad("--radar", text, expected))?;
    Ok((id.to_string(), site, boresight))
}

/// Longest delay a flag takes, s: a day, the limit of scenario files.
const MAX_DELAY_S: f64 = 86_400.0;

fn check_delay(flag: &str, v: f64) -> Result<(), Error> {
    let max = MAX_DELAY_S;
    if !(v.is_finite() && (0.0..=max).contains(&v)) {
        return Err(bad(
            flag,
            &crate::output::value_text(v),
            &format!("a delay must be a number of seconds from 0 to {max:.0} (a day), as in scenario files"),
        ));
    }
    Ok(())
}

fn check_rcs(flag: &str, v: Option<f64>) -> Result<(), Error> {
    match v {
        Some(x) if !x.is_finite() || x <= 0.0 => Err(bad(
            flag,
            &x.to_string(),
            "a radar cross-section must be a finite number of m² above 0",
        )),
        _ => Ok(()),
    }
}

fn input_error(flag: &str, e: impl std::fmt::Display) -> Error {
    Error::input(format!("{flag}: {e}"))
}

/// The names `engage` gives its radars, in the order of `--radar`: the catalogue id, then `ID-2`, `ID-3`, ... for
/// further radars of the same type (what `--radar-role NAME=ROLE` and `--link` name).
pub fn radar_names(kinds: &[&str]) -> Vec<String> {
    kinds
        .iter()
        .enumerate()
        .map(
            |(i, id)| match kinds[..i].iter().filter(|k| *k == id).count() {
                0 => id.to_string(),
                n => format!("{id}-{}", n + 1),
            },
        )
        .collect()
}

/// The names `engage` gives its `n` sites, in the order of `--site`: `site` alone, else `site-1`, `site-2`, ...
pub fn site_names(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match n {
            1 => "site".to_string(),
            _ => format!("site-{}", i + 1),
        })
        .collect()
}

/// A radar's index by its name, for `flag`.
fn radar_index(flag: &str, text: &str, name: &str, radars: &[Radar]) -> Result<usize, Error> {
    radars.iter().position(|r| r.id == name).ok_or_else(|| {
        let names: Vec<&str> = radars.iter().map(|r| r.id.as_str()).collect();
        bad(
            flag,
            text,
            &format!(
                "unknown radar `{name}`; the radars of this run: {}",
                if names.is_empty() {
                    "none (add --radar)".to_string()
                } else {
                    names.join(", ")
                }
            ),
        )
    })
}

/// Applies `--radar-role` to the radars' default roles.
fn radar_roles(a: &EngageJob, radars: &[Radar]) -> Result<Vec<SensorRole>, Error> {
    let mut roles: Vec<SensorRole> = radars.iter().map(SensorRole::default_for).collect();
    let names: Vec<&str> = SensorRole::ALL.iter().map(|r| r.name()).collect();
    for text in &a.radar_role {
        let expected = format!("NAME=ROLE, ROLE one of {}", names.join(", "));
        let Some((name, role)) = text.split_once('=') else {
            return Err(bad("--radar-role", text, &expected));
        };
        let k = radar_index("--radar-role", text, name.trim(), radars)?;
        roles[k] = SensorRole::from_name(role.trim())
            .ok_or_else(|| bad("--radar-role", text, &expected))?;
    }
    Ok(roles)
}

/// Parses the `--link` flags.
fn links(
    a: &EngageJob,
    radars: &[Radar],
    roles: &[SensorRole],
    site_names: &[String],
) -> Result<Vec<Link>, Error> {
    let kinds: Vec<&str> = LinkKind::ALL.iter().map(|k| k.name()).collect();
    let mut out = Vec::new();
    for (i, text) in a.link.iter().enumerate() {
        let mut parts = text.split(':');
        let kind_text = parts.next().unwrap_or("").trim();
        let kind = LinkKind::from_name(kind_text).ok_or_else(|| {
            bad(
                "--link",
                text,
                &format!(
                    "KIND[:RADAR,...[:SITE,...]] with KIND one of {}",
                    kinds.join(", ")
                ),
            )
        })?;
        let sensors: Vec<usize> = match parts.next() {
            None => (0..radars.len())
                .filter(|&k| roles[k].can_commit())
                .collect(),
            Some(list) => list
                .split(',')
                .map(|n| radar_index("--link", text, n.trim(), radars))
                .collect::<Result<_, _>>()?,
        };
        for &k in &sensors {
            if !roles[k].can_commit() {
                return Err(bad(
                    "--link",
                    text,
                    &format!(
                        "radar `{}` has role cue: a sensor that commits nothing; give it --radar-role {}=commit if its track can commit launches",
                        radars[k].id, radars[k].id
                    ),
                ));
            }
        }
        let sites: Vec<usize> = match parts.next() {
            None => (0..site_names.len()).collect(),
            Some(list) => list
                .split(',')
                .map(|n| {
                    site_names
                        .iter()
                        .position(|s| s == n.trim())
                        .ok_or_else(|| {
                            bad(
                                "--link",
                                text,
                                &format!(
                                    "unknown site `{}`; the sites of this run: {}",
                                    n.trim(),
                                    site_names.join(", ")
                                ),
                            )
                        })
                })
                .collect::<Result<_, _>>()?,
        };
        if parts.next().is_some() {
            return Err(bad("--link", text, "KIND[:RADAR,...[:SITE,...]]"));
        }
        out.push(Link {
            name: format!("link-{}", i + 1),
            kind,
            sensors,
            sites,
        });
    }
    Ok(out)
}

/// The launch rule of `--launch-rule` and `--launch-time-s`.
fn launch_rule(a: &EngageJob, early_warning: bool) -> Result<LaunchRule, Error> {
    let name = a.launch_rule.trim();
    if !LaunchRule::NAMES.contains(&name) {
        return Err(bad(
            "--launch-rule",
            name,
            &format!("one of {}", LaunchRule::NAMES.join(", ")),
        ));
    }
    if let Some(t) = a.launch_time_s {
        if !t.is_finite() || t < 0.0 {
            return Err(bad(
                "--launch-time-s",
                &t.to_string(),
                "a finite number of seconds, 0 or more",
            ));
        }
    }
    if name == "space-cue" && !early_warning {
        return Err(bad(
            "--launch-rule",
            name,
            "space-cue needs space-based early warning: drop --early-warning off",
        ));
    }
    LaunchRule::from_name(name, a.launch_time_s).ok_or_else(|| {
        if LaunchRule::is_scheduled(name) {
            bad(
                "--launch-rule",
                name,
                "this rule launches at a stated time: add --launch-time-s SECONDS",
            )
        } else {
            bad(
                "--launch-time-s",
                &a.launch_time_s.unwrap_or_default().to_string(),
                "only the after-threat-launch and after-burnout rules take a launch time",
            )
        }
    })
}

/// One threat trajectory against one interceptor type at one or more sites, with radars, early warning and links:
/// the radar timeline, each site's intercept window and the verdict.
pub fn engage(a: &EngageJob, control: Control<'_>) -> Result<Done<EngageOut>, Error> {
    let set = a.out.as_deref().map(OutputSet::begin).transpose()?;
    if a.launch_on_remote == Some(crate::requests::Switch::On) {
        return Err(bad(
            "--launch-on-remote",
            "on",
            "launch-on-remote is replaced by links: --link engage-on-remote lets every fire-control radar commit and guide every site (the former meaning), --link launch-on-remote:RADAR lets RADAR commit while the site's own radar guides",
        ));
    }
    check_delay("--decision-delay-s", a.decision_delay_s)?;
    let early_warning_delay_s = match (a.early_warning.on(), a.early_warning_delay_s) {
        (false, Some(d)) => {
            return Err(bad(
                "--early-warning-delay-s",
                &crate::output::value_text(d),
                "a cue delay needs early warning: drop --early-warning off, or the delay",
            ))
        }
        (_, d) => d.unwrap_or(DEFAULT_EARLY_WARNING_DELAY_S),
    };
    check_delay("--early-warning-delay-s", early_warning_delay_s)?;
    check_rcs("--booster-rcs-m2", a.booster_rcs_m2)?;
    check_rcs("--rv-rcs-m2", a.rv_rcs_m2)?;
    let earth = earth_model(&a.earth);
    let launch = parse_lat_lon("--threat-from", &a.threat_from)?;
    let aim = parse_lat_lon("--threat-to", &a.threat_to)?;
    let sites: Vec<Geodetic> = a
        .site
        .iter()
        .map(|s| parse_lat_lon("--site", s))
        .collect::<Result<_, _>>()?;
    let radar_args: Vec<(String, Geodetic, Option<f64>)> = a
        .radar
        .iter()
        .map(|r| parse_radar(r))
        .collect::<Result<_, _>>()?;
    let (shape, shape_name) = trajectory_shape(&a.shape)?;

    let catalog = Catalog::builtin()?;
    let entry = catalog
        .missile(&a.missile)
        .map_err(|e| input_error("--missile", e))?;
    let interceptor_entry = catalog
        .interceptor(&a.interceptor)
        .map_err(|e| input_error("--interceptor", e))?;
    let kinds: Vec<&str> = radar_args.iter().map(|(id, _, _)| id.as_str()).collect();
    let mut radars = Vec::with_capacity(radar_args.len());
    for ((id, site, boresight), name) in radar_args.iter().zip(radar_names(&kinds)) {
        let radar_entry = catalog.radar(id).map_err(|e| input_error("--radar", e))?;
        let boresight_rad = match boresight {
            Some(az) => az.to_radians(),
            None => facing(&earth, site, &launch),
        };
        let mut radar = radar_entry
            .to_radar(*site, boresight_rad)
            .map_err(|e| input_error("--radar", e))?;
        radar.id = name;
        radars.push(radar);
    }
    let site_names = site_names(sites.len());
    let roles = radar_roles(a, &radars)?;
    let links = links(a, &radars, &roles, &site_names)?;
    let rule = launch_rule(a, a.early_warning.on())?;
    let catalogue_signature = entry.signature();
    let signature = Signature {
        booster_rcs_m2: a
            .booster_rcs_m2
            .unwrap_or(catalogue_signature.booster_rcs_m2),
        reentry_vehicle_rcs_m2: a
            .rv_rcs_m2
            .unwrap_or(catalogue_signature.reentry_vehicle_rcs_m2),
    };

    let missile = entry.to_missile()?;
    let targeter = Targeter::new(earth, &missile, a.drag.on());
    let path = shieldsim::analysis::fly(&targeter, &launch, &aim, shape, None)
        .path
        .map_err(|e| Error::from(e.error().clone()))?;

    let interceptor = Interceptor::new(interceptor_entry.to_spec()?)?;
    let arch = Architecture {
        radars,
        early_warning: a.early_warning.on().then_some(EarlyWarning {
            detection_delay_s: early_warning_delay_s,
        }),
        sites: sites
            .iter()
            .zip(site_names)
            .map(|(p, name)| InterceptorSite {
                name,
                position: *p,
                interceptor: interceptor.clone(),
                launch_rule: rule,
            })
            .collect(),
        decision_delay_s: a.decision_delay_s,
        roles,
        links,
    };
    arch.prepare_envelopes(&earth)?;
    let e = evaluate(&earth, &arch, &path, signature)?;
    let out = to_out(
        a,
        &arch,
        &e,
        &path,
        signature,
        entry.id.clone(),
        shape_name,
        launch,
        aim,
    );
    let mut files = Vec::new();
    if let Some(set) = set {
        files = set.finish(&control, |dir| {
            write_outputs(dir, &out, &earth, &arch, signature, launch, aim, path, e)
        })?;
    }
    Ok(Done {
        document: out,
        files,
    })
}

impl Document for EngageOut {
    fn table(&self) -> String {
        table_text(self)
    }

    fn csv(&self) -> Result<String, Error> {
        Ok(sites_csv(self))
    }
}

/// Writes engagement.json, the engagement's map, profile and timeline, and its GIS files (engagement.geojson,
/// engagement-points.geojson, engagement.kml, engagement.czml) into `dir`; returns the paths.
#[allow(clippy::too_many_arguments)]
fn write_outputs(
    dir: &std::path::Path,
    out: &EngageOut,
    earth: &EarthModel,
    arch: &Architecture,
    signature: Signature,
    launch: Geodetic,
    aim: Geodetic,
    path: SampledTrajectory,
    engagement: Engagement,
) -> Result<Vec<String>, Error> {
    let file = dir.join("engagement.json");
    crate::files::write_json_atomic(&file, out)?;
    let mut files = vec![file.display().to_string()];
    let flight = crate::figures::SampleFlight {
        launch,
        aim,
        path,
        engagement,
    };
    let cx = crate::figures::FigureContext {
        label: "engage",
        earth,
        arch,
    };
    let map = crate::figures::engagement_map(
        &cx,
        &out.threat.missile,
        signature.reentry_vehicle_rcs_m2,
        &flight,
    );
    files.extend(crate::figures::write_map(dir, "map", &map)?);
    files.extend(crate::figures::write_flight_figures(
        dir,
        &cx,
        &out.threat.missile,
        &flight,
    )?);
    files.extend(write_geo_files(dir, out, earth, &flight)?);
    Ok(files)
}

/// Samples of the threat track in the GIS files (the flight's own samples, thinned to about this many).
const GEO_TRACK_SAMPLES: usize = 400;

/// The threat track of one engagement as (t s, [lon °, lat °, alt m]).
fn track_lon_lat_m(
    earth: &EarthModel,
    flight: &crate::figures::SampleFlight,
) -> Vec<(f64, [f64; 3])> {
    flight
        .geodetic_samples(earth, GEO_TRACK_SAMPLES)
        .into_iter()
        .map(|(t, g)| (t, [g.lon_deg(), g.lat_deg(), g.alt_m.max(0.0)]))
        .collect()
}

/// The flat properties of an intercept point, each name starting with `prefix`.
fn point_properties(
    p: crate::export::geo::Properties,
    prefix: &str,
    i: Option<&PointOut>,
) -> crate::export::geo::Properties {
    let key = |k: &str| format!("{prefix}{k}");
    p.opt_number(&key("time_s"), i.map(|i| i.t_s))
        .opt_number(&key("lat_deg"), i.map(|i| i.lat_deg))
        .opt_number(&key("lon_deg"), i.map(|i| i.lon_deg))
        .opt_number(&key("alt_km"), i.map(|i| i.alt_km))
        .opt_number(&key("interceptor_launch_s"), i.map(|i| i.launch_s))
        .opt_number(
            &key("interceptor_flight_s"),
            i.map(|i| i.interceptor_flight_s),
        )
        .opt_number(&key("closing_speed_mps"), i.map(|i| i.closing_speed_mps))
        .opt_number(&key("crossing_angle_deg"), i.map(|i| i.crossing_angle_deg))
        .opt_text(&key("site"), i.map(|i| i.site.as_str()))
}

/// The threat track's flat properties: the threat and the verdict.
fn track_properties(out: &EngageOut) -> crate::export::geo::Properties {
    let t = &out.threat;
    let w = out.window.as_ref();
    let p = crate::export::geo::Properties::new()
        .text("missile", &t.missile)
        .text("shape", t.shape)
        .boolean("engageable", out.engageable)
        .text("reason", &out.reason)
        .number("launch_lat_deg", t.launch.lat_deg)
        .number("launch_lon_deg", t.launch.lon_deg)
        .number("aim_lat_deg", t.aim.lat_deg)
        .number("aim_lon_deg", t.aim.lon_deg)
        .number("burnout_time_s", t.burnout_s)
        .number("impact_time_s", t.impact_s)
        .number("window_s", w.map_or(0.0, |w| w.duration_s))
        .integer("shots", out.shots as i64)
        .opt_number("earliest_interceptor_launch_s", out.earliest_launch_s)
        .opt_text("detected_by", out.detection.radar.as_deref())
        .opt_number("first_detect_s", out.detection.first_detect_s)
        .opt_number("track_s", out.detection.track_s);
    let p = point_properties(p, "earliest_intercept_", w.map(|w| &w.earliest));
    point_properties(p, "latest_intercept_", w.map(|w| &w.latest))
}

/// The fixed points of one engagement with their flat properties: launch and aim, the interceptor sites, the
/// radars, the earliest and latest intercepts. Every point has the same property names (null where they do not
/// apply), so that a GIS reads one attribute table.
fn engagement_points(out: &EngageOut) -> Vec<([f64; 3], crate::export::geo::Properties)> {
    use crate::export::geo::Properties;
    let base = |kind: &str, name: &str| Properties::new().text("kind", kind).text("name", name);
    let fill = |p: Properties,
                verdict: Option<&str>,
                time_s: Option<f64>,
                window_s: Option<f64>,
                enabled_by: Option<&str>| {
        p.opt_text("verdict", verdict)
            .opt_number("time_s", time_s)
            .opt_number("window_s", window_s)
            .opt_text("enabled_by", enabled_by)
    };
    let t = &out.threat;
    let mut points = vec![
        (
            [t.launch.lon_deg, t.launch.lat_deg, 0.0],
            fill(base("launch", "threat launch"), None, Some(0.0), None, None),
        ),
        (
            [t.aim.lon_deg, t.aim.lat_deg, 0.0],
            fill(
                base("aim", "threat aim"),
                None,
                Some(t.impact_s),
                None,
                None,
            ),
        ),
    ];
    for s in &out.sites {
        points.push((
            [s.lon_deg, s.lat_deg, 0.0],
            fill(
                base("interceptor site", &s.site),
                Some(s.verdict),
                s.earliest_launch_s,
                Some(s.window.as_ref().map_or(0.0, |w| w.duration_s)),
                s.enabled_by.as_deref(),
            ),
        ));
    }
    for r in &out.radars {
        points.push((
            [r.lon_deg, r.lat_deg, 0.0],
            fill(base("radar", &r.radar), Some(r.role), r.track_s, None, None),
        ));
    }
    if let Some(w) = &out.window {
        for (which, i) in [
            ("earliest intercept", &w.earliest),
            ("latest intercept", &w.latest),
        ] {
            points.push((
                [i.lon_deg, i.lat_deg, i.alt_km * 1000.0],
                fill(
                    base(which, &format!("{which} from {}", i.site)),
                    None,
                    Some(i.t_s),
                    None,
                    None,
                ),
            ));
        }
    }
    points
}

/// Writes engagement.geojson (the threat track, a MultiLineString split at the antimeridian, with the verdict as
/// flat properties), engagement-points.geojson (launch, aim, sites, radars and intercepts as Points),
/// engagement.kml and engagement.czml; returns their paths.
fn write_geo_files(
    dir: &std::path::Path,
    out: &EngageOut,
    earth: &EarthModel,
    flight: &crate::figures::SampleFlight,
) -> Result<Vec<String>, Error> {
    use crate::export::geo;
    use crate::export::{
        CzmlFolder, CzmlIds, CzmlPoint, CzmlScene, CzmlTrack, Kml, KmlGeometry, Placemark,
    };
    use crate::files::{write_atomic, xml_escape};
    let track = track_lon_lat_m(earth, flight);
    let path: Vec<[f64; 3]> = track.iter().map(|(_, p)| *p).collect();
    let properties = track_properties(out);
    let points = engagement_points(out);
    let mut files = Vec::new();

    let tracks = geo::collection_text(vec![geo::feature(
        geo::multi_line(&path),
        properties.clone(),
    )]);
    let file = dir.join("engagement.geojson");
    write_atomic(&file, tracks.as_bytes())?;
    files.push(file.display().to_string());
    let features = points
        .iter()
        .map(|(p, q)| geo::feature(geo::point(p[0], p[1], p[2]), q.clone()))
        .collect();
    let file = dir.join("engagement-points.geojson");
    write_atomic(&file, geo::collection_text(features).as_bytes())?;
    files.push(file.display().to_string());

    let name = format!(
        "shieldsim engagement: {} {}",
        out.threat.missile, out.threat.shape
    );
    let kml = (|| -> std::io::Result<Vec<u8>> {
        let mut k = Kml::new(&name, &out.reason)?;
        k.style("engageable", Some(("ff2828dc", 2.0)), None, None)?;
        k.style("not-engageable", Some(("dc969696", 2.0)), None, None)?;
        k.style("point", None, None, Some(("ff00c8ff", 0.7)))?;
        k.placemark(&Placemark {
            name: &format!("{} threat track", out.threat.missile),
            description: Some(&out.reason),
            style: Some(if out.engageable {
                "engageable"
            } else {
                "not-engageable"
            }),
            data: &properties.text_pairs(),
            geometry: KmlGeometry::LineString {
                positions: &path,
                absolute: true,
            },
        })?;
        for (p, q) in &points {
            let label = q
                .object()
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or("point")
                .to_string();
            k.placemark(&Placemark {
                name: &label,
                description: None,
                style: Some("point"),
                data: &q.text_pairs(),
                geometry: KmlGeometry::Point {
                    position: *p,
                    absolute: p[2] > 0.0,
                },
            })?;
        }
        k.finish()
    })()
    .map_err(crate::files::internal)?;
    let file = dir.join("engagement.kml");
    write_atomic(&file, &kml)?;
    files.push(file.display().to_string());

    let mut ids = CzmlIds::default();
    let folder = ids.id(&["engagement"]);
    let parent = Some(folder.clone());
    let mut scene = CzmlScene {
        name: name.clone(),
        folders: vec![CzmlFolder {
            id: folder.clone(),
            name: "engagement".into(),
            description: xml_escape(&out.reason),
        }],
        tracks: vec![CzmlTrack {
            id: ids.id(&["track", &out.threat.missile]),
            parent: parent.clone(),
            name: format!("{} {}", out.threat.missile, out.threat.shape),
            description: xml_escape(&out.reason),
            samples: track.iter().map(|(t, p)| (*t, p[1], p[0], p[2])).collect(),
            color_rgba: crate::output::czml_track_rgba(out.engageable),
        }],
        points: Vec::new(),
    };
    for (p, q) in &points {
        let o = q.object();
        let text = |k: &str| {
            o.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let kind = text("kind");
        let intercept = kind.ends_with("intercept");
        scene.points.push(CzmlPoint {
            id: ids.id(&[&kind, &text("name")]),
            parent: parent.clone(),
            name: text("name"),
            description: xml_escape(&kind),
            t_s: if intercept {
                o.get("time_s").and_then(|v| v.as_f64())
            } else {
                None
            },
            lat_deg: p[1],
            lon_deg: p[0],
            alt_m: p[2],
            color_rgba: match kind.as_str() {
                "interceptor site" => crate::output::CZML_SITE_RGBA,
                "radar" => crate::output::CZML_RADAR_RGBA,
                "launch" | "aim" => [200, 200, 200, 255],
                _ => [255, 200, 0, 255],
            },
            pixel_size: 8.0,
        });
    }
    let czml = crate::output::czml_text(&scene, "engagement.czml")?;
    let file = dir.join("engagement.czml");
    write_atomic(&file, czml.as_bytes())?;
    files.push(file.display().to_string());
    Ok(files)
}

/// Azimuth (rad) from `site` towards `target`: a radar's default boresight faces the threat's launch point.
fn facing(earth: &EarthModel, site: &Geodetic, target: &Geodetic) -> f64 {
    earth.distance_azimuth(site, target).1
}

#[allow(clippy::too_many_arguments)]
fn to_out(
    a: &EngageJob,
    arch: &Architecture,
    e: &Engagement,
    path: &SampledTrajectory,
    signature: Signature,
    missile: String,
    shape: &'static str,
    launch: Geodetic,
    aim: Geodetic,
) -> EngageOut {
    let detection = match e.commit.as_ref().and_then(|c| c.authority.radar()) {
        Some(k) => DetectionOut {
            first_detect_s: e.radars[k].first_detect_s,
            track_s: e.radars[k].track_s,
            radar: Some(e.radars[k].radar.clone()),
        },
        None => {
            let first = e
                .radars
                .iter()
                .filter_map(|r| r.first_detect_s.map(|t| (t, r)))
                .min_by(|x, y| x.0.total_cmp(&y.0))
                .map(|(_, r)| r);
            DetectionOut {
                first_detect_s: first.and_then(|r| r.first_detect_s),
                track_s: first.and_then(|r| r.track_s),
                radar: first.map(|r| r.radar.clone()),
            }
        }
    };
    EngageOut {
        engageable: e.engageable,
        reason: e.reason.clone(),
        threat: ThreatOut {
            missile,
            shape,
            launch: LatLon {
                lat_deg: launch.lat_deg(),
                lon_deg: launch.lon_deg(),
            },
            aim: LatLon {
                lat_deg: aim.lat_deg(),
                lon_deg: aim.lon_deg(),
            },
            burnout_s: path.burnout_t_s,
            impact_s: e.impact_t_s,
            booster_rcs_m2: signature.booster_rcs_m2,
            reentry_vehicle_rcs_m2: signature.reentry_vehicle_rcs_m2,
        },
        detection,
        early_warning: EarlyWarningOut {
            enabled: arch.early_warning.is_some(),
            delay_s: arch.early_warning.map(|w| w.detection_delay_s),
            cue_s: e.early_warning_cue_s,
        },
        radars: arch
            .radars
            .iter()
            .zip(&e.radars)
            .map(|(r, t)| RadarOut {
                radar: r.id.clone(),
                lat_deg: r.site.lat_deg(),
                lon_deg: r.site.lon_deg(),
                boresight_azimuth_deg: r.boresight_azimuth_rad.to_degrees().rem_euclid(360.0),
                fire_control: t.fire_control,
                role: t.role.name(),
                cue_s: t.cue_s,
                first_detect_s: t.first_detect_s,
                track_s: t.track_s,
            })
            .collect(),
        earliest_launch_s: e.earliest_launch_s,
        window: e.window.as_ref().map(|w| window_out(w, arch)),
        shots: e.shots,
        sites: arch
            .sites
            .iter()
            .zip(&e.sites)
            .map(|(s, r)| site_out(s, r, arch))
            .collect(),
        decision_delay_s: a.decision_delay_s,
        links: arch
            .links
            .iter()
            .map(|l| LinkOut {
                name: l.name.clone(),
                kind: l.kind.name(),
                sensors: l
                    .sensors
                    .iter()
                    .map(|&k| arch.radars[k].id.clone())
                    .collect(),
                sites: l
                    .sites
                    .iter()
                    .map(|&i| arch.sites[i].name.clone())
                    .collect(),
            })
            .collect(),
        model: model_out(&a.earth, a.drag.on()),
    }
}

fn site_out(s: &InterceptorSite, r: &SiteEngagement, arch: &Architecture) -> SiteOut {
    let authority = r.commit.as_ref().map(|c| &c.authority);
    let link = |k: usize| arch.links[k].name.clone();
    SiteOut {
        site: s.name.clone(),
        interceptor: r.interceptor.clone(),
        lat_deg: s.position.lat_deg(),
        lon_deg: s.position.lon_deg(),
        engageable: r.window.is_some(),
        verdict: verdict_name(&r.verdict),
        launch_rule: r.launch_rule.name(),
        launch_time_s: r.launch_rule.launch_time_s(),
        commit_authority: authority.map(|a| match a {
            Authority::OwnRadar { .. } => "own-radar",
            Authority::Linked { .. } => "linked",
            Authority::SpaceCue => "space-cue",
            Authority::Scheduled { .. } => "scheduled",
        }),
        commit_sensor: authority
            .and_then(Authority::radar)
            .map(|k| arch.radars[k].id.clone()),
        commit_link: match authority {
            Some(Authority::Linked { link: k, .. }) => Some(link(*k)),
            _ => None,
        },
        commit_link_kind: match authority {
            Some(Authority::Linked { kind, .. }) => Some(kind.name()),
            _ => None,
        },
        commit_time_s: r.commit.as_ref().map(|c| c.time_s),
        enabled_by: authority.map(|a| a.describe(arch)),
        guide_sensor: r.guide.as_ref().map(|g| arch.radars[g.radar].id.clone()),
        guide_link: r.guide.as_ref().and_then(|g| g.link).map(link),
        guide_track_s: r.guide.as_ref().map(|g| g.track_s),
        earliest_launch_s: r.earliest_launch_s,
        window: r.window.as_ref().map(|w| window_out(w, arch)),
        shots: r.shots,
    }
}

fn opt(v: Option<f64>) -> String {
    v.map_or("-".into(), |x| format!("{x:.1}"))
}

fn csv_opt(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| format!("{x:.3}"))
}

fn sites_csv(o: &EngageOut) -> String {
    let mut s = crate::output::csv_record(&[
        "site",
        "interceptor",
        "lat_deg",
        "lon_deg",
        "engageable",
        "verdict",
        "launch_rule",
        "commit_authority",
        "commit_sensor",
        "commit_link",
        "commit_link_kind",
        "commit_time_s",
        "guide_sensor",
        "guide_link",
        "guide_track_s",
        "earliest_launch_s",
        "earliest_intercept_s",
        "earliest_intercept_alt_km",
        "latest_intercept_s",
        "latest_intercept_alt_km",
        "window_duration_s",
        "shots",
    ]);
    for site in &o.sites {
        let w = site.window.as_ref();
        s.push_str(&crate::output::csv_record(&[
            site.site.clone(),
            site.interceptor.clone(),
            format!("{:.6}", site.lat_deg),
            format!("{:.6}", site.lon_deg),
            site.engageable.to_string(),
            site.verdict.to_string(),
            site.launch_rule.to_string(),
            site.commit_authority.unwrap_or_default().to_string(),
            site.commit_sensor.clone().unwrap_or_default(),
            site.commit_link.clone().unwrap_or_default(),
            site.commit_link_kind.unwrap_or_default().to_string(),
            csv_opt(site.commit_time_s),
            site.guide_sensor.clone().unwrap_or_default(),
            site.guide_link.clone().unwrap_or_default(),
            csv_opt(site.guide_track_s),
            csv_opt(site.earliest_launch_s),
            csv_opt(w.map(|w| w.earliest.t_s)),
            csv_opt(w.map(|w| w.earliest.alt_km)),
            csv_opt(w.map(|w| w.latest.t_s)),
            csv_opt(w.map(|w| w.latest.alt_km)),
            csv_opt(w.map(|w| w.duration_s)),
            site.shots.to_string(),
        ]));
    }
    s
}

fn table_text(o: &EngageOut) -> String {
    let mut text = String::new();
    let t = &o.threat;
    let ew = if o.early_warning.enabled {
        format!(
            "on (delay {}), cue at {} s",
            o.early_warning
                .delay_s
                .map_or("-".into(), |d| format!("{d:.0} s")),
            opt(o.early_warning.cue_s)
        )
    } else {
        "off".into()
    };
    say!(text,
        "{}",
        summary(&[
            (
                "threat",
                format!(
                    "{} {} from {:.2}°N {:.2}°E to {:.2}°N {:.2}°E; burn-out {:.0} s, impact {:.0} s",
                    t.missile, t.shape, t.launch.lat_deg, t.launch.lon_deg, t.aim.lat_deg, t.aim.lon_deg, t.burnout_s, t.impact_s
                )
            ),
            (
                "radar cross-section",
                format!("booster {} m², re-entry vehicle {} m²", t.booster_rcs_m2, t.reentry_vehicle_rcs_m2)
            ),
            ("early warning", ew),
            (
                "rules",
                format!(
                    "decision delay {:.0} s; {}",
                    o.decision_delay_s,
                    if o.links.is_empty() {
                        "no links (each site launches on its own fire-control radar)".to_string()
                    } else {
                        o.links
                            .iter()
                            .map(|l| format!("{} {}: {} -> {}", l.name, l.kind, l.sensors.join(", "), l.sites.join(", ")))
                            .collect::<Vec<_>>()
                            .join("; ")
                    }
                )
            ),
            ("model", describe_model(&o.model)),
            ("verdict", if o.engageable { "ENGAGEABLE".into() } else { "NOT ENGAGEABLE".into() }),
            ("reason", o.reason.clone()),
        ])
    );
    sayln!(text, "\nRadars (times in s after threat launch)");
    let mut rows = vec![vec![
        "radar".to_string(),
        "lat_deg".into(),
        "lon_deg".into(),
        "boresight_deg".into(),
        "role".into(),
        "cue_s".into(),
        "first_detect_s".into(),
        "track_s".into(),
    ]];
    for r in &o.radars {
        rows.push(vec![
            r.radar.clone(),
            format!("{:.3}", r.lat_deg),
            format!("{:.3}", r.lon_deg),
            format!("{:.0}", r.boresight_azimuth_deg),
            r.role.into(),
            opt(r.cue_s),
            opt(r.first_detect_s),
            opt(r.track_s),
        ]);
    }
    if o.radars.is_empty() {
        sayln!(text, "  (none)");
    } else {
        say!(text, "{}", table(&rows));
    }
    sayln!(text, "\nSites");
    let mut rows = vec![vec![
        "site".to_string(),
        "interceptor".into(),
        "lat_deg".into(),
        "lon_deg".into(),
        "verdict".into(),
        "enabled_by".into(),
        "guided_by".into(),
        "launch_from_s".into(),
        "window_s".into(),
        "duration_s".into(),
        "shots".into(),
    ]];
    for s in &o.sites {
        rows.push(vec![
            s.site.clone(),
            s.interceptor.clone(),
            format!("{:.3}", s.lat_deg),
            format!("{:.3}", s.lon_deg),
            s.verdict.into(),
            s.enabled_by.clone().unwrap_or("-".into()),
            match (&s.guide_sensor, &s.guide_link) {
                (Some(g), Some(l)) => format!("{g} via {l}"),
                (Some(g), None) => g.clone(),
                _ => "-".into(),
            },
            opt(s.earliest_launch_s),
            s.window.as_ref().map_or("-".into(), |w| {
                format!("{:.1}-{:.1}", w.earliest.t_s, w.latest.t_s)
            }),
            opt(s.window.as_ref().map(|w| w.duration_s)),
            s.shots.to_string(),
        ]);
    }
    say!(text, "{}", table(&rows));
    if let Some(w) = &o.window {
        sayln!(
            text,
            "\nIntercept window ({:.1} s, {} shot opportunit{})",
            w.duration_s,
            o.shots,
            if o.shots == 1 { "y" } else { "ies" }
        );
        let mut rows = vec![vec![
            "".to_string(),
            "t_s".into(),
            "lat_deg".into(),
            "lon_deg".into(),
            "alt_km".into(),
            "launch_s".into(),
            "flight_s".into(),
            "closing_mps".into(),
            "crossing_deg".into(),
            "site".into(),
        ]];
        for (name, p) in [("earliest", &w.earliest), ("latest", &w.latest)] {
            rows.push(vec![
                name.to_string(),
                format!("{:.1}", p.t_s),
                format!("{:.3}", p.lat_deg),
                format!("{:.3}", p.lon_deg),
                format!("{:.1}", p.alt_km),
                format!("{:.1}", p.launch_s),
                format!("{:.1}", p.interceptor_flight_s),
                format!("{:.0}", p.closing_speed_mps),
                format!("{:.0}", p.crossing_angle_deg),
                p.site.clone(),
            ]);
        }
        say!(text, "{}", table(&rows));
    }
    text
}
