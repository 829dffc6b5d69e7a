//! WSCourse: create, edit, delete and list courses, subscriptions, description sections.
//! Each `pub async fn` is the operation of its name; errors map with the row's family.

use chamilo_core::courses::{visibility, CourseFilter, CoursePatch, NewCourse, SectionRules};
use chamilo_core::{CoreError, CoreResult, Entity, ItemRef, ItemType};

use crate::call::{result_struct, Call, Outcome};
use crate::codec::Typed;
use crate::fields::{external_id, to_i32, Fields};

/// The course an item or the call names.
fn course_ref(f: &impl Fields) -> ItemRef {
    f.reference(ItemType::Course, "course_id_field_name", "course_id_value")
}

/// The user the call names in the `name` / `value` parts.
fn user_ref(call: &Call<'_>, name: &str, value: &str) -> ItemRef {
    call.parts.reference(ItemType::User, name, value)
}

// ---------------------------------------------------------------------------
// Delete

async fn delete_one(call: &Call<'_>, f: &impl Fields) -> CoreResult<()> {
    call.gateway.delete_course(course_ref(f)).await
}

pub async fn delete_course(call: &Call<'_>) -> Outcome {
    let res = delete_one(call, &call.parts).await;
    res.map_err(|e| call.fail(e))?;
    Ok(None)
}

pub async fn delete_courses(call: &Call<'_>) -> Outcome {
    let mut items = Vec::new();
    for item in call.parts.list("courses") {
        let res = delete_one(call, item).await;
        let code = call.item_code(&res);
        items.push(Typed::Struct {
            type_name: "tns:course_result",
            members: vec![
                ("course_id_value", Typed::Str(item.text("course_id_value"))),
                ("result", result_struct(code)),
            ],
        });
    }
    Ok(Some(Typed::Array {
        item_type: "tns:course_result",
        items,
    }))
}

// ---------------------------------------------------------------------------
// Create

/// The course to create; the admin (resolved first, 100 when unknown) becomes its teacher.
/// An empty `wanted_code` (or the batch struct's integer 0) derives the code from the title.
pub(crate) fn new_course(f: &impl Fields, admin: ItemRef) -> NewCourse {
    let wanted = f.text("wanted_code");
    NewCourse {
        title: f.text("title"),
        wanted_code: if wanted.trim() == "0" {
            String::new()
        } else {
            wanted
        },
        category_code: f.text("category_code"),
        tutor_name: f.text("tutor_name"),
        course_language: f.given("language").unwrap_or_else(|| "english".into()),
        teacher: Some(admin),
        external_id: external_id(
            f,
            "course_id_field_name",
            "course_id_value",
            ItemType::Course,
        ),
        extras: f.extras(),
        ..NewCourse::default()
    }
}

async fn create_one(call: &Call<'_>, f: &impl Fields) -> CoreResult<i64> {
    let admin = f.reference(
        ItemType::User,
        "course_admin_user_id_field_name",
        "course_admin_user_id_value",
    );
    Ok(call.gateway.create_course(new_course(f, admin)).await?.id)
}

pub async fn create_course(call: &Call<'_>) -> Outcome {
    let res = create_one(call, &call.parts).await;
    let id = res.map_err(|e| call.fail(e))?;
    Ok(Some(Typed::Int(id)))
}

pub async fn create_courses(call: &Call<'_>) -> Outcome {
    let mut items = Vec::new();
    for item in call.parts.list("courses") {
        let res = create_one(call, item).await;
        let (id, res) = match res {
            Ok(id) => (id, Ok(())),
            Err(e) => (0, Err(e)),
        };
        let code = call.item_code(&res);
        items.push(Typed::Struct {
            type_name: "tns:course_create_result",
            members: vec![
                ("course_id_value", Typed::Str(item.text("course_id_value"))),
                ("course_id_generated", Typed::Int(id)),
                ("result", result_struct(code)),
            ],
        });
    }
    Ok(Some(Typed::Array {
        item_type: "tns:course_create_result",
        items,
    }))
}

// ---------------------------------------------------------------------------
// Edit

