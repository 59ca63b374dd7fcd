use super::FieldError;

/// Free text with a length limit, trimmed, with control characters other than line breaks
/// and tabs refused (they break mail headers and terminals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundedText(String);

impl BoundedText {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Parses required text of at most `max` characters.
///
/// # Errors
/// A field error when the text is missing, blank, too long or has control characters.
pub fn parse_text(field: &str, value: Option<&str>, max: usize) -> Result<BoundedText, FieldError> {
    match parse_optional_text(field, value, max)? {
        Some(text) => Ok(text),
        None => Err(FieldError::new(field, "this field is required")),
    }
}

/// Parses optional text of at most `max` characters; blank counts as absent.
///
/// # Errors
/// A field error when the text is too long or has control characters.
pub fn parse_optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<BoundedText>, FieldError> {
    let text = value.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    let length = text.chars().count();
    if length > max {
        return Err(FieldError::new(
            field,
            format!("at most {max} characters, this has {length}"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(field, "contains control characters"));
    }
    Ok(Some(BoundedText(text.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_limited() {
        let text = parse_text("title", Some("  Flat  "), 10).expect("valid");
        assert_eq!(text.as_str(), "Flat");
        assert!(parse_text("title", Some(&"x".repeat(11)), 10).is_err());
        assert!(parse_text("title", Some("   "), 10).is_err());
        assert!(parse_text("title", Some("a\u{0}b"), 10).is_err());
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        assert!(parse_text("name", Some("Ольга"), 5).is_ok());
    }
}
