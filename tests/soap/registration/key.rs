//! WSRegistration end to end: the key under `webservice_allowed_ips` (`crates/soap/src/ws_registration/`).

use super::*;

/// `webservice_allowed_ips`: registration.soap.php's key becomes `sha1(security_key)` and only
/// callers inside the list are served (the original computed the list and ignored it); soap.php
/// keeps its salted key.
#[tokio::test]
async fn allowed_ips_govern_the_registration_key() {
    let unsalted = chamilo_core::passwords::sha1_hex(crate::common::SECURITY_KEY);
    let get = |key: &str| {
        call(
            "WSGetUser",
            "GetUser",
            "GetUserArg",
            &[
                ("original_user_id_value", "nobody"),
                ("original_user_id_name", "external_user_id"),
                ("secret_key", key),
            ],
        )
    };
    let inside =
        crate::common::start_on_sqlite(&[("GATEWAY_WEBSERVICE_ALLOWED_IPS", "127.0.0.1/32")]);
    let body = post_to(&inside, REGISTRATION, get(&unsalted)).await.2;
    assert!(body.contains("WSGetUserResponse"), "{body}");
    let body = post_to(&inside, REGISTRATION, get(&key())).await.2;
    assert_eq!(
        fault_of(&body).0,
        "Server",
        "the salted key is not the allow-list's"
    );
    // soap.php is not governed by the list
    ok(&inside, "WS.test", &[]).await;
    ok(
        &inside,
        "WSUser.CreateUser",
        &create_user_call("salt", "A1"),
    )
    .await;

    let outside =
        crate::common::start_on_sqlite(&[("GATEWAY_WEBSERVICE_ALLOWED_IPS", "10.0.0.0/8")]);
    let body = post_to(&outside, REGISTRATION, get(&unsalted)).await.2;
    assert_eq!(
        fault_of(&body),
        (
            "Server".to_owned(),
            "Secret key is not correct or params are not correctly set".to_owned()
        ),
        "a caller outside the list is refused whatever its key"
    );
}
