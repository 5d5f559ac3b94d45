//! Map projections on a sphere of radius 6371 km, and the choice of one from the data drawn.
//!
//! Three projections (Snyder, *Map Projections — A Working Manual*, USGS Professional Paper 1395, 1987):
//! - plate carrée (equirectangular) with x scaled by the cosine of the extent's mid-latitude, the original figures;
//! - azimuthal equidistant (Snyder §25): distances and directions from the centre are true; the north polar aspect
//!   keeps transpolar tracks (Russia to the United States) whole instead of piling them against the 90° N edge;
//! - Lambert conformal conic (Snyder §15) with two standard parallels, on which the scale is exactly 1: the regional
//!   maps (Europe, the Middle East, the North Pacific with a central meridian near 180°).
//!
//! [`choose_projection`] picks one from the points drawn, as an editor would.

use crate::error::{invalid, VizError};
use crate::geo::{wrap_lon, EARTH_RADIUS_KM};

/// A map projection. Longitudes and latitudes in degrees; projected coordinates in km, x east, y north.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum MapProjection {
    /// Equirectangular over the map spec's extent, x scaled by cos(mid-latitude): the spec's `extent` is the frame.
    #[default]
    PlateCarree,
    /// Azimuthal equidistant centred on (`lat0_deg`, `lon0_deg`). With `lat0_deg = 90` the north polar aspect, with
    /// the meridian `lon0_deg` pointing down from the pole. The frame fits the data drawn.
    AzimuthalEquidistant {
        /// Latitude of the centre (deg).
        lat0_deg: f64,
        /// Longitude of the centre (deg); on a polar map the meridian drawn straight down from the pole.
        lon0_deg: f64,
    },
    /// Lambert conformal conic with central meridian `lon0_deg` and standard parallels `lat1_deg`, `lat2_deg` (both
    /// in the same hemisphere, not ±90). The frame fits the data drawn.
    LambertConformalConic {
        /// Central meridian (deg): drawn vertical.
        lon0_deg: f64,
        /// First standard parallel (deg).
        lat1_deg: f64,
        /// Second standard parallel (deg).
        lat2_deg: f64,
    },
}

/// The kind of a projection, for tests, the web app's camera and captions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectionKind {
    /// [`MapProjection::PlateCarree`].
    PlateCarree,
    /// [`MapProjection::AzimuthalEquidistant`] centred on a pole.
    PolarAzimuthal,
    /// [`MapProjection::AzimuthalEquidistant`] centred elsewhere.
    Azimuthal,
    /// [`MapProjection::LambertConformalConic`].
    Conic,
}

impl ProjectionKind {
    /// A stable name: `plate-carree`, `polar-azimuthal-equidistant`, `azimuthal-equidistant`,
    /// `lambert-conformal-conic`.
    pub fn name(self) -> &'static str {
        match self {
            ProjectionKind::PlateCarree => "plate-carree",
            ProjectionKind::PolarAzimuthal => "polar-azimuthal-equidistant",
            ProjectionKind::Azimuthal => "azimuthal-equidistant",
            ProjectionKind::Conic => "lambert-conformal-conic",
        }
    }
}

/// Latitude closest to a pole used by the conic (deg): its radius is finite there.
const CONIC_POLE_LIMIT_DEG: f64 = 89.5;

fn lat_text(v: f64) -> String {
    format!("{:.0}° {}", v.abs(), if v < 0.0 { 'S' } else { 'N' })
}

fn lon_text(v: f64) -> String {
    let v = wrap_lon(v);
    if v.abs() < 0.5 || (v.abs() - 180.0).abs() < 0.5 {
        format!("{:.0}°", v.abs())
    } else {
        format!("{:.0}° {}", v.abs(), if v < 0.0 { 'W' } else { 'E' })
    }
}

impl MapProjection {
    /// Its kind.
    pub fn kind(&self) -> ProjectionKind {
        match *self {
            MapProjection::PlateCarree => ProjectionKind::PlateCarree,
            MapProjection::AzimuthalEquidistant { lat0_deg, .. } if lat0_deg.abs() >= 89.999 => {
                ProjectionKind::PolarAzimuthal
            }
            MapProjection::AzimuthalEquidistant { .. } => ProjectionKind::Azimuthal,
            MapProjection::LambertConformalConic { .. } => ProjectionKind::Conic,
        }
    }

