//! Adaptive explicit Runge–Kutta integrator DOP853 (Dormand–Prince 8(5,3)) with
//! 7th-order dense output and event location.
//!
//! # Method
//!
//! This is the 12-stage, order-8 explicit Runge–Kutta pair of Dormand and Prince
//! as implemented by E. Hairer and G. Wanner in `dop853.f` (version of 2002) and
//! described in Hairer, Nørsett & Wanner, *Solving Ordinary Differential
//! Equations I: Nonstiff Problems*, 2nd ed., Springer 1993, §II.5 (and §II.6 for
//! dense output). The coefficients are the ones published in `dop853.f` (also
//! used by SciPy's `DOP853`); they are checked against the Runge–Kutta order
//! conditions and a measured convergence order in the unit tests.
//!
//! The method is FSAL ("first same as last"): the derivative at the end of an
//! accepted step is the first stage of the next one, so an accepted step costs
//! 12 derivative evaluations (11 stages + the end-point derivative) and a
//! rejected step 11.
//!
//! # Error norm
//!
//! As in `dop853.f`: with `sk_i = atol + rtol * max(|y0_i|, |y1_i|)` (`y0`, `y1`
//! the states at the start and end of the step), the 5th-order estimate `e5` and
//! the 3rd-order estimate `e3` give
//! `err5 = Σ (e5_i/sk_i)²`, `err3 = Σ (e3_i/sk_i)²` and
//! `err = |h| · err5 / sqrt(N · (err5 + 0.01 · err3))`.
//! This behaves like an order-8 estimate (`O(h⁸)`), and the step is accepted
//! when `err <= 1`.
//!
//! # Step-size control
//!
//! Hairer's standard controller with `dop853.f`'s default parameters:
//! `h_new = h · clamp(0.9 · err^(-1/8), 1/3, 6)` (safety 0.9, `fac1 = 0.333`,
//! `fac2 = 6`), **without** Lund (PI) stabilisation (`beta = 0`, also the default
//! of `dop853.f`). After a rejection the step is not allowed to grow on the next
//! acceptance. Steps never exceed [`Tolerances::max_step`]. The first step is
//! chosen by Hairer's `hinit` heuristic unless given by
//! [`Dop853::with_initial_step`]. Integration stops with
//! [`IntegrationError::StepSizeTooSmall`] when `0.1 · |h| <= 2.3e-16 · |t|`
//! (the test of `dop853.f`, i.e. about `|h| < 10 ε |t|`).
//!
//! (Lund stabilisation with `beta = 0.04` was measured on the test problems and
//! gave no gain, so it is not used.) A step is stretched by up to 1 % to land
//! exactly on the requested `t_end`; when a step had to be shortened to hit
//! `t_end`, the step-size estimate for the following step is not reduced
//! because of it.
//!
//! A trial step that produces a non-finite state, error estimate or end-point
//! derivative is rejected and retried with a step three times smaller; if the
//! step size then collapses, [`IntegrationError::NonFinite`] is returned instead
//! of `StepSizeTooSmall`.
//!
//! Near a finite-time singularity (e.g. `y' = y²`) integration ends with
//! `StepSizeTooSmall` (or `NonFinite`) at the blow-up time *of the numerical
//! solution*, which, like any other feature of it, is only accurate to about
//! the tolerance: accepted steps can end up to ~`rtol` (relative, in time) past
//! the true singularity, never further.
//!
//! # Dense output
//!
//! [`Dop853::dense`] evaluates the 7th-order continuous extension of
//! `dop853.f` (`CONTD8`) anywhere in the last accepted step. It needs three
//! extra derivative evaluations per step, which are done lazily: only on the
//! first dense request after a step, and cached until the next step.
//!
//! # Event location
//!
//! [`locate_event`] finds a sign change of a user function `g(t, y(t))`
//! inside the last step by running [`brent`]'s method on the dense output.
//!
//! # Performance
//!
//! The state is a fixed-size `[f64; N]`; the stepper never allocates on the
//! heap. Stage vectors of the last accepted step are kept in the stepper
//! (about `20·N` doubles in total) so that dense output can be built on demand.
#![allow(clippy::needless_range_loop)]

use std::fmt;

// ---------------------------------------------------------------------------
// Coefficients (dop853.f, Hairer & Wanner, version of 2002).
// The full published digits are kept so that they can be compared with the
// reference; they round to the nearest f64.
// ---------------------------------------------------------------------------

#[allow(clippy::excessive_precision)]
mod coef {
    pub const C2: f64 = 0.526001519587677318785587544488e-01;
    pub const C3: f64 = 0.789002279381515978178381316732e-01;
    pub const C4: f64 = 0.118350341907227396726757197510e+00;
    pub const C5: f64 = 0.281649658092772603273242802490e+00;
    pub const C6: f64 = 0.333333333333333333333333333333e+00;
    pub const C7: f64 = 0.25e+00;
    pub const C8: f64 = 0.307692307692307692307692307692e+00;
    pub const C9: f64 = 0.651282051282051282051282051282e+00;
    pub const C10: f64 = 0.6e+00;
    pub const C11: f64 = 0.857142857142857142857142857142e+00;
    pub const C14: f64 = 0.1e+00;
    pub const C15: f64 = 0.2e+00;
    pub const C16: f64 = 0.777777777777777777777777777778e+00;

    pub const B1: f64 = 5.42937341165687622380535766363e-2;
    pub const B6: f64 = 4.45031289275240888144113950566e0;
    pub const B7: f64 = 1.89151789931450038304281599044e0;
    pub const B8: f64 = -5.8012039600105847814672114227e0;
    pub const B9: f64 = 3.1116436695781989440891606237e-1;
    pub const B10: f64 = -1.52160949662516078556178806805e-1;
    pub const B11: f64 = 2.01365400804030348374776537501e-1;
    pub const B12: f64 = 4.47106157277725905176885569043e-2;

    pub const BHH1: f64 = 0.244094488188976377952755905512e+00;
    pub const BHH2: f64 = 0.733846688281611857341361741547e+00;
    pub const BHH3: f64 = 0.220588235294117647058823529412e-01;

    pub const ER1: f64 = 0.1312004499419488073250102996e-01;
    pub const ER6: f64 = -0.1225156446376204440720569753e+01;
    pub const ER7: f64 = -0.4957589496572501915214079952e+00;
    pub const ER8: f64 = 0.1664377182454986536961530415e+01;
    pub const ER9: f64 = -0.3503288487499736816886487290e+00;
    pub const ER10: f64 = 0.3341791187130174790297318841e+00;
    pub const ER11: f64 = 0.8192320648511571246570742613e-01;
    pub const ER12: f64 = -0.2235530786388629525884427845e-01;

    pub const A21: f64 = 5.26001519587677318785587544488e-2;
    pub const A31: f64 = 1.97250569845378994544595329183e-2;
    pub const A32: f64 = 5.91751709536136983633785987549e-2;
    pub const A41: f64 = 2.95875854768068491816892993775e-2;
    pub const A43: f64 = 8.87627564304205475450678981324e-2;
    pub const A51: f64 = 2.41365134159266685502369798665e-1;
    pub const A53: f64 = -8.84549479328286085344864962717e-1;
    pub const A54: f64 = 9.24834003261792003115737966543e-1;
    pub const A61: f64 = 3.7037037037037037037037037037e-2;
    pub const A64: f64 = 1.70828608729473871279604482173e-1;
    pub const A65: f64 = 1.25467687566822425016691814123e-1;
    pub const A71: f64 = 3.7109375e-2;
    pub const A74: f64 = 1.70252211019544039314978060272e-1;
    pub const A75: f64 = 6.02165389804559606850219397283e-2;
    pub const A76: f64 = -1.7578125e-2;
    pub const A81: f64 = 3.70920001185047927108779319836e-2;
    pub const A84: f64 = 1.70383925712239993810214054705e-1;
    pub const A85: f64 = 1.07262030446373284651809199168e-1;
    pub const A86: f64 = -1.53194377486244017527936158236e-2;
    pub const A87: f64 = 8.27378916381402288758473766002e-3;
    pub const A91: f64 = 6.24110958716075717114429577812e-1;
    pub const A94: f64 = -3.36089262944694129406857109825e0;
    pub const A95: f64 = -8.68219346841726006818189891453e-1;
    pub const A96: f64 = 2.75920996994467083049415600797e1;
    pub const A97: f64 = 2.01540675504778934086186788979e1;
    pub const A98: f64 = -4.34898841810699588477366255144e1;
    pub const A101: f64 = 4.77662536438264365890433908527e-1;
    pub const A104: f64 = -2.48811461997166764192642586468e0;
    pub const A105: f64 = -5.90290826836842996371446475743e-1;
    pub const A106: f64 = 2.12300514481811942347288949897e1;
    pub const A107: f64 = 1.52792336328824235832596922938e1;
    pub const A108: f64 = -3.32882109689848629194453265587e1;
    pub const A109: f64 = -2.03312017085086261358222928593e-2;
    pub const A111: f64 = -9.3714243008598732571704021658e-1;
    pub const A114: f64 = 5.18637242884406370830023853209e0;
    pub const A115: f64 = 1.09143734899672957818500254654e0;
    pub const A116: f64 = -8.14978701074692612513997267357e0;
    pub const A117: f64 = -1.85200656599969598641566180701e1;
    pub const A118: f64 = 2.27394870993505042818970056734e1;
    pub const A119: f64 = 2.49360555267965238987089396762e0;
    pub const A1110: f64 = -3.0467644718982195003823669022e0;
    pub const A121: f64 = 2.27331014751653820792359768449e0;
    pub const A124: f64 = -1.05344954667372501984066689879e1;
    pub const A125: f64 = -2.00087205822486249909675718444e0;
    pub const A126: f64 = -1.79589318631187989172765950534e1;
    pub const A127: f64 = 2.79488845294199600508499808837e1;
    pub const A128: f64 = -2.85899827713502369474065508674e0;
    pub const A129: f64 = -8.87285693353062954433549289258e0;
    pub const A1210: f64 = 1.23605671757943030647266201528e1;
    pub const A1211: f64 = 6.43392746015763530355970484046e-1;

    // Extra stages for dense output (stage 13 is the FSAL derivative).
    pub const A141: f64 = 5.61675022830479523392909219681e-2;
    pub const A147: f64 = 2.53500210216624811088794765333e-1;
    pub const A148: f64 = -2.46239037470802489917441475441e-1;
    pub const A149: f64 = -1.24191423263816360469010140626e-1;
    pub const A1410: f64 = 1.5329179827876569731206322685e-1;
    pub const A1411: f64 = 8.20105229563468988491666602057e-3;
    pub const A1412: f64 = 7.56789766054569976138603589584e-3;
    pub const A1413: f64 = -8.298e-3;

