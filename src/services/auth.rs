//! Signing in to the API with bearer tokens: issue, resolve, revoke.

use chrono::Duration;
use entity::{api_token, user};
use rand::distr::{Alphanumeric, SampleString};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::keys::token_hash;
use super::users::principal_of;
use super::{Principal, ServiceError, Services, passwords};
use crate::domain::FieldError;

/// How long an API token works unless revoked first.
pub const TOKEN_LIFETIME_DAYS: i64 = 30;
/// How often `last_used_at` is refreshed: a write on every request would cost more than it tells.
const LAST_USED_RESOLUTION_MINUTES: i64 = 60;
/// Tokens start with this so a leaked one is recognisable (secret scanners, logs).
const TOKEN_PREFIX: &str = "edk_";

/// A freshly issued token; the only time its text exists outside the client.
#[derive(Debug)]
pub struct IssuedToken {
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

impl Services {
    /// Exchanges an e-mail and password for an API token.
    ///
    /// # Errors
    /// `Invalid` when a field is missing; `Unauthenticated` for a wrong e-mail or password
    /// (the same answer for both, in the same time).
    pub async fn issue_token(
        &self,
        email: Option<String>,
        password: Option<String>,
        address: Option<&str>,
    ) -> Result<IssuedToken, ServiceError> {
        let (email, password) = match (email, password) {
            (Some(e), Some(p)) if !e.trim().is_empty() && !p.is_empty() => (e, p),
            (email, _) => {
                let field = if email.is_none_or(|e| e.trim().is_empty()) {
                    "email"
                } else {
                    "password"
                };
                return Err(FieldError::new(field, "this field is required").into());
            }
        };
        self.throttle().sign_in(address, &email)?;
        let user = self.verify_credentials(&email, password).await?;
        let token = format!(
            "{TOKEN_PREFIX}{}",
            Alphanumeric.sample_string(&mut rand::rng(), 40)
        );
        let now = self.now();
        let expires_at = now + Duration::days(TOKEN_LIFETIME_DAYS);
        api_token::ActiveModel {
            user_id: Set(user.id),
            token_hash: Set(token_hash(&token)),
            created_at: Set(now),
            expires_at: Set(expires_at),
            last_used_at: Set(None),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(self.db())
        .await?;
        tracing::info!(user.id = user.id, "api token issued");
        Ok(IssuedToken { token, expires_at })
    }

    /// Checks an e-mail and password.
    ///
    /// # Errors
    /// `Unauthenticated` when either is wrong or the account is deactivated.
    pub(crate) async fn verify_credentials(
        &self,
        email: &str,
        password: String,
    ) -> Result<user::Model, ServiceError> {
        let user = self.active_user_by_email(email).await?;
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        let matches = passwords::verify(password, stored).await?;
        match user {
            Some(user) if matches => Ok(user),
            _ => Err(ServiceError::Unauthenticated),
        }
    }

    /// Resolves a bearer token to the person behind it.
    ///
    /// # Errors
    /// `Unauthenticated` for an unknown, expired or revoked token or a deactivated account.
    pub async fn principal_for_token(&self, token: &str) -> Result<Principal, ServiceError> {
        let now = self.now();
        let found = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(token_hash(token)))
            .find_also_related(user::Entity)
            .one(self.db())
            .await?;
        let Some((row, Some(user))) = found else {
            return Err(ServiceError::Unauthenticated);
        };
        if row.revoked_at.is_some() || row.expires_at <= now || !user.active {
            return Err(ServiceError::Unauthenticated);
        }
        let stale = row
            .last_used_at
            .is_none_or(|used| now - used > Duration::minutes(LAST_USED_RESOLUTION_MINUTES));
        if stale {
            let mut active: api_token::ActiveModel = row.into();
            active.last_used_at = Set(Some(now));
            active.update(self.db()).await?;
        }
        Ok(principal_of(&user))
    }

    /// Revokes a token, e.g. when its holder signs out.
    ///
    /// # Errors
    /// `Unauthenticated` when the token is not valid now.
    pub async fn revoke_token(&self, token: &str) -> Result<(), ServiceError> {
        self.principal_for_token(token).await?;
        api_token::Entity::update_many()
            .col_expr(
                api_token::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(self.now()),
            )
            .filter(api_token::Column::TokenHash.eq(token_hash(token)))
            .exec(self.db())
            .await?;
        Ok(())
    }
}
