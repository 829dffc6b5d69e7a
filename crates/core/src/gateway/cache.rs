//! A short-lived read cache for the per-request lookups every REST call makes (the caller's
//! user and key, the profile's extra values). Any write through the `Gateway` invalidates the
//! whole cache (a generation counter bumped when a transaction begins and after it commits),
//! and entries expire after a short TTL, which bounds staleness from writers outside this
//! process (the CLI, a second gateway on the same database).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many entries a map is simply emptied: the cache is for hot keys only.
const MAX_ENTRIES: usize = 10_000;

pub(crate) struct Generation(AtomicU64);

impl Generation {
    pub(crate) fn new() -> Self {
        Generation(AtomicU64::new(0))
    }

    pub(crate) fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }

    pub(crate) fn bump(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

struct Entry<V> {
    generation: u64,
    at: Instant,
    value: V,
}

pub(crate) struct CacheMap<K, V> {
    ttl: Duration,
    entries: Mutex<HashMap<K, Entry<V>>>,
}

impl<K: Eq + Hash, V: Clone> CacheMap<K, V> {
    pub(crate) fn new(ttl: Duration) -> Self {
        CacheMap {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn get(&self, key: &K, generation: u64) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|e| e.generation == generation && e.at.elapsed() < self.ttl)
            .map(|e| e.value.clone())
    }

    /// Stores a value read while `generation` was current (read before the query, so a write
    /// that commits meanwhile makes the entry stale at once).
    pub(crate) fn put(&self, key: K, generation: u64, value: V) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                generation,
                at: Instant::now(),
                value,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_die_with_their_generation_and_their_ttl() {
        let generation = Generation::new();
        let map = CacheMap::new(Duration::from_secs(60));
        map.put("a", generation.current(), 1);
        assert_eq!(map.get(&"a", generation.current()), Some(1));
        generation.bump();
        assert_eq!(map.get(&"a", generation.current()), None);

        let short = CacheMap::new(Duration::from_millis(1));
        short.put("b", generation.current(), 2);
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(short.get(&"b", generation.current()), None);

        let off = CacheMap::new(Duration::ZERO);
        off.put("c", generation.current(), 3);
        assert_eq!(off.get(&"c", generation.current()), None);
    }
}
