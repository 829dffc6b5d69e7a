//! Training sessions: the services and the date rules. The record is in `types::sessions`.

mod dates;
mod from_model;
mod service;

pub use crate::types::sessions::*;
pub use dates::{coach_window, parse_datetime, parse_session_date};
pub use from_model::SessionFromModel;
pub use service::{NewSession, SessionPatch};
