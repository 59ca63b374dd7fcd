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
