use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::services::request_list::{RequestPage, RequestQuery};
use crate::services::requests::{CreatedRequest, NewRequestInput, RequestDetail};
use crate::services::transitions::TransitionCommand;
use crate::web::AppState;
use crate::web::error::ApiError;
use crate::web::extract::{ApiJson, ApiQuery, Bearer};
use crate::web::problem::Problem;

#[derive(Deserialize, ToSchema)]
pub struct NewRequest {
    newcomer_id: Option<i64>,
    /// A category machine name, e.g. `housing`.
    category: Option<String>,
    title: Option<String>,
    description: Option<String>,
}

/// Take in a request for a newcomer (caseworkers, admins). The answer holds the access code,
/// once.
#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", request_body = NewRequest,
    security(("bearer" = [])),
    responses((status = 201, body = CreatedRequest),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_request(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    ApiJson(body): ApiJson<NewRequest>,
) -> Result<(StatusCode, Json<CreatedRequest>), ApiError> {
    let input = NewRequestInput {
        newcomer_id: body.newcomer_id,
        category: body.category,
        title: body.title,
        description: body.description,
    };
    let created = state.services.create_request(&actor, input).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// A request with its state, version, allowed transitions and timeline.
#[utoipa::path(get, path = "/api/v1/requests/{reference}", tag = "requests",
    params(("reference" = String, Path, description = "e.g. EXP-2026-00042")),
    security(("bearer" = [])),
    responses((status = 200, body = RequestDetail),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_request(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(reference): Path<String>,
) -> Result<Json<RequestDetail>, ApiError> {
    Ok(Json(
        state.services.request_detail(&actor, &reference).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct TransitionBody {
    /// The transition's name, e.g. `triage`.
    transition: Option<String>,
    /// The request's `version` as you read it.
    version: Option<i32>,
    /// Required by some transitions (a reason, what is needed, the outcome).
    comment: Option<String>,
    /// A partner's slug, for `refer`.
    partner: Option<String>,
    /// For `refer` when the newcomer did not agree to sharing: why their data is shared anyway.
    consent_override: Option<String>,
}

/// Apply a workflow transition. 409 when `version` is stale; 422 when the workflow does not
/// allow it now (wrong state, role or missing input).
#[utoipa::path(post, path = "/api/v1/requests/{reference}/transitions", tag = "requests",
    params(("reference" = String, Path, description = "e.g. EXP-2026-00042")),
    request_body = TransitionBody,
    security(("bearer" = [])),
    responses((status = 200, body = RequestDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn apply_transition(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    Path(reference): Path<String>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> Result<Json<RequestDetail>, ApiError> {
    let command = TransitionCommand {
        transition: body.transition,
        version: body.version,
        comment: body.comment,
        partner: body.partner,
        consent_override: body.consent_override,
    };
    Ok(Json(
        state
            .services
            .apply_transition(&actor, &reference, command)
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    /// A state name, e.g. `triage`.
    state: Option<String>,
    /// A category machine name.
    category: Option<String>,
    /// A partner's slug.
    partner: Option<String>,
    /// A user id, `me` or `none`.
    assignee: Option<String>,
    /// Only this newcomer's requests (id).
    newcomer: Option<i64>,
    /// Only requests past their due date.
    overdue: Option<bool>,
    /// Words to find in the reference, the newcomer's name or e-mail, title or description.
    q: Option<String>,
    /// `updated` (default), `newest`, `oldest` or `due`.
    sort: Option<String>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Items per page, 1–200 (default 50).
    limit: Option<u64>,
}

/// Requests the caller may see (partner users: only those referred to them), filtered and
/// searched, one page at a time.
#[utoipa::path(get, path = "/api/v1/requests", tag = "requests", params(ListParams),
    security(("bearer" = [])),
    responses((status = 200, body = RequestPage),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn list_requests(
    State(state): State<AppState>,
    Bearer(actor): Bearer,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<RequestPage>, ApiError> {
    let query = RequestQuery {
        state: params.state,
        category: params.category,
        partner: params.partner,
        assignee: params.assignee,
        newcomer: params.newcomer,
        overdue: params.overdue,
        q: params.q,
        sort: params.sort,
        cursor: params.cursor,
        limit: params.limit,
    };
    Ok(Json(state.services.list_requests(&actor, &query).await?))
}
