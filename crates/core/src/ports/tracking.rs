//! Logins and course accesses (the tracking tables).

use crate::error::CoreResult;
use crate::types::tracking::*;
use async_trait::async_trait;

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
