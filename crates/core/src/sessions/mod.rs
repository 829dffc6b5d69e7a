//! Training sessions: the services and the date rules. The record is in `types::sessions`.

mod dates;
mod from_model;
mod listing;
mod service;

pub use crate::types::sessions::*;
pub use dates::{coach_days, coach_window, parse_datetime, parse_session_date, parse_upper_bound};
pub use from_model::SessionFromModel;
pub use listing::{SessionDetails, SessionListing};
pub use service::{NewSession, SessionPatch};
