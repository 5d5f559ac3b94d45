//! The web viewer's API through its router (no socket: `tower::ServiceExt::oneshot`): scenarios, diagnostics,
//! limits, the job lifecycle with progress, cancel, the client leaving, the deadline, downloads, and the guards
//! (Content-Security-Policy, the loopback `Host` check).

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use shieldsim_serve::{router, Config, CONTENT_SECURITY_POLICY};
use tower::ServiceExt;

fn config() -> Config {
    Config::new().expect("a work directory")
}

fn app() -> Router {
    router(config())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::empty())
        .expect("request")
}

fn post_json(uri: &str, body: &Value) -> Request<Body> {
    post_raw(uri, body.to_string())
}

fn post_raw(uri: &str, body: String) -> Request<Body> {
    Request::post(uri)
        .header(header::HOST, "localhost:8080")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request")
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Vec<u8>, axum::http::HeaderMap) {
    let res = app.clone().oneshot(req).await.expect("a response");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes()
        .to_vec();
    (status, bytes, headers)
}

async fn send_json(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let (status, bytes, headers) = send(app, req).await;
    assert_eq!(
        headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or("")),
        Some("application/json"),
        "JSON expected, got {}",
        String::from_utf8_lossy(&bytes)
    );
    (status, serde_json::from_slice(&bytes).expect("a JSON body"))
}

/// A footprint over a small box: `rows x cols` points of 1°.
fn small_footprint(rows: u32, cols: u32) -> Value {
    json!({
        "kind": "footprint",
        "scenario": "third-site-2007",
        "missile": "irbm-solid",
        "region": format!("50,10,{},{}", 50 + rows, 10 + cols),
        "spacing_deg": 1.0,
        "levels_s": "0,60",
    })
}

/// A footprint big enough to be still running when a test acts on it (a 1° global grid: 64,800 points).
fn big_footprint() -> Value {
    json!({
        "kind": "footprint",
        "scenario": "third-site-2007",
        "missile": "irbm-solid",
        "region": "global",
        "spacing_deg": 1.0,
    })
}

