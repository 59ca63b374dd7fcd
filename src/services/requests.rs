//! Requests: taking one in and reading it back. Transitions live in `transitions.rs`.

use entity::{newcomer, partner, request, request_event, user};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, OnConflict},
};
use serde::Serialize;
use utoipa::ToSchema;

use super::audit::AuditEvent;
use super::mail_queue::MailFacts;
use super::{Principal, ServiceError, Services};
use crate::domain::{
    AccessCode, Category, FieldError, FieldErrors, Language, Reference, parse_category, parse_text,
};
use crate::mail::render::MailKind;
use crate::workflow::{self, Actor, MailSpec, Recipient, RequestSnapshot, Workflow};

/// A request as typed at intake.
#[derive(Debug, Default)]
pub struct NewRequestInput {
    pub newcomer_id: Option<i64>,
    pub category: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
}

/// A request just taken in: the only time the access code is known in clear.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreatedRequest {
    pub reference: String,
    /// Hand this to the newcomer now; it is stored only as a hash and cannot be shown again.
    pub access_code: String,
    pub state: String,
    pub version: i32,
    pub category: String,
    pub title: String,
    pub newcomer_id: i64,
    pub workflow: String,
    pub workflow_version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A transition the caller may apply now, and what it needs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AllowedTransition {
    pub name: String,
    pub to: String,
    pub label: String,
    /// Inputs the transition requires: `comment`, `partner`.
    pub needs: Vec<String>,
}

/// One timeline entry.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineEvent {
    pub id: i64,
    pub kind: String,
    pub transition: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub body: Option<String>,
    /// `internal`, `partner` or `public`.
    pub visibility: String,
    pub actor: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Someone a request is assigned to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Assignee {
    pub id: i64,
    pub name: String,
}

/// A request as staff (or the partner it is referred to) see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequestDetail {
    pub reference: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub state: String,
    pub state_label: String,
    pub version: i32,
    pub workflow: String,
    pub workflow_version: i32,
    pub newcomer_id: i64,
    /// The slug of the partner it is referred to.
    pub partner: Option<String>,
    pub assignee: Option<Assignee>,
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    pub resolution: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub allowed_transitions: Vec<AllowedTransition>,
    pub events: Vec<TimelineEvent>,
}

struct ValidRequest {
    newcomer_id: i64,
    category: Category,
    title: String,
    description: String,
}

impl TryFrom<NewRequestInput> for ValidRequest {
    type Error = Vec<FieldError>;

    fn try_from(input: NewRequestInput) -> Result<Self, Self::Error> {
        let mut errors = FieldErrors::default();
        if input.newcomer_id.is_none() {
            errors.push(FieldError::new(
                "newcomer_id",
                "choose the newcomer this request is for",
            ));
        }
        let category = errors.check(parse_category("category", input.category.as_deref()));
        let title = errors.check(parse_text("title", input.title.as_deref(), 200));
        let description = errors.check(parse_text(
            "description",
            input.description.as_deref(),
            10_000,
        ));
        errors.finish()?;
        match (input.newcomer_id, category, title, description) {
            (Some(newcomer_id), Some(category), Some(title), Some(description)) => Ok(Self {
                newcomer_id,
                category,
                title: title.into_string(),
                description: description.into_string(),
            }),
            _ => Err(vec![FieldError::new("input", "invalid request")]),
        }
    }
}

/// The engine's view of who is acting on a request.
pub(crate) fn engine_actor(actor: &Principal, request: &request::Model) -> Actor {
    match actor.role {
        entity::user::Role::Admin => Actor::admin(),
        entity::user::Role::Caseworker => Actor::caseworker(),
        entity::user::Role::Partner => Actor::partner(actor.is_partner(request.partner_id)),
    }
}

/// The engine's view of a request row.
pub(crate) fn snapshot(request: &request::Model) -> RequestSnapshot<'_> {
    RequestSnapshot {
        state: &request.state,
        has_partner: request.partner_id.is_some(),
        due_at: request.due_at,
        state_entered_at: request.state_entered_at,
    }
}

