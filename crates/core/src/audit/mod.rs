//! The web-service audit trail (Chamilo's `track_e_default`): one row per authenticated call
//! of either protocol, `access_ws_<action>` for REST and `access_ws_<Service.Operation>` for
//! SOAP. Recording never fails a request: a failed write is logged and dropped.
//!
//! `record_audit` only queues the row; the batching writer (`writer`) writes it a few
//! milliseconds later. Reads (`audit_items`) and `flush_audit` wait for what is queued.

pub(crate) mod writer;

use crate::error::CoreResult;
use crate::gateway::{now, Gateway};
use async_trait::async_trait;
use chrono::NaiveDateTime;

/// Prefix of every web-service event type.
pub const EVENT_PREFIX: &str = "access_ws_";
/// Longest stored event type / value type (the indexed column).
pub const TYPE_MAX: usize = 190;
/// Longest stored value; longer values are cut (the trail is for people, not for replay).
pub const VALUE_MAX: usize = 4000;
/// Rows per query when the caller gives no limit, and the most it may ask for.
pub const DEFAULT_LIMIT: u64 = 100;
pub const MAX_LIMIT: u64 = 1000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: i64,
    /// the acting user; 0 when there is none (SOAP calls)
    pub user_id: i64,
    pub course_id: i64,
    pub session_id: i64,
    pub date: NaiveDateTime,
    pub event_type: String,
    pub value_type: String,
    pub value: String,
}

/// How `event_type` selects rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventMatch {
    Exact(String),
    /// every event type starting with this text (case-sensitive)
    Prefix(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    pub event_type: EventMatch,
    pub user_id: Option<i64>,
    pub course_id: Option<i64>,
    pub session_id: Option<i64>,
    /// inclusive bounds on the date
    pub after: Option<NaiveDateTime>,
    pub before: Option<NaiveDateTime>,
    pub offset: u64,
    pub limit: u64,
}

impl AuditQuery {
    /// Every row of these event types, the first `DEFAULT_LIMIT` of them.
    pub fn matching(event_type: EventMatch) -> Self {
        AuditQuery {
            event_type,
            user_id: None,
            course_id: None,
            session_id: None,
            after: None,
            before: None,
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

#[async_trait]
pub trait AuditRepo: Send + Sync {
    /// Appends rows in the given order (their ids ascend in that order), in one statement.
    async fn insert_audit_events(&self, events: &[AuditEvent]) -> CoreResult<()>;
    /// Matching rows in time order (date, then id), `offset`/`limit` applied.
    async fn audit_events(&self, query: &AuditQuery) -> CoreResult<Vec<AuditEvent>>;
}

/// Cuts `s` to at most `max` characters.
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

/// One call to record.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry<'a> {
    pub user_id: i64,
    pub course_id: i64,
    pub session_id: i64,
    /// the action or `Service.Operation`, without the `access_ws_` prefix
    pub action: &'a str,
    pub value_type: &'a str,
    pub value: &'a str,
}

impl Gateway {
    /// Queues one row for the batching writer (the date is the time of this call). The row is
    /// written in autocommit, never as part of the caller's transaction, and leaves the read
    /// cache alone (nothing cached reads the trail). A full queue makes this wait for room; a
    /// failed write is logged, never returned: auditing must not fail a request.
    pub async fn record_audit(&self, entry: AuditEntry<'_>) {
        let event = AuditEvent {
            id: 0,
            user_id: entry.user_id,
            course_id: entry.course_id,
            session_id: entry.session_id,
            date: now(),
            event_type: cut(&format!("{EVENT_PREFIX}{}", entry.action), TYPE_MAX),
            value_type: cut(entry.value_type, TYPE_MAX),
            value: cut(entry.value, VALUE_MAX),
        };
        self.audit_writer().record(event).await;
    }

    /// Waits until every row queued before this call is written (graceful shutdown, reads).
    pub async fn flush_audit(&self) {
        self.audit_writer().flush().await;
    }

    /// Audit rows in time order; the limit is clamped to 1..=`MAX_LIMIT`. Rows queued before
    /// the call are written first, so a client sees the rows of its own earlier calls.
    pub async fn audit_items(&self, mut query: AuditQuery) -> CoreResult<Vec<AuditEvent>> {
        query.limit = query.limit.clamp(1, MAX_LIMIT);
        self.flush_audit().await;
        self.repo().audit_events(&query).await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cuts_on_characters() {
        assert_eq!(super::cut("ééé", 2), "éé");
        assert_eq!(super::cut("ab", 5), "ab");
    }
}
