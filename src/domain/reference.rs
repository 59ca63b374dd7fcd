use std::fmt;

/// A request's human reference, `PREFIX-YYYY-NNNNN`: the year of intake and a sequence of at
/// least five digits, unique across the deployment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference(String);

impl Reference {
    /// Builds the reference for sequence number `sequence` of `year`.
    pub fn new(prefix: &str, year: i32, sequence: i64) -> Self {
        Self(format!("{prefix}-{year:04}-{sequence:05}"))
    }

    /// Parses a reference someone typed: case and surrounding blanks do not matter.
    /// `None` when it cannot be a reference, so a lookup can answer "not found" at once.
    pub fn parse(text: &str) -> Option<Self> {
        let upper = text.trim().to_ascii_uppercase();
        let mut parts = upper.rsplitn(3, '-');
        let sequence = parts.next()?;
        let year = parts.next()?;
        let prefix = parts.next()?;
        let valid = !prefix.is_empty()
            && prefix.len() <= 10
            && prefix
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && year.len() == 4
            && year.chars().all(|c| c.is_ascii_digit())
            && (5..=12).contains(&sequence.len())
            && sequence.chars().all(|c| c.is_ascii_digit());
        valid.then_some(Self(upper))
    }

    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_padded_to_five_digits() {
        assert_eq!(Reference::new("EXP", 2026, 42).as_str(), "EXP-2026-00042");
        assert_eq!(
            Reference::new("EXP", 2026, 123_456).as_str(),
            "EXP-2026-123456"
        );
    }

    #[test]
    fn typed_references_are_normalised() {
        let parsed = Reference::parse(" exp-2026-00042 ").expect("valid");
        assert_eq!(parsed.as_str(), "EXP-2026-00042");
        for bad in [
            "",
            "EXP-26-00042",
            "EXP-2026-42",
            "EXP2026-00042",
            "EXP-2026-0004X",
        ] {
            assert!(Reference::parse(bad).is_none(), "{bad}");
        }
    }
}
