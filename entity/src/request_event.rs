use sea_orm::entity::prelude::*;

/// One entry of a request's timeline: a state change, a note, a referral change or an e-mail.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "request_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    /// `created`, `state_changed`, `note`, `referral`, `mail`…
    pub kind: String,
    pub transition: Option<String>,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub body: Option<String>,
    /// Who may see it: `internal` (centre only), `partner`, `public` (the newcomer too).
    pub visibility: String,
    pub actor_user_id: Option<i64>,
    /// How the actor is shown to staff ("Jana Nováková", "System", "Newcomer").
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::request::Entity",
        from = "Column::RequestId",
        to = "super::request::Column::Id"
    )]
    Request,
}

impl Related<super::request::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Request.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
