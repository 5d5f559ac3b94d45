//! Spherical geometry and planar clipping for map drawing.
//!
//! Radar footprints are drawn on a sphere of radius [`EARTH_RADIUS_KM`] (the engine's `sphere` model): the standard
//! great-circle "destination point" formula (e.g. Snyder, *Map Projections — A Working Manual*, USGS PP 1395, eq. 5-5
//! and 5-6). Clipping is Liang–Barsky for segments and Sutherland–Hodgman for polygons, in (lon, lat) degrees.

/// Mean Earth radius used for footprints (km), as the engine's `sphere` model.
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// Destination `[lat_deg, lon_deg]` reached from `(lat_deg, lon_deg)` after `distance_km` along the great circle of
/// initial azimuth `azimuth_deg` (clockwise from north). Longitude is returned in [-180, 180].
pub fn destination(lat_deg: f64, lon_deg: f64, azimuth_deg: f64, distance_km: f64) -> [f64; 2] {
    let (phi1, lam1) = (lat_deg.to_radians(), lon_deg.to_radians());
    let (theta, delta) = (azimuth_deg.to_radians(), distance_km / EARTH_RADIUS_KM);
    let sin_phi2 = phi1.sin() * delta.cos() + phi1.cos() * delta.sin() * theta.cos();
    let phi2 = sin_phi2.clamp(-1.0, 1.0).asin();
    let lam2 =
        lam1 + (theta.sin() * delta.sin() * phi1.cos()).atan2(delta.cos() - phi1.sin() * sin_phi2);
    [phi2.to_degrees(), wrap_lon(lam2.to_degrees())]
}

/// Wraps a longitude into [-180, 180).
pub fn wrap_lon(lon_deg: f64) -> f64 {
    (lon_deg + 180.0).rem_euclid(360.0) - 180.0
}

/// Ground footprint of a radar as a closed ring of `[lon_deg, lat_deg]` with *continuous* longitudes (they may leave
/// [-180, 180] when the footprint crosses the antimeridian; the caller draws shifted copies). A sector when
/// `half_width_deg` is given (apex at the site), otherwise a circle; a circle that contains a pole is closed along
/// that pole so it fills correctly in an equirectangular projection.
pub fn footprint_ring(
    lat_deg: f64,
    lon_deg: f64,
    range_km: f64,
    boresight_deg: Option<f64>,
    half_width_deg: Option<f64>,
) -> Vec<[f64; 2]> {
    let mut ring: Vec<[f64; 2]> = Vec::new();
    let push_unwrapped = |ring: &mut Vec<[f64; 2]>, p: [f64; 2]| {
        let reference = ring.last().map_or(lon_deg, |q| q[0]);
        let lon = reference + wrap_lon(p[1] - reference);
        ring.push([lon, p[0]]);
    };
    match half_width_deg {
        Some(hw) if hw < 180.0 => {
            let b = boresight_deg.unwrap_or(0.0);
            let hw = hw.max(0.0);
            let steps = ((2.0 * hw).ceil() as usize).max(2);
            ring.push([lon_deg, lat_deg]);
            for i in 0..=steps {
                let az = b - hw + 2.0 * hw * i as f64 / steps as f64;
                push_unwrapped(&mut ring, destination(lat_deg, lon_deg, az, range_km));
            }
            ring.push([lon_deg, lat_deg]);
        }
        _ => {
            for i in 0..=360 {
                push_unwrapped(
                    &mut ring,
                    destination(lat_deg, lon_deg, f64::from(i), range_km),
                );
            }
            let colat_n = (90.0 - lat_deg).to_radians() * EARTH_RADIUS_KM;
            let colat_s = (90.0 + lat_deg).to_radians() * EARTH_RADIUS_KM;
            let pole = if range_km > colat_n {
                Some(90.0)
            } else if range_km > colat_s {
                Some(-90.0)
            } else {
                None
            };
            if let (Some(pole_lat), Some(first), Some(last)) =
                (pole, ring.first().copied(), ring.last().copied())
            {
                ring.push([last[0], pole_lat]);
                ring.push([first[0], pole_lat]);
            }
        }
    }
    ring
}

