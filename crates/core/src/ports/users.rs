//! Persistence of users, one at a time and set-wise.

use crate::error::CoreResult;
use crate::types::extra_fields::ItemType;
use crate::types::users::{User, UserFilter, UserSummary};
use async_trait::async_trait;
use std::collections::HashSet;

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
    /// The platform admin with the lowest id, if there is one.
    async fn first_admin(&self) -> CoreResult<Option<User>>;
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

/// Set-wise persistence for batches. Each method is one statement per chunk of its input.
#[async_trait]
pub trait UserBatchRepo: Send + Sync {
    /// Which of these lower-cased usernames are taken.
    async fn taken_usernames(&self, canonical: &[String]) -> CoreResult<HashSet<String>>;
    /// Inserts the users (admin flags included); their new ids in input order.
    async fn insert_users(&self, users: &[&User]) -> CoreResult<Vec<i64>>;
    /// Links users that have no link yet to an access URL.
    async fn link_users_to_url(&self, url_id: i64, user_ids: &[i64]) -> CoreResult<()>;
    /// (item id, value) of the values of a field whose lookup key is one of `keys`.
    async fn values_with_keys(
        &self,
        field_id: i64,
        keys: &[String],
    ) -> CoreResult<Vec<(i64, String)>>;
    /// Which of these ids exist.
    async fn existing_items(&self, item_type: ItemType, ids: &[i64]) -> CoreResult<HashSet<i64>>;
    /// Inserts or updates (field id, item id, value) rows; at most one row per (field, item).
    async fn set_values(&self, rows: &[(i64, i64, String)]) -> CoreResult<()>;
}
