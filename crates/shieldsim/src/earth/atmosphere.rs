//! The U.S. Standard Atmosphere 1976 (COESA; NOAA-S/T 76-1562, NASA-TM-X-74335, October 1976), from −5 km to
//! 1000 km geometric altitude, for drag in trajectory integration.
//!
//! # What is modelled
//!
//! The standard's idealised, steady, mid-latitude (45°N), moderate-solar-activity, dry atmosphere. All inputs are
//! **geometric** altitudes `z` in metres above mean sea level. Where the standard works in geopotential altitude it
//! is obtained as `H = r0·z / (r0 + z)` with the standard's effective Earth radius `r0 = 6 356.766 km` and
//! `g0 = 9.80665 m/s²`; gravity above 86 km is `g = g0·(r0/(r0+z))²`. The other constants are the standard's own
//! (R* = 8314.32 J/(kmol·K), M0 = 28.9644 kg/kmol, N_A = 6.022169e26 /kmol, k = 1.380622e-23 J/K), so results
//! reproduce its tables rather than a modern re-derivation.
//!
//! ## 0–86 km: seven hydrostatic layers (closed form)
//!
//! The molecular-scale temperature `T_M` is linear in `H` in seven layers with bases 0, 11, 20, 32, 47, 51 and 71 km'
//! and gradients −6.5, 0, +1.0, +2.8, 0, −2.8, −2.0 K/km' (Table 4). Pressure follows the hydrostatic closed forms
//! `p = p_b·(T_M/T_M,b)^(−g0·M0/(R*·L))` (gradient layers) or `p = p_b·exp(−g0·M0·(H−H_b)/(R*·T_M,b))` (isothermal
//! layers), and density is `ρ = p·M0/(R*·T_M)`. The layer-base values are computed once (lazily) from the sea-level
//! values, so they match Table 4 (e.g. 22 632.06 Pa at 11 km'). The reported (kinetic) temperature is
//! `T = T_M·M/M0`, which differs from `T_M` only between 80 and 86 km, where `M/M0` is linearly interpolated in
//! the standard's Table 8 (1 at 80 km → 0.999579 at 86 km); so `T(86 km) = 186.8673 K`, as in the standard.
//! Accuracy: pressure and density agree with the standard's Table I to within one unit of the 5th significant
//! figure (relative < 5e-5), temperature and speed of sound (Table III) to within 0.005 K and 0.005 m/s, and
//! everything with the independent `ussa1976` Python package to < 2e-5 relative (see the tests).
//!
//! Below −5 km (the standard's lowest tabulated altitude) the first layer's formulas are simply continued
//! (extrapolated): temperature, pressure and density keep increasing smoothly downwards, with no clamp and no kink.
//! Only below [`DEEPEST_ALTITUDE_M`] (−1000 km, physically meaningless) is the input clamped, so that every finite
//! input gives finite output (the geopotential conversion is singular at `z = −r0`).
//!
//! ## 86–1000 km: the species diffusion equations, integrated once, then tabulated
//!
//! The kinetic temperature follows the standard's four regimes (equations 27–32): isothermal 186.8673 K to 91 km,
//! an elliptical arc to 110 km (240 K), a 12 K/km linear rise to 120 km (360 K), then the exponential approach
//! `T = T∞ − (T∞ − T10)·exp(−λ·ξ)` to `T∞ = 1000 K` with `ξ = (z − 120 km)·(r0 + 120 km)/(r0 + z)`.
//!
//! The number densities of N2, O, O2, Ar, He and H are obtained, as in the standard, by **integrating its
//! diffusion equations** (33–40): N2 in hydrostatic equilibrium (mean molecular weight M0 to 100 km, M(N2) above);
//! O and O2 diffusing through N2, Ar and He through N2+O+O2, with the molecular-diffusion coefficients
//! `D = a·(T/273.15)^b / n_background`, the eddy-diffusion coefficient `K` (120 m²/s to 95 km, decaying to 0 at
//! 115 km), thermal diffusion (He, H) and the vertical-transport terms `Q(z−U)²·exp(−W(z−U)³)` (plus O's second
//! term below 97 km); H from its escape flux φ = 7.2e11 /(m²·s) and `n(H, 500 km) = 8e10 /m³` (150–500 km) and
//! diffusive equilibrium above 500 km, zero below 150 km. The boundary values at 86 km are the standard's.
//! The mean molecular weight in the `M·K/D` term is M0 below 100 km and the background gas's mean above (the
//! procedure of S. S. Pietrobon's public-domain reproduction of the standard's tables).
//!
//! On first use above 86 km (or on [`warm_up`]) the coupled system is integrated once with classical RK4 (≤ 100 m
//! steps, all regime switches on step boundaries; converged to ~5e-9 relative), which takes a few milliseconds,
//! and the result is stored in a `std::sync::OnceLock` as tables of ln(ρ), ln(n_i) and the speed of sound at nodes
//! every 50 m from 86 to 200 km and every 500 m from 200 to 1000 km. Values between nodes are linear in
//! ln(ρ) / ln(n_i) (log-linear), i.e. continuous; the interpolation error is < 1e-5 relative.
//!
//! Accuracy achieved against the standard's Table I at 86, 91, 92, 95, 100, 110, 115, 120, 130, 140, 150, 160, 180,
//! 200, 230, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900 and 1000 km: density equal to the printed 4
//! significant figures everywhere (largest relative deviation 2.9e-4, at 600 km: 1.13667e-13 against the printed
//! 1.137e-13, i.e. inside the rounding of the last digit), pressure within 5e-5 relative of the printed 5
//! figures, temperature within 0.005 K. That is about 30 times inside a 1 % requirement.
//!
//! ## Speed of sound
//!
//! Up to 86 km it is the standard's `c = sqrt(γ·R*·T_M/M0)` with γ = 1.40 (Table III; 340.294 m/s at sea level).
//! The standard does not tabulate it above 86 km (the gas is no longer a continuum at constant composition). This
//! module returns a finite, continuous, documented value there: `c = sqrt(γ·R*·T/M86)` from the local kinetic
//! temperature with the 86 km mean molecular weight `M86 = 0.999579·M0` (and γ = 1.40), which joins the standard's
//! value at 86 km exactly and tends to 634.07 m/s at 1000 km. Treat it as a reference speed for forming a Mach
//! number (drag is free-molecular there anyway), not as an acoustic property.
//!
//! ## Out-of-range and non-finite input
//!
//! * NaN altitude → every field NaN (no panic).
//! * Above 1000 km ([`TOP_ALTITUDE_M`], including +∞): density and pressure 0 (space), temperature and speed of
//!   sound those at 1000 km (exosphere). Density steps from 3.56e-15 kg/m³ to 0 there, which is immaterial for drag.
//! * Below −5 km: first-layer extrapolation (see above); −∞ and anything below −1000 km evaluate at −1000 km.
//!
//! ## Speed
//!
//! [`density`] and [`density_and_speed_of_sound`] are the hot paths: below 86 km one division, a branch-free layer
//! lookup and one `powf`/`exp` with precomputed layer constants; above 86 km an index computation, one linear
//! interpolation and one `exp`. Typically 10–25 ns per call on a current x86-64 core. The first call above 86 km
//! builds the table (a few ms); call [`warm_up`] beforehand where that latency matters. All tables are
//! immutable after construction and shared between threads.

use std::sync::OnceLock;

// -----------------------------------------------------------------------------------------------------------------
// Constants of the standard (Table 2 and Part 1 of NOAA-S/T 76-1562). Molar quantities are per kmol, as there.
// -----------------------------------------------------------------------------------------------------------------

/// Standard sea-level gravity g0, m/s².
const G0: f64 = 9.806_65;
/// Effective Earth radius r0 of the geopotential conversion, m.
const R0: f64 = 6_356_766.0;
/// Universal gas constant R*, J/(kmol·K).
const R_STAR: f64 = 8_314.32;
/// Sea-level mean molecular weight M0, kg/kmol.
const M0: f64 = 28.964_4;
/// Avogadro constant, 1/kmol.
const N_A: f64 = 6.022_169e26;
/// Boltzmann constant, J/K.
const K_B: f64 = 1.380_622e-23;
/// Sea-level pressure, Pa.
const P0: f64 = 101_325.0;
/// Sea-level temperature, K.
const T0: f64 = 288.15;
/// Ratio of specific heats used by the standard for the speed of sound.
const GAMMA: f64 = 1.40;

