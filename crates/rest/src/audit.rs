//! The audit row of every authenticated call (`rest-v2.md` §1.10: `access_ws_<action>`, a
//! value type and a value per action, recorded before the action runs (B) or only after it
//! succeeded (A)), and the `get_audit_items` action that reads the trail of both protocols.

use chamilo_core::audit::{AuditEntry, AuditQuery, EventMatch, DEFAULT_LIMIT};
use serde_json::{json, Value};

use crate::dispatch::Ctx;
use crate::errors::{ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::params::{Field, Param};
use crate::php_json::to_php_json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// before the action runs (also when it then fails)
    Before,
    /// only once it succeeded
    After,
}

/// Where the recorded value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// the acting user's username
    Username,
    /// the `username` routing parameter (`authenticate`, which has no acting user yet)
    RoutingUsername,
    Post(&'static str),
    Request(&'static str),
    Get(&'static str),
    Query(&'static str),
    /// `<a>:<b>` of two request parameters
    Pair(&'static str, &'static str),
    /// the answer's `data`, as JSON
    Data,
    /// one member of the answer's `data`
    DataKey(&'static str),
    /// the `course` routing parameter
    Course,
    Literal(&'static str),
}

/// What an action's audit row records: a constant of its row in the action table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub when: When,
    pub value_type: &'static str,
    pub source: Source,
}

/// Recorded before the action runs (`rest-v2.md` §3 "Audit (B)").
pub const fn b(value_type: &'static str, source: Source) -> Plan {
    Plan {
        when: When::Before,
        value_type,
        source,
    }
}

/// Recorded only once the action succeeded (`rest-v2.md` §3 "Audit (A)").
pub const fn a(value_type: &'static str, source: Source) -> Plan {
    Plan {
        when: When::After,
        value_type,
        source,
    }
}

/// What an action records unless its row says otherwise.
pub const ACTING_USERNAME: Plan = b("username", Source::Username);

/// A parameter as text; an array as its scalar members joined with `,`.
fn field_text(f: Field<'_>) -> String {
    match f.param() {
        None => String::new(),
        Some(Param::Str(s)) => s.clone(),
        Some(Param::Array(arr)) => arr
            .values()
            .filter_map(Param::as_str)
            .collect::<Vec<_>>()
            .join(","),
    }
}

fn value_of(c: &Ctx<'_>, source: Source, data: Option<&Value>) -> String {
    match source {
        Source::Username => c
            .caller
            .user
            .as_ref()
            .map_or_else(String::new, |u| u.username.clone()),
        Source::RoutingUsername => c.routing.username.clone(),
        Source::Post(n) => field_text(c.params.post(n)),
        Source::Request(n) => field_text(c.params.request(n)),
        Source::Get(n) => field_text(c.params.get(n)),
        Source::Query(n) => field_text(c.params.query(n)),
        Source::Pair(x, y) => format!(
            "{}:{}",
            field_text(c.params.request(x)),
            field_text(c.params.request(y))
        ),
        Source::Data => data.map_or_else(String::new, to_php_json),
        Source::DataKey(k) => match data.and_then(|d| d.get(k)) {
            Some(Value::String(s)) => s.clone(),
            Some(v) => to_php_json(v),
            None => String::new(),
        },
        Source::Course => c.routing.course.to_string(),
        Source::Literal(s) => s.to_owned(),
    }
}

/// Writes the call's audit row. Never fails the request (the core logs a failed write).
pub async fn record(c: &Ctx<'_>, action: &str, plan: &Plan, data: Option<&Value>) {
    let value = value_of(c, plan.source, data);
    let user_id = match &c.caller.user {
        Some(u) => u.id,
        // `authenticate`: the acting user is the one who just logged in
        None => match c.gw.find_user_by_username(&c.routing.username).await {
            Ok(Some(u)) => u.id,
            _ => 0,
        },
    };
    c.gw.record_audit(AuditEntry {
        user_id,
        course_id: c.caller.course.as_ref().map_or(0, |x| x.id),
        session_id: c.caller.session.as_ref().map_or(0, |x| x.id),
        action,
        value_type: plan.value_type,
        value: &value,
    })
    .await;
}

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

/// An optional non-negative integer filter; anything else is `NoData`.
fn id_filter(f: Field<'_>) -> ActionResult<Option<i64>> {
    match input::scalar(f)?.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or(RestError::Key("NoData")),
    }
}

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
    let offset = id_filter(p("offset"))?.unwrap_or(0);
    let limit = match id_filter(p("limit"))? {
        None | Some(0) => DEFAULT_LIMIT,
        Some(n) => n.unsigned_abs(),
    };
    let rows =
        c.gw.audit_items(AuditQuery {
            event_type,
            user_id: id_filter(p("user_id"))?,
            course_id: id_filter(p("c_id"))?,
            session_id: id_filter(p("session_id"))?,
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
                    "default_date": crate::shapes::datetime(&r.date),
                    "default_event_type": r.event_type,
                    "default_value_type": r.value_type,
                    "default_value": r.value,
                    "session_id": r.session_id.to_string(),
                })
            })
            .collect(),
    ))
}
