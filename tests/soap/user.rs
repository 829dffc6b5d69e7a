//! WSUser (`crates/soap/src/ws_service/user.rs`): the sequence's user steps (`sequence.rs`;
//! snapshots `snapshots/soap__user__*.snap`) and batches item by item.

use crate::common::soap::*;
use crate::common::{spawn_app, TestApp};
use crate::sequence::{bad_key, codes, uref, with_key};
use chamilo_core::{ExternalRef, ItemType};

snapshot_calls!();

/// The sequence's WSUser steps before the courses: create (one and a batch), edit, disable
/// and enable, each success and error code; answers the id of `ada`, the first user.
pub async fn create_edit_disable_enable(app: &TestApp) -> i64 {
    let body = snap(
        app,
        "WSUser.CreateUser-ok",
        "WSUser.CreateUser",
        create_user_call("ada", "U1"),
    )
    .await;
    let ada = ret_int(&body);
    assert!(ada > 0);
    let mut taken = create_user_call("ada", "U9");
    taken.truncate(14);
    snap(
        app,
        "WSUser.CreateUser-102-username",
        "WSUser.CreateUser",
        taken,
    )
    .await;
    snap(
        app,
        "WSUser.CreateUser-102-external-id",
        "WSUser.CreateUser",
        create_user_call("adb", "u1"),
    )
    .await;
    let mut prehashed = create_user_call("md5user", "U7");
    prehashed[5] = s("password", "not-a-md5");
    prehashed[6] = s("encrypt_method", "md5");
    snap(app, "WSUser.CreateUser-103", "WSUser.CreateUser", prehashed).await;
    let mut bad_email = create_user_call("mail", "U8");
    bad_email[10] = s("email", "not an email");
    snap(app, "WSUser.CreateUser-104", "WSUser.CreateUser", bad_email).await;
    let mut wrong = create_user_call("nokey", "U6");
    wrong[0] = bad_key();
    snap(app, "WSUser.CreateUser-1", "WSUser.CreateUser", wrong).await;

    let mut bad_item = user_parts("carl", "U4");
    bad_item[9] = s("email", "bad email");
    let body = snap(
        app,
        "WSUser.CreateUsers",
        "WSUser.CreateUsers",
        with_key(vec![a(
            "users",
            "user_create",
            vec![
                user_parts("bob", "U2"),
                user_parts("ada", "U3"),
                bad_item,
                user_parts("dan", "U5"),
            ],
        )]),
    )
    .await;
    assert_eq!(codes(&body), ["0", "102", "104", "0"]);

    let edit = |ext: &str, login: &str| -> Vec<P> {
        let mut p = uref(ext);
        p.extend([
            s("firstname", "Augusta Ada"),
            s("lastname", ""),
            i("status", 5),
            s("loginname", login),
            s("password", ""),
            s("encrypt_method", ""),
            s("email", ""),
            s("language", "french"),
            s("phone", "+44 1"),
            s("expiration_date", ""),
            a(
                "extras",
                "extras",
                vec![vec![s("field_name", "dept"), s("field_value", "math")]],
            ),
        ]);
        p
    };
    snap(
        app,
        "WSUser.EditUser-ok",
        "WSUser.EditUser",
        with_key(edit("U1", "")),
    )
    .await;
    snap(
        app,
        "WSUser.EditUser-100",
        "WSUser.EditUser",
        with_key(edit("nobody", "")),
    )
    .await;
    snap(
        app,
        "WSUser.EditUser-105",
        "WSUser.EditUser",
        with_key(edit("U1", "bob")),
    )
    .await;
    let body = snap(
        app,
        "WSUser.EditUsers",
        "WSUser.EditUsers",
        with_key(vec![a(
            "users",
            "user_edit",
            vec![edit("U2", ""), edit("nobody", ""), edit("U5", "ada")],
        )]),
    )
    .await;
    assert_eq!(codes(&body), ["0", "100", "105"]);

    for (op, short) in [
        ("WSUser.DisableUser", "DisableUser"),
        ("WSUser.EnableUser", "EnableUser"),
    ] {
        snap(app, &format!("WSUser.{short}-ok"), op, with_key(uref("U2"))).await;
        snap(
            app,
            &format!("WSUser.{short}-100"),
            op,
            with_key(uref("nobody")),
        )
        .await;
    }
    snap(
        app,
        "WSUser.DisableUser-1",
        "WSUser.DisableUser",
        vec![
            bad_key(),
            s("user_id_field_name", "external_user_id"),
            s("user_id_value", "U2"),
        ],
    )
    .await;
    for op in ["WSUser.DisableUsers", "WSUser.EnableUsers"] {
        let body = snap(
            app,
            op,
            op,
            with_key(vec![a(
                "users",
                "user_id",
                vec![uref("U2"), uref("nobody")],
            )]),
        )
        .await;
        assert_eq!(codes(&body), ["0", "100"]);
    }
    ada
}

