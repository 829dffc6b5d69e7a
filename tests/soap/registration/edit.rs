//! WSRegistration end to end: user edits (`crates/soap/src/ws_registration/`).

use super::*;

/// WSEditUser and WSEditUsers: the id of the edited user, or `0` (unknown, inactive without
/// `enable`, username taken); names and password only when given, e-mail and phone as given,
/// extras only for existing fields, active afterwards.
#[tokio::test]
async fn edit_user_and_edit_users() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let lea = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("lea", "E1")).await);
    let max = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("max", "E2")).await);
    ok(
        &app,
        "WSUser.DisableUser",
        &crate::sequence::with_key(crate::sequence::uref("E2")),
    )
    .await;
    let edit = |ext: &str, username: &str, enable: &str| {
        call(
            "WSEditUser",
            "editUser",
            "editUser",
            &[
                ("original_user_id_value", ext),
                ("original_user_id_name", "external_user_id"),
                ("firstname", "Léa"),
                ("lastname", ""),
                ("username", username),
                ("password", ""),
                ("email", "lea@local"),
                ("status", ""),
                ("phone", "555"),
                ("expiration_date", ""),
                ("enable", enable),
                ("language", ""),
                ("secret_key", &k),
            ],
        )
    };
    let body = snap_raw(&app, "WSEditUser-ok", edit("E1", "", "0")).await;
    assert_eq!(text(&body, "return").unwrap(), lea.to_string());
    let user = gw.get_user(lea).await.unwrap();
    assert_eq!(
        (
            user.username.as_str(),
            user.firstname.as_str(),
            user.lastname.as_str()
        ),
        ("lea", "Léa", "Last lea"),
        "an empty username or lastname changes nothing"
    );
    assert_eq!(
        (
            user.email.as_str(),
            user.phone.as_deref().unwrap_or_default()
        ),
        ("lea@local", "555")
    );
    assert!(chamilo_core::passwords::verify("secret-pw", &user.password).await);

    let body = snap_raw(&app, "WSEditUser-0-inactive", edit("E2", "", "0")).await;
    assert_eq!(text(&body, "return").unwrap(), "0");
    assert!(!gw.get_user(max).await.unwrap().active);
    let body = snap_raw(&app, "WSEditUser-enable", edit("E2", "max2", "1")).await;
    assert_eq!(text(&body, "return").unwrap(), max.to_string());
    let back = gw.get_user(max).await.unwrap();
    assert!(back.active);
    assert_eq!(back.username, "max2");
    let body = snap_raw(&app, "WSEditUser-0-username", edit("E1", "max2", "0")).await;
    assert_eq!(text(&body, "return").unwrap(), "0");
    let body = snap_raw(&app, "WSEditUser-0-unknown", edit("nobody", "", "0")).await;
    assert_eq!(text(&body, "return").unwrap(), "0");

    let item = |ext: &str, lastname: &str| {
        format!(
            "<item xsi:type=\"ns1:editUsersParams\"><original_user_id_value xsi:type=\"xsd:string\">\
             {ext}</original_user_id_value><original_user_id_name xsi:type=\"xsd:string\">\
             external_user_id</original_user_id_name><lastname xsi:type=\"xsd:string\">{lastname}\
             </lastname><email xsi:type=\"xsd:string\"></email><phone xsi:type=\"xsd:string\">\
             </phone><status xsi:type=\"xsd:string\">5</status></item>"
        )
    };
    let users = format!(
        "<users SOAP-ENC:arrayType=\"ns1:editUsersParams[2]\" xsi:type=\"ns1:editUsersParamsList\">{}{}</users>",
        item("E1", "Doe"),
        item("nobody", "Roe")
    );
    let request = call(
        "WSEditUsers",
        "editUsers",
        "editUsers",
        &[("secret_key", &k)],
    )
    .replacen("<secret_key", &format!("{users}<secret_key"), 1);
    let body = snap_raw(&app, "WSEditUsers", request).await;
    assert_eq!(all(&body, "result"), [lea.to_string(), "0".to_owned()]);
    assert_eq!(gw.get_user(lea).await.unwrap().lastname, "Doe");
}

