use axum::Json;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::services::ServiceError;
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::extract::ApiJson;
use crate::web::problem::Problem;

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    email: Option<String>,
    password: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    token: String,
    expires_at: chrono::DateTime<chrono::Utc>,
}

/// Exchange an e-mail and password for an API token.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses((status = 201, body = TokenResponse),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn issue_token(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
    let address = peer.ip().to_string();
    let issued = state
        .services
        .issue_token(body.email, body.password, Some(&address))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenResponse {
            token: issued.token,
            expires_at: issued.expires_at,
        }),
    ))
}

/// Revoke the token sent with this request (sign out).
#[utoipa::path(delete, path = "/api/v1/auth/token", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn revoke_token(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(ApiError(ServiceError::Unauthenticated))?;
    state.services.revoke_token(token.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}
