use sea_orm::entity::prelude::*;

/// A message kept by the built-in dev mailbox.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dev_mailbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The outbox row it came from (unique: delivered once).
    #[sea_orm(unique)]
    pub outbox_id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// The headers as they would have been sent, one per line.
    pub headers: String,
    pub delivered_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
