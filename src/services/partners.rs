//! The partner directory: organisations that receive referrals.

use entity::partner;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, SqlErr,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Principal, ServiceError, Services};
use crate::domain::{
    Category, EmailAddress, FieldError, FieldErrors, Language, PartnerSlug, parse_category,
    parse_language, parse_optional_text, parse_text,
};

/// A partner organisation as typed (API or admin form).
#[derive(Debug, Default)]
pub struct NewPartnerInput {
    pub slug: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    pub categories: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    /// Newcomer fields a referral shares with this partner (default: name and language).
    pub shared_fields: Option<Vec<String>>,
}

/// A partner organisation as shown to staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Partner {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    /// Category machine names this organisation serves.
    pub categories: Vec<String>,
    /// Languages its staff speak (BCP 47).
    pub languages: Vec<String>,
    pub active: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

struct ValidPartner {
    slug: PartnerSlug,
    name: String,
    email: EmailAddress,
    phone: Option<String>,
    website: Option<String>,
    description: Option<String>,
    categories: Vec<Category>,
    languages: Vec<Language>,
    shared_fields: Vec<String>,
}

impl TryFrom<NewPartnerInput> for ValidPartner {
    type Error = Vec<FieldError>;

    fn try_from(input: NewPartnerInput) -> Result<Self, Self::Error> {
        let mut errors = FieldErrors::default();
        let slug = errors.check(PartnerSlug::parse("slug", input.slug.as_deref()));
        let name = errors.check(parse_text("name", input.name.as_deref(), 200));
        let email = errors.check(EmailAddress::parse("email", input.email.as_deref()));
        let phone = errors.check(parse_optional_text("phone", input.phone.as_deref(), 40));
        let website = errors.check(parse_website(input.website.as_deref()));
        let description = errors.check(parse_optional_text(
            "description",
            input.description.as_deref(),
            2000,
        ));
        let categories = parse_list("categories", input.categories, &mut errors, |field, v| {
            parse_category(field, Some(v))
        });
        let languages = parse_list("languages", input.languages, &mut errors, |field, v| {
            parse_language(field, Some(v))
        });
        let shared_fields = match input.shared_fields.filter(|f| !f.is_empty()) {
            None => vec!["name".to_owned(), "language".to_owned()],
            Some(fields) => parse_list(
                "shared_fields",
                Some(fields),
                &mut errors,
                |field, value| {
                    let value = value.trim();
                    if super::referrals::SHAREABLE_FIELDS.contains(&value) {
                        Ok(value.to_owned())
                    } else {
                        Err(FieldError::new(
                            field,
                            format!(
                                "`{value}` cannot be shared; use {}",
                                super::referrals::SHAREABLE_FIELDS.join(", ")
                            ),
                        ))
                    }
                },
            ),
        };
        errors.finish()?;
        match (slug, name, email, phone, website, description) {
            (
                Some(slug),
                Some(name),
                Some(email),
                Some(phone),
                Some(website),
                Some(description),
            ) => Ok(Self {
                slug,
                name: name.into_string(),
                email,
                phone: phone.map(|p| p.into_string()),
                website,
                description: description.map(|d| d.into_string()),
                categories,
                languages,
                shared_fields,
            }),
            _ => Err(vec![FieldError::new("input", "invalid partner")]),
        }
    }
}

/// Parses a non-empty list without duplicates, naming each bad item by its index.
fn parse_list<T: PartialEq>(
    field: &str,
    values: Option<Vec<String>>,
    errors: &mut FieldErrors,
    parse: impl Fn(&str, &str) -> Result<T, FieldError>,
) -> Vec<T> {
    let values = values.unwrap_or_default();
    if values.is_empty() {
        errors.push(FieldError::new(field, "choose at least one"));
        return Vec::new();
    }
    let mut parsed = Vec::new();
    for (index, value) in values.iter().enumerate() {
        if let Some(item) = errors.check(parse(&format!("{field}[{index}]"), value))
            && !parsed.contains(&item)
        {
            parsed.push(item);
        }
    }
    parsed
}

