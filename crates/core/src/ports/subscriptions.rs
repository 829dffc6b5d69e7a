use crate::error::CoreResult;
use crate::types::subscriptions::{CourseUser, SessionCourse, SessionCourseUser, SessionUser};
use async_trait::async_trait;

#[async_trait]
pub trait SubscriptionRepo: Send + Sync {
    async fn get_course_user(&self, course_id: i64, user_id: i64)
        -> CoreResult<Option<CourseUser>>;
    async fn insert_course_user(&self, row: &CourseUser) -> CoreResult<()>;
    /// Returns whether a row was removed.
    async fn delete_course_user(&self, course_id: i64, user_id: i64) -> CoreResult<bool>;
    /// Ordered by user id.
    async fn course_users(&self, course_id: i64) -> CoreResult<Vec<CourseUser>>;
    /// Ordered by course id.
    async fn user_courses(&self, user_id: i64) -> CoreResult<Vec<CourseUser>>;

    async fn get_session_user(
        &self,
        session_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<SessionUser>>;
    async fn insert_session_user(&self, row: &SessionUser) -> CoreResult<()>;
    async fn delete_session_user(&self, session_id: i64, user_id: i64) -> CoreResult<bool>;
    /// Ordered by user id.
    async fn session_users(&self, session_id: i64) -> CoreResult<Vec<SessionUser>>;
    /// Ordered by session id.
    async fn user_sessions(&self, user_id: i64) -> CoreResult<Vec<SessionUser>>;

    async fn insert_session_course(&self, row: &SessionCourse) -> CoreResult<()>;
    async fn delete_session_course(&self, session_id: i64, course_id: i64) -> CoreResult<bool>;
    /// Ordered by position, then course id.
    async fn session_courses(&self, session_id: i64) -> CoreResult<Vec<SessionCourse>>;

    async fn get_session_course_user(
        &self,
        session_id: i64,
        course_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<SessionCourseUser>>;
    async fn insert_session_course_user(&self, row: &SessionCourseUser) -> CoreResult<()>;
    /// Deletes the user's rows in (session, course); with `status`, only rows of that status.
    async fn delete_session_course_user(
        &self,
        session_id: i64,
        course_id: i64,
        user_id: i64,
        status: Option<i32>,
    ) -> CoreResult<bool>;
    /// Ordered by user id.
    async fn session_course_users(
        &self,
        session_id: i64,
        course_id: i64,
    ) -> CoreResult<Vec<SessionCourseUser>>;
}
