//! Password hashing with argon2id at OWASP's recommended cost, off the async executor.

use argon2::password_hash::PasswordHasher;
use argon2::{Algorithm, Argon2, Params, PasswordVerifier, Version};

use super::error::InternalError;

/// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
fn hasher() -> Result<Argon2<'static>, InternalError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|error| InternalError::PasswordHash(error.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string (algorithm, parameters, salt and hash together).
///
/// # Errors
/// When the hasher fails, which only a broken parameter set or RNG could cause.
pub async fn hash(password: String) -> Result<String, InternalError> {
    tokio::task::spawn_blocking(move || {
        let hash = hasher()?
            .hash_password(password.as_bytes())
            .map_err(|error| InternalError::PasswordHash(error.to_string()))?;
        Ok(hash.to_string())
    })
    .await?
}

/// Checks a password against a stored PHC string; the comparison is constant-time.
/// `None` for the hash runs a verification against a dummy hash, so an unknown account
/// takes as long to refuse as a wrong password.
///
/// # Errors
/// When the blocking task cannot run.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, InternalError> {
    tokio::task::spawn_blocking(move || {
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let matches = hasher()?
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok();
        Ok(matches && hash != DUMMY_HASH)
    })
    .await?
}

/// A valid argon2id hash of a random string nobody knows, with the production parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let hash = hash("correct horse battery".into()).await.expect("hash");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            verify("correct horse battery".into(), Some(hash.clone()))
                .await
                .expect("ok")
        );
        assert!(
            !verify("wrong horse battery".into(), Some(hash))
                .await
                .expect("ok")
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(!verify("anything".into(), None).await.expect("ok"));
    }
}