async fn start(app: &Router, body: &Value) -> u64 {
    let (status, v) = send_json(app, post_json("/api/jobs", body)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{v}");
    v["id"].as_u64().expect("a job id")
}

/// Reads a job's whole event stream: (event name, data) pairs.
async fn events(app: &Router, id: u64) -> Vec<(String, Value)> {
    let (status, bytes, headers) = send(app, get(&format!("/api/jobs/{id}/events"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    let text = String::from_utf8(bytes).expect("UTF-8 events");
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let mut name = None;
        let mut data = None;
        for line in block.lines() {
            if let Some(n) = line.strip_prefix("event: ") {
                name = Some(n.to_string());
            } else if let Some(d) = line.strip_prefix("data: ") {
                data = Some(serde_json::from_str(d).expect("JSON data"));
            }
        }
        if let (Some(n), Some(d)) = (name, data) {
            out.push((n, d));
        }
    }
    out
}

/// Polls a job's state until it has finished (the test's own bound, not a timing assertion).
async fn finished_state(app: &Router, id: u64) -> Value {
    for _ in 0..1200 {
        let (status, v) = send_json(app, get(&format!("/api/jobs/{id}"))).await;
        assert_eq!(status, StatusCode::OK);
        if v["status"]["state"] != "running" {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("job {id} did not finish within two minutes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_every_builtin_scenario() {
    let app = app();
    let (status, v) = send_json(&app, get("/api/scenarios")).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = v["scenarios"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(names, shieldsim::scenario::builtin_names());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_builtin_scenario_view_has_its_sites_radars_and_corridors() {
    let app = app();
    let (status, v) = send_json(&app, get("/api/scenarios/epaa-phase2-2015")).await;
    assert_eq!(status, StatusCode::OK);
    let s = shieldsim_app::scenarios::load_builtin_scenario("epaa-phase2-2015")
        .expect("built in")
        .scenario;
    let view = &v["view"];
    assert_eq!(
        view["sites"].as_array().map(Vec::len),
        Some(s.architecture.sites.len())
    );
    assert_eq!(
        view["radars"].as_array().map(Vec::len),
        Some(s.architecture.radars.len())
    );
    assert_eq!(
        view["corridors"].as_array().map(Vec::len),
        Some(s.corridors.len())
    );
    assert!(v["toml"]
        .as_str()
        .is_some_and(|t| t.contains("[[corridor]]")));
    // An unknown name: the command line's message (with the nearest name), 400.
    let (status, v) = send_json(&app, get("/api/scenarios/epaa-phase2-2016")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let msg = v["error"].as_str().expect("a message");
    assert!(msg.contains("did you mean `epaa-phase2-2015`"), "{msg}");
    // A path is never read: it is an unknown scenario name.
    let (status, v) = send_json(&app, get("/api/scenarios/%2Fetc%2Fpasswd")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["error"]
        .as_str()
        .is_some_and(|m| m.starts_with("unknown scenario `/etc/passwd`")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_globe_opens_as_the_map_figure_and_the_figure_is_served() {
    let app = app();
    let (status, v) = send_json(&app, get("/api/scenarios/epaa-phase2-2015")).await;
    assert_eq!(status, StatusCode::OK);
    // Each corridor's camera follows its map's projection: down on the pole for Russia to the US, a conic's box
    // for Iran to Europe.
    let camera = |name: &str| {
        v["view"]["corridors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| c["camera"].clone())
            .unwrap()
    };
    let polar = camera("russia-us");
    assert_eq!(polar["projection"], "polar-azimuthal-equidistant");
    assert_eq!(polar["lat_deg"], 90.0);
    let europe = camera("iran-europe");
    assert_eq!(europe["projection"], "lambert-conformal-conic");
    let (w, e) = (
        europe["west_deg"].as_f64().unwrap(),
        europe["east_deg"].as_f64().unwrap(),
    );
    assert!(w < 30.0 && e > 50.0 && e - w < 90.0, "{europe}");
    assert!(v["view"]["camera"]["projection"].is_string());
    // The figure of what is shown: SVG and PNG from the map code.
    let (status, body, headers) = send(
        &app,
        get("/api/scenarios/epaa-phase2-2015/map?corridor=iran-europe&format=svg"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/svg+xml");
    let svg = String::from_utf8(body).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Iran to Europe corridor"));
    assert!(svg.contains("Lambert conformal conic"));
    let (status, body, headers) = send(&app, get("/api/scenarios/epaa-phase2-2015/map")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(&body[1..4], b"PNG");
    // Bad queries: named, with what is expected.
    let (status, v) = send_json(
        &app,
        get("/api/scenarios/epaa-phase2-2015/map?corridor=mars-europe"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["error"]
        .as_str()
        .unwrap()
        .contains("corridor = mars-europe"));
    let (status, v) = send_json(&app, get("/api/scenarios/epaa-phase2-2015/map?format=gif")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["error"].as_str().unwrap().contains("png or svg"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_scenario_gets_the_command_lines_diagnostics_with_line_and_column() {
    let app = app();
    let mut text = shieldsim_app::scenarios::export("third-site-2007")
        .expect("built in")
        .to_string();
    // Line 2 becomes a number where text is expected.
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let title = lines
        .iter()
        .position(|l| l.starts_with("title"))
        .expect("a title line");
    lines[title] = "title = 12".into();
    text = lines.join("\n");
    let expected = shieldsim_app::scenarios::load_scenario_text(&text, "mine.toml")
        .expect_err("a bad scenario")
        .message;
    assert!(
        expected.contains(&format!("mine.toml:{}:", title + 1)),
        "{expected}"
    );
    let (status, v) = send_json(
        &app,
        post_json(
            "/api/scenario",
            &json!({ "text": text, "file_name": "C:\\Users\\me\\mine.toml" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["kind"], "input");
    assert_eq!(v["error"].as_str(), Some(expected.as_str()));
    // The same scenario as a job: refused before anything runs, same message.
    let (status, v) = send_json(
        &app,
        post_json(
            "/api/jobs",
            &json!({ "kind": "assess", "scenario_text": text, "file_name": "mine.toml" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"].as_str(), Some(expected.as_str()));
    // A good one is drawn.
    let good = shieldsim_app::scenarios::export("third-site-2007").expect("built in");
    let (status, v) = send_json(&app, post_json("/api/scenario", &json!({ "text": good }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["view"]["name"], "third-site-2007");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_json_errors() {
    let app = app();
    let (status, v) = send_json(&app, post_raw("/api/jobs", "{not json".into())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(v["kind"], "input");
    let (status, v) = send_json(
        &app,
        post_json(
            "/api/jobs",
            &json!({ "kind": "assess", "scenario": "third-site-2007", "out": "/tmp/x" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        v["error"]
            .as_str()
            .is_some_and(|m| m.contains("unknown field `out`")),
        "{v}"
    );
    let (status, v) = send_json(&app, post_json("/api/jobs", &json!({ "kind": "sweep" }))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["error"]
        .as_str()
        .is_some_and(|m| m.starts_with("kind = sweep")));
    let (status, _) = send_json(&app, get("/api/nothing")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send_json(&app, get("/api/jobs/999999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_refused_with_413() {
    let mut c = config();
    c.limits.max_body_bytes = 4096;
    let app = router(c);
    let text = "#".repeat(8192);
    let (status, v) = send_json(&app, post_json("/api/scenario", &json!({ "text": text }))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["kind"], "refused");
    // Below the limit it is read (and diagnosed).
    let (status, _) = send_json(&app, post_json("/api/scenario", &json!({ "text": "#" }))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grid_over_the_limit_is_refused_with_400() {
    let app = app();
    let mut req = big_footprint();
    req["spacing_deg"] = json!(0.5); // 259,200 points, more than the default 100,000
    let (status, v) = send_json(&app, post_json("/api/jobs", &req)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let msg = v["error"].as_str().expect("a message");
    assert!(
        msg.starts_with("--spacing-deg = 0.5: the grid over global has 259200 points"),
        "{msg}"
    );
    // A spacing the command line refuses: its message.
    req["spacing_deg"] = json!(-1.0);
    let (status, v) = send_json(&app, post_json("/api/jobs", &req)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        v["error"]
            .as_str()
            .is_some_and(|m| m.starts_with("--spacing-deg = -1")),
        "{v}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_runs_with_progress_and_its_files_download() {
    let app = app();
    let id = start(&app, &small_footprint(4, 5)).await;
    let evs = events(&app, id).await;
    let (last, state) = evs.last().expect("events");
    assert_eq!(last, "done", "{state}");
    // Progress counted the grid points, never past the total.
    let progress: Vec<&Value> = evs
        .iter()
        .filter(|(n, _)| n == "progress")
        .map(|(_, d)| d)
        .collect();
    assert!(!progress.is_empty());
    for p in &progress {
        assert!(p["done"].as_u64() <= p["total"].as_u64(), "{p}");
    }
    assert!(progress
        .iter()
        .any(|p| p["total"] == 20 && p["unit"] == "grid points"));
    let view = &state["status"]["result"]["view"];
    assert_eq!(view["points"], 20);
    assert_eq!(view["mode"], "aims");
    // The document is the command line's footprint.json.
    let document = &state["status"]["result"]["document"];
    assert_eq!(document["points"], 20);
    assert_eq!(document["engageable_points"], view["engageable_points"]);
    // The files: the app layer's output set, by name only.
    let files: Vec<String> = state["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["name"].as_str().expect("a name").to_string())
        .collect();
    for f in ["footprint.json", "grid.csv", "footprint.geojson", "map.png"] {
        assert!(files.iter().any(|n| n == f), "{f} missing from {files:?}");
    }
    assert!(!files.iter().any(|n| n.starts_with('.')));
    let (status, bytes, headers) =
        send(&app, get(&format!("/api/jobs/{id}/files/footprint.json"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("attachment")));
    let written: Value = serde_json::from_slice(&bytes).expect("footprint.json");
    assert_eq!(written["points"], 20);
    assert_eq!(written["engageable_points"], document["engageable_points"]);
    let (status, bytes, _) = send(&app, get(&format!("/api/jobs/{id}/files/grid.csv"))).await;
    assert_eq!(status, StatusCode::OK);
    // A header line and one line per grid point.
    assert_eq!(String::from_utf8_lossy(&bytes).lines().count(), 21);
    // Nothing but the job's own files: no paths.
    for name in [
        "..%2F..%2Fetc%2Fpasswd",
        "%2Fetc%2Fpasswd",
        ".shieldsim-output",
        "out",
    ] {
        let (status, v) = send_json(&app, get(&format!("/api/jobs/{id}/files/{name}"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{name}: {v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_cancelled_on_request() {
    let app = app();
    let id = start(&app, &big_footprint()).await;
    let (status, v) = send_json(
        &app,
        post_json(&format!("/api/jobs/{id}/cancel"), &json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["id"], id);
    let evs = events(&app, id).await;
    let (last, state) = evs.last().expect("events");
    assert_eq!(last, "failed");
    assert_eq!(state["status"]["kind"], "cancelled");
    assert_eq!(state["status"]["status"], 409);
    assert_eq!(state["files"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_cancelled_when_its_client_leaves() {
    let app = app();
    let id = start(&app, &big_footprint()).await;
    let res = app
        .clone()
        .oneshot(get(&format!("/api/jobs/{id}/events")))
        .await
        .expect("a response");
    let mut body = res.into_body();
    // The first event arrives, then the page goes away.
    let first = body.frame().await.expect("a frame").expect("no error");
    assert!(first.is_data());
    drop(body);
    let state = finished_state(&app, id).await;
    assert_eq!(state["status"]["kind"], "cancelled", "{state}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_jobs_are_limited_and_a_deadline_stops_a_job() {
    let mut c = config();
    c.limits.max_jobs = 1;
    c.limits.deadline = Duration::from_millis(300);
    let app = router(c);
    let id = start(&app, &big_footprint()).await;
    let (status, v) = send_json(&app, post_json("/api/jobs", &small_footprint(1, 1))).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(v["kind"], "refused");
    let state = finished_state(&app, id).await;
    assert_eq!(state["status"]["kind"], "cancelled");
    assert!(state["status"]["error"]
        .as_str()
        .is_some_and(|m| m.contains("deadline of 0.3 s")));
    // The slot is free again.
    let id = start(&app, &small_footprint(1, 1)).await;
    let state = finished_state(&app, id).await;
    assert!(state["status"]["state"] != "running");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_and_its_assets_carry_a_strict_csp() {
    let app = app();
    for (uri, kind) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/cesium/Cesium.js", "text/javascript"),
        (
            "/cesium/Assets/Textures/NaturalEarthII/0/0/0.jpg",
            "image/jpeg",
        ),
    ] {
        let (status, bytes, headers) = send(&app, get(uri)).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(!bytes.is_empty());
        let h = |k: header::HeaderName| {
            headers
                .get(k)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        assert!(h(header::CONTENT_TYPE).starts_with(kind), "{uri}");
        assert_eq!(h(header::CONTENT_SECURITY_POLICY), CONTENT_SECURITY_POLICY);
        assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    }
    // The policy allows nothing but this server.
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval';",
        "object-src 'none'",
    ] {
        assert!(CONTENT_SECURITY_POLICY.contains(directive), "{directive}");
    }
    assert!(!CONTENT_SECURITY_POLICY.contains("http"));
    assert!(!CONTENT_SECURITY_POLICY.contains(" 'unsafe-eval'"));
    assert!(
        !CONTENT_SECURITY_POLICY.contains("blob:;")
            || !CONTENT_SECURITY_POLICY.contains("script-src 'self' blob:")
    );
    // API responses carry it too, and a missing asset is a JSON 404.
    let (status, _, headers) = send(&app, get("/no-such-file.js")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    // The page loads nothing from elsewhere.
    let (_, html, _) = send(&app, get("/")).await;
    let html = String::from_utf8(html).expect("UTF-8");
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_host_is_refused_on_loopback() {
    let app = app();
    for host in [
        "evil.example",
        "evil.example:8080",
        "127.0.0.1.evil.example",
        "10.0.0.2:8080",
    ] {
        let req = Request::get("/api/scenarios")
            .header(header::HOST, host)
            .body(Body::empty())
            .expect("request");
        let (status, v) = send_json(&app, req).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{host}");
        assert!(v["error"]
            .as_str()
            .is_some_and(|m| m.starts_with(&format!("Host = {host}:"))));
    }
    let req = Request::get("/").body(Body::empty()).expect("request");
    let (status, _, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no Host at all");
    for host in ["localhost", "[::1]:8080", "127.0.0.1:1"] {
        let req = Request::get("/")
            .header(header::HOST, host)
            .body(Body::empty())
            .expect("request");
        let (status, _, _) = send(&app, req).await;
        assert_eq!(status, StatusCode::OK, "{host}");
    }
    // Served to the network (--host 0.0.0.0), any Host is answered.
    let mut c = config();
    c.loopback_only = false;
    let open = router(c);
    let req = Request::get("/")
        .header(header::HOST, "viewer.example:8080")
        .body(Body::empty())
        .expect("request");
    let (status, _, _) = send(&open, req).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn engage_runs_as_a_job_with_the_command_lines_messages() {
    let app = app();
    let good = json!({
        "kind": "engage",
        "threat_from": "35.7,51.4",
        "threat_to": "52.5,13.4",
        "missile": "irbm-solid",
        "interceptor": "sm3-iib",
        "site": ["44.08,24.38"],
        "radar": ["an-tpy-2@38.35,37.79"],
        "link": ["engage-on-remote"],
    });
    let id = start(&app, &good).await;
    let state = finished_state(&app, id).await;
    assert_eq!(state["status"]["state"], "done", "{state}");
    let doc = &state["status"]["result"]["document"];
    assert!(doc["engageable"].is_boolean());
    assert_eq!(doc["threat"]["missile"], "irbm-solid");
    assert!(state["files"]
        .as_array()
        .is_some_and(|f| f.iter().any(|f| f["name"] == "engagement.json")));
    // Out of the missile's reach: the job fails with the command line's message, as bad input.
    let mut short = good.clone();
    short["missile"] = json!("shahab-3");
    let id = start(&app, &short).await;
    let state = finished_state(&app, id).await;
    assert_eq!(state["status"]["status"], 400);
    assert!(state["status"]["error"]
        .as_str()
        .is_some_and(|m| m.starts_with("aim point out of reach")));
    // Missing fields are refused before anything runs.
    let (status, v) = send_json(&app, post_json("/api/jobs", &json!({ "kind": "engage" }))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(v["error"]
        .as_str()
        .is_some_and(|m| m.starts_with("--site = (missing)")));
}
