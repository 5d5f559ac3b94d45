//! Figures: maps (footprints, scenario overviews), altitude profiles and engagement timelines, built from engine
//! results and drawn by `shieldsim-viz`; and the sample flights they show.

use shieldsim::analysis::{engage_flight, fly, Footprint, Mode, PointStatus};
use shieldsim::earth::{geodesic, EarthModel, Ecef, Geodetic};
use shieldsim::flight::targeting::{Accuracy, Targeter};
use shieldsim::flight::{SampledTrajectory, Shape};
use shieldsim::intercept::{Architecture, Engagement};
use shieldsim::scenario::{ArchitectureSpec, Scenario, ThreatMissile};
use shieldsim_viz::{
    choose_projection, Extent, GridLayer, MapProjection, MapSite, MapSpec, ProfileSpec, RadarFan,
    SiteKind, TimelineSpec, Track,
};

use crate::error::Error;

/// Map width, pixels: the width a report or a web page shows, at which the maps are designed (labels 14 px).
pub const MAP_WIDTH_PX: u32 = 1200;

/// A name from a scenario as a reader would write it: words capitalised and spaced, abbreviations and radar types
/// in capitals (`deveselu-spy1` → "Deveselu SPY-1", `fe-warren-afb` → "F. E. Warren AFB", `aegis-ship-1` →
/// "Aegis ship 1", `yoshkar-ola` → "Yoshkar-Ola"); the sample index of an area (`tehran-area#3`) dropped.
pub fn display_name(id: &str) -> String {
    let base = id.split('#').next().unwrap_or(id).trim();
    // Place names written with a hyphen.
    const HYPHENATED: [(&str, &str); 1] = [("yoshkar-ola", "Yoshkar-Ola")];
    if let Some((_, name)) = HYPHENATED.iter().find(|(k, _)| *k == base) {
        return (*name).to_string();
    }
    let words: Vec<String> = base
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_ascii_lowercase();
            let split = w.find(|c: char| c.is_ascii_digit());
            match lower.as_str() {
                "afb" | "emr" | "sbx" | "iib" | "ia" | "ib" | "gmd" | "uewr" | "us" | "usa"
                | "uk" | "lor" => lower.to_uppercase(),
                "fe" => "F. E.".into(),
                "ship" | "area" | "site" if i > 0 => lower,
                _ => match split {
                    // A type designation: spy1 → SPY-1, tpy2 → TPY-2.
                    Some(k) if k > 0 => format!("{}-{}", w[..k].to_uppercase(), &w[k..]),
                    _ => {
                        let mut c = w.chars();
                        c.next()
                            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                            .unwrap_or_default()
                    }
                },
            }
        })
        .collect();
    if words.is_empty() {
        base.to_string()
    } else {
        words.join(" ")
    }
}

