//! Connecting: a loaded Chamilo database is accepted, anything else refused by name.

use crate::common::chamilo::ChamiloDb;

#[tokio::test]
async fn a_loaded_chamilo_database_is_served() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    gw.ping().await.expect("reachable");
}

#[tokio::test]
async fn a_database_without_chamilos_tables_is_refused_by_name() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    db.sql("DROP TABLE track_e_login; ALTER TABLE user DROP COLUMN salt");
    let platform = db.platform();
    let err = chamilo_platform_store::connect(platform, None, &Default::default())
        .await
        .err()
        .expect("refused");
    let text = err.to_string();
    assert!(text.contains("not a Chamilo 1.11 database"), "{text}");
    assert!(text.contains("table user lacks salt"), "{text}");
    assert!(text.contains("missing tables track_e_login"), "{text}");
}

/// What the tracing macros write while `f` runs on this thread, without colours.
async fn logged<T>(f: impl std::future::Future<Output = T>) -> (T, String) {
    #[derive(Clone, Default)]
    struct Buffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // the test's runtime runs on this thread: the default subscriber sees the store's events
    let out = {
        let _guard = tracing::subscriber::set_default(subscriber);
        f.await
    };
    let text = String::from_utf8_lossy(&buffer.0.lock().unwrap()).into_owned();
    (out, text)
}

/// The gateway's own table, `gateway_call_count`, is made at connect. A database user without
/// the CREATE grant is served all the same: the start warns with the statement to run by hand,
/// and the counts' writes fail until an admin has run it; then that user's counts are written.
#[tokio::test]
async fn the_call_count_table_is_made_at_connect_or_asked_for() {
    use chamilo_core::ports::Store;
    use chamilo_core::types::calls::{CallCount, CallGrouping, Period};
    use chamilo_core::CoreError;
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let table_exists = || {
        db.sql(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() \
             AND TABLE_NAME = 'gateway_call_count'",
        )
    };
    let (_store, log) = logged(chamilo_platform_store::connect(
        db.platform(),
        None,
        &Default::default(),
    ))
    .await;
    assert_eq!(table_exists(), "1", "made by a user with every grant");
    assert!(!log.contains("WARN"), "{log}");
    db.sql("DROP TABLE gateway_call_count");

    // Chamilo's own grants only: SELECT, INSERT, UPDATE, DELETE
    let user = format!("nocreate_{}", &db.name["chamilo_".len()..]);
    let host = db.sql("SELECT SUBSTRING_INDEX(CURRENT_USER(), '@', -1)");
    db.sql(&format!(
        "DROP USER IF EXISTS '{user}'@'{host}'; CREATE USER '{user}'@'{host}' IDENTIFIED BY 'pw'; \
         GRANT SELECT, INSERT, UPDATE, DELETE ON `{}`.* TO '{user}'@'{host}'",
        db.name
    ));
    let platform = db.platform();
    let server = platform
        .database_url
        .split_once('@')
        .expect("user@server")
        .1;
    let url = format!("mysql://{user}:pw@{server}");
    let count = CallCount {
        period: Period::Hour,
        start: at("2026-12-07 10:00:00"),
        protocol: "v2.php".into(),
        operation: "user_profile".into(),
        outcome: "ok".into(),
        client: "127.0.0.1".into(),
        calls: 2,
        last: at("2026-12-07 10:30:00"),
    };

    let (store, log) = logged(chamilo_platform_store::connect(
        db.platform(),
        Some(&url),
        &Default::default(),
    ))
    .await;
    let store = store.expect("served without the CREATE grant");
    assert_eq!(table_exists(), "0");
    assert!(log.contains("WARN"), "{log}");
    assert!(log.contains("gateway_call_count"), "{log}");
    assert!(log.contains("call counts will be missing"), "{log}");
    let written = store
        .repo()
        .add_call_counts(std::slice::from_ref(&count))
        .await;
    assert!(matches!(written, Err(CoreError::Storage(_))), "{written:?}");

    // the statement the warning shows, run by an admin
    let start = log
        .find("CREATE TABLE")
        .expect("the statement in the warning");
    let statement = &log[start..start + log[start..].find(';').expect("its end")];
    db.sql(statement);
    assert_eq!(table_exists(), "1");
    let (store, log) = logged(chamilo_platform_store::connect(
        db.platform(),
        Some(&url),
        &Default::default(),
    ))
    .await;
    let store = store.expect("served");
    assert!(
        !log.contains("WARN"),
        "the table exists: nothing to ask for\n{log}"
    );
    for _ in 0..2 {
        let added = store.repo().add_call_counts(std::slice::from_ref(&count));
        added.await.unwrap();
    }
    let sums = store
        .repo()
        .call_sums(
            Period::Hour,
            at("2026-12-07 00:00:00"),
            CallGrouping::default(),
            10,
        )
        .await
        .unwrap();
    assert_eq!(sums.len(), 1);
    assert_eq!(sums[0].calls, 4);
    store.close().await;
    db.sql(&format!("DROP USER '{user}'@'{host}'"));
}

fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}
