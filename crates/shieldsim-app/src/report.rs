//! `report.html`: a self-contained page (inline CSS and SVG, no scripts, no network) with an assessment's headline
//! findings, its scenario × corridor matrix, its tables, each scenario's map, its assumptions and sources, and links
//! to every file of the output set, rendered from a template under `templates/` (minijinja, HTML autoescaping on:
//! every name and text from a scenario is escaped by the engine, never by hand). The page is made for phones too:
//! tables scroll inside their own box, figures scale to the width.

use serde::Serialize;
use shieldsim::analysis::{CorridorAssessment, ScenarioAssessment, Spread};
use shieldsim::scenario::Scenario;

use crate::error::Error;
use crate::report_files::{file_groups, FileGroup, Names, SetFile};

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

/// A cell of the scenario × corridor matrix.
#[derive(Serialize)]
struct MatrixCell {
    /// "13 of 27", or "—" where the scenario has no such corridor.
    text: String,
    /// The share for people ("48 %"), empty without one.
    share: String,
    /// The shading class: `none` (nothing engageable), `q1`..`q5` (the fifth the share falls in), `absent`.
    class: &'static str,
}

/// A row of the matrix: a scenario.
#[derive(Serialize)]
struct MatrixRow {
    anchor: String,
    scenario: String,
    cells: Vec<MatrixCell>,
}

/// The scenario × corridor matrix.
#[derive(Serialize)]
struct Matrix {
    /// Column headings: the corridors' display names, in the order they first appear.
    corridors: Vec<String>,
    rows: Vec<MatrixRow>,
    /// Whether some scenario lacks some corridor (the legend then explains "—").
    any_absent: bool,
}

/// What templates/assess_report.html shows.
#[derive(Serialize)]
struct ReportPage {
    style: &'static str,
    version: &'static str,
    scenario_count: usize,
    weighted: bool,
    headlines: Vec<Headline>,
    /// Whether some corridor is one of the built-in ones, whose role (stated or deterrent) the headlines name.
    roles_known: bool,
    matrix: Matrix,
    summary: Vec<SummaryRow>,
    scenarios: Vec<ScenarioSection>,
    files: Vec<FileGroup>,
}

/// A scenario's headline finding: its short title and a sentence a journalist can quote.
#[derive(Serialize)]
struct Headline {
    anchor: String,
    scenario: String,
    finding: String,
}

/// The page template of `assess --out`.
const ASSESS_TEMPLATE: &str = include_str!("../templates/assess_report.html");

