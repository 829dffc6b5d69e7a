//! `user`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub username: String,
    pub username_canonical: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub status: i32,
    pub official_code: String,
    pub phone: String,
    pub address: String,
    pub language: String,
    pub auth_source: String,
    pub active: bool,
    pub expiration_date: Option<DateTime>,
    pub registration_date: DateTime,
    pub last_login: Option<DateTime>,
    pub creator_id: Option<i64>,
    pub picture_uri: String,
    pub password: String,
    pub password_method: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
