//! Course creation: a unique code derived from the wanted code or the title, the teacher, the
//! external id and extras; and, for callers that ask for it, the update of the course the
//! external id already names instead of a refusal.

use super::code::{code_from_title, unique_code_candidates};
use super::service::{check_course_lengths, check_visibility, write_patch, CoursePatch};
use super::{visibility, Course, DEFAULT_DISK_QUOTA};
use crate::error::{Conflict, CoreError, CoreResult};
use crate::extra_fields::{self, resolve, ExternalRef, ItemRef, ItemType};
use crate::gateway::{now, Gateway};
use crate::ports::Repo;
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
    /// When the external id already names a course, update that course instead of refusing
    /// the id (registration.soap.php's creates); see [`UpdateExisting`].
    pub update_existing: Option<UpdateExisting>,
    /// An empty tutor name becomes the name of the platform admin with the lowest id, and stays
    /// empty when there is none (registration.soap.php's WSCreateCourseByTitle, whose original
    /// takes the portal's administrator name).
    pub tutor_defaults_to_admin: bool,
    /// A derived code some course already has refuses the creation
    /// (`AlreadyExists(CourseCode)`) instead of being varied (WSCreateCourseByTitle).
    pub refuse_taken_code: bool,
}

impl Default for NewCourse {
    fn default() -> Self {
        NewCourse {
            title: String::new(),
            wanted_code: String::new(),
            category_code: String::new(),
            tutor_name: String::new(),
            course_language: String::new(),
            visibility: visibility::OPEN_PLATFORM,
            disk_quota: DEFAULT_DISK_QUOTA,
            subscribe: true,
            unsubscribe: false,
            department_name: String::new(),
            department_url: String::new(),
            teacher: None,
            external_id: None,
            extras: Vec::new(),
            access_url_id: DEFAULT_URL_ID,
            update_existing: None,
            tutor_defaults_to_admin: false,
            refuse_taken_code: false,
        }
    }
}

/// What a creation writes over the course its external id already names. Always: the title,
/// category, tutor name, the visual code derived as a new course's code would be, and the
/// extras of fields that exist; the visibility and the language only when given here (an
/// update keeps the language it is not given, DECISIONS Q17). A closed course (visibility 0,
/// registration.soap.php's soft delete) is not brought back: the id stays refused
/// (`AlreadyExists(ExternalId)`).
#[derive(Debug, Clone, Default)]
pub struct UpdateExisting {
    pub visibility: Option<i32>,
    pub course_language: Option<String>,
}

/// The created (or, under [`NewCourse::update_existing`], updated) course's id and code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedCourse {
    pub id: i64,
    pub code: String,
    /// An existing course was updated instead of a new one created.
    pub updated: bool,
}

/// The course an updating creation's external id already names, if any.
async fn course_to_update(tx: &dyn Repo, new: &NewCourse) -> CoreResult<Option<Course>> {
    let Some(r) = new
        .external_id
        .as_ref()
        .filter(|_| new.update_existing.is_some())
    else {
        return Ok(None);
    };
    let id = match resolve(tx, ItemType::Course, &ItemRef::External(r.clone())).await {
        Ok(id) => id,
        Err(CoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let course = tx.get_course(id).await?;
    if course
        .as_ref()
        .is_some_and(|c| c.visibility == visibility::CLOSED)
    {
        return Err(CoreError::AlreadyExists(Conflict::ExternalId {
            field: r.field_name.clone(),
        }));
    }
    Ok(course)
}

/// The tutor name to write: as given, or the first admin's "firstname lastname" when asked for.
async fn tutor_name(tx: &dyn Repo, new: &NewCourse) -> CoreResult<String> {
    if !new.tutor_name.trim().is_empty() || !new.tutor_defaults_to_admin {
        return Ok(new.tutor_name.clone());
    }
    Ok(match tx.first_admin().await? {
        Some(admin) => format!("{} {}", admin.firstname, admin.lastname)
            .trim()
            .to_string(),
        None => String::new(),
    })
}

/// The first free code from `base` (or `base` itself, refused when taken, if so asked).
async fn free_code(tx: &dyn Repo, base: &str, refuse_taken: bool) -> CoreResult<String> {
    let tries = if refuse_taken { 1 } else { 10_000 };
    for candidate in unique_code_candidates(base).take(tries) {
        if tx.find_course_by_code(&candidate).await?.is_none() {
            return Ok(candidate);
        }
    }
    Err(CoreError::AlreadyExists(Conflict::CourseCode))
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
        let tutor_name = tutor_name(&*tx, &new).await?;
        if let Some(existing) = course_to_update(&*tx, &new).await? {
            let update = new.update_existing.unwrap_or_default();
            let (id, code) = (existing.id, existing.code.clone());
            let patch = CoursePatch {
                title: Some(title),
                category_code: Some(new.category_code),
                tutor_name: Some(tutor_name),
                visual_code: Some(base),
                visibility: update.visibility,
                course_language: update.course_language,
                extras: new.extras,
                extras_existing_only: true,
                ..CoursePatch::default()
            };
            write_patch(&*tx, existing, patch).await?;
            self.commit(tx).await?;
            return Ok(CreatedCourse {
                id,
                code,
                updated: true,
            });
        }
        let id_field = match &new.external_id {
            Some(r) => extra_fields::claim_external_id(&*tx, ItemType::Course, r).await?,
            None => None,
        };
        let code = free_code(&*tx, &base, new.refuse_taken_code).await?;
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
            tutor_name,
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
        Ok(CreatedCourse {
            id,
            code,
            updated: false,
        })
    }
}
