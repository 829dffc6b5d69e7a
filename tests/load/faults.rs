//! Faults: the server killed with SIGKILL in the middle of a large batch (every user is then
//! either wholly there or not at all), the database going away and coming back while clients
//! call (errors in protocol form, /readyz 503, recovery without a restart), and SIGTERM under
//! load (in-flight requests complete, exit 0).

use crate::common::{self, load, soap};

use std::time::{Duration, Instant};

use crate::common::load::{all_users, url_users, user_extras, user_ids_with, Client, EXT_FIELD};
use crate::common::soap::{a, i, key, s, P};
use chamilo_core::ports::Store;

/// A CreateUsers item with an external id and one extra field.
fn batch_item(login: &str, ext: &str, dept: &str) -> Vec<P> {
    vec![
        s("firstname", format!("First {login}")),
        s("lastname", format!("Last {login}")),
        i("status", 5),
        s("loginname", login),
        s("password", format!("pw-{login}")),
        s("encrypt_method", ""),
        s("user_id_field_name", EXT_FIELD),
        s("user_id_value", ext),
        i("visibility", 1),
        s("email", format!("{login}@example.org")),
        s("language", "english"),
        s("phone", "555"),
        s("expiration_date", ""),
        a(
            "extras",
            "extras",
            vec![vec![s("field_name", "dept"), s("field_value", dept)]],
        ),
    ]
}

fn create_users(items: Vec<Vec<P>>) -> Vec<P> {
    vec![s("secret_key", key()), a("users", "user_create", items)]
}

// ---------------------------------------------------------------------------------------
// (a) kill -9 in the middle of a batch

const KILL_BATCH: usize = 5_000;

