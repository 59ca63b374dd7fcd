//! Texts the application writes itself (e-mails now, pages later), translated in
//! Fluent files under `templates/i18n/<language>/` so that a translator can change
//! the wording without touching Rust.
//!
//! The files are compiled into the binary, and [`Translations::embedded`] checks them
//! once at start-up: a syntax error or a key that exists in English but not in another
//! language stops the program there, instead of showing a newcomer a raw key months later.

use std::collections::BTreeSet;
use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

use crate::workflow::Language;

/// The language every other one falls back to, and the one whose keys are the reference.
const REFERENCE_LANGUAGE: Language = Language::En;

/// A thread-safe bundle: one is shared by every request handler and worker.
type Bundle = FluentBundle<FluentResource>;

/// One Fluent file as compiled into the binary, with the path a translator knows it by.
#[derive(Debug, Clone, Copy)]
struct Source {
    path: &'static str,
    text: &'static str,
}

/// Embeds `templates/i18n/<language>/<file>` and remembers its path for error messages.
macro_rules! ftl {
    ($language:literal, $file:literal) => {
        Source {
            path: concat!("templates/i18n/", $language, "/", $file),
            text: include_str!(concat!("../../templates/i18n/", $language, "/", $file)),
        }
    };
}

/// The files of one language; a new [`Language`] does not compile until it has them.
fn embedded_sources(language: Language) -> Vec<Source> {
    match language {
        Language::En => vec![
            ftl!("en", "common.ftl"),
            ftl!("en", "mail.ftl"),
            ftl!("en", "staff.ftl"),
            ftl!("en", "status.ftl"),
        ],
        Language::Cs => vec![
            ftl!("cs", "common.ftl"),
            ftl!("cs", "mail.ftl"),
            ftl!("cs", "staff.ftl"),
            ftl!("cs", "status.ftl"),
        ],
        Language::Uk => vec![
            ftl!("uk", "common.ftl"),
            ftl!("uk", "mail.ftl"),
            ftl!("uk", "staff.ftl"),
            ftl!("uk", "status.ftl"),
        ],
    }
}

/// Why the translation files cannot be used; each names what a translator must fix.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    /// A file is not valid Fluent.
    #[error("{file}: Fluent syntax error: {}", problems.join("; "))]
    Syntax {
        /// The file, relative to the repository root.
        file: &'static str,
        /// One entry per error, each starting with its line number.
        problems: Vec<String>,
    },
    /// A file defines a key that an earlier file of the same language already defines.
    #[error("{file}: {}", problems.join("; "))]
    Duplicate {
        /// The file, relative to the repository root.
        file: &'static str,
        /// What Fluent reported, one entry per key.
        problems: Vec<String>,
    },
    /// Keys exist in English but not in other languages.
    #[error("keys present in English but missing in {}", describe_gaps(.0))]
    MissingKeys(Vec<(Language, Vec<String>)>),
    /// A language code that is not a valid BCP 47 tag (a programming error).
    #[error("`{0}` is not a valid language tag")]
    Locale(&'static str),
}