/// Top of the model, m (geometric). Above it density and pressure are 0.
pub const TOP_ALTITUDE_M: f64 = 1_000_000.0;
/// Boundary between the closed-form lower atmosphere and the diffusive upper atmosphere, m (geometric).
pub const UPPER_REGION_BASE_M: f64 = 86_000.0;
/// Lowest altitude tabulated by the standard, m; below it the first layer is extrapolated.
pub const STANDARD_BOTTOM_ALTITUDE_M: f64 = -5_000.0;
/// Inputs below this altitude (m) are evaluated at it, only to keep the extrapolated first layer finite.
pub const DEEPEST_ALTITUDE_M: f64 = -1_000_000.0;

// -----------------------------------------------------------------------------------------------------------------
// Lower atmosphere: seven layers linear in molecular-scale temperature versus geopotential altitude.
// -----------------------------------------------------------------------------------------------------------------

/// Geopotential base altitudes H_b of the seven layers, m' (Table 4).
const LOWER_BASE_H: [f64; 7] = [
    0.0, 11_000.0, 20_000.0, 32_000.0, 47_000.0, 51_000.0, 71_000.0,
];
/// Geometric altitudes (m) where the model's temperature profile changes form: the lower layers' bases above sea
/// level (11, 20, 32, 47, 51, 71 km geopotential, converted with r0 = 6356.766 km) and the upper regimes' bases
/// (86, 91, 110, 120 km). Density's slope jumps there, so integrators end steps at these heights rather than step
/// across them.
pub const LAYER_BOUNDARIES_M: [f64; 10] = [
    11_019.067_8,
    20_063.123_7,
    32_161.903_2,
    47_350.092_2,
    51_412.479_6,
    71_801.970_7,
    86_000.0,
    91_000.0,
    110_000.0,
    120_000.0,
];

/// Molecular-scale temperature gradients L_M,b of the seven layers, K/m' (Table 4).
const LOWER_LAPSE: [f64; 7] = [-0.0065, 0.0, 0.0010, 0.0028, 0.0, -0.0028, -0.0020];

/// M/M0 from 80 to 86 km in 0.5 km steps (Table 8), linearly interpolated; converts T_M to kinetic T.
const MOLWT_RATIO_80_86: [f64; 13] = [
    1.000_000, 0.999_996, 0.999_989, 0.999_971, 0.999_941, 0.999_909, 0.999_870, 0.999_829,
    0.999_786, 0.999_741, 0.999_694, 0.999_641, 0.999_579,
];

/// Precomputed constants of one lower layer.
#[derive(Debug, Clone, Copy, Default)]
struct Layer {
    /// Geopotential base altitude, m'.
    h_base: f64,
    /// Molecular-scale temperature at the base, K.
    tm_base: f64,
    /// Pressure at the base, Pa.
    p_base: f64,
    /// Density at the base, kg/m³.
    rho_base: f64,
    /// Molecular-scale temperature gradient, K/m'.
    lapse: f64,
    /// `lapse / tm_base`, 1/m'.
    lapse_over_tm: f64,
    /// Gradient layer: pressure exponent `−g0·M0/(R*·L)`. Isothermal layer: decay rate `g0·M0/(R*·T_b)`, 1/m'.
    p_exp: f64,
    /// Gradient layer: density exponent `p_exp − 1`. Isothermal layer: the same decay rate as `p_exp`.
    rho_exp: f64,
}

fn lower_layers() -> &'static [Layer; 7] {
    static LAYERS: OnceLock<[Layer; 7]> = OnceLock::new();
    LAYERS.get_or_init(build_lower_layers)
}

fn build_lower_layers() -> [Layer; 7] {
    let gmr = G0 * M0 / R_STAR;
    let mut layers = [Layer::default(); 7];
    let (mut tm, mut p) = (T0, P0);
    for (i, layer) in layers.iter_mut().enumerate() {
        let lapse = LOWER_LAPSE[i];
        let (p_exp, rho_exp) = if lapse == 0.0 {
            (gmr / tm, gmr / tm)
        } else {
            (-gmr / lapse, -gmr / lapse - 1.0)
        };
        *layer = Layer {
            h_base: LOWER_BASE_H[i],
            tm_base: tm,
            p_base: p,
            rho_base: p * M0 / (R_STAR * tm),
            lapse,
            lapse_over_tm: lapse / tm,
            p_exp,
            rho_exp,
        };
        if let Some(&h_next) = LOWER_BASE_H.get(i + 1) {
            let dh = h_next - LOWER_BASE_H[i];
            let tm_next = tm + lapse * dh;
            p = if lapse == 0.0 {
                p * (-p_exp * dh).exp()
            } else {
                p * (tm_next / tm).powf(p_exp)
            };
            tm = tm_next;
        }
    }
    layers
}

/// Geopotential altitude (m') from geometric altitude (m).
#[inline]
fn geopotential(z: f64) -> f64 {
    R0 * z / (R0 + z)
}

/// Index of the lower layer containing geopotential altitude `h` (below 0: layer 0, extrapolated).
#[inline]
fn layer_index(h: f64) -> usize {
    usize::from(h >= LOWER_BASE_H[1])
        + usize::from(h >= LOWER_BASE_H[2])
        + usize::from(h >= LOWER_BASE_H[3])
        + usize::from(h >= LOWER_BASE_H[4])
        + usize::from(h >= LOWER_BASE_H[5])
        + usize::from(h >= LOWER_BASE_H[6])
}

/// Molecular-scale temperature (K) and pressure (Pa) below 86 km; `z` finite and ≥ [`DEEPEST_ALTITUDE_M`].
fn lower_tm_p(z: f64) -> (f64, f64) {
    let h = geopotential(z);
    let layer = &lower_layers()[layer_index(h)];
    let dh = h - layer.h_base;
    if layer.lapse == 0.0 {
        (layer.tm_base, layer.p_base * (-layer.p_exp * dh).exp())
    } else {
        let ratio = 1.0 + layer.lapse_over_tm * dh;
        (
            layer.tm_base * ratio,
            layer.p_base * ratio.powf(layer.p_exp),
        )
    }
}

/// Largest spacing of [`lower_density_table`]'s nodes, m: cubic Hermite interpolation of the density between exact
/// values and slopes errs by about (spacing / scale height)⁴ / 384, under 1e-9 relative with scale heights of 5.5 km
/// and more.
const LOWER_TABLE_STEP_M: f64 = 100.0;

/// The lower atmosphere's density (0–86 km) tabulated for the drag of free flights: per layer, intervals evenly
/// spaced in geometric altitude from the layer's base to the next (to 86 km for the last), each holding the cubic
/// that matches the exact density (kg/m³) and its slope at both ends (cubic Hermite). The layer bases are interval
/// ends, so the slope's jumps there are kept.
struct LowerDensityTable {
    /// Per layer: index of its first interval in `cubics`, number of intervals, base (m) and reciprocal spacing (1/m).
    layers: [(usize, usize, f64, f64); 7],
    /// Per interval, the cubic's coefficients in the fraction t ∈ [0, 1] of the interval: a + b t + c t² + d t³.
    cubics: Vec<[f64; 4]>,
}

