//! WSCreateSession and WSEditSession (§4.5, 20-21): sessions from day, month and year parts.
//! One row per item: the new session's id (create) or `1` (edit), or `0` (the external id is
//! taken or unknown, no name, no coach, dates that are no dates or do not follow each other, a
//! name in use).

use chamilo_core::sessions::{coach_window, NewSession, SessionPatch};
use chamilo_core::{CoreError, CoreResult, EmptyExternalValue, ExternalRef, ItemRef, ItemType};
use chamilo_edge::php::{intval, truthy};
use chrono::{NaiveDate, NaiveDateTime};

use super::rows::Rows;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::fields::Fields;

use super::outcome::{one_or_zero, refusal};
use super::user::params;

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

/// An item's dates: (start, end, coach start, coach end), all none under `nolimit`.
type Dates = [Option<NaiveDateTime>; 4];

/// The dates an item's parts give: start of the first day, end of the last, the coach's window
/// `nb_days_access_before` / `_after` days wider; none at all when `nolimit` is set.
fn dates(p: &Value) -> CoreResult<Dates> {
    if truthy(&p.text("nolimit")) {
        return Ok([None; 4]);
    }
    let start = day(p, "start", (0, 0, 0))?;
    let end = day(p, "end", (23, 59, 59))?;
    if start >= end {
        return Err(CoreError::invalid(
            "date",
            "the start is not before the end",
        ));
    }
    let (coach_start, coach_end) = coach_window(
        Some(start),
        Some(end),
        intval(&p.text("nb_days_access_before")),
        intval(&p.text("nb_days_access_after")),
    );
    Ok([Some(start), Some(end), coach_start, coach_end])
}

fn duration(p: &Value) -> Option<i32> {
    p.given("duration")
        .and_then(|d| i32::try_from(intval(&d)).ok())
}

/// The session an item describes (its coach is passed apart, by Chamilo id).
fn new_session(p: &Value) -> CoreResult<NewSession> {
    let mut new = NewSession::named(&p.text("name"));
    let [start, end, coach_start, coach_end] = dates(p)?;
    let s = &mut new.session;
    (s.access_start_date, s.access_end_date) = (start, end);
    (s.display_start_date, s.display_end_date) = (start, end);
    (s.coach_access_start_date, s.coach_access_end_date) = (coach_start, coach_end);
    new.session.duration = duration(p);
    new.external_id = ExternalRef::given(
        ItemType::Session,
        p.text("original_session_id_name"),
        p.text("original_session_id_value"),
        EmptyExternalValue::Refuse,
    );
    new.extras = p.extras_in("extra");
    Ok(new)
}

/// What an `editSessionParams` item changes: name, dates, coach dates, duration; the category,
/// visibility and description stay; extras only for fields that exist.
fn session_patch(p: &Value) -> CoreResult<SessionPatch> {
    let [start, end, coach_start, coach_end] = dates(p)?;
    Ok(SessionPatch {
        name: Some(p.text("name")),
        access_start_date: Some(start),
        access_end_date: Some(end),
        display_start_date: Some(start),
        display_end_date: Some(end),
        coach_access_start_date: Some(coach_start),
        coach_access_end_date: Some(coach_end),
        duration: Some(duration(p)),
        extras: p.extras_in("extra"),
        extras_existing_only: true,
        ..SessionPatch::default()
    })
}

/// WSEditSession (§4.5, 21): a row per item, `1` edited, `0` for an unknown session, no name,
/// no coach or bad dates.
pub async fn edit_session(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_editSession");
    for item in params(call).list("sessions") {
        let session = item.reference(
            ItemType::Session,
            "original_session_id_name",
            "original_session_id_value",
        );
        let coach = ItemRef::Id(intval(&item.text("user_id")));
        let res = call
            .gateway
            .edit_session_as_read(session, Some(coach), session_patch(item))
            .await;
        let result = one_or_zero(call, res)?;
        rows.push(vec![
            (
                "original_session_id_value",
                Typed::Str(item.text("original_session_id_value")),
            ),
            ("result", result),
        ]);
    }
    Ok(rows.finish())
}

pub async fn create_session(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_createSession");
    for item in params(call).list("sessions") {
        let coach = ItemRef::Id(intval(&item.text("user_id")));
        let res = call
            .gateway
            .create_session_as_read(Some(coach), new_session(item))
            .await;
        let result = match refusal(call, res)? {
            Ok(id) => id.to_string(),
            Err(_) => "0".into(),
        };
        rows.push(vec![
            (
                "original_session_id_value",
                Typed::Str(item.text("original_session_id_value")),
            ),
            ("result", Typed::Str(result)),
        ]);
    }
    Ok(rows.finish())
}
