use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::Language;
use crate::services::status::{StatusCredentials, StatusView};
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::extract::ApiJson;
use crate::web::problem::Problem;

#[derive(Deserialize, ToSchema)]
pub struct StatusRequest {
    /// e.g. `EXP-2026-00042`.
    reference: Option<String>,
    /// The access code from the intake e-mail (case, spaces and hyphens do not matter).
    access_code: Option<String>,
    /// `en`, `cs` or `uk`; default: the newcomer's preferred language.
    language: Option<String>,
}

/// Where a request stands, for the newcomer (no account). An unknown reference and a wrong
/// code get the same 404; repeated attempts get 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/status", tag = "status", request_body = StatusRequest,
    responses((status = 200, body = StatusView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json")))]
pub async fn check_status(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<StatusRequest>,
) -> Result<Json<StatusView>, ApiError> {
    let credentials = StatusCredentials::Code {
        reference: body.reference.unwrap_or_default(),
        access_code: body.access_code.unwrap_or_default(),
    };
    let language = body.language.as_deref().and_then(Language::parse);
    let address = peer.ip().to_string();
    Ok(Json(
        state
            .services
            .check_status(credentials, language, Some(&address))
            .await?,
    ))
}
