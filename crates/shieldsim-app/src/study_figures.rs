//! Figures and the report page of the studies (`sweep`, `limits`): share against value per corridor, heat maps of
//! two-parameter sweeps, trade-off curves with their flip points.

use std::path::Path;

use shieldsim::analysis::ScenarioSweep;
use shieldsim_viz::{
    heatmap_png, heatmap_svg, line_chart_png, line_chart_svg, HeatmapSpec, LineChartSpec,
    LineSeries, VerticalMarker,
};

use crate::error::Error;
use crate::figures::{viz_error, write_pair};
use crate::files::write_atomic;

/// Files written, and the figures as (caption, PNG file name) for the report page.
pub type Written = (Vec<String>, Vec<(String, String)>);

const WIDTH_PX: u32 = 1400;
const HEIGHT_PX: u32 = 900;

/// A file-name-safe form of `text` (letters, digits, `-`, `_`; anything else becomes `-`).
pub fn file_stem(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// A line chart written as `stem.png` and `stem.svg`.
pub fn write_line(dir: &Path, stem: &str, spec: &LineChartSpec) -> Result<Vec<String>, Error> {
    let png = line_chart_png(spec, WIDTH_PX, HEIGHT_PX).map_err(|e| viz_error(stem, e))?;
    let svg = line_chart_svg(spec, WIDTH_PX, HEIGHT_PX).map_err(|e| viz_error(stem, e))?;
    write_pair(dir, stem, &png, svg.as_bytes())
}

fn write_heatmap(dir: &Path, stem: &str, spec: &HeatmapSpec) -> Result<Vec<String>, Error> {
    let png = heatmap_png(spec, WIDTH_PX, HEIGHT_PX).map_err(|e| viz_error(stem, e))?;
    let svg = heatmap_svg(spec, WIDTH_PX, HEIGHT_PX).map_err(|e| viz_error(stem, e))?;
    write_pair(dir, stem, &png, svg.as_bytes())
}

fn axis_label(s: &ScenarioSweep, k: usize) -> String {
    let a = &s.axes[k];
    format!("{} ({})", a.path, a.path.unit())
}

/// One figure per scenario of a line sweep (`sweep-SCENARIO.*`: engageable share against the value, one line per
/// corridor, the scenario's value marked), or one heat map per scenario and corridor of a grid sweep
/// (`sweep-SCENARIO-CORRIDOR.*`). Returns the files written and, per figure, (caption, PNG file name).
pub fn sweep_figures(dir: &Path, sweeps: &[ScenarioSweep]) -> Result<Written, Error> {
    let mut files = Vec::new();
    let mut figures = Vec::new();
    for s in sweeps {
        let corridors: Vec<String> = s
            .points
            .first()
            .map(|p| {
                p.assessment
                    .corridors
                    .iter()
                    .map(|c| c.corridor.clone())
                    .collect()
            })
            .unwrap_or_default();
        if s.axes.len() == 1 {
            let series = corridors
                .iter()
                .enumerate()
                .map(|(k, name)| LineSeries {
                    name: name.clone(),
                    points: s
                        .points
                        .iter()
                        .map(|p| {
                            let c = &p.assessment.corridors[k];
                            (p.values[0], c.engageable_share.unwrap_or(f64::NAN))
                        })
                        .collect(),
                    band: None,
                })
                .collect();
            let spec = LineChartSpec {
                title: format!("{}: engageable share against {}", s.scenario, s.axes[0].path),
                subtitle: format!(
                    "{}\nEngageable share: engageable of evaluated trajectories per corridor; every trajectory flown once and re-engaged at each value. The other parameters at the scenario's values.",
                    s.title
                ),
                x_label: axis_label(s, 0),
                y_label: "Engageable share".into(),
                y_range: Some((0.0, 1.0)),
                y_percent: true,
                series,
                markers: vec![VerticalMarker {
                    x: s.axes[0].nominal,
                    label: format!("scenario: {}", crate::output::value_text(s.axes[0].nominal)),
                }],
            };
            let stem = format!("sweep-{}", file_stem(&s.scenario));
            files.extend(write_line(dir, &stem, &spec)?);
            figures.push((spec.title.clone(), format!("{stem}.png")));
        } else {
            let (xs, ys) = (&s.axes[1].values, &s.axes[0].values);
            for (k, name) in corridors.iter().enumerate() {
                let z: Vec<Vec<f64>> = (0..ys.len())
                    .map(|iy| {
                        (0..xs.len())
                            .map(|ix| {
                                s.points[iy * xs.len() + ix].assessment.corridors[k]
                                    .engageable_share
                                    .unwrap_or(f64::NAN)
                            })
                            .collect()
                    })
                    .collect();
                let spec = HeatmapSpec {
                    title: format!("{}: {name} engageable share", s.scenario),
                    subtitle: format!(
                        "{}\nEngageable of evaluated trajectories at each pair of values; the other parameters at the scenario's values (scenario: {} = {}, {} = {}).",
                        s.title,
                        s.axes[0].path,
                        crate::output::value_text(s.axes[0].nominal),
                        s.axes[1].path,
                        crate::output::value_text(s.axes[1].nominal)
                    ),
                    x_label: axis_label(s, 1),
                    y_label: axis_label(s, 0),
                    x_values: xs.clone(),
                    y_values: ys.clone(),
                    z,
                    z_label: "Engageable share".into(),
                    z_range: Some((0.0, 1.0)),
                    z_percent: true,
                    ..Default::default()
                };
                let stem = format!("sweep-{}-{}", file_stem(&s.scenario), file_stem(name));
                files.extend(write_heatmap(dir, &stem, &spec)?);
                figures.push((spec.title.clone(), format!("{stem}.png")));
            }
        }
    }
    Ok((files, figures))
}

/// The page template of the studies.
const STUDY_TEMPLATE: &str = include_str!("../templates/study_report.html");

const STUDY_STYLE: &str =
    "body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1200px;margin:2em auto;\
padding:0 1em;line-height:1.4}pre{overflow-x:auto;font-size:12px;background:#f6f6f6;padding:1em}\
figure{margin:1em 0}figcaption{color:#555;font-size:.85em}";

#[derive(serde::Serialize)]
struct StudyFigure {
    caption: String,
    png: String,
    /// The figure as inline SVG (drawn by shieldsim-viz, whose text is escaped there).
    svg: String,
}

#[derive(serde::Serialize)]
struct StudyPage<'a> {
    title: &'a str,
    style: &'static str,
    paragraphs: &'a [String],
    table: &'a str,
    figures: Vec<StudyFigure>,
}

