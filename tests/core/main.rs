//! The core services against real databases, one test target (`cargo test --test core`):
//! SQLite always, PostgreSQL and MariaDB when configured (`common::gateways`), no binary.
//! One module per domain of `crates/core/src/`; each write is all or nothing, and the rules
//! live in core.

#[path = "../common/mod.rs"]
mod common;

use chamilo_core::passwords::PasswordInput;
use chamilo_core::users::NewUser;
use chamilo_core::Gateway;

mod api_keys;
mod audit;
mod calls;
mod courses;
mod extra_fields;
mod groups;
mod messages;
mod passwords;
mod registration;
mod sessions;
mod subscriptions;
mod users;

/// Creates user `name` (Jane `name`) and answers its id: the user of the classes and messages
/// tests (`users::user` builds one without creating it).
pub async fn user(gw: &Gateway, name: &str) -> i64 {
    gw.create_user(NewUser {
        username: name.into(),
        firstname: "Jane".into(),
        lastname: name.into(),
        email: format!("{name}@example.org"),
        password: PasswordInput::Clear("secret".into()),
        ..NewUser::default()
    })
    .await
    .expect("user")
}
