//! One engagement end to end, with timings (development aid).
#[path = "../tests/common/mod.rs"]
mod common;

use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::{SampledTrajectory, Shape};
use shieldsim::intercept::*;
use shieldsim::sensors::{EarlyWarning, Radar, Signature};
use std::time::Instant;

fn main() {
    let earth = EarthModel::default();
    let cat = Catalog::builtin().unwrap();
    let missile = cat.missile("irbm-solid").unwrap().to_missile().unwrap();
    let launch = Geodetic::from_degrees(38.07, 46.30, 0.0);
    let aim = Geodetic::from_degrees(52.52, 13.40, 0.0);
    let targeter = Targeter::new(earth, &missile, true);
    let sol = targeter
        .solve(&launch, &aim, Shape::MinEnergy, None)
        .unwrap();
    let path =
        SampledTrajectory::of_flight(&targeter, &launch, &sol.controls, sol.flight.impact_t_s)
            .unwrap();
    println!(
        "samples {} impact {:.0} burnout {:.0}",
        path.times_s().len(),
        path.impact_t_s(),
        path.burnout_t_s
    );
    let t0 = Instant::now();
    let spec = InterceptorSpec {
        rocket: common::generic_interceptor(),
        min_intercept_altitude_m: 70e3,
        max_intercept_altitude_m: 500e3,
        max_flight_time_s: 400.0,
        readiness_delay_s: 5.0,
        kill_assessment_delay_s: 60.0,
    };
    let interceptor = Interceptor::new(spec).unwrap();
    println!("reach build {:?}", t0.elapsed());
    let radar = Radar {
        id: "an-tpy-2".into(),
        site: Geodetic::from_degrees(38.35, 37.79, 2085.0),
        max_range_m: 1.5e6,
        reference_rcs_m2: 0.01,
        min_elevation_rad: 1f64.to_radians(),
        max_elevation_rad: 80f64.to_radians(),
        boresight_azimuth_rad: 90f64.to_radians(),
        half_width_rad: 60f64.to_radians(),
        track_time_s: 10.0,
        fire_control: true,
        uncued_range_fraction: 0.7,
    };
    let arch = Architecture {
        radars: vec![radar],
        early_warning: Some(EarlyWarning::default()),
        sites: vec![InterceptorSite {
            name: "deveselu".into(),
            position: Geodetic::from_degrees(44.08, 24.38, 0.0),
            interceptor,
        }],
        decision_delay_s: 30.0,
        launch_on_remote: true,
    };
    let sig = Signature {
        booster_rcs_m2: 10.0,
        reentry_vehicle_rcs_m2: 0.1,
    };
    let e = engage(&earth, &arch, &path, sig).unwrap();
    println!("{e:#?}");
    let t0 = Instant::now();
    let n = 2000;
    for _ in 0..n {
        std::hint::black_box(engage(&earth, &arch, &path, sig).unwrap());
    }
    println!("engage {:?} each", t0.elapsed() / n);
}
