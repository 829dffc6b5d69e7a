//! Per-user api keys (`user_api_key`): 32 lowercase hex characters from a CSPRNG.

pub use crate::types::api_keys::*;

use rand::RngCore;

/// 128 random bits as 32 lowercase hex characters.
pub fn generate_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_32_lowercase_hex_and_distinct() {
        let a = super::generate_key();
        let b = super::generate_key();
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
        assert_ne!(a, b);
    }
}
