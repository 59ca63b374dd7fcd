//! Routes of the benchmark's floors, mounted only by `expat-desk bench` (never by `serve`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};

use super::AppState;
use super::error::ApiError;

/// A trivial page of 50 rows: the rendering floor.
#[derive(Template, WebTemplate)]
#[template(
    source = "<!doctype html><title>floor</title><ul>{% for (reference, title) in rows %}<li>{{ reference }} {{ title }}</li>{% endfor %}</ul>",
    ext = "html"
)]
struct FloorPage {
    rows: Vec<(String, String)>,
}

/// `/bench/floor`, `/bench/floor-row/{id}`, `/bench/floor-page`, `/bench/floor-insert`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/bench/floor", get(|| async { "ok" }))
        .route("/bench/floor-row/{id}", get(floor_row))
        .route("/bench/floor-page", get(floor_page))
        .route("/bench/floor-insert", post(floor_insert))
}

async fn floor_row(State(state): State<AppState>, Path(id): Path<i64>) -> Result<String, ApiError> {
    Ok(state.services.floor_row(id).await?.unwrap_or_default())
}

async fn floor_page(State(state): State<AppState>) -> Result<FloorPage, ApiError> {
    Ok(FloorPage {
        rows: state.services.floor_page().await?,
    })
}

async fn floor_insert(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state.services.floor_insert().await?;
    Ok("ok")
}
