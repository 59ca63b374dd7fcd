use rand::seq::IndexedRandom;

/// The newcomer's access code: shown once at intake and e-mailed, stored only as a keyed hash.
///
/// Twelve characters from an alphabet without look-alikes (no 0/O, 1/I/L) give about 59 bits,
/// far beyond what a rate-limited status check can guess. It is shown in groups of four
/// (`K7PX-3QMA-9TZE`); the groups' hyphens, blanks and case are ignored when typed back.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessCode(String);

impl AccessCode {
    /// The characters a code is made of.
    pub const ALPHABET: &'static [u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    /// The number of characters in a code.
    pub const LEN: usize = 12;

    /// A fresh random code from the operating system's generator.
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let code = (0..Self::LEN)
            .filter_map(|_| Self::ALPHABET.choose(&mut rng).map(|&b| char::from(b)))
            .collect();
        Self(code)
    }

    /// Normalises what a newcomer typed; `None` when it cannot be a code.
    pub fn parse(text: &str) -> Option<Self> {
        let code: String = text
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let valid = code.len() == Self::LEN && code.bytes().all(|b| Self::ALPHABET.contains(&b));
        valid.then_some(Self(code))
    }

    /// The canonical form that is hashed.
    pub fn canonical(&self) -> &str {
        &self.0
    }

    /// The form shown to people: three groups of four.
    pub fn display(&self) -> String {
        let chunks: Vec<&str> = self
            .0
            .as_bytes()
            .chunks(4)
            .filter_map(|chunk| std::str::from_utf8(chunk).ok())
            .collect();
        chunks.join("-")
    }
}

impl std::fmt::Debug for AccessCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessCode(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_use_only_the_unambiguous_alphabet() {
        let code = AccessCode::generate();
        assert_eq!(code.canonical().len(), AccessCode::LEN);
        assert!(!code.canonical().contains(['0', 'O', '1', 'I', 'L']));
    }

    #[test]
    fn typed_codes_ignore_case_and_grouping() {
        let code = AccessCode::generate();
        let typed = code.display().to_lowercase();
        assert_eq!(AccessCode::parse(&typed), Some(code));
        assert!(AccessCode::parse("short").is_none());
        assert!(AccessCode::parse("0000-0000-0000").is_none());
    }
}
