//! chamilo-store: the persistence behind chamilo-core's ports, on sea-orm, for SQLite,
//! PostgreSQL and MariaDB/MySQL.
//!
//! Every port is implemented once on [`Repos<C>`], generic over the sea-orm connection, so
//! the same queries serve autocommit reads ([`SeaStore`]'s `repo()`) and transactions
//! ([`SeaTx`], from `begin()`).

mod account;
mod api_keys;
mod audit;
mod bulk_sql;
mod call_counts;
mod connect;
mod courses;
pub mod entities;
mod error;
mod extra_fields;
mod groups;
mod messages;
mod pools;
mod repos;
mod sessions;
mod settings;
mod subscriptions;
pub mod testing;
mod tracking;
mod urls;
mod users;
mod users_bulk;

pub use connect::{connect, migrate, pending_migrations, SeaStore, SeaTx, StoreOptions};
pub use pools::pool_stats;
pub use repos::Repos;
