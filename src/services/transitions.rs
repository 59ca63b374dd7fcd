//! Moving a request through its workflow: the engine decides, this module writes the
//! decision — state, timeline, outbox, timers — in one transaction guarded by the request's
//! version.

use chrono::{DateTime, Utc};
use entity::{partner, request, timer};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
};

use super::mail_queue::MailFacts;
use super::requests::{NewEvent, RequestDetail, engine_actor, record_event, snapshot};
use super::{Principal, ServiceError, Services};
use crate::domain::{FieldError, FieldErrors, PartnerSlug, parse_optional_text};
use crate::workflow::{self, DueChange, Outcome, PartnerChange, TransitionError, TransitionInput};

/// A transition as the caller asked for it.
#[derive(Debug, Default)]
pub struct TransitionCommand {
    pub transition: Option<String>,
    /// The version the caller read; a stale one is a conflict, never an overwrite.
    pub version: Option<i32>,
    pub comment: Option<String>,
    pub partner: Option<String>,
    /// Why the newcomer's data may be shared without their consent to sharing (for `refer`).
    pub consent_override: Option<String>,
}

struct ValidCommand {
    transition: String,
    version: i32,
    comment: Option<String>,
    partner: Option<PartnerSlug>,
}

impl TryFrom<TransitionCommand> for ValidCommand {
    type Error = Vec<FieldError>;

    fn try_from(command: TransitionCommand) -> Result<Self, Self::Error> {
        let mut errors = FieldErrors::default();
        let transition = command
            .transition
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        if transition.is_none() {
            errors.push(FieldError::new(
                "transition",
                "name the transition to apply",
            ));
        }
        if command.version.is_none() {
            errors.push(FieldError::new(
                "version",
                "send the version you read, so a newer change is not overwritten",
            ));
        }
        let comment = errors.check(parse_optional_text(
            "comment",
            command.comment.as_deref(),
            5000,
        ));
        let partner = match command
            .partner
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(slug) => errors.check(PartnerSlug::parse("partner", Some(slug))),
            None => None,
        };
        errors.finish()?;
        match (transition, command.version, comment) {
            (Some(transition), Some(version), Some(comment)) => Ok(Self {
                transition,
                version,
                comment: comment.map(|c| c.into_string()),
                partner,
            }),
            _ => Err(vec![FieldError::new("input", "invalid transition")]),
        }
    }
}

/// Who caused a change, as the timeline shows it.
pub(crate) struct ChangeAuthor {
    pub user_id: Option<i64>,
    pub label: String,
}

/// What the caller knows beyond the engine's outcome.
pub(crate) struct ChangeContext<'a> {
    pub author: &'a ChangeAuthor,
    /// The partner a `refer` names, resolved.
    pub new_partner_id: Option<i64>,
    /// Why sharing with that partner is allowed.
    pub consent_basis: &'a str,
}

impl Services {
    /// Applies a workflow transition to a request.
    ///
    /// # Errors
    /// `NotFound` when the caller may not see the request; `Conflict` when `version` is stale;
    /// `Invalid` for missing inputs; `NotAllowedNow` when the workflow forbids it now.
    pub async fn apply_transition(
        &self,
        actor: &Principal,
        reference: &str,
        command: TransitionCommand,
    ) -> Result<RequestDetail, ServiceError> {
        let consent_override = command.consent_override.clone();
        let visible = self.visible_request(actor, reference).await?;
        let consent_basis = if self.offers_referral(&visible, &command) {
            self.consent_basis(&visible, consent_override.as_deref())
                .await?
        } else {
            "consent".to_owned()
        };
        let command = ValidCommand::try_from(command)?;
        let partner_id = match &command.partner {
            Some(slug) => Some(self.active_partner_id(slug).await?),
            None => None,
        };
        let (_write_permit, txn) = self.begin_write().await?;
        let row = request::Entity::find_by_id(visible.id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("request"))?;
        if row.version != command.version {
            return Err(stale(&row));
        }
        let workflow = self.workflow_of(&row)?;
        let input = TransitionInput {
            comment: command.comment,
            partner: command.partner.map(|p| p.to_string()),
        };
        let now = self.now();
        let outcome = workflow::apply(
            workflow,
            &snapshot(&row),
            &command.transition,
            &engine_actor(actor, &row),
            &input,
            now,
        )
        .map_err(transition_refused)?;
        let author = ChangeAuthor {
            user_id: Some(actor.user_id),
            label: actor.name.clone(),
        };
        let change = ChangeContext {
            author: &author,
            new_partner_id: partner_id,
            consent_basis: &consent_basis,
        };
        let saved = self
            .store_outcome(&txn, row, &outcome, &change, now)
            .await?;
        txn.commit().await?;
        tracing::info!(
            request.reference = %saved.reference,
            transition = %outcome.transition,
            to = %outcome.to,
            actor.id = actor.user_id,
            "transition applied"
        );
        self.detail_of(actor, saved).await
    }

    async fn active_partner_id(&self, slug: &PartnerSlug) -> Result<i64, ServiceError> {
        let found = partner::Entity::find()
            .filter(partner::Column::Slug.eq(slug.as_str()))
            .filter(partner::Column::Active.eq(true))
            .one(self.db())
            .await?;
        found.map(|p| p.id).ok_or_else(|| {
            FieldError::new(
                "partner",
                format!("no active partner organisation has the slug {slug}"),
            )
            .into()
        })
    }
}

fn stale(row: &request::Model) -> ServiceError {
    ServiceError::Conflict(format!(
        "request {} has changed since you read it (it is now at version {}); reload and try again",
        row.reference, row.version
    ))
}

