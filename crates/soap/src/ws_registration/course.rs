//! WSRegistration's course enrolments by external ids (§4.6). Results are `xsd:int` here (Q7).

use chamilo_core::courses::{CoursePatch, CourseRemoval};
use chamilo_core::{CoreError, CoreResult, ItemRef, ItemType};
use chamilo_edge::php::truthy;

use super::rows::Rows;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::errors::Family;
use crate::fields::Fields;

use super::outcome::{done, one_or_zero};
use super::user::{params, user_ref};

/// The course an `original_course_id_name` / `original_course_id_value` pair names.
pub(super) fn course_ref(p: &Value) -> ItemRef {
    p.reference(
        ItemType::Course,
        "original_course_id_name",
        "original_course_id_value",
    )
}

/// WSDeleteCourse: closes each course (visibility 0, the original's soft delete); `1` done,
/// `0` unknown or already closed (Q13: success reports `1`).
pub async fn delete_course(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_deleteCourse");
    for item in params(call).list("courses") {
        let res = call
            .gateway
            .remove_course(course_ref(item), CourseRemoval::Close)
            .await;
        let result = one_or_zero(call, res)?;
        rows.push(vec![
            (
                "original_course_id_value",
                Typed::Str(item.text("original_course_id_value")),
            ),
            ("result", result),
        ]);
    }
    Ok(rows.finish())
}

/// `1` when the core did it; `0` for an unknown user or course or a refusal (already
/// subscribed), as `xsd:int` here (Q7).
fn int_result<T>(call: &Call<'_>, res: CoreResult<T>) -> Result<Typed, crate::errors::Fault> {
    Ok(Typed::Int(i64::from(done(call, res)?)))
}

/// One `subscribeUserToCourse_return` row per `userscourses` item, in input order: status 0
/// or none is a student (5); course visibility is not checked (§4.6, 23).
pub async fn subscribe_user_to_course(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:subscribeUserToCourse_return");
    for item in params(call).list("userscourses") {
        let user = item.field("user_id").unwrap_or(&Value::Nil);
        let course = item.field("course_id").unwrap_or(&Value::Nil);
        let status = match i32::try_from(item.int("status")).unwrap_or(0) {
            0 => chamilo_core::subscriptions::course_status::STUDENT,
            s => s,
        };
        let res = call
            .gateway
            .subscribe_user_to_course(course_ref(course), user_ref(user), status)
            .await;
        rows.push(vec![
            (
                "original_user_id_value",
                Typed::Str(user.text("original_user_id_value")),
            ),
            (
                "original_course_id_value",
                Typed::Str(course.text("original_course_id_value")),
            ),
            ("result", int_result(call, res)?),
        ]);
    }
    Ok(rows.finish())
}

/// `unSubscribeUserToCourseSimple_return` {user value, course value, result}: `1` once the user
/// is out of the course (whether or not it was in), `0` for an unknown user or course (§4.6, 26).
pub async fn unsubscribe_user_from_course_simple(call: &Call<'_>) -> Outcome {
    let p = params(call);
    let res = call
        .gateway
        .unsubscribe_user_from_course(course_ref(p), user_ref(p))
        .await
        .map(|_| ());
    Ok(Some(Typed::Struct {
        type_name: "tns:unSubscribeUserToCourseSimple_return",
        members: vec![
            (
                "original_user_id_value",
                Typed::Str(p.text("original_user_id_value")),
            ),
            (
                "original_course_id_value",
                Typed::Str(p.text("original_course_id_value")),
            ),
            ("result", int_result(call, res)?),
        ],
    }))
}

/// WSEditCourse (§4.4, 16): a row per item, `1` edited, `0` for an unknown course (a closed
/// one can be edited, and so reopened). Every described value is written: title, category,
/// departments, language, visibility, subscription flags, the visual code (from the title when
/// empty), the disk quota in MB (100 when empty), the tutor name of `tutor_id` when that user
/// is a teacher (else empty); extras only for fields that exist.
pub async fn edit_course(call: &Call<'_>) -> Outcome {
    let mut rows = Rows::new("tns:result_editCourse");
    for item in params(call).list("courses") {
        let tutor_name = tutor_name(call, item).await?;
        let res = call
            .gateway
            .edit_course(course_ref(item), course_patch(item, tutor_name))
            .await;
        let result = one_or_zero(call, res)?;
        rows.push(vec![
            (
                "original_course_id_value",
                Typed::Str(item.text("original_course_id_value")),
            ),
            ("result", result),
        ]);
    }
    Ok(rows.finish())
}

/// Lastname and firstname, unseparated, of the `tutor_id` user when a teacher; else empty.
async fn tutor_name(call: &Call<'_>, item: &Value) -> Result<String, crate::errors::Fault> {
    let id = chamilo_edge::php::intval(&item.text("tutor_id"));
    if id <= 0 {
        return Ok(String::new());
    }
    match call.gateway.get_user(id).await {
        Ok(u) if u.status == chamilo_core::users::status::COURSE_MANAGER => {
            Ok(format!("{}{}", u.lastname, u.firstname))
        }
        Ok(_) | Err(CoreError::NotFound(_)) => Ok(String::new()),
        Err(e) => Err(call.fail_as(Family::Plain, e)),
    }
}

fn course_patch(item: &Value, tutor_name: String) -> CoursePatch {
    let title = item.text("title");
    let visual_code = item
        .given("visual_code")
        .unwrap_or_else(|| chamilo_core::courses::code_from_title(&title));
    let quota_mb = match item.int("disk_quota") {
        n if n > 0 => n,
        _ => 100,
    };
    CoursePatch {
        title: Some(title),
        category_code: Some(item.text("category_code")),
        department_name: Some(item.text("department_name")),
        department_url: Some(item.text("department_url")),
        course_language: Some(item.text("course_language")),
        visibility: Some(crate::fields::to_i32(item.int("visibility"))),
        subscribe: Some(truthy(&item.text("subscribe"))),
        unsubscribe: Some(truthy(&item.text("unsubscribe"))),
        visual_code: Some(visual_code),
        tutor_name: Some(tutor_name),
        disk_quota: Some(quota_mb.saturating_mul(1024 * 1024)),
        extras: item.extras_in("extra"),
        extras_existing_only: true,
    }
}
