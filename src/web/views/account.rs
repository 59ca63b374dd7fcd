use askama::Template;
use askama_web::WebTemplate;

use super::forms::FormState;
use super::layout::Layout;
use super::requests::Choice;

/// The signed-in user's own settings: language and password.
#[derive(Template, WebTemplate)]
#[template(path = "account/index.html")]
pub struct AccountPage {
    pub layout: Layout,
    pub email: String,
    pub languages: Vec<Choice>,
    pub current_language: String,
    pub password_form: FormState,
    pub notice: Option<String>,
}
