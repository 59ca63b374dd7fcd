use sea_orm::entity::prelude::*;

/// One read or change of personal data.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
    /// `view`, `create`, `update`, `status_check`…
    pub action: String,
    /// `newcomer`, `request`, `user`.
    pub subject_type: String,
    pub subject_id: Option<String>,
    pub detail: Option<String>,
    pub address: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
