//! Migrations, connections and transactions.

mod common;

use chamilo_core::ports::Store;
use chamilo_core::types::urls::DEFAULT_URL_ID;
use chamilo_core::CoreError;
use chamilo_store::{connect, migrate, pending_migrations, testing, StoreOptions};
use common::{stores, user};
use migration::MigratorTrait;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::test]
async fn migrations_apply_once() {
    for db in testing::fresh_databases().await {
        let backend = db.backend;
        let store = connect(&db.url, &StoreOptions::default()).await.unwrap();
        let all = migration::Migrator::migrations().len();
        assert_eq!(pending_migrations(&store).await.unwrap(), all, "{backend}");
        migrate(&store).await.unwrap();
        assert_eq!(pending_migrations(&store).await.unwrap(), 0, "{backend}");
        // a second run is a no-op
        migrate(&store).await.unwrap();
        let url1 = store.repo().get_url(DEFAULT_URL_ID).await.unwrap();
        let url1 = url1.unwrap_or_else(|| panic!("{backend}: url 1 missing"));
        assert_eq!(url1.url, "http://localhost/", "{backend}");
        assert!(url1.active, "{backend}");
        // the next URL gets id 2 (the sequence went past the seeded row)
        let mut other = url1.clone();
        other.url = "http://other/".into();
        assert_eq!(
            store.repo().insert_url(&other).await.unwrap(),
            2,
            "{backend}"
        );
        store.ping().await.unwrap();
    }
}

#[tokio::test]
async fn sqlite_database_and_directory_are_created() {
    let dir = std::env::temp_dir()
        .join("chamilo-gateway-tests")
        .join(format!("dir-{:x}", rand_suffix()))
        .join("nested");
    let url = format!("sqlite://{}", dir.join("gw.db").display());
    let store = connect(&url, &StoreOptions::default()).await.unwrap();
    migrate(&store).await.unwrap();
    assert!(dir.join("gw.db").exists());
    store.ping().await.unwrap();
    store.close().await;
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

/// The test databases go when their guard goes, even with the store's connections still open
/// and one of them inside a transaction: a full run used to leave ~200 behind and filled the
/// disk of a CI machine.
#[tokio::test]
async fn a_dropped_test_database_is_removed() {
    for (backend, store, db) in stores().await {
        let url = db.url.clone();
        let tx = store.begin().await.unwrap();
        tx.insert_user(&user("held")).await.unwrap();
        drop(db);
        assert!(!database_exists(backend, &url).await, "{backend}: {url}");
        drop(tx);
    }
}

async fn database_exists(backend: &str, url: &str) -> bool {
    use sea_orm::{ConnectionTrait, Database, Statement};
    // `scheme://…/<name>?options`; a SQLite URL's path is the file
    let location = url.split('?').next().unwrap();
    let name = location.rsplit('/').next().unwrap();
    let (server, sql) = match backend {
        "sqlite" => return std::path::Path::new(location.trim_start_matches("sqlite://")).exists(),
        "postgres" => (
            std::env::var("TEST_POSTGRES_URL").unwrap(),
            format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
        ),
        _ => (
            std::env::var("TEST_MARIADB_URL").unwrap(),
            format!("SELECT 1 FROM information_schema.schemata WHERE schema_name = '{name}'"),
        ),
    };
    let admin = Database::connect(&server).await.unwrap();
    let rows = admin
        .query_all_raw(Statement::from_string(admin.get_database_backend(), sql))
        .await
        .unwrap();
    admin.close().await.unwrap();
    !rows.is_empty()
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

#[tokio::test]
async fn a_down_database_is_a_storage_error_not_a_hang() {
    let opts = StoreOptions {
        acquire_timeout: Duration::from_secs(1),
        ..StoreOptions::default()
    };
    let started = Instant::now();
    // nothing listens on port 9
    let res = connect("postgres://gw:gw@127.0.0.1:9/none", &opts).await;
    assert!(matches!(res, Err(CoreError::Storage(_))));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_transaction_dropped_without_commit_leaves_nothing() {
    for (backend, store, _db) in stores().await {
        {
            let tx = store.begin().await.unwrap();
            let id = tx.insert_user(&user("ghost")).await.unwrap();
            assert!(tx.get_user(id).await.unwrap().is_some(), "{backend}");
            tx.set_setting("ghost", "1").await.unwrap();
        }
        let repo = store.repo();
        assert!(
            repo.find_user_by_username("ghost").await.unwrap().is_none(),
            "{backend}"
        );
        assert_eq!(repo.get_setting("ghost").await.unwrap(), None, "{backend}");

        let tx = store.begin().await.unwrap();
        let id = tx.insert_user(&user("kept")).await.unwrap();
        tx.commit().await.unwrap();
        assert!(repo.get_user(id).await.unwrap().is_some(), "{backend}");
    }
}

/// Concurrent read-then-write transactions all succeed: on SQLite `begin` takes the write
/// lock up front, so none fails with SQLITE_BUSY.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_read_then_write_transactions_succeed() {
    for (backend, store, _db) in stores().await {
        let store = Arc::new(store);
        store.repo().set_setting("counter", "0").await.unwrap();
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..5 {
                    let tx = store.begin().await?;
                    let n: i64 = tx.get_setting("counter").await?.unwrap().parse().unwrap();
                    tx.set_setting("counter", &(n + 1).to_string()).await?;
                    tx.commit().await?;
                }
                Ok::<_, CoreError>(())
            }));
        }
        for task in tasks {
            let res = task.await.unwrap();
            res.unwrap_or_else(|e| panic!("{backend}: {e}"));
        }
        // PostgreSQL and MariaDB run these at their default isolation, where such
        // read-modify-write loses updates; SQLite serialises them
        if backend == "sqlite" {
            let n = store.repo().get_setting("counter").await.unwrap();
            assert_eq!(n.as_deref(), Some("40"), "{backend}");
        }
    }
}

/// `lock_field` makes a second locker wait until the first transaction ends (on SQLite the
/// second transaction already waits at `begin`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_field_serialises_lockers() {
    use chamilo_core::types::extra_fields::{ExtraField, FIELD_TYPE_TEXT};
    use chamilo_core::ItemType;
    for (backend, store, _db) in stores().await {
        let store = Arc::new(store);
        let field = store
            .repo()
            .insert_field(&ExtraField {
                id: 0,
                item_type: ItemType::User,
                variable: "ext".into(),
                field_type: FIELD_TYPE_TEXT,
                display_text: "ext".into(),
                visible_to_self: true,
                filter: false,
            })
            .await
            .unwrap();
        let first = store.begin().await.unwrap();
        first.lock_field(field.id).await.unwrap();
        let second = {
            let store = store.clone();
            tokio::spawn(async move {
                let tx = store.begin().await?;
                tx.lock_field(field.id).await?;
                tx.commit().await
            })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            !second.is_finished(),
            "{backend}: second locker did not wait"
        );
        first.commit().await.unwrap();
        let res = tokio::time::timeout(Duration::from_secs(5), second).await;
        res.unwrap_or_else(|_| panic!("{backend}: second locker still blocked"))
            .unwrap()
            .unwrap_or_else(|e| panic!("{backend}: {e}"));
    }
}
