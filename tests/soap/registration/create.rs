//! WSRegistration end to end: user creation and reactivation (`crates/soap/src/ws_registration/`).

use super::*;

/// WSCreateUser: inactive unless `active` is sent (Q15); `0` when the id names an active
/// account or the username is taken; an id naming an inactive account brings it back (Q16).
#[tokio::test]
async fn create_user_and_reactivation() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let create = |login: &str, ext: &str, active: Option<&str>| {
        let mut m = person(login, ext);
        m.push(("secret_key".into(), k.clone()));
        if let Some(a) = active {
            m.push(("active".into(), a.into()));
        }
        call("WSCreateUser", "createUser", "createUser", &members(&m))
    };
    let body = snap_raw(&app, "WSCreateUser-inactive", create("fay", "X1", None)).await;
    let fay: i64 = text(&body, "return").unwrap().parse().unwrap();
    assert!(!gw.get_user(fay).await.unwrap().active);
    let body = snap_raw(&app, "WSCreateUser-active", create("gus", "X2", Some("1"))).await;
    let gus: i64 = text(&body, "return").unwrap().parse().unwrap();
    assert!(gw.get_user(gus).await.unwrap().active);

    // the id names an active account: refused
    let body = snap_raw(
        &app,
        "WSCreateUser-0-active-id",
        create("gus2", "X2", Some("1")),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "0");
    // the username is taken
    let body = snap_raw(
        &app,
        "WSCreateUser-0-username",
        create("gus", "X3", Some("1")),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "0");
    // the id names the inactive fay: she comes back with the new values
    let body = snap_raw(
        &app,
        "WSCreateUser-reactivated",
        create("fay.new", "X1", None),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), fay.to_string());
    let back = gw.get_user(fay).await.unwrap();
    assert!(back.active);
    assert_eq!(back.username, "fay.new");
    assert!(chamilo_core::passwords::verify("secret1", &back.password).await);
}

/// WSCreateUserPasswordCrypted and WSCreateUsers: a hash is stored as given and verifies; the
/// original's texts for a malformed hash and an unknown method; one row per batch item.
#[tokio::test]
async fn create_users_and_password_crypted() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let crypted = |login: &str, ext: &str, method: &str, hash: &str| {
        let mut m = person(login, ext);
        m[5].1 = hash.to_owned();
        m.insert(6, ("encrypt_method".into(), method.into()));
        m.push(("official_code".into(), String::new()));
        m.push(("secret_key".into(), k.clone()));
        call(
            "WSCreateUserPasswordCrypted",
            "createUserPasswordCrypted",
            "createUserPasswordCrypted",
            &members(&m),
        )
    };
    // md5("secret1")
    let md5 = "e52d98c459819a11775936d8dfbb7929";
    let body = snap_raw(
        &app,
        "WSCreateUserPasswordCrypted-ok",
        crypted("hal", "Y1", "md5", md5),
    )
    .await;
    let hal: i64 = text(&body, "return").unwrap().parse().unwrap();
    let user = gw.get_user(hal).await.unwrap();
    assert!(user.active);
    assert!(chamilo_core::passwords::verify("secret1", &user.password).await);
    let body = snap_raw(
        &app,
        "WSCreateUserPasswordCrypted-invalid-hash",
        crypted("ida", "Y2", "md5", "not-a-hash"),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "Encryption md5 is invalid");
    let body = snap_raw(
        &app,
        "WSCreateUserPasswordCrypted-not-configured",
        crypted("ida", "Y2", "sha256", md5),
    )
    .await;
    assert_eq!(
        text(&body, "return").unwrap(),
        "This encryption sha256 is not configured"
    );
    assert!(gw.find_user_by_username("ida").await.unwrap().is_none());

    let item = |login: &str, ext: &str| {
        let fields: String = person(login, ext)
            .iter()
            .map(|(k, v)| format!("<{k} xsi:type=\"xsd:string\">{v}</{k}>"))
            .collect();
        format!("<item xsi:type=\"ns1:usersParams\">{fields}</item>")
    };
    let users = format!(
        "<users SOAP-ENC:arrayType=\"ns1:usersParams[3]\" xsi:type=\"ns1:usersParamsList\">{}{}{}</users>",
        item("jon", "Z1"),
        item("hal", "Z2"),
        item("kim", "Z3")
    );
    let request = call(
        "WSCreateUsers",
        "createUsers",
        "createUsers",
        &[("secret_key", &k)],
    )
    .replacen("<secret_key", &format!("{users}<secret_key"), 1);
    let body = snap_raw(&app, "WSCreateUsers", request).await;
    let results = all(&body, "result");
    assert_eq!(all(&body, "original_user_id_value"), ["Z1", "Z2", "Z3"]);
    assert_eq!(results[1], "0", "hal's username is taken");
    for (i, login) in [(0, "jon"), (2, "kim")] {
        let id: i64 = results[i].parse().unwrap();
        assert_eq!(gw.get_user(id).await.unwrap().username, login);
    }
}
