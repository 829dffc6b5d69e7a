//! `get_audit_items` (admin): the audit trail of both protocols (the rows
//! [`crate::audit`] and the SOAP adapter write), in time order.

use chamilo_core::audit::{AuditQuery, EventMatch, DEFAULT_LIMIT};
use serde_json::{json, Value};

use crate::action_doc::{always, request, Core, Doc, Input, Key, Shape, Text, Ty};
use crate::ctx::Ctx;
use crate::errors::{ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::messages;
use crate::params::Field;
use crate::shapes;

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`; a date alone is midnight, or
/// the day's last second for an upper bound.
fn bound(f: Field<'_>, upper: bool) -> ActionResult<Option<chrono::NaiveDateTime>> {
    let s = input::text(f)?.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(d) = input::strict_datetime(s) {
        return Ok(Some(d));
    }
    let day = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| RestError::Key("InvalidDate"))?;
    let time = if upper {
        chrono::NaiveTime::from_hms_opt(23, 59, 59)
    } else {
        chrono::NaiveTime::from_hms_opt(0, 0, 0)
    };
    Ok(time.map(|t| day.and_time(t)))
}

/// An optional non-negative integer filter named `name`; anything else is refused by name.
fn id_filter(c: &Ctx<'_>, name: &str) -> ActionResult<Option<i64>> {
    match input::scalar(c.params.request(name))?.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or_else(|| {
                let why = format!("'{s}' is not a number from 0 up");
                RestError::Literal(messages::invalid_value(name, &why))
            }),
    }
}

/// An optional id filter.
const fn filter(name: &'static str) -> Input {
    request(name, Ty::Int).about("a number from 0 up")
}

pub const GET_AUDIT_ITEMS: Doc = Doc {
    summary: "The audit trail of both protocols (track_e_default rows), in time order.",
    params: &[
        request("event_type", Ty::Text)
            .req()
            .about("an event type; ending in * every type starting with the rest (access_ws_* is the web-service timeline)"),
        filter("user_id"),
        filter("c_id"),
        filter("session_id"),
        request("after_date", Ty::Date),
        request("before_date", Ty::Date),
        filter("offset"),
        filter("limit"),
    ],
    data: Shape::List(&Shape::Obj(&[
        always("default_id", Shape::IntText),
        always("default_user_id", Shape::IntText),
        always("c_id", Shape::IntText),
        always("default_date", Shape::DateTime),
        always("default_event_type", Shape::Text),
        always("default_value_type", Shape::Text),
        always("default_value", Shape::Text),
        always("session_id", Shape::IntText),
    ])),
    fails: &[
        Key("NoData"),
        Text("event_type is required"),
        Text("Invalid <parameter>: '<value>' is not a number from 0 up"),
        Key("InvalidDate"),
        Core(Op::General),
    ],
};

/// `get_audit_items` (admin): the trail of both protocols in time order. `event_type` is
/// required (1.11.28's literal message otherwise); a value ending in `*` selects every type
/// starting with the rest (`access_ws_*` is the whole web-service timeline).
pub async fn get_audit_items(c: &Ctx<'_>) -> ActionResult {
    let p = |n: &str| c.params.request(n);
    let event_type = input::text(p("event_type"))?.trim();
    if event_type.is_empty() {
        return Err(RestError::Literal("event_type is required".into()));
    }
    let event_type = match event_type.strip_suffix('*') {
        Some(prefix) => EventMatch::Prefix(prefix.to_owned()),
        None => EventMatch::Exact(event_type.to_owned()),
    };
    let offset = id_filter(c, "offset")?.unwrap_or(0);
    let limit = match id_filter(c, "limit")? {
        None | Some(0) => DEFAULT_LIMIT,
        Some(n) => n.unsigned_abs(),
    };
    let rows =
        c.gw.audit_items(AuditQuery {
            event_type,
            user_id: id_filter(c, "user_id")?,
            course_id: id_filter(c, "c_id")?,
            session_id: id_filter(c, "session_id")?,
            after: bound(p("after_date"), false)?,
            before: bound(p("before_date"), true)?,
            offset: offset.unsigned_abs(),
            limit,
        })
        .await
        .or_rest(Op::General)?;
    Ok(Value::Array(
        rows.into_iter()
            .map(|r| {
                json!({
                    "default_id": r.id.to_string(),
                    "default_user_id": r.user_id.to_string(),
                    "c_id": r.course_id.to_string(),
                    "default_date": shapes::datetime(&r.date),
                    "default_event_type": r.event_type,
                    "default_value_type": r.value_type,
                    "default_value": r.value,
                    "session_id": r.session_id.to_string(),
                })
            })
            .collect(),
    ))
}
