//! `SessionRepo`: the `session` table and what hangs on a session.

use crate::entities::{
    access_url_rel_session, course_description, session, session_rel_course,
    session_rel_course_rel_user, session_rel_user,
};
use crate::error::{conflict, storage};
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::SessionRepo;
use chamilo_core::types::sessions::{Session, SessionFilter};
use chamilo_core::{Conflict, CoreResult, ItemType};
use sea_orm::sea_query::Query;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

fn to_core(m: session::Model) -> Session {
    Session {
        id: m.id,
        name: m.name,
        description: m.description,
        display_start_date: m.display_start_date,
        display_end_date: m.display_end_date,
        access_start_date: m.access_start_date,
        access_end_date: m.access_end_date,
        coach_access_start_date: m.coach_access_start_date,
        coach_access_end_date: m.coach_access_end_date,
        duration: m.duration,
        visibility: m.visibility,
        general_coach_id: m.id_coach,
        session_admin_id: m.session_admin_id,
        session_category_id: m.session_category_id,
        promotion_id: m.promotion_id,
        show_description: m.show_description,
        send_subscription_notification: m.send_subscription_notification,
    }
}

fn to_active(s: &Session) -> session::ActiveModel {
    session::ActiveModel {
        id: NotSet,
        name: Set(s.name.clone()),
        name_canonical: Set(s.name.to_lowercase()),
        description: Set(s.description.clone()),
        display_start_date: Set(s.display_start_date),
        display_end_date: Set(s.display_end_date),
        access_start_date: Set(s.access_start_date),
        access_end_date: Set(s.access_end_date),
        coach_access_start_date: Set(s.coach_access_start_date),
        coach_access_end_date: Set(s.coach_access_end_date),
        duration: Set(s.duration),
        visibility: Set(s.visibility),
        id_coach: Set(s.general_coach_id),
        session_admin_id: Set(s.session_admin_id),
        session_category_id: Set(s.session_category_id),
        promotion_id: Set(s.promotion_id),
        show_description: Set(s.show_description),
        send_subscription_notification: Set(s.send_subscription_notification),
    }
}

#[async_trait]
impl<C: Conn> SessionRepo for Repos<C> {
    async fn insert_session(&self, s: &Session) -> CoreResult<i64> {
        Ok(session::Entity::insert(to_active(s))
            .exec(self.db())
            .await
            .map_err(conflict(Conflict::SessionName))?
            .last_insert_id)
    }

    async fn update_session(&self, s: &Session) -> CoreResult<()> {
        session::Entity::update_many()
            .set(to_active(s))
            .filter(session::Column::Id.eq(s.id))
            .exec(self.db())
            .await
            .map_err(conflict(Conflict::SessionName))?;
        Ok(())
    }

    async fn get_session(&self, id: i64) -> CoreResult<Option<Session>> {
        let row = session::Entity::find_by_id(id)
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(to_core))
    }

    async fn find_session_by_name(&self, name: &str) -> CoreResult<Option<Session>> {
        let row = session::Entity::find()
            .filter(session::Column::NameCanonical.eq(name.to_lowercase()))
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(to_core))
    }

    async fn list_sessions(&self, filter: &SessionFilter) -> CoreResult<Vec<Session>> {
        let mut query = session::Entity::find();
        if let Some(url_id) = filter.access_url_id {
            query = query.filter(
                session::Column::Id.in_subquery(
                    Query::select()
                        .column(access_url_rel_session::Column::SessionId)
                        .from(access_url_rel_session::Entity)
                        .and_where(access_url_rel_session::Column::AccessUrlId.eq(url_id))
                        .to_owned(),
                ),
            );
        }
        let rows = query
            .order_by_asc(session::Column::Id)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(to_core).collect())
    }

    async fn delete_session(&self, id: i64) -> CoreResult<()> {
        let db = self.db();
        session_rel_user::Entity::delete_many()
            .filter(session_rel_user::Column::SessionId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        session_rel_course_rel_user::Entity::delete_many()
            .filter(session_rel_course_rel_user::Column::SessionId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        session_rel_course::Entity::delete_many()
            .filter(session_rel_course::Column::SessionId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        // sections written for this session only
        course_description::Entity::delete_many()
            .filter(course_description::Column::SessionId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        access_url_rel_session::Entity::delete_many()
            .filter(access_url_rel_session::Column::SessionId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        self.delete_extra_values(ItemType::Session, id).await?;
        session::Entity::delete_by_id(id)
            .exec(db)
            .await
            .map_err(storage)?;
        Ok(())
    }
}
