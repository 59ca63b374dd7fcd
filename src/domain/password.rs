use super::FieldError;

/// A password someone chose, long enough to resist guessing (NIST SP 800-63B: length over
/// composition rules) and short enough that hashing it cannot be abused.
pub struct NewPassword(String);

impl NewPassword {
    /// The fewest characters accepted.
    pub const MIN_LEN: usize = 10;
    /// The most characters accepted.
    pub const MAX_LEN: usize = 128;

    /// Parses the value of input field `field`.
    ///
    /// # Errors
    /// A field error when the password is too short, too long or one character repeated.
    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        let length = value.chars().count();
        if length < Self::MIN_LEN {
            return Err(FieldError::new(
                field,
                format!("use at least {} characters", Self::MIN_LEN),
            ));
        }
        if length > Self::MAX_LEN {
            return Err(FieldError::new(
                field,
                format!("use at most {} characters", Self::MAX_LEN),
            ));
        }
        let mut chars = value.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err(FieldError::new(field, "do not repeat one character"));
        }
        Ok(Self(value.to_owned()))
    }

    /// The password, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_repetitive_passwords_are_refused() {
        assert!(NewPassword::parse("password", "short").is_err());
        assert!(NewPassword::parse("password", "aaaaaaaaaaaa").is_err());
        assert!(NewPassword::parse("password", "correct horse battery").is_ok());
    }
}
