use askama::Template;
use askama_web::WebTemplate;

use super::forms::FormState;
use super::layout::Layout;

/// The sign-in form.
#[derive(Template, WebTemplate)]
#[template(path = "auth/sign_in.html")]
pub struct SignInPage {
    pub layout: Layout,
    pub form: FormState,
    pub next: String,
    /// Shown above the form (wrong password, too many attempts).
    pub alert: Option<String>,
}
