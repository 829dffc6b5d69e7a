//! Messages between users.

use chrono::NaiveDateTime;

/// `message.msg_status`
pub mod message_status {
    /// read (Chamilo's `MESSAGE_STATUS_NEW`, used as "read")
    pub const READ: i32 = 0;
    pub const UNREAD: i32 = 1;
    pub const DELETED: i32 = 3;
    pub const OUTBOX: i32 = 4;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub sender_id: i64,
    pub receiver_id: i64,
    pub status: i32,
    pub send_date: NaiveDateTime,
    pub title: String,
    pub content: String,
    pub group_id: i64,
    pub parent_id: i64,
    pub update_date: Option<NaiveDateTime>,
}

/// A message to send.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub sender_id: i64,
    pub receivers: Vec<i64>,
    pub title: String,
    pub content: String,
}

/// The per-user counters of `get_count_new_messages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageCounts {
    /// pending friend invitations (the gateway has no social network: 0)
    pub friends: u64,
    /// pending group invitations
    pub groups: u64,
    /// unread received messages
    pub inbox: u64,
}

/// Whose copy a status change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageBox {
    Inbox,
    Outbox,
}
