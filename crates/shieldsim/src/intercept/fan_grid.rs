//! The grid under every reach table: the minimum fly-out time (and `N` values of the fastest fly-out, such as its
//! arrival velocity) at each node of a regular (ground range, altitude) grid, filled from a fan of sampled fly-outs.
//!
//! Consecutive samples of neighbouring fly-outs form triangles in the (range, altitude) plane over which time and
//! values are linear; every node a triangle covers takes the smallest time offered. Lookups interpolate bilinearly; a
//! point whose cell has an unreachable corner is unreachable (the envelope's edge is conservative by one cell).

/// A fly-out sample: (ground range m, altitude m) and `N` values carried with it.
pub(crate) type FanPoint<const N: usize> = ((f64, f64), [f64; N]);

/// Minimum time and the fastest fly-out's values on a regular (ground range, altitude) grid.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FanGrid<const N: usize> {
    pub(crate) range_step_m: f64,
    pub(crate) altitude_step_m: f64,
    pub(crate) n_range: usize,
    pub(crate) n_alt: usize,
    /// Row-major by altitude then range; `f64::INFINITY` where unreachable.
    pub(crate) time_s: Vec<f64>,
    /// The values of the fastest fly-out at each node, as `time_s`.
    pub(crate) values: Vec<[f64; N]>,
}

/// Largest number of cells a grid may have (about 1.2 GB at `N` = 4): a guard against physically absurd inputs.
pub(crate) const MAX_CELLS: usize = 30_000_000;

impl<const N: usize> FanGrid<N> {
    /// An empty (all unreachable) grid covering ranges up to `max_range_m` and altitudes up to `max_altitude_m`, or
    /// `None` if it would have more than [`MAX_CELLS`] cells.
    pub(crate) fn empty(
        range_step_m: f64,
        altitude_step_m: f64,
        max_range_m: f64,
        max_altitude_m: f64,
    ) -> Option<Self> {
        let n_range = (max_range_m / range_step_m).ceil() as usize + 2;
        let n_alt = (max_altitude_m / altitude_step_m).ceil() as usize + 2;
        let cells = n_range.checked_mul(n_alt)?;
        (cells <= MAX_CELLS).then(|| Self {
            range_step_m,
            altitude_step_m,
            n_range,
            n_alt,
            time_s: vec![f64::INFINITY; cells],
            values: vec![[0.0; N]; cells],
        })
    }