fn lower_density_table() -> &'static LowerDensityTable {
    static TABLE: OnceLock<LowerDensityTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Density and its slope per geometric metre (dh/dz = (r0 / (r0 + z))²) by the formula of layer `i`.
        let exact = |i: usize, z: f64| {
            let layer = &lower_layers()[i];
            let dh = geopotential(z) - layer.h_base;
            let (rho, _) = layer.rho_tm(dh);
            let per_h = if layer.lapse == 0.0 {
                -layer.rho_exp * rho
            } else {
                rho * layer.rho_exp * layer.lapse_over_tm / (1.0 + layer.lapse_over_tm * dh)
            };
            let g = R0 / (R0 + z);
            (rho, per_h * g * g)
        };
        let mut table = LowerDensityTable {
            layers: [(0, 0, 0.0, 0.0); 7],
            cubics: Vec::new(),
        };
        for i in 0..7 {
            let base = if i == 0 {
                0.0
            } else {
                LAYER_BOUNDARIES_M[i - 1]
            };
            let end = if i == 6 {
                UPPER_REGION_BASE_M
            } else {
                LAYER_BOUNDARIES_M[i]
            };
            let n = ((end - base) / LOWER_TABLE_STEP_M).ceil().max(1.0) as usize;
            let step = (end - base) / n as f64;
            table.layers[i] = (table.cubics.len(), n, base, 1.0 / step);
            // Every node by the layer's own formula, its ends included (the formulas of neighbouring layers agree
            // in value at their boundary, not in slope).
            let at = |k: usize| exact(i, if k == n { end } else { base + k as f64 * step });
            let mut lo = at(0);
            for k in 0..n {
                let hi = at(k + 1);
                let (p0, m0, p1, m1) = (lo.0, lo.1 * step, hi.0, hi.1 * step);
                table.cubics.push([
                    p0,
                    m0,
                    3.0 * (p1 - p0) - 2.0 * m0 - m1,
                    2.0 * (p0 - p1) + m0 + m1,
                ]);
                lo = hi;
            }
        }
        table
    })
}

/// Density (kg/m³) at geometric altitude `z` (m) from 0 to 86 km, from [`lower_density_table`].
#[inline]
fn lower_density_tabulated(z: f64) -> f64 {
    let table = lower_density_table();
    let b = &LAYER_BOUNDARIES_M;
    let i = usize::from(z >= b[0])
        + usize::from(z >= b[1])
        + usize::from(z >= b[2])
        + usize::from(z >= b[3])
        + usize::from(z >= b[4])
        + usize::from(z >= b[5]);
    let (first, n, base, per_step) = table.layers[i];
    let x = (z - base) * per_step;
    // The last interval holds the layer's top (reached by rounding).
    let k = (x as usize).min(n - 1);
    let t = x - k as f64;
    let [a, b1, c, d] = table.cubics[first + k];
    ((d * t + c) * t + b1) * t + a
}

/// Density (kg/m³) and molecular-scale temperature (K) below 86 km (hot path; same domain as [`lower_tm_p`]).
#[inline]
fn lower_rho_tm(z: f64) -> (f64, f64) {
    let h = geopotential(z);
    let layer = &lower_layers()[layer_index(h)];
    layer.rho_tm(h - layer.h_base)
}

impl Layer {
    /// Density (kg/m³) and molecular-scale temperature (K) `dh` m' above the layer's base, by its formula.
    #[inline]
    fn rho_tm(&self, dh: f64) -> (f64, f64) {
        if self.lapse == 0.0 {
            (self.rho_base * (-self.rho_exp * dh).exp(), self.tm_base)
        } else {
            let ratio = 1.0 + self.lapse_over_tm * dh;
            (
                self.rho_base * ratio.powf(self.rho_exp),
                self.tm_base * ratio,
            )
        }
    }
}

/// M/M0 below 86 km: 1 up to 80 km, Table 8 linearly interpolated from 80 to 86 km.
fn molwt_ratio_lower(z: f64) -> f64 {
    if z <= 80_000.0 {
        return 1.0;
    }
    let u = ((z - 80_000.0) / 500.0).min(12.0);
    let i = (u as usize).min(11);
    let f = u - i as f64;
    MOLWT_RATIO_80_86[i] + f * (MOLWT_RATIO_80_86[i + 1] - MOLWT_RATIO_80_86[i])
}

/// `γ·R*/M0`: squared speed of sound per kelvin of molecular-scale temperature (≤ 86 km).
const SOUND_COEFF_LOWER: f64 = GAMMA * R_STAR / M0;
/// Mean molecular weight at 86 km, `M0 · 0.999579` (Table 8), kg/kmol.
const M86: f64 = M0 * 0.999_579;
/// `γ·R*/M86`: squared speed of sound per kelvin of kinetic temperature (> 86 km, this module's convention).
const SOUND_COEFF_UPPER: f64 = GAMMA * R_STAR / M86;

// -----------------------------------------------------------------------------------------------------------------
// Upper atmosphere, 86–1000 km.
// -----------------------------------------------------------------------------------------------------------------

const Z7: f64 = 86_000.0;
const Z8: f64 = 91_000.0;
const Z9: f64 = 110_000.0;
const Z10: f64 = 120_000.0;
/// Above this altitude N2 uses M(N2) and the `M·K/D` term the background mean molecular weight.
const Z_M_SWITCH: f64 = 100_000.0;
/// Hydrogen is zero below this altitude.
const Z_H_START: f64 = 150_000.0;
const Z11: f64 = 500_000.0;
const T7: f64 = 186.867_3;
const T9: f64 = 240.0;
const T10: f64 = 360.0;
const T11: f64 = 999.235_6;
const T_INF: f64 = 1_000.0;
/// Elliptical segment (91–110 km): centre temperature, amplitude (K) and semi-axis (m).
const TC: f64 = 263.190_5;
const A_ELLIPSE: f64 = -76.323_2;
const A_SEMI: f64 = -19_942.9;
/// Kinetic temperature gradient 110–120 km, K/m.
const LK9: f64 = 0.012;
/// λ of the exponential segment, 1/m.
const LAMBDA: f64 = 1.875e-5;

/// Kinetic temperature (K) and its gradient (K/m) for 86 km ≤ `z` ≤ 1000 km (equations 27–32).
fn upper_temperature(z: f64) -> (f64, f64) {
    if z <= Z8 {
        (T7, 0.0)
    } else if z <= Z9 {
        let b = (z - Z8) / A_SEMI;
        let root = (1.0 - b * b).sqrt();
        (TC + A_ELLIPSE * root, -A_ELLIPSE / A_SEMI * b / root)
    } else if z <= Z10 {
        (T9 + LK9 * (z - Z9), LK9)
    } else {
        let ratio = (R0 + Z10) / (R0 + z);
        let decay = (T_INF - T10) * (-LAMBDA * (z - Z10) * ratio).exp();
        (T_INF - decay, LAMBDA * ratio * ratio * decay)
    }
}

const N_SPECIES: usize = 6;
/// Species indices (order N2, O, O2, Ar, He, H).
const N2: usize = 0;
const O1: usize = 1;
const O2: usize = 2;
const AR: usize = 3;
const HE: usize = 4;
const H1: usize = 5;
/// Molecular weights, kg/kmol (Table 3).
const MOLWT: [f64; N_SPECIES] = [28.013_4, 15.999_4, 31.998_8, 39.948, 4.002_6, 1.007_97];
/// Number densities at 86 km, 1/m³ (N2, O, O2, Ar, He).
const N_AT_86: [f64; 5] = [1.129_794e20, 8.6e16, 3.030_898e19, 1.351_4e18, 7.581_7e14];
/// Thermal-diffusion factors α_i.
const ALPHA: [f64; N_SPECIES] = [0.0, 0.0, 0.0, 0.0, -0.40, -0.25];
/// Molecular-diffusion constants a_i, 1/(m·s), and b_i (Table 6).
const DIFF_A: [f64; N_SPECIES] = [0.0, 6.986e20, 4.863e20, 4.487e20, 1.700e21, 3.305e21];
const DIFF_B: [f64; N_SPECIES] = [0.0, 0.750, 0.750, 0.870, 0.691, 0.500];
/// Vertical-transport constants Q_i (1/m³), U_i (m), W_i (1/m³) (Table 7).
const FLUX_Q: [f64; N_SPECIES] = [
    0.0,
    -5.809_644e-13,
    1.366_212e-13,
    9.434_079e-14,
    -2.457_369e-13,
    0.0,
];
const FLUX_U: [f64; N_SPECIES] = [0.0, 56_903.11, 86_000.0, 86_000.0, 86_000.0, 0.0];
const FLUX_W: [f64; N_SPECIES] = [
    0.0,
    2.706_240e-14,
    8.333_333e-14,
    8.333_333e-14,
    6.666_667e-13,
    0.0,
];
/// Second transport term of atomic oxygen (q, u, w), applied below 97 km.
const FLUX_Q2_O: f64 = -3.416_248e-12;
const FLUX_U2_O: f64 = 97_000.0;
const FLUX_W2_O: f64 = 5.008_765e-13;
/// Eddy diffusion: K7 (m²/s) below 95 km, then `K7·exp(1 − A/(A − (z − 95 km)²))` to 115 km, 0 above.
const EDDY_K7: f64 = 120.0;
const EDDY_Z: f64 = 95_000.0;
const EDDY_END: f64 = 115_000.0;
const EDDY_A: f64 = 4.0e8;
/// Hydrogen: number density at 500 km (1/m³) and vertical escape flux (1/(m²·s)).
const N_H_500: f64 = 8.0e10;
const PHI_H: f64 = 7.2e11;

