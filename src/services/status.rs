//! The newcomer's status check: no account, just the reference and access code (or the
//! magic link from their e-mail). Same answer, in about the same time, for an unknown
//! reference and a wrong code; rate-limited per address and per reference; every check
//! recorded in the audit log.

use chrono::{DateTime, Utc};
use entity::{partner, request, request_event};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use utoipa::ToSchema;

use super::audit::{AuditEvent, record_audit};
use super::mail_queue::MailFacts;
use super::requests::{NewEvent, record_event};
use super::{ServiceError, Services};
use crate::domain::{AccessCode, FieldError, Language, Reference, parse_text};
use crate::workflow::{MailSpec, Recipient, StateKind};

/// How a newcomer proves they may see a request.
#[derive(Debug, Clone)]
pub enum StatusCredentials {
    /// Typed on the status page or sent to the API.
    Code {
        reference: String,
        access_code: String,
    },
    /// The token of the magic link in their e-mail.
    Link { token: String },
}

/// One entry of the public timeline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicEvent {
    pub at: DateTime<Utc>,
    /// What happened, in the newcomer's language.
    pub what: String,
    /// Words meant for the newcomer (what is needed, the outcome), if any.
    pub comment: Option<String>,
    /// Whether the newcomer wrote it.
    pub from_newcomer: bool,
}

/// Where a request stands, as the newcomer sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusView {
    pub reference: String,
    pub title: String,
    pub category: String,
    pub state: String,
    /// The state in the newcomer's language.
    pub state_label: String,
    /// What happens next / what is expected of them.
    pub next: String,
    /// `open`, `waiting` (on the newcomer) or `terminal`.
    pub state_kind: String,
    /// What the centre asked them for, when it waits on them.
    pub what_we_need: Option<String>,
    /// The organisation handling it now (never a staff member's name).
    pub handled_by: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    /// BCP 47 code of the language of the texts.
    pub language: String,
    pub timeline: Vec<PublicEvent>,
    /// The magic-link token: lets the page send a message without the code again.
    #[serde(skip)]
    pub token: String,
}

const MESSAGE_MAX: usize = 4000;

impl Services {
    /// Checks the credentials and shows the request in `language` (the newcomer's preferred
    /// language when `None`).
    ///
    /// # Errors
    /// `NotFound` for an unknown reference, a wrong code or a bad link (one answer for all);
    /// `RateLimited` after repeated attempts from one address or on one reference.
    pub async fn check_status(
        &self,
        credentials: StatusCredentials,
        language: Option<Language>,
        address: Option<&str>,
    ) -> Result<StatusView, ServiceError> {
        let (typed_reference, by_link) = match &credentials {
            StatusCredentials::Code { reference, .. } => (reference.clone(), false),
            StatusCredentials::Link { token } => {
                (token.split('.').next().unwrap_or_default().to_owned(), true)
            }
        };
        // A working magic link skips the per-reference limit, so an attacker hammering a
        // reference cannot lock its owner out.
        self.throttle()
            .status_check(address, (!by_link).then_some(typed_reference.as_str()))?;
        let found = self.verify_status_credentials(&credentials).await?;
        let outcome = if found.is_some() { "ok" } else { "failed" };
        self.record_read(
            None,
            address,
            AuditEvent {
                action: "status_check",
                subject_type: "request",
                subject_id: Some(typed_reference.chars().take(40).collect()),
                detail: Some(format!(
                    "{outcome} ({})",
                    if by_link { "link" } else { "code" }
                )),
            },
        )
        .await?;
        let row = found.ok_or(ServiceError::NotFound("request"))?;
        self.status_view(row, language).await
    }

    /// The request behind the credentials, if they are right; the same work either way.
    async fn verify_status_credentials(
        &self,
        credentials: &StatusCredentials,
    ) -> Result<Option<request::Model>, ServiceError> {
        match credentials {
            StatusCredentials::Code {
                reference,
                access_code,
            } => {
                let reference = Reference::parse(reference);
                let code = AccessCode::parse(access_code);
                let row = match &reference {
                    Some(reference) => self.request_by_reference(reference.as_str()).await?,
                    None => None,
                };
                let typed_hash = self
                    .keys()
                    .access_code_hash(code.as_ref().map_or("-", |c| c.canonical()));
                let stored = row.as_ref().map_or("", |r| r.access_code_hash.as_str());
                let matches = code.is_some()
                    && crate::domain::constant_time_eq(typed_hash.as_bytes(), stored.as_bytes());
                Ok(row.filter(|_| matches))
            }
            StatusCredentials::Link { token } => {
                let (reference, signature) = token.split_once('.').unwrap_or((token, ""));
                let row = match Reference::parse(reference) {
                    Some(reference) => self.request_by_reference(reference.as_str()).await?,
                    None => None,
                };
                let expected = row.as_ref().map_or_else(String::new, |r| {
                    self.keys()
                        .magic_link_signature(&r.reference, &r.access_code_hash)
                });
                let matches = !signature.is_empty()
                    && crate::domain::constant_time_eq(signature.as_bytes(), expected.as_bytes());
                Ok(row.filter(|_| matches))
            }
        }
    }

    async fn request_by_reference(
        &self,
        reference: &str,
    ) -> Result<Option<request::Model>, ServiceError> {
        Ok(request::Entity::find()
            .filter(request::Column::Reference.eq(reference))
            .one(self.db())
            .await?)
    }

