//! `TrackingRepo`: `track_e_login` and `track_e_course_access`.

use crate::entities::{track_e_course_access, track_e_login};
use crate::error::storage;
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::TrackingRepo;
use chamilo_core::types::tracking::{CourseAccessEvent, LoginEvent};
use chamilo_core::CoreResult;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

#[async_trait]
impl<C: Conn> TrackingRepo for Repos<C> {
    async fn insert_login(&self, e: &LoginEvent) -> CoreResult<i64> {
        let row = track_e_login::ActiveModel {
            login_id: NotSet,
            login_user_id: Set(e.user_id),
            login_date: Set(e.login_date),
            user_ip: Set(e.user_ip.clone()),
            logout_date: Set(e.logout_date),
        };
        Ok(track_e_login::Entity::insert(row)
            .exec(self.db())
            .await
            .map_err(storage)?
            .last_insert_id)
    }

    async fn logins_of(&self, user_id: i64) -> CoreResult<Vec<LoginEvent>> {
        let rows = track_e_login::Entity::find()
            .filter(track_e_login::Column::LoginUserId.eq(user_id))
            .order_by_asc(track_e_login::Column::LoginDate)
            .order_by_asc(track_e_login::Column::LoginId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .map(|m| LoginEvent {
                id: m.login_id,
                user_id: m.login_user_id,
                login_date: m.login_date,
                logout_date: m.logout_date,
                user_ip: m.user_ip,
            })
            .collect())
    }

    async fn insert_course_access(&self, e: &CourseAccessEvent) -> CoreResult<i64> {
        let row = track_e_course_access::ActiveModel {
            course_access_id: NotSet,
            c_id: Set(e.course_id),
            user_id: Set(e.user_id),
            login_course_date: Set(e.login_course_date),
            logout_course_date: Set(e.logout_course_date),
            counter: Set(e.counter),
            session_id: Set(e.session_id),
            user_ip: Set(e.user_ip.clone()),
        };
        Ok(track_e_course_access::Entity::insert(row)
            .exec(self.db())
            .await
            .map_err(storage)?
            .last_insert_id)
    }

    async fn course_accesses_of(
        &self,
        user_id: i64,
        course_id: Option<i64>,
        session_id: Option<i64>,
    ) -> CoreResult<Vec<CourseAccessEvent>> {
        let mut query = track_e_course_access::Entity::find()
            .filter(track_e_course_access::Column::UserId.eq(user_id));
        if let Some(course_id) = course_id {
            query = query.filter(track_e_course_access::Column::CId.eq(course_id));
        }
        if let Some(session_id) = session_id {
            query = query.filter(track_e_course_access::Column::SessionId.eq(session_id));
        }
        let rows = query
            .order_by_asc(track_e_course_access::Column::LoginCourseDate)
            .order_by_asc(track_e_course_access::Column::CourseAccessId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .map(|m| CourseAccessEvent {
                id: m.course_access_id,
                course_id: m.c_id,
                user_id: m.user_id,
                session_id: m.session_id,
                login_course_date: m.login_course_date,
                logout_course_date: m.logout_course_date,
                counter: m.counter,
                user_ip: m.user_ip,
            })
            .collect())
    }
}
