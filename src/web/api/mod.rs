//! The JSON API under `/api/v1` (CONTRACT.md), documented by OpenAPI from the code.

mod auth;
mod health;
mod newcomers;
mod partners;
mod requests;
mod status;
mod workflows;

use axum::http::{StatusCode, Uri};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::openapi::ApiDoc;
use super::problem::Problem;

/// Every API route, with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(auth::issue_token, auth::revoke_token))
        .routes(routes!(partners::create_partner, partners::list_partners))
        .routes(routes!(newcomers::create_newcomer))
        .routes(routes!(requests::create_request, requests::list_requests))
        .routes(routes!(requests::get_request))
        .routes(routes!(requests::apply_transition))
        .routes(routes!(status::check_status))
        .routes(routes!(workflows::list_workflows))
        .routes(routes!(workflows::workflow_diagram))
}

/// Unknown paths: problem+json under `/api`, a page elsewhere.
pub async fn fallback(
    axum::extract::State(state): axum::extract::State<AppState>,
    headers: axum::http::HeaderMap,
    uri: Uri,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("no API endpoint at {}", uri.path()),
        )
        .into_response()
    } else {
        let language =
            super::session::accept_language(&headers).unwrap_or(crate::domain::Language::En);
        let text = super::views::layout::PageText::new(
            std::sync::Arc::clone(&state.translations),
            language,
        );
        super::pages::not_found(text, String::new()).into_response()
    }
}
