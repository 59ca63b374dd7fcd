use sea_orm::entity::prelude::*;

/// Category (optionally + newcomer language) → partner, in order of preference.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "routing_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub category: String,
    /// `None`: any language.
    pub language: Option<String>,
    pub partner_id: i64,
    /// Lower comes first.
    pub position: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