/// The sequence's deleting users: the only teacher of a course is refused.
pub async fn delete(app: &TestApp) {
    snap(
        app,
        "WSUser.DeleteUser-101",
        "WSUser.DeleteUser",
        with_key(uref("U1")),
    )
    .await;
    snap(
        app,
        "WSUser.DeleteUser-ok",
        "WSUser.DeleteUser",
        with_key(uref("U5")),
    )
    .await;
    snap(
        app,
        "WSUser.DeleteUser-100",
        "WSUser.DeleteUser",
        with_key(uref("U5")),
    )
    .await;
    let body = snap(
        app,
        "WSUser.DeleteUsers",
        "WSUser.DeleteUsers",
        with_key(vec![a(
            "users",
            "user_id",
            vec![uref("nobody"), uref("U1"), uref("U2")],
        )]),
    )
    .await;
    // U2 is the only teacher of the course it created in CreateCourses
    assert_eq!(codes(&body), ["100", "101", "101"]);
}

/// Batches run item by item: a failing item leaves the others written and itself not.
#[tokio::test]
async fn batch_items_are_independent() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let mut broken = user_parts("b2", "B-2");
    broken[4] = s("password", "");
    let body = ok(
        &app,
        "WSUser.CreateUsers",
        &[
            s("secret_key", key()),
            a(
                "users",
                "user_create",
                vec![
                    user_parts("b1", "B-1"),
                    broken,
                    user_parts("b3", "B-3"),
                    user_parts("b1", "B-4"),
                ],
            ),
        ],
    )
    .await;
    assert_eq!(all(&body, "code"), ["0", "104", "0", "102"]);
    assert_eq!(all(&body, "user_id_value"), ["B-1", "B-2", "B-3", "B-4"]);
    assert!(gw.find_user_by_username("b2").await.unwrap().is_none());
    // the refused duplicate did not claim its external id
    assert!(gw
        .resolve(ItemType::User, &ExternalRef::new("external_user_id", "B-4"))
        .await
        .is_err());
    assert!(gw.find_user_by_username("b3").await.unwrap().is_some());
}

/// `WSUser.EditUserCredentials`, as Chamilo's wiki documents it for soap.php: `1` once the
/// username (and a non-empty password) are set, `-1` for an unknown or inactive user and for a
/// username that is another user's; a wrong key is the key fault.
#[tokio::test]
async fn edit_user_credentials_answers_1_or_minus_1() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let op = "WSUser.EditUserCredentials";
    for (login, ext) in [("cred1", "C1"), ("cred2", "C2"), ("cred3", "C3")] {
        ok(&app, "WSUser.CreateUser", &create_user_call(login, ext)).await;
    }
    ok(&app, "WSUser.DisableUser", &with_key(uref("C3"))).await;
    let creds = |ext: &str, username: &str, password: &str| {
        let mut parts = with_key(uref(ext));
        parts.push(s("username", username));
        parts.push(s("password", password));
        parts
    };

    let body = snap(
        &app,
        "WSUser.EditUserCredentials-ok",
        op,
        creds("C1", "slee", "abcdef"),
    )
    .await;
    assert_eq!(ret_int(&body), 1);
    let user = gw
        .find_user_by_username("slee")
        .await
        .unwrap()
        .expect("renamed");
    assert!(gw.find_user_by_username("cred1").await.unwrap().is_none());
    assert!(chamilo_core::passwords::verify("abcdef", &user.password).await);

    // an empty password leaves the password as it is
    let body = ok(&app, op, &creds("C1", "slee2", "")).await;
    assert_eq!(ret_int(&body), 1);
    let user = gw
        .find_user_by_username("slee2")
        .await
        .unwrap()
        .expect("renamed");
    assert!(chamilo_core::passwords::verify("abcdef", &user.password).await);

    for (name, parts) in [
        ("unknown", creds("nobody", "x1", "pw")),
        ("taken", creds("C2", "slee2", "pw")),
        ("inactive", creds("C3", "x3", "pw")),
        ("empty-username", creds("C2", "", "pw")),
    ] {
        let body = snap(&app, &format!("{op}-minus-1-{name}"), op, parts).await;
        assert_eq!(ret_int(&body), -1, "{name}");
    }
    assert!(gw.find_user_by_username("cred2").await.unwrap().is_some());
    assert!(gw.find_user_by_username("cred3").await.unwrap().is_some());

    let mut wrong = creds("C2", "x4", "pw");
    wrong[0] = bad_key();
    let (code, _) = fault_of(&snap(&app, &format!("{op}-1"), op, wrong).await);
    assert_eq!(code, "1");
    assert!(gw.find_user_by_username("x4").await.unwrap().is_none());
}
