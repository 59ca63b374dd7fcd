use askama::Template;
use askama_web::WebTemplate;

use super::forms::FormState;
use super::layout::Layout;
use super::requests::Choice;
use crate::services::newcomers::Newcomer;

/// The intake form: a newcomer and their first request.
#[derive(Template, WebTemplate)]
#[template(path = "intake/form.html")]
pub struct IntakePage {
    pub layout: Layout,
    pub form: FormState,
    pub categories: Vec<Choice>,
    pub languages: Vec<Choice>,
    /// Newcomers with the same e-mail, when the caseworker should look first.
    pub duplicates: Vec<Newcomer>,
    pub consent_version: &'static str,
}

/// Intake done: the reference and access code, shown once.
#[derive(Template, WebTemplate)]
#[template(path = "intake/done.html")]
pub struct IntakeDonePage {
    pub layout: Layout,
    pub reference: String,
    pub access_code: String,
    pub newcomer_id: i64,
    pub newcomer_name: String,
}