/// Table nodes: segment A every 50 m from 86 to 200 km, segment B every 500 m from 200 to 1000 km.
const STEP_A: f64 = 50.0;
const STEP_B: f64 = 500.0;
const Z_SEGMENT_SPLIT: f64 = 200_000.0;
const INTERVALS_A: usize = 2_280;
const INTERVALS_B: usize = 1_600;
const N_NODES: usize = INTERVALS_A + INTERVALS_B + 1;
/// Largest RK4 step used to build the table, m.
const MAX_RK4_STEP: f64 = 100.0;
/// Stored in place of ln(0) (hydrogen below 150 km); `exp` of it is 0 and it never makes NaN.
const LN_ZERO: f64 = -1.0e3;

/// Geometric altitude (m) of table node `k`.
fn node_altitude(k: usize) -> f64 {
    if k <= INTERVALS_A {
        Z7 + STEP_A * k as f64
    } else {
        Z_SEGMENT_SPLIT + STEP_B * (k - INTERVALS_A) as f64
    }
}

/// Interval index and fraction for 86 km ≤ `z` ≤ 1000 km.
#[inline]
fn locate(z: f64) -> (usize, f64) {
    if z < Z_SEGMENT_SPLIT {
        let u = (z - Z7) * (1.0 / STEP_A);
        let i = (u as usize).min(INTERVALS_A - 1);
        (i, u - i as f64)
    } else {
        let u = (z - Z_SEGMENT_SPLIT) * (1.0 / STEP_B);
        let i = (u as usize).min(INTERVALS_B - 1);
        (INTERVALS_A + i, u - i as f64)
    }
}

/// Linear interpolation in `v` between nodes `i` and `i + 1`.
#[inline]
fn lerp(v: &[f64], i: usize, f: f64) -> f64 {
    let a = v[i];
    a + f * (v[i + 1] - a)
}

/// The upper-atmosphere tables, one entry per node.
struct UpperTable {
    /// ln of the mass density (kg/m³).
    ln_rho: Vec<f64>,
    /// Speed of sound (m/s), this module's convention above 86 km.
    sound: Vec<f64>,
    /// ln of the pressure (Pa): n·k·T.
    ln_p: Vec<f64>,
    /// ln of the number densities (1/m³), species order N2, O, O2, Ar, He, H ([`LN_ZERO`] for H below 150 km).
    ln_n: [Vec<f64>; N_SPECIES],
}

fn upper_table() -> &'static UpperTable {
    static TABLE: OnceLock<UpperTable> = OnceLock::new();
    TABLE.get_or_init(build_upper_table)
}

#[inline]
fn gravity(z: f64) -> f64 {
    let r = R0 / (R0 + z);
    G0 * r * r
}

fn eddy(z: f64) -> f64 {
    if z < EDDY_Z {
        EDDY_K7
    } else if z < EDDY_END {
        let d = z - EDDY_Z;
        EDDY_K7 * (1.0 - EDDY_A / (EDDY_A - d * d)).exp()
    } else {
        0.0
    }
}

/// ODE state: ln n of N2, O, O2, Ar, He; then τ = ∫ g·M_H/(R*·T) dz from 150 km; then
/// J = ∫ (φ/D_H)·(T/T11)^(1+α_H)·e^τ dz from 150 km (to 500 km).
type State = [f64; 7];

/// Which side of the regime switches an RK4 step is on (decided at the step's midpoint).
#[derive(Clone, Copy)]
struct Regime {
    above_100: bool,
    hydrogen: bool,
    below_500: bool,
}

/// d(state)/dz (equations 33–40).
fn derivatives(z: f64, y: &State, regime: Regime) -> State {
    let (t, dt_dz) = upper_temperature(z);
    let g = gravity(z);
    let k = eddy(z);
    let n = [y[0].exp(), y[1].exp(), y[2].exp(), y[3].exp(), y[4].exp()];
    let dlnt = dt_dz / t;
    let g_over_rt = g / (R_STAR * t);
    let ln_t_ratio = (t / 273.15).ln();
    let mut dy = [0.0; 7];

    // N2: hydrostatic, M0 up to 100 km and M(N2) above.
    let m_n2 = if regime.above_100 { MOLWT[N2] } else { M0 };
    dy[N2] = -m_n2 * g_over_rt - dlnt;

    // O and O2 diffuse through N2; Ar and He through N2 + O + O2.
    let bg_heavy = n[N2];
    let bg_light = n[N2] + n[O1] + n[O2];
    let m_light = if regime.above_100 {
        (n[N2] * MOLWT[N2] + n[O1] * MOLWT[O1] + n[O2] * MOLWT[O2]) / bg_light
    } else {
        M0
    };
    for s in [O1, O2, AR, HE] {
        let (bg, m_bg) = if s == O1 || s == O2 {
            (bg_heavy, m_n2)
        } else {
            (bg_light, m_light)
        };
        let thermal = ALPHA[s] * R_STAR * dt_dz / g;
        let f = if k > 0.0 {
            let d = DIFF_A[s] * (DIFF_B[s] * ln_t_ratio).exp() / bg;
            g_over_rt * d / (d + k) * (MOLWT[s] + m_bg * k / d + thermal)
        } else {
            g_over_rt * (MOLWT[s] + thermal)
        };
        let x = z - FLUX_U[s];
        let mut flux = FLUX_Q[s] * x * x * (-FLUX_W[s] * x * x * x).exp();
        if s == O1 && z < FLUX_U2_O {
            let x2 = FLUX_U2_O - z;
            flux += FLUX_Q2_O * x2 * x2 * (-FLUX_W2_O * x2 * x2 * x2).exp();
        }
        dy[s] = -(f + flux) - dlnt;
    }

    // Hydrogen integrals (from 150 km).
    if regime.hydrogen {
        dy[5] = MOLWT[H1] * g_over_rt;
        if regime.below_500 {
            let bg: f64 = n.iter().sum();
            let d = DIFF_A[H1] * (DIFF_B[H1] * ln_t_ratio).exp() / bg;
            dy[6] = PHI_H / d * ((1.0 + ALPHA[H1]) * (t / T11).ln() + y[5]).exp();
        }
    }
    dy
}

/// `a + s·b`, component-wise.
fn axpy(a: &State, s: f64, b: &State) -> State {
    let mut out = *a;
    for (o, v) in out.iter_mut().zip(b) {
        *o += s * v;
    }
    out
}

/// One classical RK4 step of length `h` from altitude `z`.
fn rk4_step(z: f64, h: f64, y: &State) -> State {
    let mid = z + 0.5 * h;
    let regime = Regime {
        above_100: mid > Z_M_SWITCH,
        hydrogen: mid > Z_H_START,
        below_500: mid < Z11,
    };
    let k1 = derivatives(z, y, regime);
    let k2 = derivatives(mid, &axpy(y, 0.5 * h, &k1), regime);
    let k3 = derivatives(mid, &axpy(y, 0.5 * h, &k2), regime);
    let k4 = derivatives(z + h, &axpy(y, h, &k3), regime);
    let mut out = *y;
    for (((o, a), (b, c)), d) in out.iter_mut().zip(&k1).zip(k2.iter().zip(&k3)).zip(&k4) {
        *o += h / 6.0 * (a + 2.0 * b + 2.0 * c + d);
    }
    out
}

