//! What Chamilo's PHPUnit suite for v2.php (`main/webservices/api/tests/`) checks, against
//! the gateway: SaveUser, UpdateUserFromUsername, UsernameExist, CreateSessionFromModel,
//! GetSessionFromExtraField, SubscribeUserToSessionFromUsername.

use crate::common::rest::Rest;
use serde_json::json;

#[tokio::test]
async fn save_user_returns_the_id_and_stores_fields_and_extras() {
    let r = Rest::start().await;
    let a = r
        .admin(
            "save_user",
            &[
                ("loginname", "testUser1"),
                ("password", "pw-1"),
                ("firstname", "Test"),
                ("lastname", "User"),
                ("email", "test.user@local.test"),
                ("status", "5"),
                ("original_user_id_name", "external_id"),
                ("original_user_id_value", "E-77"),
                ("extra[0][field_name]", "favourite_colour"),
                ("extra[0][field_value]", "blue"),
            ],
        )
        .await;
    let id = a.json()["data"][0].as_i64().expect("[int]");
    let users = r
        .admin(
            "get_users",
            &[
                ("status", "5"),
                ("extra_fields", "favourite_colour,external_id"),
            ],
        )
        .await
        .json();
    assert_eq!(
        users["data"],
        json!([{"id": id.to_string(), "firstname": "Test", "lastname": "User", "email": "test.user@local.test", "username": "testUser1", "active": "1", "favourite_colour": "blue", "external_id": "E-77"}])
    );
    // the password sent is the one that logs in
    r.authenticate("testUser1", "pw-1").await;
}

