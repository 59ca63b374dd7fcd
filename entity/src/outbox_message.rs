use sea_orm::entity::prelude::*;

/// An e-mail waiting for (or past) delivery.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: Option<i64>,
    /// Template key under `templates/email/`.
    pub template: String,
    /// `newcomer`, `partner` or `assignee`.
    pub recipient_kind: String,
    pub recipient_email: String,
    pub language: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// `Message-ID` of this mail, without angle brackets.
    pub message_id: String,
    /// The request thread's root id (`In-Reply-To` / `References`), without angle brackets.
    pub thread_id: String,
    /// The body holds a secret (the access code) and is scrubbed after delivery.
    pub contains_secret: bool,
    /// `pending`, `sent` or `dead`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
