//! `GroupRepo`: `usergroup`, its `usergroup_rel_{user,course,session}` links and its parent
//! (`usergroup_rel_usergroup`).

use crate::entities::{
    usergroup, usergroup_rel_course, usergroup_rel_session, usergroup_rel_user,
    usergroup_rel_usergroup,
};
use crate::error::{conflict, storage};
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::GroupRepo;
use chamilo_core::types::groups::{Group, GroupLink, GroupMember, PARENT_RELATION};
use chamilo_core::{Conflict, CoreResult};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

fn to_core(m: usergroup::Model) -> Group {
    Group {
        id: m.id,
        name: m.name,
        description: m.description,
        group_type: m.group_type,
        visibility: m.visibility,
        url: m.url,
        picture: m.picture,
        author_id: m.author_id,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

/// Every column but the id.
fn to_active(g: &Group) -> usergroup::ActiveModel {
    usergroup::ActiveModel {
        id: NotSet,
        name: Set(g.name.clone()),
        name_canonical: Set(g.name.to_lowercase()),
        description: Set(g.description.clone()),
        group_type: Set(g.group_type),
        visibility: Set(g.visibility),
        url: Set(g.url.clone()),
        picture: Set(g.picture.clone()),
        author_id: Set(g.author_id),
        created_at: Set(g.created_at),
        updated_at: Set(g.updated_at),
    }
}

fn member(m: usergroup_rel_user::Model) -> GroupMember {
    GroupMember {
        group_id: m.usergroup_id,
        user_id: m.user_id,
        relation_type: m.relation_type,
    }
}

#[async_trait]
impl<C: Conn> GroupRepo for Repos<C> {
    async fn insert_group(&self, g: &Group) -> CoreResult<i64> {
        Ok(usergroup::Entity::insert(to_active(g))
            .exec(self.db())
            .await
            .map_err(conflict(Conflict::GroupName))?
            .last_insert_id)
    }

    async fn update_group(&self, g: &Group) -> CoreResult<()> {
        usergroup::Entity::update_many()
            .set(to_active(g))
            .filter(usergroup::Column::Id.eq(g.id))
            .exec(self.db())
            .await
            .map_err(conflict(Conflict::GroupName))?;
        Ok(())
    }

    async fn get_group(&self, id: i64) -> CoreResult<Option<Group>> {
        let row = usergroup::Entity::find_by_id(id)
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(to_core))
    }

    async fn find_group_by_name(&self, name: &str) -> CoreResult<Option<Group>> {
        let row = usergroup::Entity::find()
            .filter(usergroup::Column::NameCanonical.eq(name.to_lowercase()))
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(to_core))
    }

    async fn list_groups(&self, group_type: Option<i32>) -> CoreResult<Vec<Group>> {
        let mut q = usergroup::Entity::find();
        if let Some(t) = group_type {
            q = q.filter(usergroup::Column::GroupType.eq(t));
        }
        let rows = q
            .order_by_asc(usergroup::Column::Name)
            .order_by_asc(usergroup::Column::Id)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(to_core).collect())
    }

    async fn delete_group(&self, id: i64) -> CoreResult<()> {
        let db = self.db();
        usergroup_rel_user::Entity::delete_many()
            .filter(usergroup_rel_user::Column::UsergroupId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        usergroup_rel_course::Entity::delete_many()
            .filter(usergroup_rel_course::Column::UsergroupId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        usergroup_rel_session::Entity::delete_many()
            .filter(usergroup_rel_session::Column::UsergroupId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        usergroup_rel_usergroup::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(usergroup_rel_usergroup::Column::GroupId.eq(id))
                    .add(usergroup_rel_usergroup::Column::SubgroupId.eq(id)),
            )
            .exec(db)
            .await
            .map_err(storage)?;
        usergroup::Entity::delete_by_id(id)
            .exec(db)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn group_members(&self, group_id: i64) -> CoreResult<Vec<GroupMember>> {
        let rows = usergroup_rel_user::Entity::find()
            .filter(usergroup_rel_user::Column::UsergroupId.eq(group_id))
            .order_by_asc(usergroup_rel_user::Column::UserId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(member).collect())
    }

    async fn get_group_member(
        &self,
        group_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<GroupMember>> {
        let row = usergroup_rel_user::Entity::find()
            .filter(usergroup_rel_user::Column::UsergroupId.eq(group_id))
            .filter(usergroup_rel_user::Column::UserId.eq(user_id))
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(member))
    }

    async fn put_group_member(&self, m: &GroupMember) -> CoreResult<()> {
        let db = self.db();
        let updated = usergroup_rel_user::Entity::update_many()
            .col_expr(
                usergroup_rel_user::Column::RelationType,
                sea_orm::sea_query::Expr::value(m.relation_type),
            )
            .filter(usergroup_rel_user::Column::UsergroupId.eq(m.group_id))
            .filter(usergroup_rel_user::Column::UserId.eq(m.user_id))
            .exec(db)
            .await
            .map_err(storage)?;
        if updated.rows_affected > 0
            || self
                .get_group_member(m.group_id, m.user_id)
                .await?
                .is_some()
        {
            return Ok(());
        }
        usergroup_rel_user::Entity::insert(usergroup_rel_user::ActiveModel {
            id: NotSet,
            usergroup_id: Set(m.group_id),
            user_id: Set(m.user_id),
            relation_type: Set(m.relation_type),
        })
        .on_conflict_do_nothing_on([
            usergroup_rel_user::Column::UsergroupId,
            usergroup_rel_user::Column::UserId,
        ])
        .exec_without_returning(db)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn delete_group_member(&self, group_id: i64, user_id: i64) -> CoreResult<bool> {
        let res = usergroup_rel_user::Entity::delete_many()
            .filter(usergroup_rel_user::Column::UsergroupId.eq(group_id))
            .filter(usergroup_rel_user::Column::UserId.eq(user_id))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(res.rows_affected > 0)
    }

    async fn groups_of_user(&self, user_id: i64) -> CoreResult<Vec<i64>> {
        usergroup_rel_user::Entity::find()
            .select_only()
            .column(usergroup_rel_user::Column::UsergroupId)
            .filter(usergroup_rel_user::Column::UserId.eq(user_id))
            .order_by_asc(usergroup_rel_user::Column::UsergroupId)
            .into_tuple()
            .all(self.db())
            .await
            .map_err(storage)
    }

    async fn group_links(&self, group_id: i64, courses: bool) -> CoreResult<Vec<i64>> {
        let db = self.db();
        if courses {
            usergroup_rel_course::Entity::find()
                .select_only()
                .column(usergroup_rel_course::Column::CourseId)
                .filter(usergroup_rel_course::Column::UsergroupId.eq(group_id))
                .order_by_asc(usergroup_rel_course::Column::CourseId)
                .into_tuple()
                .all(db)
                .await
                .map_err(storage)
        } else {
            usergroup_rel_session::Entity::find()
                .select_only()
                .column(usergroup_rel_session::Column::SessionId)
                .filter(usergroup_rel_session::Column::UsergroupId.eq(group_id))
                .order_by_asc(usergroup_rel_session::Column::SessionId)
                .into_tuple()
                .all(db)
                .await
                .map_err(storage)
        }
    }

    async fn insert_group_link(&self, group_id: i64, link: GroupLink) -> CoreResult<bool> {
        let db = self.db();
        // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed
        // statement would abort the surrounding transaction.
        match link {
            GroupLink::Course(course_id) => {
                let exists = usergroup_rel_course::Entity::find()
                    .filter(usergroup_rel_course::Column::UsergroupId.eq(group_id))
                    .filter(usergroup_rel_course::Column::CourseId.eq(course_id))
                    .count(db)
                    .await
                    .map_err(storage)?
                    > 0;
                if exists {
                    return Ok(false);
                }
                usergroup_rel_course::Entity::insert(usergroup_rel_course::ActiveModel {
                    id: NotSet,
                    usergroup_id: Set(group_id),
                    course_id: Set(course_id),
                })
                .on_conflict_do_nothing_on([
                    usergroup_rel_course::Column::UsergroupId,
                    usergroup_rel_course::Column::CourseId,
                ])
                .exec_without_returning(db)
                .await
                .map_err(storage)?;
            }
            GroupLink::Session(session_id) => {
                let exists = usergroup_rel_session::Entity::find()
                    .filter(usergroup_rel_session::Column::UsergroupId.eq(group_id))
                    .filter(usergroup_rel_session::Column::SessionId.eq(session_id))
                    .count(db)
                    .await
                    .map_err(storage)?
                    > 0;
                if exists {
                    return Ok(false);
                }
                usergroup_rel_session::Entity::insert(usergroup_rel_session::ActiveModel {
                    id: NotSet,
                    usergroup_id: Set(group_id),
                    session_id: Set(session_id),
                })
                .on_conflict_do_nothing_on([
                    usergroup_rel_session::Column::UsergroupId,
                    usergroup_rel_session::Column::SessionId,
                ])
                .exec_without_returning(db)
                .await
                .map_err(storage)?;
            }
        }
        Ok(true)
    }

    async fn delete_group_link(&self, group_id: i64, link: GroupLink) -> CoreResult<bool> {
        let db = self.db();
        let res = match link {
            GroupLink::Course(course_id) => {
                usergroup_rel_course::Entity::delete_many()
                    .filter(usergroup_rel_course::Column::UsergroupId.eq(group_id))
                    .filter(usergroup_rel_course::Column::CourseId.eq(course_id))
                    .exec(db)
                    .await
            }
            GroupLink::Session(session_id) => {
                usergroup_rel_session::Entity::delete_many()
                    .filter(usergroup_rel_session::Column::UsergroupId.eq(group_id))
                    .filter(usergroup_rel_session::Column::SessionId.eq(session_id))
                    .exec(db)
                    .await
            }
        };
        Ok(res.map_err(storage)?.rows_affected > 0)
    }

    async fn parent_group(&self, group_id: i64) -> CoreResult<Option<i64>> {
        usergroup_rel_usergroup::Entity::find()
            .select_only()
            .column(usergroup_rel_usergroup::Column::GroupId)
            .filter(usergroup_rel_usergroup::Column::SubgroupId.eq(group_id))
            .into_tuple()
            .one(self.db())
            .await
            .map_err(storage)
    }

    async fn set_parent_group(&self, group_id: i64, parent: Option<i64>) -> CoreResult<()> {
        let db = self.db();
        usergroup_rel_usergroup::Entity::delete_many()
            .filter(usergroup_rel_usergroup::Column::SubgroupId.eq(group_id))
            .exec(db)
            .await
            .map_err(storage)?;
        if let Some(parent) = parent {
            usergroup_rel_usergroup::Entity::insert(usergroup_rel_usergroup::ActiveModel {
                id: NotSet,
                group_id: Set(parent),
                subgroup_id: Set(group_id),
                relation_type: Set(PARENT_RELATION),
            })
            .exec_without_returning(db)
            .await
            .map_err(storage)?;
        }
        Ok(())
    }
}
