//! The JSON API: scenarios (built-in list, one scenario's view, a pasted or uploaded file checked), jobs (start,
//! state, progress as server-sent events, cancel, output files). Requests become the application layer's requests;
//! nothing is computed here.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::Stream;
use serde::Deserialize;
use shieldsim::scenario::Scenario;
use shieldsim_app::requests::{
    EarthOptions, EarthShape, EngageJob, FootprintJob, Format, Gravity, ShapeArg, ShapeOptions,
    Switch,
};
use shieldsim_app::{assess, engage, figures, footprint, scenarios, view, Error};

use crate::guard::{app_error, json_error};
use crate::jobs::{Job, JobState, Jobs, Refused, Work};

type Shared = Arc<Jobs>;

/// The API's routes.
pub fn routes(state: Shared) -> Router {
    Router::new()
        .route("/api/scenarios", get(list_scenarios))
        .route("/api/scenarios/{name}", get(builtin_scenario))
        .route("/api/scenarios/{name}/map", get(scenario_map_figure))
        .route("/api/scenario", post(check_scenario))
        .route("/api/jobs", post(start_job))
        .route("/api/jobs/{id}", get(job_state))
        .route("/api/jobs/{id}/events", get(job_events))
        .route("/api/jobs/{id}/cancel", post(cancel_job))
        .route("/api/jobs/{id}/files", get(job_files))
        .route("/api/jobs/{id}/files/{name}", get(job_file))
        .route("/api/{*rest}", get(no_such_endpoint).post(no_such_endpoint))
        .with_state(state)
}

async fn no_such_endpoint() -> Response {
    json_error(
        StatusCode::NOT_FOUND,
        "input",
        "no such endpoint (hint: /api/scenarios, /api/scenario, /api/jobs)",
    )
}

/// A blocking application-layer call off the async threads; a panic in it is a 500.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    match tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
    })
    .await
    {
        Ok(Ok(r)) => r,
        _ => Err(Error::internal(
            "the server failed on this request (a bug of shieldsim)",
        )),
    }
}

fn json_text_response(text: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], text).into_response()
}

async fn list_scenarios() -> Response {
    match blocking(|| scenarios::list(Format::Json)).await {
        Ok(text) => json_text_response(text),
        Err(e) => app_error(&e),
    }
}

async fn builtin_scenario(Path(name): Path<String>) -> Response {
    let r = blocking(move || {
        let l = scenarios::load_builtin_scenario(&name)?;
        let toml = scenarios::export(&name)?;
        Ok(serde_json::json!({
            "view": view::scenario_view(&l)?,
            "toml": toml,
        }))
    })
    .await;
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => app_error(&e),
    }
}

/// The query of a map figure: which corridor (none: the whole scenario) and which format.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapQuery {
    /// Corridor name; none for the whole scenario.
    corridor: Option<String>,
    /// `png` (default) or `svg`.
    format: Option<String>,
}

