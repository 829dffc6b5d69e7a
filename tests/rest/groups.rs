//! Class (usergroup) actions (`crates/rest/src/groups.rs`), as one transcript per backend
//! (`snapshots/rest__groups__groups.snap`).

use crate::common::rest::{Rest, Transcript};
use crate::fixtures;

const NOT_ALLOWED: &str = r#"{"error":true,"message":"You are not allowed to see this page. Either your connection has expired or you are trying to access a page for which you do not have the sufficient privileges."}"#;

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
