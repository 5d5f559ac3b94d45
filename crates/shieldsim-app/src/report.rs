//! `report.html`: a self-contained page (inline CSS and SVG, no scripts, no network) with an assessment's tables,
//! each scenario's map, its assumptions and sources, rendered from a template under `templates/` (minijinja, HTML
//! autoescaping on: every name and text from a scenario is escaped by the engine, never by hand).

use serde::Serialize;
use shieldsim::analysis::{CorridorAssessment, ScenarioAssessment, Spread};
use shieldsim::scenario::Scenario;

use crate::error::Error;

/// Renders the page template `name` (HTML, autoescaped: every value is escaped unless the template marks it
/// `safe`) with `context`; undefined values are errors, so a misspelt field cannot vanish from a page. The page ends
/// with a newline.
pub(crate) fn render_page(
    name: &'static str,
    source: &'static str,
    context: &impl Serialize,
) -> Result<String, Error> {
    let fail = |e: minijinja::Error| Error::internal(format!("cannot render {name}: {e:#}"));
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template(name, source).map_err(fail)?;
    let page = env
        .get_template(name)
        .and_then(|t| t.render(minijinja::value::Serde(context)))
        .map_err(fail)?;
    Ok(page + "\n")
}

/// An SVG document made to scale with the page: the XML prolog dropped and the fixed size replaced by a width of
/// 100 % (the viewBox keeps the aspect).
pub(crate) fn inline_svg(svg: &str) -> String {
    let body = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => return String::new(),
    };
    let Some(end) = body.find('>') else {
        return String::new();
    };
    let tag = &body[..end];
    let mut kept: Vec<&str> = Vec::new();
    for attr in tag.split_whitespace() {
        if !(attr.starts_with("width=") || attr.starts_with("height=")) {
            kept.push(attr);
        }
    }
    format!(
        "{} style=\"width:100%;height:auto\" role=\"img\"{}",
        kept.join(" "),
        &body[end..]
    )
}

/// A row of a scenario's corridor table: the cells of the terminal table.
#[derive(Serialize)]
struct CorridorRow {
    corridor: String,
    engageable: String,
    out_of_range: usize,
    failed: usize,
    weighted: String,
    window: String,
    max_window: String,
    shots: String,
    first_intercept_alt: String,
    enabled_by: String,
    sites: String,
}

fn corridor_row(c: &CorridorAssessment) -> CorridorRow {
    CorridorRow {
        corridor: c.corridor.clone(),
        engageable: engageable_cell(c),
        out_of_range: c.out_of_range,
        failed: c.failed,
        weighted: weighted_cell(c),
        window: percentiles_cell(c.window_s, true),
        max_window: c.window_s.map_or("-".into(), |w| format!("{:.0}", w.max)),
        shots: percentiles_cell(c.shots, false),
        first_intercept_alt: percentiles_cell(c.first_intercept_alt_km, true),
        enabled_by: enabled_by_cell(c, ", "),
        sites: if c.sites.is_empty() {
            "-".into()
        } else {
            c.sites.join(", ")
        },
    }
}

/// A row of the summary table.
#[derive(Serialize)]
struct SummaryRow {
    scenario: String,
    anchor: String,
    corridor: String,
    engageable: String,
    out_of_range: usize,
    weighted: String,
    median_window: String,
    enabled_by: String,
}

#[derive(Serialize)]
struct SiteRow {
    name: String,
    interceptor: String,
    inventory: u32,
    lat: String,
    lon: String,
}

/// One scenario's section of the page.
#[derive(Serialize)]
struct ScenarioSection {
    anchor: String,
    title: String,
    description: String,
    corridors: Vec<CorridorRow>,
    sites: Vec<SiteRow>,
    radars: String,
    assumptions: String,
    /// The map as inline SVG (drawn by shieldsim-viz, whose text is escaped there), if any.
    map_svg: Option<String>,
    sources: Vec<String>,
}

/// What templates/assess_report.html shows.
#[derive(Serialize)]
struct ReportPage {
    style: &'static str,
    version: &'static str,
    scenario_count: usize,
    weighted: bool,
    summary: Vec<SummaryRow>,
    scenarios: Vec<ScenarioSection>,
}