fn parse_website(value: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(text) = parse_optional_text("website", value, 300)? else {
        return Ok(None);
    };
    match url::Url::parse(text.as_str()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(Some(url.to_string())),
        _ => Err(FieldError::new(
            "website",
            "enter a web address starting with https://",
        )),
    }
}

fn strings(json: &serde_json::Value) -> Vec<String> {
    json.as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

impl From<partner::Model> for Partner {
    fn from(row: partner::Model) -> Self {
        Self {
            id: row.id,
            categories: strings(&row.categories),
            languages: strings(&row.languages),
            slug: row.slug,
            name: row.name,
            email: row.email,
            phone: row.phone,
            website: row.website,
            description: row.description,
            active: row.active,
            created_at: row.created_at,
        }
    }
}

impl Services {
    /// Adds an organisation to the directory (admins only).
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `Invalid` for bad fields or a slug already taken.
    pub async fn create_partner(
        &self,
        actor: &Principal,
        input: NewPartnerInput,
    ) -> Result<Partner, ServiceError> {
        actor.require_admin()?;
        let valid = ValidPartner::try_from(input)?;
        let now = self.now();
        let slug = valid.slug.to_string();
        let row = partner::ActiveModel {
            slug: Set(slug.clone()),
            name: Set(valid.name),
            email: Set(valid.email.to_string()),
            phone: Set(valid.phone),
            website: Set(valid.website),
            description: Set(valid.description),
            categories: Set(serde_json::json!(
                valid
                    .categories
                    .iter()
                    .map(|c| c.code())
                    .collect::<Vec<_>>()
            )),
            languages: Set(serde_json::json!(
                valid.languages.iter().map(|l| l.code()).collect::<Vec<_>>()
            )),
            active: Set(true),
            shared_fields: Set(valid.shared_fields.join(",")),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(self.db())
        .await
        .map_err(|error| match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => ServiceError::from(FieldError::new(
                "slug",
                format!("the slug {slug} is already taken"),
            )),
            _ => error.into(),
        })?;
        tracing::info!(partner.slug = %row.slug, actor.id = actor.user_id, "partner created");
        Ok(row.into())
    }

    /// The directory, by name (staff only).
    ///
    /// # Errors
    /// `Forbidden` for partner users.
    pub async fn list_partners(&self, actor: &Principal) -> Result<Vec<Partner>, ServiceError> {
        actor.require_staff()?;
        let rows = partner::Entity::find()
            .order_by_asc(partner::Column::Name)
            .all(self.db())
            .await?;
        Ok(rows.into_iter().map(Partner::from).collect())
    }

    /// Activates or deactivates a partner: an inactive one is no longer suggested or offered
    /// referrals; its history stays (admins only).
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `NotFound` for an unknown slug.
    pub async fn set_partner_active(
        &self,
        actor: &Principal,
        slug: &str,
        active: bool,
    ) -> Result<(), ServiceError> {
        actor.require_admin()?;
        let row = partner::Entity::find()
            .filter(partner::Column::Slug.eq(slug))
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("partner"))?;
        let mut model: partner::ActiveModel = row.into();
        model.active = Set(active);
        model.updated_at = Set(self.now());
        model.update(self.db()).await?;
        Ok(())
    }

    /// The id of the partner with `slug`, or a field error on `field`.
    pub(crate) async fn partner_id_for_slug(
        &self,
        field: &str,
        slug: &PartnerSlug,
    ) -> Result<i64, ServiceError> {
        partner::Entity::find()
            .filter(partner::Column::Slug.eq(slug.as_str()))
            .one(self.db())
            .await?
            .map(|row| row.id)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!("no partner organisation has the slug {slug}"),
                )
                .into()
            })
    }
}
