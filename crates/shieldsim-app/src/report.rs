//! `report.html`: a self-contained page (inline CSS and SVG, no scripts, no network) with an assessment's tables,
//! each scenario's map, its assumptions and sources.

use shieldsim::analysis::{CorridorAssessment, ScenarioAssessment, Spread};
use shieldsim::scenario::Scenario;

/// HTML-escapes text.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An SVG document made to scale with the page: the XML prolog dropped and the fixed size replaced by a width of
/// 100 % (the viewBox keeps the aspect).
fn inline_svg(svg: &str) -> String {
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

/// A scenario's corridor table row: the cells of the terminal table (`weighted`: with the weighted share).
fn corridor_rows(c: &CorridorAssessment, weighted: bool) -> String {
    let weighted = if weighted {
        format!("<td class=n>{}</td>", esc(&weighted_cell(c)))
    } else {
        String::new()
    };
    format!(
        "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td>{weighted}<td class=n>{}</td>\
         <td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td>{}</td><td>{}</td></tr>\n",
        esc(&c.corridor),
        esc(&engageable_cell(c)),
        c.out_of_range,
        c.failed,
        esc(&percentiles_cell(c.window_s, true)),
        c.window_s.map_or("-".into(), |w| format!("{:.0}", w.max)),
        esc(&percentiles_cell(c.shots, false)),
        esc(&percentiles_cell(c.first_intercept_alt_km, true)),
        esc(&enabled_by_cell(c, ", ")),
        if c.sites.is_empty() {
            "-".into()
        } else {
            esc(&c.sites.join(", "))
        }
    )
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;\
color:#1a1a1a;line-height:1.45}h1{font-size:1.6em}h2{font-size:1.3em;margin-top:2.2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;\
vertical-align:top}th{background:#f2f2f2;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.note{color:#555;font-size:.9em}figure{margin:1em 0}figcaption{color:#555;font-size:.85em}\
ol.sources{font-size:.8em;color:#444}.desc{white-space:pre-line}";

/// The report page (deterministic: no dates or timings). `maps` holds each scenario's map as SVG text, in the order of `scenarios`.
pub fn report_html(
    scenarios: &[Scenario],
    assessments: &[ScenarioAssessment],
    maps: &[String],
) -> String {
    let mut h = String::new();
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>shieldsim assessment</title>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\"><style>{STYLE}</style></head><body>\n\
         <h1>Which ballistic-missile trajectories can each defence engage?</h1>\n\
         <p class=note>shieldsim {} assessment of {} scenario(s): every trajectory of each threat corridor (launch \
         points × aim points × missiles × shapes) flown on a rotating WGS 84 Earth and engaged by the scenario's \
         architecture (early warning, radar detection and track, interceptor fly-out reach, intercept window). \
         Point-mass kinematics at the fidelity of the open literature; every parameter cites an open source or is \
         marked generic. \"Engageable\" means kinematically reachable within the defence's timeline, not a kill \
         probability. The same input gives the same page, byte for byte.</p>\n",
        env!("CARGO_PKG_VERSION"),
        scenarios.len(),
    ));
    let weighted = weighted(scenarios);
    h.push_str(&format!(
        "<h2>Summary</h2>\n<table><tr><th>scenario</th><th>corridor</th><th>engageable</th><th>out of range</th>\
         {}<th>median window (s)</th><th>enabled by</th></tr>\n",
        if weighted { "<th>weighted</th>" } else { "" }
    ));
    for a in assessments {
        for c in &a.corridors {
            h.push_str(&format!(
                "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td class=n>{}</td><td class=n>{}</td>{}\
                 <td class=n>{}</td><td>{}</td></tr>\n",
                esc(&a.scenario),
                esc(&a.scenario),
                esc(&c.corridor),
                esc(&engageable_cell(c)),
                c.out_of_range,
                if weighted {
                    format!("<td class=n>{}</td>", esc(&weighted_cell(c)))
                } else {
                    String::new()
                },
                c.window_s.map_or("-".into(), |w| format!("{:.0}", w.p50)),
                esc(&enabled_by_cell(c, ", ")),
            ));
        }
    }
    h.push_str("</table>\n<p class=note>Engageable: n of N, N = the trajectories flown and evaluated; launch–aim \
                pairs beyond a missile's reach are not flown and are counted under out of range. The median window \
                is over the engageable trajectories only. Enabled by: the sensor whose track let the \
                first-intercepting site launch, with its count of engageable trajectories.</p>\n");
    for (k, (s, a)) in scenarios.iter().zip(assessments).enumerate() {
        h.push_str(&format!(
            "<h2 id=\"{}\">{}</h2>\n<p class=desc>{}</p>\n",
            esc(&s.name),
            esc(&s.title),
            esc(&s.description)
        ));
        h.push_str(&format!(
            "<table><tr><th>corridor</th><th>engageable</th><th>out of range</th><th>failed</th>{}\
             <th>window P10 / P50 / P90 (s)</th><th>max window (s)</th><th>shots P10 / P50 / P90</th>\
             <th>first intercept alt P10 / P50 / P90 (km)</th><th>enabled by</th><th>sites engaging</th></tr>\n",
            if weighted { "<th>weighted</th>" } else { "" }
        ));
        for c in &a.corridors {
            h.push_str(&corridor_rows(c, weighted));
        }
        h.push_str("</table>\n<p class=note>Engageable: n of N evaluated trajectories. Out of range: launch–aim \
                    pairs beyond the missile's reach (not flown, not in N); failed: trajectories not solved (not in \
                    N). Window: the time during which an intercept is possible; shots: shoot-look-shoot \
                    opportunities; first intercept alt: altitude of the earliest possible intercept. Percentiles \
                    (linear interpolation, type 7) are over the engageable trajectories only.");
        if weighted {
            h.push_str(" Weighted: the engageable share with each trajectory weighted by its aim point's weight.");
        }
        h.push_str("</p>\n");
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
        h.push_str("<table><tr><th>interceptor site</th><th>interceptor</th><th>inventory</th><th>lat (°)</th><th>lon (°)</th></tr>\n");
        for site in &arch.sites {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{:.3}</td><td class=n>{:.3}</td></tr>\n",
                esc(&site.name),
                esc(site.interceptor.id()),
                site.inventory,
                site.position.lat_deg(),
                site.position.lon_deg()
            ));
        }
        h.push_str("</table>\n");
        h.push_str(&format!(
            "<p class=note>Radars: {}. {}</p>\n",
            esc(&arch
                .radars
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")),
            esc(&assumptions)
        ));
        if let Some(svg) = maps.get(k) {
            h.push_str(&format!(
                "<figure>{}<figcaption>Threat trajectories of every corridor (black: engageable, orange: not), \
                 earliest intercepts (×), interceptor sites, radars and their coverage against the re-entry \
                 vehicle. Coastlines and borders: Natural Earth 1:110m.</figcaption></figure>\n",
                inline_svg(svg)
            ));
        }
        h.push_str("<details><summary>Sources</summary><ol class=sources>\n");
        for src in &s.sources {
            h.push_str(&format!("<li>{}</li>\n", esc(src)));
        }
        h.push_str("</ol></details>\n");
    }
    h.push_str("</body></html>\n");
    h
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
        assert_eq!(esc("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
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
