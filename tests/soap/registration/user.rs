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
