//! The audit trail (`crates/core/src/audit.rs`, the batching writer in
//! `gateway/audit_writer.rs`): a timeline filtered by prefix, every row of concurrent callers in
//! call order, rows queued while the database is locked written later.

use crate::common::gateways::gateways;
use chamilo_core::audit::{AuditEntry, AuditQuery, EventMatch};
use chamilo_core::Gateway;

#[tokio::test]
async fn audit_rows_are_a_timeline_filtered_by_prefix() {
    for (backend, gw, _db) in gateways().await {
        for (action, user) in [
            ("get_users", 1),
            ("WSUser.CreateUser", 0),
            ("get_user_api_key", 1),
        ] {
            gw.record_audit(AuditEntry {
                user_id: user,
                action,
                value_type: "v",
                value: &"é".repeat(5000),
                ..Default::default()
            })
            .await;
        }
        let query = |m: EventMatch| AuditQuery {
            limit: 10,
            ..AuditQuery::matching(m)
        };
        let all = gw
            .audit_items(query(EventMatch::Prefix("access_ws_".into())))
            .await
            .unwrap();
        let types: Vec<&str> = all.iter().map(|e| e.event_type.as_str()).collect();
        assert_eq!(
            types,
            [
                "access_ws_get_users",
                "access_ws_WSUser.CreateUser",
                "access_ws_get_user_api_key"
            ],
            "{backend}"
        );
        assert_eq!(all[0].value.chars().count(), 4000, "{backend}");
        // `_` is no wildcard and case counts
        let get = gw
            .audit_items(query(EventMatch::Prefix("access_ws_get_user".into())))
            .await
            .unwrap();
        assert_eq!(get.len(), 2, "{backend}");
        let none = gw
            .audit_items(query(EventMatch::Prefix("access_ws_wsuser".into())))
            .await
            .unwrap();
        assert!(none.is_empty(), "{backend}");
        let none = gw
            .audit_items(query(EventMatch::Prefix("access%ws".into())))
            .await
            .unwrap();
        assert!(none.is_empty(), "{backend}");
    }
}

fn audit_query(m: EventMatch) -> AuditQuery {
    AuditQuery {
        limit: 1000,
        ..AuditQuery::matching(m)
    }
}

async fn record(gw: &Gateway, action: &str, value: &str) {
    gw.record_audit(AuditEntry {
        user_id: 1,
        action,
        value_type: "seq",
        value,
        ..Default::default()
    })
    .await;
}

/// The batching writer keeps every row of concurrent callers, each caller's rows in the order
/// it recorded them, and a read right after a call sees it (reads flush the queue).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_audit_rows_are_all_written_in_call_order() {
    const TASKS: usize = 8;
    const PER_TASK: usize = 60;
    for (backend, gw, _db) in gateways().await {
        // one caller: ids follow the call order exactly
        for n in 0..250 {
            record(&gw, "serial", &format!("{n:04}")).await;
        }
        let serial = gw
            .audit_items(audit_query(EventMatch::Exact("access_ws_serial".into())))
            .await
            .unwrap();
        let mut by_id = serial.clone();
        by_id.sort_by_key(|e| e.id);
        let values: Vec<String> = by_id.iter().map(|e| e.value.clone()).collect();
        let want: Vec<String> = (0..250).map(|n| format!("{n:04}")).collect();
        assert_eq!(values, want, "{backend}");

        // many callers at once
        let calls: Vec<_> = (0..TASKS)
            .map(|t| {
                let gw = gw.clone();
                tokio::spawn(async move {
                    for n in 0..PER_TASK {
                        record(&gw, "concurrent", &format!("{t}-{n:04}")).await;
                        if n % 7 == 0 {
                            tokio::task::yield_now().await;
                        }
                    }
                })
            })
            .collect();
        for c in calls {
            c.await.unwrap();
        }
        let rows = gw
            .audit_items(audit_query(EventMatch::Exact(
                "access_ws_concurrent".into(),
            )))
            .await
            .unwrap();
        assert_eq!(rows.len(), TASKS * PER_TASK, "{backend}");
        let mut rows = rows;
        rows.sort_by_key(|e| e.id);
        for t in 0..TASKS {
            let prefix = format!("{t}-");
            let mine: Vec<&str> = rows
                .iter()
                .filter_map(|e| e.value.strip_prefix(&prefix))
                .collect();
            let want: Vec<String> = (0..PER_TASK).map(|n| format!("{n:04}")).collect();
            assert_eq!(mine, want, "{backend}: caller {t}");
        }

        // read right after a call
        record(&gw, "just_now", "x").await;
        let seen = gw
            .audit_items(audit_query(EventMatch::Exact("access_ws_just_now".into())))
            .await
            .unwrap();
        assert_eq!(seen.len(), 1, "{backend}");
    }
}

/// While another connection holds SQLite's write lock, recording does not wait for it: the
/// rows stay queued and are written once the lock is released.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_rows_queued_while_the_database_is_locked_are_written_later() {
    use chamilo_core::passwords::Hasher;
    use chamilo_core::ports::Store;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    let db = chamilo_store::testing::fresh_sqlite();
    let url = &db.url;
    let store = chamilo_store::connect(url, &Default::default())
        .await
        .unwrap();
    chamilo_store::migrate(&store).await.unwrap();
    let gw = Gateway::new(Arc::new(store), Hasher::Standalone { bcrypt_cost: 4 });
    let other = chamilo_store::connect(url, &Default::default())
        .await
        .unwrap();

    let lock = other.begin().await.unwrap(); // BEGIN IMMEDIATE: the write lock
    let started = Instant::now();
    for n in 0..40 {
        record(&gw, "locked", &format!("{n:02}")).await;
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "recording waited for the lock: {:?}",
        started.elapsed()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let written = other
        .repo()
        .audit_events(&audit_query(EventMatch::Exact("access_ws_locked".into())))
        .await
        .unwrap();
    assert!(written.is_empty(), "written through the lock?");
    drop(lock); // rolls back, releasing the lock

    let rows = gw
        .audit_items(audit_query(EventMatch::Exact("access_ws_locked".into())))
        .await
        .unwrap();
    let values: Vec<&str> = rows.iter().map(|e| e.value.as_str()).collect();
    let want: Vec<String> = (0..40).map(|n| format!("{n:02}")).collect();
    assert_eq!(values, want);
    other.close().await;
}
