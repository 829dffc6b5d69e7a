//! `/metrics` as Prometheus reads it: the text is parsed with a Prometheus text-format parser
//! (`prometheus-parse`), and every counter moves by exactly the calls made, labelled by
//! protocol, operation or action, and outcome.

use std::collections::BTreeMap;
use std::time::Duration;

use prometheus_parse::{Sample, Scrape, Value};

use crate::common::rest::{Rest, ADMIN};
use crate::common::soap::{self, key, registration_call, s, REGISTRATION};
use crate::common::{client, spawn_app, TestApp};

const REQUESTS: &str = "chamilo_gateway_requests_total";

async fn scrape(app: &TestApp) -> Scrape {
    let res = client().get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    let text = res.text().await.unwrap();
    Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).expect("Prometheus text format")
}

/// Scrapes until `done` holds (the audit writer gathers its rows for a few milliseconds).
async fn poll(app: &TestApp, done: impl Fn(&Scrape) -> bool) -> Scrape {
    for _ in 0..500 {
        let scraped = scrape(app).await;
        if done(&scraped) {
            return scraped;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("/metrics never showed what was awaited");
}

fn has_labels(sample: &Sample, labels: &[(&str, &str)]) -> bool {
    labels.iter().all(|(k, v)| sample.labels.get(k) == Some(*v))
}

/// The one sample of `metric` with these labels (0 when it has none yet).
fn value(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    let found: Vec<&Sample> = scrape
        .samples
        .iter()
        .filter(|s| s.metric == metric && has_labels(s, labels))
        .collect();
    assert!(found.len() <= 1, "{metric} {labels:?}: {found:?}");
    match found.first().map(|s| &s.value) {
        None => 0.0,
        Some(Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v)) => *v,
        Some(other) => panic!("{metric}: not a number: {other:?}"),
    }
}

/// Every request series: (protocol, operation, outcome) → count.
fn requests(scrape: &Scrape) -> BTreeMap<(String, String, String), f64> {
    let label = |s: &Sample, k: &str| s.labels.get(k).unwrap_or_default().to_owned();
    scrape
        .samples
        .iter()
        .filter(|s| s.metric == REQUESTS)
        .map(|s| {
            let Value::Counter(n) = s.value else {
                panic!("{REQUESTS} is a counter: {s:?}")
            };
            let key = (
                label(s, "protocol"),
                label(s, "operation"),
                label(s, "outcome"),
            );
            (key, n)
        })
        .collect()
}

/// What moved between two scrapes, series by series.
fn moved(
    before: &BTreeMap<(String, String, String), f64>,
    after: &BTreeMap<(String, String, String), f64>,
) -> BTreeMap<(String, String, String), f64> {
    after
        .iter()
        .map(|(k, n)| (k.clone(), n - before.get(k).copied().unwrap_or(0.0)))
        .filter(|(_, d)| *d != 0.0)
        .collect()
}

fn series(
    protocol: &str,
    operation: &str,
    outcome: &str,
    n: f64,
) -> ((String, String, String), f64) {
    ((protocol.into(), operation.into(), outcome.into()), n)
}

async fn disable_user(app: &TestApp, secret_key: String) -> String {
    let parts = [
        s("secret_key", secret_key),
        s("user_id_field_name", "external_user_id"),
        s("user_id_value", "nobody"),
    ];
    soap::call(app, "WSUser.DisableUser", &parts).await.1
}

fn get_user(secret_key: &str) -> String {
    registration_call(
        "WSGetUser",
        "GetUser",
        "GetUserArg",
        &[
            ("original_user_id_value", "nobody"),
            ("original_user_id_name", "external_user_id"),
            ("secret_key", secret_key),
        ],
    )
}

/// Calls of every protocol and outcome move their own series by exactly their number, and
/// nothing else moves (`/metrics` itself is not a call); the duration histogram counts the same
/// calls; the failed checks show in the throttle's counters.
#[tokio::test]
async fn every_call_is_counted_once_by_protocol_operation_and_outcome() {
    let rest = Rest::start().await;
    let app = &rest.app;
    let before = scrape(app).await;

    let wrong = "0".repeat(40);
    for _ in 0..3 {
        let a = rest
            .get(&format!(
                "action=user_profile&username={ADMIN}&api_key={}",
                rest.admin_key
            ))
            .await;
        assert!(a.body.starts_with("{\"error\":false"), "{}", a.body);
    }
    for _ in 0..2 {
        let a = rest
            .get(&format!(
                "action=user_profile&username={ADMIN}&api_key={wrong}"
            ))
            .await;
        assert!(a.body.contains("Invalid API key"), "{}", a.body);
    }
    let a = rest
        .form(&[
            ("action", "authenticate"),
            ("username", ADMIN),
            ("password", "nope"),
        ])
        .await;
    assert!(a.body.contains("Invalid user detected"), "{}", a.body);
    let a = rest
        .get(&format!(
            "action=no_such_action&username={ADMIN}&api_key={}",
            rest.admin_key
        ))
        .await;
    assert!(a.body.starts_with("{\"error\":true"), "{}", a.body);

    for _ in 0..2 {
        soap::ok(app, "WS.test", &[]).await;
    }
    for _ in 0..2 {
        assert_eq!(
            soap::fault_of(&disable_user(app, wrong.clone()).await).0,
            "1"
        );
    }
    assert_eq!(soap::fault_of(&disable_user(app, key()).await).0, "100");
    let (status, body) = soap::call(app, "WSUser.NoSuchOperation", &[]).await;
    assert_eq!((status, soap::fault_of(&body).0.as_str()), (500, "Client"));

    let (_, _, body) = soap::post_to(app, REGISTRATION, get_user(&wrong)).await;
    assert_eq!(soap::fault_of(&body).0, "Server");
    let certificates = registration_call("WSCertificatesList", "startingDate", "xsd:string", &[]);
    let (status, _, body) = soap::post_to(app, REGISTRATION, certificates).await;
    assert_eq!(status, 200, "{body}");

    let after = scrape(app).await;
    let expected: BTreeMap<_, _> = [
        series("v2.php", "user_profile", "ok", 3.0),
        series("v2.php", "user_profile", "refused", 2.0),
        series("v2.php", "authenticate", "refused", 1.0),
        series("v2.php", "unknown", "fault", 1.0),
        series("soap.php", "WS.test", "ok", 2.0),
        series("soap.php", "WSUser.DisableUser", "refused", 2.0),
        series("soap.php", "WSUser.DisableUser", "fault", 1.0),
        series("soap.php", "unknown", "fault", 1.0),
        series("registration.soap.php", "WSGetUser", "refused", 1.0),
        series("registration.soap.php", "WSCertificatesList", "ok", 1.0),
    ]
    .into();
    assert_eq!(moved(&requests(&before), &requests(&after)), expected);

    // the histogram of user_profile holds its five calls, in cumulative buckets
    let profile = [("protocol", "v2.php"), ("operation", "user_profile")];
    let count = |s: &Scrape| {
        value(
            s,
            "chamilo_gateway_request_duration_seconds_count",
            &profile,
        )
    };
    assert_eq!(count(&after) - count(&before), 5.0);
    let buckets = after
        .samples
        .iter()
        .find_map(|s| match &s.value {
            Value::Histogram(b)
                if s.metric == "chamilo_gateway_request_duration_seconds"
                    && has_labels(s, &profile) =>
            {
                Some(b.clone())
            }
            _ => None,
        })
        .expect("a histogram for user_profile");
    assert!(
        buckets.windows(2).all(|w| w[0].count <= w[1].count),
        "{buckets:?}"
    );
    let all = buckets
        .iter()
        .find(|b| b.less_than.is_infinite())
        .expect("+Inf");
    assert_eq!(all.count, count(&after));

    // three wrong SOAP keys (two on soap.php, one on registration.soap.php), one password
    let failures = |s: &Scrape, secret| {
        value(
            s,
            "chamilo_gateway_throttle_failures_total",
            &[("secret", secret)],
        )
    };
    assert_eq!(
        failures(&after, "soap_key") - failures(&before, "soap_key"),
        3.0
    );
    assert_eq!(
        failures(&after, "password") - failures(&before, "password"),
        1.0
    );
    assert_eq!(
        value(
            &after,
            "chamilo_gateway_throttle_lockouts_total",
            &[("secret", "password")]
        ),
        0.0
    );

    // the admin's authenticate (Rest::start) was a call too, and /metrics never is
    let total = |s: &Scrape| requests(s).values().sum::<f64>();
    assert_eq!(total(&before), 1.0);
    let again = scrape(app).await;
    assert_eq!(total(&again), total(&after));
}

/// The process, the database pool (and how long its connections are waited for) and the audit
/// writer are reported.
#[tokio::test]
async fn process_pool_and_audit_writer_are_reported() {
    let app = spawn_app().await;
    // one accepted SOAP call leaves one audit row
    assert_eq!(soap::fault_of(&disable_user(&app, key()).await).0, "100");
    let written = |s: &Scrape| value(s, "chamilo_gateway_audit_rows_written_total", &[]);
    let scraped = poll(&app, |s| written(s) >= 1.0).await;
    assert_eq!(
        value(&scraped, "chamilo_gateway_audit_rows_written_total", &[]),
        1.0
    );
    assert_eq!(
        value(&scraped, "chamilo_gateway_audit_rows_dropped_total", &[]),
        0.0
    );
    assert_eq!(
        value(&scraped, "chamilo_gateway_audit_queue_depth", &[]),
        0.0
    );

    let main = [("pool", "main")];
    assert_eq!(
        value(&scraped, "chamilo_gateway_db_pool_max_connections", &main),
        10.0
    );
    let in_use = value(
        &scraped,
        "chamilo_gateway_db_pool_connections",
        &[("pool", "main"), ("state", "in_use")],
    );
    let idle = value(
        &scraped,
        "chamilo_gateway_db_pool_connections",
        &[("pool", "main"), ("state", "idle")],
    );
    assert!(
        idle >= 1.0 && in_use + idle <= 10.0,
        "in use {in_use}, idle {idle}"
    );

    // each connection taken from the pool is timed: SOAP calls that read move the count
    let acquired = |s: &Scrape| value(s, "chamilo_gateway_db_pool_acquire_seconds_count", &[]);
    let waited = |s: &Scrape| value(s, "chamilo_gateway_db_pool_acquire_seconds_sum", &[]);
    let before = scrape(&app).await;
    for _ in 0..3 {
        assert_eq!(soap::fault_of(&disable_user(&app, key()).await).0, "100");
    }
    let after = scrape(&app).await;
    assert!(
        acquired(&after) >= acquired(&before) + 3.0,
        "{} → {}",
        acquired(&before),
        acquired(&after)
    );
    // an idle pool hands a connection out in well under a second
    assert!(waited(&after) >= waited(&before));
    assert!(waited(&after) - waited(&before) < 1.0);

    assert!(value(&scraped, "process_resident_memory_bytes", &[]) > 1e6);
    assert!(value(&scraped, "process_start_time_seconds", &[]) > 1.6e9);
    let uptime = value(&scraped, "chamilo_gateway_uptime_seconds", &[]);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(value(&scrape(&app).await, "chamilo_gateway_uptime_seconds", &[]) > uptime);
}

/// With the audit table and the user table gone, each accepted SOAP call fails in the store
/// (outcome `error`, whatever code the wire carries) and its audit row is dropped; a REST call
/// fails the same way: all counted exactly.
#[tokio::test]
async fn database_failures_and_dropped_audit_rows_are_counted() {
    use migration::sea_orm::ConnectionTrait;

    let rest = Rest::start().await;
    let app = &rest.app;
    // the admin's authenticate left its audit row: written before the table goes
    poll(app, |s| {
        value(s, "chamilo_gateway_audit_rows_written_total", &[]) == 1.0
    })
    .await;
    let store = chamilo_store::connect(&app.database_url, &Default::default())
        .await
        .unwrap();
    for sql in [
        "ALTER TABLE track_e_default RENAME TO track_e_default_gone",
        "ALTER TABLE user RENAME TO user_gone",
        "ALTER TABLE gateway_call_count RENAME TO gateway_call_count_gone",
    ] {
        store.connection().execute_unprepared(sql).await.unwrap();
    }
    let before = scrape(app).await;
    for _ in 0..3 {
        let parts = [
            s("secret_key", key()),
            s("user_id_field_name", "chamilo_user_id"),
            s("user_id_value", "1"),
        ];
        let (_, body) = soap::call(app, "WSUser.DisableUser", &parts).await;
        // the original's code for a failed update; the details are in the log only
        assert_eq!(soap::fault_of(&body).0, "105", "{body}");
    }
    let dropped = |s: &Scrape| value(s, "chamilo_gateway_audit_rows_dropped_total", &[]);
    assert_eq!(dropped(&before), 0.0);
    let after = poll(app, |s| dropped(s) >= 3.0).await;
    assert_eq!(dropped(&after), 3.0);
    assert_eq!(
        moved(&requests(&before), &requests(&after)),
        [series("soap.php", "WSUser.DisableUser", "error", 3.0)].into()
    );

    let a = rest.admin("get_users", &[("status", "*")]).await;
    assert_eq!(a.body, r#"{"error":true,"message":"An error occurred."}"#);
    assert_eq!(
        moved(&requests(&after), &requests(&scrape(app).await)),
        [series("v2.php", "get_users", "error", 1.0)].into()
    );
    // the dashboard's counts of these calls reach the store within its flush period: they
    // fail too, and are counted (rows: one per hour and key)
    let counts_dropped = |s: &Scrape| value(s, "chamilo_gateway_call_counts_dropped_total", &[]);
    let last = poll(app, |s| counts_dropped(s) >= 2.0).await;
    assert!(counts_dropped(&last) >= 2.0);
}
