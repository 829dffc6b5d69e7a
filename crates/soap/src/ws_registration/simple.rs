//! WSRegistration's "Simple" operations: they name the course by its code and the user and
//! the session by their Chamilo ids (read as PHP's intval reads them), and answer texts.

use chamilo_core::{CoreError, Entity, ItemRef};
use chamilo_edge::php::intval;

use crate::call::{Call, Outcome};
use crate::codec::Typed;
use crate::errors::Family;
use crate::fields::Fields;

use super::outcome::refusal;
use super::user::params;

/// WSSubscribeUserToSessionSimple: `1`; `User {id} does not exist`; `Session {id} does not
/// exist.`; `0` when `session` is empty or not a number (§4.7, 29).
pub async fn subscribe_user_to_session_simple(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let session = intval(&p.text("session"));
    let user = intval(&p.text("user_id"));
    if session <= 0 {
        return Ok(Some(Typed::Str("0".into())));
    }
    let res = call
        .gateway
        .subscribe_user_to_session(ItemRef::Id(session), ItemRef::Id(user))
        .await;
    let answer = match refusal(call, res)? {
        Ok(()) => "1".to_owned(),
        Err(CoreError::NotFound(Entity::Session)) => format!("Session {session} does not exist."),
        Err(CoreError::NotFound(Entity::User)) => format!("User {user} does not exist"),
        Err(_) => "0".to_owned(),
    };
    Ok(Some(Typed::Str(answer)))
}

/// WSUserSubscribedInCourse: `1` when the user is in the course, else the empty string (Q9).
pub async fn user_subscribed_in_course(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let res = call
        .gateway
        .is_subscribed_to_course(
            ItemRef::CourseCode(p.text("course")),
            ItemRef::Id(intval(&p.text("user_id"))),
        )
        .await;
    let subscribed = match res {
        Ok(yes) => yes,
        Err(CoreError::NotFound(_)) => false,
        Err(e) => return Err(call.fail_as(Family::Plain, e)),
    };
    Ok(Some(Typed::Str(if subscribed { "1" } else { "" }.into())))
}

/// The refusal text for a subscription the core declined (already subscribed), as build A
/// writes it: a line break and 27 spaces inside.
const NOT_REGISTERED: &str = "User was not registered possible reasons: User already registered to the course,\n                           Course visibility doesnt allow user subscriptions ";

/// WSSubscribeUserToCourseSimple: `1`; `User {id} does not exist`; `Course {code} does not
/// exist in the platform ` (trailing space; also for an empty code, never `Array`: Q11 fixed);
/// the not-registered text when already subscribed. Status 0 or none is a student.
pub async fn subscribe_user_to_course_simple(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let course = p.text("course");
    let user = intval(&p.text("user_id"));
    let status = match crate::fields::to_i32(p.int("status")) {
        0 => chamilo_core::subscriptions::course_status::STUDENT,
        s => s,
    };
    let res = call
        .gateway
        .subscribe_user_to_course(
            ItemRef::CourseCode(course.clone()),
            ItemRef::Id(user),
            status,
        )
        .await;
    let answer = match refusal(call, res)? {
        Ok(()) => "1".to_owned(),
        Err(CoreError::NotFound(Entity::Course)) => {
            format!("Course {course} does not exist in the platform ")
        }
        Err(CoreError::NotFound(Entity::User)) => format!("User {user} does not exist"),
        Err(_) => NOT_REGISTERED.to_owned(),
    };
    Ok(Some(Typed::Str(answer)))
}
