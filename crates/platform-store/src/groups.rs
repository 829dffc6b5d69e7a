//! groups: not yet served over a Chamilo database (placeholder, replaced before the mode is offered).

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use async_trait::async_trait;
use chamilo_core::ports::*;
use chamilo_core::types::groups::*;
use chamilo_core::{CoreError, CoreResult};

pub(crate) const TABLES: &[Needs] = &[];

#[async_trait]
impl<C: Conn> GroupRepo for Repos<C> {
    async fn insert_group(&self, _group: &Group) -> CoreResult<i64> {
        Err(pending("groups"))
    }
    async fn get_group(&self, _id: i64) -> CoreResult<Option<Group>> {
        Err(pending("groups"))
    }
    async fn find_group_by_name(&self, _name: &str) -> CoreResult<Option<Group>> {
        Err(pending("groups"))
    }
    async fn list_groups(&self, _group_type: Option<i32>) -> CoreResult<Vec<Group>> {
        Err(pending("groups"))
    }
    async fn delete_group(&self, _id: i64) -> CoreResult<()> {
        Err(pending("groups"))
    }
    async fn group_members(&self, _group_id: i64) -> CoreResult<Vec<GroupMember>> {
        Err(pending("groups"))
    }
    async fn get_group_member(
        &self,
        _group_id: i64,
        _user_id: i64,
    ) -> CoreResult<Option<GroupMember>> {
        Err(pending("groups"))
    }
    async fn put_group_member(&self, _member: &GroupMember) -> CoreResult<()> {
        Err(pending("groups"))
    }
    async fn delete_group_member(&self, _group_id: i64, _user_id: i64) -> CoreResult<bool> {
        Err(pending("groups"))
    }
    async fn groups_of_user(&self, _user_id: i64) -> CoreResult<Vec<i64>> {
        Err(pending("groups"))
    }
    async fn group_links(&self, _group_id: i64, _courses: bool) -> CoreResult<Vec<i64>> {
        Err(pending("groups"))
    }
    async fn insert_group_link(&self, _group_id: i64, _link: GroupLink) -> CoreResult<bool> {
        Err(pending("groups"))
    }
    async fn delete_group_link(&self, _group_id: i64, _link: GroupLink) -> CoreResult<bool> {
        Err(pending("groups"))
    }
    async fn update_group(&self, _group: &Group) -> CoreResult<()> {
        Err(pending("groups"))
    }
    async fn parent_group(&self, _group_id: i64) -> CoreResult<Option<i64>> {
        Err(pending("groups"))
    }
    async fn set_parent_group(&self, _group_id: i64, _parent: Option<i64>) -> CoreResult<()> {
        Err(pending("groups"))
    }
}

fn pending(what: &str) -> CoreError {
    CoreError::Storage(format!("{what} are not yet served over a Chamilo database"))
}
