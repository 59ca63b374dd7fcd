use std::fmt;

use super::FieldError;

/// An e-mail address, trimmed and with its domain lower-cased, checked against RFC 5322's
/// addr-spec (the `email_address` crate) and required to have a dotted domain, since mail to a
/// bare host name would never arrive.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// The longest address SMTP can carry (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses the value of input field `field`.
    ///
    /// # Errors
    /// A field error when the value is empty, too long or not an address.
    pub fn parse(field: &str, value: Option<&str>) -> Result<Self, FieldError> {
        let text = value.map(str::trim).unwrap_or_default();
        if text.is_empty() {
            return Err(FieldError::new(field, "enter an e-mail address"));
        }
        if text.len() > Self::MAX_LEN {
            return Err(FieldError::new(
                field,
                "an e-mail address has at most 254 characters",
            ));
        }
        let invalid = || FieldError::new(field, format!("`{text}` is not an e-mail address"));
        if !email_address::EmailAddress::is_valid(text) || text.contains(['<', '>', ' ']) {
            return Err(invalid());
        }
        let (local, domain) = text.rsplit_once('@').ok_or_else(invalid)?;
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return Err(invalid());
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// The address as stored and sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to look accounts and duplicates up: the whole address lower-cased.
    pub fn lookup_key(&self) -> String {
        self.0.to_lowercase()
    }

    /// Wraps an address read back from the database, where it was stored already parsed.
    pub fn from_trusted(value: String) -> Self {
        Self(value)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_address_is_kept_with_its_domain_lowercased() {
        let email = EmailAddress::parse("email", Some(" Olena.K@Example.CZ ")).expect("valid");
        assert_eq!(email.as_str(), "Olena.K@example.cz");
        assert_eq!(email.lookup_key(), "olena.k@example.cz");
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "",
            "olena",
            "olena@",
            "@example.cz",
            "olena@localhost",
            "a b@example.cz",
        ] {
            assert!(EmailAddress::parse("email", Some(bad)).is_err(), "{bad}");
        }
        assert!(EmailAddress::parse("email", None).is_err());
    }

    #[test]
    fn an_overlong_address_is_refused() {
        let long = format!("{}@example.cz", "a".repeat(250));
        assert!(EmailAddress::parse("email", Some(&long)).is_err());
    }
}
