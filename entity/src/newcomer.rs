use sea_orm::entity::prelude::*;

/// A person who came to the centre; personal data, so every read and change is audited.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "newcomers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub full_name: String,
    pub email: String,
    /// `email` lower-cased, for the duplicate warning.
    pub email_lookup: String,
    pub phone: Option<String>,
    pub nationality: Option<String>,
    /// BCP 47 code: `en`, `cs`, `uk`.
    pub preferred_language: String,
    pub arrival_date: Option<Date>,
    pub consent_given_at: DateTimeUtc,
    pub consent_version: String,
    pub anonymised_at: Option<DateTimeUtc>,
    /// When the newcomer agreed that their data may be shared with partner organisations.
    pub sharing_consent_at: Option<DateTimeUtc>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
