//! A session copied from a model session (REST `create_session_from_model`), in one
//! transaction: the new session, its extra-field values and its courses exist together or not
//! at all.

use super::service::insert_session_in;
use super::{NewSession, Session};
use crate::error::{CoreError, CoreResult, Entity};
use crate::gateway::Gateway;
use crate::subscriptions::add_course_to_session_in;
use crate::types::extra_fields::ItemType;
use chrono::NaiveDateTime;

/// A new session copied from a model.
#[derive(Debug, Clone)]
pub struct SessionFromModel {
    pub model_id: i64,
    pub name: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// Values that override the model's extra-field values (`variable -> value`).
    pub extras: Vec<(String, String)>,
    pub access_url_id: i64,
}

impl Gateway {
    /// Creates a session that copies the model's coach, category, visibility, duration,
    /// description, admin and notification flag, takes `start`/`end` as every date pair, copies
    /// the model's extra-field values (overridden by `extras`) and its courses in order.
    /// A missing model is `NotFound(Session)`; a model course gone meanwhile `NotFound(Course)`.
    pub async fn create_session_from_model(&self, req: SessionFromModel) -> CoreResult<i64> {
        let tx = self.begin().await?;
        let model = tx
            .get_session(req.model_id)
            .await?
            .ok_or(CoreError::NotFound(Entity::Session))?;
        let mut extras: Vec<(String, String)> = tx
            .values_of(ItemType::Session, model.id)
            .await?
            .into_iter()
            .map(|v| (v.field.variable, v.value))
            .collect();
        extras.extend(req.extras);
        let courses = tx.session_courses(model.id).await?;
        let (start, end) = (Some(req.start), Some(req.end));
        let new = NewSession {
            session: Session {
                id: 0,
                name: req.name,
                display_start_date: start,
                display_end_date: end,
                access_start_date: start,
                access_end_date: end,
                coach_access_start_date: start,
                coach_access_end_date: end,
                ..model
            },
            external_id: None,
            extras,
            access_url_id: req.access_url_id,
        };
        let id = insert_session_in(&*tx, new).await?;
        for course in courses {
            add_course_to_session_in(&*tx, id, course.course_id).await?;
        }
        self.commit(tx).await?;
        Ok(id)
    }
}
