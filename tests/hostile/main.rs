//! The hostile-input corpus (issue 6, "Proof harness"), run against the real binary.
//!
//! Every case of `hostile/soap.rs` (soap.php), `hostile/registration.rs` (registration.soap.php,
//! the same attacks and its own) and `hostile/rest.rs` is sent byte for byte to one server per
//! endpoint; each must get an in-protocol error (a SOAP Fault with HTTP 500/400/413, or for
//! some registration.soap.php cases the operation's refusal; a REST `{"error":true,…}`
//! envelope with HTTP 200 or 413; a handful of broken-framing cases a plain HTTP 4xx), after
//! each the server must still answer `/healthz`, and every table of the database must be
//! exactly as before (`hostile/db.rs`).
//!
//! Valid requests whose text parameters carry SQL and HTML payloads are the other half
//! (`hostile/verbatim.rs`): the payload must be stored and returned verbatim, and no row
//! other than the ones the request is about may change.

#[path = "../common/mod.rs"]
mod common;

mod cases;
mod db;
mod registration;
mod rest;
mod soap;
mod verbatim;
mod wire;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use cases::{check, Case};
use common::TestApp;
use db::Db;

/// The body limit of the corpus servers: small enough that "over the limit" is cheap.
pub const BODY_LIMIT: usize = 4 << 20;

/// No single case may take longer than this (a quadratic parse would).
const CASE_BUDGET: Duration = Duration::from_secs(5);

/// A server on a fresh SQLite database with the corpus body limit.
async fn start() -> TestApp {
    common::start_on_sqlite(&[
        ("GATEWAY_BODY_LIMIT", &BODY_LIMIT.to_string()),
        // the corpus sends hundreds of wrong keys from one address on purpose, and checks
        // how each is answered; throttling them is tests/edge/throttle.rs's subject
        ("GATEWAY_THROTTLE_MAX_FAILURES", "0"),
    ])
}

async fn healthy(app: &TestApp) -> Result<(), String> {
    match wire::send(&app.base_url, &wire::Request::get("/healthz")).await {
        Ok(r) if r.status == 200 => Ok(()),
        Ok(r) => Err(format!("/healthz answered {}", r.status)),
        Err(e) => Err(format!("/healthz: {e}")),
    }
}

/// Runs every case; panics with the list of failures.
async fn run_corpus(app: &TestApp, cases: Vec<Case>) {
    let db = Db::open(&app.database_url).await;
    let mut before = db.snapshot().await;
    let data_checksum = before.data_checksum();
    let mut access_log = 0;
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut per_category: BTreeMap<&str, usize> = BTreeMap::new();
    let total = cases.len();
    for case in cases {
        *per_category.entry(case.category).or_default() += 1;
        let label = format!("[{}] {}", case.category, case.name);
        let t = Instant::now();
        let verdict = match wire::send(&app.base_url, &case.req).await {
            Ok(r) => check(
                case.expect,
                &case.req.body,
                r.status,
                &r.content_type,
                &r.body,
            ),
            Err(e) => Err(format!("no answer: {e}")),
        };
        let took = t.elapsed();
        if let Err(e) = verdict {
            failures.push(format!("{label}: {e}"));
        }
        if took > CASE_BUDGET {
            failures.push(format!("{label}: took {took:?}"));
        }
        if let Err(e) = healthy(app).await {
            failures.push(format!("{label}: server unhealthy afterwards: {e}"));
            break;
        }
        let after = db.snapshot().await;
        let changed = after.data_changed_since(&before);
        if !changed.is_empty() {
            let rows: Vec<String> = changed
                .into_iter()
                .map(|(t, pk)| {
                    let row = after.row(t, &pk).or_else(|| before.row(t, &pk));
                    format!("{t}#{pk}: {}", row.map_or("", String::as_str))
                })
                .collect();
            failures.push(format!(
                "{label}: database changed:\n    {}",
                rows.join("\n    ")
            ));
        }
        access_log += after.access_log_added(&before);
        before = after;
    }
    eprintln!(
        "{total} cases in {:?}; data checksum {data_checksum:016x} before, {:016x} after; \
         {access_log} web-service access-log rows appended:",
        started.elapsed(),
        before.data_checksum()
    );
    for (category, n) in &per_category {
        eprintln!("  {n:4}  {category}");
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}\n--- server log (tail) ---\n{}",
        failures.len(),
        failures.join("\n"),
        tail(&app.log(), 4000)
    );
}

fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

#[tokio::test]
async fn soap_hostile_corpus() {
    let app = start().await;
    verbatim::seed_soap(&app).await;
    let cases = soap::cases();
    assert!(cases.len() >= 150, "{} SOAP cases", cases.len());
    Box::pin(run_corpus(&app, cases)).await;
}

#[tokio::test]
async fn registration_hostile_corpus() {
    let app = start().await;
    verbatim::seed_soap(&app).await;
    let cases = registration::cases();
    assert!(
        cases.len() >= 150,
        "{} registration.soap.php cases",
        cases.len()
    );
    Box::pin(run_corpus(&app, cases)).await;
    // uncorrupted, the call every strict case was made from writes: the cases were refused
    let answer = wire::send(&app.base_url, &registration::valid())
        .await
        .unwrap();
    let body = answer.text();
    assert_eq!(answer.status, 200, "{body}");
    let id = body
        .split("<return xsi:type=\"xsd:string\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_default();
    assert!(id.parse::<i64>().is_ok_and(|id| id > 0), "{body}");
}

#[tokio::test]
async fn rest_hostile_corpus() {
    let app = start().await;
    let keys = verbatim::seed_rest(&app).await;
    let cases = rest::cases(&keys);
    assert!(cases.len() >= 150, "{} REST cases", cases.len());
    Box::pin(run_corpus(&app, cases)).await;
}

#[tokio::test]
async fn soap_payloads_are_stored_and_returned_verbatim() {
    let app = start().await;
    Box::pin(verbatim::soap(&app)).await;
}

#[tokio::test]
async fn rest_payloads_are_stored_and_returned_verbatim() {
    let app = start().await;
    Box::pin(verbatim::rest(&app)).await;
}
