//! Brute-force throttling at the edge (`chamilo_edge::throttle`), end to end: a wrong-key loop
//! against soap.php and a password-guessing loop against `authenticate` are cut off after the
//! configured count, whatever they send next; a correct caller from another address (both
//! behind the trusted proxy) is served throughout; after the window the address is served
//! again. Each secret is counted apart.

use std::time::Duration;

use crate::common::soap::{envelope, fault_of, registration_call, s, REGISTRATION};
use crate::common::{client, start_on_sqlite, TestApp, SECURITY_KEY};

const MAX_FAILURES: usize = 3;
const WINDOW: Duration = Duration::from_secs(3);
const GUESSER: &str = "203.0.113.66";
const HONEST: &str = "198.51.100.20";
const ADMIN: &str = "throttle-admin";
const PASSWORD: &str = "throttle-admin-pw";

/// Behind a trusted proxy on 127.0.0.1, so that each test client can be another address.
fn app() -> TestApp {
    start_on_sqlite(&[
        ("GATEWAY_TRUSTED_PROXIES", "127.0.0.1/32"),
        ("GATEWAY_THROTTLE_MAX_FAILURES", "3"),
        ("GATEWAY_THROTTLE_WINDOW", "3"),
    ])
}

fn right_key(ip: &str) -> String {
    chamilo_core::passwords::sha1_hex(&format!("{ip}{SECURITY_KEY}"))
}

const WRONG_KEY: &str = "0000000000000000000000000000000000000000";

/// soap.php `WSUser.DisableUser` of a user nobody has, from `ip`: fault `1` is a refused key,
/// `100` (no such user) a key that was accepted.
async fn soap_fault(app: &TestApp, ip: &str, key: &str) -> String {
    let parts = [
        s("secret_key", key),
        s("user_id_field_name", "external_user_id"),
        s("user_id_value", "nobody"),
    ];
    let body = post(
        app,
        ip,
        "/main/webservices/soap.php",
        envelope("WSUser.DisableUser", &parts),
    )
    .await;
    fault_of(&body).0
}

/// registration.soap.php `WSGetUser` from `ip`: does it get past the key?
async fn registration_accepts(app: &TestApp, ip: &str, key: &str) -> bool {
    let request = registration_call(
        "WSGetUser",
        "GetUser",
        "GetUserArg",
        &[
            ("original_user_id_value", "nobody"),
            ("original_user_id_name", "external_user_id"),
            ("secret_key", key),
        ],
    );
    let body = post(app, ip, REGISTRATION, request).await;
    body.contains("WSGetUserResponse")
}

async fn post(app: &TestApp, ip: &str, path: &str, body: String) -> String {
    client()
        .post(app.url(path))
        .header("X-Forwarded-For", ip)
        .header("Content-Type", "text/xml; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// `authenticate` from `ip`: the api key, or the error message.
async fn authenticate(app: &TestApp, ip: &str, password: &str) -> Result<String, String> {
    let answer: serde_json::Value = client()
        .post(app.url("/main/webservices/api/v2.php"))
        .header("X-Forwarded-For", ip)
        .form(&[
            ("action", "authenticate"),
            ("username", ADMIN),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    match answer["data"]["apiKey"].as_str() {
        Some(key) => Ok(key.to_owned()),
        None => Err(answer["message"].as_str().unwrap_or_default().to_owned()),
    }
}

#[tokio::test]
async fn a_wrong_key_loop_is_cut_off_and_served_again_after_the_window() {
    let app = app();
    app.create_admin(ADMIN, PASSWORD);
    for i in 0..MAX_FAILURES {
        assert_eq!(
            soap_fault(&app, GUESSER, WRONG_KEY).await,
            "1",
            "attempt {i}"
        );
    }
    // locked out: even its right key is refused without being checked, on both SOAP services
    assert_eq!(soap_fault(&app, GUESSER, &right_key(GUESSER)).await, "1");
    assert!(!registration_accepts(&app, GUESSER, &right_key(GUESSER)).await);
    // a correct caller from another address is served, and so are the guesser's logins
    assert_eq!(soap_fault(&app, HONEST, &right_key(HONEST)).await, "100");
    assert!(registration_accepts(&app, HONEST, &right_key(HONEST)).await);
    assert!(authenticate(&app, GUESSER, PASSWORD).await.is_ok());
    let counted = app.get_text("/metrics").await;
    for line in [
        r#"chamilo_gateway_throttle_failures_total{secret="soap_key"} 3"#,
        r#"chamilo_gateway_throttle_refused_total{secret="soap_key"} 2"#,
        r#"chamilo_gateway_throttle_lockouts_total{secret="soap_key"} 1"#,
        r#"chamilo_gateway_throttle_locked_out_addresses{secret="soap_key"} 1"#,
        r#"chamilo_gateway_throttle_failures_total{secret="password"} 0"#,
    ] {
        assert!(counted.contains(line), "{line} in:\n{counted}");
    }

    tokio::time::sleep(WINDOW + Duration::from_millis(200)).await;
    assert_eq!(soap_fault(&app, GUESSER, &right_key(GUESSER)).await, "100");
    assert!(registration_accepts(&app, GUESSER, &right_key(GUESSER)).await);
    let locked = r#"chamilo_gateway_throttle_locked_out_addresses{secret="soap_key"} 0"#;
    assert!(app.get_text("/metrics").await.contains(locked));
}

#[tokio::test]
async fn a_password_guessing_loop_is_cut_off_and_served_again_after_the_window() {
    let app = app();
    app.create_admin(ADMIN, PASSWORD);
    // successes are never counted
    for _ in 0..2 * MAX_FAILURES {
        authenticate(&app, GUESSER, PASSWORD).await.unwrap();
    }
    let refused = Err("Invalid user detected.".to_owned());
    for i in 0..MAX_FAILURES {
        let guess = format!("guess-{i}");
        assert_eq!(
            authenticate(&app, GUESSER, &guess).await,
            refused,
            "guess {i}"
        );
    }
    // locked out: the right password gets the same answer, without being checked
    assert_eq!(authenticate(&app, GUESSER, PASSWORD).await, refused);
    // a correct caller from another address is served, and so is the guesser's SOAP key
    let key = authenticate(&app, HONEST, PASSWORD).await.unwrap();
    assert_eq!(soap_fault(&app, GUESSER, &right_key(GUESSER)).await, "100");
    // the api key it already holds still works: only password checks are throttled
    let profile = client()
        .get(app.url(&format!(
            "/main/webservices/api/v2.php?action=user_profile&username={ADMIN}&api_key={key}"
        )))
        .header("X-Forwarded-For", GUESSER)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(profile.starts_with("{\"error\":false"), "{profile}");

    tokio::time::sleep(WINDOW + Duration::from_millis(200)).await;
    assert_eq!(authenticate(&app, GUESSER, PASSWORD).await, Ok(key));
}
