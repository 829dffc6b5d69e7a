//! Subscriptions: the services. The relation records and codes are in `types::subscriptions`.

mod leaving;
mod service;

pub use leaving::CourseLeaving;

pub use crate::types::subscriptions::*;
pub(crate) use service::{
    add_course_student_in, add_course_to_session_in, remove_course_student_in,
    subscribe_to_session_in, unsubscribe_from_session_in,
};
