//! PLACEHOLDER (replaced by the full US Standard Atmosphere 1976 module).
#![allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtmosphereState { pub temperature_k: f64, pub pressure_pa: f64, pub density_kg_m3: f64, pub speed_of_sound_mps: f64 }
pub fn us1976(alt_m: f64) -> AtmosphereState { let d = density(alt_m); AtmosphereState { temperature_k: 288.15, pressure_pa: 101325.0 * d / 1.225, density_kg_m3: d, speed_of_sound_mps: 340.294 } }
pub fn density(alt_m: f64) -> f64 { if alt_m > 1.0e6 { 0.0 } else { 1.225 * (-alt_m / 7200.0).exp() } }
pub fn density_and_speed_of_sound(alt_m: f64) -> (f64, f64) { (density(alt_m), 340.294) }
