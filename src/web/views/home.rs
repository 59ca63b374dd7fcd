use askama::Template;
use askama_web::WebTemplate;

/// The public front page.
#[derive(Template, WebTemplate)]
#[template(path = "pages/home.html")]
pub struct HomePage {
    pub product: &'static str,
}

impl HomePage {
    pub fn new() -> Self {
        Self {
            product: "expat-desk",
        }
    }
}

impl Default for HomePage {
    fn default() -> Self {
        Self::new()
    }
}

/// The page for an address that does not exist.
#[derive(Template, WebTemplate)]
#[template(path = "pages/not_found.html")]
pub struct NotFoundPage {
    pub product: &'static str,
}

impl NotFoundPage {
    pub fn new() -> Self {
        Self {
            product: "expat-desk",
        }
    }
}

impl Default for NotFoundPage {
    fn default() -> Self {
        Self::new()
    }
}
