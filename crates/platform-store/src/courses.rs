//! Courses as PHP Chamilo writes them (`CourseManager::create_course`, chamilo-db.md §2.2):
//! the `course` row (`row.rs`), then what its home and tools need (`home.rs`: `c_tool` from
//! the platform's settings, `c_course_setting`, the default group category) and its folder
//! (`folder.rs`); removal in Chamilo's order (`delete.rs`); description sections
//! (`descriptions.rs`) and the per-user catalogue rules (`catalogue.rs`). Codes are found with
//! `=` through the collation, as PHP Chamilo finds them.

mod catalogue;
mod delete;
mod descriptions;
pub(crate) mod folder;
mod home;
mod row;

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{conflict, exec, stmt};
use async_trait::async_trait;
use chamilo_core::ports::{CourseRepo, SettingsRepo};
use chamilo_core::types::courses::{CatalogueRule, Course, CourseDescription, CourseFilter};
use chamilo_core::{Conflict, CoreResult};
use row::{courses, select, write_values, WRITE_COLUMNS};
use sea_orm::{ConnectionTrait, Value};

pub(crate) const TABLES: &[Needs] = &[
    (
        "course",
        &[
            "id",
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
        ],
    ),
    ("access_url_rel_course", &["c_id", "access_url_id"]),
    (
        "c_course_description",
        &[
            "iid",
            "id",
            "c_id",
            "title",
            "content",
            "session_id",
            "description_type",
            "progress",
        ],
    ),
    (
        "course_rel_user_catalogue",
        &["id", "user_id", "c_id", "visible"],
    ),
    (
        "c_tool",
        &[
            "iid",
            "id",
            "c_id",
            "name",
            "link",
            "image",
            "visibility",
            "admin",
            "address",
            "added_tool",
            "target",
            "category",
            "session_id",
        ],
    ),
    (
        "c_course_setting",
        &[
            "iid", "id", "c_id", "title", "variable", "value", "category",
        ],
    ),
    (
        "c_group_category",
        &[
            "iid",
            "c_id",
            "id",
            "title",
            "description",
            "doc_state",
            "calendar_state",
            "work_state",
            "announcements_state",
            "forum_state",
            "wiki_state",
            "chat_state",
            "max_student",
            "self_reg_allowed",
            "self_unreg_allowed",
            "groups_per_user",
            "display_order",
        ],
    ),
    (
        "settings_current",
        &["id", "variable", "subkey", "selected_value", "access_url"],
    ),
    ("access_url", &["id"]),
    ("course_rel_user", &["c_id"]),
    ("session_rel_course", &["session_id", "c_id"]),
    ("session_rel_course_rel_user", &["session_id", "c_id"]),
    ("c_item_property", &["c_id"]),
    ("usergroup_rel_course", &["course_id"]),
    (
        "skill_rel_user",
        &["course_id", "session_id", "argumentation"],
    ),
    ("ticket_ticket", &["course_id"]),
    ("extra_field", &["id", "extra_field_type"]),
    ("extra_field_values", &["field_id", "item_id"]),
];

/// Takes the course row's lock: writers of what hangs on one course (description sections),
/// which Chamilo's tables keep no unique index for, wait for each other.
async fn lock_course(db: &impl ConnectionTrait, course_id: i64) -> CoreResult<()> {
    exec(
        db,
        "SELECT id FROM course WHERE id = ? FOR UPDATE",
        vec![course_id.into()],
    )
    .await?;
    Ok(())
}

impl<C: Conn> Repos<C> {
    /// What `AddCourse::register_course` writes where the caller gives nothing: the platform
    /// language for an empty language, the platform's default quota for a zero quota.
    async fn with_platform_defaults(&self, c: &Course) -> CoreResult<Course> {
        let mut c = c.clone();
        if c.course_language.trim().is_empty() {
            c.course_language = self
                .get_setting("platformLanguage")
                .await?
                .unwrap_or_default();
        }
        if c.disk_quota == 0 {
            c.disk_quota = self
                .get_setting("default_document_quotum")
                .await?
                .and_then(|q| q.trim().parse().ok())
                .unwrap_or(0);
        }
        Ok(c)
    }
}

