//! Who is calling (`rest-v2.md` §1.4 steps 5–6, §2.3–2.5): the api key check, the course and
//! session context, and the permission checks actions use.

use chamilo_core::courses::Course;
use chamilo_core::sessions::Session;
use chamilo_core::users::User;
use chamilo_core::Gateway;

use crate::errors::{ActionResult, Op, OrRest, RestError};
use crate::params::Routing;

/// The request's acting user and context, once the routing parameters are checked.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub user: Option<User>,
    pub course: Option<Course>,
    pub session: Option<Session>,
}

/// Validates `api_key` (when given) and resolves `course`/`session`, in the original's order:
/// a bad key fails before anything else, then a bad course, then a bad session.
pub async fn resolve(gw: &Gateway, r: &Routing, ip: &str) -> ActionResult<Caller> {
    let mut caller = Caller::default();
    if r.api_key.is_empty() {
        return Ok(caller);
    }
    let user = gw
        .validate_api_key(&r.username, &r.api_key)
        .await
        .or_rest(Op::General)?
        .ok_or(RestError::Key("InvalidApiKey"))?;
    // a disabled or expired account keeps no api access (authenticate refuses it too)
    if !user.can_log_in(chamilo_core::now()) {
        return Err(RestError::Key("InvalidApiKey"));
    }
    if r.course != 0 {
        caller.course = Some(gw.get_course(r.course).await.or_rest(Op::RoutingCourse)?);
    }
    if r.session != 0 {
        caller.session = Some(
            gw.get_session(r.session)
                .await
                .or_rest(Op::RoutingSession)?,
        );
    }
    if let Some(course) = &caller.course {
        let session_id = caller.session.as_ref().map_or(0, |s| s.id);
        gw.record_course_access(user.id, course.id, session_id, ip)
            .await
            .or_rest(Op::General)?;
    }
    caller.user = Some(user);
    Ok(caller)
}

impl Caller {
    /// The acting user; without a key there is none (the original dies there, we answer
    /// `InvalidApiKey`).
    pub fn user(&self) -> ActionResult<&User> {
        self.user.as_ref().ok_or(RestError::Key("InvalidApiKey"))
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_admin)
    }

    /// Level AD.
    pub fn require_admin(&self) -> ActionResult<&User> {
        let u = self.user()?;
        if u.is_admin {
            Ok(u)
        } else {
            Err(RestError::Key("NotAllowed"))
        }
    }

    /// Level S: an admin, or the user the action is about.
    pub fn require_self_or_admin(&self, user_id: i64) -> ActionResult<&User> {
        let u = self.user()?;
        if u.is_admin || u.id == user_id {
            Ok(u)
        } else {
            Err(RestError::Key("NotAllowed"))
        }
    }

    /// The current course (`course` routing parameter), for course-context actions.
    pub fn course(&self) -> ActionResult<&Course> {
        self.course.as_ref().ok_or(RestError::Key("NoCourse"))
    }
}
