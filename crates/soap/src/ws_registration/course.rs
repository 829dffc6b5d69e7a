//! WSRegistration's course enrolments by external ids (§4.6). Results are `xsd:int` here (Q7).

use chamilo_core::courses::CourseRemoval;
use chamilo_core::{CoreError, CoreResult, ItemRef, ItemType};

use super::rows::Rows;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::errors::Family;
use crate::fields::Fields;

use super::user::{params, user_ref};

/// The course an `original_course_id_name` / `original_course_id_value` pair names.
fn course_ref(p: &Value) -> ItemRef {
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
        let result = match result(call, res)? {
            Typed::Int(n) => Typed::Str(n.to_string()),
            other => other,
        };
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
/// subscribed); a database failure is the call's fault.
fn result(call: &Call<'_>, res: CoreResult<()>) -> Result<Typed, crate::errors::Fault> {
    match res {
        Ok(()) => Ok(Typed::Int(1)),
        Err(e @ CoreError::Storage(_)) => Err(call.fail_as(Family::Plain, e)),
        Err(e) => {
            crate::errors::log(call.op, &e);
            Ok(Typed::Int(0))
        }
    }
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
            ("result", result(call, res)?),
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
            ("result", result(call, res)?),
        ],
    }))
}