    /// The projection in words, for a caption: "Lambert conformal conic, standard parallels 36° N and 52° N".
    pub fn describe(&self) -> String {
        match *self {
            MapProjection::PlateCarree => "Equirectangular projection".into(),
            MapProjection::AzimuthalEquidistant { lat0_deg, lon0_deg } => {
                if self.kind() == ProjectionKind::PolarAzimuthal {
                    format!(
                        "Polar azimuthal equidistant projection (distances from the pole true), {} down",
                        lon_text(lon0_deg)
                    )
                } else {
                    format!(
                        "Azimuthal equidistant projection centred on {} {}",
                        lat_text(lat0_deg),
                        lon_text(lon0_deg)
                    )
                }
            }
            MapProjection::LambertConformalConic {
                lon0_deg,
                lat1_deg,
                lat2_deg,
            } => format!(
                "Lambert conformal conic projection, standard parallels {} and {}, central meridian {}",
                lat_text(lat1_deg),
                lat_text(lat2_deg),
                lon_text(lon0_deg)
            ),
        }
    }

    /// Checks the parameters: finite, in range; a conic's standard parallels in one hemisphere, off the poles.
    pub fn validate(&self) -> Result<(), VizError> {
        match *self {
            MapProjection::PlateCarree => Ok(()),
            MapProjection::AzimuthalEquidistant { lat0_deg, lon0_deg } => {
                if !(lat0_deg.is_finite() && lon0_deg.is_finite() && lat0_deg.abs() <= 90.0) {
                    return Err(invalid(format!(
                        "azimuthal projection centre must have a finite lat0_deg in [-90, 90] and a finite \
                         lon0_deg, got ({lat0_deg}, {lon0_deg})"
                    )));
                }
                Ok(())
            }
            MapProjection::LambertConformalConic {
                lon0_deg,
                lat1_deg,
                lat2_deg,
            } => {
                let ok = lon0_deg.is_finite()
                    && lat1_deg.is_finite()
                    && lat2_deg.is_finite()
                    && lat1_deg.abs() <= CONIC_POLE_LIMIT_DEG
                    && lat2_deg.abs() <= CONIC_POLE_LIMIT_DEG
                    && lat1_deg * lat2_deg > 0.0
                    && (lat1_deg + lat2_deg).abs() >= 2.0;
                if !ok {
                    return Err(invalid(format!(
                        "conic projection needs finite standard parallels in one hemisphere, within ±{CONIC_POLE_LIMIT_DEG}° \
                         and not at the equator, got lat1_deg = {lat1_deg}, lat2_deg = {lat2_deg} (hint: use a plate \
                         carrée for data across the equator)"
                    )));
                }
                Ok(())
            }
        }
    }

    /// Central meridian (deg): the longitude drawn vertical through the centre; `extent_centre_deg` for the plate
    /// carrée.
    pub(crate) fn lon0_deg(&self, extent_centre_deg: f64) -> f64 {
        match *self {
            MapProjection::PlateCarree => extent_centre_deg,
            MapProjection::AzimuthalEquidistant { lon0_deg, .. }
            | MapProjection::LambertConformalConic { lon0_deg, .. } => lon0_deg,
        }
    }

