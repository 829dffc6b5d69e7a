//! Messages in Chamilo's `message` table, as `MessageManager::send_message` writes them: one
//! row per copy (the receiver's, the sender's outbox), `msg_status` holding Chamilo's
//! `MESSAGE_STATUS_*` codes, `update_date` set at sending, `votes` left NULL.

use crate::repos::{Conn, Repos};
use crate::schema::Needs;
use crate::sql::{all, date, exec, fit, marks, number, one};
use async_trait::async_trait;
use chamilo_core::ports::MessageRepo;
use chamilo_core::types::messages::{message_status, Message};
use chamilo_core::CoreResult;
use chrono::NaiveDateTime;
use sea_orm::{FromQueryResult, Value};

pub(crate) const TABLES: &[Needs] = &[(
    "message",
    &[
        "id",
        "user_sender_id",
        "user_receiver_id",
        "msg_status",
        "send_date",
        "title",
        "content",
        "group_id",
        "parent_id",
        "update_date",
    ],
)];

fn select() -> String {
    format!(
        "SELECT id, user_sender_id, user_receiver_id, msg_status, \
         CAST(COALESCE({}, '1970-01-01 00:00:00') AS DATETIME) AS send_date, title, content, \
         group_id, parent_id, {} AS update_date FROM message",
        date("send_date"),
        date("update_date"),
    )
}

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    user_sender_id: i64,
    user_receiver_id: i64,
    msg_status: i32,
    send_date: NaiveDateTime,
    title: String,
    content: String,
    group_id: i64,
    parent_id: i64,
    update_date: Option<NaiveDateTime>,
}

impl From<Row> for Message {
    fn from(r: Row) -> Self {
        Message {
            id: r.id,
            sender_id: r.user_sender_id,
            receiver_id: r.user_receiver_id,
            status: r.msg_status,
            send_date: r.send_date,
            title: r.title,
            content: r.content,
            group_id: r.group_id,
            parent_id: r.parent_id,
            update_date: r.update_date,
        }
    }
}

impl<C: Conn> Repos<C> {
    async fn messages(&self, filter: &str, values: Vec<Value>) -> CoreResult<Vec<Message>> {
        let sql = format!("{} {filter}", select());
        let rows: Vec<Row> = all(self.db(), &sql, values).await?;
        Ok(rows.into_iter().map(Message::from).collect())
    }
}

#[async_trait]
impl<C: Conn> MessageRepo for Repos<C> {
    async fn insert_message(&self, m: &Message) -> CoreResult<i64> {
        let title = fit("title", &m.title, 255)?;
        // `content` is LONGTEXT: only the 3-byte utf8 rule applies
        let content = fit("content", &m.content, usize::MAX)?;
        // Chamilo stamps a new message's `update_date` with its sending time
        let update_date = m.update_date.unwrap_or(m.send_date);
        let done = exec(
            self.db(),
            &format!(
                "INSERT INTO message (user_sender_id, user_receiver_id, msg_status, send_date, \
                 title, content, group_id, parent_id, update_date) VALUES ({})",
                marks(9)
            ),
            vec![
                m.sender_id.into(),
                m.receiver_id.into(),
                m.status.into(),
                m.send_date.into(),
                title.into(),
                content.into(),
                m.group_id.into(),
                m.parent_id.into(),
                update_date.into(),
            ],
        )
        .await?;
        Ok(done.last_insert_id() as i64)
    }

    async fn get_message(&self, id: i64) -> CoreResult<Option<Message>> {
        let sql = format!("{} WHERE id = ?", select());
        Ok(one::<Row>(self.db(), &sql, vec![id.into()])
            .await?
            .map(Message::from))
    }

    async fn set_message_status(&self, id: i64, status: i32, at: NaiveDateTime) -> CoreResult<()> {
        exec(
            self.db(),
            "UPDATE message SET msg_status = ?, update_date = ? WHERE id = ?",
            vec![status.into(), at.into(), id.into()],
        )
        .await?;
        Ok(())
    }

    async fn received_messages(
        &self,
        user_id: i64,
        statuses: &[i32],
        after_id: i64,
    ) -> CoreResult<Vec<Message>> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let mut values: Vec<Value> = vec![user_id.into()];
        values.extend(statuses.iter().map(|s| Value::from(*s)));
        values.push(after_id.into());
        self.messages(
            &format!(
                "WHERE user_receiver_id = ? AND msg_status IN ({}) AND id > ? \
                 ORDER BY message.send_date DESC, message.id DESC",
                marks(statuses.len())
            ),
            values,
        )
        .await
    }

    async fn sent_messages(&self, user_id: i64) -> CoreResult<Vec<Message>> {
        self.messages(
            "WHERE user_sender_id = ? AND msg_status = ? ORDER BY message.send_date DESC, message.id DESC",
            vec![user_id.into(), message_status::OUTBOX.into()],
        )
        .await
    }

    async fn count_received(&self, user_id: i64, status: i32) -> CoreResult<u64> {
        // `MessageManager::getCountNewMessagesFromDB`'s count, on its (receiver, status) index
        let n = number(
            self.db(),
            "SELECT COUNT(*) AS n FROM message WHERE user_receiver_id = ? AND msg_status = ?",
            vec![user_id.into(), status.into()],
        )
        .await?;
        Ok(n.unwrap_or(0) as u64)
    }
}
