//! Shared helpers: a migrated store per available backend, and sample records.

#![allow(dead_code)]

use chamilo_core::types::courses::Course;
use chamilo_core::types::passwords::{PasswordMethod, StoredPassword};
use chamilo_core::types::sessions::Session;
use chamilo_core::types::users::User;
use chamilo_store::{connect, migrate, testing, SeaStore, StoreOptions};
use chrono::NaiveDateTime;

/// A fresh migrated store on every backend available, with its name for assertion messages
/// and the database's guard (keep it for the test: dropping it drops the database).
pub async fn stores() -> Vec<(&'static str, SeaStore, testing::TestDatabase)> {
    let mut out = Vec::new();
    for db in testing::fresh_databases().await {
        let (backend, url) = (db.backend, &db.url);
        let store = connect(url, &StoreOptions::default())
            .await
            .unwrap_or_else(|e| panic!("{backend}: connect {url}: {e}"));
        migrate(&store)
            .await
            .unwrap_or_else(|e| panic!("{backend}: migrate: {e}"));
        out.push((backend, store, db));
    }
    out
}

pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

pub fn user(username: &str) -> User {
    User {
        id: 0,
        username: username.to_string(),
        firstname: format!("First {username}"),
        lastname: "Last".into(),
        email: format!("{username}@example.org"),
        status: 5,
        official_code: Some("OC".into()),
        phone: Some("123".into()),
        address: "Street 1".into(),
        language: "english".into(),
        auth_source: "platform".into(),
        active: true,
        expiration_date: Some(at("2030-01-02 03:04:05")),
        registration_date: at("2024-05-06 07:08:09"),
        last_login: None,
        creator_id: Some(1),
        picture_uri: String::new(),
        password: StoredPassword {
            method: PasswordMethod::Bcrypt,
            hash: "$2y$04$abcdefghijklmnopqrstuu".into(),
            salt: String::new(),
        },
        is_admin: false,
    }
}

pub fn course(code: &str) -> Course {
    Course {
        id: 0,
        code: code.to_string(),
        title: format!("Title {code}"),
        directory: code.to_string(),
        course_language: "english".into(),
        description: "About".into(),
        category_code: "LANG".into(),
        visibility: 2,
        show_score: 1,
        tutor_name: "Tutor".into(),
        visual_code: code.to_string(),
        department_name: String::new(),
        department_url: String::new(),
        disk_quota: 100_000_000,
        last_visit: None,
        last_edit: Some(at("2024-01-01 00:00:00")),
        creation_date: at("2024-01-01 00:00:00"),
        expiration_date: None,
        subscribe: true,
        unsubscribe: false,
        registration_code: None,
        legal: String::new(),
        activate_legal: false,
    }
}

pub fn session(name: &str) -> Session {
    Session {
        id: 0,
        name: name.to_string(),
        description: "desc".into(),
        access_start_date: Some(at("2024-01-01 00:00:00")),
        access_end_date: Some(at("2024-12-31 23:59:59")),
        duration: Some(30),
        visibility: 2,
        show_description: true,
        ..Session::default()
    }
}
