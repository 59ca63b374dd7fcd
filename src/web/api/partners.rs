use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::services::partners::{NewPartnerInput, Partner};
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::extract::{ApiJson, Bearer};
use crate::web::problem::Problem;

#[derive(Deserialize, ToSchema)]
pub struct NewPartner {
    /// 2–60 lower-case letters, digits and hyphens; stable, used in URLs.
    slug: Option<String>,
    name: Option<String>,
    /// Where referrals are sent.
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    description: Option<String>,
    /// Category machine names served.
    categories: Option<Vec<String>>,
    /// Languages spoken: `en`, `cs`, `uk`.
    languages: Option<Vec<String>>,
    /// Newcomer fields a referral shares with this partner: `name`, `email`, `phone`,
    /// `language`, `nationality`, `arrival_date` (default `name`, `language`).
    shared_fields: Option<Vec<String>>,
}

/// Add a partner organisation to the directory (admins).
#[utoipa::path(post, path = "/api/v1/partners", tag = "partners", request_body = NewPartner,
    security(("bearer" = [])),
    responses((status = 201, body = Partner),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_partner(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    ApiJson(body): ApiJson<NewPartner>,
) -> Result<(StatusCode, Json<Partner>), ApiError> {
    let input = NewPartnerInput {
        slug: body.slug,
        name: body.name,
        email: body.email,
        phone: body.phone,
        website: body.website,
        description: body.description,
        categories: body.categories,
        languages: body.languages,
        shared_fields: body.shared_fields,
    };
    let partner = state.services.create_partner(&actor, input).await?;
    Ok((StatusCode::CREATED, Json(partner)))
}

/// The partner directory (centre staff).
#[utoipa::path(get, path = "/api/v1/partners", tag = "partners", security(("bearer" = [])),
    responses((status = 200, body = Vec<Partner>),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list_partners(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
) -> Result<Json<Vec<Partner>>, ApiError> {
    Ok(Json(state.services.list_partners(&actor).await?))
}
