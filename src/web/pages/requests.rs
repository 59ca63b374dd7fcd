use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::category_choices;
use crate::domain::FieldError;
use crate::services::ServiceError;
use crate::services::request_list::RequestQuery;
use crate::services::transitions::TransitionCommand;
use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::SignedIn;
use crate::web::views::forms::FormState;
use crate::web::views::layout::{Layout, local_date};
use crate::web::views::requests::{
    Choice, EventRow, ReferralRow, RequestListPage, RequestPage, RequestRow, TransitionForm,
};

#[derive(Deserialize, Default)]
pub struct ListFilters {
    state: Option<String>,
    category: Option<String>,
    partner: Option<String>,
    assignee: Option<String>,
    overdue: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    cursor: Option<String>,
}

impl ListFilters {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("state", &self.state),
            ("category", &self.category),
            ("partner", &self.partner),
            ("assignee", &self.assignee),
            ("overdue", &self.overdue),
            ("q", &self.q),
            ("sort", &self.sort),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| (k, v.clone())))
        .collect()
    }
}

pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(filters): Query<ListFilters>,
) -> Result<Response, PageError> {
    let text = &signed_in.ctx.text;
    let query = RequestQuery {
        state: filters.state.clone(),
        category: filters.category.clone(),
        partner: filters.partner.clone(),
        assignee: filters.assignee.clone(),
        overdue: filters.overdue.as_deref().map(|v| v == "true" || v == "on"),
        q: filters.q.clone(),
        sort: filters.sort.clone(),
        cursor: filters.cursor.clone(),
        newcomer: None,
        limit: Some(50),
    };
    let pairs = filters.pairs();
    let typed = FormState::with_values(pairs.clone());
    let (rows, next_href, status, form) = match state
        .services
        .list_requests(&signed_in.principal, &query)
        .await
    {
        Ok(page) => {
            let next_href = page.next_cursor.map(|cursor| {
                let mut query: Vec<(&str, String)> = pairs.clone();
                query.push(("cursor", cursor));
                format!("/requests?{}", encode(&query))
            });
            (
                page.items
                    .into_iter()
                    .map(|i| RequestRow::new(i, text))
                    .collect(),
                next_href,
                StatusCode::OK,
                typed,
            )
        }
        Err(ServiceError::Invalid(errors)) => (
            Vec::new(),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
            typed.with_errors(errors),
        ),
        Err(other) => return Err(PageError::new(text, other)),
    };
    let partners = if signed_in.principal.is_staff() {
        partner_choices(&state, &signed_in).await?
    } else {
        Vec::new()
    };
    let view = RequestListPage {
        layout: Layout::new(&signed_in.ctx, "requests"),
        filters: form,
        rows,
        next_href,
        states: state_choices(&state, &signed_in),
        categories: category_choices(text),
        partners,
        sorts: ["updated", "newest", "oldest", "due"]
            .into_iter()
            .map(|s| Choice {
                value: s.to_owned(),
                label: text.t(&format!("sort-{s}")),
            })
            .collect(),
    };
    Ok((status, view).into_response())
}

