//! report.html of `assess --out`: the headline numbers are the assessment's counts, the matrix has a row per
//! scenario and a column per corridor, every link resolves to a written file and every written file is linked, and
//! the page parses (every element closed in order), read back with a small checker here (independent of the
//! template engine that wrote it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use shieldsim_app::assess::{assess, AssessJob};
use shieldsim_app::Control;

const SMALL: &str = include_str!("data/small.toml");

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "shieldsim-report-test-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Two scenarios: the small test scenario (corridors `west` and `north`) and a copy without `north`, so that the
/// matrix has a cell with no corridor.
fn scenarios() -> Vec<shieldsim::scenario::Scenario> {
    let load = |text: &str, file: &str| {
        shieldsim_app::scenarios::load_scenario_text(text, file)
            .expect("the test scenario loads")
            .scenario
    };
    let north = SMALL.find("[[corridor]]\nname = \"north\"").unwrap();
    let force = SMALL.find("[[force]]").unwrap();
    let west_only = format!("{}{}", &SMALL[..north], &SMALL[force..])
        .replace("name = \"parts-test\"", "name = \"west-only\"")
        .replace(
            "title = \"A small test scenario",
            "title = \"West only: a small test scenario",
        );
    vec![
        load(SMALL, "small.toml"),
        load(&west_only, "west-only.toml"),
    ]
}

/// An element of the page: its name and attributes.
#[derive(Debug, Clone)]
struct Element {
    name: String,
    attrs: String,
}

/// Void elements of HTML (no closing tag).
const VOID: [&str; 8] = ["meta", "br", "img", "hr", "link", "input", "wbr", "col"];

/// Checks that every element of `html` is closed in order (void elements and `/>` excepted; the contents of
/// `<style>` and comments skipped) and returns every element, in document order.
fn parse(html: &str) -> Vec<Element> {
    let mut stack: Vec<String> = Vec::new();
    let mut elements = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let start = i + lt;
        if html[start..].starts_with("<!--") {
            let end = html[start..].find("-->").expect("a comment is closed");
            i = start + end + 3;
            continue;
        }
        let gt = html[start..].find('>').expect("a tag is closed") + start;
        let tag = &html[start + 1..gt];
        i = gt + 1;
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name.trim(), "<{open}> closed by </{name}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect();
        assert!(!name.is_empty(), "an empty tag at byte {start}");
        let attrs = tag[name.len()..].trim().to_string();
        elements.push(Element {
            name: name.clone(),
            attrs,
        });
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "style" {
            let end = html[i..].find("</style>").expect("style closed");
            i += end + "</style>".len();
            continue;
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "elements left open: {stack:?}");
    elements
}

fn attr(e: &Element, name: &str) -> Option<String> {
    let key = format!("{name}=");
    let at = e.attrs.find(&key)? + key.len();
    let rest = &e.attrs[at..];
    Some(if let Some(q) = rest.strip_prefix('"') {
        q[..q.find('"')?].to_string()
    } else {
        rest.split_whitespace().next()?.to_string()
    })
}

/// The HTML text of the page between `from` and the next `</{until}>`.
fn section<'a>(html: &'a str, from: &str, until: &str) -> &'a str {
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("{from} on the page"));
    let end = html[start..].find(&format!("</{until}>")).unwrap() + start;
    &html[start..end]
}