/// The engine's refusal as the caller should see it: missing inputs are field errors,
/// everything else "not allowed now" with the engine's reason.
fn transition_refused(error: TransitionError) -> ServiceError {
    match error.field() {
        Some(field)
            if field != "transition"
                || matches!(error, TransitionError::UnknownTransition { .. }) =>
        {
            FieldError::new(field, error.to_string()).into()
        }
        _ => ServiceError::NotAllowedNow(error.to_string()),
    }
}

/// Writes everything an engine outcome decided, in the caller's transaction. The request row
/// is updated only if its version is still the one the decision was made on.
///
/// # Errors
/// `Conflict` when another change got there first.
impl Services {
    pub(crate) async fn store_outcome(
        &self,
        txn: &impl ConnectionTrait,
        row: request::Model,
        outcome: &Outcome,
        change: &ChangeContext<'_>,
        now: DateTime<Utc>,
    ) -> Result<request::Model, ServiceError> {
        let (author, new_partner_id) = (change.author, change.new_partner_id);
        let old_partner_id = row.partner_id;
        let partner_id = match &outcome.partner {
            PartnerChange::Keep => row.partner_id,
            PartnerChange::Set(_) => new_partner_id.or(row.partner_id),
            PartnerChange::Clear => None,
        };
        let due_at = match outcome.due_at {
            DueChange::Keep => row.due_at,
            DueChange::Set(at) => Some(at),
            DueChange::Clear => None,
        };
        let state_entered_at = if outcome.state_changed() {
            now
        } else {
            row.state_entered_at
        };
        let updated = request::Entity::update_many()
            .col_expr(request::Column::State, Expr::value(outcome.to.clone()))
            .col_expr(request::Column::Version, Expr::value(row.version + 1))
            .col_expr(request::Column::PartnerId, Expr::value(partner_id))
            .col_expr(request::Column::DueAt, Expr::value(due_at))
            .col_expr(
                request::Column::StateEnteredAt,
                Expr::value(state_entered_at),
            )
            .col_expr(
                request::Column::Resolution,
                Expr::value(outcome.resolution.clone().or(row.resolution.clone())),
            )
            .col_expr(request::Column::UpdatedAt, Expr::value(now))
            .filter(request::Column::Id.eq(row.id))
            .filter(request::Column::Version.eq(row.version))
            .exec(txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(stale(&row));
        }
        record_transition_events(txn, row.id, outcome, author, now).await?;
        if let Some(command) = &outcome.referral {
            self.apply_referral_command(
                txn,
                &row,
                command,
                change,
                outcome.event.comment.as_deref(),
                now,
            )
            .await?;
        }
        let mail_partner = partner_id.or(old_partner_id);
        let facts = MailFacts {
            comment: outcome.event.comment.clone(),
            access_code: None,
            state: Some(outcome.to.clone()),
            partner_id: mail_partner,
        };
        for mail in &outcome.mails {
            self.queue_mail(txn, &row, mail, facts.clone(), now).await?;
        }
        plan_timers(txn, row.id, outcome, now).await?;
        request::Entity::find_by_id(row.id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound("request"))
    }
}

async fn record_transition_events(
    txn: &impl ConnectionTrait,
    request_id: i64,
    outcome: &Outcome,
    author: &ChangeAuthor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let event = &outcome.event;
    let visibility = event.visibility.code();
    // A public state change must not publish an internal comment (a decline reason, a
    // cancellation note): the comment then goes on the timeline as its own internal entry.
    let comment_goes_with_change = event.comment_public || visibility != "public";
    record_event(
        txn,
        request_id,
        NewEvent {
            kind: "state_changed",
            transition: Some(event.transition.clone()),
            from_state: Some(event.from.clone()),
            to_state: Some(event.to.clone()),
            body: if comment_goes_with_change {
                event.comment.clone()
            } else {
                None
            },
            visibility,
            actor_user_id: author.user_id,
            actor_label: author.label.clone(),
        },
        now,
    )
    .await?;
    if let (Some(comment), false) = (&event.comment, comment_goes_with_change) {
        record_event(
            txn,
            request_id,
            NewEvent {
                kind: "comment",
                transition: Some(event.transition.clone()),
                from_state: None,
                to_state: None,
                body: Some(comment.clone()),
                visibility: "internal",
                actor_user_id: author.user_id,
                actor_label: author.label.clone(),
            },
            now,
        )
        .await?;
    }
    Ok(())
}

async fn plan_timers(
    txn: &impl ConnectionTrait,
    request_id: i64,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if outcome.timers.cancel_pending {
        timer::Entity::update_many()
            .col_expr(timer::Column::Status, Expr::value("cancelled"))
            .filter(timer::Column::RequestId.eq(request_id))
            .filter(timer::Column::Status.eq("pending"))
            .exec(txn)
            .await?;
    }
    for scheduled in &outcome.timers.schedule {
        schedule_timer(txn, request_id, scheduled, now).await?;
    }
    Ok(())
}

/// Stores one future timer fire.
pub(crate) async fn schedule_timer(
    txn: &impl ConnectionTrait,
    request_id: i64,
    scheduled: &workflow::ScheduledTimer,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    timer::ActiveModel {
        request_id: Set(request_id),
        name: Set(scheduled.name.clone()),
        fire_number: Set(i32::try_from(scheduled.fire_number).unwrap_or(i32::MAX)),
        due_at: Set(scheduled.due_at),
        status: Set("pending".to_owned()),
        fired_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
