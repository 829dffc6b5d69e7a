//! `UserBatchRepo`: set-wise reads and writes for batches of new users. Inputs are cut in
//! chunks that keep every statement under the bind-parameter limits of all three databases
//! (a user row binds 19 values; SQLite allows 32,766, PostgreSQL and MySQL 65,535).

use crate::entities::{access_url_rel_user, course, extra_field_values, session, user};
use crate::error::storage;
use crate::extra_fields::{indexed_key, upsert_values};
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::users::{User, UserBatchRepo};
use chamilo_core::{CoreError, CoreResult, ItemType};
use sea_orm::sea_query::Value;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// Rows or keys per statement.
const CHUNK: usize = 500;

/// The `user` columns a new row sets, in the order `push_user_values` gives their values.
const USER_COLUMNS: [&str; 19] = [
    "username",
    "username_canonical",
    "firstname",
    "lastname",
    "email",
    "status",
    "official_code",
    "phone",
    "address",
    "language",
    "auth_source",
    "active",
    "expiration_date",
    "registration_date",
    "last_login",
    "creator_id",
    "picture_uri",
    "password",
    "password_method",
];

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
            let mut values = Vec::with_capacity(chunk.len() * USER_COLUMNS.len());
            for u in chunk {
                push_user_values(backend, u, &mut values);
            }
            let sql = insert_users_sql(backend, chunk.len());
            self.db()
                .execute_raw(Statement::from_sql_and_values(backend, sql, values))
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

/// `INSERT INTO user (…) VALUES (…), …` for `rows` rows, quoted and numbered for `backend`.
/// Written here rather than built by sea-query from active models: that path cloned every
/// value twice and rendered the statement anew, a third of a bulk insert's cost (callgrind).
fn insert_users_sql(backend: DbBackend, rows: usize) -> String {
    let quote = if backend == DbBackend::MySql {
        '`'
    } else {
        '"'
    };
    let mut sql = String::with_capacity(200 + rows * USER_COLUMNS.len() * 6);
    let _ = write!(sql, "INSERT INTO {quote}user{quote} (");
    for (n, column) in USER_COLUMNS.iter().enumerate() {
        let sep = if n == 0 { "" } else { ", " };
        let _ = write!(sql, "{sep}{quote}{column}{quote}");
    }
    sql.push_str(") VALUES ");
    let mut param = 0;
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for n in 0..USER_COLUMNS.len() {
            param += 1;
            if n > 0 {
                sql.push_str(", ");
            }
            if backend == DbBackend::Postgres {
                let _ = write!(sql, "${param}");
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// One user's values in `USER_COLUMNS` order, as the entity's active model would bind them.
fn push_user_values(backend: DbBackend, u: &User, out: &mut Vec<Value>) {
    out.extend([
        Value::from(u.username.clone()),
        Value::from(u.username.to_lowercase()),
        Value::from(u.firstname.clone()),
        Value::from(u.lastname.clone()),
        Value::from(u.email.clone()),
        Value::from(u.status),
        Value::from(u.official_code.clone()),
        Value::from(u.phone.clone()),
        Value::from(u.address.clone()),
        Value::from(u.language.clone()),
        Value::from(u.auth_source.clone()),
        Value::from(u.active),
        datetime(backend, u.expiration_date),
        datetime(backend, Some(u.registration_date)),
        datetime(backend, u.last_login),
        Value::from(u.creator_id),
        Value::from(u.picture_uri.clone()),
        Value::from(u.password.hash.clone()),
        Value::from(u.password.method.as_str().to_string()),
    ]);
}

/// A timestamp value. SQLite stores the text sqlx would write for it, formatted here: sqlx
/// formats through chrono's format-string interpreter, ~10,000 instructions a value.
fn datetime(backend: DbBackend, at: Option<chrono::NaiveDateTime>) -> Value {
    match backend {
        DbBackend::Sqlite => Value::String(at.map(|at| sqlite_datetime(&at))),
        _ => Value::from(at),
    }
}

/// `at` as sqlx-sqlite encodes a `NaiveDateTime` (`%F %T%.f`: fraction omitted when zero, else
/// 3, 6 or 9 digits).
pub(crate) fn sqlite_datetime(at: &chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    if !(0..=9999).contains(&at.year()) || at.nanosecond() >= 1_000_000_000 {
        // signed or 5-digit years, leap seconds: rare enough for the general formatter
        return at.format("%F %T%.f").to_string();
    }
    let mut s = String::with_capacity(29);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    let nano = at.nanosecond();
    let _ = if nano == 0 {
        Ok(())
    } else if nano.is_multiple_of(1_000_000) {
        write!(s, ".{:03}", nano / 1_000_000)
    } else if nano.is_multiple_of(1_000) {
        write!(s, ".{:06}", nano / 1_000)
    } else {
        write!(s, ".{nano:09}")
    };
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveDateTime};

    #[test]
    fn sqlite_datetime_is_what_sqlx_writes() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let mut cases: Vec<NaiveDateTime> = [
            0,
            1_000_000,
            120_000_000,
            1_000,
            123_456_000,
            1,
            999_999_999,
        ]
        .iter()
        .map(|&nano| day.and_hms_nano_opt(7, 5, 9, nano).unwrap())
        .collect();
        cases.push(
            NaiveDate::from_ymd_opt(1, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        );
        cases.push(
            NaiveDate::from_ymd_opt(9999, 12, 31)
                .unwrap()
                .and_hms_opt(23, 59, 59)
                .unwrap(),
        );
        cases.push(
            NaiveDate::from_ymd_opt(12345, 1, 2)
                .unwrap()
                .and_hms_opt(3, 4, 5)
                .unwrap(),
        );
        cases.push(
            NaiveDate::from_ymd_opt(-44, 3, 15)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap(),
        );
        cases.push(day.and_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap()); // leap second
        for at in cases {
            assert_eq!(
                sqlite_datetime(&at),
                at.format("%F %T%.f").to_string(),
                "{at:?}"
            );
        }
    }

    #[test]
    fn insert_sql_per_backend() {
        let sql = insert_users_sql(DbBackend::Postgres, 2);
        assert!(sql.starts_with(r#"INSERT INTO "user" ("username", "username_canonical", "#));
        assert!(sql.ends_with("$37, $38)"), "{sql}");
        let sql = insert_users_sql(DbBackend::MySql, 1);
        assert!(sql.starts_with("INSERT INTO `user` (`username`, "));
        assert_eq!(sql.matches('?').count(), USER_COLUMNS.len());
        let sql = insert_users_sql(DbBackend::Sqlite, 3);
        assert_eq!(sql.matches('?').count(), 3 * USER_COLUMNS.len());
    }
}
