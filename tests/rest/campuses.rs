//! Campus actions (`crates/rest/src/campuses.rs`) and the `id_campus` filters of the
//! listings, as one transcript per backend (`snapshots/rest__campuses__campuses.snap`).

use crate::common::rest::{self, Rest, Transcript};
use crate::fixtures;

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
