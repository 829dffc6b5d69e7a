//! `c_course_description`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "c_course_description")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub c_id: i64,
    pub session_id: i64,
    pub description_type: i32,
    pub title: String,
    pub content: String,
    pub progress: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
