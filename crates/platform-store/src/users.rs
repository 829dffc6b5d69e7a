//! Users as PHP Chamilo writes them (`UserManager::create_user`, chamilo-db.md §2.1): `user_id`
//! equal to `id` (the login form reads it), a salt, PHP-serialized `roles`, the FOS canonical
//! columns and account flags, and the `admin` row for platform admins.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, conflict, date, exec, fit, marks, number, numbers};
use async_trait::async_trait;
use chamilo_core::ports::{UserBatchRepo, UserRepo};
use chamilo_core::types::extra_fields::ItemType;
use chamilo_core::types::passwords::StoredPassword;
use chamilo_core::types::users::{User, UserFilter, UserSummary};
use chamilo_core::{Conflict, CoreResult};
use chrono::NaiveDateTime;
use sea_orm::{FromQueryResult, Value};
use std::collections::HashSet;

pub(crate) const TABLES: &[Needs] = &[
    (
        "user",
        &[
            "id",
            "user_id",
            "username",
            "username_canonical",
            "email",
            "email_canonical",
            "locked",
            "enabled",
            "expired",
            "credentials_expired",
            "lastname",
            "firstname",
            "password",
            "salt",
            "roles",
            "phone",
            "address",
            "auth_source",
            "status",
            "official_code",
            "picture_uri",
            "creator_id",
            "language",
            "registration_date",
            "expiration_date",
            "last_login",
            "active",
            "created_at",
            "updated_at",
            "hr_dept_id",
        ],
    ),
    ("admin", &["id", "user_id"]),
];

/// `serialize([])` and `serialize(['ROLE_SUPER_ADMIN'])`, as Doctrine's array type stores them.
const NO_ROLES: &str = "a:0:{}";
const ADMIN_ROLES: &str = "a:1:{i:0;s:16:\"ROLE_SUPER_ADMIN\";}";

/// The columns of a user record, with the admin flag from `admin` (unique on `user_id`).
fn select() -> String {
    format!(
        "SELECT u.id, u.username, COALESCE(u.firstname, '') AS firstname, \
         COALESCE(u.lastname, '') AS lastname, u.email, u.status, \
         COALESCE(u.official_code, '') AS official_code, COALESCE(u.phone, '') AS phone, \
         COALESCE(u.address, '') AS address, COALESCE(u.language, '') AS language, \
         COALESCE(u.auth_source, '') AS auth_source, u.active, \
         {} AS expiration_date, CAST(COALESCE({}, '1970-01-01 00:00:00') AS DATETIME) AS registration_date, \
         {} AS last_login, NULLIF(u.creator_id, 0) AS creator_id, \
         COALESCE(u.picture_uri, '') AS picture_uri, u.password, u.salt, \
         a.user_id IS NOT NULL AS is_admin \
         FROM user u LEFT JOIN admin a ON a.user_id = u.id",
        date("u.expiration_date"),
        date("u.registration_date"),
        date("u.last_login"),
    )
}

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    username: String,
    firstname: String,
    lastname: String,
    email: String,
    status: i32,
    official_code: String,
    phone: String,
    address: String,
    language: String,
    auth_source: String,
    active: bool,
    expiration_date: Option<NaiveDateTime>,
    registration_date: NaiveDateTime,
    last_login: Option<NaiveDateTime>,
    creator_id: Option<i64>,
    picture_uri: String,
    password: String,
    salt: String,
    is_admin: bool,
}

impl<C: Conn> Repos<C> {
    fn to_user(&self, r: Row) -> User {
        User {
            id: r.id,
            username: r.username,
            firstname: r.firstname,
            lastname: r.lastname,
            email: r.email,
            status: r.status,
            official_code: r.official_code,
            phone: r.phone,
            address: r.address,
            language: r.language,
            auth_source: r.auth_source,
            active: r.active,
            expiration_date: r.expiration_date,
            registration_date: r.registration_date,
            last_login: r.last_login,
            creator_id: r.creator_id,
            picture_uri: r.picture_uri,
            // one method for the whole platform; the core's hasher decides how to check it
            password: StoredPassword {
                method: self.platform.passwords.method,
                hash: r.password,
                salt: r.salt,
            },
            is_admin: r.is_admin,
        }
    }

    async fn users(&self, sql: &str, values: Vec<Value>) -> CoreResult<Vec<User>> {
        let rows: Vec<Row> = all(self.db(), sql, values).await?;
        Ok(rows.into_iter().map(|r| self.to_user(r)).collect())
    }

