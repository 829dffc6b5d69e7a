//! Subscription actions (`rest-v2.md` §3.9). A non-admin may only subscribe itself, and only
//! as a student (DECISIONS.md).

use chamilo_core::courses::Course;
use chamilo_core::subscriptions::course_status;
use serde_json::{json, Value};

use crate::ctx::Ctx;
use crate::errors::{Absent, ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::messages;
use crate::shapes::opt_datetime;

/// `course_id`, else `course_code` (POST). `None` when neither names a course.
async fn course_param(c: &Ctx<'_>) -> ActionResult<Option<Course>> {
    let id = input::int(c.params.post("course_id"))?;
    if id > 0 {
        return c.gw.get_course(id).await.or_absent(Absent::NotFound);
    }
    match input::text(c.params.post("course_code"))? {
        "" => Ok(None),
        code => c.gw.find_course_by_code(code).await.or_rest(Op::General),
    }
}

pub async fn subscribe_user_to_course(c: &Ctx<'_>) -> ActionResult {
    let user_id = input::int(c.params.post("user_id"))?;
    let status = match input::scalar(c.params.post("status"))? {
        Some(s) => i32::try_from(crate::params::intval(s)).unwrap_or(0),
        None => course_status::STUDENT,
    };
    let me = c.caller.require_self_or_admin(user_id)?;
    if !me.is_admin && status == course_status::TEACHER {
        return Err(RestError::Key("NotAllowed"));
    }
    let Some(course) = course_param(c).await? else {
        return Ok(json!([false]));
    };
    let subscribed =
        c.gw.subscribe_user_to_course(course.id, user_id, status)
            .await;
    Ok(json!([subscribed.or_absent(Absent::Refused)?.is_some()]))
}

pub async fn unsubscribe_user_from_course(c: &Ctx<'_>) -> ActionResult {
    let user_id = input::int(c.params.post("user_id"))?;
    c.caller.require_self_or_admin(user_id)?;
    let Some(course) = course_param(c).await? else {
        return Ok(json!([false]));
    };
    let removed = c.gw.unsubscribe_user_from_course(course.id, user_id).await;
    let removed = removed.or_absent(Absent::Refused)?.unwrap_or(false);
    Ok(json!([removed]))
}

pub async fn course_users(c: &Ctx<'_>) -> ActionResult {
    let course = c.caller.course()?;
    let mut list = Vec::new();
    for cu in c.gw.course_users(course.id).await.or_rest(Op::General)? {
        let u = c.gw.get_user(cu.user_id).await.or_rest(Op::General)?;
        list.push(json!({
            "user_id": u.id.to_string(),
            "username": u.username,
            "firstname": u.firstname,
            "lastname": u.lastname,
            "status_rel": cu.status.to_string(),
        }));
    }
    Ok(Value::Array(list))
}

/// The integer ids of a PHP list parameter (`list_users[]`, `list_courses[]`).
fn ids(c: &Ctx<'_>, name: &str) -> ActionResult<Vec<i64>> {
    Ok(input::list(c.params.post(name))?
        .into_iter()
        .map(crate::params::intval)
        .collect())
}

pub async fn add_courses_session(c: &Ctx<'_>) -> ActionResult {
    let session_id = input::int(c.params.post("id_session"))?;
    let courses = ids(c, "list_courses")?;
    let failed = json!({"status": false, "message": messages::text("ErrorOccurred")});
    if session_id <= 0 || courses.is_empty() {
        return Ok(failed);
    }
    let set = c.gw.set_session_courses(session_id, &courses).await;
    Ok(match set.or_absent(Absent::Refused)? {
        Some(()) => json!({"status": true, "message": messages::text("Updated")}),
        None => failed,
    })
}

pub async fn subscribe_users_to_session(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let session_id = input::int(c.params.post("id_session"))?;
    let users = ids(c, "list_users")?;
    if !me.is_admin && (users.is_empty() || users.iter().any(|u| *u != me.id)) {
        return Err(RestError::Key("NotAllowed"));
    }
    c.gw.get_session(session_id).await.or_rest(Op::General)?;
    for user_id in users {
        let subscribed = c.gw.subscribe_user_to_session(session_id, user_id).await;
        subscribed.or_absent(Absent::UnknownUser)?;
    }
    Ok(json!({"status": true, "message": messages::text("UsersAdded")}))
}

pub async fn unsubscribe_users_from_session(c: &Ctx<'_>) -> ActionResult {
    let session_id = input::int(c.params.post("id_session"))?;
    let users = ids(c, "list_users")?;
    c.gw.get_session(session_id).await.or_rest(Op::General)?;
    for user_id in users {
        let removed =
            c.gw.unsubscribe_user_from_session(session_id, user_id)
                .await;
        removed.or_absent(Absent::UnknownUser)?;
    }
    Ok(json!({"status": true, "message": messages::text("UserUnsubscribed")}))
}

pub async fn session_from_username(c: &Ctx<'_>) -> ActionResult {
    let p = |n: &str| c.params.post(n);
    let session_id = crate::params::intval(input::required(p("sessionId"))?);
    // the code reads loginname, the documentation says loginName
    let login = input::required(input::first_of([p("loginname"), p("loginName")]))?;
    c.gw.get_session(session_id).await.or_rest(Op::General)?;
    let user =
        c.gw.find_user_by_username(login)
            .await
            .or_rest(Op::General)?
            .ok_or(RestError::Key("UserNotFound"))?;
    c.caller.require_self_or_admin(user.id)?;
    c.gw.subscribe_user_to_session(session_id, user.id)
        .await
        .or_rest(Op::SubscribeByUsername)?;
    Ok(json!([true]))
}

pub async fn session_users(c: &Ctx<'_>) -> ActionResult {
    let session_id = input::int(c.params.post("id_session"))?;
    let move_info = input::int(c.params.post("move_info"))? == 1;
    let mut list = Vec::new();
    for su in c.gw.session_users(session_id).await.or_rest(Op::General)? {
        let u = c.gw.get_user(su.user_id).await.or_rest(Op::General)?;
        let mut row = json!({
            "user_id": u.id.to_string(),
            "username": u.username,
            "firstname": u.firstname,
            "lastname": u.lastname,
            "status": su.relation_type.to_string(),
        });
        if move_info {
            row["moved_to"] = su.moved_to.map_or(Value::Null, |m| m.to_string().into());
            row["moved_status"] = su
                .moved_status
                .map_or(Value::Null, |m| m.to_string().into());
            row["moved_at"] = opt_datetime(su.moved_at.as_ref());
        }
        list.push(row);
    }
    Ok(Value::Array(list))
}
