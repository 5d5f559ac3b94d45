use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::{LaunchState, PathPoint};
use shieldsim::flight::free_flight::FreeFlightOde;
use shieldsim::flight::dop853::OdeSystem;
fn main() {
    let earth = EarthModel::default();
    let state = LaunchState { position: Geodetic::from_degrees(35.0, 54.0, 150_000.0), speed_mps: 4000.0, azimuth_rad: 5.5, flight_path_rad: 0.6 };
    let (r, v) = state.to_inertial(&earth, 0.0);
    for beta in [None, Some(5000.0)] {
        let mut o = FlightOptions { beta_kg_m2: beta, ..FlightOptions::default() };
        o.tolerances.rtol = 1e-9; o.tolerances.atol = 1e-3;
        let times: Vec<f64> = (1..200).map(|k| k as f64 * 5.0).collect();
        let f = free_flight::fly_recorded(&earth, 0.0, r, v, &o, &times).unwrap();
        let mut worst: f64 = 0.0;
        for s in &f.samples { let p = f.path.state_at(s.t_s); worst = worst.max((p.r_eci - s.r_eci).norm()); }
        let mut ode = FreeFlightOde::new(&earth, beta);
        let mut worst_a: f64 = 0.0;
        for p in &f.path.points { let y = [p.r_eci.x, p.r_eci.y, p.r_eci.z, p.v_eci.x, p.v_eci.y, p.v_eci.z]; let mut d = [0.0; 6]; ode.derivatives(p.t_s, &y, &mut d); worst_a = worst_a.max((nalgebra::Vector3::new(d[3], d[4], d[5]) - p.a_eci).norm()); }
        println!("beta {beta:?}: {} steps, impact {:.1}, worst interp {worst:.4} m, worst accel mismatch {worst_a:e}", f.path.points.len(), f.impact_t_s);
        for w in f.path.points.windows(2) { print!("{:.0} ", w[1].t_s - w[0].t_s); } println!();
    }
}
