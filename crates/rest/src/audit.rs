//! The audit row of every authenticated call (`rest-v2.md` §1.10: `access_ws_<action>`, a
//! value type and a value per action, recorded before the action runs (B) or only after it
//! succeeded (A)). Each action's [`Plan`] is a constant of its row in the action table; the
//! `get_audit_items` action that reads the trail lives in `audit_items`.

use chamilo_core::audit::AuditEntry;
use serde_json::Value;

use crate::ctx::Ctx;
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
