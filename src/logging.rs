//! tracing to stderr, as text or JSON. `RUST_LOG` refines the level (default info). Beside the
//! log, with a filter of its own, the layer that turns sqlx's pool events into the pool-wait
//! metric (`metrics::PoolWaits`).

use std::io::{BufWriter, IsTerminal};
use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry};

/// Lines are handed to a writer thread that writes whatever has queued in one `write` and
/// flushes whenever the queue runs empty: a `write` to stderr per request line cost more CPU
/// than serving a cached `user_profile`. The queue blocks when full rather than dropping
/// lines. Keep the guard alive for the life of the process: dropping it writes what is left.
pub fn init(format: &str) -> WorkerGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(false)
        // the default 128,000 slots are allocated up front (+3 MiB of idle RSS)
        .buffered_lines_limit(8192)
        .thread_name("log-writer")
        .finish(BufWriter::with_capacity(64 * 1024, std::io::stderr()));
    // colour codes only for a terminal: in a log file or a journal they are noise (and cost
    // a formatting pass per field on every request line)
    let log = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(writer);
    let log: Box<dyn Layer<Registry> + Send + Sync> = if format == "json" {
        log.json().boxed()
    } else {
        log.boxed()
    };
    let result = tracing_subscriber::registry()
        .with(log.with_filter(filter))
        .with(crate::metrics::PoolWaits.with_filter(crate::metrics::PoolWaits::filter()))
        .try_init();
    // already initialised (tests) is fine
    let _ = result;
    guard
}
