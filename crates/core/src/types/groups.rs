//! Classes (`usergroup`) and their links to users, courses and sessions.

use chrono::NaiveDateTime;

/// `usergroup.group_type`
pub mod group_type {
    pub const CLASS: i32 = 0;
    pub const SOCIAL: i32 = 1;
}

/// `usergroup.visibility`
pub mod group_visibility {
    pub const OPEN: i32 = 1;
    pub const CLOSED: i32 = 2;
}

/// `usergroup_rel_user.relation_type` (Chamilo's `GROUP_USER_PERMISSION_*`).
pub mod relation {
    pub const ADMIN: i32 = 1;
    pub const READER: i32 = 2;
    pub const PENDING_INVITATION: i32 = 3;
    pub const PENDING_INVITATION_SENT_BY_USER: i32 = 4;
    pub const MODERATOR: i32 = 5;
    pub const ANONYMOUS: i32 = 6;
    pub const HRM: i32 = 7;

    pub fn is_known(r: i32) -> bool {
        (ADMIN..=HRM).contains(&r)
    }
}

/// Class names are at most this long (the indexed column).
pub const GROUP_NAME: usize = 190;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub group_type: i32,
    pub visibility: i32,
    pub url: String,
    pub picture: String,
    pub author_id: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupMember {
    pub group_id: i64,
    pub user_id: i64,
    pub relation_type: i32,
}

/// What a course or session link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupLink {
    Course(i64),
    Session(i64),
}

/// A class to create.
#[derive(Debug, Clone)]
pub struct NewGroup {
    pub name: String,
    pub description: String,
    pub group_type: i32,
    pub visibility: i32,
    pub url: String,
    pub author_id: i64,
}
