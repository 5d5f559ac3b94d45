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

#[derive(serde::Serialize)]
struct StudyFigure {
    caption: String,
    png: String,
    /// The figure as inline SVG (drawn by shieldsim-viz, whose text is escaped there).
    svg: String,
}

/// A piece of a study's text table: lines of text, or a table with its cells.
#[derive(Debug, PartialEq, serde::Serialize)]
pub struct TextBlock {
    /// Lines of text (a table's block has none).
    pub text: String,
    /// A table's headings (a text block has none).
    pub head: Vec<String>,
    /// A table's rows: each cell with whether it is a number (right-aligned).
    pub rows: Vec<Vec<Cell>>,
}

/// A cell of a study table.
#[derive(Debug, PartialEq, serde::Serialize)]
pub struct Cell {
    /// The cell's text.
    pub text: String,
    /// Whether it reads as a number, a share or a count ("23 of 152 (15 %)"): right-aligned.
    pub numeric: bool,
    /// Whether it is text long enough to wrap (more than 24 characters): given a readable width on a phone.
    pub long: bool,
}

/// The column spans (first char, width in chars) of a rule line of [`crate::output::table`] ("-----  ---"), if
/// `line` is one.
fn rule_columns(line: &str) -> Option<Vec<(usize, usize)>> {
    if line.is_empty() || !line.chars().all(|c| c == '-' || c == ' ') || !line.starts_with('-') {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i] == '-' {
            i += 1;
        }
        spans.push((start, i - start));
        let gap = i;
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        if i < chars.len() && i - gap != 2 {
            return None;
        }
    }
    Some(spans)
}

/// `line` cut into the cells of `spans`, if it fits them (no longer than the table, spaces between the columns).
fn cells(line: &str, spans: &[(usize, usize)]) -> Option<Vec<String>> {
    let chars: Vec<char> = line.chars().collect();
    let (last_start, last_width) = *spans.last()?;
    if chars.len() > last_start + last_width || line.trim().is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(spans.len());
    for (k, &(start, width)) in spans.iter().enumerate() {
        if k > 0
            && chars
                .get(start - 2..start)
                .is_some_and(|g| g.iter().any(|c| *c != ' '))
        {
            return None;
        }
        let end = (start + width).min(chars.len());
        let cell: String = chars
            .get(start..end)
            .map_or(String::new(), |c| c.iter().collect());
        out.push(cell.trim().to_string());
    }
    Some(out)
}

/// Whether a cell reads as a number, count or share (right-aligned).
fn is_numeric(cell: &str) -> bool {
    let t = cell.trim_start_matches(['-', '+', '<', '>', '~']);
    t.starts_with(|c: char| c.is_ascii_digit()) || cell == "-"
}

/// A study's aligned text (as `--format table` prints it) cut into text and tables: a table is a heading line, a
/// rule of dashes ([`crate::output::table`]) and the rows that fit its columns. The report shows the tables as HTML
/// tables (each scrolling in its own box on a phone), the rest as text.
pub fn text_blocks(text: &str) -> Vec<TextBlock> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    let flush = |pending: &mut Vec<&str>, blocks: &mut Vec<TextBlock>| {
        let t = pending.join("\n").trim_matches('\n').to_string();
        if !t.trim().is_empty() {
            blocks.push(TextBlock {
                text: t,
                head: Vec::new(),
                rows: Vec::new(),
            });
        }
        pending.clear();
    };
    let mut i = 0;
    while i < lines.len() {
        let table = (i + 1 < lines.len())
            .then(|| rule_columns(lines[i + 1]))
            .flatten()
            .and_then(|spans| cells(lines[i], &spans).map(|head| (spans, head)));
        let Some((spans, head)) = table else {
            pending.push(lines[i]);
            i += 1;
            continue;
        };
        flush(&mut pending, &mut blocks);
        i += 2;
        let mut rows = Vec::new();
        while let Some(row) = lines.get(i).and_then(|l| cells(l, &spans)) {
            rows.push(
                row.into_iter()
                    .map(|text| Cell {
                        numeric: is_numeric(&text),
                        long: text.chars().count() > 24,
                        text,
                    })
                    .collect(),
            );
            i += 1;
        }
        blocks.push(TextBlock {
            text: String::new(),
            head,
            rows,
        });
    }
    flush(&mut pending, &mut blocks);
    blocks
}

