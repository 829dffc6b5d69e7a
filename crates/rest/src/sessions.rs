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
