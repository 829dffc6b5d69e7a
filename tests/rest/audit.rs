//! The audit trail (`crates/rest/src/audit.rs` writes a row per call, `audit_items.rs`
//! reads them with `get_audit_items`), rows of both protocols, as one transcript per backend
//! (`snapshots/rest__audit__audit.snap`).

use crate::common::rest::{self, Rest, Transcript};

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
