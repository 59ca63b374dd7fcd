//! The closed vocabularies a workflow definition speaks: languages, roles and
//! request categories, plus [`Localized`] text that exists in every language.
//!
//! They are enums rather than strings so that a typo in a definition is caught
//! when it is loaded, not when a newcomer opens their status page.

use std::fmt;

/// A language the newcomer-facing texts are written in.
///
/// Every label and description in a definition must exist in all of them,
/// because a newcomer may have chosen any one as their preferred language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    /// English, the centre's lingua franca.
    En,
    /// Czech, the language of the authorities.
    Cs,
    /// Ukrainian, the language of a large share of newcomers.
    Uk,
}

impl Language {
    /// Every supported language, in the order texts are stored and shown.
    pub const ALL: [Language; 3] = [Language::En, Language::Cs, Language::Uk];

    /// The BCP 47 code, as used in definitions, the API and the database.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Cs => "cs",
            Language::Uk => "uk",
        }
    }

    /// Reads a BCP 47 code; `None` for a language the centre does not serve.
    pub fn parse(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.code() == code)
    }

    fn index(self) -> usize {
        match self {
            Language::En => 0,
            Language::Cs => 1,
            Language::Uk => 2,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who is acting on a request; definitions list which roles may apply a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Centre administrator: may always do whatever a caseworker may.
    Admin,
    /// Centre staff handling requests.
    Caseworker,
    /// A partner organisation; in a definition it means *the partner the
    /// request is currently referred to*, never any partner.
    Partner,
    /// The timer runner; may only apply transitions that a timer names.
    System,
}

impl Role {
    /// The machine name used in definitions and the API.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Caseworker => "caseworker",
            Role::Partner => "partner",
            Role::System => "system",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The kind of help a request asks for; each category is served by exactly one workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Residence permits (served by the `permit` workflow by default).
    ResidencePermit,
    /// Work permits and employee cards (served by the `permit` workflow by default).
    WorkPermit,
    /// Registration of residence address and similar formalities.
    Registration,
    /// Finding or keeping a home.
    Housing,
    /// Finding work.
    Job,
    /// Health insurance.
    HealthInsurance,
    /// Schools and kindergartens.
    Education,
    /// Czech language courses.
    LanguageCourse,
    /// Trade licences and self-employment.
    Business,
    /// Family matters: reunification, children, partners.
    Family,
    /// Anything else.
    Other,
}

impl Category {
    /// Every category, in the order of the contract.
    pub const ALL: [Category; 11] = [
        Category::ResidencePermit,
        Category::WorkPermit,
        Category::Registration,
        Category::Housing,
        Category::Job,
        Category::HealthInsurance,
        Category::Education,
        Category::LanguageCourse,
        Category::Business,
        Category::Family,
        Category::Other,
    ];

    /// The machine name used in definitions, the API and the database.
    pub fn code(self) -> &'static str {
        match self {
            Category::ResidencePermit => "residence_permit",
            Category::WorkPermit => "work_permit",
            Category::Registration => "registration",
            Category::Housing => "housing",
            Category::Job => "job",
            Category::HealthInsurance => "health_insurance",
            Category::Education => "education",
            Category::LanguageCourse => "language_course",
            Category::Business => "business",
            Category::Family => "family",
            Category::Other => "other",
        }
    }

    /// Reads a machine name; `None` for a category the contract does not know.
    pub fn parse(code: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|category| category.code() == code)
    }

    pub(crate) fn index(self) -> usize {
        Category::ALL
            .iter()
            .position(|category| *category == self)
            .unwrap_or_default()
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text that exists in every [`Language`]; only loading a definition builds one,
/// so looking a language up can never fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized {
    texts: [String; 3],
}

impl Localized {
    /// Builds a text from one entry per language, in [`Language::ALL`] order.
    pub fn new(en: String, cs: String, uk: String) -> Localized {
        Localized {
            texts: [en, cs, uk],
        }
    }

    /// The text in `language`.
    pub fn get(&self, language: Language) -> &str {
        &self.texts[language.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_code_parses_back_to_itself() {
        for language in Language::ALL {
            assert_eq!(Language::parse(language.code()), Some(language));
        }
        assert_eq!(Language::parse("de"), None);
    }

    #[test]
    fn every_category_code_parses_back_to_itself() {
        for category in Category::ALL {
            assert_eq!(Category::parse(category.code()), Some(category));
            assert_eq!(Category::ALL[category.index()], category);
        }
        assert_eq!(Category::parse("tourism"), None);
    }

    #[test]
    fn a_localized_text_answers_in_the_language_asked() {
        let text = Localized::new("Hello".into(), "Ahoj".into(), "Привіт".into());
        assert_eq!(text.get(Language::Cs), "Ahoj");
        assert_eq!(text.get(Language::Uk), "Привіт");
        assert_eq!(text.get(Language::En), "Hello");
    }
}