/// The page style of every report (assessment and studies): readable at 390 px (tables scroll inside their
/// `.scroll` box, figures scale down, long words break) and at 1,200 px; the matrix shaded in fifths of a
/// vermillion ramp (dark text on the light fifths, white on the darkest: contrast 4.5:1 or more).
pub(crate) const STYLE: &str = "*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}\
body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1200px;margin:0 auto;padding:.5em 1em 2em;\
color:#1a1a1a;line-height:1.45;overflow-wrap:break-word}h1{font-size:1.5em;line-height:1.25}\
h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1.05em;margin:1.2em 0 .3em}\
.scroll{overflow-x:auto;max-width:100%;margin:.8em 0}\
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;\
vertical-align:top}th{background:#f2f2f2;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
.scroll td:first-child{white-space:nowrap}\
.scroll td.t{min-width:16em}td.id{white-space:nowrap}.scroll th{min-width:4.5em}\
caption{text-align:left;font-weight:bold;padding:.3em 0;position:sticky;left:0;max-width:calc(100vw - 2em)}\
.note{color:#555;font-size:.9em}figure{margin:1em 0}figcaption{color:#555;font-size:.85em}\
svg,img{max-width:100%;height:auto}ol.sources{font-size:.8em;color:#444}.desc{white-space:pre-line}\
ul.headlines{padding-left:1.2em}ul.headlines li{margin:.4em 0}\
table.matrix td{text-align:center;white-space:nowrap;min-width:6.5em}\
table.matrix th[scope=row]{position:sticky;left:0;z-index:1;min-width:9em;max-width:14em}table.matrix td small{display:block}\
td.none{background:#fff}td.q1{background:#fbe3d1}td.q2{background:#f6c39e}td.q3{background:#ee9f69}\
td.q4{background:#dd7532}td.q5{background:#a34600;color:#fff}td.absent{background:#f7f7f7;color:#777}\
.legend{display:flex;flex-wrap:wrap;gap:.3em .8em;font-size:.85em;margin:.3em 0;padding:0;list-style:none}\
.legend span{display:inline-block;width:1.2em;height:1em;border:1px solid #999;vertical-align:middle;\
margin-right:.3em}table.files td:first-child{min-width:12em}ul.files{padding-left:1.2em}ul.files li{margin:.3em 0}";

/// The report page (deterministic: no dates or timings), rendered from templates/assess_report.html. `maps` holds
/// each scenario's map as SVG text, in the order of `scenarios`; `files` the other files of the output set, each
/// linked from the page ([`crate::report_files::set_files`] lists them).
pub fn report_html(
    scenarios: &[Scenario],
    assessments: &[ScenarioAssessment],
    maps: &[String],
    files: &[SetFile],
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
    let weighted = weighted(scenarios);
    let headlines = scenarios
        .iter()
        .zip(assessments)
        .map(|(s, a)| Headline {
            anchor: s.name.clone(),
            scenario: short_title(s),
            finding: headline(a, weighted),
        })
        .collect();
    let page = ReportPage {
        style: STYLE,
        version: env!("CARGO_PKG_VERSION"),
        scenario_count: scenarios.len(),
        weighted,
        headlines,
        roles_known: assessments
            .iter()
            .flat_map(|a| &a.corridors)
            .any(|c| corridor_role(&c.corridor) != CorridorRole::Unknown),
        matrix: matrix(scenarios, assessments),
        summary,
        scenarios: sections,
        files: file_groups(files, &names_of(scenarios.iter())),
    };
    render_page("assess_report.html", ASSESS_TEMPLATE, &page)
}

/// The names a report's file list describes files by: each scenario's short title, each corridor's display name.
pub(crate) fn names_of<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> Names {
    let mut names = Names::default();
    for s in scenarios {
        names.scenarios.push((s.name.clone(), short_title(s)));
        for c in &s.corridors {
            if !names.corridors.iter().any(|(id, _)| *id == c.name) {
                names
                    .corridors
                    .push((c.name.clone(), corridor_display_name(&c.name)));
            }
        }
    }
    names
}

/// What a corridor of the built-in scenarios is in the dispute: the defence's stated threat or the deterrent it
/// must leave alone (Russia's ICBMs against the United States).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorridorRole {
    /// A threat the defence is said to be built against.
    Stated,
    /// A deterrent force the defence is said not to be aimed at.
    Deterrent,
    /// A corridor of a user's scenario that shieldsim does not know.
    Unknown,
}

/// The display names and roles of the built-in scenarios' corridors.
const KNOWN_CORRIDORS: [(&str, &str, CorridorRole); 4] = [
    ("iran-europe", "Iran→Europe", CorridorRole::Stated),
    (
        "iran-us-east-coast",
        "Iran→US east coast",
        CorridorRole::Stated,
    ),
    (
        "north-korea-us-west",
        "North Korea→US west coast",
        CorridorRole::Stated,
    ),
    ("russia-us", "Russia→US", CorridorRole::Deterrent),
];

/// A corridor's name for people ("Iran→Europe" for `iran-europe`); a user's corridor keeps its own name.
pub fn corridor_display_name(id: &str) -> String {
    KNOWN_CORRIDORS
        .iter()
        .find(|(k, _, _)| *k == id)
        .map_or_else(|| id.to_string(), |(_, shown, _)| shown.to_string())
}

/// Whether corridor `id` is a stated threat or a deterrent (built-in corridors only).
pub fn corridor_role(id: &str) -> CorridorRole {
    KNOWN_CORRIDORS
        .iter()
        .find(|(k, _, _)| *k == id)
        .map_or(CorridorRole::Unknown, |(_, _, role)| *role)
}

/// A scenario's title up to its first colon ("US 'third site' plan (2007)"), or its name without a title.
pub fn short_title(s: &Scenario) -> String {
    short_title_of(&s.name, &s.title)
}

/// [`short_title`] from a scenario's `name` and `title`.
pub fn short_title_of(name: &str, title: &str) -> String {
    let t = title.split(':').next().unwrap_or("").trim();
    if t.is_empty() {
        name.to_string()
    } else {
        t.to_string()
    }
}

/// A share (0 to 1) as a percentage with one decimal, whole at 0 and 100 % ("40.7 %", "0 %", "100 %").
pub fn share_text(share: f64) -> String {
    let p = 100.0 * share;
    if p == 0.0 || p == 100.0 {
        format!("{p:.0} %")
    } else {
        format!("{p:.1} %")
    }
}

/// A band of shares (P5 and P95) for people: "32.1 % to 40.7 %", or one number when both ends read the same
/// ("100 %", never "100.0 % to 100.0 %").
pub fn band_text(low: f64, high: f64) -> String {
    let (l, h) = (share_text(low), share_text(high));
    if l == h {
        l
    } else {
        format!("{l} to {h}")
    }
}

/// "13 of 27 Iran→Europe trajectories engageable (48 %; weighted 52.3 %)": a corridor's count in words.
fn corridor_phrase(c: &CorridorAssessment, first: bool, weighted: bool) -> String {
    let name = corridor_display_name(&c.corridor);
    let what = if first {
        format!("{name} trajectories engageable")
    } else {
        name
    };
    if c.evaluated == 0 {
        return format!("no {} trajectory flown", corridor_display_name(&c.corridor));
    }
    let share = percent(c.engageable, c.evaluated);
    let weighted_share = match (weighted, c.weighted_engageable_share) {
        (true, Some(w)) => format!("; weighted {:.1} %", 100.0 * w),
        _ => String::new(),
    };
    format!(
        "{} of {} {what} ({share}{weighted_share})",
        c.engageable, c.evaluated
    )
}

/// A scenario's headline: what the defence engages of its stated threat and of the deterrent, corridor by
/// corridor, as counts and shares: "13 of 27 Iran→Europe trajectories engageable (48 %); 0 of 46 Iran→US east coast
/// (0 %). Deterrent: 43 of 143 Russia→US (30 %)." Stated corridors first, then corridors shieldsim does not know
/// (a user's), in the scenario's order, then the deterrent.
pub(crate) fn headline(a: &ScenarioAssessment, weighted: bool) -> String {
    let mut first = true;
    let mut sentence = |role: CorridorRole| -> Option<String> {
        let phrases: Vec<String> = a
            .corridors
            .iter()
            .filter(|c| corridor_role(&c.corridor) == role)
            .map(|c| {
                let p = corridor_phrase(c, first, weighted);
                first = false;
                p
            })
            .collect();
        (!phrases.is_empty()).then(|| phrases.join("; "))
    };
    let mut parts: Vec<String> = [CorridorRole::Stated, CorridorRole::Unknown]
        .into_iter()
        .filter_map(&mut sentence)
        .collect();
    if let Some(d) = sentence(CorridorRole::Deterrent) {
        parts.push(format!("Deterrent: {d}"));
    }
    if parts.is_empty() {
        return "No corridor assessed.".into();
    }
    parts.join(". ") + "."
}

/// The shading class of `n` of `of`: `none` for nothing engageable, else the fifth of the share (`q1` below 20 %,
/// ..., `q5` from 80 %).
pub(crate) fn fifth_class(n: usize, of: usize) -> &'static str {
    if of == 0 || n == 0 {
        return "none";
    }
    let share = n as f64 / of as f64;
    match (share * 5.0).floor() as usize {
        0 => "q1",
        1 => "q2",
        2 => "q3",
        3 => "q4",
        _ => "q5",
    }
}

/// The scenario × corridor matrix: a row per scenario, a column per corridor (in the order they first appear),
/// "—" where a scenario has no such corridor.
fn matrix(scenarios: &[Scenario], assessments: &[ScenarioAssessment]) -> Matrix {
    let mut ids: Vec<&str> = Vec::new();
    for a in assessments {
        for c in &a.corridors {
            if !ids.contains(&c.corridor.as_str()) {
                ids.push(&c.corridor);
            }
        }
    }
    let rows: Vec<MatrixRow> = scenarios
        .iter()
        .zip(assessments)
        .map(|(s, a)| MatrixRow {
            anchor: s.name.clone(),
            scenario: short_title(s),
            cells: ids
                .iter()
                .map(|id| match a.corridors.iter().find(|c| c.corridor == *id) {
                    Some(c) => MatrixCell {
                        text: format!("{} of {}", c.engageable, c.evaluated),
                        share: if c.evaluated == 0 {
                            String::new()
                        } else {
                            percent(c.engageable, c.evaluated)
                        },
                        class: fifth_class(c.engageable, c.evaluated),
                    },
                    None => MatrixCell {
                        text: "—".into(),
                        share: String::new(),
                        class: "absent",
                    },
                })
                .collect(),
        })
        .collect();
    let any_absent = rows
        .iter()
        .any(|r| r.cells.iter().any(|c| c.class == "absent"));
    Matrix {
        corridors: ids.iter().map(|id| corridor_display_name(id)).collect(),
        rows,
        any_absent,
    }
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
    fn bands_read_as_one_number_when_degenerate() {
        assert_eq!(band_text(1.0, 1.0), "100 %");
        assert_eq!(band_text(0.0, 0.0), "0 %");
        assert_eq!(band_text(0.3211, 0.40704), "32.1 % to 40.7 %");
        assert_eq!(band_text(0.40701, 0.40704), "40.7 %");
        assert_eq!(band_text(0.0, 1.0), "0 % to 100 %");
    }

    #[test]
    fn shares_fall_in_their_fifth() {
        assert_eq!(fifth_class(0, 10), "none");
        assert_eq!(fifth_class(0, 0), "none");
        assert_eq!(fifth_class(1, 100), "q1");
        assert_eq!(fifth_class(19, 100), "q1");
        assert_eq!(fifth_class(20, 100), "q2");
        assert_eq!(fifth_class(13, 27), "q3");
        assert_eq!(fifth_class(79, 100), "q4");
        assert_eq!(fifth_class(80, 100), "q5");
        assert_eq!(fifth_class(100, 100), "q5");
    }

    #[test]
    fn corridors_have_display_names_and_roles() {
        assert_eq!(corridor_display_name("iran-europe"), "Iran→Europe");
        assert_eq!(corridor_display_name("my-own"), "my-own");
        assert_eq!(corridor_role("russia-us"), CorridorRole::Deterrent);
        assert_eq!(corridor_role("iran-us-east-coast"), CorridorRole::Stated);
        assert_eq!(corridor_role("my-own"), CorridorRole::Unknown);
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