    async fn set_admin(&self, user_id: i64, is_admin: bool) -> CoreResult<()> {
        let sql = if is_admin {
            "INSERT IGNORE INTO admin (user_id) VALUES (?)"
        } else {
            "DELETE FROM admin WHERE user_id = ?"
        };
        exec(self.db(), sql, vec![user_id.into()]).await?;
        Ok(())
    }
}

/// The values every write of a user sets, in `WRITE_COLUMNS` order, each within its column.
const WRITE_COLUMNS: &str = "username, username_canonical, email, email_canonical, \
    lastname, firstname, password, salt, phone, address, auth_source, status, official_code, \
    picture_uri, creator_id, language, expiration_date, last_login, active, enabled";

fn write_values(u: &User) -> CoreResult<Vec<Value>> {
    let username = fit("username", &u.username, 100)?;
    let email = fit("email", &u.email, 100)?;
    Ok(vec![
        username.clone().into(),
        username.to_lowercase().into(),
        email.clone().into(),
        email.to_lowercase().into(),
        fit("lastname", &u.lastname, 60)?.into(),
        fit("firstname", &u.firstname, 60)?.into(),
        u.password.hash.clone().into(),
        u.password.salt.clone().into(),
        fit("phone", &u.phone, 30)?.into(),
        fit("address", &u.address, 250)?.into(),
        fit("auth_source", &u.auth_source, 50)?.into(),
        u.status.into(),
        fit("official_code", &u.official_code, 40)?.into(),
        fit("picture_uri", &u.picture_uri, 250)?.into(),
        u.creator_id.into(),
        fit("language", &u.language, 40)?.into(),
        u.expiration_date.into(),
        u.last_login.into(),
        u.active.into(),
        u.active.into(),
    ])
}

/// One `user` row's INSERT (plus `user_id = id` afterwards), as `create_user` writes it.
fn insert_sql(rows: usize) -> String {
    let one = format!(
        "({}, 0, 0, 0, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), 0)",
        marks(20)
    );
    format!(
        "INSERT INTO user ({WRITE_COLUMNS}, locked, expired, credentials_expired, roles, \
         registration_date, created_at, updated_at, hr_dept_id) VALUES {}",
        vec![one; rows].join(", ")
    )
}

/// `insert_sql`'s values for one user: the written columns, its roles, its registration.
fn insert_values(u: &User) -> CoreResult<Vec<Value>> {
    let mut values = write_values(u)?;
    values.push(roles(u.is_admin).into());
    values.push(u.registration_date.into());
    Ok(values)
}

fn roles(is_admin: bool) -> &'static str {
    if is_admin {
        ADMIN_ROLES
    } else {
        NO_ROLES
    }
}

#[async_trait]
impl<C: Conn> UserRepo for Repos<C> {
    async fn insert_user(&self, u: &User) -> CoreResult<i64> {
        let values = insert_values(u)?;
        let sql = insert_sql(1);
        let done = self
            .db()
            .execute_raw(crate::sql::stmt(&sql, values))
            .await
            .map_err(conflict(Conflict::Username))?;
        let id = done.last_insert_id() as i64;
        exec(
            self.db(),
            "UPDATE user SET user_id = id WHERE id = ?",
            vec![id.into()],
        )
        .await?;
        if u.is_admin {
            self.set_admin(id, true).await?;
        }
        Ok(id)
    }

    async fn update_user(&self, u: &User) -> CoreResult<()> {
        let sets: Vec<String> = WRITE_COLUMNS
            .split(", ")
            .map(|c| format!("{c} = ?"))
            .collect();
        let mut values = write_values(u)?;
        // the admin role follows the admin flag; any other roles Chamilo gave stay
        values.push(u.is_admin.into());
        values.push(u.is_admin.into());
        values.push(u.id.into());
        let sql = format!(
            "UPDATE user SET {}, updated_at = UTC_TIMESTAMP(), roles = CASE \
             WHEN ? AND roles NOT LIKE '%ROLE_SUPER_ADMIN%' THEN '{ADMIN_ROLES}' \
             WHEN NOT ? AND roles LIKE '%ROLE_SUPER_ADMIN%' THEN '{NO_ROLES}' \
             ELSE roles END WHERE id = ?",
            sets.join(", ")
        );
        self.db()
            .execute_raw(crate::sql::stmt(&sql, values))
            .await
            .map_err(conflict(Conflict::Username))?;
        self.set_admin(u.id, u.is_admin).await
    }

    async fn get_user(&self, id: i64) -> CoreResult<Option<User>> {
        let sql = format!("{} WHERE u.id = ?", select());
        Ok(self.users(&sql, vec![id.into()]).await?.pop())
    }

