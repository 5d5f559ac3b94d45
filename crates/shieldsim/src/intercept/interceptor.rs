//! An interceptor type: a staged rocket whose payload is the kill vehicle, the kill vehicle's engagement limits
//! (altitude band, maximum flight time) and the launch timeline (readiness delay, kill-assessment delay).
//!
//! [`InterceptorSpec`] holds the parameters; [`Interceptor`] is a validated spec with its fly-out
//! [`ReachTable`] flown (about 10–100 ms per type; its grid is filled on first lookup), and the per-site envelopes
//! built on first use (the expensive step). [`InterceptorCache`] builds each distinct
//! spec once per process and shares the table between all the sites that field it. The reach table depends only on
//! the rocket and the longest fly-out, and the site envelopes also on the kill vehicle's ceiling: types that differ
//! only in the other limits (lowest intercept altitude, delays, closing speed, crossing angle) share them, so a study
//! varying those costs no new fly-outs.

use std::sync::{Arc, Mutex};

use crate::earth::EarthModel;
use crate::flight::rocket::Missile;
use crate::flight::{invalid, FlightError};

use super::reach_table::{ReachTable, ReachTableSpec};
use super::site_envelope::{EnvelopePlan, SiteEnvelope};

/// The parameters of an interceptor type.
#[derive(Debug, Clone, PartialEq)]
pub struct InterceptorSpec {
    /// The booster stages, with the kill vehicle as payload (mass, ballistic coefficient) and the fly-out guidance.
    /// Its `id` names the interceptor type.
    pub rocket: Missile,
    /// Lowest altitude at which the kill vehicle can intercept, m (geodetic height).
    pub min_intercept_altitude_m: f64,
    /// Highest altitude at which the kill vehicle can intercept, m.
    pub max_intercept_altitude_m: f64,
    /// Longest fly-out time from launch to intercept, s.
    pub max_flight_time_s: f64,
    /// Time from the launch decision to lift-off, s.
    pub readiness_delay_s: f64,
    /// Time after an intercept before its outcome is known and a follow-up shot can be decided, s.
    pub kill_assessment_delay_s: f64,
    /// Lowest speed of the threat relative to the kill vehicle at which it can still home and kill, m/s (0: no
    /// limit). Below it the intercept is a tail chase the kill vehicle cannot complete.
    pub min_closing_speed_mps: f64,
    /// Smallest angle between the kill vehicle's and the threat's velocities at intercept, rad (π is head-on, 0 a
    /// tail chase; 0 here: no limit).
    pub min_crossing_angle_rad: f64,
}

impl InterceptorSpec {
    /// The interceptor type's name.
    pub fn id(&self) -> &str {
        &self.rocket.id
    }

