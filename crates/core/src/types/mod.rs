//! The plain data of the domain: records, codes and value rules, one module per domain. No
//! persistence and no services here: `ports` and the service modules build on these.

pub mod account;
pub mod api_keys;
pub mod audit;
pub mod calls;
pub mod courses;
pub mod extra_fields;
pub mod groups;
pub mod messages;
pub mod passwords;
pub mod pools;
pub mod sessions;
pub mod settings;
pub mod subscriptions;
pub mod tracking;
pub mod urls;
pub mod users;

/// Current UTC time, truncated to seconds as the records store it.
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    now - chrono::Duration::nanoseconds(i64::from(now.and_utc().timestamp_subsec_nanos()))
}
