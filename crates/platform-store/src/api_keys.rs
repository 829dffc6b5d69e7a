//! Api keys in `user_api_key` (chamilo-db.md §2.6): REST v2's service `MsgREST`, the same rows
//! PHP Chamilo's own REST reads.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, exec, fit};
use async_trait::async_trait;
use chamilo_core::ports::ApiKeyRepo;
use chamilo_core::types::api_keys::ApiKey;
use chamilo_core::CoreResult;
use sea_orm::FromQueryResult;

pub(crate) const TABLES: &[Needs] = &[(
    "user_api_key",
    &["id", "user_id", "api_key", "api_service", "created_date"],
)];

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    user_id: i64,
    api_key: String,
    api_service: String,
}

#[async_trait]
impl<C: Conn> ApiKeyRepo for Repos<C> {
    async fn api_keys(&self, user_id: i64, service: &str) -> CoreResult<Vec<ApiKey>> {
        // inside a transaction this locks the user's row first, so two processes handing
        // out a user's first key one after the other find each other's key (no unique index
        // on the table to catch the second)
        exec(
            self.db(),
            "SELECT id FROM user WHERE id = ? FOR UPDATE",
            vec![user_id.into()],
        )
        .await?;
        let rows: Vec<Row> = all(
            self.db(),
            "SELECT id, user_id, api_key, api_service FROM user_api_key \
             WHERE user_id = ? AND api_service = ? ORDER BY id",
            vec![user_id.into(), service.into()],
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| ApiKey {
                id: r.id,
                user_id: r.user_id,
                api_key: r.api_key,
                api_service: r.api_service,
            })
            .collect())
    }

    async fn insert_api_key(&self, user_id: i64, service: &str, key: &str) -> CoreResult<ApiKey> {
        let done = exec(
            self.db(),
            "INSERT INTO user_api_key (user_id, api_key, api_service, created_date) \
             VALUES (?, ?, ?, UTC_TIMESTAMP())",
            vec![
                user_id.into(),
                fit("api key", key, 32)?.into(),
                fit("api service", service, 10)?.into(),
            ],
        )
        .await?;
        Ok(ApiKey {
            id: done.last_insert_id() as i64,
            user_id,
            api_key: key.to_string(),
            api_service: service.to_string(),
        })
    }

    async fn delete_api_key(&self, id: i64) -> CoreResult<()> {
        exec(
            self.db(),
            "DELETE FROM user_api_key WHERE id = ?",
            vec![id.into()],
        )
        .await?;
        Ok(())
    }
}
