//! Chamilo 1.11's password encoder (`password_encryption` in its configuration.php): one method
//! for the whole platform, md5/sha1/none over `raw{salt}`, bcrypt `$2y$` at cost 4 with the salt
//! ignored. Hashes made here are the ones PHP Chamilo accepts at login, and the reverse.

use super::{ct_eq, StoredPassword};
use crate::error::{CoreError, CoreResult};
use crate::types::passwords::PasswordMethod;
use base64::Engine;
use md5::Md5;
use rand::RngCore;
use sha1::{Digest, Sha1};

/// The only cost Chamilo writes, and the only bcrypt shape its `password_conversion` detects.
const BCRYPT_COST: u32 = 4;
/// Symfony's encoders refuse longer passwords (bcrypt would silently truncate past 72 bytes).
const BCRYPT_MAX: usize = 72;
const DIGEST_MAX: usize = 4096;

/// A salt as FOSUserBundle makes one: 32 random bytes, base64 with `+` as `.`, no padding.
pub fn new_salt() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD
        .encode(bytes)
        .replace('+', ".")
        .trim_end_matches('=')
        .to_string()
}

/// `raw{salt}`, or `raw` alone when there is no salt (Symfony's `mergePasswordAndSalt`).
fn merged(raw: &str, salt: &str) -> String {
    if salt.is_empty() {
        raw.to_string()
    } else {
        format!("{raw}{{{salt}}}")
    }
}

fn too_long(method: PasswordMethod, raw: &str) -> bool {
    let max = match method {
        PasswordMethod::Bcrypt => BCRYPT_MAX,
        _ => DIGEST_MAX,
    };
    raw.len() > max
}

/// What Chamilo stores for `raw` under `method`, with a fresh salt.
pub fn encode(method: PasswordMethod, raw: &str) -> CoreResult<StoredPassword> {
    if raw.is_empty() {
        return Err(CoreError::invalid("password", "must not be empty"));
    }
    if too_long(method, raw) {
        let max = if method == PasswordMethod::Bcrypt {
            BCRYPT_MAX
        } else {
            DIGEST_MAX
        };
        return Err(CoreError::invalid(
            "password",
            format!("longer than {max} bytes, which the platform refuses"),
        ));
    }
    let salt = new_salt();
    let hash = match method {
        PasswordMethod::Bcrypt => bcrypt::hash_with_result(raw, BCRYPT_COST)
            .map_err(|e| CoreError::invalid("password", e.to_string()))?
            .format_for_version(bcrypt::Version::TwoY),
        PasswordMethod::Md5 => hex::encode(Md5::digest(merged(raw, &salt))),
        PasswordMethod::Sha1 => hex::encode(Sha1::digest(merged(raw, &salt))),
        PasswordMethod::None => merged(raw, &salt),
    };
    Ok(StoredPassword { method, hash, salt })
}

/// Chamilo's check of `raw` against a stored hash and salt under `method`.
pub fn is_valid(method: PasswordMethod, raw: &str, hash: &str, salt: &str) -> bool {
    if too_long(method, raw) {
        return false;
    }
    match method {
        PasswordMethod::Bcrypt => bcrypt::verify(raw, hash).unwrap_or(false),
        PasswordMethod::Md5 => ct_eq(&hex::encode(Md5::digest(merged(raw, salt))), hash),
        PasswordMethod::Sha1 => ct_eq(&hex::encode(Sha1::digest(merged(raw, salt))), hash),
        PasswordMethod::None => ct_eq(&merged(raw, salt), hash),
    }
}

/// The method a stored hash's shape tells (`password_conversion`): bcrypt only as Chamilo
/// writes it (`$2y$04$`), md5/sha1 by hex length, clear text by its `{salt}` tail.
pub fn detect(hash: &str, salt: &str) -> Option<PasswordMethod> {
    let hex = |len: usize| hash.len() == len && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let bcrypt_alphabet = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'/')
    };
    if hash.len() == 60 && hash.starts_with("$2y$04$") && bcrypt_alphabet(&hash[7..]) {
        Some(PasswordMethod::Bcrypt)
    } else if hex(32) {
        Some(PasswordMethod::Md5)
    } else if hex(40) {
        Some(PasswordMethod::Sha1)
    } else if hash
        .find('{')
        .is_some_and(|start| hash.ends_with('}') && hash[start + 1..hash.len() - 1] == *salt)
    {
        Some(PasswordMethod::None)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salts_look_like_fosuserbundle_salts() {
        let salt = new_salt();
        assert_eq!(salt.len(), 43);
        assert!(!salt.contains(['+', '=', '{', '}']));
        assert_ne!(salt, new_salt());
    }

    #[test]
    fn digests_are_over_raw_and_braced_salt() {
        // PHP: sha1("secret{abc}"), md5("secret{abc}")
        let sha1 = "3d8835693e6e7346a6b24a30bc65142558bf1da1";
        let md5 = "a07ce89f0bfb6279116cc3c12d272bc6";
        assert!(is_valid(PasswordMethod::Sha1, "secret", sha1, "abc"));
        assert!(is_valid(PasswordMethod::Md5, "secret", md5, "abc"));
        assert!(!is_valid(PasswordMethod::Md5, "secret", md5, ""));
        assert!(is_valid(
            PasswordMethod::None,
            "secret",
            "secret{abc}",
            "abc"
        ));
        assert!(is_valid(PasswordMethod::None, "secret", "secret", ""));
        assert!(!is_valid(PasswordMethod::None, "secret", "secret", "abc"));
    }

    #[test]
    fn bcrypt_is_2y_cost_4_and_refuses_over_72_bytes() {
        let stored = encode(PasswordMethod::Bcrypt, "s3cret").unwrap();
        assert!(stored.hash.starts_with("$2y$04$"), "{}", stored.hash);
        assert_eq!(
            detect(&stored.hash, &stored.salt),
            Some(PasswordMethod::Bcrypt)
        );
        assert!(is_valid(
            PasswordMethod::Bcrypt,
            "s3cret",
            &stored.hash,
            "ignored"
        ));
        let long = "x".repeat(73);
        assert!(encode(PasswordMethod::Bcrypt, &long).is_err());
        let truncated = bcrypt::hash(&long[..72], 4).unwrap();
        assert!(!is_valid(PasswordMethod::Bcrypt, &long, &truncated, ""));
    }

    #[test]
    fn detection_follows_the_hash_shape() {
        let b10 = bcrypt::hash("x", 10).unwrap();
        assert_eq!(detect(&b10, ""), None, "only $2y$04$ is Chamilo's bcrypt");
        assert_eq!(detect(&"a".repeat(32), ""), Some(PasswordMethod::Md5));
        assert_eq!(detect(&"a".repeat(40), ""), Some(PasswordMethod::Sha1));
        assert_eq!(detect("pw{salt}", "salt"), Some(PasswordMethod::None));
        assert_eq!(detect("pw{salt}", "other"), None);
    }
}
