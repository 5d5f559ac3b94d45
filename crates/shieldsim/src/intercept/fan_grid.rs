//! The grid under every reach table: the minimum fly-out time (and `N` values of the fastest fly-out, such as its
//! arrival velocity) at each node of a regular (ground range, altitude) grid, filled from a fan of sampled fly-outs.
//!
//! Consecutive samples of neighbouring fly-outs form triangles in the (range, altitude) plane over which time and
//! values are linear; every node a triangle covers takes the smallest time offered. Lookups interpolate bilinearly; a
//! point whose cell has an unreachable corner is unreachable (the envelope's edge is conservative by one cell).

/// A fly-out sample: (ground range m, altitude m) and `N` values carried with it.
pub(crate) type FanPoint<const N: usize> = ((f64, f64), [f64; N]);

/// Minimum time and the fastest fly-out's values on a regular (ground range, altitude) grid. The values are
/// computed in `f64` and stored as `V` (`f32` where the grid's user keeps them so anyway: half the memory to walk).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FanGrid<const N: usize, V = f64> {
    pub(crate) range_step_m: f64,
    pub(crate) altitude_step_m: f64,
    pub(crate) n_range: usize,
    pub(crate) n_alt: usize,
    /// Row-major by altitude then range.
    pub(crate) nodes: Vec<GridNode<N, V>>,
}

/// One node of a [`FanGrid`]: its time and values side by side (a node is updated, and read, as one).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GridNode<const N: usize, V> {
    /// Minimum fly-out time, s; `f64::INFINITY` where unreachable.
    pub(crate) time_s: f64,
    /// The values of the fastest fly-out.
    pub(crate) values: [V; N],
}

/// How a grid stores its values.
pub(crate) trait GridValue: Copy + Default {
    /// The stored form of `x`.
    fn from_f64(x: f64) -> Self;
    /// The stored value as `f64`.
    fn to_f64(self) -> f64;
}

impl GridValue for f64 {
    #[inline]
    fn from_f64(x: f64) -> Self {
        x
    }
    #[inline]
    fn to_f64(self) -> f64 {
        self
    }
}

impl GridValue for f32 {
    #[inline]
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    #[inline]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

impl<const N: usize, V: GridValue> GridNode<N, V> {
    /// An unreachable node (values 0).
    #[inline]
    pub(crate) fn unreachable() -> Self {
        Self {
            time_s: f64::INFINITY,
            values: [V::default(); N],
        }
    }

    /// A node reached at `time_s` with `values`.
    #[inline]
    fn reached(time_s: f64, values: [f64; N]) -> Self {
        Self {
            time_s,
            values: values.map(V::from_f64),
        }
    }
}

/// The spacing and size of a grid, without its nodes: enough to place samples and triangles on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GridShape {
    range_step_m: f64,
    altitude_step_m: f64,
    n_range: usize,
    n_alt: usize,
}

impl GridShape {
    /// A grid covering ranges up to `max_range_m` and altitudes up to `max_altitude_m` (two nodes beyond each), or
    /// `None` if it would have more than [`MAX_CELLS`] cells.
    pub(crate) fn new(
        range_step_m: f64,
        altitude_step_m: f64,
        max_range_m: f64,
        max_altitude_m: f64,
    ) -> Option<Self> {
        let n_range = (max_range_m / range_step_m).ceil() as usize + 2;
        let n_alt = (max_altitude_m / altitude_step_m).ceil() as usize + 2;
        let cells = n_range.checked_mul(n_alt)?;
        (cells <= MAX_CELLS).then_some(Self {
            range_step_m,
            altitude_step_m,
            n_range,
            n_alt,
        })
    }

    /// The integer grid bounds of every sample of a fan (each found once, not once per triangle it belongs to).
    fn fan_bounds<const N: usize>(&self, fan: &[Vec<FanPoint<N>>]) -> Vec<Vec<NodeBounds>> {
        fan.iter()
            .map(|path| path.iter().map(|p| self.node_bounds(p.0)).collect())
            .collect()
    }

    /// The integer grid bounds of a point: the nodes at or after it and at or before it along each axis, and the
    /// nearest node (exactly what `ceil`, `floor` and `round` of its coordinates in cells give).
    #[inline]
    fn node_bounds(&self, (r, h): (f64, f64)) -> NodeBounds {
        let (x, y) = (r / self.range_step_m, h / self.altitude_step_m);
        NodeBounds {
            ceil: [ceil_index(x), ceil_index(y)],
            floor: [floor_index(x), floor_index(y)],
            round: [round_exact(x), round_exact(y)],
        }
    }

