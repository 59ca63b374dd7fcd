use crate::domain::FieldError;

/// Why a use case did not happen. The web layer maps each variant to one HTTP status in one
/// place (`web::error`); the CLI prints [`ServiceError::one_line`].
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The input was well-formed but some fields are invalid.
    #[error("{}", summarize(.0))]
    Invalid(Vec<FieldError>),
    /// The caller is not signed in (or the token is unknown, expired or revoked).
    #[error("sign in first")]
    Unauthenticated,
    /// The caller is signed in but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Nothing of that kind exists, or the caller may not know it exists.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The change conflicts with the current data (a stale version, a duplicate).
    #[error("{0}")]
    Conflict(String),
    /// The request is well-formed, but the rules forbid it now (e.g. a workflow transition).
    #[error("{0}")]
    NotAllowedNow(String),
    /// Too many attempts; try again after the given number of seconds.
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: u64 },
    /// Every database connection is busy (overload): try again shortly.
    #[error("the service is busy; try again in a few seconds")]
    Busy,
    /// Something on our side failed; details are logged, never shown.
    #[error(transparent)]
    Internal(#[from] InternalError),
}

/// A failure that is not the caller's fault.
#[derive(Debug, thiserror::Error)]
pub enum InternalError {
    #[error("database error")]
    Database(#[from] sea_orm::DbErr),
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
    #[error("background task failed")]
    Join(#[from] tokio::task::JoinError),
    #[error("{0}")]
    Inconsistent(String),
}

impl From<sea_orm::DbErr> for ServiceError {
    fn from(error: sea_orm::DbErr) -> Self {
        match error {
            // Overload is not a bug: the caller may simply try again.
            sea_orm::DbErr::ConnectionAcquire(_) => {
                tracing::warn!("no database connection free in time");
                ServiceError::Busy
            }
            other => ServiceError::Internal(InternalError::Database(other)),
        }
    }
}

impl From<Vec<FieldError>> for ServiceError {
    fn from(errors: Vec<FieldError>) -> Self {
        ServiceError::Invalid(errors)
    }
}

impl From<FieldError> for ServiceError {
    fn from(error: FieldError) -> Self {
        ServiceError::Invalid(vec![error])
    }
}

impl ServiceError {
    /// A one-line message for the terminal.
    pub fn one_line(&self) -> String {
        match self {
            ServiceError::Internal(error) => format!("internal error: {}", chain(error)),
            other => other.to_string(),
        }
    }
}

fn summarize(errors: &[FieldError]) -> String {
    let parts: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    parts.join("; ")
}

/// The error and its causes on one line, for logs and the terminal.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
