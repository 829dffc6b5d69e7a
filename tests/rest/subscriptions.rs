//! Subscription actions (`crates/rest/src/subscriptions.rs`): users to courses and
//! sessions, courses to sessions, as one transcript per backend
//! (`snapshots/rest__subscriptions__subscriptions.snap`).

use crate::common::rest::{Rest, Transcript};

#[tokio::test]
async fn subscriptions() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        r.create_user("alice", "pw-alice").await; // 2
        r.create_user("bob", "pw-bob").await; // 3
        let ak = r.authenticate("alice", "pw-alice").await;
        let alice = |action: &'static str, f: &'static [(&'static str, &'static str)]| {
            r.call("alice", &ak, action, f)
        };
        r.admin(
            "save_course",
            &[
                ("title", "Course A"),
                ("wanted_code", "A"),
                ("remove_campus_id_from_wanted_code", "1"),
            ],
        )
        .await;
        r.admin(
            "save_course",
            &[
                ("title", "Course B"),
                ("wanted_code", "B"),
                ("remove_campus_id_from_wanted_code", "1"),
            ],
        )
        .await;
        r.admin("save_session", &[("name", "S1")]).await;
        step!(
            t,
            r,
            "subscribe_user_to_course by admin",
            r.admin(
                "subscribe_user_to_course",
                &[("course_id", "1"), ("user_id", "3"), ("status", "1")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course self as student by code",
            alice(
                "subscribe_user_to_course",
                &[("course_code", "A"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course again",
            alice(
                "subscribe_user_to_course",
                &[("course_id", "1"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course self as teacher",
            alice(
                "subscribe_user_to_course",
                &[("course_id", "2"), ("user_id", "2"), ("status", "1")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course another user",
            alice(
                "subscribe_user_to_course",
                &[("course_id", "2"), ("user_id", "3")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course without course",
            r.admin("subscribe_user_to_course", &[("user_id", "3")])
        );
        step!(
            t,
            r,
            "subscribe_user_to_course unknown course",
            r.admin(
                "subscribe_user_to_course",
                &[("course_id", "99"), ("user_id", "3")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course unknown user",
            r.admin(
                "subscribe_user_to_course",
                &[("course_id", "2"), ("user_id", "99")]
            )
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_course",
            r.admin("get_users_subscribed_to_course", &[("course", "1")])
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_course without course",
            r.admin("get_users_subscribed_to_course", &[])
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_course non-admin",
            alice("get_users_subscribed_to_course", &[("course", "1")])
        );
        step!(
            t,
            r,
            "unsubscribe_user_from_course self",
            alice(
                "unsubscribe_user_from_course",
                &[("course_id", "1"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "unsubscribe_user_from_course not subscribed",
            alice(
                "unsubscribe_user_from_course",
                &[("course_id", "1"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "unsubscribe_user_from_course another user",
            alice(
                "unsubscribe_user_from_course",
                &[("course_id", "1"), ("user_id", "3")]
            )
        );
        step!(
            t,
            r,
            "add_courses_session",
            r.admin(
                "add_courses_session",
                &[
                    ("id_session", "1"),
                    ("list_courses[]", "1"),
                    ("list_courses[]", "2"),
                    ("import_assignments", "1")
                ]
            )
        );
        step!(
            t,
            r,
            "add_courses_session empty list",
            r.admin("add_courses_session", &[("id_session", "1")])
        );
        step!(
            t,
            r,
            "add_courses_session unknown session",
            r.admin(
                "add_courses_session",
                &[("id_session", "9"), ("list_courses[]", "1")]
            )
        );
        step!(
            t,
            r,
            "add_courses_session unknown course",
            r.admin(
                "add_courses_session",
                &[("id_session", "1"), ("list_courses[]", "99")]
            )
        );
        step!(
            t,
            r,
            "add_courses_session non-admin",
            alice(
                "add_courses_session",
                &[("id_session", "1"), ("list_courses[]", "1")]
            )
        );
        step!(
            t,
            r,
            "subscribe_users_to_session by admin",
            r.admin(
                "subscribe_users_to_session",
                &[
                    ("id_session", "1"),
                    ("list_users[]", "3"),
                    ("list_users[]", "99")
                ]
            )
        );
        step!(
            t,
            r,
            "add_users_session self",
            alice(
                "add_users_session",
                &[("id_session", "1"), ("list_users[]", "2")]
            )
        );
        step!(
            t,
            r,
            "add_users_session self and another",
            alice(
                "add_users_session",
                &[
                    ("id_session", "1"),
                    ("list_users[]", "2"),
                    ("list_users[]", "3")
                ]
            )
        );
        step!(
            t,
            r,
            "add_users_session unknown session",
            r.admin(
                "add_users_session",
                &[("id_session", "9"), ("list_users[]", "2")]
            )
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_session",
            r.admin(
                "get_users_subscribed_to_session",
                &[("id_session", "1"), ("move_info", "0")]
            )
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_session with move info",
            r.admin(
                "get_users_subscribed_to_session",
                &[("id_session", "1"), ("move_info", "1")]
            )
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_session without move_info",
            r.admin("get_users_subscribed_to_session", &[("id_session", "1")])
        );
        step!(
            t,
            r,
            "unsubscribe_users_from_session",
            r.admin(
                "unsubscribe_users_from_session",
                &[("id_session", "1"), ("list_users[]", "3")]
            )
        );
        step!(
            t,
            r,
            "unsubscribe_users_from_session non-admin",
            alice(
                "unsubscribe_users_from_session",
                &[("id_session", "1"), ("list_users[]", "2")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username",
            r.admin(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1"), ("loginname", "bob")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username (documented loginName)",
            alice(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1"), ("loginName", "alice")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username another user",
            alice(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1"), ("loginname", "bob")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username unknown session",
            r.admin(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "9"), ("loginname", "bob")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username unknown user",
            r.admin(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1"), ("loginname", "ghost")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username missing",
            r.admin(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1")]
            )
        );
        step!(
            t,
            r,
            "members kept",
            r.admin(
                "get_users_subscribed_to_session",
                &[("id_session", "1"), ("move_info", "0")]
            )
        );
        step!(t, r, "user_sessions of alice", alice("user_sessions", &[]));
        insta::assert_snapshot!("subscriptions", t.text());
    }
}