fn describe_gaps(gaps: &[(Language, Vec<String>)]) -> String {
    gaps.iter()
        .map(|(language, keys)| format!("{language}: {}", keys.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every translated text of the application, in every [`Language`].
///
/// Built once at start-up and shared (it is `Send + Sync`); looking a text up never
/// fails, so a missing translation degrades to English instead of breaking a mail.
pub struct Translations {
    bundles: Vec<(Language, Bundle)>,
}

impl fmt::Debug for Translations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Translations")
            .field(
                "languages",
                &self
                    .bundles
                    .iter()
                    .map(|(l, _)| l.code())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Translations {
    /// Loads the Fluent files compiled into the binary and checks that they are complete.
    ///
    /// # Errors
    /// [`I18nError::Syntax`] or [`I18nError::Duplicate`] naming the broken file, or
    /// [`I18nError::MissingKeys`] listing the English keys another language lacks.
    pub fn embedded() -> Result<Translations, I18nError> {
        Translations::from_sources(
            Language::ALL
                .into_iter()
                .map(|language| (language, embedded_sources(language))),
        )
    }

    fn from_sources(
        languages: impl IntoIterator<Item = (Language, Vec<Source>)>,
    ) -> Result<Translations, I18nError> {
        let mut bundles = Vec::new();
        let mut keys = Vec::new();
        for (language, sources) in languages {
            let locale: LanguageIdentifier = language
                .code()
                .parse()
                .map_err(|_| I18nError::Locale(language.code()))?;
            let mut bundle = Bundle::new_concurrent(vec![locale]);
            // Isolation marks (U+2068/U+2069) around values would end up in subjects and
            // plain-text mail, where they show as boxes or break copy-pasted references.
            bundle.set_use_isolating(false);
            let mut language_keys = BTreeSet::new();
            for source in sources {
                let resource = parse(source)?;
                language_keys.extend(message_ids(source.text));
                bundle
                    .add_resource(resource)
                    .map_err(|errors| I18nError::Duplicate {
                        file: source.path,
                        problems: errors.iter().map(ToString::to_string).collect(),
                    })?;
            }
            bundles.push((language, bundle));
            keys.push((language, language_keys));
        }
        check_complete(&keys)?;
        Ok(Translations { bundles })
    }

    /// The text for `key` in `language`, with `args` filled in as Fluent variables.
    ///
    /// Falls back to English when the language lacks the key (or its translation uses a
    /// variable that was not given), and to the key itself when English lacks it too, so
    /// a mistake shows up as a visible key rather than a failed mail.
    pub fn text(&self, language: Language, key: &str, args: &[(&str, String)]) -> String {
        let own = match self.format(language, key, args) {
            Some(Ok(text)) => return text,
            own => own,
        };
        let english = match self.format(REFERENCE_LANGUAGE, key, args) {
            Some(Ok(text)) => return text,
            english => english,
        };
        // Both are missing or flawed: the language's own attempt is the closest.
        match own.or(english) {
            Some(Ok(text) | Err(text)) => text,
            None => key.to_owned(),
        }
    }

    /// Whether `language` itself (without falling back) has a text for `key`.
    pub fn has(&self, language: Language, key: &str) -> bool {
        self.bundle(language)
            .is_some_and(|bundle| bundle.has_message(key))
    }

    fn bundle(&self, language: Language) -> Option<&Bundle> {
        self.bundles
            .iter()
            .find(|(candidate, _)| *candidate == language)
            .map(|(_, bundle)| bundle)
    }

    /// `None` when the key is missing; `Err` with the best-effort text when formatting
    /// reported errors (e.g. an unknown variable).
    fn format(
        &self,
        language: Language,
        key: &str,
        args: &[(&str, String)],
    ) -> Option<Result<String, String>> {
        let bundle = self.bundle(language)?;
        let pattern = bundle.get_message(key)?.value()?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.as_str());
        }
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned();
        Some(if errors.is_empty() {
            Ok(text)
        } else {
            Err(text)
        })
    }
}

fn parse(source: Source) -> Result<FluentResource, I18nError> {
    FluentResource::try_new(source.text.to_owned()).map_err(|(_, errors)| I18nError::Syntax {
        file: source.path,
        problems: errors
            .iter()
            .map(|error| {
                // The entry the error is in, not where the parser gave up (often the end).
                let start = error
                    .slice
                    .as_ref()
                    .map_or(error.pos.start, |slice| slice.start);
                format!("line {}: {error}", line_of(source.text, start))
            })
            .collect(),
    })
}

/// The 1-based line of the first non-blank character at or after a byte offset, for
/// error messages a translator can act on.
fn line_of(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = offset.min(bytes.len());
    while bytes.get(end).is_some_and(u8::is_ascii_whitespace) {
        end += 1;
    }
    bytes[..end.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The message identifiers a (syntactically valid) Fluent file defines.
///
/// Fluent requires continuation lines to be indented, so every line that starts with a
/// letter at column 0 begins a message; terms (`-x`) and comments (`#`) do not.
fn message_ids(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter_map(|line| {
        let (id, _) = line.split_once('=')?;
        let id = id.trim_end();
        let starts_with_letter = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let is_identifier = id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        (starts_with_letter && is_identifier).then(|| id.to_owned())
    })
}

fn check_complete(keys: &[(Language, BTreeSet<String>)]) -> Result<(), I18nError> {
    let Some((_, reference)) = keys.iter().find(|(l, _)| *l == REFERENCE_LANGUAGE) else {
        return Ok(());
    };
    let gaps: Vec<(Language, Vec<String>)> = keys
        .iter()
        .filter(|(language, _)| *language != REFERENCE_LANGUAGE)
        .filter_map(|(language, own)| {
            let missing: Vec<String> = reference.difference(own).cloned().collect();
            (!missing.is_empty()).then_some((*language, missing))
        })
        .collect();
    if gaps.is_empty() {
        Ok(())
    } else {
        Err(I18nError::MissingKeys(gaps))
    }
}

#[cfg(test)]
mod tests;
