use super::{User, UserFilter, UserSummary};
use crate::error::CoreResult;
use async_trait::async_trait;

/// Persistence of users. `insert_user` ignores `id` and returns the new one; usernames are unique
/// case-insensitively (a clash is `AlreadyExists(Username)`).
#[async_trait]
pub trait UserRepo: Send + Sync {
    async fn insert_user(&self, user: &User) -> CoreResult<i64>;
    /// Writes every column of the record (the admin flag included).
    async fn update_user(&self, user: &User) -> CoreResult<()>;
    async fn get_user(&self, id: i64) -> CoreResult<Option<User>>;
    /// Case-insensitive exact match.
    async fn find_user_by_username(&self, username: &str) -> CoreResult<Option<User>>;
    /// Ordered by firstname, then id.
    async fn list_users(&self, filter: &UserFilter) -> CoreResult<Vec<User>>;
    /// The same users in the same order, only the listed columns.
    async fn list_user_summaries(&self, filter: &UserFilter) -> CoreResult<Vec<UserSummary>>;
    /// A page ordered by id, and the total, of the users of an access URL.
    async fn page_users(
        &self,
        url_id: i64,
        offset: u64,
        limit: u64,
    ) -> CoreResult<(Vec<User>, u64)>;
    /// Removes the user and everything that hangs on it (subscriptions, extra values, keys, links).
    async fn delete_user(&self, id: i64) -> CoreResult<()>;
}
