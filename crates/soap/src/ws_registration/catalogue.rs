//! WSRegistration's per-user course catalogue rules (§4.10): users and courses by their
//! external id pairs; one `registerUserToCourseCatalogue_return` row per item, in input order
//! (Q14), echoing the values and `visible`, `result` 1 done or 0 (unknown user or course, a
//! `visible` that is neither 0 nor 1).

use chamilo_core::CoreResult;

use super::course::{course_ref, int_result};
use super::rows::Rows;
use super::user::{params, user_ref};
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::fields::{to_i32, Fields};

/// Which rule operation the items go through.
#[derive(Clone, Copy)]
enum Change {
    Add,
    Remove,
}

async fn apply(call: &Call<'_>, change: Change) -> Outcome {
    let mut rows = Rows::new("tns:registerUserToCourseCatalogue_return");
    for item in params(call).list("userscourses") {
        let user = item.field("user_id").unwrap_or(&Value::Nil);
        let course = item.field("course_id").unwrap_or(&Value::Nil);
        // none given is 0 (hidden), as the original's (int) cast makes it
        let visible = to_i32(item.int("visible"));
        let gw = call.gateway;
        let res: CoreResult<()> = match change {
            Change::Add => {
                gw.set_catalogue_visibility(user_ref(user), course_ref(course), visible)
                    .await
            }
            Change::Remove => gw
                .remove_catalogue_visibility(user_ref(user), course_ref(course), visible)
                .await
                .map(|_| ()),
        };
        rows.push(vec![
            (
                "original_user_id_value",
                Typed::Str(user.text("original_user_id_value")),
            ),
            (
                "original_course_id_value",
                Typed::Str(course.text("original_course_id_value")),
            ),
            ("visible", Typed::Int(i64::from(visible))),
            ("result", int_result(call, res)?),
        ]);
    }
    Ok(rows.finish())
}

/// WSAddUserVisibilityToCourseInCatalogue: the user's rule for the course becomes `visible`
/// (1 shown, 0 hidden; one rule per user and course, the last one set wins).
pub async fn add_user_visibility(call: &Call<'_>) -> Outcome {
    apply(call, Change::Add).await
}

/// WSRemoveUserVisibilityToCourseInCatalogue: the user's rule for the course goes when it is
/// `visible`'s; `1` also when there was none.
pub async fn remove_user_visibility(call: &Call<'_>) -> Outcome {
    apply(call, Change::Remove).await
}
