use crate::error::CoreResult;
use crate::types::sessions::{Session, SessionCounts, SessionFilter};
use async_trait::async_trait;

/// Persistence of sessions. Names are unique (a clash is `AlreadyExists(SessionName)`).
#[async_trait]
pub trait SessionRepo: Send + Sync {
    async fn insert_session(&self, session: &Session) -> CoreResult<i64>;
    async fn update_session(&self, session: &Session) -> CoreResult<()>;
    async fn get_session(&self, id: i64) -> CoreResult<Option<Session>>;
    /// Case-insensitive exact match.
    async fn find_session_by_name(&self, name: &str) -> CoreResult<Option<Session>>;
    /// The sessions `filter` holds, ordered by id.
    async fn list_sessions(&self, filter: &SessionFilter) -> CoreResult<Vec<Session>>;
    /// The counts of each session of `ids`, in input order (zeros for a session with nothing).
    async fn session_counts(&self, ids: &[i64]) -> CoreResult<Vec<SessionCounts>>;
    /// Removes the session with its course and user relations and extra values.
    async fn delete_session(&self, id: i64) -> CoreResult<()>;
}
