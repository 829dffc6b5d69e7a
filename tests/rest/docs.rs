//! The Chamilo documentation's examples as written: each `curl --form` call goes out as
//! multipart/form-data, each `curl --location '…?…'` as a GET with that query string, each
//! Guzzle `form_params` call as an urlencoded POST, with exactly the fields shown.

use crate::common::rest::{self, Answer, Rest, ADMIN};

fn ok(label: &str, a: &Answer) -> serde_json::Value {
    let v = a.json();
    assert_eq!(v["error"], false, "{label}: {}", a.body);
    assert_eq!(a.status, 200, "{label}");
    assert_eq!(a.cors, "*", "{label}");
    v["data"].clone()
}

#[tokio::test]
async fn documented_calls_work_as_written() {
    documented_calls(&Rest::start().await).await;
}

/// The same examples over a Chamilo platform's own database. The examples name users 2..4:
/// Chamilo's installer makes its anonymous user 2, so it goes first, as an admin would have
/// it before following the docs literally.
#[tokio::test]
async fn documented_calls_work_over_a_chamilo_platform() {
    let Some(db) = crate::common::chamilo::ChamiloDb::load("bcrypt") else {
        return;
    };
    db.sql(
        "DELETE v FROM extra_field_values v JOIN extra_field f ON f.id = v.field_id \
         WHERE f.extra_field_type = 1 AND v.item_id = 2; \
         DELETE FROM access_url_rel_user WHERE user_id = 2; \
         DELETE FROM user WHERE id = 2; ALTER TABLE user AUTO_INCREMENT = 2",
    );
    documented_calls(&Rest::on(crate::common::start_on_chamilo(&db, &[])).await).await;
}

