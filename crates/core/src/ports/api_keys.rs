//! Per-user api keys (`user_api_key`).

use crate::error::CoreResult;
use crate::types::api_keys::*;
use async_trait::async_trait;

#[async_trait]
pub trait ApiKeyRepo: Send + Sync {
    /// The user's keys for a service, ordered by id ("the" key is the first).
    async fn api_keys(&self, user_id: i64, service: &str) -> CoreResult<Vec<ApiKey>>;
    async fn insert_api_key(&self, user_id: i64, service: &str, key: &str) -> CoreResult<ApiKey>;
    async fn delete_api_key(&self, id: i64) -> CoreResult<()>;
}
