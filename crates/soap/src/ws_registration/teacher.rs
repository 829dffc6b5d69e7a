//! WSRegistration's session-course coaches (§4.7, 33-34): the user, session and course by
//! their Chamilo ids (`user_id`, `session_id`, `course_id`, or build B's `userId`, `sessionId`,
//! `courseId`: Q21), or, when all three are empty, by their external id pairs.

use chamilo_core::{CoreError, Entity, ItemRef, ItemType};
use chamilo_edge::php::intval;

use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::fields::Fields;

use super::outcome::refusal;
use super::user::params;

/// The Chamilo id under either spelling, when one is given.
fn chamilo_id(p: &Value, snake: &str, camel: &str) -> Option<i64> {
    p.given(snake)
        .or_else(|| p.given(camel))
        .map(|v| intval(&v))
}

/// (session, course, user) of the call.
fn refs(p: &Value) -> (ItemRef, ItemRef, ItemRef) {
    let ids = (
        chamilo_id(p, "session_id", "sessionId"),
        chamilo_id(p, "course_id", "courseId"),
        chamilo_id(p, "user_id", "userId"),
    );
    if ids.0.is_none() && ids.1.is_none() && ids.2.is_none() {
        let pair = |t, prefix: &str| {
            p.reference(
                t,
                &format!("original_{prefix}_id_name"),
                &format!("original_{prefix}_id_value"),
            )
        };
        return (
            pair(ItemType::Session, "session"),
            pair(ItemType::Course, "course"),
            pair(ItemType::User, "user"),
        );
    }
    let id = |v: Option<i64>| ItemRef::Id(v.unwrap_or(0));
    (id(ids.0), id(ids.1), id(ids.2))
}

/// WSSubscribeTeacherToSessionCourse: `1` when the user is then a coach of the course in the
/// session, else `0`.
pub async fn subscribe_teacher(call: &Call<'_>) -> Outcome {
    let (session, course, user) = refs(params(call));
    let res = call
        .gateway
        .add_session_course_coach(session, course, user)
        .await;
    let answer = match refusal(call, res)? {
        Ok(()) => "1",
        Err(_) => "0",
    };
    Ok(Some(Typed::Str(answer.into())))
}

/// WSUnsubscribeTeacherFromSessionCourse: `1` when the user is no longer a coach there (also
/// when it was none), else `0`.
pub async fn unsubscribe_teacher(call: &Call<'_>) -> Outcome {
    let (session, course, user) = refs(params(call));
    let res = call
        .gateway
        .remove_session_course_coach(session, course, user)
        .await;
    let answer = match refusal(call, res)? {
        Ok(()) | Err(CoreError::NotFound(Entity::Subscription)) => "1",
        Err(_) => "0",
    };
    Ok(Some(Typed::Str(answer.into())))
}