    /// The grid nodes in the bounding box of a triangle whose vertices have bounds `nb`: the ranges of range and
    /// altitude indices, or `None` if it holds none (most triangles of a fan). These are the smallest ceiling and
    /// greatest floor of the vertices' cell coordinates: ceil and floor are monotonic, and so is division by the
    /// positive step, so they are the ceiling and floor of the box's edges in cells. A NaN coordinate counts for
    /// neither, as `f64::min` and `max` ignore it.
    #[inline]
    fn nodes_in_box(&self, nb: [&NodeBounds; 3]) -> Option<[(usize, usize); 2]> {
        let ir1 = nb[0].floor[0].max(nb[1].floor[0]).max(nb[2].floor[0]);
        let ia1 = nb[0].floor[1].max(nb[1].floor[1]).max(nb[2].floor[1]);
        if ir1 < 0 || ia1 < 0 {
            return None;
        }
        let ir0 = nb[0].ceil[0].min(nb[1].ceil[0]).min(nb[2].ceil[0]).max(0);
        let ia0 = nb[0].ceil[1].min(nb[1].ceil[1]).min(nb[2].ceil[1]).max(0);
        let ir1 = ir1.min(self.n_range as i64 - 1);
        let ia1 = ia1.min(self.n_alt as i64 - 1);
        (ir0 <= ir1 && ia0 <= ia1)
            .then_some([(ir0 as usize, ir1 as usize), (ia0 as usize, ia1 as usize)])
    }

    /// The index of the grid node nearest a fly-out sample at `p` (bounds `nb`), if the sample lies within a tenth
    /// of a cell of it.
    #[inline]
    fn node_near(&self, p: (f64, f64), nb: &NodeBounds) -> Option<usize> {
        let [ir, ia] = nb.round;
        if ir < 0.0 || ia < 0.0 || ir as usize >= self.n_range || ia as usize >= self.n_alt {
            return None;
        }
        let close = (p.0 - ir * self.range_step_m).abs() < 0.1 * self.range_step_m
            && (p.1 - ia * self.altitude_step_m).abs() < 0.1 * self.altitude_step_m;
        close.then_some(ia as usize * self.n_range + ir as usize)
    }

    /// What [`FanGrid::extent_m`] gives after [`FanGrid::fill_from_fan`] of this fan on an empty grid of this shape,
    /// without the grid: the greatest range and altitude of a node that some triangle (or sample) reaches with a
    /// finite time. A node ends finite exactly when one triangle accepts it with a finite time (the first such
    /// replaces infinity; later ones only lower it) or a sample lies near it, whatever the order; so only the nodes
    /// beyond the extent found so far are tested, and most triangles are not looked at past their bounding box.
    pub(crate) fn fan_extent_m<const N: usize>(
        &self,
        fan: &[Vec<FanPoint<N>>],
        times: &[f64],
    ) -> (f64, f64) {
        let nodes = self.fan_bounds(fan);
        // Greatest range and altitude index reached so far (-1: none).
        let (mut top_r, mut top_a) = (-1i64, -1i64);
        for (pair, bounds) in fan.windows(2).zip(nodes.windows(2)) {
            let (a, b) = (&pair[0], &pair[1]);
            let (ba, bb) = (&bounds[0], &bounds[1]);
            let n = a.len().min(b.len());
            for j in 0..n.saturating_sub(1) {
                let (t0, t1) = (times[j], times[j + 1]);
                for (v, nb) in [
                    (
                        [(a[j], t0), (b[j], t0), (a[j + 1], t1)],
                        [&ba[j], &bb[j], &ba[j + 1]],
                    ),
                    (
                        [(b[j], t0), (b[j + 1], t1), (a[j + 1], t1)],
                        [&bb[j], &bb[j + 1], &ba[j + 1]],
                    ),
                ] {
                    let Some([(ir0, ir1), (ia0, ia1)]) = self.nodes_in_box(nb) else {
                        continue;
                    };
                    if ir1 as i64 <= top_r && ia1 as i64 <= top_a {
                        continue;
                    }
                    let [((p0, _), t0), ((p1, _), t1), ((p2, _), t2)] = v;
                    let Some(tri) = Triangle::new([p0, p1, p2]) else {
                        continue;
                    };
                    for ia in ia0..=ia1 {
                        let h = ia as f64 * self.altitude_step_m;
                        for ir in ir0..=ir1 {
                            if ir as i64 <= top_r && ia as i64 <= top_a {
                                continue;
                            }
                            let r = ir as f64 * self.range_step_m;
                            if let Some([l0, l1, l2]) = tri.inside(r, h) {
                                if (l0 * t0 + l1 * t1 + l2 * t2).is_finite() {
                                    top_r = top_r.max(ir as i64);
                                    top_a = top_a.max(ia as i64);
                                }
                            }
                        }
                    }
                }
            }
        }
        for (path, bounds) in fan.iter().zip(&nodes) {
            for (j, (&(p, _), nb)) in path.iter().zip(bounds).enumerate() {
                if let Some(k) = self.node_near(p, nb) {
                    if times[j].is_finite() {
                        top_r = top_r.max((k % self.n_range) as i64);
                        top_a = top_a.max((k / self.n_range) as i64);
                    }
                }
            }
        }
        let at = |top: i64, step: f64| if top < 0 { 0.0 } else { top as f64 * step };
        (
            at(top_r, self.range_step_m),
            at(top_a, self.altitude_step_m),
        )
    }
}

