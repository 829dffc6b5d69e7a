//! Courses and their description sections: the records and codes.

use chrono::NaiveDateTime;

/// `course.visibility`: 0 closed, 1 registered, 2 open platform, 3 open world, 4 hidden.
pub mod visibility {
    pub const CLOSED: i32 = 0;
    pub const REGISTERED: i32 = 1;
    pub const OPEN_PLATFORM: i32 = 2;
    pub const OPEN_WORLD: i32 = 3;
    pub const HIDDEN: i32 = 4;
}

/// Whether a closed course (visibility 0) is still a course to the caller: registration.soap.php
/// takes one as deleted (closing is its soft delete); soap.php and v2.php as any other course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClosedCourse {
    #[default]
    Present,
    Deleted,
}

/// A new course's disk quota when none is asked for: 100 MB.
pub const DEFAULT_DISK_QUOTA: i64 = 100 * 1024 * 1024;

/// Chamilo's standard description sections (`c_course_description.description_type`).
pub mod description_type {
    pub const GENERAL: i32 = 1;
    pub const CUSTOM: i32 = 8;

    /// The default titles of types 1 to 8: Chamilo's English language strings
    /// GeneralDescription, Objectives, Topics, Methodology, CourseMaterial,
    /// HumanAndTechnicalResources, Assessment and AddCategory.
    pub const DEFAULT_TITLES: [&str; 8] = [
        "Description",
        "Objectives",
        "Topics",
        "Methodology",
        "Course material",
        "Resources",
        "Assessment",
        "Add category",
    ];

    /// The default title of a standard type; none for any other number.
    pub fn default_title(description_type: i32) -> Option<&'static str> {
        let index = usize::try_from(description_type.checked_sub(GENERAL)?).ok()?;
        DEFAULT_TITLES.get(index).copied()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub directory: String,
    pub course_language: String,
    pub description: String,
    pub category_code: String,
    pub visibility: i32,
    pub show_score: i32,
    pub tutor_name: String,
    pub visual_code: String,
    pub department_name: String,
    pub department_url: String,
    pub disk_quota: i64,
    pub last_visit: Option<NaiveDateTime>,
    pub last_edit: Option<NaiveDateTime>,
    pub creation_date: NaiveDateTime,
    pub expiration_date: Option<NaiveDateTime>,
    pub subscribe: bool,
    pub unsubscribe: bool,
    /// sha1 of the course password, when one is set
    pub registration_code: Option<String>,
    pub legal: String,
    pub activate_legal: bool,
}

/// `course_rel_user_catalogue.visible`: whether the course catalogue shows the course to the
/// user. Visible rules make a course shown only to its users; hidden rules hide it from theirs.
pub mod catalogue_visibility {
    pub const HIDDEN: i32 = 0;
    pub const VISIBLE: i32 = 1;
}

/// A user's catalogue rule for one course (at most one per user and course).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueRule {
    pub user_id: i64,
    pub course_id: i64,
    pub visible: i32,
}

#[derive(Debug, Clone, Default)]
pub struct CourseFilter {
    pub access_url_id: Option<i64>,
    pub visibilities: Option<Vec<i32>>,
}

/// A course description section (`c_course_description`); `description_type` is what the
/// SOAP API calls `course_desc_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseDescription {
    pub id: i64,
    pub course_id: i64,
    pub session_id: i64,
    pub description_type: i32,
    pub title: String,
    pub content: String,
    pub progress: i32,
}