/// The map figure of what the globe shows for a built-in scenario (or one of its corridors): the same figure code
/// and projection choice as `assess --out`, as PNG or SVG.
async fn scenario_map_figure(
    Path(name): Path<String>,
    query: Result<Query<MapQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(q) = match query {
        Ok(q) => q,
        Err(e) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "input",
                format!("{} (hint: ?corridor=NAME&format=png or svg)", e.body_text()),
            )
        }
    };
    let svg = match q.format.as_deref() {
        None | Some("png") => false,
        Some("svg") => true,
        Some(other) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                "input",
                format!("format = {other}: expected png or svg"),
            )
        }
    };
    let corridor = q.corridor.clone();
    let r = blocking(move || {
        let l = scenarios::load_builtin_scenario(&name)?;
        let spec = figures::layout_map(&l.scenario, corridor.as_deref())?;
        let stem = match &corridor {
            Some(c) => format!("map-{name}-{c}"),
            None => format!("map-{name}"),
        };
        Ok((figures::map_bytes(&spec, svg)?, stem))
    })
    .await;
    match r {
        Ok((bytes, stem)) => {
            let (ct, ext) = if svg {
                ("image/svg+xml", "svg")
            } else {
                ("image/png", "png")
            };
            (
                [
                    (header::CONTENT_TYPE, ct.to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("inline; filename=\"{stem}.{ext}\""),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => app_error(&e),
    }
}

/// A request body that failed to parse as JSON (or was too large) as a JSON error with the right status.
fn rejection(r: &JsonRejection) -> Response {
    let status = r.status();
    let kind = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "refused"
    } else {
        "input"
    };
    let hint = if status == StatusCode::PAYLOAD_TOO_LARGE {
        " (hint: the server takes request bodies up to its --max-body limit; describe many points with areas)"
    } else {
        " (hint: send a JSON object with Content-Type: application/json)"
    };
    json_error(status, kind, format!("{}{hint}", r.body_text()))
}

/// A scenario named or given as text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioText {
    /// The TOML text.
    text: String,
    /// The file's name, only for messages (never opened).
    file_name: Option<String>,
}

/// The label of an uploaded file in messages: its base name, at most 80 characters, `scenario.toml` without one.
fn origin(file_name: Option<&str>) -> String {
    file_name
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .filter(|n| !n.is_empty())
        .map(|n| n.chars().take(80).collect())
        .unwrap_or_else(|| "scenario.toml".into())
}

async fn check_scenario(body: Result<Json<ScenarioText>, JsonRejection>) -> Response {
    let Json(body) = match body {
        Ok(b) => b,
        Err(r) => return rejection(&r),
    };
    let r = blocking(move || {
        let l = scenarios::load_scenario_text(&body.text, &origin(body.file_name.as_deref()))?;
        Ok(serde_json::json!({ "view": view::scenario_view(&l)? }))
    })
    .await;
    match r {
        Ok(v) => Json(v).into_response(),
        Err(e) => app_error(&e),
    }
}

/// What the page asks to run. Text fields keep the command line's syntax.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JobRequest {
    /// assess | footprint | engage.
    kind: String,
    /// A built-in scenario name (assess, footprint).
    scenario: Option<String>,
    /// Or a scenario file's text.
    scenario_text: Option<String>,
    /// The file's name, only for messages.
    file_name: Option<String>,
    /// assess: every built-in scenario instead of `scenario` (the scenario x corridor matrix).
    #[serde(default)]
    all_scenarios: bool,
    // footprint
    region: Option<String>,
    spacing_deg: Option<f64>,
    levels_s: Option<String>,
    launch: Option<String>,
    aim: Option<String>,
    reverse: Option<bool>,
    missile: Option<String>,
    shape: Option<String>,
    // engage
    threat_from: Option<String>,
    threat_to: Option<String>,
    interceptor: Option<String>,
    #[serde(default)]
    site: Vec<String>,
    #[serde(default)]
    radar: Vec<String>,
    #[serde(default)]
    link: Vec<String>,
    #[serde(default)]
    radar_role: Vec<String>,
    early_warning: Option<bool>,
    early_warning_delay_s: Option<f64>,
    decision_delay_s: Option<f64>,
    launch_rule: Option<String>,
    launch_time_s: Option<f64>,
}

impl JobRequest {
    fn scenario(&self) -> Result<(Scenario, String), Error> {
        match (&self.scenario_text, &self.scenario) {
            (Some(text), _) => {
                let o = origin(self.file_name.as_deref());
                Ok((scenarios::load_scenario_text(text, &o)?.scenario, o))
            }
            (None, Some(name)) => Ok((
                scenarios::load_builtin_scenario(name)?.scenario,
                name.clone(),
            )),
            (None, None) => Err(Error::input(
                "scenario = (missing): give a built-in scenario's name (GET /api/scenarios) or scenario_text, \
                 the text of a scenario file",
            )),
        }
    }

    fn shape(&self) -> Result<ShapeOptions, Error> {
        let shape = match self.shape.as_deref().unwrap_or("min-energy") {
            "min-energy" => ShapeArg::MinEnergy,
            "lofted" => ShapeArg::Lofted,
            "depressed" => ShapeArg::Depressed,
            other => {
                return Err(Error::input(format!(
                    "--shape = {other}: expected one of min-energy, lofted, depressed"
                )))
            }
        };
        Ok(ShapeOptions {
            shape,
            apogee_km: None,
            burnout_flight_path_deg: None,
        })
    }

    fn footprint(&self, label: String) -> Result<FootprintJob, Error> {
        Ok(FootprintJob {
            scenario: label,
            launch: self.launch.clone(),
            reverse: self.reverse.unwrap_or(false),
            aim: self.aim.clone(),
            missile: self.missile.clone(),
            shape: self.shape()?,
            region: self.region.clone().unwrap_or_else(|| "global".into()),
            spacing_deg: self.spacing_deg.unwrap_or(1.0),
            levels_s: self
                .levels_s
                .clone()
                .unwrap_or_else(|| "0,60,120,300,600".into()),
            format: Format::Json,
            out: None,
        })
    }

