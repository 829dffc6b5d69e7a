//! Time-spent figures for the report operations, computed from the tracking tables: only
//! closed intervals count (a login or course access without a logout contributes nothing),
//! so every figure is backed by recorded events.

use crate::error::CoreResult;
use crate::extra_fields::resolve;
use crate::gateway::Gateway;
use crate::types::extra_fields::{ItemRef, ItemType};
use chrono::NaiveDateTime;

/// Seconds between entry and exit; open or inverted intervals count as zero.
fn closed_seconds(start: NaiveDateTime, end: Option<NaiveDateTime>) -> i64 {
    end.map_or(0, |end| (end - start).num_seconds().max(0))
}

impl Gateway {
    /// Total connection time of the user on the platform, in seconds, over all recorded logins.
    pub async fn time_spent_on_platform(&self, user: impl Into<ItemRef>) -> CoreResult<i64> {
        let user_id = resolve(self.repo(), ItemType::User, &user.into()).await?;
        Ok(self
            .repo()
            .logins_of(user_id)
            .await?
            .iter()
            .map(|l| closed_seconds(l.login_date, l.logout_date))
            .sum())
    }

    /// Seconds the user spent in the course, inside `session` (none: the base course). The
    /// user is looked up first, then the course, then the session.
    pub async fn time_spent_in_course(
        &self,
        user: impl Into<ItemRef>,
        course: impl Into<ItemRef>,
        session: Option<ItemRef>,
    ) -> CoreResult<i64> {
        let repo = self.repo();
        let user_id = resolve(repo, ItemType::User, &user.into()).await?;
        let course_id = resolve(repo, ItemType::Course, &course.into()).await?;
        let session_id = match session {
            Some(session) => resolve(repo, ItemType::Session, &session).await?,
            None => 0,
        };
        Ok(self
            .repo()
            .course_accesses_of(user_id, Some(course_id), Some(session_id))
            .await?
            .iter()
            .filter(|a| a.course_id == course_id && a.session_id == session_id)
            .map(|a| closed_seconds(a.login_course_date, a.logout_course_date))
            .sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn only_closed_intervals_count() {
        assert_eq!(
            closed_seconds(at("2024-01-01 10:00:00"), Some(at("2024-01-01 10:30:00"))),
            1800
        );
        assert_eq!(closed_seconds(at("2024-01-01 10:00:00"), None), 0);
        assert_eq!(
            closed_seconds(at("2024-01-01 10:00:00"), Some(at("2024-01-01 09:00:00"))),
            0
        );
    }
}