/// The page template of `assess --out`.
const ASSESS_TEMPLATE: &str = include_str!("../templates/assess_report.html");

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;\
color:#1a1a1a;line-height:1.45}h1{font-size:1.6em}h2{font-size:1.3em;margin-top:2.2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;\
vertical-align:top}th{background:#f2f2f2;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.note{color:#555;font-size:.9em}figure{margin:1em 0}figcaption{color:#555;font-size:.85em}\
ol.sources{font-size:.8em;color:#444}.desc{white-space:pre-line}";

/// The report page (deterministic: no dates or timings), rendered from templates/assess_report.html. `maps` holds
/// each scenario's map as SVG text, in the order of `scenarios`.
pub fn report_html(
    scenarios: &[Scenario],
    assessments: &[ScenarioAssessment],
    maps: &[String],
) -> Result<String, Error> {
    let summary = assessments
        .iter()
        .flat_map(|a| {
            a.corridors.iter().map(move |c| SummaryRow {
                scenario: a.scenario.clone(),
                anchor: a.scenario.clone(),
                corridor: c.corridor.clone(),
                engageable: engageable_cell(c),
                out_of_range: c.out_of_range,
                weighted: weighted_cell(c),
                median_window: c.window_s.map_or("-".into(), |w| format!("{:.0}", w.p50)),
                enabled_by: enabled_by_cell(c, ", "),
            })
        })
        .collect();
    let sections = scenarios
        .iter()
        .zip(assessments)
        .enumerate()
        .map(|(k, (s, a))| {
            let arch = &s.architecture;
            let assumptions = crate::figures::assumptions_of(
                arch.early_warning.as_ref(),
                arch.decision_delay_s,
                &crate::figures::links_text(
                    &arch
                        .links
                        .iter()
                        .map(|l| l.link.clone())
                        .collect::<Vec<_>>(),
                ),
            );
            ScenarioSection {
                anchor: s.name.clone(),
                title: s.title.clone(),
                description: s.description.clone(),
                corridors: a.corridors.iter().map(corridor_row).collect(),
                sites: arch
                    .sites
                    .iter()
                    .map(|site| SiteRow {
                        name: site.name.clone(),
                        interceptor: site.interceptor.id().to_string(),
                        inventory: site.inventory,
                        lat: format!("{:.3}", site.position.lat_deg()),
                        lon: format!("{:.3}", site.position.lon_deg()),
                    })
                    .collect(),
                radars: arch
                    .radars
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                assumptions,
                map_svg: maps.get(k).map(|svg| inline_svg(svg)),
                sources: s.sources.clone(),
            }
        })
        .collect();
    let page = ReportPage {
        style: STYLE,
        version: env!("CARGO_PKG_VERSION"),
        scenario_count: scenarios.len(),
        weighted: weighted(scenarios),
        summary,
        scenarios: sections,
    };
    render_page("assess_report.html", ASSESS_TEMPLATE, &page)
}

/// A share as a percentage for people: never "0 %" when some are engageable nor "100 %" when some are not.
pub(crate) fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        return "-".into();
    }
    let p = 100.0 * n as f64 / of as f64;
    if n > 0 && p < 0.5 {
        "<1 %".into()
    } else if n < of && p >= 99.5 {
        ">99 %".into()
    } else {
        format!("{p:.0} %")
    }
}

/// "23 of 152 (15 %)": engageable of evaluated.
pub(crate) fn engageable_cell(c: &CorridorAssessment) -> String {
    format!(
        "{} of {} ({})",
        c.engageable,
        c.evaluated,
        percent(c.engageable, c.evaluated)
    )
}

/// A weighted share as a percentage, "-" without evaluated trajectories.
pub(crate) fn weighted_cell(c: &CorridorAssessment) -> String {
    c.weighted_engageable_share
        .map_or("-".into(), |w| format!("{:.1} %", 100.0 * w))
}

/// A number without decimals when whole, else with one.
fn short(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// "P10 / P50 / P90" of a spread, "-" without one: rounded to whole units (`whole`, for seconds and km), else
/// with one decimal where not whole (for counts, whose percentiles interpolate).
pub(crate) fn percentiles_cell(s: Option<Spread>, whole: bool) -> String {
    let f = |x: f64| if whole { format!("{x:.0}") } else { short(x) };
    s.map_or("-".into(), |s| {
        format!("{} / {} / {}", f(s.p10), f(s.p50), f(s.p90))
    })
}

/// "redzikowo-spy1 (31), kurecik-tpy2 (4)", "-" when none.
pub(crate) fn enabled_by_cell(c: &CorridorAssessment, separator: &str) -> String {
    if c.enabled_by.is_empty() {
        return "-".into();
    }
    c.enabled_by
        .iter()
        .map(|e| format!("{} ({})", e.sensor, e.trajectories))
        .collect::<Vec<_>>()
        .join(separator)
}

/// Whether any aim point of the scenarios carries a weight other than 1 (then the tables show the weighted share).
pub(crate) fn weighted(scenarios: &[Scenario]) -> bool {
    scenarios
        .iter()
        .flat_map(|s| &s.corridors)
        .flat_map(|c| &c.aims)
        .any(|a| a.weight != 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svgs_are_made_to_scale_and_text_is_escaped() {
        let s = inline_svg("<?xml version=\"1.0\"?>\n<svg width=\"1600\" height=\"800\" viewBox=\"0 0 1600 800\" xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>");
        assert!(s.starts_with("<svg viewBox=\"0 0 1600 800\""), "{s}");
        assert!(s.contains("style=\"width:100%;height:auto\""));
        assert!(!s.contains("width=\"1600\""));
        assert!(s.ends_with("<rect/></svg>"));
        assert_eq!(inline_svg("no svg here"), "");
    }

    #[test]
    fn percentages_never_round_to_all_or_nothing() {
        assert_eq!(percent(23, 152), "15 %");
        assert_eq!(percent(1, 300), "<1 %");
        assert_eq!(percent(299, 300), ">99 %");
        assert_eq!(percent(0, 300), "0 %");
        assert_eq!(percent(300, 300), "100 %");
        assert_eq!(percent(0, 0), "-");
    }
}
