//! Internal messages between users. Sending writes two rows per receiver, as Chamilo does:
//! the receiver's copy (unread) and the sender's outbox copy. Status changes only ever touch
//! the copy that belongs to the acting user.

pub use crate::types::messages::*;

use crate::error::{CoreError, CoreResult, Entity};
use crate::gateway::{now, Gateway};
use crate::limits::{check_len, SHORT_TEXT};
use crate::users::{User, UserFilter};

/// The user's copy of a message in that box (received: read or unread; sent: outbox).
async fn own_copy(
    repo: &dyn crate::ports::Repo,
    user_id: i64,
    message_id: i64,
    from: MessageBox,
) -> CoreResult<Message> {
    let mine = |m: &Message| match from {
        MessageBox::Inbox => {
            m.receiver_id == user_id
                && (m.status == message_status::READ || m.status == message_status::UNREAD)
        }
        MessageBox::Outbox => m.sender_id == user_id && m.status == message_status::OUTBOX,
    };
    match repo.get_message(message_id).await? {
        Some(m) if mine(&m) => Ok(m),
        _ => Err(CoreError::NotFound(Entity::Message)),
    }
}

impl Gateway {
    /// Sends one message per receiver, all or nothing: an unknown receiver fails the whole
    /// send. No receivers is a successful no-op.
    pub async fn send_message(&self, new: NewMessage) -> CoreResult<()> {
        let mut receivers = new.receivers.clone();
        receivers.sort_unstable();
        receivers.dedup();
        if receivers.is_empty() {
            return Ok(());
        }
        if new.title.trim().is_empty() {
            return Err(CoreError::invalid("title", "must not be empty"));
        }
        check_len("title", &new.title, SHORT_TEXT)?;
        crate::limits::check_text("content", &new.content)?;
        let tx = self.begin().await?;
        if tx.get_user(new.sender_id).await?.is_none() {
            return Err(CoreError::NotFound(Entity::User));
        }
        let at = now();
        for receiver in receivers {
            if receiver <= 0 || tx.get_user(receiver).await?.is_none() {
                return Err(CoreError::NotFound(Entity::User));
            }
            for status in [message_status::UNREAD, message_status::OUTBOX] {
                tx.insert_message(&Message {
                    id: 0,
                    sender_id: new.sender_id,
                    receiver_id: receiver,
                    status,
                    send_date: at,
                    title: new.title.clone(),
                    content: new.content.clone(),
                    group_id: 0,
                    parent_id: 0,
                    update_date: None,
                })
                .await?;
            }
        }
        self.commit(tx).await
    }

    /// Unread received messages with an id above `after_id`, newest first.
    pub async fn unread_messages_since(
        &self,
        user_id: i64,
        after_id: i64,
    ) -> CoreResult<Vec<Message>> {
        self.repo()
            .received_messages(user_id, &[message_status::UNREAD], after_id)
            .await
    }

    /// The inbox (read and unread), newest first.
    pub async fn received_messages(&self, user_id: i64) -> CoreResult<Vec<Message>> {
        self.repo()
            .received_messages(user_id, &[message_status::READ, message_status::UNREAD], 0)
            .await
    }

    /// The outbox, newest first.
    pub async fn sent_messages(&self, user_id: i64) -> CoreResult<Vec<Message>> {
        self.repo().sent_messages(user_id).await
    }

    pub async fn message_counts(&self, user_id: i64) -> CoreResult<MessageCounts> {
        Ok(MessageCounts {
            friends: 0,
            groups: 0,
            inbox: self
                .repo()
                .count_received(user_id, message_status::UNREAD)
                .await?,
        })
    }

    /// Marks the user's received copy read or unread; whether it changed. A message that is
    /// not a (read or unread) message received by the user is `NotFound(Message)`.
    pub async fn mark_message(
        &self,
        user_id: i64,
        message_id: i64,
        read: bool,
    ) -> CoreResult<bool> {
        let target = if read {
            message_status::READ
        } else {
            message_status::UNREAD
        };
        let tx = self.begin().await?;
        let m = own_copy(&*tx, user_id, message_id, MessageBox::Inbox).await?;
        let changed = m.status != target;
        if changed {
            tx.set_message_status(message_id, target, now()).await?;
        }
        self.commit(tx).await?;
        Ok(changed)
    }

    /// Soft-deletes the user's copy (`Inbox`: a received message, `Outbox`: a sent one).
    /// Anything else is `NotFound(Message)`.
    pub async fn delete_message(
        &self,
        user_id: i64,
        message_id: i64,
        from: MessageBox,
    ) -> CoreResult<()> {
        let tx = self.begin().await?;
        own_copy(&*tx, user_id, message_id, from).await?;
        tx.set_message_status(message_id, message_status::DELETED, now())
            .await?;
        self.commit(tx).await
    }

    /// Active users other than `user_id` whose username, first name, last name or full name
    /// contains `q` (case-insensitive), by first name.
    pub async fn message_recipients(&self, user_id: i64, q: &str) -> CoreResult<Vec<User>> {
        let needle = q.trim().to_lowercase();
        let users = self
            .repo()
            .list_users(&UserFilter {
                status: None,
                access_url_id: None,
                active_only: true,
            })
            .await?;
        Ok(users
            .into_iter()
            .filter(|u| u.id != user_id && u.status != crate::users::status::ANONYMOUS)
            .filter(|u| {
                [&u.username, &u.firstname, &u.lastname, &u.full_name()]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&needle))
            })
            .collect())
    }
}
