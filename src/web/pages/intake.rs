use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{category_choices, language_choices};
use crate::services::ServiceError;
use crate::services::intake::{IntakeInput, IntakeOutcome, NewNewcomerInputFields};
use crate::services::newcomers::CONSENT_TEXT_VERSION;
use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::SignedIn;
use crate::web::views::forms::FormState;
use crate::web::views::intake::{IntakeDonePage, IntakePage};
use crate::web::views::layout::Layout;

#[derive(Deserialize, Default)]
pub struct IntakeForm {
    full_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    nationality: Option<String>,
    preferred_language: Option<String>,
    arrival_date: Option<String>,
    consent: Option<String>,
    sharing_consent: Option<String>,
    category: Option<String>,
    title: Option<String>,
    description: Option<String>,
    confirm_duplicate: Option<String>,
}

impl IntakeForm {
    fn typed(&self) -> FormState {
        let value = |v: &Option<String>| v.clone().unwrap_or_default();
        FormState::with_values([
            ("full_name", value(&self.full_name)),
            ("email", value(&self.email)),
            ("phone", value(&self.phone)),
            ("nationality", value(&self.nationality)),
            ("preferred_language", value(&self.preferred_language)),
            ("arrival_date", value(&self.arrival_date)),
            ("consent", value(&self.consent)),
            ("sharing_consent", value(&self.sharing_consent)),
            ("category", value(&self.category)),
            ("title", value(&self.title)),
            ("description", value(&self.description)),
        ])
    }
}

fn page(signed_in: &SignedIn, form: FormState) -> IntakePage {
    IntakePage {
        layout: Layout::new(&signed_in.ctx, "intake"),
        form,
        categories: category_choices(&signed_in.ctx.text),
        languages: language_choices(),
        duplicates: Vec::new(),
        consent_version: CONSENT_TEXT_VERSION,
    }
}

pub async fn form(signed_in: SignedIn) -> Response {
    if !signed_in.principal.is_staff() {
        return PageError::new(
            &signed_in.ctx.text,
            ServiceError::Forbidden(signed_in.ctx.text.t("error-staff-only")),
        )
        .into_response();
    }
    page(
        &signed_in,
        FormState::with_values([("preferred_language", "en")]),
    )
    .into_response()
}

pub async fn submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<IntakeForm>,
) -> Result<Response, PageError> {
    let typed = form.typed();
    let input = IntakeInput {
        newcomer: NewNewcomerInputFields {
            full_name: form.full_name,
            email: form.email,
            phone: form.phone,
            nationality: form.nationality,
            preferred_language: form.preferred_language,
            arrival_date: form.arrival_date,
            consent: form.consent.is_some(),
            sharing_consent: form.sharing_consent.is_some(),
        },
        category: form.category,
        title: form.title,
        description: form.description,
        confirm_duplicate: form.confirm_duplicate.is_some(),
    };
    match state.services.intake(&signed_in.principal, input).await {
        Ok(IntakeOutcome::Created {
            newcomer_id,
            request,
        }) => Ok(IntakeDonePage {
            layout: Layout::new(&signed_in.ctx, "intake"),
            reference: request.reference,
            access_code: request.access_code,
            newcomer_id,
            newcomer_name: typed.value("full_name").to_owned(),
        }
        .into_response()),
        Ok(IntakeOutcome::PossibleDuplicate(duplicates)) => {
            let mut view = page(&signed_in, typed);
            view.duplicates = duplicates;
            Ok((StatusCode::CONFLICT, view).into_response())
        }
        Err(ServiceError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&signed_in, typed.with_errors(errors)),
        )
            .into_response()),
        Err(other) => Err(PageError::new(&signed_in.ctx.text, other)),
    }
}
