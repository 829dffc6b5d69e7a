//! REST (`v2.php`) adapter: the transport pieces that need no domain logic.
//!
//! * [`params`] gathers request parameters the way PHP builds `$_GET`, `$_POST`,
//!   `$_REQUEST` and the Symfony request bags (incl. the `hash` parameter).
//! * [`php_json`] writes JSON bytes exactly as PHP's `json_encode` does.
//! * [`envelope`] builds the `{"error":…}` response envelopes.
//! * [`messages`] maps message keys to their English texts.
//! * [`http`] is the endpoint; [`dispatch`] the pipeline and the action table; [`auth`] the
//!   api key and permission checks; [`errors`] the one core-error → message-key table.
//! * [`users`], [`api_keys`], [`courses`], [`sessions`], [`subscriptions`], [`groups`],
//!   [`campuses`], [`user_messages`], [`account`], [`audit`] (also the audit row every
//!   authenticated call writes), [`redirects`]: the actions, each a thin translation into
//!   `chamilo-core` services.

pub mod account;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod campuses;
pub mod courses;
pub mod dispatch;
pub mod envelope;
pub mod errors;
pub mod groups;
pub mod http;
pub mod input;
pub mod messages;
pub mod params;
pub mod php_json;
pub mod redirects;
pub mod sessions;
pub mod shapes;
pub mod subscriptions;
pub mod user_messages;
pub mod users;
pub use http::{configure, RestSettings};
