//! Sampling of launch areas and aim regions into points: polygons on a grid of a given spacing in km, and inclusive
//! latitude/longitude grids of a given spacing in degrees.
//!
//! **Polygons** are lists of `[lat_deg, lon_deg]` vertices, closed implicitly, treated as planar in (longitude,
//! latitude): the point-in-polygon test (even-odd ray casting) runs on the degree coordinates. For regional areas
//! (hundreds of km) this differs from the geodesic polygon by well under a grid spacing; it is not meant for
//! continent-sized areas or areas that enclose a pole (rejected). Longitudes are unwrapped along the vertex list, so
//! a polygon may cross the antimeridian (vertex longitudes 179 and −179 are 2° apart); sample longitudes are wrapped
//! back to (−180, 180].
//!
//! The sample grid has rows `spacing_km / 111.2 km` degrees apart in latitude and, in each row, points
//! `spacing_km / (111.2 km · cos lat)` degrees apart in longitude (so neighbours are about `spacing_km` apart on the
//! ground). Rows and columns are centred in the polygon's bounding box. Order: rows south to north, points west to
//! east. A point exactly on an edge counts in or out as ray casting decides (deterministically). If no grid point
//! falls inside, the caller reports an error rather than inventing a point (the centroid of a thin, curved polygon
//! may lie outside it): a smaller spacing always fixes it.
//!
//! **Grids** run from `south_deg` to `north_deg` and `west_deg` to `east_deg` inclusive at `spacing_deg` (the last
//! row or column is dropped if it would overshoot by more than 1e-9°), rows south to north, points west to east.

/// Kilometres per degree of latitude used for sample spacings (a mean value; the true figure varies from 110.6 km at
/// the equator to 111.7 km at the poles).
pub const KM_PER_DEG_LAT: f64 = 111.2;

/// Most grid points an area may produce (or, for a polygon, hold in its bounding box): a guard against a mistyped
/// spacing allocating gigabytes.
pub const MAX_POINTS_PER_AREA: usize = 1_000_000;

/// Why a polygon cannot be sampled.
#[derive(Debug, Clone, PartialEq)]
pub enum PolygonError {
    /// Fewer than three vertices.
    TooFewVertices(usize),
    /// Vertex `i` (0-based) repeats the previous vertex (the last one repeats the first when `i` is 0).
    RepeatedVertex(usize),
    /// Edges `a` and `b` (0-based; edge `i` runs from vertex `i` to vertex `i + 1`, the last back to vertex 0) cross
    /// or overlap.
    SelfIntersecting(usize, usize),
    /// All vertices lie on one line.
    ZeroArea,
    /// The vertex list winds around a pole.
    EnclosesPole,
    /// The bounding box would hold about this many grid points, more than [`MAX_POINTS_PER_AREA`].
    TooManyPoints(f64),
}

impl std::fmt::Display for PolygonError {
    /// In words, vertices and edges numbered from 1.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PolygonError::TooFewVertices(n) => write!(f, "{n} vertices; a polygon needs at least 3"),
            PolygonError::RepeatedVertex(i) => {
                write!(f, "vertex {} repeats the previous vertex", i + 1)
            }
            PolygonError::SelfIntersecting(a, b) => write!(
                f,
                "edges {} and {} cross: the polygon intersects itself (list the vertices in order around its \
                 boundary)",
                a + 1,
                b + 1
            ),
            PolygonError::ZeroArea => write!(f, "all vertices lie on one line"),
            PolygonError::EnclosesPole => write!(f, "the polygon winds around a pole"),
            PolygonError::TooManyPoints(n) => write!(
                f,
                "it would hold about {} grid points",
                crate::text::number(n.round())
            ),
        }
    }
}

/// Wraps a longitude to (−180, 180] degrees.
pub fn wrap_lon_deg(lon: f64) -> f64 {
    let mut x = lon % 360.0;
    if x > 180.0 {
        x -= 360.0;
    } else if x <= -180.0 {
        x += 360.0;
    }
    x
}

/// The vertices as planar (lon, lat) points with longitudes unwrapped along the list, or
/// [`PolygonError::EnclosesPole`].
fn unwrapped(vertices: &[[f64; 2]]) -> Result<Vec<(f64, f64)>, PolygonError> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(vertices.len());
    for v in vertices {
        let lon = match out.last() {
            None => v[1],
            Some(&(prev, _)) => prev + wrap_lon_deg(v[1] - prev),
        };
        out.push((lon, v[0]));
    }
    if let (Some(first), Some(last)) = (out.first(), out.last()) {
        // Closing the ring must bring the longitude back to where it started.
        let closing = last.0 + wrap_lon_deg(first.0 - last.0);
        if (closing - first.0).abs() > 1e-9 {
            return Err(PolygonError::EnclosesPole);
        }
    }
    Ok(out)
}

