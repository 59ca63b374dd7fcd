//! Keys the application generates for itself and keeps in the database (`app_secrets`), so
//! nothing needs configuring and every instance sharing a database agrees.

use hmac::{Hmac, KeyInit, Mac};
use rand::RngCore;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use sha2::{Digest, Sha256};

use super::error::InternalError;

const ACCESS_CODE_KEY: &str = "access_code_hmac";

/// The keys in use.
#[derive(Clone)]
pub struct Keys {
    access_code: Vec<u8>,
}

impl Keys {
    /// Loads the keys, creating any that do not exist yet. Safe when two instances start at
    /// once: the first insert wins and both read the same row back.
    ///
    /// # Errors
    /// When the database fails or holds a damaged key.
    pub async fn load_or_create(
        db: &DatabaseConnection,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Self, InternalError> {
        let access_code = load_or_create_key(db, ACCESS_CODE_KEY, now).await?;
        Ok(Self { access_code })
    }

    /// The keyed hash of an access code. The code is random and high-entropy, so a fast
    /// HMAC is right here (a slow password hash would only slow the status check down);
    /// the key keeps a stolen database from being checked offline.
    pub fn access_code_hash(&self, canonical_code: &str) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.access_code)
            .unwrap_or_else(|_| unreachable_key_length());
        mac.update(canonical_code.as_bytes());
        to_hex(&mac.finalize().into_bytes())
    }
}

impl Keys {
    /// The signature of a newcomer's magic link: binds the link to the request and to its
    /// current access code (a new code invalidates old links). Domain-separated from the
    /// access-code hash so one can never stand in for the other.
    pub fn magic_link_signature(&self, reference: &str, access_code_hash: &str) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.access_code)
            .unwrap_or_else(|_| unreachable_key_length());
        mac.update(b"magic-link\0");
        mac.update(reference.as_bytes());
        mac.update(b"\0");
        mac.update(access_code_hash.as_bytes());
        let bytes = mac.finalize().into_bytes();
        // 128 bits are plenty for a link; shorter links survive being copied by hand.
        to_hex(bytes.get(..16).unwrap_or_default())
    }
}

impl Keys {
    /// The signature of a partner's accept/decline link: bound to one referral and its expiry.
    pub fn referral_link_signature(&self, referral_id: i64, expires: i64) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.access_code)
            .unwrap_or_else(|_| unreachable_key_length());
        mac.update(b"referral-link\0");
        mac.update(referral_id.to_string().as_bytes());
        mac.update(b"\0");
        mac.update(expires.to_string().as_bytes());
        let bytes = mac.finalize().into_bytes();
        to_hex(bytes.get(..16).unwrap_or_default())
    }
}

/// HMAC accepts keys of any length, so this cannot happen.
fn unreachable_key_length() -> Hmac<Sha256> {
    <Hmac<Sha256> as KeyInit>::new(&Default::default())
}

async fn load_or_create_key(
    db: &DatabaseConnection,
    name: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>, InternalError> {
    let mut fresh = [0u8; 32];
    rand::rng().fill_bytes(&mut fresh);
    let candidate = entity::app_secret::ActiveModel {
        name: Set(name.to_owned()),
        value: Set(to_hex(&fresh)),
        created_at: Set(now),
    };
    entity::app_secret::Entity::insert(candidate)
        .on_conflict_do_nothing_on([entity::app_secret::Column::Name])
        .exec(db)
        .await?;
    let stored = entity::app_secret::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| InternalError::Inconsistent(format!("secret {name} vanished")))?;
    from_hex(&stored.value)
        .ok_or_else(|| InternalError::Inconsistent(format!("secret {name} is not hex")))
}

/// SHA-256 of a bearer token, hex: tokens are random, so an unkeyed hash suffices to keep a
/// database leak from yielding usable tokens.
pub fn token_hash(token: &str) -> String {
    to_hex(&Sha256::digest(token.as_bytes()))
}

/// Lower-case hex of bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes = [0u8, 1, 171, 255];
        assert_eq!(to_hex(&bytes), "0001abff");
        assert_eq!(from_hex("0001abff"), Some(bytes.to_vec()));
        assert_eq!(from_hex("0g"), None);
    }

    #[test]
    fn access_code_hashes_depend_on_the_key() {
        let a = Keys {
            access_code: vec![1; 32],
        };
        let b = Keys {
            access_code: vec![2; 32],
        };
        assert_eq!(a.access_code_hash("ABC"), a.access_code_hash("ABC"));
        assert_ne!(a.access_code_hash("ABC"), b.access_code_hash("ABC"));
        assert_eq!(a.access_code_hash("ABC").len(), 64);
    }
}
