//! Call counts gathered in memory: each call adds one to its hour's and its day's tally of its
//! key under a short lock (no allocation, no I/O), and a background task adds what gathered to
//! the store every
//! [`FLUSH_EVERY`]. The store adds rather than overwrites, so several processes over one
//! database all count. Counts still in memory when the process is killed are lost.
//!
//! The client dimension is bounded, so that a flood from many addresses cannot grow the table
//! (or this map) without end: an IPv6 caller counts as its /64 network (one subscriber's
//! allocation, whose addresses an attacker could rotate through), and past
//! [`MAX_CLIENTS_PER_HOUR`] distinct clients in an hour, further ones count as `other`. The
//! counts per operation and outcome stay exact.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::error::CoreResult;
use crate::ports::Store;
use crate::types::calls::{
    hour_of, source_of, CallCount, CallMark, Period, MAX_CLIENTS_PER_HOUR, OTHER_CLIENTS, RETENTION,
};
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

/// Whom a call is counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Client {
    /// an IPv4 address, or an IPv6 /64 network
    Source(IpAddr),
    /// past `MAX_CLIENTS_PER_HOUR`
    Other,
}

impl Client {
    fn label(self) -> String {
        match self {
            Client::Source(IpAddr::V6(network)) => format!("{network}/64"),
            Client::Source(v4) => v4.to_string(),
            Client::Other => OTHER_CLIENTS.to_owned(),
        }
    }
}

/// A period and its start, the labels of a call (the mark without its address) and whom it
/// counts for.
type Key = (
    Period,
    NaiveDateTime,
    &'static str,
    &'static str,
    &'static str,
    Client,
);

#[derive(Default)]
struct Pending {
    tallies: HashMap<Key, Tally>,
    /// the hour `clients` is about, and the sources counted apart in it
    clients_hour: Option<NaiveDateTime>,
    clients: HashSet<IpAddr>,
}

impl Pending {
    /// Whom a call of `hour` from `ip` counts for, remembering a new source while there is room.
    fn client(&mut self, hour: NaiveDateTime, ip: IpAddr) -> Client {
        if self.clients_hour != Some(hour) {
            self.clients_hour = Some(hour);
            self.clients.clear();
        }
        let source = source_of(ip);
        if self.clients.contains(&source) || self.clients.len() < MAX_CLIENTS_PER_HOUR {
            self.clients.insert(source);
            Client::Source(source)
        } else {
            Client::Other
        }
    }
}

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
        let hour = hour_of(at);
        {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            let client = pending.client(hour, mark.client);
            for period in Period::ALL {
                let start = period.start_of(at);
                pending
                    .tallies
                    .entry((
                        period,
                        start,
                        mark.protocol,
                        mark.operation,
                        mark.outcome,
                        client,
                    ))
                    .and_modify(|t| {
                        t.calls += 1;
                        t.last = t.last.max(at);
                    })
                    .or_insert(Tally { calls: 1, last: at });
            }
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
        // the clients already counted this hour stay: the bound is per hour, not per flush
        let gathered = std::mem::take(
            &mut self
                .pending
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .tallies,
        );
        if gathered.is_empty() {
            return;
        }
        let rows: Vec<CallCount> = gathered
            .into_iter()
            .map(
                |((period, start, protocol, operation, outcome, client), t)| CallCount {
                    period,
                    start,
                    protocol: protocol.to_owned(),
                    operation: operation.to_owned(),
                    outcome: outcome.to_owned(),
                    client: client.label(),
                    calls: t.calls,
                    last: t.last,
                },
            )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 6)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn ipv6_callers_count_as_their_64_network() {
        let mut p = Pending::default();
        let a = p.client(at(1), "2001:db8:1:2::1".parse().unwrap());
        let b = p.client(at(1), "2001:db8:1:2:ffff::9".parse().unwrap());
        assert_eq!(a, b);
        assert_eq!(a.label(), "2001:db8:1:2::/64");
        let v4 = p.client(at(1), "192.0.2.1".parse().unwrap());
        assert_eq!(v4.label(), "192.0.2.1");
    }

    #[test]
    fn clients_past_the_bound_count_as_other_until_the_next_hour() {
        let mut p = Pending::default();
        let ip = |n: u32| IpAddr::V4(n.into());
        for n in 0..MAX_CLIENTS_PER_HOUR as u32 {
            assert!(matches!(p.client(at(1), ip(n)), Client::Source(_)));
        }
        assert_eq!(p.client(at(1), ip(u32::MAX)), Client::Other);
        // one already counted stays itself
        assert_eq!(p.client(at(1), ip(7)), Client::Source(ip(7)));
        assert_eq!(Client::Other.label(), "other");
        // a new hour has room again
        assert_eq!(p.client(at(2), ip(u32::MAX)), Client::Source(ip(u32::MAX)));
    }
}
