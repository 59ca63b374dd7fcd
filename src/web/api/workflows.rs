use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::Language;
use crate::services::workflows::WorkflowSummary;
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::extract::Bearer;
use crate::web::problem::Problem;

/// Every workflow definition in force, with states, transitions and timers.
#[utoipa::path(get, path = "/api/v1/workflows", tag = "workflows", security(("bearer" = [])),
    responses((status = 200, body = Vec<WorkflowSummary>),
        (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn list_workflows(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
) -> Result<Json<Vec<WorkflowSummary>>, ApiError> {
    Ok(Json(state.services.list_workflows(&actor)?))
}

#[derive(Deserialize, IntoParams)]
pub struct DiagramQuery {
    /// `en`, `cs` or `uk` (default `en`).
    lang: Option<String>,
    /// A state to highlight (the request's current state).
    highlight: Option<String>,
}

/// A picture of a workflow (SVG).
#[utoipa::path(get, path = "/api/v1/workflows/{key}/{version}/diagram.svg", tag = "workflows",
    params(("key" = String, Path), ("version" = u32, Path), DiagramQuery),
    security(("bearer" = [])),
    responses((status = 200, content_type = "image/svg+xml", body = String),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn workflow_diagram(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path((key, version)): Path<(String, u32)>,
    Query(query): Query<DiagramQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let language = query
        .lang
        .as_deref()
        .and_then(Language::parse)
        .unwrap_or(Language::En);
    let svg = state.services.workflow_diagram(
        &actor,
        &key,
        version,
        language,
        query.highlight.as_deref(),
    )?;
    Ok((
        [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
        svg,
    ))
}
