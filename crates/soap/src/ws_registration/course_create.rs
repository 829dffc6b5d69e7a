//! WSCreateCourse and WSCreateCourseByTitle (§4.4, 14-15): one row per item, in input order.
//! An external id that names an open course updates it (the core's `update_existing`); one that
//! names a closed course (the soft delete), a refused value or a failed creation answer `0`.
//! The new courses have no teacher: the original attributes them to user 1, which a gateway
//! need not have.

use chamilo_core::courses::{visibility, CreatedCourse, NewCourse, UpdateExisting};
use chamilo_core::{EmptyExternalValue, ExternalRef, ItemType};
use chamilo_edge::php::truthy;

use super::outcome::refusal;
use super::rows::Rows;
use super::user::params;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::fields::{to_i32, Fields};

/// A disk quota in MB as bytes; none when not a positive number (the default then, 100 MB:
/// PHP's SoapClient sends the member empty when the caller leaves it out).
pub(super) fn disk_quota_bytes(item: &Value) -> Option<i64> {
    Some(item.int("disk_quota"))
        .filter(|mb| *mb > 0)
        .map(|mb| mb.saturating_mul(1024 * 1024))
}

fn external_id(item: &Value) -> Option<ExternalRef> {
    ExternalRef::given(
        ItemType::Course,
        item.text("original_course_id_name"),
        item.text("original_course_id_value"),
        EmptyExternalValue::Refuse,
    )
}

/// The visibility an item asks for: `visibility` (read although the WSDL does not declare it)
/// when 1, 2 or 3; 0 cannot be asked for.
fn asked_visibility(item: &Value) -> Option<i32> {
    item.given_int("visibility")
        .filter(|v| (1..=3).contains(v))
        .map(to_i32)
}

/// WSCreateCourse's course: language `english` unless given, the default visibility unless
/// asked for, subscription flags when given. An update writes the language and visibility
/// only when given (Q17).
fn new_course(item: &Value) -> NewCourse {
    let language = item.given("course_language");
    let defaults = NewCourse::default();
    NewCourse {
        title: item.text("title"),
        wanted_code: item.text("wanted_code"),
        category_code: item.text("category_code"),
        tutor_name: item.text("tutor_name"),
        course_language: language.clone().unwrap_or_else(|| "english".into()),
        visibility: asked_visibility(item).unwrap_or(defaults.visibility),
        disk_quota: disk_quota_bytes(item).unwrap_or(defaults.disk_quota),
        subscribe: item
            .given("subscribe")
            .map_or(defaults.subscribe, |v| truthy(&v)),
        unsubscribe: item
            .given("unsubscribe")
            .map_or(defaults.unsubscribe, |v| truthy(&v)),
        external_id: external_id(item),
        extras: item.extras_in("extra"),
        update_existing: Some(UpdateExisting {
            visibility: asked_visibility(item),
            course_language: language,
        }),
        ..defaults
    }
}

/// WSCreateCourseByTitle's course: the code from the title, refused when taken; category
/// `LANG`; language `spanish` unless given (read although the WSDL does not declare it); the
/// tutor the platform admin when none is given. An update sets visibility 3 and keeps the
/// language unless one is given.
fn new_course_by_title(item: &Value) -> NewCourse {
    let language = item.given("course_language");
    NewCourse {
        title: item.text("title"),
        category_code: "LANG".into(),
        tutor_name: item.text("tutor_name"),
        tutor_defaults_to_admin: true,
        refuse_taken_code: true,
        course_language: language.clone().unwrap_or_else(|| "spanish".into()),
        external_id: external_id(item),
        extras: item.extras_in("extra"),
        update_existing: Some(UpdateExisting {
            visibility: Some(visibility::OPEN_WORLD),
            course_language: language,
        }),
        ..NewCourse::default()
    }
}

/// One `{original_course_id_value, result}` row per `courses` item: `answer` of the created or
/// updated course, `0` when refused.
async fn create_each(
    call: &Call<'_>,
    row_type: &'static str,
    course: fn(&Value) -> NewCourse,
    answer: fn(CreatedCourse) -> String,
) -> Outcome {
    let mut rows = Rows::new(row_type);
    for item in params(call).list("courses") {
        let res = call.gateway.create_course(course(item)).await;
        let result = refusal(call, res)?.map_or_else(|_| "0".into(), answer);
        rows.push(vec![
            (
                "original_course_id_value",
                Typed::Str(item.text("original_course_id_value")),
            ),
            ("result", Typed::Str(result)),
        ]);
    }
    Ok(rows.finish())
}

/// Answers the course code, created or updated.
pub async fn create_course(call: &Call<'_>) -> Outcome {
    create_each(call, "tns:result_createCourse", new_course, |c| c.code).await
}

/// Answers the new course's code, or the updated course's numeric id (Q8, reproduced).
pub async fn create_course_by_title(call: &Call<'_>) -> Outcome {
    let answer = |c: CreatedCourse| {
        if c.updated {
            c.id.to_string()
        } else {
            c.code
        }
    };
    create_each(
        call,
        "tns:result_createCourseByTitle",
        new_course_by_title,
        answer,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(members: &[(&str, &str)]) -> Value {
        Value::Struct(
            members
                .iter()
                .map(|(k, v)| ((*k).into(), Value::Str((*v).into())))
                .collect::<Vec<(std::sync::Arc<str>, Value)>>()
                .into(),
        )
    }

    #[test]
    fn empty_members_take_the_defaults() {
        let new = new_course(&item(&[
            ("title", "Physics"),
            ("disk_quota", ""),
            ("visibility", "0"),
            ("subscribe", ""),
            ("course_language", ""),
        ]));
        assert_eq!(new.disk_quota, 100 * 1024 * 1024);
        assert_eq!(new.visibility, visibility::OPEN_PLATFORM);
        assert!(new.subscribe && !new.unsubscribe);
        assert_eq!(new.course_language, "english");
        let update = new.update_existing.unwrap();
        assert_eq!((update.visibility, update.course_language), (None, None));
    }

    #[test]
    fn given_members_are_used() {
        let new = new_course(&item(&[
            ("disk_quota", "7"),
            ("visibility", "3"),
            ("subscribe", "0"),
            ("unsubscribe", "1"),
            ("course_language", "french"),
        ]));
        assert_eq!(new.disk_quota, 7 * 1024 * 1024);
        assert_eq!(new.visibility, 3);
        assert!(!new.subscribe && new.unsubscribe);
        let update = new.update_existing.unwrap();
        assert_eq!(update.visibility, Some(3));
        assert_eq!(update.course_language.as_deref(), Some("french"));
        assert_eq!(asked_visibility(&item(&[("visibility", "4")])), None);
    }

    #[test]
    fn by_title_defaults() {
        let new = new_course_by_title(&item(&[("title", "Física")]));
        assert_eq!(new.category_code, "LANG");
        assert_eq!(new.course_language, "spanish");
        assert!(new.tutor_defaults_to_admin && new.refuse_taken_code);
        assert_eq!(new.wanted_code, "", "the code comes from the title");
        let update = new.update_existing.unwrap();
        assert_eq!(update.visibility, Some(visibility::OPEN_WORLD));
        assert_eq!(update.course_language, None);
    }
}
