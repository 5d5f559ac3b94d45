//! Interception: interceptor fly-out reach (and, in later layers, engagement timelines and intercept windows).

pub mod reach_table;

pub use reach_table::{ReachTable, ReachTableSpec};
