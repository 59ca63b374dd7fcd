use askama::Template;
use askama_web::WebTemplate;

use super::forms::FormState;
use super::layout::Layout;
use super::requests::{Choice, RequestRow};
use crate::services::newcomers::Newcomer;

/// A newcomer's profile and requests, with a form for another request.
#[derive(Template, WebTemplate)]
#[template(path = "newcomers/show.html")]
pub struct NewcomerPage {
    pub layout: Layout,
    pub newcomer: Newcomer,
    pub language_label: String,
    pub arrival: String,
    pub consent: String,
    pub requests: Vec<RequestRow>,
    pub form: FormState,
    pub categories: Vec<Choice>,
}
