use askama::Template;
use askama_web::WebTemplate;

use super::layout::Layout;

/// The public front page.
#[derive(Template, WebTemplate)]
#[template(path = "pages/home.html")]
pub struct HomePage {
    pub layout: Layout,
}

/// The page for an address that does not exist.
#[derive(Template, WebTemplate)]
#[template(path = "pages/not_found.html")]
pub struct NotFoundPage {
    pub layout: Layout,
}
