//! `usergroup_rel_user`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "usergroup_rel_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub usergroup_id: i64,
    pub user_id: i64,
    pub relation_type: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
