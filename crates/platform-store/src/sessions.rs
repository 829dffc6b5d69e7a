//! sessions: not yet served over a Chamilo database (placeholder, replaced before the mode is offered).

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use async_trait::async_trait;
use chamilo_core::ports::*;
use chamilo_core::types::sessions::{Session, SessionCounts, SessionFilter};
use chamilo_core::{CoreError, CoreResult};

pub(crate) const TABLES: &[Needs] = &[];

#[async_trait]
impl<C: Conn> SessionRepo for Repos<C> {
    async fn insert_session(&self, _session: &Session) -> CoreResult<i64> {
        Err(pending("sessions"))
    }
    async fn update_session(&self, _session: &Session) -> CoreResult<()> {
        Err(pending("sessions"))
    }
    async fn get_session(&self, _id: i64) -> CoreResult<Option<Session>> {
        Err(pending("sessions"))
    }
    async fn find_session_by_name(&self, _name: &str) -> CoreResult<Option<Session>> {
        Err(pending("sessions"))
    }
    async fn list_sessions(&self, _filter: &SessionFilter) -> CoreResult<Vec<Session>> {
        Err(pending("sessions"))
    }
    async fn delete_session(&self, _id: i64) -> CoreResult<()> {
        Err(pending("sessions"))
    }
    async fn session_counts(&self, _session_ids: &[i64]) -> CoreResult<Vec<SessionCounts>> {
        Err(pending("sessions"))
    }
}

fn pending(what: &str) -> CoreError {
    CoreError::Storage(format!("{what} are not yet served over a Chamilo database"))
}
