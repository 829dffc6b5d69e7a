//! Hostile and broken requests: each gets a SOAP Fault (or 413), the server stays up, and
//! nothing is written.

use crate::common::soap::*;
use crate::common::{self, client, spawn_app, TestApp};

/// The valid CreateUser call for user "evil" that the bad requests are made from.
fn evil() -> String {
    envelope("WSUser.CreateUser", &create_user_call("evil", "EVIL-1"))
}

/// The server still answers and user "evil" does not exist.
async fn still_up_and_nothing_written(app: &TestApp) {
    let health = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let (_, body) = call(app, "WS.test", &[]).await;
    assert_eq!(text(&body, "return").as_deref(), Some("success"));
    let gw = core(app).await;
    assert!(gw.find_user_by_username("evil").await.unwrap().is_none());
}

/// Posts `body`; expects HTTP 500 and a `Client` fault whose text contains `needle`.
async fn client_fault(app: &TestApp, body: impl Into<reqwest::Body>, needle: &str) -> String {
    let (status, ct, answer) = post_raw(app, body).await;
    assert_eq!(status, 500, "{answer}");
    assert_eq!(ct, "text/xml; charset=utf-8");
    let (code, message) = fault_of(&answer);
    assert_eq!(code, "Client", "{answer}");
    assert!(
        message.contains(needle),
        "{message:?} should mention {needle:?}"
    );
    message
}