/// A triangle of a fan in the (range, altitude) plane, for the barycentric test of grid nodes.
struct Triangle {
    p: [(f64, f64); 3],
    det: f64,
}

impl Triangle {
    /// The triangle with these vertices, or `None` if it is degenerate (|det| below 1e-6 m²).
    #[inline]
    fn new(p: [(f64, f64); 3]) -> Option<Self> {
        let [p0, p1, p2] = p;
        let det = (p1.1 - p2.1) * (p0.0 - p2.0) + (p2.0 - p1.0) * (p0.1 - p2.1);
        (det.abs() >= 1e-6).then_some(Self { p, det })
    }

    /// The barycentric coordinates of (`r`, `h`) if all are at least −1e-9 (inside, or on an edge up to rounding).
    #[inline]
    fn inside(&self, r: f64, h: f64) -> Option<[f64; 3]> {
        let [p0, p1, p2] = self.p;
        let det = self.det;
        let l0 = ((p1.1 - p2.1) * (r - p2.0) + (p2.0 - p1.0) * (h - p2.1)) / det;
        let l1 = ((p2.1 - p0.1) * (r - p2.0) + (p0.0 - p2.0) * (h - p2.1)) / det;
        let l2 = 1.0 - l0 - l1;
        let eps = -1e-9;
        (l0 >= eps && l1 >= eps && l2 >= eps).then_some([l0, l1, l2])
    }
}

/// Fewest nodes in a row of a triangle's bounding box for [`RowSpan`] to be worth finding (it costs about three
/// divisions per triangle and a few multiplications per row).
const SPAN_MIN_NODES: usize = 8;

/// Where on each row of its bounding box a triangle can hold nodes: [`Triangle::inside`] solved for the ground
/// range along the row, loosened so that rounding cannot hide a node the test accepts. The triangles of a fan are
/// long and thin and most nodes of their boxes lie outside; testing only the span saves the division and the
/// mispredicted branch of each.
///
/// Along a row at altitude h each coordinate is affine in the range: l_i = (a_i (r − x₂) + b_i (h − y₂)) / det, and
/// l₂ = 1 − l₀ − l₁. Computed in floating point, each differs from its exact value (taking the computed a_i, b_i,
/// det and vertex as exact) by a few units of roundoff of its largest term, (|a_i| |r − x₂| + |b_i| |h − y₂| +
/// |det|) / |det|; `slack` bounds that over the box a thousand times over (1e-12 of it), so a node the test accepts
/// has every exact coordinate at least eps − slack. The span is the exact solution of l_i ≥ eps − 5·slack, r − x₂ ≥
/// (or ≤, by the sign of a_i / det) R_i + Q_i (h − y₂), widened by a billionth of its terms' magnitudes and of a
/// cell for the roundoff of computing it (a few units of 1e-16 of them). A coordinate whose R_i or Q_i is not
/// finite (a_i = 0 or next to it) bounds nothing (which only widens the span); a triangle with a slack above 1e-6 (nearly
/// degenerate) has its whole box tested. `tests::thin_triangles_at_full_scale_fill_as_the_reference` checks the
/// result against testing every node of the box, bit for bit.
struct RowSpan {
    /// Per coordinate: (R_i, Q_i, bounds from below) if it bounds the range.
    bounds: [Option<(f64, f64, bool)>; 3],
    /// The third vertex (x₂, y₂), m.
    origin: (f64, f64),
    /// |x₂| + largest |R_i| (m) and largest |Q_i|, for the widening.
    magnitude: (f64, f64),
    /// Range spacing and its reciprocal, m and 1/m.
    step: f64,
    per_step: f64,
    /// Whether rows are tested whole.
    whole: bool,
}

