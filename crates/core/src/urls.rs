//! Access URLs (campuses). URL 1 always exists; users, courses and sessions belong to URLs.

use crate::error::CoreResult;
use async_trait::async_trait;
use chrono::NaiveDateTime;

pub const DEFAULT_URL_ID: i64 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessUrl {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub active: bool,
    pub created_by: i64,
    pub tms: NaiveDateTime,
}

/// What can be linked to an access URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlMember {
    User(i64),
    Course(i64),
    Session(i64),
}

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

impl crate::Gateway {
    pub async fn access_url(&self, id: i64) -> CoreResult<Option<AccessUrl>> {
        self.repo().get_url(id).await
    }

    pub async fn urls_of(&self, member: UrlMember) -> CoreResult<Vec<i64>> {
        self.repo().urls_of(member).await
    }
}

/// Links a record to an access URL that must exist (a missing URL fails the whole write).
pub(crate) async fn link_member(
    repo: &dyn crate::ports::Repo,
    url_id: i64,
    member: UrlMember,
) -> CoreResult<()> {
    if repo.get_url(url_id).await?.is_none() {
        return Err(crate::CoreError::NotFound(crate::Entity::AccessUrl));
    }
    repo.link_to_url(url_id, member).await
}
