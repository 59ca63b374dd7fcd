use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::layout::PageText;

/// A page saying what went wrong, with the right status.
pub struct ErrorPage {
    pub text: PageText,
    pub status: StatusCode,
    pub title: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorBody<'a> {
    text: &'a PageText,
    status: StatusCode,
    title: &'a str,
    message: &'a str,
}

impl ErrorPage {
    /// An error page whose message is the translation of `key`.
    pub fn new(text: &PageText, status: StatusCode, key: &str) -> Self {
        Self {
            text: text.clone(),
            status,
            title: text.t(&format!("{key}-title")),
            message: text.t(key),
        }
    }

    /// An error page with a message from the services (already in words).
    pub fn with_message(text: &PageText, status: StatusCode, key: &str, message: String) -> Self {
        Self {
            text: text.clone(),
            status,
            title: text.t(&format!("{key}-title")),
            message,
        }
    }
}

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            text: &self.text,
            status: self.status,
            title: &self.title,
            message: &self.message,
        };
        match body.render() {
            Ok(html) => (self.status, axum::response::Html(html)).into_response(),
            Err(error) => {
                tracing::error!(%error, "error page failed to render");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
            }
        }
    }
}
