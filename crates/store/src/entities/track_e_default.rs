//! `track_e_default` (the web-service audit trail)

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "track_e_default")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub default_id: i64,
    pub default_user_id: i64,
    pub c_id: i64,
    pub default_date: DateTime,
    pub default_event_type: String,
    pub default_value_type: String,
    pub default_value: String,
    pub session_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
