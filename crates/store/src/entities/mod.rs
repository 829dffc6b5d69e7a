//! sea-orm entities, one per table (see migrations/ for the schema).

pub mod access_url;
pub mod access_url_rel_course;
pub mod access_url_rel_session;
pub mod access_url_rel_user;
pub mod admin;
pub mod course;
pub mod course_description;
pub mod course_rel_user;
pub mod extra_field;
pub mod extra_field_values;
pub mod legal;
pub mod message;
pub mod session;
pub mod session_rel_course;
pub mod session_rel_course_rel_user;
pub mod session_rel_user;
pub mod settings;
pub mod track_e_course_access;
pub mod track_e_default;
pub mod track_e_login;
pub mod user;
pub mod user_api_key;
pub mod usergroup;
pub mod usergroup_rel_course;
pub mod usergroup_rel_session;
pub mod usergroup_rel_user;
