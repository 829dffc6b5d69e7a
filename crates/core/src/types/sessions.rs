//! Training sessions: the record and its codes.

use chrono::NaiveDateTime;

/// `session.visibility` after the end date: 1 read-only, 2 visible, 3 invisible.
pub mod visibility {
    pub const READ_ONLY: i32 = 1;
    pub const VISIBLE: i32 = 2;
    pub const INVISIBLE: i32 = 3;
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Session {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub display_start_date: Option<NaiveDateTime>,
    pub display_end_date: Option<NaiveDateTime>,
    pub access_start_date: Option<NaiveDateTime>,
    pub access_end_date: Option<NaiveDateTime>,
    pub coach_access_start_date: Option<NaiveDateTime>,
    pub coach_access_end_date: Option<NaiveDateTime>,
    pub duration: Option<i32>,
    pub visibility: i32,
    pub general_coach_id: Option<i64>,
    pub session_admin_id: Option<i64>,
    pub session_category_id: Option<i64>,
    pub promotion_id: Option<i64>,
    pub show_description: bool,
    pub send_subscription_notification: bool,
}

/// Which sessions a listing holds; every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    pub access_url_id: Option<i64>,
    /// Access starts at or after this moment (a session without a start is left out).
    pub access_starts_from: Option<NaiveDateTime>,
    /// Access ends at or before this moment (a session without an end is left out).
    pub access_ends_by: Option<NaiveDateTime>,
    pub text: Option<SessionText>,
}

/// Text a session must contain, compared case-insensitively, literally (`%` and `_` are
/// plain characters): in its name or description, or, with `in_extra_values`, in one of its
/// extra-field values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionText {
    pub term: String,
    pub in_extra_values: bool,
}

/// How many courses, users (HR managers aside) and classes a session holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionCounts {
    pub courses: u64,
    pub users: u64,
    pub classes: u64,
}
