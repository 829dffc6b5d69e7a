//! Session listings: a page of the sessions a filter holds, and sessions found by text or by
//! id with what a search shows beside each (head counts, the extra-field values asked for).

use super::{Session, SessionCounts, SessionFilter, SessionText};
use crate::error::{CoreError, CoreResult, Entity};
use crate::gateway::Gateway;
use crate::types::extra_fields::ItemType;

/// Which sessions, and which page of them.
#[derive(Debug, Clone, Default)]
pub struct SessionListing {
    pub filter: SessionFilter,
    pub offset: usize,
    /// At most this many sessions; none: all.
    pub limit: Option<usize>,
}

/// A session with what a search shows beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionDetails {
    pub session: Session,
    pub counts: SessionCounts,
    /// (variable, value) of the extra fields asked for that the session has a value of, in
    /// field order.
    pub extras: Vec<(String, String)>,
}

impl Gateway {
    /// The sessions of `listing.filter`, by id, one page of them.
    pub async fn list_sessions_page(&self, listing: &SessionListing) -> CoreResult<Vec<Session>> {
        let sessions = self.repo().list_sessions(&listing.filter).await?;
        Ok(sessions
            .into_iter()
            .skip(listing.offset)
            .take(listing.limit.unwrap_or(usize::MAX))
            .collect())
    }

    /// The sessions whose name or description contains `term` (case-insensitively; an empty
    /// term: every session), by id. Asking for extra fields (variables, case-insensitive) also
    /// matches the term in any of a session's extra-field values, as Chamilo's search does.
    pub async fn search_sessions(
        &self,
        term: &str,
        extra_fields: &[String],
    ) -> CoreResult<Vec<SessionDetails>> {
        let wanted = wanted_fields(extra_fields);
        let filter = SessionFilter {
            text: Some(SessionText {
                term: term.to_string(),
                in_extra_values: !wanted.is_empty(),
            }),
            ..SessionFilter::default()
        };
        let sessions = self.repo().list_sessions(&filter).await?;
        self.details(sessions, &wanted).await
    }

    /// One session with its details; an unknown id is `NotFound(Session)`.
    pub async fn fetch_session(
        &self,
        session_id: i64,
        extra_fields: &[String],
    ) -> CoreResult<SessionDetails> {
        let session = self
            .repo()
            .get_session(session_id)
            .await?
            .ok_or(CoreError::NotFound(Entity::Session))?;
        let mut found = self
            .details(vec![session], &wanted_fields(extra_fields))
            .await?;
        found.pop().ok_or(CoreError::NotFound(Entity::Session))
    }

    /// The sessions with their counts and the values of the `wanted` (lower-cased) fields.
    async fn details(
        &self,
        sessions: Vec<Session>,
        wanted: &[String],
    ) -> CoreResult<Vec<SessionDetails>> {
        let repo = self.repo();
        let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
        let counts = repo.session_counts(&ids).await?;
        let values = if wanted.is_empty() {
            Vec::new()
        } else {
            repo.values_of_items(ItemType::Session, &ids).await?
        };
        Ok(sessions
            .into_iter()
            .zip(counts)
            .map(|(session, counts)| {
                let extras = values
                    .iter()
                    .filter(|v| v.item_id == session.id)
                    .filter(|v| wanted.contains(&v.field.variable.to_lowercase()))
                    .map(|v| (v.field.variable.clone(), v.value.clone()))
                    .collect();
                SessionDetails {
                    session,
                    counts,
                    extras,
                }
            })
            .collect())
    }
}

/// The variables asked for, trimmed and lower-cased (variables compare case-insensitively),
/// empty ones dropped.
fn wanted_fields(extra_fields: &[String]) -> Vec<String> {
    extra_fields
        .iter()
        .map(|f| f.trim().to_lowercase())
        .filter(|f| !f.is_empty())
        .collect()
}
