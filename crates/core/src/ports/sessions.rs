use crate::error::CoreResult;
use crate::types::sessions::{Session, SessionFilter};
use async_trait::async_trait;

/// Persistence of sessions. Names are unique (a clash is `AlreadyExists(SessionName)`).
#[async_trait]
pub trait SessionRepo: Send + Sync {
    async fn insert_session(&self, session: &Session) -> CoreResult<i64>;
    async fn update_session(&self, session: &Session) -> CoreResult<()>;
    async fn get_session(&self, id: i64) -> CoreResult<Option<Session>>;
    /// Case-insensitive exact match.
    async fn find_session_by_name(&self, name: &str) -> CoreResult<Option<Session>>;
    /// Ordered by id.
    async fn list_sessions(&self, filter: &SessionFilter) -> CoreResult<Vec<Session>>;
    /// Removes the session with its course and user relations and extra values.
    async fn delete_session(&self, id: i64) -> CoreResult<()>;
}
