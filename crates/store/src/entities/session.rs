//! `session`

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub name_canonical: String,
    pub description: String,
    pub display_start_date: Option<DateTime>,
    pub display_end_date: Option<DateTime>,
    pub access_start_date: Option<DateTime>,
    pub access_end_date: Option<DateTime>,
    pub coach_access_start_date: Option<DateTime>,
    pub coach_access_end_date: Option<DateTime>,
    pub duration: Option<i32>,
    pub visibility: i32,
    pub id_coach: Option<i64>,
    pub session_admin_id: Option<i64>,
    pub session_category_id: Option<i64>,
    pub promotion_id: Option<i64>,
    pub show_description: bool,
    pub send_subscription_notification: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
