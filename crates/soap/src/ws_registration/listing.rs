//! WSRegistration's listings (§4.8). WSListCourses takes both call shapes (Q20): build A's
//! struct {secret_key, original_course_id_name, from, to}, or build B's bare key as the first
//! part (then no external ids are listed). Courses of the default campus, hidden ones (4) left
//! out; `from` is an offset, `to` a row cap (0: none) (DECISIONS). WSListSessions pages the
//! same way.

use chamilo_core::courses::{visibility, CourseFilter, CourseListing};
use chamilo_core::sessions::{parse_datetime, parse_upper_bound, SessionFilter, SessionListing};
use chamilo_core::urls::DEFAULT_URL_ID;
use chamilo_core::CoreResult;
use chrono::NaiveDateTime;

use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::errors::{Family, Fault};
use crate::fields::Fields;

use super::user::params;
use super::INVALID_INPUT;

/// `from` as an offset and `to` as a row cap (0: none), negative ones read as 0.
fn page(p: &Value) -> (usize, Option<usize>) {
    let (from, to) = (p.int("from").max(0), p.int("to").max(0));
    let size = |n: i64| usize::try_from(n).unwrap_or(usize::MAX);
    (size(from), (to > 0).then(|| size(to)))
}

/// A date as Chamilo writes it (`YYYY-MM-DD HH:MM:SS`), nil when there is none.
pub(super) fn datetime(d: Option<NaiveDateTime>) -> Typed {
    match d {
        Some(d) => Typed::Str(d.format("%Y-%m-%d %H:%M:%S").to_string()),
        None => Typed::Nil("xsd:string"),
    }
}

pub async fn list_courses(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let (field, (offset, limit)) = match p {
        Value::Struct(_) => (p.given("original_course_id_name"), page(p)),
        // build B: the bare key; nothing else reaches the operation
        _ => (None, (0, None)),
    };
    let listing = CourseListing {
        filter: CourseFilter {
            access_url_id: Some(DEFAULT_URL_ID),
            visibilities: Some(vec![
                visibility::CLOSED,
                visibility::REGISTERED,
                visibility::OPEN_PLATFORM,
                visibility::OPEN_WORLD,
            ]),
        },
        external_field: field,
        offset,
        limit,
    };
    let courses = call
        .gateway
        .list_courses_with(&listing)
        .await
        .map_err(|e| call.fail_as(Family::Plain, e))?;
    let items = courses
        .into_iter()
        .map(|c| Typed::Struct {
            type_name: "tns:course",
            members: vec![
                ("id", Typed::Int(c.course.id)),
                ("code", Typed::Str(c.course.code)),
                ("external_course_id", Typed::Str(c.external_id)),
                ("title", Typed::Str(c.course.title)),
                ("language", Typed::Str(c.course.course_language)),
                ("category_name", Typed::Str(c.course.category_code)),
                ("visibility", Typed::Int(c.course.visibility.into())),
                (
                    "number_students",
                    Typed::Int(i64::try_from(c.students).unwrap_or(i64::MAX)),
                ),
            ],
        })
        .collect();
    Ok(Some(Typed::Array {
        item_type: "tns:course",
        items,
    }))
}

/// The access bound `name` when given: `parse` reads it; a date that is not one is the
/// original's invalid-input fault.
fn bound(
    call: &Call<'_>,
    name: &'static str,
    parse: fn(&'static str, &str) -> CoreResult<NaiveDateTime>,
) -> Result<Option<NaiveDateTime>, Fault> {
    let Some(raw) = params(call).given(name) else {
        return Ok(None);
    };
    parse(name, &raw).map(Some).map_err(|e| {
        crate::errors::log(call.op, &e);
        INVALID_INPUT
    })
}

/// WSListSessions (part `input`): the default campus's sessions by id, `date_start` keeping
/// those whose access starts on or after it, `date_end` those whose access ends on or before
/// it (a date alone: that whole day), paged by `from` and `to` (DECISIONS: the filters apply,
/// sessions without courses are listed too). Rows {id, title, url of the session's page,
/// access dates (nil when none)}.
pub async fn list_sessions(call: &Call<'_>) -> Outcome {
    let (offset, limit) = page(params(call));
    let listing = SessionListing {
        filter: SessionFilter {
            access_url_id: Some(DEFAULT_URL_ID),
            access_starts_from: bound(call, "date_start", parse_datetime)?,
            access_ends_by: bound(call, "date_end", parse_upper_bound)?,
            text: None,
        },
        offset,
        limit,
    };
    let sessions = call
        .gateway
        .list_sessions_page(&listing)
        .await
        .map_err(|e| call.fail_as(Family::Plain, e))?;
    let items = sessions
        .into_iter()
        .map(|s| Typed::Struct {
            type_name: "tns:session",
            members: vec![
                ("id", Typed::Int(s.id)),
                ("title", Typed::Str(s.name)),
                (
                    "url",
                    Typed::Str(format!(
                        "{}/main/session/index.php?session_id={}",
                        call.base_url, s.id
                    )),
                ),
                ("date_start", datetime(s.access_start_date)),
                ("date_end", datetime(s.access_end_date)),
            ],
        })
        .collect();
    Ok(Some(Typed::Array {
        item_type: "tns:session",
        items,
    }))
}
