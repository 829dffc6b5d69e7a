//! The `course` row: read with Chamilo's NULLs (and zero dates) as the core's empty values,
//! written within Chamilo's column widths.

use crate::sql::{all, date, fit};
use chamilo_core::types::courses::Course;
use chamilo_core::CoreResult;
use chrono::NaiveDateTime;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

/// A course row with Chamilo's NULLs (and zero dates) read as the core's empty values.
pub(super) fn select() -> String {
    format!(
        "SELECT c.id, c.code, COALESCE(c.title, '') AS title, \
         COALESCE(c.directory, '') AS directory, \
         COALESCE(c.course_language, '') AS course_language, \
         COALESCE(c.description, '') AS description, \
         COALESCE(c.category_code, '') AS category_code, \
         COALESCE(c.visibility, 0) AS visibility, COALESCE(c.show_score, 0) AS show_score, \
         COALESCE(c.tutor_name, '') AS tutor_name, COALESCE(c.visual_code, '') AS visual_code, \
         COALESCE(c.department_name, '') AS department_name, \
         COALESCE(c.department_url, '') AS department_url, \
         COALESCE(c.disk_quota, 0) AS disk_quota, {} AS last_visit, {} AS last_edit, \
         CAST(COALESCE({}, '1970-01-01 00:00:00') AS DATETIME) AS creation_date, \
         {} AS expiration_date, COALESCE(c.subscribe, 0) <> 0 AS subscribe, \
         COALESCE(c.unsubscribe, 0) <> 0 AS unsubscribe, \
         NULLIF(c.registration_code, '') AS registration_code, \
         COALESCE(c.legal, '') AS legal, COALESCE(c.activate_legal, 0) <> 0 AS activate_legal \
         FROM course c",
        date("c.last_visit"),
        date("c.last_edit"),
        date("c.creation_date"),
        date("c.expiration_date"),
    )
}

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    code: String,
    title: String,
    directory: String,
    course_language: String,
    description: String,
    category_code: String,
    visibility: i32,
    show_score: i32,
    tutor_name: String,
    visual_code: String,
    department_name: String,
    department_url: String,
    disk_quota: i64,
    last_visit: Option<NaiveDateTime>,
    last_edit: Option<NaiveDateTime>,
    creation_date: NaiveDateTime,
    expiration_date: Option<NaiveDateTime>,
    subscribe: bool,
    unsubscribe: bool,
    registration_code: Option<String>,
    legal: String,
    activate_legal: bool,
}

impl From<Row> for Course {
    fn from(r: Row) -> Self {
        Course {
            id: r.id,
            code: r.code,
            title: r.title,
            directory: r.directory,
            course_language: r.course_language,
            description: r.description,
            category_code: r.category_code,
            visibility: r.visibility,
            show_score: r.show_score,
            tutor_name: r.tutor_name,
            visual_code: r.visual_code,
            department_name: r.department_name,
            department_url: r.department_url,
            disk_quota: r.disk_quota,
            last_visit: r.last_visit,
            last_edit: r.last_edit,
            creation_date: r.creation_date,
            expiration_date: r.expiration_date,
            subscribe: r.subscribe,
            unsubscribe: r.unsubscribe,
            registration_code: r.registration_code,
            legal: r.legal,
            activate_legal: r.activate_legal,
        }
    }
}

pub(super) async fn courses(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> CoreResult<Vec<Course>> {
    let rows: Vec<Row> = all(db, sql, values).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The columns every write of a course sets, in `write_values` order.
pub(super) const WRITE_COLUMNS: [&str; 22] = [
    "code",
    "title",
    "directory",
    "course_language",
    "description",
    "category_code",
    "visibility",
    "show_score",
    "tutor_name",
    "visual_code",
    "department_name",
    "department_url",
    "disk_quota",
    "last_visit",
    "last_edit",
    "creation_date",
    "expiration_date",
    "subscribe",
    "unsubscribe",
    "registration_code",
    "legal",
    "activate_legal",
];

/// The course's values, each within its Chamilo column (`course` is narrower than the
/// gateway's own table, and 3-byte utf8).
pub(super) fn write_values(c: &Course) -> CoreResult<Vec<Value>> {
    Ok(vec![
        fit("code", &c.code, 40)?.into(),
        fit("title", &c.title, 250)?.into(),
        fit("directory", &c.directory, 40)?.into(),
        fit("course_language", &c.course_language, 20)?.into(),
        fit("description", &c.description, usize::MAX)?.into(),
        fit("category_code", &c.category_code, 40)?.into(),
        c.visibility.into(),
        c.show_score.into(),
        fit("tutor_name", &c.tutor_name, 200)?.into(),
        fit("visual_code", &c.visual_code, 40)?.into(),
        fit("department_name", &c.department_name, 30)?.into(),
        fit("department_url", &c.department_url, 180)?.into(),
        c.disk_quota.into(),
        c.last_visit.into(),
        c.last_edit.into(),
        c.creation_date.into(),
        c.expiration_date.into(),
        c.subscribe.into(),
        c.unsubscribe.into(),
        match &c.registration_code {
            Some(code) => Some(fit("registration_code", code, 255)?),
            None => None,
        }
        .into(),
        fit("legal", &c.legal, usize::MAX)?.into(),
        i32::from(c.activate_legal).into(),
    ])
}
