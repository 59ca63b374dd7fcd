use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::web::AppState;
use crate::web::error::PageError;
use crate::web::session::SignedIn;
use crate::web::views::layout::{Layout, local_time};
use crate::web::views::mail::{MailPage, MailboxPage, OutboxPage, OutboxRow};

#[derive(Deserialize)]
pub struct StatusFilter {
    status: Option<String>,
}

pub async fn outbox(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(filter): Query<StatusFilter>,
) -> Result<Response, PageError> {
    let entries = state
        .services
        .outbox_entries(&signed_in.principal, filter.status.as_deref())
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    let rows = entries
        .into_iter()
        .map(|entry| OutboxRow {
            created: local_time(&entry.created_at),
            next_attempt: local_time(&entry.next_attempt_at),
            sent: entry.sent_at.as_ref().map(local_time).unwrap_or_default(),
            entry,
        })
        .collect();
    Ok(OutboxPage {
        layout: Layout::new(&signed_in.ctx, "outbox"),
        status: filter.status.unwrap_or_default(),
        rows,
    }
    .into_response())
}

pub async fn retry(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    state
        .services
        .retry_dead_mail(&signed_in.principal, id)
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    Ok(Redirect::to("/admin/outbox?status=pending").into_response())
}

pub async fn mailbox(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, PageError> {
    let messages = state
        .services
        .dev_mailbox(&signed_in.principal)
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?
        .into_iter()
        .map(|m| {
            let when = local_time(&m.delivered_at);
            (m, when)
        })
        .collect();
    Ok(MailboxPage {
        layout: Layout::new(&signed_in.ctx, "mailbox"),
        messages,
    }
    .into_response())
}

pub async fn message(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let mail = state
        .services
        .dev_mail(&signed_in.principal, id)
        .await
        .map_err(|e| PageError::new(&signed_in.ctx.text, e))?;
    Ok(MailPage {
        layout: Layout::new(&signed_in.ctx, "mailbox"),
        delivered: local_time(&mail.delivered_at),
        mail,
    }
    .into_response())
}
