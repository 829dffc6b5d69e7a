//! `UserBatchRepo`: set-wise reads and writes for batches of new users. Inputs are cut in
//! chunks that keep every statement under the bind-parameter limits of all three databases
//! (a user row binds 19 values; SQLite allows 32,766, PostgreSQL and MySQL 65,535).

use crate::bulk_sql::Rows;
use crate::entities::{access_url_rel_user, course, extra_field_values, session, user};
use crate::error::storage;
use crate::extra_fields::{indexed_key, upsert_values};
use crate::repos::{Conn, Repos};
use crate::users::to_active;
use async_trait::async_trait;
use chamilo_core::ports::UserBatchRepo;
use chamilo_core::types::users::User;
use chamilo_core::{CoreError, CoreResult, ItemType};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{HashMap, HashSet};

/// Rows or keys per statement.
const CHUNK: usize = 500;

#[async_trait]
impl<C: Conn> UserBatchRepo for Repos<C> {
    async fn taken_usernames(&self, canonical: &[String]) -> CoreResult<HashSet<String>> {
        let mut taken = HashSet::new();
        for chunk in canonical.chunks(CHUNK) {
            let rows: Vec<String> = user::Entity::find()
                .select_only()
                .column(user::Column::UsernameCanonical)
                .filter(user::Column::UsernameCanonical.is_in(chunk.iter().map(String::as_str)))
                .into_tuple()
                .all(self.db())
                .await
                .map_err(storage)?;
            taken.extend(rows);
        }
        Ok(taken)
    }

    async fn insert_users(&self, users: &[&User]) -> CoreResult<Vec<i64>> {
        let mut ids = Vec::with_capacity(users.len());
        let backend = self.db().get_database_backend();
        for chunk in users.chunks(CHUNK) {
            let rows = Rows::of(backend, chunk.iter().map(|u| to_active(u)));
            self.db()
                .execute_raw(rows.insert(backend))
                .await
                .map_err(storage)?;
            // read the ids back by username (unique, and the batch holds the write lock):
            // portable, where multi-row RETURNING is not
            let canonical: Vec<String> = chunk.iter().map(|u| u.username.to_lowercase()).collect();
            let rows: Vec<(i64, String)> = user::Entity::find()
                .select_only()
                .column(user::Column::Id)
                .column(user::Column::UsernameCanonical)
                .filter(user::Column::UsernameCanonical.is_in(canonical.iter().map(String::as_str)))
                .into_tuple()
                .all(self.db())
                .await
                .map_err(storage)?;
            let by_name: HashMap<String, i64> = rows.into_iter().map(|(id, n)| (n, id)).collect();
            for (u, name) in chunk.iter().zip(&canonical) {
                let id = *by_name.get(name).ok_or_else(|| {
                    CoreError::Storage(format!("inserted user '{name}' not found"))
                })?;
                if u.is_admin {
                    self.set_admin(id, true).await?;
                }
                ids.push(id);
            }
        }
        Ok(ids)
    }

    async fn link_users_to_url(&self, url_id: i64, user_ids: &[i64]) -> CoreResult<()> {
        for chunk in user_ids.chunks(CHUNK) {
            let rows = chunk.iter().map(|id| access_url_rel_user::ActiveModel {
                id: NotSet,
                access_url_id: Set(url_id),
                user_id: Set(*id),
            });
            access_url_rel_user::Entity::insert_many(rows)
                .on_conflict_do_nothing_on([
                    access_url_rel_user::Column::AccessUrlId,
                    access_url_rel_user::Column::UserId,
                ])
                .exec_without_returning(self.db())
                .await
                .map_err(storage)?;
        }
        Ok(())
    }

    async fn values_with_keys(
        &self,
        field_id: i64,
        keys: &[String],
    ) -> CoreResult<Vec<(i64, String)>> {
        let mut out = Vec::new();
        for chunk in keys.chunks(CHUNK) {
            let indexed: Vec<String> = chunk.iter().map(|k| indexed_key(k)).collect();
            let rows: Vec<(i64, String)> = extra_field_values::Entity::find()
                .select_only()
                .column(extra_field_values::Column::ItemId)
                .column(extra_field_values::Column::Value)
                .filter(extra_field_values::Column::FieldId.eq(field_id))
                .filter(extra_field_values::Column::LookupKey.is_in(indexed))
                .into_tuple()
                .all(self.db())
                .await
                .map_err(storage)?;
            out.extend(rows);
        }
        Ok(out)
    }

    async fn existing_items(&self, item_type: ItemType, ids: &[i64]) -> CoreResult<HashSet<i64>> {
        let mut found = HashSet::new();
        for chunk in ids.chunks(CHUNK) {
            let ids = chunk.iter().copied();
            let db = self.db();
            let rows: Vec<i64> = match item_type {
                ItemType::User => {
                    user::Entity::find()
                        .select_only()
                        .column(user::Column::Id)
                        .filter(user::Column::Id.is_in(ids))
                        .into_tuple()
                        .all(db)
                        .await
                }
                ItemType::Course => {
                    course::Entity::find()
                        .select_only()
                        .column(course::Column::Id)
                        .filter(course::Column::Id.is_in(ids))
                        .into_tuple()
                        .all(db)
                        .await
                }
                ItemType::Session => {
                    session::Entity::find()
                        .select_only()
                        .column(session::Column::Id)
                        .filter(session::Column::Id.is_in(ids))
                        .into_tuple()
                        .all(db)
                        .await
                }
            }
            .map_err(storage)?;
            found.extend(rows);
        }
        Ok(found)
    }

    async fn set_values(&self, rows: &[(i64, i64, String)]) -> CoreResult<()> {
        for chunk in rows.chunks(CHUNK) {
            let chunk = chunk.iter().map(|(f, i, v)| (*f, *i, v.as_str()));
            upsert_values(self.db(), chunk).await?;
        }
        Ok(())
    }
}
