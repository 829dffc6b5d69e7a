//! The acting user's account (`rest-v2.md` §3.12: conditional login, terms and conditions),
//! `update_user_pause_training` (§3.5) and the reporting helper `user_courses_by_dates`
//! (§3.13).

use chamilo_core::account::PauseTraining;
use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::action_doc::{always, post, Core, Doc, Key, Shape, Text, Ty};
use crate::ctx::Ctx;
use crate::errors::{ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::messages;
use crate::params::Field;
use crate::shapes::datetime;

pub const CHECK_CONDITIONAL_LOGIN: Doc = Doc {
    summary: "Whether the caller may log in under the platform's conditions (always true).",
    params: &[],
    data: Shape::Obj(&[always("check_conditional_login", Shape::True)]),
    fails: &[],
};

/// The gateway runs no conditional-login hooks, which the original answers with `true`.
pub async fn check_conditional_login(c: &Ctx<'_>) -> ActionResult {
    c.caller.user()?;
    Ok(json!({"check_conditional_login": true}))
}

pub const GET_LEGAL_CONDITIONS: Doc = Doc {
    summary: "The terms and conditions in force.",
    params: &[],
    data: Shape::Obj(&[
        always("id", Shape::IntText),
        always("date", Shape::DateTime),
        always("content", Shape::Text),
        always("type", Shape::IntText),
        always("changes", Shape::Text),
        always("version", Shape::IntText),
        always("language_id", Shape::IntText),
    ]),
    fails: &[Core(Op::General)],
};

/// The terms in force, as the raw `legal` row. None published is `NoData` (the original
/// dies there).
pub async fn get_legal_conditions(c: &Ctx<'_>) -> ActionResult {
    c.caller.user()?;
    let t = c.gw.legal_terms(None).await.or_rest(Op::General)?;
    Ok(json!({
        "id": t.id.to_string(),
        "date": datetime(&t.date),
        "content": t.content,
        "type": t.terms_type.to_string(),
        "changes": t.changes,
        "version": t.version.to_string(),
        "language_id": t.language_id.to_string(),
    }))
}

pub const UPDATE_CONDITION_ACCEPTED: Doc = Doc {
    summary: "Records that the caller accepted these terms.",
    params: &[post("legal_accept_type", Ty::Text).about("<version>:<language_id>")],
    data: Shape::Obj(&[always("status", Shape::True)]),
    fails: &[Key("NoData"), Core(Op::General)],
};

/// `legal_accept_type=<version>:<language_id>`, each part read as PHP's `intval`. The
/// acceptance is stored when it names published terms (the original only e-mails the user's
/// superiors); the answer is `{"status":true}` whatever the value, as the original's
/// (`0:0`, empty or unknown terms included: the core records nothing then).
pub async fn update_condition_accepted(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let raw = input::text(c.params.post("legal_accept_type"))?;
    let mut parts = raw.split(':').map(crate::params::intval);
    let version = i32::try_from(parts.next().unwrap_or(0)).unwrap_or(0);
    let language = parts.next().unwrap_or(0);
    c.gw.accept_legal_terms(me.id, version, language)
        .await
        .or_rest(Op::General)?;
    Ok(json!({"status": true}))
}

/// `0`/`1` of the parameter `name`, absent or empty meaning "leave as is".
fn flag(c: &Ctx<'_>, name: &str) -> ActionResult<Option<bool>> {
    match input::scalar(c.params.post(name))?.map(str::trim) {
        None | Some("") => Ok(None),
        Some("0") => Ok(Some(false)),
        Some("1") => Ok(Some(true)),
        Some(s) => {
            let why = format!("'{s}' is neither 0 nor 1");
            Err(RestError::Literal(messages::invalid_value(name, &why)))
        }
    }
}

fn date(f: Field<'_>) -> ActionResult<Option<NaiveDateTime>> {
    match input::text(f)?.trim() {
        "" => Ok(None),
        s => input::strict_datetime(s)
            .map(Some)
            .ok_or(RestError::Key("InvalidDate")),
    }
}

pub const UPDATE_USER_PAUSE_TRAINING: Doc = Doc {
    summary: "Sets a user's training pause (admins, or the user itself); absent values are left as they are.",
    params: &[
        post("user_id", Ty::Int).req(),
        post("pause_formation", Ty::Flag),
        post("start_pause_date", Ty::DateTime),
        post("end_pause_date", Ty::DateTime),
        post("disable_emails", Ty::Flag),
    ],
    data: Shape::One(&Shape::Int),
    fails: &[
        Key("NoData"),
        Text("user_id is required"),
        Key("NotAllowed"),
        Text("Invalid <parameter>: '<value>' is neither 0 nor 1"),
        Key("InvalidDate"),
        Core(Op::PauseTraining),
    ],
};

/// Self or admin (the original checks nobody); the settings go into the plugin's user
/// extra fields.
pub async fn update_user_pause_training(c: &Ctx<'_>) -> ActionResult {
    let user_id = input::int(c.params.post("user_id"))?;
    if user_id <= 0 {
        return Err(RestError::Literal("user_id is required".into()));
    }
    c.caller.require_self_or_admin(user_id)?;
    let p = |n: &str| c.params.post(n);
    let settings = PauseTraining {
        pause: flag(c, "pause_formation")?,
        start: date(p("start_pause_date"))?,
        end: date(p("end_pause_date"))?,
        disable_emails: flag(c, "disable_emails")?,
    };
    c.gw.pause_training(user_id, settings)
        .await
        .or_rest(Op::PauseTraining)?;
    Ok(json!([user_id]))
}

/// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]`.
fn report_date(f: Field<'_>) -> ActionResult<()> {
    let s = input::required(f)?.trim();
    if input::strict_datetime(s).is_some()
        || chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
    {
        Ok(())
    } else {
        Err(RestError::Key("InvalidDate"))
    }
}

pub const USER_COURSES_BY_DATES: Doc = Doc {
    summary: "A user's courses with the tests visible and taken between two dates.",
    params: &[
        post("user_id", Ty::Int).req(),
        post("start_date", Ty::Date).req(),
        post("end_date", Ty::Date).req(),
    ],
    data: Shape::List(&Shape::Obj(&[
        always("course_code", Shape::Text),
        always("course_title", Shape::Text),
        always("visible_tests", Shape::List(&Shape::Text)),
        always("taken_tests", Shape::List(&Shape::Text)),
    ])),
    fails: &[Key("NoData"), Key("InvalidDate"), Core(Op::General)],
};

/// One entry per course of the user. The gateway keeps no exercises, so `visible_tests` and
/// `taken_tests` are empty lists until it does.
pub async fn user_courses_by_dates(c: &Ctx<'_>) -> ActionResult {
    let p = |n: &str| c.params.post(n);
    let user_id = input::int(p("user_id"))?;
    if user_id <= 0 {
        return Err(RestError::Key("NoData"));
    }
    report_date(p("start_date"))?;
    report_date(p("end_date"))?;
    c.gw.get_user(user_id).await.or_rest(Op::General)?;
    let mut list = Vec::new();
    for cu in c.gw.user_courses(user_id).await.or_rest(Op::General)? {
        let course = c.gw.get_course(cu.course_id).await.or_rest(Op::General)?;
        list.push(json!({
            "course_code": course.code,
            "course_title": course.title,
            "visible_tests": [],
            "taken_tests": [],
        }));
    }
    Ok(Value::Array(list))
}
