//! Tracking of logins and course accesses, the raw material of the report operations.

use crate::error::CoreResult;
use async_trait::async_trait;
use chrono::NaiveDateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginEvent {
    pub id: i64,
    pub user_id: i64,
    pub login_date: NaiveDateTime,
    pub logout_date: Option<NaiveDateTime>,
    pub user_ip: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseAccessEvent {
    pub id: i64,
    pub course_id: i64,
    pub user_id: i64,
    pub session_id: i64,
    pub login_course_date: NaiveDateTime,
    pub logout_course_date: Option<NaiveDateTime>,
    pub counter: i32,
    pub user_ip: String,
}

#[async_trait]
pub trait TrackingRepo: Send + Sync {
    async fn insert_login(&self, event: &LoginEvent) -> CoreResult<i64>;
    /// Logins of a user, oldest first.
    async fn logins_of(&self, user_id: i64) -> CoreResult<Vec<LoginEvent>>;
    async fn insert_course_access(&self, event: &CourseAccessEvent) -> CoreResult<i64>;
    /// Course accesses of a user (optionally one course, optionally one session), oldest first.
    async fn course_accesses_of(
        &self,
        user_id: i64,
        course_id: Option<i64>,
        session_id: Option<i64>,
    ) -> CoreResult<Vec<CourseAccessEvent>>;
}

impl crate::Gateway {
    /// Records that a user entered a course (for the time-spent reports).
    pub async fn record_course_access(
        &self,
        user_id: i64,
        course_id: i64,
        session_id: i64,
        ip: &str,
    ) -> CoreResult<i64> {
        let tx = self.begin().await?;
        let id = tx
            .insert_course_access(&CourseAccessEvent {
                id: 0,
                course_id,
                user_id,
                session_id,
                login_course_date: crate::now(),
                logout_course_date: None,
                counter: 1,
                user_ip: ip.to_string(),
            })
            .await?;
        self.commit(tx).await?;
        Ok(id)
    }

    pub async fn logins_of(&self, user_id: i64) -> CoreResult<Vec<LoginEvent>> {
        self.repo().logins_of(user_id).await
    }
}
