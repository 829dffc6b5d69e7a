//! Users: the services (create, edit, enable/disable, delete, find, batches) and the rules
//! of a user's fields. The record and its codes are in `types::users`.

mod batch;
mod service;
mod validate;

pub use crate::types::users::*;
pub use batch::CREATE_BATCH;
pub use service::{NewUser, UserPatch};
pub use validate::{valid_email, valid_language, Username};
