//! Flies a batch of vacuum free flights to impact and times them: the shieldsim half of `bench/compare-scipy`.
//!
//! `cargo run --release -p shieldsim --example free_flight_batch -- STATES.csv IMPACTS.csv [BATCHES]`
//!
//! `STATES.csv` (written by `bench/compare_scipy.py`) holds one burn-out state per row: its geodetic description
//! (`lat_deg, lon_deg, alt_km, speed_mps, azimuth_deg, flight_path_deg`, speed relative to the rotating Earth) and the
//! same state in ECI (`x_m, y_m, z_m, vx_mps, vy_mps, vz_mps`, frame aligned with ECEF at t = 0). Each flight starts
//! from the ECI columns, so both sides of the comparison integrate bit-identical initial states; the geodetic columns
//! are converted with [`LaunchState::to_inertial`] only to check that the script's frame conversion matches the
//! engine's.
//!
//! Model: the engine's defaults — WGS 84, rotating Earth, J2 gravity — without drag, integrated by
//! [`free_flight::fly`] with [`free_flight::default_tolerances`] until the first downward crossing of geodetic
//! altitude 0. Every flight is run once untimed (its impact goes to `IMPACTS.csv`), then the whole batch `BATCHES`
//! times (default 100) on one thread; the best batch gives the time per trajectory.
//!
//! Prints `key: value` lines on stdout (the script parses them).

use std::error::Error;
use std::hint::black_box;
use std::time::Instant;

use nalgebra::Vector3;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::free_flight::{self, FlightOptions};
use shieldsim::flight::LaunchState;

/// One row of the states file.
struct BurnoutRow {
    id: String,
    state: LaunchState,
    r_eci: Vector3<f64>,
    v_eci: Vector3<f64>,
}

const GEODETIC_COLUMNS: [&str; 6] = [
    "lat_deg",
    "lon_deg",
    "alt_km",
    "speed_mps",
    "azimuth_deg",
    "flight_path_deg",
];
const ECI_COLUMNS: [&str; 6] = ["x_m", "y_m", "z_m", "vx_mps", "vy_mps", "vz_mps"];

fn read_states(path: &str) -> Result<Vec<BurnoutRow>, Box<dyn Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| format!("{path} is empty"))?
        .split(',')
        .map(str::trim)
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| format!("{path}: no column `{name}` in the header"))
    };
    let id_col = column("id")?;
    let geo: Vec<usize> = GEODETIC_COLUMNS
        .iter()
        .map(|c| column(c))
        .collect::<Result<_, _>>()?;
    let eci: Vec<usize> = ECI_COLUMNS
        .iter()
        .map(|c| column(c))
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for (n, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let value = |i: usize| -> Result<f64, Box<dyn Error>> {
            let text = fields
                .get(i)
                .ok_or_else(|| format!("{path}: data row {} has too few fields", n + 1))?;
            text.parse::<f64>().map_err(|e| {
                format!("{path}: data row {}: `{text}` is not a number: {e}", n + 1).into()
            })
        };
        let g: Vec<f64> = geo.iter().map(|&i| value(i)).collect::<Result<_, _>>()?;
        let e: Vec<f64> = eci.iter().map(|&i| value(i)).collect::<Result<_, _>>()?;
        rows.push(BurnoutRow {
            id: fields.get(id_col).unwrap_or(&"").to_string(),
            state: LaunchState {
                position: Geodetic::from_degrees(g[0], g[1], g[2] * 1000.0),
                speed_mps: g[3],
                azimuth_rad: g[4].to_radians(),
                flight_path_rad: g[5].to_radians(),
            },
            r_eci: Vector3::new(e[0], e[1], e[2]),
            v_eci: Vector3::new(e[3], e[4], e[5]),
        });
    }
    if rows.is_empty() {
        return Err(format!("{path} has no data rows").into());
    }
    Ok(rows)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 || args.len() > 4 {
        return Err("usage: free_flight_batch STATES.csv IMPACTS.csv [BATCHES]".into());
    }
    let batches: usize = match args.get(3) {
        Some(b) => b
            .parse()
            .map_err(|e| format!("BATCHES = `{b}`: expected a whole number above 0 ({e})"))?,
        None => 100,
    };
    let rows = read_states(&args[1])?;
    let earth = EarthModel::default();
    let options = FlightOptions::default();

    let (mut max_dr, mut max_dv) = (0.0f64, 0.0f64);
    for row in &rows {
        let (r, v) = row.state.to_inertial(&earth, 0.0);
        max_dr = max_dr.max((r - row.r_eci).norm());
        max_dv = max_dv.max((v - row.v_eci).norm());
    }

    let mut out = String::from(
        "id,impact_t_s,x_m,y_m,z_m,vx_mps,vy_mps,vz_mps,impact_lat_deg,impact_lon_deg,apogee_alt_km,steps\n",
    );
    let mut steps = 0usize;
    for row in &rows {
        let f = free_flight::fly(&earth, 0.0, row.r_eci, row.v_eci, &options, &[])
            .map_err(|e| format!("state {}: {e}", row.id))?;
        steps += f.steps;
        let (r, v) = (f.impact_r_eci, f.impact_v_eci);
        out.push_str(&format!(
            "{},{:?},{:?},{:?},{:?},{:?},{:?},{:?},{:?},{:?},{:?},{}\n",
            row.id,
            f.impact_t_s,
            r.x,
            r.y,
            r.z,
            v.x,
            v.y,
            v.z,
            f.impact.lat_deg(),
            f.impact.lon_deg(),
            f.apogee_alt_m / 1000.0,
            f.steps
        ));
    }
    std::fs::write(&args[2], out).map_err(|e| format!("cannot write {}: {e}", args[2]))?;

    let mut best_s = f64::INFINITY;
    for _ in 0..batches.max(1) {
        let start = Instant::now();
        for row in &rows {
            let f = free_flight::fly(
                &earth,
                0.0,
                black_box(row.r_eci),
                black_box(row.v_eci),
                &options,
                &[],
            );
            black_box(f.ok());
        }
        best_s = best_s.min(start.elapsed().as_secs_f64());
    }

    let n = rows.len();
    println!("trajectories: {n}");
    println!("batches: {}", batches.max(1));
    println!("rtol: {:e}", options.tolerances.rtol);
    println!("atol: {:e}", options.tolerances.atol);
    println!("mean_steps: {:.2}", steps as f64 / n as f64);
    println!("initial_state_check_max_dr_m: {max_dr:e}");
    println!("initial_state_check_max_dv_mps: {max_dv:e}");
    println!("seconds_per_trajectory: {:e}", best_s / n as f64);
    Ok(())
}