/// Integrates the species equations from 86 km through the ascending altitudes `nodes` (which should contain
/// 100, 150 and 500 km, where regimes switch) with RK4 steps of at most `max_step` m, and returns the number
/// densities (1/m³; N2, O, O2, Ar, He, H) at every node.
fn integrate_species(nodes: &[f64], max_step: f64) -> Vec<[f64; N_SPECIES]> {
    let mut states: Vec<State> = Vec::with_capacity(nodes.len());
    let mut y: State = [
        N_AT_86[N2].ln(),
        N_AT_86[O1].ln(),
        N_AT_86[O2].ln(),
        N_AT_86[AR].ln(),
        N_AT_86[HE].ln(),
        0.0,
        0.0,
    ];
    let mut z_prev = Z7;
    for &z_next in nodes {
        let span = z_next - z_prev;
        if span > 0.0 {
            let steps = (span / max_step).ceil().max(1.0);
            let h = span / steps;
            for s in 0..steps as usize {
                y = rk4_step(z_prev + h * s as f64, h, &y);
            }
        }
        states.push(y);
        z_prev = z_next;
    }
    // n_H(z) = [n_H(500)·e^τ(500) + J(500) − J(z)]·(T11/T)^(1+α)·e^−τ(z); J is constant above 500 km.
    let (tau_500, j_500) = nodes
        .iter()
        .position(|&z| z >= Z11)
        .and_then(|k| states.get(k))
        .map_or((0.0, 0.0), |st| (st[5], st[6]));
    let h_const = N_H_500 * tau_500.exp() + j_500;
    nodes
        .iter()
        .zip(&states)
        .map(|(&z, st)| {
            let mut n = [
                st[0].exp(),
                st[1].exp(),
                st[2].exp(),
                st[3].exp(),
                st[4].exp(),
                0.0,
            ];
            if z >= Z_H_START {
                let (t, _) = upper_temperature(z);
                n[H1] = (h_const - st[6]) * (T11 / t).powf(1.0 + ALPHA[H1]) * (-st[5]).exp();
            }
            n
        })
        .collect()
}

/// Mass density (kg/m³) of a species mix given as number densities (1/m³).
fn mass_density(n: &[f64; N_SPECIES]) -> f64 {
    n.iter().zip(MOLWT.iter()).map(|(a, m)| a * m).sum::<f64>() / N_A
}

fn build_upper_table() -> UpperTable {
    let nodes: Vec<f64> = (0..N_NODES).map(node_altitude).collect();
    let densities = integrate_species(&nodes, MAX_RK4_STEP);
    let mut ln_rho = Vec::with_capacity(N_NODES);
    let mut sound = Vec::with_capacity(N_NODES);
    let mut ln_p = Vec::with_capacity(N_NODES);
    let mut ln_n: [Vec<f64>; N_SPECIES] = Default::default();
    for (&z, n) in nodes.iter().zip(&densities) {
        ln_rho.push(mass_density(n).ln());
        ln_p.push((n.iter().sum::<f64>() * K_B * upper_temperature(z).0).ln());
        sound.push((SOUND_COEFF_UPPER * upper_temperature(z).0).sqrt());
        for (column, &ns) in ln_n.iter_mut().zip(n) {
            column.push(if ns > 0.0 { ns.ln() } else { LN_ZERO });
        }
    }
    UpperTable {
        ln_rho,
        sound,
        ln_p,
        ln_n,
    }
}

// -----------------------------------------------------------------------------------------------------------------
// Public API
// -----------------------------------------------------------------------------------------------------------------

/// Atmospheric state at one altitude (SI units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtmosphereState {
    /// Kinetic temperature, K.
    pub temperature_k: f64,
    /// Pressure, Pa.
    pub pressure_pa: f64,
    /// Mass density, kg/m³.
    pub density_kg_m3: f64,
    /// Speed of sound, m/s (the standard's definition to 86 km; above, see the module documentation).
    pub speed_of_sound_mps: f64,
}

impl AtmosphereState {
    const NAN: Self = Self {
        temperature_k: f64::NAN,
        pressure_pa: f64::NAN,
        density_kg_m3: f64::NAN,
        speed_of_sound_mps: f64::NAN,
    };
}

/// Full state of the U.S. Standard Atmosphere 1976 at geometric altitude `alt_m` (m).
///
/// Below 86 km: the closed-form layers (extrapolating the first layer below −5 km; inputs below
/// [`DEEPEST_ALTITUDE_M`] evaluate there). 86–1000 km: the species number densities from the integrated diffusion
/// equations, interpolated log-linearly per species, with pressure `n·k·T` and the analytic kinetic temperature.
/// Above 1000 km (and +∞): density and pressure 0, temperature and speed of sound of 1000 km. NaN: all fields NaN.
/// The first call at or above 86 km builds the upper table (a few ms; see [`warm_up`]).
#[must_use]
pub fn us1976(alt_m: f64) -> AtmosphereState {
    if alt_m.is_nan() {
        return AtmosphereState::NAN;
    }
    let z = alt_m.max(DEEPEST_ALTITUDE_M);
    if z < UPPER_REGION_BASE_M {
        let (tm, p) = lower_tm_p(z);
        return AtmosphereState {
            temperature_k: tm * molwt_ratio_lower(z),
            pressure_pa: p,
            density_kg_m3: p * M0 / (R_STAR * tm),
            speed_of_sound_mps: (SOUND_COEFF_LOWER * tm).sqrt(),
        };
    }
    if z > TOP_ALTITUDE_M {
        let t = upper_temperature(TOP_ALTITUDE_M).0;
        return AtmosphereState {
            temperature_k: t,
            pressure_pa: 0.0,
            density_kg_m3: 0.0,
            speed_of_sound_mps: (SOUND_COEFF_UPPER * t).sqrt(),
        };
    }
    let table = upper_table();
    let (i, f) = locate(z);
    let t = upper_temperature(z).0;
    let (mut n_total, mut mass) = (0.0, 0.0);
    for (s, column) in table.ln_n.iter().enumerate() {
        if s == H1 && z < Z_H_START {
            continue;
        }
        let n = lerp(column, i, f).exp();
        n_total += n;
        mass += n * MOLWT[s];
    }
    AtmosphereState {
        temperature_k: t,
        pressure_pa: n_total * K_B * t,
        density_kg_m3: mass / N_A,
        speed_of_sound_mps: (SOUND_COEFF_UPPER * t).sqrt(),
    }
}

/// Mass density only, kg/m³, at geometric altitude `alt_m` (m) — the hot path for drag.
///
/// Same model and out-of-range conventions as [`us1976`] (agrees with its `density_kg_m3` to < 1e-5 relative),
/// continuous in altitude from −1000 km to 1000 km; 0 above 1000 km, NaN for NaN. From 0 to 86 km, cubic Hermite
/// interpolation between the closed form's values and slopes every 100 m at most (within 3e-10 relative of it, no
/// power or exponential to evaluate: about half the time); below 0, the closed form with precomputed layer constants; above 86 km,
/// log-linear interpolation in a precomputed table. Both tables are built on first use (see [`warm_up`]).
#[inline]
#[must_use]
pub fn density(alt_m: f64) -> f64 {
    if (0.0..UPPER_REGION_BASE_M).contains(&alt_m) {
        lower_density_tabulated(alt_m)
    } else if alt_m < UPPER_REGION_BASE_M {
        lower_rho_tm(alt_m.max(DEEPEST_ALTITUDE_M)).0
    } else if alt_m <= TOP_ALTITUDE_M {
        let (i, f) = locate(alt_m);
        lerp(&upper_table().ln_rho, i, f).exp()
    } else if alt_m.is_nan() {
        f64::NAN
    } else {
        0.0
    }
}

