//! What every request passes through: the `Host` check (DNS rebinding), panics turned into 500 JSON errors, the
//! body limit, and the security headers of every response. Also the JSON error body of the whole API.

use std::panic::AssertUnwindSafe;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use futures_util::FutureExt;
use serde::Serialize;
use shieldsim_app::{Error, ErrorKind};

use crate::Config;

/// The page's Content-Security-Policy: nothing but this server (no external request of any kind), scripts and
/// workers only from files it serves (`'wasm-unsafe-eval'` for CesiumJS's WebAssembly decoders; its geometry workers
/// are ES modules under /cesium/Workers/), images also from data and blob URLs (CesiumJS decodes its textures so),
/// inline styles set by CesiumJS's widgets, no plugins, frames, base changes or form posts.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
worker-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' data: blob:; \
font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/// A JSON error: `{"error": MESSAGE, "kind": "input" | "internal" | "cancelled" | "refused"}`.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    /// The message (the command line's, unchanged).
    pub error: String,
    /// What kind of failure.
    pub kind: &'static str,
}

/// The JSON error response of `status` with `message`.
pub fn json_error(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Response {
    (
        status,
        Json(ErrorBody {
            error: message.into(),
            kind,
        }),
    )
        .into_response()
}

/// The HTTP status of an application-layer error: 400 bad input, 500 a fault, 409 cancelled.
pub fn status_of(e: &Error) -> StatusCode {
    match e.kind {
        ErrorKind::Input => StatusCode::BAD_REQUEST,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorKind::Cancelled => StatusCode::CONFLICT,
    }
}

/// The name of an error's kind in JSON.
pub fn kind_name(e: &Error) -> &'static str {
    match e.kind {
        ErrorKind::Input => "input",
        ErrorKind::Internal => "internal",
        ErrorKind::Cancelled => "cancelled",
    }
}

/// An application-layer error as a JSON response.
pub fn app_error(e: &Error) -> Response {
    json_error(status_of(e), kind_name(e), e.message.clone())
}

/// Wraps the routes with the guards (outermost first: headers, panics, `Host`, body limit).
pub fn wrap(routes: Router, config: &Config) -> Router {
    let loopback_only = config.loopback_only;
    routes
        .layer(DefaultBodyLimit::max(config.limits.max_body_bytes))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            host_check(loopback_only, req, next)
        }))
        .layer(middleware::from_fn(catch_panic))
        .layer(middleware::from_fn(security_headers))
}

/// Whether a `Host` header value names this machine: localhost, 127.x.x.x or [::1], with an optional port.
pub fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || port.starts_with(':') => ip,
            _ => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(name, _port)| name)
    };
    crate::is_loopback(name)
}

async fn host_check(loopback_only: bool, req: Request, next: Next) -> Response {
    if loopback_only {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()));
        match host {
            Some(h) if loopback_host(h) => {}
            other => {
                return json_error(
                    StatusCode::FORBIDDEN,
                    "refused",
                    format!(
                        "Host = {}: this viewer answers only to 127.0.0.1, localhost or [::1] (a page of another \
                         site must not reach it through DNS rebinding); to serve other machines start it with \
                         --host",
                        other.unwrap_or("(missing)")
                    ),
                );
            }
        }
    }
    next.run(req).await
}

/// A panic's message (a `&str` or `String` payload), or "a panic".
pub fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

async fn catch_panic(req: Request, next: Next) -> Response {
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(r) => r,
        Err(panic) => json_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!(
                "the server failed on this request (a bug of shieldsim): {}",
                panic_text(&*panic)
            ),
        ),
    }
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(
        h,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        header::HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_panic_in_a_handler_is_a_500_json_error_and_the_server_goes_on() {
        let mut config = Config::new().expect("a work directory");
        config.loopback_only = false;
        let routes = Router::new()
            .route(
                "/boom",
                get(|| async {
                    if true {
                        panic!("handler bug");
                    }
                    "unreachable"
                }),
            )
            .route("/fine", get(|| async { "fine" }));
        let app = wrap(routes, &config);
        let res = app
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).expect("request"))
            .await
            .expect("a response");
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(res.headers().contains_key(header::CONTENT_SECURITY_POLICY));
        let body = axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .expect("a body");
        let v: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(v["kind"], "internal");
        assert!(v["error"]
            .as_str()
            .is_some_and(|m| m.contains("handler bug")));
        let res = app
            .oneshot(Request::get("/fine").body(Body::empty()).expect("request"))
            .await
            .expect("a response");
        assert_eq!(res.status(), StatusCode::OK);
        let _ = std::fs::remove_dir_all(&config.work_dir);
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        for h in [
            "127.0.0.1",
            "127.0.0.1:8080",
            "localhost:1",
            "LOCALHOST",
            "[::1]:80",
            "[::1]",
            "127.8.9.10:5",
        ] {
            assert!(loopback_host(h), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:8080",
            "10.0.0.1:8080",
            "[::2]:80",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "[::1]x",
            "",
        ] {
            assert!(!loopback_host(h), "{h}");
        }
    }
}
