use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::language_choices;
use crate::services::ServiceError;
use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::SignedIn;
use crate::web::views::account::AccountPage;
use crate::web::views::forms::FormState;
use crate::web::views::layout::Layout;

fn page(signed_in: &SignedIn, password_form: FormState, notice: Option<String>) -> AccountPage {
    AccountPage {
        layout: Layout::new(&signed_in.ctx, "account"),
        email: signed_in.principal.email.clone(),
        languages: language_choices(),
        current_language: signed_in.ctx.language.code().to_owned(),
        password_form,
        notice,
    }
}

pub async fn show(signed_in: SignedIn) -> Response {
    page(&signed_in, FormState::default(), None).into_response()
}

#[derive(Deserialize)]
pub struct PasswordFields {
    current_password: Option<String>,
    new_password: Option<String>,
    confirm_password: Option<String>,
}

pub async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<PasswordFields>,
) -> Result<Response, PageError> {
    let result = state
        .services
        .change_password(
            &signed_in.principal,
            form.current_password.as_deref().unwrap_or_default(),
            form.new_password.as_deref().unwrap_or_default(),
            form.confirm_password.as_deref().unwrap_or_default(),
            signed_in.ctx.session_token.as_deref(),
        )
        .await;
    match result {
        Ok(()) => Ok(page(
            &signed_in,
            FormState::default(),
            Some(signed_in.ctx.text.t("account-password-changed")),
        )
        .into_response()),
        Err(ServiceError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(&signed_in, FormState::default().with_errors(errors), None),
        )
            .into_response()),
        Err(other) => Err(PageError::new(&signed_in.ctx.text, other)),
    }
}

#[derive(Deserialize)]
pub struct LanguageFields {
    language: Option<String>,
}

pub async fn change_language(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<LanguageFields>,
) -> Result<Response, PageError> {
    state
        .services
        .set_language(&signed_in.principal, form.language.as_deref())
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    Ok(Redirect::to("/account").into_response())
}
