//! # shieldsim-viz — publication-quality maps and plots for shieldsim
//!
//! Draws SVG and PNG figures from plain data (degrees, km, seconds): it does not depend on the shieldsim engine, so
//! any program can use it.
//!
//! - [`map_svg`] / [`map_png`]: an equirectangular map with Natural Earth 1:110m land and borders, a graticule, an
//!   intercept-window grid on a discrete viridis scale, radar footprints, tracks, intercept points and sites;
//!   [`map_height_px`] gives the image height at which a map of a given width has no blank band.
//! - [`profile_svg`] / [`profile_png`]: altitude versus ground range with the interceptor reach.
//! - [`timeline_svg`] / [`timeline_png`]: a Gantt-like engagement timeline.
//!
//! Titles and subtitles wrap word by word to the image width (in SVG and PNG alike) and the header grows to fit.
//! Text uses the embedded DejaVu Sans fonts (no system fonts, no fontconfig); PNGs are rendered at twice the
//! resolution and averaged (anti-aliasing), then encoded with the `png` crate. Output is deterministic: the same
//! input gives the same bytes.
//!
//! ```
//! use shieldsim_viz::{map_png, Extent, MapSite, MapSpec, SiteKind};
//! let spec = MapSpec {
//!     title: "Sites".into(),
//!     subtitle: "Illustrative".into(),
//!     extent: Extent { west_deg: -10.0, south_deg: 35.0, east_deg: 30.0, north_deg: 60.0 },
//!     grid: None,
//!     sites: vec![MapSite { name: "Site A".into(), lat_deg: 48.0, lon_deg: 2.0, kind: SiteKind::Radar }],
//!     fans: vec![],
//!     tracks: vec![],
//!     intercepts: vec![],
//! };
//! let png = map_png(&spec, 800, 500)?;
//! assert_eq!(&png[1..4], b"PNG");
//! # Ok::<(), shieldsim_viz::VizError>(())
//! ```
#![warn(missing_docs)]

mod chart;
mod error;
pub mod geo;
mod map;
mod palette;
mod profile;
mod render;
mod timeline;
pub mod world;

pub use chart::{
    heatmap_frame, heatmap_png, heatmap_svg, line_chart_frame, line_chart_png, line_chart_svg,
    qualitative_colour, tornado_frame, tornado_png, tornado_svg, ClassColour, HeatmapSpec,
    LineChartSpec, LineSeries, PlotFrame, TornadoBar, TornadoSpec, VerticalMarker,
};
pub use error::VizError;
pub use map::{
    map_height_px, map_pixel, map_png, map_svg, Extent, GridLayer, MapSite, MapSpec, RadarFan,
    SiteKind, Track,
};
pub use profile::{profile_png, profile_svg, ProfileSpec};
pub use timeline::{timeline_png, timeline_svg, TimelineSpec};
