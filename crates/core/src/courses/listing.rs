//! The course list with what a catalogue shows beside each course: its value of one extra field
//! (the caller's external id) and how many students it has.

use super::{Course, CourseFilter};
use crate::error::CoreResult;
use crate::gateway::Gateway;
use crate::types::extra_fields::ItemType;
use crate::types::subscriptions::course_status;

/// A course as a catalogue lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedCourse {
    pub course: Course,
    /// Its value of the requested extra field; empty when none was requested or it has none.
    pub external_id: String,
    pub students: usize,
}

/// Which courses, and which page of them.
#[derive(Debug, Clone, Default)]
pub struct CourseListing {
    pub filter: CourseFilter,
    /// The extra field whose values are listed as the external id.
    pub external_field: Option<String>,
    pub offset: usize,
    /// At most this many courses; none: all.
    pub limit: Option<usize>,
}

impl Gateway {
    /// The courses of `listing.filter`, in the store's order, one page of them, each with its
    /// external id and student count.
    pub async fn list_courses_with(
        &self,
        listing: &CourseListing,
    ) -> CoreResult<Vec<ListedCourse>> {
        let repo = self.repo();
        let field = match listing
            .external_field
            .as_deref()
            .filter(|f| !f.trim().is_empty())
        {
            Some(name) => repo.find_field(ItemType::Course, name).await?,
            None => None,
        };
        let courses = repo.list_courses(&listing.filter).await?;
        let page = courses
            .into_iter()
            .skip(listing.offset)
            .take(listing.limit.unwrap_or(usize::MAX));
        let mut out = Vec::new();
        for course in page {
            let external_id = match &field {
                Some(f) => repo.get_value(f.id, course.id).await?.unwrap_or_default(),
                None => String::new(),
            };
            let students = repo
                .course_users(course.id)
                .await?
                .iter()
                .filter(|cu| cu.status == course_status::STUDENT)
                .count();
            out.push(ListedCourse {
                course,
                external_id,
                students,
            });
        }
        Ok(out)
    }
}