async fn kill_mid_batch(backend: &'static str, url: &str) {
    let app = common::start(backend, url, &[]);
    let store = load::open_store(url).await;
    let items = (0..KILL_BATCH)
        .map(|n| batch_item(&format!("k{n}"), &format!("K-{n}"), &format!("D{n}")))
        .collect();
    let client = Client::with_timeout(&app, Duration::from_secs(300));
    let call = tokio::spawn(async move {
        client
            .soap("WSUser.CreateUsers", &create_users(items))
            .await
    });
    // kill once part of the batch is written
    let started = Instant::now();
    loop {
        let (_, total) = store
            .repo()
            .page_users(chamilo_core::urls::DEFAULT_URL_ID, 0, 1)
            .await
            .unwrap();
        if total >= 300 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{backend}: the batch did not get going; log:\n{}",
            app.log()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    drop(app); // SIGKILL, then reaped
    let answer = call.await.unwrap();
    assert!(
        answer.is_err(),
        "{backend}: the batch finished before the kill: {answer:?}"
    );

    // restart on the same database: it starts, and what is there is whole
    let app = common::start(backend, url, &[]);
    let probe = Client::new(&app);
    assert_eq!(probe.get_status("/readyz").await.unwrap(), 200);
    let users = all_users(&store).await;
    let by_name: std::collections::HashMap<&str, &chamilo_core::users::User> =
        users.iter().map(|u| (u.username.as_str(), u)).collect();
    let linked: std::collections::BTreeSet<i64> =
        url_users(&store).await.into_iter().map(|u| u.id).collect();
    let mut present = 0;
    for n in 0..KILL_BATCH {
        let (login, ext, dept) = (format!("k{n}"), format!("K-{n}"), format!("D{n}"));
        match by_name.get(login.as_str()) {
            Some(user) => {
                present += 1;
                assert_eq!(user.firstname, format!("First {login}"));
                assert_eq!(user.email, format!("{login}@example.org"));
                assert!(
                    linked.contains(&user.id),
                    "{backend}: {login} not in its URL"
                );
                let mut extras = user_extras(&store, user.id).await;
                extras.sort();
                assert_eq!(
                    extras,
                    [("dept".into(), dept), (EXT_FIELD.into(), ext)],
                    "{backend}: {login} is half-written"
                );
            }
            None => {
                assert!(
                    user_ids_with(&store, EXT_FIELD, &ext).await.is_empty(),
                    "{backend}: absent {login} left its external id"
                );
                assert!(
                    user_ids_with(&store, "dept", &dept).await.is_empty(),
                    "{backend}: absent {login} left an extra value"
                );
            }
        }
    }
    assert_eq!(present, users.len(), "{backend}: rows not from the batch");
    assert!(
        (300..KILL_BATCH).contains(&present),
        "{backend}: {present} of {KILL_BATCH} present: the kill was not mid-batch"
    );
    // the batch can be sent again: the survivors are refused, the rest created
    let again = (0..KILL_BATCH)
        .step_by(500)
        .map(|n| batch_item(&format!("k{n}"), &format!("K-{n}"), &format!("D{n}")))
        .collect();
    let (status, body) = probe
        .soap("WSUser.CreateUsers", &create_users(again))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    store.close().await;
    eprintln!("{backend}: killed with {present} of {KILL_BATCH} users written, all whole");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_mid_batch_leaves_every_user_whole_or_absent() {
    for db in chamilo_store::testing::fresh_databases().await {
        kill_mid_batch(db.backend, &db.url).await;
    }
}

// ---------------------------------------------------------------------------------------
// (b) the database goes away and comes back

/// Longest a call may take to fail while the database is down (the pool's acquire timeout is
/// 5 s; a call may make a few attempts).
const DOWN_ANSWER_LIMIT: Duration = Duration::from_secs(20);

async fn soap_create(client: &Client, login: &str) -> (u16, String, Duration) {
    let started = Instant::now();
    let mut parts = vec![s("secret_key", key())];
    parts.extend(batch_item(login, &format!("X-{login}"), "ops"));
    parts.truncate(parts.len() - 1);
    parts.push(a("extras", "extras", vec![]));
    let (status, body) = client
        .soap("WSUser.CreateUser", &parts)
        .await
        .expect("an answer, not a dropped connection");
    (status, body, started.elapsed())
}

async fn rest_profile(client: &Client, key: &str) -> (serde_json::Value, Duration) {
    let started = Instant::now();
    let (status, answer) = client
        .rest(&[
            ("action", "user_profile"),
            ("username", load::ADMIN),
            ("api_key", key),
        ])
        .await
        .expect("an answer, not a dropped connection");
    assert_eq!(status, 200, "{answer}");
    (answer, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_gives_protocol_errors_then_recovers_without_restart() {
    let Some(pg) = load::PrivatePostgres::start() else {
        return;
    };
    let app = common::start("postgres", &pg.url(), &[]);
    let admin_key = load::admin_key(&app).await;
    let client = Client::new(&app);

    // up: both protocols work
    let (status, body, _) = soap_create(&client, "before").await;
    assert_eq!(status, 200, "{body}");
    let (answer, _) = rest_profile(&client, &admin_key).await;
    assert_eq!(answer["error"], false, "{answer}");
    assert_eq!(client.get_status("/readyz").await.unwrap(), 200);

    // down: every answer is an error in its protocol's form, in bounded time
    pg.stop_server();
    let down_at = Instant::now();
    let (status, body, took) = soap_create(&client, "during").await;
    assert_eq!(status, 500, "{body}");
    let (code, message) = soap::fault_of(&body);
    assert!(!code.is_empty() && !message.is_empty(), "{body}");
    assert!(took < DOWN_ANSWER_LIMIT, "SOAP fault took {took:?}");
    assert!(
        !body.contains("sqlx") && !body.contains("Connection refused"),
        "storage details leaked: {body}"
    );
    let soap_took = took;
    let (answer, took) = rest_profile(&client, &admin_key).await;
    assert_eq!(answer["error"], true, "{answer}");
    assert!(answer["message"].is_string(), "{answer}");
    assert!(took < DOWN_ANSWER_LIMIT, "REST error took {took:?}");
    let rest_took = took;
    let started = Instant::now();
    assert_eq!(client.get_status("/readyz").await.unwrap(), 503);
    let readyz_took = started.elapsed();
    assert!(
        readyz_took < DOWN_ANSWER_LIMIT,
        "/readyz took {readyz_took:?}"
    );
    assert_eq!(client.get_status("/healthz").await.unwrap(), 200);
    // concurrent callers during the outage all get answers too
    let calls: Vec<_> = (0..6)
        .map(|n| {
            let client = client.clone();
            let key = admin_key.clone();
            tokio::spawn(async move {
                if n % 2 == 0 {
                    soap_create(&client, &format!("during{n}")).await.0
                } else {
                    let (answer, _) = rest_profile(&client, &key).await;
                    assert_eq!(answer["error"], true, "{answer}");
                    500
                }
            })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.unwrap(), 500);
    }
    eprintln!(
        "database down: SOAP fault after {soap_took:.1?}, REST error after {rest_took:.1?}, \
         /readyz 503 after {readyz_took:.1?}; outage phase {:.1?}",
        down_at.elapsed()
    );

    // back: the same gateway process serves again
    pg.start_server();
    let ready = load::eventually(Duration::from_secs(30), || async {
        client.get_status("/readyz").await.ok() == Some(200)
    })
    .await;
    assert!(ready, "/readyz never recovered; log:\n{}", app.log());
    let (status, body, _) = soap_create(&client, "after").await;
    assert_eq!(status, 200, "{body}");
    let (answer, _) = rest_profile(&client, &admin_key).await;
    assert_eq!(answer["error"], false, "{answer}");

    // nothing was written while the database was away
    let store = load::open_store(&pg.url()).await;
    let names: Vec<String> = all_users(&store)
        .await
        .into_iter()
        .map(|u| u.username)
        .collect();
    assert!(names.contains(&"before".to_string()) && names.contains(&"after".to_string()));
    assert!(!names.iter().any(|n| n.starts_with("during")), "{names:?}");
    store.close().await;
}

// ---------------------------------------------------------------------------------------
// (c) SIGTERM under load

const TERM_BATCHES: usize = 6;
const TERM_BATCH: usize = 150;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_in_flight_requests_finish_then_exits_0() {
    let app = common::spawn_app().await;
    let store = load::open_store(&app.database_url).await;
    let mut calls = Vec::new();
    for b in 0..TERM_BATCHES {
        let client = Client::new(&app);
        let items = (0..TERM_BATCH)
            .map(|n| {
                let login = format!("t{b}_{n}");
                batch_item(&login, &format!("T-{b}-{n}"), "term")
            })
            .collect();
        calls.push(tokio::spawn(async move {
            client
                .soap("WSUser.CreateUsers", &create_users(items))
                .await
        }));
    }
    // terminate while every batch is in flight: each has written its first users
    let started = Instant::now();
    loop {
        let users = all_users(&store).await;
        let begun = (0..TERM_BATCHES)
            .filter(|b| {
                let prefix = format!("t{b}_");
                users.iter().any(|u| u.username.starts_with(&prefix))
            })
            .count();
        if begun == TERM_BATCHES {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{}", app.log());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let base_url = app.base_url.clone();
    let mut app = app;
    let terminated = tokio::task::spawn_blocking(move || {
        let status = app.terminate();
        (status, app)
    });
    // new connections are refused once the server stops listening
    let late = load::eventually(Duration::from_secs(10), || async {
        reqwest::Client::new()
            .get(format!("{base_url}/healthz"))
            .send()
            .await
            .is_err()
    })
    .await;
    let mut created = 0;
    for call in calls {
        let (status, body) = call.await.unwrap().expect("an in-flight call is answered");
        assert_eq!(status, 200, "{body}");
        let codes = soap::all(&body, "code");
        assert_eq!(codes.len(), TERM_BATCH);
        assert!(codes.iter().all(|c| c == "0"), "{codes:?}");
        created += codes.len();
    }
    let (status, app) = terminated.await.unwrap();
    assert!(late, "the server kept accepting connections after SIGTERM");
    assert_eq!(status.code(), Some(0), "exit status; log:\n{}", app.log());
    assert!(app.log().contains("stopped"), "{}", app.log());
    assert_eq!(all_users(&store).await.len(), created);
    store.close().await;
}

// ---------------------------------------------------------------------------------------
// (d) SIGTERM writes the audit rows still queued for the batching writer

/// Calls are answered while another connection holds SQLite's write lock (their audit rows
/// wait in the writer's queue); SIGTERM then arrives before the lock is released: the server
/// exits only once those rows are written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_writes_the_audit_rows_still_queued() {
    use chamilo_core::audit::{AuditQuery, EventMatch};

    const CLIENTS: usize = 4;
    const CALLS: usize = 10;
    let app = common::spawn_app().await;
    let key = load::admin_key(&app).await;
    let store = load::open_store(&app.database_url).await;
    // let the authenticate row be written before the lock is taken
    tokio::time::sleep(Duration::from_millis(200)).await;
    let lock = store.begin().await.unwrap(); // BEGIN IMMEDIATE: the write lock

    let started = Instant::now();
    let calls: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let client = Client::new(&app);
            let key = key.clone();
            tokio::spawn(async move {
                let fields = [
                    ("action", "user_profile"),
                    ("username", load::ADMIN),
                    ("api_key", key.as_str()),
                ];
                for _ in 0..CALLS {
                    let (status, answer) = client.rest(&fields).await.unwrap();
                    assert_eq!((status, &answer["error"]), (200, &false.into()), "{answer}");
                }
            })
        })
        .collect();
    for c in calls {
        c.await.unwrap();
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "calls waited for the audit writer: {:?}",
        started.elapsed()
    );
    let mut app = app;
    let terminated = tokio::task::spawn_blocking(move || {
        let status = app.terminate();
        (status, app)
    });
    // the server has stopped serving and waits for its audit rows
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(lock); // rolls back, releasing the lock
    let (status, app) = terminated.await.unwrap();
    assert_eq!(status.code(), Some(0), "exit status; log:\n{}", app.log());

    let rows = store
        .repo()
        .audit_events(&AuditQuery {
            limit: 1000,
            ..AuditQuery::matching(EventMatch::Exact("access_ws_user_profile".into()))
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), CLIENTS * CALLS, "log:\n{}", app.log());
    store.close().await;
}
