//! The HTTP edge, end to end: every protocol sees one caller (the address behind trusted
//! proxies) and reads one number the way PHP does, whichever adapter the request reaches;
//! failed credential checks are throttled per caller (`throttle`).

mod common;
#[path = "edge/throttle.rs"]
mod throttle;
use common::soap;

use chamilo_core::audit::{AuditQuery, EventMatch};
use common::{start_on_sqlite, TestApp};
use soap::*;
use std::time::Duration;

const ADMIN: &str = "edge-admin";
const PASSWORD: &str = "edge-admin-pw";

/// Two `X-Forwarded-For` headers, as two proxies in a row may send them: one list, in order.
const FORWARDED: [&str; 2] = ["203.0.113.7", "198.51.100.9"];

fn forwarded(req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    FORWARDED
        .iter()
        .fold(req, |req, hop| req.header("X-Forwarded-For", *hop))
}

/// What each protocol took the caller's address to be, for the same request shape.
#[derive(Debug, PartialEq)]
struct SeenIps {
    testip: String,
    soap_key_salt: String,
    soap_audit: String,
    rest_login: String,
}

async fn seen_ips(app: &TestApp) -> SeenIps {
    let http = common::client();
    let testip = forwarded(http.get(app.url("/main/webservices/testip.php")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    // the SOAP key is accepted only when salted with the address the key check uses
    let mut soap_key_salt = String::from("none");
    for ip in [FORWARDED[0], FORWARDED[1], "127.0.0.1"] {
        let key = chamilo_core::passwords::sha1_hex(&format!("{ip}{}", common::SECURITY_KEY));
        let body = envelope("WSReport.GetTimeSpentOnPlatform", &[s("secret_key", key)]);
        let answer = forwarded(http.post(app.url(ENDPOINT)))
            .header("Content-Type", "text/xml; charset=utf-8")
            .body(body)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // fault 1 is a wrong key; anything else (here: no such user) passed the check
        if fault_of(&answer).0 != "1" {
            soap_key_salt = ip.to_owned();
        }
    }

    let gw = core(app).await;
    let soap_audit = poll(|| async {
        gw.audit_items(AuditQuery::matching(EventMatch::Exact(
            "access_ws_WSReport.GetTimeSpentOnPlatform".into(),
        )))
        .await
        .unwrap()
        .first()
        .map(|e| e.value.clone())
    })
    .await;

    app.create_admin(ADMIN, PASSWORD);
    let auth = forwarded(http.post(app.url("/main/webservices/api/v2.php")))
        .form(&[
            ("action", "authenticate"),
            ("username", ADMIN),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(auth.contains("\"error\":false"), "{auth}");
    let admin = gw.find_user_by_username(ADMIN).await.unwrap().unwrap();
    let rest_login = gw.logins_of(admin.id).await.unwrap()[0].user_ip.clone();

    SeenIps {
        testip,
        soap_key_salt,
        soap_audit,
        rest_login,
    }
}

/// The audit writer batches its rows for a few milliseconds.
async fn poll<F, Fut>(read: F) -> String
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Option<String>>,
{
    for _ in 0..100 {
        if let Some(v) = read().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no audit row");
}

/// Every protocol took the caller to be `ip`.
async fn assert_one_caller(app: &TestApp, ip: &str) {
    let ip = ip.to_owned();
    let expected = SeenIps {
        testip: ip.clone(),
        soap_key_salt: ip.clone(),
        soap_audit: ip.clone(),
        rest_login: ip,
    };
    assert_eq!(seen_ips(app).await, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_proxy_every_protocol_sees_the_same_caller() {
    let app = start_on_sqlite(&[("GATEWAY_TRUSTED_PROXIES", "127.0.0.1/32")]);
    assert_one_caller(&app, "198.51.100.9").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn from_an_untrusted_peer_every_protocol_ignores_forwarded_for() {
    let app = start_on_sqlite(&[]);
    assert_one_caller(&app, "127.0.0.1").await;
}

/// `chamilo_user_id` values are read with PHP 8's intval: `"1e1"` is user 10, as soap.php reads
/// it, not user 1 (the SOAP adapter used to stop at the `e`).
#[tokio::test(flavor = "multi_thread")]
async fn an_internal_id_is_read_as_php_reads_it() {
    let app = start_on_sqlite(&[]);
    let mut ids = Vec::new();
    for n in 1..=10 {
        let login = format!("intval{n}");
        ids.push(ret_int(
            &ok(&app, "WSUser.CreateUser", &create_user_call(&login, &login)).await,
        ));
    }
    let tenth = ids[9];
    let first = ids[0];
    // the ids are 1..=10 on a fresh database: "1e1" names the tenth
    assert_eq!((first, tenth), (1, 10));
    ok(
        &app,
        "WSUser.DisableUser",
        &[
            s("secret_key", key()),
            s("user_id_field_name", "chamilo_user_id"),
            s("user_id_value", "1e1"),
        ],
    )
    .await;
    let gw = core(&app).await;
    assert!(
        !gw.get_user(tenth).await.unwrap().active,
        "user 10 disabled"
    );
    assert!(gw.get_user(first).await.unwrap().active, "user 1 untouched");
}

/// `webservices_enabled = false` (Chamilo's `disable_webservices`): every SOAP endpoint answers
/// a fault and v2.php an error envelope, both saying so; nothing runs.
#[tokio::test(flavor = "multi_thread")]
async fn web_services_can_be_turned_off() {
    let app = start_on_sqlite(&[("GATEWAY_WEBSERVICES_ENABLED", "false")]);
    for path in [ENDPOINT, "/main/webservices/registration.soap.php"] {
        let (status, _, body) = post_to(&app, path, envelope("WS.test", &[])).await;
        assert_eq!(status, 500, "{path}");
        assert_eq!(
            fault_of(&body),
            ("Server".to_owned(), "Web services are disabled".to_owned()),
            "{path}"
        );
    }
    let rest = common::client()
        .post(app.url("/main/webservices/api/v2.php"))
        .form(&[
            ("action", "authenticate"),
            ("username", "x"),
            ("password", "y"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        rest,
        r#"{"error":true,"message":"Web services are disabled"}"#
    );
}
