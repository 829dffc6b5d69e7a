//! WSRegistration end to end: users: credentials, lookups, disable/enable/delete (`crates/soap/src/ws_registration/`).

use super::*;

#[tokio::test]
async fn edit_user_credentials_and_get_user() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    // a user known by its external id, created over soap.php (the same core, the same data)
    let ada = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("ada", "R1")).await);
    let k = key();
    let get = |value: &str, key: &str| {
        call(
            "WSGetUser",
            "GetUser",
            "GetUserArg",
            &[
                ("original_user_id_value", value),
                ("original_user_id_name", "external_user_id"),
                ("secret_key", key),
            ],
        )
    };
    let body = snap_raw(&app, "WSGetUser-found", get("R1", &k)).await;
    assert_eq!(text(&body, "user_id").unwrap(), ada.to_string());
    assert_eq!(text(&body, "firstname").unwrap(), "First ada");
    let body = snap_raw(&app, "WSGetUser-unknown", get("nobody", &k)).await;
    assert_eq!(text(&body, "user_id").unwrap_or_default(), "");

    let creds = |value: &str, username: &str, key: &str| {
        call(
            "WSEditUserCredentials",
            "editUserCredentials",
            "editUserCredentials",
            &[
                ("username", username),
                ("secret_key", key),
                ("password", "n3w-pass"),
                ("original_user_id_name", "external_user_id"),
                ("original_user_id_value", value),
            ],
        )
    };
    let body = snap_raw(
        &app,
        "WSEditUserCredentials-ok",
        creds("R1", "ada.renamed", &k),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    let user = gw.get_user(ada).await.unwrap();
    assert_eq!(user.username, "ada.renamed");
    assert!(chamilo_core::passwords::verify("n3w-pass", &user.password).await);
    let body = snap_raw(
        &app,
        "WSEditUserCredentials-unknown",
        creds("nobody", "x", &k),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "0");

    // a wrong key is the original's Server fault, and nothing changes
    let body = snap_raw(
        &app,
        "WSEditUserCredentials-bad-key",
        creds("R1", "hijacked", &"0".repeat(40)),
    )
    .await;
    assert_eq!(
        fault_of(&body),
        (
            "Server".to_owned(),
            "Secret key is not correct or params are not correctly set".to_owned()
        )
    );
    assert_eq!(gw.get_user(ada).await.unwrap().username, "ada.renamed");

    // an operation this endpoint does not serve yet is refused, never run as another
    let body = post_to(
        &app,
        REGISTRATION,
        get("R1", &k).replace("WSGetUser>", "WSNope>"),
    )
    .await
    .2;
    assert_eq!(fault_of(&body).0, "Client");
}

/// WSDisableUsers, WSEnableUsers and WSDeleteUsers: one row per id in input order, `1` done,
/// `0` not; a deleted user's external id is free again (hard delete).
#[tokio::test]
async fn disable_enable_delete_users() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let bob = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("bob", "R2")).await);
    ok(&app, "WSUser.CreateUser", &create_user_call("cyd", "R3")).await;
    let k = key();

    let body = snap_raw(
        &app,
        "WSDisableUsers",
        user_ids("WSDisableUsers", &["R2", "nobody"], &k),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "0"]);
    assert_eq!(all(&body, "original_user_id_value"), ["R2", "nobody"]);
    assert!(!gw.get_user(bob).await.unwrap().active);

    let body = snap_raw(
        &app,
        "WSEnableUsers",
        user_ids("WSEnableUsers", &["R2"], &k),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1"]);
    assert!(gw.get_user(bob).await.unwrap().active);

    let body = snap_raw(
        &app,
        "WSDeleteUsers",
        user_ids("WSDeleteUsers", &["R3", "R3"], &k),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "0"]);
    assert!(gw.find_user_by_username("cyd").await.unwrap().is_none());
    // the external id is free: a new account can take it
    ok(&app, "WSUser.CreateUser", &create_user_call("cyd2", "R3")).await;

    let body = snap_raw(
        &app,
        "WSDisableUsers-bad-key",
        user_ids("WSDisableUsers", &["R2"], &"0".repeat(40)),
    )
    .await;
    assert_eq!(fault_of(&body).0, "Server");
    assert!(gw.get_user(bob).await.unwrap().active);
}

