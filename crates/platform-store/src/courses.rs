//! courses: not yet served over a Chamilo database (placeholder, replaced before the mode is offered).

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use async_trait::async_trait;
use chamilo_core::ports::*;
use chamilo_core::types::courses::{CatalogueRule, Course, CourseDescription, CourseFilter};
use chamilo_core::{CoreError, CoreResult};

pub(crate) const TABLES: &[Needs] = &[];

#[async_trait]
impl<C: Conn> CourseRepo for Repos<C> {
    async fn insert_course(&self, _course: &Course) -> CoreResult<i64> {
        Err(pending("courses"))
    }
    async fn update_course(&self, _course: &Course) -> CoreResult<()> {
        Err(pending("courses"))
    }
    async fn get_course(&self, _id: i64) -> CoreResult<Option<Course>> {
        Err(pending("courses"))
    }
    async fn find_course_by_code(&self, _code: &str) -> CoreResult<Option<Course>> {
        Err(pending("courses"))
    }
    async fn list_courses(&self, _filter: &CourseFilter) -> CoreResult<Vec<Course>> {
        Err(pending("courses"))
    }
    async fn delete_course(&self, _id: i64) -> CoreResult<()> {
        Err(pending("courses"))
    }
    async fn list_descriptions(
        &self,
        _course_id: i64,
        _session_id: i64,
    ) -> CoreResult<Vec<CourseDescription>> {
        Err(pending("courses"))
    }
    async fn save_description(&self, _description: &CourseDescription) -> CoreResult<i64> {
        Err(pending("courses"))
    }
    async fn put_catalogue_rule(&self, _rule: &CatalogueRule) -> CoreResult<()> {
        Err(pending("courses"))
    }
    async fn delete_catalogue_rule(&self, _rule: &CatalogueRule) -> CoreResult<bool> {
        Err(pending("courses"))
    }
    async fn catalogue_rules_of_user(&self, _user_id: i64) -> CoreResult<Vec<CatalogueRule>> {
        Err(pending("courses"))
    }
}

fn pending(what: &str) -> CoreError {
    CoreError::Storage(format!("{what} are not yet served over a Chamilo database"))
}