#[tokio::test]
async fn update_user_from_username_updates_fields_and_extras() {
    let r = Rest::start().await;
    r.admin(
        "save_user",
        &[
            ("loginname", "testUser2"),
            ("password", "xXxxXxxXX"),
            ("firstname", "Initial first name"),
            ("lastname", "Initial last name"),
            ("email", "initial.email@local.test"),
            ("status", "5"),
            ("extra[0][field_name]", "extraUserField"),
            ("extra[0][field_value]", "extra field initial value"),
        ],
    )
    .await;
    let params = [
        ("firstname", "New first name"),
        ("lastname", "New last name"),
        ("status", "1"),
        ("email", "new.address@local.test"),
        ("extra[0][field_name]", "extraUserField"),
        ("extra[0][field_value]", "extra field new value"),
    ];
    let mut with_login = params.to_vec();
    with_login.push(("loginName", "testUser2"));
    let a = r.admin("update_user_from_username", &with_login).await;
    assert_eq!(a.body, r#"{"error":false,"data":[true]}"#);
    let mut unknown = params.to_vec();
    unknown.push(("loginName", "santaClaus"));
    let a = r.admin("update_user_from_username", &unknown).await;
    assert_eq!(a.json()["message"], "User not found.");
    let users = r
        .admin(
            "get_users",
            &[("status", "1"), ("extra_fields", "extraUserField")],
        )
        .await
        .json();
    let u = &users["data"][1];
    assert_eq!(u["firstname"], "New first name", "{users}");
    assert_eq!(u["lastname"], "New last name");
    assert_eq!(u["email"], "new.address@local.test");
    assert_eq!(u["extraUserField"], "extra field new value");
    let a = r
        .admin(
            "update_user_from_username",
            &[("loginname", "testUser2"), ("username_canonical", "x")],
        )
        .await;
    assert_eq!(
        a.body,
        r#"{"error":true,"message":"Unsupported update. 'username_canonical'"}"#
    );
}

#[tokio::test]
async fn username_exist_answers_a_boolean_in_a_list() {
    let r = Rest::start().await;
    r.create_user("existing", "pw").await;
    let yes = r
        .admin("username_exist", &[("loginname", "existing")])
        .await;
    assert_eq!(yes.body, r#"{"error":false,"data":[true]}"#);
    let no = r.admin("username_exist", &[("loginname", "missing")]).await;
    assert_eq!(no.body, r#"{"error":false,"data":[false]}"#);
}

#[tokio::test]
async fn create_session_from_model_copies_courses_and_extra_fields() {
    let r = Rest::start().await;
    for code in ["M1", "M2"] {
        r.admin(
            "save_course",
            &[
                ("title", code),
                ("wanted_code", code),
                ("remove_campus_id_from_wanted_code", "1"),
            ],
        )
        .await;
    }
    r.admin(
        "save_session",
        &[
            ("name", "Model session"),
            ("coach_username", "1"),
            ("description", "model description"),
            ("extra[extra_colour]", "red"),
            ("extra[extra_size]", "L"),
        ],
    )
    .await;
    r.admin(
        "add_courses_session",
        &[
            ("id_session", "1"),
            ("list_courses[]", "2"),
            ("list_courses[]", "1"),
        ],
    )
    .await;
    let a = r
        .admin(
            "create_session_from_model",
            &[
                ("modelSessionId", "1"),
                ("sessionName", "New session from model"),
                ("startDate", "2030-01-01 00:00:00"),
                ("endDate", "2030-12-31 23:59:59"),
                ("extraFields[size]", "XL"),
            ],
        )
        .await;
    assert_eq!(a.body, r#"{"error":false,"data":[2]}"#);
    let sessions = r.admin("get_sessions", &[]).await.json();
    assert_eq!(
        sessions["data"][1],
        json!({"id": "2", "name": "New session from model", "access_start_date": "2030-01-01 00:00:00", "access_end_date": "2030-12-31 23:59:59"})
    );
    let by_colour = r
        .admin(
            "get_session_from_extra_field",
            &[("field_name", "colour"), ("field_value", "red")],
        )
        .await;
    assert_eq!(
        by_colour.json()["message"],
        "More than one session matched."
    );
    let by_size = r
        .admin(
            "get_session_from_extra_field",
            &[("field_name", "size"), ("field_value", "XL")],
        )
        .await;
    assert_eq!(by_size.body, r#"{"error":false,"data":[2]}"#);
    // the model's courses, in the model's order, reach the new session's members
    r.create_user("learner", "pw-l").await;
    r.admin(
        "subscribe_users_to_session",
        &[("id_session", "2"), ("list_users[]", "2")],
    )
    .await;
    let key = r.authenticate("learner", "pw-l").await;
    let mine = r.call("learner", &key, "user_sessions", &[]).await.json();
    let courses: Vec<&str> = mine["data"][0]["sessions"][0]["courses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(courses, ["M2", "M1"]);
    let missing = r
        .admin(
            "create_session_from_model",
            &[
                ("modelSessionId", "77"),
                ("sessionName", "x"),
                ("startDate", "2030-01-01 00:00:00"),
                ("endDate", "2030-12-31 23:59:59"),
            ],
        )
        .await;
    assert_eq!(
        missing.json()["message"],
        "The template session does not exist."
    );
}

#[tokio::test]
async fn get_session_from_extra_field_finds_exactly_one() {
    let r = Rest::start().await;
    r.admin(
        "save_session",
        &[("name", "A"), ("extra[extra_code]", "unique")],
    )
    .await;
    r.admin(
        "save_session",
        &[("name", "B"), ("extra[extra_code]", "twice")],
    )
    .await;
    r.admin(
        "save_session",
        &[("name", "C"), ("extra[extra_code]", "twice")],
    )
    .await;
    let one = r
        .admin(
            "get_session_from_extra_field",
            &[("field_name", "code"), ("field_value", "unique")],
        )
        .await;
    assert_eq!(one.body, r#"{"error":false,"data":[1]}"#);
    let two = r
        .admin(
            "get_session_from_extra_field",
            &[("field_name", "code"), ("field_value", "twice")],
        )
        .await;
    assert_eq!(
        two.body,
        r#"{"error":true,"message":"More than one session matched."}"#
    );
    let none = r
        .admin(
            "get_session_from_extra_field",
            &[("field_name", "code"), ("field_value", "none")],
        )
        .await;
    assert_eq!(
        none.body,
        r#"{"error":true,"message":"No session matched."}"#
    );
}

#[tokio::test]
async fn subscribe_user_to_session_from_username_keeps_existing_members() {
    let r = Rest::start().await;
    r.create_user("first", "pw").await;
    r.create_user("second", "pw").await;
    r.admin("save_session", &[("name", "S")]).await;
    for login in ["first", "second"] {
        let a = r
            .admin(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1"), ("loginname", login)],
            )
            .await;
        assert_eq!(a.body, r#"{"error":false,"data":[true]}"#);
    }
    let members = r
        .admin(
            "get_users_subscribed_to_session",
            &[("id_session", "1"), ("move_info", "0")],
        )
        .await
        .json();
    let names: Vec<&str> = members["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["first", "second"]);
}
