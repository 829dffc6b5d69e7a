//! A course's description sections (outside sessions): read as stored, read as Chamilo's eight
//! standard sections, written one type at a time.

use super::{description_type, visibility, ClosedCourse, CourseDescription};
use crate::error::{CoreError, CoreResult, Entity};
use crate::extra_fields::{resolve, ItemRef, ItemType};
use crate::gateway::Gateway;
use crate::limits::{self, check_len};
use crate::ports::Repo;

/// One of the eight standard sections as a course has it: the stored title and content, empty
/// when the course has no section of that type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandardSection {
    pub description_type: i32,
    pub default_title: &'static str,
    pub title: String,
    pub content: String,
}

/// How a caller writes sections. soap.php writes any type with the title as given;
/// registration.soap.php writes only the standard types, names an untitled section by its
/// type's default title, and takes a closed course as deleted.
#[derive(Debug, Clone, Copy, Default)]
pub struct SectionRules {
    pub closed: ClosedCourse,
    /// Only types 1 to 8 (another is `Invalid`); an empty title is the type's default title.
    pub standard_only: bool,
}

/// The course a reference names; under `ClosedCourse::Deleted` a closed one is `NotFound`.
async fn course_id(repo: &dyn Repo, course: &ItemRef, closed: ClosedCourse) -> CoreResult<i64> {
    let id = resolve(repo, ItemType::Course, course).await?;
    if closed == ClosedCourse::Deleted {
        let course = repo.get_course(id).await?;
        if course.is_none_or(|c| c.visibility == visibility::CLOSED) {
            return Err(CoreError::NotFound(Entity::Course));
        }
    }
    Ok(id)
}

/// The eight standard sections, in type order, each filled from the first stored section of
/// its type.
fn standard_sections(stored: &[CourseDescription]) -> Vec<StandardSection> {
    (description_type::GENERAL..=description_type::CUSTOM)
        .zip(description_type::DEFAULT_TITLES)
        .map(|(t, default_title)| {
            let found = stored.iter().find(|d| d.description_type == t);
            StandardSection {
                description_type: t,
                default_title,
                title: found.map(|d| d.title.clone()).unwrap_or_default(),
                content: found.map(|d| d.content.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

impl Gateway {
    /// Description sections of a course outside sessions.
    pub async fn course_descriptions(
        &self,
        course: impl Into<ItemRef>,
    ) -> CoreResult<Vec<CourseDescription>> {
        let course_id = resolve(self.repo(), ItemType::Course, &course.into()).await?;
        self.repo().list_descriptions(course_id, 0).await
    }

    /// The course's eight standard sections (types 1 to 8), stored or not.
    pub async fn standard_course_sections(
        &self,
        course: impl Into<ItemRef>,
        closed: ClosedCourse,
    ) -> CoreResult<Vec<StandardSection>> {
        let course_id = course_id(self.repo(), &course.into(), closed).await?;
        let stored = self.repo().list_descriptions(course_id, 0).await?;
        Ok(standard_sections(&stored))
    }

    /// Sets the title and content of the section of this type, creating it when missing.
    pub async fn save_course_description(
        &self,
        course: impl Into<ItemRef>,
        description_type: i32,
        title: &str,
        content: &str,
        rules: SectionRules,
    ) -> CoreResult<i64> {
        let tx = self.begin().await?;
        // the course first: an unknown course answers as such whatever the texts
        let course_id = course_id(&*tx, &course.into(), rules.closed).await?;
        let mut title = title.to_string();
        if rules.standard_only {
            let default = description_type::default_title(description_type).ok_or_else(|| {
                CoreError::invalid(
                    "course_desc_id",
                    format!("{description_type} is not a section type (1-8)"),
                )
            })?;
            if title.trim().is_empty() {
                title = default.to_string();
            }
        }
        check_len("course_desc_title", &title, limits::SHORT_TEXT)?;
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
            title,
            content: content.to_string(),
            progress: existing.map_or(0, |d| d.progress),
        };
        let id = tx.save_description(&description).await?;
        self.commit(tx).await?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_sections_are_filled_by_type() {
        let stored = |id, description_type, title: &str| CourseDescription {
            id,
            course_id: 1,
            session_id: 0,
            description_type,
            title: title.into(),
            content: format!("<p>{title}</p>"),
            progress: 0,
        };
        let sections = standard_sections(&[
            stored(9, 2, "Goals"),
            stored(12, 2, "Later goals"),
            stored(3, 11, "Not standard"),
        ]);
        let types: Vec<i32> = sections.iter().map(|s| s.description_type).collect();
        assert_eq!(types, [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(sections[0].default_title, "Description");
        assert_eq!(
            (sections[0].title.as_str(), sections[0].content.as_str()),
            ("", "")
        );
        assert_eq!(sections[1].title, "Goals", "the first stored of its type");
        assert_eq!(sections[1].content, "<p>Goals</p>");
        assert_eq!(sections[7].default_title, "Add category");
    }

    #[test]
    fn default_titles_of_the_standard_types_only() {
        assert_eq!(description_type::default_title(6), Some("Resources"));
        for t in [0, 9, -1, i32::MIN, i32::MAX] {
            assert_eq!(description_type::default_title(t), None, "{t}");
        }
    }
}
