//! Subscription actions (`rest-v2.md` §3.9). A non-admin may only subscribe itself, and only
//! as a student (DECISIONS.md).

use chamilo_core::courses::Course;
use chamilo_core::subscriptions::course_status;
use serde_json::{json, Value};

use crate::action_doc::{always, maybe, post, Core, Doc, Input, Key, Shape, Ty};
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

/// The course of a course subscription: `course_id`, else `course_code`.
const COURSE_ID: Input = post("course_id", Ty::Int).about("the course (or course_code)");
const COURSE_CODE: Input =
    post("course_code", Ty::Text).about("the course, when course_id is not given");

pub const SUBSCRIBE_USER_TO_COURSE: Doc = Doc {
    summary: "Subscribes a user to a course (admins; others only themselves, as students); false when refused.",
    params: &[
        post("user_id", Ty::Int).req(),
        COURSE_ID,
        COURSE_CODE,
        post("status", Ty::Int).about("5 student (default), 1 teacher (admins only)"),
    ],
    data: Shape::One(&Shape::Bool),
    fails: &[Key("NoData"), Key("NotAllowed"), Core(Op::General)],
};

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

pub const UNSUBSCRIBE_USER_FROM_COURSE: Doc = Doc {
    summary: "Unsubscribes a user from a course (admins, or the user itself); false when nothing was removed.",
    params: &[post("user_id", Ty::Int).req(), COURSE_ID, COURSE_CODE],
    data: Shape::One(&Shape::Bool),
    fails: &[Key("NoData"), Key("NotAllowed"), Core(Op::General)],
};

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

pub const COURSE_USERS: Doc = Doc {
    summary: "The users subscribed to the `course` routing parameter's course.",
    params: &[],
    data: Shape::List(&Shape::Obj(&[
        always("user_id", Shape::IntText),
        always("username", Shape::Text),
        always("firstname", Shape::Text),
        always("lastname", Shape::Text),
        always("status_rel", Shape::IntText),
    ])),
    fails: &[Core(Op::General)],
};

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

const SESSION: Input = post("id_session", Ty::Int).req();
const USERS: Input = post("list_users", Ty::Ids).req();

/// `{status, message}`
const STATUS_MESSAGE: Shape = Shape::Obj(&[
    always("status", Shape::Bool),
    always("message", Shape::Text),
]);

pub const ADD_COURSES_SESSION: Doc = Doc {
    summary: "Sets the courses of a session to these (courses not listed are removed).",
    params: &[
        SESSION,
        post("list_courses", Ty::Ids).req(),
        post("import_assignments", Ty::Flag)
            .about("accepted, not read: the gateway keeps no assignments to copy"),
    ],
    data: STATUS_MESSAGE,
    fails: &[Key("NoData"), Core(Op::General)],
};

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

pub const SUBSCRIBE_USERS_TO_SESSION: Doc = Doc {
    summary:
        "Subscribes users to a session (admins; others only themselves); unknown users are skipped.",
    params: &[SESSION, USERS],
    data: STATUS_MESSAGE,
    fails: &[Key("NoData"), Key("NotAllowed"), Core(Op::General)],
};

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

pub const UNSUBSCRIBE_USERS_FROM_SESSION: Doc = Doc {
    summary: "Unsubscribes users from a session; unknown users are skipped.",
    params: &[SESSION, USERS],
    data: STATUS_MESSAGE,
    fails: &[Key("NoData"), Core(Op::General)],
};

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

pub const SESSION_FROM_USERNAME: Doc = Doc {
    summary: "Subscribes the user with this username to a session (admins, or the user itself).",
    params: &[
        post("sessionId", Ty::Int).req(),
        post("loginname", Ty::Text).req(),
        post("loginName", Ty::Text).about("loginname, as the documentation spells it"),
    ],
    data: Shape::One(&Shape::True),
    fails: &[
        Key("NoData"),
        Key("UserNotFound"),
        Key("NotAllowed"),
        Core(Op::General),
        Core(Op::SubscribeByUsername),
    ],
};

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

pub const SESSION_USERS: Doc = Doc {
    summary: "The users subscribed to a session.",
    params: &[
        SESSION,
        post("move_info", Ty::Flag).about("1: add where each user was moved to"),
    ],
    data: Shape::List(&Shape::Obj(&[
        always("user_id", Shape::IntText),
        always("username", Shape::Text),
        always("firstname", Shape::Text),
        always("lastname", Shape::Text),
        always("status", Shape::IntText),
        maybe("moved_to", Shape::Nullable(&Shape::IntText)),
        maybe("moved_status", Shape::Nullable(&Shape::IntText)),
        maybe("moved_at", Shape::Nullable(&Shape::DateTime)),
    ])),
    fails: &[Key("NoData"), Core(Op::General)],
};

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