/// Density (kg/m³) and speed of sound (m/s) together, at geometric altitude `alt_m` (m) — the hot path for drag
/// with Mach-dependent coefficients.
///
/// Same model and conventions as [`density`] and [`us1976`] (the speed of sound agrees with
/// [`AtmosphereState::speed_of_sound_mps`] to < 1e-5 relative). NaN input gives `(NaN, NaN)`.
#[inline]
#[must_use]
pub fn density_and_speed_of_sound(alt_m: f64) -> (f64, f64) {
    if alt_m < UPPER_REGION_BASE_M {
        let (rho, tm) = lower_rho_tm(alt_m.max(DEEPEST_ALTITUDE_M));
        (rho, (SOUND_COEFF_LOWER * tm).sqrt())
    } else if alt_m <= TOP_ALTITUDE_M {
        let table = upper_table();
        let (i, f) = locate(alt_m);
        (lerp(&table.ln_rho, i, f).exp(), lerp(&table.sound, i, f))
    } else if alt_m.is_nan() {
        (f64::NAN, f64::NAN)
    } else {
        (0.0, us1976(alt_m).speed_of_sound_mps)
    }
}

/// Density (kg/m³), pressure (Pa) and speed of sound (m/s) together: the hot path of a rocket's boost (drag and the
/// nozzle's ambient-pressure loss). Agrees with [`us1976`] to the table interpolation (2e-4 relative above 86 km; exact below).
#[inline]
pub fn density_pressure_sound(alt_m: f64) -> (f64, f64, f64) {
    if alt_m < UPPER_REGION_BASE_M {
        let (tm, p) = lower_tm_p(alt_m.max(DEEPEST_ALTITUDE_M));
        (p * M0 / (R_STAR * tm), p, (SOUND_COEFF_LOWER * tm).sqrt())
    } else if alt_m <= TOP_ALTITUDE_M {
        let table = upper_table();
        let (i, f) = locate(alt_m);
        (
            lerp(&table.ln_rho, i, f).exp(),
            lerp(&table.ln_p, i, f).exp(),
            lerp(&table.sound, i, f),
        )
    } else {
        let s = us1976(alt_m);
        (s.density_kg_m3, s.pressure_pa, s.speed_of_sound_mps)
    }
}

/// Builds the lazily initialised tables now (a few milliseconds once per process), so that no later call to
/// [`density`], [`density_and_speed_of_sound`] or [`us1976`] pays for it. Optional; idempotent; thread-safe.
pub fn warm_up() {
    let _ = lower_layers();
    let _ = lower_density_table();
    let _ = upper_table();
}

#[cfg(test)]
mod boundary_tests {
    use super::*;

    #[test]
    fn fast_triple_agrees_with_the_full_model() {
        let mut z = -4_000.0;
        while z < 1_000_000.0 {
            let full = us1976(z);
            let (rho, p, a) = density_pressure_sound(z);
            assert!((rho / full.density_kg_m3 - 1.0).abs() < 2e-4, "{z}");
            assert!(
                (p / full.pressure_pa - 1.0).abs() < 2e-4,
                "{z}: {p} vs {}",
                full.pressure_pa
            );
            assert!((a / full.speed_of_sound_mps - 1.0).abs() < 1e-5, "{z}");
            z += 1_234.5;
        }
    }

