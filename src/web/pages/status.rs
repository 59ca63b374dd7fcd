use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::domain::Language;
use crate::services::ServiceError;
use crate::services::status::{StatusCredentials, StatusView, require_status_fields};
use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::{LANGUAGE_COOKIE, PageContext, cookie};
use crate::web::views::forms::FormState;
use crate::web::views::layout::{Layout, PageText};
use crate::web::views::status::{LanguageLink, PublicLine, StatusFormPage, StatusPage};

const LANGUAGES: [(&str, &str); 3] = [("en", "English"), ("cs", "Čeština"), ("uk", "Українська")];

#[derive(Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
    reference: Option<String>,
}

fn language_links(base: &str, current: Language) -> Vec<LanguageLink> {
    let separator = if base.contains('?') { '&' } else { '?' };
    LANGUAGES
        .iter()
        .map(|(code, name)| LanguageLink {
            code,
            name,
            href: format!("{base}{separator}lang={code}"),
            current: current.code() == *code,
        })
        .collect()
}

/// The page's language when the visitor chose one (`?lang=` or the cookie); `None` lets the
/// newcomer's own preference decide.
fn chosen_language(query: &LangQuery, ctx: &PageContext) -> Option<Language> {
    query
        .lang
        .as_deref()
        .and_then(Language::parse)
        .or(ctx.chosen_language)
}

fn with_language_cookie(mut response: Response, query: &LangQuery, ctx: &PageContext) -> Response {
    if let Some(language) = query.lang.as_deref().and_then(Language::parse) {
        let value = cookie(
            LANGUAGE_COOKIE,
            language.code(),
            ctx.secure_cookies,
            Some(365 * 24 * 3600),
        );
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn layout_in(ctx: &PageContext, state: &AppState, language: Language) -> Layout {
    let mut layout = Layout::new(ctx, "status");
    layout.text = PageText::new(std::sync::Arc::clone(&state.translations), language);
    layout
}

pub async fn form(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(query): Query<LangQuery>,
) -> Response {
    let language = chosen_language(&query, &ctx).unwrap_or(ctx.language);
    let form = FormState::with_values([("reference", query.reference.clone().unwrap_or_default())]);
    let page = StatusFormPage {
        layout: layout_in(&ctx, &state, language),
        form,
        alert: None,
        languages: language_links("/status", language),
    };
    with_language_cookie(page.into_response(), &query, &ctx)
}

#[derive(Deserialize)]
pub struct StatusForm {
    reference: Option<String>,
    access_code: Option<String>,
}

pub async fn check(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(query): Query<LangQuery>,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    let language = chosen_language(&query, &ctx);
    let page_language = language.unwrap_or(ctx.language);
    let reference = form.reference.unwrap_or_default();
    let code = form.access_code.unwrap_or_default();
    let typed = FormState::with_values([("reference", reference.clone())]);
    let form_page = |form: FormState, alert: Option<String>| StatusFormPage {
        layout: layout_in(&ctx, &state, page_language),
        form,
        alert,
        languages: language_links("/status", page_language),
    };
    if let Err(errors) = require_status_fields(&reference, &code) {
        let text = PageText::new(std::sync::Arc::clone(&state.translations), page_language);
        let errors = errors.into_iter().map(|mut e| {
            e.message = text.t(&format!("status-missing-{}", e.field));
            e
        });
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(typed.with_errors(errors.collect()), None),
        )
            .into_response());
    }
    let credentials = StatusCredentials::Code {
        reference,
        access_code: code,
    };
    match state
        .services
        .check_status(credentials, language, ctx.client.address.as_deref())
        .await
    {
        Ok(view) => Ok(show(&state, &ctx, view, FormState::default(), None).into_response()),
        Err(ServiceError::NotFound(_)) => {
            let text = PageText::new(std::sync::Arc::clone(&state.translations), page_language);
            Ok((
                StatusCode::NOT_FOUND,
                form_page(typed, Some(text.t("status-not-found"))),
            )
                .into_response())
        }
        Err(ServiceError::RateLimited { retry_after_secs }) => {
            let text = PageText::new(std::sync::Arc::clone(&state.translations), page_language);
            let alert = text.t1(
                "error-rate-limited",
                "seconds",
                &retry_after_secs.to_string(),
            );
            let mut response =
                (StatusCode::TOO_MANY_REQUESTS, form_page(typed, Some(alert))).into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            Ok(response)
        }
        Err(other) => Err(PageError::new(&ctx.text, other)),
    }
}

