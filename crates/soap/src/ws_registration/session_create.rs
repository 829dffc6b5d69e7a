//! WSCreateSession (§4.5, 20): sessions from day, month and year parts. One row per item: the
//! new session's id, or `0` (the external id is taken, no name, no coach, dates that are no
//! dates or do not follow each other, a name in use).

use chamilo_core::sessions::NewSession;
use chamilo_core::{CoreError, CoreResult, EmptyExternalValue, ExternalRef, ItemRef, ItemType};
use chamilo_edge::php::intval;
use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::errors::Family;
use crate::fields::Fields;

use super::user::params;

/// PHP's `empty()` of a string: empty or `"0"`.
fn php_empty(s: &str) -> bool {
    s.is_empty() || s == "0"
}

/// The day the `year_*`, `month_*`, `day_*` parts name, at `h:m:s`.
fn day(p: &Value, which: &str, (h, m, s): (u32, u32, u32)) -> CoreResult<NaiveDateTime> {
    let part = |name: &str| intval(&p.text(&format!("{name}_{which}")));
    let (y, mo, d) = (part("year"), part("month"), part("day"));
    let date = i32::try_from(y)
        .ok()
        .zip(u32::try_from(mo).ok())
        .zip(u32::try_from(d).ok())
        .and_then(|((y, mo), d)| NaiveDate::from_ymd_opt(y, mo, d));
    date.and_then(|d| d.and_hms_opt(h, m, s))
        .ok_or_else(|| CoreError::invalid("date", format!("no {which} date {y}-{mo}-{d}")))
}

/// The session an item describes (its coach is passed apart, by Chamilo id).
fn new_session(p: &Value) -> CoreResult<NewSession> {
    let mut new = NewSession::named(&p.text("name"));
    if !php_empty(&p.text("nolimit")) {
        // no dates at all
    } else {
        let start = day(p, "start", (0, 0, 0))?;
        let end = day(p, "end", (23, 59, 59))?;
        if start >= end {
            return Err(CoreError::invalid(
                "date",
                "the start is not before the end",
            ));
        }
        let days = |name: &str| Duration::days(intval(&p.text(name)).clamp(0, 36_500));
        let s = &mut new.session;
        (s.access_start_date, s.access_end_date) = (Some(start), Some(end));
        (s.display_start_date, s.display_end_date) = (Some(start), Some(end));
        s.coach_access_start_date = Some(start - days("nb_days_access_before"));
        s.coach_access_end_date = Some(end + days("nb_days_access_after"));
    }
    new.session.duration = p
        .given("duration")
        .and_then(|d| i32::try_from(intval(&d)).ok());
    new.external_id = ExternalRef::given(
        ItemType::Session,
        p.text("original_session_id_name"),
        p.text("original_session_id_value"),
        EmptyExternalValue::Refuse,
    );
    new.extras = p
        .list("extra")
        .into_iter()
        .map(|e| (e.text("field_name"), e.text("field_value")))
        .filter(|(name, _)| !name.trim().is_empty())
        .collect();
    Ok(new)
}

pub async fn create_session(call: &Call<'_>) -> Outcome {
    let mut rows = Vec::new();
    for item in params(call).list("sessions") {
        let coach = ItemRef::Id(intval(&item.text("user_id")));
        let res = call
            .gateway
            .create_session_as_read(Some(coach), new_session(item))
            .await;
        let result = match res {
            Ok(id) => id.to_string(),
            Err(e @ CoreError::Storage(_)) => return Err(call.fail_as(Family::Plain, e)),
            Err(e) => {
                crate::errors::log(call.op, &e);
                "0".into()
            }
        };
        rows.push(Typed::Struct {
            type_name: "tns:result_createSession",
            members: vec![
                (
                    "original_session_id_value",
                    Typed::Str(item.text("original_session_id_value")),
                ),
                ("result", Typed::Str(result)),
            ],
        });
    }
    Ok(Some(Typed::Array {
        item_type: "tns:result_createSession",
        items: rows,
    }))
}
