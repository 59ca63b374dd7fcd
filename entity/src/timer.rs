use sea_orm::entity::prelude::*;

/// A workflow timer of a request, due at an instant.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    /// The timer's name in the request's workflow.
    pub name: String,
    /// Which fire this is (1-based), as the engine scheduled it.
    pub fire_number: i32,
    pub due_at: DateTimeUtc,
    /// `pending`, `fired` or `cancelled`.
    pub status: String,
    pub fired_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
