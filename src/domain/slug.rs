use std::fmt;

use super::FieldError;

/// A partner's short stable name used in URLs and the API (`ostrava-housing`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PartnerSlug(String);

impl PartnerSlug {
    /// Parses the value of input field `field`.
    ///
    /// # Errors
    /// A field error unless the value is 2–60 lower-case letters, digits and inner hyphens.
    pub fn parse(field: &str, value: Option<&str>) -> Result<Self, FieldError> {
        let text = value.map(str::trim).unwrap_or_default();
        let allowed = text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let valid = (2..=60).contains(&text.len())
            && allowed
            && !text.starts_with('-')
            && !text.ends_with('-');
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(FieldError::new(
                field,
                "use 2 to 60 lower-case letters, digits and hyphens, like ostrava-housing",
            ))
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartnerSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert!(PartnerSlug::parse("slug", Some("ostrava-housing")).is_ok());
        for bad in ["", "a", "Ostrava", "-x", "x-", "a b", "ostrava_housing"] {
            assert!(PartnerSlug::parse("slug", Some(bad)).is_err(), "{bad}");
        }
    }
}
