//! Course services: create (with a unique code), edit, delete, list, descriptions.

use super::code::{code_from_title, unique_code_candidates};
use super::{Course, CourseDescription, CourseFilter};
use crate::error::{CoreError, CoreResult, Entity};
use crate::extra_fields::{self, resolve, ExternalRef, ExtraValue, ItemRef, ItemType};
use crate::gateway::{now, Gateway};
use crate::limits::{self, check_all, check_len};
use crate::types::subscriptions::{course_status, CourseUser};
use crate::urls::{UrlMember, DEFAULT_URL_ID};

#[derive(Debug, Clone)]
pub struct NewCourse {
    pub title: String,
    /// Empty: derived from the title.
    pub wanted_code: String,
    pub category_code: String,
    pub tutor_name: String,
    pub course_language: String,
    pub visibility: i32,
    pub disk_quota: i64,
    pub subscribe: bool,
    pub unsubscribe: bool,
    pub department_name: String,
    pub department_url: String,
    /// Registered as the course's teacher; looked up before anything else is checked (SOAP's
    /// CreateCourse answers an unknown course admin first).
    pub teacher: Option<ItemRef>,
    pub external_id: Option<ExternalRef>,
    pub extras: Vec<(String, String)>,
    pub access_url_id: i64,
}

impl Default for NewCourse {
    fn default() -> Self {
        NewCourse {
            title: String::new(),
            wanted_code: String::new(),
            category_code: String::new(),
            tutor_name: String::new(),
            course_language: String::new(),
            visibility: super::visibility::OPEN_PLATFORM,
            disk_quota: 100 * 1024 * 1024,
            subscribe: true,
            unsubscribe: false,
            department_name: String::new(),
            department_url: String::new(),
            teacher: None,
            external_id: None,
            extras: Vec::new(),
            access_url_id: DEFAULT_URL_ID,
        }
    }
}

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
fn check_course_lengths(c: &Course) -> CoreResult<()> {
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

fn check_visibility(v: i32) -> CoreResult<i32> {
    if (0..=4).contains(&v) {
        Ok(v)
    } else {
        Err(CoreError::invalid(
            "visibility",
            format!("{v} is not a course visibility (0-4)"),
        ))
    }
}

/// The created course's id and (possibly varied) code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedCourse {
    pub id: i64,
    pub code: String,
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
    pub async fn create_course(&self, new: NewCourse) -> CoreResult<CreatedCourse> {
        let tx = self.begin().await?;
        let teacher = match &new.teacher {
            Some(r) => Some(resolve(&*tx, ItemType::User, r).await?),
            None => None,
        };
        let title = new.title.trim().to_string();
        if title.is_empty() {
            return Err(CoreError::invalid("title", "must not be empty"));
        }
        let wanted = if new.wanted_code.trim().is_empty() {
            &title
        } else {
            &new.wanted_code
        };
        let base = code_from_title(wanted);
        if base.is_empty() {
            return Err(CoreError::invalid(
                "wanted_code",
                "no usable characters (A-Z, 0-9, _) to build a code from",
            ));
        }
        let visibility = check_visibility(new.visibility)?;
        let id_field = match &new.external_id {
            Some(r) => extra_fields::claim_external_id(&*tx, ItemType::Course, r).await?,
            None => None,
        };
        let mut code = String::new();
        for candidate in unique_code_candidates(&base).take(10_000) {
            if tx.find_course_by_code(&candidate).await?.is_none() {
                code = candidate;
                break;
            }
        }
        if code.is_empty() {
            return Err(CoreError::AlreadyExists(crate::Conflict::CourseCode));
        }
        let course = Course {
            id: 0,
            code: code.clone(),
            title,
            directory: code.clone(),
            course_language: new.course_language.trim().to_lowercase(),
            description: String::new(),
            category_code: new.category_code,
            visibility,
            show_score: 1,
            tutor_name: new.tutor_name,
            visual_code: code.clone(),
            department_name: new.department_name,
            department_url: new.department_url,
            disk_quota: new.disk_quota,
            last_visit: None,
            last_edit: None,
            creation_date: now(),
            expiration_date: None,
            subscribe: new.subscribe,
            unsubscribe: new.unsubscribe,
            registration_code: None,
            legal: String::new(),
            activate_legal: false,
        };
        check_course_lengths(&course)?;
        let id = tx.insert_course(&course).await?;
        crate::urls::link_member(&*tx, new.access_url_id, UrlMember::Course(id)).await?;
        if let Some(teacher) = teacher {
            tx.insert_course_user(&CourseUser {
                course_id: id,
                user_id: teacher,
                status: course_status::TEACHER,
            })
            .await?;
        }
        if let (Some(field), Some(r)) = (id_field, &new.external_id) {
            tx.set_value(field.id, id, &r.value).await?;
        }
        extra_fields::write_extras(&*tx, ItemType::Course, id, &new.extras).await?;
        self.commit(tx).await?;
        Ok(CreatedCourse { id, code })
    }

    pub async fn edit_course(
        &self,
        course: impl Into<ItemRef>,
        patch: CoursePatch,
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        let mut course = tx
            .get_course(course_id)
            .await?
            .ok_or(CoreError::NotFound(Entity::Course))?;
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
            extra_fields::write_existing_extras(&*tx, ItemType::Course, course_id, &patch.extras)
                .await?;
        } else {
            extra_fields::write_extras(&*tx, ItemType::Course, course_id, &patch.extras).await?;
        }
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

    /// Description sections of a course outside sessions.
    pub async fn course_descriptions(
        &self,
        course: impl Into<ItemRef>,
    ) -> CoreResult<Vec<CourseDescription>> {
        let course_id = resolve(self.repo(), ItemType::Course, &course.into()).await?;
        self.repo().list_descriptions(course_id, 0).await
    }

    /// Sets the title and content of the section of this type, creating it when missing.
    pub async fn save_course_description(
        &self,
        course: impl Into<ItemRef>,
        description_type: i32,
        title: &str,
        content: &str,
    ) -> CoreResult<i64> {
        let tx = self.begin().await?;
        // the course first: an unknown course answers as such whatever the texts
        let course_id = resolve(&*tx, ItemType::Course, &course.into()).await?;
        check_len("course_desc_title", title, limits::SHORT_TEXT)?;
        let existing = tx
            .list_descriptions(course_id, 0)
            .await?
            .into_iter()
            .find(|d| d.description_type == description_type);
        let description = CourseDescription {
            id: existing.as_ref().map_or(0, |d| d.id),
            course_id,
            session_id: 0,
            description_type,
            title: title.to_string(),
            content: content.to_string(),
            progress: existing.map_or(0, |d| d.progress),
        };
        let id = tx.save_description(&description).await?;
        self.commit(tx).await?;
        Ok(id)
    }
}
