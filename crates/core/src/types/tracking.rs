//! Logins and course accesses (the tracking tables).

use chrono::NaiveDateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginEvent {
    pub id: i64,
    pub user_id: i64,
    pub login_date: NaiveDateTime,
    pub logout_date: Option<NaiveDateTime>,
    pub user_ip: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseAccessEvent {
    pub id: i64,
    pub course_id: i64,
    pub user_id: i64,
    pub session_id: i64,
    pub login_course_date: NaiveDateTime,
    pub logout_course_date: Option<NaiveDateTime>,
    pub counter: i32,
    pub user_ip: String,
}
