//! The audit batching writer: `record_audit` queues its row here instead of writing it, and one
//! background task writes what gathers in a few milliseconds with multi-row INSERTs. An INSERT
//! per call took the SQLite write lock once per request, which dominated the cost of cheap
//! reads like `user_profile`.
//!
//! Guarantees: rows are written in queue order (= call order); a full queue makes the caller
//! wait for room (nothing is dropped silently, nothing fails the request); a flush marker sent
//! through the same queue is answered once every row queued before it was written (or its
//! write failed and was logged). Rows still queued when the process is killed are lost.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use crate::ports::Store;
use crate::types::audit::{AuditEvent, AuditWriterStats};

/// Queue capacity: beyond it callers wait for the writer.
pub const QUEUE_CAPACITY: usize = 4096;
/// How long the writer gathers rows after the first one before writing.
pub const GATHER: Duration = Duration::from_millis(2);
/// The most rows gathered into one write: one INSERT statement (8 bound values a row). Larger
/// batches, written as several statements, made the writer's bursts long enough to hold the
/// HTTP worker off a shared CPU for 2 ms (bench/RESULTS.md, p99 of user_profile).
pub const MAX_GATHER: usize = 100;

enum Msg {
    Event(AuditEvent),
    /// answered once everything queued before it is written
    Flush(oneshot::Sender<()>),
}

pub(crate) struct AuditWriter {
    store: Arc<dyn Store>,
    queue: OnceLock<mpsc::Sender<Msg>>,
    counts: Arc<Counts>,
}

/// Rows written and dropped, shared with the writer task.
#[derive(Default)]
struct Counts {
    written: AtomicU64,
    dropped: AtomicU64,
}

impl AuditWriter {
    /// Starts the writer task now when called inside a tokio runtime, else on first use.
    pub(crate) fn new(store: Arc<dyn Store>) -> Self {
        let writer = AuditWriter {
            store,
            queue: OnceLock::new(),
            counts: Arc::default(),
        };
        writer.queue();
        writer
    }

    /// The queue, starting the writer task on the current runtime if it is not running yet.
    /// `None` outside a tokio runtime.
    fn queue(&self) -> Option<&mpsc::Sender<Msg>> {
        if let Some(q) = self.queue.get() {
            return Some(q);
        }
        let runtime = tokio::runtime::Handle::try_current().ok()?;
        Some(self.queue.get_or_init(|| {
            let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
            runtime.spawn(run(self.store.clone(), self.counts.clone(), rx));
            tx
        }))
    }

    /// Queues one row; waits for room when the queue is full. When no writer can run (no
    /// runtime, or the runtime that ran it is gone) the row is written directly.
    pub(crate) async fn record(&self, event: AuditEvent) {
        let event = match self.queue() {
            Some(q) => match q.send(Msg::Event(event)).await {
                Ok(()) => return,
                Err(mpsc::error::SendError(Msg::Event(e))) => e,
                Err(_) => return,
            },
            None => event,
        };
        write(
            self.store.as_ref(),
            &self.counts,
            std::slice::from_ref(&event),
        )
        .await;
    }

    pub(crate) fn stats(&self) -> AuditWriterStats {
        AuditWriterStats {
            queued: self
                .queue
                .get()
                .map_or(0, |q| q.max_capacity() - q.capacity()),
            written: self.counts.written.load(Ordering::Relaxed),
            dropped: self.counts.dropped.load(Ordering::Relaxed),
        }
    }

    /// Returns once every row queued before this call is written.
    pub(crate) async fn flush(&self) {
        let Some(q) = self.queue.get() else {
            return; // nothing was ever queued
        };
        let (done, wait) = oneshot::channel();
        if q.send(Msg::Flush(done)).await.is_ok() {
            // an error means the writer is gone: nothing more will be written either way
            let _ = wait.await;
        }
    }
}

/// The writer task: ends when every sender is dropped, after writing what is left.
///
/// After the first row it sleeps out the gathering time and then takes what queued meanwhile,
/// rather than waiting on the queue: a receiver parked on the queue is woken by every send,
/// which cost each request a cross-thread wake-up.
async fn run(store: Arc<dyn Store>, counts: Arc<Counts>, mut rx: mpsc::Receiver<Msg>) {
    let mut batch: Vec<AuditEvent> = Vec::with_capacity(MAX_GATHER);
    let mut flushes: Vec<oneshot::Sender<()>> = Vec::new();
    while let Some(first) = rx.recv().await {
        let deadline = Instant::now() + GATHER;
        take(first, &mut batch, &mut flushes);
        drain(&mut rx, &mut batch, &mut flushes);
        // a flush marker ends the gathering: its caller is waiting
        if batch.len() < MAX_GATHER && flushes.is_empty() {
            tokio::time::sleep_until(deadline).await;
            drain(&mut rx, &mut batch, &mut flushes);
        }
        write(store.as_ref(), &counts, &batch).await;
        batch.clear();
        for done in flushes.drain(..) {
            let _ = done.send(());
        }
    }
}

/// Takes what is queued now, up to a full batch or a flush marker.
fn drain(
    rx: &mut mpsc::Receiver<Msg>,
    batch: &mut Vec<AuditEvent>,
    flushes: &mut Vec<oneshot::Sender<()>>,
) {
    while batch.len() < MAX_GATHER && flushes.is_empty() {
        match rx.try_recv() {
            Ok(m) => take(m, batch, flushes),
            Err(_) => break,
        }
    }
}

fn take(m: Msg, batch: &mut Vec<AuditEvent>, flushes: &mut Vec<oneshot::Sender<()>>) {
    match m {
        Msg::Event(e) => batch.push(e),
        Msg::Flush(done) => flushes.push(done),
    }
}

/// Writes a batch (never more than `MAX_GATHER` rows) in order as one statement, in
/// autocommit. A failed statement is logged and its rows dropped (and counted): auditing
/// never fails a request.
async fn write(store: &dyn Store, counts: &Counts, events: &[AuditEvent]) {
    let Some(first) = events.first() else {
        return; // a batch of flush markers only
    };
    let rows = events.len() as u64;
    if let Err(e) = store.repo().insert_audit_events(events).await {
        counts.dropped.fetch_add(rows, Ordering::Relaxed);
        tracing::error!(
            error = %e,
            rows = events.len(),
            first_event_type = %first.event_type,
            "audit rows not written"
        );
    } else {
        counts.written.fetch_add(rows, Ordering::Relaxed);
    }
}
