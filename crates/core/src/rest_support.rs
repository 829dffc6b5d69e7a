//! Services the REST API needs that are more than one existing call: a session created from a
//! model session (REST `create_session_from_model`). Kept here so any adapter can reuse them.

use crate::error::{CoreError, Entity};
use crate::gateway::Gateway;
use crate::sessions::{NewSession, Session};
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

/// Why a session could not be created from a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromModelError {
    /// the model session does not exist
    NoModel,
    /// the new session was refused (name taken, bad dates, …)
    Create(CoreError),
    /// the model's courses could not be added; the new session was removed again
    Courses(CoreError),
}

impl Gateway {
    /// Creates a session that copies the model's coach, category, visibility, duration,
    /// description, admin and notification flag, takes `start`/`end` as every date pair, copies
    /// the model's extra-field values (overridden by `extras`) and its courses in order.
    /// Either all of it exists afterwards or nothing does.
    pub async fn create_session_from_model(
        &self,
        req: SessionFromModel,
    ) -> Result<i64, FromModelError> {
        let model = match self.get_session(req.model_id).await {
            Ok(m) => m,
            Err(CoreError::NotFound(Entity::Session)) => return Err(FromModelError::NoModel),
            Err(e) => return Err(FromModelError::Create(e)),
        };
        let mut extras: Vec<(String, String)> = self
            .session_extras(model.id)
            .await
            .map_err(FromModelError::Create)?
            .into_iter()
            .map(|v| (v.field.variable, v.value))
            .collect();
        extras.extend(req.extras);
        let courses: Vec<i64> = self
            .session_courses(model.id)
            .await
            .map_err(FromModelError::Create)?
            .into_iter()
            .map(|c| c.course_id)
            .collect();
        let (start, end) = (Some(req.start), Some(req.end));
        let new = NewSession {
            session: Session {
                id: 0,
                name: req.name,
                description: model.description,
                display_start_date: start,
                display_end_date: end,
                access_start_date: start,
                access_end_date: end,
                coach_access_start_date: start,
                coach_access_end_date: end,
                duration: model.duration,
                visibility: model.visibility,
                general_coach_id: model.general_coach_id,
                session_admin_id: model.session_admin_id,
                session_category_id: model.session_category_id,
                promotion_id: model.promotion_id,
                show_description: model.show_description,
                send_subscription_notification: model.send_subscription_notification,
            },
            external_id: None,
            extras,
            access_url_id: req.access_url_id,
        };
        let id = self
            .create_session(new)
            .await
            .map_err(FromModelError::Create)?;
        if let Err(e) = self.set_session_courses(id, &courses).await {
            self.delete_session(id).await.ok();
            return Err(FromModelError::Courses(e));
        }
        Ok(id)
    }
}