/// WSEditUserPasswordCrypted and WSEditUsersPasswordCrypted: `1` done (Q13), `0` refused, or
/// the original's texts about the password and its method.
#[tokio::test]
async fn edit_users_password_crypted() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let ned = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("ned", "P1")).await);
    let edit = |ext: &str, password: &str, method: &str| {
        call(
            "WSEditUserPasswordCrypted",
            "editUserPasswordCrypted",
            "editUserPasswordCrypted",
            &[
                ("original_user_id_value", ext),
                ("original_user_id_name", "external_user_id"),
                ("firstname", "Ned"),
                ("lastname", ""),
                ("username", ""),
                ("password", password),
                ("encrypt_method", method),
                ("email", "ned@example.org"),
                ("status", "5"),
                ("phone", ""),
                ("expiration_date", ""),
                ("secret_key", &k),
            ],
        )
    };
    let body = snap_raw(
        &app,
        "WSEditUserPasswordCrypted-ok",
        edit("P1", MD5_N3W, "md5"),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    let user = gw.get_user(ned).await.unwrap();
    assert!(chamilo_core::passwords::verify("n3w", &user.password).await);
    assert_eq!(user.firstname, "Ned");
    for (name, password, method, answer) in [
        (
            "no-method",
            MD5_N3W,
            "",
            "If password is not empty the encrypt_method param is required ",
        ),
        (
            "no-password",
            "",
            "md5",
            "If encrypt_method is not empty the password param is required ",
        ),
        (
            "not-configured",
            MD5_N3W,
            "sha256",
            "This encryption sha256 is not configured",
        ),
        ("invalid", "xyz", "md5", "Encryption md5 is invalid"),
    ] {
        let body = snap_raw(
            &app,
            &format!("WSEditUserPasswordCrypted-{name}"),
            edit("P1", password, method),
        )
        .await;
        assert_eq!(text(&body, "return").unwrap(), answer, "{name}");
    }
    let body = snap_raw(
        &app,
        "WSEditUserPasswordCrypted-unknown",
        edit("nobody", "", ""),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "0");
    assert!(
        chamilo_core::passwords::verify("n3w", &gw.get_user(ned).await.unwrap().password).await
    );

    let item = |ext: &str| {
        format!(
            "<item xsi:type=\"ns1:editUsersPasswordCryptedParams\"><original_user_id_value \
             xsi:type=\"xsd:string\">{ext}</original_user_id_value><original_user_id_name \
             xsi:type=\"xsd:string\">external_user_id</original_user_id_name><lastname \
             xsi:type=\"xsd:string\">Stark</lastname><email xsi:type=\"xsd:string\"></email></item>"
        )
    };
    let users = format!(
        "<users SOAP-ENC:arrayType=\"ns1:editUsersPasswordCryptedParams[2]\" \
         xsi:type=\"ns1:editUsersPasswordCryptedParamsList\">{}{}</users>",
        item("P1"),
        item("nobody")
    );
    let request = call(
        "WSEditUsersPasswordCrypted",
        "editUsersPasswordCrypted",
        "editUsersPasswordCrypted",
        &[("secret_key", &k)],
    )
    .replacen("<secret_key", &format!("{users}<secret_key"), 1);
    let body = snap_raw(&app, "WSEditUsersPasswordCrypted", request).await;
    assert_eq!(all(&body, "result"), ["1", "0"]);
    assert_eq!(gw.get_user(ned).await.unwrap().lastname, "Stark");
}

/// WSEditUserWithPicture: the id or `0`; an empty status keeps the current one; the picture URL
/// is never fetched.
#[tokio::test]
async fn edit_user_with_picture() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let mut teacher = create_user_call("pia", "W1");
    teacher[3] = i("status", 1);
    let pia = ret_int(&ok(&app, "WSUser.CreateUser", &teacher).await);
    let edit = |ext: &str| {
        call(
            "WSEditUserWithPicture",
            "editUserWithPicture",
            "editUserWithPicture",
            &[
                ("original_user_id_value", ext),
                ("original_user_id_name", "external_user_id"),
                ("firstname", "Pia"),
                ("lastname", ""),
                ("username", ""),
                ("password", ""),
                ("email", "pia@example.org"),
                ("status", ""),
                ("phone", ""),
                ("expiration_date", ""),
                ("secret_key", &k),
                ("picture_url", "http://127.0.0.1:9/never-fetched.png"),
            ],
        )
    };
    let body = snap_raw(&app, "WSEditUserWithPicture-ok", edit("W1")).await;
    assert_eq!(text(&body, "return").unwrap(), pia.to_string());
    let user = gw.get_user(pia).await.unwrap();
    assert_eq!((user.firstname.as_str(), user.status), ("Pia", 1));
    assert_eq!(user.picture_uri, "");
    let body = snap_raw(&app, "WSEditUserWithPicture-unknown", edit("nobody")).await;
    assert_eq!(text(&body, "return").unwrap(), "0");
}
