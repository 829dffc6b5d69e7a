//! REST (`v2.php`) adapter: the transport pieces that need no domain logic.
//!
//! * [`params`] gathers request parameters the way PHP builds `$_GET`, `$_POST`,
//!   `$_REQUEST` and the Symfony request bags (incl. the `hash` parameter).
//! * [`php_json`] writes JSON bytes exactly as PHP's `json_encode` does.
//! * [`envelope`] builds the `{"error":…}` response envelopes.
//! * [`messages`] maps message keys to their English texts.

pub mod envelope;
pub mod http;
pub mod messages;
pub mod params;
pub mod php_json;
pub use http::{configure, RestSettings};
