//! Per-user api keys (`user_api_key`): 32 lowercase hex characters from a CSPRNG.

use crate::error::CoreResult;
use async_trait::async_trait;
use rand::RngCore;

/// The service name the REST API uses.
pub const REST_SERVICE: &str = "MsgREST";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub user_id: i64,
    pub api_key: String,
    pub api_service: String,
}

#[async_trait]
pub trait ApiKeyRepo: Send + Sync {
    /// The user's keys for a service, ordered by id ("the" key is the first).
    async fn api_keys(&self, user_id: i64, service: &str) -> CoreResult<Vec<ApiKey>>;
    async fn insert_api_key(&self, user_id: i64, service: &str, key: &str) -> CoreResult<ApiKey>;
    async fn delete_api_key(&self, id: i64) -> CoreResult<()>;
}

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
