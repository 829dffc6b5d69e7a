//! Hourly call counts (`crates/core/src/calls.rs`, gathered by `gateway/call_counter.rs`):
//! every call counted once, whatever the concurrency and however many processes add to the
//! same rows; counts reach the store on their own within the flush period.

use crate::common::gateways::gateways;
use chamilo_core::calls::{hour_of, CallGrouping, CallMark, CallSum, Period};
use chamilo_core::passwords::Hasher;
use chamilo_core::{now, Gateway};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;

fn mark(
    protocol: &'static str,
    operation: &'static str,
    outcome: &'static str,
    client: &str,
) -> CallMark {
    CallMark {
        protocol,
        operation,
        outcome,
        client: client.parse::<IpAddr>().unwrap(),
    }
}

const MARKS: [(&str, &str, &str, &str); 4] = [
    ("soap.php", "WSUser.CreateUser", "ok", "192.0.2.1"),
    ("soap.php", "WSUser.CreateUser", "refused", "192.0.2.1"),
    (
        "registration.soap.php",
        "WSCreateUsers",
        "ok",
        "2001:db8::7",
    ),
    ("v2.php", "user_profile", "fault", "192.0.2.2"),
];

/// A second gateway over the same database: what another process is.
async fn another_process(url: &str) -> Gateway {
    let store = chamilo_store::connect(url, &Default::default())
        .await
        .unwrap();
    Gateway::new(Arc::new(store), Hasher::Standalone { bcrypt_cost: 4 })
}

fn by(operation: bool, outcome: bool, client: bool) -> CallGrouping {
    CallGrouping {
        start: false,
        operation,
        outcome,
        client,
    }
}

fn sums_by_key(sums: &[CallSum]) -> BTreeMap<String, i64> {
    sums.iter()
        .map(|s| {
            let key = format!(
                "{} {} {} {}",
                s.protocol,
                s.operation.as_deref().unwrap_or("-"),
                s.outcome.as_deref().unwrap_or("-"),
                s.client.as_deref().unwrap_or("-")
            );
            (key, s.calls)
        })
        .collect()
}

#[tokio::test]
async fn concurrent_calls_of_two_processes_are_each_counted_once() {
    const TASKS: i64 = 8;
    const PER_TASK: i64 = 252; // each of the 4 marks as often
    for (backend, gw, db) in gateways().await {
        let other = another_process(&db.url).await;
        // sums from the hour the calls start in (they may end in the next)
        let since = hour_of(now());
        let calls: Vec<_> = (0..TASKS)
            .map(|t| {
                // half the callers on each process
                let gw = if t % 2 == 0 {
                    gw.clone()
                } else {
                    other.clone()
                };
                tokio::spawn(async move {
                    for n in 0..PER_TASK {
                        let (p, o, r, c) = MARKS[(n % 4) as usize];
                        gw.record_call(mark(p, o, r, c));
                        if n % 50 == 0 {
                            // the other process's periodic add, meanwhile
                            gw.flush_call_counts().await;
                        }
                    }
                })
            })
            .collect();
        for c in calls {
            c.await.unwrap();
        }
        other.flush_call_counts().await;
        let sums = gw
            .call_sums(Period::Hour, since, by(true, true, true), 100)
            .await
            .unwrap();
        let each = TASKS * PER_TASK / 4;
        let want: BTreeMap<String, i64> = [
            ("registration.soap.php WSCreateUsers ok 2001:db8::/64", each),
            ("soap.php WSUser.CreateUser ok 192.0.2.1", each),
            ("soap.php WSUser.CreateUser refused 192.0.2.1", each),
            ("v2.php user_profile fault 192.0.2.2", each),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        assert_eq!(sums_by_key(&sums), want, "{backend}");
        assert!(sums.iter().all(|s| s.last >= since), "{backend}");

        // summed over outcome and client; by hour: this one
        let ops = gw
            .call_sums(Period::Hour, since, by(true, false, false), 100)
            .await
            .unwrap();
        assert_eq!(
            sums_by_key(&ops).get("soap.php WSUser.CreateUser - -"),
            Some(&(2 * each)),
            "{backend}"
        );
        let hours = gw
            .call_sums(
                Period::Hour,
                since,
                CallGrouping {
                    start: true,
                    ..Default::default()
                },
                100,
            )
            .await
            .unwrap();
        assert!(
            hours.iter().all(|s| s.start >= Some(since)),
            "{backend}: {hours:?}"
        );
        assert_eq!(
            hours.iter().map(|s| s.calls).sum::<i64>(),
            TASKS * PER_TASK,
            "{backend}"
        );
        // each call is in its day too
        let days = gw
            .call_sums(
                Period::Day,
                Period::Day.start_of(since),
                CallGrouping::default(),
                100,
            )
            .await
            .unwrap();
        assert_eq!(
            days.iter().map(|s| s.calls).sum::<i64>(),
            TASKS * PER_TASK,
            "{backend}: {days:?}"
        );
        assert_eq!(gw.dropped_call_counts(), 0, "{backend}");
    }
}

/// Without a flush asked for, counts reach the store within the flush period: another process
/// (which cannot flush this one's) sees them.
#[tokio::test]
async fn counts_reach_the_store_on_their_own() {
    let mut running = Vec::new();
    for (backend, gw, db) in gateways().await {
        gw.record_call(mark("v2.php", "user_profile", "ok", "192.0.2.9"));
        gw.record_call(mark("v2.php", "user_profile", "ok", "192.0.2.9"));
        running.push((backend, gw, db));
    }
    // the flush period is 5 s; every backend waits the same 7 s
    tokio::time::sleep(std::time::Duration::from_secs(7)).await;
    for (backend, _gw, db) in &running {
        let other = another_process(&db.url).await;
        let sums = other
            .call_sums(
                Period::Hour,
                hour_of(now()) - chrono::Duration::hours(1),
                by(true, true, true),
                10,
            )
            .await
            .unwrap();
        assert_eq!(
            sums_by_key(&sums),
            [("v2.php user_profile ok 192.0.2.9".to_owned(), 2)].into(),
            "{backend}"
        );
    }
}
