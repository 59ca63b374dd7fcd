//! The one place where service errors become HTTP answers.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::problem::Problem;
use crate::services::{ServiceError, error::chain};

/// A service error on its way out of a JSON API handler.
#[derive(Debug)]
pub struct ApiError(pub ServiceError);

impl<E: Into<ServiceError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        Self(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        problem_for(self.0).into_response()
    }
}

/// Maps each service error to its status and problem document. Internal errors are logged
/// here, once, with their cause chain, and shown only as a generic message.
pub fn problem_for(error: ServiceError) -> Problem {
    match error {
        ServiceError::Invalid(errors) => Problem::validation(errors),
        ServiceError::Unauthenticated => Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "sign in first: send `Authorization: Bearer <token>` from POST /api/v1/auth/token",
        ),
        ServiceError::Forbidden(detail) => Problem::new(StatusCode::FORBIDDEN, "forbidden", detail),
        ServiceError::NotFound(what) => Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("{what} not found"),
        ),
        ServiceError::Conflict(detail) => Problem::new(StatusCode::CONFLICT, "conflict", detail),
        ServiceError::NotAllowedNow(detail) => {
            Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "not-allowed-now", detail)
        }
        ServiceError::RateLimited { retry_after_secs } => Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            format!("too many attempts; try again in {retry_after_secs} seconds"),
        )
        .retry_after(retry_after_secs),
        ServiceError::Busy => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "the service is busy; try again in a few seconds",
        )
        .retry_after(5),
        ServiceError::Internal(error) => {
            tracing::error!(error = %chain(&error), "internal error");
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "something went wrong on our side; it has been logged",
            )
        }
    }
}

/// A service error on its way out of a page handler: an HTML page with the message, or a
/// redirect to sign in.
pub struct PageError {
    error: ServiceError,
    text: crate::web::views::layout::PageText,
}

impl PageError {
    pub fn new(text: &crate::web::views::layout::PageText, error: ServiceError) -> Self {
        Self {
            error,
            text: text.clone(),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        use crate::web::views::errors::ErrorPage;
        let text = &self.text;
        match self.error {
            ServiceError::Unauthenticated => {
                axum::response::Redirect::to("/sign-in").into_response()
            }
            ServiceError::NotFound(_) => {
                ErrorPage::new(text, StatusCode::NOT_FOUND, "error-not-found").into_response()
            }
            ServiceError::Forbidden(message) => {
                ErrorPage::with_message(text, StatusCode::FORBIDDEN, "error-forbidden", message)
                    .into_response()
            }
            ServiceError::Conflict(message) => {
                ErrorPage::with_message(text, StatusCode::CONFLICT, "error-conflict", message)
                    .into_response()
            }
            ServiceError::NotAllowedNow(message) => ErrorPage::with_message(
                text,
                StatusCode::UNPROCESSABLE_ENTITY,
                "error-not-allowed",
                message,
            )
            .into_response(),
            ServiceError::Invalid(errors) => {
                let message = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                ErrorPage::with_message(
                    text,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "error-invalid",
                    message,
                )
                .into_response()
            }
            ServiceError::RateLimited { retry_after_secs } => {
                let mut response = ErrorPage::with_message(
                    text,
                    StatusCode::TOO_MANY_REQUESTS,
                    "error-rate-limited",
                    text.t1(
                        "error-rate-limited",
                        "seconds",
                        &retry_after_secs.to_string(),
                    ),
                )
                .into_response();
                response.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(retry_after_secs),
                );
                response
            }
            ServiceError::Busy => {
                let mut response =
                    ErrorPage::new(text, StatusCode::SERVICE_UNAVAILABLE, "error-busy")
                        .into_response();
                response.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(5u64),
                );
                response
            }
            ServiceError::Internal(error) => {
                tracing::error!(error = %chain(&error), "internal error");
                ErrorPage::new(text, StatusCode::INTERNAL_SERVER_ERROR, "error-internal")
                    .into_response()
            }
        }
    }
}