impl RowSpan {
    fn new(
        tri: &Triangle,
        shape: GridShape,
        [(ir0, ir1), (ia0, ia1)]: [(usize, usize); 2],
    ) -> Self {
        let [p0, p1, p2] = tri.p;
        let det = tri.det;
        let (step, per_step) = (shape.range_step_m, 1.0 / shape.range_step_m);
        let whole = Self {
            bounds: [None; 3],
            origin: p2,
            magnitude: (0.0, 0.0),
            step,
            per_step,
            whole: true,
        };
        if ir1 - ir0 + 1 < SPAN_MIN_NODES {
            return whole;
        }
        let (a0, b0) = (p1.1 - p2.1, p2.0 - p1.0);
        let (a1, b1) = (p2.1 - p0.1, p0.0 - p2.0);
        let (r_lo, r_hi) = (ir0 as f64 * step, ir1 as f64 * step);
        let (h_lo, h_hi) = (
            ia0 as f64 * shape.altitude_step_m,
            ia1 as f64 * shape.altitude_step_m,
        );
        let dr = (r_lo - p2.0).abs().max((r_hi - p2.0).abs());
        let dh = (h_lo - p2.1).abs().max((h_hi - p2.1).abs());
        let terms = (a0.abs() + a1.abs()) * dr + (b0.abs() + b1.abs()) * dh;
        // slack·|det| (slack = 1e-12·(terms + |det|)/|det|), kept multiplied out.
        let slack_det = 1e-12 * (terms + det.abs());
        if slack_det.is_nan() || slack_det > 1e-6 * det.abs() {
            return whole;
        }
        // tol·det with tol = −1e-9 − 5·slack.
        let tol_det = -1e-9 * det - 5.0 * slack_det.copysign(det);
        // l₀ ≥ tol: a₀ s + b₀ dh ≥ tol·det (s = r − x₂, dh = h − y₂), likewise l₁; l₂ ≥ tol:
        // −(a₀ + a₁) s − (b₀ + b₁) dh ≥ (tol − 1)·det. Each: a s + b dh ≥ c, so s ≥ c/a − (b/a) dh when a/det > 0
        // (a·det > 0), and ≤ otherwise.
        let coordinates = [
            (a0, b0, tol_det),
            (a1, b1, tol_det),
            (-(a0 + a1), -(b0 + b1), tol_det - det),
        ];
        let mut magnitude = (p2.0.abs(), 0.0f64);
        let mut bounds = [None; 3];
        for (bound, (a, b, c)) in bounds.iter_mut().zip(coordinates) {
            let per_a = 1.0 / a;
            let (r, q) = (c * per_a, -b * per_a);
            if r.is_finite() && q.is_finite() {
                magnitude = (
                    magnitude.0.max(p2.0.abs() + r.abs()),
                    magnitude.1.max(q.abs()),
                );
                *bound = Some((r, q, (a > 0.0) == (det > 0.0)));
            }
        }
        Self {
            bounds,
            origin: p2,
            magnitude,
            step,
            per_step,
            whole: false,
        }
    }

    /// The first and last node indices (within `bounds`, the box's) of the row at altitude `h` that may lie in the
    /// triangle, or `None` if none may.
    #[inline]
    fn nodes(&self, h: f64, bounds: (usize, usize)) -> Option<(usize, usize)> {
        if self.whole {
            return Some(bounds);
        }
        let dh = h - self.origin.1;
        let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
        for &(r, q, below) in self.bounds.iter().flatten() {
            let s = r + q * dh;
            if below {
                lo = lo.max(s);
            } else {
                hi = hi.min(s);
            }
        }
        let widen = 1e-9 * (self.magnitude.0 + self.magnitude.1 * dh.abs() + self.step);
        let (lo, hi) = (self.origin.0 + lo - widen, self.origin.0 + hi + widen);
        let first = ceil_index(lo * self.per_step).max(bounds.0 as i64);
        let last = floor_index(hi * self.per_step).min(bounds.1 as i64);
        (first <= last).then_some((first as usize, last as usize))
    }
}

/// A sample's position on the grid in cells: [range, altitude] each.
#[derive(Debug, Clone, Copy)]
struct NodeBounds {
    /// Ceiling, saturated to `i64` (`i64::MAX` for NaN, which no bound then takes).
    ceil: [i64; 2],
    /// Floor, saturated to `i64` (`i64::MIN` for NaN).
    floor: [i64; 2],
    /// Nearest integer, half away from zero (`f64::round`).
    round: [f64; 2],
}

/// Below this magnitude an `f64` truncates to an `i64` exactly (2^52: every larger `f64` is an integer).
const EXACT_TRUNC: f64 = 4_503_599_627_370_496.0;

