//! Chamilo database mode: the core and the binary over a real Chamilo 1.11.32 database made by
//! `../shared/spec/chamilo-db/load` (`cargo test --test platform`; MariaDB from
//! `TEST_MARIADB_URL`, required in CI). Records written by the gateway are checked the way PHP
//! Chamilo reads them, and records written the way PHP Chamilo writes them are served.

#[path = "../common/mod.rs"]
mod common;

mod courses;
mod groups;
mod messages;
mod race;
mod schema;
mod server;
mod sessions;
mod subscriptions;
mod users;