/// Splits a track given as `[lat_deg, lon_deg]` points into pieces of `[lon_deg, lat_deg]` that never jump across
/// the antimeridian: where consecutive longitudes differ by more than 180°, the track is cut and both pieces are
/// extended to the crossing point on ±180° (latitude interpolated linearly in the unwrapped longitude).
pub fn split_antimeridian(points_lat_lon: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
    let mut pieces: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    let mut prev: Option<[f64; 2]> = None;
    for p in points_lat_lon {
        let (lat, lon) = (p[0], wrap_lon_closed(p[1]));
        if let Some([plat, plon]) = prev {
            let d = lon - plon;
            if d.abs() > 180.0 {
                // Crossing: unwrap the new point next to the previous one, find where it meets ±180.
                let edge = if d < 0.0 { 180.0 } else { -180.0 };
                let lon_unwrapped = if d < 0.0 { lon + 360.0 } else { lon - 360.0 };
                let t = if (lon_unwrapped - plon).abs() > 0.0 {
                    (edge - plon) / (lon_unwrapped - plon)
                } else {
                    0.0
                };
                let lat_x = plat + t * (lat - plat);
                current.push([edge, lat_x]);
                if current.len() >= 2 {
                    pieces.push(std::mem::take(&mut current));
                } else {
                    current.clear();
                }
                current.push([-edge, lat_x]);
            }
        }
        current.push([lon, lat]);
        prev = Some([lat, lon]);
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

/// Wraps into [-180, 180] keeping exactly ±180 as given.
pub fn wrap_lon_closed(lon_deg: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon_deg) {
        lon_deg
    } else {
        wrap_lon(lon_deg)
    }
}

/// Axis-aligned clip window in (x, y) = (lon, lat) degrees.
#[derive(Debug, Clone, Copy)]
pub struct ClipRect {
    /// Smallest x.
    pub x0: f64,
    /// Smallest y.
    pub y0: f64,
    /// Largest x.
    pub x1: f64,
    /// Largest y.
    pub y1: f64,
}

impl ClipRect {
    /// Clips an open polyline, returning the visible pieces (each with >= 2 points).
    pub fn clip_polyline(&self, line: &[[f64; 2]]) -> Vec<Vec<[f64; 2]>> {
        let mut out = Vec::new();
        let mut cur: Vec<[f64; 2]> = Vec::new();
        for w in line.windows(2) {
            match self.clip_segment(w[0], w[1]) {
                Some((a, b)) => {
                    if cur.last() != Some(&a) {
                        if cur.len() >= 2 {
                            out.push(std::mem::take(&mut cur));
                        }
                        cur.clear();
                        cur.push(a);
                    }
                    cur.push(b);
                }
                None => {
                    if cur.len() >= 2 {
                        out.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                }
            }
        }
        if cur.len() >= 2 {
            out.push(cur);
        }
        out
    }

    /// Liang–Barsky: the part of segment a–b inside the window, if any.
    fn clip_segment(&self, a: [f64; 2], b: [f64; 2]) -> Option<([f64; 2], [f64; 2])> {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a[0] - self.x0),
            (dx, self.x1 - a[0]),
            (-dy, a[1] - self.y0),
            (dy, self.y1 - a[1]),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return None;
                }
            }
        }
        let at = |t: f64| [a[0] + t * dx, a[1] + t * dy];
        Some((
            if t0 > 0.0 { at(t0) } else { a },
            if t1 < 1.0 { at(t1) } else { b },
        ))
    }

    /// Sutherland–Hodgman: a closed polygon clipped to the window (empty if nothing is visible).
    pub fn clip_polygon(&self, ring: &[[f64; 2]]) -> Vec<[f64; 2]> {
        let mut poly = ring.to_vec();
        let edges: [(usize, f64, bool); 4] = [
            (0, self.x0, true),
            (0, self.x1, false),
            (1, self.y0, true),
            (1, self.y1, false),
        ];
        for (axis, v, keep_greater) in edges {
            if poly.is_empty() {
                break;
            }
            let inside = |p: &[f64; 2]| {
                if keep_greater {
                    p[axis] >= v
                } else {
                    p[axis] <= v
                }
            };
            let mut out = Vec::with_capacity(poly.len() + 4);
            for i in 0..poly.len() {
                let (cur, prev) = (poly[i], poly[(i + poly.len() - 1) % poly.len()]);
                let cross = |p: [f64; 2], q: [f64; 2]| {
                    let t = (v - p[axis]) / (q[axis] - p[axis]);
                    [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]
                };
                match (inside(&prev), inside(&cur)) {
                    (true, true) => out.push(cur),
                    (true, false) => out.push(cross(prev, cur)),
                    (false, true) => {
                        out.push(cross(prev, cur));
                        out.push(cur);
                    }
                    (false, false) => {}
                }
            }
            poly = out;
        }
        poly
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_quarter_circumference_reaches_pole() {
        let quarter = std::f64::consts::FRAC_PI_2 * EARTH_RADIUS_KM;
        let p = destination(0.0, 10.0, 0.0, quarter);
        assert!((p[0] - 90.0).abs() < 1e-9);
        let e = destination(0.0, 10.0, 90.0, quarter);
        assert!(e[0].abs() < 1e-9 && (e[1] - 100.0).abs() < 1e-9, "{e:?}");
    }

    #[test]
    fn track_crossing_antimeridian_is_split_at_the_edge() {
        // Eastward across the date line: 170E -> 170W, latitude 10 -> 20.
        let pieces =
            split_antimeridian(&[[0.0, 160.0], [10.0, 170.0], [20.0, -170.0], [30.0, -160.0]]);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        let (a, b) = (&pieces[0], &pieces[1]);
        assert_eq!(a.last().map(|p| p[0]), Some(180.0));
        assert_eq!(b.first().map(|p| p[0]), Some(-180.0));
        assert!((a.last().unwrap()[1] - 15.0).abs() < 1e-9);
        assert!((b.first().unwrap()[1] - 15.0).abs() < 1e-9);
        for piece in &pieces {
            for w in piece.windows(2) {
                assert!((w[1][0] - w[0][0]).abs() <= 180.0, "jump in {piece:?}");
            }
        }
        // Westward crossing too, and a track that never crosses stays whole.
        assert_eq!(split_antimeridian(&[[0.0, -175.0], [0.0, 175.0]]).len(), 2);
        assert_eq!(
            split_antimeridian(&[[0.0, -10.0], [5.0, 10.0], [6.0, 170.0]]).len(),
            1
        );
    }

    #[test]
    fn clipping_keeps_only_the_inside() {
        let r = ClipRect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let pieces = r.clip_polyline(&[
            [-5.0, 5.0],
            [5.0, 5.0],
            [15.0, 5.0],
            [15.0, 6.0],
            [5.0, 6.0],
        ]);
        assert_eq!(
            pieces,
            vec![
                vec![[0.0, 5.0], [5.0, 5.0], [10.0, 5.0]],
                vec![[10.0, 6.0], [5.0, 6.0]]
            ]
        );
        let poly = r.clip_polygon(&[[-5.0, -5.0], [5.0, -5.0], [5.0, 5.0], [-5.0, 5.0]]);
        assert_eq!(poly.len(), 4);
        assert!(poly
            .iter()
            .all(|p| (0.0..=10.0).contains(&p[0]) && (0.0..=10.0).contains(&p[1])));
        assert!(r
            .clip_polygon(&[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]])
            .is_empty());
    }

    #[test]
    fn polar_circle_is_closed_along_the_pole() {
        let ring = footprint_ring(80.0, 0.0, 2000.0, None, None);
        assert_eq!(ring.last().map(|p| p[1]), Some(90.0));
        let span = ring.iter().map(|p| p[0]).fold(f64::NEG_INFINITY, f64::max)
            - ring.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min);
        assert!(span > 359.0, "span {span}");
    }
}
