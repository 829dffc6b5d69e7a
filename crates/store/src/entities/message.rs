//! `message`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_sender_id: i64,
    pub user_receiver_id: i64,
    pub msg_status: i32,
    pub send_date: DateTime,
    pub title: String,
    pub content: String,
    pub group_id: i64,
    pub parent_id: i64,
    pub update_date: Option<DateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
