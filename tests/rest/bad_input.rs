//! Bad input, one test each: the answer is an error envelope (HTTP 200, or 413 for an
//! oversized body), the server stays up, and nothing is written.

use crate::common::rest::{self, Rest, ADMIN};

const NOT_ALLOWED: &str = "You are not allowed to see this page. Either your connection has expired or you are trying to access a page for which you do not have the sufficient privileges.";

fn error(a: &rest::Answer) -> String {
    assert_eq!(a.status, 200, "{}", a.body);
    let v = a.json();
    assert_eq!(v["error"], true, "{}", a.body);
    assert!(v.get("data").is_none());
    v["message"].as_str().unwrap().to_owned()
}

async fn still_up(r: &Rest) {
    let a = r.admin("user_profile", &[]).await;
    assert_eq!(a.json()["error"], false, "{}", a.body);
}

#[tokio::test]
async fn missing_api_key() {
    let r = Rest::start().await;
    for action in [
        "user_profile",
        "save_user",
        "get_courses",
        "logout",
        "gcm_id",
    ] {
        let a = r.form(&[("action", action), ("username", ADMIN)]).await;
        assert_eq!(error(&a), "Invalid API key", "{action}");
    }
}

#[tokio::test]
async fn wrong_api_key() {
    let r = Rest::start().await;
    // Change the last character to one it is not, so the key is never accidentally right.
    let last = if r.admin_key.ends_with('0') { '1' } else { '0' };
    let almost = format!("{}{last}", &r.admin_key[..31]);
    for key in [
        almost.as_str(),
        "0e123",
        "0",
        "x",
        &r.admin_key.to_uppercase(),
    ] {
        let a = r.call(ADMIN, key, "user_profile", &[]).await;
        assert_eq!(error(&a), "Invalid API key", "{key}");
    }
}