#[derive(serde::Serialize)]
struct StudyPage<'a> {
    title: &'a str,
    style: &'static str,
    headlines: &'a [String],
    paragraphs: &'a [String],
    blocks: Vec<TextBlock>,
    figures: Vec<StudyFigure>,
    files: Vec<crate::report_files::FileGroup>,
}

/// A report page `report.html`, written last into the output set's directory `dir`: a title, the headline
/// findings, paragraphs, the study's table (`table_text`, its aligned tables made HTML tables) and the figures,
/// each inline as SVG (read back from `STEM.svg` beside the `STEM.png` named in `figures`), then links to every
/// other file of the set (described with `names`); self-contained (inline CSS and SVG, no scripts, nothing loaded) and rendered from
/// templates/study_report.html with every text escaped.
pub fn write_report(
    dir: &Path,
    title: &str,
    headlines: &[String],
    paragraphs: &[String],
    table_text: &str,
    figures: &[(String, String)],
    names: &crate::report_files::Names,
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
    let listed = crate::report_files::set_files(dir)?;
    let page = StudyPage {
        title,
        style: crate::report::STYLE,
        headlines,
        paragraphs,
        blocks: text_blocks(table_text),
        figures,
        files: crate::report_files::file_groups(&listed, names),
    };
    let html = crate::report::render_page("study_report.html", STUDY_TEMPLATE, &page)?;
    let path = dir.join("report.html");
    write_atomic(&path, html.as_bytes())?;
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_tables_become_tables_and_the_rest_stays_text() {
        let rows = vec![
            vec![
                "corridor".to_string(),
                "value (m/s)".into(),
                "engageable".into(),
            ],
            vec![
                "iran-europe".into(),
                "6000 *".into(),
                "13 of 27 (48 %)".into(),
            ],
            vec!["russia-us".into(), "6000".into(), "-".into()],
        ];
        let text = format!(
            "third-site-2007: a title\n  x = 6000 m/s in the scenario (*)\n{}\nIn words:\n- a limit  holds\n",
            crate::output::table(&rows)
        );
        let blocks = text_blocks(&text);
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        assert_eq!(
            blocks[0].text,
            "third-site-2007: a title\n  x = 6000 m/s in the scenario (*)"
        );
        assert_eq!(blocks[1].head, rows[0]);
        assert_eq!(blocks[1].rows.len(), 2);
        let cells: Vec<&str> = blocks[1].rows[0].iter().map(|c| c.text.as_str()).collect();
        assert_eq!(cells, rows[1]);
        assert!(!blocks[1].rows[0][0].numeric && blocks[1].rows[0][2].numeric);
        assert!(
            blocks[1].rows[1][2].numeric,
            "a missing value aligns with the numbers"
        );
        assert_eq!(blocks[2].text, "In words:\n- a limit  holds");
        // A prose line right after a table (no blank line) is not taken for a row.
        let glued = format!(
            "{}{}\n",
            crate::output::table(&rows[..2]),
            "a sentence that is longer than the table is wide"
        );
        let blocks = text_blocks(&glued);
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert_eq!(blocks[0].rows.len(), 1);
    }

    #[test]
    fn text_without_tables_is_one_block() {
        let blocks = text_blocks("one\n-- not a rule\n\ntwo\n");
        assert_eq!(blocks.len(), 1);
        assert!(blocks[0].head.is_empty());
        assert_eq!(text_blocks(""), Vec::new());
    }
}
