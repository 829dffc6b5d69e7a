//! `ApiKeyRepo`: `user_api_key`.

use crate::entities::user_api_key;
use crate::error::storage;
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::ApiKeyRepo;
use chamilo_core::types::api_keys::ApiKey;
use chamilo_core::types::now;
use chamilo_core::CoreResult;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

#[async_trait]
impl<C: Conn> ApiKeyRepo for Repos<C> {
    async fn api_keys(&self, user_id: i64, service: &str) -> CoreResult<Vec<ApiKey>> {
        let rows = user_api_key::Entity::find()
            .filter(user_api_key::Column::UserId.eq(user_id))
            .filter(user_api_key::Column::ApiService.eq(service))
            .order_by_asc(user_api_key::Column::Id)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows
            .into_iter()
            .map(|m| ApiKey {
                id: m.id,
                user_id: m.user_id,
                api_key: m.api_key,
                api_service: m.api_service,
            })
            .collect())
    }

    async fn insert_api_key(&self, user_id: i64, service: &str, key: &str) -> CoreResult<ApiKey> {
        let row = user_api_key::ActiveModel {
            id: NotSet,
            user_id: Set(user_id),
            api_key: Set(key.to_string()),
            api_service: Set(service.to_string()),
            created_date: Set(now()),
        };
        let id = user_api_key::Entity::insert(row)
            .exec(self.db())
            .await
            .map_err(storage)?
            .last_insert_id;
        Ok(ApiKey {
            id,
            user_id,
            api_key: key.to_string(),
            api_service: service.to_string(),
        })
    }

    async fn delete_api_key(&self, id: i64) -> CoreResult<()> {
        user_api_key::Entity::delete_by_id(id)
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(())
    }
}