#[tokio::test]
async fn non_admin_calling_admin_actions() {
    let r = Rest::start().await;
    r.create_user("student", "pw-s").await;
    let key = r.authenticate("student", "pw-s").await;
    for action in [
        "save_user",
        "save_user_json",
        "save_user_get_apikey",
        "delete_user",
        "get_users",
        "users_profiles_by_extra_field",
        "get_users_api_keys",
        "get_user_api_key",
        "get_courses",
        "get_courses_from_extra_field",
        "courses_details_by_extra_field",
        "save_course",
        "delete_course",
        "get_sessions",
        "get_session_from_extra_field",
        "save_session",
        "update_session",
        "create_session_from_model",
        "add_courses_session",
        "unsubscribe_users_from_session",
        "get_users_subscribed_to_session",
        "get_users_subscribed_to_course",
    ] {
        let a = r
            .call(
                "student",
                &key,
                action,
                &[
                    ("loginname", "hacker"),
                    ("password", "x"),
                    ("firstname", "h"),
                    ("lastname", "h"),
                    ("status", "5"),
                    ("user_id", "1"),
                    ("title", "T"),
                    ("name", "N"),
                ],
            )
            .await;
        assert_eq!(error(&a), NOT_ALLOWED, "{action}");
    }
    let exists = r.admin("username_exist", &[("loginname", "hacker")]).await;
    assert_eq!(exists.body, r#"{"error":false,"data":[false]}"#);
    let courses = r.admin("get_courses", &[]).await;
    assert_eq!(courses.body, r#"{"error":false,"data":[]}"#);
}

#[tokio::test]
async fn unknown_action() {
    let r = Rest::start().await;
    for action in [
        "",
        "user-profile",
        "view_my_courses_x",
        "authenticate ",
        "%00",
    ] {
        let a = r.admin(action, &[]).await;
        assert_eq!(error(&a), "Invalid action", "{action:?}");
    }
    let a = r.form_raw("action[]=user_profile", Vec::new()).await;
    assert_eq!(error(&a), "Invalid action");
}

#[tokio::test]
async fn missing_required_parameters() {
    let r = Rest::start().await;
    let cases: &[(&str, &str)] = &[
        ("username_exist", "No data available"),
        ("users_profiles_by_extra_field", "No data available"),
        ("save_user", "User not registered."),
        ("save_user_json", "No data available"),
        ("get_user_api_key", "No data available"),
        ("get_user_last_connexion", "No data available"),
        ("update_user_apikey", NOT_ALLOWED),
        ("get_session_from_extra_field", "No data available"),
        ("update_session", "No data available"),
        ("create_session_from_model", "No data available"),
        (
            "subscribe_user_to_session_from_username",
            "No data available",
        ),
        ("course_info", "This course could not be found"),
        ("course_descriptions", "This course could not be found"),
        (
            "get_users_subscribed_to_course",
            "This course could not be found",
        ),
        ("delete_course", "Course doesn't exists"),
        ("save_session", "A name is required for the session"),
        ("get_courses_from_extra_field", " not found"),
        ("courses_details_by_extra_field", " not found"),
    ];
    for (action, message) in cases {
        let a = r.admin(action, &[]).await;
        assert_eq!(error(&a), *message, "{action}");
    }
    // answered with data, not an error
    for (action, body) in [
        ("delete_user", r#"{"error":false,"data":{"status":false}}"#),
        (
            "add_courses_session",
            r#"{"error":false,"data":{"status":false,"message":"An error occurred."}}"#,
        ),
        (
            "get_users_subscribed_to_session",
            r#"{"error":false,"data":[]}"#,
        ),
        (
            "subscribe_user_to_course",
            r#"{"error":false,"data":[false]}"#,
        ),
        ("get_users", r#"{"error":false,"data":[]}"#),
    ] {
        assert_eq!(r.admin(action, &[]).await.body, body, "{action}");
    }
    still_up(&r).await;
}

#[tokio::test]
async fn arrays_where_scalars_are_expected_and_the_reverse() {
    let r = Rest::start().await;
    r.admin("save_session", &[("name", "S")]).await;
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("username_exist", &[("loginname[]", "admin")]),
        (
            "save_user",
            &[
                ("loginname", "arr"),
                ("password", "x"),
                ("firstname[]", "A"),
                ("lastname", "B"),
                ("status", "5"),
            ],
        ),
        (
            "save_user",
            &[
                ("loginname", "arr"),
                ("password", "x"),
                ("firstname", "A"),
                ("lastname", "B"),
                ("status", "5"),
                ("extra", "age"),
            ],
        ),
        (
            "save_user",
            &[
                ("loginname", "arr"),
                ("password", "x"),
                ("firstname", "A"),
                ("lastname", "B"),
                ("status", "5"),
                ("extra[]", "age"),
            ],
        ),
        ("save_user_json", &[("json[]", "{}")]),
        ("save_user_json", &[("json", "5")]),
        (
            "update_user_from_username",
            &[("loginname", "admin"), ("firstname[]", "x")],
        ),
        (
            "update_user_from_username",
            &[("loginname", "admin"), ("extra", "x")],
        ),
        ("update_user_from_username", &[("loginname[]", "admin")]),
        (
            "add_users_session",
            &[("id_session", "1"), ("list_users", "1")],
        ),
        (
            "unsubscribe_users_from_session",
            &[("id_session", "1"), ("list_users", "1")],
        ),
        (
            "add_courses_session",
            &[("id_session", "1"), ("list_courses", "1")],
        ),
        (
            "add_courses_session",
            &[("id_session", "1"), ("list_courses[0][]", "1")],
        ),
        ("course_descriptions", &[("course", "0"), ("fields", "x")]),
        ("save_session", &[("name", "T"), ("extra", "x")]),
        ("save_session", &[("name[]", "T")]),
        ("update_session", &[("session_id[]", "1")]),
        (
            "get_session_from_extra_field",
            &[("field_name[]", "a"), ("field_value", "b")],
        ),
        (
            "subscribe_user_to_course",
            &[("course_id[]", "1"), ("user_id", "1")],
        ),
        (
            "subscribe_user_to_session_from_username",
            &[("sessionId", "1"), ("loginname[]", "admin")],
        ),
        ("save_course", &[("title[]", "x")]),
        ("save_course", &[("title", "x"), ("extra_code[]", "x")]),
        (
            "create_session_from_model",
            &[
                ("modelSessionId", "1"),
                ("sessionName", "N"),
                ("startDate", "2030-01-01"),
                ("endDate", "2030-02-01"),
                ("extraFields", "x"),
            ],
        ),
        ("delete_user", &[("user_id[]", "1")]),
    ];
    for (action, fields) in cases {
        let a = r.admin(action, fields).await;
        let message = error(&a);
        let expected = if *action == "course_descriptions" {
            "This course could not be found"
        } else {
            "No data available"
        };
        assert_eq!(message, expected, "{action} {fields:?}");
    }
    // api_key or username as arrays count as absent
    let a = r
        .form(&[
            ("action", "user_profile"),
            ("username[]", ADMIN),
            ("api_key", &r.admin_key),
        ])
        .await;
    assert_eq!(error(&a), "Invalid API key");
    let users = r.admin("get_users", &[("status", "*")]).await.json();
    assert_eq!(
        users["data"].as_array().unwrap().len(),
        1,
        "nothing created"
    );
    let sessions = r.admin("get_sessions", &[]).await.json();
    assert_eq!(
        sessions["data"].as_array().unwrap().len(),
        1,
        "nothing created"
    );
    still_up(&r).await;
}

/// (action, fields, expected message)
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

#[tokio::test]
async fn invalid_dates() {
    let r = Rest::start().await;
    r.admin("save_session", &[("name", "S")]).await;
    let cases: &[Case] = &[
        (
            "save_session",
            &[("name", "A"), ("access_start_date", "2024-02-30 00:00:00")],
            "Invalid start date was given.",
        ),
        (
            "save_session",
            &[
                ("name", "A"),
                ("access_start_date", "2024-01-01 00:00:00"),
                ("access_end_date", "31/12/2024"),
            ],
            "Invalid end date was given.",
        ),
        (
            "save_session",
            &[("name", "A"), ("access_start_date", "2024-01-01 25:00:00")],
            "Invalid start date was given.",
        ),
        (
            "save_session",
            &[
                ("name", "A"),
                ("access_start_date", "2025-01-01 00:00"),
                ("access_end_date", "2024-01-01 00:00"),
            ],
            "The first date should be before the end date",
        ),
        (
            "update_session",
            &[("session_id", "1"), ("access_end_date", "tomorrow")],
            "Invalid date",
        ),
        (
            "update_session",
            &[
                ("session_id", "1"),
                ("display_start_date", "2024-13-01 00:00"),
            ],
            "Invalid date",
        ),
        (
            "update_session",
            &[
                ("session_id", "1"),
                ("coach_access_start_date", "2024-01-02 00:00"),
                ("coach_access_end_date", "2024-01-01 00:00"),
            ],
            "Invalid date",
        ),
        (
            "save_user",
            &[
                ("loginname", "d"),
                ("password", "x"),
                ("firstname", "A"),
                ("lastname", "B"),
                ("status", "5"),
                ("expiration_date", "0000-99-99"),
            ],
            "User not registered.",
        ),
        (
            "update_user_from_username",
            &[("loginname", "admin"), ("expiration_date", "someday")],
            "Invalid date",
        ),
        (
            "update_user_from_username",
            &[("loginname", "admin"), ("registration_date", "2024-01-01")],
            "Invalid date",
        ),
        (
            "create_session_from_model",
            &[
                ("modelSessionId", "1"),
                ("sessionName", "N"),
                ("startDate", "2030-01-01"),
                ("endDate", "never"),
            ],
            "Invalid end date was given.",
        ),
        (
            "create_session_from_model",
            &[
                ("modelSessionId", "1"),
                ("sessionName", "N"),
                ("startDate", "2030-02-01"),
                ("endDate", "2030-01-01"),
            ],
            "The first date should be before the end date",
        ),
    ];
    for (action, fields, message) in cases {
        let a = r.admin(action, fields).await;
        assert_eq!(error(&a), *message, "{action} {fields:?}");
    }
    let sessions = r.admin("get_sessions", &[]).await;
    assert_eq!(
        sessions.json()["data"].as_array().unwrap().len(),
        1,
        "{}",
        sessions.body
    );
    assert!(r
        .admin("username_exist", &[("loginname", "d")])
        .await
        .body
        .contains("false"));
    still_up(&r).await;
}

#[tokio::test]
async fn sql_metacharacters_and_html_are_stored_and_returned_as_sent() {
    let r = Rest::start().await;
    let nasty = [
        "Robert'); DROP TABLE user;--",
        "<script>alert(\"x\")</script>",
        "a\\b%_' OR '1'='1",
        "Zoë & <b>Ünïcode</b> /slash/ \u{1F600}",
    ];
    for (i, text) in nasty.iter().enumerate() {
        let login = format!("nasty{i}");
        let a = r
            .admin(
                "save_user",
                &[
                    ("loginname", &login),
                    ("password", text),
                    ("firstname", text),
                    ("lastname", text),
                    ("status", "5"),
                    ("phone", text),
                    ("original_user_id_name", "ext"),
                    ("original_user_id_value", text),
                    ("extra[0][field_name]", "note"),
                    ("extra[0][field_value]", text),
                ],
            )
            .await;
        let id = a.json()["data"][0]
            .as_i64()
            .unwrap_or_else(|| panic!("{text}: {}", a.body));
        let users = r
            .admin(
                "users_profiles_by_extra_field",
                &[("field_name", "ext"), ("field_value", text)],
            )
            .await
            .json();
        let p = &users["data"][id.to_string()];
        assert_eq!(p["fullName"], format!("{text} {text}"), "{users}");
        assert_eq!(p["phone"], *text);
        let key = r.authenticate(&login, text).await;
        let me = r.call(&login, &key, "user_profile", &[]).await.json();
        assert_eq!(me["data"]["extra"][1]["value"], *text, "{me}");
        r.admin(
            "update_user_from_username",
            &[
                ("loginname", &login),
                ("address", text),
                ("official_code", text),
            ],
        )
        .await;
        let me = r.call(&login, &key, "user_profile", &[]).await.json();
        assert_eq!(me["data"]["officialCode"], *text);

        let c = r
            .admin("save_course", &[("title", text), ("extra_ref", text)])
            .await
            .json();
        assert_eq!(c["data"]["title_course"], *text, "{c}");
        let found = r
            .admin(
                "get_courses_from_extra_field",
                &[
                    ("extra_field_variable", "ref"),
                    ("extra_field_value", text),
                    ("id_campus", "1"),
                ],
            )
            .await
            .json();
        assert_eq!(found["data"][0]["title"], *text, "{found}");

        let name = format!("{text} {i}");
        let s = r
            .admin(
                "save_session",
                &[
                    ("name", &name),
                    ("description", text),
                    ("extra[extra_tag]", text),
                ],
            )
            .await;
        assert_eq!(s.json()["error"], false, "{}", s.body);
        let sid = r
            .admin(
                "get_session_from_extra_field",
                &[("field_name", "tag"), ("field_value", text)],
            )
            .await
            .json();
        let sessions = r.admin("get_sessions", &[]).await.json();
        let wanted = sid["data"][0].to_string();
        let row = sessions["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == wanted.as_str())
            .unwrap_or_else(|| panic!("{sid} {sessions}"))
            .clone();
        assert_eq!(row["name"], name);
    }
    // the JSON bytes escape as PHP does
    let a = r
        .admin(
            "users_profiles_by_extra_field",
            &[("field_name", "ext"), ("field_value", nasty[3])],
        )
        .await;
    assert!(
        a.body
            .contains(r#"Zo\u00eb & <b>\u00dcn\u00efcode<\/b> \/slash\/ \ud83d\ude00"#),
        "{}",
        a.body
    );
    still_up(&r).await;
}

#[tokio::test]
async fn oversized_body_is_413_with_an_envelope() {
    let app = rest::start_on_sqlite(&[("GATEWAY_BODY_LIMIT", "4096")]);
    let r = Rest::on(app).await;
    let big = format!("action=save_user&username=admin&api_key={}&loginname=big&password=x&firstname={}&lastname=B&status=5", r.admin_key, "a".repeat(8192));
    let a = r.form_raw("", big.into_bytes()).await;
    assert_eq!(a.status, 413);
    assert_eq!(a.content_type, "application/json");
    assert_eq!(a.cors, "*");
    assert_eq!(
        a.body,
        r#"{"error":true,"message":"Request body too large"}"#
    );
    assert!(r
        .admin("username_exist", &[("loginname", "big")])
        .await
        .body
        .contains("false"));
    still_up(&r).await;
}

#[tokio::test]
async fn invalid_utf8_is_refused_and_nothing_is_written() {
    let r = Rest::start().await;
    let body = format!("action=save_user&username=admin&api_key={}&loginname=bad&password=x&firstname=%FF%FE&lastname=B&status=5", r.admin_key);
    let a = r.form_raw("", body.into_bytes()).await;
    assert_eq!(
        error(&a),
        r#"invalid UTF-8 in the request body (parameter "firstname")"#
    );
    let mut raw = format!("action=save_user&username=admin&api_key={}&loginname=bad2&password=x&lastname=B&status=5&firstname=", r.admin_key).into_bytes();
    raw.extend_from_slice(&[0xC3, 0x28]);
    let a = r.form_raw("", raw).await;
    error(&a);
    let a = r.get("action=user_profile&username=adm%C0in").await;
    error(&a);
    for login in ["bad", "bad2"] {
        assert!(r
            .admin("username_exist", &[("loginname", login)])
            .await
            .body
            .contains("false"));
    }
    still_up(&r).await;
}

/// A value the gateway refuses is answered with a message that names it and why, never
/// `No data available` (which the original keeps for missing input). Each of these answered
/// `No data available` before; nothing is written.
#[tokio::test]
async fn refused_values_are_named() {
    let r = Rest::start().await;
    let id = r.create_user("picky", "pw-p").await.to_string();
    let key = r.authenticate("picky", "pw-p").await;
    r.admin("add_group", &[("name", "Class A")]).await;
    let long = "x".repeat(300);
    let cases: &[Case] = &[
        (
            "update_user_from_username",
            &[("loginname", "picky"), ("status", "2")],
            "Invalid status: unknown status 2",
        ),
        (
            "update_user_from_username",
            &[("loginname", "picky"), ("email", &long)],
            "Invalid email: longer than 255 characters",
        ),
        (
            "update_user_from_username",
            &[("loginname", "picky"), ("new_login_name", "two words")],
            "Invalid username: character ' ' is not allowed",
        ),
        (
            "add_group_sub_user",
            &[("group_id", "1"), ("user_id", &id), ("role", "x")],
            "Invalid role: 'x' is not a relation type (0 to 7)",
        ),
        (
            "get_audit_items",
            &[("event_type", "access_ws_*"), ("limit", "-1")],
            "Invalid limit: '-1' is not a number from 0 up",
        ),
        (
            "update_user_pause_training",
            &[("user_id", &id), ("pause_formation", "yes")],
            "Invalid pause_formation: 'yes' is neither 0 nor 1",
        ),
        (
            "save_user_message",
            &[("receivers[]", "1"), ("subject", " "), ("text", "t")],
            "Invalid subject: must not be empty",
        ),
    ];
    for (action, fields, message) in cases {
        let a = r.admin(action, fields).await;
        assert_eq!(error(&a), *message, "{action} {fields:?}");
    }
    let me = r.call("picky", &key, "user_profile", &[]).await.json();
    assert_eq!(me["data"]["status"], 5, "{me}");
    assert_eq!(me["data"]["username"], "picky", "{me}");
    let sub = r.admin("get_group_sub_users", &[("id", "1")]).await;
    assert_eq!(sub.body, r#"{"error":false,"data":[]}"#);
    let inbox = r.admin("get_count_new_messages", &[]).await.json();
    assert_eq!(inbox["data"]["ms_inbox"], 0, "{inbox}");
    still_up(&r).await;
}
