//! The dashboard's session: a cookie holding the admin's user id and its expiry, signed with a
//! key made at start (a restart logs everyone out; nothing is stored server-side).

use chrono::{Duration, NaiveDateTime};
use cookie::{Cookie, CookieJar, Key, SameSite};

pub const COOKIE: &str = "gw_dashboard";

/// How long a login lasts.
pub const LIFETIME: Duration = Duration::hours(8);

pub struct Sessions {
    key: Key,
}

impl Sessions {
    pub fn new() -> Self {
        Sessions {
            key: Key::generate(),
        }
    }

    /// The `Set-Cookie` value that logs `user_id` in until `now + LIFETIME`. `Secure` when the
    /// public URL is https (over plain http a browser would never send it back).
    pub fn issue(&self, user_id: i64, now: NaiveDateTime, secure: bool) -> String {
        let expires = (now + LIFETIME).and_utc().timestamp();
        let mut jar = CookieJar::new();
        jar.signed_mut(&self.key)
            .add(Cookie::new(COOKIE, format!("{user_id}:{expires}")));
        let mut cookie = jar.delta().next().cloned().expect("the cookie just added");
        cookie.set_http_only(true);
        cookie.set_same_site(SameSite::Strict);
        cookie.set_path("/");
        cookie.set_secure(secure);
        cookie.set_max_age(cookie::time::Duration::seconds(LIFETIME.num_seconds()));
        cookie.encoded().to_string()
    }

    /// The `Set-Cookie` value that removes the session.
    pub fn clear(&self) -> String {
        let mut cookie = Cookie::new(COOKIE, "");
        cookie.set_http_only(true);
        cookie.set_same_site(SameSite::Strict);
        cookie.set_path("/");
        cookie.make_removal();
        cookie.to_string()
    }

    /// The user id of a valid, unexpired session in a `Cookie` request header.
    pub fn user_id(&self, cookie_header: &str, now: NaiveDateTime) -> Option<i64> {
        let mut jar = CookieJar::new();
        for c in Cookie::split_parse_encoded(cookie_header.to_owned()).flatten() {
            if c.name() == COOKIE {
                jar.add_original(c.into_owned());
            }
        }
        let value = jar.signed(&self.key).get(COOKIE)?;
        let (id, expires) = value.value().split_once(':')?;
        let expires: i64 = expires.parse().ok()?;
        (now.and_utc().timestamp() < expires)
            .then(|| id.parse().ok())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc()
    }

    fn header_of(set_cookie: &str) -> String {
        set_cookie.split(';').next().unwrap().to_string()
    }

    #[test]
    fn a_session_is_read_back_until_it_expires() {
        let s = Sessions::new();
        let header = header_of(&s.issue(7, now(), false));
        assert_eq!(s.user_id(&header, now()), Some(7));
        assert_eq!(s.user_id(&header, now() + LIFETIME), None);
    }

    #[test]
    fn a_changed_or_foreign_cookie_is_refused() {
        let s = Sessions::new();
        let header = header_of(&s.issue(7, now(), false));
        let forged = header.replace("7%3A", "1%3A").replace("7:", "1:");
        assert_ne!(forged, header);
        assert_eq!(s.user_id(&forged, now()), None);
        assert_eq!(Sessions::new().user_id(&header, now()), None);
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_expiring() {
        let set = Sessions::new().issue(7, now(), true);
        for attribute in [
            "HttpOnly",
            "SameSite=Strict",
            "Max-Age=28800",
            "Secure",
            "Path=/",
        ] {
            assert!(set.contains(attribute), "{attribute} missing in {set}");
        }
    }
}
