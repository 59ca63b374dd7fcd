use entity::user::Role;

use super::ServiceError;

/// Who is acting: a signed-in user, resolved from a token or session.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// The organisation of a partner user.
    pub partner_id: Option<i64>,
    /// Where the request came from (for the audit log).
    pub address: Option<String>,
    /// The language the user chose for the staff interface.
    pub language: crate::domain::Language,
}

impl Principal {
    /// Centre staff: caseworkers and admins.
    pub fn is_staff(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Caseworker)
    }

    /// Allows centre staff only.
    ///
    /// # Errors
    /// `Forbidden` for partner users.
    pub fn require_staff(&self) -> Result<(), ServiceError> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(
                "only the centre's staff may do this".to_owned(),
            ))
        }
    }

    /// Allows admins only.
    ///
    /// # Errors
    /// `Forbidden` for everyone else.
    pub fn require_admin(&self) -> Result<(), ServiceError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(
                "only an admin may do this".to_owned(),
            ))
        }
    }

    /// Whether this user belongs to the partner organisation `partner_id`.
    pub fn is_partner(&self, partner_id: Option<i64>) -> bool {
        self.role == Role::Partner && partner_id.is_some() && self.partner_id == partner_id
    }
}