fn orientation(a: (f64, f64), b: (f64, f64), c: (f64, f64)) -> f64 {
    (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
}

fn on_segment(a: (f64, f64), b: (f64, f64), p: (f64, f64)) -> bool {
    p.0 >= a.0.min(b.0) && p.0 <= a.0.max(b.0) && p.1 >= a.1.min(b.1) && p.1 <= a.1.max(b.1)
}

/// Whether segments pq and rs share a point.
fn segments_meet(p: (f64, f64), q: (f64, f64), r: (f64, f64), s: (f64, f64)) -> bool {
    let d1 = orientation(r, s, p);
    let d2 = orientation(r, s, q);
    let d3 = orientation(p, q, r);
    let d4 = orientation(p, q, s);
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    (d1 == 0.0 && on_segment(r, s, p))
        || (d2 == 0.0 && on_segment(r, s, q))
        || (d3 == 0.0 && on_segment(p, q, r))
        || (d4 == 0.0 && on_segment(p, q, s))
}

/// Checks a polygon of `[lat_deg, lon_deg]` vertices (finite, in range: the caller checks the ranges): at least
/// three vertices, no vertex repeating its predecessor, no crossing or overlapping edges, not all on one line, not
/// around a pole.
pub fn check_polygon(vertices: &[[f64; 2]]) -> Result<(), PolygonError> {
    let n = vertices.len();
    if n < 3 {
        return Err(PolygonError::TooFewVertices(n));
    }
    let pts = unwrapped(vertices)?;
    for i in 0..n {
        let prev = pts[(i + n - 1) % n];
        if pts[i] == prev {
            return Err(PolygonError::RepeatedVertex(i));
        }
    }
    let edge = |i: usize| (pts[i], pts[(i + 1) % n]);
    for i in 0..n {
        for j in i + 1..n {
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            let (p, q) = edge(i);
            let (r, s) = edge(j);
            if adjacent {
                // Adjacent edges share a vertex; they must not fold back onto each other.
                let (shared, a, b) = if j == i + 1 { (q, p, s) } else { (p, q, r) };
                if orientation(shared, a, b) == 0.0
                    && (a.0 - shared.0) * (b.0 - shared.0) + (a.1 - shared.1) * (b.1 - shared.1)
                        > 0.0
                {
                    return Err(PolygonError::SelfIntersecting(i, j));
                }
            } else if segments_meet(p, q, r, s) {
                return Err(PolygonError::SelfIntersecting(i, j));
            }
        }
    }
    let twice_area: f64 = (0..n)
        .map(|i| {
            let (p, q) = edge(i);
            p.0 * q.1 - q.0 * p.1
        })
        .sum();
    if twice_area.abs() < 1e-12 {
        return Err(PolygonError::ZeroArea);
    }
    Ok(())
}

/// Even-odd ray casting in the (lon, lat) plane.
fn inside(pts: &[(f64, f64)], p: (f64, f64)) -> bool {
    let mut c = false;
    let n = pts.len();
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (pts[i], pts[j]);
        if (a.1 > p.1) != (b.1 > p.1) && p.0 < (b.0 - a.0) * (p.1 - a.1) / (b.1 - a.1) + a.0 {
            c = !c;
        }
        j = i;
    }
    c
}

/// Positions `0, step, 2·step, …` that fit in `[0, extent]`, as a count, and the offset that centres them.
fn centred(extent: f64, step: f64) -> (usize, f64) {
    let k = (extent / step + 1e-9).floor();
    let count = k as usize + 1;
    (count, (extent - k * step) / 2.0)
}

/// The polygon's bounding box in the unwrapped plane: (west, east, south, north).
fn bounds(pts: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    pts.iter().fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(w, e, s, n), &(lon, lat)| (w.min(lon), e.max(lon), s.min(lat), n.max(lat)),
    )
}