#[tokio::test]
async fn the_valid_request_these_are_made_from_works() {
    let app = spawn_app().await;
    let (status, _, body) = post_raw(&app, evil()).await;
    assert_eq!(status, 200, "{body}");
    assert!(core(&app)
        .await
        .find_user_by_username("evil")
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn malformed_xml() {
    let app = spawn_app().await;
    let full = evil();
    client_fault(&app, full[..full.len() / 2].to_string(), "Malformed XML").await;
    client_fault(
        &app,
        full.replace("</loginname>", "</login>"),
        "Malformed XML",
    )
    .await;
    client_fault(&app, "", "Empty request body").await;
    still_up_and_nothing_written(&app).await;
}

#[tokio::test]
async fn doctype_and_entities_refused() {
    let app = spawn_app().await;
    let with_dtd = |dtd: &str, login: &str| {
        evil()
            .replacen("\n", &format!("\n{dtd}\n"), 1)
            .replace(">evil<", &format!(">{login}<"))
    };
    // internal entity, external entity (XXE), billion laughs: all refused at the DOCTYPE
    client_fault(
        &app,
        with_dtd(r#"<!DOCTYPE x [<!ENTITY e "evil">]>"#, "&e;"),
        "DOCTYPE",
    )
    .await;
    client_fault(
        &app,
        with_dtd(
            r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>"#,
            "&e;",
        ),
        "DOCTYPE",
    )
    .await;
    client_fault(
        &app,
        with_dtd(
            r#"<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>"#,
            "&b;",
        ),
        "DOCTYPE",
    )
    .await;
    // an entity nobody declared
    client_fault(&app, evil().replace(">evil<", ">&e;<"), "&e;").await;
    still_up_and_nothing_written(&app).await;
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    let app = common::start_on_sqlite(&[("GATEWAY_BODY_LIMIT", "4096")]);
    let padding = "x".repeat(8192);
    let big = evil().replace("First evil", &padding);
    let (status, ct, body) = post_raw(&app, big).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(ct, "text/xml; charset=utf-8");
    let (code, message) = fault_of(&body);
    assert_eq!(code, "Client");
    assert!(message.contains("larger than"), "{message}");
    // under the limit the same server works
    let (status, _, _) = post_raw(&app, evil()).await;
    assert_eq!(status, 200);
    let gw = core(&app).await;
    assert!(gw.find_user_by_username("evil").await.unwrap().is_some());
    let health = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn nesting_deeper_than_the_bound() {
    let app = spawn_app().await;
    let deep = format!("{}x{}", "<a>".repeat(200), "</a>".repeat(200));
    let body = evil().replace(">evil<", &format!(">{deep}<"));
    client_fault(&app, body, "Nesting deeper than").await;
    still_up_and_nothing_written(&app).await;
}

#[tokio::test]
async fn unknown_operation_and_missing_envelope() {
    let app = spawn_app().await;
    let unknown = evil().replace("WSUser.CreateUser", "WSUser.CreateEvil");
    client_fault(
        &app,
        unknown,
        "Operation 'WSUser.CreateEvil' is not defined",
    )
    .await;
    client_fault(
        &app,
        "<?xml version=\"1.0\"?><evil/>",
        "Missing SOAP Envelope",
    )
    .await;
    let no_body = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Header/></e:Envelope>"#;
    client_fault(&app, no_body, "Missing SOAP Body").await;
    let empty_body =
        r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>"#;
    client_fault(&app, empty_body, "no operation element").await;
    still_up_and_nothing_written(&app).await;
}

#[tokio::test]
async fn missing_parts_are_empty_then_validated() {
    let app = spawn_app().await;
    // a CreateUser with only the key and a login: no password, so 104
    let parts = [
        s("secret_key", key()),
        s("firstname", "E"),
        s("lastname", "Vil"),
        i("status", 5),
        s("loginname", "evil"),
    ];
    let (code, message) = fault(&app, "WSUser.CreateUser", &parts).await;
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("104", "There was an error creating the user")
    );
    // no parts at all: the key is empty, fault 1
    let (code, message) = fault(&app, "WSUser.CreateUser", &[]).await;
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("1", "API key is invalid")
    );
    // a lookup without its pair
    let (code, _) = fault(&app, "WSUser.DisableUser", &[s("secret_key", key())]).await;
    assert_eq!(code, "100");
    // a batch without its array answers an empty array
    let body = ok(&app, "WSUser.CreateUsers", &[s("secret_key", key())]).await;
    assert!(
        body.contains(r#"SOAP-ENC:arrayType="tns:user_create_result[0]""#),
        "{body}"
    );
    still_up_and_nothing_written(&app).await;
}

#[tokio::test]
async fn wrong_value_types() {
    let app = spawn_app().await;
    let compound_name = evil().replace(
        r#"<firstname xsi:type="xsd:string">First evil</firstname>"#,
        "<firstname><given>Ev</given><family>Il</family></firstname>",
    );
    client_fault(
        &app,
        compound_name,
        "Part 'firstname' must be a simple value",
    )
    .await;
    let scalar_users = envelope(
        "WSUser.CreateUsers",
        &[s("secret_key", key()), s("users", "evil")],
    );
    client_fault(&app, scalar_users, "Part 'users' must be an array").await;
    // a status that is no number reads as 0, which is no status: the create fails
    let (status, _, body) =
        post_raw(&app, evil().replace(r#"xsd:int">5<"#, r#"xsd:int">abc<"#)).await;
    assert_eq!(status, 500);
    assert_eq!(fault_of(&body).0, "104");
    // batch items of the wrong shape fail alone
    let odd_items = envelope(
        "WSUser.CreateUsers",
        &[s("secret_key", key())],
    )
    .replace(
        "</ns1:WSUser.CreateUsers>",
        r#"<users SOAP-ENC:arrayType="xsd:string[2]" xsi:type="SOAP-ENC:Array"><item>evil</item><item/></users></ns1:WSUser.CreateUsers>"#,
    );
    let (status, _, body) = post_raw(&app, odd_items).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(all(&body, "code"), ["104", "104"]);
    still_up_and_nothing_written(&app).await;
}

#[tokio::test]
async fn invalid_utf8() {
    let app = spawn_app().await;
    let mut bytes = evil().into_bytes();
    let at = String::from_utf8(bytes.clone())
        .unwrap()
        .find("First evil")
        .unwrap();
    bytes[at] = 0xFF;
    bytes[at + 1] = 0xFE;
    client_fault(&app, bytes, "Invalid UTF-8").await;
    still_up_and_nothing_written(&app).await;
}

#[tokio::test]
async fn wrong_key_writes_nothing_on_any_service() {
    let app = spawn_app().await;
    let mut parts = create_user_call("evil", "EVIL-1");
    parts[0] = s("secret_key", key().to_uppercase().replace('A', "B"));
    let (code, message) = fault(&app, "WSUser.CreateUser", &parts).await;
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("1", "API key is invalid")
    );
    // the right key in upper case is accepted
    parts[0] = s("secret_key", key().to_uppercase());
    parts[4] = s("loginname", "upper");
    ok(&app, "WSUser.CreateUser", &parts).await;
    // a key salted with another address is refused
    let other = chamilo_core::passwords::sha1_hex(&format!("10.0.0.1{}", common::SECURITY_KEY));
    let (code, _) = fault(&app, "WSCourse.ListCourses", &[s("secret_key", other)]).await;
    assert_eq!(code, "1");
    // X-Forwarded-For from an untrusted peer changes nothing
    let res = client()
        .get(app.url("/main/webservices/testip.php"))
        .header("X-Forwarded-For", "10.0.0.1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.text().await.unwrap(), "127.0.0.1");
    still_up_and_nothing_written(&app).await;
}