    /// The magic-link token of a request: `REFERENCE.signature`.
    pub(crate) fn magic_token(&self, row: &request::Model) -> String {
        format!(
            "{}.{}",
            row.reference,
            self.keys()
                .magic_link_signature(&row.reference, &row.access_code_hash)
        )
    }

    async fn status_view(
        &self,
        row: request::Model,
        language: Option<Language>,
    ) -> Result<StatusView, ServiceError> {
        let newcomer = entity::newcomer::Entity::find_by_id(row.newcomer_id)
            .one(self.db())
            .await?;
        let language = language
            .or_else(|| {
                newcomer
                    .as_ref()
                    .and_then(|n| Language::parse(&n.preferred_language))
            })
            .unwrap_or(Language::En);
        let workflow = self.workflow_of(&row)?;
        let state = workflow.state(&row.state);
        let events = request_event::Entity::find()
            .filter(request_event::Column::RequestId.eq(row.id))
            .filter(request_event::Column::Visibility.eq("public"))
            .order_by_asc(request_event::Column::Id)
            .all(self.db())
            .await?;
        let what_we_need = if state.is_some_and(|s| s.kind == StateKind::Waiting) {
            events
                .iter()
                .rev()
                .find(|e| {
                    e.kind == "state_changed" && e.to_state.as_deref() == Some(row.state.as_str())
                })
                .and_then(|e| e.body.clone())
        } else {
            None
        };
        let handled_by = match row.partner_id {
            Some(id) => partner::Entity::find_by_id(id)
                .one(self.db())
                .await?
                .map(|p| p.name),
            None => Some(self.translations().text(language, "centre-name", &[])),
        };
        let timeline = events
            .into_iter()
            .map(|e| {
                let label = |s: &str| {
                    self.state_label_in(&row.workflow_key, row.workflow_version, s, language)
                };
                let what = match (e.kind.as_str(), e.to_state.as_deref()) {
                    ("created", _) => {
                        self.translations()
                            .text(language, "status-event-created", &[])
                    }
                    ("state_changed", Some(to)) => self.translations().text(
                        language,
                        "status-event-moved",
                        &[("state", label(to))],
                    ),
                    ("newcomer_message", _) => {
                        self.translations()
                            .text(language, "status-event-your-message", &[])
                    }
                    _ => self
                        .translations()
                        .text(language, "status-event-update", &[]),
                };
                PublicEvent {
                    at: e.created_at,
                    what,
                    comment: e.body,
                    from_newcomer: e.kind == "newcomer_message",
                }
            })
            .collect();
        Ok(StatusView {
            token: self.magic_token(&row),
            title: row.title.clone(),
            category: self.translations().text(
                language,
                &format!("category-{}", row.category),
                &[],
            ),
            state_label: state
                .map_or_else(|| row.state.clone(), |s| s.label.get(language).to_owned()),
            next: state
                .map(|s| s.description.get(language).to_owned())
                .unwrap_or_default(),
            state_kind: state.map_or("open", |s| s.kind.code()).to_owned(),
            what_we_need,
            handled_by,
            due_at: row.due_at,
            language: language.code().to_owned(),
            timeline,
            reference: row.reference,
            state: row.state,
        })
    }

    /// A message from the newcomer to the centre (with their magic-link token): it goes on
    /// the timeline and the assignee is told by e-mail.
    ///
    /// # Errors
    /// `NotFound` for a bad token; `Invalid` for an empty or over-long message;
    /// `RateLimited` when one address sends too much.
    pub async fn newcomer_message(
        &self,
        token: &str,
        message: Option<&str>,
        address: Option<&str>,
    ) -> Result<StatusView, ServiceError> {
        self.throttle().status_check(address, None)?;
        let text = parse_text("message", message, MESSAGE_MAX).map_err(ServiceError::from)?;
        let row = self
            .verify_status_credentials(&StatusCredentials::Link {
                token: token.to_owned(),
            })
            .await?
            .ok_or(ServiceError::NotFound("request"))?;
        let now = self.now();
        let (_permit, txn) = self.begin_write().await?;
        record_event(
            &txn,
            row.id,
            NewEvent {
                kind: "newcomer_message",
                transition: None,
                from_state: None,
                to_state: None,
                body: Some(text.as_str().to_owned()),
                visibility: "public",
                actor_user_id: None,
                actor_label: "Newcomer".to_owned(),
            },
            now,
        )
        .await?;
        request::Entity::update_many()
            .col_expr(
                request::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(request::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        let spec = MailSpec {
            to: Recipient::Assignee,
            template: "newcomer_message".to_owned(),
        };
        let facts = MailFacts {
            comment: Some(text.into_string()),
            ..MailFacts::default()
        };
        self.queue_mail(&txn, &row, &spec, facts, now).await?;
        record_audit(
            &txn,
            None,
            address,
            AuditEvent {
                action: "newcomer_message",
                subject_type: "request",
                subject_id: Some(row.reference.clone()),
                detail: None,
            },
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(request.reference = %row.reference, "newcomer sent a message");
        self.status_view(row, None).await
    }
}

/// Field errors of the status form, before anything is looked up.
///
/// # Errors
/// The empty fields.
pub fn require_status_fields(reference: &str, access_code: &str) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if reference.trim().is_empty() {
        errors.push(FieldError::new(
            "reference",
            "enter the reference, like EXP-2026-00042",
        ));
    }
    if access_code.trim().is_empty() {
        errors.push(FieldError::new(
            "access_code",
            "enter the access code from your e-mail",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
