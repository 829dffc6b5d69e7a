//! The audit trail in Chamilo's own `track_e_default`, where its admin pages list events.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, date, exec};
use async_trait::async_trait;
use chamilo_core::ports::AuditRepo;
use chamilo_core::types::audit::{AuditEvent, AuditQuery, EventMatch};
use chamilo_core::CoreResult;
use chrono::NaiveDateTime;
use sea_orm::{FromQueryResult, Value};

pub(crate) const TABLES: &[Needs] = &[(
    "track_e_default",
    &[
        "default_id",
        "default_user_id",
        "c_id",
        "default_date",
        "default_event_type",
        "default_value_type",
        "default_value",
        "session_id",
    ],
)];

#[async_trait]
impl<C: Conn> AuditRepo for Repos<C> {
    async fn insert_audit_events(&self, events: &[AuditEvent]) -> CoreResult<()> {
        if events.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO track_e_default (default_user_id, c_id, session_id, default_date, \
             default_event_type, default_value_type, default_value) VALUES {}",
            vec!["(?, ?, ?, ?, ?, ?, ?)"; events.len()].join(", ")
        );
        let values = events
            .iter()
            .flat_map(|e| {
                [
                    e.user_id.into(),
                    e.course_id.into(),
                    e.session_id.into(),
                    e.date.into(),
                    e.event_type.clone().into(),
                    e.value_type.clone().into(),
                    // 3-byte utf8 column: what it cannot hold becomes '?', as under Chamilo
                    no_four_byte(&e.value).into(),
                ]
            })
            .collect::<Vec<Value>>();
        exec(self.db(), &sql, values).await?;
        Ok(())
    }

    async fn audit_events(&self, q: &AuditQuery) -> CoreResult<Vec<AuditEvent>> {
        #[derive(FromQueryResult)]
        struct Row {
            id: i64,
            user_id: i64,
            course_id: i64,
            session_id: i64,
            date: Option<NaiveDateTime>,
            event_type: String,
            value_type: String,
            value: String,
        }
        let mut sql = format!(
            "SELECT default_id AS id, default_user_id AS user_id, COALESCE(c_id, 0) AS course_id, \
             COALESCE(session_id, 0) AS session_id, {} AS date, \
             default_event_type AS event_type, default_value_type AS value_type, \
             default_value AS value FROM track_e_default WHERE ",
            date("default_date")
        );
        // byte comparisons: the event types are exact, whatever the collation says
        let mut values: Vec<Value> = Vec::new();
        match &q.event_type {
            EventMatch::Exact(t) => {
                sql.push_str("BINARY default_event_type = BINARY ?");
                values.push(t.clone().into());
            }
            EventMatch::Prefix(p) => {
                sql.push_str("BINARY SUBSTR(default_event_type, 1, ?) = BINARY ?");
                values.push((p.chars().count() as i64).into());
                values.push(p.clone().into());
            }
        }
        for (column, value) in [
            ("default_user_id", q.user_id),
            ("c_id", q.course_id),
            ("session_id", q.session_id),
        ] {
            if let Some(v) = value {
                sql.push_str(&format!(" AND {column} = ?"));
                values.push(v.into());
            }
        }
        if let Some(d) = q.after {
            sql.push_str(" AND default_date >= ?");
            values.push(d.into());
        }
        if let Some(d) = q.before {
            sql.push_str(" AND default_date <= ?");
            values.push(d.into());
        }
        sql.push_str(" ORDER BY default_date, default_id LIMIT ? OFFSET ?");
        values.push(q.limit.into());
        values.push(q.offset.into());
        let rows: Vec<Row> = all(self.db(), &sql, values).await?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEvent {
                id: r.id,
                user_id: r.user_id,
                course_id: r.course_id,
                session_id: r.session_id,
                date: r.date.unwrap_or_default(),
                event_type: r.event_type,
                value_type: r.value_type,
                value: r.value,
            })
            .collect())
    }
}

fn no_four_byte(text: &str) -> String {
    text.chars()
        .map(|c| if c.len_utf8() > 3 { '?' } else { c })
        .collect()
}
