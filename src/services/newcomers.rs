//! Newcomers: the people the centre helps. Personal data: keep it minimal and consented.

use chrono::NaiveDate;
use entity::newcomer;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::audit::{AuditEvent, record_audit};
use super::{Principal, ServiceError, Services};
use crate::domain::{
    EmailAddress, FieldError, FieldErrors, Language, parse_language, parse_optional_text,
    parse_text,
};

/// The version of the consent text a caseworker reads out or hands over at intake; stored with
/// every consent so it is known later what exactly was agreed to.
pub const CONSENT_TEXT_VERSION: &str = "2026-12";

/// A newcomer as typed at intake.
#[derive(Debug, Default, Clone)]
pub struct NewNewcomerInput {
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub nationality: Option<String>,
    pub preferred_language: Option<String>,
    /// `YYYY-MM-DD`.
    pub arrival_date: Option<String>,
    pub consent: Option<bool>,
    /// The newcomer also agrees that their data may be shared with partner organisations.
    pub sharing_consent: Option<bool>,
}

/// A newcomer as shown to staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Newcomer {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub nationality: Option<String>,
    /// BCP 47: `en`, `cs` or `uk`.
    pub preferred_language: String,
    pub arrival_date: Option<NaiveDate>,
    pub consent_given_at: chrono::DateTime<chrono::Utc>,
    pub consent_version: String,
    /// When they agreed to sharing with partners, if they did.
    pub sharing_consent_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Other newcomers with the same e-mail: perhaps the same person registered twice
    /// (or a family sharing an address).
    pub possible_duplicates: Vec<i64>,
}

struct ValidNewcomer {
    full_name: String,
    email: EmailAddress,
    phone: Option<String>,
    nationality: Option<String>,
    preferred_language: Language,
    arrival_date: Option<NaiveDate>,
}

impl TryFrom<NewNewcomerInput> for ValidNewcomer {
    type Error = Vec<FieldError>;

    fn try_from(input: NewNewcomerInput) -> Result<Self, Self::Error> {
        let mut errors = FieldErrors::default();
        let full_name = errors.check(parse_text("full_name", input.full_name.as_deref(), 200));
        let email = errors.check(EmailAddress::parse("email", input.email.as_deref()));
        let phone = errors.check(parse_phone(input.phone.as_deref()));
        let nationality = errors.check(parse_optional_text(
            "nationality",
            input.nationality.as_deref(),
            100,
        ));
        let language = errors.check(parse_language(
            "preferred_language",
            input.preferred_language.as_deref(),
        ));
        let arrival_date = errors.check(parse_date("arrival_date", input.arrival_date.as_deref()));
        if input.consent != Some(true) {
            errors.push(FieldError::new(
                "consent",
                "the newcomer's consent to processing their data is required (consent: true)",
            ));
        }
        errors.finish()?;
        match (full_name, email, phone, nationality, language, arrival_date) {
            (
                Some(name),
                Some(email),
                Some(phone),
                Some(nationality),
                Some(language),
                Some(arrival_date),
            ) => Ok(Self {
                full_name: name.into_string(),
                email,
                phone,
                nationality: nationality.map(|n| n.into_string()),
                preferred_language: language,
                arrival_date,
            }),
            _ => Err(vec![FieldError::new("input", "invalid newcomer")]),
        }
    }
}

/// Checks a newcomer's fields without saving anything.
///
/// # Errors
/// Every invalid field.
pub(crate) fn validate_newcomer(input: NewNewcomerInput) -> Result<(), Vec<FieldError>> {
    ValidNewcomer::try_from(input).map(|_| ())
}

fn parse_phone(value: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(text) = parse_optional_text("phone", value, 40)? else {
        return Ok(None);
    };
    let digits = text.as_str().chars().filter(char::is_ascii_digit).count();
    let allowed = text
        .as_str()
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
    if allowed && (6..=15).contains(&digits) {
        Ok(Some(text.into_string()))
    } else {
        Err(FieldError::new(
            "phone",
            "enter a phone number like +420 601 234 567",
        ))
    }
}

fn parse_date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, FieldError> {
    let text = value.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| FieldError::new(field, "enter a date as YYYY-MM-DD"))
}

impl Newcomer {
    pub(crate) fn from_row(row: newcomer::Model, possible_duplicates: Vec<i64>) -> Self {
        Self {
            id: row.id,
            full_name: row.full_name,
            email: row.email,
            phone: row.phone,
            nationality: row.nationality,
            preferred_language: row.preferred_language,
            arrival_date: row.arrival_date,
            consent_given_at: row.consent_given_at,
            consent_version: row.consent_version,
            sharing_consent_at: row.sharing_consent_at,
            created_at: row.created_at,
            possible_duplicates,
        }
    }
}

impl Services {
    /// Records a newcomer who consented to the centre processing their data.
    ///
    /// # Errors
    /// `Forbidden` for partner users; `Invalid` for bad fields or missing consent.
    pub async fn create_newcomer(
        &self,
        actor: &Principal,
        input: NewNewcomerInput,
    ) -> Result<Newcomer, ServiceError> {
        actor.require_staff()?;
        let sharing = input.sharing_consent == Some(true);
        let valid = ValidNewcomer::try_from(input)?;
        let lookup = valid.email.lookup_key();
        let duplicates = self.newcomers_with_email(&lookup).await?;
        let now = self.now();
        let row = newcomer::ActiveModel {
            full_name: Set(valid.full_name),
            email: Set(valid.email.to_string()),
            email_lookup: Set(lookup),
            phone: Set(valid.phone),
            nationality: Set(valid.nationality),
            preferred_language: Set(valid.preferred_language.code().to_owned()),
            arrival_date: Set(valid.arrival_date),
            consent_given_at: Set(now),
            consent_version: Set(CONSENT_TEXT_VERSION.to_owned()),
            anonymised_at: Set(None),
            sharing_consent_at: Set(sharing.then_some(now)),
            created_by: Set(Some(actor.user_id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.db())
        .await?;
        record_audit(
            self.db(),
            Some(actor),
            None,
            AuditEvent {
                action: "create",
                subject_type: "newcomer",
                subject_id: Some(row.id.to_string()),
                detail: None,
            },
            now,
        )
        .await?;
        tracing::info!(
            newcomer.id = row.id,
            actor.id = actor.user_id,
            "newcomer recorded"
        );
        Ok(Newcomer::from_row(row, duplicates))
    }

    async fn newcomers_with_email(&self, lookup: &str) -> Result<Vec<i64>, ServiceError> {
        let ids = newcomer::Entity::find()
            .select_only()
            .column(newcomer::Column::Id)
            .filter(newcomer::Column::EmailLookup.eq(lookup))
            .limit(20)
            .into_tuple::<i64>()
            .all(self.db())
            .await?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_input() -> NewNewcomerInput {
        NewNewcomerInput {
            full_name: Some("Olena Kovalenko".into()),
            email: Some("olena@example.org".into()),
            preferred_language: Some("uk".into()),
            consent: Some(true),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_intake_parses() {
        assert!(ValidNewcomer::try_from(valid_input()).is_ok());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = NewNewcomerInput {
            full_name: None,
            email: Some("nope".into()),
            phone: Some("call me".into()),
            arrival_date: Some("03/12/2026".into()),
            preferred_language: Some("de".into()),
            consent: Some(false),
            ..Default::default()
        };
        let errors = ValidNewcomer::try_from(input).err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "full_name",
                "email",
                "phone",
                "preferred_language",
                "arrival_date",
                "consent"
            ]
        );
    }
}