    /// Checks the rocket and that every limit is finite and physically possible: altitudes ≥ 0 with
    /// min < max, maximum flight time > 0 and at most a day, delays ≥ 0. Errors name the field as
    /// `<id>: min_intercept_altitude_km` and so on, in the units a user writes.
    pub fn validate(&self) -> Result<(), FlightError> {
        self.rocket.validate()?;
        let id = self.id();
        let (lo, hi) = (self.min_intercept_altitude_m, self.max_intercept_altitude_m);
        if !lo.is_finite() || lo < 0.0 {
            return Err(invalid(
                &format!("{id}: min_intercept_altitude_km"),
                lo / 1000.0,
                "the lowest intercept altitude must be a finite number of km, 0 or more",
            ));
        }
        if !hi.is_finite() || hi <= lo {
            return Err(invalid(
                &format!("{id}: max_intercept_altitude_km"),
                hi / 1000.0,
                &format!(
                    "the highest intercept altitude must be a finite number of km above the lowest ({} km)",
                    lo / 1000.0
                ),
            ));
        }
        if !self.max_flight_time_s.is_finite()
            || self.max_flight_time_s <= 0.0
            || self.max_flight_time_s > 86_400.0
        {
            return Err(invalid(
                &format!("{id}: max_flight_time_s"),
                self.max_flight_time_s,
                "the longest fly-out must be a finite number of seconds above 0 and at most a day (86400)",
            ));
        }
        if !self.min_closing_speed_mps.is_finite()
            || self.min_closing_speed_mps < 0.0
            || self.min_closing_speed_mps > 30_000.0
        {
            return Err(invalid(
                &format!("{id}: min_closing_speed_mps"),
                self.min_closing_speed_mps,
                "the lowest closing speed must be a finite number of m/s from 0 (no limit) to 30000",
            ));
        }
        if !self.min_crossing_angle_rad.is_finite()
            || !(0.0..std::f64::consts::PI).contains(&self.min_crossing_angle_rad)
        {
            return Err(invalid(
                &format!("{id}: min_crossing_angle_deg"),
                self.min_crossing_angle_rad.to_degrees(),
                "the smallest crossing angle must be from 0 (no limit) to below 180 degrees (head-on only)",
            ));
        }
        for (key, v) in [
            ("readiness_delay_s", self.readiness_delay_s),
            ("kill_assessment_delay_s", self.kill_assessment_delay_s),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(invalid(
                    &format!("{id}: {key}"),
                    v,
                    "a delay must be a finite number of seconds, 0 or more",
                ));
            }
        }
        Ok(())
    }

    /// The reach table's resolution for this type: the defaults of [`ReachTableSpec::for_flight_time`] (5 km cells,
    /// 240 fly-outs sampled every 2 s). Inside the envelope this is within 1 s of direct integration also for the
    /// 1200 s fly-outs of the ground-based class (`tests/reach_table.rs`; 10 km cells and 4 s samples were 2 s off).
    pub fn reach_table_spec(&self) -> ReachTableSpec {
        ReachTableSpec::for_flight_time(self.max_flight_time_s)
    }
}

/// A validated interceptor type with its fly-out reach table. Cloning is cheap (the table and the per-site
/// envelopes are shared between clones).
#[derive(Debug, Clone)]
pub struct Interceptor {
    /// The parameters.
    pub spec: InterceptorSpec,
    /// Minimum fly-out time to each (ground range, altitude) of its envelope, flown on a non-rotating sphere: the
    /// site-independent summary (burn-out speed, greatest range and altitude) and the bound of the site envelopes.
    pub reach: Arc<ReachTable>,
    /// Whether `reach` was flown from the rocket (else given by the caller: then every site envelope is `reach` in
    /// every direction).
    flown: bool,
    /// Envelopes built so far, by site latitude and Earth model.
    envelopes: Arc<Mutex<Vec<EnvelopeEntry>>>,
}

/// A built site envelope and what it was built for.
#[derive(Debug, Clone)]
struct EnvelopeEntry {
    latitude_bits: u64,
    earth: EarthModel,
    envelope: Arc<SiteEnvelope>,
}

impl Interceptor {
    /// Validates `spec` and builds its reach table.
    pub fn new(spec: InterceptorSpec) -> Result<Self, FlightError> {
        spec.validate()?;
        let reach = ReachTable::build(&spec.rocket, &spec.reach_table_spec())?;
        Ok(Self {
            spec,
            reach: Arc::new(reach),
            flown: true,
            envelopes: Arc::default(),
        })
    }

    /// An interceptor with a reach table given by the caller (for example [`ReachTable::from_fn`], a constant
    /// average fly-out speed), validated like [`Interceptor::new`].
    pub fn with_reach(spec: InterceptorSpec, reach: ReachTable) -> Result<Self, FlightError> {
        spec.validate()?;
        Ok(Self {
            spec,
            reach: Arc::new(reach),
            flown: false,
            envelopes: Arc::default(),
        })
    }

    /// The interceptor type's name.
    pub fn id(&self) -> &str {
        self.spec.id()
    }

