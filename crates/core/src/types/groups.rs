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

/// `usergroup_rel_user.relation_type`: Chamilo's `GROUP_USER_PERMISSION_*`, and 0 for the plain
/// member of a class (what Chamilo writes when no relation is given).
pub mod relation {
    pub const CLASS_MEMBER: i32 = 0;
    pub const ADMIN: i32 = 1;
    pub const READER: i32 = 2;
    pub const PENDING_INVITATION: i32 = 3;
    pub const PENDING_INVITATION_SENT_BY_USER: i32 = 4;
    pub const MODERATOR: i32 = 5;
    pub const ANONYMOUS: i32 = 6;
    pub const HRM: i32 = 7;

    pub fn is_known(r: i32) -> bool {
        (CLASS_MEMBER..=HRM).contains(&r)
    }
}

/// `usergroup_rel_usergroup.relation_type`, the only one Chamilo writes.
pub const PARENT_RELATION: i32 = 1;

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

/// What an edit of a class changes: each `Some` value; `None` keeps the current one.
#[derive(Debug, Clone, Default)]
pub struct GroupPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    pub visibility: Option<i32>,
    /// the picture's file name (a name only: the gateway neither fetches nor serves it)
    pub picture: Option<String>,
}

/// Whether a new member also joins what the class is linked to: its courses (as a student)
/// and sessions. Chamilo's two ways of adding a member differ in exactly this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedSubscriptions {
    /// membership only (`UserGroup::add_user_to_group`, v2.php's `add_group_sub_user`)
    Skip,
    /// membership and the links' subscriptions (`subscribe_users_to_usergroup`,
    /// registration.soap.php's `WSAddUserToGroup`)
    Subscribe,
}
