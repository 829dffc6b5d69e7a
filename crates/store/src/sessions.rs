//! `SessionRepo`: the `session` table and what hangs on a session.

use crate::entities::{
    access_url_rel_session, course_description, extra_field, extra_field_values, session,
    session_rel_course, session_rel_course_rel_user, session_rel_user, usergroup_rel_session,
};
use crate::error::{conflict, storage};
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::SessionRepo;
use chamilo_core::types::sessions::{Session, SessionCounts, SessionFilter, SessionText};
use chamilo_core::types::subscriptions::session_relation;
use chamilo_core::{Conflict, CoreResult, ItemType};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query, SimpleExpr};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Ids per `IN (…)` list of the counting queries.
const CHUNK: usize = 500;

/// The escape character of the text patterns: not a backslash, which MariaDB string literals
/// would also read.
const LIKE_ESCAPE: char = '!';

/// `%term%` for LIKE, lower-cased, its own `%`, `_` and escape characters taken literally.
fn contains_pattern(term: &str) -> LikeExpr {
    let mut pattern = String::from("%");
    for c in term.to_lowercase().chars() {
        if matches!(c, '%' | '_') || c == LIKE_ESCAPE {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    LikeExpr::new(pattern).escape(LIKE_ESCAPE)
}

/// Lower-cased `expr` contains the term (the name has its lower-cased copy already).
fn lower_contains(expr: impl Into<SimpleExpr>, term: &str) -> SimpleExpr {
    Expr::expr(Func::lower(expr.into())).like(contains_pattern(term))
}

/// Name or description contains the term; with `in_extra_values`, or one of the session's
/// extra-field values does.
fn text_condition(text: &SessionText) -> Condition {
    let term = text.term.as_str();
    let mut any = Condition::any()
        .add(Expr::col(session::Column::NameCanonical).like(contains_pattern(term)))
        .add(lower_contains(
            Expr::col(session::Column::Description),
            term,
        ));
    if text.in_extra_values {
        any = any.add(
            session::Column::Id.in_subquery(
                Query::select()
                    .column(extra_field_values::Column::ItemId)
                    .from(extra_field_values::Entity)
                    .and_where(
                        extra_field_values::Column::FieldId.in_subquery(
                            Query::select()
                                .column(extra_field::Column::Id)
                                .from(extra_field::Entity)
                                .and_where(
                                    extra_field::Column::ExtraFieldType
                                        .eq(ItemType::Session.code()),
                                )
                                .to_owned(),
                        ),
                    )
                    .and_where(lower_contains(
                        Expr::col(extra_field_values::Column::Value),
                        term,
                    ))
                    .to_owned(),
            ),
        );
    }
    any
}

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
        if let Some(from) = filter.access_starts_from {
            query = query.filter(session::Column::AccessStartDate.gte(from));
        }
        if let Some(by) = filter.access_ends_by {
            query = query.filter(session::Column::AccessEndDate.lte(by));
        }
        if let Some(text) = &filter.text {
            query = query.filter(text_condition(text));
        }
        let rows = query
            .order_by_asc(session::Column::Id)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(to_core).collect())
    }

    async fn session_counts(&self, ids: &[i64]) -> CoreResult<Vec<SessionCounts>> {
        let mut counts: HashMap<i64, SessionCounts> = HashMap::new();
        for chunk in ids.chunks(CHUNK) {
            let ids = || chunk.iter().copied();
            let courses: Vec<(i64, i64)> = session_rel_course::Entity::find()
                .select_only()
                .column(session_rel_course::Column::SessionId)
                .column_as(session_rel_course::Column::CId.count(), "n")
                .filter(session_rel_course::Column::SessionId.is_in(ids()))
                .group_by(session_rel_course::Column::SessionId)
                .into_tuple()
                .all(self.db())
                .await
                .map_err(storage)?;
            let users: Vec<(i64, i64)> = session_rel_user::Entity::find()
                .select_only()
                .column(session_rel_user::Column::SessionId)
                .column_as(session_rel_user::Column::UserId.count(), "n")
                .filter(session_rel_user::Column::SessionId.is_in(ids()))
                .filter(session_rel_user::Column::RelationType.ne(session_relation::DRH))
                .group_by(session_rel_user::Column::SessionId)
                .into_tuple()
                .all(self.db())
                .await
                .map_err(storage)?;
            let classes: Vec<(i64, i64)> = usergroup_rel_session::Entity::find()
                .select_only()
                .column(usergroup_rel_session::Column::SessionId)
                .column_as(usergroup_rel_session::Column::UsergroupId.count(), "n")
                .filter(usergroup_rel_session::Column::SessionId.is_in(ids()))
                .group_by(usergroup_rel_session::Column::SessionId)
                .into_tuple()
                .all(self.db())
                .await
                .map_err(storage)?;
            let n = |v: i64| u64::try_from(v).unwrap_or(0);
            for (id, v) in courses {
                counts.entry(id).or_default().courses = n(v);
            }
            for (id, v) in users {
                counts.entry(id).or_default().users = n(v);
            }
            for (id, v) in classes {
                counts.entry(id).or_default().classes = n(v);
            }
        }
        Ok(ids
            .iter()
            .map(|id| counts.get(id).copied().unwrap_or_default())
            .collect())
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
