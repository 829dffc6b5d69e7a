//! Subscription actions (`rest-v2.md` §3.9). A non-admin may only subscribe itself, and only
//! as a student (DECISIONS.md).

use chamilo_core::courses::Course;
use chamilo_core::subscriptions::course_status;
use chamilo_core::{CoreError, Entity};
use serde_json::{json, Value};

use crate::auth::not_found_as;
use crate::dispatch::Ctx;
use crate::errors::{ActionResult, Op, RestError};
use crate::input;
use crate::messages;
use crate::shapes::opt_datetime;

fn general(e: CoreError) -> RestError {
    RestError::core(Op::General, &e)
}

/// Failures a `[false]` answer stands for; anything else (the database) is an error.
fn refused(e: CoreError) -> ActionResult<bool> {
    match e {
        CoreError::Storage(_) => Err(general(e)),
        _ => Ok(false),
    }
}

/// `course_id`, else `course_code` (POST). `None` when neither names a course.
async fn course_param(c: &Ctx<'_>) -> ActionResult<Option<Course>> {
    let id = input::int(c.params.post("course_id"))?;
    if id > 0 {
        return match c.gw.get_course(id).await {
            Ok(course) => Ok(Some(course)),
            Err(CoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(general(e)),
        };
    }
    match input::text(c.params.post("course_code"))? {
        "" => Ok(None),
        code => c.gw.find_course_by_code(code).await.map_err(general),
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
    let ok = match c
        .gw
        .subscribe_user_to_course(course.id, user_id, status)
        .await
    {
        Ok(()) => true,
        Err(e) => refused(e)?,
    };
    Ok(json!([ok]))
}

pub async fn unsubscribe_user_from_course(c: &Ctx<'_>) -> ActionResult {
    let user_id = input::int(c.params.post("user_id"))?;
    c.caller.require_self_or_admin(user_id)?;
    let Some(course) = course_param(c).await? else {
        return Ok(json!([false]));
    };
    let ok = match c.gw.unsubscribe_user_from_course(course.id, user_id).await {
        Ok(removed) => removed,
        Err(e) => refused(e)?,
    };
    Ok(json!([ok]))
}

pub async fn course_users(c: &Ctx<'_>) -> ActionResult {
    let course = c.caller.course()?;
    let mut list = Vec::new();
    for cu in c.gw.course_users(course.id).await.map_err(general)? {
        let u = c.gw.get_user(cu.user_id).await.map_err(general)?;
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
    match c.gw.set_session_courses(session_id, &courses).await {
        Ok(()) => Ok(json!({"status": true, "message": messages::text("Updated")})),
        Err(CoreError::Storage(e)) => Err(general(CoreError::Storage(e))),
        Err(_) => Ok(failed),
    }
}

pub async fn subscribe_users_to_session(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let session_id = input::int(c.params.post("id_session"))?;
    let users = ids(c, "list_users")?;
    if !me.is_admin && (users.is_empty() || users.iter().any(|u| *u != me.id)) {
        return Err(RestError::Key("NotAllowed"));
    }
    c.gw.get_session(session_id)
        .await
        .map_err(|e| not_found_as(e, Entity::Session, "SessionNotFound"))?;
    for user_id in users {
        match c.gw.subscribe_user_to_session(session_id, user_id).await {
            Ok(()) | Err(CoreError::NotFound(Entity::User)) => {}
            Err(e) => return Err(general(e)),
        }
    }
    Ok(json!({"status": true, "message": messages::text("UsersAdded")}))
}

pub async fn unsubscribe_users_from_session(c: &Ctx<'_>) -> ActionResult {
    let session_id = input::int(c.params.post("id_session"))?;
    let users = ids(c, "list_users")?;
    c.gw.get_session(session_id)
        .await
        .map_err(|e| not_found_as(e, Entity::Session, "SessionNotFound"))?;
    for user_id in users {
        match c
            .gw
            .unsubscribe_user_from_session(session_id, user_id)
            .await
        {
            Ok(_) | Err(CoreError::NotFound(Entity::User)) => {}
            Err(e) => return Err(general(e)),
        }
    }
    Ok(json!({"status": true, "message": messages::text("UserUnsubscribed")}))
}

pub async fn session_from_username(c: &Ctx<'_>) -> ActionResult {
    let p = |n: &str| c.params.post(n);
    let session_id = crate::params::intval(input::required(p("sessionId"))?);
    // the code reads loginname, the documentation says loginName
    let login = input::required(input::first_of([p("loginname"), p("loginName")]))?;
    c.gw.get_session(session_id)
        .await
        .map_err(|e| not_found_as(e, Entity::Session, "SessionNotFound"))?;
    let user =
        c.gw.find_user_by_username(login)
            .await
            .map_err(general)?
            .ok_or(RestError::Key("UserNotFound"))?;
    c.caller.require_self_or_admin(user.id)?;
    c.gw.subscribe_user_to_session(session_id, user.id)
        .await
        .map_err(|e| match e {
            CoreError::Storage(_) => general(e),
            _ => RestError::Key("UserNotSubscribed"),
        })?;
    Ok(json!([true]))
}

pub async fn session_users(c: &Ctx<'_>) -> ActionResult {
    let session_id = input::int(c.params.post("id_session"))?;
    let move_info = input::int(c.params.post("move_info"))? == 1;
    let mut list = Vec::new();
    for su in c.gw.session_users(session_id).await.map_err(general)? {
        let u = c.gw.get_user(su.user_id).await.map_err(general)?;
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