/// Text with tags removed and the entities the page's escaping writes decoded.
fn plain(html: &str) -> String {
    untagged(html)
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2f;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn untagged(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn written(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| !n.starts_with('.') && n != "report.html")
        .collect()
}

#[test]
fn the_assessment_report_states_its_findings_and_links_its_files() {
    let dir = out_dir("assess");
    let scenarios = scenarios();
    let job = AssessJob {
        scenarios: scenarios.clone(),
        out: Some(dir.clone()),
    };
    let done = assess(&job, Control::none()).expect("the assessment runs");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let elements = parse(&html);

    // Headlines: one per scenario, each corridor's count as the assessment has it.
    let headlines = section(&html, "<ul class=headlines>", "ul");
    let items: Vec<&str> = headlines.split("<li>").skip(1).collect();
    assert_eq!(items.len(), scenarios.len(), "{headlines}");
    for (item, a) in items.iter().zip(&done.assessments) {
        let text = plain(item);
        assert!(
            text.contains(&format!("#{}", a.scenario))
                || item.contains(&format!("#{}", a.scenario))
        );
        for c in &a.corridors {
            assert!(c.evaluated > 0);
            let phrase = format!("{} of {} {}", c.engageable, c.evaluated, c.corridor);
            assert!(text.contains(&phrase), "{phrase} in {text}");
        }
    }
    assert!(plain(items[1]).starts_with("West only"), "{}", items[1]);

    // The matrix: a row per scenario, a column per corridor, "—" where the scenario has none.
    let matrix = section(&html, "<table class=matrix>", "table");
    assert!(matrix.contains("<caption>"));
    let head = section(matrix, "<thead>", "thead");
    let columns: Vec<String> = head
        .split("<th scope=col>")
        .skip(1)
        .map(|h| plain(h).trim().to_string())
        .collect();
    assert_eq!(columns, ["scenario", "west", "north"]);
    let body = section(matrix, "<tbody>", "tbody");
    let rows: Vec<&str> = body.split("<tr>").skip(1).collect();
    assert_eq!(rows.len(), scenarios.len());
    for (row, a) in rows.iter().zip(&done.assessments) {
        assert!(row.contains("<th scope=row>"));
        let cells: Vec<String> = row
            .split("<td")
            .skip(1)
            .map(|c| plain(&format!("<td{c}")))
            .collect();
        assert_eq!(cells.len(), 2, "{row}");
        for (cell, id) in cells.iter().zip(["west", "north"]) {
            match a.corridors.iter().find(|c| c.corridor == id) {
                Some(c) => assert!(
                    cell.starts_with(&format!("{} of {}", c.engageable, c.evaluated)),
                    "{cell}"
                ),
                None => assert_eq!(cell.trim(), "—"),
            }
        }
    }

    // Links: every one resolves to a written file or an anchor of the page; every written file is linked.
    let ids: BTreeSet<String> = elements.iter().filter_map(|e| attr(e, "id")).collect();
    let mut linked = BTreeSet::new();
    for e in elements.iter().filter(|e| e.name == "a") {
        let href = attr(e, "href").expect("every link has a target");
        if let Some(anchor) = href.strip_prefix('#') {
            assert!(ids.contains(anchor), "#{anchor} is on the page");
        } else {
            assert!(
                !href.contains(':') && !href.contains('/'),
                "{href} is relative"
            );
            assert!(dir.join(&href).is_file(), "{href} was written");
            linked.insert(href);
        }
    }
    let files = written(&dir);
    assert!(files.contains("assessment.json") && files.contains("map-west-only.svg"));
    assert_eq!(linked, files, "every written file is linked, nothing else");
    // Each link says what the file is and its size.
    assert!(html.contains("<a href=\"corridors.csv\">CSV</a> ("));
    assert!(
        html.contains("Map of West only: every corridor: <a href=\"map-west-only.png\">PNG</a>")
    );

    // Tables are accessible: every table has a caption, every heading cell a scope.
    for t in elements.iter().filter(|e| e.name == "table") {
        assert!(t.attrs.is_empty() || t.attrs.contains("class"), "{t:?}");
    }
    assert_eq!(
        html.matches("<table").count(),
        html.matches("<caption>").count()
    );
    assert!(!html.contains("<th>"), "every th has a scope");
    // The style is CSS, not escaped text (an escaped quote would void the font declaration).
    assert!(html.contains("font-family:'DejaVu Sans'"));
    // The map caption says the map's colours.
    assert!(html.contains("vermillion: engaged, grey: not engaged"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_checker_refuses_a_broken_page() {
    let broken = std::panic::catch_unwind(|| parse("<html><body><p>text</body></html>"));
    assert!(broken.is_err(), "a misnested page is refused");
    let open = std::panic::catch_unwind(|| parse("<div><table></table>"));
    assert!(open.is_err(), "an unclosed element is refused");
    let ok = parse("<!DOCTYPE html><p>a<br>b<svg><path d=\"M0\"/></svg></p>");
    assert_eq!(ok.iter().filter(|e| e.name == "p").count(), 1);
}

#[test]
fn the_sweep_report_states_each_corridors_counts_and_links_its_files() {
    use shieldsim_app::requests::{Format, SweepJob};
    let dir = out_dir("sweep");
    let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/small.toml")
        .display()
        .to_string();
    let job = SweepJob {
        scenarios: vec![scenario],
        // 30 s is the scenario's own delay; 600 s leaves no time to engage anything.
        vary: vec!["rules.decision_delay_s=0,30,600".into()],
        list: false,
        format: Format::Json,
        out: Some(dir.clone()),
    };
    let done = shieldsim_app::sweep::sweep(&job, Control::none()).expect("the sweep runs");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let elements = parse(&html);
    let headlines = section(&html, "<ul class=\"headlines\">", "ul");
    let items: Vec<String> = headlines.split("<li>").skip(1).map(plain).collect();
    let sweep = &done.sweeps[0];
    let corridors = &sweep.points[0].assessment.corridors;
    assert_eq!(items.len(), corridors.len(), "{headlines}");
    for (k, (item, c)) in items.iter().zip(corridors).enumerate() {
        assert!(item.contains(&format!(", {}: ", c.corridor)), "{item}");
        let counts: Vec<(usize, usize)> = sweep
            .points
            .iter()
            .map(|p| {
                let c = &p.assessment.corridors[k];
                (c.engageable, c.evaluated)
            })
            .collect();
        let (e, n) = counts[1];
        assert!(
            item.trim_end()
                .ends_with(&format!("; {e} of {n} at the scenario's value.")),
            "{item}"
        );
        let (first, last) = (counts[0].0, counts[2].0);
        if first == last && counts.iter().all(|c| c.0 == first) {
            assert!(item.contains(&format!("{first} of {n} engageable at every swept value")));
        } else if first > 0 && last == 0 {
            assert!(item.contains("stops being engageable between"), "{item}");
            assert!(item.contains("none at 600 s"), "{item}");
        }
    }
    assert!(
        items.iter().any(|i| i.contains("stops being engageable")),
        "a 600 s delay engages nothing: {items:?}"
    );
    // The study's table is an HTML table, every link resolves, every file is linked.
    assert!(!html.contains("<pre>") && html.contains("<th scope=\"col\">corridor</th>"));
    let mut linked = BTreeSet::new();
    for e in elements.iter().filter(|e| e.name == "a") {
        let href = attr(e, "href").unwrap();
        if !href.starts_with('#') {
            assert!(dir.join(&href).is_file(), "{href} was written");
            linked.insert(href);
        }
    }
    assert_eq!(linked, written(&dir));
    let _ = std::fs::remove_dir_all(&dir);
}
