//! Domain values parsed at the edge ("parse, don't validate"): once a value of one of these
//! types exists, it is valid, so services and the database never see raw input.

mod access_code;
mod email;
mod password;
mod reference;
mod slug;
mod text;

pub use access_code::AccessCode;
pub use email::EmailAddress;
pub use password::NewPassword;
pub use reference::Reference;
pub use slug::PartnerSlug;
pub use text::{BoundedText, parse_optional_text, parse_text};

pub use crate::workflow::{Category, Language};

/// One problem with one input field, shown beside the field in a form or listed in
/// problem+json `errors`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The input's name, as the client sent it (`email`, `categories[1]`).
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl FieldError {
    /// A problem with `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Collects field errors while a whole input is parsed, so the user sees every problem at once.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// Keeps the value if it parsed, remembers the error if not.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    /// Records a problem found by a rule across fields.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// The collected errors, or `Ok` when there were none.
    ///
    /// # Errors
    /// Every collected field error.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// Compares two secrets without stopping at the first difference, so the time taken reveals
/// nothing about how much of a guess was right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Parses a language code at the edge (`preferred_language`, `languages[0]`).
///
/// # Errors
/// A field error naming the supported codes.
pub fn parse_language(field: &str, value: Option<&str>) -> Result<Language, FieldError> {
    let code = value.map(str::trim).filter(|v| !v.is_empty());
    let Some(code) = code else {
        return Err(FieldError::new(field, "choose a language: en, cs or uk"));
    };
    Language::parse(code).ok_or_else(|| {
        FieldError::new(
            field,
            format!("`{code}` is not a supported language; use en, cs or uk"),
        )
    })
}

/// Parses a category machine name at the edge (`category`, `categories[0]`).
///
/// # Errors
/// A field error listing the known categories.
pub fn parse_category(field: &str, value: Option<&str>) -> Result<Category, FieldError> {
    let text = value.map(str::trim).unwrap_or_default();
    Category::parse(text).ok_or_else(|| {
        let known: Vec<&str> = Category::ALL.iter().map(|c| c.code()).collect();
        let message = if text.is_empty() {
            format!("choose a category: {}", known.join(", "))
        } else {
            format!(
                "`{text}` is not a category; use one of {}",
                known.join(", ")
            )
        };
        FieldError::new(field, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_category_names_the_known_ones() {
        let error = parse_category("category", Some("visa")).expect_err("unknown");
        assert!(
            error.message.contains("residence_permit"),
            "{}",
            error.message
        );
    }

    #[test]
    fn an_unknown_language_names_the_supported_ones() {
        let error = parse_language("preferred_language", Some("de")).expect_err("unknown");
        assert!(error.message.contains("en, cs or uk"), "{}", error.message);
    }
}
