//! The oracle of `tests/envelope_equivalence.rs`: lookups of site envelopes and a reach table at pseudo-random
//! points, as text lines. `examples/envelope_oracle.rs` prints them.
//!
//! The committed `tests/fixtures/envelope_oracle.txt` was printed at commit c317f61, before the envelope build was
//! made faster (this file and the example copied there: only public API is used, so the same source runs at either
//! commit), so the test compares the faster build with the full computation it replaced. When the lower
//! atmosphere's density became a table (cubic Hermite, within 3e-10 of the closed form), the oracle was printed
//! again the same way with that `earth/atmosphere.rs` copied into c317f61 as well (the file had not changed since
//! c317f61): 50 of its 1,255 lines moved, by 4e-7 relative at most (fly-out times and arrival velocities of
//! low, dense-air intercepts) (`git worktree add /tmp/oracle c317f61`, copy the three files, run the example there). Each line: case, point
//! index, bearing (deg), ground range (km), altitude (km), then the fly-out time (s) and the arrival velocity (ECEF,
//! m/s), or `none`; a case's first line gives its envelope's reach and cell size, the table's its burn-out speed,
//! reach and number of reachable nodes. Numbers are printed with `{:?}` (the shortest text that reads back to the
//! same bits).

use shieldsim::analysis::params::with_burnout_speed;
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::intercept::{Interceptor, SiteFrame};

use nalgebra::Vector3;

/// SplitMix64: a fixed sequence, whatever the version of any random-number crate.
struct SplitMix(u64);

impl SplitMix {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The point at `bearing` (rad, clockwise from north) and central angle `angle` (rad) from the site, at radius
/// `radius_m` (only its direction matters to a lookup).
fn point(
    earth: &EarthModel,
    site: &Geodetic,
    bearing: f64,
    angle: f64,
    radius_m: f64,
) -> Vector3<f64> {
    let unit = earth.ellipsoid().to_ecef(site).0.normalize();
    let east = Vector3::z().cross(&unit).normalize();
    let north = unit.cross(&east);
    let horizontal = north * bearing.cos() + east * bearing.sin();
    (unit * angle.cos() + horizontal * angle.sin()) * radius_m
}

/// The oracle's lines (see the module documentation).
#[allow(dead_code)] // used by the example that prints the oracle
pub fn oracle_lines() -> Vec<String> {
    oracle_lines_in(|_| None)
}

/// The oracle's lines, with the random points of case `name` drawn within `extent(name)` = (ground range m,
/// altitude m) where given, else within the envelope's own reach (so that a build whose reach differs is asked about
/// the oracle's own points).
pub fn oracle_lines_in(extent: impl Fn(&str) -> Option<(f64, f64)>) -> Vec<String> {
    let mut out = Vec::new();
    let catalog = Catalog::builtin().expect("the built-in catalogue loads");
    let earth = EarthModel::default();
    let spec = |id: &str| {
        catalog
            .interceptor(id)
            .expect("catalogue interceptor")
            .to_spec()
            .expect("valid")
    };
    // (case, interceptor, site latitude deg, seed): Redzikowo's GBI as catalogued and as a sweep sets it to 7 km/s,
    // and two other types at other latitudes.
    let gbi = spec("gbi-2stage");
    let cases = [
        ("gbi-2stage", gbi.clone(), 54.4728, 1u64),
        (
            "gbi-2stage@7000",
            with_burnout_speed(&gbi, 7000.0).expect("7 km/s is reachable"),
            54.4728,
            2,
        ),
        ("sm3-iia", spec("sm3-iia"), -31.7, 3),
        ("thaad", spec("thaad"), 63.2, 4),
    ];
    for (name, spec, lat_deg, seed) in cases {
        let interceptor = Interceptor::new(spec).expect("interceptor");
        let site = Geodetic::from_degrees(lat_deg, 17.0, 0.0);
        let frame = SiteFrame::new(&earth, &site);
        let envelope = interceptor
            .envelope(&earth, site.lat_rad)
            .expect("envelope");
        let radius = envelope.radius_m();
        out.push(format!(
            "{name} envelope {:?} {:?} {:?}",
            envelope.max_range_m,
            envelope.max_altitude_m,
            envelope.spacing_m()
        ));
        let (max_range_m, max_altitude_m) =
            extent(name).unwrap_or((envelope.max_range_m, envelope.max_altitude_m));
        let mut rng = SplitMix(seed);
        for k in 0..250 {
            let bearing = 360.0 * rng.uniform();
            let range_m = 1.1 * max_range_m * rng.uniform();
            let alt_m = 1.1 * max_altitude_m * rng.uniform();
            let r = point(
                &earth,
                &site,
                bearing.to_radians(),
                range_m / radius,
                6.371e6 + alt_m,
            );
            let found = match envelope.fly_out(&frame, &r, alt_m) {
                Some(f) => {
                    let v = f.velocity_ecef_mps;
                    format!("{:?} {:?} {:?} {:?}", f.time_s, v.x, v.y, v.z)
                }
                None => "none".into(),
            };
            out.push(format!(
                "{name} {k} {bearing:?} {:?} {:?} {found}",
                range_m / 1e3,
                alt_m / 1e3
            ));
        }
        if name == "gbi-2stage" {
            let table = &interceptor.reach;
            out.push(format!(
                "{name} table {:?} {:?} {:?} {:?}",
                table.burnout_speed_mps,
                table.max_range_m,
                table.max_altitude_m,
                table.reachable_nodes()
            ));
            for k in 0..250 {
                let range_m = 1.1 * table.max_range_m * rng.uniform();
                let alt_m = 1.1 * table.max_altitude_m * rng.uniform();
                let found = match table.reach(range_m, alt_m) {
                    Some(x) => format!(
                        "{:?} {:?} {:?}",
                        x.time_s, x.horizontal_speed_mps, x.vertical_speed_mps
                    ),
                    None => "none".into(),
                };
                out.push(format!(
                    "{name}-table {k} {:?} {:?} {found}",
                    range_m / 1e3,
                    alt_m / 1e3
                ));
            }
        }
    }
    out
}