/// Every field given is set, zeros included (Q-C5); empty strings leave a field as it is.
pub(crate) fn course_patch(f: &impl Fields) -> CoursePatch {
    CoursePatch {
        title: f.given("title"),
        category_code: f.given("category_code"),
        department_name: f.given("department_name"),
        department_url: f.given("department_url"),
        course_language: f.given("language"),
        visibility: f.given_int("visibility").map(to_i32),
        subscribe: f.given_int("subscribe").map(|n| n != 0),
        unsubscribe: f.given_int("unsubscribe").map(|n| n != 0),
        visual_code: f.given("visual_code"),
        extras: f.extras(),
        ..CoursePatch::default()
    }
}

pub async fn edit_course(call: &Call<'_>) -> Outcome {
    let res = call
        .gateway
        .edit_course(course_ref(&call.parts), course_patch(&call.parts))
        .await;
    res.map_err(|e| call.fail(e))?;
    Ok(None)
}

// ---------------------------------------------------------------------------
// List

const VISIBILITY_NAMES: [(&str, i32); 4] = [
    ("public", visibility::OPEN_WORLD),
    ("public-registered", visibility::OPEN_PLATFORM),
    ("private", visibility::REGISTERED),
    ("closed", visibility::CLOSED),
];

/// The visibilities named in a comma-separated filter (unknown names match nothing).
fn visibilities(filter: &str) -> Vec<i32> {
    filter
        .split(',')
        .filter_map(|name| {
            VISIBILITY_NAMES
                .iter()
                .find(|(n, _)| *n == name.trim())
                .map(|(_, v)| *v)
        })
        .collect()
}

/// ListCourses' filter (Q-C2): the 2nd part when it names visibilities, as the original reads
/// it; else the 3rd; neither given means every listable visibility. A 2nd part that is not a
/// filter is the id field whose value fills `external_course_id`.
pub(crate) fn list_filter(second: &str, third: &str) -> (Vec<i32>, Option<String>) {
    let from_second = visibilities(second);
    if !from_second.is_empty() {
        return (from_second, None);
    }
    let id_field = Some(second.trim().to_string()).filter(|s| !s.is_empty());
    let filter = if third.trim().is_empty() {
        VISIBILITY_NAMES.iter().map(|(_, v)| *v).collect()
    } else {
        visibilities(third)
    };
    (filter, id_field)
}

pub async fn list_courses(call: &Call<'_>) -> Outcome {
    let (filter, id_field) = list_filter(
        &call.parts.text("course_id_field_name"),
        &call.parts.text("visibilities"),
    );
    let res = list_items(call, filter, id_field).await;
    let items = res.map_err(|e| call.fail(e))?;
    Ok(Some(Typed::Array {
        item_type: "tns:course",
        items,
    }))
}

async fn list_items(
    call: &Call<'_>,
    filter: Vec<i32>,
    id_field: Option<String>,
) -> CoreResult<Vec<Typed>> {
    if filter.is_empty() {
        return Ok(Vec::new());
    }
    let gw = call.gateway;
    let courses = gw
        .list_courses(&CourseFilter {
            access_url_id: None,
            visibilities: Some(filter),
        })
        .await?;
    let mut items = Vec::with_capacity(courses.len());
    for course in courses
        .into_iter()
        .filter(|c| c.visibility != visibility::HIDDEN)
    {
        let students = gw.course_users(course.id).await?.len();
        let mut members = vec![
            ("id", Typed::Int(course.id)),
            ("code", Typed::Str(course.code)),
            ("title", Typed::Str(course.title)),
            ("language", Typed::Str(course.course_language)),
            ("visibility", Typed::Int(course.visibility.into())),
        ];
        // the gateway keeps no category table: the code is the name; none is omitted, as
        // the original omits a null category
        if !course.category_code.is_empty() {
            members.push(("category_name", Typed::Str(course.category_code)));
        }
        members.push(("number_students", Typed::Int(students as i64)));
        if let Some(field) = &id_field {
            let extras = gw.course_extras(course.id).await?;
            if let Some(v) = extras
                .into_iter()
                .find(|v| v.field.variable.eq_ignore_ascii_case(field))
            {
                members.push(("external_course_id", Typed::Str(v.value)));
            }
        }
        items.push(Typed::Struct {
            type_name: "tns:course",
            members,
        });
    }
    Ok(items)
}

