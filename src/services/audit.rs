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
    .insert(db)
    .await?;
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
