//! `CourseRepo`: `course`, its description sections (`c_course_description`), and what hangs
//! on a course.

use crate::entities::{
    access_url_rel_course, course, course_description, course_rel_user, course_rel_user_catalogue,
    session_rel_course, session_rel_course_rel_user,
};
use crate::error::{conflict, storage};
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::CourseRepo;
use chamilo_core::types::courses::{CatalogueRule, Course, CourseDescription, CourseFilter};
use chamilo_core::{Conflict, CoreResult, ItemType};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

fn to_core(m: course::Model) -> Course {
    Course {
        id: m.id,
        code: m.code,
        title: m.title,
        directory: m.directory,
        course_language: m.course_language,
        description: m.description,
        category_code: m.category_code,
        visibility: m.visibility,
        show_score: m.show_score,
        tutor_name: m.tutor_name,
        visual_code: m.visual_code,
        department_name: m.department_name,
        department_url: m.department_url,
        disk_quota: m.disk_quota,
        last_visit: m.last_visit,
        last_edit: m.last_edit,
        creation_date: m.creation_date,
        expiration_date: m.expiration_date,
        subscribe: m.subscribe,
        unsubscribe: m.unsubscribe,
        registration_code: m.registration_code,
        legal: m.legal,
        activate_legal: m.activate_legal,
    }
}

fn to_active(c: &Course) -> course::ActiveModel {
    course::ActiveModel {
        id: NotSet,
        code: Set(c.code.clone()),
        code_canonical: Set(c.code.to_lowercase()),
        title: Set(c.title.clone()),
        directory: Set(c.directory.clone()),
        course_language: Set(c.course_language.clone()),
        description: Set(c.description.clone()),
        category_code: Set(c.category_code.clone()),
        visibility: Set(c.visibility),
        show_score: Set(c.show_score),
        tutor_name: Set(c.tutor_name.clone()),
        visual_code: Set(c.visual_code.clone()),
        department_name: Set(c.department_name.clone()),
        department_url: Set(c.department_url.clone()),
        disk_quota: Set(c.disk_quota),
        last_visit: Set(c.last_visit),
        last_edit: Set(c.last_edit),
        creation_date: Set(c.creation_date),
        expiration_date: Set(c.expiration_date),
        subscribe: Set(c.subscribe),
        unsubscribe: Set(c.unsubscribe),
        registration_code: Set(c.registration_code.clone()),
        legal: Set(c.legal.clone()),
        activate_legal: Set(c.activate_legal),
    }
}

fn description_to_core(m: course_description::Model) -> CourseDescription {
    CourseDescription {
        id: m.id,
        course_id: m.c_id,
        session_id: m.session_id,
        description_type: m.description_type,
        title: m.title,
        content: m.content,
        progress: m.progress,
    }
}

#[async_trait]
impl<C: Conn> CourseRepo for Repos<C> {
    async fn insert_course(&self, c: &Course) -> CoreResult<i64> {
        Ok(course::Entity::insert(to_active(c))
            .exec(self.db())
            .await
            .map_err(conflict(Conflict::CourseCode))?
            .last_insert_id)
    }

    async fn update_course(&self, c: &Course) -> CoreResult<()> {
        course::Entity::update_many()
            .set(to_active(c))
            .filter(course::Column::Id.eq(c.id))
            .exec(self.db())
            .await
            .map_err(conflict(Conflict::CourseCode))?;
        Ok(())
    }

