//! `course`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub code_canonical: String,
    pub title: String,
    pub directory: String,
    pub course_language: String,
    pub description: String,
    pub category_code: String,
    pub visibility: i32,
    pub show_score: i32,
    pub tutor_name: String,
    pub visual_code: String,
    pub department_name: String,
    pub department_url: String,
    pub disk_quota: i64,
    pub last_visit: Option<DateTime>,
    pub last_edit: Option<DateTime>,
    pub creation_date: DateTime,
    pub expiration_date: Option<DateTime>,
    pub subscribe: bool,
    pub unsubscribe: bool,
    pub registration_code: Option<String>,
    pub legal: String,
    pub activate_legal: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
