//! Users: the record, its status codes, listing filters.

use crate::types::passwords::StoredPassword;
use chrono::NaiveDateTime;

/// Chamilo's user status codes (`user.status`). Platform admins are a separate flag.
pub mod status {
    pub const COURSE_MANAGER: i32 = 1;
    pub const SESSION_ADMIN: i32 = 3;
    pub const DRH: i32 = 4;
    pub const STUDENT: i32 = 5;
    pub const ANONYMOUS: i32 = 6;
    pub const STUDENT_BOSS: i32 = 17;
    pub const INVITEE: i32 = 20;
    pub const ALL: [i32; 7] = [
        COURSE_MANAGER,
        SESSION_ADMIN,
        DRH,
        STUDENT,
        ANONYMOUS,
        STUDENT_BOSS,
        INVITEE,
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub status: i32,
    /// `None` where a Chamilo platform's column is NULL (its REST answers `null`); the
    /// standalone schema always has a text.
    pub official_code: Option<String>,
    pub phone: Option<String>,
    pub address: String,
    pub language: String,
    pub auth_source: String,
    pub active: bool,
    pub expiration_date: Option<NaiveDateTime>,
    pub registration_date: NaiveDateTime,
    pub last_login: Option<NaiveDateTime>,
    pub creator_id: Option<i64>,
    pub picture_uri: String,
    pub password: StoredPassword,
    pub is_admin: bool,
}

impl User {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.firstname, self.lastname)
            .trim()
            .to_string()
    }

    /// Active and not past its expiration date.
    pub fn can_log_in(&self, now: NaiveDateTime) -> bool {
        self.active && self.expiration_date.is_none_or(|d| d > now)
    }
}

/// The columns of a user that listings show (`get_users`), without the rest of the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub active: bool,
}

/// Filters for listing users.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub status: Option<i32>,
    pub access_url_id: Option<i64>,
    pub active_only: bool,
}