    /// Cone constant n and the radius factor R·F (km) of the conic (Snyder eqs. 15-3, 15-2).
    fn conic_constants(lat1_deg: f64, lat2_deg: f64) -> (f64, f64) {
        let (p1, p2) = (lat1_deg.to_radians(), lat2_deg.to_radians());
        let t = |p: f64| (std::f64::consts::FRAC_PI_4 + p / 2.0).tan();
        let n = if (p1 - p2).abs() < 1e-9 {
            p1.sin()
        } else {
            (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln()
        };
        let f = p1.cos() * t(p1).powf(n) / n;
        (n, EARTH_RADIUS_KM * f)
    }

    /// The latitude band drawn (deg): the whole globe but the far side of an azimuthal map or a cone.
    pub(crate) fn lat_window(&self) -> (f64, f64) {
        match *self {
            MapProjection::PlateCarree => (-90.0, 90.0),
            MapProjection::AzimuthalEquidistant { lat0_deg, .. } => {
                if lat0_deg >= 89.999 {
                    (-30.0, 90.0)
                } else if lat0_deg <= -89.999 {
                    (-90.0, 30.0)
                } else {
                    (-90.0, 90.0)
                }
            }
            MapProjection::LambertConformalConic { lat1_deg, .. } => {
                if lat1_deg > 0.0 {
                    (-40.0, CONIC_POLE_LIMIT_DEG)
                } else {
                    (-CONIC_POLE_LIMIT_DEG, 40.0)
                }
            }
        }
    }

    /// Whether the projection is continuous across the meridian opposite its centre (a polar azimuthal map is: the
    /// meridians run into the pole), so geometry needs no cut there.
    pub(crate) fn wraps_around(&self) -> bool {
        self.kind() == ProjectionKind::PolarAzimuthal
    }

    /// Greatest angular distance (deg) from an oblique azimuthal centre still drawn; geometry farther away is left
    /// out (it would be stretched round the rim).
    pub(crate) fn far_limit_deg(&self) -> Option<(f64, f64, f64)> {
        match *self {
            MapProjection::AzimuthalEquidistant { lat0_deg, lon0_deg }
                if self.kind() == ProjectionKind::Azimuthal =>
            {
                Some((lat0_deg, lon0_deg, 110.0))
            }
            _ => None,
        }
    }

    /// The constants of the projection, worked out once for projecting many points.
    pub(crate) fn prepared(&self) -> Prepared {
        let conic = match *self {
            MapProjection::LambertConformalConic {
                lat1_deg, lat2_deg, ..
            } => Some(Self::conic_constants(lat1_deg, lat2_deg)),
            _ => None,
        };
        Prepared { proj: *self, conic }
    }

    /// Projects (`dlon_deg` east of the central meridian, `lat_deg`) to (x, y) km. For the plate carrée `cos_mid`
    /// is the x scale. `None` at the antipode of an azimuthal centre and at the pole opposite a cone's apex.
    pub fn forward(&self, dlon_deg: f64, lat_deg: f64, cos_mid: f64) -> Option<(f64, f64)> {
        self.prepared().forward(dlon_deg, lat_deg, cos_mid)
    }

    /// Inverse of [`MapProjection::forward`]: (x, y) km to (`dlon_deg`, `lat_deg`); `None` off the map.
    pub fn inverse(&self, x: f64, y: f64, cos_mid: f64) -> Option<(f64, f64)> {
        self.prepared().inverse(x, y, cos_mid)
    }
}

/// A projection with its constants worked out (the conic's cone constant and radius factor).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prepared {
    proj: MapProjection,
    conic: Option<(f64, f64)>,
}

impl Prepared {
    /// See [`MapProjection::forward`].
    pub(crate) fn forward(&self, dlon_deg: f64, lat_deg: f64, cos_mid: f64) -> Option<(f64, f64)> {
        let r = EARTH_RADIUS_KM;
        let (dl, p) = (dlon_deg.to_radians(), lat_deg.to_radians());
        match self.proj {
            MapProjection::PlateCarree => Some((r * dl * cos_mid, r * p)),
            MapProjection::AzimuthalEquidistant { lat0_deg, .. } => {
                let p0 = lat0_deg.to_radians();
                let cos_c = (p0.sin() * p.sin() + p0.cos() * p.cos() * dl.cos()).clamp(-1.0, 1.0);
                let c = cos_c.acos();
                if c > std::f64::consts::PI - 1e-6 {
                    return None;
                }
                let k = if c < 1e-12 { 1.0 } else { c / c.sin() };
                Some((
                    r * k * p.cos() * dl.sin(),
                    r * k * (p0.cos() * p.sin() - p0.sin() * p.cos() * dl.cos()),
                ))
            }
            MapProjection::LambertConformalConic { .. } => {
                let (n, rf) = self.conic.unwrap_or((1.0, r));
                let t = (std::f64::consts::FRAC_PI_4 + p / 2.0).tan();
                if (n > 0.0 && lat_deg <= -89.999) || (n < 0.0 && lat_deg >= 89.999) {
                    return None;
                }
                let rho = if t <= 0.0 || !t.is_finite() {
                    0.0
                } else {
                    rf / t.powf(n)
                };
                let theta = n * dl;
                Some((rho * theta.sin(), -rho * theta.cos()))
            }
        }
    }

