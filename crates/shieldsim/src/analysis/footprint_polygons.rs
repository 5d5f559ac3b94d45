//! Footprint polygons: the areas of a [`Footprint`] grid whose intercept window reaches given levels, as polygons in
//! longitude/latitude degrees ready for GeoJSON (RFC 7946) and KML.
//!
//! Marching squares (the `contour` crate, a port of d3-contour) runs on the grid with unevaluated points (out of
//! range, failed, outside the region) set below every level, without smoothing: a boundary passes half-way between a
//! point that reaches the level and one that does not, so the polygons cover the grid cells they should to within
//! half a cell. The grid's outer edge is the cell edge, so a global footprint lies within [−180°, 180°] × [−90°, 90°]:
//! an area across the antimeridian comes out as two polygons meeting at ±180° (as RFC 7946 §3.1.9 asks), and an area
//! around a pole is bounded by the ±90° parallel (a valid ring in longitude/latitude). Rings are closed (first point
//! repeated), exterior rings counter-clockwise and holes clockwise (the right-hand rule of RFC 7946 §3.1.6).

use contour::ContourBuilder;

use super::footprint::Footprint;

/// A ring: `[lon_deg, lat_deg]` points, closed (the last equals the first).
pub type Ring = Vec<[f64; 2]>;

/// A polygon: its exterior ring (counter-clockwise), then its holes (clockwise).
pub type Polygon = Vec<Ring>;

/// The area where the window reaches one level.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelArea {
    /// The level, s: the area where the intercept window is at least this long (0 means "engageable at all").
    pub level_s: f64,
    /// Its polygons.
    pub polygons: Vec<Polygon>,
}

