use super::*;
use crate::workflow::Category;

fn embedded() -> Translations {
    match Translations::embedded() {
        Ok(translations) => translations,
        Err(error) => panic!("the shipped translations do not load: {error}"),
    }
}

fn source(path: &'static str, text: &'static str) -> Source {
    Source { path, text }
}

fn args(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs
        .iter()
        .map(|(name, value)| (*name, (*value).to_owned()))
        .collect()
}

#[test]
fn the_shipped_translations_load() {
    embedded();
}

#[test]
fn every_english_key_exists_in_czech_and_ukrainian() {
    let translations = embedded();
    let english: Vec<String> = embedded_sources(Language::En)
        .iter()
        .flat_map(|source| message_ids(source.text).collect::<Vec<_>>())
        .collect();
    assert!(
        english.len() > 50,
        "only {} English keys found",
        english.len()
    );
    for language in [Language::Cs, Language::Uk] {
        for key in &english {
            assert!(translations.has(language, key), "{language} lacks {key}");
        }
    }
}

#[test]
fn every_category_has_a_name_in_every_language() {
    let translations = embedded();
    for language in Language::ALL {
        for category in Category::ALL {
            let key = format!("category-{}", category.code());
            assert!(translations.has(language, &key), "{language} lacks {key}");
        }
    }
}

#[test]
fn arguments_are_substituted_without_isolation_marks() {
    let translations = embedded();
    let text = translations.text(
        Language::Cs,
        "mail-request_received-intro",
        &args(&[("title", "Hledání bytu"), ("reference", "EXP-2026-00042")]),
    );
    assert!(text.contains("„Hledání bytu“"), "{text}");
    assert!(text.contains("EXP-2026-00042"), "{text}");
    assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
}

#[test]
fn an_unknown_key_falls_back_to_the_key_itself() {
    let translations = embedded();
    assert_eq!(
        translations.text(Language::Uk, "no-such-key", &[]),
        "no-such-key"
    );
    assert!(!translations.has(Language::Uk, "no-such-key"));
}

#[test]
fn a_key_missing_in_a_language_falls_back_to_english() {
    let translations = Translations {
        bundles: vec![
            (Language::En, bundle("en", "hello = Hello, { $name }!")),
            (Language::Cs, bundle("cs", "other = Jiné")),
        ],
    };
    let text = translations.text(Language::Cs, "hello", &args(&[("name", "Olena")]));
    assert_eq!(text, "Hello, Olena!");
    assert!(!translations.has(Language::Cs, "hello"));
}

#[test]
fn a_translation_using_an_unknown_variable_falls_back_to_english() {
    let translations = Translations {
        bundles: vec![
            (Language::En, bundle("en", "hello = Hello, { $name }!")),
            (Language::Cs, bundle("cs", "hello = Ahoj, { $jmeno }!")),
        ],
    };
    let text = translations.text(Language::Cs, "hello", &args(&[("name", "Olena")]));
    assert_eq!(text, "Hello, Olena!");
}

#[test]
fn a_syntax_error_names_the_file_and_the_line() {
    let result = Translations::from_sources([(
        Language::En,
        vec![source(
            "templates/i18n/en/broken.ftl",
            "good = Fine\n\nbad = { $unclosed\n",
        )],
    )]);
    match result {
        Err(I18nError::Syntax { file, problems }) => {
            assert_eq!(file, "templates/i18n/en/broken.ftl");
            assert!(problems[0].starts_with("line 3: "), "{problems:?}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn keys_missing_in_a_translation_are_listed() {
    let result = Translations::from_sources([
        (
            Language::En,
            vec![source(
                "en.ftl",
                "a = A\nb = B\n    continued\nc = C\n-term = T\n",
            )],
        ),
        (Language::Cs, vec![source("cs.ftl", "a = A\n")]),
        (
            Language::Uk,
            vec![source("uk.ftl", "a = A\nb = B\nc = C\n")],
        ),
    ]);
    match result {
        Err(error @ I18nError::MissingKeys(_)) => {
            assert_eq!(
                error.to_string(),
                "keys present in English but missing in cs: b, c"
            );
        }
        other => panic!("expected missing keys, got {other:?}"),
    }
}

#[test]
fn a_key_defined_twice_in_one_language_is_an_error() {
    let result = Translations::from_sources([(
        Language::En,
        vec![
            source("one.ftl", "a = A\n"),
            source("two.ftl", "a = Again\n"),
        ],
    )]);
    assert!(
        matches!(
            result,
            Err(I18nError::Duplicate {
                file: "two.ftl",
                ..
            })
        ),
        "{result:?}"
    );
}

#[test]
fn translations_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Translations>();
}

fn bundle(code: &str, text: &'static str) -> Bundle {
    let mut bundle = Bundle::new_concurrent(vec![code.parse().unwrap()]);
    bundle.set_use_isolating(false);
    bundle
        .add_resource(FluentResource::try_new(text.to_owned()).unwrap())
        .unwrap();
    bundle
}
