//! Removing a course in `CourseManager::delete_course`'s order: its URL links, its tool tables
//! (descriptions, tools, settings, group categories and the rest of Chamilo's course tables),
//! subscriptions, session links, statistics, class links, catalogue rules, the row and its
//! extra-field values, then its folder (kept in `app/cache/`). Rows in tables with a foreign
//! key to `course` go before the row, or the database refuses the delete; sessions that held
//! the course get their counters recomputed.

use crate::sql::{exec, numbers, one};
use chamilo_core::types::extra_fields::ItemType;
use chamilo_core::CoreResult;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use std::path::Path;

/// `AddCourse::get_course_tables()`, prefixed: every table of course content by `c_id`. Only
/// those the live schema has are cleaned (the store's schema check does not require them).
#[rustfmt::skip]
const COURSE_TABLES: &[&str] = &[
    "item_property", "tool", "tool_intro", "group_info", "group_category", "group_rel_user",
    "group_rel_tutor", "userinfo_content", "userinfo_def", "course_description",
    "calendar_event", "calendar_event_repeat", "calendar_event_repeat_not",
    "calendar_event_attachment", "announcement", "announcement_attachment", "resource",
    "student_publication", "student_publication_assignment", "document", "forum_category",
    "forum_forum", "forum_thread", "forum_post", "forum_mailcue", "forum_attachment",
    "forum_notification", "forum_thread_qualify", "forum_thread_qualify_log", "link",
    "link_category", "online_connected", "online_link", "chat_connected", "quiz",
    "quiz_rel_question", "quiz_question", "quiz_answer", "quiz_question_option",
    "quiz_question_category", "quiz_question_rel_category", "dropbox_post", "dropbox_file",
    "dropbox_person", "dropbox_category", "dropbox_feedback", "lp", "lp_item", "lp_view",
    "lp_item_view", "lp_iv_interaction", "lp_iv_objective", "blog", "blog_comment", "blog_post",
    "blog_rating", "blog_rel_user", "blog_task", "blog_task_rel_user", "blog_attachment",
    "permission_group", "permission_user", "permission_task", "role", "role_group",
    "role_permissions", "role_user", "survey", "survey_question", "survey_question_option",
    "survey_invitation", "survey_answer", "survey_group", "wiki", "wiki_conf", "wiki_discuss",
    "wiki_mailcue", "course_setting", "glossary", "notebook", "attendance", "attendance_sheet",
    "attendance_calendar", "attendance_result", "attendance_sheet_log", "thematic",
    "thematic_plan", "thematic_advance",
];

/// The statistics tables `delete_course` cleans by `c_id` (`track_e_default`, the history,
/// stays).
const STATS_TABLES: &[&str] = &[
    "track_e_hotpotatoes",
    "track_e_attempt",
    "track_e_exercises",
    "track_e_access",
    "track_e_lastaccess",
    "track_e_course_access",
    "track_e_online",
    "track_e_downloads",
    "track_e_links",
    "track_e_uploads",
];

/// `get_lang('SkillFromCourseXDeletedSinceThen')` in English: what a skill earned in the
/// course says once the course is gone.
const SKILL_ARGUMENTATION: &str =
    "This skill was obtained through course %s which has been removed since then.";

#[derive(FromQueryResult)]
struct Found {
    code: String,
    directory: Option<String>,
}

#[derive(FromQueryResult)]
struct TableName {
    t: String,
}

/// Of `tables`, those the live schema has with a `c_id` column, in the given order.
async fn present(db: &impl ConnectionTrait, tables: &[String]) -> CoreResult<Vec<String>> {
    let sql = format!(
        "SELECT TABLE_NAME AS t FROM information_schema.COLUMNS \
         WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'c_id' AND TABLE_NAME IN ({})",
        crate::sql::marks(tables.len())
    );
    let values = tables.iter().map(|t| Value::from(t.clone())).collect();
    let rows: Vec<TableName> = crate::sql::all(db, &sql, values).await?;
    let have: std::collections::HashSet<String> = rows.into_iter().map(|r| r.t).collect();
    Ok(tables
        .iter()
        .filter(|t| have.contains(*t))
        .cloned()
        .collect())
}

pub(super) async fn delete_course(
    db: &impl ConnectionTrait,
    disk: &crate::disk::DiskWork,
    courses_dir: &Path,
    id: i64,
) -> CoreResult<()> {
    let found: Option<Found> = one(
        db,
        "SELECT code, directory FROM course WHERE id = ? FOR UPDATE",
        vec![id.into()],
    )
    .await?;
    let Some(found) = found else {
        return Ok(());
    };
    let by_id = |sql: &str| (sql.to_string(), vec![Value::from(id)]);
    let run = |steps: Vec<(String, Vec<Value>)>| async move {
        for (sql, values) in steps {
            exec(db, &sql, values).await?;
        }
        CoreResult::Ok(())
    };

    run(vec![by_id(
        "DELETE FROM access_url_rel_course WHERE c_id = ?",
    )])
    .await?;
    let course_tables: Vec<String> = COURSE_TABLES.iter().map(|t| format!("c_{t}")).collect();
    let course_tables = present(db, &course_tables).await?;
    run(course_tables
        .iter()
        .map(|t| by_id(&format!("DELETE FROM {t} WHERE c_id = ?")))
        .collect())
    .await?;
    let sessions = numbers(
        db,
        "SELECT DISTINCT session_id AS n FROM session_rel_course WHERE c_id = ? \
         UNION SELECT DISTINCT session_id FROM session_rel_course_rel_user WHERE c_id = ?",
        vec![id.into(), id.into()],
    )
    .await?;
    run(vec![
        by_id("DELETE FROM course_rel_user WHERE c_id = ?"),
        by_id("DELETE FROM session_rel_course WHERE c_id = ?"),
        by_id("DELETE FROM session_rel_course_rel_user WHERE c_id = ?"),
    ])
    .await?;
    let stats: Vec<String> = STATS_TABLES.iter().map(|t| t.to_string()).collect();
    let stats = present(db, &stats).await?;
    run(stats
        .iter()
        .map(|t| by_id(&format!("DELETE FROM {t} WHERE c_id = ?")))
        .collect())
    .await?;
    run(vec![
        by_id("UPDATE ticket_ticket SET course_id = NULL WHERE course_id = ?"),
        by_id("DELETE FROM usergroup_rel_course WHERE course_id = ?"),
        (
            "UPDATE skill_rel_user SET course_id = NULL, session_id = NULL, argumentation = ? \
             WHERE course_id = ?"
                .into(),
            vec![
                SKILL_ARGUMENTATION.replace("%s", &found.code).into(),
                id.into(),
            ],
        ),
        // Chamilo leaves these to its foreign key, which would refuse the delete
        by_id("DELETE FROM course_rel_user_catalogue WHERE c_id = ?"),
        by_id("DELETE FROM course WHERE id = ?"),
        (
            "DELETE v FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id \
             WHERE f.extra_field_type = ? AND v.item_id = ?"
                .into(),
            vec![ItemType::Course.code().into(), id.into()],
        ),
    ])
    .await?;
    for session in sessions {
        crate::counters::recount_session(db, session).await?;
    }
    // last (Chamilo moves it amid the deletes): a refused delete leaves the files in place,
    // and inside a transaction they move once it commits
    if let Some(directory) = &found.directory {
        disk.archive(courses_dir, directory).await;
    }
    Ok(())
}
