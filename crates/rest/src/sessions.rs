//! Session actions (`rest-v2.md` §3.8).

use std::collections::BTreeMap;

use chamilo_core::extra_fields::ItemType;
use chamilo_core::sessions::SessionFromModel;
use chamilo_core::sessions::{
    parse_datetime, visibility, NewSession, Session, SessionFilter, SessionPatch,
};
use chamilo_core::subscriptions::session_course_status;
use chamilo_core::urls::DEFAULT_URL_ID;
use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::action_doc::{always, body, post, request, Core, Doc, Input, Key, Shape, Ty};
use crate::ctx::Ctx;
use crate::errors::{self, Absent, ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::messages;
use crate::params::{Field, Param, PhpArray};
use crate::shapes::{self, opt_datetime};

/// `From <start> to <end>` as the session title box words it.
fn date_text(s: &Session) -> String {
    let day = |d: &NaiveDateTime| d.format("%Y-%m-%d").to_string();
    match (&s.access_start_date, &s.access_end_date) {
        (Some(a), Some(b)) => format!("From {} to {}", day(a), day(b)),
        (Some(a), None) => format!("From {}", day(a)),
        (None, Some(b)) => format!("Until {}", day(b)),
        (None, None) => String::new(),
    }
}

pub const USER_SESSIONS: Doc = Doc {
    summary: "The caller's sessions by session category, with their courses and coaches.",
    params: &[],
    data: Shape::List(&Shape::Obj(&[
        always("id", Shape::Nullable(&Shape::Int)),
        always("name", Shape::Null),
        always(
            "sessions",
            Shape::List(&Shape::Obj(&[
                always("name", Shape::Text),
                always("id", Shape::Int),
                always("date", Shape::Text),
                always("duration", Shape::Nullable(&Shape::Int)),
                always(
                    "courses",
                    Shape::List(&Shape::Obj(&[
                        always("id", Shape::IntText),
                        always("title", Shape::Text),
                        always("code", Shape::Text),
                        always("directory", Shape::Text),
                        always("pictureUrl", Shape::Text),
                        always("urlPicture", Shape::Text),
                        always("teachers", Shape::Text),
                        always("url", Shape::Text),
                    ])),
                ),
            ])),
        ),
    ])),
    fails: &[Core(Op::General)],
};

pub async fn user_sessions(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    // categories in order of first appearance by id; sessions without one under null
    let mut categories: BTreeMap<Option<i64>, Vec<Value>> = BTreeMap::new();
    for membership in c.gw.user_sessions(me.id).await.or_rest(Op::General)? {
        let session =
            c.gw.get_session(membership.session_id)
                .await
                .or_rest(Op::General)?;
        let mut courses = Vec::new();
        for sc in
            c.gw.session_courses(session.id)
                .await
                .or_rest(Op::General)?
        {
            let course = c.gw.get_course(sc.course_id).await.or_rest(Op::General)?;
            let mut coaches = Vec::new();
            for row in
                c.gw.session_course_users(session.id, course.id)
                    .await
                    .or_rest(Op::General)?
            {
                if row.status == session_course_status::COACH {
                    coaches.push(c.gw.get_user(row.user_id).await.or_rest(Op::General)?);
                }
            }
            let picture = shapes::course_picture(c.origin.web_path);
            courses.push(json!({
                "id": course.id.to_string(),
                "title": course.title,
                "code": course.code,
                "directory": course.directory,
                "pictureUrl": picture,
                "urlPicture": picture,
                "teachers": shapes::names(&coaches),
                "url": shapes::course_home_url(c.origin.web_path, &c.routing.api_key, &me.username, course.id, Some(session.id)),
            }));
        }
        categories
            .entry(session.session_category_id)
            .or_default()
            .push(json!({
                "name": session.name,
                "id": session.id,
                "date": date_text(&session),
                "duration": session.duration,
                "courses": courses,
            }));
    }
    Ok(Value::Array(
        categories
            .into_iter()
            .map(|(id, sessions)| json!({"id": id, "name": null, "sessions": sessions}))
            .collect(),
    ))
}

pub const GET_SESSIONS: Doc = Doc {
    summary: "The sessions of a campus.",
    params: &[request("id_campus", Ty::Int).about("access URL id (default 1)")],
    data: Shape::List(&Shape::Obj(&[
        always("id", Shape::IntText),
        always("name", Shape::Text),
        always("access_start_date", Shape::Nullable(&Shape::DateTime)),
        always("access_end_date", Shape::Nullable(&Shape::DateTime)),
    ])),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn get_sessions(c: &Ctx<'_>) -> ActionResult {
    let url = input::campus(c.params.request("id_campus"))?;
    let sessions =
        c.gw.list_sessions(&SessionFilter {
            access_url_id: Some(url),
            ..SessionFilter::default()
        })
        .await
        .or_rest(Op::General)?;
    Ok(Value::Array(
        sessions
            .iter()
            .map(|s| {
                json!({
                    "id": s.id.to_string(),
                    "name": s.name,
                    "access_start_date": opt_datetime(s.access_start_date.as_ref()),
                    "access_end_date": opt_datetime(s.access_end_date.as_ref()),
                })
            })
            .collect(),
    ))
}

pub const FROM_EXTRA_FIELD: Doc = Doc {
    summary: "The one session whose extra field has this value.",
    params: &[
        post("field_name", Ty::Text)
            .req()
            .about("a session extra field's variable"),
        post("field_value", Ty::Text).req(),
        post("fieldName", Ty::Text).about("field_name, as the documentation spells it"),
        post("fieldValue", Ty::Text).about("field_value, as the documentation spells it"),
    ],
    data: Shape::One(&Shape::Int),
    fails: &[
        Key("NoData"),
        Key("NoSessionMatched"),
        Key("MoreThanOneSessionMatched"),
        Core(Op::General),
    ],
};

pub async fn from_extra_field(c: &Ctx<'_>) -> ActionResult {
    // the code reads field_name/field_value, the documentation says fieldName/fieldValue
    let p = |a: &str, b: &str| input::first_of([c.params.post(a), c.params.post(b)]);
    let name = input::required(p("field_name", "fieldName"))?;
    let value = input::required(p("field_value", "fieldValue"))?;
    let ids = c.gw.items_by_extra(ItemType::Session, name, value).await;
    match ids
        .or_absent(Absent::NotFound)?
        .unwrap_or_default()
        .as_slice()
    {
        [] => Err(RestError::Key("NoSessionMatched")),
        [id] => Ok(json!([id])),
        _ => Err(RestError::Key("MoreThanOneSessionMatched")),
    }
}

/// `extra[extra_<variable>]=value`; also the documented list of one-key maps
/// (`extra[0][extra_Price]=200`), which the original silently drops.
fn prefixed_extras(extra: Option<&PhpArray>) -> ActionResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    let Some(extra) = extra else {
        return Ok(out);
    };
    let mut push = |k: &str, v: &Param| -> ActionResult<()> {
        let v = v.as_str().ok_or(RestError::Key("NoData"))?;
        let name = k.strip_prefix("extra_").unwrap_or(k);
        out.push((name.to_owned(), v.to_owned()));
        Ok(())
    };
    for (k, v) in extra.iter() {
        match v {
            Param::Array(inner) => {
                for (k2, v2) in inner.iter() {
                    push(k2, v2)?;
                }
            }
            Param::Str(_) => push(k, v)?,
        }
    }
    Ok(out)
}

/// An optional `YYYY-MM-DD HH:MM[:SS]` date; a malformed one is `key`.
fn date(f: Field<'_>, key: &'static str) -> ActionResult<Option<NaiveDateTime>> {
    match input::text(f)?.trim() {
        "" => Ok(None),
        s => input::strict_datetime(s)
            .map(Some)
            .ok_or(RestError::Key(key)),
    }
}

/// `extra[extra_<variable>]=value`
const EXTRA: Input =
    post("extra", Ty::Map).about("session extra fields: extra[extra_<variable>]=value");

pub const SAVE_SESSION: Doc = Doc {
    summary: "Creates a session administered by the caller.",
    params: &[
        post("name", Ty::Text).req(),
        post("description", Ty::Text),
        post("access_start_date", Ty::DateTime),
        post("access_end_date", Ty::DateTime),
        post("coach_username", Ty::Int).about("the general coach's user id"),
        EXTRA,
        request("id_campus", Ty::Int).about("access URL id (default 1)"),
    ],
    data: Shape::Obj(&[
        always("status", Shape::True),
        always("message", Shape::Text),
        always("id_session", Shape::Int),
    ]),
    fails: &[
        Key("InvalidStartDate"),
        Key("InvalidEndDate"),
        Key("NoData"),
        Core(Op::CreateSession),
    ],
};

pub async fn save_session(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.require_admin()?;
    let p = |n: &str| c.params.post(n);
    let start = date(p("access_start_date"), "InvalidStartDate")?;
    let end = date(p("access_end_date"), "InvalidEndDate")?;
    let coach = input::int(p("coach_username"))?;
    let mut new = NewSession::named(input::text(p("name"))?);
    new.session.description = input::text(p("description"))?.to_owned();
    new.session.access_start_date = start;
    new.session.access_end_date = end;
    new.session.display_start_date = start;
    new.session.display_end_date = end;
    new.session.general_coach_id = (coach > 0).then_some(coach);
    new.session.session_admin_id = Some(me.id);
    new.extras = prefixed_extras(input::array(p("extra"))?)?;
    new.access_url_id = input::campus(c.params.request("id_campus"))?;
    let id = c.gw.create_session(new).await.or_rest(Op::CreateSession)?;
    Ok(json!({
        "status": true,
        "message": messages::text("ANewSessionWasCreated"),
        "id_session": id,
    }))
}

/// A session column of `update_session`.
const fn column(name: &'static str, ty: Ty) -> Input {
    post(name, ty).about("written when non-empty, or always with reset=1")
}

pub const UPDATE_SESSION: Doc = Doc {
    summary: "Changes a session: the non-empty values given, or every value given with reset=1.",
    params: &[
        post("session_id", Ty::Int).req(),
        post("reset", Ty::Flag).about("1: write empty values too"),
        column("name", Ty::Text),
        column("description", Ty::Text),
        column("id_coach", Ty::Int),
        column("session_category_id", Ty::Int),
        column("promotion_id", Ty::Int),
        column("show_description", Ty::Flag),
        column("send_subscription_notification", Ty::Flag),
        column("duration", Ty::Int),
        column("visibility", Ty::Int),
        column("display_start_date", Ty::DateTime),
        column("display_end_date", Ty::DateTime),
        column("access_start_date", Ty::DateTime),
        column("access_end_date", Ty::DateTime),
        column("coach_access_start_date", Ty::DateTime),
        column("coach_access_end_date", Ty::DateTime),
        EXTRA,
    ],
    data: Shape::Obj(&[
        always("status", Shape::True),
        always("message", Shape::Text),
        always("id_session", Shape::Text),
    ]),
    fails: &[
        Key("NoData"),
        Key("InvalidDate"),
        Core(Op::SessionToUpdate),
        Core(Op::UpdateSession),
    ],
};

pub async fn update_session(c: &Ctx<'_>) -> ActionResult {
    let p = |n: &str| c.params.post(n);
    let raw_id = input::required(p("session_id"))?;
    let session_id = crate::params::intval(raw_id);
    if session_id <= 0 {
        return Err(RestError::Key("NoData"));
    }
    c.gw.get_session(session_id)
        .await
        .or_rest(Op::SessionToUpdate)?;
    let reset = crate::params::truthy(input::text(p("reset"))?);
    // without `reset` only non-empty values are written; with it every column is
    let given = |n: &str| -> ActionResult<Option<String>> {
        let v = input::text(p(n))?;
        Ok((reset || crate::params::truthy(v)).then(|| v.to_owned()))
    };
    let id_of = |v: String| {
        let n = crate::params::intval(&v);
        (n > 0).then_some(n)
    };
    let mut patch = SessionPatch {
        name: given("name")?,
        description: given("description")?,
        general_coach_id: given("id_coach")?.map(id_of),
        session_category_id: given("session_category_id")?.map(id_of),
        promotion_id: given("promotion_id")?.map(id_of),
        show_description: given("show_description")?.map(|v| crate::params::truthy(&v)),
        send_subscription_notification: given("send_subscription_notification")?
            .map(|v| crate::params::truthy(&v)),
        duration: given("duration")?.map(|v| {
            let n = crate::params::intval(&v);
            (n > 0).then(|| i32::try_from(n).unwrap_or(i32::MAX))
        }),
        visibility: given("visibility")?.map(|v| match crate::params::intval(&v) {
            0 => visibility::READ_ONLY,
            n => i32::try_from(n).unwrap_or(0),
        }),
        extras: prefixed_extras(input::array(p("extra"))?)?,
        ..SessionPatch::default()
    };
    let date_of = |name: &str| -> ActionResult<Option<Option<NaiveDateTime>>> {
        match given(name)? {
            None => Ok(None),
            Some(_) => Ok(Some(date(p(name), "InvalidDate")?)),
        }
    };
    patch.display_start_date = date_of("display_start_date")?;
    patch.display_end_date = date_of("display_end_date")?;
    patch.access_start_date = date_of("access_start_date")?;
    patch.access_end_date = date_of("access_end_date")?;
    patch.coach_access_start_date = date_of("coach_access_start_date")?;
    patch.coach_access_end_date = date_of("coach_access_end_date")?;
    c.gw.edit_session(session_id, patch)
        .await
        .or_rest(Op::UpdateSession)?;
    Ok(json!({
        "status": true,
        "message": messages::text("Updated"),
        "id_session": raw_id,
    }))
}

pub const FROM_MODEL: Doc = Doc {
    summary: "Creates a session copying a model session's courses, settings and extra fields.",
    params: &[
        body("modelSessionId", Ty::Int)
            .req()
            .about("the model session's id"),
        body("model_session_id", Ty::Int).about("modelSessionId, as the documentation spells it"),
        body("sessionName", Ty::Text).req(),
        body("startDate", Ty::DateTime).req(),
        body("endDate", Ty::DateTime).req(),
        body("extraFields", Ty::Map).about("session extra fields: extraFields[<variable>]=value"),
    ],
    data: Shape::One(&Shape::Int),
    fails: &[
        Key("NoData"),
        Key("InvalidStartDate"),
        Key("InvalidEndDate"),
        Core(Op::SessionFromModel),
    ],
};

pub async fn from_model(c: &Ctx<'_>) -> ActionResult {
    let b = |n: &str| c.params.body(n);
    // the code reads modelSessionId, the documented curl call sends model_session_id
    let model = input::int(input::first_of([
        b("modelSessionId"),
        b("model_session_id"),
    ]))?;
    let name = input::required(b("sessionName"))?;
    let start = input::required(b("startDate"))?;
    let end = input::required(b("endDate"))?;
    if model <= 0 {
        return Err(RestError::Key("NoData"));
    }
    let start =
        parse_datetime("startDate", start).map_err(|_| RestError::Key("InvalidStartDate"))?;
    let end = parse_datetime("endDate", end).map_err(|_| RestError::Key("InvalidEndDate"))?;
    let mut extras = Vec::new();
    if let Some(map) = input::array(b("extraFields"))? {
        for (k, v) in map.iter() {
            let v = v.as_str().ok_or(RestError::Key("NoData"))?;
            extras.push((k.to_owned(), v.to_owned()));
        }
    }
    let id =
        c.gw.create_session_from_model(SessionFromModel {
            model_id: model,
            name: name.to_owned(),
            start,
            end,
            extras,
            access_url_id: DEFAULT_URL_ID,
        })
        .await
        .map_err(|e| errors::core(Op::SessionFromModel, &e))?;
    Ok(json!([id]))
}
