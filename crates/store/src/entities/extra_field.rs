//! `extra_field`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "extra_field")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub extra_field_type: i32,
    pub variable: String,
    pub variable_canonical: String,
    pub field_type: i32,
    pub display_text: String,
    pub visible_to_self: bool,
    pub filter: bool,
    pub created_at: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
