//! Messages between users.

use crate::error::CoreResult;
use crate::types::messages::*;
use async_trait::async_trait;
use chrono::NaiveDateTime;

#[async_trait]
pub trait MessageRepo: Send + Sync {
    async fn insert_message(&self, message: &Message) -> CoreResult<i64>;
    async fn get_message(&self, id: i64) -> CoreResult<Option<Message>>;
    async fn set_message_status(&self, id: i64, status: i32, at: NaiveDateTime) -> CoreResult<()>;
    /// Copies received by the user in one of `statuses` with an id above `after_id`, newest
    /// first (send date, then id).
    async fn received_messages(
        &self,
        user_id: i64,
        statuses: &[i32],
        after_id: i64,
    ) -> CoreResult<Vec<Message>>;
    /// Outbox copies of the user's sent messages, newest first.
    async fn sent_messages(&self, user_id: i64) -> CoreResult<Vec<Message>>;
    async fn count_received(&self, user_id: i64, status: i32) -> CoreResult<u64>;
}
