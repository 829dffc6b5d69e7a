//! Description sections in Chamilo's `c_course_description`: `iid` is the id, the legacy `id`
//! is set equal to it (as Chamilo's tool does after each insert), and course-level sections
//! have `session_id` 0 (older rows may hold NULL, read as 0).

use crate::sql::{all, exec, fit, number};
use chamilo_core::types::courses::CourseDescription;
use chamilo_core::CoreResult;
use sea_orm::{ConnectionTrait, FromQueryResult};

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    course_id: i64,
    session_id: i64,
    description_type: i32,
    title: String,
    content: String,
    progress: i32,
}

pub(super) async fn list(
    db: &impl ConnectionTrait,
    course_id: i64,
    session_id: i64,
) -> CoreResult<Vec<CourseDescription>> {
    let rows: Vec<Row> = all(
        db,
        "SELECT iid AS id, c_id AS course_id, COALESCE(session_id, 0) AS session_id, \
         description_type, COALESCE(title, '') AS title, COALESCE(content, '') AS content, \
         progress FROM c_course_description \
         WHERE c_id = ? AND COALESCE(session_id, 0) = ? ORDER BY description_type, iid",
        vec![course_id.into(), session_id.into()],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CourseDescription {
            id: r.id,
            course_id: r.course_id,
            session_id: r.session_id,
            description_type: r.description_type,
            title: r.title,
            content: r.content,
            progress: r.progress,
        })
        .collect())
}

/// Inserts when `id` is 0, else updates. The core inserts a section only when the course has
/// none of that type; without a unique index to say so, inserters serialise on the course row
/// and look again with a locking read (the transaction's snapshot predates the lock), then
/// update the section a racing writer made instead of adding a second. The locking read takes
/// X locks from the start: a shared lock upgraded later deadlocks with a waiting update.
pub(super) async fn save(db: &impl ConnectionTrait, d: &CourseDescription) -> CoreResult<i64> {
    let title = fit("course_desc_title", &d.title, 255)?;
    let content = fit("course_desc_content", &d.content, usize::MAX)?;
    let iid = if d.id != 0 {
        d.id
    } else {
        super::lock_course(db, d.course_id).await?;
        let existing = number(
            db,
            "SELECT iid AS n FROM c_course_description \
             WHERE c_id = ? AND COALESCE(session_id, 0) = ? AND description_type = ? \
             ORDER BY iid LIMIT 1 FOR UPDATE",
            vec![
                d.course_id.into(),
                d.session_id.into(),
                d.description_type.into(),
            ],
        )
        .await?;
        match existing {
            Some(iid) => iid,
            None => {
                let done = exec(
                    db,
                    "INSERT INTO c_course_description (c_id, session_id, description_type, \
                     title, content, progress) VALUES (?, ?, ?, ?, ?, ?)",
                    vec![
                        d.course_id.into(),
                        d.session_id.into(),
                        d.description_type.into(),
                        title.into(),
                        content.into(),
                        d.progress.into(),
                    ],
                )
                .await?;
                let iid = done.last_insert_id() as i64;
                exec(
                    db,
                    "UPDATE c_course_description SET id = iid WHERE iid = ?",
                    vec![iid.into()],
                )
                .await?;
                return Ok(iid);
            }
        }
    };
    exec(
        db,
        "UPDATE c_course_description SET title = ?, content = ?, progress = ?, \
         id = COALESCE(id, iid) WHERE iid = ?",
        vec![title.into(), content.into(), d.progress.into(), iid.into()],
    )
    .await?;
    Ok(iid)
}
