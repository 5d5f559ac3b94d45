//! The page and its assets (`web/`: the app's HTML, script and style, and the trimmed CesiumJS under `cesium/`),
//! embedded in the binary so that the viewer works with no network and no files beside the program.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rust_embed::Embed;

use crate::guard::json_error;

#[derive(Embed)]
#[folder = "web/"]
struct Web;

/// `GET /` (the page) and `GET /PATH` (an embedded asset).
pub fn routes() -> Router {
    Router::new()
        .route("/", get(|| asset_response("index.html")))
        .route(
            "/{*path}",
            get(|Path(p): Path<String>| asset_response_owned(p)),
        )
}

async fn asset_response_owned(path: String) -> Response {
    asset_response(&path).await
}

/// The content type of an asset by its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "wasm" => "application/wasm",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

async fn asset_response(path: &str) -> Response {
    match Web::get(path) {
        Some(file) => {
            // CesiumJS is pinned (scripts/vendor-cesium): cache it; the app's own files are revalidated.
            let cache = if path.starts_with("cesium/") {
                "public, max-age=86400"
            } else {
                "no-cache"
            };
            (
                [
                    (header::CONTENT_TYPE, content_type(path)),
                    (header::CACHE_CONTROL, cache),
                ],
                file.data.into_owned(),
            )
                .into_response()
        }
        None => json_error(
            StatusCode::NOT_FOUND,
            "input",
            format!("/{path}: no such page or asset"),
        ),
    }
}
