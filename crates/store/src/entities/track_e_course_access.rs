//! `track_e_course_access`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "track_e_course_access")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub course_access_id: i64,
    pub c_id: i64,
    pub user_id: i64,
    pub login_course_date: DateTime,
    pub logout_course_date: Option<DateTime>,
    pub counter: i32,
    pub session_id: i64,
    pub user_ip: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