/// `text` (a launch authority as the engine words it, e.g. "kurecik-tpy2 via aegis-lor (launch-on-remote)") with
/// every word that is the name of one of the scenario's radars, sites or links written as a reader would
/// ([`display_name`]: "Kurecik TPY-2 via Aegis LOR (launch-on-remote)"); other words are kept.
pub fn display_names_in(s: &shieldsim::scenario::Scenario, text: &str) -> String {
    let a = &s.architecture;
    let known = |w: &str| {
        a.radars.iter().any(|r| r.id == w)
            || a.sites.iter().any(|x| x.name == w)
            || a.links.iter().any(|l| l.link.name == w)
    };
    text.split(' ')
        .map(|word| {
            let core = word
                .trim_start_matches('(')
                .trim_end_matches([')', ',', ';']);
            if core.is_empty() || !known(core) {
                return word.to_string();
            }
            let at = word.find(core).unwrap_or(0);
            format!(
                "{}{}{}",
                &word[..at],
                display_name(core),
                &word[at + core.len()..]
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A corridor's name in words: `north-korea-us-west` → "North Korea to US West", `iran-europe` → "Iran to Europe";
/// the display name when it names no destination.
pub fn corridor_name(id: &str) -> String {
    let words: Vec<&str> = id.split('-').collect();
    match words
        .iter()
        .skip(1)
        .position(|w| matches!(*w, "us" | "usa" | "europe" | "japan" | "guam" | "israel"))
    {
        Some(k) => format!(
            "{} to {}",
            display_name(&words[..=k].join("-")),
            display_name(&words[k + 1..].join("-"))
        ),
        None => display_name(id),
    }
}

/// A latitude and longitude with hemisphere letters: "35.23° N 53.92° E".
pub fn lat_lon_text(lat_deg: f64, lon_deg: f64) -> String {
    let lon = (lon_deg + 540.0).rem_euclid(360.0) - 180.0;
    format!(
        "{:.2}° {} {:.2}° {}",
        lat_deg.abs(),
        if lat_deg < 0.0 { 'S' } else { 'N' },
        lon.abs(),
        if lon < 0.0 { 'W' } else { 'E' }
    )
}

/// The named place of the scenario (a launch or aim point, an interceptor site or a radar) nearest to `p`, when one
/// lies within `within_km` of it: its display name.
pub fn nearest_place(scenario: &Scenario, p: &Geodetic, within_km: f64) -> Option<String> {
    let mut named: Vec<(&str, Geodetic)> = Vec::new();
    for c in &scenario.corridors {
        named.extend(c.launches.iter().map(|l| (l.name.as_str(), l.position)));
        named.extend(c.aims.iter().map(|a| (a.name.as_str(), a.position)));
    }
    let a = &scenario.architecture;
    named.extend(a.sites.iter().map(|s| (s.name.as_str(), s.position)));
    let e = scenario.model.earth.ellipsoid();
    let ground = |g: &Geodetic| Geodetic::from_degrees(g.lat_deg(), g.lon_deg(), 0.0);
    named
        .into_iter()
        .map(|(n, q)| (n, geodesic::inverse(e, &ground(p), &ground(&q)).0 / 1000.0))
        .filter(|(_, d)| d.is_finite() && *d <= within_km)
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(n, _)| display_name(n))
}

/// The point named with its nearest place: "Semnan, 35.23° N 53.92° E", or only the coordinates.
pub fn place_text(scenario: &Scenario, p: &Geodetic) -> String {
    let at = lat_lon_text(p.lat_deg(), p.lon_deg());
    match nearest_place(scenario, p, 100.0) {
        Some(name) => format!("{name}, {at}"),
        None => at,
    }
}

/// Sites and radar footprints kept for a map focused on `pts` (`[lat, lon]`): those within `within_km` of some point.
pub fn near_points(
    sites: Vec<MapSite>,
    fans: Vec<RadarFan>,
    pts: &[[f64; 2]],
    within_km: f64,
) -> (Vec<MapSite>, Vec<RadarFan>) {
    let close = |lat: f64, lon: f64| {
        pts.iter()
            .any(|p| great_circle_km(lat, lon, p[0], p[1]) <= within_km)
    };
    (
        sites
            .into_iter()
            .filter(|s| close(s.lat_deg, s.lon_deg))
            .collect(),
        fans.into_iter()
            .filter(|f| close(f.lat_deg, f.lon_deg))
            .collect(),
    )
}

/// Great-circle distance on the 6371 km sphere (km), for choosing what a map shows.
fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let a = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// The projection and plate-carrée extent for a map of `pts` (`[lat, lon]`), chosen from them.
pub fn projection_for(pts: &[[f64; 2]]) -> (MapProjection, Extent) {
    (choose_projection(pts), map_extent(pts))
}

pub(crate) fn viz_error(what: &str, e: shieldsim_viz::VizError) -> Error {
    Error::internal(format!("cannot draw {what}: {e}"))
}

/// One sample trajectory, flown and engaged.
pub struct SampleFlight {
    /// Launch point.
    pub launch: Geodetic,
    /// Aim point.
    pub aim: Geodetic,
    /// The flight.
    pub path: SampledTrajectory,
    /// Its engagement.
    pub engagement: Engagement,
}

impl SampleFlight {
    /// Ground track as [lat, lon] degrees, about `n` points.
    pub fn ground_track(&self, earth: &EarthModel, n: usize) -> Vec<[f64; 2]> {
        self.geodetic_samples(earth, n)
            .iter()
            .map(|(_, g)| [g.lat_deg(), g.lon_deg()])
            .collect()
    }

    /// About `n` samples (time s, geodetic position).
    pub fn geodetic_samples(&self, earth: &EarthModel, n: usize) -> Vec<(f64, Geodetic)> {
        let t = self.path.times_s();
        let p = self.path.positions_ecef_m();
        let step = (t.len() / n.max(2)).max(1);
        let mut idx: Vec<usize> = (0..t.len()).step_by(step).collect();
        if idx.last() != Some(&(t.len() - 1)) {
            idx.push(t.len() - 1);
        }
        idx.into_iter()
            .map(|i| (t[i], earth.ellipsoid().to_geodetic(&Ecef(p[i]))))
            .collect()
    }
}

/// Flies `missile` from `launch` to `aim` (cold-started, survey accuracy) and engages it. `Ok(None)` when the
/// trajectory cannot be flown (beyond reach, or the cold-started solve fails where the grid's warm-started one
/// succeeded): the figures then show one sample fewer. An engagement the architecture rejects is an error.
pub fn fly_and_engage(
    scenario: &Scenario,
    arch: &Architecture,
    missile: &ThreatMissile,
    shape: Shape,
    launch: Geodetic,
    aim: Geodetic,
) -> Result<Option<SampleFlight>, Error> {
    let t = Targeter::new(scenario.model.earth, &missile.missile, scenario.model.drag)
        .with_accuracy(Accuracy::SURVEY);
    let Ok(path) = fly(&t, &launch, &aim, shape, None).path else {
        return Ok(None);
    };
    let engagement = engage_flight(scenario, arch, &path, missile.signature)
        .map_err(|e| Error::input(e.to_string()))?;
    Ok(Some(SampleFlight {
        launch,
        aim,
        path,
        engagement,
    }))
}

/// Up to `n` evaluated grid points spread over directions from the fixed point (one per direction sector, the
/// farthest in it), in sector order.
pub fn sample_points(f: &Footprint, n: usize) -> Vec<(usize, usize)> {
    let fixed = match f.mode {
        Mode::Aims { launch } => launch,
        Mode::Launches { aim } => aim,
    };
    let mut best: Vec<Option<(f64, usize, usize)>> = vec![None; n];
    let g = &f.grid;
    for r in 0..g.rows {
        for c in 0..g.cols {
            let p = f.at(r, c);
            if !p.status.evaluated() {
                continue;
            }
            let (lat, lon) = (g.lat_deg(r).to_radians(), g.lon_deg(c).to_radians());
            let dlon = lon - fixed.lon_rad;
            let az = (dlon.sin() * lat.cos()).atan2(
                fixed.lat_rad.cos() * lat.sin() - fixed.lat_rad.sin() * lat.cos() * dlon.cos(),
            );
            let k = ((az.rem_euclid(std::f64::consts::TAU) / std::f64::consts::TAU) * n as f64)
                as usize
                % n;
            if best[k].is_none_or(|b| p.range_km > b.0) {
                best[k] = Some((p.range_km, r, c));
            }
        }
    }
    best.into_iter().flatten().map(|(_, r, c)| (r, c)).collect()
}

/// The defence's sites, radars and radar coverage (ground range of detection against `rv_rcs_m2`) for a map.
pub fn defence_layers(arch: &Architecture, rv_rcs_m2: f64) -> (Vec<MapSite>, Vec<RadarFan>) {
    let sites: Vec<(&str, Geodetic)> = arch
        .sites
        .iter()
        .map(|s| (s.name.as_str(), s.position))
        .collect();
    layers_of(&sites, &arch.radars, rv_rcs_m2)
}

/// [`defence_layers`] of a scenario's architecture as specified (no reach tables needed).
pub fn spec_defence_layers(
    arch: &ArchitectureSpec,
    rv_rcs_m2: f64,
) -> (Vec<MapSite>, Vec<RadarFan>) {
    let sites: Vec<(&str, Geodetic)> = arch
        .sites
        .iter()
        .map(|s| (s.name.as_str(), s.position))
        .collect();
    layers_of(&sites, &arch.radars, rv_rcs_m2)
}

fn layers_of(
    site_list: &[(&str, Geodetic)],
    radars: &[shieldsim::sensors::Radar],
    rv_rcs_m2: f64,
) -> (Vec<MapSite>, Vec<RadarFan>) {
    let mut sites: Vec<MapSite> = site_list
        .iter()
        .map(|(name, p)| MapSite {
            name: display_name(name),
            lat_deg: p.lat_deg(),
            lon_deg: p.lon_deg(),
            kind: SiteKind::Interceptor,
        })
        .collect();
    let mut fans = Vec::new();
    for r in radars {
        // A site's organic radar (at the same place, within 2 km) shares the site's label.
        let organic = site_list.iter().any(|(_, p)| {
            great_circle_km(p.lat_deg(), p.lon_deg(), r.site.lat_deg(), r.site.lon_deg()) < 2.0
        });
        sites.push(MapSite {
            name: if organic {
                String::new()
            } else {
                display_name(&r.id)
            },
            lat_deg: r.site.lat_deg(),
            lon_deg: r.site.lon_deg(),
            kind: SiteKind::Radar,
        });
        let all_round = r.half_width_rad >= std::f64::consts::PI - 1e-9;
        fans.push(RadarFan {
            name: r.id.clone(),
            lat_deg: r.site.lat_deg(),
            lon_deg: r.site.lon_deg(),
            range_km: r.detection_range_m(rv_rcs_m2) / 1000.0,
            boresight_deg: (!all_round).then(|| r.boresight_azimuth_rad.to_degrees()),
            half_width_deg: (!all_round).then(|| r.half_width_rad.to_degrees()),
        });
    }
    (sites, fans)
}

/// The assumptions line of a figure's subtitle.
pub fn assumptions(arch: &Architecture) -> String {
    assumptions_of(
        arch.early_warning.as_ref(),
        arch.decision_delay_s,
        &links_text(&arch.links),
    )
}

/// The links of an architecture in words, by display name: `links GMD (engage-on-remote), Aegis LOR
/// (launch-on-remote)`, or `no links
/// (each site launches on its own radar)`.
pub fn links_text(links: &[shieldsim::intercept::Link]) -> String {
    if links.is_empty() {
        return "no links (each site launches on its own radar)".into();
    }
    let names: Vec<String> = links
        .iter()
        .map(|l| format!("{} ({})", display_name(&l.name), l.kind.name()))
        .collect();
    format!("links {}", names.join(", "))
}

/// The assumptions line from the architecture's timeline parameters.
pub fn assumptions_of(
    early_warning: Option<&shieldsim::sensors::EarlyWarning>,
    decision_delay_s: f64,
    links: &str,
) -> String {
    format!(
        "Assumptions: {}; decision delay {:.0} s; {links}; radar coverage drawn against the RV's RCS; \
         point-mass kinematics, open-literature parameters (shieldsim).",
        match early_warning {
            Some(ew) => format!("space-based early warning cue at {:.0} s", ew.detection_delay_s),
            None => "no space-based early warning".into(),
        },
        decision_delay_s,
    )
}

/// `first` as a sentence (a full stop added if missing), then `then`.
fn sentence_then(first: &str, then: &str) -> String {
    let first = first.trim_end();
    if first.ends_with('.') {
        format!("{first} {then}")
    } else {
        format!("{first}. {then}")
    }
}

/// What a flight figure says about where it comes from: a label for its title (scenario name, or "engage"), the
/// Earth model and the architecture.
pub struct FigureContext<'a> {
    /// Title prefix.
    pub label: &'a str,
    /// The Earth model the flight was flown on.
    pub earth: &'a EarthModel,
    /// The defence.
    pub arch: &'a Architecture,
}

/// The footprint map: window shading, the defence near it, the fixed point (named after the nearest place of the
/// scenario) and sample tracks with earliest intercepts, cropped to the grid points with a value and the tracks, in
/// the projection chosen for them.
pub fn footprint_map(
    scenario: &Scenario,
    arch: &Architecture,
    missile: &ThreatMissile,
    f: &Footprint,
    samples: &[SampleFlight],
) -> Result<MapSpec, Error> {
    let (sites, fans) = defence_layers(arch, missile.signature.reentry_vehicle_rcs_m2);
    let g = &f.grid;
    let values = f
        .points
        .iter()
        .map(|p| match p.status {
            PointStatus::Engageable => p.window_s as f32,
            PointStatus::NotEngageable => 0.0,
            _ => f32::NAN,
        })
        .collect();
    let (title, fixed) = match f.mode {
        Mode::Aims { launch } => (
            format!(
                "{}: intercept window by aim point, {} ({}); launch: {}",
                f.scenario,
                f.missile,
                f.shape,
                place_text(scenario, &launch)
            ),
            MapSite {
                name: nearest_place(scenario, &launch, 100.0).unwrap_or_else(|| "launch".into()),
                lat_deg: launch.lat_deg(),
                lon_deg: launch.lon_deg(),
                kind: SiteKind::Launch,
            },
        ),
        Mode::Launches { aim } => (
            format!(
                "{}: intercept window by launch point, {} ({}); aim: {}",
                f.scenario,
                f.missile,
                f.shape,
                place_text(scenario, &aim)
            ),
            MapSite {
                name: nearest_place(scenario, &aim, 100.0).unwrap_or_else(|| "aim".into()),
                lat_deg: aim.lat_deg(),
                lon_deg: aim.lon_deg(),
                kind: SiteKind::Aim,
            },
        ),
    };
    let earth = &scenario.model.earth;
    let tracks: Vec<Track> = samples
        .iter()
        .map(|s| Track {
            points: s.ground_track(earth, 80),
            engaged: s.engagement.engageable,
        })
        .collect();
    // Cropped to the data: the grid points with a value, the fixed point and the sample tracks; the defence's sites
    // near them.
    let mut data: Vec<[f64; 2]> = vec![[fixed.lat_deg, fixed.lon_deg]];
    for r in 0..g.rows {
        for c in 0..g.cols {
            if f.at(r, c).status.evaluated() {
                data.push([g.lat_deg(r), g.lon_deg(c)]);
            }
        }
    }
    for t in &tracks {
        data.extend(t.points.iter().copied());
    }
    let (mut sites, fans) = near_points(sites, fans, &data, 300.0);
    let (projection, extent) = projection_for(&data);
    sites.push(fixed);
    let intercepts = samples
        .iter()
        .filter_map(|s| s.engagement.window.as_ref())
        .map(|w| [w.earliest.position.lat_deg(), w.earliest.position.lon_deg()])
        .collect();
    Ok(MapSpec {
        title,
        subtitle: format!(
            "{} — {}° grid, {} points. {}",
            f.title,
            g.spacing_deg,
            g.len(),
            assumptions(arch)
        ),
        extent,
        projection,
        grid: Some(GridLayer {
            lat0_deg: g.lat0_deg,
            lon0_deg: g.lon0_deg,
            spacing_deg: g.spacing_deg,
            rows: g.rows,
            cols: g.cols,
            values,
            legend_title: "Intercept window (s)".into(),
        }),
        sites,
        fans,
        tracks,
        intercepts,
    })
}

/// A scenario overview map: the defence, its radar coverage, and the given threat tracks (engaged or not) with their
/// earliest intercepts; the extent covers everything drawn. `enabled` says in words which sensors (and links)
/// enabled the launches at the engaged tracks.
pub fn scenario_map(
    scenario: &Scenario,
    tracks: Vec<Track>,
    intercepts: Vec<[f64; 2]>,
    launches: Vec<MapSite>,
    enabled: &str,
) -> MapSpec {
    let rv = scenario
        .corridors
        .first()
        .and_then(|c| c.missiles.first())
        .map_or(0.1, |m| m.signature.reentry_vehicle_rcs_m2);
    let arch = &scenario.architecture;
    let (mut sites, fans) = spec_defence_layers(arch, rv);
    sites.extend(launches);
    let mut pts: Vec<[f64; 2]> = sites.iter().map(|s| [s.lat_deg, s.lon_deg]).collect();
    for t in &tracks {
        pts.extend(t.points.iter().copied());
    }
    let (projection, extent) = projection_for(&pts);
    MapSpec {
        title: format!("{}: threat trajectories and the defence", scenario.name),
        subtitle: format!(
            "{}. {enabled}. {}",
            scenario.title,
            assumptions_of(arch.early_warning.as_ref(), arch.decision_delay_s, &{
                let links: Vec<shieldsim::intercept::Link> =
                    arch.links.iter().map(|l| l.link.clone()).collect();
                links_text(&links)
            })
        ),
        extent,
        projection,
        grid: None,
        sites,
        fans,
        tracks,
        intercepts,
    }
}

/// One corridor's panel of a scenario: its tracks (engaged or not) with their earliest intercepts and its launch
/// points, the defence's sites and radars within 1,500 km of a track, in the projection chosen for them.
#[allow(clippy::too_many_arguments)]
pub fn corridor_map(
    scenario: &Scenario,
    corridor: &str,
    tracks: Vec<Track>,
    intercepts: Vec<[f64; 2]>,
    launches: Vec<MapSite>,
    enabled: &str,
) -> MapSpec {
    let mut spec = scenario_map(scenario, tracks, intercepts, Vec::new(), enabled);
    let mut pts: Vec<[f64; 2]> = launches.iter().map(|s| [s.lat_deg, s.lon_deg]).collect();
    for t in &spec.tracks {
        pts.extend(t.points.iter().copied());
    }
    let (mut sites, fans) = near_points(
        std::mem::take(&mut spec.sites),
        std::mem::take(&mut spec.fans),
        &pts,
        1500.0,
    );
    sites.extend(launches);
    let mut all = pts;
    all.extend(sites.iter().map(|s| [s.lat_deg, s.lon_deg]));
    (spec.projection, spec.extent) = projection_for(&all);
    spec.sites = sites;
    spec.fans = fans;
    spec.title = format!(
        "{}: {} corridor, threat trajectories and the defence",
        scenario.name,
        corridor_name(corridor)
    );
    spec
}

/// Points along the great circle from `a` to `b` (`[lat, lon]` degrees), `n + 1` of them (spherical
/// interpolation): where a corridor's tracks run, before any is flown.
pub fn great_circle_points(a: [f64; 2], b: [f64; 2], n: usize) -> Vec<[f64; 2]> {
    let v = |p: [f64; 2]| {
        let (la, lo) = (p[0].to_radians(), p[1].to_radians());
        [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
    };
    let (va, vb) = (v(a), v(b));
    let dot: f64 = (0..3).map(|i| va[i] * vb[i]).sum();
    let omega = dot.clamp(-1.0, 1.0).acos();
    let n = n.max(1);
    (0..=n)
        .map(|k| {
            let t = k as f64 / n as f64;
            let (sa, sb) = if omega < 1e-9 || (std::f64::consts::PI - omega) < 1e-9 {
                (1.0 - t, t)
            } else {
                (
                    ((1.0 - t) * omega).sin() / omega.sin(),
                    (t * omega).sin() / omega.sin(),
                )
            };
            let p = [
                sa * va[0] + sb * vb[0],
                sa * va[1] + sb * vb[1],
                sa * va[2] + sb * vb[2],
            ];
            [
                p[2].atan2(p[0].hypot(p[1])).to_degrees(),
                p[1].atan2(p[0]).to_degrees(),
            ]
        })
        .collect()
}

/// The layout of a scenario, or of one of its corridors, as a map before anything is flown: the defence (near the
/// corridor), the launch and aim points, in the projection the corridor's great circles call for (transpolar:
/// polar). What the web app offers as the figure of what its globe shows.
pub fn layout_map(scenario: &Scenario, corridor: Option<&str>) -> Result<MapSpec, Error> {
    let corridors: Vec<&shieldsim::scenario::Corridor> = match corridor {
        None => scenario.corridors.iter().collect(),
        Some(name) => {
            let c = scenario
                .corridors
                .iter()
                .find(|c| c.name == name)
                .ok_or_else(|| {
                    let names: Vec<&str> =
                        scenario.corridors.iter().map(|c| c.name.as_str()).collect();
                    Error::input(format!(
                        "corridor = {name}: scenario {} has no such corridor (expected one of {})",
                        scenario.name,
                        names.join(", ")
                    ))
                })?;
            vec![c]
        }
    };
    let rv = corridors
        .first()
        .and_then(|c| c.missiles.first())
        .map_or(0.1, |m| m.signature.reentry_vehicle_rcs_m2);
    let (sites, fans) = spec_defence_layers(&scenario.architecture, rv);
    let mut places: Vec<MapSite> = Vec::new();
    let mut routes: Vec<[f64; 2]> = Vec::new();
    for c in &corridors {
        for (list, kind) in [(&c.launches, SiteKind::Launch), (&c.aims, SiteKind::Aim)] {
            for p in list.iter() {
                let name = display_name(&p.name);
                let labelled = places.iter().any(|m| m.name == name);
                places.push(MapSite {
                    name: if labelled { String::new() } else { name },
                    lat_deg: p.position.lat_deg(),
                    lon_deg: p.position.lon_deg(),
                    kind,
                });
            }
        }
        for l in &c.launches {
            for a in &c.aims {
                routes.extend(great_circle_points(
                    [l.position.lat_deg(), l.position.lon_deg()],
                    [a.position.lat_deg(), a.position.lon_deg()],
                    24,
                ));
            }
        }
    }
    let place_pts: Vec<[f64; 2]> = places.iter().map(|p| [p.lat_deg, p.lon_deg]).collect();
    let (mut sites, fans) = if corridor.is_some() {
        let mut near = place_pts.clone();
        near.extend(routes.iter().copied());
        near_points(sites, fans, &near, 1500.0)
    } else {
        (sites, fans)
    };
    sites.extend(places);
    let mut pts: Vec<[f64; 2]> = sites.iter().map(|s| [s.lat_deg, s.lon_deg]).collect();
    pts.extend(routes.iter().copied());
    let (projection, extent) = projection_for(&pts);
    let arch = &scenario.architecture;
    let links: Vec<shieldsim::intercept::Link> =
        arch.links.iter().map(|l| l.link.clone()).collect();
    Ok(MapSpec {
        title: match corridor {
            Some(c) => format!(
                "{}: {} corridor, launch and aim points and the defence",
                scenario.name,
                corridor_name(c)
            ),
            None => format!("{}: launch and aim points and the defence", scenario.name),
        },
        subtitle: format!(
            "{}. {}",
            scenario.title,
            assumptions_of(
                arch.early_warning.as_ref(),
                arch.decision_delay_s,
                &links_text(&links)
            )
        ),
        extent,
        projection,
        grid: None,
        sites,
        fans,
        tracks: Vec::new(),
        intercepts: Vec::new(),
    })
}

/// Writes a map as PNG or SVG bytes at [`MAP_WIDTH_PX`] (`svg`: SVG, else PNG).
pub fn map_bytes(spec: &MapSpec, svg: bool) -> Result<Vec<u8>, Error> {
    let h = shieldsim_viz::map_height_px(spec, MAP_WIDTH_PX);
    if svg {
        shieldsim_viz::map_svg(spec, MAP_WIDTH_PX, h)
            .map(String::into_bytes)
            .map_err(|e| viz_error("map", e))
    } else {
        shieldsim_viz::map_png(spec, MAP_WIDTH_PX, h).map_err(|e| viz_error("map", e))
    }
}

/// Where a globe looks to show what a map shows, in the map's terms.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct CameraView {
    /// The map's projection: `polar-azimuthal-equidistant` (look straight down on the pole), `lambert-conformal-conic`
    /// or `plate-carree` (look at the box).
    pub projection: &'static str,
    /// Point looked at: latitude (deg; ±90 for a polar view).
    pub lat_deg: f64,
    /// Point looked at: longitude (deg); on a polar view the meridian drawn downwards from the pole.
    pub lon_deg: f64,
    /// Camera height above the surface for a polar view (km).
    pub height_km: f64,
    /// The box to show otherwise: western edge (deg; greater than `east_deg` across the antimeridian).
    pub west_deg: f64,
    /// Southern edge (deg).
    pub south_deg: f64,
    /// Eastern edge (deg).
    pub east_deg: f64,
    /// Northern edge (deg).
    pub north_deg: f64,
}

/// The camera for [`layout_map`]'s view of a scenario or corridor: the same projection choice.
pub fn camera_view(scenario: &Scenario, corridor: Option<&str>) -> Result<CameraView, Error> {
    let spec = layout_map(scenario, corridor)?;
    let mut pts: Vec<[f64; 2]> = spec.sites.iter().map(|s| [s.lat_deg, s.lon_deg]).collect();
    pts.extend(
        spec.sites
            .iter()
            .filter(|s| s.kind == SiteKind::Launch)
            .flat_map(|l| {
                spec.sites
                    .iter()
                    .filter(|a| a.kind == SiteKind::Aim)
                    .flat_map(move |a| {
                        great_circle_points([l.lat_deg, l.lon_deg], [a.lat_deg, a.lon_deg], 12)
                    })
            }),
    );
    let e = spec.extent;
    let (lat, lon, height_km) = match spec.projection {
        MapProjection::AzimuthalEquidistant { lat0_deg, lon0_deg } => {
            // High enough to see every point: the farthest one from the pole, seen at about 35° off nadir.
            let far_deg = pts
                .iter()
                .map(|p| 90.0 - p[0] * lat0_deg.signum())
                .fold(10.0, f64::max);
            (
                lat0_deg,
                lon0_deg,
                (far_deg * 111.2 * 1.6).clamp(3000.0, 30000.0),
            )
        }
        MapProjection::LambertConformalConic { lon0_deg, .. } => (
            0.5 * (e.south_deg + e.north_deg),
            lon0_deg,
            (e.width_deg().max(e.north_deg - e.south_deg) * 111.2 * 1.2).clamp(2000.0, 30000.0),
        ),
        MapProjection::PlateCarree => (
            0.5 * (e.south_deg + e.north_deg),
            e.west_deg + 0.5 * e.width_deg(),
            20000.0,
        ),
    };
    Ok(CameraView {
        projection: spec.projection.kind().name(),
        lat_deg: lat,
        lon_deg: (lon + 540.0).rem_euclid(360.0) - 180.0,
        height_km,
        west_deg: e.west_deg,
        south_deg: e.south_deg,
        east_deg: e.east_deg,
        north_deg: e.north_deg,
    })
}

/// Altitude versus ground range of a sample flight, with the reach of the interceptor site that intercepts first
/// (the points of the trajectory's vertical plane its interceptor reaches within its maximum flight time, inside its
/// kill vehicle's altitude band), and the earliest and latest intercepts marked.
pub fn profile(cx: &FigureContext<'_>, missile: &str, s: &SampleFlight) -> ProfileSpec {
    let (earth, arch) = (cx.earth, cx.arch);
    let e = earth.ellipsoid();
    let samples = s.geodetic_samples(earth, 400);
    let ground = |g: &Geodetic| Geodetic::from_degrees(g.lat_deg(), g.lon_deg(), 0.0);
    let range_km = |g: &Geodetic| geodesic::inverse(e, &s.launch, &ground(g)).0 / 1000.0;
    let trajectory: Vec<[f64; 2]> = samples
        .iter()
        .map(|(_, g)| [range_km(g), g.alt_m.max(0.0) / 1000.0])
        .collect();
    let mut envelope = Vec::new();
    let mut intercepts = Vec::new();
    let mut envelope_label = String::new();
    if let Some(w) = &s.engagement.window {
        intercepts.push([
            range_km(&w.earliest.position),
            w.earliest.position.alt_m / 1000.0,
        ]);
        intercepts.push([
            range_km(&w.latest.position),
            w.latest.position.alt_m / 1000.0,
        ]);
        if let Some(site) = arch.sites.get(w.earliest.site) {
            let spec = &site.interceptor.spec;
            envelope_label = format!(
                "{} ({}) reach within {:.0} s",
                site.name,
                site.interceptor.id(),
                spec.max_flight_time_s
            );
            let top_km = trajectory.iter().map(|p| p[1]).fold(0.0, f64::max) * 1.1;
            let end_km = trajectory.last().map_or(0.0, |p| p[0]);
            let (nr, na) = (240usize, 120usize);
            let (dr, da) = (end_km / (nr - 1) as f64, top_km / (na - 1) as f64);
            let track: Vec<(f64, Geodetic)> = samples
                .iter()
                .map(|(_, g)| (range_km(g), ground(g)))
                .collect();
            let mut values = vec![0.0; nr * na];
            for i in 0..nr {
                let Some(at) = point_at_range(&track, i as f64 * dr) else {
                    continue;
                };
                let d_m = geodesic::inverse(e, &site.position, &at).0;
                for j in 0..na {
                    let alt_m = j as f64 * da * 1000.0;
                    let inside_band = alt_m >= spec.min_intercept_altitude_m
                        && alt_m <= spec.max_intercept_altitude_m;
                    let reached = site
                        .interceptor
                        .reach
                        .time_to_reach_s(d_m, alt_m)
                        .is_some_and(|t| t <= spec.max_flight_time_s);
                    if inside_band && reached {
                        values[j * nr + i] = 1.0;
                    }
                }
            }
            envelope = shieldsim::analysis::footprint_polygons::threshold_polygons(
                &values,
                [nr, na],
                [-dr / 2.0, -da / 2.0],
                [dr, da],
                &[0.5],
            )
            .into_iter()
            .flatten()
            .filter_map(|p| p.into_iter().next())
            .map(|ring| {
                ring.into_iter()
                    .map(|q| [q[0].max(0.0), q[1].max(0.0)])
                    .collect()
            })
            .collect();
        }
    }
    ProfileSpec {
        title: format!(
            "{}: {} from {:.2}°, {:.2}° to {:.2}°, {:.2}°",
            cx.label,
            missile,
            s.launch.lat_deg(),
            s.launch.lon_deg(),
            s.aim.lat_deg(),
            s.aim.lon_deg()
        ),
        subtitle: sentence_then(&s.engagement.reason, &assumptions(arch)),
        trajectory,
        envelope,
        envelope_label,
        intercepts,
    }
}

/// The ground point at `range_km` along a ground track of (range km from launch, point), interpolated linearly
/// between samples (longitudes unwrapped); `None` beyond the track.
fn point_at_range(track: &[(f64, Geodetic)], range_km: f64) -> Option<Geodetic> {
    let k = track.partition_point(|(r, _)| *r < range_km);
    if k == 0 {
        return track.first().map(|(_, g)| *g);
    }
    let (r1, b) = track.get(k)?;
    let (r0, a) = &track[k - 1];
    let f = if r1 > r0 {
        (range_km - r0) / (r1 - r0)
    } else {
        0.0
    };
    let mut dlon = b.lon_deg() - a.lon_deg();
    if dlon > 180.0 {
        dlon -= 360.0;
    } else if dlon < -180.0 {
        dlon += 360.0;
    }
    Some(Geodetic::from_degrees(
        a.lat_deg() + f * (b.lat_deg() - a.lat_deg()),
        a.lon_deg() + f * dlon,
        0.0,
    ))
}

/// The engagement timeline of a sample flight: radar detections and tracks, the cue, launches and each site's window.
pub fn timeline(cx: &FigureContext<'_>, missile: &str, s: &SampleFlight) -> TimelineSpec {
    let e = &s.engagement;
    let mut events = vec![
        ("threat launch".to_string(), 0.0),
        ("burn-out".to_string(), s.path.burnout_t_s),
    ];
    if let Some(c) = e.early_warning_cue_s {
        events.push(("early-warning cue".into(), c));
    }
    for r in &e.radars {
        if let Some(t) = r.first_detect_s {
            events.push((format!("{} detects", r.radar), t));
        }
        if let Some(t) = r.track_s {
            events.push((format!("{} track", r.radar), t));
        }
    }
    if let Some(t) = e.earliest_launch_s {
        events.push(("earliest interceptor launch".into(), t));
    }
    let mut bars = Vec::new();
    for site in &e.sites {
        if let Some(w) = &site.window {
            for iv in &w.intervals {
                bars.push((format!("{} window", site.site), iv[0], iv[1]));
            }
        }
    }
    TimelineSpec {
        title: format!("{}: engagement timeline, {}", cx.label, missile),
        subtitle: sentence_then(&e.reason, &assumptions(cx.arch)),
        impact_s: e.impact_t_s,
        events,
        bars,
    }
}

/// Writes `stem.png` and `stem.svg` of a map into `dir`; returns their paths.
pub fn write_map(dir: &std::path::Path, stem: &str, spec: &MapSpec) -> Result<Vec<String>, Error> {
    let h = shieldsim_viz::map_height_px(spec, MAP_WIDTH_PX);
    let (png, svg) = rayon::join(
        || shieldsim_viz::map_png(spec, MAP_WIDTH_PX, h),
        || shieldsim_viz::map_svg(spec, MAP_WIDTH_PX, h),
    );
    let (png, svg) = (
        png.map_err(|e| viz_error(stem, e))?,
        svg.map_err(|e| viz_error(stem, e))?,
    );
    write_pair(dir, stem, &png, svg.as_bytes())
}

/// Writes the profile and timeline figures of a sample flight (`profile.*`, `timeline.*`).
pub fn write_flight_figures(
    dir: &std::path::Path,
    cx: &FigureContext<'_>,
    missile: &str,
    s: &SampleFlight,
) -> Result<Vec<String>, Error> {
    let p = profile(cx, missile, s);
    let t = timeline(cx, missile, s);
    let mut files = write_pair(
        dir,
        "profile",
        &shieldsim_viz::profile_png(&p, 1400, 800).map_err(|e| viz_error("profile", e))?,
        shieldsim_viz::profile_svg(&p, 1400, 800)
            .map_err(|e| viz_error("profile", e))?
            .as_bytes(),
    )?;
    files.extend(write_pair(
        dir,
        "timeline",
        &shieldsim_viz::timeline_png(&t, 1400, 700).map_err(|e| viz_error("timeline", e))?,
        shieldsim_viz::timeline_svg(&t, 1400, 700)
            .map_err(|e| viz_error("timeline", e))?
            .as_bytes(),
    )?);
    Ok(files)
}

pub(crate) fn write_pair(
    dir: &std::path::Path,
    stem: &str,
    png: &[u8],
    svg: &[u8],
) -> Result<Vec<String>, Error> {
    let (p, s) = (
        dir.join(format!("{stem}.png")),
        dir.join(format!("{stem}.svg")),
    );
    crate::files::write_atomic(&p, png)?;
    crate::files::write_atomic(&s, svg)?;
    Ok(vec![p.display().to_string(), s.display().to_string()])
}

/// A map of one engagement: the defence, its radar coverage, the threat's track and its earliest intercept, on the
/// region around them.
pub fn engagement_map(
    cx: &FigureContext<'_>,
    missile: &str,
    rv_rcs_m2: f64,
    s: &SampleFlight,
) -> MapSpec {
    let (mut sites, fans) = defence_layers(cx.arch, rv_rcs_m2);
    for (name, p, kind) in [
        ("launch", s.launch, SiteKind::Launch),
        ("aim", s.aim, SiteKind::Aim),
    ] {
        sites.push(MapSite {
            name: name.into(),
            lat_deg: p.lat_deg(),
            lon_deg: p.lon_deg(),
            kind,
        });
    }
    let track = s.ground_track(cx.earth, 120);
    let mut pts: Vec<[f64; 2]> = sites.iter().map(|x| [x.lat_deg, x.lon_deg]).collect();
    pts.extend(track.iter().copied());
    let (projection, extent) = projection_for(&pts);
    MapSpec {
        title: format!(
            "{}: {} from {:.2}°, {:.2}° to {:.2}°, {:.2}°",
            cx.label,
            missile,
            s.launch.lat_deg(),
            s.launch.lon_deg(),
            s.aim.lat_deg(),
            s.aim.lon_deg()
        ),
        subtitle: sentence_then(&s.engagement.reason, &assumptions(cx.arch)),
        extent,
        projection,
        grid: None,
        sites,
        fans,
        tracks: vec![Track {
            points: track,
            engaged: s.engagement.engageable,
        }],
        intercepts: s
            .engagement
            .window
            .iter()
            .map(|w| [w.earliest.position.lat_deg(), w.earliest.position.lon_deg()])
            .collect(),
    }
}

/// The map extent holding `pts` (`[lat_deg, lon_deg]`) with a 5° margin: the shortest span of longitude (across the
/// antimeridian for the Pacific), or every longitude when that span is most of the world anyway, keeping the
/// latitude band of the points (a northern-hemisphere map does not show Antarctica).
fn map_extent(pts: &[[f64; 2]]) -> Extent {
    match Extent::covering(pts, 5.0) {
        Some(e) if e.width_deg() <= 200.0 => e,
        Some(e) => Extent {
            west_deg: -180.0,
            east_deg: 180.0,
            ..e
        },
        None => Extent::WORLD,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn launch_authorities_read_with_display_names() {
        let s = crate::scenarios::load_builtin_scenario("epaa-phase3-2018")
            .expect("built in")
            .scenario;
        assert_eq!(
            display_names_in(&s, "kurecik-tpy2 via aegis-lor (launch-on-remote)"),
            "Kurecik TPY-2 via Aegis LOR (launch-on-remote)"
        );
        // Words that name nothing of the scenario are kept as they are.
        assert_eq!(
            display_names_in(&s, "space-based cue (deveselu-spy1, x)"),
            "space-based cue (Deveselu SPY-1, x)"
        );
        assert_eq!(display_names_in(&s, ""), "");
    }

    #[test]
    fn map_extents_fit_the_points() {
        // Korea to Seattle: across the Pacific, not round the world.
        let pacific = map_extent(&[[39.7, 124.7], [47.6, -122.3], [64.0, -145.7]]);
        assert!(
            pacific.crosses_antimeridian() && pacific.width_deg() < 130.0,
            "{pacific:?}"
        );
        // Russia to the US and Europe: every longitude, but only the northern band.
        let north = map_extent(&[
            [55.0, 37.0],
            [38.0, -77.0],
            [52.0, 104.0],
            [40.0, -120.0],
            [35.0, 54.0],
        ]);
        assert_eq!((north.west_deg, north.east_deg), (-180.0, 180.0));
        assert_eq!((north.south_deg, north.north_deg), (30.0, 60.0));
        assert_eq!(map_extent(&[]), Extent::WORLD);
    }
}
