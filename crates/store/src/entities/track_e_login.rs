//! `track_e_login`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "track_e_login")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub login_id: i64,
    pub login_user_id: i64,
    pub login_date: DateTime,
    pub user_ip: String,
    pub logout_date: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