fn encode(pairs: &[(&str, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

fn state_choices(state: &AppState, signed_in: &SignedIn) -> Vec<Choice> {
    let mut seen: Vec<String> = Vec::new();
    let mut choices = Vec::new();
    for workflow in state.services.workflows().workflows() {
        for s in workflow.states() {
            if !seen.contains(&s.name) {
                seen.push(s.name.clone());
                choices.push(Choice {
                    value: s.name.clone(),
                    label: s.label.get(signed_in.ctx.language).to_owned(),
                });
            }
        }
    }
    choices
}

async fn partner_choices(state: &AppState, signed_in: &SignedIn) -> Result<Vec<Choice>, PageError> {
    let partners = state
        .services
        .list_partners(&signed_in.principal)
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    Ok(partners
        .into_iter()
        .filter(|p| p.active)
        .map(|p| Choice {
            value: p.slug,
            label: p.name,
        })
        .collect())
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    reference: &str,
    transition_form: FormState,
    failed_transition: String,
    note_form: FormState,
) -> Result<RequestPage, PageError> {
    let text = &signed_in.ctx.text;
    let fail = |e| PageError::new(text, e);
    let detail = state
        .services
        .request_detail(&signed_in.principal, reference)
        .await
        .map_err(fail)?;
    let newcomer_name = if signed_in.principal.is_staff() {
        state
            .services
            .newcomer_name(&signed_in.principal, detail.newcomer_id)
            .await
            .map_err(fail)?
    } else {
        String::new()
    };
    let language = signed_in.ctx.language;
    let diagram_svg = state
        .services
        .workflow_diagram(
            &signed_in.principal,
            &detail.workflow,
            u32::try_from(detail.workflow_version).unwrap_or(1),
            language,
            Some(&detail.state),
        )
        .map_err(fail)?;
    let events = detail
        .events
        .iter()
        .cloned()
        .map(|e| {
            EventRow::new(e, text, |s| {
                state.services.state_label_in(
                    &detail.workflow,
                    detail.workflow_version,
                    s,
                    language,
                )
            })
        })
        .collect();
    let partners = if signed_in.principal.is_staff() {
        let suggested = state
            .services
            .suggest_partners(&signed_in.principal, reference)
            .await
            .map_err(fail)?;
        let mut choices: Vec<Choice> = suggested
            .iter()
            .map(|s| Choice {
                value: s.slug.clone(),
                label: format!("{} — {}", s.name, text.t("refer-suggested")),
            })
            .collect();
        for other in partner_choices(state, signed_in).await? {
            if !suggested.iter().any(|s| s.slug == other.value) {
                choices.push(other);
            }
        }
        choices
    } else {
        Vec::new()
    };
    let referrals = state
        .services
        .referrals_of(&signed_in.principal, reference)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|r| ReferralRow {
            partner_name: r.partner_name,
            status: text.t(&format!("referral-status-{}", r.status)),
            offered: local_date(&r.offered_at),
            decline_reason: r.decline_reason,
            shared: r
                .shared
                .into_iter()
                .map(|(k, v)| (text.t(&format!("shared-{k}")), v))
                .collect(),
            consent_basis: r.consent_basis,
        })
        .collect();
    Ok(RequestPage {
        referrals,
        layout: Layout::new(&signed_in.ctx, "requests"),
        category: text.category(&detail.category),
        due: detail.due_at.as_ref().map(local_date).unwrap_or_default(),
        transitions: detail
            .allowed_transitions
            .iter()
            .map(TransitionForm::from)
            .collect(),
        events,
        newcomer_name,
        partners,
        diagram_svg,
        transition_form,
        note_form,
        failed_transition,
        request: detail,
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(reference): Path<String>,
) -> Result<Response, PageError> {
    let view = page(
        &state,
        &signed_in,
        &reference,
        FormState::default(),
        String::new(),
        FormState::default(),
    )
    .await?;
    Ok(view.into_response())
}

#[derive(Deserialize)]
pub struct TransitionFields {
    transition: Option<String>,
    version: Option<String>,
    comment: Option<String>,
    partner: Option<String>,
    consent_override: Option<String>,
}

pub async fn transition(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(reference): Path<String>,
    Form(form): Form<TransitionFields>,
) -> Result<Response, PageError> {
    let name = form.transition.clone().unwrap_or_default();
    let typed = FormState::with_values([
        ("comment", form.comment.clone().unwrap_or_default()),
        ("partner", form.partner.clone().unwrap_or_default()),
        (
            "consent_override",
            form.consent_override.clone().unwrap_or_default(),
        ),
    ]);
    let version = form.version.as_deref().and_then(|v| v.trim().parse().ok());
    let command = TransitionCommand {
        transition: form.transition,
        version,
        comment: form.comment,
        partner: form.partner,
        consent_override: form.consent_override,
    };
    match state
        .services
        .apply_transition(&signed_in.principal, &reference, command)
        .await
    {
        Ok(detail) => {
            Ok(Redirect::to(&format!("/requests/{}#timeline", detail.reference)).into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let view = page(
                &state,
                &signed_in,
                &reference,
                typed.with_errors(errors),
                name,
                FormState::default(),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
        }
        Err(ServiceError::NotAllowedNow(message)) => {
            let view = page(
                &state,
                &signed_in,
                &reference,
                typed.with_errors(vec![FieldError::new("transition", message)]),
                name,
                FormState::default(),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
        }
        Err(other) => Err(PageError::new(&signed_in.ctx.text, other)),
    }
}

#[derive(Deserialize)]
pub struct NoteFields {
    note: Option<String>,
    visibility: Option<String>,
}

pub async fn note(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(reference): Path<String>,
    Form(form): Form<NoteFields>,
) -> Result<Response, PageError> {
    let typed = FormState::with_values([
        ("note", form.note.clone().unwrap_or_default()),
        ("visibility", form.visibility.clone().unwrap_or_default()),
    ]);
    match state
        .services
        .add_note(
            &signed_in.principal,
            &reference,
            form.note.as_deref(),
            form.visibility.as_deref(),
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/requests/{reference}#timeline")).into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let view = page(
                &state,
                &signed_in,
                &reference,
                FormState::default(),
                String::new(),
                typed.with_errors(errors),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
        }
        Err(other) => Err(PageError::new(&signed_in.ctx.text, other)),
    }
}
