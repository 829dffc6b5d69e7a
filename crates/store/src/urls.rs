//! `UrlRepo`: `access_url` and its `access_url_rel_{user,course,session}` links.

use crate::entities::{
    access_url, access_url_rel_course, access_url_rel_session, access_url_rel_user,
};
use crate::error::storage;
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::UrlRepo;
use chamilo_core::types::urls::{AccessUrl, UrlMember};
use chamilo_core::CoreResult;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

fn to_core(m: access_url::Model) -> AccessUrl {
    AccessUrl {
        id: m.id,
        url: m.url,
        description: m.description,
        active: m.active,
        created_by: m.created_by,
        tms: m.tms,
    }
}

fn to_active(u: &AccessUrl) -> access_url::ActiveModel {
    access_url::ActiveModel {
        id: NotSet,
        url: Set(u.url.clone()),
        description: Set(u.description.clone()),
        active: Set(u.active),
        created_by: Set(u.created_by),
        tms: Set(u.tms),
    }
}

#[async_trait]
impl<C: Conn> UrlRepo for Repos<C> {
    async fn get_url(&self, id: i64) -> CoreResult<Option<AccessUrl>> {
        let row = access_url::Entity::find_by_id(id)
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(to_core))
    }

    async fn list_urls(&self) -> CoreResult<Vec<AccessUrl>> {
        let rows = access_url::Entity::find()
            .order_by_asc(access_url::Column::Id)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(to_core).collect())
    }

    async fn insert_url(&self, url: &AccessUrl) -> CoreResult<i64> {
        Ok(access_url::Entity::insert(to_active(url))
            .exec(self.db())
            .await
            .map_err(storage)?
            .last_insert_id)
    }

    async fn update_url(&self, url: &AccessUrl) -> CoreResult<()> {
        access_url::Entity::update_many()
            .set(to_active(url))
            .filter(access_url::Column::Id.eq(url.id))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn delete_url(&self, id: i64) -> CoreResult<()> {
        let db = self.db();
        access_url_rel_user::Entity::delete_many()
            .filter(access_url_rel_user::Column::AccessUrlId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        access_url_rel_course::Entity::delete_many()
            .filter(access_url_rel_course::Column::AccessUrlId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        access_url_rel_session::Entity::delete_many()
            .filter(access_url_rel_session::Column::AccessUrlId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        access_url::Entity::delete_by_id(id)
            .exec(db)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn link_to_url(&self, url_id: i64, member: UrlMember) -> CoreResult<()> {
        // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed
        // statement would abort the surrounding transaction.
        let db = self.db();
        let res = match member {
            UrlMember::User(id) => {
                access_url_rel_user::Entity::insert(access_url_rel_user::ActiveModel {
                    id: NotSet,
                    access_url_id: Set(url_id),
                    user_id: Set(id),
                })
                .on_conflict_do_nothing_on([
                    access_url_rel_user::Column::AccessUrlId,
                    access_url_rel_user::Column::UserId,
                ])
                .exec_without_returning(db)
                .await
            }
            UrlMember::Course(id) => {
                access_url_rel_course::Entity::insert(access_url_rel_course::ActiveModel {
                    id: NotSet,
                    access_url_id: Set(url_id),
                    c_id: Set(id),
                })
                .on_conflict_do_nothing_on([
                    access_url_rel_course::Column::AccessUrlId,
                    access_url_rel_course::Column::CId,
                ])
                .exec_without_returning(db)
                .await
            }
            UrlMember::Session(id) => {
                access_url_rel_session::Entity::insert(access_url_rel_session::ActiveModel {
                    id: NotSet,
                    access_url_id: Set(url_id),
                    session_id: Set(id),
                })
                .on_conflict_do_nothing_on([
                    access_url_rel_session::Column::AccessUrlId,
                    access_url_rel_session::Column::SessionId,
                ])
                .exec_without_returning(db)
                .await
            }
        };
        res.map_err(storage)?;
        Ok(())
    }

    async fn unlink_from_url(&self, url_id: i64, member: UrlMember) -> CoreResult<()> {
        let db = self.db();
        let res = match member {
            UrlMember::User(id) => {
                access_url_rel_user::Entity::delete_many()
                    .filter(access_url_rel_user::Column::AccessUrlId.eq(url_id))
                    .filter(access_url_rel_user::Column::UserId.eq(id))
                    .exec(db)
                    .await
            }
            UrlMember::Course(id) => {
                access_url_rel_course::Entity::delete_many()
                    .filter(access_url_rel_course::Column::AccessUrlId.eq(url_id))
                    .filter(access_url_rel_course::Column::CId.eq(id))
                    .exec(db)
                    .await
            }
            UrlMember::Session(id) => {
                access_url_rel_session::Entity::delete_many()
                    .filter(access_url_rel_session::Column::AccessUrlId.eq(url_id))
                    .filter(access_url_rel_session::Column::SessionId.eq(id))
                    .exec(db)
                    .await
            }
        };
        res.map_err(storage)?;
        Ok(())
    }

    /// Ordered by URL id.
    async fn urls_of(&self, member: UrlMember) -> CoreResult<Vec<i64>> {
        let db = self.db();
        let res = match member {
            UrlMember::User(id) => {
                access_url_rel_user::Entity::find()
                    .select_only()
                    .column(access_url_rel_user::Column::AccessUrlId)
                    .filter(access_url_rel_user::Column::UserId.eq(id))
                    .order_by_asc(access_url_rel_user::Column::AccessUrlId)
                    .into_tuple()
                    .all(db)
                    .await
            }
            UrlMember::Course(id) => {
                access_url_rel_course::Entity::find()
                    .select_only()
                    .column(access_url_rel_course::Column::AccessUrlId)
                    .filter(access_url_rel_course::Column::CId.eq(id))
                    .order_by_asc(access_url_rel_course::Column::AccessUrlId)
                    .into_tuple()
                    .all(db)
                    .await
            }
            UrlMember::Session(id) => {
                access_url_rel_session::Entity::find()
                    .select_only()
                    .column(access_url_rel_session::Column::AccessUrlId)
                    .filter(access_url_rel_session::Column::SessionId.eq(id))
                    .order_by_asc(access_url_rel_session::Column::AccessUrlId)
                    .into_tuple()
                    .all(db)
                    .await
            }
        };
        res.map_err(storage)
    }
}
