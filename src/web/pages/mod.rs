//! Server-rendered pages (askama); they work without JavaScript.

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use super::AppState;
use super::views::home::{HomePage, NotFoundPage};

/// The pages' routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/assets/app.css", get(stylesheet))
}

async fn home() -> HomePage {
    HomePage::new()
}

/// The page for an unknown address.
pub async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, NotFoundPage::new())
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../../templates/assets/app.css"),
    )
}