    pub const A151: f64 = 3.18346481635021405060768473261e-2;
    pub const A156: f64 = 2.83009096723667755288322961402e-2;
    pub const A157: f64 = 5.35419883074385676223797384372e-2;
    pub const A158: f64 = -5.49237485713909884646569340306e-2;
    pub const A1511: f64 = -1.08347328697249322858509316994e-4;
    pub const A1512: f64 = 3.82571090835658412954920192323e-4;
    pub const A1513: f64 = -3.40465008687404560802977114492e-4;
    pub const A1514: f64 = 1.41312443674632500278074618366e-1;

    pub const A161: f64 = -4.28896301583791923408573538692e-1;
    pub const A166: f64 = -4.69762141536116384314449447206e0;
    pub const A167: f64 = 7.68342119606259904184240953878e0;
    pub const A168: f64 = 4.06898981839711007970213554331e0;
    pub const A169: f64 = 3.56727187455281109270669543021e-1;
    pub const A1613: f64 = -1.39902416515901462129418009734e-3;
    pub const A1614: f64 = 2.9475147891527723389556272149e0;
    pub const A1615: f64 = -9.15095847217987001081870187138e0;

    pub const D41: f64 = -0.84289382761090128651353491142e+01;
    pub const D46: f64 = 0.56671495351937776962531783590e+00;
    pub const D47: f64 = -0.30689499459498916912797304727e+01;
    pub const D48: f64 = 0.23846676565120698287728149680e+01;
    pub const D49: f64 = 0.21170345824450282767155149946e+01;
    pub const D410: f64 = -0.87139158377797299206789907490e+00;
    pub const D411: f64 = 0.22404374302607882758541771650e+01;
    pub const D412: f64 = 0.63157877876946881815570249290e+00;
    pub const D413: f64 = -0.88990336451333310820698117400e-01;
    pub const D414: f64 = 0.18148505520854727256656404962e+02;
    pub const D415: f64 = -0.91946323924783554000451984436e+01;
    pub const D416: f64 = -0.44360363875948939664310572000e+01;

    pub const D51: f64 = 0.10427508642579134603413151009e+02;
    pub const D56: f64 = 0.24228349177525818288430175319e+03;
    pub const D57: f64 = 0.16520045171727028198505394887e+03;
    pub const D58: f64 = -0.37454675472269020279518312152e+03;
    pub const D59: f64 = -0.22113666853125306036270938578e+02;
    pub const D510: f64 = 0.77334326684722638389603898808e+01;
    pub const D511: f64 = -0.30674084731089398182061213626e+02;
    pub const D512: f64 = -0.93321305264302278729567221706e+01;
    pub const D513: f64 = 0.15697238121770843886131091075e+02;
    pub const D514: f64 = -0.31139403219565177677282850411e+02;
    pub const D515: f64 = -0.93529243588444783865713862664e+01;
    pub const D516: f64 = 0.35816841486394083752465898540e+02;

    pub const D61: f64 = 0.19985053242002433820987653617e+02;
    pub const D66: f64 = -0.38703730874935176555105901742e+03;
    pub const D67: f64 = -0.18917813819516756882830838328e+03;
    pub const D68: f64 = 0.52780815920542364900561016686e+03;
    pub const D69: f64 = -0.11573902539959630126141871134e+02;
    pub const D610: f64 = 0.68812326946963000169666922661e+01;
    pub const D611: f64 = -0.10006050966910838403183860980e+01;
    pub const D612: f64 = 0.77771377980534432092869265740e+00;
    pub const D613: f64 = -0.27782057523535084065932004339e+01;
    pub const D614: f64 = -0.60196695231264120758267380846e+02;
    pub const D615: f64 = 0.84320405506677161018159903784e+02;
    pub const D616: f64 = 0.11992291136182789328035130030e+02;

    pub const D71: f64 = -0.25693933462703749003312586129e+02;
    pub const D76: f64 = -0.15418974869023643374053993627e+03;
    pub const D77: f64 = -0.23152937917604549567536039109e+03;
    pub const D78: f64 = 0.35763911791061412378285349910e+03;
    pub const D79: f64 = 0.93405324183624310003907691704e+02;
    pub const D710: f64 = -0.37458323136451633156875139351e+02;
    pub const D711: f64 = 0.10409964950896230045147246184e+03;
    pub const D712: f64 = 0.29840293426660503123344363579e+02;
    pub const D713: f64 = -0.43533456590011143754432175058e+02;
    pub const D714: f64 = 0.96324553959188282948394950600e+02;
    pub const D715: f64 = -0.39177261675615439165231486172e+02;
    pub const D716: f64 = -0.14972683625798562581422125276e+03;
}
use coef::*;

/// Rounding unit used in the step-size-too-small test (as in `dop853.f`).
const UROUND: f64 = 2.3e-16;
/// Safety factor of the step-size controller.
const SAFE: f64 = 0.9;
/// Smallest allowed ratio `h_new / h`.
const FAC1: f64 = 0.333;
/// Largest allowed ratio `h_new / h`.
const FAC2: f64 = 6.0;
/// Exponent of the controller, `1/8` (no Lund stabilisation, `beta = 0`).
const EXPO1: f64 = 1.0 / 8.0;

/// A system of first-order ODEs dy/dt = f(t, y) with a fixed-size state.
pub trait OdeSystem<const N: usize> {
    /// Writes dy/dt at (t, y) into `dydt`.
    fn derivatives(&mut self, t: f64, y: &[f64; N], dydt: &mut [f64; N]);
}

/// Error-control settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances {
    /// Relative tolerance per component (dimensionless).
    pub rtol: f64,
    /// Absolute tolerance per component (units of the state).
    pub atol: f64,
    /// Largest step allowed (s, or the unit of t); `f64::INFINITY` for none.
    /// A value that is not `> 0` (zero, negative, NaN) also means "none".
    pub max_step: f64,
    /// Most accepted+rejected steps (counted since the stepper was created)
    /// before giving up with [`IntegrationError::TooManySteps`].
    pub max_steps: usize,
}

impl Default for Tolerances {
    /// `rtol = atol = 1e-9`, no step-size limit, at most 100 000 steps.
    fn default() -> Self {
        Self {
            rtol: 1e-9,
            atol: 1e-9,
            max_step: f64::INFINITY,
            max_steps: 100_000,
        }
    }
}

/// Why integration failed.
#[derive(Debug, Clone, PartialEq)]
pub enum IntegrationError {
    /// Step size fell below the round-off limit at time t: the tolerance cannot be met.
    StepSizeTooSmall {
        /// Time reached (end of the last accepted step).
        t: f64,
        /// The (signed) step size that was too small.
        h: f64,
    },
    /// More than max_steps steps.
    TooManySteps {
        /// Time reached (end of the last accepted step).
        t: f64,
        /// Number of steps (accepted + rejected) taken.
        steps: usize,
    },
    /// A derivative or state became NaN/infinite at time t.
    NonFinite {
        /// Time reached (end of the last accepted step, or the starting time
        /// when the initial state or its derivative is not finite).
        t: f64,
    },
}

impl fmt::Display for IntegrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::StepSizeTooSmall { t, h } => write!(
                f,
                "DOP853 integration failed at t = {t}: the step size {h:e} fell below the \
                 round-off limit, so the requested tolerance cannot be met \
                 (singularity or discontinuity?)"
            ),
            Self::TooManySteps { t, steps } => write!(
                f,
                "DOP853 integration stopped at t = {t}: more than the allowed {steps} steps \
                 were needed"
            ),
            Self::NonFinite { t } => write!(
                f,
                "DOP853 integration failed at t = {t}: the state or its derivative became \
                 NaN or infinite"
            ),
        }
    }
}

impl std::error::Error for IntegrationError {}

/// Work counters of a [`Dop853`] stepper.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Accepted steps.
    pub accepted: usize,
    /// Rejected steps (error test failed, or non-finite values).
    pub rejected: usize,
    /// Calls of [`OdeSystem::derivatives`], including initial-step selection
    /// and dense output.
    pub evaluations: usize,
}

/// The stepper. Integrates forward or backward (sign of `t_end - t`).
///
/// Typical use:
/// ```text
/// let mut st = Dop853::new(&mut sys, 0.0, y0, Tolerances::default());
/// while st.t() < t_end {
///     st.step(&mut sys, t_end)?;
///     // st.dense(&mut sys, t, &mut out) for any t in [st.t_prev(), st.t()]
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Dop853<const N: usize> {
    tol: Tolerances,
    /// Current time / state / derivative (end of the last accepted step).
    t: f64,
    y: [f64; N],
    f: [f64; N],
    /// Start of the last accepted step.
    t_prev: f64,
    y_prev: [f64; N],
    f_prev: [f64; N],
    /// Signed size of the last accepted step (0 before any step).
    h_last: f64,
    /// Stages k6..k12 of the last accepted step (needed for dense output).
    k: [[f64; N]; 7],
    /// Dense-output coefficients `cont1..cont7` of `dop853.f` (`cont0 = y_prev`).
    cont: [[f64; N]; 7],
    dense_ready: bool,
    /// Magnitude of the next step to try (0: choose automatically).
    h_next: f64,
    /// The state or derivative at the current point is not finite.
    bad_start: bool,
    stats: Stats,
}

#[inline]
fn all_finite<const N: usize>(v: &[f64; N]) -> bool {
    v.iter().all(|x| x.is_finite())
}

impl<const N: usize> Dop853<N> {
    /// Starts at (t0, y0); chooses the initial step automatically (Hairer's hinit) unless set via `with_initial_step`.
    ///
    /// Evaluates the derivative once at the start. The automatic initial step
    /// is computed on the first call to [`step`](Self::step), when the
    /// direction of integration is known (one more evaluation). If `y0` or its
    /// derivative is not finite, the first `step` returns
    /// [`IntegrationError::NonFinite`].
    pub fn new<S: OdeSystem<N>>(sys: &mut S, t0: f64, y0: [f64; N], tol: Tolerances) -> Self {
        let mut f = [0.0; N];
        sys.derivatives(t0, &y0, &mut f);
        Self {
            tol,
            t: t0,
            y: y0,
            f,
            t_prev: t0,
            y_prev: y0,
            f_prev: f,
            h_last: 0.0,
            k: [[0.0; N]; 7],
            cont: [[0.0; N]; 7],
            dense_ready: false,
            h_next: 0.0,
            bad_start: !(t0.is_finite() && all_finite(&y0) && all_finite(&f)),
            stats: Stats {
                accepted: 0,
                rejected: 0,
                evaluations: 1,
            },
        }
    }

    /// Optional: first step size to try (magnitude). Zero or a non-finite value
    /// selects the automatic choice. The step is still limited by
    /// [`Tolerances::max_step`] and rejected if it fails the error test.
    #[must_use]
    pub fn with_initial_step(mut self, h: f64) -> Self {
        let h = h.abs();
        self.h_next = if h.is_finite() { h } else { 0.0 };
        self
    }

    /// Current time (end of the last accepted step).
    #[inline]
    pub fn t(&self) -> f64 {
        self.t
    }