/// WSUpdateUserOriginalIdFromUsername: the value goes into an existing field of the user of
/// that username, who is answered; a field that does not exist is not created; an unknown
/// username answers empty strings (Q12).
#[tokio::test]
async fn update_user_original_id_from_username() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let ola = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("ola", "O1")).await);
    let update = |username: &str, field: &str, value: &str| {
        call(
            "WSUpdateUserOriginalIdFromUsername",
            "WSUpdateUserOriginalIdFromUsername",
            "GetUserArgUsernameWithOriginal",
            &[
                ("username", username),
                ("original_user_id_name", field),
                ("original_user_id_value", value),
                ("secret_key", &k),
            ],
        )
    };
    let body = snap_raw(
        &app,
        "WSUpdateUserOriginalIdFromUsername-ok",
        update("OLA", "external_user_id", "O2"),
    )
    .await;
    assert_eq!(text(&body, "user_id").unwrap(), ola.to_string());
    let by_new = gw
        .resolve(
            ItemType::User,
            chamilo_core::ExternalRef::new("external_user_id", "O2"),
        )
        .await;
    assert_eq!(by_new, Ok(ola));
    let body = post_to(&app, REGISTRATION, update("ola", "no_such_field", "Z"))
        .await
        .2;
    assert_eq!(text(&body, "user_id").unwrap(), ola.to_string());
    assert!(gw
        .find_extra_field(ItemType::User, "no_such_field")
        .await
        .unwrap()
        .is_none());
    let body = snap_raw(
        &app,
        "WSUpdateUserOriginalIdFromUsername-unknown",
        update("nobody", "external_user_id", "O3"),
    )
    .await;
    assert_eq!(text(&body, "user_id").unwrap_or_default(), "");
}

fn by_username(username: &str, key: &str) -> String {
    call(
        "WSGetUserFromUsername",
        "GetUserFromUsername",
        "GetUserArgUsername",
        &[("username", username), ("secret_key", key)],
    )
}

/// WSGetUserFromUsername: the user of that username (case-insensitively) with `extra_fields`,
/// PHP's `json_encode` of its extra-field values as Chamilo 1.11 lists them ({value, variable,
/// field_type, id, display_text} strings, by field; `\/` and `\uXXXX` escapes); empty strings
/// for an unknown username (Q12).
#[tokio::test]
async fn get_user_from_username_with_extra_fields() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let gus = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("gus", "G1")).await);
    gw.set_extras(
        ItemType::User,
        gus,
        &[("city".into(), "Zürich/Nord".into())],
    )
    .await
    .unwrap();
    let ext_field = gw
        .find_extra_field(ItemType::User, "external_user_id")
        .await
        .unwrap()
        .unwrap();
    let city = gw
        .find_extra_field(ItemType::User, "city")
        .await
        .unwrap()
        .unwrap();

    let body = snap_raw(&app, "WSGetUserFromUsername-found", by_username("GUS", &k)).await;
    assert_eq!(text(&body, "user_id").unwrap(), gus.to_string());
    assert_eq!(text(&body, "firstname").unwrap(), "First gus");
    let extra: serde_json::Value =
        serde_json::from_str(&text(&body, "extra_fields").unwrap()).unwrap();
    assert_eq!(
        extra,
        serde_json::json!([
            {"value": "G1", "variable": "external_user_id", "field_type": "1",
             "id": ext_field.id.to_string(), "display_text": ext_field.display_text},
            {"value": "Zürich/Nord", "variable": "city", "field_type": "1",
             "id": city.id.to_string(), "display_text": "city"},
        ])
    );
    // PHP's bytes: escaped slash and non-ASCII
    assert!(body.contains("Z\\u00fcrich\\/Nord"), "{body}");

    let body = snap_raw(
        &app,
        "WSGetUserFromUsername-unknown",
        by_username("nobody", &k),
    )
    .await;
    for member in ["user_id", "firstname", "lastname", "extra_fields"] {
        assert_eq!(text(&body, member).unwrap_or_default(), "", "{member}");
    }
    let body = snap_raw(
        &app,
        "WSGetUserFromUsername-bad-key",
        by_username("gus", &"0".repeat(40)),
    )
    .await;
    assert_eq!(fault_of(&body).0, "Server");
}