    /// The reach from a site at geodetic latitude `latitude_rad` on `earth` (see [`SiteEnvelope`]), built on first
    /// use (about 0.5–4 s of one core) and shared by every clone of this interceptor afterwards. An interceptor made
    /// with [`Interceptor::with_reach`] has the given table in every direction.
    pub fn envelope(
        &self,
        earth: &EarthModel,
        latitude_rad: f64,
    ) -> Result<Arc<SiteEnvelope>, FlightError> {
        if let Some(found) = self.built_envelope(earth, latitude_rad) {
            return Ok(found);
        }
        // Built outside the lock (serially: safe inside a parallel loop); two threads may build the same envelope
        // once each, the first stored wins.
        let built = if self.flown {
            SiteEnvelope::build(
                &self.spec.rocket,
                &self.spec.reach_table_spec(),
                earth,
                latitude_rad,
                self.envelope_ceiling_m(),
                &self.reach,
            )?
        } else {
            SiteEnvelope::isotropic(&self.reach, latitude_rad)
        };
        Ok(self.store_envelope(earth, latitude_rad, built))
    }

    /// The envelope for this latitude and Earth if it was built already.
    pub(crate) fn built_envelope(
        &self,
        earth: &EarthModel,
        latitude_rad: f64,
    ) -> Option<Arc<SiteEnvelope>> {
        let key = (latitude_rad.to_bits(), *earth);
        self.lock()
            .iter()
            .find(|e| (e.latitude_bits, e.earth) == key)
            .map(|e| e.envelope.clone())
    }

    /// Stores a built envelope unless one is there already; returns the stored one.
    fn store_envelope(
        &self,
        earth: &EarthModel,
        latitude_rad: f64,
        built: SiteEnvelope,
    ) -> Arc<SiteEnvelope> {
        let key = (latitude_rad.to_bits(), *earth);
        let mut list = self.lock();
        if let Some(found) = list.iter().find(|e| (e.latitude_bits, e.earth) == key) {
            return found.envelope.clone();
        }
        let built = Arc::new(built);
        list.push(EnvelopeEntry {
            latitude_bits: key.0,
            earth: *earth,
            envelope: built.clone(),
        });
        built
    }

