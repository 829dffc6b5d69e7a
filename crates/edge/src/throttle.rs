//! Brute-force throttling of the secrets a caller can guess: the SOAP key (soap.php and
//! registration.soap.php share it) and a user's password (v2.php `authenticate`).
//!
//! Failed checks are counted per caller address, as [`crate::Caller`] computes it (trusted
//! proxies applied), and per secret, so that a SOAP integration with a stale key does not lock
//! the people behind the same address out of `authenticate`, nor the reverse. The window opens
//! at an address's first failure; the `max_failures`-th failure inside it locks the address
//! out of that check for one whole window from then on. While locked out, an attempt is
//! answered the protocol's own refusal without checking anything ([`Throttle::admits`] says
//! no); afterwards the address starts afresh. Successes are not counted and never wait.
//!
//! It lives here, at the edge, because it is about HTTP clients and their addresses, which
//! only the edge knows, and is shared by both adapters: they only ask before checking and
//! report a failure after. The counts are this process's: behind a load balancer spreading
//! one address over N gateway processes, an address gets up to N × `max_failures` attempts
//! per window. IPv6 callers are counted per /64 network: that is one subscriber's allocation,
//! and an attacker could otherwise rotate through its 2^64 addresses.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The most addresses remembered at once: beyond it (after forgetting the expired ones) new
/// addresses are not counted, so a flood from many addresses cannot grow memory without bound
/// (100,000 records are a few megabytes).
const MAX_RECORDS: usize = 100_000;
/// Expired records are swept when the book grows past this, then past twice its live size.
const FIRST_SWEEP: usize = 1024;

/// How many failures in how long lock an address out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleSettings {
    /// Failures within `window` that lock an address out; 0 turns throttling off.
    pub max_failures: u32,
    /// How long failures are counted from the first, and how long a lockout lasts.
    pub window: Duration,
}

impl ThrottleSettings {
    pub const OFF: ThrottleSettings = ThrottleSettings {
        max_failures: 0,
        window: Duration::ZERO,
    };

    fn is_off(&self) -> bool {
        self.max_failures == 0 || self.window.is_zero()
    }
}

/// A secret a caller can guess; each is counted apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Secret {
    /// the SOAP `secret_key` of both SOAP services
    SoapKey,
    /// a password given to v2.php `authenticate`
    Password,
}

impl Secret {
    pub const ALL: [Secret; 2] = [Secret::SoapKey, Secret::Password];

