//! # shieldsim-viz — publication-quality maps and plots for shieldsim
//!
//! Draws SVG and PNG figures from plain data (degrees, km, seconds): it does not depend on the shieldsim engine, so
//! any program can use it.
//!
//! - [`map_svg`] / [`map_png`]: a map with Natural Earth 1:110m land and borders in a projection chosen for the data
//!   ([`choose_projection`]: polar azimuthal equidistant for transpolar tracks, Lambert conformal conic for a region,
//!   centred on the Pacific when the data spans the antimeridian), a graticule, an intercept-window grid on a
//!   discrete viridis scale, radar footprints, tracks, intercept points and sites with collision-free labels
//!   ([`map_labels`]); [`map_height_px`] gives the image height at which a map of a given width has no blank band.
//! - [`profile_svg`] / [`profile_png`]: altitude versus ground range with the interceptor reach.
//! - [`timeline_svg`] / [`timeline_png`]: a Gantt-like engagement timeline.
//!
//! Study charts for sweeps, limits and Monte-Carlo runs (values in the caller's units, named by the axis titles;
//! shares in 0..1 may be labelled as percentages):
//!
//! - [`line_chart_svg`] / [`line_chart_png`]: series against a parameter ([`LineChartSpec`]), with shaded intervals,
//!   labelled vertical markers (flip points), NaN gaps, 1-2-5 ticks and a legend placed where it hides no data.
//! - [`heatmap_svg`] / [`heatmap_png`]: a two-parameter sweep ([`HeatmapSpec`]) on a continuous viridis colour bar,
//!   or by class as a phase diagram, with hatched no-data cells and overlay curves.
//! - [`tornado_svg`] / [`tornado_png`]: one-at-a-time sensitivity ([`TornadoSpec`]), bars from the baseline to the
//!   results at each parameter's low and high values, ends labelled with those values.
//! - [`line_chart_frame`], [`heatmap_frame`], [`tornado_frame`]: where the plot area is and how data map to pixels
//!   ([`PlotFrame`]), for annotating a rendered chart.
//!
//!
//! Titles and subtitles wrap word by word to the image width (in SVG and PNG alike) and the header grows to fit.
//! Text uses the embedded DejaVu Sans fonts (no system fonts, no fontconfig); PNGs are rendered at twice the
//! resolution and averaged (anti-aliasing), then encoded with the `png` crate. Output is deterministic: the same
//! input gives the same bytes.
//!
//! ```
//! use shieldsim_viz::{map_png, Extent, MapProjection, MapSite, MapSpec, SiteKind};
//! let spec = MapSpec {
//!     title: "Sites".into(),
//!     subtitle: "Illustrative".into(),
//!     extent: Extent { west_deg: -10.0, south_deg: 35.0, east_deg: 30.0, north_deg: 60.0 },
//!     projection: MapProjection::PlateCarree,
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
//!
//! A study chart, e.g. a heat map of a two-parameter sweep with a missing cell:
//!
//! ```
//! use shieldsim_viz::{heatmap_svg, HeatmapSpec};
//! let spec = HeatmapSpec {
//!     title: "Defended share".into(),
//!     x_label: "Interceptor burn-out speed (km/s)".into(),
//!     y_label: "Decision delay (s)".into(),
//!     x_values: vec![4.0, 5.0, 6.0],
//!     y_values: vec![0.0, 60.0, 120.0],
//!     z: vec![vec![0.7, 0.9, 1.0], vec![0.4, 0.6, 0.8], vec![0.1, f64::NAN, 0.5]],
//!     z_label: "Defended share".into(),
//!     z_percent: true,
//!     ..Default::default()
//! };
//! let svg = heatmap_svg(&spec, 1200, 800)?;
//! assert!(svg.contains("no data") && svg.contains("100 %"));
//! # Ok::<(), shieldsim_viz::VizError>(())
//! ```
#![warn(missing_docs)]

mod chart;
mod error;
pub mod geo;
mod map;
mod palette;
mod profile;
pub mod projection;
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
    map_height_px, map_labels, map_pixel, map_pixels, map_png, map_svg, Extent, GridLayer,
    MapLabel, MapLabels, MapSite, MapSpec, RadarFan, SiteKind, Track,
};
pub use profile::{profile_png, profile_svg, ProfileSpec};
pub use projection::{choose_projection, MapProjection, ProjectionKind};
pub use timeline::{timeline_png, timeline_svg, TimelineSpec};
