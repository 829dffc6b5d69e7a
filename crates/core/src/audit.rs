//! The web-service audit trail (Chamilo's `track_e_default`): one row per authenticated call
//! of either protocol, `access_ws_<action>` for REST and `access_ws_<Service.Operation>` for
//! SOAP. Recording never fails a request: a failed write is logged and dropped.
//!
//! `record_audit` only queues the row; the batching writer (`writer`) writes it a few
//! milliseconds later. Reads (`audit_items`) and `flush_audit` wait for what is queued.

pub use crate::types::audit::*;

use crate::error::CoreResult;
use crate::gateway::{now, Gateway};

/// Cuts `s` to at most `max` characters.
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_owned(),
        None => s.to_owned(),
    }
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
