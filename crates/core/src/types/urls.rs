//! Access URLs (campuses).

use chrono::NaiveDateTime;

pub const DEFAULT_URL_ID: i64 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessUrl {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub active: bool,
    pub created_by: i64,
    pub tms: NaiveDateTime,
}

/// What can be linked to an access URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlMember {
    User(i64),
    Course(i64),
    Session(i64),
}

/// A campus to create or the new state of one (`add_campus` / `edit_campus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlInput {
    pub url: String,
    pub description: String,
    pub active: bool,
}
