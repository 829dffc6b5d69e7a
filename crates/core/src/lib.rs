//! chamilo-core: the domain of chamilo-gateway. Users, courses, sessions, subscriptions,
//! classes, messages, the audit trail, terms and conditions,
//! external-id mapping, api keys, passwords. No HTTP, XML or SQL here: persistence is reached
//! through the port traits in `ports`, implemented by `chamilo-store`.

pub mod account;
pub mod api_keys;
pub mod audit;
pub mod calls;
pub mod courses;
pub mod error;
pub mod extra_fields;
mod gateway;
pub mod groups;
pub mod limits;
pub mod messages;
pub mod passwords;
pub mod ports;
pub mod reports;
pub mod sessions;
pub mod subscriptions;
pub mod tracking;
pub mod types;
pub mod urls;
pub mod users;

mod auth;
pub use auth::{soap_key_matches, LoginRefusal};

pub use error::{Conflict, CoreError, CoreResult, Entity};
pub use extra_fields::{EmptyExternalValue, ExternalRef, ItemRef, ItemType};
pub use gateway::{now, Gateway, DEFAULT_CACHE_TTL};
