use askama::Template;
use askama_web::WebTemplate;

use super::layout::Layout;
use crate::services::outbox::{DevMail, OutboxEntry};

/// An outbox row, ready to show.
pub struct OutboxRow {
    pub entry: OutboxEntry,
    pub created: String,
    pub next_attempt: String,
    pub sent: String,
}

/// The outbox: pending, sent and dead mail.
#[derive(Template, WebTemplate)]
#[template(path = "admin/outbox.html")]
pub struct OutboxPage {
    pub layout: Layout,
    pub status: String,
    pub rows: Vec<OutboxRow>,
}

/// The dev mailbox: mail kept because no SMTP server is configured.
#[derive(Template, WebTemplate)]
#[template(path = "admin/mailbox.html")]
pub struct MailboxPage {
    pub layout: Layout,
    pub messages: Vec<(DevMail, String)>,
}

/// One kept message, as its recipient would see it.
#[derive(Template, WebTemplate)]
#[template(path = "admin/mail.html")]
pub struct MailPage {
    pub layout: Layout,
    pub mail: DevMail,
    pub delivered: String,
}
