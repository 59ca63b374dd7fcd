use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::services::ServiceError;
use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::{PageContext, SESSION_COOKIE, cookie, expired_cookie};
use crate::web::views::auth::SignInPage;
use crate::web::views::forms::FormState;
use crate::web::views::layout::Layout;

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct SignInForm {
    email: Option<String>,
    password: Option<String>,
    next: Option<String>,
}

/// Only local paths, so the sign-in page cannot be used to send people elsewhere.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/dashboard".to_owned(),
    }
}

pub async fn sign_in_form(ctx: PageContext, Query(query): Query<NextQuery>) -> Response {
    if ctx.session.is_some() {
        return Redirect::to(&safe_next(query.next.as_deref())).into_response();
    }
    SignInPage {
        layout: Layout::new(&ctx, "sign-in"),
        form: FormState::default(),
        next: safe_next(query.next.as_deref()),
        alert: None,
    }
    .into_response()
}

pub async fn sign_in(
    State(state): State<AppState>,
    ctx: PageContext,
    Form(form): Form<SignInForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    let typed = FormState::with_values([("email", form.email.clone().unwrap_or_default())]);
    match state
        .services
        .sign_in(form.email, form.password, &ctx.client)
        .await
    {
        Ok(started) => {
            let target = if started.principal.is_staff() {
                next
            } else {
                "/requests".to_owned()
            };
            let mut response = Redirect::to(&target).into_response();
            let value = cookie(SESSION_COOKIE, &started.token, ctx.secure_cookies, None);
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            Ok(response)
        }
        Err(ServiceError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            SignInPage {
                layout: Layout::new(&ctx, "sign-in"),
                form: typed.with_errors(errors),
                next,
                alert: None,
            },
        )
            .into_response()),
        Err(ServiceError::Unauthenticated) => Ok((
            StatusCode::UNAUTHORIZED,
            SignInPage {
                layout: Layout::new(&ctx, "sign-in"),
                form: typed,
                next,
                alert: Some(ctx.text.t("sign-in-failed")),
            },
        )
            .into_response()),
        Err(ServiceError::RateLimited { retry_after_secs }) => {
            let alert = ctx.text.t1(
                "error-rate-limited",
                "seconds",
                &retry_after_secs.to_string(),
            );
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                SignInPage {
                    layout: Layout::new(&ctx, "sign-in"),
                    form: typed,
                    next,
                    alert: Some(alert),
                },
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            Ok(response)
        }
        Err(other) => Err(PageError::new(&ctx.text, other)),
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    ctx: PageContext,
) -> Result<Response, PageError> {
    if let Some(token) = &ctx.session_token {
        state
            .services
            .sign_out(token)
            .await
            .map_err(|e| PageError::new(&ctx.text, e))?;
    }
    let mut response = Redirect::to("/").into_response();
    if let Ok(value) = HeaderValue::from_str(&expired_cookie(SESSION_COOKIE, ctx.secure_cookies)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/requests?q=x")), "/requests?q=x");
        assert_eq!(safe_next(Some("//evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("https://evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("/\\evil.example")), "/dashboard");
        assert_eq!(safe_next(None), "/dashboard");
    }
}
