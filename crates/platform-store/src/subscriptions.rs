//! subscriptions: not yet served over a Chamilo database (placeholder, replaced before the mode is offered).

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use async_trait::async_trait;
use chamilo_core::ports::*;
use chamilo_core::types::subscriptions::{
    CourseUser, SessionCourse, SessionCourseUser, SessionUser,
};
use chamilo_core::{CoreError, CoreResult};

pub(crate) const TABLES: &[Needs] = &[];

#[async_trait]
impl<C: Conn> SubscriptionRepo for Repos<C> {
    async fn get_course_user(
        &self,
        _course_id: i64,
        _user_id: i64,
    ) -> CoreResult<Option<CourseUser>> {
        Err(pending("subscriptions"))
    }
    async fn insert_course_user(&self, _row: &CourseUser) -> CoreResult<()> {
        Err(pending("subscriptions"))
    }
    async fn delete_course_user(&self, _course_id: i64, _user_id: i64) -> CoreResult<bool> {
        Err(pending("subscriptions"))
    }
    async fn course_users(&self, _course_id: i64) -> CoreResult<Vec<CourseUser>> {
        Err(pending("subscriptions"))
    }
    async fn user_courses(&self, _user_id: i64) -> CoreResult<Vec<CourseUser>> {
        Err(pending("subscriptions"))
    }
    async fn get_session_user(
        &self,
        _session_id: i64,
        _user_id: i64,
    ) -> CoreResult<Option<SessionUser>> {
        Err(pending("subscriptions"))
    }
    async fn insert_session_user(&self, _row: &SessionUser) -> CoreResult<()> {
        Err(pending("subscriptions"))
    }
    async fn delete_session_user(&self, _session_id: i64, _user_id: i64) -> CoreResult<bool> {
        Err(pending("subscriptions"))
    }
    async fn session_users(&self, _session_id: i64) -> CoreResult<Vec<SessionUser>> {
        Err(pending("subscriptions"))
    }
    async fn user_sessions(&self, _user_id: i64) -> CoreResult<Vec<SessionUser>> {
        Err(pending("subscriptions"))
    }
    async fn insert_session_course(&self, _row: &SessionCourse) -> CoreResult<()> {
        Err(pending("subscriptions"))
    }
    async fn delete_session_course(&self, _session_id: i64, _course_id: i64) -> CoreResult<bool> {
        Err(pending("subscriptions"))
    }
    async fn session_courses(&self, _session_id: i64) -> CoreResult<Vec<SessionCourse>> {
        Err(pending("subscriptions"))
    }
    async fn get_session_course_user(
        &self,
        _session_id: i64,
        _course_id: i64,
        _user_id: i64,
    ) -> CoreResult<Option<SessionCourseUser>> {
        Err(pending("subscriptions"))
    }
    async fn insert_session_course_user(&self, _row: &SessionCourseUser) -> CoreResult<()> {
        Err(pending("subscriptions"))
    }
    async fn delete_session_course_user(
        &self,
        _session_id: i64,
        _course_id: i64,
        _user_id: i64,
        _status: Option<i32>,
    ) -> CoreResult<bool> {
        Err(pending("subscriptions"))
    }
    async fn session_course_users(
        &self,
        _session_id: i64,
        _course_id: i64,
    ) -> CoreResult<Vec<SessionCourseUser>> {
        Err(pending("subscriptions"))
    }
}

fn pending(what: &str) -> CoreError {
    CoreError::Storage(format!("{what} are not yet served over a Chamilo database"))
}