fn api_key_call(value: &str, username: &str, key: &str) -> String {
    call(
        "WSUpdateUserApiKey",
        "userApiKey",
        "userApiKey",
        &[
            ("original_user_id_name", "sis_id"),
            ("original_user_id_value", value),
            ("chamilo_username", username),
            ("secret_key", key),
        ],
    )
}

/// WSUpdateUserApiKey: the `dokeos` key of the user holding the external id, created once and
/// then the same; when nobody holds it, `chamilo_username`'s user takes the external id (the
/// field created) and gets its key; `0` for nobody. The key is not v2.php's: v2.php keys
/// belong to its service `MsgREST`, so `user_profile` refuses this one and `authenticate`
/// hands out another.
#[tokio::test]
async fn update_user_api_key_binds_by_username() {
    let r = crate::common::rest::Rest::start().await;
    let app = &r.app;
    let gw = core(app).await;
    let k = key();
    let hal = ret_int(&ok(app, "WSUser.CreateUser", &create_user_call("hal", "H1")).await);
    assert!(gw
        .find_extra_field(ItemType::User, "sis_id")
        .await
        .unwrap()
        .is_none());

    let hide = |body: &str| text(body, "return").unwrap_or_default();
    let body = snap_hiding(
        app,
        "WSUpdateUserApiKey-bind",
        api_key_call("S-1", "HAL", &k),
        hide,
    )
    .await;
    let dokeos = text(&body, "return").unwrap();
    assert_eq!(dokeos.len(), 32, "{body}");
    assert!(dokeos.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(
        gw.resolve(
            ItemType::User,
            chamilo_core::ExternalRef::new("sis_id", "s-1")
        )
        .await,
        Ok(hal)
    );
    // the same key by the external id alone, and it wins over another username
    let body = post_to(app, REGISTRATION, api_key_call("S-1", "", &k))
        .await
        .2;
    assert_eq!(text(&body, "return").unwrap(), dokeos);
    let body = post_to(app, REGISTRATION, api_key_call("S-1", "admin", &k))
        .await
        .2;
    assert_eq!(text(&body, "return").unwrap(), dokeos);

    for (name, username) in [
        ("WSUpdateUserApiKey-nobody", ""),
        ("WSUpdateUserApiKey-unknown-username", "nobody"),
    ] {
        let body = snap_raw(app, name, api_key_call("S-2", username, &k)).await;
        assert_eq!(text(&body, "return").unwrap(), "0");
    }
    let body = snap_raw(
        app,
        "WSUpdateUserApiKey-bad-key",
        api_key_call("S-1", "hal", &"0".repeat(40)),
    )
    .await;
    assert_eq!(fault_of(&body).0, "Server");

    // v2.php: its keys are of service MsgREST; this one does not open it
    let refused = r.call("hal", &dokeos, "user_profile", &[]).await.json();
    assert_eq!(refused["error"], true, "{refused}");
    assert_eq!(refused["message"], "Invalid API key");
    let rest_key = r.authenticate("hal", "secret-pw").await;
    assert_ne!(rest_key, dokeos);
    let profile = r.call("hal", &rest_key, "user_profile", &[]).await.json();
    assert_eq!(profile["error"], false, "{profile}");
    // and authenticating left the dokeos key as it was
    let body = post_to(app, REGISTRATION, api_key_call("S-1", "", &k))
        .await
        .2;
    assert_eq!(text(&body, "return").unwrap(), dokeos);
}
