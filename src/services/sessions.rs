//! Web sign-in: server-side sessions with a CSRF token each, expiry, sign-out and password
//! changes.

use chrono::Duration;
use entity::{session, user};
use rand::distr::{Alphanumeric, SampleString};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::keys::token_hash;
use super::users::principal_of;
use super::{Principal, ServiceError, Services, passwords};
use crate::domain::{FieldError, FieldErrors, NewPassword};

/// A session ends after this long without activity (a working day).
pub const IDLE_TIMEOUT_HOURS: i64 = 8;
/// A session ends this long after sign-in, however active.
pub const ABSOLUTE_TIMEOUT_HOURS: i64 = 72;
/// How often the idle deadline is pushed forward: a write per page view would cost more
/// than it is worth.
const TOUCH_EVERY_MINUTES: i64 = 5;

/// Where a request came from.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub address: Option<String>,
    pub user_agent: Option<String>,
}

/// A session just started: the token goes into the cookie and nowhere else.
#[derive(Debug)]
pub struct StartedSession {
    pub token: String,
    pub principal: Principal,
}

/// A valid session.
#[derive(Debug, Clone)]
pub struct WebSession {
    pub principal: Principal,
    pub csrf_token: String,
}

fn random_token() -> String {
    Alphanumeric.sample_string(&mut rand::rng(), 43)
}

impl Services {
    /// Signs in with e-mail and password and starts a session.
    ///
    /// # Errors
    /// `Invalid` for empty fields, `RateLimited` after too many attempts, `Unauthenticated`
    /// for a wrong e-mail or password.
    pub async fn sign_in(
        &self,
        email: Option<String>,
        password: Option<String>,
        client: &ClientInfo,
    ) -> Result<StartedSession, ServiceError> {
        let email = email.unwrap_or_default();
        let password = password.unwrap_or_default();
        let mut errors = FieldErrors::default();
        if email.trim().is_empty() {
            errors.push(FieldError::new("email", "enter your e-mail address"));
        }
        if password.is_empty() {
            errors.push(FieldError::new("password", "enter your password"));
        }
        errors.finish()?;
        self.throttle().sign_in(client.address.as_deref(), &email)?;
        let user = self.verify_credentials(&email, password).await?;
        let token = random_token();
        let now = self.now();
        session::ActiveModel {
            token_hash: Set(token_hash(&token)),
            user_id: Set(user.id),
            csrf_token: Set(random_token()),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(now + Duration::hours(IDLE_TIMEOUT_HOURS)),
            address: Set(client.address.clone()),
            user_agent: Set(client
                .user_agent
                .as_ref()
                .map(|ua| ua.chars().take(300).collect())),
            ..Default::default()
        }
        .insert(self.db())
        .await?;
        tracing::info!(user.id = user.id, "signed in");
        let mut principal = principal_of(&user);
        principal.address = client.address.clone();
        Ok(StartedSession { token, principal })
    }

    /// The session behind a cookie's token, extending its idle deadline.
    ///
    /// # Errors
    /// `Unauthenticated` for an unknown or expired session or a deactivated account.
    pub async fn session(
        &self,
        token: &str,
        client: &ClientInfo,
    ) -> Result<WebSession, ServiceError> {
        let now = self.now();
        let found = session::Entity::find()
            .filter(session::Column::TokenHash.eq(token_hash(token)))
            .find_also_related(user::Entity)
            .one(self.db())
            .await?;
        let Some((row, Some(user))) = found else {
            return Err(ServiceError::Unauthenticated);
        };
        let absolute_end = row.created_at + Duration::hours(ABSOLUTE_TIMEOUT_HOURS);
        if row.expires_at <= now || absolute_end <= now || !user.active {
            return Err(ServiceError::Unauthenticated);
        }
        if now - row.last_seen_at > Duration::minutes(TOUCH_EVERY_MINUTES) {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeenAt, Expr::value(now))
                .col_expr(
                    session::Column::ExpiresAt,
                    Expr::value(now + Duration::hours(IDLE_TIMEOUT_HOURS)),
                )
                .filter(session::Column::Id.eq(row.id))
                .exec(self.db())
                .await?;
        }
        let mut principal = principal_of(&user);
        principal.address = client.address.clone();
        Ok(WebSession {
            principal,
            csrf_token: row.csrf_token,
        })
    }

    /// Ends a session.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn sign_out(&self, token: &str) -> Result<(), ServiceError> {
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(token_hash(token)))
            .exec(self.db())
            .await?;
        Ok(())
    }

    /// Changes the caller's password and ends their other sessions (a changed password
    /// should lock out whoever knew the old one).
    ///
    /// # Errors
    /// `Invalid` when the current password is wrong or the new one is weak or mistyped.
    pub async fn change_password(
        &self,
        actor: &Principal,
        current: &str,
        new: &str,
        confirmation: &str,
        keep_session_token: Option<&str>,
    ) -> Result<(), ServiceError> {
        let user = user::Entity::find_by_id(actor.user_id)
            .one(self.db())
            .await?
            .ok_or(ServiceError::Unauthenticated)?;
        let mut errors = FieldErrors::default();
        let matches =
            passwords::verify(current.to_owned(), Some(user.password_hash.clone())).await?;
        if !matches {
            errors.push(FieldError::new(
                "current_password",
                "this is not your current password",
            ));
        }
        let new_password = errors.check(NewPassword::parse("new_password", new));
        if new != confirmation {
            errors.push(FieldError::new(
                "confirm_password",
                "the two new passwords differ",
            ));
        }
        errors.finish()?;
        let Some(new_password) = new_password else {
            return Err(FieldError::new("new_password", "invalid password").into());
        };
        let hash = passwords::hash(new_password.expose().to_owned()).await?;
        let mut active: user::ActiveModel = user.into();
        active.password_hash = Set(hash);
        active.updated_at = Set(self.now());
        active.update(self.db()).await?;
        let mut others =
            session::Entity::delete_many().filter(session::Column::UserId.eq(actor.user_id));
        if let Some(token) = keep_session_token {
            others = others.filter(session::Column::TokenHash.ne(token_hash(token)));
        }
        others.exec(self.db()).await?;
        tracing::info!(user.id = actor.user_id, "password changed");
        Ok(())
    }
}
