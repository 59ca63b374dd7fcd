use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::services::newcomers::{NewNewcomerInput, Newcomer};
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::extract::{ApiJson, Bearer};
use crate::web::problem::Problem;

#[derive(Deserialize, ToSchema)]
pub struct NewNewcomer {
    full_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    nationality: Option<String>,
    /// `en`, `cs` or `uk`: the language of every mail and status page they get.
    preferred_language: Option<String>,
    /// `YYYY-MM-DD`.
    arrival_date: Option<String>,
    /// Must be `true`: the newcomer agreed to the centre processing their data.
    consent: Option<bool>,
    /// `true` when they also agree that partner organisations may receive their data with a
    /// referral; without it a referral needs a recorded reason.
    sharing_consent: Option<bool>,
}

/// Record a newcomer (caseworkers, admins).
#[utoipa::path(post, path = "/api/v1/newcomers", tag = "newcomers", request_body = NewNewcomer,
    security(("bearer" = [])),
    responses((status = 201, body = Newcomer),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_newcomer(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    ApiJson(body): ApiJson<NewNewcomer>,
) -> Result<(StatusCode, Json<Newcomer>), ApiError> {
    let input = NewNewcomerInput {
        full_name: body.full_name,
        email: body.email,
        phone: body.phone,
        nationality: body.nationality,
        preferred_language: body.preferred_language,
        arrival_date: body.arrival_date,
        consent: body.consent,
        sharing_consent: body.sharing_consent,
    };
    let newcomer = state.services.create_newcomer(&actor, input).await?;
    Ok((StatusCode::CREATED, Json(newcomer)))
}
