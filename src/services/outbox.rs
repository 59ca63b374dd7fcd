//! Delivering the outbox: claim due messages with a lease, hand them to the mailer, and
//! record the result — sent, retry later with exponential backoff and jitter, or dead after
//! too many attempts. Admins see the outbox and retry dead messages.
//!
//! Claims are safe with several instances on PostgreSQL (`FOR UPDATE SKIP LOCKED`); a lease
//! that expires lets another instance take over a message whose sender died mid-send. The
//! one window left — sent, then the instance dies before recording it — can repeat a message;
//! its `Message-ID` is the same, so mail clients show it once.

use chrono::{DateTime, Duration, Utc};
use entity::{dev_mail, outbox_message};
use rand::Rng;
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};

use super::{Principal, ServiceError, Services};
use crate::mail::message::{OutgoingMail, build, headers_text, reply_to_for};
use crate::mail::transport::Mailer;

/// SMTP conversations one delivery round runs at once.
const SENDERS: usize = 16;
/// Attempts before a message is marked dead.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claim lasts; longer than one SMTP conversation may take.
const LEASE_SECONDS: i64 = 120;
/// The first retry waits this long; each further one doubles it (up to a day).
const FIRST_BACKOFF_SECONDS: i64 = 30;
/// What replaces a delivered body that contained the access code.
pub(crate) const SCRUBBED: &str =
    "[delivered; removed because it contained the newcomer's access code]";

/// What a delivery round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retrying: usize,
    pub dead: usize,
}

/// One outbox row as admins see it.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub template: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A message in the dev mailbox.
#[derive(Debug, Clone)]
pub struct DevMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub headers: String,
    pub delivered_at: DateTime<Utc>,
}

/// The wait before retry `attempt` (1-based): 30 s, 1 min, 2 min… capped at a day, with up
/// to 20 % jitter so a recovering SMTP server is not hit by every message at once.
pub fn backoff(attempt: i32, jitter: f64) -> Duration {
    let exponent = u32::try_from(attempt.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    let base = FIRST_BACKOFF_SECONDS
        .saturating_mul(1_i64 << exponent)
        .min(86_400);
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        reason = "seconds of a day fit"
    )]
    let spread = (base as f64 * 0.2 * jitter.clamp(0.0, 1.0)) as i64;
    Duration::seconds(base + spread)
}

impl Services {
    /// Delivers up to `limit` due messages; safe to run from several instances at once.
    ///
    /// # Errors
    /// When the database fails; a message that fails to send is rescheduled, not an error.
    pub async fn deliver_due_mail(&self, limit: u64) -> Result<DeliveryReport, ServiceError> {
        use futures_util::stream::{self, StreamExt};
        let claimed = self.claim_due_mail(limit).await?;
        // Several SMTP conversations at once (lettre pools connections): one message's round
        // trips, not the server, are what limits a single conversation.
        let results: Vec<_> = stream::iter(claimed)
            .map(|message| async move {
                let sent = self.send_one(&message).await;
                (message, sent)
            })
            .buffer_unordered(SENDERS)
            .collect()
            .await;
        let mut report = DeliveryReport::default();
        for (message, sent) in results {
            match sent {
                Ok(()) => {
                    self.mark_sent(&message).await?;
                    report.sent += 1;
                }
                Err(error) => {
                    if self.mark_failed(&message, &error).await? {
                        report.dead += 1;
                    } else {
                        report.retrying += 1;
                    }
                }
            }
        }
        Ok(report)
    }

