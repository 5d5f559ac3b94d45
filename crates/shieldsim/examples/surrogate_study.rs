//! How well cubic interpolation across the pitch kick (evenly in its logarithm) and the launch azimuth reproduces the
//! burn-out state, in the boost surrogate's frame (Earth-fixed, turned about the site's vertical by the azimuth): the
//! study behind the node spacings of `flight/surrogate.rs`. For three catalogue missiles it prints, at the middle of
//! four equispaced nodes, the position and velocity error and the impact error measure |δr| + 2000 s·|δv|, against
//! boosts simulated at relative tolerance `RTOL` (default 1e-12):
//!   cargo run --release -p shieldsim --example surrogate_study
use nalgebra::Vector3;
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::rocket::{boost, BoostControls};
use shieldsim::flight::targeting::Accuracy;

fn turned(
    earth: &EarthModel,
    site_up: &Vector3<f64>,
    az: f64,
    t: f64,
    r: &Vector3<f64>,
    v: &Vector3<f64>,
) -> [f64; 6] {
    let re = earth.eci_to_ecef(t, r);
    let ve = earth.eci_to_ecef(t, &(v - earth.frame_velocity(r)));
    let (s, c) = az.sin_cos();
    let a = site_up;
    let rot = |x: Vector3<f64>| x * c + a.cross(&x) * s + a * a.dot(&x) * (1.0 - c);
    let (r2, v2) = (rot(re), rot(ve));
    [r2.x, r2.y, r2.z, v2.x, v2.y, v2.z]
}

fn main() {
    let earth = EarthModel::default();
    let cat = Catalog::builtin().unwrap();
    let mut tol = Accuracy::PRECISE.tolerances;
    tol.rtol = std::env::var("RTOL")
        .map(|v| v.parse().unwrap())
        .unwrap_or(1e-12);
    tol.atol = 1e-6;
    for (id, lat, lon) in [
        ("irbm-solid", 35.2347, 53.9208),
        ("icbm-solid-3", 54.03, 35.78),
        ("icbm-liquid", 54.03, 35.78),
    ] {
        let m = cat.missile(id).unwrap().to_missile().unwrap();
        let site = Geodetic::from_degrees(lat, lon, 0.0);
        let up = earth
            .ellipsoid()
            .up_approx(&earth.ellipsoid().to_ecef(&site).0);
        let full = m.total_burn_time_s();
        let mid_t = 0.5 * (m.min_cutoff_s() + full);
        let state = |az: f64, k: f64, tc: f64| -> [f64; 6] {
            let c = BoostControls {
                azimuth_rad: az,
                pitch_kick_rad: k,
                cutoff_s: tc,
            };
            let Ok((b, _)) = boost(&earth, &site, &m, &c, true, tol, &[]) else {
                return [f64::NAN; 6];
            };
            turned(&earth, &up, az, b.t_s, &b.r_eci, &b.v_eci)
        };
        let err = |a: [f64; 6], b: [f64; 6]| {
            let dr = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt();
            let dv = ((a[3] - b[3]).powi(2) + (a[4] - b[4]).powi(2) + (a[5] - b[5]).powi(2)).sqrt();
            (dr, dv)
        };
        // cubic Lagrange at the middle of 4 equispaced nodes: (-1, 9, 9, -1)/16
        let cubic = |n: [[f64; 6]; 4]| {
            let mut o = [0.0; 6];
            for i in 0..6 {
                o[i] = (-n[0][i] + 9.0 * n[1][i] + 9.0 * n[2][i] - n[3][i]) / 16.0;
            }
            o
        };
        println!("== {id}");
        for kick_deg in [0.5, 1.0, 2.0, 4.0, 10.0, 20.0, 40.0] {
            for tc in [full, mid_t] {
                for du in [0.1, 0.05, 0.025] {
                    let u0 = f64::to_radians(kick_deg).ln();
                    let h_deg = du;
                    let nodes = [-1.0, 0.0, 1.0, 2.0].map(|i| state(0.5, (u0 + i * du).exp(), tc));
                    let truth = state(0.5, (u0 + 0.5 * du).exp(), tc);
                    let (dr, dv) = err(cubic(nodes), truth);
                    println!("kick {kick_deg:5.1}° tc {tc:6.1} du {h_deg:5.3}: dr {dr:10.4} m dv {dv:10.6} m/s  proxy {:8.2} m", dr + 2000.0 * dv);
                }
            }
        }
        for kick_deg in [3.0, 10.0] {
            for h_deg in [30.0, 20.0, 10.0, 5.0] {
                let h = f64::to_radians(h_deg);
                let k = f64::to_radians(kick_deg);
                let mut worst = (0.0f64, 0.0f64);
                for az0 in [0.0f64, 45.0, 100.0, 200.0, 290.0] {
                    let a0 = az0.to_radians();
                    let nodes = [-1.0, 0.0, 1.0, 2.0].map(|i| state(a0 + i * h, k, full));
                    let truth = state(a0 + 0.5 * h, k, full);
                    let (dr, dv) = err(cubic(nodes), truth);
                    worst = (worst.0.max(dr), worst.1.max(dv));
                }
                println!("az: kick {kick_deg}° h {h_deg}°: worst dr {:10.4} m dv {:10.6} m/s proxy {:8.2}", worst.0, worst.1, worst.0 + 2000.0 * worst.1);
            }
        }
    }
}