/// A polygon's bounding box `[south, west, north, east]` in degrees, its longitudes unwrapped along the edges
/// (each edge the shorter way round): west in [−180, 180), east in (−180, 180], west greater than east when the box
/// crosses the antimeridian. `None` for a polygon that encloses a pole or has no vertex.
pub fn polygon_bounds_deg(vertices: &[[f64; 2]]) -> Option<[f64; 4]> {
    let pts = unwrapped(vertices).ok()?;
    if pts.is_empty() {
        return None;
    }
    let (w, e, s, n) = bounds(&pts);
    let west = if w < -180.0 {
        w + 360.0
    } else if w >= 180.0 {
        w - 360.0
    } else {
        w
    };
    Some([s, west, n, wrap_lon_deg(e)])
}

/// The extent of a polygon's bounding box, km north-south and east-west (at its middle latitude).
pub fn polygon_extent_km(vertices: &[[f64; 2]]) -> Option<(f64, f64)> {
    let pts = unwrapped(vertices).ok()?;
    if pts.is_empty() {
        return None;
    }
    let (w, e, s, n) = bounds(&pts);
    let mid = ((s + n) / 2.0).to_radians().cos();
    Some(((n - s) * KM_PER_DEG_LAT, (e - w) * KM_PER_DEG_LAT * mid))
}

/// Whether the point (`lat_deg`, `lon_deg`) lies inside a valid polygon of `[lat_deg, lon_deg]` vertices (planar
/// even-odd test in unwrapped longitude, as for sampling; a polygon across the antimeridian works).
pub fn polygon_contains(vertices: &[[f64; 2]], lat_deg: f64, lon_deg: f64) -> bool {
    let Ok(pts) = unwrapped(vertices) else {
        return false;
    };
    [lon_deg, lon_deg + 360.0, lon_deg - 360.0]
        .iter()
        .any(|&x| inside(&pts, (x, lat_deg)))
}

/// The grid points (`[lat_deg, lon_deg]`, longitudes in (−180, 180]) inside a valid polygon (see the module
/// documentation), for a spacing in km (finite, > 0). Empty if no grid point falls inside.
pub fn sample_polygon(
    vertices: &[[f64; 2]],
    spacing_km: f64,
) -> Result<Vec<[f64; 2]>, PolygonError> {
    check_polygon(vertices)?;
    let pts = unwrapped(vertices)?;
    let (w, e, s, n) = bounds(&pts);
    let dlat = spacing_km / KM_PER_DEG_LAT;
    let max_cos = if s <= 0.0 && n >= 0.0 {
        1.0
    } else {
        s.abs().min(n.abs()).to_radians().cos()
    };
    let estimate = ((n - s) / dlat + 1.0) * ((e - w) * max_cos / dlat + 1.0);
    if !estimate.is_finite() || estimate > MAX_POINTS_PER_AREA as f64 {
        return Err(PolygonError::TooManyPoints(estimate));
    }
    let (rows, lat0) = centred(n - s, dlat);
    let mut out = Vec::new();
    for r in 0..rows {
        let lat = s + lat0 + r as f64 * dlat;
        let cos = lat.to_radians().cos().max(1e-9);
        let dlon = dlat / cos;
        let (cols, lon0) = centred(e - w, dlon);
        for c in 0..cols {
            let lon = w + lon0 + c as f64 * dlon;
            if inside(&pts, (lon, lat)) {
                out.push([lat, wrap_lon_deg(lon)]);
            }
        }
    }
    Ok(out)
}

/// Rows and columns of the inclusive grid `south..north` × `west..east` at `spacing_deg`, as `f64` (they may be
/// huge: compare before allocating), for finite bounds with south ≤ north, west ≤ east and a finite spacing > 0.
pub fn grid_size(
    south_deg: f64,
    west_deg: f64,
    north_deg: f64,
    east_deg: f64,
    spacing_deg: f64,
) -> (f64, f64) {
    let rows = ((north_deg - south_deg) / spacing_deg + 1e-9).floor() + 1.0;
    let cols = ((east_deg - west_deg) / spacing_deg + 1e-9).floor() + 1.0;
    (rows, cols)
}