/// `x.ceil()` as an `i64` (saturating like `as`; `i64::MAX` for NaN), without the library call.
#[inline]
fn ceil_index(x: f64) -> i64 {
    if x.abs() < EXACT_TRUNC {
        let t = x as i64;
        t + i64::from((t as f64) < x)
    } else if x.is_nan() {
        i64::MAX
    } else {
        x as i64
    }
}

/// `x.floor()` as an `i64` (saturating like `as`; `i64::MIN` for NaN), without the library call.
#[inline]
fn floor_index(x: f64) -> i64 {
    if x.abs() < EXACT_TRUNC {
        let t = x as i64;
        t - i64::from((t as f64) > x)
    } else if x.is_nan() {
        i64::MIN
    } else {
        x as i64
    }
}

/// `x.round()` (half away from zero, the sign of zero kept) bit for bit, without the library call.
#[inline]
fn round_exact(x: f64) -> f64 {
    let a = x.abs();
    if a >= EXACT_TRUNC || a.is_nan() {
        return x.round();
    }
    let f = a as i64 as f64;
    // a - f is exact (Sterbenz: f is 0 or within a factor 2 of a).
    let r = if a - f >= 0.5 { f + 1.0 } else { f };
    r.copysign(x)
}

/// Largest number of cells a grid may have (about 1.2 GB at `N` = 4): a guard against physically absurd inputs.
pub(crate) const MAX_CELLS: usize = 30_000_000;

impl<const N: usize, V: GridValue> FanGrid<N, V> {
    /// An empty (all unreachable) grid covering ranges up to `max_range_m` and altitudes up to `max_altitude_m`, or
    /// `None` if it would have more than [`MAX_CELLS`] cells.
    pub(crate) fn empty(
        range_step_m: f64,
        altitude_step_m: f64,
        max_range_m: f64,
        max_altitude_m: f64,
    ) -> Option<Self> {
        let shape = GridShape::new(range_step_m, altitude_step_m, max_range_m, max_altitude_m)?;
        let cells = shape.n_range * shape.n_alt;
        Some(Self {
            range_step_m,
            altitude_step_m,
            n_range: shape.n_range,
            n_alt: shape.n_alt,
            nodes: vec![GridNode::unreachable(); cells],
        })
    }

    /// The grid's spacing and size.
    fn shape(&self) -> GridShape {
        GridShape {
            range_step_m: self.range_step_m,
            altitude_step_m: self.altitude_step_m,
            n_range: self.n_range,
            n_alt: self.n_alt,
        }
    }

    /// Fills the grid from a fan: `fan[i][j]` is fly-out i at sample time `times[j]`; fly-outs are ordered by their
    /// pitch kick so that neighbours in the list are neighbours in space.
    pub(crate) fn fill_from_fan(&mut self, fan: &[Vec<FanPoint<N>>], times: &[f64]) {
        // Each sample's grid coordinates are found once, not once per triangle it belongs to (six), and most
        // triangles hold no node at all: their bounding boxes, from the samples' integer bounds, reject them
        // before any floating-point work.
        let shape = self.shape();
        let nodes = shape.fan_bounds(fan);
        for (pair, bounds) in fan.windows(2).zip(nodes.windows(2)) {
            let (a, b) = (&pair[0], &pair[1]);
            let (ba, bb) = (&bounds[0], &bounds[1]);
            let n = a.len().min(b.len());
            for j in 0..n.saturating_sub(1) {
                let (t0, t1) = (times[j], times[j + 1]);
                if let Some(nodes) = shape.nodes_in_box([&ba[j], &bb[j], &ba[j + 1]]) {
                    self.fill_triangle([(a[j], t0), (b[j], t0), (a[j + 1], t1)], nodes);
                }
                if let Some(nodes) = shape.nodes_in_box([&bb[j], &bb[j + 1], &ba[j + 1]]) {
                    self.fill_triangle([(b[j], t0), (b[j + 1], t1), (a[j + 1], t1)], nodes);
                }
            }
        }
        // Each fly-out's own path too (the fan's outermost members have no outer neighbour).
        for (path, bounds) in fan.iter().zip(&nodes) {
            for (j, (&(p, w), nb)) in path.iter().zip(bounds).enumerate() {
                let t = times[j];
                if let Some(k) = shape.node_near(p, nb) {
                    if t < self.nodes[k].time_s {
                        self.nodes[k] = GridNode::reached(t, w);
                    }
                }
            }
        }
    }

    /// Greatest (ground range, altitude) with a finite time, m.
    pub(crate) fn extent_m(&self) -> (f64, f64) {
        let (mut r, mut h) = (0.0f64, 0.0f64);
        for ia in 0..self.n_alt {
            for ir in 0..self.n_range {
                if self.nodes[ia * self.n_range + ir].time_s.is_finite() {
                    r = r.max(ir as f64 * self.range_step_m);
                    h = h.max(ia as f64 * self.altitude_step_m);
                }
            }
        }
        (r, h)
    }

