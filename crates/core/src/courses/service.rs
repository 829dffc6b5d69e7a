//! Course services: edit, delete, read, list. Creation is in `create.rs`, description sections
//! in `descriptions.rs`.

use super::{Course, CourseFilter};
use crate::error::{CoreError, CoreResult, Entity};
use crate::extra_fields::{self, resolve, ExtraValue, ItemRef, ItemType};
use crate::gateway::{now, Gateway};
use crate::limits::{self, check_all, check_len};
use crate::ports::Repo;

#[derive(Debug, Clone, Default)]
pub struct CoursePatch {
    pub title: Option<String>,
    pub category_code: Option<String>,
    pub department_name: Option<String>,
    pub department_url: Option<String>,
    pub course_language: Option<String>,
    pub visibility: Option<i32>,
    pub subscribe: Option<bool>,
    pub unsubscribe: Option<bool>,
    pub visual_code: Option<String>,
    pub tutor_name: Option<String>,
    pub disk_quota: Option<i64>,
    pub extras: Vec<(String, String)>,
    /// Write only the extras whose field exists (registration.soap.php's edits).
    pub extras_existing_only: bool,
}

/// Length limits of the course's text fields.
pub(super) fn check_course_lengths(c: &Course) -> CoreResult<()> {
    check_all(
        &[
            ("title", &c.title),
            ("category_code", &c.category_code),
            ("tutor_name", &c.tutor_name),
            ("visual_code", &c.visual_code),
            ("department_name", &c.department_name),
            ("department_url", &c.department_url),
        ],
        limits::SHORT_TEXT,
    )?;
    check_len("course_language", &c.course_language, limits::LANGUAGE)
}

pub(super) fn check_visibility(v: i32) -> CoreResult<i32> {
    if (0..=4).contains(&v) {
        Ok(v)
    } else {
        Err(CoreError::invalid(
            "visibility",
            format!("{v} is not a course visibility (0-4)"),
        ))
    }
}

/// How a course is removed (see [`Gateway::remove_course`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseRemoval {
    /// the course and what hangs on it are deleted
    Delete,
    /// the course stays, closed (visibility 0)
    Close,
}

impl Gateway {
    pub async fn edit_course(
        &self,
        course: impl Into<ItemRef>,
        patch: CoursePatch,
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        let course = tx
            .get_course(course_id)
            .await?
            .ok_or(CoreError::NotFound(Entity::Course))?;
        write_patch(&*tx, course, patch).await?;
        self.commit(tx).await
    }

    /// Deletes the course and everything in it (soap.php, v2.php).
    pub async fn delete_course(&self, course: impl Into<ItemRef>) -> CoreResult<()> {
        self.remove_course(course.into(), CourseRemoval::Delete)
            .await
    }

    /// Removes a course the way the caller's protocol does: deleted for good, or closed
    /// (visibility 0, registration.soap.php's soft delete: a closed course counts as deleted,
    /// so closing one again is `NotFound`).
    pub async fn remove_course(&self, course: ItemRef, how: CourseRemoval) -> CoreResult<()> {
        let tx = self.begin().await?;
        let course_id = resolve(&*tx, ItemType::Course, &course).await?;
        match how {
            CourseRemoval::Delete => tx.delete_course(course_id).await?,
            CourseRemoval::Close => {
                let mut c = tx
                    .get_course(course_id)
                    .await?
                    .ok_or(CoreError::NotFound(Entity::Course))?;
                if c.visibility == super::visibility::CLOSED {
                    return Err(CoreError::NotFound(Entity::Course));
                }
                c.visibility = super::visibility::CLOSED;
                tx.update_course(&c).await?;
            }
        }
        self.commit(tx).await
    }

    pub async fn get_course(&self, course_id: i64) -> CoreResult<Course> {
        self.repo()
            .get_course(course_id)
            .await?
            .ok_or(CoreError::NotFound(Entity::Course))
    }

    pub async fn find_course_by_code(&self, code: &str) -> CoreResult<Option<Course>> {
        self.repo().find_course_by_code(code.trim()).await
    }

    pub async fn list_courses(&self, filter: &CourseFilter) -> CoreResult<Vec<Course>> {
        self.repo().list_courses(filter).await
    }

    pub async fn course_extras(&self, course_id: i64) -> CoreResult<Vec<ExtraValue>> {
        self.repo().values_of(ItemType::Course, course_id).await
    }
}

/// Writes the fields the patch gives over `course`, and its extras, inside the caller's
/// transaction (an edit, or a creation that updates the course its external id names).
pub(super) async fn write_patch(
    tx: &dyn Repo,
    mut course: Course,
    patch: CoursePatch,
) -> CoreResult<()> {
    if let Some(v) = patch.title {
        if v.trim().is_empty() {
            return Err(CoreError::invalid("title", "must not be empty"));
        }
        course.title = v.trim().to_string();
    }
    if let Some(v) = patch.category_code {
        course.category_code = v;
    }
    if let Some(v) = patch.department_name {
        course.department_name = v;
    }
    if let Some(v) = patch.department_url {
        course.department_url = v;
    }
    if let Some(v) = patch.course_language {
        course.course_language = v.trim().to_lowercase();
    }
    if let Some(v) = patch.visibility {
        course.visibility = check_visibility(v)?;
    }
    if let Some(v) = patch.subscribe {
        course.subscribe = v;
    }
    if let Some(v) = patch.unsubscribe {
        course.unsubscribe = v;
    }
    if let Some(v) = patch.visual_code {
        course.visual_code = v;
    }
    if let Some(v) = patch.tutor_name {
        course.tutor_name = v;
    }
    if let Some(v) = patch.disk_quota {
        course.disk_quota = v;
    }
    course.last_edit = Some(now());
    check_course_lengths(&course)?;
    tx.update_course(&course).await?;
    if patch.extras_existing_only {
        extra_fields::write_existing_extras(tx, ItemType::Course, course.id, &patch.extras).await
    } else {
        extra_fields::write_extras(tx, ItemType::Course, course.id, &patch.extras).await
    }
}
