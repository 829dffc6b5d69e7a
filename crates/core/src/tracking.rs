//! Tracking of logins and course accesses, the raw material of the report operations.

pub use crate::types::tracking::*;

use crate::error::CoreResult;

impl crate::Gateway {
    /// Records that a user entered a course (for the time-spent reports).
    pub async fn record_course_access(
        &self,
        user_id: i64,
        course_id: i64,
        session_id: i64,
        ip: &str,
    ) -> CoreResult<i64> {
        let tx = self.begin().await?;
        let id = tx
            .insert_course_access(&CourseAccessEvent {
                id: 0,
                course_id,
                user_id,
                session_id,
                login_course_date: crate::now(),
                logout_course_date: None,
                counter: 1,
                user_ip: ip.to_string(),
            })
            .await?;
        self.commit(tx).await?;
        Ok(id)
    }

    pub async fn logins_of(&self, user_id: i64) -> CoreResult<Vec<LoginEvent>> {
        self.repo().logins_of(user_id).await
    }
}
