//! Accounts: creating them (CLI, admin) and resolving who is behind a credential.

use entity::user::{self, Role};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, SqlErr};

use super::{ServiceError, Services, passwords};
use crate::domain::{EmailAddress, FieldError, FieldErrors, NewPassword, PartnerSlug, parse_text};

/// An account to create, as typed.
#[derive(Debug)]
pub struct NewUserInput {
    pub email: String,
    pub name: String,
    pub role: String,
    pub partner: Option<String>,
    pub password: String,
}

/// A created account.
#[derive(Debug, Clone)]
pub struct UserSummary {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: &'static str,
}

struct ValidUser {
    email: EmailAddress,
    name: String,
    role: Role,
    partner: Option<PartnerSlug>,
    password: NewPassword,
}

impl TryFrom<NewUserInput> for ValidUser {
    type Error = Vec<FieldError>;

    fn try_from(input: NewUserInput) -> Result<Self, Self::Error> {
        let mut errors = FieldErrors::default();
        let email = errors.check(EmailAddress::parse("email", Some(&input.email)));
        let name = errors.check(parse_text("name", Some(&input.name), 200));
        let role = errors.check(parse_role(&input.role));
        let password = errors.check(NewPassword::parse("password", &input.password));
        let partner = match (role, input.partner.as_deref()) {
            (Some(Role::Partner), None) => {
                errors.push(FieldError::new(
                    "partner",
                    "a partner user needs --partner SLUG (the organisation they belong to)",
                ));
                None
            }
            (Some(Role::Partner), Some(slug)) => {
                errors.check(PartnerSlug::parse("partner", Some(slug)))
            }
            (Some(_), Some(_)) => {
                errors.push(FieldError::new(
                    "partner",
                    "only partner users belong to a partner organisation",
                ));
                None
            }
            _ => None,
        };
        errors.finish()?;
        match (email, name, role, password) {
            (Some(email), Some(name), Some(role), Some(password)) => Ok(Self {
                email,
                name: name.into_string(),
                role,
                partner,
                password,
            }),
            _ => Err(vec![FieldError::new("input", "invalid account")]),
        }
    }
}

fn parse_role(text: &str) -> Result<Role, FieldError> {
    match text {
        "admin" => Ok(Role::Admin),
        "caseworker" => Ok(Role::Caseworker),
        "partner" => Ok(Role::Partner),
        other => Err(FieldError::new(
            "role",
            format!("`{other}` is not a role; use admin, caseworker or partner"),
        )),
    }
}

/// The machine name of a role.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Admin => "admin",
        Role::Caseworker => "caseworker",
        Role::Partner => "partner",
    }
}

impl Services {
    /// Creates an account from the command line (the operator is trusted: no principal).
    ///
    /// # Errors
    /// `Invalid` for bad input, an unknown partner or a duplicate e-mail.
    pub async fn create_user_from_cli(
        &self,
        input: NewUserInput,
    ) -> Result<UserSummary, ServiceError> {
        let valid = ValidUser::try_from(input)?;
        self.insert_user(valid).await
    }

    async fn insert_user(&self, valid: ValidUser) -> Result<UserSummary, ServiceError> {
        let partner_id = match &valid.partner {
            Some(slug) => Some(self.partner_id_for_slug("partner", slug).await?),
            None => None,
        };
        let email = valid.email.lookup_key();
        let password_hash = passwords::hash(valid.password.expose().to_owned()).await?;
        let now = self.now();
        let model = user::ActiveModel {
            email: Set(email.clone()),
            name: Set(valid.name),
            role: Set(valid.role),
            partner_id: Set(partner_id),
            password_hash: Set(password_hash),
            language: Set("en".to_owned()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        let saved = model.insert(self.db()).await.map_err(|error| {
            if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
                ServiceError::Invalid(vec![FieldError::new(
                    "email",
                    format!("an account with the e-mail {email} already exists"),
                )])
            } else {
                error.into()
            }
        })?;
        Ok(UserSummary {
            id: saved.id,
            email: saved.email,
            name: saved.name,
            role: role_name(saved.role),
        })
    }

    /// Finds an active account by e-mail (case-insensitive).
    pub(crate) async fn active_user_by_email(
        &self,
        email: &str,
    ) -> Result<Option<user::Model>, ServiceError> {
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(email.trim().to_lowercase()))
            .filter(user::Column::Active.eq(true))
            .one(self.db())
            .await?;
        Ok(found)
    }
}

/// The principal of an account row.
pub(crate) fn principal_of(user: &user::Model) -> super::Principal {
    super::Principal {
        user_id: user.id,
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role,
        partner_id: user.partner_id,
        address: None,
        language: crate::domain::Language::parse(&user.language)
            .unwrap_or(crate::domain::Language::En),
    }
}