/// The inclusive grid `south..north` × `west..east` at `spacing_deg` as `[lat_deg, lon_deg]` points (rows south to
/// north, points west to east; longitudes wrapped to (−180, 180]), or `None` if it would have more than
/// [`MAX_POINTS_PER_AREA`] points. Bounds must be finite with south ≤ north and west ≤ east, the spacing finite and
/// above 0.
pub fn grid_points(
    south_deg: f64,
    west_deg: f64,
    north_deg: f64,
    east_deg: f64,
    spacing_deg: f64,
) -> Option<Vec<[f64; 2]>> {
    let (rows, cols) = grid_size(south_deg, west_deg, north_deg, east_deg, spacing_deg);
    let count = rows * cols;
    if !count.is_finite() || count > MAX_POINTS_PER_AREA as f64 {
        return None;
    }
    let (rows, cols) = (rows as usize, cols as usize);
    let mut out = Vec::with_capacity(rows * cols);
    for r in 0..rows {
        let lat = (south_deg + r as f64 * spacing_deg).min(north_deg);
        for c in 0..cols {
            let lon = (west_deg + c as f64 * spacing_deg).min(east_deg);
            out.push([lat, wrap_lon_deg(lon)]);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: [[f64; 2]; 4] = [[35.0, 46.0], [38.0, 46.0], [38.0, 49.0], [35.0, 49.0]];

    #[test]
    fn polygon_checks() {
        assert_eq!(check_polygon(&SQUARE), Ok(()));
        assert_eq!(
            check_polygon(&SQUARE[..2]),
            Err(PolygonError::TooFewVertices(2))
        );
        // A bow tie: edges 0 and 2 cross.
        let bow = [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]];
        assert_eq!(
            check_polygon(&bow),
            Err(PolygonError::SelfIntersecting(0, 2))
        );
        let line = [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]];
        assert!(check_polygon(&line).is_err());
        let repeated = [[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 0.0]];
        assert_eq!(
            check_polygon(&repeated),
            Err(PolygonError::RepeatedVertex(1))
        );
        // Around the north pole.
        let cap = [[80.0, 0.0], [80.0, 120.0], [80.0, -120.0]];
        assert_eq!(check_polygon(&cap), Err(PolygonError::EnclosesPole));
    }

    #[test]
    fn polygon_sampling_spacing_and_order() {
        let pts = sample_polygon(&SQUARE, 150.0).unwrap();
        assert!(pts.len() >= 4 && pts.len() <= 9, "{}", pts.len());
        for p in &pts {
            assert!(p[0] > 35.0 && p[0] < 38.0 && p[1] > 46.0 && p[1] < 49.0);
        }
        // South to north, then west to east.
        for w in pts.windows(2) {
            assert!(w[1][0] > w[0][0] || (w[1][0] == w[0][0] && w[1][1] > w[0][1]));
        }
        // A finer spacing: about (area / spacing²) points.
        let fine = sample_polygon(&SQUARE, 20.0).unwrap();
        let area_km2 = 3.0 * 111.2 * 3.0 * 111.2 * 36.5f64.to_radians().cos();
        let expected = area_km2 / 400.0;
        assert!(
            (fine.len() as f64 - expected).abs() < 0.15 * expected,
            "{} vs {expected}",
            fine.len()
        );
        // Deterministic.
        assert_eq!(fine, sample_polygon(&SQUARE, 20.0).unwrap());
        // Too coarse for the polygon: nothing inside, no invented point.
        let tiny = [[35.0, 46.0], [35.01, 46.0], [35.01, 46.01]];
        assert!(sample_polygon(&tiny, 500.0).unwrap().len() <= 1);
        assert!(matches!(
            sample_polygon(&SQUARE, 1e-6),
            Err(PolygonError::TooManyPoints(_))
        ));
    }

    #[test]
    fn antimeridian_polygon() {
        let p = [
            [-10.0, 179.0],
            [-10.0, -179.0],
            [-12.0, -179.0],
            [-12.0, 179.0],
        ];
        let pts = sample_polygon(&p, 50.0).unwrap();
        assert!(!pts.is_empty());
        for q in &pts {
            assert!(q[1] > 178.9 || q[1] < -178.9, "{q:?}");
        }
    }

    #[test]
    fn grids_are_inclusive() {
        let g = grid_points(40.0, -5.0, 60.0, 30.0, 5.0).unwrap();
        assert_eq!(g.len(), 5 * 8);
        assert_eq!(g[0], [40.0, -5.0]);
        assert_eq!(g[g.len() - 1], [60.0, 30.0]);
        assert_eq!(
            grid_points(0.0, 0.0, 0.0, 0.0, 1.0).unwrap(),
            vec![[0.0, 0.0]]
        );
        assert!(grid_points(-90.0, -180.0, 90.0, 180.0, 1e-3).is_none());
    }
}
