use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::category_choices;
use crate::services::ServiceError;
use crate::services::requests::NewRequestInput;
use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::SignedIn;
use crate::web::views::forms::FormState;
use crate::web::views::intake::IntakeDonePage;
use crate::web::views::layout::{Layout, local_time};
use crate::web::views::newcomers::NewcomerPage;
use crate::web::views::requests::RequestRow;

#[derive(Deserialize)]
pub struct AddRequestForm {
    category: Option<String>,
    title: Option<String>,
    description: Option<String>,
}

async fn page(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    form: FormState,
) -> Result<NewcomerPage, PageError> {
    let text = &signed_in.ctx.text;
    let detail = state
        .services
        .newcomer_detail(&signed_in.principal, id)
        .await
        .map_err(|e| PageError::new(text, e))?;
    let newcomer = detail.newcomer;
    Ok(NewcomerPage {
        layout: Layout::new(&signed_in.ctx, ""),
        language_label: text.t(&format!("language-{}", newcomer.preferred_language)),
        arrival: newcomer
            .arrival_date
            .map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_default(),
        consent: format!(
            "{} ({})",
            local_time(&newcomer.consent_given_at),
            newcomer.consent_version
        ),
        requests: detail
            .requests
            .into_iter()
            .map(|i| RequestRow::new(i, text))
            .collect(),
        newcomer,
        form,
        categories: category_choices(text),
    })
}

pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    Ok(page(&state, &signed_in, id, FormState::default())
        .await?
        .into_response())
}

pub async fn add_request(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<AddRequestForm>,
) -> Result<Response, PageError> {
    let typed = FormState::with_values([
        ("category", form.category.clone().unwrap_or_default()),
        ("title", form.title.clone().unwrap_or_default()),
        ("description", form.description.clone().unwrap_or_default()),
    ]);
    let input = NewRequestInput {
        newcomer_id: Some(id),
        category: form.category,
        title: form.title,
        description: form.description,
    };
    match state
        .services
        .create_request(&signed_in.principal, input)
        .await
    {
        // The access code exists in clear only now: show it on this answer, never in a URL.
        Ok(created) => Ok(IntakeDonePage {
            layout: Layout::new(&signed_in.ctx, "intake"),
            reference: created.reference,
            access_code: created.access_code,
            newcomer_id: id,
            newcomer_name: String::new(),
        }
        .into_response()),
        Err(ServiceError::Invalid(errors)) => {
            let view = page(&state, &signed_in, id, typed.with_errors(errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
        }
        Err(other) => Err(PageError::new(&signed_in.ctx.text, other)),
    }
}