    /// Sets grid nodes inside the triangle to the smaller of their time and the triangle's linear time there
    /// (with the values interpolated likewise), among the `nodes` of its bounding box ([`GridShape::nodes_in_box`]).
    fn fill_triangle(&mut self, v: [(FanPoint<N>, f64); 3], nodes: [(usize, usize); 2]) {
        let [(ir0, ir1), (ia0, ia1)] = nodes;
        let [((p0, w0), t0), ((p1, w1), t1), ((p2, w2), t2)] = v;
        let Some(tri) = Triangle::new([p0, p1, p2]) else {
            return;
        };
        let span = RowSpan::new(&tri, self.shape(), nodes);
        for ia in ia0..=ia1 {
            let h = ia as f64 * self.altitude_step_m;
            let Some((jr0, jr1)) = span.nodes(h, (ir0, ir1)) else {
                continue;
            };
            for ir in jr0..=jr1 {
                let r = ir as f64 * self.range_step_m;
                if let Some([l0, l1, l2]) = tri.inside(r, h) {
                    let t = l0 * t0 + l1 * t1 + l2 * t2;
                    let k = ia * self.n_range + ir;
                    let node = &mut self.nodes[k];
                    if t < node.time_s {
                        *node = GridNode::reached(
                            t,
                            std::array::from_fn(|i| l0 * w0[i] + l1 * w1[i] + l2 * w2[i]),
                        );
                    }
                }
            }
        }
    }

    /// The four corner indices and bilinear weights of the cell holding a point, if all four are reachable.
    #[inline]
    pub(crate) fn cell(&self, range_m: f64, altitude_m: f64) -> Option<([usize; 4], [f64; 4])> {
        let (k, w) = cell_corners(
            (self.range_step_m, self.altitude_step_m),
            (self.n_range, self.n_alt),
            range_m,
            altitude_m,
        )?;
        k.iter()
            .all(|&i| self.nodes[i].time_s.is_finite())
            .then_some((k, w))
    }

    /// The interpolated time at a cell.
    #[inline]
    pub(crate) fn time_at(&self, k: [usize; 4], w: [f64; 4]) -> f64 {
        let n = &self.nodes;
        w[0] * n[k[0]].time_s
            + w[1] * n[k[1]].time_s
            + w[2] * n[k[2]].time_s
            + w[3] * n[k[3]].time_s
    }

    /// The interpolated values at a cell.
    #[inline]
    pub(crate) fn values_at(&self, k: [usize; 4], w: [f64; 4]) -> [f64; N] {
        let v = |j: usize, i: usize| self.nodes[k[j]].values[i].to_f64();
        std::array::from_fn(|i| w[0] * v(0, i) + w[1] * v(1, i) + w[2] * v(2, i) + w[3] * v(3, i))
    }
}

