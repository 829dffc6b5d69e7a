//! `GET /metrics`: what the gateway is doing, in Prometheus' text format, through the
//! `metrics` facade and `metrics-exporter-prometheus` (the format is the exporter's).
//!
//! - Requests are counted by the request middleware from the [`Served`] each adapter attaches
//!   to its response ([`record`]): by protocol, operation or action and outcome, with their
//!   duration (whole request, body read included) in a histogram by protocol and operation.
//! - How long each database connection waited to come out of its pool: sqlx reports every
//!   acquire as a trace event (the stores turn that on), which [`PoolWaits`], a tracing layer
//!   of its own beside the log's, records in a histogram.
//! - Everything else is read when scraped ([`scrape`]): the store's connection pools, the
//!   audit writer's queue and dropped rows, the dashboard's call-count rows whose write failed,
//!   the throttle's counts, the process (RSS, CPU,
//!   threads, start time; `metrics-process`) and the uptime.
//!
//! Nothing here is on a request's path except [`record`]: a look-up in this thread's handles
//! and two atomic updates (bench/RESULTS.md, "/metrics" before/after).

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use actix_web::{web, HttpResponse};
use anyhow::{Context, Result};
use chamilo_core::Gateway;
use chamilo_edge::{CallOutcome, Protocol, Secret, Served, Throttle};
use metrics::{
    counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram, Counter,
    Histogram,
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

pub const PATH: &str = "/metrics";

const REQUESTS: &str = "chamilo_gateway_requests_total";
const REQUEST_SECONDS: &str = "chamilo_gateway_request_duration_seconds";
const POOL_CONNECTIONS: &str = "chamilo_gateway_db_pool_connections";
const POOL_MAX: &str = "chamilo_gateway_db_pool_max_connections";
const POOL_ACQUIRE_SECONDS: &str = "chamilo_gateway_db_pool_acquire_seconds";
const AUDIT_QUEUED: &str = "chamilo_gateway_audit_queue_depth";
const AUDIT_WRITTEN: &str = "chamilo_gateway_audit_rows_written_total";
const AUDIT_DROPPED: &str = "chamilo_gateway_audit_rows_dropped_total";
const CALL_COUNTS_DROPPED: &str = "chamilo_gateway_call_counts_dropped_total";
const THROTTLE_FAILURES: &str = "chamilo_gateway_throttle_failures_total";
const THROTTLE_REFUSED: &str = "chamilo_gateway_throttle_refused_total";
const THROTTLE_LOCKOUTS: &str = "chamilo_gateway_throttle_lockouts_total";
const THROTTLE_LOCKED_OUT: &str = "chamilo_gateway_throttle_locked_out_addresses";
const UPTIME: &str = "chamilo_gateway_uptime_seconds";

/// Upper bounds of the duration buckets, in seconds: a cached REST read takes well under a
/// millisecond, a 100,000-user CreateUsers a few seconds.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Upper bounds of the pool-wait buckets: an idle connection comes out in microseconds, a
/// pool exhausted by slow statements makes callers wait up to the acquire timeout (5 s).
const ACQUIRE_BUCKETS: &[f64] = &[
    0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0,
];

/// How often histograms are folded when nobody scrapes: the exporter keeps raw samples until
/// then, so without it memory would grow with every request.
const UPKEEP: Duration = Duration::from_secs(5);

/// The installed exporter and what is read at each scrape.
pub struct Metrics {
    handle: PrometheusHandle,
    process: metrics_process::Collector,
    started: Instant,
    throttle: Throttle,
}

impl Metrics {
    /// Installs the process-wide recorder (once, before serving), describes every metric and
    /// starts the upkeep task on the current runtime.
    pub fn install(throttle: Throttle) -> Result<Metrics> {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), BUCKETS)
            .context("metrics buckets")?
            .set_buckets_for_metric(Matcher::Full(POOL_ACQUIRE_SECONDS.into()), ACQUIRE_BUCKETS)
            .context("metrics buckets")?
            .install_recorder()
            .context("installing the metrics recorder")?;
        describe();
        // a second install (tests) keeps the first handle, which is the recorder in force
        let _ = ACQUIRE_SECONDS.set(histogram!(POOL_ACQUIRE_SECONDS));
        let process = metrics_process::Collector::default();
        process.describe();
        let upkeep = handle.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(UPKEEP);
            loop {
                every.tick().await;
                upkeep.run_upkeep();
            }
        });
        Ok(Metrics {
            handle,
            process,
            started: Instant::now(),
            throttle,
        })
    }
}

