//! Interception: interceptor types and their fly-out reach, engagement timelines and intercept windows.

pub mod doctrine;
pub mod engagement;
mod fan_grid;
pub mod interceptor;
pub mod reach_table;
pub mod site_envelope;

pub use doctrine::{Doctrine, DoctrineError};
pub use engagement::{
    engage, engage_with_memo, Architecture, Authority, Commit, Engagement, EngagementError,
    EngagementMemo, Guide, InterceptPoint, InterceptorSite, KillVehicleLimit, LaunchRule, Link,
    LinkKind, RadarTimeline, SensorRole, SiteEngagement, Verdict, Window, ORGANIC_RADAR_DISTANCE_M,
};
/// Most cells a reach-table grid may have (the guard of the grid every reach table is built on).
pub(crate) use fan_grid::MAX_CELLS as MAX_REACH_CELLS;
pub use interceptor::{prepare_envelopes, Interceptor, InterceptorCache, InterceptorSpec};
pub use reach_table::{Reach, ReachTable, ReachTableSpec};
pub use site_envelope::{FlyOut, SiteEnvelope, SiteFrame};
