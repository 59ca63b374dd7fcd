use sea_orm::entity::prelude::*;

/// One hand-over of a request to a partner organisation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub partner_id: i64,
    /// `offered`, `accepted`, `declined`, `completed`, `withdrawn`.
    pub status: String,
    pub offered_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub decline_reason: Option<String>,
    /// The newcomer data shared with the partner, as it was at the referral.
    pub shared_data: Json,
    /// `consent`, or `override: <reason>`.
    pub consent_basis: String,
    /// When the e-mailed accept/decline link was used (single use).
    pub link_used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
