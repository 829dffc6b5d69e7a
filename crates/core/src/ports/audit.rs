//! The audit trail (`track_e_default`).

use crate::error::CoreResult;
use crate::types::audit::*;
use async_trait::async_trait;

#[async_trait]
pub trait AuditRepo: Send + Sync {
    /// Appends rows in the given order (their ids ascend in that order), in one statement.
    async fn insert_audit_events(&self, events: &[AuditEvent]) -> CoreResult<()>;
    /// Matching rows in time order (date, then id), `offset`/`limit` applied.
    async fn audit_events(&self, query: &AuditQuery) -> CoreResult<Vec<AuditEvent>>;
}
