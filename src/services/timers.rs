//! Firing workflow timers that are due: reminders, escalations and automatic transitions.

use entity::{request, timer};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::mail_queue::MailFacts;
use super::requests::{NewEvent, record_event, snapshot};
use super::transitions::{ChangeAuthor, schedule_timer};
use super::{ServiceError, Services};
use crate::workflow::{self, MailSpec, TimerOutcome};

const SYSTEM: &str = "System";

impl Services {
    /// Fires up to `limit` timers that are due now, oldest first; returns how many fired.
    ///
    /// Each fire is claimed by flipping its row from `pending` to `fired` in the same
    /// transaction that writes its effects, so it happens exactly once, however many
    /// instances run the timer worker and however often they restart.
    ///
    /// # Errors
    /// When the database fails; fires already committed stay committed.
    pub async fn fire_due_timers(&self, limit: u64) -> Result<usize, ServiceError> {
        let now = self.now();
        let due: Vec<i64> = timer::Entity::find()
            .select_only()
            .column(timer::Column::Id)
            .filter(timer::Column::Status.eq("pending"))
            .filter(timer::Column::DueAt.lte(now))
            .order_by_asc(timer::Column::DueAt)
            .limit(limit)
            .into_tuple()
            .all(self.db())
            .await?;
        let mut fired = 0;
        for id in due {
            if self.fire_one_timer(id).await? {
                fired += 1;
            }
        }
        Ok(fired)
    }

    async fn fire_one_timer(&self, timer_id: i64) -> Result<bool, ServiceError> {
        let now = self.now();
        let (_write_permit, txn) = self.begin_write().await?;
        let claimed = timer::Entity::update_many()
            .col_expr(timer::Column::Status, Expr::value("fired"))
            .col_expr(timer::Column::FiredAt, Expr::value(now))
            .filter(timer::Column::Id.eq(timer_id))
            .filter(timer::Column::Status.eq("pending"))
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            return Ok(false);
        }
        let fire = timer::Entity::find_by_id(timer_id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("timer"))?;
        let row = request::Entity::find_by_id(fire.request_id)
            .one(&txn)
            .await?
            .ok_or(ServiceError::NotFound("request"))?;
        let workflow = self.workflow_of(&row)?;
        let fire_number = u32::try_from(fire.fire_number).unwrap_or_default();
        match workflow::fire_timer(workflow, &snapshot(&row), &fire.name, fire_number, now) {
            Err(error) => {
                tracing::warn!(request.reference = %row.reference, timer = %fire.name, %error, "timer dropped");
            }
            Ok(TimerOutcome::Stale) => {}
            Ok(TimerOutcome::Reminded { mails, next }) => {
                self.send_timer_mails(&txn, &row, &mails, &fire.name, now)
                    .await?;
                if let Some(next) = next {
                    schedule_timer(&txn, row.id, &next, now).await?;
                }
            }
            Ok(TimerOutcome::Escalated { mails }) => {
                self.send_timer_mails(&txn, &row, &mails, &fire.name, now)
                    .await?;
            }
            Ok(TimerOutcome::Transitioned(outcome)) => {
                let author = ChangeAuthor {
                    user_id: None,
                    label: SYSTEM.to_owned(),
                };
                let change = super::transitions::ChangeContext {
                    author: &author,
                    new_partner_id: None,
                    consent_basis: "consent",
                };
                self.store_outcome(&txn, row, &outcome, &change, now)
                    .await?;
            }
        }
        txn.commit().await?;
        tracing::info!(timer.id = timer_id, timer = %fire.name, "timer fired");
        Ok(true)
    }

    async fn send_timer_mails(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        row: &request::Model,
        mails: &[MailSpec],
        timer_name: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), ServiceError> {
        for mail in mails {
            let facts = MailFacts {
                partner_id: row.partner_id,
                ..MailFacts::default()
            };
            self.queue_mail(txn, row, mail, facts, now).await?;
        }
        let templates: Vec<&str> = mails.iter().map(|m| m.template.as_str()).collect();
        record_event(
            txn,
            row.id,
            NewEvent {
                kind: "reminder",
                transition: None,
                from_state: None,
                to_state: None,
                body: Some(format!("{timer_name}: {}", templates.join(", "))),
                visibility: "internal",
                actor_user_id: None,
                actor_label: SYSTEM.to_owned(),
            },
            now,
        )
        .await?;
        Ok(())
    }
}
