//! Courses: the services (create, edit, delete, descriptions), course codes and the per-user
//! catalogue rules. The records are in `types::courses`.

mod catalogue;
mod code;
mod create;
mod descriptions;
mod listing;
mod service;

pub use crate::types::courses::*;
pub use code::{code_from_title, unique_code_candidates};
pub use create::{CreatedCourse, NewCourse, UpdateExisting};
pub use descriptions::{SectionRules, StandardSection};
pub use listing::{CourseListing, ListedCourse};
pub use service::{CoursePatch, CourseRemoval};