pub async fn link(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Response, PageError> {
    let language = chosen_language(&query, &ctx);
    match state
        .services
        .check_status(
            StatusCredentials::Link { token },
            language,
            ctx.client.address.as_deref(),
        )
        .await
    {
        Ok(view) => Ok(with_language_cookie(
            show(&state, &ctx, view, FormState::default(), None).into_response(),
            &query,
            &ctx,
        )),
        Err(ServiceError::NotFound(_)) => {
            let page_language = language.unwrap_or(ctx.language);
            let text = PageText::new(std::sync::Arc::clone(&state.translations), page_language);
            let page = StatusFormPage {
                layout: layout_in(&ctx, &state, page_language),
                form: FormState::default(),
                alert: Some(text.t("status-bad-link")),
                languages: language_links("/status", page_language),
            };
            Ok((StatusCode::NOT_FOUND, page).into_response())
        }
        Err(other) => Err(PageError::new(&ctx.text, other)),
    }
}

#[derive(Deserialize)]
pub struct MessageForm {
    token: Option<String>,
    message: Option<String>,
}

pub async fn message(
    State(state): State<AppState>,
    ctx: PageContext,
    Form(form): Form<MessageForm>,
) -> Result<Response, PageError> {
    let token = form.token.unwrap_or_default();
    let language = ctx.chosen_language;
    let result = state
        .services
        .newcomer_message(
            &token,
            form.message.as_deref(),
            ctx.client.address.as_deref(),
        )
        .await;
    match result {
        Ok(view) => {
            let view = match language {
                Some(_) => state
                    .services
                    .check_status(
                        StatusCredentials::Link { token },
                        language,
                        ctx.client.address.as_deref(),
                    )
                    .await
                    .unwrap_or(view),
                None => view,
            };
            let text = PageText::new(
                std::sync::Arc::clone(&state.translations),
                Language::parse(&view.language).unwrap_or(Language::En),
            );
            let notice = Some(text.t("status-message-sent"));
            Ok(show(&state, &ctx, view, FormState::default(), notice).into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let view = state
                .services
                .check_status(
                    StatusCredentials::Link { token },
                    language,
                    ctx.client.address.as_deref(),
                )
                .await
                .map_err(|e| PageError::new(&ctx.text, e))?;
            let text = PageText::new(
                std::sync::Arc::clone(&state.translations),
                Language::parse(&view.language).unwrap_or(Language::En),
            );
            let errors = errors.into_iter().map(|mut e| {
                e.message = text.t("status-message-empty");
                e
            });
            let typed = FormState::with_values([("message", form.message.unwrap_or_default())])
                .with_errors(errors.collect());
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                show(&state, &ctx, view, typed, None),
            )
                .into_response())
        }
        Err(other) => Err(PageError::new(&ctx.text, other)),
    }
}

fn show(
    state: &AppState,
    ctx: &PageContext,
    view: StatusView,
    message_form: FormState,
    notice: Option<String>,
) -> StatusPage {
    let language = Language::parse(&view.language).unwrap_or(Language::En);
    let lines = view
        .timeline
        .iter()
        .map(|e| PublicLine {
            date: local_date(&e.at, language),
            what: e.what.clone(),
            comment: e.comment.clone(),
            from_newcomer: e.from_newcomer,
        })
        .collect();
    StatusPage {
        layout: layout_in(ctx, state, language),
        due: view
            .due_at
            .as_ref()
            .map(|d| local_date(d, language))
            .unwrap_or_default(),
        languages: language_links(&format!("/s/{}", view.token), language),
        lines,
        view,
        message_form,
        notice,
    }
}

/// A date the way each language writes it.
pub fn local_date(at: &chrono::DateTime<chrono::Utc>, language: Language) -> String {
    let local = at.with_timezone(&chrono_tz::Europe::Prague);
    match language {
        Language::Cs => local.format("%-d. %-m. %Y").to_string(),
        Language::Uk => local.format("%d.%m.%Y").to_string(),
        Language::En => local.format("%-d %B %Y").to_string(),
    }
}
