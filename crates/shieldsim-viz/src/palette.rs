//! Colours: the discrete sequential scale for intercept windows (viridis, colour-blind safe; van der Walt & Smith,
//! matplotlib 2.0) and the Okabe–Ito qualitative colours for markers and lines (Okabe & Ito, *Color Universal
//! Design*, 2008).

use plotters::style::RGBColor;

/// Viridis sampled at 9 evenly spaced stops (from matplotlib's `_viridis_data`).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 45, 123),
    (59, 82, 139),
    (44, 114, 142),
    (33, 145, 140),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// Viridis at `t` in [0, 1] (linear interpolation between stops).
pub fn viridis(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + f * (f64::from(q) - f64::from(p))).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Okabe–Ito colours.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Okabe–Ito orange.
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
/// Okabe–Ito vermillion.
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Okabe–Ito reddish purple.
pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
/// Okabe–Ito bluish green.
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
/// Okabe–Ito sky blue.
pub const SKY: RGBColor = RGBColor(86, 180, 233);
/// Near-black for text and engaged tracks.
pub const INK: RGBColor = RGBColor(25, 25, 25);

/// Map background colours.
pub const SEA: RGBColor = RGBColor(220, 234, 244);
/// Land fill.
pub const LAND: RGBColor = RGBColor(243, 241, 236);
/// Coastline stroke.
pub const COAST: RGBColor = RGBColor(110, 110, 110);
/// Country border stroke.
pub const BORDER: RGBColor = RGBColor(160, 160, 160);
/// Cells that are reachable but not engageable (window = 0).
pub const NOT_ENGAGEABLE: RGBColor = RGBColor(200, 200, 200);

/// A discrete scale of `count` equal bins of width `step_s` covering (0, count * step_s] seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowScale {
    /// Width of one bin (s).
    pub step_s: f64,
    /// Number of bins (1..=6).
    pub count: usize,
}

impl WindowScale {
    /// Most bins used.
    pub const MAX_BINS: usize = 6;

    /// A scale with "nice" bin edges (1, 2, 2.5, 3 or 5 × 10^k s) covering `max_s` in at most 6 bins; `None` when no
    /// value is positive.
    pub fn for_max(max_s: f64) -> Option<Self> {
        if !(max_s.is_finite() && max_s > 0.0) {
            return None;
        }
        let raw = max_s / Self::MAX_BINS as f64;
        let mag = 10f64.powf(raw.log10().floor());
        let step_s = [1.0, 2.0, 2.5, 3.0, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| *s * (1.0 + 1e-12) >= raw)
            .unwrap_or(10.0 * mag);
        let count = ((max_s / step_s - 1e-9).ceil() as usize).clamp(1, Self::MAX_BINS);
        Some(WindowScale { step_s, count })
    }

    /// Bin index of a positive window (s).
    pub fn bin(&self, window_s: f64) -> usize {
        (((window_s / self.step_s).ceil() as usize).max(1) - 1).min(self.count - 1)
    }

    /// Colour of bin `i`.
    pub fn color(&self, i: usize) -> RGBColor {
        if self.count <= 1 {
            viridis(0.6)
        } else {
            viridis(i as f64 / (self.count - 1) as f64)
        }
    }

    /// Legend label of bin `i`, e.g. "30–60".
    pub fn label(&self, i: usize) -> String {
        let fmt = |v: f64| {
            if (v - v.round()).abs() < 1e-9 {
                format!("{}", v.round() as i64)
            } else {
                format!("{v:.1}")
            }
        };
        format!(
            "{}–{}",
            fmt(i as f64 * self.step_s),
            fmt((i + 1) as f64 * self.step_s)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_bins_cover_the_maximum() {
        let s = WindowScale::for_max(173.0).unwrap();
        assert_eq!((s.step_s, s.count), (30.0, 6));
        assert_eq!(s.bin(0.1), 0);
        assert_eq!(s.bin(30.0), 0);
        assert_eq!(s.bin(30.1), 1);
        assert_eq!(s.bin(173.0), 5);
        assert_eq!(s.label(1), "30–60");
        let s = WindowScale::for_max(12.0).unwrap();
        assert_eq!((s.step_s, s.count), (2.0, 6));
        assert!(WindowScale::for_max(0.0).is_none());
        assert!(WindowScale::for_max(f64::NAN).is_none());
    }

    #[test]
    fn viridis_ends() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
    }
}
