//! Fixtures shared by the integration tests and the benchmarks.

use shieldsim::flight::rocket::{DragCoefficient, Guidance, Missile, Payload, Stage};

/// A generic two-stage interceptor (about 4.3 km/s at burn-out; not a model of any real system).
pub fn generic_interceptor() -> Missile {
    let stage = |gross, prop, burn, isp| Stage {
        gross_mass_kg: gross,
        propellant_mass_kg: prop,
        burn_time_s: burn,
        isp_vac_s: isp,
        nozzle_exit_area_m2: 0.0,
        reference_area_m2: std::f64::consts::PI * 0.53 * 0.53 / 4.0,
        drag: DragCoefficient::Constant(0.3),
    };
    Missile {
        id: "generic-interceptor".into(),
        stages: vec![
            stage(900.0, 700.0, 8.0, 250.0),
            stage(350.0, 280.0, 20.0, 280.0),
        ],
        payload: Payload {
            mass_kg: 60.0,
            beta_kg_m2: 3000.0,
        },
        guidance: Guidance {
            vertical_rise_s: 2.0,
            pitch_kick_duration_s: 4.0,
        },
    }
}
