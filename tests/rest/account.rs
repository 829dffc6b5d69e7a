//! The acting user's account and reporting (`crates/rest/src/account.rs`): conditional
//! login, terms and conditions, pause training, `user_courses_by_dates`, as one transcript
//! per backend (`snapshots/rest__account__account_and_reporting.snap`).

use crate::common::rest::{Rest, Transcript};
use crate::fixtures;

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
            chamilo_core::passwords::Hasher::Standalone { bcrypt_cost: 4 },
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
            chamilo_core::passwords::Hasher::Standalone { bcrypt_cost: 4 },
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