    async fn claim_due_mail(&self, limit: u64) -> Result<Vec<outbox_message::Model>, ServiceError> {
        let now = self.now();
        let (_permit, txn) = self.begin_write().await?;
        let due = outbox_message::Entity::find()
            .filter(outbox_message::Column::Status.eq("pending"))
            .filter(outbox_message::Column::NextAttemptAt.lte(now))
            .filter(
                Condition::any()
                    .add(outbox_message::Column::LockedUntil.is_null())
                    .add(outbox_message::Column::LockedUntil.lt(now)),
            )
            .order_by_asc(outbox_message::Column::Id)
            .limit(limit)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
            .all(&txn)
            .await?;
        let lease = now + Duration::seconds(LEASE_SECONDS);
        let ids: Vec<i64> = due.iter().map(|m| m.id).collect();
        if !ids.is_empty() {
            outbox_message::Entity::update_many()
                .col_expr(outbox_message::Column::LockedUntil, Expr::value(lease))
                .filter(outbox_message::Column::Id.is_in(ids))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(due
            .into_iter()
            .map(|m| outbox_message::Model {
                locked_until: Some(lease),
                ..m
            })
            .collect())
    }

    async fn send_one(&self, row: &outbox_message::Model) -> Result<(), String> {
        let reference = row.thread_id.split('@').next().unwrap_or_default();
        let mail = OutgoingMail {
            from: self.config().mail_from.clone(),
            to: row.recipient_email.clone(),
            subject: row.subject.clone(),
            text: row.body_text.clone(),
            html: row.body_html.clone(),
            message_id: row.message_id.clone(),
            thread_id: row.thread_id.clone(),
            reply_to: reply_to_for(&self.config().mail_from, reference),
            language: row.language.clone(),
        };
        let message = build(&mail).map_err(|e| e.to_string())?;
        match self.mailer() {
            Mailer::Smtp(transport) => Mailer::send_smtp(transport, message)
                .await
                .map_err(|e| e.to_string()),
            Mailer::DevMailbox => self
                .keep_in_dev_mailbox(row, &message)
                .await
                .map_err(|e| e.one_line()),
        }
    }

    async fn keep_in_dev_mailbox(
        &self,
        row: &outbox_message::Model,
        message: &lettre::Message,
    ) -> Result<(), ServiceError> {
        dev_mail::Entity::insert(dev_mail::ActiveModel {
            outbox_id: Set(row.id),
            to_address: Set(row.recipient_email.clone()),
            subject: Set(row.subject.clone()),
            body_text: Set(row.body_text.clone()),
            body_html: Set(row.body_html.clone()),
            headers: Set(headers_text(message)),
            delivered_at: Set(self.now()),
            ..Default::default()
        })
        .on_conflict_do_nothing_on([dev_mail::Column::OutboxId])
        .exec(self.db())
        .await?;
        Ok(())
    }

    async fn mark_sent(&self, row: &outbox_message::Model) -> Result<(), ServiceError> {
        let mut update = outbox_message::Entity::update_many()
            .col_expr(outbox_message::Column::Status, Expr::value("sent"))
            .col_expr(outbox_message::Column::SentAt, Expr::value(self.now()))
            .col_expr(
                outbox_message::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                outbox_message::Column::Attempts,
                Expr::value(row.attempts + 1),
            );
        if row.contains_secret {
            update = update
                .col_expr(outbox_message::Column::BodyText, Expr::value(SCRUBBED))
                .col_expr(outbox_message::Column::BodyHtml, Expr::value(SCRUBBED));
        }
        update
            .filter(outbox_message::Column::Id.eq(row.id))
            .exec(self.db())
            .await?;
        tracing::info!(outbox.id = row.id, template = %row.template, "mail sent");
        Ok(())
    }

    /// Records a failed attempt; returns whether the message is now dead.
    async fn mark_failed(
        &self,
        row: &outbox_message::Model,
        error: &str,
    ) -> Result<bool, ServiceError> {
        let attempts = row.attempts + 1;
        let dead = attempts >= MAX_ATTEMPTS;
        let jitter: f64 = rand::rng().random();
        let next = self.now() + backoff(attempts, jitter);
        outbox_message::Entity::update_many()
            .col_expr(
                outbox_message::Column::Status,
                Expr::value(if dead { "dead" } else { "pending" }),
            )
            .col_expr(outbox_message::Column::Attempts, Expr::value(attempts))
            .col_expr(outbox_message::Column::NextAttemptAt, Expr::value(next))
            .col_expr(
                outbox_message::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                outbox_message::Column::LastError,
                Expr::value(error.chars().take(1000).collect::<String>()),
            )
            .filter(outbox_message::Column::Id.eq(row.id))
            .exec(self.db())
            .await?;
        if dead {
            tracing::error!(
                outbox.id = row.id,
                attempts,
                error,
                "mail is dead after too many attempts"
            );
        } else {
            tracing::warn!(
                outbox.id = row.id,
                attempts,
                error,
                "mail delivery failed; will retry"
            );
        }
        Ok(dead)
    }

    /// The outbox, newest first, optionally one status (admins only).
    ///
    /// # Errors
    /// `Forbidden` for everyone but admins.
    pub async fn outbox_entries(
        &self,
        actor: &Principal,
        status: Option<&str>,
    ) -> Result<Vec<OutboxEntry>, ServiceError> {
        actor.require_admin()?;
        let mut query = outbox_message::Entity::find()
            .order_by_desc(outbox_message::Column::Id)
            .limit(200);
        if let Some(status) = status.filter(|s| ["pending", "sent", "dead"].contains(s)) {
            query = query.filter(outbox_message::Column::Status.eq(status));
        }
        Ok(query
            .all(self.db())
            .await?
            .into_iter()
            .map(|m| OutboxEntry {
                id: m.id,
                to: m.recipient_email,
                subject: m.subject,
                template: m.template,
                status: m.status,
                attempts: m.attempts,
                last_error: m.last_error,
                created_at: m.created_at,
                next_attempt_at: m.next_attempt_at,
                sent_at: m.sent_at,
            })
            .collect())
    }

    /// Puts a dead message back in the queue with a fresh set of attempts (admins only).
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `NotFound` when there is no dead message with that id.
    pub async fn retry_dead_mail(&self, actor: &Principal, id: i64) -> Result<(), ServiceError> {
        actor.require_admin()?;
        let txn = self.db().begin().await?;
        let row = outbox_message::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .filter(|m| m.status == "dead")
            .ok_or(ServiceError::NotFound("dead message"))?;
        let mut model: outbox_message::ActiveModel = row.into();
        model.status = Set("pending".to_owned());
        model.attempts = Set(0);
        model.next_attempt_at = Set(self.now());
        model.update(&txn).await?;
        txn.commit().await?;
        tracing::info!(
            outbox.id = id,
            actor.id = actor.user_id,
            "dead mail queued again"
        );
        Ok(())
    }

    /// The dev mailbox, newest first (admins only).
    ///
    /// # Errors
    /// `Forbidden` for everyone but admins.
    pub async fn dev_mailbox(&self, actor: &Principal) -> Result<Vec<DevMail>, ServiceError> {
        actor.require_admin()?;
        let rows = dev_mail::Entity::find()
            .order_by_desc(dev_mail::Column::Id)
            .limit(200)
            .all(self.db())
            .await?;
        Ok(rows.into_iter().map(dev_mail_of).collect())
    }

    /// One message of the dev mailbox (admins only).
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `NotFound` for an unknown id.
    pub async fn dev_mail(&self, actor: &Principal, id: i64) -> Result<DevMail, ServiceError> {
        actor.require_admin()?;
        dev_mail::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .map(dev_mail_of)
            .ok_or(ServiceError::NotFound("message"))
    }
}

fn dev_mail_of(row: dev_mail::Model) -> DevMail {
    DevMail {
        id: row.id,
        to: row.to_address,
        subject: row.subject,
        text: row.body_text,
        html: row.body_html,
        headers: row.headers,
        delivered_at: row.delivered_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_and_stops_at_a_day() {
        assert_eq!(backoff(1, 0.0), Duration::seconds(30));
        assert_eq!(backoff(2, 0.0), Duration::seconds(60));
        assert_eq!(backoff(4, 0.0), Duration::seconds(240));
        assert_eq!(backoff(30, 0.0), Duration::seconds(86_400));
        assert_eq!(backoff(1, 1.0), Duration::seconds(36));
    }
}
