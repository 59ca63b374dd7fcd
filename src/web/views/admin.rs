use askama::Template;
use askama_web::WebTemplate;

use super::forms::FormState;
use super::layout::Layout;
use super::requests::Choice;
use crate::services::accounts::{Account, TemporaryPassword};

/// An account row with its organisation's name.
pub struct AccountRow {
    pub account: Account,
    pub partner: String,
}

/// Accounts: invite, deactivate, reset passwords.
#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    pub layout: Layout,
    pub accounts: Vec<AccountRow>,
    pub form: FormState,
    pub partners: Vec<Choice>,
    /// A password to hand over, shown once after an invitation or reset.
    pub handover: Option<TemporaryPassword>,
}

/// An audit entry, ready to show.
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub address: String,
}

/// The audit log, newest first.
#[derive(Template, WebTemplate)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    pub layout: Layout,
    pub filters: FormState,
    pub rows: Vec<AuditRow>,
    pub older_href: Option<String>,
}
