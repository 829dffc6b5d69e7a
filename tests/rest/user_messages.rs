//! Internal message actions (`crates/rest/src/user_messages.rs`), as one transcript per
//! backend (`snapshots/rest__user_messages__messages.snap`).

use crate::common::rest::{Rest, Transcript};
use crate::fixtures;

#[tokio::test]
async fn messages() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        fixtures(&r).await;
        let ak = r.authenticate("alice", "pw-alice").await;
        let bk = r.authenticate("bob", "pw-bob").await;
        let alice = |action: &'static str, f: &'static [(&'static str, &'static str)]| {
            r.call("alice", &ak, action, f)
        };
        let bob = |action: &'static str, f: &'static [(&'static str, &'static str)]| {
            r.call("bob", &bk, action, f)
        };
        step!(
            t,
            r,
            "save_user_message alice -> bob",
            alice(
                "save_user_message",
                &[
                    ("receivers[]", "3"),
                    ("subject", "Hello"),
                    ("text", "<p>Hi Bob</p>")
                ]
            )
        );
        step!(
            t,
            r,
            "save_user_message alice -> bob and admin",
            alice(
                "save_user_message",
                &[
                    ("receivers[]", "3"),
                    ("receivers[]", "1"),
                    ("subject", "Second"),
                    ("text", "again")
                ]
            )
        );
        step!(
            t,
            r,
            "save_user_message no receivers",
            alice("save_user_message", &[("subject", "x"), ("text", "y")])
        );
        step!(
            t,
            r,
            "save_user_message unknown receiver (nothing sent)",
            alice(
                "save_user_message",
                &[
                    ("receivers[]", "3"),
                    ("receivers[]", "99"),
                    ("subject", "Lost"),
                    ("text", "y")
                ]
            )
        );
        step!(
            t,
            r,
            "save_user_message receivers as a scalar",
            alice(
                "save_user_message",
                &[("receivers", "3"), ("subject", "x"), ("text", "y")]
            )
        );
        step!(
            t,
            r,
            "save_user_message without subject",
            alice("save_user_message", &[("receivers[]", "3"), ("text", "y")])
        );
        step!(
            t,
            r,
            "get_count_new_messages bob",
            bob("get_count_new_messages", &[])
        );
        step!(t, r, "user_messages bob", bob("user_messages", &[]));
        step!(
            t,
            r,
            "user_messages bob after the first",
            bob("user_messages", &[("last", "1")])
        );
        step!(
            t,
            r,
            "user_messages_received bob",
            bob("user_messages_received", &[])
        );
        step!(
            t,
            r,
            "user_messages_sent alice",
            alice("user_messages_sent", &[])
        );
        // the round trip: bob reads, then marks unread again
        step!(
            t,
            r,
            "user_message_read bob",
            bob(
                "user_message_read",
                &[("messages[]", "1"), ("messages[]", "3")]
            )
        );
        step!(
            t,
            r,
            "user_message_read again (unchanged)",
            bob("user_message_read", &[("messages[]", "1")])
        );
        step!(
            t,
            r,
            "get_count_new_messages bob after read (5 still unread)",
            bob("get_count_new_messages", &[])
        );
        step!(
            t,
            r,
            "user_message_read someone else's message",
            alice("user_message_read", &[("messages[]", "1")])
        );
        step!(
            t,
            r,
            "user_message_read the sender's outbox copy",
            alice("user_message_read", &[("messages[]", "2")])
        );
        step!(
            t,
            r,
            "user_message_unread bob",
            bob("user_message_unread", &[("messages[]", "1")])
        );
        step!(
            t,
            r,
            "user_messages bob after unread",
            bob("user_messages", &[])
        );
        step!(
            t,
            r,
            "user_message_read without ids",
            bob("user_message_read", &[])
        );
        step!(
            t,
            r,
            "user_message_unread ids as a scalar",
            bob("user_message_unread", &[("messages", "1")])
        );
        step!(
            t,
            r,
            "set_message_read",
            bob("set_message_read", &[("message_id", "5")])
        );
        step!(
            t,
            r,
            "set_message_read not mine",
            alice("set_message_read", &[("message_id", "5")])
        );
        step!(
            t,
            r,
            "set_message_read without id",
            bob("set_message_read", &[])
        );
        step!(
            t,
            r,
            "delete_user_message received",
            bob("delete_user_message", &[("message_id", "1")])
        );
        step!(
            t,
            r,
            "delete_user_message received again",
            bob("delete_user_message", &[("message_id", "1")])
        );
        step!(
            t,
            r,
            "delete_user_message sent",
            alice(
                "delete_user_message",
                &[("message_id", "2"), ("msg_type", "sent")]
            )
        );
        step!(
            t,
            r,
            "delete_user_message someone else's",
            alice("delete_user_message", &[("message_id", "3")])
        );
        step!(
            t,
            r,
            "user_messages_received bob after delete",
            bob("user_messages_received", &[])
        );
        step!(
            t,
            r,
            "user_messages_sent alice after delete",
            alice("user_messages_sent", &[])
        );
        step!(
            t,
            r,
            "message_users",
            alice("message_users", &[("q", "bo")])
        );
        step!(
            t,
            r,
            "message_users by first name (not self)",
            alice("message_users", &[("q", "first")])
        );
        step!(
            t,
            r,
            "message_users too short",
            alice("message_users", &[("q", "b")])
        );
        step!(
            t,
            r,
            "message_users without key",
            r.form(&[("action", "message_users"), ("q", "bo")])
        );
        insta::assert_snapshot!("messages", t.text());
    }
}
