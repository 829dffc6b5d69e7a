//! Course actions (`rest-v2.md` §3.7, §3.14 `course_info`/`course_descriptions`).

use chamilo_core::courses::{CourseFilter, NewCourse};
use chamilo_core::extra_fields::ItemType;
use chamilo_core::subscriptions::course_status;
use chamilo_core::urls::{UrlMember, DEFAULT_URL_ID};
use chamilo_core::users::User;
use serde_json::{json, Map, Value};

use crate::action_doc::{always, post, request, Core, Doc, Key, Shape, Text, Ty};
use crate::ctx::Ctx;
use crate::errors::{Absent, ActionResult, Op, OrRest, RestError};
use crate::input;
use crate::messages;
use crate::shapes;

/// The teachers of a course.
pub(crate) async fn teachers(c: &Ctx<'_>, course_id: i64) -> ActionResult<Vec<User>> {
    let mut out = Vec::new();
    for cu in c.gw.course_users(course_id).await.or_rest(Op::General)? {
        if cu.status == course_status::TEACHER {
            out.push(c.gw.get_user(cu.user_id).await.or_rest(Op::General)?);
        }
    }
    Ok(out)
}

pub const USER_COURSES: Doc = Doc {
    summary: "The courses a user is subscribed to (admins, or the user itself).",
    params: &[request("user_id", Ty::Int).about("default: the caller")],
    data: Shape::List(&Shape::Obj(&[
        always("id", Shape::Int),
        always("title", Shape::Text),
        always("code", Shape::Text),
        always("directory", Shape::Text),
        always("urlPicture", Shape::Text),
        always("teachers", Shape::Text),
        always("isSpecial", Shape::Bool),
        always("url", Shape::Text),
    ])),
    fails: &[Key("NoData"), Key("NotAllowed"), Core(Op::General)],
};

pub async fn user_courses(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.user()?;
    let asked = input::int(c.params.request("user_id"))?;
    let user_id = if asked == 0 { me.id } else { asked };
    c.caller.require_self_or_admin(user_id)?;
    let mut list = Vec::new();
    for cu in c.gw.user_courses(user_id).await.or_rest(Op::General)? {
        let course = c.gw.get_course(cu.course_id).await.or_rest(Op::General)?;
        list.push(json!({
            "id": course.id,
            "title": course.title,
            "code": course.code,
            "directory": course.directory,
            "urlPicture": shapes::course_picture(c.origin.web_path),
            "teachers": shapes::names(&teachers(c, course.id).await?),
            "isSpecial": false,
            "url": shapes::course_home_url(c.origin.web_path, &c.routing.api_key, &me.username, course.id, None),
        }));
    }
    Ok(Value::Array(list))
}

const CAMPUS: crate::action_doc::Input =
    request("id_campus", Ty::Int).about("access URL id (default 1)");

