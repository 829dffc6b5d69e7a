//! `SubscriptionRepo`: `course_rel_user`, `session_rel_user`, `session_rel_course` and
//! `session_rel_course_rel_user`. A second identical subscription is `AlreadyExists(Subscription)`.

use crate::entities::{
    course_rel_user, session_rel_course, session_rel_course_rel_user, session_rel_user,
};
use crate::error::{conflict, storage};
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::SubscriptionRepo;
use chamilo_core::types::subscriptions::{
    CourseUser, SessionCourse, SessionCourseUser, SessionUser,
};
use chamilo_core::{Conflict, CoreResult};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

fn course_user(m: course_rel_user::Model) -> CourseUser {
    CourseUser {
        course_id: m.c_id,
        user_id: m.user_id,
        status: m.status,
    }
}

fn session_user(m: session_rel_user::Model) -> SessionUser {
    SessionUser {
        session_id: m.session_id,
        user_id: m.user_id,
        relation_type: m.relation_type,
        moved_to: m.moved_to,
        moved_status: m.moved_status,
        moved_at: m.moved_at,
        registered_at: m.registered_at,
    }
}

fn session_course(m: session_rel_course::Model) -> SessionCourse {
    SessionCourse {
        session_id: m.session_id,
        course_id: m.c_id,
        position: m.position,
    }
}

fn session_course_user(m: session_rel_course_rel_user::Model) -> SessionCourseUser {
    SessionCourseUser {
        session_id: m.session_id,
        course_id: m.c_id,
        user_id: m.user_id,
        status: m.status,
    }
}

#[async_trait]
impl<C: Conn> SubscriptionRepo for Repos<C> {
    async fn get_course_user(
        &self,
        course_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<CourseUser>> {
        let row = course_rel_user::Entity::find()
            .filter(course_rel_user::Column::CId.eq(course_id))
            .filter(course_rel_user::Column::UserId.eq(user_id))
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(course_user))
    }

    async fn insert_course_user(&self, row: &CourseUser) -> CoreResult<()> {
        let model = course_rel_user::ActiveModel {
            id: NotSet,
            c_id: Set(row.course_id),
            user_id: Set(row.user_id),
            status: Set(row.status),
        };
        course_rel_user::Entity::insert(model)
            .exec_without_returning(self.db())
            .await
            .map_err(conflict(Conflict::Subscription))?;
        Ok(())
    }

    async fn delete_course_user(&self, course_id: i64, user_id: i64) -> CoreResult<bool> {
        let res = course_rel_user::Entity::delete_many()
            .filter(course_rel_user::Column::CId.eq(course_id))
            .filter(course_rel_user::Column::UserId.eq(user_id))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(res.rows_affected > 0)
    }

    async fn course_users(&self, course_id: i64) -> CoreResult<Vec<CourseUser>> {
        let rows = course_rel_user::Entity::find()
            .filter(course_rel_user::Column::CId.eq(course_id))
            .order_by_asc(course_rel_user::Column::UserId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(course_user).collect())
    }

    async fn user_courses(&self, user_id: i64) -> CoreResult<Vec<CourseUser>> {
        let rows = course_rel_user::Entity::find()
            .filter(course_rel_user::Column::UserId.eq(user_id))
            .order_by_asc(course_rel_user::Column::CId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(course_user).collect())
    }

    async fn get_session_user(
        &self,
        session_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<SessionUser>> {
        let row = session_rel_user::Entity::find()
            .filter(session_rel_user::Column::SessionId.eq(session_id))
            .filter(session_rel_user::Column::UserId.eq(user_id))
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(session_user))
    }

    async fn insert_session_user(&self, row: &SessionUser) -> CoreResult<()> {
        let model = session_rel_user::ActiveModel {
            id: NotSet,
            session_id: Set(row.session_id),
            user_id: Set(row.user_id),
            relation_type: Set(row.relation_type),
            moved_to: Set(row.moved_to),
            moved_status: Set(row.moved_status),
            moved_at: Set(row.moved_at),
            registered_at: Set(row.registered_at),
        };
        session_rel_user::Entity::insert(model)
            .exec_without_returning(self.db())
            .await
            .map_err(conflict(Conflict::Subscription))?;
        Ok(())
    }