/// A report page `report.html`: a title, paragraphs, a preformatted table and the figures, each inline as SVG (read
/// back from `STEM.svg` beside the `STEM.png` named in `figures`), so that the page is self-contained (inline CSS
/// and SVG, no scripts, nothing loaded); rendered from templates/study_report.html with every text escaped.
pub fn write_report(
    dir: &Path,
    title: &str,
    paragraphs: &[String],
    table_text: &str,
    figures: &[(String, String)],
) -> Result<String, Error> {
    let figures = figures
        .iter()
        .map(|(caption, png)| {
            let svg_name = Path::new(png).with_extension("svg");
            let svg = std::fs::read_to_string(dir.join(&svg_name)).map_err(|e| {
                Error::internal(format!("cannot read back {}: {e}", svg_name.display()))
            })?;
            Ok(StudyFigure {
                caption: caption.clone(),
                png: png.clone(),
                svg: crate::report::inline_svg(&svg),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let page = StudyPage {
        title,
        style: STUDY_STYLE,
        paragraphs,
        table: table_text,
        figures,
    };
    let html = crate::report::render_page("study_report.html", STUDY_TEMPLATE, &page)?;
    let path = dir.join("report.html");
    write_atomic(&path, html.as_bytes())?;
    Ok(path.display().to_string())
}
