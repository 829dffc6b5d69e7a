//! `MessageRepo`: the `message` table.

use crate::entities::message;
use crate::error::storage;
use crate::repos::{Conn, Repos};
use async_trait::async_trait;
use chamilo_core::ports::MessageRepo;
use chamilo_core::types::messages::{message_status, Message};
use chamilo_core::CoreResult;
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

fn to_core(m: message::Model) -> Message {
    Message {
        id: m.id,
        sender_id: m.user_sender_id,
        receiver_id: m.user_receiver_id,
        status: m.msg_status,
        send_date: m.send_date,
        title: m.title,
        content: m.content,
        group_id: m.group_id,
        parent_id: m.parent_id,
        update_date: m.update_date,
    }
}

#[async_trait]
impl<C: Conn> MessageRepo for Repos<C> {
    async fn insert_message(&self, m: &Message) -> CoreResult<i64> {
        let row = message::ActiveModel {
            id: NotSet,
            user_sender_id: Set(m.sender_id),
            user_receiver_id: Set(m.receiver_id),
            msg_status: Set(m.status),
            send_date: Set(m.send_date),
            title: Set(m.title.clone()),
            content: Set(m.content.clone()),
            group_id: Set(m.group_id),
            parent_id: Set(m.parent_id),
            update_date: Set(m.update_date),
        };
        Ok(message::Entity::insert(row)
            .exec(self.db())
            .await
            .map_err(storage)?
            .last_insert_id)
    }

    async fn get_message(&self, id: i64) -> CoreResult<Option<Message>> {
        let row = message::Entity::find_by_id(id)
            .one(self.db())
            .await
            .map_err(storage)?;
        Ok(row.map(to_core))
    }

    async fn set_message_status(&self, id: i64, status: i32, at: NaiveDateTime) -> CoreResult<()> {
        message::Entity::update_many()
            .col_expr(message::Column::MsgStatus, Expr::value(status))
            .col_expr(message::Column::UpdateDate, Expr::value(Some(at)))
            .filter(message::Column::Id.eq(id))
            .exec(self.db())
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn received_messages(
        &self,
        user_id: i64,
        statuses: &[i32],
        after_id: i64,
    ) -> CoreResult<Vec<Message>> {
        let rows = message::Entity::find()
            .filter(message::Column::UserReceiverId.eq(user_id))
            .filter(message::Column::MsgStatus.is_in(statuses.iter().copied()))
            .filter(message::Column::Id.gt(after_id))
            .order_by_desc(message::Column::SendDate)
            .order_by_desc(message::Column::Id)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(to_core).collect())
    }

    async fn sent_messages(&self, user_id: i64) -> CoreResult<Vec<Message>> {
        let rows = message::Entity::find()
            .filter(message::Column::UserSenderId.eq(user_id))
            .filter(message::Column::MsgStatus.eq(message_status::OUTBOX))
            .order_by_desc(message::Column::SendDate)
            .order_by_desc(message::Column::Id)
            .all(self.db())
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(to_core).collect())
    }

    async fn count_received(&self, user_id: i64, status: i32) -> CoreResult<u64> {
        message::Entity::find()
            .filter(message::Column::UserReceiverId.eq(user_id))
            .filter(message::Column::MsgStatus.eq(status))
            .count(self.db())
            .await
            .map_err(storage)
    }
}
