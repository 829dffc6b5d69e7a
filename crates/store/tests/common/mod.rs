//! Shared helpers: a migrated store per available backend, and sample records.

#![allow(dead_code)]

use chamilo_core::ports::{Repo, Store, Tx};
use chamilo_core::types::courses::Course;
use chamilo_core::types::passwords::{PasswordMethod, StoredPassword};
use chamilo_core::types::sessions::Session;
use chamilo_core::types::users::User;
use chamilo_core::CoreResult;
use chamilo_store::{connect, migrate, testing, SeaStore, StoreOptions};
use chrono::NaiveDateTime;
use sea_orm::DatabaseConnection;

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

/// A store under the contract tests: the standalone one, or the one over a Chamilo platform.
pub enum Contract {
    Sea(SeaStore),
    Platform(chamilo_platform_store::PlatformStore),
}

impl Contract {
    pub fn repo(&self) -> &dyn Repo {
        match self {
            Contract::Sea(s) => s.repo(),
            Contract::Platform(s) => s.repo(),
        }
    }

    pub async fn begin(&self) -> CoreResult<Box<dyn Tx>> {
        match self {
            Contract::Sea(s) => s.begin().await,
            Contract::Platform(s) => s.begin().await,
        }
    }

    pub fn connection(&self) -> &DatabaseConnection {
        match self {
            Contract::Sea(s) => s.connection(),
            Contract::Platform(s) => s.connection(),
        }
    }
}

/// What keeps a contract store's database alive for the test.
pub enum Guard {
    Db(testing::TestDatabase),
    Platform(chamilo_platform_store::testing::LoadedPlatform),
}

/// [`stores`], and with MariaDB configured the Chamilo-platform store, backend "chamilo",
/// over a fresh Chamilo 1.11 database emptied of the installer's two users (the contracts
/// start from an empty world; Chamilo's own rows are the platform tests' business).
pub async fn contract_stores() -> Vec<(&'static str, Contract, Guard)> {
    let mut out: Vec<(&'static str, Contract, Guard)> = stores()
        .await
        .into_iter()
        .map(|(b, s, d)| (b, Contract::Sea(s), Guard::Db(d)))
        .collect();
    if let Some(db) = chamilo_platform_store::testing::LoadedPlatform::load("bcrypt", "contract") {
        db.sql(
            "DELETE FROM extra_field_values WHERE field_id IN \
             (SELECT id FROM extra_field WHERE extra_field_type = 1); \
             DELETE FROM access_url_rel_user; DELETE FROM admin; DELETE FROM user",
        );
        let platform = chamilo_platform_store::Platform::read(&db.config).expect("config");
        let store = chamilo_platform_store::connect(platform, None, &Default::default())
            .await
            .expect("the Chamilo store connects");
        out.push(("chamilo", Contract::Platform(store), Guard::Platform(db)));
    }
    out
}

/// A second store on the database of `guard`, with a pool of its own: what another gateway
/// process on the same database would be.
pub async fn another_store(guard: &Guard) -> Contract {
    match guard {
        Guard::Db(db) => Contract::Sea(
            connect(&db.url, &StoreOptions::default())
                .await
                .unwrap_or_else(|e| panic!("{}: connect again: {e}", db.backend)),
        ),
        Guard::Platform(db) => {
            let platform = chamilo_platform_store::Platform::read(&db.config).expect("config");
            let store = chamilo_platform_store::connect(platform, None, &Default::default())
                .await
                .expect("the Chamilo store connects again");
            Contract::Platform(store)
        }
    }
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