    /// See [`MapProjection::inverse`].
    pub(crate) fn inverse(&self, x: f64, y: f64, cos_mid: f64) -> Option<(f64, f64)> {
        let r = EARTH_RADIUS_KM;
        match self.proj {
            MapProjection::PlateCarree => {
                Some(((x / (r * cos_mid)).to_degrees(), (y / r).to_degrees()))
            }
            MapProjection::AzimuthalEquidistant { lat0_deg, .. } => {
                let p0 = lat0_deg.to_radians();
                let rho = x.hypot(y);
                let c = rho / r;
                if c >= std::f64::consts::PI {
                    return None;
                }
                if rho < 1e-9 {
                    return Some((0.0, lat0_deg));
                }
                let lat = (c.cos() * p0.sin() + y * c.sin() * p0.cos() / rho)
                    .clamp(-1.0, 1.0)
                    .asin();
                let dl = (x * c.sin()).atan2(rho * p0.cos() * c.cos() - y * p0.sin() * c.sin());
                Some((dl.to_degrees(), lat.to_degrees()))
            }
            MapProjection::LambertConformalConic { .. } => {
                let (n, rf) = self.conic.unwrap_or((1.0, r));
                let s = n.signum();
                let rho = s * x.hypot(y);
                let theta = (s * x).atan2(-s * y);
                let dl = theta / n;
                if dl.abs() > std::f64::consts::PI {
                    return None;
                }
                let lat = if rho.abs() < 1e-12 {
                    s * std::f64::consts::FRAC_PI_2
                } else {
                    2.0 * (rf / rho).powf(1.0 / n).atan() - std::f64::consts::FRAC_PI_2
                };
                Some((dl.to_degrees(), lat.to_degrees()))
            }
        }
    }
}

/// The projection an editor would pick for a map of `points_lat_lon` (`[lat_deg, lon_deg]`: the tracks, sites and
/// radars drawn):
/// - north (south) polar azimuthal equidistant when some point lies above 70° N (below 70° S): transpolar tracks;
/// - Lambert conformal conic when the data spans less than 200° of longitude and stays in one hemisphere (or
///   dips at most 15° into the other): central meridian at the middle of the shortest longitude span — near 180°
///   for Korea to the United States (Pacific-centred) — and standard parallels one sixth in from the data's
///   southern and northern latitudes (Snyder's rule of thumb for conics);
/// - plate carrée otherwise (worldwide data, or data well across the equator).
pub fn choose_projection(points_lat_lon: &[[f64; 2]]) -> MapProjection {
    let pts: Vec<[f64; 2]> = points_lat_lon
        .iter()
        .filter(|p| p[0].is_finite() && p[1].is_finite() && p[0].abs() <= 90.0)
        .map(|p| [p[0], wrap_lon(p[1])])
        .collect();
    if pts.is_empty() {
        return MapProjection::PlateCarree;
    }
    let (s, n) = pts
        .iter()
        .fold((90.0f64, -90.0f64), |(s, n), p| (s.min(p[0]), n.max(p[0])));
    let (west, span) = shortest_lon_span(&pts);
    let centre = wrap_lon(west + span / 2.0);
    if n > 70.0 && s > -20.0 {
        return MapProjection::AzimuthalEquidistant {
            lat0_deg: 90.0,
            lon0_deg: circular_mean_lon(&pts),
        };
    }
    if s < -70.0 && n < 20.0 {
        return MapProjection::AzimuthalEquidistant {
            lat0_deg: -90.0,
            lon0_deg: circular_mean_lon(&pts),
        };
    }
    if span > 200.0 {
        return MapProjection::PlateCarree;
    }
    // A conic needs its standard parallels in one hemisphere: data dipping a little across the equator keeps the
    // dominant hemisphere's cone.
    let north = s + n >= 0.0;
    let (lo, hi) = if north {
        (s.max(5.0), n.max(s.max(5.0) + 6.0))
    } else {
        (s.min(n.min(-5.0) - 6.0), n.min(-5.0))
    };
    if (north && s < -15.0) || (!north && n > 15.0) {
        return MapProjection::PlateCarree;
    }
    let sixth = (hi - lo) / 6.0;
    MapProjection::LambertConformalConic {
        lon0_deg: (centre * 2.0).round() / 2.0,
        lat1_deg: ((lo + sixth).clamp(-85.0, 85.0) * 2.0).round() / 2.0,
        lat2_deg: ((hi - sixth).clamp(-85.0, 85.0) * 2.0).round() / 2.0,
    }
}