async fn documented_calls(r: &Rest) {
    let key = r.admin_key.clone();
    let k = key.as_str();
    // the fixture the examples assume: users 2..4, courses 1..3, sessions 1..3, "proyecto"
    r.create_user("mlanoix", "pw").await; // 2
    r.create_user("coach", "pw").await; // 3
    r.create_user("fapple", "pw").await; // 4
    for code in ["C1", "C2", "C3"] {
        r.admin(
            "save_course",
            &[
                ("title", code),
                ("wanted_code", code),
                ("remove_campus_id_from_wanted_code", "1"),
                ("extra_proyecto", "001"),
            ],
        )
        .await;
    }
    for name in ["S1", "S2", "S3"] {
        r.admin("save_session", &[("name", name)]).await;
    }
    r.admin("update_user_from_username", &[("loginname", "mlanoix")])
        .await;
    r.admin(
        "save_user",
        &[
            ("loginname", "p1"),
            ("password", "pw"),
            ("firstname", "P"),
            ("lastname", "One"),
            ("status", "5"),
            ("extra[0][field_name]", "proyecto"),
            ("extra[0][field_value]", "001"),
        ],
    )
    .await;

    // authenticate (curl and Guzzle)
    let d = ok(
        "authenticate curl",
        &r.curl_form(&[
            ("action", "authenticate"),
            ("username", ADMIN),
            ("password", rest::ADMIN_PASSWORD),
        ])
        .await,
    );
    assert_eq!(d["apiKey"], k);
    ok(
        "authenticate guzzle",
        &r.form(&[
            ("action", "authenticate"),
            ("username", ADMIN),
            ("password", rest::ADMIN_PASSWORD),
        ])
        .await,
    );

    ok(
        "user_courses",
        &r.curl_form(&[
            ("action", "user_courses"),
            ("username", ADMIN),
            ("api_key", k),
        ])
        .await,
    );
    let d = ok(
        "users_profiles_by_extra_field",
        &r.curl_form(&[
            ("action", "users_profiles_by_extra_field"),
            ("username", ADMIN),
            ("api_key", k),
            ("field_name", "proyecto"),
            ("field_value", "001"),
        ])
        .await,
    );
    assert_eq!(d["5"]["username"], "p1", "{d}");
    let d = ok(
        "courses_details_by_extra_field",
        &r.curl_form(&[
            ("action", "courses_details_by_extra_field"),
            ("username", ADMIN),
            ("api_key", k),
            ("user_id", "71"),
            ("field_name", "proyecto"),
            ("field_value", "001"),
        ])
        .await,
    );
    assert_eq!(d["1"]["count_visible_tests"], 0, "{d}");
    let d = ok(
        "get_users_api_keys",
        &r.get(&format!(
            "api_key={k}&username={ADMIN}&action=get_users_api_keys"
        ))
        .await,
    );
    assert_eq!(d["total"], 5);
    let d = ok(
        "get_user_api_key",
        &r.get(&format!(
            "api_key={k}&username={ADMIN}&action=get_user_api_key&user=fapple"
        ))
        .await,
    );
    assert_eq!(d["username"], "fapple");
    ok(
        "get_user_last_connexion",
        &r.get(&format!(
            "api_key={k}&username={ADMIN}&action=get_user_last_connexion&user=fapple"
        ))
        .await,
    );
    ok(
        "get_user_total_connexion_time",
        &r.get(&format!(
            "api_key={k}&username={ADMIN}&action=get_user_total_connexion_time&user=fapple"
        ))
        .await,
    );
    let d = ok(
        "course_info",
        &r.curl_form(&[
            ("action", "course_info"),
            ("username", ADMIN),
            ("api_key", k),
            ("course", "1"),
        ])
        .await,
    );
    assert_eq!(d["id"], 1);
    ok(
        "course_descriptions",
        &r.curl_form(&[
            ("action", "course_descriptions"),
            ("username", ADMIN),
            ("api_key", k),
            ("course", "1"),
        ])
        .await,
    );
    let d = ok(
        "user_profile",
        &r.curl_form(&[
            ("action", "user_profile"),
            ("username", ADMIN),
            ("api_key", k),
        ])
        .await,
    );
    assert_eq!(d["username"], ADMIN);

    let d = ok(
        "save_session curl",
        &r.curl_form(&[
            ("action", "save_session"),
            ("api_key", k),
            ("username", ADMIN),
            ("name", "Session api test"),
            ("coach_username", "3"),
            ("access_start_date", "2020-09-10 00:00:00"),
            ("access_end_date", "2026-09-10 00:00:00"),
            ("description", "Session api description"),
        ])
        .await,
    );
    assert_eq!(d["id_session"], 4);
    ok(
        "save_session guzzle",
        &r.form(&[
            ("action", "save_session"),
            ("username", ADMIN),
            ("api_key", k),
            ("name", "Test Session"),
            ("coach_username", "1"),
            ("access_start_date", "2020-01-15 15:00:00"),
            ("access_end_date", "2021-01-15 15:00:00"),
            ("description", "My complete text description of the session"),
            ("extra[0][extra_Price]", "200"),
        ])
        .await,
    );
    let d = ok(
        "update_session curl",
        &r.curl_form(&[
            ("action", "update_session"),
            ("api_key", k),
            ("username", ADMIN),
            ("session_id", "2"),
            ("reset", "0"),
            ("name", "updated session name"),
            ("id_coach", "3"),
            ("access_start_date", "2020-09-10 00:00:00"),
            ("access_end_date", "2026-09-10 00:00:00"),
            ("description", "Session api description updated"),
        ])
        .await,
    );
    assert_eq!(d["id_session"], "2");
    ok(
        "update_session guzzle",
        &r.form(&[
            ("action", "update_session"),
            ("username", ADMIN),
            ("api_key", k),
            ("session_id", "2"),
            ("reset", "0"),
            ("name", "updated session name"),
            ("id_coach", "3"),
            ("access_start_date", "2020-01-15 15:00:00"),
            ("access_end_date", "2021-01-15 15:00:00"),
            (
                "description",
                "My complete updated text description of the session",
            ),
            ("extra[0][extra_Price]", "200"),
        ])
        .await,
    );

    let d = ok(
        "get_users",
        &r.get(&format!(
            "action=get_users&username={ADMIN}&api_key={k}&status=5&extra_fields=timezone,skype"
        ))
        .await,
    );
    assert_eq!(d.as_array().unwrap().len(), 4, "{d}");
    let d = ok(
        "get_sessions",
        &r.curl_form(&[
            ("action", "get_sessions"),
            ("username", ADMIN),
            ("api_key", k),
            ("id_campus", "1"),
        ])
        .await,
    );
    assert_eq!(d.as_array().unwrap().len(), 5);
    let d = ok(
        "add_courses_session curl",
        &r.curl_form(&[
            ("action", "add_courses_session"),
            ("username", ADMIN),
            ("api_key", k),
            ("id_session", "1"),
            ("list_courses[]", "1"),
            ("list_courses[]", "2"),
            ("list_courses[]", "3"),
            ("import_assignments", "1"),
        ])
        .await,
    );
    assert_eq!(d["status"], true);
    ok(
        "add_courses_session guzzle",
        &r.form(&[
            ("action", "add_courses_session"),
            ("username", ADMIN),
            ("api_key", k),
            ("id_session", "1"),
            ("import_assignments", "1"),
            ("list_courses[0]", "1"),
            ("list_courses[1]", "2"),
            ("list_courses[2]", "3"),
        ])
        .await,
    );
    let d = ok(
        "add_users_session curl",
        &r.curl_form(&[
            ("action", "add_users_session"),
            ("username", ADMIN),
            ("api_key", k),
            ("id_session", "1"),
            ("list_users[]", "2"),
            ("list_users[]", "3"),
            ("list_users[]", "4"),
        ])
        .await,
    );
    assert_eq!(d["message"], "Users added");
    ok(
        "add_users_session guzzle",
        &r.form(&[
            ("action", "add_users_session"),
            ("username", ADMIN),
            ("api_key", k),
            ("id_session", "1"),
            ("list_users[0]", "5"),
            ("list_users[1]", "6"),
            ("list_users[2]", "7"),
        ])
        .await,
    );
    let d = ok(
        "get_users_subscribed_to_session",
        &r.curl_form(&[
            ("action", "get_users_subscribed_to_session"),
            ("username", ADMIN),
            ("api_key", k),
            ("id_session", "1"),
            ("move_info", "1"),
        ])
        .await,
    );
    assert_eq!(d.as_array().unwrap().len(), 4, "{d}");
    assert!(d[0].get("moved_to").is_some());
    let d = ok(
        "unsubscribe_users_from_session",
        &r.curl_form(&[
            ("action", "unsubscribe_users_from_session"),
            ("username", ADMIN),
            ("api_key", k),
            ("id_session", "1"),
            ("list_users[]", "2"),
            ("list_users[]", "3"),
            ("list_users[]", "4"),
        ])
        .await,
    );
    assert_eq!(d["message"], "User is now unsubscribed");
    ok(
        "user_sessions",
        &r.curl_form(&[
            ("action", "user_sessions"),
            ("username", ADMIN),
            ("api_key", k),
        ])
        .await,
    );
    let d = ok(
        "create_session_from_model",
        &r.curl_form(&[
            ("action", "create_session_from_model"),
            ("username", ADMIN),
            ("api_key", k),
            ("model_session_id", "3"),
            ("sessionName", "A new session"),
            ("startDate", "2021-12-22 22:00:00"),
            ("endDate", "2022-01-22 22:00:00"),
        ])
        .await,
    );
    assert!(d[0].is_i64());
    let d = ok(
        "update_user_from_username curl",
        &r.curl_form(&[
            ("action", "update_user_from_username"),
            ("username", ADMIN),
            ("api_key", k),
            ("loginName", "mlanoix"),
            ("firstname", "new firstname"),
            ("lastname", "new lastname"),
            ("status", "1"),
            ("email", "new_email@test.com"),
            ("active", "1"),
            ("address", "new address"),
            ("profile_completed", "1"),
            ("official_code", "new_official_code"),
            ("expiration_date", "2026-10-06 00:00:00"),
            ("teach", "teach as"),
        ])
        .await,
    );
    assert_eq!(d, serde_json::json!([true]));
    r.admin(
        "save_user",
        &[
            ("loginname", "TestUser"),
            ("password", "pw"),
            ("firstname", "T"),
            ("lastname", "U"),
            ("status", "5"),
            ("extra[0][field_name]", "age"),
            ("extra[0][field_value]", "1"),
        ],
    )
    .await;
    ok(
        "update_user_from_username guzzle",
        &r.form(&[
            ("action", "update_user_from_username"),
            ("username", ADMIN),
            ("api_key", k),
            ("loginName", "TestUser"),
            ("firstname", "Test User"),
            ("lastname", "Chamilo"),
            ("status", "5"),
            ("email", "testuser@example.com"),
            ("active", "1"),
            ("extra[field_name]", "age"),
            ("extra[field_value]", "35"),
            ("language", "english"),
            ("expiration_date", "2025-12-31 23:59:59"),
        ])
        .await,
    );
    let d = ok(
        "username_exist",
        &r.curl_form(&[
            ("action", "username_exist"),
            ("username", ADMIN),
            ("api_key", k),
            ("loginname", "mlanoix"),
        ])
        .await,
    );
    assert_eq!(d, serde_json::json!([true]));
    let d = ok(
        "save_user guzzle",
        &r.form(&[
            ("action", "save_user"),
            ("username", ADMIN),
            ("api_key", k),
            ("firstname", "Test User"),
            ("lastname", "Chamilo"),
            ("status", "5"),
            ("email", "testuser@example.com"),
            ("loginname", "restuser"),
            ("password", "restuser"),
            ("original_user_id_name", "myplatform_user_id"),
            ("original_user_id_value", "1234"),
            ("extra[0][field_name]", "age"),
            ("extra[0][field_value]", "29"),
            ("language", "english"),
        ])
        .await,
    );
    assert!(d[0].is_i64());

    // update_user_apikey: the documented raw urlencoded body
    let user_key = r.authenticate("restuser", "restuser").await;
    let id = d[0].as_i64().unwrap();
    let body = format!("action=update_user_apikey&username=restuser&api_key={user_key}&user_id={id}&current_api_key={user_key}");
    let d = ok(
        "update_user_apikey",
        &r.form_raw("", body.into_bytes()).await,
    );
    assert_ne!(d["api_key"], user_key.as_str());
}
