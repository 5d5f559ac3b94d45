//! Interception: interceptor types and their fly-out reach, engagement timelines and intercept windows.

pub mod engagement;
pub mod interceptor;
pub mod reach_table;

pub use engagement::{
    engage, Architecture, Authority, Commit, Engagement, EngagementError, Guide, InterceptPoint,
    InterceptorSite, LaunchRule, Link, LinkKind, RadarTimeline, SensorRole, SiteEngagement,
    Verdict, Window,
};
pub use interceptor::{Interceptor, InterceptorCache, InterceptorSpec};
pub use reach_table::{Reach, ReachTable, ReachTableSpec};
