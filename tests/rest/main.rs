//! v2.php end to end, one test target (`cargo test --test rest`): the real binary on a fresh
//! database (every configured backend where a test says so), called as clients call it.
//!
//! One module per action family of `crates/rest/src/dispatch.rs`'s table (`users`,
//! `api_keys`, `courses`, `sessions`, `subscriptions`, `user_messages`, `groups`, `campuses`,
//! `account`, `audit`, `redirects`) and the pipeline they share (`dispatch`): success and each
//! error as exact response bytes, one insta transcript per family (api keys, host and current
//! timestamps redacted; `snapshots/rest__<module>__<name>.snap`, the same on every backend).
//! Then bad input (`bad_input`), the Chamilo documentation's examples (`docs`), what Chamilo's
//! PHPUnit suite checks (`phpunit`) and records shared with soap.php (`cross_protocol`).

#[path = "../common/mod.rs"]
mod common;

use common::rest::Rest;

/// Runs `$call`, adds its answer to the transcript `$t` under `$label`, answers it.
macro_rules! step {
    ($t:expr, $r:expr, $label:expr, $call:expr) => {{
        let a = $call.await;
        $t.add(&$r, $label, &a);
        a
    }};
}

mod account;
mod api_keys;
mod audit;
mod bad_input;
mod campuses;
mod courses;
mod cross_protocol;
mod dispatch;
mod docs;
mod groups;
mod phpunit;
mod redirects;
mod reference;
mod sessions;
mod subscriptions;
mod user_messages;
mod users;

/// Two courses (ids 1, 2), a session (id 1) and two students `alice` (2) and `bob` (3).
pub async fn fixtures(r: &Rest) {
    r.create_user("alice", "pw-alice").await;
    r.create_user("bob", "pw-bob").await;
    for (title, code) in [("Course A", "A"), ("Course B", "B")] {
        r.admin(
            "save_course",
            &[
                ("title", title),
                ("wanted_code", code),
                ("remove_campus_id_from_wanted_code", "1"),
            ],
        )
        .await;
    }
    r.admin("save_session", &[("name", "S1")]).await;
}
