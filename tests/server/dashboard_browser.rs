//! The migration dashboard in a real headless Chromium, typed into and clicked as an admin does:
//! the login form, a refused password, the overview of calls made a moment before over SOAP and
//! REST, an external id looked up, the logout. Each page is saved as a screenshot under
//! `target/screenshots/` (kept by CI), and none holds a password, a password hash or a key.

use crate::common::browser::Browser;
use crate::common::rest::{Rest, ADMIN, ADMIN_PASSWORD};
use crate::common::soap::{core, create_user_call, key, ok};

const STUDENT: &str = "browser_student";
const EXTERNAL_ID: &str = "BROWSER-EXT-1";
/// The extra field soap.php's CreateUser stores the external id in (`user_id_field_name`).
const EXTERNAL_ID_FIELD: &str = "external_user_id";
const WRONG_PASSWORD: &str = "not-the-admin-pw";
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

#[tokio::test]
async fn an_admin_logs_in_reads_both_protocols_looks_up_an_external_id_and_logs_out_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    for rest in Rest::start_all_and_platform("bcrypt").await {
        // cookies are per host, not per port: each server's walk starts without the last one's
        browser.forget_cookies().await;
        walk_through(&browser, &rest).await;
    }
    browser.close().await;
}

/// What no page may hold, each with what it is (for the failure message).
type Secrets = Vec<(&'static str, String)>;

async fn calls_a_moment_before(rest: &Rest) -> Secrets {
    ok(
        &rest.app,
        "WSUser.CreateUser",
        &create_user_call(STUDENT, EXTERNAL_ID),
    )
    .await;
    let profile = rest.admin("user_profile", &[]).await;
    assert_eq!(
        profile.status, 200,
        "{}: {}",
        rest.app.backend, profile.body
    );

    let gateway = core(&rest.app).await;
    let mut secrets: Secrets = vec![
        ("the admin's password", ADMIN_PASSWORD.to_owned()),
        ("the wrong password typed", WRONG_PASSWORD.to_owned()),
        ("the admin's api key", rest.admin_key.clone()),
        ("the SOAP key", key()),
        ("a bcrypt hash", "$2y$".to_owned()),
        ("a bcrypt hash", "$2b$".to_owned()),
    ];
    for (what, username) in [
        ("the admin's password hash", ADMIN),
        ("the student's password hash", STUDENT),
    ] {
        let user = gateway
            .find_user_by_username(username)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{}: no user {username}", rest.app.backend));
        assert!(!user.password.hash.is_empty(), "{username}'s stored hash");
        secrets.push((what, user.password.hash));
    }
    secrets
}

/// Screenshots the page as `<backend>-<name>` and checks that its source holds no secret.
async fn checkpoint(browser: &Browser, rest: &Rest, secrets: &Secrets, name: &str) {
    let backend = rest.app.backend;
    let path = browser.screenshot(&format!("{backend}-{name}")).await;
    let png = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        png.len() > PNG_SIGNATURE.len() && png.starts_with(PNG_SIGNATURE),
        "{} is no PNG",
        path.display()
    );
    let source = browser.source().await;
    for (what, secret) in secrets {
        assert!(
            !source.contains(secret.as_str()),
            "{backend}: the {name} page holds {what}:\n{source}"
        );
    }
}

async fn shows_the_login_form(browser: &Browser, backend: &str) {
    browser.wait_for(r#"input[name="password"]"#).await;
    assert!(browser.has(r#"input[name="username"]"#).await, "{backend}");
    let text = browser.text().await;
    assert!(text.contains("Log in"), "{backend}: {text}");
    assert!(!text.contains("Log out"), "{backend}: {text}");
    assert!(
        browser.cookies().await.is_empty(),
        "{backend}: a cookie without a session"
    );
}

async fn walk_through(browser: &Browser, rest: &Rest) {
    let backend = rest.app.backend;
    let secrets = calls_a_moment_before(rest).await;

    browser.open(&rest.app.url("/")).await;
    shows_the_login_form(browser, backend).await;
    checkpoint(browser, rest, &secrets, "1-login").await;

    browser.type_into("username", ADMIN).await;
    browser.type_into("password", WRONG_PASSWORD).await;
    browser.click_button("Log in").await;
    browser
        .wait_for_text("body", "Wrong username or password")
        .await;
    shows_the_login_form(browser, backend).await;
    checkpoint(browser, rest, &secrets, "2-refused").await;

    browser.type_into("username", ADMIN).await;
    browser.type_into("password", ADMIN_PASSWORD).await;
    browser.click_button("Log in").await;
    let overview = browser.wait_for_text("body", "WSUser.CreateUser").await;
    assert!(overview.contains("user_profile"), "{backend}: {overview}");
    assert!(
        browser
            .texts("table")
            .await
            .iter()
            .any(|t| t.contains("WSUser.CreateUser") && t.contains("user_profile")),
        "{backend}: no table lists both calls:\n{overview}"
    );
    let cookies = browser.cookies().await;
    assert!(!cookies.is_empty(), "{backend}: logged in without a cookie");
    // a script on the page could not read the session
    assert!(
        cookies.iter().all(|c| c.http_only() == Some(true)),
        "{backend}: {cookies:?}"
    );
    checkpoint(browser, rest, &secrets, "3-overview").await;

    browser.type_into("field", EXTERNAL_ID_FIELD).await;
    browser.type_into("value", EXTERNAL_ID).await;
    browser.click_button("Look up").await;
    browser.wait_for_text("#lookup", STUDENT).await;
    checkpoint(browser, rest, &secrets, "4-lookup").await;

    browser.click_button("Log out").await;
    shows_the_login_form(browser, backend).await;
    checkpoint(browser, rest, &secrets, "5-logged-out").await;

    // the session is gone, not only the page: loaded again, `/` still asks to log in
    browser.reload().await;
    shows_the_login_form(browser, backend).await;
    checkpoint(browser, rest, &secrets, "6-reloaded").await;
}
