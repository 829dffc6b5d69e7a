//! Access URLs (campuses) and their members, in Chamilo's tables. A member is linked once:
//! users and sessions by the tables' primary keys, courses (no unique key there) by a check
//! in the insert itself.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, date, exec, fit, numbers};
use async_trait::async_trait;
use chamilo_core::ports::UrlRepo;
use chamilo_core::types::urls::{AccessUrl, UrlMember};
use chamilo_core::CoreResult;
use chrono::NaiveDateTime;
use sea_orm::FromQueryResult;

pub(crate) const TABLES: &[Needs] = &[
    (
        "access_url",
        &["id", "url", "description", "active", "created_by", "tms"],
    ),
    ("access_url_rel_user", &["access_url_id", "user_id"]),
    ("access_url_rel_course", &["id", "c_id", "access_url_id"]),
    ("access_url_rel_session", &["access_url_id", "session_id"]),
];

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    url: String,
    description: String,
    active: i32,
    created_by: i64,
    tms: Option<NaiveDateTime>,
}

impl From<Row> for AccessUrl {
    fn from(r: Row) -> Self {
        AccessUrl {
            id: r.id,
            url: r.url,
            description: r.description,
            active: r.active != 0,
            created_by: r.created_by,
            tms: r.tms.unwrap_or_default(),
        }
    }
}

fn select() -> String {
    format!(
        "SELECT id, url, description, active, created_by, {} AS tms FROM access_url",
        date("tms")
    )
}

/// The link table, its member column, and the member's id.
fn link(member: UrlMember) -> (&'static str, &'static str, i64) {
    match member {
        UrlMember::User(id) => ("access_url_rel_user", "user_id", id),
        UrlMember::Course(id) => ("access_url_rel_course", "c_id", id),
        UrlMember::Session(id) => ("access_url_rel_session", "session_id", id),
    }
}

#[async_trait]
impl<C: Conn> UrlRepo for Repos<C> {
    async fn get_url(&self, id: i64) -> CoreResult<Option<AccessUrl>> {
        let rows: Vec<Row> = all(
            self.db(),
            &format!("{} WHERE id = ?", select()),
            vec![id.into()],
        )
        .await?;
        Ok(rows.into_iter().next().map(Into::into))
    }

    async fn list_urls(&self) -> CoreResult<Vec<AccessUrl>> {
        let rows: Vec<Row> = all(self.db(), &format!("{} ORDER BY id", select()), vec![]).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn insert_url(&self, url: &AccessUrl) -> CoreResult<i64> {
        let done = exec(
            self.db(),
            "INSERT INTO access_url (url, description, active, created_by, tms, url_type) \
             VALUES (?, ?, ?, ?, ?, NULL)",
            vec![
                fit("url", &url.url, 255)?.into(),
                url.description.clone().into(),
                i32::from(url.active).into(),
                url.created_by.into(),
                url.tms.into(),
            ],
        )
        .await?;
        Ok(done.last_insert_id() as i64)
    }

    async fn update_url(&self, url: &AccessUrl) -> CoreResult<()> {
        exec(
            self.db(),
            "UPDATE access_url SET url = ?, description = ?, active = ?, created_by = ?, tms = ? \
             WHERE id = ?",
            vec![
                fit("url", &url.url, 255)?.into(),
                url.description.clone().into(),
                i32::from(url.active).into(),
                url.created_by.into(),
                url.tms.into(),
                url.id.into(),
            ],
        )
        .await?;
        Ok(())
    }

    async fn delete_url(&self, id: i64) -> CoreResult<()> {
        for sql in [
            "DELETE FROM access_url_rel_user WHERE access_url_id = ?",
            "DELETE FROM access_url_rel_course WHERE access_url_id = ?",
            "DELETE FROM access_url_rel_session WHERE access_url_id = ?",
            "DELETE FROM access_url WHERE id = ?",
        ] {
            exec(self.db(), sql, vec![id.into()]).await?;
        }
        Ok(())
    }

    async fn link_to_url(&self, url_id: i64, member: UrlMember) -> CoreResult<()> {
        let (table, column, id) = link(member);
        let sql = format!(
            "INSERT INTO {table} (access_url_id, {column}) SELECT ?, ? FROM DUAL \
             WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE access_url_id = ? AND {column} = ?)"
        );
        exec(
            self.db(),
            &sql,
            vec![url_id.into(), id.into(), url_id.into(), id.into()],
        )
        .await?;
        Ok(())
    }

    async fn unlink_from_url(&self, url_id: i64, member: UrlMember) -> CoreResult<()> {
        let (table, column, id) = link(member);
        let sql = format!("DELETE FROM {table} WHERE access_url_id = ? AND {column} = ?");
        exec(self.db(), &sql, vec![url_id.into(), id.into()]).await?;
        Ok(())
    }

    async fn urls_of(&self, member: UrlMember) -> CoreResult<Vec<i64>> {
        let (table, column, id) = link(member);
        let sql = format!(
            "SELECT DISTINCT access_url_id AS n FROM {table} WHERE {column} = ? \
             ORDER BY access_url_id"
        );
        numbers(self.db(), &sql, vec![id.into()]).await
    }
}