/// The corner indices (row-major by altitude, then range) and bilinear weights of the cell of a regular grid with
/// `steps` (range, altitude) m and `size` (range, altitude) nodes that holds (`range_m`, `altitude_m`), or `None`
/// outside the grid.
#[inline]
pub(crate) fn cell_corners(
    steps: (f64, f64),
    size: (usize, usize),
    range_m: f64,
    altitude_m: f64,
) -> Option<([usize; 4], [f64; 4])> {
    if !(range_m >= 0.0 && altitude_m >= 0.0) {
        return None;
    }
    let x = range_m / steps.0;
    let y = altitude_m / steps.1;
    // Both non-negative here: truncation is the floor, without the library call `floor` is on baseline x86-64.
    let (ir, ia) = (x as usize, y as usize);
    let n_range = size.0;
    if ir + 1 >= n_range || ia + 1 >= size.1 {
        return None;
    }
    let (fx, fy) = (x - ir as f64, y - ia as f64);
    let k00 = ia * n_range + ir;
    Some((
        [k00, k00 + 1, k00 + n_range, k00 + n_range + 1],
        [
            (1.0 - fx) * (1.0 - fy),
            fx * (1.0 - fy),
            (1.0 - fx) * fy,
            fx * fy,
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fill as it was before the integer bounding boxes (kept as the reference the fast fill must equal bit for
    /// bit): each triangle's box from `ceil`/`floor` of its edges, the determinant tested first.
    fn reference_fill<const N: usize>(g: &mut FanGrid<N>, fan: &[Vec<FanPoint<N>>], times: &[f64]) {
        let tri = |g: &mut FanGrid<N>, v: [(FanPoint<N>, f64); 3]| {
            let [((p0, w0), t0), ((p1, w1), t1), ((p2, w2), t2)] = v;
            let det = (p1.1 - p2.1) * (p0.0 - p2.0) + (p2.0 - p1.0) * (p0.1 - p2.1);
            if det.abs() < 1e-6 {
                return;
            }
            let (rmin, rmax) = (p0.0.min(p1.0).min(p2.0), p0.0.max(p1.0).max(p2.0));
            let (hmin, hmax) = (p0.1.min(p1.1).min(p2.1), p0.1.max(p1.1).max(p2.1));
            let ir0 = (rmin / g.range_step_m).ceil().max(0.0) as usize;
            let ir1 =
                ((rmax / g.range_step_m).floor().max(-1.0) as isize).min(g.n_range as isize - 1);
            let ia0 = (hmin / g.altitude_step_m).ceil().max(0.0) as usize;
            let ia1 =
                ((hmax / g.altitude_step_m).floor().max(-1.0) as isize).min(g.n_alt as isize - 1);
            if ir1 < 0 || ia1 < 0 {
                return;
            }
            for ia in ia0..=ia1 as usize {
                let h = ia as f64 * g.altitude_step_m;
                for ir in ir0..=ir1 as usize {
                    let r = ir as f64 * g.range_step_m;
                    let l0 = ((p1.1 - p2.1) * (r - p2.0) + (p2.0 - p1.0) * (h - p2.1)) / det;
                    let l1 = ((p2.1 - p0.1) * (r - p2.0) + (p0.0 - p2.0) * (h - p2.1)) / det;
                    let l2 = 1.0 - l0 - l1;
                    if l0 >= -1e-9 && l1 >= -1e-9 && l2 >= -1e-9 {
                        let t = l0 * t0 + l1 * t1 + l2 * t2;
                        let k = ia * g.n_range + ir;
                        if t < g.nodes[k].time_s {
                            g.nodes[k] = GridNode {
                                time_s: t,
                                values: std::array::from_fn(|i| {
                                    l0 * w0[i] + l1 * w1[i] + l2 * w2[i]
                                }),
                            };
                        }
                    }
                }
            }
        };
        for pair in fan.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            for j in 0..a.len().min(b.len()).saturating_sub(1) {
                let (t0, t1) = (times[j], times[j + 1]);
                tri(g, [(a[j], t0), (b[j], t0), (a[j + 1], t1)]);
                tri(g, [(b[j], t0), (b[j + 1], t1), (a[j + 1], t1)]);
            }
        }
        for path in fan {
            for (j, &(p, w)) in path.iter().enumerate() {
                let ir = (p.0 / g.range_step_m).round();
                let ia = (p.1 / g.altitude_step_m).round();
                if ir < 0.0 || ia < 0.0 || ir as usize >= g.n_range || ia as usize >= g.n_alt {
                    continue;
                }
                let close = (p.0 - ir * g.range_step_m).abs() < 0.1 * g.range_step_m
                    && (p.1 - ia * g.altitude_step_m).abs() < 0.1 * g.altitude_step_m;
                let k = ia as usize * g.n_range + ir as usize;
                if close && times[j] < g.nodes[k].time_s {
                    g.nodes[k] = GridNode {
                        time_s: times[j],
                        values: w,
                    };
                }
            }
        }
    }

    /// Numbers around the edges of the integer conversions: integers, halves, a hair either side, signed zeros,
    /// huge values, infinities and NaN.
    fn edge_values() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            EXACT_TRUNC,
            -EXACT_TRUNC,
            EXACT_TRUNC - 0.5,
            1e19,
            -1e19,
            0.49999999999999994,
            -0.49999999999999994,
        ];
        for k in -5..=5 {
            let x = f64::from(k);
            for y in [x, x + 0.5, x - 0.5] {
                v.extend([y, y.next_up(), y.next_down()]);
            }
        }
        v
    }

    #[test]
    fn the_integer_conversions_equal_the_library_ones_at_the_edges() {
        for x in edge_values() {
            let c = if x.is_nan() {
                i64::MAX
            } else {
                x.ceil() as i64
            };
            let f = if x.is_nan() {
                i64::MIN
            } else {
                x.floor() as i64
            };
            assert_eq!(ceil_index(x), c, "ceil {x:e}");
            assert_eq!(floor_index(x), f, "floor {x:e}");
            assert_eq!(round_exact(x).to_bits(), x.round().to_bits(), "round {x:e}");
        }
    }

    proptest! {
        #[test]
        fn the_integer_conversions_equal_the_library_ones(x in any::<f64>(), y in -1e7f64..1e7) {
            for v in [x, y] {
                if !v.is_nan() {
                    prop_assert_eq!(ceil_index(v), v.ceil() as i64);
                    prop_assert_eq!(floor_index(v), v.floor() as i64);
                }
                prop_assert_eq!(round_exact(v).to_bits(), v.round().to_bits());
            }
        }

        /// Random fans (fly-outs wandering over and beyond a small grid, below the ground and with points on nodes)
        /// fill the grid exactly as the reference fill does: same times and values, bit for bit.
        #[test]
        fn the_fill_equals_the_reference_fill(
            seeds in prop::collection::vec(
                (-3.0f64..60.0, -3.0f64..40.0, -2.0f64..4.0, -2.0f64..4.0, 0u8..4), 3..8),
            steps in 2usize..30,
            spacing in prop_oneof![Just(1.0f64), Just(0.37), Just(2.5)],
        ) {
            let times: Vec<f64> = (0..steps).map(|j| j as f64 * 2.0).collect();
            let fan: Vec<Vec<FanPoint<2>>> = seeds
                .iter()
                .enumerate()
                .map(|(i, &(r0, h0, dr, dh, snap))| {
                    (0..steps - i % 2)
                        .map(|j| {
                            let (mut r, mut h) = (r0 + dr * j as f64, h0 + dh * j as f64 - 0.05 * (j * j) as f64);
                            if snap == 0 {
                                // On a node, or a hair off one.
                                (r, h) = (r.round() * spacing, h.round() * spacing);
                            } else if snap == 1 {
                                r = (r.round() * spacing).next_up();
                            }
                            ((r, h), [r + h, f64::from(snap) - h])
                        })
                        .collect()
                })
                .collect();
            let mut fast = FanGrid::<2>::empty(spacing, spacing, 40.0, 30.0).unwrap();
            let mut slow = fast.clone();
            fast.fill_from_fan(&fan, &times);
            reference_fill(&mut slow, &fan, &times);
            let extent = fast.shape().fan_extent_m(&fan, &times);
            prop_assert_eq!(extent, slow.extent_m(), "extent without the grid");
            for (k, (f, s)) in fast.nodes.iter().zip(&slow.nodes).enumerate() {
                prop_assert_eq!(f.time_s.to_bits(), s.time_s.to_bits(), "node {}", k);
                for i in 0..2 {
                    prop_assert_eq!(f.values[i].to_bits(), s.values[i].to_bits());
                }
            }
        }

        /// Fans at the scale of the reach tables (thousands of km, 5 and 20 km cells) whose neighbouring fly-outs
        /// may be a millimetre apart (long needle-like triangles, nearly degenerate) or tens of km: the fill still
        /// equals the reference bit for bit.
        #[test]
        fn thin_triangles_at_full_scale_fill_as_the_reference(
            gaps in prop::collection::vec(prop_oneof![1e-3f64..1.0, 1.0f64..5e4], 2..7),
            speed in 1e3f64..8e3,
            loft in 0.1f64..1.4,
            coarse in any::<bool>(),
        ) {
            let step = if coarse { 20e3 } else { 5e3 };
            let times: Vec<f64> = (0..60).map(|j| j as f64 * 10.0).collect();
            let mut offset = 0.0;
            let fan: Vec<Vec<FanPoint<2>>> = std::iter::once(0.0)
                .chain(gaps.iter().copied())
                .map(|gap| {
                    offset += gap;
                    // A ballistic-looking arc, turned a little per fly-out.
                    let angle = loft + offset * 1e-6;
                    times
                        .iter()
                        .map(|&t| {
                            let r = speed * angle.cos() * t + 0.3 * offset;
                            let h = speed * angle.sin() * t - 4.9 * t * t + 1e-2 * offset;
                            ((r, h), [t, r - h])
                        })
                        .collect()
                })
                .collect();
            let mut fast = FanGrid::<2>::empty(step, step, 3e6, 1.5e6).unwrap();
            let mut slow = fast.clone();
            fast.fill_from_fan(&fan, &times);
            reference_fill(&mut slow, &fan, &times);
            let extent = fast.shape().fan_extent_m(&fan, &times);
            prop_assert_eq!(extent, slow.extent_m(), "extent without the grid");
            for (k, (f, s)) in fast.nodes.iter().zip(&slow.nodes).enumerate() {
                prop_assert_eq!(f.time_s.to_bits(), s.time_s.to_bits(), "node {}", k);
                for i in 0..2 {
                    prop_assert_eq!(f.values[i].to_bits(), s.values[i].to_bits());
                }
            }
        }
    }
}
