//! Who is in what: user↔course, user↔session, course↔session, user↔course-in-session.

use chrono::NaiveDateTime;

/// `course_rel_user.status`
pub mod course_status {
    pub const TEACHER: i32 = 1;
    pub const STUDENT: i32 = 5;
}

/// `session_rel_user.relation_type`
pub mod session_relation {
    pub const STUDENT: i32 = 0;
    pub const DRH: i32 = 1;
}

/// `session_rel_course_rel_user.status`
pub mod session_course_status {
    pub const STUDENT: i32 = 0;
    pub const COACH: i32 = 2;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseUser {
    pub course_id: i64,
    pub user_id: i64,
    pub status: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub session_id: i64,
    pub user_id: i64,
    pub relation_type: i32,
    pub moved_to: Option<i64>,
    pub moved_status: Option<i32>,
    pub moved_at: Option<NaiveDateTime>,
    pub registered_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCourse {
    pub session_id: i64,
    pub course_id: i64,
    pub position: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCourseUser {
    pub session_id: i64,
    pub course_id: i64,
    pub user_id: i64,
    pub status: i32,
}