impl Services {
    /// Takes in a request for an existing newcomer. It starts in its workflow's initial state,
    /// pinned to the workflow version in force now, with a fresh reference and access code.
    ///
    /// # Errors
    /// `Forbidden` for partner users; `Invalid` for bad fields or an unknown newcomer.
    pub async fn create_request(
        &self,
        actor: &Principal,
        input: NewRequestInput,
    ) -> Result<CreatedRequest, ServiceError> {
        actor.require_staff()?;
        let valid = ValidRequest::try_from(input)?;
        let workflow = self.workflows().for_category(valid.category);
        let access_code = AccessCode::generate();
        let (_write_permit, txn) = self.begin_write().await?;
        let newcomer = newcomer::Entity::find_by_id(valid.newcomer_id)
            .one(&txn)
            .await?;
        if newcomer.is_none_or(|n| n.anonymised_at.is_some()) {
            return Err(FieldError::new(
                "newcomer_id",
                format!("there is no newcomer with id {}", valid.newcomer_id),
            )
            .into());
        }
        let now = self.now();
        let reference = self.next_reference(&txn, now).await?;
        let row = request::ActiveModel {
            reference: Set(reference.to_string()),
            newcomer_id: Set(valid.newcomer_id),
            category: Set(valid.category.code().to_owned()),
            title: Set(valid.title),
            description: Set(valid.description),
            workflow_key: Set(workflow.key().to_owned()),
            workflow_version: Set(i32::try_from(workflow.version()).unwrap_or(i32::MAX)),
            state: Set(workflow.initial().to_owned()),
            version: Set(1),
            assignee_id: Set(
                (actor.role == entity::user::Role::Caseworker).then_some(actor.user_id)
            ),
            partner_id: Set(None),
            due_at: Set(None),
            state_entered_at: Set(now),
            resolution: Set(None),
            access_code_hash: Set(self.keys().access_code_hash(access_code.canonical())),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        record_event(&txn, row.id, NewEvent::created(actor, workflow), now).await?;
        let facts = MailFacts {
            access_code: Some(access_code.display()),
            ..MailFacts::default()
        };
        let intake_mail = MailSpec {
            to: Recipient::Newcomer,
            template: MailKind::RequestReceived.name().to_owned(),
        };
        self.queue_mail(&txn, &row, &intake_mail, facts, now)
            .await?;
        txn.commit().await?;
        tracing::info!(request.reference = %row.reference, actor.id = actor.user_id, "request taken in");
        Ok(CreatedRequest {
            reference: row.reference,
            access_code: access_code.display(),
            state: row.state,
            version: row.version,
            category: row.category,
            title: row.title,
            newcomer_id: row.newcomer_id,
            workflow: row.workflow_key,
            workflow_version: row.workflow_version,
            created_at: row.created_at,
        })
    }

    /// Reserves the next reference of this year, inside the caller's transaction so a
    /// rolled-back intake does not burn a number on PostgreSQL, and two concurrent intakes
    /// never get the same one (the counter row is locked by the upsert).
    async fn next_reference(
        &self,
        txn: &impl ConnectionTrait,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Reference, ServiceError> {
        use chrono::Datelike;
        use entity::reference_counter::{ActiveModel, Column, Entity};
        let prefix = self.config().reference_prefix.clone();
        let year = now.with_timezone(&chrono_tz::Europe::Prague).year();
        let counter = Entity::insert(ActiveModel {
            prefix: Set(prefix.clone()),
            year: Set(year),
            last_value: Set(1),
        })
        .on_conflict(
            OnConflict::columns([Column::Prefix, Column::Year])
                .value(
                    Column::LastValue,
                    Expr::col((Entity, Column::LastValue)).add(1),
                )
                .to_owned(),
        )
        .exec_with_returning(txn)
        .await?;
        Ok(Reference::new(&prefix, year, counter.last_value))
    }

    /// Reads a request with its timeline and the transitions the caller may apply now.
    /// A partner user sees only requests referred to their organisation, and only the
    /// timeline entries meant for partners. Every read is recorded in the audit log.
    ///
    /// # Errors
    /// `NotFound` when the request does not exist or the caller may not see it.
    pub async fn request_detail(
        &self,
        actor: &Principal,
        reference: &str,
    ) -> Result<RequestDetail, ServiceError> {
        let row = self.visible_request(actor, reference).await?;
        self.record_read(
            Some(actor),
            None,
            AuditEvent {
                action: "view",
                subject_type: "request",
                subject_id: Some(row.reference.clone()),
                detail: Some(format!("newcomer {}", row.newcomer_id)),
            },
        )
        .await?;
        self.detail_of(actor, row).await
    }

    /// The detail of a row the caller may see, without an audit entry (the caller changed
    /// it a moment ago, or records the read itself).
    pub(crate) async fn detail_of(
        &self,
        actor: &Principal,
        row: request::Model,
    ) -> Result<RequestDetail, ServiceError> {
        let workflow = self.workflow_of(&row)?;
        let events = self.timeline(actor, row.id).await?;
        let partner = match row.partner_id {
            Some(id) => partner::Entity::find_by_id(id)
                .one(self.db())
                .await?
                .map(|p| p.slug),
            None => None,
        };
        let assignee = match row.assignee_id {
            Some(id) => user::Entity::find_by_id(id)
                .one(self.db())
                .await?
                .map(|u| Assignee {
                    id: u.id,
                    name: u.name,
                }),
            None => None,
        };
        let allowed =
            workflow::allowed_transitions(workflow, &snapshot(&row), &engine_actor(actor, &row))
                .into_iter()
                .map(|t| AllowedTransition {
                    name: t.name.clone(),
                    to: t.to.clone(),
                    label: t.label.get(Language::En).to_owned(),
                    needs: t.needs().into_iter().map(str::to_owned).collect(),
                })
                .collect();
        let state_label = workflow
            .state(&row.state)
            .map(|s| s.label.get(Language::En).to_owned())
            .unwrap_or_else(|| row.state.clone());
        Ok(RequestDetail {
            reference: row.reference,
            category: row.category,
            title: row.title,
            description: row.description,
            state: row.state,
            state_label,
            version: row.version,
            workflow: row.workflow_key,
            workflow_version: row.workflow_version,
            newcomer_id: row.newcomer_id,
            partner,
            assignee,
            due_at: row.due_at,
            resolution: row.resolution,
            created_at: row.created_at,
            updated_at: row.updated_at,
            allowed_transitions: allowed,
            events,
        })
    }

    /// The request behind `reference` if the caller may see it.
    pub(crate) async fn visible_request(
        &self,
        actor: &Principal,
        reference: &str,
    ) -> Result<request::Model, ServiceError> {
        let reference = Reference::parse(reference).ok_or(ServiceError::NotFound("request"))?;
        let row = request::Entity::find()
            .filter(request::Column::Reference.eq(reference.as_str()))
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("request"))?;
        if actor.is_staff() || actor.is_partner(row.partner_id) {
            Ok(row)
        } else {
            Err(ServiceError::NotFound("request"))
        }
    }

    /// The workflow version a request is pinned to.
    pub(crate) fn workflow_of(&self, row: &request::Model) -> Result<&Workflow, ServiceError> {
        let version = u32::try_from(row.workflow_version).unwrap_or_default();
        self.workflows()
            .get(&row.workflow_key, version)
            .ok_or_else(|| {
                super::InternalError::Inconsistent(format!(
                    "request {} uses workflow {} v{}, which is not loaded",
                    row.reference, row.workflow_key, row.workflow_version
                ))
                .into()
            })
    }

    async fn timeline(
        &self,
        actor: &Principal,
        request_id: i64,
    ) -> Result<Vec<TimelineEvent>, ServiceError> {
        let mut query = request_event::Entity::find()
            .filter(request_event::Column::RequestId.eq(request_id))
            .order_by_asc(request_event::Column::Id);
        if !actor.is_staff() {
            query = query.filter(request_event::Column::Visibility.is_in(["partner", "public"]));
        }
        let rows = query.all(self.db()).await?;
        Ok(rows
            .into_iter()
            .map(|e| TimelineEvent {
                id: e.id,
                kind: e.kind,
                transition: e.transition,
                from_state: e.from_state,
                to_state: e.to_state,
                body: e.body,
                visibility: e.visibility,
                actor: e.actor_label,
                at: e.created_at,
            })
            .collect())
    }
}

/// A timeline entry to write.
pub(crate) struct NewEvent {
    pub kind: &'static str,
    pub transition: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub body: Option<String>,
    pub visibility: &'static str,
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
}

impl NewEvent {
    fn created(actor: &Principal, workflow: &Workflow) -> Self {
        Self {
            kind: "created",
            transition: None,
            from_state: None,
            to_state: Some(workflow.initial().to_owned()),
            body: None,
            visibility: "public",
            actor_user_id: Some(actor.user_id),
            actor_label: actor.name.clone(),
        }
    }
}

/// Writes a timeline entry in the caller's transaction.
pub(crate) async fn record_event(
    txn: &impl ConnectionTrait,
    request_id: i64,
    event: NewEvent,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<request_event::Model, ServiceError> {
    let row = request_event::ActiveModel {
        request_id: Set(request_id),
        kind: Set(event.kind.to_owned()),
        transition: Set(event.transition),
        from_state: Set(event.from_state),
        to_state: Set(event.to_state),
        body: Set(event.body),
        visibility: Set(event.visibility.to_owned()),
        actor_user_id: Set(event.actor_user_id),
        actor_label: Set(event.actor_label),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(row)
}
