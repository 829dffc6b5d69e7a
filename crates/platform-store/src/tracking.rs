//! Logins and course accesses in Chamilo's tracking tables.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, date, exec, fit};
use async_trait::async_trait;
use chamilo_core::ports::TrackingRepo;
use chamilo_core::types::tracking::{CourseAccessEvent, LoginEvent};
use chamilo_core::CoreResult;
use chrono::NaiveDateTime;
use sea_orm::{FromQueryResult, Value};

pub(crate) const TABLES: &[Needs] = &[
    (
        "track_e_login",
        &[
            "login_id",
            "login_user_id",
            "login_date",
            "user_ip",
            "logout_date",
        ],
    ),
    (
        "track_e_course_access",
        &[
            "course_access_id",
            "c_id",
            "user_id",
            "login_course_date",
            "logout_course_date",
            "counter",
            "session_id",
            "user_ip",
        ],
    ),
];

#[async_trait]
impl<C: Conn> TrackingRepo for Repos<C> {
    async fn insert_login(&self, e: &LoginEvent) -> CoreResult<i64> {
        let done = exec(
            self.db(),
            "INSERT INTO track_e_login (login_user_id, login_date, user_ip, logout_date) \
             VALUES (?, ?, ?, ?)",
            vec![
                e.user_id.into(),
                e.login_date.into(),
                fit("user ip", &e.user_ip, 39)?.into(),
                e.logout_date.into(),
            ],
        )
        .await?;
        Ok(done.last_insert_id() as i64)
    }

    async fn logins_of(&self, user_id: i64) -> CoreResult<Vec<LoginEvent>> {
        #[derive(FromQueryResult)]
        struct Row {
            id: i64,
            user_id: i64,
            login_date: Option<NaiveDateTime>,
            logout_date: Option<NaiveDateTime>,
            user_ip: String,
        }
        let sql = format!(
            "SELECT login_id AS id, login_user_id AS user_id, {} AS login_date, \
             {} AS logout_date, user_ip FROM track_e_login WHERE login_user_id = ? \
             ORDER BY login_date, login_id",
            date("login_date"),
            date("logout_date")
        );
        let rows: Vec<Row> = all(self.db(), &sql, vec![user_id.into()]).await?;
        Ok(rows
            .into_iter()
            .map(|r| LoginEvent {
                id: r.id,
                user_id: r.user_id,
                login_date: r.login_date.unwrap_or_default(),
                logout_date: r.logout_date,
                user_ip: r.user_ip,
            })
            .collect())
    }

    async fn insert_course_access(&self, e: &CourseAccessEvent) -> CoreResult<i64> {
        let done = exec(
            self.db(),
            "INSERT INTO track_e_course_access (c_id, user_id, login_course_date, \
             logout_course_date, counter, session_id, user_ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
            vec![
                e.course_id.into(),
                e.user_id.into(),
                e.login_course_date.into(),
                e.logout_course_date.into(),
                e.counter.into(),
                e.session_id.into(),
                fit("user ip", &e.user_ip, 39)?.into(),
            ],
        )
        .await?;
        Ok(done.last_insert_id() as i64)
    }

    async fn course_accesses_of(
        &self,
        user_id: i64,
        course_id: Option<i64>,
        session_id: Option<i64>,
    ) -> CoreResult<Vec<CourseAccessEvent>> {
        #[derive(FromQueryResult)]
        struct Row {
            id: i64,
            course_id: i64,
            user_id: i64,
            session_id: i64,
            login_course_date: Option<NaiveDateTime>,
            logout_course_date: Option<NaiveDateTime>,
            counter: i32,
            user_ip: String,
        }
        let mut sql = format!(
            "SELECT course_access_id AS id, c_id AS course_id, user_id, session_id, \
             {} AS login_course_date, {} AS logout_course_date, counter, user_ip \
             FROM track_e_course_access WHERE user_id = ?",
            date("login_course_date"),
            date("logout_course_date")
        );
        let mut values: Vec<Value> = vec![user_id.into()];
        if let Some(c) = course_id {
            sql.push_str(" AND c_id = ?");
            values.push(c.into());
        }
        if let Some(s) = session_id {
            sql.push_str(" AND session_id = ?");
            values.push(s.into());
        }
        sql.push_str(" ORDER BY login_course_date, course_access_id");
        let rows: Vec<Row> = all(self.db(), &sql, values).await?;
        Ok(rows
            .into_iter()
            .map(|r| CourseAccessEvent {
                id: r.id,
                course_id: r.course_id,
                user_id: r.user_id,
                session_id: r.session_id,
                login_course_date: r.login_course_date.unwrap_or_default(),
                logout_course_date: r.logout_course_date,
                counter: r.counter,
                user_ip: r.user_ip,
            })
            .collect())
    }
}
