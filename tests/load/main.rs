//! Load and faults, one test target (`cargo test --test load`): the real binary under many
//! clients at once (`integrity`: SOAP and REST clients race, then the database is read row by
//! row) and under faults (`faults`: SIGKILL mid-batch, the database going away and coming back,
//! SIGTERM under load). Helpers in `common::load`.

#[path = "../common/mod.rs"]
mod common;

mod faults;
mod integrity;
