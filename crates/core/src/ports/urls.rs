//! Access URLs (campuses).

use crate::error::CoreResult;
use crate::types::urls::*;
use async_trait::async_trait;

#[async_trait]
pub trait UrlRepo: Send + Sync {
    async fn get_url(&self, id: i64) -> CoreResult<Option<AccessUrl>>;
    async fn list_urls(&self) -> CoreResult<Vec<AccessUrl>>;
    async fn insert_url(&self, url: &AccessUrl) -> CoreResult<i64>;
    async fn update_url(&self, url: &AccessUrl) -> CoreResult<()>;
    /// Removes the URL and its links (never URL 1; the service refuses that).
    async fn delete_url(&self, id: i64) -> CoreResult<()>;
    /// Idempotent.
    async fn link_to_url(&self, url_id: i64, member: UrlMember) -> CoreResult<()>;
    async fn unlink_from_url(&self, url_id: i64, member: UrlMember) -> CoreResult<()>;
    async fn urls_of(&self, member: UrlMember) -> CoreResult<Vec<i64>>;
}
