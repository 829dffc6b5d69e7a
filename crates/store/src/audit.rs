//! `AuditRepo`: `track_e_default`.

use crate::bulk_sql::Rows;
use crate::entities::track_e_default;
use crate::error::storage;
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::AuditRepo;
use chamilo_core::types::audit::{AuditEvent, AuditQuery, EventMatch};
use chamilo_core::CoreResult;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

fn to_active(e: &AuditEvent) -> track_e_default::ActiveModel {
    track_e_default::ActiveModel {
        default_id: NotSet,
        default_user_id: Set(e.user_id),
        c_id: Set(e.course_id),
        default_date: Set(e.date),
        default_event_type: Set(e.event_type.clone()),
        default_value_type: Set(e.value_type.clone()),
        default_value: Set(e.value.clone()),
        session_id: Set(e.session_id),
    }
}

#[async_trait]
impl<C: Conn> AuditRepo for Repos<C> {
    async fn insert_audit_events(&self, events: &[AuditEvent]) -> CoreResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        // one multi-row INSERT: the three databases assign ascending ids in VALUES order.
        // Written by `bulk_sql`: every call of either protocol writes a row here.
        let backend = self.db().get_database_backend();
        let rows = Rows::of(backend, events.iter().map(to_active));
        self.db()
            .execute_raw(rows.insert(backend))
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn audit_events(&self, q: &AuditQuery) -> CoreResult<Vec<AuditEvent>> {
        use track_e_default::Column as Col;
        let mut find = track_e_default::Entity::find();
        find = match &q.event_type {
            EventMatch::Exact(t) => find.filter(Col::DefaultEventType.eq(t.as_str())),
            // SUBSTR + equality rather than LIKE: `_` in event types is a LIKE wildcard, and
            // LIKE's case rules differ per database; equality is exact on all three. The length
            // is an INT so PostgreSQL finds `substr(text, int, int)`.
            EventMatch::Prefix(p) => {
                let len = i32::try_from(p.chars().count()).unwrap_or(i32::MAX);
                find.filter(
                    Expr::expr(Func::cust("SUBSTR").args([
                        Expr::col(Col::DefaultEventType),
                        Expr::val(1i32),
                        Expr::val(len),
                    ]))
                    .eq(p.as_str()),
                )
            }
        };
        if let Some(u) = q.user_id {
            find = find.filter(Col::DefaultUserId.eq(u));
        }
        if let Some(c) = q.course_id {
            find = find.filter(Col::CId.eq(c));
        }
        if let Some(s) = q.session_id {
            find = find.filter(Col::SessionId.eq(s));
        }
        if let Some(d) = q.after {
            find = find.filter(Col::DefaultDate.gte(d));
        }
        if let Some(d) = q.before {
            find = find.filter(Col::DefaultDate.lte(d));
        }
        let rows = find
            .order_by_asc(Col::DefaultDate)
            .order_by_asc(Col::DefaultId)
            .offset(q.offset)
            .limit(q.limit)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .map(|m| AuditEvent {
                id: m.default_id,
                user_id: m.default_user_id,
                course_id: m.c_id,
                session_id: m.session_id,
                date: m.default_date,
                event_type: m.default_event_type,
                value_type: m.default_value_type,
                value: m.default_value,
            })
            .collect())
    }
}