fn describe() {
    describe_counter!(
        REQUESTS,
        "Web-service calls by protocol (soap.php, registration.soap.php, v2.php), operation or \
         action (unknown: not in the table) and outcome (ok, refused, fault, error)"
    );
    describe_histogram!(
        REQUEST_SECONDS,
        metrics::Unit::Seconds,
        "Web-service call duration, body read included, by protocol and operation"
    );
    describe_gauge!(
        POOL_CONNECTIONS,
        "Database connections by pool and state (in_use, idle); how long callers wait for one: \
         chamilo_gateway_db_pool_acquire_seconds"
    );
    describe_gauge!(POOL_MAX, "Connections each database pool may open");
    describe_histogram!(
        POOL_ACQUIRE_SECONDS,
        metrics::Unit::Seconds,
        "How long each database connection waited to come out of its pool (all pools)"
    );
    describe_gauge!(
        AUDIT_QUEUED,
        "Audit rows waiting for the batching writer (callers wait beyond 4096)"
    );
    describe_counter!(AUDIT_WRITTEN, "Audit rows written");
    describe_counter!(
        AUDIT_DROPPED,
        "Audit rows whose write failed (logged, then dropped)"
    );
    describe_counter!(
        CALL_COUNTS_DROPPED,
        "Call-count rows (the dashboard's figures) whose write failed (logged, then dropped)"
    );
    describe_counter!(
        THROTTLE_FAILURES,
        "Failed checks by secret (soap_key: both SOAP services; password: v2.php authenticate)"
    );
    describe_counter!(
        THROTTLE_REFUSED,
        "Attempts refused without checking, their address locked out, by secret"
    );
    describe_counter!(
        THROTTLE_LOCKOUTS,
        "Times an address reached the failure limit, by secret"
    );
    describe_gauge!(THROTTLE_LOCKED_OUT, "Addresses locked out now, by secret");
    describe_gauge!(
        UPTIME,
        metrics::Unit::Seconds,
        "Seconds since the gateway started"
    );
}

type Series = (Protocol, &'static str, CallOutcome);

thread_local! {
    /// The handles of the series this worker thread has counted: finding one in the
    /// exporter's registry builds and hashes its labels, twice the cost of the rest of
    /// [`record`] (callgrind, bench/RESULTS.md). A few hundred series at most.
    static HANDLES: RefCell<HashMap<Series, (Counter, Histogram)>> = RefCell::default();
}

/// Counts one served call and its duration.
pub fn record(served: Served, elapsed: Duration) {
    let series = (served.protocol, served.operation, served.outcome);
    HANDLES.with(|handles| {
        let mut handles = handles.borrow_mut();
        let (calls, seconds) = handles.entry(series).or_insert_with(|| register(series));
        calls.increment(1);
        seconds.record(elapsed.as_secs_f64());
    });
}

fn register((protocol, operation, outcome): Series) -> (Counter, Histogram) {
    let protocol = protocol.as_str();
    let calls = counter!(
        REQUESTS,
        "protocol" => protocol,
        "operation" => operation,
        "outcome" => outcome.as_str()
    );
    let seconds = histogram!(REQUEST_SECONDS, "protocol" => protocol, "operation" => operation);
    (calls, seconds)
}

/// `GET /metrics`: reads the gauges, then renders everything.
pub async fn scrape(metrics: web::Data<Metrics>, gateway: web::Data<Gateway>) -> HttpResponse {
    for pool in gateway.pool_stats() {
        gauge!(POOL_CONNECTIONS, "pool" => pool.name, "state" => "in_use").set(pool.in_use());
        gauge!(POOL_CONNECTIONS, "pool" => pool.name, "state" => "idle").set(pool.idle);
        gauge!(POOL_MAX, "pool" => pool.name).set(pool.max);
    }
    let audit = gateway.audit_writer_stats();
    gauge!(AUDIT_QUEUED).set(audit.queued as f64);
    counter!(AUDIT_WRITTEN).absolute(audit.written);
    counter!(AUDIT_DROPPED).absolute(audit.dropped);
    counter!(CALL_COUNTS_DROPPED).absolute(gateway.dropped_call_counts());
    for secret in Secret::ALL {
        let stats = metrics.throttle.stats(secret);
        let name = secret.as_str();
        counter!(THROTTLE_FAILURES, "secret" => name).absolute(stats.failures);
        counter!(THROTTLE_REFUSED, "secret" => name).absolute(stats.refused);
        counter!(THROTTLE_LOCKOUTS, "secret" => name).absolute(stats.lockouts);
        gauge!(THROTTLE_LOCKED_OUT, "secret" => name).set(stats.locked_out as f64);
    }
    gauge!(UPTIME).set(metrics.started.elapsed().as_secs_f64());
    metrics.process.collect();
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.handle.render())
}

/// sqlx's event for each connection taken from a pool, and its field with the wait.
const ACQUIRE_TARGET: &str = "sqlx::pool::acquire";
const ACQUIRED_AFTER: &str = "acquired_after_secs";

/// The pool-wait histogram, once the recorder is installed (events before it are not counted).
static ACQUIRE_SECONDS: std::sync::OnceLock<Histogram> = std::sync::OnceLock::new();

/// A tracing layer recording sqlx's acquire events in the pool-wait histogram. Give it a
/// filter of its own ([`PoolWaits::filter`]): the events are at trace level, which the log's
/// filter leaves out.
pub struct PoolWaits;

impl PoolWaits {
    pub fn filter() -> tracing_subscriber::filter::Targets {
        tracing_subscriber::filter::Targets::new()
            .with_target(ACQUIRE_TARGET, tracing::Level::TRACE)
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for PoolWaits {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        let Some(histogram) = ACQUIRE_SECONDS.get() else {
            return;
        };
        let mut waited = Waited(None);
        event.record(&mut waited);
        if let Some(seconds) = waited.0 {
            histogram.record(seconds);
        }
    }
}

/// Reads the wait out of an acquire event.
struct Waited(Option<f64>);

impl tracing::field::Visit for Waited {
    fn record_f64(&mut self, field: &tracing::field::Field, value: f64) {
        if field.name() == ACQUIRED_AFTER {
            self.0 = Some(value);
        }
    }

    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}
