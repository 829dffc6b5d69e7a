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
