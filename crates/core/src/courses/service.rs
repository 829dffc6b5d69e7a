//! services (being written)
pub struct NewCourse;
pub struct CoursePatch;
