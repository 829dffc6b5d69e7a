//! What a new course's home and tools need, as `AddCourse::fill_db_course` writes it
//! (chamilo-db.md §2.2 rows 8-10): the `c_tool` rows (the course home lists only these), with
//! the visibility the platform's `course_create_active_tools` settings give; the
//! `c_course_setting` rows `api_get_course_setting()` reads; the "Default groups" category the
//! group tool files new groups under. Exemplary content, documents and plugins are left out.

use crate::sql::{all, exec, marks};
use chamilo_core::CoreResult;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use std::collections::HashMap;

/// A `c_tool` row of `fill_db_course`.
struct Tool {
    id: i32,
    name: &'static str,
    link: &'static str,
    image: &'static str,
    /// Visibility: the `course_create_active_tools` subkey that turns it on; none: hidden
    /// (the course admin's own tools).
    setting: Option<&'static str>,
    /// `'1'` for the admin tools, as Chamilo writes the column (text).
    admin: &'static str,
    address: &'static str,
    category: &'static str,
}

const fn tool(
    id: i32,
    name: &'static str,
    link: &'static str,
    image: &'static str,
    setting: &'static str,
    category: &'static str,
) -> Tool {
    Tool {
        id,
        name,
        link,
        image,
        setting: Some(setting),
        admin: "0",
        address: "squaregrey.gif",
        category,
    }
}

const fn admin_tool(id: i32, name: &'static str, link: &'static str, image: &'static str) -> Tool {
    Tool {
        id,
        name,
        link,
        image,
        setting: None,
        admin: "1",
        address: "",
        category: "admin",
    }
}

/// In `fill_db_course`'s order (the tool names are Chamilo's `TOOL_*` constants); the search
/// tool (23) only when the platform has search enabled.
#[rustfmt::skip]
const TOOLS: &[Tool] = &[
    tool(1, "course_description", "course_description/index.php", "info.gif", "course_description", "authoring"),
    tool(2, "calendar_event", "calendar/agenda.php", "agenda.gif", "agenda", "interaction"),
    tool(3, "document", "document/document.php", "folder_document.gif", "documents", "authoring"),
    tool(4, "learnpath", "lp/lp_controller.php", "scorms.gif", "learning_path", "authoring"),
    tool(5, "link", "link/link.php", "links.gif", "links", "authoring"),
    tool(6, "quiz", "exercise/exercise.php", "quiz.gif", "quiz", "authoring"),
    tool(7, "announcement", "announcements/announcements.php", "valves.gif", "announcements", "authoring"),
    tool(8, "forum", "forum/index.php", "forum.gif", "forums", "interaction"),
    tool(9, "dropbox", "dropbox/index.php", "dropbox.gif", "dropbox", "interaction"),
    tool(10, "user", "user/user.php", "members.gif", "users", "interaction"),
    tool(11, "group", "group/group.php", "group.gif", "groups", "interaction"),
    tool(12, "chat", "chat/chat.php", "chat.gif", "chat", "interaction"),
    tool(13, "student_publication", "work/work.php", "works.gif", "student_publications", "interaction"),
    tool(14, "survey", "survey/survey_list.php", "survey.gif", "survey", "interaction"),
    tool(15, "wiki", "wiki/index.php", "wiki.gif", "wiki", "interaction"),
    tool(16, "gradebook", "gradebook/index.php", "gradebook.gif", "gradebook", "authoring"),
    tool(17, "glossary", "glossary/index.php", "glossary.gif", "glossary", "authoring"),
    tool(18, "notebook", "notebook/index.php", "notebook.gif", "notebook", "interaction"),
    tool(19, "attendance", "attendance/index.php", "attendance.gif", "attendances", "authoring"),
    tool(20, "course_progress", "course_progress/index.php", "course_progress.gif", "course_progress", "authoring"),
    Tool {
        address: "search.gif",
        ..tool(23, "search", "search/", "info.gif", "enable_search", "authoring")
    },
    Tool {
        admin: "1",
        ..tool(24, "blog_management", "blog/blog_admin.php", "blog_admin.gif", "blogs", "admin")
    },
    admin_tool(25, "tracking", "tracking/courseLog.php", "statistics.gif"),
    admin_tool(26, "course_setting", "course_info/infocours.php", "reference.gif"),
    admin_tool(27, "course_maintenance", "course_info/maintenance.php", "backup.gif"),
];

const SEARCH_TOOL: i32 = 23;