/// Twice the signed area of a closed ring in the (lon, lat) plane (positive when counter-clockwise).
pub fn twice_signed_area(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

/// The footprint's areas at each of `levels_s` (ascending, ≥ 0). Level 0 is the engageable area.
pub fn footprint_polygons(f: &Footprint, levels_s: &[f64]) -> Vec<LevelArea> {
    let g = &f.grid;
    // Engageable points carry their window plus a small offset so that level 0 separates them from the
    // not-engageable ones (window 0); everything else sits below all levels.
    const ENGAGED_OFFSET: f64 = 1e-3;
    let values: Vec<f64> = f
        .points
        .iter()
        .map(|p| match p.status {
            super::footprint::PointStatus::Engageable => p.window_s + ENGAGED_OFFSET,
            super::footprint::PointStatus::NotEngageable => 0.0,
            _ => -1.0,
        })
        .collect();
    let thresholds: Vec<f64> = levels_s
        .iter()
        .map(|l| if *l <= 0.0 { ENGAGED_OFFSET / 2.0 } else { *l })
        .collect();
    // A grid across the antimeridian has a cell edge on it: contour its western and eastern parts apart, so that
    // an area across the line comes out as two polygons meeting at ±180°.
    let split = g.cols_west_of_antimeridian();
    let mut polygons = vec![Vec::new(); thresholds.len()];
    for (first, cols, lon_edge) in [
        (0, split, g.lon0_deg - g.spacing_deg / 2.0),
        (split, g.cols - split, -180.0),
    ] {
        if cols == 0 {
            continue;
        }
        let part: Vec<f64> = values
            .chunks(g.cols)
            .flat_map(|row| row[first..first + cols].iter().copied())
            .collect();
        let part_polygons = threshold_polygons(
            &part,
            [cols, g.rows],
            [lon_edge, g.lat0_deg - g.spacing_deg / 2.0],
            [g.spacing_deg, g.spacing_deg],
            &thresholds,
        );
        for (all, more) in polygons.iter_mut().zip(part_polygons) {
            all.extend(more);
        }
    }
    levels_s
        .iter()
        .zip(polygons)
        .map(|(level, polygons)| LevelArea {
            level_s: *level,
            polygons: polygons
                .into_iter()
                .map(|p| {
                    p.into_iter()
                        .map(|r| {
                            r.into_iter()
                                .map(|c| [snap(c[0], 180.0), snap(c[1], 90.0)])
                                .collect()
                        })
                        .collect()
                })
                .collect(),
        })
        .collect()
}

/// Snaps to 1e-9 (so that cell edges such as ±180 stay exact) and clamps to ±`lim`.
fn snap(v: f64, lim: f64) -> f64 {
    ((v * 1e9).round() / 1e9).clamp(-lim, lim)
}

/// Polygons of the areas where a grid of `values` (row-major, `size = [columns, rows]`, value `(i, j)` at the
/// centre of the cell whose lower corner is `origin + (i, j) · step`) is at least each threshold: marching squares
/// without smoothing, closed rings, exteriors counter-clockwise and holes clockwise (x right, y up). Used for
/// footprints and for interceptor envelopes in profile plots.
pub fn threshold_polygons(
    values: &[f64],
    size: [usize; 2],
    origin: [f64; 2],
    step: [f64; 2],
    thresholds: &[f64],
) -> Vec<Vec<Polygon>> {
    let builder = ContourBuilder::new(size[0], size[1], false)
        .x_origin(origin[0])
        .y_origin(origin[1])
        .x_step(step[0])
        .y_step(step[1]);
    let Ok(contours) = builder.contours(values, thresholds) else {
        return vec![Vec::new(); thresholds.len()];
    };
    contours
        .into_iter()
        .map(|c| {
            c.geometry()
                .0
                .iter()
                .map(|poly| {
                    let mut rings = Vec::with_capacity(1 + poly.interiors().len());
                    rings.push(oriented(poly.exterior().0.iter().map(|c| [c.x, c.y]), true));
                    for hole in poly.interiors() {
                        rings.push(oriented(hole.0.iter().map(|c| [c.x, c.y]), false));
                    }
                    rings
                })
                .collect()
        })
        .collect()
}

/// The ring closed, counter-clockwise when `ccw`, clockwise otherwise.
fn oriented(ring: impl Iterator<Item = [f64; 2]>, ccw: bool) -> Ring {
    let mut pts: Ring = ring.collect();
    if pts.first() != pts.last() {
        if let Some(&first) = pts.first() {
            pts.push(first);
        }
    }
    if (twice_signed_area(&pts) > 0.0) != ccw {
        pts.reverse();
    }
    pts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::footprint::{Grid, Mode, PointResult, PointStatus, Region};
    use crate::earth::Geodetic;

    fn grid_footprint(
        region: Region,
        spacing: f64,
        window: impl Fn(f64, f64) -> Option<f64>,
    ) -> Footprint {
        let grid = Grid::new(&region, spacing).unwrap();
        let mut points = Vec::new();
        for r in 0..grid.rows {
            for c in 0..grid.cols {
                let w = window(grid.lat_deg(r), grid.lon_deg(c));
                points.push(PointResult {
                    status: match w {
                        Some(w) if w > 0.0 => PointStatus::Engageable,
                        Some(_) => PointStatus::NotEngageable,
                        None => PointStatus::OutOfRange,
                    },
                    window_s: w.unwrap_or(0.0),
                    shots: 0,
                    sites: 0,
                    earliest_intercept_s: f64::NAN,
                    earliest_intercept_alt_km: f64::NAN,
                    flight_time_s: f64::NAN,
                    range_km: 0.0,
                });
            }
        }
        Footprint {
            scenario: "t".into(),
            title: "t".into(),
            missile: "m".into(),
            shape: "min-energy".into(),
            mode: Mode::Aims {
                launch: Geodetic::from_degrees(0.0, 0.0, 0.0),
            },
            grid,
            sites: vec![],
            points,
        }
    }

    fn area(p: &Polygon) -> f64 {
        twice_signed_area(&p[0]) / 2.0
            + p[1..]
                .iter()
                .map(|h| twice_signed_area(h) / 2.0)
                .sum::<f64>()
    }

    #[test]
    fn a_block_of_cells_becomes_one_ccw_square() {
        // Cells centred at 10.5..14.5 E, 20.5..22.5 N engaged with 100 s: a 5° × 3° block.
        let f = grid_footprint(
            Region::new(0.0, 0.0, 40.0, 40.0).unwrap(),
            1.0,
            |lat, lon| {
                if (10.0..15.0).contains(&lon) && (20.0..23.0).contains(&lat) {
                    Some(100.0)
                } else {
                    Some(0.0)
                }
            },
        );
        let areas = footprint_polygons(&f, &[0.0, 60.0, 120.0]);
        assert_eq!(areas.len(), 3);
        assert_eq!(areas[0].polygons.len(), 1);
        assert_eq!(areas[1].polygons.len(), 1);
        assert!(areas[2].polygons.is_empty());
        let ring = &areas[0].polygons[0][0];
        assert_eq!(ring.first(), ring.last());
        assert!(
            twice_signed_area(ring) > 0.0,
            "exterior must be counter-clockwise"
        );
        // The boundary runs half-way between engaged and unengaged centres, i.e. along the cell edges, with the
        // corners cut by half a cell: area 15 − 4·(1/8) deg².
        assert!(
            (area(&areas[0].polygons[0]) - 14.5).abs() < 1e-9,
            "{}",
            area(&areas[0].polygons[0])
        );
        let (mut w, mut e) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in ring {
            w = w.min(p[0]);
            e = e.max(p[0]);
        }
        assert_eq!((w, e), (10.0, 15.0));
    }

    #[test]
    fn holes_are_clockwise_and_global_areas_stay_in_range() {
        // Everything engaged except a 3×3 block in the middle of the map and the polar caps beyond 80°; the
        // engaged band spans the antimeridian edge.
        let f = grid_footprint(Region::GLOBAL, 2.0, |lat, lon| {
            if lat.abs() > 80.0 {
                None
            } else if lon.abs() < 3.0 && lat.abs() < 3.0 {
                Some(0.0)
            } else {
                Some(30.0)
            }
        });
        let areas = footprint_polygons(&f, &[0.0]);
        let polys = &areas[0].polygons;
        assert_eq!(polys.len(), 1);
        assert_eq!(polys[0].len(), 2, "one exterior, one hole");
        assert!(twice_signed_area(&polys[0][0]) > 0.0);
        assert!(twice_signed_area(&polys[0][1]) < 0.0);
        for ring in &polys[0] {
            assert_eq!(ring.first(), ring.last());
            for p in ring {
                assert!(
                    (-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]),
                    "{p:?}"
                );
            }
        }
        let lons: Vec<f64> = polys[0][0].iter().map(|p| p[0]).collect();
        assert!(lons.contains(&-180.0) && lons.contains(&180.0));
    }

    #[test]
    fn areas_across_the_antimeridian_split_on_it() {
        // A region from 160° E to 160° W, engaged from 170° E to 170° W (cell centres 170.5..179.5 and
        // −179.5..−170.5) between 10° and 20° N: two 10° × 10° blocks meeting at ±180°.
        let f = grid_footprint(
            Region::new(0.0, 160.0, 30.0, -160.0).unwrap(),
            1.0,
            |lat, lon| {
                Some(if lon.abs() > 170.0 && (10.0..20.0).contains(&lat) {
                    90.0
                } else {
                    0.0
                })
            },
        );
        let areas = footprint_polygons(&f, &[0.0]);
        let polys = &areas[0].polygons;
        assert_eq!(polys.len(), 2, "{polys:?}");
        let mut total = 0.0;
        for p in polys {
            let ring = &p[0];
            assert_eq!(ring.first(), ring.last());
            assert!(twice_signed_area(ring) > 0.0);
            let lons: Vec<f64> = ring.iter().map(|q| q[0]).collect();
            let (w, e) = lons
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(w, e), l| {
                    (w.min(*l), e.max(*l))
                });
            assert!(
                (w, e) == (170.0, 180.0) || (w, e) == (-180.0, -170.0),
                "one side of the line each: {w}..{e}"
            );
            total += area(p);
        }
        // Each block loses its four corners (1/8 deg² each), as any block does.
        assert!((total - 2.0 * (100.0 - 4.0 / 8.0)).abs() < 1e-9, "{total}");
        // The two halves meet along the same stretch of the line.
        let on_line = |lon: f64| {
            let mut lats: Vec<f64> = polys
                .iter()
                .flat_map(|p| p[0].iter())
                .filter(|q| q[0] == lon)
                .map(|q| q[1])
                .collect();
            lats.sort_by(f64::total_cmp);
            lats.dedup();
            lats
        };
        assert_eq!(on_line(180.0), on_line(-180.0));
        let line = on_line(180.0);
        assert_eq!((line[0], line[line.len() - 1]), (10.5, 19.5));
    }

    #[test]
    fn polar_caps_reach_the_pole_line() {
        let f = grid_footprint(Region::GLOBAL, 1.0, |lat, _| {
            Some(if lat > 70.0 { 50.0 } else { 0.0 })
        });
        let areas = footprint_polygons(&f, &[0.0]);
        assert_eq!(areas[0].polygons.len(), 1);
        let ring = &areas[0].polygons[0][0];
        assert!(ring.iter().any(|p| p[1] == 90.0));
        assert!(twice_signed_area(ring) > 0.0);
        // 360° × (90 − 70) deg² minus half-cell corner cuts at the two grid corners.
        assert!((area(&areas[0].polygons[0]) - 7200.0).abs() < 1.0);
    }
}
