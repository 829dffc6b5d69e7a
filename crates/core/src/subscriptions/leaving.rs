//! Several users leaving one course at once, as registration.soap.php's
//! WSUnsubscribeUserFromCourse asks: the disabled accounts and a closed course are left alone.

use crate::error::{CoreError, CoreResult};
use crate::extra_fields::resolve;
use crate::gateway::Gateway;
use crate::types::courses::visibility;
use crate::types::extra_fields::{ItemRef, ItemType};

/// What became of the users one request named for one course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseLeaving {
    /// The active users among those named, in the order named (unknown and disabled ones are
    /// left out).
    pub user_ids: Vec<i64>,
    /// Whether they were taken out: not when the course is unknown or closed (visibility 0,
    /// deleted for these operations), nor when no user is left.
    pub done: bool,
}

impl Gateway {
    /// Takes the named active users out of the course (in whatever role, outside sessions), in
    /// one transaction; a user who was not subscribed counts as taken out.
    pub async fn unsubscribe_active_users_from_open_course(
        &self,
        course: impl Into<ItemRef>,
        users: &[ItemRef],
    ) -> CoreResult<CourseLeaving> {
        let tx = self.begin().await?;
        let mut user_ids = Vec::new();
        for user in users {
            let id = match resolve(&*tx, ItemType::User, user).await {
                Ok(id) => id,
                Err(CoreError::NotFound(_)) => continue,
                Err(e) => return Err(e),
            };
            if tx.get_user(id).await?.is_some_and(|u| u.active) {
                user_ids.push(id);
            }
        }
        let course_id = match resolve(&*tx, ItemType::Course, &course.into()).await {
            Ok(id) => Some(id),
            Err(CoreError::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        let open = match course_id {
            Some(id) => tx
                .get_course(id)
                .await?
                .filter(|c| c.visibility != visibility::CLOSED),
            None => None,
        };
        let Some(course) = open.filter(|_| !user_ids.is_empty()) else {
            return Ok(CourseLeaving {
                user_ids,
                done: false,
            });
        };
        for user_id in &user_ids {
            tx.delete_course_user(course.id, *user_id).await?;
        }
        self.commit(tx).await?;
        Ok(CourseLeaving {
            user_ids,
            done: true,
        })
    }
}