    async fn find_user_by_username(&self, username: &str) -> CoreResult<Option<User>> {
        // through the column's collation: what PHP Chamilo's lookups find
        let sql = format!("{} WHERE u.username = ? ORDER BY u.id LIMIT 1", select());
        Ok(self.users(&sql, vec![username.into()]).await?.pop())
    }

    async fn first_admin(&self) -> CoreResult<Option<User>> {
        let sql = format!(
            "{} WHERE a.user_id IS NOT NULL ORDER BY u.id LIMIT 1",
            select()
        );
        Ok(self.users(&sql, vec![]).await?.pop())
    }

    async fn list_users(&self, filter: &UserFilter) -> CoreResult<Vec<User>> {
        let (cond, values) = listing(filter);
        let sql = format!("{} {cond} ORDER BY u.firstname, u.id", select());
        self.users(&sql, values).await
    }

    async fn list_user_summaries(&self, filter: &UserFilter) -> CoreResult<Vec<UserSummary>> {
        #[derive(FromQueryResult)]
        struct Summary {
            id: i64,
            username: String,
            firstname: String,
            lastname: String,
            email: String,
            active: bool,
        }
        let (cond, values) = listing(filter);
        let sql = format!(
            "SELECT u.id, u.username, COALESCE(u.firstname, '') AS firstname, \
             COALESCE(u.lastname, '') AS lastname, u.email, u.active FROM user u {cond} \
             ORDER BY u.firstname, u.id"
        );
        let rows: Vec<Summary> = all(self.db(), &sql, values).await?;
        Ok(rows
            .into_iter()
            .map(|s| UserSummary {
                id: s.id,
                username: s.username,
                firstname: s.firstname,
                lastname: s.lastname,
                email: s.email,
                active: s.active,
            })
            .collect())
    }

    async fn page_users(
        &self,
        url_id: i64,
        offset: u64,
        limit: u64,
    ) -> CoreResult<(Vec<User>, u64)> {
        let in_url = "EXISTS (SELECT 1 FROM access_url_rel_user r \
                      WHERE r.user_id = u.id AND r.access_url_id = ?)";
        let total = number(
            self.db(),
            &format!("SELECT COUNT(*) AS n FROM user u WHERE {in_url}"),
            vec![url_id.into()],
        )
        .await?
        .unwrap_or(0);
        let sql = format!("{} WHERE {in_url} ORDER BY u.id LIMIT ? OFFSET ?", select());
        let page = self
            .users(&sql, vec![url_id.into(), limit.into(), offset.into()])
            .await?;
        Ok((page, total as u64))
    }

    async fn delete_user(&self, id: i64) -> CoreResult<()> {
        let db = self.db();
        let sessions = numbers(
            db,
            "SELECT DISTINCT session_id AS n FROM session_rel_user WHERE user_id = ?",
            vec![id.into()],
        )
        .await?;
        for sql in [
            "DELETE FROM course_rel_user WHERE user_id = ?",
            "DELETE FROM session_rel_user WHERE user_id = ?",
            "DELETE FROM session_rel_course_rel_user WHERE user_id = ?",
            "DELETE FROM user_api_key WHERE user_id = ?",
            "DELETE FROM access_url_rel_user WHERE user_id = ?",
            "DELETE FROM admin WHERE user_id = ?",
            "DELETE v FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id \
             WHERE f.extra_field_type = 1 AND v.item_id = ?",
            // sessions keep existing without their coach or admin
            "UPDATE session SET id_coach = NULL WHERE id_coach = ?",
            "UPDATE session SET session_admin_id = NULL WHERE session_admin_id = ?",
            "DELETE FROM user WHERE id = ?",
        ] {
            exec(db, sql, vec![id.into()]).await?;
        }
        for session in sessions {
            crate::counters::recount_session(db, session).await?;
        }
        Ok(())
    }
}

fn listing(filter: &UserFilter) -> (String, Vec<Value>) {
    let mut conds = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(status) = filter.status {
        conds.push("u.status = ?");
        values.push(status.into());
    }
    if let Some(url) = filter.access_url_id {
        conds.push(
            "EXISTS (SELECT 1 FROM access_url_rel_user r \
             WHERE r.user_id = u.id AND r.access_url_id = ?)",
        );
        values.push(url.into());
    }
    if filter.active_only {
        conds.push("u.active = 1");
    }
    if conds.is_empty() {
        (String::new(), values)
    } else {
        (format!("WHERE {}", conds.join(" AND ")), values)
    }
}

