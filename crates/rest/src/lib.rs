//! REST (`v2.php`) adapter. Modules in layers; imports only go down:
//!
//! 1. [`http`] the endpoint, [`dispatch`] the action table (a row per action: name, level,
//!    audit plan, handler, doc) and the request pipeline; [`reference`] the OpenAPI document
//!    and the reference page, made from the table.
//! 2. The actions, grouped by family, each a thin translation into `chamilo-core` services:
//!    [`users`], [`api_keys`], [`courses`], [`sessions`], [`subscriptions`], [`groups`],
//!    [`campuses`], [`user_messages`], [`account`], [`audit_items`], [`redirects`]. None
//!    imports another; what several need sits below.
//! 3. What actions share: [`action_doc`] (what the reference says of an action: parameters,
//!    data shape, failures), [`ctx`] (what an action is given and answers), [`auth`] (api key,
//!    course/session context, permission checks), [`audit`] (the audit row of every call),
//!    [`input`] (typed parameter reads), [`shapes`] (response pieces), [`errors`] (the one
//!    core-error → message table).
//! 4. Transport without domain logic: [`params`] (parameters the way PHP builds `$_GET`,
//!    `$_POST`, `$_REQUEST` and the Symfony bags, incl. `hash`), [`php_json`] (PHP's
//!    `json_encode` bytes; the edge's, shared with registration.soap.php), [`envelope`]
//!    (`{"error":…}`), [`messages`] (English texts of the message keys).

pub mod account;
pub mod action_doc;
pub mod api_keys;
pub mod audit;
pub mod audit_items;
pub mod auth;
pub mod campuses;
pub mod courses;
pub mod ctx;
pub mod dispatch;
pub mod envelope;
pub mod errors;
pub mod groups;
pub mod http;
pub mod input;
pub mod messages;
pub mod params;
pub mod redirects;
pub mod reference;
pub mod sessions;
pub mod shapes;
pub mod subscriptions;
pub mod user_messages;
pub mod users;
pub use chamilo_edge::php_json;
pub use http::{configure, RestSettings};
