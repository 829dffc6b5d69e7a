//! The migration dashboard at `/`, as an admin's browser meets it: log in, read the calls made
//! a moment before over both protocols, look up an external id, log out.

use crate::common::rest::{Rest, ADMIN, ADMIN_PASSWORD};
use crate::common::soap::{create_user_call, fault, ok, s};

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

/// The text of `html` from `start` to the next `end`.
fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .split_once(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"))
        .1;
    from.split(end).next().unwrap()
}

/// A table row starting with these cells.
fn row(cells: &[&str]) -> String {
    let cells: String = cells.iter().map(|c| format!("<td>{c}</td>")).collect();
    format!("<tr>{cells}")
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
        // and calls that end badly: a wrong SOAP key, the same username again, a wrong api key
        let mut wrong_key = create_user_call("dash_other", "DASH-EXT-2");
        wrong_key[0] = s("secret_key", "0".repeat(40));
        fault(&rest.app, "WSUser.CreateUser", &wrong_key).await;
        fault(
            &rest.app,
            "WSUser.CreateUser",
            &create_user_call("dash_student", "DASH-EXT-3"),
        )
        .await;
        let stranger = rest.call(ADMIN, "not-a-key", "user_profile", &[]).await;
        assert!(
            stranger.body.contains(r#""error":true"#),
            "{backend}: {}",
            stranger.body
        );

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
        // SOAP's operation is listed as legacy with its caller; each protocol's calls are
        // counted by operation and outcome, and by client address
        let legacy = section(&dashboard, r#"<ul id="legacy">"#, "</ul>");
        assert!(
            legacy.contains("WSUser.CreateUser</code> (soap.php) — 3 calls"),
            "{backend}: {legacy}"
        );
        assert!(legacy.contains("; from 127.0.0.1"), "{backend}: {legacy}");
        assert!(!legacy.contains("user_profile"), "{backend}: {legacy}");
        let operations = section(&dashboard, r#"<table id="operations""#, "</table>");
        // hour, day, week; refused, faults, errors (week)
        assert!(
            operations.contains(&row(&[
                "v2.php",
                "<code>user_profile</code>",
                "2",
                "2",
                "2",
                "1",
                "0",
                "0"
            ])),
            "{backend}: {operations}"
        );
        assert!(
            operations.contains(&row(&[
                "soap.php",
                "<code>WSUser.CreateUser</code>",
                "3",
                "3",
                "3",
                "1",
                "1",
                "0"
            ])),
            "{backend}: {operations}"
        );
        let clients = section(&dashboard, r#"<table id="clients""#, "</table>");
        assert!(
            clients.contains(&row(&[
                "127.0.0.1",
                "soap.php",
                "<code>WSUser.CreateUser</code>",
                "3",
                "3",
                "3"
            ])),
            "{backend}: {clients}"
        );
        assert!(
            clients.contains(&row(&[
                "127.0.0.1",
                "v2.php",
                "<code>user_profile</code>",
                "2",
                "2",
                "2"
            ])),
            "{backend}: {clients}"
        );
        // the wrong SOAP key was counted by the throttle of this process
        let throttle = section(&dashboard, r#"<table id="throttle">"#, "</table>");
        assert!(
            throttle.contains(&row(&["soap_key", "1"])),
            "{backend}: {throttle}"
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
        // how each protocol names it
        for named in [
            "user_id_field_name=external_user_id, user_id_value=dash-ext-1 (or \
             user_id_field_name=chamilo_user_id, user_id_value=",
            "original_user_id_name=external_user_id, original_user_id_value=dash-ext-1",
            "v2.php: <code>user_id=",
        ] {
            assert!(lookup.contains(named), "{backend}: {named} in {lookup}");
        }
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

/// Behind a trusted proxy each forwarded address is a client of its own; a busy week's client
/// list shows the 200 busiest and says how many more there are.
#[tokio::test]
async fn clients_behind_a_trusted_proxy_are_told_apart_and_the_list_is_cut() {
    const CLIENTS: usize = 205;
    let rest = Rest::on(crate::common::start_on_sqlite(&[(
        "GATEWAY_TRUSTED_PROXIES",
        "127.0.0.1/32",
    )]))
    .await;
    let http = reqwest::Client::new();
    let query = format!(
        "action=user_profile&username={ADMIN}&api_key={}",
        rest.admin_key
    );
    for n in 0..CLIENTS {
        // the first client calls twice: the busiest comes first
        for _ in 0..if n == 0 { 2 } else { 1 } {
            let res = http
                .get(format!("{}?{query}", rest.url()))
                .header("x-forwarded-for", format!("198.51.100.{n}"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
        }
    }
    // two addresses of one IPv6 /64: one client
    for v6 in ["2001:db8:5:6::1", "2001:db8:5:6:ffff::2"] {
        let res = http
            .get(format!("{}?{query}", rest.url()))
            .header("x-forwarded-for", v6)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let admitted = log_in(&rest, ADMIN, ADMIN_PASSWORD).await;
    let cookie = set_cookie(&admitted).split(';').next().unwrap().to_string();
    let (_, dashboard) = page(&rest, "/", Some(&cookie)).await;
    let clients = section(&dashboard, r#"<table id="clients""#, "</table>");
    assert!(
        clients.contains(&row(&[
            "2001:db8:5:6::/64",
            "v2.php",
            "<code>user_profile</code>",
            "2"
        ])),
        "{clients}"
    );
    assert_eq!(clients.matches("<tr>").count(), 1 + 200, "{clients}");
    assert!(
        clients.contains(&row(&[
            "198.51.100.0",
            "v2.php",
            "<code>user_profile</code>",
            "2"
        ])),
        "{clients}"
    );
    // with the IPv6 network and the proxy's own address (the setup's `authenticate`), 207 rows
    assert!(
        dashboard.contains("7 more client rows with fewer calls are not shown"),
        "{dashboard}"
    );
    let operations = section(&dashboard, r#"<table id="operations""#, "</table>");
    assert!(
        operations.contains(&row(&[
            "v2.php",
            "<code>user_profile</code>",
            &(CLIENTS + 3).to_string()
        ])),
        "{operations}"
    );
}

/// Without its table (over a Chamilo database whose user may not CREATE, or a table dropped)
/// the page still serves the throttle and the lookup, and says why the counts are missing.
#[tokio::test]
async fn the_page_says_when_the_call_counts_cannot_be_read() {
    use migration::sea_orm::ConnectionTrait;
    let rest = Rest::start().await;
    let store = chamilo_store::connect(&rest.app.database_url, &Default::default())
        .await
        .unwrap();
    store
        .connection()
        .execute_unprepared("ALTER TABLE gateway_call_count RENAME TO gateway_call_count_gone")
        .await
        .unwrap();
    ok(
        &rest.app,
        "WSUser.CreateUser",
        &create_user_call("dash_lost", "DASH-LOST-1"),
    )
    .await;
    let admitted = log_in(&rest, ADMIN, ADMIN_PASSWORD).await;
    let cookie = set_cookie(&admitted).split(';').next().unwrap().to_string();
    let (status, dashboard) = page(
        &rest,
        "/?field=external_user_id&value=DASH-LOST-1",
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 200, "{dashboard}");
    let unavailable = section(&dashboard, r#"<p id="counts-unavailable""#, "</p>");
    assert!(
        unavailable.contains("The call counts cannot be read"),
        "{unavailable}"
    );
    // the page's own read added this process's gathered counts first: they were lost
    let dropped = section(&dashboard, r#"<p id="counts-dropped""#, "</p>");
    assert!(
        dropped.contains("call-count rows could not be written"),
        "{dropped}"
    );
    assert!(
        dashboard.contains(r#"<table id="throttle">"#),
        "{dashboard}"
    );
    let lookup = section(&dashboard, r#"<div id="lookup">"#, "</div>");
    assert!(lookup.contains("<strong>dash_lost</strong>"), "{lookup}");
}
