//! Re-engaging one threat with a changed defence through an [`EngagementMemo`] gives, bit for bit, what a fresh
//! [`engage`] gives: over random sequences of defence changes (decision delay, launch rule and its time, early
//! warning on or off and its delay, links, radar roles, a radar moved or re-pointed, an interceptor type swapped,
//! kill-vehicle limits, the threat's radar cross-section), with one memo carried through the whole sequence, so that
//! every kind of stale entry would show. Two threats: an ICBM from Semnan to Washington against two-stage GBIs at
//! Redzikowo (three radars, an engage-on-remote link) and an IRBM from Tabriz to Berlin against SM-3 IIA at Deveselu
//! and SM-3 IB at sea (the catalogue's interceptors, real site envelopes on the rotating Earth).

use std::sync::OnceLock;

use proptest::prelude::*;
use shieldsim::catalog::Catalog;
use shieldsim::earth::{EarthModel, Geodetic};
use shieldsim::flight::targeting::Targeter;
use shieldsim::flight::{SampledTrajectory, Shape};
use shieldsim::intercept::{
    engage, engage_with_memo, Architecture, EngagementMemo, Interceptor, InterceptorSite,
    LaunchRule, LinkKind, SensorRole,
};
use shieldsim::sensors::{EarlyWarning, Signature};

struct Case {
    earth: EarthModel,
    path: SampledTrajectory,
    signature: Signature,
    arch: Architecture,
    /// Interceptor types to swap in (every site envelope built beforehand).
    spares: Vec<Interceptor>,
    /// The catalogue id of each radar.
    radar_kinds: Vec<String>,
}

fn case(
    missile: &str,
    from: (f64, f64),
    to: (f64, f64),
    radars: &[(&str, f64, f64)],
    sites: &[(&str, f64, f64)],
    spares: &[&str],
) -> Case {
    let earth = EarthModel::default();
    let catalog = Catalog::builtin().unwrap();
    let launch = Geodetic::from_degrees(from.0, from.1, 0.0);
    let aim = Geodetic::from_degrees(to.0, to.1, 0.0);
    let entry = catalog.missile(missile).unwrap();
    let m = entry.to_missile().unwrap();
    let targeter = Targeter::new(earth, &m, true);
    let sol = targeter
        .solve(&launch, &aim, Shape::MinEnergy, None)
        .unwrap();
    let path =
        SampledTrajectory::of_flight(&targeter, &launch, &sol.controls, sol.flight.impact_t_s)
            .unwrap();
    let mut arch = Architecture {
        radars: radars
            .iter()
            .map(|&(id, lat, lon)| {
                let at = Geodetic::from_degrees(lat, lon, 0.0);
                let boresight = earth.distance_azimuth(&at, &launch).1;
                catalog.radar(id).unwrap().to_radar(at, boresight).unwrap()
            })
            .collect(),
        early_warning: Some(EarlyWarning::default()),
        sites: sites
            .iter()
            .map(|&(id, lat, lon)| InterceptorSite {
                name: id.into(),
                position: Geodetic::from_degrees(lat, lon, 0.0),
                interceptor: catalog.interceptor(id).unwrap().to_interceptor().unwrap(),
                launch_rule: LaunchRule::Track,
            })
            .collect(),
        decision_delay_s: 30.0,
        roles: vec![],
        links: vec![],
    };
    arch.links
        .push(arch.link_everything("remote", LinkKind::EngageOnRemote));
    arch.prepare_envelopes(&earth).unwrap();
    let spares: Vec<Interceptor> = spares
        .iter()
        .map(|id| catalog.interceptor(id).unwrap().to_interceptor().unwrap())
        .collect();
    for spare in &spares {
        for site in &arch.sites {
            spare.envelope(&earth, site.position.lat_rad).unwrap();
        }
    }
    Case {
        earth,
        path,
        signature: entry.signature(),
        arch,
        spares,
        radar_kinds: radars.iter().map(|r| r.0.to_string()).collect(),
    }
}

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        vec![
            case(
                "icbm-liquid",
                (35.2347, 53.9208),
                (38.9072, -77.0369),
                &[
                    ("an-tpy-2", 38.3494, 37.7936),
                    ("emr-brdy", 49.63, 13.73),
                    ("uewr-fylingdales", 54.361, -0.67),
                ],
                &[("gbi-2stage", 54.4728, 17.1231)],
                &["gbi-3stage"],
            ),
            case(
                "irbm-solid",
                (38.08, 46.29),
                (52.52, 13.405),
                &[("an-tpy-2", 38.3494, 37.7936), ("spy-1", 44.08, 24.38)],
                &[("sm3-iia", 44.08, 24.38), ("sm3-ib", 34.0, 25.0)],
                &["sm3-iib"],
            ),
        ]
    })
}

/// One change of the defence (or of the threat's cross-section), applied to the case's architecture.
#[derive(Debug, Clone)]
enum Change {
    DecisionDelay(f64),
    Rule(usize, u8, f64),
    EarlyWarning(Option<f64>),
    DropLinks,
    RestoreLinks,
    Role(usize, u8),
    MoveRadar(usize, f64, f64),
    Swap(usize, usize),
    Restore(usize),
    KillVehicle(usize, f64, f64),
    Rcs(f64),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0.0..300.0).prop_map(Change::DecisionDelay),
        (0usize..2, 0u8..5, 0.0..400.0).prop_map(|(s, r, t)| Change::Rule(s, r, t)),
        prop::option::of(10.0..200.0).prop_map(Change::EarlyWarning),
        Just(Change::DropLinks),
        Just(Change::RestoreLinks),
        (0usize..3, 0u8..3).prop_map(|(k, r)| Change::Role(k, r)),
        (0usize..3, -3.0..3.0, 0.0..360.0).prop_map(|(k, d, b)| Change::MoveRadar(k, d, b)),
        (0usize..2, 0usize..1).prop_map(|(s, i)| Change::Swap(s, i)),
        (0usize..2).prop_map(Change::Restore),
        (0usize..2, 0.0..6000.0, 0.0..1.5).prop_map(|(s, c, a)| Change::KillVehicle(s, c, a)),
        (0.01..1.0).prop_map(Change::Rcs),
    ]
}

