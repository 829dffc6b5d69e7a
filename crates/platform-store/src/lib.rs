//! chamilo-platform-store: chamilo-core's ports over a live Chamilo 1.11 platform's own
//! MariaDB/MySQL database, beside PHP Chamilo. It runs no migrations: it checks the schema it
//! finds and writes what PHP Chamilo writes for each record. Its one table of its own, the
//! call counts per hour and per day (`gateway_call_count`), it makes at connect when missing.

pub mod config_php;
mod platform;
pub mod testing;

pub use platform::{Platform, PlatformError};

mod account;
mod api_keys;
mod audit;
mod call_counts;
mod connect;
mod counters;
mod courses;
mod disk;
mod extra_fields;
mod groups;
mod messages;
mod repos;
mod schema;
mod sessions;
mod settings;
mod sql;
mod subscriptions;
mod tracking;
mod urls;
mod users;

pub use connect::{connect, PlatformStore, PlatformTx, PoolOptions};
pub use repos::Repos;
