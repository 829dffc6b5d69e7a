//! Hourly call counts gathered in memory: each call adds one to its hour and key under a short
//! lock (no allocation, no I/O), and a background task adds what gathered to the store every
//! [`FLUSH_EVERY`]. The store adds rather than overwrites, so several processes over one
//! database all count. Counts still in memory when the process is killed are lost.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::error::CoreResult;
use crate::ports::Store;
use crate::types::calls::{hour_of, CallCount, CallMark, RETENTION};
use crate::types::now;

/// How often gathered counts are added to the store (the dashboard of another process is at
/// most this far behind; this process's own reads add first).
pub const FLUSH_EVERY: Duration = Duration::from_secs(5);
/// Rows per store call.
const CHUNK: usize = 200;
/// How often hours older than the retention are deleted.
const PRUNE_EVERY: chrono::Duration = chrono::Duration::hours(1);

#[derive(Clone, Copy)]
struct Tally {
    calls: i64,
    last: NaiveDateTime,
}

type Pending = HashMap<(NaiveDateTime, CallMark), Tally>;

pub(crate) struct CallCounter {
    store: Arc<dyn Store>,
    pending: Mutex<Pending>,
    task: OnceLock<()>,
    last_prune: Mutex<Option<NaiveDateTime>>,
    /// rows whose add failed since start (logged, then dropped)
    dropped: AtomicU64,
    /// the last add failed: the next failure is not logged again, a success is
    failing: AtomicBool,
}

impl CallCounter {
    pub(crate) fn new(store: Arc<dyn Store>) -> Arc<Self> {
        Arc::new(CallCounter {
            store,
            pending: Mutex::default(),
            task: OnceLock::new(),
            last_prune: Mutex::default(),
            dropped: AtomicU64::new(0),
            failing: AtomicBool::new(false),
        })
    }

    /// Counts one call now.
    pub(crate) fn record(self: &Arc<Self>, mark: CallMark) {
        let at = now();
        {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending
                .entry((hour_of(at), mark))
                .and_modify(|t| {
                    t.calls += 1;
                    t.last = t.last.max(at);
                })
                .or_insert(Tally { calls: 1, last: at });
        }
        self.task.get_or_init(|| self.start());
    }

    /// Starts the periodic flush on the current tokio runtime, if there is one (without one,
    /// counts wait for an explicit flush). The task ends once the gateway is dropped.
    fn start(self: &Arc<Self>) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let counter: Weak<Self> = Arc::downgrade(self);
        runtime.spawn(async move {
            let mut tick = tokio::time::interval(FLUSH_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tick.tick().await; // the first tick is now
            loop {
                tick.tick().await;
                let Some(counter) = counter.upgrade() else {
                    return;
                };
                counter.flush().await;
                counter.prune_now_and_then().await;
            }
        });
    }

    /// Adds everything gathered so far to the store. A failed add is logged (once until the
    /// next success) and its rows dropped and counted: counting never fails a request.
    pub(crate) async fn flush(&self) {
        let gathered = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if gathered.is_empty() {
            return;
        }
        let rows: Vec<CallCount> = gathered
            .into_iter()
            .map(|((hour, mark), t)| CallCount {
                hour,
                protocol: mark.protocol.to_owned(),
                operation: mark.operation.to_owned(),
                outcome: mark.outcome.to_owned(),
                client: mark.client.to_string(),
                calls: t.calls,
                last: t.last,
            })
            .collect();
        for chunk in rows.chunks(CHUNK) {
            self.noted(self.store.repo().add_call_counts(chunk).await, chunk.len());
        }
    }

    fn noted(&self, added: CoreResult<()>, rows: usize) {
        match added {
            Ok(()) => {
                if self.failing.swap(false, Ordering::Relaxed) {
                    tracing::info!("call counts are written again");
                }
            }
            Err(e) => {
                self.dropped.fetch_add(rows as u64, Ordering::Relaxed);
                if !self.failing.swap(true, Ordering::Relaxed) {
                    tracing::error!(error = %e, rows, "call counts not written (the dashboard will miss them)");
                }
            }
        }
    }

    /// Deletes hours past the retention, at most once per `PRUNE_EVERY` per process.
    async fn prune_now_and_then(&self) {
        let at = now();
        {
            let mut last = self.last_prune.lock().unwrap_or_else(|e| e.into_inner());
            if last.is_some_and(|l| at - l < PRUNE_EVERY) {
                return;
            }
            *last = Some(at);
        }
        if let Err(e) = self
            .store
            .repo()
            .prune_call_counts(hour_of(at - RETENTION))
            .await
        {
            tracing::warn!(error = %e, "old call counts not deleted");
        }
    }

    pub(crate) fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}
