//! WSSession: create, edit, delete sessions; users, courses and course coaches in them.
//! Subscribing adds and never removes anyone else (Q-S2/Q-S4 fixed).
//! Each `pub async fn` is the operation of its name; errors map with the row's family.

use chamilo_core::sessions::{coach_window, parse_session_date, NewSession, SessionPatch};
use chamilo_core::{CoreResult, ItemRef, ItemType};
use chrono::{NaiveDateTime, NaiveTime};

use crate::call::{Call, Outcome};
use crate::codec::Typed;
use crate::fields::{external_id, to_i32, Fields};

pub async fn create_session(call: &Call<'_>) -> Outcome {
    let id = create(call).await.map_err(|e| call.fail(e))?;
    Ok(Some(Typed::Int(id)))
}

pub async fn edit_session(call: &Call<'_>) -> Outcome {
    void(call, edit(call).await)
}

pub async fn delete_session(call: &Call<'_>) -> Outcome {
    void(call, delete(call).await)
}

pub async fn subscribe_user_to_session(call: &Call<'_>) -> Outcome {
    void(call, user(call, true).await)
}

pub async fn unsubscribe_user_from_session(call: &Call<'_>) -> Outcome {
    void(call, user(call, false).await)
}

pub async fn subscribe_teacher_to_session_course(call: &Call<'_>) -> Outcome {
    void(call, teacher(call, true).await)
}

pub async fn unsubscribe_teacher_from_session_course(call: &Call<'_>) -> Outcome {
    void(call, teacher(call, false).await)
}

pub async fn subscribe_course_to_session(call: &Call<'_>) -> Outcome {
    void(call, course(call, true).await)
}

pub async fn unsubscribe_course_from_session(call: &Call<'_>) -> Outcome {
    void(call, course(call, false).await)
}

/// The answer of an operation that returns nothing.
fn void(call: &Call<'_>, res: CoreResult<()>) -> Outcome {
    res.map_err(|e| call.fail(e))?;
    Ok(None)
}

/// The record the `<prefix>_id_field_name` / `<prefix>_id_value` parts name.
fn reference(call: &Call<'_>, item_type: ItemType, prefix: &str) -> ItemRef {
    call.parts.reference(
        item_type,
        &format!("{prefix}_id_field_name"),
        &format!("{prefix}_id_value"),
    )
}

/// Access, display and coach dates of a session (Q-S5): `YYYY-MM-DD` or with a time; a
/// date-only end lasts the whole day; the coach may enter `nb_days_access_before` days
/// early and stay `nb_days_access_after` days late; `nolimit = 1` means no dates at all.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Dates {
    pub start: Option<NaiveDateTime>,
    pub end: Option<NaiveDateTime>,
    pub coach_start: Option<NaiveDateTime>,
    pub coach_end: Option<NaiveDateTime>,
}

pub(crate) fn dates(f: &impl Fields) -> CoreResult<Dates> {
    if f.int("nolimit") == 1 {
        return Ok(Dates::default());
    }
    let start = parse_session_date("start_date", &f.text("start_date"))?;
    let end_raw = f.text("end_date");
    let mut end = parse_session_date("end_date", &end_raw)?;
    if end_raw.trim().len() == "YYYY-MM-DD".len() {
        end = end.map(|d| {
            d.date()
                .and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid"))
        });
    }
    let (coach_start, coach_end) = coach_window(
        start,
        end,
        f.int("nb_days_access_before"),
        f.int("nb_days_access_after"),
    );
    Ok(Dates {
        start,
        end,
        coach_start,
        coach_end,
    })
}

async fn create(call: &Call<'_>) -> CoreResult<i64> {
    let p = &call.parts;
    let coach = reference(call, ItemType::User, "user");
    let new = dates(p).map(|d| {
        let mut new = NewSession::named(&p.text("name"));
        let s = &mut new.session;
        s.visibility = to_i32(p.int("visibility"));
        s.access_start_date = d.start;
        s.access_end_date = d.end;
        s.display_start_date = d.start;
        s.display_end_date = d.end;
        s.coach_access_start_date = d.coach_start;
        s.coach_access_end_date = d.coach_end;
        new.external_id = external_id(
            p,
            "session_id_field_name",
            "session_id_value",
            ItemType::Session,
        );
        new.extras = p.extras();
        new
    });
    // the coach is looked up before the dates are judged, as the original
    call.gateway.create_session_as_read(Some(coach), new).await
}

