//! WSCourseDescription and WSEditCourseDescription (§4.4, 17-18): a course's eight standard
//! description sections, by the course's external id. A closed course counts as deleted.

use chamilo_core::courses::{ClosedCourse, SectionRules};
use chamilo_core::{ItemRef, ItemType};

use super::outcome::{one_or_zero, refusal};
use super::rows::Rows;
use super::user::params;
use crate::call::{Call, Outcome};
use crate::codec::{Typed, Value};
use crate::fields::{to_i32, Fields};

const ROW: &str = "tns:fields_course_desc";

fn course_ref(p: &Value) -> ItemRef {
    p.reference(
        ItemType::Course,
        "original_course_id_name",
        "original_course_id_value",
    )
}

/// Always the eight sections, ids 1 to 8, each with its default title and the course's title
/// and content of that type (empty when it has none); an unknown or closed course answers an
/// empty array (Q10).
pub async fn course_description(call: &Call<'_>) -> Outcome {
    let res = call
        .gateway
        .standard_course_sections(course_ref(params(call)), ClosedCourse::Deleted)
        .await;
    let sections = refusal(call, res)?.unwrap_or_default();
    let mut rows = Rows::new(ROW);
    for s in sections {
        rows.push(vec![
            ("course_desc_id", Typed::Str(s.description_type.to_string())),
            (
                "course_desc_default_title",
                Typed::Str(s.default_title.into()),
            ),
            ("course_desc_title", Typed::Str(s.title)),
            ("course_desc_content", Typed::Str(s.content)),
        ]);
    }
    Ok(rows.finish())
}

/// One `{original_course_id_value, course_desc_id, result}` row per `course_desc` item: `1`
/// written (an empty title is the type's default title), `0` for an unknown or closed course
/// or a type outside 1-8. A wrong key answers an empty array (the row's key policy).
pub async fn edit_course_description(call: &Call<'_>) -> Outcome {
    let rules = SectionRules {
        closed: ClosedCourse::Deleted,
        standard_only: true,
    };
    let mut rows = Rows::new("tns:result_editCourseDescription");
    for item in params(call).list("course_desc") {
        let res = call
            .gateway
            .save_course_description(
                course_ref(item),
                to_i32(item.int("course_desc_id")),
                &item.text("course_desc_title"),
                &item.text("course_desc_content"),
                rules,
            )
            .await;
        rows.push(vec![
            (
                "original_course_id_value",
                Typed::Str(item.text("original_course_id_value")),
            ),
            ("course_desc_id", Typed::Str(item.text("course_desc_id"))),
            ("result", one_or_zero(call, res)?),
        ]);
    }
    Ok(rows.finish())
}