// ---------------------------------------------------------------------------
// Subscriptions

pub async fn subscribe_user_to_course(call: &Call<'_>) -> Outcome {
    let course = course_ref(&call.parts);
    let user = user_ref(call, "user_id_field_name", "user_id_value");
    let status = to_i32(call.parts.int("status"));
    let res = call
        .gateway
        .subscribe_user_to_course(course, user, status)
        .await;
    res.map_err(|e| call.fail(e))?;
    Ok(None)
}

pub async fn unsubscribe_user_from_course(call: &Call<'_>) -> Outcome {
    let course = course_ref(&call.parts);
    let user = user_ref(call, "user_id_field_name", "user_id_value");
    let res = call
        .gateway
        .unsubscribe_user_from_course(course, user)
        .await;
    res.map_err(|e| call.fail(e))?;
    Ok(None)
}

// ---------------------------------------------------------------------------
// Descriptions (an unknown course answers empty, no fault: Q-C3)

pub async fn get_course_descriptions(call: &Call<'_>) -> Outcome {
    let res = call
        .gateway
        .course_descriptions(course_ref(&call.parts))
        .await;
    let sections = match res {
        Ok(sections) => sections,
        Err(CoreError::NotFound(Entity::Course)) => Vec::new(),
        Err(e) => return Err(call.fail(e)),
    };
    let items = sections
        .into_iter()
        .map(|d| Typed::Struct {
            type_name: "tns:course_description",
            members: vec![
                ("course_desc_id", Typed::Int(d.description_type.into())),
                ("course_desc_title", Typed::Str(d.title)),
                ("course_desc_content", Typed::Str(d.content)),
            ],
        })
        .collect();
    Ok(Some(Typed::Array {
        item_type: "tns:course_description",
        items,
    }))
}

pub async fn edit_course_description(call: &Call<'_>) -> Outcome {
    let p = &call.parts;
    let res = async {
        call.gateway
            .save_course_description(
                course_ref(p),
                to_i32(p.int("course_desc_id")),
                &p.text("course_desc_title"),
                &p.text("course_desc_content"),
                SectionRules::default(),
            )
            .await
    }
    .await;
    match res {
        Ok(_) | Err(CoreError::NotFound(Entity::Course)) => Ok(None),
        Err(e) => Err(call.fail(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Value;

    #[test]
    fn list_filter_follows_the_original_then_the_wsdl() {
        assert_eq!(list_filter("public,private", ""), (vec![3, 1], None));
        assert_eq!(list_filter("public", "closed"), (vec![3], None));
        assert_eq!(
            list_filter("external_course_id", "closed,public-registered"),
            (vec![0, 2], Some("external_course_id".into()))
        );
        assert_eq!(list_filter("", ""), (vec![3, 2, 1, 0], None));
        assert_eq!(list_filter("", "hidden"), (vec![], None));
    }

    #[test]
    fn edit_sets_zeros() {
        let v = Value::Struct(
            vec![
                ("visibility".into(), Value::Str("0".into())),
                ("subscribe".into(), Value::Str("0".into())),
                ("title".into(), Value::Str("".into())),
            ]
            .into(),
        );
        let p = course_patch(&v);
        assert_eq!(p.visibility, Some(0));
        assert_eq!(p.subscribe, Some(false));
        assert_eq!(p.unsubscribe, None);
        assert_eq!(p.title, None);
    }

    #[test]
    fn batch_wanted_code_zero_means_derive() {
        let v = Value::Struct(
            vec![
                ("title".into(), Value::Str("Maths".into())),
                ("wanted_code".into(), Value::Str("0".into())),
                ("course_id_field_name".into(), Value::Str("ext".into())),
                ("course_id_value".into(), Value::Str("C1".into())),
            ]
            .into(),
        );
        let c = new_course(&v, ItemRef::Id(9));
        assert_eq!(c.wanted_code, "");
        assert_eq!(c.teacher, Some(ItemRef::Id(9)));
        assert_eq!(c.course_language, "english");
        assert!(c.external_id.is_some());
    }
}
