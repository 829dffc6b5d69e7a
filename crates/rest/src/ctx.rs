//! What an action is given and what it answers: the request context ([`Ctx`]), where the
//! request came from ([`Origin`]), the handler shapes and access levels the action table in
//! `dispatch` is made of. Action modules import this, never the dispatcher.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use chamilo_core::Gateway;
use chamilo_edge::Throttle;

use crate::auth::Caller;
use crate::errors::ActionResult;
use crate::params::{Params, Routing};

/// What an action gets: the core services, the parameters, who is calling and from where.
pub struct Ctx<'a> {
    pub gw: &'a Gateway,
    pub params: &'a Params,
    pub routing: &'a Routing,
    pub caller: Caller,
    pub origin: Origin<'a>,
}

/// Where the request came from and where redirects go: everything of the HTTP request an
/// action may use besides its parameters, computed once at the edge (`http`).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// Platform root URL with a trailing slash (`authenticate`'s `url`).
    pub web_path: &'a str,
    /// The client's address (trusted proxies applied).
    pub ip: &'a str,
    /// The Chamilo front-end redirect actions send browsers to, with a trailing slash.
    pub lms_url: Option<&'a str>,
    /// The edge's failed-login counter (`authenticate` asks it and reports to it).
    pub throttle: &'a Throttle,
}

/// The configured front-end URL as [`Origin::lms_url`] holds it: trimmed, with a trailing
/// slash; blank is none.
pub fn lms_base(configured: Option<&str>) -> Option<Cow<'_, str>> {
    let url = configured.map(str::trim).filter(|u| !u.is_empty())?;
    Some(if url.ends_with('/') {
        Cow::Borrowed(url)
    } else {
        Cow::Owned(format!("{url}/"))
    })
}

/// Data already encoded as JSON: long listings skip building a `serde_json::Value` per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhpJson(pub String);

/// The HTTP answer of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// the JSON envelope (HTTP 200)
    Json(String),
    /// HTTP 302 to this absolute URL, no body
    Redirect(String),
}

/// Who may call an action before it looks at its parameters (`rest-v2.md` §2.5 with the
/// DECISIONS.md fixes). Finer rules (self-or-admin) are checked by the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// no key (`authenticate` only)
    Anyone,
    /// any user with a valid key
    User,
    /// a platform admin
    Admin,
    /// any user with a valid key, in a valid `course` context
    Course,
}

pub type BoxFuture<'a> = Pin<Box<dyn Future<Output = ActionResult> + 'a>>;
pub type Handler = for<'a> fn(&'a Ctx<'a>) -> BoxFuture<'a>;
/// A redirect action answers the absolute URL to send the browser to.
pub type RedirectFuture<'a> = Pin<Box<dyn Future<Output = ActionResult<String>> + 'a>>;
pub type RedirectHandler = for<'a> fn(&'a Ctx<'a>) -> RedirectFuture<'a>;
/// A listing action may answer its data already written as PHP's `json_encode` would.
pub type ListingFuture<'a> = Pin<Box<dyn Future<Output = ActionResult<PhpJson>> + 'a>>;
pub type ListingHandler = for<'a> fn(&'a Ctx<'a>) -> ListingFuture<'a>;

/// What an action does: answer data in the envelope, or send the browser elsewhere.
#[derive(Clone, Copy)]
pub enum Run {
    Data(Handler),
    /// data written as JSON by the action (audited before it runs, never from its data)
    Listing(ListingHandler),
    Redirect(RedirectHandler),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lms_base_ends_with_one_slash() {
        assert_eq!(lms_base(None), None);
        assert_eq!(lms_base(Some("  ")), None);
        assert_eq!(
            lms_base(Some(" https://lms.example.org ")).as_deref(),
            Some("https://lms.example.org/")
        );
        assert_eq!(
            lms_base(Some("https://lms.example.org/")).as_deref(),
            Some("https://lms.example.org/")
        );
        assert!(matches!(
            lms_base(Some("https://x/")),
            Some(Cow::Borrowed(_))
        ));
    }
}
