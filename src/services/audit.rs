//! The audit log: who read or changed which personal data, when, and from where.

use chrono::{DateTime, Utc};
use entity::audit_entry;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;

use super::{Principal, ServiceError, Services};

/// A page of the log as admins browse it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub actor: String,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<String>,
    pub detail: Option<String>,
    pub address: Option<String>,
    pub at: DateTime<Utc>,
}

/// Filters for browsing the log.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
    pub action: Option<String>,
    /// Show entries older than this id (keyset pagination).
    pub before_id: Option<i64>,
}

/// What happened, to what.
pub(crate) struct AuditEvent<'a> {
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: Option<String>,
    pub detail: Option<String>,
}

/// Writes one audit entry (in the caller's transaction, or on its own).
pub(crate) async fn record_audit(
    db: &impl ConnectionTrait,
    actor: Option<&Principal>,
    address: Option<&str>,
    event: AuditEvent<'_>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    audit_row(actor, address, event, now).insert(db).await?;
    Ok(())
}

/// Entries per page.
pub const AUDIT_PAGE: u64 = 50;

impl Services {
    /// The newest audit entries matching `filter` (admins only).
    ///
    /// # Errors
    /// `Forbidden` for everyone but admins.
    pub async fn audit_log(
        &self,
        actor: &Principal,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditEntry>, ServiceError> {
        actor.require_admin()?;
        self.flush_audit().await;
        let mut query = audit_entry::Entity::find()
            .order_by_desc(audit_entry::Column::Id)
            .limit(AUDIT_PAGE);
        if let Some(kind) = filter.subject_type.as_deref().filter(|v| !v.is_empty()) {
            query = query.filter(audit_entry::Column::SubjectType.eq(kind));
        }
        if let Some(id) = filter.subject_id.as_deref().filter(|v| !v.is_empty()) {
            query = query.filter(audit_entry::Column::SubjectId.eq(id));
        }
        if let Some(action) = filter.action.as_deref().filter(|v| !v.is_empty()) {
            query = query.filter(audit_entry::Column::Action.eq(action));
        }
        if let Some(before) = filter.before_id {
            query = query.filter(audit_entry::Column::Id.lt(before));
        }
        let rows = query.all(self.db()).await?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                actor: r.actor_label,
                action: r.action,
                subject_type: r.subject_type,
                subject_id: r.subject_id,
                detail: r.detail,
                address: r.address,
                at: r.created_at,
            })
            .collect())
    }
}

/// Reads of personal data are recorded by a background writer in batches, so a page view
/// does not wait for a write (on SQLite a write per read would serialise every reader behind
/// the single writer). Changes are still recorded in their own transaction. A batch is
/// written at most 50 ms after its first entry, and before an admin reads the log; a crash
/// can lose at most that window of read records.
pub(crate) struct AuditWriter {
    sender: tokio::sync::mpsc::Sender<AuditCommand>,
}

pub(crate) enum AuditCommand {
    Record(Box<audit_entry::ActiveModel>),
    Flush(tokio::sync::oneshot::Sender<()>),
}

const AUDIT_BATCH: usize = 500;
const AUDIT_DELAY: std::time::Duration = std::time::Duration::from_millis(50);

impl AuditWriter {
    /// Starts the writer task on `db`.
    pub(crate) fn start(db: sea_orm::DatabaseConnection, gate: crate::db::WriteGate) -> Self {
        let (sender, receiver) = tokio::sync::mpsc::channel(10_000);
        tokio::spawn(run_writer(db, gate, receiver));
        Self { sender }
    }

    /// Queues a read record; hands it back when the queue is full, to be written directly.
    pub(crate) fn try_record(
        &self,
        entry: audit_entry::ActiveModel,
    ) -> Option<audit_entry::ActiveModel> {
        match self.sender.try_send(AuditCommand::Record(Box::new(entry))) {
            Ok(()) => None,
            Err(tokio::sync::mpsc::error::TrySendError::Full(AuditCommand::Record(entry)))
            | Err(tokio::sync::mpsc::error::TrySendError::Closed(AuditCommand::Record(entry))) => {
                Some(*entry)
            }
            Err(_) => None,
        }
    }

    /// Waits until everything queued so far is written.
    pub(crate) async fn flush(&self) {
        let (done, wait) = tokio::sync::oneshot::channel();
        if self.sender.send(AuditCommand::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

async fn run_writer(
    db: sea_orm::DatabaseConnection,
    gate: crate::db::WriteGate,
    mut receiver: tokio::sync::mpsc::Receiver<AuditCommand>,
) {
    let mut batch: Vec<audit_entry::ActiveModel> = Vec::new();
    let mut waiting: Vec<tokio::sync::oneshot::Sender<()>> = Vec::new();
    loop {
        let command = if batch.is_empty() {
            receiver.recv().await
        } else {
            match tokio::time::timeout(AUDIT_DELAY, receiver.recv()).await {
                Ok(command) => command,
                // Quiet for a while: write what is waiting.
                Err(_) => Some(AuditCommand::Flush(tokio::sync::oneshot::channel().0)),
            }
        };
        let closed = command.is_none();
        match command {
            Some(AuditCommand::Record(entry)) => batch.push(*entry),
            Some(AuditCommand::Flush(done)) => waiting.push(done),
            None => {}
        }
        let flush_now = closed || !waiting.is_empty() || batch.len() >= AUDIT_BATCH;
        if flush_now
            && !batch.is_empty()
            && let Err(error) = write_batch(&db, &gate, std::mem::take(&mut batch)).await
        {
            tracing::error!(error = %super::error::chain(&error), "audit records could not be written");
        }
        if flush_now {
            for done in waiting.drain(..) {
                let _ = done.send(());
            }
        }
        if closed {
            return;
        }
    }
}

async fn write_batch(
    db: &sea_orm::DatabaseConnection,
    gate: &crate::db::WriteGate,
    batch: Vec<audit_entry::ActiveModel>,
) -> Result<(), sea_orm::DbErr> {
    let (_permit, txn) = gate.begin_write(db).await?;
    for chunk in batch.chunks(100) {
        audit_entry::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

/// The row for an audit event.
pub(crate) fn audit_row(
    actor: Option<&Principal>,
    address: Option<&str>,
    event: AuditEvent<'_>,
    now: DateTime<Utc>,
) -> audit_entry::ActiveModel {
    audit_entry::ActiveModel {
        actor_user_id: Set(actor.map(|a| a.user_id)),
        actor_label: Set(actor.map_or_else(
            || "Newcomer (no account)".to_owned(),
            |a| format!("{} <{}>", a.name, a.email),
        )),
        action: Set(event.action.to_owned()),
        subject_type: Set(event.subject_type.to_owned()),
        subject_id: Set(event.subject_id),
        detail: Set(event.detail),
        address: Set(address
            .or(actor.and_then(|a| a.address.as_deref()))
            .map(str::to_owned)),
        created_at: Set(now),
        ..Default::default()
    }
}

impl Services {
    /// Records a read of personal data through the batching writer.
    ///
    /// # Errors
    /// When the queue is full and the direct write fails.
    pub(crate) async fn record_read(
        &self,
        actor: Option<&Principal>,
        address: Option<&str>,
        event: AuditEvent<'_>,
    ) -> Result<(), ServiceError> {
        let row = audit_row(actor, address, event, self.now());
        if let Some(row) = self.audit_writer().try_record(row) {
            row.insert(self.db()).await?;
        }
        Ok(())
    }

    /// Waits until every queued audit record is written (admins reading the log, tests).
    pub async fn flush_audit(&self) {
        self.audit_writer().flush().await;
    }
}
