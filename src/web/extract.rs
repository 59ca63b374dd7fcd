//! Extractors whose rejections are problem+json, and the bearer-token principal.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};

use super::AppState;
use super::error::ApiError;
use super::problem::Problem;
use crate::services::{Principal, ServiceError};

/// `Json<T>` whose rejection (bad syntax, wrong types, missing content type) is a 400
/// problem document instead of axum's plain-text answer.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "malformed",
                rejection.body_text(),
            )),
        }
    }
}

/// `Query<T>` whose rejection (a wrongly typed parameter) is a 400 problem document.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "malformed",
                rejection.body_text(),
            )),
        }
    }
}

/// The signed-in staff member or partner user behind `Authorization: Bearer …`.
pub struct Bearer(pub Principal);

impl FromRequestParts<AppState> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(ApiError(ServiceError::Unauthenticated))?;
        let mut principal = state.services.principal_for_token(token).await?;
        principal.address = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string());
        Ok(Self(principal))
    }
}