    async fn get_course(&self, id: i64) -> CoreResult<Option<Course>> {
        let row = course::Entity::find_by_id(id)
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(to_core))
    }

    async fn find_course_by_code(&self, code: &str) -> CoreResult<Option<Course>> {
        let row = course::Entity::find()
            .filter(course::Column::CodeCanonical.eq(code.to_lowercase()))
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(to_core))
    }

    async fn list_courses(&self, filter: &CourseFilter) -> CoreResult<Vec<Course>> {
        let mut query = course::Entity::find();
        if let Some(url_id) = filter.access_url_id {
            query = query.filter(
                course::Column::Id.in_subquery(
                    Query::select()
                        .column(access_url_rel_course::Column::CId)
                        .from(access_url_rel_course::Entity)
                        .and_where(access_url_rel_course::Column::AccessUrlId.eq(url_id))
                        .to_owned(),
                ),
            );
        }
        if let Some(visibilities) = &filter.visibilities {
            query = query.filter(course::Column::Visibility.is_in(visibilities.iter().copied()));
        }
        let rows = query
            .order_by_asc(course::Column::Title)
            .order_by_asc(course::Column::Id)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(to_core).collect())
    }

    async fn delete_course(&self, id: i64) -> CoreResult<()> {
        let db = self.db();
        course_rel_user::Entity::delete_many()
            .filter(course_rel_user::Column::CId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        session_rel_course_rel_user::Entity::delete_many()
            .filter(session_rel_course_rel_user::Column::CId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        session_rel_course::Entity::delete_many()
            .filter(session_rel_course::Column::CId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        course_description::Entity::delete_many()
            .filter(course_description::Column::CId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        access_url_rel_course::Entity::delete_many()
            .filter(access_url_rel_course::Column::CId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        course_rel_user_catalogue::Entity::delete_many()
            .filter(course_rel_user_catalogue::Column::CId.eq(id))
            .exec(db)
            .await
            .map_err(storage)?;
        self.delete_extra_values(ItemType::Course, id).await?;
        course::Entity::delete_by_id(id)
            .exec(db)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn list_descriptions(
        &self,
        course_id: i64,
        session_id: i64,
    ) -> CoreResult<Vec<CourseDescription>> {
        let rows = course_description::Entity::find()
            .filter(course_description::Column::CId.eq(course_id))
            .filter(course_description::Column::SessionId.eq(session_id))
            .order_by_asc(course_description::Column::DescriptionType)
            .order_by_asc(course_description::Column::Id)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(description_to_core).collect())
    }

    async fn save_description(&self, d: &CourseDescription) -> CoreResult<i64> {
        let row = course_description::ActiveModel {
            id: NotSet,
            c_id: Set(d.course_id),
            session_id: Set(d.session_id),
            description_type: Set(d.description_type),
            title: Set(d.title.clone()),
            content: Set(d.content.clone()),
            progress: Set(d.progress),
        };
        if d.id == 0 {
            return Ok(course_description::Entity::insert(row)
                .exec(self.db())
                .await
                .map_err(storage)?
                .last_insert_id);
        }
        course_description::Entity::update_many()
            .set(row)
            .filter(course_description::Column::Id.eq(d.id))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(d.id)
    }

    async fn put_catalogue_rule(&self, rule: &CatalogueRule) -> CoreResult<()> {
        let row = course_rel_user_catalogue::ActiveModel {
            id: NotSet,
            user_id: Set(rule.user_id),
            c_id: Set(rule.course_id),
            visible: Set(rule.visible),
        };
        course_rel_user_catalogue::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    course_rel_user_catalogue::Column::UserId,
                    course_rel_user_catalogue::Column::CId,
                ])
                .update_column(course_rel_user_catalogue::Column::Visible)
                .to_owned(),
            )
            .exec_without_returning(self.db())
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn delete_catalogue_rule(&self, rule: &CatalogueRule) -> CoreResult<bool> {
        let res = course_rel_user_catalogue::Entity::delete_many()
            .filter(course_rel_user_catalogue::Column::UserId.eq(rule.user_id))
            .filter(course_rel_user_catalogue::Column::CId.eq(rule.course_id))
            .filter(course_rel_user_catalogue::Column::Visible.eq(rule.visible))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(res.rows_affected > 0)
    }

    async fn catalogue_rules_of_user(&self, user_id: i64) -> CoreResult<Vec<CatalogueRule>> {
        let rows = course_rel_user_catalogue::Entity::find()
            .filter(course_rel_user_catalogue::Column::UserId.eq(user_id))
            .order_by_asc(course_rel_user_catalogue::Column::CId)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .map(|r| CatalogueRule {
                user_id: r.user_id,
                course_id: r.c_id,
                visible: r.visible,
            })
            .collect())
    }
}
