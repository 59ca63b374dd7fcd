use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::category_choices;
use crate::services::ServiceError;
use crate::services::partners::NewPartnerInput;
use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::{PageContext, SignedIn};
use crate::web::views::forms::FormState;
use crate::web::views::layout::Layout;
use crate::web::views::referrals::{PartnersPage, ReferralLinkDone, ReferralLinkPage};
use crate::web::views::requests::Choice;

fn link_refused(ctx: &PageContext, error: &ServiceError) -> Response {
    let text = &ctx.text;
    let (status, key) = match error {
        ServiceError::Forbidden(_) => (StatusCode::GONE, "referral-link-expired"),
        ServiceError::Conflict(_) => (StatusCode::CONFLICT, "referral-link-used"),
        _ => (StatusCode::NOT_FOUND, "referral-link-invalid"),
    };
    (
        status,
        ReferralLinkDone {
            layout: Layout::new(ctx, ""),
            title: text.t(&format!("{key}-title")),
            message: text.t(key),
        },
    )
        .into_response()
}

/// A GET only shows the referral and the choices: following a link never changes anything.
pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Response {
    match state.services.linked_referral(&token).await {
        Ok(referral) if referral.open => {
            let category = ctx.text.category(&referral.category);
            ReferralLinkPage {
                layout: Layout::new(&ctx, ""),
                referral,
                category,
                form: FormState::default(),
            }
            .into_response()
        }
        Ok(_) => link_refused(&ctx, &ServiceError::Conflict(String::new())),
        Err(error) => link_refused(&ctx, &error),
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    answer: Option<String>,
    reason: Option<String>,
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let accept = form.answer.as_deref() == Some("accept");
    match state
        .services
        .answer_referral_link(&token, accept, form.reason.as_deref())
        .await
    {
        Ok(reference) => {
            let key = if accept {
                "referral-accepted"
            } else {
                "referral-declined"
            };
            let message = ctx.text.t1(key, "reference", &reference);
            ReferralLinkDone {
                layout: Layout::new(&ctx, ""),
                title: ctx.text.t("referral-thanks"),
                message,
            }
            .into_response()
        }
        Err(ServiceError::Invalid(errors)) => match state.services.linked_referral(&token).await {
            Ok(referral) => {
                let category = ctx.text.category(&referral.category);
                let form = FormState::default().with_errors(errors);
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ReferralLinkPage {
                        layout: Layout::new(&ctx, ""),
                        referral,
                        category,
                        form,
                    },
                )
                    .into_response()
            }
            Err(error) => link_refused(&ctx, &error),
        },
        Err(error) => link_refused(&ctx, &error),
    }
}

async fn partners_page(
    state: &AppState,
    signed_in: &SignedIn,
    partner_form: FormState,
    rule_form: FormState,
) -> Result<PartnersPage, PageError> {
    let fail = |e| PageError::new(&signed_in.ctx.text, e);
    signed_in.principal.require_admin().map_err(fail)?;
    let figures = state
        .services
        .partner_figures(&signed_in.principal)
        .await
        .map_err(fail)?;
    let rules = state
        .services
        .routing_rules(&signed_in.principal)
        .await
        .map_err(fail)?;
    let partners = figures
        .iter()
        .filter(|f| f.active)
        .map(|f| Choice {
            value: f.slug.clone(),
            label: f.name.clone(),
        })
        .collect();
    Ok(PartnersPage {
        layout: Layout::new(&signed_in.ctx, "partners"),
        figures,
        rules,
        partner_form,
        rule_form,
        categories: category_choices(&signed_in.ctx.text),
        partners,
    })
}

pub async fn partners(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    Ok(partners_page(
        &state,
        &signed_in,
        FormState::default(),
        FormState::default(),
    )
    .await?
    .into_response())
}

#[derive(Deserialize)]
pub struct PartnerFields {
    slug: Option<String>,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    categories: Option<String>,
    languages: Option<String>,
    shared_fields: Option<String>,
}

fn list(value: &Option<String>) -> Option<Vec<String>> {
    value.as_ref().map(|v| {
        v.split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    })
}

pub async fn create_partner(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<PartnerFields>,
) -> Result<Response, PageError> {
    let typed = FormState::with_values([
        ("slug", form.slug.clone().unwrap_or_default()),
        ("name", form.name.clone().unwrap_or_default()),
        ("email", form.email.clone().unwrap_or_default()),
        ("phone", form.phone.clone().unwrap_or_default()),
        ("website", form.website.clone().unwrap_or_default()),
        ("categories", form.categories.clone().unwrap_or_default()),
        ("languages", form.languages.clone().unwrap_or_default()),
        (
            "shared_fields",
            form.shared_fields.clone().unwrap_or_default(),
        ),
    ]);
    let input = NewPartnerInput {
        categories: list(&form.categories),
        languages: list(&form.languages),
        shared_fields: list(&form.shared_fields),
        slug: form.slug,
        name: form.name,
        email: form.email,
        phone: form.phone,
        website: form.website,
        description: None,
    };
    match state
        .services
        .create_partner(&signed_in.principal, input)
        .await
    {
        Ok(_) => Ok(axum::response::Redirect::to("/admin/partners").into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let view = partners_page(
                &state,
                &signed_in,
                typed.with_errors(errors),
                FormState::default(),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
        }
        Err(other) => Err(PageError::new(&signed_in.ctx.text, other)),
    }
}

#[derive(Deserialize)]
pub struct RuleFields {
    category: Option<String>,
    language: Option<String>,
    partner: Option<String>,
    position: Option<String>,
}

pub async fn add_rule(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<RuleFields>,
) -> Result<Response, PageError> {
    let result = state
        .services
        .add_routing_rule(
            &signed_in.principal,
            form.category.as_deref(),
            form.language.as_deref(),
            form.partner.as_deref(),
            form.position.as_deref(),
        )
        .await;
    match result {
        Ok(()) => Ok(axum::response::Redirect::to("/admin/partners#routing").into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let typed = FormState::with_values([
                ("category", form.category.unwrap_or_default()),
                ("language", form.language.unwrap_or_default()),
                ("partner", form.partner.unwrap_or_default()),
                ("position", form.position.unwrap_or_default()),
            ]);
            let view = partners_page(
                &state,
                &signed_in,
                FormState::default(),
                typed.with_errors(errors),
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
        }
        Err(other) => Err(PageError::new(&signed_in.ctx.text, other)),
    }
}

pub async fn remove_rule(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state
        .services
        .remove_routing_rule(&signed_in.principal, id)
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    Ok(axum::response::Redirect::to("/admin/partners#routing").into_response())
}

#[derive(Deserialize)]
pub struct ActiveFields {
    active: Option<String>,
}

pub async fn set_partner_active(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(slug): Path<String>,
    Form(form): Form<ActiveFields>,
) -> Result<Response, PageError> {
    let active = form.active.as_deref() == Some("true");
    state
        .services
        .set_partner_active(&signed_in.principal, &slug, active)
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    Ok(axum::response::Redirect::to("/admin/partners").into_response())
}
