//! `SettingsRepo`: `settings` (variable -> value).

use crate::entities::settings;
use crate::error::storage;
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::SettingsRepo;
use chamilo_core::CoreResult;
use sea_orm::sea_query::OnConflict;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[async_trait]
impl<C: Conn> SettingsRepo for Repos<C> {
    async fn get_setting(&self, name: &str) -> CoreResult<Option<String>> {
        let row = settings::Entity::find()
            .filter(settings::Column::Variable.eq(name))
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(|r| r.value))
    }

    async fn set_setting(&self, name: &str, value: &str) -> CoreResult<()> {
        let row = settings::ActiveModel {
            id: NotSet,
            variable: Set(name.to_string()),
            value: Set(value.to_string()),
        };
        settings::Entity::insert(row)
            .on_conflict(
                OnConflict::column(settings::Column::Variable)
                    .update_column(settings::Column::Value)
                    .to_owned(),
            )
            .exec_without_returning(self.db())
            .await
            .map_err(storage)?;
        Ok(())
    }
}