/// The shortest arc of longitude holding every point: (western end in [-180, 180), width in deg).
pub(crate) fn shortest_lon_span(pts: &[[f64; 2]]) -> (f64, f64) {
    let mut lons: Vec<f64> = pts.iter().map(|p| wrap_lon(p[1])).collect();
    lons.sort_by(f64::total_cmp);
    let k = lons.len();
    if k == 0 {
        return (-180.0, 360.0);
    }
    let (mut gap, mut after) = (lons[0] + 360.0 - lons[k - 1], 0usize);
    for i in 1..k {
        if lons[i] - lons[i - 1] > gap {
            gap = lons[i] - lons[i - 1];
            after = i;
        }
    }
    (lons[after], 360.0 - gap)
}

/// Mean direction of the longitudes (deg), rounded to 5°: the meridian a polar map turns downwards.
fn circular_mean_lon(pts: &[[f64; 2]]) -> f64 {
    let (sx, sy) = pts.iter().fold((0.0, 0.0), |(x, y), p| {
        let l = p[1].to_radians();
        (x + l.cos(), y + l.sin())
    });
    if sx.hypot(sy) < 1e-9 {
        return 0.0;
    }
    let m = sy.atan2(sx).to_degrees();
    wrap_lon((m / 5.0).round() * 5.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Great-circle angle (rad) by the haversine formula.
    fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let dp = p2 - p1;
        let dl = (lon2 - lon1).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * a.sqrt().asin()
    }

    #[test]
    fn azimuthal_equidistant_keeps_distance_from_the_centre() {
        for (lat0, lon0) in [(90.0, 0.0), (90.0, -100.0), (40.0, 30.0), (-33.0, 151.0)] {
            let p = MapProjection::AzimuthalEquidistant {
                lat0_deg: lat0,
                lon0_deg: lon0,
            };
            for (lat, lon) in [
                (55.75, 37.62),
                (38.9, -77.0),
                (64.8, -147.7),
                (-10.0, 120.0),
                (0.0, 0.0),
            ] {
                let (x, y) = p.forward(lon - lon0, lat, 1.0).unwrap();
                let want = haversine(lat0, lon0, lat, lon) * EARTH_RADIUS_KM;
                assert!(
                    (x.hypot(y) - want).abs() < 1e-6 * want.max(1.0),
                    "centre ({lat0}, {lon0}) to ({lat}, {lon}): {} km vs haversine {want} km",
                    x.hypot(y)
                );
                let (dl, back_lat) = p.inverse(x, y, 1.0).unwrap();
                assert!((back_lat - lat).abs() < 1e-7, "{back_lat} vs {lat}");
                assert!(wrap_lon(dl + lon0 - lon).abs() < 1e-6 || lat.abs() > 89.9);
            }
        }
    }

    #[test]
    fn conic_scale_is_one_on_its_standard_parallels() {
        for (l1, l2) in [(36.0, 52.0), (30.0, 60.0), (-20.0, -45.0), (45.0, 45.0)] {
            let p = MapProjection::LambertConformalConic {
                lon0_deg: 20.0,
                lat1_deg: l1,
                lat2_deg: l2,
            };
            // Scale along a parallel: projected length of a small arc of longitude over its length on the sphere.
            let h = 1e-4;
            let scale = |lat: f64| {
                let (x0, y0) = p.forward(-h / 2.0, lat, 1.0).unwrap();
                let (x1, y1) = p.forward(h / 2.0, lat, 1.0).unwrap();
                (x1 - x0).hypot(y1 - y0)
                    / (EARTH_RADIUS_KM * lat.to_radians().cos() * h.to_radians())
            };
            assert!((scale(l1) - 1.0).abs() < 1e-6, "{l1}: {}", scale(l1));
            assert!((scale(l2) - 1.0).abs() < 1e-6, "{l2}: {}", scale(l2));
            // Between the parallels the scale is below 1, outside above (secant cone).
            if (l1 - l2).abs() > 1.0 {
                assert!(scale(0.5 * (l1 + l2)) < 1.0);
                assert!(scale(l2 + (l2 - l1)) > 1.0);
            }
            // Conformal: the scale along the meridian equals the scale along the parallel.
            let lat = 0.5 * (l1 + l2) + 3.0;
            let (x0, y0) = p.forward(5.0, lat - h / 2.0, 1.0).unwrap();
            let (x1, y1) = p.forward(5.0, lat + h / 2.0, 1.0).unwrap();
            let k_merid = (x1 - x0).hypot(y1 - y0) / (EARTH_RADIUS_KM * h.to_radians());
            assert!((k_merid - scale(lat)).abs() < 1e-5);
            let (x, y) = p.forward(-12.0, lat, 1.0).unwrap();
            let (dl, la) = p.inverse(x, y, 1.0).unwrap();
            assert!((dl + 12.0).abs() < 1e-7 && (la - lat).abs() < 1e-7);
        }
    }

    #[test]
    fn the_choice_follows_the_data() {
        // Moscow to Washington over the pole.
        let polar = choose_projection(&[[55.75, 37.62], [80.0, 10.0], [38.9, -77.0]]);
        assert_eq!(polar.kind(), ProjectionKind::PolarAzimuthal);
        // Iran to Europe: a conic centred between them, standard parallels inside the latitudes.
        let europe = choose_projection(&[[35.2, 53.9], [52.2, 21.0], [44.1, 24.4], [38.3, 37.8]]);
        let MapProjection::LambertConformalConic {
            lon0_deg,
            lat1_deg,
            lat2_deg,
        } = europe
        else {
            panic!("{europe:?}")
        };
        assert!((20.0..=55.0).contains(&lon0_deg));
        assert!(35.2 < lat1_deg && lat1_deg < lat2_deg && lat2_deg < 52.2);
        // Korea to Hawaii and California: Pacific-centred.
        let pacific = choose_projection(&[[39.0, 125.7], [21.3, -157.9], [37.0, -120.0]]);
        assert_eq!(pacific.kind(), ProjectionKind::Conic);
        let lon0 = pacific.lon0_deg(0.0);
        assert!(lon0.abs() > 150.0, "{lon0}");
        // Worldwide: plate carrée.
        let world = choose_projection(&[[-30.0, 0.0], [30.0, 120.0], [10.0, -120.0]]);
        assert_eq!(world.kind(), ProjectionKind::PlateCarree);
        assert_eq!(choose_projection(&[]).kind(), ProjectionKind::PlateCarree);
        for p in [polar, europe, pacific] {
            p.validate().unwrap();
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        let across = MapProjection::LambertConformalConic {
            lon0_deg: 0.0,
            lat1_deg: -20.0,
            lat2_deg: 20.0,
        };
        assert!(across
            .validate()
            .unwrap_err()
            .to_string()
            .contains("lat1_deg"));
        let nan = MapProjection::AzimuthalEquidistant {
            lat0_deg: f64::NAN,
            lon0_deg: 0.0,
        };
        assert!(nan.validate().is_err());
    }
}