    /// Highest altitude a site envelope keeps, m: the kill vehicle's ceiling plus a tenth and 50 km, so that a
    /// threat just above the ceiling is still seen as within reach (and refused as above the band).
    fn envelope_ceiling_m(&self) -> f64 {
        1.1 * self.spec.max_intercept_altitude_m + 50e3
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<EnvelopeEntry>> {
        // A panic while holding the lock leaves the list valid (push is the only mutation).
        self.envelopes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A copy sharing the reach table and the envelopes built so far, whose list of envelopes is its own: what it
    /// builds next is not seen by (and not kept alive with) `self`.
    fn detached(&self) -> Self {
        let list = self.lock().clone();
        Self {
            envelopes: Arc::new(Mutex::new(list)),
            ..self.clone()
        }
    }

    /// `spec` flown with this interceptor's reach table (and its envelopes, when the ceiling is the same), if `spec`
    /// differs from this one's only in limits neither depends on. `spec` must be valid.
    fn sharing_reach(&self, spec: &InterceptorSpec) -> Option<Self> {
        let same_reach = self.flown
            && self.spec.rocket == spec.rocket
            && self.spec.max_flight_time_s.to_bits() == spec.max_flight_time_s.to_bits();
        if !same_reach {
            return None;
        }
        let same_ceiling =
            self.spec.max_intercept_altitude_m.to_bits() == spec.max_intercept_altitude_m.to_bits();
        Some(Self {
            spec: spec.clone(),
            reach: self.reach.clone(),
            flown: true,
            envelopes: if same_ceiling {
                self.envelopes.clone()
            } else {
                Arc::default()
            },
        })
    }
}

/// Builds the envelopes of every (interceptor, site latitude) pair that is not built yet, each once, one after the
/// other with its launch azimuths flown in parallel (peak memory: one envelope's fans). Call it before a parallel
/// loop of engagements so that no engagement waits for one.
pub fn prepare_envelopes(
    earth: &EarthModel,
    sites: &[(&Interceptor, f64)],
) -> Result<(), FlightError> {
    use rayon::prelude::*;
    let mut distinct: Vec<(&Interceptor, f64)> = Vec::new();
    for &(i, lat) in sites {
        let seen = distinct
            .iter()
            .any(|(j, l)| Arc::ptr_eq(&j.envelopes, &i.envelopes) && l.to_bits() == lat.to_bits());
        if !seen && i.built_envelope(earth, lat).is_none() {
            distinct.push((i, lat));
        }
    }
    for (i, lat) in distinct {
        if !i.flown {
            i.envelope(earth, lat)?;
            continue;
        }
        let plan = EnvelopePlan::new(
            &i.spec.rocket,
            &i.spec.reach_table_spec(),
            earth,
            lat,
            i.envelope_ceiling_m(),
            &i.reach,
        )?;
        let fans = (0..plan.fans())
            .into_par_iter()
            .map_init(|| plan.scratch(), |scratch, k| plan.fly(k, scratch))
            .collect::<Result<Vec<_>, _>>()?;
        i.store_envelope(earth, lat, plan.assemble(&fans));
    }
    Ok(())
}

/// Builds each distinct interceptor type once and hands out shared copies. Thread-safe.
#[derive(Debug, Default)]
pub struct InterceptorCache {
    built: Mutex<Vec<Interceptor>>,
}

impl InterceptorCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The interceptor for `spec`, built now if no identical spec was built before. A spec differing from a built
    /// one only in limits the reach does not depend on takes its reach table (and envelopes: see the module
    /// documentation) instead of flying its own.
    pub fn get(&self, spec: &InterceptorSpec) -> Result<Interceptor, FlightError> {
        if let Some(found) = self.lock().iter().find(|i| &i.spec == spec) {
            return Ok(found.clone());
        }
        let twin = self.lock().iter().find_map(|i| i.sharing_reach(spec));
        if let Some(twin) = twin {
            spec.validate()?;
            let mut list = self.lock();
            if let Some(found) = list.iter().find(|i| &i.spec == spec) {
                return Ok(found.clone());
            }
            list.push(twin.clone());
            return Ok(twin);
        }
        // Built outside the lock: two threads may build the same type once each; the first stored wins.
        let built = Interceptor::new(spec.clone())?;
        let mut list = self.lock();
        if let Some(found) = list.iter().find(|i| &i.spec == spec) {
            return Ok(found.clone());
        }
        list.push(built.clone());
        Ok(built)
    }

    /// A new cache holding (shared copies of) every type built so far, with the site envelopes built so far: what
    /// it builds next (types, and envelopes for new site latitudes) stays in it and is freed with it. Sweeps give
    /// each value its own fork, so a swept type or a moved site does not accumulate in the shared cache.
    pub fn fork(&self) -> Self {
        Self {
            built: Mutex::new(self.lock().iter().map(Interceptor::detached).collect()),
        }
    }

    /// Number of interceptor types built so far.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether nothing was built yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Interceptor>> {
        // A panic while holding the lock leaves the list valid (push is the only mutation).
        self.built
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::flight::rocket::{DragCoefficient, Guidance, Payload, Stage};

    /// A small one-stage interceptor (about 2.5 km/s), shared by the intercept layer's unit tests.
    pub(crate) fn spec() -> InterceptorSpec {
        InterceptorSpec {
            rocket: Missile {
                id: "test-kv".into(),
                stages: vec![Stage {
                    gross_mass_kg: 1000.0,
                    propellant_mass_kg: 800.0,
                    burn_time_s: 20.0,
                    isp_vac_s: 260.0,
                    nozzle_exit_area_m2: 0.0,
                    reference_area_m2: 0.2,
                    drag: DragCoefficient::Constant(0.3),
                }],
                payload: Payload {
                    mass_kg: 50.0,
                    beta_kg_m2: 2000.0,
                },
                guidance: Guidance {
                    vertical_rise_s: 2.0,
                    pitch_kick_duration_s: 4.0,
                },
            },
            min_intercept_altitude_m: 50e3,
            max_intercept_altitude_m: 300e3,
            max_flight_time_s: 120.0,
            readiness_delay_s: 5.0,
            kill_assessment_delay_s: 30.0,
            min_closing_speed_mps: 0.0,
            min_crossing_angle_rad: 0.0,
        }
    }

    type Spoil = fn(&mut InterceptorSpec);

    #[test]
    fn impossible_limits_are_rejected_by_name() {
        let cases: [(&str, Spoil); 5] = [
            ("min_intercept_altitude_km", |s| {
                s.min_intercept_altitude_m = -1.0
            }),
            ("max_intercept_altitude_km", |s| {
                s.max_intercept_altitude_m = 40e3
            }),
            ("max_flight_time_s", |s| s.max_flight_time_s = 0.0),
            ("readiness_delay_s", |s| s.readiness_delay_s = f64::NAN),
            ("kill_assessment_delay_s", |s| {
                s.kill_assessment_delay_s = -3.0
            }),
        ];
        for (field, break_it) in cases {
            let mut s = spec();
            break_it(&mut s);
            let e = s.validate().unwrap_err().to_string();
            assert!(e.contains(&format!("test-kv: {field}")), "{e}");
        }
        assert!(spec().validate().is_ok());
    }

    #[test]
    fn the_cache_builds_each_type_once_and_shares_the_table() {
        let cache = InterceptorCache::new();
        let a = cache.get(&spec()).unwrap();
        let b = cache.get(&spec()).unwrap();
        assert!(Arc::ptr_eq(&a.reach, &b.reach));
        assert_eq!(cache.len(), 1);
        let mut faster = spec();
        faster.rocket.stages[0].isp_vac_s = 300.0;
        let c = cache.get(&faster).unwrap();
        assert_eq!(cache.len(), 2);
        assert!(c.reach.burnout_speed_mps > a.reach.burnout_speed_mps);
    }

    #[test]
    fn types_differing_only_in_limits_the_reach_ignores_share_its_fly_outs() {
        let cache = InterceptorCache::new();
        let earth = EarthModel::default();
        let a = cache.get(&spec()).unwrap();
        let env = a.envelope(&earth, 0.9).unwrap();
        let mut slower_timeline = spec();
        slower_timeline.readiness_delay_s = 40.0;
        slower_timeline.min_intercept_altitude_m = 80e3;
        slower_timeline.min_closing_speed_mps = 1000.0;
        let b = cache.get(&slower_timeline).unwrap();
        assert_eq!(b.spec, slower_timeline, "its own limits");
        assert!(Arc::ptr_eq(&a.reach, &b.reach));
        assert!(Arc::ptr_eq(&env, &b.envelope(&earth, 0.9).unwrap()));
        // A higher ceiling keeps the table but needs envelopes of its own (they stop at the ceiling).
        let mut higher = spec();
        higher.max_intercept_altitude_m = 400e3;
        let c = cache.get(&higher).unwrap();
        assert!(Arc::ptr_eq(&a.reach, &c.reach));
        assert!(!Arc::ptr_eq(&env, &c.envelope(&earth, 0.9).unwrap()));
        // A longer fly-out is a new table; an invalid spec is refused, not shared.
        let mut longer = spec();
        longer.max_flight_time_s = 200.0;
        assert!(!Arc::ptr_eq(&a.reach, &cache.get(&longer).unwrap().reach));
        let mut bad = spec();
        bad.readiness_delay_s = -1.0;
        assert!(cache.get(&bad).is_err());
        assert_eq!(cache.len(), 4);
    }

    #[test]
    fn a_fork_keeps_what_it_builds_to_itself() {
        let cache = InterceptorCache::new();
        let earth = EarthModel::default();
        let a = cache.get(&spec()).unwrap();
        let built = a.envelope(&earth, 0.9).unwrap();
        let fork = cache.fork();
        let f = fork.get(&spec()).unwrap();
        assert!(Arc::ptr_eq(&f.reach, &a.reach), "types are shared");
        assert!(
            Arc::ptr_eq(&built, &f.envelope(&earth, 0.9).unwrap()),
            "so are built envelopes"
        );
        f.envelope(&earth, 0.3).unwrap();
        assert!(
            a.built_envelope(&earth, 0.3).is_none(),
            "a new latitude stays in the fork"
        );
        assert!(f.built_envelope(&earth, 0.3).is_some());
    }
}
