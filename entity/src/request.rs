use sea_orm::entity::prelude::*;

/// A newcomer's request: the case that moves through a workflow.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub reference: String,
    pub newcomer_id: i64,
    pub category: String,
    pub title: String,
    pub description: String,
    pub workflow_key: String,
    pub workflow_version: i32,
    pub state: String,
    /// Optimistic lock: a change names the version it read; a stale one is a conflict.
    pub version: i32,
    pub assignee_id: Option<i64>,
    pub partner_id: Option<i64>,
    pub due_at: Option<DateTimeUtc>,
    pub state_entered_at: DateTimeUtc,
    pub resolution: Option<String>,
    pub access_code_hash: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::newcomer::Entity",
        from = "Column::NewcomerId",
        to = "super::newcomer::Column::Id"
    )]
    Newcomer,
    #[sea_orm(
        belongs_to = "super::partner::Entity",
        from = "Column::PartnerId",
        to = "super::partner::Column::Id"
    )]
    Partner,
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::AssigneeId",
        to = "super::user::Column::Id"
    )]
    Assignee,
}

impl Related<super::newcomer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Newcomer.def()
    }
}

impl Related<super::partner::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Partner.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
