//! Platform settings stored in the database.

use crate::error::CoreResult;
use async_trait::async_trait;

#[async_trait]
pub trait SettingsRepo: Send + Sync {
    async fn get_setting(&self, name: &str) -> CoreResult<Option<String>>;
    async fn set_setting(&self, name: &str, value: &str) -> CoreResult<()>;
}