/// A `c_course_setting` default: a fixed value, or one the platform setting decides.
enum SettingDefault {
    Fixed(&'static str),
    /// `1` when the platform setting is `'true'`, else the second value.
    IfPlatform(&'static str, &'static str),
}
use SettingDefault::{Fixed, IfPlatform};

/// `fill_db_course`'s course settings (variable, default, category), in its order; their
/// `id` is the position from 1.
#[rustfmt::skip]
const SETTINGS: &[(&str, SettingDefault, &str)] = &[
    ("email_alert_manager_on_new_doc", Fixed("0"), "work"),
    ("email_alert_on_new_doc_dropbox", Fixed("0"), "dropbox"),
    ("allow_user_edit_agenda", Fixed("0"), "agenda"),
    ("allow_user_edit_announcement", Fixed("0"), "announcement"),
    ("email_alert_manager_on_new_quiz", IfPlatform("email_alert_manager_on_new_quiz", "0"), "quiz"),
    ("allow_user_image_forum", Fixed("1"), "forum"),
    ("course_theme", Fixed(""), "theme"),
    ("allow_learning_path_theme", Fixed("1"), "theme"),
    ("allow_open_chat_window", Fixed("1"), "chat"),
    ("email_alert_to_teacher_on_new_user_in_course", Fixed("0"), "registration"),
    ("allow_user_view_user_list", Fixed("1"), "user"),
    ("display_info_advance_inside_homecourse", Fixed("1"), "thematic_advance"),
    ("email_alert_students_on_new_homework", Fixed("0"), "work"),
    ("enable_lp_auto_launch", Fixed("0"), "learning_path"),
    ("enable_exercise_auto_launch", Fixed("0"), "exercise"),
    ("enable_document_auto_launch", Fixed("0"), "document"),
    ("pdf_export_watermark_text", Fixed(""), "learning_path"),
    ("allow_public_certificates", IfPlatform("allow_public_certificates", ""), "certificates"),
    ("documents_default_visibility", Fixed("visible"), "document"),
    // a NULL category, which Chamilo's string-built INSERT writes as ''
    ("show_course_in_user_language", Fixed("2"), ""),
    ("email_to_teachers_on_new_work_feedback", Fixed("1"), ""),
    ("email_alert_teachers_new_post", Fixed("1"), "portfolio"),
    ("email_alert_teachers_student_new_comment", Fixed("1"), "portfolio"),
    ("agenda_share_events_in_sessions", Fixed("0"), "agenda"),
];

/// `get_lang('DefaultGroupCategory')` in English.
const DEFAULT_GROUP_CATEGORY: &str = "Default groups";

#[derive(FromQueryResult)]
struct Setting {
    variable: String,
    subkey: Option<String>,
    selected_value: Option<String>,
}

/// The platform settings `fill_db_course` reads, keyed by (variable, subkey or "").
async fn platform_settings(
    db: &impl ConnectionTrait,
) -> CoreResult<HashMap<(String, String), String>> {
    let rows: Vec<Setting> = all(
        db,
        "SELECT variable, subkey, selected_value FROM settings_current \
         WHERE access_url = 1 AND variable IN \
         ('course_create_active_tools', 'search_enabled', 'email_alert_manager_on_new_quiz', \
          'allow_public_certificates') ORDER BY id DESC",
        vec![],
    )
    .await?;
    // by descending id, so the lowest id of a key is inserted last and wins (settings.rs reads
    // the lowest id too)
    Ok(rows
        .into_iter()
        .map(|s| {
            (
                (s.variable, s.subkey.unwrap_or_default()),
                s.selected_value.unwrap_or_default(),
            )
        })
        .collect())
}

/// Writes the course's tools, settings and default group category.
pub(super) async fn fill(db: &impl ConnectionTrait, course_id: i64) -> CoreResult<()> {
    let settings = platform_settings(db).await?;
    let on = |variable: &str, subkey: &str| {
        settings
            .get(&(variable.to_string(), subkey.to_string()))
            .is_some_and(|v| v == "true")
    };

    let tools: Vec<&Tool> = TOOLS
        .iter()
        .filter(|t| t.id != SEARCH_TOOL || on("search_enabled", ""))
        .collect();
    let mut values: Vec<Value> = Vec::with_capacity(tools.len() * 10);
    for t in &tools {
        let visible = t
            .setting
            .is_some_and(|s| on("course_create_active_tools", s));
        values.extend([
            course_id.into(),
            t.id.into(),
            t.name.into(),
            t.link.into(),
            t.image.into(),
            i32::from(visible).into(),
            t.admin.into(),
            t.address.into(),
            t.category.into(),
        ]);
    }
    let row = format!("({}, 0, '_self', 0)", marks(9));
    exec(
        db,
        &format!(
            "INSERT INTO c_tool (c_id, id, name, link, image, visibility, admin, address, \
             category, added_tool, target, session_id) VALUES {}",
            vec![row; tools.len()].join(", ")
        ),
        values,
    )
    .await?;

    let mut values: Vec<Value> = Vec::with_capacity(SETTINGS.len() * 5);
    for (n, (variable, default, category)) in SETTINGS.iter().enumerate() {
        let value = match default {
            Fixed(v) => *v,
            IfPlatform(setting, otherwise) if !on(setting, "") => *otherwise,
            IfPlatform(..) => "1",
        };
        values.extend([
            (n as i32 + 1).into(),
            course_id.into(),
            (*variable).into(),
            value.into(),
            (*category).into(),
        ]);
    }
    let row = format!("({}, '')", marks(5));
    exec(
        db,
        &format!(
            "INSERT INTO c_course_setting (id, c_id, variable, value, category, title) VALUES {}",
            vec![row; SETTINGS.len()].join(", ")
        ),
        values,
    )
    .await?;

    exec(
        db,
        "INSERT INTO c_group_category (c_id, id, title, description, max_student, \
         self_reg_allowed, self_unreg_allowed, groups_per_user, display_order, doc_state, \
         calendar_state, work_state, announcements_state, forum_state, wiki_state, chat_state) \
         VALUES (?, 2, ?, '', 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1)",
        vec![course_id.into(), DEFAULT_GROUP_CATEGORY.into()],
    )
    .await?;
    Ok(())
}