    /// Current state (end of the last accepted step).
    #[inline]
    pub fn y(&self) -> &[f64; N] {
        &self.y
    }

    /// Derivative at the current point (FSAL, free).
    #[inline]
    pub fn dydt(&self) -> &[f64; N] {
        &self.f
    }

    /// Start time of the last accepted step (== t() before any step).
    #[inline]
    pub fn t_prev(&self) -> f64 {
        self.t_prev
    }

    /// State at the start of the last accepted step (== y() before any step).
    #[inline]
    pub fn y_prev(&self) -> &[f64; N] {
        &self.y_prev
    }

    /// Derivative at the start of the last accepted step.
    #[inline]
    pub fn dydt_prev(&self) -> &[f64; N] {
        &self.f_prev
    }

    /// Signed size of the last accepted step, `t() - t_prev()` up to rounding
    /// (0 before any step).
    #[inline]
    pub fn last_step(&self) -> f64 {
        self.h_last
    }

    /// Magnitude of the step size that the next [`step`](Self::step) will try
    /// first (0 if it will be chosen automatically).
    #[inline]
    pub fn next_step(&self) -> f64 {
        self.h_next
    }

    /// The tolerances in use.
    #[inline]
    pub fn tolerances(&self) -> &Tolerances {
        &self.tol
    }

    /// Number of accepted steps, rejected steps, derivative evaluations so far.
    #[inline]
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Restarts at a new (t, y) keeping the tolerances and the last step size as a first guess (used after a discontinuity such as a rocket stage separation).
    ///
    /// Evaluates the derivative once. After a restart, `t_prev() == t()` and
    /// no dense output is available until the next step. Statistics keep
    /// accumulating.
    pub fn restart<S: OdeSystem<N>>(&mut self, sys: &mut S, t: f64, y: [f64; N]) {
        let mut f = [0.0; N];
        sys.derivatives(t, &y, &mut f);
        self.stats.evaluations += 1;
        self.t = t;
        self.y = y;
        self.f = f;
        self.t_prev = t;
        self.y_prev = y;
        self.f_prev = f;
        self.h_last = 0.0;
        self.dense_ready = false;
        self.bad_start = !(t.is_finite() && all_finite(&y) && all_finite(&f));
    }

    #[inline]
    fn hmax(&self) -> f64 {
        if self.tol.max_step > 0.0 {
            self.tol.max_step
        } else {
            f64::INFINITY
        }
    }

    /// Hairer's `HINIT`: initial step-size guess (magnitude) for order 8.
    fn hinit<S: OdeSystem<N>>(&mut self, sys: &mut S, posneg: f64, hmax: f64) -> f64 {
        let (atol, rtol) = (self.tol.atol, self.tol.rtol);
        let mut dnf = 0.0;
        let mut dny = 0.0;
        for i in 0..N {
            let sk = atol + rtol * self.y[i].abs();
            dnf += (self.f[i] / sk).powi(2);
            dny += (self.y[i] / sk).powi(2);
        }
        let mut h = if dnf <= 1e-10 || dny <= 1e-10 {
            1.0e-6
        } else {
            (dny / dnf).sqrt() * 0.01
        };
        h = h.min(hmax);
        if h.is_nan() || h <= 0.0 {
            h = 1.0e-6_f64.min(hmax);
        }
        // Explicit Euler step to estimate the second derivative.
        let mut y1 = [0.0; N];
        for i in 0..N {
            y1[i] = self.y[i] + posneg * h * self.f[i];
        }
        let mut f1 = [0.0; N];
        sys.derivatives(self.t + posneg * h, &y1, &mut f1);
        self.stats.evaluations += 1;
        let mut der2 = 0.0;
        for i in 0..N {
            let sk = atol + rtol * self.y[i].abs();
            der2 += ((f1[i] - self.f[i]) / sk).powi(2);
        }
        let der2 = der2.sqrt() / h;
        let der12 = der2.abs().max(dnf.sqrt());
        let h1 = if der12 <= 1e-15 {
            (1.0e-6_f64).max(h * 1.0e-3)
        } else {
            (0.01 / der12).powf(1.0 / 8.0)
        };
        let h1 = if h1.is_finite() && h1 > 0.0 {
            h1
        } else {
            h * 1e-3
        };
        (100.0 * h).min(h1).min(hmax)
    }

