//! The migration dashboard at `/`, as an admin's browser meets it: log in, read the calls made
//! a moment before over both protocols, look up an external id, log out.

use crate::common::rest::{Rest, ADMIN, ADMIN_PASSWORD};
use crate::common::soap::{create_user_call, ok};

/// A client that shows redirects and keeps no cookies: the test handles the cookie itself.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn log_in(rest: &Rest, username: &str, password: &str) -> reqwest::Response {
    browser()
        .post(rest.app.url("/login"))
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .unwrap()
}

async fn page(rest: &Rest, path: &str, cookie: Option<&str>) -> (u16, String) {
    let mut req = browser().get(rest.app.url(path));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn set_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get("set-cookie")
        .expect("a Set-Cookie header")
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn an_admin_sees_both_protocols_looks_up_an_external_id_and_logs_out() {
    for rest in Rest::start_all_and_platform("bcrypt").await {
        let backend = rest.app.backend;
        // calls a moment before: SOAP creates a student, REST reads the admin's profile
        ok(
            &rest.app,
            "WSUser.CreateUser",
            &create_user_call("dash_student", "DASH-EXT-1"),
        )
        .await;
        let profile = rest.admin("user_profile", &[]).await;
        assert_eq!(profile.status, 200, "{backend}: {}", profile.body);

        let (status, anonymous) = page(&rest, "/", None).await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            anonymous.contains(r#"action="/login""#),
            "{backend}: {anonymous}"
        );
        assert!(!anonymous.contains("Migration dashboard"), "{backend}");

        // a wrong password, and a right one of a user who is no admin, are refused
        for (username, password) in [(ADMIN, "wrong-pw"), ("dash_student", "secret-pw")] {
            let refused = log_in(&rest, username, password).await;
            assert_eq!(refused.status(), 401, "{backend}: {username}");
            assert!(refused.headers().get("set-cookie").is_none(), "{backend}");
        }

        let admitted = log_in(&rest, ADMIN, ADMIN_PASSWORD).await;
        assert_eq!(admitted.status(), 303, "{backend}");
        let set = set_cookie(&admitted);
        for attribute in ["HttpOnly", "SameSite=Strict", "Max-Age=28800", "Path=/"] {
            assert!(
                set.contains(attribute),
                "{backend}: {attribute} missing in {set}"
            );
        }
        let cookie = set.split(';').next().unwrap().to_string();

        let (status, dashboard) = page(&rest, "/", Some(&cookie)).await;
        assert_eq!(status, 200, "{backend}");
        assert!(
            dashboard.contains("Migration dashboard"),
            "{backend}: {dashboard}"
        );
        // SOAP's operation is listed as legacy, both protocols' calls are counted
        let legacy = dashboard
            .split(r#"<ul id="legacy">"#)
            .nth(1)
            .expect("a legacy list");
        let legacy = legacy.split("</ul>").next().unwrap();
        assert!(
            legacy.contains("WSUser.CreateUser</code> — 1 calls"),
            "{backend}: {legacy}"
        );
        assert!(!legacy.contains("user_profile"), "{backend}: {legacy}");
        assert!(
            dashboard.contains("<td>REST</td><td><code>user_profile</code></td><td>1</td>"),
            "{backend}: {dashboard}"
        );
        assert!(
            dashboard.contains("<td>SOAP</td><td><code>WSUser.CreateUser</code></td><td>1</td>"),
            "{backend}: {dashboard}"
        );
        assert!(dashboard.contains("<svg"), "{backend}");
        assert!(
            dashboard.contains(r#"href="/main/webservices/api/reference""#),
            "{backend}"
        );
        // never a key or a password hash (bcrypt's `$2…$`)
        assert!(!dashboard.contains(&rest.admin_key), "{backend}");
        assert!(
            !dashboard.contains(&crate::common::soap::key()),
            "{backend}"
        );
        assert!(!dashboard.contains("$2"), "{backend}");

        let (_, found) = page(
            &rest,
            "/?field=external_user_id&value=dash-ext-1",
            Some(&cookie),
        )
        .await;
        let lookup = found
            .split(r#"<div id="lookup">"#)
            .nth(1)
            .expect("a lookup");
        assert!(
            lookup.contains("<strong>dash_student</strong>"),
            "{backend}: {lookup}"
        );
        assert!(lookup.contains("chamilo_user_id="), "{backend}: {lookup}");
        assert!(!lookup.contains("$2"), "{backend}");
        let (_, missing) = page(&rest, "/?field=external_user_id&value=NOPE", Some(&cookie)).await;
        assert!(
            missing.contains("No user, course or session has"),
            "{backend}"
        );

        // a changed cookie is no session
        let forged = cookie.replacen('=', "=x", 1);
        let (_, refused) = page(&rest, "/", Some(&forged)).await;
        assert!(!refused.contains("Migration dashboard"), "{backend}");

        let out = browser()
            .post(rest.app.url("/logout"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), 303, "{backend}");
        let cleared = set_cookie(&out);
        assert!(
            cleared.starts_with("gw_dashboard=;"),
            "{backend}: {cleared}"
        );
        assert!(cleared.contains("Max-Age=0"), "{backend}: {cleared}");
    }
}

#[tokio::test]
async fn a_password_guessing_loop_at_the_login_is_cut_off() {
    let rest = Rest::on(crate::common::start_on_sqlite(&[
        ("GATEWAY_THROTTLE_MAX_FAILURES", "3"),
        ("GATEWAY_THROTTLE_WINDOW", "300"),
    ]))
    .await;
    for _ in 0..3 {
        assert_eq!(log_in(&rest, ADMIN, "guess").await.status(), 401);
    }
    // from now on even the right password is not checked, until the window passes
    let cut = log_in(&rest, ADMIN, ADMIN_PASSWORD).await;
    assert_eq!(cut.status(), 429);
    assert!(cut.headers().get("set-cookie").is_none());
}
