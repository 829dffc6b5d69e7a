//! The audit trail (`track_e_default`).

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

/// The batching writer's state, for monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AuditWriterStats {
    /// rows (and flush markers) waiting for the writer now
    pub queued: usize,
    /// rows written since start
    pub written: u64,
    /// rows whose write failed since start: logged, then dropped
    pub dropped: u64,
}