pub const GET_COURSES: Doc = Doc {
    summary: "The courses of a campus, as table rows.",
    params: &[CAMPUS],
    data: Shape::List(&shapes::COURSE_ROW),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn get_courses(c: &Ctx<'_>) -> ActionResult {
    let url = input::campus(c.params.request("id_campus"))?;
    let courses =
        c.gw.list_courses(&CourseFilter {
            access_url_id: Some(url),
            visibilities: None,
        })
        .await
        .or_rest(Op::General)?;
    Ok(Value::Array(
        courses.iter().map(shapes::course_row).collect(),
    ))
}

/// Ids of the courses whose field has this value; an unknown field is the original's
/// literal `<variable> not found`.
async fn courses_by_extra(c: &Ctx<'_>, variable: &str, value: &str) -> ActionResult<Vec<i64>> {
    c.gw.items_by_extra(ItemType::Course, variable, value)
        .await
        .or_rest(Op::CoursesByField(variable))
}

pub const FROM_EXTRA_FIELD: Doc = Doc {
    summary: "The courses of a campus whose extra field has this value.",
    params: &[
        request("extra_field_variable", Ty::Text)
            .req()
            .about("a course extra field's variable"),
        request("extra_field_value", Ty::Text),
        request("id_campus", Ty::Int)
            .req()
            .about("access URL id: only its courses are listed"),
    ],
    data: Shape::List(&shapes::COURSE_INFO),
    fails: &[Key("NoData"), Core(Op::CoursesByField("<variable>"))],
};

pub async fn from_extra_field(c: &Ctx<'_>) -> ActionResult {
    let variable = input::text(c.params.request("extra_field_variable"))?;
    let value = input::text(c.params.request("extra_field_value"))?;
    let url = input::int(c.params.request("id_campus"))?;
    let mut list = Vec::new();
    for id in courses_by_extra(c, variable, value).await? {
        let urls =
            c.gw.urls_of(UrlMember::Course(id))
                .await
                .or_rest(Op::General)?;
        if urls.contains(&url) {
            let course = c.gw.get_course(id).await.or_rest(Op::General)?;
            list.push(Value::Object(shapes::course_info(
                c.origin.web_path,
                &course,
            )));
        }
    }
    Ok(Value::Array(list))
}

pub const DETAILS_BY_EXTRA_FIELD: Doc = Doc {
    summary: "The courses whose extra field has this value, by course id, with their count of visible tests.",
    params: &[
        post("field_name", Ty::Text).req().about("a course extra field's variable"),
        post("field_value", Ty::Text),
        post("user_id", Ty::Int).about("sent by Chamilo's documented call; not read"),
    ],
    data: Shape::ById(&Shape::ObjAnd(shapes::COURSE_INFO_MEMBERS, &Shape::Int)),
    fails: &[Key("NoData"), Core(Op::CoursesByField("<variable>"))],
};

pub async fn details_by_extra_field(c: &Ctx<'_>) -> ActionResult {
    let variable = input::text(c.params.post("field_name"))?;
    let value = input::text(c.params.post("field_value"))?;
    let mut out = Map::new();
    for id in courses_by_extra(c, variable, value).await? {
        let course = c.gw.get_course(id).await.or_rest(Op::General)?;
        let mut info = shapes::course_info(c.origin.web_path, &course);
        // the gateway keeps no exercises
        info.insert("count_visible_tests".into(), json!(0));
        out.insert(id.to_string(), Value::Object(info));
    }
    Ok(Value::Object(out))
}

pub const SAVE_COURSE: Doc = Doc {
    summary: "Creates a course taught by the caller.",
    params: &[
        post("title", Ty::Text).req(),
        post("wanted_code", Ty::Text)
            .about("prefixed with CAMPUS_<id_campus>_ unless remove_campus_id_from_wanted_code=1"),
        post("remove_campus_id_from_wanted_code", Ty::Flag),
        post("language", Ty::Text).about("e.g. english"),
        post("id_campus", Ty::Int).about("access URL id (default 1)"),
        post("disk_quota", Ty::Int),
        post("visibility", Ty::Int).about("0 closed … 4 hidden"),
        post("extra_<variable>", Ty::Text).about("a course extra field's value"),
    ],
    data: Shape::Either(&[
        Shape::Obj(&[
            always("status", Shape::True),
            always("id", Shape::IntText),
            always("code_course", Shape::Text),
            always("title_course", Shape::Text),
            always(
                "extra_fields",
                Shape::List(&Shape::Obj(&[
                    always("value", Shape::Text),
                    always("variable", Shape::Text),
                    always("field_type", Shape::IntText),
                    always("id", Shape::IntText),
                    always("display_text", Shape::Text),
                ])),
            ),
            always("message", Shape::Text),
        ]),
        Shape::Obj(&[
            always("status", Shape::Bool),
            always("message", Shape::Text),
        ]),
    ]),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn save_course(c: &Ctx<'_>) -> ActionResult {
    let me = c.caller.require_admin()?;
    let p = |n: &str| c.params.post(n);
    let url = match input::scalar(p("id_campus"))? {
        Some(s) if crate::params::intval(s) > 0 => crate::params::intval(s),
        _ => DEFAULT_URL_ID,
    };
    let wanted = input::text(p("wanted_code"))?;
    let wanted_code =
        if wanted.is_empty() || input::int(p("remove_campus_id_from_wanted_code"))? == 1 {
            wanted.to_owned()
        } else {
            format!("CAMPUS_{url}_{wanted}")
        };
    let mut new = NewCourse {
        title: input::text(p("title"))?.to_owned(),
        wanted_code,
        course_language: input::text(p("language"))?.to_owned(),
        teacher: Some(me.id.into()),
        access_url_id: url,
        ..NewCourse::default()
    };
    if let Some(q) = input::scalar(p("disk_quota"))? {
        new.disk_quota = crate::params::intval(q);
    }
    if let Some(v) = input::scalar(p("visibility"))? {
        new.visibility = i32::try_from(crate::params::intval(v)).unwrap_or(-1);
    }
    for (name, value) in c.params.post_fields() {
        if let Some(variable) = name.strip_prefix("extra_") {
            let v = value.as_str().ok_or(RestError::Key("NoData"))?;
            new.extras.push((variable.to_owned(), v.to_owned()));
        }
    }
    let title = new.title.clone();
    let Some(created) = c.gw.create_course(new).await.or_absent(Absent::Refused)? else {
        return Ok(json!({"status": false, "message": messages::text("CourseCreationFailed")}));
    };
    let extra_fields: Vec<Value> =
        c.gw.course_extras(created.id)
            .await
            .or_rest(Op::General)?
            .into_iter()
            .filter(|v| v.field.filter)
            .map(|v| {
                json!({
                    "value": v.value,
                    "variable": v.field.variable,
                    "field_type": v.field.field_type.to_string(),
                    "id": v.field.id.to_string(),
                    "display_text": v.field.display_text,
                })
            })
            .collect();
    Ok(json!({
        "status": true,
        "id": created.id.to_string(),
        "code_course": created.code,
        "title_course": title.trim(),
        "extra_fields": extra_fields,
        "message": messages::course_x_added(&created.code),
    }))
}

pub const DELETE_COURSE: Doc = Doc {
    summary: "Deletes a course named by code or id.",
    params: &[
        request("course_code", Ty::Text).about("the course code (tried first)"),
        request("course_id", Ty::Int).about("the course id"),
    ],
    data: Shape::Obj(&[always("status", Shape::True)]),
    fails: &[
        Key("NoData"),
        Text("Course doesn't exists"),
        Core(Op::General),
    ],
};

pub async fn delete_course(c: &Ctx<'_>) -> ActionResult {
    c.caller.require_admin()?;
    let code = input::text(c.params.request("course_code"))?;
    let id = input::int(c.params.request("course_id"))?;
    let mut course = None;
    if !code.is_empty() {
        course = c.gw.find_course_by_code(code).await.or_rest(Op::General)?;
    }
    if course.is_none() && id > 0 {
        course = c.gw.get_course(id).await.or_absent(Absent::NotFound)?;
    }
    let course = course.ok_or_else(|| RestError::Literal("Course doesn't exists".into()))?;
    c.gw.delete_course(course.id).await.or_rest(Op::General)?;
    Ok(json!({"status": true}))
}

/// The tools a new course shows its students (the gateway keeps no per-course tool list).
const TOOLS: &[&str] = &[
    "course_description",
    "calendar_event",
    "document",
    "learnpath",
    "link",
    "quiz",
    "announcement",
    "forum",
    "dropbox",
    "user",
    "group",
    "chat",
    "student_publication",
    "survey",
    "wiki",
    "gradebook",
    "glossary",
    "notebook",
];

pub const COURSE_INFO: Doc = Doc {
    summary: "The course of the `course` routing parameter, with its teachers and tools.",
    params: &[],
    data: Shape::Obj(&[
        always("id", Shape::Int),
        always("title", Shape::Text),
        always("code", Shape::Text),
        always("directory", Shape::Text),
        always("urlPicture", Shape::Null),
        always("teachers", Shape::Text),
        always(
            "tools",
            Shape::List(&Shape::Obj(&[always("type", Shape::Text)])),
        ),
    ]),
    fails: &[Core(Op::General)],
};

pub async fn course_info(c: &Ctx<'_>) -> ActionResult {
    let course = c.caller.course()?;
    Ok(json!({
        "id": course.id,
        "title": course.title,
        "code": course.code,
        "directory": course.directory,
        "urlPicture": null,
        "teachers": shapes::names(&teachers(c, course.id).await?),
        "tools": TOOLS.iter().map(|t| json!({"type": t})).collect::<Vec<_>>(),
    }))
}

pub const COURSE_DESCRIPTIONS: Doc = Doc {
    summary: "The description sections of the `course` routing parameter's course, with the course extra-field values asked for.",
    params: &[post("fields", Ty::Texts).about("course extra-field variables: each adds extra_<variable> to every section")],
    data: Shape::List(&Shape::ObjAnd(
        &[
            always("id", Shape::IntText),
            always("title", Shape::Text),
            always("content", Shape::Text),
        ],
        &Shape::Text,
    )),
    fails: &[Key("NoData"), Core(Op::General)],
};

pub async fn course_descriptions(c: &Ctx<'_>) -> ActionResult {
    let course = c.caller.course()?;
    let fields = input::list(c.params.post("fields"))?;
    let extras = c.gw.course_extras(course.id).await.or_rest(Op::General)?;
    let mut wanted = Vec::new();
    for name in fields {
        // unknown variables are skipped, known ones without a value give ""
        if let Some(field) =
            c.gw.find_extra_field(ItemType::Course, name)
                .await
                .or_rest(Op::General)?
        {
            let value = extras
                .iter()
                .find(|v| v.field.id == field.id)
                .map_or(String::new(), |v| v.value.clone());
            wanted.push((format!("extra_{name}"), value));
        }
    }
    let src = format!("src=\"{}", c.origin.web_path);
    let list =
        c.gw.course_descriptions(course.id)
            .await
            .or_rest(Op::General)?
            .into_iter()
            .map(|d| {
                let mut row = Map::new();
                row.insert("id".into(), d.description_type.to_string().into());
                row.insert("title".into(), d.title.into());
                row.insert("content".into(), d.content.replace("src=\"/", &src).into());
                for (k, v) in &wanted {
                    row.insert(k.clone(), v.clone().into());
                }
                Value::Object(row)
            })
            .collect();
    Ok(Value::Array(list))
}