    #[test]
    fn layer_boundaries_are_the_geometric_heights_of_the_geopotential_bases() {
        for (i, &h) in LOWER_BASE_H.iter().enumerate().skip(1) {
            let z = R0 * h / (R0 - h);
            assert!((LAYER_BOUNDARIES_M[i - 1] - z).abs() < 1e-3, "{h}: {z}");
        }
        assert!(LAYER_BOUNDARIES_M.windows(2).all(|w| w[1] > w[0]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relative difference.
    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    /// Oracle block 1 of `validation/atmosphere_oracle.py`: the PyPI package `ussa1976` 0.3.4 (Y. Nollet, an
    /// independent Python implementation of NOAA-S/T 76-1562): (altitude m, T_M K, pressure Pa, density kg/m³,
    /// speed of sound m/s). Its "t" is the molecular-scale temperature, equal to the kinetic one below 80 km.
    const USSA1976_PY_LOWER: [(f64, f64, f64, f64, f64); 21] = [
        (
            0.0,
            2.8815000000e+02,
            1.0132500000e+05,
            1.2250002250e+00,
            3.4029395929e+02,
        ),
        (
            500.0,
            2.8490025561e+02,
            9.5461284530e+04,
            1.1672734703e+00,
            3.3836960726e+02,
        ),
        (
            1000.0,
            2.8165102237e+02,
            8.9876275782e+04,
            1.1116598389e+00,
            3.3643455369e+02,
        ),
        (
            5000.0,
            2.5567554322e+02,
            5.4048256501e+04,
            7.3642865958e-01,
            3.2054537979e+02,
        ),
        (
            10000.0,
            2.2325209265e+02,
            2.6499867120e+04,
            4.1351030576e-01,
            2.9953163497e+02,
        ),
        (
            11000.0,
            2.1677351270e+02,
            2.2699931102e+04,
            3.6480140628e-01,
            2.9515356653e+02,
        ),
        (
            15000.0,
            2.1665000000e+02,
            1.2111803244e+04,
            1.9475485537e-01,
            2.9506946859e+02,
        ),
        (
            20000.0,
            2.1665000000e+02,
            5.5292978578e+03,
            8.8909767014e-02,
            2.9506946859e+02,
        ),
        (
            25000.0,
            2.2155206473e+02,
            2.5492147993e+03,
            4.0083792874e-02,
            2.9838901356e+02,
        ),
        (
            32000.0,
            2.2848971866e+02,
            8.8906074245e+02,
            1.3555107025e-02,
            3.0302486004e+02,
        ),
        (
            40000.0,
            2.5034964610e+02,
            2.8714248539e+02,
            3.9956611712e-03,
            3.1718921986e+02,
        ),
        (
            47000.0,
            2.6968413085e+02,
            1.1585042887e+02,
            1.4965127939e-03,
            3.2920970058e+02,
        ),
        (
            50000.0,
            2.7065000000e+02,
            7.9778595382e+01,
            1.0268725254e-03,
            3.2979870315e+02,
        ),
        (
            51000.0,
            2.7065000000e+02,
            7.0457561913e+01,
            9.0689657032e-04,
            3.2979870315e+02,
        ),
        (
            60000.0,
            2.4702088477e+02,
            2.1958504451e+01,
            3.0967579766e-04,
            3.1507341800e+02,
        ),
        (
            71000.0,
            2.1684591068e+02,
            4.4795240470e+00,
            7.1964583418e-05,
            2.9520285008e+02,
        ),
        (
            77000.0,
            2.0449308848e+02,
            1.7285902874e+00,
            2.9447715881e-05,
            2.8667131918e+02,
        ),
        (
            80000.0,
            1.9863857625e+02,
            1.0524630048e+00,
            1.8457863293e-05,
            2.8253790770e+02,
        ),
        (
            84000.0,
            1.9084104374e+02,
            5.3103931268e-01,
            9.6937780050e-06,
            2.7693689551e+02,
        ),
        (
            85000.0,
            1.8889317369e+02,
            4.4567596539e-01,
            8.2194191974e-06,
            2.7551995547e+02,
        ),
        (
            86000.0,
            1.8694590831e+02,
            3.7337638482e-01,
            6.9577538800e-06,
            2.7409613393e+02,
        ),
    ];

    /// NOAA-S/T 76-1562, Table I (geometric altitude km; kinetic temperature K, pressure Pa, density kg/m³),
    /// 86–1000 km, as printed (5 significant figures for p, 4 for ρ).
    const STANDARD_TABLE_I_UPPER: [(f64, f64, f64, f64); 26] = [
        (86.0, 186.87, 3.7338e-1, 6.958e-6),
        (91.0, 186.87, 1.5381e-1, 2.860e-6),
        (92.0, 186.96, 1.2887e-1, 2.393e-6),
        (95.0, 188.42, 7.5966e-2, 1.393e-6),
        (100.0, 195.08, 3.2011e-2, 5.604e-7),
        (110.0, 240.00, 7.1042e-3, 9.708e-8),
        (115.0, 300.00, 4.0096e-3, 4.289e-8),
        (120.0, 360.00, 2.5382e-3, 2.222e-8),
        (130.0, 469.27, 1.2505e-3, 8.152e-9),
        (140.0, 559.63, 7.2028e-4, 3.831e-9),
        (150.0, 634.39, 4.5422e-4, 2.076e-9),
        (160.0, 696.29, 3.0395e-4, 1.233e-9),
        (180.0, 790.07, 1.5271e-4, 5.194e-10),
        (200.0, 854.56, 8.4736e-5, 2.541e-10),
        (230.0, 915.78, 3.9276e-5, 1.029e-10),
        (250.0, 941.33, 2.4767e-5, 6.073e-11),
        (300.0, 976.01, 8.7704e-6, 1.916e-11),
        (350.0, 990.06, 3.4498e-6, 7.014e-12),
        (400.0, 995.83, 1.4518e-6, 2.803e-12),
        (450.0, 998.22, 6.4468e-7, 1.184e-12),
        (500.0, 999.24, 3.0236e-7, 5.215e-13),
        (600.0, 999.85, 8.2130e-8, 1.137e-13),
        (700.0, 999.97, 3.1908e-8, 3.070e-14),
        (800.0, 999.99, 1.7036e-8, 1.136e-14),
        (900.0, 1000.00, 1.0873e-8, 5.759e-15),
        (1000.0, 1000.00, 7.5138e-9, 3.561e-15),
    ];

    /// Half a unit in the last place of a value printed with `digits` significant figures.
    fn half_ulp(printed: f64, digits: i32) -> f64 {
        0.5 * 10f64.powi(printed.abs().log10().floor() as i32 - digits + 1)
    }

    #[test]
    fn layer_bases_match_standard_table_4() {
        // NOAA-S/T 76-1562, Table 4: T_M,b (K) and P_b (Pa) at H_b = 0, 11, 20, 32, 47, 51, 71 km'.
        let tm = [288.15, 216.65, 216.65, 228.65, 270.65, 270.65, 214.65];
        let p = [
            101_325.0, 22_632.06, 5_474.889, 868.0187, 110.9063, 66.93887, 3.956_420,
        ];
        for (i, layer) in lower_layers().iter().enumerate() {
            assert!(
                (layer.tm_base - tm[i]).abs() < 1e-9,
                "layer {i} T_M,b {}",
                layer.tm_base
            );
            assert!(
                rel(layer.p_base, p[i]) < 2e-7,
                "layer {i} P_b {} vs {}",
                layer.p_base,
                p[i]
            );
        }
        // Top of the seventh layer (86 km): T_M = 186.946 K, P = 0.37338 Pa.
        let (tm86, p86) = lower_tm_p(86_000.0);
        assert!(
            (tm86 - 186.946).abs() < 5e-4 && rel(p86, 0.37338) < 2e-5,
            "{tm86} {p86}"
        );
    }

    #[test]
    fn lower_atmosphere_matches_ussa1976_python_oracle() {
        for &(z, tm, p, rho, cs) in &USSA1976_PY_LOWER {
            // Just below the 86 km boundary for the last row: the lower closed form is what ussa1976 evaluates.
            let s = us1976(if z == 86_000.0 { z - 1e-7 } else { z });
            // The package derives M0 from the composition (28.96442528 kg/kmol instead of the standard's 28.9644),
            // which moves its pressure by up to ~1.2e-5 (at 86 km) and its speed of sound by 4.4e-7 relative.
            assert!(
                rel(s.pressure_pa, p) < 2e-5,
                "p at {z}: {} vs {p}",
                s.pressure_pa
            );
            assert!(
                rel(s.density_kg_m3, rho) < 2e-5,
                "rho at {z}: {} vs {rho}",
                s.density_kg_m3
            );
            assert!(
                rel(s.speed_of_sound_mps, cs) < 1e-6,
                "c at {z}: {} vs {cs}",
                s.speed_of_sound_mps
            );
            if z < 80_000.0 {
                assert!(
                    rel(s.temperature_k, tm) < 1e-9,
                    "T at {z}: {} vs {tm}",
                    s.temperature_k
                );
            } else {
                // Kinetic T = T_M·M/M0 with M/M0 from Table 8 (1 at 80 km, 0.999579 at 86 km).
                let ratio = s.temperature_k / tm;
                assert!(
                    (0.999_578..=1.000_000_1).contains(&ratio),
                    "T/T_M at {z}: {ratio}"
                );
            }
        }
    }

    #[test]
    fn lower_atmosphere_matches_standard_tables_i_and_iii() {
        // NOAA-S/T 76-1562 Table I (z km: T K, p Pa, rho kg/m³) as printed.
        let table_i = [
            (0.0, 288.150, 1.01325e5, 1.2250, 5),
            (0.5, 284.900, 9.5461e4, 1.1673, 5),
            (1.0, 281.651, 8.9876e4, 1.1117, 5),
            (10.0, 223.252, 2.6499e4, 4.1351e-1, 5),
            (77.0, 204.493, 1.7286, 2.9448e-5, 5),
            (86.0, 186.87, 3.7338e-1, 6.958e-6, 4),
        ];
        for (zk, t, p, rho, rho_digits) in table_i {
            let z = zk * 1e3 - if zk == 86.0 { 1e-7 } else { 0.0 };
            let s = us1976(z);
            assert!(
                (s.temperature_k - t).abs() <= 0.005,
                "T at {zk} km: {}",
                s.temperature_k
            );
            assert!(
                rel(s.pressure_pa, p) < 5e-5,
                "p at {zk} km: {} vs {p}",
                s.pressure_pa
            );
            assert!(
                (s.density_kg_m3 - rho).abs() <= half_ulp(rho, rho_digits),
                "rho at {zk} km: {}",
                s.density_kg_m3
            );
        }
        // Table III speed of sound (m/s); sea level 340.294.
        let table_iii = [
            (0.0, 340.294),
            (0.5, 338.37),
            (10.0, 299.53),
            (24.0, 297.72),
            (41.0, 318.94),
            (50.0, 329.80),
            (67.0, 302.57),
            (85.0, 275.52),
        ];
        for (zk, c) in table_iii {
            let s = us1976(zk * 1e3);
            assert!(
                (s.speed_of_sound_mps - c).abs() <= 0.005,
                "c at {zk} km: {}",
                s.speed_of_sound_mps
            );
            let (_, c_fast) = density_and_speed_of_sound(zk * 1e3);
            assert!(rel(c_fast, s.speed_of_sound_mps) < 1e-12);
        }
    }

    #[test]
    fn upper_atmosphere_matches_standard_table_i() {
        // Density within the rounding of the printed 4 significant figures (≪ the 1 % requirement), pressure
        // within 1e-4 relative, temperature within the printed 2 decimals.
        let mut worst_rho: f64 = 0.0;
        for &(zk, t, p, rho) in &STANDARD_TABLE_I_UPPER {
            let s = us1976(zk * 1e3);
            assert!(
                (s.temperature_k - t).abs() <= 0.006,
                "T at {zk} km: {} vs {t}",
                s.temperature_k
            );
            assert!(
                rel(s.pressure_pa, p) < 1e-4,
                "p at {zk} km: {} vs {p}",
                s.pressure_pa
            );
            let err = (s.density_kg_m3 - rho).abs();
            assert!(
                err <= 1.05 * half_ulp(rho, 4),
                "rho at {zk} km: {} vs {rho}",
                s.density_kg_m3
            );
            assert!(rel(density(zk * 1e3), rho) < 1e-2);
            worst_rho = worst_rho.max(rel(s.density_kg_m3, rho));
        }
        assert!(worst_rho < 4e-4, "worst density deviation {worst_rho}");
    }

    #[test]
    fn upper_table_is_converged_and_interpolates_accurately() {
        // Re-integrate with 4x smaller steps at off-node altitudes (mid-interval, where interpolation is worst).
        let probes: Vec<f64> = [
            86.025, 90.975, 97.025, 100.025, 110.025, 119.975, 150.025, 200.25, 350.25, 999.75,
        ]
        .iter()
        .map(|zk| zk * 1e3)
        .chain([Z_M_SWITCH, Z_H_START, Z11])
        .collect();
        let mut nodes = probes.clone();
        nodes.sort_by(f64::total_cmp);
        let exact = integrate_species(&nodes, MAX_RK4_STEP / 4.0);
        for (z, n) in nodes.iter().zip(&exact) {
            let rho = mass_density(n);
            assert!(
                rel(density(*z), rho) < 1e-5,
                "density at {z}: {} vs {rho}",
                density(*z)
            );
            assert!(rel(us1976(*z).density_kg_m3, rho) < 1e-5, "us1976 at {z}");
        }
    }

    #[test]
    fn fast_paths_agree_with_full_state_every_100_m() {
        let mut worst: f64 = 0.0;
        let mut z = STANDARD_BOTTOM_ALTITUDE_M;
        while z <= TOP_ALTITUDE_M {
            let s = us1976(z);
            let rho = density(z);
            let (rho2, c) = density_and_speed_of_sound(z);
            assert!(
                rel(rho, s.density_kg_m3) < 1e-3 && rel(rho, rho2) < 1e-9,
                "density at {z}: {rho} vs {s:?}"
            );
            assert!(
                rel(c, s.speed_of_sound_mps) < 1e-5,
                "speed of sound at {z}: {c} vs {s:?}"
            );
            worst = worst.max(rel(rho, s.density_kg_m3));
            z += 100.0;
        }
        assert!(worst < 1e-5, "worst fast-path deviation {worst}");
    }

    /// Every layer boundary, regime switch and table node, in geometric metres.
    fn breakpoints() -> Vec<f64> {
        let mut points: Vec<f64> = LOWER_BASE_H.iter().map(|&h| R0 * h / (R0 - h)).collect();
        points.extend([
            0.0, 80_000.0, Z7, Z8, 95_000.0, 97_000.0, Z_M_SWITCH, Z9, EDDY_END, Z10, Z_H_START,
            Z11,
        ]);
        points.extend((0..N_NODES).map(node_altitude));
        points
    }

    #[test]
    fn continuous_across_every_boundary_and_table_node() {
        for z in breakpoints() {
            let (below, above) = (z - 0.5, (z + 0.5).min(TOP_ALTITUDE_M));
            let (a, b) = (us1976(below), us1976(above));
            assert!(
                rel(density(above), density(below)) < 1e-3,
                "density jump at {z}"
            );
            assert!(
                rel(b.density_kg_m3, a.density_kg_m3) < 1e-3,
                "us1976 density jump at {z}"
            );
            assert!(
                rel(b.pressure_pa, a.pressure_pa) < 1e-3,
                "pressure jump at {z}"
            );
            assert!(
                (b.temperature_k - a.temperature_k).abs() < 0.05,
                "temperature jump at {z}"
            );
            let (c1, c2) = (
                density_and_speed_of_sound(below).1,
                density_and_speed_of_sound(above).1,
            );
            assert!(rel(c2, c1) < 1e-3, "speed-of-sound jump at {z}");
        }
        // The 86 km seam is continuous to the precision of the standard's 86 km number densities (~1e-5).
        let (a, b) = (us1976(Z7 - 1e-6), us1976(Z7));
        assert!(rel(b.density_kg_m3, a.density_kg_m3) < 2e-5, "{a:?} {b:?}");
        assert!(rel(b.pressure_pa, a.pressure_pa) < 2e-5, "{a:?} {b:?}");
        assert!(
            (b.temperature_k - a.temperature_k).abs() < 1e-3,
            "{a:?} {b:?}"
        );
        assert!(
            rel(b.speed_of_sound_mps, a.speed_of_sound_mps) < 1e-6,
            "{a:?} {b:?}"
        );
    }

    #[test]
    fn tabulated_lower_density_matches_the_closed_form() {
        // Every 7 m (off the nodes): the Hermite table against the layer formulas, within the bound its spacing
        // gives ((100 m / 5.5 km)⁴ / 384 ≈ 3e-10 relative; measured 2.6e-10).
        let mut worst: f64 = 0.0;
        let mut z = 0.0;
        while z < UPPER_REGION_BASE_M {
            worst = worst.max(rel(density(z), lower_rho_tm(z).0));
            z += 7.0;
        }
        assert!(worst < 4e-10, "worst relative error {worst:e}");
        assert!(worst > 0.0, "the table is not in use");
        // At the layer boundaries (rounded to 0.1 mm in geometric metres, where the formulas of the two layers meet
        // to 1e-9) and the ends of the range.
        for b in &LAYER_BOUNDARIES_M[..6] {
            for z in [b - 1e-3, *b, b + 1e-3] {
                assert!(rel(density(z), lower_rho_tm(z).0) < 1e-9, "at {z} m");
            }
        }
        for z in [UPPER_REGION_BASE_M - 1e-6, 0.0, 1e-9] {
            assert!(rel(density(z), lower_rho_tm(z).0) < 1e-12, "at {z} m");
        }
    }

    #[test]
    fn density_and_pressure_decrease_monotonically() {
        let mut prev = us1976(STANDARD_BOTTOM_ALTITUDE_M - 10.0);
        let mut prev_fast = density(STANDARD_BOTTOM_ALTITUDE_M - 10.0);
        let mut z = STANDARD_BOTTOM_ALTITUDE_M;
        while z <= TOP_ALTITUDE_M {
            let s = us1976(z);
            let fast = density(z);
            assert!(
                s.density_kg_m3 < prev.density_kg_m3,
                "density not decreasing at {z}"
            );
            assert!(
                s.pressure_pa < prev.pressure_pa,
                "pressure not decreasing at {z}"
            );
            assert!(fast < prev_fast, "density() not decreasing at {z}");
            (prev, prev_fast) = (s, fast);
            z += 10.0;
        }
    }

    #[test]
    fn out_of_range_and_non_finite_inputs() {
        let s = us1976(f64::NAN);
        assert!(s.temperature_k.is_nan() && s.pressure_pa.is_nan());
        assert!(s.density_kg_m3.is_nan() && s.speed_of_sound_mps.is_nan());
        assert!(density(f64::NAN).is_nan());
        let (rho, c) = density_and_speed_of_sound(f64::NAN);
        assert!(rho.is_nan() && c.is_nan());

        // Above 1000 km: vacuum at the 1000 km (exospheric) temperature.
        let top = us1976(TOP_ALTITUDE_M);
        for z in [TOP_ALTITUDE_M + 1.0, 5.0e6, f64::INFINITY, f64::MAX] {
            let s = us1976(z);
            assert_eq!(
                (s.density_kg_m3, s.pressure_pa, density(z)),
                (0.0, 0.0, 0.0)
            );
            assert!(
                (s.temperature_k - 1000.0).abs() < 1e-3 && s.temperature_k == top.temperature_k
            );
            assert_eq!(density_and_speed_of_sound(z), (0.0, top.speed_of_sound_mps));
        }
        assert!((top.speed_of_sound_mps - 634.07).abs() < 0.01, "{top:?}");

        // Below -5 km the first layer is extrapolated smoothly: denser and hotter, finite down to any depth.
        let s5 = us1976(STANDARD_BOTTOM_ALTITUDE_M);
        assert!((s5.temperature_k - 320.676).abs() < 1e-3, "{s5:?}");
        let s10 = us1976(-10_000.0);
        assert!(s10.density_kg_m3 > s5.density_kg_m3 && s10.temperature_k > s5.temperature_k);
        let deepest = us1976(DEEPEST_ALTITUDE_M);
        for z in [-2.0e6, -R0, -1.0e9, f64::MIN, f64::NEG_INFINITY] {
            let s = us1976(z);
            assert_eq!(s, deepest, "clamped below {DEEPEST_ALTITUDE_M}: {z}");
            assert!(density(z).is_finite() && density_and_speed_of_sound(z).1.is_finite());
        }
        assert!(
            deepest.density_kg_m3.is_finite()
                && deepest.pressure_pa.is_finite()
                && deepest.temperature_k > 0.0
        );
    }

    #[test]
    fn speed_of_sound_above_86_km_uses_the_86_km_molecular_weight() {
        for zk in [86.0, 100.0, 150.0, 300.0, 1000.0] {
            let s = us1976(zk * 1e3);
            let expected = (GAMMA * R_STAR * s.temperature_k / (M0 * 0.999_579)).sqrt();
            assert!(
                rel(s.speed_of_sound_mps, expected) < 1e-12,
                "{zk} km: {s:?}"
            );
            assert!(s.speed_of_sound_mps.is_finite());
        }
    }
}