#[async_trait]
impl<C: Conn> CourseRepo for Repos<C> {
    async fn insert_course(&self, course: &Course) -> CoreResult<i64> {
        let mut c = self.with_platform_defaults(course).await?;
        if c.directory.is_empty() {
            c.directory = c.code.clone();
        }
        let sql = format!(
            "INSERT INTO course ({}) VALUES ({})",
            WRITE_COLUMNS.join(", "),
            crate::sql::marks(WRITE_COLUMNS.len())
        );
        let done = self
            .db()
            .execute_raw(stmt(&sql, write_values(&c)?))
            .await
            .map_err(conflict(Conflict::CourseCode))?;
        let id = done.last_insert_id() as i64;
        home::fill(self.db(), id).await?;
        // last: nothing is made on disk for a course the database refused
        let directory = folder::make(&self.platform.courses_dir, &c.directory).await?;
        self.disk.made(self.platform.courses_dir.join(&directory));
        if directory != c.directory {
            exec(
                self.db(),
                "UPDATE course SET directory = ? WHERE id = ?",
                vec![directory.into(), id.into()],
            )
            .await?;
        }
        Ok(id)
    }

    async fn update_course(&self, c: &Course) -> CoreResult<()> {
        let sets: Vec<String> = WRITE_COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
        let mut values = write_values(c)?;
        values.push(c.id.into());
        let sql = format!("UPDATE course SET {} WHERE id = ?", sets.join(", "));
        self.db()
            .execute_raw(stmt(&sql, values))
            .await
            .map_err(conflict(Conflict::CourseCode))?;
        Ok(())
    }

    async fn get_course(&self, id: i64) -> CoreResult<Option<Course>> {
        let sql = format!("{} WHERE c.id = ?", select());
        Ok(courses(self.db(), &sql, vec![id.into()]).await?.pop())
    }

    async fn find_course_by_code(&self, code: &str) -> CoreResult<Option<Course>> {
        // through the column's collation: case, accents and trailing spaces as PHP finds them
        let sql = format!("{} WHERE c.code = ? ORDER BY c.id LIMIT 1", select());
        Ok(courses(self.db(), &sql, vec![code.into()]).await?.pop())
    }

    async fn list_courses(&self, filter: &CourseFilter) -> CoreResult<Vec<Course>> {
        let mut conds = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        if let Some(url) = filter.access_url_id {
            conds.push(
                "EXISTS (SELECT 1 FROM access_url_rel_course r \
                 WHERE r.c_id = c.id AND r.access_url_id = ?)"
                    .to_string(),
            );
            values.push(url.into());
        }
        if let Some(visibilities) = &filter.visibilities {
            if visibilities.is_empty() {
                return Ok(Vec::new());
            }
            conds.push(format!(
                "c.visibility IN ({})",
                crate::sql::marks(visibilities.len())
            ));
            values.extend(visibilities.iter().map(|v| Value::from(*v)));
        }
        let cond = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let sql = format!("{} {cond} ORDER BY COALESCE(c.title, ''), c.id", select());
        courses(self.db(), &sql, values).await
    }

    async fn delete_course(&self, id: i64) -> CoreResult<()> {
        delete::delete_course(self.db(), &self.disk, &self.platform.courses_dir, id).await
    }

    async fn list_descriptions(
        &self,
        course_id: i64,
        session_id: i64,
    ) -> CoreResult<Vec<CourseDescription>> {
        descriptions::list(self.db(), course_id, session_id).await
    }

    async fn save_description(&self, description: &CourseDescription) -> CoreResult<i64> {
        descriptions::save(self.db(), description).await
    }

    async fn put_catalogue_rule(&self, rule: &CatalogueRule) -> CoreResult<()> {
        catalogue::put(self.db(), rule).await
    }

    async fn delete_catalogue_rule(&self, rule: &CatalogueRule) -> CoreResult<bool> {
        catalogue::delete(self.db(), rule).await
    }

    async fn catalogue_rules_of_user(&self, user_id: i64) -> CoreResult<Vec<CatalogueRule>> {
        catalogue::of_user(self.db(), user_id).await
    }
}