    fn engage(&self) -> Result<EngageJob, Error> {
        let need = |field: &str, v: &Option<String>| {
            v.clone().ok_or_else(|| {
                Error::input(format!(
                    "--{field} = (missing): engage needs threat_from, threat_to, missile, interceptor and at least \
                     one site"
                ))
            })
        };
        if self.site.is_empty() {
            return Err(Error::input(
                "--site = (missing): give at least one interceptor site, e.g. \"44.08,24.38\"",
            ));
        }
        Ok(EngageJob {
            threat_from: need("threat-from", &self.threat_from)?,
            threat_to: need("threat-to", &self.threat_to)?,
            missile: need("missile", &self.missile)?,
            interceptor: need("interceptor", &self.interceptor)?,
            site: self.site.clone(),
            radar: self.radar.clone(),
            early_warning: if self.early_warning.unwrap_or(true) {
                Switch::On
            } else {
                Switch::Off
            },
            early_warning_delay_s: self.early_warning_delay_s,
            decision_delay_s: self.decision_delay_s.unwrap_or(30.0),
            radar_role: self.radar_role.clone(),
            link: self.link.clone(),
            launch_rule: self.launch_rule.clone().unwrap_or_else(|| "track".into()),
            launch_time_s: self.launch_time_s,
            launch_on_remote: None,
            booster_rcs_m2: None,
            rv_rcs_m2: None,
            shape: self.shape()?,
            earth: EarthOptions {
                earth: EarthShape::Wgs84,
                rotation: Switch::On,
                gravity: Gravity::J2,
            },
            drag: Switch::On,
            format: Format::Json,
            out: None,
        })
    }
}

/// Turns a request into the job's work, checking what can be checked before anything runs (the scenario, the
/// footprint's grid size, the engagement's fields).
fn work_of(req: &JobRequest, max_grid_points: usize) -> Result<(&'static str, Work), Error> {
    match req.kind.as_str() {
        "assess" => {
            let scenarios = if req.all_scenarios {
                scenarios::builtin_scenarios()?
            } else {
                vec![req.scenario()?.0]
            };
            let work: Work = Box::new(move |control, out| {
                let job = assess::AssessJob {
                    scenarios,
                    out: Some(out),
                };
                let a = assess::assess(&job, control)?;
                Ok(serde_json::json!({
                    "view": view::assessment_view(&a),
                    "document": &a.document,
                    "elapsed_s": a.elapsed_s,
                }))
            });
            Ok(("assess", work))
        }
        "footprint" => {
            let (scenario, label) = req.scenario()?;
            let job = req.footprint(label)?;
            let points = footprint::grid_points(&job)?;
            if points > max_grid_points {
                return Err(Error::input(format!(
                    "--spacing-deg = {}: the grid over {} has {points} points, more than the {max_grid_points} this \
                     server runs in one job (hint: a coarser spacing or a smaller region; the command line has no \
                     such limit)",
                    job.spacing_deg, job.region
                )));
            }
            let work: Work = Box::new(move |control, out| {
                let job = FootprintJob {
                    out: Some(out),
                    ..job
                };
                let r = footprint::footprint_of(&scenario, &job, control)?;
                Ok(serde_json::json!({
                    "view": view::footprint_view(&r, &job.levels_s)?,
                    "document": &r.document,
                }))
            });
            Ok(("footprint", work))
        }
        "engage" => {
            let job = req.engage()?;
            let work: Work = Box::new(move |control, out| {
                control.progress.begin(1, "trajectories");
                control.check()?;
                let job = EngageJob {
                    out: Some(out),
                    ..job
                };
                let done = engage::engage(&job, control)?;
                control.progress.set_done(1);
                control.progress.end();
                Ok(serde_json::json!({ "document": &done.document }))
            });
            Ok(("engage", work))
        }
        other => Err(Error::input(format!(
            "kind = {other}: expected assess, footprint or engage"
        ))),
    }
}

async fn start_job(
    State(jobs): State<Shared>,
    body: Result<Json<JobRequest>, JsonRejection>,
) -> Response {
    let Json(req) = match body {
        Ok(b) => b,
        Err(r) => return rejection(&r),
    };
    let max_grid = jobs.config.limits.max_grid_points;
    // Parsing a scenario file can take a moment: off the async threads.
    let checked = blocking(move || work_of(&req, max_grid)).await;
    let (kind, work) = match checked {
        Ok(w) => w,
        Err(e) => return app_error(&e),
    };
    match jobs.start(kind, work) {
        Ok(job) => (
            StatusCode::ACCEPTED,
            Json(serde_json::json!({
                "id": job.id,
                "kind": job.kind,
                "events": format!("/api/jobs/{}/events", job.id),
            })),
        )
            .into_response(),
        Err(Refused::Busy(n)) => json_error(
            StatusCode::TOO_MANY_REQUESTS,
            "refused",
            format!(
                "{n} jobs are running already, as many as this server runs at once (hint: wait for one to finish, \
                 or cancel one)"
            ),
        ),
        Err(Refused::Failed(e)) => app_error(&e),
    }
}

