//! `gateway_call_count`: web-service calls per hour and per day, by (protocol, operation,
//! outcome, client).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "gateway_call_count")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub period: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub period_start: DateTime,
    #[sea_orm(primary_key, auto_increment = false)]
    pub protocol: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub operation: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub outcome: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub client: String,
    pub calls: i64,
    pub last_call: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
