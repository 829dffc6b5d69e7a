//! `legal` (terms and conditions)

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "legal")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub date: DateTime,
    pub content: String,
    #[sea_orm(column_name = "type")]
    pub terms_type: i32,
    pub changes: String,
    pub version: i32,
    pub language_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