fn find(jobs: &Jobs, id: &str) -> Result<Arc<Job>, Box<Response>> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| jobs.get(id))
        .ok_or_else(|| {
            Box::new(json_error(
                StatusCode::NOT_FOUND,
                "input",
                format!("job {id}: no such job (finished jobs are forgotten after a while)"),
            ))
        })
}

fn state_json(job: &Job) -> serde_json::Value {
    serde_json::json!({
        "id": job.id,
        "kind": job.kind,
        "progress": &*job.progress.borrow(),
        "status": job.state(),
        "files": job.files(),
    })
}

async fn job_state(State(jobs): State<Shared>, Path(id): Path<String>) -> Response {
    match find(&jobs, &id) {
        Ok(job) => Json(state_json(&job)).into_response(),
        Err(r) => *r,
    }
}

async fn cancel_job(State(jobs): State<Shared>, Path(id): Path<String>) -> Response {
    match find(&jobs, &id) {
        Ok(job) => {
            job.cancel.store(true, Ordering::SeqCst);
            Json(serde_json::json!({ "id": job.id, "cancelled": !job.finished() })).into_response()
        }
        Err(r) => *r,
    }
}

async fn job_files(State(jobs): State<Shared>, Path(id): Path<String>) -> Response {
    match find(&jobs, &id) {
        Ok(job) => Json(serde_json::json!({ "files": job.files() })).into_response(),
        Err(r) => *r,
    }
}

/// The content type of an output file by its extension.
fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "json" | "czml" => "application/json",
        "geojson" => "application/geo+json",
        "csv" => "text/csv; charset=utf-8",
        "kml" => "application/vnd.google-earth.kml+xml",
        "parquet" => "application/vnd.apache.parquet",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn job_file(
    State(jobs): State<Shared>,
    Path((id, name)): Path<(String, String)>,
) -> Response {
    let job = match find(&jobs, &id) {
        Ok(j) => j,
        Err(r) => return *r,
    };
    // Only a name the job itself listed: never a path from the request.
    let Some(path) = job.file_path(&name) else {
        return json_error(
            StatusCode::NOT_FOUND,
            "input",
            format!(
                "{name}: job {id} wrote no such file (GET /api/jobs/{id}/files lists what it wrote)"
            ),
        );
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type(&name).to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => app_error(&Error::internal(format!("cannot read {name}: {e}"))),
    }
}

/// Cancels the job when the event stream is dropped before the job finished: the page left.
struct CancelOnDrop(Arc<Job>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if !self.0.finished() {
            self.0.cancel.store(true, Ordering::SeqCst);
        }
    }
}

struct EventState {
    job: Arc<Job>,
    rx: tokio::sync::watch::Receiver<crate::jobs::ProgressState>,
    first: bool,
    ended: bool,
    _guard: CancelOnDrop,
}

fn final_event(job: &Job) -> Event {
    let state = job.state();
    let name = match state {
        JobState::Done { .. } => "done",
        _ => "failed",
    };
    Event::default()
        .event(name)
        .data(state_json(job).to_string())
}

fn progress_event(p: &crate::jobs::ProgressState) -> Event {
    Event::default()
        .event("progress")
        .data(serde_json::to_string(p).unwrap_or_default())
}

/// Server-sent events: `progress` (at most ten a second), then one `done` or `failed` with the job's state and
/// result; the stream ends there. Closing the stream before the end cancels the job.
async fn job_events(State(jobs): State<Shared>, Path(id): Path<String>) -> Response {
    let job = match find(&jobs, &id) {
        Ok(j) => j,
        Err(r) => return *r,
    };
    let state = EventState {
        rx: job.progress.subscribe(),
        _guard: CancelOnDrop(job.clone()),
        job,
        first: true,
        ended: false,
    };
    Sse::new(events(state))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(2)))
        .into_response()
}

fn events(state: EventState) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold(state, |mut s| async move {
        if s.ended {
            return None;
        }
        if !s.first {
            // Coalesce progress: at most ten events a second.
            tokio::time::sleep(Duration::from_millis(100)).await;
            if s.rx.changed().await.is_err() {
                s.ended = true;
                return Some((Ok(final_event(&s.job)), s));
            }
        }
        s.first = false;
        let p = s.rx.borrow_and_update().clone();
        if p.finished {
            s.ended = true;
            return Some((Ok(final_event(&s.job)), s));
        }
        Some((Ok(progress_event(&p)), s))
    })
}
