use crate::error::CoreResult;
use crate::types::courses::{CatalogueRule, Course, CourseDescription, CourseFilter};
use async_trait::async_trait;

/// Persistence of courses. Codes are unique (a clash is `AlreadyExists(CourseCode)`).
#[async_trait]
pub trait CourseRepo: Send + Sync {
    async fn insert_course(&self, course: &Course) -> CoreResult<i64>;
    async fn update_course(&self, course: &Course) -> CoreResult<()>;
    async fn get_course(&self, id: i64) -> CoreResult<Option<Course>>;
    /// Case-insensitive exact match on the code.
    async fn find_course_by_code(&self, code: &str) -> CoreResult<Option<Course>>;
    /// Ordered by title, then id.
    async fn list_courses(&self, filter: &CourseFilter) -> CoreResult<Vec<Course>>;
    /// Removes the course with its subscriptions, session links, descriptions, catalogue rules
    /// and extra values.
    async fn delete_course(&self, id: i64) -> CoreResult<()>;

    /// Sections of (course, session), ordered by type then id.
    async fn list_descriptions(
        &self,
        course_id: i64,
        session_id: i64,
    ) -> CoreResult<Vec<CourseDescription>>;
    /// Inserts when `id` is 0, else updates; returns the id.
    async fn save_description(&self, description: &CourseDescription) -> CoreResult<i64>;

    /// Inserts the (user, course) rule or sets its visibility.
    async fn put_catalogue_rule(&self, rule: &CatalogueRule) -> CoreResult<()>;
    /// Removes the (user, course) rule when it has this visibility; whether one was removed.
    async fn delete_catalogue_rule(&self, rule: &CatalogueRule) -> CoreResult<bool>;
    /// The user's rules, by course id.
    async fn catalogue_rules_of_user(&self, user_id: i64) -> CoreResult<Vec<CatalogueRule>>;
}