    /// Fills the grid from a fan: `fan[i][j]` is fly-out i at sample time `times[j]`; fly-outs are ordered by their
    /// pitch kick so that neighbours in the list are neighbours in space.
    pub(crate) fn fill_from_fan(&mut self, fan: &[Vec<FanPoint<N>>], times: &[f64]) {
        for pair in fan.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let n = a.len().min(b.len());
            for j in 0..n.saturating_sub(1) {
                let (t0, t1) = (times[j], times[j + 1]);
                self.fill_triangle([(a[j], t0), (b[j], t0), (a[j + 1], t1)]);
                self.fill_triangle([(b[j], t0), (b[j + 1], t1), (a[j + 1], t1)]);
            }
        }
        // Each fly-out's own path too (the fan's outermost members have no outer neighbour).
        for path in fan {
            for (j, p) in path.iter().enumerate() {
                self.fill_node_near(*p, times[j]);
            }
        }
    }

    /// Greatest (ground range, altitude) with a finite time, m.
    pub(crate) fn extent_m(&self) -> (f64, f64) {
        let (mut r, mut h) = (0.0f64, 0.0f64);
        for ia in 0..self.n_alt {
            for ir in 0..self.n_range {
                if self.time_s[ia * self.n_range + ir].is_finite() {
                    r = r.max(ir as f64 * self.range_step_m);
                    h = h.max(ia as f64 * self.altitude_step_m);
                }
            }
        }
        (r, h)
    }

    /// Sets grid nodes inside the triangle to the smaller of their time and the triangle's linear time there
    /// (with the values interpolated likewise).
    fn fill_triangle(&mut self, v: [(FanPoint<N>, f64); 3]) {
        let [((p0, w0), t0), ((p1, w1), t1), ((p2, w2), t2)] = v;
        let det = (p1.1 - p2.1) * (p0.0 - p2.0) + (p2.0 - p1.0) * (p0.1 - p2.1);
        if det.abs() < 1e-6 {
            return;
        }
        let (rmin, rmax) = (p0.0.min(p1.0).min(p2.0), p0.0.max(p1.0).max(p2.0));
        let (hmin, hmax) = (p0.1.min(p1.1).min(p2.1), p0.1.max(p1.1).max(p2.1));
        let ir0 = (rmin / self.range_step_m).ceil().max(0.0) as usize;
        let ir1 =
            ((rmax / self.range_step_m).floor().max(-1.0) as isize).min(self.n_range as isize - 1);
        let ia0 = (hmin / self.altitude_step_m).ceil().max(0.0) as usize;
        let ia1 =
            ((hmax / self.altitude_step_m).floor().max(-1.0) as isize).min(self.n_alt as isize - 1);
        if ir1 < 0 || ia1 < 0 {
            return;
        }
        for ia in ia0..=ia1 as usize {
            let h = ia as f64 * self.altitude_step_m;
            for ir in ir0..=ir1 as usize {
                let r = ir as f64 * self.range_step_m;
                let l0 = ((p1.1 - p2.1) * (r - p2.0) + (p2.0 - p1.0) * (h - p2.1)) / det;
                let l1 = ((p2.1 - p0.1) * (r - p2.0) + (p0.0 - p2.0) * (h - p2.1)) / det;
                let l2 = 1.0 - l0 - l1;
                let eps = -1e-9;
                if l0 >= eps && l1 >= eps && l2 >= eps {
                    let t = l0 * t0 + l1 * t1 + l2 * t2;
                    let k = ia * self.n_range + ir;
                    if t < self.time_s[k] {
                        self.time_s[k] = t;
                        self.values[k] =
                            std::array::from_fn(|i| l0 * w0[i] + l1 * w1[i] + l2 * w2[i]);
                    }
                }
            }
        }
    }

    /// Marks the grid node nearest a fly-out sample if the sample lies within a tenth of a cell of it.
    fn fill_node_near(&mut self, (p, w): FanPoint<N>, t: f64) {
        let ir = (p.0 / self.range_step_m).round();
        let ia = (p.1 / self.altitude_step_m).round();
        if ir < 0.0 || ia < 0.0 || ir as usize >= self.n_range || ia as usize >= self.n_alt {
            return;
        }
        let close = (p.0 - ir * self.range_step_m).abs() < 0.1 * self.range_step_m
            && (p.1 - ia * self.altitude_step_m).abs() < 0.1 * self.altitude_step_m;
        let k = ia as usize * self.n_range + ir as usize;
        if close && t < self.time_s[k] {
            self.time_s[k] = t;
            self.values[k] = w;
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
            .all(|&i| self.time_s[i].is_finite())
            .then_some((k, w))
    }

    /// The interpolated time at a cell.
    #[inline]
    pub(crate) fn time_at(&self, k: [usize; 4], w: [f64; 4]) -> f64 {
        w[0] * self.time_s[k[0]]
            + w[1] * self.time_s[k[1]]
            + w[2] * self.time_s[k[2]]
            + w[3] * self.time_s[k[3]]
    }

    /// The interpolated values at a cell.
    #[inline]
    pub(crate) fn values_at(&self, k: [usize; 4], w: [f64; 4]) -> [f64; N] {
        let v = &self.values;
        std::array::from_fn(|i| {
            w[0] * v[k[0]][i] + w[1] * v[k[1]][i] + w[2] * v[k[2]][i] + w[3] * v[k[3]][i]
        })
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
    let (ir, ia) = (x.floor() as usize, y.floor() as usize);
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
