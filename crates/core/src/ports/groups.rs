//! Classes (`usergroup`) and their links to users, courses and sessions.

use crate::error::CoreResult;
use crate::types::groups::*;
use async_trait::async_trait;

#[async_trait]
pub trait GroupRepo: Send + Sync {
    /// Names are unique case-insensitively (a clash is `AlreadyExists(GroupName)`).
    async fn insert_group(&self, group: &Group) -> CoreResult<i64>;
    /// Writes every column of the class `group.id` (a name clash is `AlreadyExists(GroupName)`).
    async fn update_group(&self, group: &Group) -> CoreResult<()>;
    async fn get_group(&self, id: i64) -> CoreResult<Option<Group>>;
    /// Case-insensitive exact match.
    async fn find_group_by_name(&self, name: &str) -> CoreResult<Option<Group>>;
    /// Ordered by name, then id; `None` lists every type.
    async fn list_groups(&self, group_type: Option<i32>) -> CoreResult<Vec<Group>>;
    /// Removes the class, its member, course and session links and its parent and child links
    /// (its children become top-level classes).
    async fn delete_group(&self, id: i64) -> CoreResult<()>;
    /// Ordered by user id.
    async fn group_members(&self, group_id: i64) -> CoreResult<Vec<GroupMember>>;
    async fn get_group_member(
        &self,
        group_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<GroupMember>>;
    /// Inserts the membership or sets its relation type.
    async fn put_group_member(&self, member: &GroupMember) -> CoreResult<()>;
    async fn delete_group_member(&self, group_id: i64, user_id: i64) -> CoreResult<bool>;
    /// The classes a user belongs to, by id.
    async fn groups_of_user(&self, user_id: i64) -> CoreResult<Vec<i64>>;
    /// Linked course ids or session ids, ascending.
    async fn group_links(&self, group_id: i64, courses: bool) -> CoreResult<Vec<i64>>;
    /// Idempotent; whether a link was added.
    async fn insert_group_link(&self, group_id: i64, link: GroupLink) -> CoreResult<bool>;
    async fn delete_group_link(&self, group_id: i64, link: GroupLink) -> CoreResult<bool>;

    /// The class's parent class, if it has one.
    async fn parent_group(&self, group_id: i64) -> CoreResult<Option<i64>>;
    /// Makes `parent` the class's one parent (replacing any other), or with `None` leaves it
    /// without one.
    async fn set_parent_group(&self, group_id: i64, parent: Option<i64>) -> CoreResult<()>;
}
