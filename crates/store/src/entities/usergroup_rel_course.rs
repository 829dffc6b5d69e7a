//! `usergroup_rel_course`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "usergroup_rel_course")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub usergroup_id: i64,
    pub course_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