    pub fn as_str(self) -> &'static str {
        match self {
            Secret::SoapKey => "soap_key",
            Secret::Password => "password",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What the throttle did for one secret, since start (`locked_out`: now).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ThrottleStats {
    /// failed checks reported
    pub failures: u64,
    /// attempts answered without checking, their address locked out
    pub refused: u64,
    /// times an address reached the limit
    pub lockouts: u64,
    /// addresses locked out now
    pub locked_out: u64,
}

/// The failure book, shared by every worker (cheap to clone). `Default` is off.
#[derive(Clone, Default)]
pub struct Throttle {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

struct Inner {
    settings: ThrottleSettings,
    book: Mutex<Book>,
    /// records in the book: an attempt skips the lock while nobody has failed lately
    records: AtomicUsize,
    counters: [Counters; 2],
}

impl Default for Inner {
    fn default() -> Self {
        Inner {
            settings: ThrottleSettings::OFF,
            book: Mutex::default(),
            records: AtomicUsize::new(0),
            counters: Default::default(),
        }
    }
}

#[derive(Default)]
struct Counters {
    failures: AtomicU64,
    refused: AtomicU64,
    lockouts: AtomicU64,
}

#[derive(Default)]
struct Book {
    records: HashMap<(Secret, IpAddr), Record>,
    next_sweep: usize,
}

/// One address's failures at one secret.
struct Record {
    since: Instant,
    failures: u32,
    locked_until: Option<Instant>,
}

impl Record {
    fn new(now: Instant) -> Record {
        Record {
            since: now,
            failures: 0,
            locked_until: None,
        }
    }

    fn locked(&self, now: Instant) -> bool {
        self.locked_until.is_some_and(|until| now < until)
    }

    /// Its window (or lockout) is over: the address starts afresh.
    fn expired(&self, now: Instant, window: Duration) -> bool {
        match self.locked_until {
            Some(until) => now >= until,
            None => now.duration_since(self.since) >= window,
        }
    }
}

impl Throttle {
    pub fn new(settings: ThrottleSettings) -> Throttle {
        Throttle {
            inner: Arc::new(Inner {
                settings,
                ..Inner::default()
            }),
        }
    }

    pub fn settings(&self) -> ThrottleSettings {
        self.inner.settings
    }

    /// May `ip` have `secret` checked now? `false`: it is locked out, answer the protocol's
    /// refusal without checking. Unreadable addresses are never throttled.
    pub fn admits(&self, secret: Secret, ip: &str) -> bool {
        self.admits_at(secret, ip, Instant::now())
    }

    /// Reports a failed check of `secret` by `ip`.
    pub fn failed(&self, secret: Secret, ip: &str) {
        self.failed_at(secret, ip, Instant::now())
    }

    pub fn stats(&self, secret: Secret) -> ThrottleStats {
        let counters = &self.inner.counters[secret.index()];
        let now = Instant::now();
        let locked_out = self
            .book()
            .records
            .iter()
            .filter(|((s, _), r)| *s == secret && r.locked(now))
            .count();
        ThrottleStats {
            failures: counters.failures.load(Ordering::Relaxed),
            refused: counters.refused.load(Ordering::Relaxed),
            lockouts: counters.lockouts.load(Ordering::Relaxed),
            locked_out: locked_out as u64,
        }
    }

    fn book(&self) -> MutexGuard<'_, Book> {
        // a panic while holding it leaves only counts behind: keep using them
        self.inner.book.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn admits_at(&self, secret: Secret, ip: &str, now: Instant) -> bool {
        let inner = &self.inner;
        if inner.settings.is_off() || inner.records.load(Ordering::Acquire) == 0 {
            return true;
        }
        let Some(ip) = source(ip) else {
            return true;
        };
        let mut book = self.book();
        let Some(record) = book.records.get(&(secret, ip)) else {
            return true;
        };
        if record.locked(now) {
            inner.counters[secret.index()]
                .refused
                .fetch_add(1, Ordering::Relaxed);
            return false;
        }
        if record.expired(now, inner.settings.window) {
            book.records.remove(&(secret, ip));
            inner.records.store(book.records.len(), Ordering::Release);
        }
        true
    }

    fn failed_at(&self, secret: Secret, ip: &str, now: Instant) {
        let inner = &self.inner;
        let settings = inner.settings;
        if settings.is_off() {
            return;
        }
        inner.counters[secret.index()]
            .failures
            .fetch_add(1, Ordering::Relaxed);
        let Some(addr) = source(ip) else {
            return;
        };
        let mut book = self.book();
        if book.records.len() >= book.next_sweep.max(FIRST_SWEEP) {
            book.records.retain(|_, r| !r.expired(now, settings.window));
            book.next_sweep = 2 * book.records.len();
        }
        let key = (secret, addr);
        if book.records.len() >= MAX_RECORDS && !book.records.contains_key(&key) {
            return;
        }
        let record = book.records.entry(key).or_insert_with(|| Record::new(now));
        if record.expired(now, settings.window) {
            *record = Record::new(now);
        }
        // attempts admitted before the lockout and failing after it do not extend it
        if record.locked(now) {
            return;
        }
        record.failures += 1;
        if record.failures >= settings.max_failures {
            record.locked_until = Some(now + settings.window);
            inner.counters[secret.index()]
                .lockouts
                .fetch_add(1, Ordering::Relaxed);
            tracing::warn!(
                ip,
                secret = secret.as_str(),
                failures = record.failures,
                window_secs = settings.window.as_secs(),
                "address locked out of the check after repeated failures"
            );
        }
        inner.records.store(book.records.len(), Ordering::Release);
    }
}

/// Whom failures are counted against (`chamilo_core::calls::source_of`: IPv6 per /64); `None`
/// for an unreadable address.
fn source(ip: &str) -> Option<IpAddr> {
    ip.parse().ok().map(chamilo_core::calls::source_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IP: &str = "203.0.113.5";
    const OTHER: &str = "198.51.100.7";
    const WINDOW: Duration = Duration::from_secs(60);

    fn throttle(max_failures: u32) -> Throttle {
        Throttle::new(ThrottleSettings {
            max_failures,
            window: WINDOW,
        })
    }

    #[test]
    fn ipv6_callers_are_counted_per_64_network() {
        let t = throttle(2);
        let now = Instant::now();
        // one /64, two addresses: one caller
        t.failed_at(Secret::SoapKey, "2001:db8:1:2::1", now);
        t.failed_at(Secret::SoapKey, "2001:db8:1:2:ffff:ffff:ffff:fffe", now);
        assert!(!t.admits_at(Secret::SoapKey, "2001:db8:1:2::99", now));
        // the next /64 is another caller
        assert!(t.admits_at(Secret::SoapKey, "2001:db8:1:3::1", now));
        assert_eq!(t.stats(Secret::SoapKey).locked_out, 1);
    }

    #[test]
    fn the_limit_locks_the_address_out_for_a_window() {
        let t = throttle(3);
        let start = Instant::now();
        for i in 0..3 {
            assert!(t.admits_at(Secret::Password, IP, start), "attempt {i}");
            t.failed_at(Secret::Password, IP, start);
        }
        assert!(!t.admits_at(Secret::Password, IP, start));
        assert!(!t.admits_at(Secret::Password, IP, start + WINDOW / 2));
        // another address, and the other secret of the same address, are not concerned
        assert!(t.admits_at(Secret::Password, OTHER, start));
        assert!(t.admits_at(Secret::SoapKey, IP, start));
        // the lockout lasts a window from the failure that reached the limit
        assert!(t.admits_at(Secret::Password, IP, start + WINDOW));
        t.failed_at(Secret::Password, IP, start + WINDOW);
        assert!(t.admits_at(Secret::Password, IP, start + WINDOW));
        let stats = t.stats(Secret::Password);
        assert_eq!((stats.failures, stats.refused, stats.lockouts), (4, 2, 1));
        assert_eq!(t.stats(Secret::SoapKey), ThrottleStats::default());
    }

    #[test]
    fn failures_spread_over_more_than_a_window_never_lock() {
        let t = throttle(3);
        let start = Instant::now();
        for i in 0..10u32 {
            let at = start + WINDOW / 2 * i;
            assert!(t.admits_at(Secret::SoapKey, IP, at), "attempt {i}");
            t.failed_at(Secret::SoapKey, IP, at);
        }
        assert_eq!(t.stats(Secret::SoapKey).lockouts, 0);
    }

    #[test]
    fn off_admits_everyone_and_counts_nothing() {
        let t = Throttle::default();
        for _ in 0..100 {
            t.failed(Secret::Password, IP);
        }
        assert!(t.admits(Secret::Password, IP));
        assert_eq!(t.stats(Secret::Password), ThrottleStats::default());
    }

    #[test]
    fn addresses_are_read_as_addresses() {
        let t = throttle(1);
        t.failed(Secret::Password, "2001:db8::1");
        assert!(!t.admits(Secret::Password, "2001:0db8:0::1"));
        // what is not an address is never throttled
        t.failed(Secret::Password, "not an address");
        assert!(t.admits(Secret::Password, "not an address"));
    }

    #[test]
    fn expired_records_are_forgotten() {
        let t = throttle(5);
        let start = Instant::now();
        for i in 0..FIRST_SWEEP as u32 {
            let ip = IpAddr::from(std::net::Ipv4Addr::from(0x0a00_0000 + i)).to_string();
            t.failed_at(Secret::SoapKey, &ip, start);
        }
        assert_eq!(t.book().records.len(), FIRST_SWEEP);
        t.failed_at(Secret::SoapKey, IP, start + WINDOW);
        assert_eq!(t.book().records.len(), 1);
    }
}