    /// Takes one accepted step, never past `t_end` (it lands exactly on t_end when the step would cross it). Returns the new time.
    ///
    /// If `t() == t_end` nothing is done and `Ok(t_end)` is returned. The step
    /// is stretched by up to 1 % to land on `t_end` rather than leave a tiny
    /// remainder. On error the stepper keeps the last accepted point (and its
    /// dense output) unchanged. A NaN `t_end` gives
    /// [`IntegrationError::NonFinite`].
    pub fn step<S: OdeSystem<N>>(
        &mut self,
        sys: &mut S,
        t_end: f64,
    ) -> Result<f64, IntegrationError> {
        if self.bad_start || t_end.is_nan() {
            return Err(IntegrationError::NonFinite { t: self.t });
        }
        let span = t_end - self.t;
        if span == 0.0 {
            return Ok(self.t);
        }
        let posneg = if span > 0.0 { 1.0 } else { -1.0 };
        let hmax = self.hmax();
        let mut h = self.h_next;
        if h.is_nan() || h <= 0.0 {
            h = self.hinit(sys, posneg, hmax.min(span.abs()));
        }
        h = h.min(hmax);

        let (atol, rtol) = (self.tol.atol, self.tol.rtol);
        let t = self.t;
        let y = self.y;
        let k1 = self.f;
        let mut y1 = [0.0; N];
        let mut y_new = [0.0; N];
        let mut k2 = [0.0; N];
        let mut k3 = [0.0; N];
        let mut k4 = [0.0; N];
        let mut k5 = [0.0; N];
        let mut k6 = [0.0; N];
        let mut k7 = [0.0; N];
        let mut k8 = [0.0; N];
        let mut k9 = [0.0; N];
        let mut k10 = [0.0; N];
        let mut k11 = [0.0; N];
        let mut k12 = [0.0; N];
        let mut k13 = [0.0; N];
        let mut rejected_here = false;
        let mut nonfinite = false;

        loop {
            let steps = self.stats.accepted + self.stats.rejected;
            if steps >= self.tol.max_steps {
                return Err(IntegrationError::TooManySteps { t, steps });
            }
            if h.is_nan() || 0.1 * h <= t.abs() * UROUND {
                return Err(if nonfinite {
                    IntegrationError::NonFinite { t }
                } else {
                    IntegrationError::StepSizeTooSmall { t, h: posneg * h }
                });
            }
            let h_cand = h;
            let remaining = (t_end - t).abs();
            // Stretch the step by up to 1 % to land on t_end (as dop853.f).
            let last = 1.01 * h >= remaining && remaining <= hmax;
            if last {
                h = remaining;
            }
            let hs = posneg * h;

            // ---- the twelve stages
            for i in 0..N {
                y1[i] = y[i] + hs * (A21 * k1[i]);
            }
            sys.derivatives(t + C2 * hs, &y1, &mut k2);
            for i in 0..N {
                y1[i] = y[i] + hs * (A31 * k1[i] + A32 * k2[i]);
            }
            sys.derivatives(t + C3 * hs, &y1, &mut k3);
            for i in 0..N {
                y1[i] = y[i] + hs * (A41 * k1[i] + A43 * k3[i]);
            }
            sys.derivatives(t + C4 * hs, &y1, &mut k4);
            for i in 0..N {
                y1[i] = y[i] + hs * (A51 * k1[i] + A53 * k3[i] + A54 * k4[i]);
            }
            sys.derivatives(t + C5 * hs, &y1, &mut k5);
            for i in 0..N {
                y1[i] = y[i] + hs * (A61 * k1[i] + A64 * k4[i] + A65 * k5[i]);
            }
            sys.derivatives(t + C6 * hs, &y1, &mut k6);
            for i in 0..N {
                y1[i] = y[i] + hs * (A71 * k1[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
            }
            sys.derivatives(t + C7 * hs, &y1, &mut k7);
            for i in 0..N {
                y1[i] = y[i]
                    + hs * (A81 * k1[i] + A84 * k4[i] + A85 * k5[i] + A86 * k6[i] + A87 * k7[i]);
            }
            sys.derivatives(t + C8 * hs, &y1, &mut k8);
            for i in 0..N {
                y1[i] = y[i]
                    + hs * (A91 * k1[i]
                        + A94 * k4[i]
                        + A95 * k5[i]
                        + A96 * k6[i]
                        + A97 * k7[i]
                        + A98 * k8[i]);
            }
            sys.derivatives(t + C9 * hs, &y1, &mut k9);
            for i in 0..N {
                y1[i] = y[i]
                    + hs * (A101 * k1[i]
                        + A104 * k4[i]
                        + A105 * k5[i]
                        + A106 * k6[i]
                        + A107 * k7[i]
                        + A108 * k8[i]
                        + A109 * k9[i]);
            }
            sys.derivatives(t + C10 * hs, &y1, &mut k10);
            for i in 0..N {
                y1[i] = y[i]
                    + hs * (A111 * k1[i]
                        + A114 * k4[i]
                        + A115 * k5[i]
                        + A116 * k6[i]
                        + A117 * k7[i]
                        + A118 * k8[i]
                        + A119 * k9[i]
                        + A1110 * k10[i]);
            }
            sys.derivatives(t + C11 * hs, &y1, &mut k11);
            let t_new = if last { t_end } else { t + hs };
            for i in 0..N {
                y1[i] = y[i]
                    + hs * (A121 * k1[i]
                        + A124 * k4[i]
                        + A125 * k5[i]
                        + A126 * k6[i]
                        + A127 * k7[i]
                        + A128 * k8[i]
                        + A129 * k9[i]
                        + A1210 * k10[i]
                        + A1211 * k11[i]);
            }
            sys.derivatives(t + hs, &y1, &mut k12);
            self.stats.evaluations += 11;

            // ---- solution and error estimate
            let mut err5 = 0.0;
            let mut err3 = 0.0;
            let mut finite = true;
            for i in 0..N {
                let inc = B1 * k1[i]
                    + B6 * k6[i]
                    + B7 * k7[i]
                    + B8 * k8[i]
                    + B9 * k9[i]
                    + B10 * k10[i]
                    + B11 * k11[i]
                    + B12 * k12[i];
                let yn = y[i] + hs * inc;
                y_new[i] = yn;
                finite &= yn.is_finite();
                let sk = atol + rtol * y[i].abs().max(yn.abs());
                let e3 = inc - BHH1 * k1[i] - BHH2 * k9[i] - BHH3 * k12[i];
                let e5 = ER1 * k1[i]
                    + ER6 * k6[i]
                    + ER7 * k7[i]
                    + ER8 * k8[i]
                    + ER9 * k9[i]
                    + ER10 * k10[i]
                    + ER11 * k11[i]
                    + ER12 * k12[i];
                err3 += (e3 / sk) * (e3 / sk);
                err5 += (e5 / sk) * (e5 / sk);
            }
            let mut deno = err5 + 0.01 * err3;
            if deno <= 0.0 {
                deno = 1.0;
            }
            let err = h * err5 * (1.0 / (N as f64 * deno)).sqrt();
            finite &= err.is_finite();

            if finite && err <= 1.0 {
                // FSAL: derivative at the new point.
                sys.derivatives(t_new, &y_new, &mut k13);
                self.stats.evaluations += 1;
                if all_finite(&k13) {
                    // ---- step accepted
                    self.stats.accepted += 1;
                    let fac11 = err.powf(EXPO1);
                    let fac = (1.0 / FAC2).max((1.0 / FAC1).min(fac11 / SAFE));
                    let mut h_new = h / fac;
                    if rejected_here {
                        h_new = h_new.min(h);
                    }
                    if last && h < h_cand && fac <= 1.0 / FAC2 {
                        // The step was shortened to hit t_end and its error
                        // was tiny: do not let that shrink the next step.
                        h_new = h_new.max(h_cand);
                    }
                    self.h_next = h_new.min(hmax);

                    self.k = [k6, k7, k8, k9, k10, k11, k12];
                    self.t_prev = t;
                    self.y_prev = y;
                    self.f_prev = k1;
                    self.t = t_new;
                    self.y = y_new;
                    self.f = k13;
                    self.h_last = hs;
                    self.dense_ready = false;
                    return Ok(t_new);
                }
                finite = false;
            }
            // ---- step rejected
            self.stats.rejected += 1;
            rejected_here = true;
            if finite {
                let fac11 = err.powf(EXPO1);
                h /= (1.0 / FAC1).min(fac11 / SAFE);
            } else {
                nonfinite = true;
                h *= FAC1;
            }
        }
    }

    /// Integrates until `t_end` by repeated [`step`](Self::step)s and returns
    /// the final state.
    pub fn integrate_to<S: OdeSystem<N>>(
        &mut self,
        sys: &mut S,
        t_end: f64,
    ) -> Result<&[f64; N], IntegrationError> {
        while self.t != t_end {
            self.step(sys, t_end)?;
        }
        Ok(&self.y)
    }

    /// Computes the dense-output coefficients of the last accepted step
    /// (three extra derivative evaluations).
    fn prepare_dense<S: OdeSystem<N>>(&mut self, sys: &mut S) {
        let h = self.h_last;
        let t0 = self.t_prev;
        let y = &self.y_prev;
        let k1 = &self.f_prev;
        let [k6, k7, k8, k9, k10, k11, k12] = &self.k;
        let k13 = &self.f;
        let mut y1 = [0.0; N];
        let mut k14 = [0.0; N];
        let mut k15 = [0.0; N];
        let mut k16 = [0.0; N];
        for i in 0..N {
            y1[i] = y[i]
                + h * (A141 * k1[i]
                    + A147 * k7[i]
                    + A148 * k8[i]
                    + A149 * k9[i]
                    + A1410 * k10[i]
                    + A1411 * k11[i]
                    + A1412 * k12[i]
                    + A1413 * k13[i]);
        }
        sys.derivatives(t0 + C14 * h, &y1, &mut k14);
        for i in 0..N {
            y1[i] = y[i]
                + h * (A151 * k1[i]
                    + A156 * k6[i]
                    + A157 * k7[i]
                    + A158 * k8[i]
                    + A1511 * k11[i]
                    + A1512 * k12[i]
                    + A1513 * k13[i]
                    + A1514 * k14[i]);
        }
        sys.derivatives(t0 + C15 * h, &y1, &mut k15);
        for i in 0..N {
            y1[i] = y[i]
                + h * (A161 * k1[i]
                    + A166 * k6[i]
                    + A167 * k7[i]
                    + A168 * k8[i]
                    + A169 * k9[i]
                    + A1613 * k13[i]
                    + A1614 * k14[i]
                    + A1615 * k15[i]);
        }
        sys.derivatives(t0 + C16 * h, &y1, &mut k16);
        self.stats.evaluations += 3;

        let c = &mut self.cont;
        for i in 0..N {
            let ydiff = self.y[i] - y[i];
            let bspl = h * k1[i] - ydiff;
            c[0][i] = ydiff;
            c[1][i] = bspl;
            c[2][i] = ydiff - h * k13[i] - bspl;
            c[3][i] = h
                * (D41 * k1[i]
                    + D46 * k6[i]
                    + D47 * k7[i]
                    + D48 * k8[i]
                    + D49 * k9[i]
                    + D410 * k10[i]
                    + D411 * k11[i]
                    + D412 * k12[i]
                    + D413 * k13[i]
                    + D414 * k14[i]
                    + D415 * k15[i]
                    + D416 * k16[i]);
            c[4][i] = h
                * (D51 * k1[i]
                    + D56 * k6[i]
                    + D57 * k7[i]
                    + D58 * k8[i]
                    + D59 * k9[i]
                    + D510 * k10[i]
                    + D511 * k11[i]
                    + D512 * k12[i]
                    + D513 * k13[i]
                    + D514 * k14[i]
                    + D515 * k15[i]
                    + D516 * k16[i]);
            c[5][i] = h
                * (D61 * k1[i]
                    + D66 * k6[i]
                    + D67 * k7[i]
                    + D68 * k8[i]
                    + D69 * k9[i]
                    + D610 * k10[i]
                    + D611 * k11[i]
                    + D612 * k12[i]
                    + D613 * k13[i]
                    + D614 * k14[i]
                    + D615 * k15[i]
                    + D616 * k16[i]);
            c[6][i] = h
                * (D71 * k1[i]
                    + D76 * k6[i]
                    + D77 * k7[i]
                    + D78 * k8[i]
                    + D79 * k9[i]
                    + D710 * k10[i]
                    + D711 * k11[i]
                    + D712 * k12[i]
                    + D713 * k13[i]
                    + D714 * k14[i]
                    + D715 * k15[i]
                    + D716 * k16[i]);
        }
        self.dense_ready = true;
    }

    /// The dense output of the last accepted step as data, to evaluate later: (start time, signed step, state at
    /// the start, coefficients `cont1..cont7`); [`dense_eval`] evaluates it as [`Self::dense`] does. Computes the
    /// coefficients on first use for this step (3 extra evaluations).
    pub fn dense_parts<S: OdeSystem<N>>(
        &mut self,
        sys: &mut S,
    ) -> (f64, f64, [f64; N], [[f64; N]; 7]) {
        if self.h_last != 0.0 && !self.dense_ready {
            self.prepare_dense(sys);
        }
        (self.t_prev, self.h_last, self.y_prev, self.cont)
    }

    /// Dense output: state at any t in [t_prev, t] of the last accepted step (7th order). Computes the dense coefficients on first use for this step (3 extra evaluations), cached until the next step.
    ///
    /// Before the first step (or right after [`restart`](Self::restart)) it
    /// returns the current state. Outside `[t_prev, t]` the polynomial is
    /// extrapolated (no panic, but the accuracy degrades quickly). The result
    /// is exactly `y_prev()` at `t_prev()` and agrees with `y()` at `t()` to
    /// rounding.
    #[inline]
    pub fn dense<S: OdeSystem<N>>(&mut self, sys: &mut S, t: f64, out: &mut [f64; N]) {
        if self.h_last == 0.0 {
            *out = self.y;
            return;
        }
        if !self.dense_ready {
            self.prepare_dense(sys);
        }
        let s = (t - self.t_prev) / self.h_last;
        let s1 = 1.0 - s;
        let c = &self.cont;
        for i in 0..N {
            let conpar = c[3][i] + s * (c[4][i] + s1 * (c[5][i] + s * c[6][i]));
            out[i] = self.y_prev[i] + s * (c[0][i] + s1 * (c[1][i] + s * (c[2][i] + s1 * conpar)));
        }
    }
}

/// Evaluates the dense output of one step given by [`Dop853::dense_parts`] (start `t0`, signed step `h`, start
/// state `y0`, coefficients `cont`) at `t`; component `i` only.
#[inline]
pub fn dense_eval<const N: usize>(
    t0: f64,
    h: f64,
    y0: &[f64; N],
    cont: &[[f64; N]; 7],
    t: f64,
    i: usize,
) -> f64 {
    if h == 0.0 {
        return y0[i];
    }
    let s = (t - t0) / h;
    let s1 = 1.0 - s;
    let c = cont;
    let conpar = c[3][i] + s * (c[4][i] + s1 * (c[5][i] + s * c[6][i]));
    y0[i] + s * (c[0][i] + s1 * (c[1][i] + s * (c[2][i] + s1 * conpar)))
}

/// Which sign changes of an event function count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing {
    /// From negative to zero or positive.
    Rising,
    /// From positive to zero or negative.
    Falling,
    /// Either direction.
    Either,
}

impl Crossing {
    /// Whether `g` going from `g0` to `g1` is a crossing of this direction.
    /// A crossing needs `g0 != 0` (a zero at the start belongs to the
    /// previous step) and `g1` zero or of the opposite sign.
    #[inline]
    pub fn matches(self, g0: f64, g1: f64) -> bool {
        let rising = g0 < 0.0 && g1 >= 0.0;
        let falling = g0 > 0.0 && g1 <= 0.0;
        match self {
            Self::Rising => rising,
            Self::Falling => falling,
            Self::Either => rising || falling,
        }
    }
}

/// Finds, inside the last accepted step, the first time where g(t, y(t)) crosses zero in the given direction,
/// given that g at the step's ends has values g0 (at t_prev) and g1 (at t). Returns None if no crossing of that direction
/// (only the end values' signs are checked: a sign change is required). Uses Brent's method (or Illinois) on the dense
/// output to |Δt| <= t_tol. Returns (t_event, y_event).
///
/// Details: a crossing means `g0 < 0 <= g1` (rising) or `g0 > 0 >= g1`
/// (falling); a zero exactly at `t_prev` does not count (it was the end of the
/// previous step). If `g1 == 0` the event is `(t(), y())` without any
/// evaluation. Several roots inside one step with an overall sign change yield
/// one of them (not necessarily the first); roots without a sign change at the
/// step ends are missed, so keep steps short (`max_step`) if `g` can oscillate
/// within a step. `y_event` is the dense output at `t_event`. Returns `None`
/// before the first step.
pub fn locate_event<const N: usize, S: OdeSystem<N>, G: FnMut(f64, &[f64; N]) -> f64>(
    stepper: &mut Dop853<N>,
    sys: &mut S,
    mut g: G,
    g0: f64,
    g1: f64,
    dir: Crossing,
    t_tol: f64,
) -> Option<(f64, [f64; N])> {
    if stepper.h_last == 0.0 || !dir.matches(g0, g1) {
        return None;
    }
    if g1 == 0.0 {
        return Some((stepper.t, stepper.y));
    }
    let (ta, tb) = (stepper.t_prev, stepper.t);
    let mut ys = [0.0; N];
    let te = brent(
        |s| {
            stepper.dense(sys, s, &mut ys);
            g(s, &ys)
        },
        ta,
        tb,
        g0,
        g1,
        t_tol,
    );
    if te.is_nan() {
        return None;
    }
    stepper.dense(sys, te, &mut ys);
    Some((te, ys))
}

/// Brent's root finder (Brent 1973, "zeroin"): inverse quadratic
/// interpolation / secant steps safeguarded by bisection.
///
/// `fa = f(a)` and `fb = f(b)` must be known and bracket a root (opposite
/// signs, or one of them zero); `a` may be larger than `b`. Returns `x` with
/// `|x - root| <= tol + 4 ε |x|` for some root of the (continuous) function in
/// the bracket; for a discontinuous sign change it converges to the jump.
/// `f` is not evaluated at `a` or `b`. Returns `f64::NAN` if `fa` and `fb`
/// do not bracket a root, if any value is NaN, or if `f` returns NaN.
/// At most 200 evaluations are made.
pub fn brent<F: FnMut(f64) -> f64>(mut f: F, a: f64, b: f64, fa: f64, fb: f64, tol: f64) -> f64 {
    if fa == 0.0 {
        return a;
    }
    if fb == 0.0 {
        return b;
    }
    if fa.is_nan() || fb.is_nan() || a.is_nan() || b.is_nan() || (fa > 0.0) == (fb > 0.0) {
        return f64::NAN;
    }
    let tol = if tol > 0.0 { tol } else { 0.0 };
    let (mut a, mut b, mut c) = (a, b, a);
    let (mut fa, mut fb, mut fc) = (fa, fb, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..200 {
        if (fb > 0.0) == (fc > 0.0) {
            // Root is between a and b: make c the other bracket end.
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            // b is the best estimate so far.
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol1 = 2.0 * f64::EPSILON * b.abs() + 0.5 * tol;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol1 || fb == 0.0 {
            return b;
        }
        if e.abs() >= tol1 && fa.abs() > fb.abs() {
            // Try interpolation.
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                // Secant.
                p = 2.0 * xm * s;
                q = 1.0 - s;
            } else {
                // Inverse quadratic interpolation.
                let qq = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * xm * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if 2.0 * p < (3.0 * xm * q - (tol1 * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        b += if d.abs() > tol1 { d } else { tol1.copysign(xm) };
        fb = f(b);
        if fb.is_nan() {
            return f64::NAN;
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    // ------------------------------------------------------------ systems

    struct Decay;
    impl OdeSystem<1> for Decay {
        fn derivatives(&mut self, _t: f64, y: &[f64; 1], d: &mut [f64; 1]) {
            d[0] = -y[0];
        }
    }

    struct Harmonic;
    impl OdeSystem<2> for Harmonic {
        fn derivatives(&mut self, _t: f64, y: &[f64; 2], d: &mut [f64; 2]) {
            d[0] = y[1];
            d[1] = -y[0];
        }
    }

    /// y' = -2 t y, y = exp(-t²) (non-autonomous).
    struct Gauss;
    impl OdeSystem<1> for Gauss {
        fn derivatives(&mut self, t: f64, y: &[f64; 1], d: &mut [f64; 1]) {
            d[0] = -2.0 * t * y[0];
        }
    }

    /// y' = y², y(0) = 1: y = 1/(1-t), blows up at t = 1.
    struct Riccati;
    impl OdeSystem<1> for Riccati {
        fn derivatives(&mut self, _t: f64, y: &[f64; 1], d: &mut [f64; 1]) {
            d[0] = y[0] * y[0];
        }
    }

    /// y' = sqrt(1 - t): NaN for t > 1.
    struct SqrtEnd;
    impl OdeSystem<1> for SqrtEnd {
        fn derivatives(&mut self, t: f64, _y: &[f64; 1], d: &mut [f64; 1]) {
            d[0] = (1.0 - t).sqrt();
        }
    }

    /// Planar two-body problem, mu = 1: state (x, y, vx, vy).
    struct Kepler;
    impl OdeSystem<4> for Kepler {
        fn derivatives(&mut self, _t: f64, s: &[f64; 4], d: &mut [f64; 4]) {
            let r2 = s[0] * s[0] + s[1] * s[1];
            let r3 = r2 * r2.sqrt();
            d[0] = s[2];
            d[1] = s[3];
            d[2] = -s[0] / r3;
            d[3] = -s[1] / r3;
        }
    }

    const ECC: f64 = 0.6;

    /// Kepler orbit with a = 1, mu = 1, e = ECC, periapsis on +x at t = 0.
    fn kepler_exact(t: f64) -> [f64; 4] {
        let e = ECC;
        let m = t; // mean motion 1
        let mut ea = if e > 0.8 { PI } else { m };
        for _ in 0..100 {
            let d = (ea - e * ea.sin() - m) / (1.0 - e * ea.cos());
            ea -= d;
            if d.abs() < 1e-16 {
                break;
            }
        }
        let b = (1.0 - e * e).sqrt();
        let den = 1.0 - e * ea.cos();
        [
            ea.cos() - e,
            b * ea.sin(),
            -ea.sin() / den,
            b * ea.cos() / den,
        ]
    }

    fn kepler_y0() -> [f64; 4] {
        kepler_exact(0.0)
    }

    fn energy(s: &[f64; 4]) -> f64 {
        0.5 * (s[2] * s[2] + s[3] * s[3]) - 1.0 / (s[0] * s[0] + s[1] * s[1]).sqrt()
    }

    fn ang_mom(s: &[f64; 4]) -> f64 {
        s[0] * s[3] - s[1] * s[2]
    }

    fn tol(rtol: f64, atol: f64) -> Tolerances {
        Tolerances {
            rtol,
            atol,
            ..Tolerances::default()
        }
    }

    fn max_diff<const N: usize>(a: &[f64; N], b: &[f64; N]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
    }

    // ------------------------------------------------------------ coefficients

    /// Butcher table of the 16 stages (0-based rows), for order-condition checks.
    fn tableau() -> ([f64; 16], [[f64; 16]; 16], [f64; 12]) {
        let c = [
            0.0, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, 1.0, 1.0, C14, C15, C16,
        ];
        let mut a = [[0.0; 16]; 16];
        a[1][0] = A21;
        a[2][0] = A31;
        a[2][1] = A32;
        a[3][0] = A41;
        a[3][2] = A43;
        a[4][0] = A51;
        a[4][2] = A53;
        a[4][3] = A54;
        a[5][0] = A61;
        a[5][3] = A64;
        a[5][4] = A65;
        a[6][0] = A71;
        a[6][3] = A74;
        a[6][4] = A75;
        a[6][5] = A76;
        a[7][0] = A81;
        a[7][3] = A84;
        a[7][4] = A85;
        a[7][5] = A86;
        a[7][6] = A87;
        a[8][0] = A91;
        a[8][3] = A94;
        a[8][4] = A95;
        a[8][5] = A96;
        a[8][6] = A97;
        a[8][7] = A98;
        a[9][0] = A101;
        a[9][3] = A104;
        a[9][4] = A105;
        a[9][5] = A106;
        a[9][6] = A107;
        a[9][7] = A108;
        a[9][8] = A109;
        a[10][0] = A111;
        a[10][3] = A114;
        a[10][4] = A115;
        a[10][5] = A116;
        a[10][6] = A117;
        a[10][7] = A118;
        a[10][8] = A119;
        a[10][9] = A1110;
        a[11][0] = A121;
        a[11][3] = A124;
        a[11][4] = A125;
        a[11][5] = A126;
        a[11][6] = A127;
        a[11][7] = A128;
        a[11][8] = A129;
        a[11][9] = A1210;
        a[11][10] = A1211;
        let b = [B1, 0.0, 0.0, 0.0, 0.0, B6, B7, B8, B9, B10, B11, B12];
        a[12][..12].copy_from_slice(&b);
        a[13][0] = A141;
        a[13][6] = A147;
        a[13][7] = A148;
        a[13][8] = A149;
        a[13][9] = A1410;
        a[13][10] = A1411;
        a[13][11] = A1412;
        a[13][12] = A1413;
        a[14][0] = A151;
        a[14][5] = A156;
        a[14][6] = A157;
        a[14][7] = A158;
        a[14][10] = A1511;
        a[14][11] = A1512;
        a[14][12] = A1513;
        a[14][13] = A1514;
        a[15][0] = A161;
        a[15][5] = A166;
        a[15][6] = A167;
        a[15][7] = A168;
        a[15][8] = A169;
        a[15][12] = A1613;
        a[15][13] = A1614;
        a[15][14] = A1615;
        (c, a, b)
    }

    #[test]
    fn coefficients_satisfy_simple_order_conditions() {
        let (c, a, b) = tableau();
        // Row sums: sum_j a_ij = c_i.
        for i in 1..16 {
            let s: f64 = a[i].iter().sum();
            assert!(
                (s - c[i]).abs() < 1e-14,
                "row {} sums to {s}, c = {}",
                i + 1,
                c[i]
            );
        }
        // Quadrature conditions sum b_i c_i^k = 1/(k+1), k = 0..7.
        for k in 0..8 {
            let s: f64 = (0..12).map(|i| b[i] * c[i].powi(k)).sum();
            let exact = 1.0 / f64::from(k + 1);
            assert!(
                (s - exact).abs() < 1e-14,
                "quadrature k={k}: {s} vs {exact}"
            );
        }
        // sum b_i a_ij c_j^k = 1/((k+1)(k+2)), k = 0..6.
        for k in 0..7 {
            let s: f64 = (0..12)
                .map(|i| b[i] * (0..i).map(|j| a[i][j] * c[j].powi(k)).sum::<f64>())
                .sum();
            let exact = 1.0 / f64::from((k + 1) * (k + 2));
            assert!((s - exact).abs() < 1e-13, "b A c^{k}: {s} vs {exact}");
        }
        // Error estimators are differences of consistent weights: they sum to 0.
        let e5 = [ER1, ER6, ER7, ER8, ER9, ER10, ER11, ER12];
        assert!(e5.iter().sum::<f64>().abs() < 1e-14);
        let e3: f64 = b.iter().sum::<f64>() - BHH1 - BHH2 - BHH3;
        assert!(e3.abs() < 1e-14);
        // Dense-output rows must vanish on constant derivatives.
        let d4 = [
            D41, D46, D47, D48, D49, D410, D411, D412, D413, D414, D415, D416,
        ];
        let d5 = [
            D51, D56, D57, D58, D59, D510, D511, D512, D513, D514, D515, D516,
        ];
        let d6 = [
            D61, D66, D67, D68, D69, D610, D611, D612, D613, D614, D615, D616,
        ];
        let d7 = [
            D71, D76, D77, D78, D79, D710, D711, D712, D713, D714, D715, D716,
        ];
        for (n, row) in [d4, d5, d6, d7].iter().enumerate() {
            let s: f64 = row.iter().sum();
            assert!(s.abs() < 1e-12, "dense row {} sums to {s}", n + 4);
        }
    }

    // ------------------------------------------------------------ accuracy

    #[test]
    fn exponential_decay() {
        let mut sys = Decay;
        let mut st = Dop853::new(&mut sys, 0.0, [1.0], tol(1e-12, 1e-12));
        let mut worst: f64 = 0.0;
        while st.t() < 10.0 {
            st.step(&mut sys, 10.0).expect("step");
            worst = worst.max((st.y()[0] - (-st.t()).exp()).abs());
            assert!((st.dydt()[0] + st.y()[0]).abs() < 1e-15);
        }
        assert_eq!(st.t(), 10.0);
        assert!(worst < 1e-10, "worst error {worst}");
    }

    #[test]
    fn harmonic_oscillator() {
        let mut sys = Harmonic;
        let mut st = Dop853::new(&mut sys, 0.0, [1.0, 0.0], tol(1e-12, 1e-12));
        let t_end = 20.0 * PI;
        let mut worst: f64 = 0.0;
        while st.t() < t_end {
            st.step(&mut sys, t_end).expect("step");
            let t = st.t();
            worst = worst.max(max_diff(st.y(), &[t.cos(), -t.sin()]));
        }
        assert_eq!(st.t(), t_end);
        assert!(worst < 1e-10, "worst error {worst}");
    }

    #[test]
    fn non_autonomous_problem() {
        let mut sys = Gauss;
        let mut st = Dop853::new(&mut sys, -3.0, [(-9.0f64).exp()], tol(1e-12, 1e-14));
        let mut out = [0.0; 1];
        let mut worst: f64 = 0.0;
        while st.t() < 3.0 {
            st.step(&mut sys, 3.0).expect("step");
            let t = st.t();
            worst = worst.max((st.y()[0] - (-t * t).exp()).abs());
            let tm = 0.5 * (t + st.t_prev());
            st.dense(&mut sys, tm, &mut out);
            worst = worst.max((out[0] - (-tm * tm).exp()).abs());
        }
        assert!(worst < 1e-10, "{worst}");
    }

    /// y' = p(t) is a quadrature: an order-8 method integrates polynomials
    /// of degree <= 7 exactly in one step (this exercises the c_i used for
    /// the stage times in `step`), but not degree 8. Likewise the dense
    /// output (order 7) is exact for degree <= 6.
    #[test]
    fn polynomial_quadrature_exactness() {
        struct Poly(i32);
        impl OdeSystem<1> for Poly {
            fn derivatives(&mut self, t: f64, _y: &[f64; 1], d: &mut [f64; 1]) {
                d[0] = f64::from(self.0 + 1) * t.powi(self.0);
            }
        }
        for deg in 0..=8 {
            let mut sys = Poly(deg);
            let (t0, h) = (0.25, 1.5);
            let exact = |t: f64| t.powi(deg + 1);
            let mut st = one_step(&mut sys, t0, [exact(t0)], h);
            let err = (st.y()[0] - exact(t0 + h)).abs();
            if deg <= 7 {
                assert!(err < 1e-13, "degree {deg}: error {err}");
            } else {
                assert!(err > 1e-8, "degree {deg} should not be exact: {err}");
            }
            let mut out = [0.0];
            let mut dense_err: f64 = 0.0;
            for s in [0.1, 0.37, 0.5, 0.81] {
                st.dense(&mut sys, t0 + s * h, &mut out);
                dense_err = dense_err.max((out[0] - exact(t0 + s * h)).abs());
            }
            if deg <= 6 {
                assert!(dense_err < 1e-13, "dense degree {deg}: error {dense_err}");
            } else {
                assert!(dense_err > 1e-8, "dense degree {deg} should not be exact");
            }
        }
    }

    /// One forced step of size h from t0 with a tolerance so loose that it
    /// is always accepted; returns the stepper for inspection.
    fn one_step<const N: usize, S: OdeSystem<N>>(
        sys: &mut S,
        t0: f64,
        y0: [f64; N],
        h: f64,
    ) -> Dop853<N> {
        let loose = Tolerances {
            rtol: 1e3,
            atol: 1e3,
            ..Tolerances::default()
        };
        let mut st = Dop853::new(sys, t0, y0, loose).with_initial_step(h);
        st.step(sys, t0 + 100.0).expect("step");
        assert_eq!(st.stats().rejected, 0);
        assert_eq!(st.stats().accepted, 1);
        assert!((st.t() - (t0 + h)).abs() < 1e-15);
        st
    }

    /// Local errors of one step of size `h` and `h/2` from `(t0, exact(t0))`,
    /// and of the dense output at s = 0.3 and 0.5 of those steps.
    fn local_errors<const N: usize, S: OdeSystem<N>>(
        sys: &mut S,
        t0: f64,
        h: f64,
        exact: &impl Fn(f64) -> [f64; N],
    ) -> ([f64; 2], [f64; 2]) {
        let mut step_err = [0.0; 2];
        let mut dense_err = [0.0; 2];
        for (n, h) in [h, 0.5 * h].into_iter().enumerate() {
            let mut st = one_step(sys, t0, exact(t0), h);
            step_err[n] = max_diff(st.y(), &exact(t0 + h));
            let mut out = [0.0; N];
            for s in [0.3, 0.5] {
                st.dense(sys, t0 + s * h, &mut out);
                dense_err[n] = f64::max(dense_err[n], max_diff(&out, &exact(t0 + s * h)));
            }
        }
        (step_err, dense_err)
    }

    // The step sizes below are chosen inside the asymptotic window, where the
    // errors are well above round-off yet the leading error term dominates
    // (for an order-8 method that window is only about one halving wide in
    // double precision). A method of order 7 would give a step ratio near 256,
    // a dense output of order 6 a ratio near 128.

    #[test]
    fn convergence_order_of_the_step() {
        for (t0, h) in [(PI, 0.4), (1.0, 0.2), (0.0, 0.05)] {
            let (e, _) = local_errors(&mut Kepler, t0, h, &kepler_exact);
            let ratio = e[0] / e[1];
            assert!(e[1] > 1e-15, "t0={t0}: error {e:?} at round-off level");
            // Order 8 => local error O(h^9) => ratio 2^9 = 512.
            assert!(
                (320.0..820.0).contains(&ratio),
                "t0={t0} h={h}: step error ratio {ratio} (errors {e:?})"
            );
        }
    }

    #[test]
    fn convergence_order_of_dense_output() {
        for (t0, h) in [(PI, 0.4), (1.0, 0.2)] {
            let (_, e) = local_errors(&mut Kepler, t0, h, &kepler_exact);
            let ratio = e[0] / e[1];
            assert!(e[1] > 1e-14, "t0={t0}: error {e:?} at round-off level");
            // Dense output of order 7 => local error O(h^8) => ratio 256.
            assert!(
                (160.0..410.0).contains(&ratio),
                "t0={t0} h={h}: dense error ratio {ratio} (errors {e:?})"
            );
        }
    }

    /// A rooted tree with its order, density gamma and the stage values
    /// Phi_i(t) of the elementary weights (Hairer–Nørsett–Wanner §II.2).
    struct Tree {
        order: usize,
        gamma: f64,
        phi: [f64; 16],
    }

    /// All rooted trees up to `max_order`, with Phi computed for the table `a`.
    fn trees(max_order: usize, a: &[[f64; 16]; 16]) -> Vec<Tree> {
        fn multisets(
            trees: &[Tree],
            remaining: usize,
            min_idx: usize,
            cur: &mut Vec<usize>,
            out: &mut Vec<Vec<usize>>,
        ) {
            if remaining == 0 {
                out.push(cur.clone());
                return;
            }
            for idx in min_idx..trees.len() {
                if trees[idx].order <= remaining {
                    cur.push(idx);
                    multisets(trees, remaining - trees[idx].order, idx, cur, out);
                    cur.pop();
                }
            }
        }
        let mut all = vec![Tree {
            order: 1,
            gamma: 1.0,
            phi: [1.0; 16],
        }];
        for n in 2..=max_order {
            let mut sets = Vec::new();
            multisets(&all, n - 1, 0, &mut Vec::new(), &mut sets);
            for children in sets {
                let mut phi = [1.0; 16];
                let mut gamma = n as f64;
                for &c in &children {
                    gamma *= all[c].gamma;
                    for i in 0..16 {
                        let s: f64 = (0..16).map(|j| a[i][j] * all[c].phi[j]).sum();
                        phi[i] *= s;
                    }
                }
                all.push(Tree {
                    order: n,
                    gamma,
                    phi,
                });
            }
        }
        all
    }

    /// Checks all 200 order conditions up to order 8 for the step, order 5
    /// and 3 for the embedded error estimators and order 7 for the dense
    /// output (all 85 trees, at several theta). The residuals are ~3e-15 with
    /// the published coefficients, so a typo changing a coefficient by more
    /// than ~1e-13 makes this fail.
    #[test]
    fn coefficients_satisfy_all_order_conditions() {
        let (_, a, b) = tableau();
        let ts = trees(8, &a);
        let mut counts = [0usize; 9];
        for t in &ts {
            counts[t.order] += 1;
        }
        assert_eq!(counts, [0, 1, 1, 2, 4, 9, 20, 48, 115]);

        let e5 = {
            let mut e = [0.0; 16];
            for (i, v) in [
                (0, ER1),
                (5, ER6),
                (6, ER7),
                (7, ER8),
                (8, ER9),
                (9, ER10),
                (10, ER11),
                (11, ER12),
            ] {
                e[i] = v;
            }
            e
        };
        let e3 = {
            let mut e = [0.0; 16];
            e[..12].copy_from_slice(&b);
            e[0] -= BHH1;
            e[8] -= BHH2;
            e[11] -= BHH3;
            e
        };
        // Dense-output weights b_i(theta), exactly as assembled in `dense`.
        let d = [
            [
                D41, 0.0, 0.0, 0.0, 0.0, D46, D47, D48, D49, D410, D411, D412, D413, D414, D415,
                D416,
            ],
            [
                D51, 0.0, 0.0, 0.0, 0.0, D56, D57, D58, D59, D510, D511, D512, D513, D514, D515,
                D516,
            ],
            [
                D61, 0.0, 0.0, 0.0, 0.0, D66, D67, D68, D69, D610, D611, D612, D613, D614, D615,
                D616,
            ],
            [
                D71, 0.0, 0.0, 0.0, 0.0, D76, D77, D78, D79, D710, D711, D712, D713, D714, D715,
                D716,
            ],
        ];
        let dense_weights = |th: f64| {
            let mut w = [0.0; 16];
            for i in 0..16 {
                let w1 = if i < 12 { b[i] } else { 0.0 };
                let w2 = if i == 0 { 1.0 } else { 0.0 } - w1;
                let w3 = w1 - if i == 12 { 1.0 } else { 0.0 } - w2;
                let conpar = d[0][i] + th * (d[1][i] + (1.0 - th) * (d[2][i] + th * d[3][i]));
                w[i] = th * (w1 + (1.0 - th) * (w2 + th * (w3 + (1.0 - th) * conpar)));
            }
            w
        };
        let thetas = [0.1, 0.3, 0.5, 0.77, 1.0];
        let dw: Vec<[f64; 16]> = thetas.iter().map(|&th| dense_weights(th)).collect();

        let mut e5_order6_max: f64 = 0.0;
        for (n, t) in ts.iter().enumerate() {
            let dot = |w: &[f64]| -> f64 { w.iter().zip(&t.phi).map(|(x, y)| x * y).sum() };
            let exact = 1.0 / t.gamma;
            let phi = dot(&b);
            assert!(
                (phi - exact).abs() < 3e-14,
                "tree #{n} (order {}): {phi} vs {exact}",
                t.order
            );
            if t.order <= 5 {
                assert!(dot(&e5).abs() < 3e-14, "e5 tree #{n}: {}", dot(&e5));
            } else if t.order == 6 {
                e5_order6_max = e5_order6_max.max(dot(&e5).abs());
            }
            if t.order <= 3 {
                assert!(dot(&e3).abs() < 3e-14, "e3 tree #{n}: {}", dot(&e3));
            }
            if t.order <= 7 {
                for (th, w) in thetas.iter().zip(&dw) {
                    let v = dot(w);
                    let ex = th.powi(t.order as i32) / t.gamma;
                    assert!(
                        (v - ex).abs() < 3e-14,
                        "dense tree #{n} (order {}) theta {th}: {v} vs {ex}",
                        t.order
                    );
                }
            }
        }
        // The 5th-order estimator is not accidentally of higher order.
        assert!(e5_order6_max > 1e-6);
    }

    // ------------------------------------------------------------ Kepler

    #[test]
    fn kepler_ten_orbits() {
        let mut sys = Kepler;
        let y0 = kepler_y0();
        let (e0, l0) = (energy(&y0), ang_mom(&y0));
        assert!((e0 + 0.5).abs() < 1e-15 && (l0 - 0.8).abs() < 1e-15);
        let mut st = Dop853::new(&mut sys, 0.0, y0, tol(1e-12, 1e-12));
        let t_end = 20.0 * PI;
        let mut worst_pos: f64 = 0.0;
        let mut worst_e: f64 = 0.0;
        let mut worst_l: f64 = 0.0;
        while st.t() < t_end {
            st.step(&mut sys, t_end).expect("step");
            let ex = kepler_exact(st.t());
            let y = st.y();
            worst_pos = worst_pos.max((y[0] - ex[0]).hypot(y[1] - ex[1]));
            worst_e = worst_e.max(((energy(y) - e0) / e0).abs());
            worst_l = worst_l.max(((ang_mom(y) - l0) / l0).abs());
        }
        assert_eq!(st.t(), t_end);
        assert!(worst_pos < 1e-8, "position error {worst_pos}");
        assert!(worst_e < 1e-10, "energy error {worst_e}");
        assert!(worst_l < 1e-10, "angular momentum error {worst_l}");
        assert!(st.stats().accepted > 100, "{:?}", st.stats());
    }

    #[test]
    fn kepler_one_orbit_cost() {
        let mut sys = Kepler;
        let mut st = Dop853::new(&mut sys, 0.0, kepler_y0(), tol(1e-9, 1e-9));
        let y = *st.integrate_to(&mut sys, 2.0 * PI).expect("orbit");
        let s = st.stats();
        println!("Kepler e=0.6, one orbit, rtol=atol=1e-9: {s:?}");
        assert!(max_diff(&y, &kepler_y0()) < 1e-6);
        assert!(s.accepted < 120 && s.rejected < 20, "{s:?}");
        // 12 evaluations per accepted step, 11 per rejected one, plus the
        // initial derivative and one for the initial step size.
        assert_eq!(s.evaluations, 12 * s.accepted + 11 * s.rejected + 2);
    }

    #[test]
    fn dense_output_inside_every_step() {
        let mut sys = Kepler;
        let mut st = Dop853::new(&mut sys, 0.0, kepler_y0(), tol(1e-11, 1e-11));
        let t_end = 4.0 * PI;
        let mut out = [0.0; 4];
        let mut worst_dense: f64 = 0.0;
        let mut worst_node: f64 = 0.0;
        let mut steps = 0;
        while st.t() < t_end {
            st.step(&mut sys, t_end).expect("step");
            steps += 1;
            let (ta, tb) = (st.t_prev(), st.t());
            worst_node = worst_node.max(max_diff(st.y(), &kepler_exact(tb)));
            // End points are reproduced.
            st.dense(&mut sys, ta, &mut out);
            assert_eq!(&out, st.y_prev());
            st.dense(&mut sys, tb, &mut out);
            assert!(max_diff(&out, st.y()) < 1e-14);
            for k in 1..20 {
                let t = ta + (tb - ta) * f64::from(k) / 20.0;
                st.dense(&mut sys, t, &mut out);
                worst_dense = worst_dense.max(max_diff(&out, &kepler_exact(t)));
            }
        }
        // Lazy: exactly 3 extra evaluations per step, however many queries.
        let s = st.stats();
        assert_eq!(
            s.evaluations,
            12 * s.accepted + 11 * s.rejected + 2 + 3 * steps
        );
        assert!(
            worst_dense < 1e-8,
            "dense error {worst_dense} (nodes {worst_node})"
        );
        assert!(
            worst_dense < 20.0 * worst_node + 1e-10,
            "{worst_dense} vs {worst_node}"
        );
    }

    #[test]
    fn dense_output_harmonic_and_decay() {
        let mut osc = Harmonic;
        let mut st = Dop853::new(&mut osc, 0.0, [1.0, 0.0], tol(1e-10, 1e-10));
        let mut out = [0.0; 2];
        let mut worst: f64 = 0.0;
        while st.t() < 10.0 {
            st.step(&mut osc, 10.0).expect("step");
            for k in 0..=10 {
                let t = st.t_prev() + (st.t() - st.t_prev()) * f64::from(k) / 10.0;
                st.dense(&mut osc, t, &mut out);
                worst = worst.max(max_diff(&out, &[t.cos(), -t.sin()]));
            }
        }
        assert!(worst < 1e-8, "{worst}");

        let mut dec = Decay;
        let mut st = Dop853::new(&mut dec, 0.0, [1.0], tol(1e-10, 1e-10));
        let mut out = [0.0; 1];
        let mut worst: f64 = 0.0;
        while st.t() < 5.0 {
            st.step(&mut dec, 5.0).expect("step");
            for k in 0..=10 {
                let t = st.t_prev() + (st.t() - st.t_prev()) * f64::from(k) / 10.0;
                st.dense(&mut dec, t, &mut out);
                worst = worst.max((out[0] - (-t).exp()).abs());
            }
        }
        assert!(worst < 1e-9, "{worst}");
    }

    #[test]
    fn dense_before_first_step_and_after_restart() {
        let mut sys = Harmonic;
        let mut st = Dop853::new(&mut sys, 1.0, [0.5, 0.25], Tolerances::default());
        assert_eq!(st.t_prev(), st.t());
        let mut out = [0.0; 2];
        st.dense(&mut sys, 1.0, &mut out);
        assert_eq!(out, [0.5, 0.25]);
        st.step(&mut sys, 2.0).expect("step");
        st.restart(&mut sys, 3.0, [1.0, 0.0]);
        assert_eq!((st.t(), st.t_prev()), (3.0, 3.0));
        assert_eq!(st.dydt(), &[0.0, -1.0]);
        st.dense(&mut sys, 3.0, &mut out);
        assert_eq!(out, [1.0, 0.0]);
    }

    // ------------------------------------------------------------ events

    #[test]
    fn event_location_harmonic() {
        // x = cos t: falling zero at pi/2, rising zero at 3 pi/2.
        for (dir, expected) in [
            (Crossing::Falling, vec![0.5 * PI, 2.5 * PI]),
            (Crossing::Rising, vec![1.5 * PI, 3.5 * PI]),
            (
                Crossing::Either,
                vec![0.5 * PI, 1.5 * PI, 2.5 * PI, 3.5 * PI],
            ),
        ] {
            let mut sys = Harmonic;
            let mut st = Dop853::new(&mut sys, 0.0, [1.0, 0.0], tol(1e-12, 1e-12));
            let t_end = 4.0 * PI;
            let mut found = Vec::new();
            while st.t() < t_end {
                let g0 = st.y()[0];
                st.step(&mut sys, t_end).expect("step");
                let g1 = st.y()[0];
                if let Some((te, ye)) =
                    locate_event(&mut st, &mut sys, |_, y| y[0], g0, g1, dir, 1e-13)
                {
                    assert!(te >= st.t_prev() && te <= st.t());
                    assert!(ye[0].abs() < 1e-11, "{ye:?}");
                    assert!((ye[1] + te.sin()).abs() < 1e-10);
                    found.push(te);
                }
            }
            assert_eq!(found.len(), expected.len(), "{dir:?}: {found:?}");
            for (f, e) in found.iter().zip(&expected) {
                assert!((f - e).abs() < 1e-10, "{dir:?}: {f} vs {e}");
            }
        }
    }

    #[test]
    fn event_edge_cases() {
        let mut sys = Decay;
        let mut st = Dop853::new(&mut sys, 0.0, [1.0], tol(1e-13, 1e-13));
        // No step yet: nothing to locate.
        assert!(locate_event(
            &mut st,
            &mut sys,
            |_, y| y[0],
            -1.0,
            1.0,
            Crossing::Either,
            1e-12
        )
        .is_none());
        let g = |_: f64, y: &[f64; 1]| y[0] - 0.7;
        let (g0, g1) = loop {
            let g0 = st.y()[0] - 0.7;
            st.step(&mut sys, 5.0).expect("step");
            let g1 = st.y()[0] - 0.7;
            if g1 < 0.0 {
                break (g0, g1);
            }
        };
        assert!(g0 > 0.0);
        // Wrong direction.
        assert!(locate_event(&mut st, &mut sys, g, g0, g1, Crossing::Rising, 1e-12).is_none());
        // Right direction: y = 0.7 at t = ln(1/0.7).
        let (te, ye) =
            locate_event(&mut st, &mut sys, g, g0, g1, Crossing::Falling, 1e-12).expect("event");
        assert!((te - (1.0f64 / 0.7).ln()).abs() < 1e-11, "{te}");
        assert!((ye[0] - 0.7).abs() < 1e-11);
        // No sign change.
        assert!(locate_event(&mut st, &mut sys, g, 0.3, 0.1, Crossing::Either, 1e-12).is_none());
        // Zero at the start does not count, zero at the end does.
        assert!(locate_event(&mut st, &mut sys, g, 0.0, -0.1, Crossing::Either, 1e-12).is_none());
        let (te, _) = locate_event(&mut st, &mut sys, g, 0.2, 0.0, Crossing::Falling, 1e-12)
            .expect("end event");
        assert_eq!(te, st.t());
    }

    // ------------------------------------------------------------ direction

    #[test]
    fn backward_integration() {
        let mut sys = Decay;
        let mut st = Dop853::new(&mut sys, 2.0, [(-2.0f64).exp()], tol(1e-12, 1e-12));
        let mut out = [0.0; 1];
        while st.t() > 0.0 {
            let t = st.step(&mut sys, 0.0).expect("step");
            assert!(t < st.t_prev());
            let tm = 0.5 * (st.t() + st.t_prev());
            st.dense(&mut sys, tm, &mut out);
            assert!((out[0] - (-tm).exp()).abs() < 1e-10);
        }
        assert_eq!(st.t(), 0.0);
        assert!((st.y()[0] - 1.0).abs() < 1e-11, "{}", st.y()[0]);

        // Kepler: forward one orbit then back to the start.
        let mut k = Kepler;
        let mut st = Dop853::new(&mut k, 0.0, kepler_y0(), tol(1e-12, 1e-12));
        st.integrate_to(&mut k, 2.0 * PI).expect("forward");
        st.integrate_to(&mut k, 0.0).expect("backward");
        assert!(max_diff(st.y(), &kepler_y0()) < 1e-9, "{:?}", st.y());
        // Backward event: x = cos t rising zero at -pi/2 going backwards from 0
        // (x decreases from 1 to 0 as t goes 0 -> -pi/2: a falling crossing).
        let mut h = Harmonic;
        let mut st = Dop853::new(&mut h, 0.0, [1.0, 0.0], tol(1e-12, 1e-12));
        let mut hit = None;
        while st.t() > -3.0 && hit.is_none() {
            let g0 = st.y()[0];
            st.step(&mut h, -3.0).expect("step");
            let g1 = st.y()[0];
            hit = locate_event(
                &mut st,
                &mut h,
                |_, y| y[0],
                g0,
                g1,
                Crossing::Falling,
                1e-13,
            );
        }
        let (te, _) = hit.expect("backward event");
        assert!((te + 0.5 * PI).abs() < 1e-10, "{te}");
    }

    // ------------------------------------------------------------ failures

    /// y' = y², y(0) = 1 blows up at t = 1. The integrator must end with an
    /// error near the pole and never run on to t_end. Note that the numerical
    /// solution, being accurate to the tolerance, has its own blow-up time
    /// t + 1/y that differs from 1 by O(rtol) (here ~0.1 rtol), so accepted
    /// steps may end up to that far past t = 1, never further.
    #[test]
    fn singularity_is_reported_not_stepped_over() {
        for rtol in [1e-6, 1e-9, 1e-12] {
            let mut sys = Riccati;
            let mut st = Dop853::new(&mut sys, 0.0, [1.0], tol(rtol, rtol));
            let err = loop {
                match st.step(&mut sys, 2.0) {
                    Ok(t) => {
                        assert!(t < 1.0 + rtol, "stepped over the singularity to t = {t}");
                        // y = 1/(1-t) is ill-conditioned near the pole (an
                        // error d in the blow-up time is a relative error
                        // d/(1-t)), so check the implied blow-up time.
                        let y = st.y()[0];
                        assert!(y.is_finite() && y > 0.0);
                        let t_pole = t + 1.0 / y;
                        assert!((t_pole - 1.0).abs() < rtol, "rtol {rtol}: pole at {t_pole}");
                    }
                    Err(e) => break e,
                }
            };
            match err {
                IntegrationError::StepSizeTooSmall { t, .. }
                | IntegrationError::NonFinite { t } => {
                    assert!((t - 1.0).abs() < rtol, "rtol {rtol}: {err}");
                    assert_eq!(t, st.t());
                }
                IntegrationError::TooManySteps { .. } => panic!("unexpected {err}"),
            }
            assert!(st.t() < 1.0 + rtol);
        }
    }

    #[test]
    fn non_finite_derivative_is_reported() {
        let mut sys = SqrtEnd;
        let mut st = Dop853::new(&mut sys, 0.0, [0.0], tol(1e-9, 1e-9));
        let err = loop {
            match st.step(&mut sys, 2.0) {
                Ok(t) => assert!(t <= 1.0),
                Err(e) => break e,
            }
        };
        match err {
            IntegrationError::NonFinite { t } => assert!(t <= 1.0 && t > 0.99, "{err}"),
            _ => panic!("expected NonFinite, got {err}"),
        }
        // y = (2/3)(1 - (1-t)^1.5): still accurate.
        let t = st.t();
        assert!((st.y()[0] - 2.0 / 3.0 * (1.0 - (1.0 - t).powf(1.5))).abs() < 1e-8);

        // Non-finite initial state.
        let mut d = Decay;
        let mut st = Dop853::new(&mut d, 0.0, [f64::NAN], Tolerances::default());
        assert_eq!(
            st.step(&mut d, 1.0),
            Err(IntegrationError::NonFinite { t: 0.0 })
        );
        // ... recovers after a restart.
        st.restart(&mut d, 0.0, [1.0]);
        assert_eq!(st.step(&mut d, 0.01), Ok(0.01));
        // NaN target.
        assert!(matches!(
            st.step(&mut d, f64::NAN),
            Err(IntegrationError::NonFinite { .. })
        ));
    }

    #[test]
    fn too_many_steps() {
        let mut sys = Harmonic;
        let t = Tolerances {
            max_steps: 5,
            ..tol(1e-12, 1e-12)
        };
        let mut st = Dop853::new(&mut sys, 0.0, [1.0, 0.0], t);
        let err = st.integrate_to(&mut sys, 100.0).expect_err("must fail");
        assert!(
            matches!(err, IntegrationError::TooManySteps { steps: 5, .. }),
            "{err}"
        );
        assert_eq!(st.stats().accepted + st.stats().rejected, 5);
    }

    #[test]
    fn error_messages() {
        let e = IntegrationError::StepSizeTooSmall { t: 0.5, h: -1e-17 };
        let s = e.to_string();
        assert!(s.contains("t = 0.5") && s.contains("-1e-17"), "{s}");
        let s = IntegrationError::TooManySteps { t: 3.0, steps: 7 }.to_string();
        assert!(s.contains("t = 3") && s.contains('7'), "{s}");
        let s = IntegrationError::NonFinite { t: 2.5 }.to_string();
        assert!(s.contains("2.5") && s.contains("NaN"), "{s}");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(!boxed.to_string().is_empty());
    }

    // ------------------------------------------------------------ control

    #[test]
    fn step_control_details() {
        let mut sys = Harmonic;
        // max_step is honoured.
        let t = Tolerances {
            max_step: 0.1,
            ..tol(1e-6, 1e-6)
        };
        let mut st = Dop853::new(&mut sys, 0.0, [1.0, 0.0], t);
        while st.t() < 1.0 {
            st.step(&mut sys, 1.0).expect("step");
            assert!(st.t() - st.t_prev() <= 0.1 + 1e-15);
        }
        assert_eq!(st.t(), 1.0);
        // t_end == t: nothing happens.
        let s = st.stats();
        assert_eq!(st.step(&mut sys, 1.0), Ok(1.0));
        assert_eq!(st.stats(), s);
        // A short hop to a nearby t_end lands exactly, and does not destroy
        // the step-size estimate.
        let mut st = Dop853::new(&mut sys, 0.0, [1.0, 0.0], tol(1e-9, 1e-9));
        st.step(&mut sys, 10.0).expect("step");
        st.step(&mut sys, 10.0).expect("step");
        let h = st.next_step();
        let t1 = st.t() + 1e-6;
        assert_eq!(st.step(&mut sys, t1), Ok(t1));
        assert!(st.next_step() >= h, "{} < {h}", st.next_step());
        // with_initial_step is used as the first trial step.
        let mut st =
            Dop853::new(&mut sys, 0.0, [1.0, 0.0], tol(1e-6, 1e-6)).with_initial_step(0.01);
        st.step(&mut sys, 1.0).expect("step");
        assert_eq!(st.t(), 0.01);
        assert_eq!(st.last_step(), 0.01);
        // Restart keeps the step size as a first guess (no hinit evaluation).
        let h = st.next_step();
        let ev = st.stats().evaluations;
        st.restart(&mut sys, 5.0, [0.0, 1.0]);
        st.step(&mut sys, 6.0).expect("step");
        assert_eq!(st.t(), 5.0 + h);
        assert_eq!(st.stats().evaluations, ev + 1 + 12);
    }

    // ------------------------------------------------------------ brent

    #[test]
    fn brent_roots() {
        let tol = 1e-14;
        let f = |x: f64| x * x - 2.0;
        let r = brent(f, 0.0, 2.0, f(0.0), f(2.0), tol);
        assert!((r - 2.0f64.sqrt()).abs() < 1e-13, "{r}");
        // Reversed bracket.
        let r = brent(f, 2.0, 0.0, f(2.0), f(0.0), tol);
        assert!((r - 2.0f64.sqrt()).abs() < 1e-13, "{r}");
        // cos x = x.
        let g = |x: f64| x.cos() - x;
        let r = brent(g, 0.0, 1.0, g(0.0), g(1.0), tol);
        assert!((r - 0.739_085_133_215_160_6).abs() < 1e-13, "{r}");
        // Triple root (slow for interpolation, bisection must take over).
        let c = |x: f64| (x - 0.3).powi(3);
        let mut n = 0;
        let r = brent(
            |x| {
                n += 1;
                c(x)
            },
            -1.0,
            2.0,
            c(-1.0),
            c(2.0),
            1e-10,
        );
        assert!((r - 0.3).abs() < 1e-10, "{r}");
        assert!(n < 200, "{n} evaluations");
        // Discontinuous sign change: converges to the jump.
        let s = |x: f64| if x < 0.123 { -1.0 } else { 1.0 };
        let r = brent(s, 0.0, 1.0, -1.0, 1.0, 1e-12);
        assert!((r - 0.123).abs() < 1e-11, "{r}");
        // Loose tolerance is respected and saves work.
        let mut n = 0;
        let r = brent(
            |x: f64| {
                n += 1;
                x.exp() - 3.0
            },
            0.0,
            2.0,
            -2.0,
            2f64.exp() - 3.0,
            1e-3,
        );
        assert!((r - 3f64.ln()).abs() < 1e-3);
        assert!(n <= 8, "{n}");
        // Zeros at the ends, no bracket, NaN.
        assert_eq!(brent(f, 1.0, 5.0, 0.0, 1.0, tol), 1.0);
        assert_eq!(brent(f, 1.0, 5.0, 1.0, 0.0, tol), 5.0);
        assert!(brent(f, 2.0, 3.0, f(2.0), f(3.0), tol).is_nan());
        assert!(brent(|_| f64::NAN, 0.0, 1.0, -1.0, 1.0, tol).is_nan());
    }
}
