use sea_orm::entity::prelude::*;

/// A partner organisation that receives referrals.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partners")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    /// Category machine names served, as a JSON array of strings.
    pub categories: Json,
    /// Language codes spoken, as a JSON array of strings.
    pub languages: Json,
    pub active: bool,
    /// The newcomer fields a referral shares, comma-separated (`name,language,email…`).
    pub shared_fields: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
