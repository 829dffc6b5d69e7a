//! chamilo-edge: what every protocol adapter (soap.php, registration.soap.php, v2.php) shares
//! at the HTTP edge, so that each question has one answer whatever the protocol:
//!
//! * [`caller`]: who is calling — the address behind trusted proxies and the public base URL —
//!   computed once per request ([`Caller`], an actix-web extractor).
//! * [`php`]: PHP's reading of wire text (`intval`), and wire pairs turned into core references.
//! * [`php_json`]: the bytes PHP's `json_encode` writes, for every answer that carries JSON
//!   (v2.php's envelopes, registration.soap.php's `extra_fields` text).
//! * [`throttle`]: failed SOAP key checks and `authenticate` calls counted per caller address;
//!   an address over the limit is refused without checking for a while.
//! * [`served`]: what a request was served as (protocol, operation, outcome), which each
//!   adapter attaches to its response for the binary's request counters.
//!
//! The core knows nothing of HTTP or PHP; the adapters know nothing of each other.

pub mod caller;
pub mod php;
pub mod php_json;
pub mod served;
pub mod throttle;

pub use caller::{Caller, EdgeSettings};
pub use served::{CallOutcome, Protocol, Served};
pub use throttle::{Secret, Throttle, ThrottleSettings, ThrottleStats};
