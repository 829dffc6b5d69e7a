//! WSRegistration's listings (§4.8). WSListCourses takes both call shapes (Q20): build A's
//! struct {secret_key, original_course_id_name, from, to}, or build B's bare key as the first
//! part (then no external ids are listed). Courses of the default campus, hidden ones (4) left
//! out; `from` is an offset, `to` a row cap (0: none) (DECISIONS).

use chamilo_core::courses::{visibility, CourseFilter, CourseListing};
use chamilo_core::urls::DEFAULT_URL_ID;

use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::errors::Family;
use crate::fields::Fields;

use super::user::params;

pub async fn list_courses(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let (field, from, to) = match p {
        Value::Struct(_) => (
            p.given("original_course_id_name"),
            p.int("from").max(0),
            p.int("to").max(0),
        ),
        // build B: the bare key; nothing else reaches the operation
        _ => (None, 0, 0),
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
        offset: usize::try_from(from).unwrap_or(usize::MAX),
        limit: (to > 0).then(|| usize::try_from(to).unwrap_or(usize::MAX)),
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
