//! tracing to stderr, as text or JSON. `RUST_LOG` refines the level (default info).

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // colour codes only for a terminal: in a log file or a journal they are noise (and cost
    // a formatting pass per field on every request line)
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let result = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    // already initialised (tests) is fine
    let _ = result;
}
