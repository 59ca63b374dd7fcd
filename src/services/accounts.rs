//! Account administration (admins) and a user's own settings.

use entity::{session, user};
use rand::distr::{Alphanumeric, SampleString};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};

use super::users::{NewUserInput, role_name};
use super::{Principal, ServiceError, Services, passwords};
use crate::domain::{FieldError, Language};

/// An account as admins see it.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: &'static str,
    pub partner_id: Option<i64>,
    pub active: bool,
}

/// An account created or reset by an admin, with the one-time password to hand over.
#[derive(Debug, Clone)]
pub struct TemporaryPassword {
    pub email: String,
    pub password: String,
}

fn temporary_password() -> String {
    // 16 alphanumerics ≈ 95 bits; the user changes it at first sign-in.
    Alphanumeric.sample_string(&mut rand::rng(), 16)
}

impl Services {
    /// Every account, staff first.
    ///
    /// # Errors
    /// `Forbidden` for non-admins.
    pub async fn list_accounts(&self, actor: &Principal) -> Result<Vec<Account>, ServiceError> {
        actor.require_admin()?;
        let rows = user::Entity::find()
            .order_by_asc(user::Column::Role)
            .order_by_asc(user::Column::Name)
            .all(self.db())
            .await?;
        Ok(rows
            .into_iter()
            .map(|u| Account {
                id: u.id,
                email: u.email,
                name: u.name,
                role: role_name(u.role),
                partner_id: u.partner_id,
                active: u.active,
            })
            .collect())
    }

    /// Creates an account with a temporary password for the admin to hand over.
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `Invalid` for bad fields or a duplicate e-mail.
    pub async fn invite_account(
        &self,
        actor: &Principal,
        email: String,
        name: String,
        role: String,
        partner: Option<String>,
    ) -> Result<TemporaryPassword, ServiceError> {
        actor.require_admin()?;
        let password = temporary_password();
        let partner = partner.filter(|p| !p.trim().is_empty());
        let created = self
            .create_user_from_cli(NewUserInput {
                email,
                name,
                role,
                partner,
                password: password.clone(),
            })
            .await?;
        tracing::info!(
            user.id = created.id,
            actor.id = actor.user_id,
            "account invited"
        );
        Ok(TemporaryPassword {
            email: created.email,
            password,
        })
    }

    /// Activates or deactivates an account; deactivation ends its sessions at once.
    ///
    /// # Errors
    /// `Forbidden` for non-admins or for deactivating oneself; `NotFound` for an unknown id.
    pub async fn set_account_active(
        &self,
        actor: &Principal,
        id: i64,
        active: bool,
    ) -> Result<(), ServiceError> {
        actor.require_admin()?;
        if id == actor.user_id && !active {
            return Err(ServiceError::Forbidden(
                "you cannot deactivate your own account".into(),
            ));
        }
        let row = user::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("account"))?;
        let mut model: user::ActiveModel = row.into();
        model.active = Set(active);
        model.updated_at = Set(self.now());
        model.update(self.db()).await?;
        if !active {
            session::Entity::delete_many()
                .filter(session::Column::UserId.eq(id))
                .exec(self.db())
                .await?;
        }
        tracing::info!(
            user.id = id,
            active,
            actor.id = actor.user_id,
            "account activity changed"
        );
        Ok(())
    }

    /// Replaces an account's password with a temporary one and ends its sessions.
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `NotFound` for an unknown id.
    pub async fn reset_account_password(
        &self,
        actor: &Principal,
        id: i64,
    ) -> Result<TemporaryPassword, ServiceError> {
        actor.require_admin()?;
        let row = user::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::NotFound("account"))?;
        let password = temporary_password();
        let email = row.email.clone();
        let mut model: user::ActiveModel = row.into();
        model.password_hash = Set(passwords::hash(password.clone()).await?);
        model.updated_at = Set(self.now());
        model.update(self.db()).await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(id))
            .exec(self.db())
            .await?;
        tracing::info!(user.id = id, actor.id = actor.user_id, "password reset");
        Ok(TemporaryPassword { email, password })
    }

    /// Sets the language of the caller's staff interface.
    ///
    /// # Errors
    /// `Invalid` for an unsupported language.
    pub async fn set_language(
        &self,
        actor: &Principal,
        code: Option<&str>,
    ) -> Result<(), ServiceError> {
        let language = code
            .and_then(Language::parse)
            .ok_or_else(|| FieldError::new("language", "choose en, cs or uk"))?;
        let row = user::Entity::find_by_id(actor.user_id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let mut model: user::ActiveModel = row.into();
        model.language = Set(language.code().to_owned());
        model.update(self.db()).await?;
        Ok(())
    }
}
