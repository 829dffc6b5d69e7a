//! WSRegistration end to end: WSUnsubscribeUserFromCourse (`crates/soap/src/ws_registration/unsubscribe.rs`).

use super::*;

/// A row per item: the Chamilo ids of the active users it named, comma-joined, and `1` once they
/// are out of the course; `0` for an unknown or closed course or when no active user is left.
/// Both shapes work (Q19 fixed): `originalUserItem` structs under one name, as WSDL-typed
/// clients send them, and the legacy plain strings with an array of names.
#[tokio::test]
async fn unsubscribe_users_from_course_in_both_shapes() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let teacher = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("tia", "UN0")).await);
    let mut users = Vec::new();
    for (login, ext) in [
        ("uma", "UN1"),
        ("ugo", "UN2"),
        ("ula", "UN3"),
        ("uli", "UN4"),
    ] {
        users.push(ret_int(
            &ok(&app, "WSUser.CreateUser", &create_user_call(login, ext)).await,
        ));
    }
    let mut courses = Vec::new();
    for (title, ext) in [("Botany", "UC1"), ("Zoology", "UC2")] {
        let mut parts = vec![s("secret_key", key())];
        parts.extend(crate::course::course_create(title, "UN0", ext));
        courses.push(ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await));
    }
    for course in &courses {
        for user in &users {
            gw.subscribe_user_to_course(*course, *user, 5)
                .await
                .unwrap();
        }
    }
    // ugo is disabled: named, but left alone; Zoology is closed (deleted for this service)
    gw.set_user_active(users[1], false).await.unwrap();
    let closed = id_items(
        "WSDeleteCourse",
        "deleteCourse",
        "courses",
        "deleteCourseParams",
        "course",
        &["UC2"],
        &k,
    );
    post_to(&app, REGISTRATION, closed).await;
    let subscribed = |course: i64, user: i64| {
        let gw = gw.clone();
        async move { gw.is_subscribed_to_course(course, user).await.unwrap() }
    };

    let request = unsuscribe_user_from_course(
        &[
            ("UC1", &["UN1", "UN2", "nobody"], false),
            ("UC1", &["UN3"], true),
            ("UC2", &["UN4"], false),
            ("nope", &["UN4"], true),
            ("UC1", &["UN2"], false),
        ],
        &k,
    );
    let body = snap_raw(&app, "WSUnsubscribeUserFromCourse", request).await;
    assert_eq!(all(&body, "result"), ["1", "1", "0", "0", "0"]);
    assert_eq!(
        all(&body, "original_user_id_values"),
        [
            users[0].to_string(),
            users[2].to_string(),
            users[3].to_string(),
            users[3].to_string(),
            String::new()
        ]
    );
    assert_eq!(
        all(&body, "original_course_id_value"),
        ["UC1", "UC1", "UC2", "nope", "UC1"]
    );
    assert!(!subscribed(courses[0], users[0]).await);
    assert!(
        subscribed(courses[0], users[1]).await,
        "a disabled user stays"
    );
    assert!(!subscribed(courses[0], users[2]).await);
    assert!(
        subscribed(courses[0], users[3]).await,
        "not named for Botany"
    );
    assert!(
        subscribed(courses[1], users[3]).await,
        "a closed course is left alone"
    );
    assert!(subscribed(courses[0], teacher).await);

    let body = snap_raw(
        &app,
        "WSUnsubscribeUserFromCourse-bad-key",
        unsuscribe_user_from_course(&[("UC1", &["UN4"], false)], &"0".repeat(40)),
    )
    .await;
    assert_eq!(fault_of(&body).0, "Server");
    assert!(subscribed(courses[0], users[3]).await);
}
