//! SQLite's write-ahead log is copied into the database file by the server's background task,
//! not by the commit of whichever request crosses SQLite's threshold.

use chamilo_store::testing::fresh_sqlite_url;
use chamilo_store::{connect, StoreOptions, WAL_CHECKPOINT_EVERY};
use sea_orm::ConnectionTrait;
use std::time::{Duration, Instant};

fn file_len(path: &str) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

#[tokio::test]
async fn the_log_is_checkpointed_in_the_background_only() {
    let url = fresh_sqlite_url();
    let path = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let store = connect(&url, &StoreOptions::default()).await.unwrap();
    let db = store.connection();
    // ~600 kB of rows: well below the commit-time threshold, so they stay in the log
    db.execute_unprepared(
        "CREATE TABLE filler (x TEXT);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
         INSERT INTO filler SELECT printf('%0100d', i) FROM n;",
    )
    .await
    .unwrap();
    let before = file_len(&path);
    assert!(
        file_len(&format!("{path}-wal")) > 500_000,
        "the rows are in the log"
    );

    tokio::time::sleep(3 * WAL_CHECKPOINT_EVERY).await;
    assert_eq!(file_len(&path), before, "no checkpoint without the task");

    let task = store
        .spawn_wal_checkpoints()
        .expect("a SQLite file has a log");
    let deadline = Instant::now() + Duration::from_secs(10);
    while file_len(&path) < 500_000 {
        assert!(
            Instant::now() < deadline,
            "the log was not copied into the database file ({} bytes)",
            file_len(&path)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let rows = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM filler",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rows.try_get::<i64>("", "n").unwrap(), 5000);
    task.abort();
}

#[tokio::test]
async fn other_databases_get_no_checkpoint_task() {
    let memory = connect("sqlite::memory:", &StoreOptions::default())
        .await
        .unwrap();
    assert!(memory.spawn_wal_checkpoints().is_none());
}
