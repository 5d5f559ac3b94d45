//! PLACEHOLDER: replaced by the real DOP853 module.
#![allow(missing_docs, unused)]
pub trait OdeSystem<const N: usize> { fn derivatives(&mut self, t: f64, y: &[f64; N], dydt: &mut [f64; N]); }
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances { pub rtol: f64, pub atol: f64, pub max_step: f64, pub max_steps: usize }
impl Default for Tolerances { fn default() -> Self { Self { rtol: 1e-9, atol: 1e-9, max_step: f64::INFINITY, max_steps: 100_000 } } }
#[derive(Debug, Clone, PartialEq)]
pub enum IntegrationError { StepSizeTooSmall { t: f64, h: f64 }, TooManySteps { t: f64, steps: usize }, NonFinite { t: f64 } }
impl std::fmt::Display for IntegrationError { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "{self:?}") } }
impl std::error::Error for IntegrationError {}
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats { pub accepted: usize, pub rejected: usize, pub evaluations: usize }
pub struct Dop853<const N: usize> { t: f64, y: [f64; N], tp: f64, yp: [f64; N], dy: [f64; N] }
impl<const N: usize> Dop853<N> {
    pub fn new<S: OdeSystem<N>>(sys: &mut S, t0: f64, y0: [f64; N], tol: Tolerances) -> Self { todo!() }
    pub fn with_initial_step(self, h: f64) -> Self { self }
    pub fn step<S: OdeSystem<N>>(&mut self, sys: &mut S, t_end: f64) -> Result<f64, IntegrationError> { todo!() }
    pub fn t(&self) -> f64 { self.t }
    pub fn y(&self) -> &[f64; N] { &self.y }
    pub fn dydt(&self) -> &[f64; N] { &self.dy }
    pub fn t_prev(&self) -> f64 { self.tp }
    pub fn y_prev(&self) -> &[f64; N] { &self.yp }
    pub fn stats(&self) -> Stats { Stats::default() }
    pub fn dense<S: OdeSystem<N>>(&mut self, sys: &mut S, t: f64, out: &mut [f64; N]) { todo!() }
    pub fn restart<S: OdeSystem<N>>(&mut self, sys: &mut S, t: f64, y: [f64; N]) { todo!() }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crossing { Rising, Falling, Either }
pub fn locate_event<const N: usize, S: OdeSystem<N>, G: FnMut(f64, &[f64; N]) -> f64>(stepper: &mut Dop853<N>, sys: &mut S, g: G, g0: f64, g1: f64, dir: Crossing, t_tol: f64) -> Option<(f64, [f64; N])> { todo!() }
pub fn brent<F: FnMut(f64) -> f64>(f: F, a: f64, b: f64, fa: f64, fb: f64, tol: f64) -> f64 { todo!() }
