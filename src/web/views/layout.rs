//! What every page's layout needs: translated text and who is signed in.

use std::sync::Arc;

use crate::domain::Language;
use crate::i18n::Translations;
use crate::web::session::PageContext;

/// Translated text for one page, in the visitor's language.
#[derive(Clone)]
pub struct PageText {
    translations: Arc<Translations>,
    pub language: Language,
}

impl PageText {
    pub fn new(translations: Arc<Translations>, language: Language) -> Self {
        Self {
            translations,
            language,
        }
    }

    /// The text for `key`.
    pub fn t(&self, key: &str) -> String {
        self.translations.text(self.language, key, &[])
    }

    /// The text for `key` with one argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.translations
            .text(self.language, key, &[(name, value.to_owned())])
    }

    /// The name of a category, translated.
    pub fn category(&self, code: &str) -> String {
        self.t(&format!("category-{code}"))
    }

    /// The BCP 47 code of the page's language (for `<html lang>`).
    pub fn lang(&self) -> &'static str {
        self.language.code()
    }
}

/// The frame around every page.
#[derive(Clone)]
pub struct Layout {
    pub text: PageText,
    pub csrf: String,
    pub user_name: Option<String>,
    pub is_staff: bool,
    pub is_admin: bool,
    pub is_partner: bool,
    /// The navigation entry to mark as current.
    pub current: &'static str,
}

impl Layout {
    pub fn new(ctx: &PageContext, current: &'static str) -> Self {
        let principal = ctx.session.as_ref().map(|s| &s.principal);
        Self {
            text: ctx.text.clone(),
            csrf: ctx.csrf_token.clone(),
            user_name: principal.map(|p| p.name.clone()),
            is_staff: principal.is_some_and(|p| p.is_staff()),
            is_admin: principal.is_some_and(|p| p.role == entity::user::Role::Admin),
            is_partner: principal.is_some_and(|p| p.role == entity::user::Role::Partner),
            current,
        }
    }

    /// `aria-current` for a navigation link.
    pub fn aria_current(&self, entry: &str) -> &'static str {
        if self.current == entry {
            "page"
        } else {
            "false"
        }
    }
}

/// A date and time as people in Prague read it.
pub fn local_time(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Prague)
        .format("%d.%m.%Y %H:%M")
        .to_string()
}

/// A date as people in Prague read it.
pub fn local_date(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Prague)
        .format("%d.%m.%Y")
        .to_string()
}
