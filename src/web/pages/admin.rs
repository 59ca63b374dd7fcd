use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::services::ServiceError;
use crate::services::accounts::TemporaryPassword;
use crate::services::audit::{AUDIT_PAGE, AuditFilter};
use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::SignedIn;
use crate::web::views::admin::{AccountRow, AuditPage, AuditRow, UsersPage};
use crate::web::views::forms::FormState;
use crate::web::views::layout::{Layout, local_time};
use crate::web::views::requests::Choice;

async fn users_page(
    state: &AppState,
    signed_in: &SignedIn,
    form: FormState,
    handover: Option<TemporaryPassword>,
) -> Result<UsersPage, PageError> {
    let fail = |e| PageError::new(&signed_in.ctx.text, e);
    let accounts = state
        .services
        .list_accounts(&signed_in.principal)
        .await
        .map_err(fail)?;
    let partners = state
        .services
        .list_partners(&signed_in.principal)
        .await
        .map_err(fail)?;
    let name_of = |id: Option<i64>| {
        id.and_then(|id| partners.iter().find(|p| p.id == id))
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    Ok(UsersPage {
        layout: Layout::new(&signed_in.ctx, "users"),
        accounts: accounts
            .into_iter()
            .map(|a| AccountRow {
                partner: name_of(a.partner_id),
                account: a,
            })
            .collect(),
        form,
        partners: partners
            .iter()
            .map(|p| Choice {
                value: p.slug.clone(),
                label: p.name.clone(),
            })
            .collect(),
        handover,
    })
}

pub async fn users(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    Ok(users_page(
        &state,
        &signed_in,
        FormState::with_values([("role", "caseworker")]),
        None,
    )
    .await?
    .into_response())
}

#[derive(Deserialize)]
pub struct InviteFields {
    email: Option<String>,
    name: Option<String>,
    role: Option<String>,
    partner: Option<String>,
}

pub async fn invite(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<InviteFields>,
) -> Result<Response, PageError> {
    let typed = FormState::with_values([
        ("email", form.email.clone().unwrap_or_default()),
        ("name", form.name.clone().unwrap_or_default()),
        ("role", form.role.clone().unwrap_or_default()),
        ("partner", form.partner.clone().unwrap_or_default()),
    ]);
    let result = state
        .services
        .invite_account(
            &signed_in.principal,
            form.email.unwrap_or_default(),
            form.name.unwrap_or_default(),
            form.role.unwrap_or_default(),
            form.partner,
        )
        .await;
    match result {
        Ok(handover) => Ok(users_page(
            &state,
            &signed_in,
            FormState::with_values([("role", "caseworker")]),
            Some(handover),
        )
        .await?
        .into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let view = users_page(&state, &signed_in, typed.with_errors(errors), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
        }
        Err(other) => Err(PageError::new(&signed_in.ctx.text, other)),
    }
}

#[derive(Deserialize)]
pub struct ActiveFields {
    active: Option<String>,
}

pub async fn set_active(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ActiveFields>,
) -> Result<Response, PageError> {
    let active = form.active.as_deref() == Some("true");
    state
        .services
        .set_account_active(&signed_in.principal, id, active)
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    Ok(Redirect::to("/admin/users").into_response())
}

pub async fn reset_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let handover = state
        .services
        .reset_account_password(&signed_in.principal, id)
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    Ok(users_page(
        &state,
        &signed_in,
        FormState::with_values([("role", "caseworker")]),
        Some(handover),
    )
    .await?
    .into_response())
}

#[derive(Deserialize)]
pub struct AuditQuery {
    subject_type: Option<String>,
    subject_id: Option<String>,
    action: Option<String>,
    before: Option<i64>,
}

pub async fn audit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let filter = AuditFilter {
        subject_type: query.subject_type.clone(),
        subject_id: query.subject_id.clone(),
        action: query.action.clone(),
        before_id: query.before,
    };
    let entries = state
        .services
        .audit_log(&signed_in.principal, &filter)
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    let older_href = (entries.len() as u64 == AUDIT_PAGE).then(|| {
        let last = entries.last().map(|e| e.id).unwrap_or_default();
        let mut pairs: Vec<(&str, String)> = vec![("before", last.to_string())];
        for (key, value) in [
            ("subject_type", &query.subject_type),
            ("subject_id", &query.subject_id),
            ("action", &query.action),
        ] {
            if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
                pairs.push((key, value.clone()));
            }
        }
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        format!("/admin/audit?{encoded}")
    });
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            at: local_time(&e.at),
            actor: e.actor,
            action: e.action,
            subject: format!("{} {}", e.subject_type, e.subject_id.unwrap_or_default()),
            detail: e.detail.unwrap_or_default(),
            address: e.address.unwrap_or_default(),
        })
        .collect();
    let filters = FormState::with_values([
        ("subject_type", query.subject_type.unwrap_or_default()),
        ("subject_id", query.subject_id.unwrap_or_default()),
        ("action", query.action.unwrap_or_default()),
    ]);
    Ok(AuditPage {
        layout: Layout::new(&signed_in.ctx, "audit"),
        filters,
        rows,
        older_href,
    }
    .into_response())
}