/// EditSession rewrites the session as CreateSession describes it (category reset), then
/// its extras; the id pair only finds it (Q-S1: failures are reported).
async fn edit(call: &Call<'_>) -> CoreResult<()> {
    let p = &call.parts;
    let session = reference(call, ItemType::Session, "session");
    let coach = reference(call, ItemType::User, "user");
    let patch = dates(p).map(|d| SessionPatch {
        name: Some(p.text("name")),
        access_start_date: Some(d.start),
        access_end_date: Some(d.end),
        display_start_date: Some(d.start),
        display_end_date: Some(d.end),
        coach_access_start_date: Some(d.coach_start),
        coach_access_end_date: Some(d.coach_end),
        visibility: Some(to_i32(p.int("visibility"))),
        session_category_id: Some(None),
        extras: p.extras(),
        ..SessionPatch::default()
    });
    // the session, then the coach are looked up before the dates are judged, as the original
    call.gateway
        .edit_session_as_read(session, Some(coach), patch)
        .await
}

async fn delete(call: &Call<'_>) -> CoreResult<()> {
    let session = reference(call, ItemType::Session, "session");
    call.gateway.delete_session(session).await
}

async fn user(call: &Call<'_>, subscribe: bool) -> CoreResult<()> {
    let session = reference(call, ItemType::Session, "session");
    let user = reference(call, ItemType::User, "user");
    if subscribe {
        call.gateway.subscribe_user_to_session(session, user).await
    } else {
        // not being subscribed is no error, as in the original
        call.gateway
            .unsubscribe_user_from_session(session, user)
            .await
            .map(|_| ())
    }
}

/// The core looks the session up first, then the user, then the course.
async fn teacher(call: &Call<'_>, subscribe: bool) -> CoreResult<()> {
    let session = reference(call, ItemType::Session, "session");
    let user = reference(call, ItemType::User, "user");
    let course = reference(call, ItemType::Course, "course");
    if subscribe {
        call.gateway
            .add_session_course_coach(session, course, user)
            .await
    } else {
        call.gateway
            .remove_session_course_coach(session, course, user)
            .await
    }
}

async fn course(call: &Call<'_>, subscribe: bool) -> CoreResult<()> {
    let session = reference(call, ItemType::Session, "session");
    let course = reference(call, ItemType::Course, "course");
    if subscribe {
        call.gateway.add_course_to_session(session, course).await
    } else {
        call.gateway
            .remove_course_from_session(session, course)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Value;

    fn item(members: &[(&str, &str)]) -> Value {
        Value::Struct(
            members
                .iter()
                .map(|(k, v)| ((*k).into(), Value::Str((*v).into())))
                .collect(),
        )
    }

    fn at(s: &str) -> Option<NaiveDateTime> {
        Some(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap())
    }

    #[test]
    fn date_only_and_coach_window() {
        let d = dates(&item(&[
            ("start_date", "2024-03-01"),
            ("end_date", "2024-03-31"),
            ("nb_days_access_before", "2"),
            ("nb_days_access_after", "5"),
        ]))
        .unwrap();
        assert_eq!(d.start, at("2024-03-01 00:00:00"));
        assert_eq!(d.end, at("2024-03-31 23:59:59"));
        assert_eq!(d.coach_start, at("2024-02-28 00:00:00"));
        assert_eq!(d.coach_end, at("2024-04-05 23:59:59"));
    }

    #[test]
    fn times_nolimit_and_bad_dates() {
        let d = dates(&item(&[
            ("start_date", "2024-03-01 08:30"),
            ("end_date", "2024-03-02 17:00:00"),
        ]))
        .unwrap();
        assert_eq!(d.end, at("2024-03-02 17:00:00"));
        assert_eq!(d.coach_start, d.start);
        let none = dates(&item(&[("start_date", "2024-03-01"), ("nolimit", "1")])).unwrap();
        assert_eq!(none, Dates::default());
        assert!(dates(&item(&[("start_date", "March")])).is_err());
    }
}