fn apply(c: &Case, arch: &mut Architecture, signature: &mut Signature, ch: &Change) {
    let catalog = Catalog::builtin().unwrap();
    match *ch {
        Change::DecisionDelay(d) => arch.decision_delay_s = d,
        Change::Rule(s, r, t) => {
            let s = s % arch.sites.len();
            arch.sites[s].launch_rule = match r {
                0 => LaunchRule::Track,
                1 => LaunchRule::OwnTrack,
                2 => LaunchRule::SpaceCue,
                3 => LaunchRule::AfterThreatLaunch { launch_time_s: t },
                _ => LaunchRule::AfterBurnout { launch_time_s: t },
            };
            if arch.sites[s].launch_rule == LaunchRule::SpaceCue && arch.early_warning.is_none() {
                arch.sites[s].launch_rule = LaunchRule::Track;
            }
        }
        Change::EarlyWarning(d) => {
            arch.early_warning = d.map(|detection_delay_s| EarlyWarning { detection_delay_s });
            if arch.early_warning.is_none() {
                for s in &mut arch.sites {
                    if s.launch_rule == LaunchRule::SpaceCue {
                        s.launch_rule = LaunchRule::Track;
                    }
                }
            }
        }
        Change::DropLinks => arch.links.clear(),
        Change::RestoreLinks => {
            arch.links = c.arch.links.clone();
            arch.roles = c.arch.roles.clone();
        }
        Change::Role(k, r) => {
            let k = k % arch.radars.len();
            let mut roles: Vec<SensorRole> = (0..arch.radars.len()).map(|i| arch.role(i)).collect();
            roles[k] = [SensorRole::Cue, SensorRole::Commit, SensorRole::FireControl][r as usize];
            // A link may only join sensors that can commit.
            arch.links
                .retain(|l| l.sensors.iter().all(|&i| roles[i].can_commit()));
            arch.roles = roles;
        }
        Change::MoveRadar(k, d, b) => {
            let k = k % arch.radars.len();
            let r = &arch.radars[k];
            let at = Geodetic::from_degrees(r.site.lat_deg() + d, r.site.lon_deg() - d, 0.0);
            let mut moved = catalog
                .radar(&c.radar_kinds[k])
                .unwrap()
                .to_radar(at, b.to_radians())
                .unwrap();
            moved.id = r.id.clone();
            arch.radars[k] = moved;
        }
        Change::Swap(s, i) => {
            let s = s % arch.sites.len();
            arch.sites[s].interceptor = c.spares[i % c.spares.len()].clone();
        }
        Change::Restore(s) => {
            let s = s % arch.sites.len();
            arch.sites[s].interceptor = c.arch.sites[s].interceptor.clone();
        }
        Change::KillVehicle(s, closing, angle) => {
            let s = s % arch.sites.len();
            arch.sites[s].interceptor.spec.min_closing_speed_mps = closing;
            arch.sites[s].interceptor.spec.min_crossing_angle_rad = angle;
        }
        Change::Rcs(x) => signature.reentry_vehicle_rcs_m2 = x,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn a_memo_carried_through_defence_changes_gives_what_a_fresh_engagement_gives(
        which in 0usize..2,
        changes in prop::collection::vec(change(), 1..10),
    ) {
        let c = &cases()[which];
        let mut arch = c.arch.clone();
        let mut signature = c.signature;
        let mut memo = EngagementMemo::new();
        let first = engage_with_memo(&c.earth, &arch, &c.path, signature, &mut memo).unwrap();
        prop_assert_eq!(&first, &engage(&c.earth, &arch, &c.path, signature).unwrap());
        for ch in &changes {
            apply(c, &mut arch, &mut signature, ch);
            let fresh = engage(&c.earth, &arch, &c.path, signature);
            let kept = engage_with_memo(&c.earth, &arch, &c.path, signature, &mut memo);
            prop_assert_eq!(&kept, &fresh, "after {:?}", ch);
        }
    }
}

/// The memo belongs to one path: handed another threat's, it must not give the first threat's answers.
#[test]
fn a_memo_given_another_path_starts_afresh() {
    let [a, b] = cases() else { unreachable!() };
    let mut memo = EngagementMemo::new();
    let mut arch = a.arch.clone();
    let _ = engage_with_memo(&a.earth, &arch, &a.path, a.signature, &mut memo).unwrap();
    // b's threat against a's defence, then a's again: each as a fresh engagement says.
    let fresh_b = engage(&b.earth, &arch, &b.path, b.signature).unwrap();
    let kept_b = engage_with_memo(&b.earth, &arch, &b.path, b.signature, &mut memo).unwrap();
    assert_eq!(kept_b, fresh_b);
    arch.decision_delay_s = 90.0;
    let fresh_a = engage(&a.earth, &arch, &a.path, a.signature).unwrap();
    let kept_a = engage_with_memo(&a.earth, &arch, &a.path, a.signature, &mut memo).unwrap();
    assert_eq!(kept_a, fresh_a);
    assert!(
        fresh_a.engageable,
        "the ICBM case is engageable (a window to compare)"
    );
}