/// `SELECT ? AS k UNION ALL SELECT ? …`: the given keys as a table, compared with `=` (the
/// collation decides) against a column.
fn keys_table(n: usize) -> String {
    vec!["SELECT ? AS k"; n].join(" UNION ALL ")
}

/// Keys per statement in set-wise writes.
const CHUNK: usize = 500;

#[async_trait]
impl<C: Conn> UserBatchRepo for Repos<C> {
    async fn taken_usernames(&self, canonical: &[String]) -> CoreResult<HashSet<String>> {
        #[derive(FromQueryResult)]
        struct Key {
            k: String,
        }
        let mut taken = HashSet::new();
        for chunk in canonical.chunks(CHUNK) {
            let sql = format!(
                "SELECT t.k FROM ({}) t WHERE EXISTS (SELECT 1 FROM user u WHERE u.username = t.k)",
                keys_table(chunk.len())
            );
            let values = chunk.iter().map(|k| k.clone().into()).collect();
            let rows: Vec<Key> = all(self.db(), &sql, values).await?;
            taken.extend(rows.into_iter().map(|r| r.k));
        }
        Ok(taken)
    }

    async fn insert_users(&self, users: &[&User]) -> CoreResult<Vec<i64>> {
        let mut ids = Vec::with_capacity(users.len());
        for chunk in users.chunks(CHUNK) {
            let mut values = Vec::with_capacity(chunk.len() * 22);
            for u in chunk {
                values.extend(insert_values(u)?);
            }
            let sql = insert_sql(chunk.len());
            let done = self
                .db()
                .execute_raw(crate::sql::stmt(&sql, values))
                .await
                .map_err(conflict(Conflict::Username))?;
            // InnoDB gives one multi-row INSERT consecutive ids from the first
            let first = done.last_insert_id() as i64;
            let last = first + chunk.len() as i64 - 1;
            exec(
                self.db(),
                "UPDATE user SET user_id = id WHERE id BETWEEN ? AND ?",
                vec![first.into(), last.into()],
            )
            .await?;
            let admins: Vec<i64> = chunk
                .iter()
                .zip(first..)
                .filter(|(u, _)| u.is_admin)
                .map(|(_, id)| id)
                .collect();
            for id in admins {
                self.set_admin(id, true).await?;
            }
            ids.extend(first..=last);
        }
        Ok(ids)
    }

    async fn link_users_to_url(&self, url_id: i64, user_ids: &[i64]) -> CoreResult<()> {
        for chunk in user_ids.chunks(CHUNK) {
            let sql = format!(
                "INSERT IGNORE INTO access_url_rel_user (access_url_id, user_id) VALUES {}",
                vec!["(?, ?)"; chunk.len()].join(", ")
            );
            let values = chunk
                .iter()
                .flat_map(|id| [url_id.into(), (*id).into()])
                .collect();
            exec(self.db(), &sql, values).await?;
        }
        Ok(())
    }

    async fn values_with_keys(
        &self,
        field_id: i64,
        keys: &[String],
    ) -> CoreResult<Vec<(i64, String)>> {
        #[derive(FromQueryResult)]
        struct Hit {
            item_id: i64,
            k: String,
        }
        let mut out = Vec::new();
        for chunk in keys.chunks(CHUNK) {
            // the key that matched, not the stored spelling: the collation matched them (case,
            // accents, trailing spaces), which the caller's own folding cannot redo
            let sql = format!(
                "SELECT v.item_id, t.k FROM ({}) t \
                 JOIN extra_field_values v ON v.field_id = ? AND v.value = t.k \
                 ORDER BY v.item_id",
                keys_table(chunk.len())
            );
            let mut values: Vec<Value> = chunk.iter().map(|k| k.clone().into()).collect();
            values.push(field_id.into());
            let rows: Vec<Hit> = all(self.db(), &sql, values).await?;
            out.extend(rows.into_iter().map(|h| (h.item_id, h.k)));
        }
        Ok(out)
    }

    async fn existing_items(&self, item_type: ItemType, ids: &[i64]) -> CoreResult<HashSet<i64>> {
        let table = crate::extra_fields::item_table(item_type);
        let mut found = HashSet::new();
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id AS n FROM {table} WHERE id IN ({})",
                marks(chunk.len())
            );
            let values = chunk.iter().map(|id| (*id).into()).collect();
            found.extend(numbers(self.db(), &sql, values).await?);
        }
        Ok(found)
    }

    async fn set_values(&self, rows: &[(i64, i64, String)]) -> CoreResult<()> {
        for (field, item, value) in rows {
            crate::extra_fields::write_value(self.db(), *field, *item, value).await?;
        }
        Ok(())
    }
}
