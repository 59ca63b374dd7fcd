use askama::Template;
use askama_web::WebTemplate;

use super::forms::FormState;
use super::layout::Layout;
use crate::services::status::StatusView;

/// A language the page can switch to.
pub struct LanguageLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// The status check form.
#[derive(Template, WebTemplate)]
#[template(path = "status/form.html")]
pub struct StatusFormPage {
    pub layout: Layout,
    pub form: FormState,
    pub alert: Option<String>,
    pub languages: Vec<LanguageLink>,
}

/// A timeline line with its date in the page's language.
pub struct PublicLine {
    pub date: String,
    pub what: String,
    pub comment: Option<String>,
    pub from_newcomer: bool,
}

/// Where a request stands, for the newcomer.
#[derive(Template, WebTemplate)]
#[template(path = "status/show.html")]
pub struct StatusPage {
    pub layout: Layout,
    pub view: StatusView,
    pub due: String,
    pub lines: Vec<PublicLine>,
    pub languages: Vec<LanguageLink>,
    pub message_form: FormState,
    pub notice: Option<String>,
}