    async fn delete_session_user(&self, session_id: i64, user_id: i64) -> CoreResult<bool> {
        let res = session_rel_user::Entity::delete_many()
            .filter(session_rel_user::Column::SessionId.eq(session_id))
            .filter(session_rel_user::Column::UserId.eq(user_id))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(res.rows_affected > 0)
    }

    async fn session_users(&self, session_id: i64) -> CoreResult<Vec<SessionUser>> {
        let rows = session_rel_user::Entity::find()
            .filter(session_rel_user::Column::SessionId.eq(session_id))
            .order_by_asc(session_rel_user::Column::UserId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(session_user).collect())
    }

    async fn user_sessions(&self, user_id: i64) -> CoreResult<Vec<SessionUser>> {
        let rows = session_rel_user::Entity::find()
            .filter(session_rel_user::Column::UserId.eq(user_id))
            .order_by_asc(session_rel_user::Column::SessionId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(session_user).collect())
    }

    async fn insert_session_course(&self, row: &SessionCourse) -> CoreResult<()> {
        let model = session_rel_course::ActiveModel {
            id: NotSet,
            session_id: Set(row.session_id),
            c_id: Set(row.course_id),
            position: Set(row.position),
        };
        session_rel_course::Entity::insert(model)
            .exec_without_returning(self.db())
            .await
            .map_err(conflict(Conflict::Subscription))?;
        Ok(())
    }

    async fn delete_session_course(&self, session_id: i64, course_id: i64) -> CoreResult<bool> {
        let res = session_rel_course::Entity::delete_many()
            .filter(session_rel_course::Column::SessionId.eq(session_id))
            .filter(session_rel_course::Column::CId.eq(course_id))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(res.rows_affected > 0)
    }

    async fn session_courses(&self, session_id: i64) -> CoreResult<Vec<SessionCourse>> {
        let rows = session_rel_course::Entity::find()
            .filter(session_rel_course::Column::SessionId.eq(session_id))
            .order_by_asc(session_rel_course::Column::Position)
            .order_by_asc(session_rel_course::Column::CId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(session_course).collect())
    }

    /// With both a student and a coach row, the first written one.
    async fn get_session_course_user(
        &self,
        session_id: i64,
        course_id: i64,
        user_id: i64,
    ) -> CoreResult<Option<SessionCourseUser>> {
        let row = session_rel_course_rel_user::Entity::find()
            .filter(session_rel_course_rel_user::Column::SessionId.eq(session_id))
            .filter(session_rel_course_rel_user::Column::CId.eq(course_id))
            .filter(session_rel_course_rel_user::Column::UserId.eq(user_id))
            .order_by_asc(session_rel_course_rel_user::Column::Id)
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(session_course_user))
    }

    async fn insert_session_course_user(&self, row: &SessionCourseUser) -> CoreResult<()> {
        let model = session_rel_course_rel_user::ActiveModel {
            id: NotSet,
            session_id: Set(row.session_id),
            c_id: Set(row.course_id),
            user_id: Set(row.user_id),
            status: Set(row.status),
        };
        session_rel_course_rel_user::Entity::insert(model)
            .exec_without_returning(self.db())
            .await
            .map_err(conflict(Conflict::Subscription))?;
        Ok(())
    }

    async fn delete_session_course_user(
        &self,
        session_id: i64,
        course_id: i64,
        user_id: i64,
        status: Option<i32>,
    ) -> CoreResult<bool> {
        let mut query = session_rel_course_rel_user::Entity::delete_many()
            .filter(session_rel_course_rel_user::Column::SessionId.eq(session_id))
            .filter(session_rel_course_rel_user::Column::CId.eq(course_id))
            .filter(session_rel_course_rel_user::Column::UserId.eq(user_id));
        if let Some(status) = status {
            query = query.filter(session_rel_course_rel_user::Column::Status.eq(status));
        }
        let res = query.exec(self.db()).await.map_err(storage)?;
        Ok(res.rows_affected > 0)
    }

    async fn session_course_users(
        &self,
        session_id: i64,
        course_id: i64,
    ) -> CoreResult<Vec<SessionCourseUser>> {
        let rows = session_rel_course_rel_user::Entity::find()
            .filter(session_rel_course_rel_user::Column::SessionId.eq(session_id))
            .filter(session_rel_course_rel_user::Column::CId.eq(course_id))
            .order_by_asc(session_rel_course_rel_user::Column::UserId)
            .order_by_asc(session_rel_course_rel_user::Column::Status)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(session_course_user).collect())
    }
}
