//! REST classes (usergroups), campuses, messages, audit trail, account and reporting
//! actions, and the redirect actions: success and errors as exact response bytes (insta
//! snapshots of one transcript per family, the same snapshots on every configured backend).

mod common;
use common::rest;

use rest::{Rest, Transcript, ADMIN};

macro_rules! step {
    ($t:expr, $r:expr, $label:expr, $call:expr) => {{
        let a = $call.await;
        $t.add(&$r, $label, &a);
        a
    }};
}

const NOT_ALLOWED: &str = r#"{"error":true,"message":"You are not allowed to see this page. Either your connection has expired or you are trying to access a page for which you do not have the sufficient privileges."}"#;

/// Two courses (ids 1, 2), a session (id 1) and two students `alice` (2) and `bob` (3).
async fn fixtures(r: &Rest) {
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

#[tokio::test]
async fn groups() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        fixtures(&r).await;
        step!(
            t,
            r,
            "get_groups none yet",
            r.admin("get_groups", &[("type", "*")])
        );
        step!(
            t,
            r,
            "add_group",
            r.admin(
                "add_group",
                &[("name", "Class A"), ("description", "First class")]
            )
        );
        step!(
            t,
            r,
            "add_group social, closed",
            r.admin(
                "add_group",
                &[("name", "Club"), ("group_type", "1"), ("visibility", "2")]
            )
        );
        step!(
            t,
            r,
            "add_group same name, other case",
            r.admin("add_group", &[("name", "class a")])
        );
        step!(t, r, "add_group without name", r.admin("add_group", &[]));
        step!(
            t,
            r,
            "add_group unknown type",
            r.admin("add_group", &[("name", "X"), ("type", "7")])
        );
        step!(
            t,
            r,
            "add_group type not a number",
            r.admin("add_group", &[("name", "X"), ("type", "abc")])
        );
        step!(
            t,
            r,
            "get_groups all",
            r.admin("get_groups", &[("type", "*")])
        );
        step!(
            t,
            r,
            "get_groups classes",
            r.admin("get_groups", &[("type", "0")])
        );
        step!(t, r, "get_groups without type", r.admin("get_groups", &[]));
        step!(
            t,
            r,
            "group_exists",
            r.admin("group_exists", &[("name", "CLASS A")])
        );
        step!(
            t,
            r,
            "group_exists no",
            r.admin("group_exists", &[("name", "nope")])
        );
        step!(
            t,
            r,
            "group_exists without name",
            r.admin("group_exists", &[])
        );
        step!(
            t,
            r,
            "add_group_sub_user",
            r.admin("add_group_sub_user", &[("group_id", "1"), ("user_id", "2")])
        );
        step!(
            t,
            r,
            "add_group_sub_user moderator",
            r.admin(
                "add_group_sub_user",
                &[("group_id", "1"), ("user_id", "3"), ("role", "5")]
            )
        );
        step!(
            t,
            r,
            "add_group_sub_user again (relation kept)",
            r.admin(
                "add_group_sub_user",
                &[("group_id", "1"), ("user_id", "2"), ("role", "1")]
            )
        );
        step!(
            t,
            r,
            "add_group_sub_user without user_id",
            r.admin("add_group_sub_user", &[("group_id", "1")])
        );
        step!(
            t,
            r,
            "add_group_sub_user without group_id",
            r.admin("add_group_sub_user", &[("user_id", "2")])
        );
        step!(
            t,
            r,
            "add_group_sub_user unknown user",
            r.admin(
                "add_group_sub_user",
                &[("group_id", "1"), ("user_id", "99")]
            )
        );
        step!(
            t,
            r,
            "add_group_sub_user unknown group",
            r.admin(
                "add_group_sub_user",
                &[("group_id", "99"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "add_group_sub_user bad role",
            r.admin(
                "add_group_sub_user",
                &[("group_id", "1"), ("user_id", "2"), ("role", "x")]
            )
        );
        step!(
            t,
            r,
            "get_group_sub_users",
            r.admin("get_group_sub_users", &[("id", "1")])
        );
        step!(
            t,
            r,
            "get_group_sub_users empty group",
            r.admin("get_group_sub_users", &[("id", "2")])
        );
        step!(
            t,
            r,
            "get_group_sub_users unknown group",
            r.admin("get_group_sub_users", &[("id", "99")])
        );
        step!(
            t,
            r,
            "add_group_sub_course",
            r.admin(
                "add_group_sub_course",
                &[("group_id", "1"), ("course_id", "1")]
            )
        );
        step!(
            t,
            r,
            "add_group_sub_course again",
            r.admin(
                "add_group_sub_course",
                &[("group_id", "1"), ("course_id", "1")]
            )
        );
        step!(
            t,
            r,
            "add_group_sub_course unknown course",
            r.admin(
                "add_group_sub_course",
                &[("group_id", "1"), ("course_id", "99")]
            )
        );
        step!(
            t,
            r,
            "add_group_sub_course without course_id",
            r.admin("add_group_sub_course", &[("group_id", "1")])
        );
        step!(
            t,
            r,
            "members subscribed to the course",
            r.admin("user_courses", &[("user_id", "3")])
        );
        step!(
            t,
            r,
            "get_group_sub_courses",
            r.admin("get_group_sub_courses", &[("id", "1")])
        );
        step!(
            t,
            r,
            "add_group_sub_session",
            r.admin(
                "add_group_sub_session",
                &[("group_id", "1"), ("session_id", "1")]
            )
        );
        step!(
            t,
            r,
            "add_group_sub_session unknown session",
            r.admin(
                "add_group_sub_session",
                &[("group_id", "1"), ("session_id", "99")]
            )
        );
        step!(
            t,
            r,
            "get_group_sub_sessions",
            r.admin("get_group_sub_sessions", &[("id", "1")])
        );
        step!(
            t,
            r,
            "members subscribed to the session",
            r.admin(
                "get_users_subscribed_to_session",
                &[("id_session", "1"), ("move_info", "0")]
            )
        );
        step!(
            t,
            r,
            "get_user_sub_group",
            r.admin("get_user_sub_group", &[("user_id", "2")])
        );
        step!(
            t,
            r,
            "get_user_sub_group without user_id",
            r.admin("get_user_sub_group", &[])
        );
        step!(
            t,
            r,
            "get_user_sub_group unknown user",
            r.admin("get_user_sub_group", &[("user_id", "99")])
        );
        step!(
            t,
            r,
            "delete_group_sub_course",
            r.admin(
                "delete_group_sub_course",
                &[("group_id", "1"), ("course_id", "1")]
            )
        );
        step!(
            t,
            r,
            "members unsubscribed from the course",
            r.admin("user_courses", &[("user_id", "3")])
        );
        step!(
            t,
            r,
            "delete_group_sub_course unknown course",
            r.admin(
                "delete_group_sub_course",
                &[("group_id", "1"), ("course_id", "99")]
            )
        );
        step!(
            t,
            r,
            "delete_group_sub_session",
            r.admin(
                "delete_group_sub_session",
                &[("group_id", "1"), ("session_id", "1")]
            )
        );
        step!(
            t,
            r,
            "get_group_sub_sessions after unlink",
            r.admin("get_group_sub_sessions", &[("id", "1")])
        );
        step!(
            t,
            r,
            "delete_group_sub_user",
            r.admin(
                "delete_group_sub_user",
                &[("group_id", "1"), ("user_id", "3")]
            )
        );
        step!(
            t,
            r,
            "delete_group_sub_user not a member",
            r.admin(
                "delete_group_sub_user",
                &[("group_id", "1"), ("user_id", "3")]
            )
        );
        step!(
            t,
            r,
            "delete_group",
            r.admin("delete_group", &[("id", "2")])
        );
        step!(
            t,
            r,
            "delete_group again",
            r.admin("delete_group", &[("id", "2")])
        );
        step!(
            t,
            r,
            "delete_group without id",
            r.admin("delete_group", &[("id", "abc")])
        );
        step!(
            t,
            r,
            "get_groups at the end",
            r.admin("get_groups", &[("type", "*")])
        );

        // every class and campus action is for admins only
        let ak = r.authenticate("alice", "pw-alice").await;
        for action in [
            "get_groups",
            "group_exists",
            "add_group",
            "delete_group",
            "get_group_sub_users",
            "get_group_sub_courses",
            "get_group_sub_sessions",
            "add_group_sub_user",
            "add_group_sub_course",
            "add_group_sub_session",
            "delete_group_sub_user",
            "delete_group_sub_course",
            "delete_group_sub_session",
            "get_user_sub_group",
            "add_campus",
            "edit_campus",
            "delete_campus",
            "user_courses_by_dates",
            "get_audit_items",
        ] {
            let a = r
                .call(
                    "alice",
                    &ak,
                    action,
                    &[
                        ("id", "1"),
                        ("group_id", "1"),
                        ("user_id", "2"),
                        ("name", "Hack"),
                        ("url", "http://evil/"),
                        ("type", "*"),
                        ("event_type", "access_ws_*"),
                    ],
                )
                .await;
            assert_eq!(a.body, NOT_ALLOWED, "{action} on {}", r.app.backend);
        }
        // nothing the refused calls asked for happened
        let groups = r.admin("get_groups", &[("type", "*")]).await;
        assert!(!groups.body.contains("Hack"), "{}", groups.body);
        insta::assert_snapshot!("groups", t.text());
    }
}

#[tokio::test]
async fn campuses_and_id_campus_filters() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        fixtures(&r).await;
        step!(
            t,
            r,
            "add_campus",
            r.admin(
                "add_campus",
                &[
                    ("url", "https://second.example.org"),
                    ("description", "Second"),
                    ("active", "1")
                ]
            )
        );
        step!(
            t,
            r,
            "add_campus same address",
            r.admin("add_campus", &[("url", "https://SECOND.example.org/")])
        );
        step!(t, r, "add_campus without url", r.admin("add_campus", &[]));
        step!(
            t,
            r,
            "save_course in campus 2",
            r.admin(
                "save_course",
                &[
                    ("title", "Remote"),
                    ("wanted_code", "R"),
                    ("id_campus", "2"),
                    ("remove_campus_id_from_wanted_code", "1")
                ]
            )
        );
        step!(
            t,
            r,
            "save_session in campus 2",
            r.admin(
                "save_session",
                &[("name", "Remote session"), ("id_campus", "2")]
            )
        );
        let ids = |a: &rest::Answer, key: &str| -> Vec<String> {
            a.json()["data"]
                .as_array()
                .unwrap_or_else(|| panic!("{}", a.body))
                .iter()
                .map(|row| row[key].as_str().unwrap_or_default().to_owned())
                .collect()
        };
        let c1 = r.admin("get_courses", &[]).await;
        let c2 = r.admin("get_courses", &[("id_campus", "2")]).await;
        assert_eq!(ids(&c1, "code"), ["A", "B"]);
        assert_eq!(ids(&c2, "code"), ["R"]);
        let s1 = r.admin("get_sessions", &[]).await;
        let s2 = r.admin("get_sessions", &[("id_campus", "2")]).await;
        assert_eq!(ids(&s1, "name"), ["S1"]);
        assert_eq!(ids(&s2, "name"), ["Remote session"]);
        let u1 = r.admin("get_users", &[("status", "*")]).await;
        let u2 = r
            .admin("get_users", &[("status", "*"), ("id_campus", "2")])
            .await;
        assert_eq!(ids(&u1, "username").len(), 3, "{}", u1.body);
        assert_eq!(u2.body, r#"{"error":false,"data":[]}"#);
        step!(
            t,
            r,
            "edit_campus",
            r.admin(
                "edit_campus",
                &[
                    ("id", "2"),
                    ("url", "https://renamed.example.org/"),
                    ("description", "Renamed"),
                    ("active", "0")
                ]
            )
        );
        step!(
            t,
            r,
            "edit_campus main URL inactive (stays active)",
            r.admin(
                "edit_campus",
                &[("id", "1"), ("url", "http://localhost/"), ("active", "0")]
            )
        );
        step!(
            t,
            r,
            "edit_campus unknown",
            r.admin("edit_campus", &[("id", "99"), ("url", "https://x/")])
        );
        step!(t, r, "edit_campus without id", r.admin("edit_campus", &[]));
        step!(
            t,
            r,
            "edit_campus taken address",
            r.admin("edit_campus", &[("id", "2"), ("url", "http://localhost")])
        );
        step!(
            t,
            r,
            "delete_campus main URL",
            r.admin("delete_campus", &[("id", "1")])
        );
        step!(
            t,
            r,
            "delete_campus",
            r.admin("delete_campus", &[("id", "2")])
        );
        step!(
            t,
            r,
            "delete_campus again",
            r.admin("delete_campus", &[("id", "2")])
        );
        step!(
            t,
            r,
            "get_courses id_campus of a removed campus",
            r.admin("get_courses", &[("id_campus", "2")])
        );
        insta::assert_snapshot!("campuses", t.text());
    }
}

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

/// Posts a WSUser.DisableUser call (a key-checked operation) to soap.php.
async fn soap_disable_user(r: &Rest, user_id: &str) -> String {
    let key = chamilo_core::passwords::sha1_hex(&format!("127.0.0.1{}", rest::SECURITY_KEY));
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:WSService"><SOAP-ENV:Body><ns1:WSUser.DisableUser><secret_key>{key}</secret_key><user_id_field_name>chamilo_user_id</user_id_field_name><user_id_value>{user_id}</user_id_value></ns1:WSUser.DisableUser></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    );
    r.http
        .post(r.app.url("/main/webservices/soap.php"))
        .header("content-type", "text/xml; charset=utf-8")
        .body(xml)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn audit_trail_of_both_protocols() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        r.create_user("alice", "pw-alice").await;
        r.admin(
            "save_course",
            &[("title", "Course A"), ("wanted_code", "A")],
        )
        .await;
        let ak = r.authenticate("alice", "pw-alice").await;
        r.call("alice", &ak, "user_profile", &[("course", "1")])
            .await;
        r.admin("username_exist", &[("loginname", "alice")]).await;
        let soap = soap_disable_user(&r, "2").await;
        assert!(!soap.contains("Fault"), "{soap}");
        // a refused call and a call with a bad key leave no row
        r.call("alice", &ak, "get_users", &[]).await;
        r.call("alice", "0e1234", "user_profile", &[]).await;
        // an unauthenticated SOAP call leaves none either
        let bad = r
            .http
            .post(r.app.url("/main/webservices/soap.php"))
            .body(r#"<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><WSUser.DisableUser><secret_key>bad</secret_key></WSUser.DisableUser></SOAP-ENV:Body></SOAP-ENV:Envelope>"#)
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status().as_u16(), 500);
        step!(
            t,
            r,
            "get_audit_items: the web-service timeline",
            r.admin("get_audit_items", &[("event_type", "access_ws_*")])
        );
        step!(
            t,
            r,
            "get_audit_items one event type",
            r.admin(
                "get_audit_items",
                &[("event_type", "access_ws_WSUser.DisableUser")]
            )
        );
        step!(
            t,
            r,
            "get_audit_items by user",
            r.admin(
                "get_audit_items",
                &[("event_type", "access_ws_*"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "get_audit_items by course",
            r.admin(
                "get_audit_items",
                &[("event_type", "access_ws_*"), ("c_id", "1")]
            )
        );
        step!(
            t,
            r,
            "get_audit_items offset and limit",
            r.admin(
                "get_audit_items",
                &[
                    ("event_type", "access_ws_*"),
                    ("offset", "1"),
                    ("limit", "2")
                ]
            )
        );
        step!(
            t,
            r,
            "get_audit_items after a future date",
            r.admin(
                "get_audit_items",
                &[("event_type", "access_ws_*"), ("after_date", "2999-01-01")]
            )
        );
        step!(
            t,
            r,
            "get_audit_items before a past date",
            r.admin(
                "get_audit_items",
                &[
                    ("event_type", "access_ws_*"),
                    ("before_date", "2000-01-01 00:00")
                ]
            )
        );
        step!(
            t,
            r,
            "get_audit_items no such type",
            r.admin("get_audit_items", &[("event_type", "access_ws_nothing")])
        );
        step!(
            t,
            r,
            "get_audit_items without event_type",
            r.admin("get_audit_items", &[])
        );
        step!(
            t,
            r,
            "get_audit_items bad date",
            r.admin(
                "get_audit_items",
                &[("event_type", "access_ws_*"), ("after_date", "yesterday")]
            )
        );
        step!(
            t,
            r,
            "get_audit_items bad limit",
            r.admin(
                "get_audit_items",
                &[("event_type", "access_ws_*"), ("limit", "-1")]
            )
        );
        insta::assert_snapshot!("audit", t.text());
    }
}

#[tokio::test]
async fn account_and_reporting() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        fixtures(&r).await;
        let ak = r.authenticate("alice", "pw-alice").await;
        let alice = |action: &'static str, f: &'static [(&'static str, &'static str)]| {
            r.call("alice", &ak, action, f)
        };
        step!(
            t,
            r,
            "check_conditional_login",
            alice("check_conditional_login", &[])
        );
        step!(
            t,
            r,
            "get_legal_conditions none published",
            alice("get_legal_conditions", &[])
        );
        // terms are published by the platform, not through the API
        let store = chamilo_store::connect(&r.app.database_url, &Default::default())
            .await
            .unwrap();
        // no read cache: the server writes behind this gateway's back
        let gw = chamilo_core::Gateway::with_cache_ttl(
            std::sync::Arc::new(store),
            chamilo_core::passwords::Hasher { bcrypt_cost: 4 },
            std::time::Duration::ZERO,
        );
        gw.publish_legal_terms("<p>Terms v1</p>", "", 0, 10)
            .await
            .unwrap();
        gw.publish_legal_terms("<p>Terms v2</p>", "Clause 3", 1, 10)
            .await
            .unwrap();
        step!(
            t,
            r,
            "get_legal_conditions",
            alice("get_legal_conditions", &[])
        );
        step!(
            t,
            r,
            "update_condition_accepted",
            alice(
                "update_condition_accepted",
                &[("legal_accept_type", "2:10")]
            )
        );
        let extras = gw.user_extras(2).await.unwrap();
        let accepted = extras
            .iter()
            .find(|v| v.field.variable == "legal_accept")
            .expect("acceptance stored");
        assert!(accepted.value.starts_with("2:10:"), "{}", accepted.value);
        step!(
            t,
            r,
            "update_condition_accepted unknown version",
            alice(
                "update_condition_accepted",
                &[("legal_accept_type", "9:10")]
            )
        );
        step!(
            t,
            r,
            "update_condition_accepted malformed",
            alice("update_condition_accepted", &[("legal_accept_type", "two")])
        );
        step!(
            t,
            r,
            "update_condition_accepted missing",
            alice("update_condition_accepted", &[])
        );
        step!(
            t,
            r,
            "update_user_pause_training self",
            alice(
                "update_user_pause_training",
                &[
                    ("user_id", "2"),
                    ("pause_formation", "1"),
                    ("start_pause_date", "2030-01-01 00:00"),
                    ("end_pause_date", "2030-02-01 00:00"),
                    ("disable_emails", "1")
                ]
            )
        );
        let extras = gw.user_extras(2).await.unwrap();
        let get = |name: &str| {
            extras
                .iter()
                .find(|v| v.field.variable == name)
                .map(|v| v.value.clone())
        };
        assert_eq!(get("pause_formation").as_deref(), Some("1"));
        assert_eq!(get("end_pause_date").as_deref(), Some("2030-02-01 00:00"));
        step!(
            t,
            r,
            "update_user_pause_training another user",
            alice("update_user_pause_training", &[("user_id", "3")])
        );
        step!(
            t,
            r,
            "update_user_pause_training by admin",
            r.admin(
                "update_user_pause_training",
                &[("user_id", "3"), ("pause_formation", "0")]
            )
        );
        step!(
            t,
            r,
            "update_user_pause_training without user_id",
            alice("update_user_pause_training", &[])
        );
        step!(
            t,
            r,
            "update_user_pause_training end before start",
            alice(
                "update_user_pause_training",
                &[
                    ("user_id", "2"),
                    ("start_pause_date", "2030-02-01 00:00"),
                    ("end_pause_date", "2030-01-01 00:00")
                ]
            )
        );
        step!(
            t,
            r,
            "update_user_pause_training bad date",
            alice(
                "update_user_pause_training",
                &[("user_id", "2"), ("start_pause_date", "soon")]
            )
        );
        step!(
            t,
            r,
            "update_user_pause_training unknown user",
            r.admin("update_user_pause_training", &[("user_id", "99")])
        );
        r.admin(
            "subscribe_user_to_course",
            &[("course_id", "1"), ("user_id", "2")],
        )
        .await;
        step!(
            t,
            r,
            "user_courses_by_dates",
            r.admin(
                "user_courses_by_dates",
                &[
                    ("user_id", "2"),
                    ("start_date", "2020-01-01"),
                    ("end_date", "2030-01-01 00:00:00")
                ]
            )
        );
        step!(
            t,
            r,
            "user_courses_by_dates no courses",
            r.admin(
                "user_courses_by_dates",
                &[
                    ("user_id", "3"),
                    ("start_date", "2020-01-01"),
                    ("end_date", "2030-01-01")
                ]
            )
        );
        step!(
            t,
            r,
            "user_courses_by_dates missing dates",
            r.admin("user_courses_by_dates", &[("user_id", "2")])
        );
        step!(
            t,
            r,
            "user_courses_by_dates bad date",
            r.admin(
                "user_courses_by_dates",
                &[
                    ("user_id", "2"),
                    ("start_date", "nope"),
                    ("end_date", "2030-01-01")
                ]
            )
        );
        step!(
            t,
            r,
            "user_courses_by_dates unknown user",
            r.admin(
                "user_courses_by_dates",
                &[
                    ("user_id", "99"),
                    ("start_date", "2020-01-01"),
                    ("end_date", "2030-01-01")
                ]
            )
        );
        insta::assert_snapshot!("account_and_reporting", t.text());
    }
}

/// Redirect actions: 302 to `lms_url` with the original's path, or an error envelope when
/// no `lms_url` is configured.
#[tokio::test]
async fn redirect_actions() {
    let mut t = Transcript::default();
    let plain = Rest::start().await;
    plain
        .admin(
            "save_course",
            &[("title", "Course A"), ("wanted_code", "A")],
        )
        .await;
    for (label, query) in [
        ("view_my_courses", "action=view_my_courses"),
        ("view_user_profile", "action=view_user_profile&user_id=1"),
        ("view_message", "action=view_message&message=4"),
        ("view_course_home", "action=view_course_home&course=1"),
    ] {
        let a = plain
            .get(&format!(
                "{query}&username={ADMIN}&api_key={}",
                plain.admin_key
            ))
            .await;
        t.add(&plain, &format!("{label} without lms_url"), &a);
    }
    drop(plain);

    let app = rest::start_on_sqlite(&[("GATEWAY_LMS_URL", "https://campus.example.org")]);
    let r = Rest::on(app).await;
    r.admin(
        "save_course",
        &[
            ("title", "Course A"),
            ("wanted_code", "A"),
            ("remove_campus_id_from_wanted_code", "1"),
        ],
    )
    .await;
    r.admin("save_session", &[("name", "S1")]).await;
    let key = r.admin_key.clone();
    for (label, query) in [
        ("view_my_courses", "action=view_my_courses".to_owned()),
        (
            "view_user_profile",
            "action=view_user_profile&user_id=7".to_owned(),
        ),
        (
            "view_user_profile self",
            "action=view_user_profile".to_owned(),
        ),
        ("view_message", "action=view_message&message=4".to_owned()),
        (
            "view_course_home",
            "action=view_course_home&course=1&session=1".to_owned(),
        ),
        (
            "view_course_home without course",
            "action=view_course_home".to_owned(),
        ),
        (
            "view_course_home unknown course",
            "action=view_course_home&course=9".to_owned(),
        ),
    ] {
        let resp = r
            .http
            .get(format!(
                "{}?{query}&username={ADMIN}&api_key={key}",
                r.url()
            ))
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let cors = resp.headers().get("access-control-allow-origin").is_some();
        let body = resp.text().await.unwrap();
        match location {
            Some(l) => {
                assert_eq!(status, 302, "{label}");
                assert!(body.is_empty() && !cors, "{label}");
                t.add(
                    &r,
                    label,
                    &rest::Answer {
                        status: 302,
                        content_type: String::new(),
                        cors: String::new(),
                        body: format!("Location: {l}"),
                    },
                );
            }
            None => t.add(
                &r,
                label,
                &rest::Answer {
                    status,
                    content_type: String::new(),
                    cors: String::new(),
                    body,
                },
            ),
        }
    }
    let no_key = r.get("action=view_my_courses").await;
    t.add(&r, "view_my_courses without key", &no_key);
    insta::assert_snapshot!("redirects", t.text());
}

/// Audit rows are written by a batching writer a few milliseconds after the call; a client
/// reading the trail right after its call still sees the row (reads flush the queue).
#[tokio::test]
async fn audit_trail_read_right_after_a_call_has_its_row() {
    for r in Rest::start_all().await {
        for n in 0..20 {
            let probe = format!("probe-{n}");
            let a = r
                .admin("username_exist", &[("loginname", probe.as_str())])
                .await;
            assert!(a.body.starts_with(r#"{"error":false"#), "{}", a.body);
            let trail = r
                .admin(
                    "get_audit_items",
                    &[("event_type", "access_ws_username_exist")],
                )
                .await;
            assert!(
                trail.body.contains(&format!("\"{probe}\"")),
                "{}: {}",
                r.app.backend,
                trail.body
            );
        }
    }
}

/// `update_condition_accepted` answers `{"status":true}` whatever `legal_accept_type` holds
/// (`rest-v2.md` §3.12: Chamilo returns early on a zero part and never reports an error); the
/// acceptance is stored only when it names published terms. The gateway answered
/// `No data available` for `0:0`, an empty or missing value and a version that has no terms.
#[tokio::test]
async fn update_condition_accepted_always_succeeds() {
    for r in Rest::start_all().await {
        r.create_user("carol", "pw-carol").await;
        let key = r.authenticate("carol", "pw-carol").await;
        let store = chamilo_store::connect(&r.app.database_url, &Default::default())
            .await
            .unwrap();
        // no read cache: the server writes behind this gateway's back
        let gw = chamilo_core::Gateway::with_cache_ttl(
            std::sync::Arc::new(store),
            chamilo_core::passwords::Hasher { bcrypt_cost: 4 },
            std::time::Duration::ZERO,
        );
        gw.publish_legal_terms("<p>Terms v1</p>", "", 0, 10)
            .await
            .unwrap();
        let carol = gw.find_user_by_username("carol").await.unwrap().unwrap().id;
        let accepted = || async {
            gw.user_extras(carol)
                .await
                .unwrap()
                .into_iter()
                .find(|v| v.field.variable == "legal_accept")
                .map(|v| v.value)
        };
        let ok = r#"{"error":false,"data":{"status":true}}"#;
        for value in [
            Some("0:0"),
            Some(""),
            None,
            Some("2:10"),
            Some("1:11"),
            Some("one"),
        ] {
            let fields: Vec<(&str, &str)> = value
                .map(|v| ("legal_accept_type", v))
                .into_iter()
                .collect();
            let a = r
                .call("carol", &key, "update_condition_accepted", &fields)
                .await;
            assert_eq!(a.body, ok, "{value:?}");
            assert_eq!(accepted().await, None, "{value:?} stores nothing");
        }
        let a = r
            .call(
                "carol",
                &key,
                "update_condition_accepted",
                &[("legal_accept_type", "1:10")],
            )
            .await;
        assert_eq!(a.body, ok);
        let stored = accepted().await.expect("acceptance stored");
        assert!(stored.starts_with("1:10:"), "{stored}");
    }
}
