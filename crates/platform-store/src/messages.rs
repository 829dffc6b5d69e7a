//! messages: not yet served over a Chamilo database (placeholder, replaced before the mode is offered).

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use async_trait::async_trait;
use chamilo_core::ports::*;
use chamilo_core::types::messages::*;
use chamilo_core::{CoreError, CoreResult};
use chrono::NaiveDateTime;

pub(crate) const TABLES: &[Needs] = &[];

#[async_trait]
impl<C: Conn> MessageRepo for Repos<C> {
    async fn insert_message(&self, _message: &Message) -> CoreResult<i64> {
        Err(pending("messages"))
    }
    async fn get_message(&self, _id: i64) -> CoreResult<Option<Message>> {
        Err(pending("messages"))
    }
    async fn set_message_status(
        &self,
        _id: i64,
        _status: i32,
        _at: NaiveDateTime,
    ) -> CoreResult<()> {
        Err(pending("messages"))
    }
    async fn received_messages(
        &self,
        _user_id: i64,
        _statuses: &[i32],
        _after_id: i64,
    ) -> CoreResult<Vec<Message>> {
        Err(pending("messages"))
    }
    async fn sent_messages(&self, _user_id: i64) -> CoreResult<Vec<Message>> {
        Err(pending("messages"))
    }
    async fn count_received(&self, _user_id: i64, _status: i32) -> CoreResult<u64> {
        Err(pending("messages"))
    }
}

fn pending(what: &str) -> CoreError {
    CoreError::Storage(format!("{what} are not yet served over a Chamilo database"))
}
