//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "expat-desk", description = "Case management for a city's expat centre."),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "API tokens"),
        (name = "partners", description = "Partner organisations"),
        (name = "newcomers", description = "People the centre helps"),
        (name = "requests", description = "Requests and their workflow"),
        (name = "status", description = "Newcomers checking their requests"),
        (name = "workflows", description = "Workflow definitions and pictures"),
        (name = "operations", description = "Health"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
    }
}

/// Serialises the document once at start-up.
pub fn document_json(openapi: utoipa::openapi::OpenApi) -> String {
    openapi.to_json().unwrap_or_else(|_| "{}".to_owned())
}

/// Serves the prepared document.
pub async fn serve(json: String) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], json)
}
