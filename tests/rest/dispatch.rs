//! The request pipeline (`crates/rest/src/dispatch.rs`, `auth.rs`): authenticate, the api
//! key, routing (unknown, missing and case-sensitive actions, parameters through a hash), the
//! course and session context, and the device actions `gcm_id` and `logout`, as one
//! transcript per backend (`snapshots/rest__dispatch__authentication_and_routing.snap`).

use crate::common::rest::{self, Rest, Transcript, ADMIN};

#[tokio::test]
async fn authentication_and_routing() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        let a = step!(
            t,
            r,
            "authenticate (curl --form)",
            r.curl_form(&[
                ("action", "authenticate"),
                ("username", ADMIN),
                ("password", rest::ADMIN_PASSWORD)
            ])
        );
        assert_eq!(a.content_type, "application/json");
        assert_eq!(a.cors, "*");
        step!(
            t,
            r,
            "authenticate again: same key",
            r.form(&[
                ("action", "authenticate"),
                ("username", ADMIN),
                ("password", rest::ADMIN_PASSWORD)
            ])
        );
        step!(
            t,
            r,
            "authenticate wrong password",
            r.form(&[
                ("action", "authenticate"),
                ("username", ADMIN),
                ("password", "nope")
            ])
        );
        step!(
            t,
            r,
            "authenticate unknown user",
            r.form(&[
                ("action", "authenticate"),
                ("username", "ghost"),
                ("password", "x")
            ])
        );
        step!(
            t,
            r,
            "authenticate password in the query string only (P only)",
            r.get("action=authenticate&username=admin&password=admin-pw")
        );
        step!(
            t,
            r,
            "authenticate with a wrong api_key",
            r.form(&[
                ("action", "authenticate"),
                ("username", ADMIN),
                ("password", rest::ADMIN_PASSWORD),
                ("api_key", "0e1234")
            ])
        );
        r.create_user("inactive", "pw-inactive").await;
        r.admin(
            "update_user_from_username",
            &[("loginname", "inactive"), ("active", "0")],
        )
        .await;
        step!(
            t,
            r,
            "authenticate inactive account",
            r.form(&[
                ("action", "authenticate"),
                ("username", "inactive"),
                ("password", "pw-inactive")
            ])
        );
        r.admin(
            "save_user",
            &[
                ("loginname", "expired"),
                ("password", "pw-expired"),
                ("firstname", "E"),
                ("lastname", "X"),
                ("status", "5"),
                ("expiration_date", "2001-01-01 00:00:00"),
            ],
        )
        .await;
        step!(
            t,
            r,
            "authenticate expired account",
            r.form(&[
                ("action", "authenticate"),
                ("username", "expired"),
                ("password", "pw-expired")
            ])
        );
        step!(
            t,
            r,
            "no api_key",
            r.form(&[("action", "user_profile"), ("username", ADMIN)])
        );
        step!(
            t,
            r,
            "wrong api_key",
            r.form(&[
                ("action", "user_profile"),
                ("username", ADMIN),
                ("api_key", "00000000000000000000000000000000")
            ])
        );
        step!(
            t,
            r,
            "api_key of another user",
            r.form(&[
                ("action", "user_profile"),
                ("username", "inactive"),
                ("api_key", &r.admin_key)
            ])
        );
        step!(t, r, "unknown action", r.admin("no_such_action", &[]));
        step!(
            t,
            r,
            "unknown action without key",
            r.form(&[("action", "no_such_action")])
        );
        step!(t, r, "no action", r.admin("", &[]));
        step!(
            t,
            r,
            "action is case-sensitive",
            r.admin("USER_PROFILE", &[])
        );
        step!(
            t,
            r,
            "unknown course",
            r.admin("user_profile", &[("course", "999")])
        );
        step!(
            t,
            r,
            "unknown session",
            r.admin("user_profile", &[("session", "999")])
        );
        step!(
            t,
            r,
            "routing through hash",
            r.get(&format!(
                "hash={}",
                rest::urlencode(&format!(
                    r#"{{"action":"user_profile","username":"admin","api_key":"{}"}}"#,
                    r.admin_key
                ))
            ))
        );
        step!(
            t,
            r,
            "gcm_id",
            r.admin("gcm_id", &[("registration_id", "token-1")])
        );
        step!(
            t,
            r,
            "gcm_id stored (user_profile extra)",
            r.admin("user_profile", &[])
        );
        step!(t, r, "logout", r.admin("logout", &[]));
        step!(
            t,
            r,
            "key still valid after logout",
            r.admin("user_profile", &[])
        );
        let options = r
            .http
            .request(reqwest::Method::OPTIONS, r.url())
            .send()
            .await
            .unwrap();
        assert_eq!(options.headers()["access-control-allow-origin"], "*");
        assert_eq!(
            options.text().await.unwrap(),
            r#"{"error":true,"message":"Invalid action"}"#
        );
        insta::assert_snapshot!("authentication_and_routing", t.text());
    }
}
