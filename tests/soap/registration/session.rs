//! WSRegistration end to end: session enrolment and composition (`crates/soap/src/ws_registration/`).

use super::*;

/// WSSuscribeUsersToSession: one row per user, `1` subscribed, `0` unknown or inactive; an
/// unknown session gives each of its users a `0` row (Q14); WSUnsuscribeUsersFromSession takes
/// them out again, an inactive member excepted (`0`, it stays).
#[tokio::test]
async fn session_enrolment_by_external_ids() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let coach = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("coach", "S0")).await);
    let una = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("una", "S1")).await);
    let val = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("val", "S2")).await);
    ok(
        &app,
        "WSUser.DisableUser",
        &crate::sequence::with_key(crate::sequence::uref("S2")),
    )
    .await;
    let parts = crate::session::session_parts("Spring", "2030-01-01", "2030-06-30", "S0", "SS1");
    let session = ret_int(&ok(&app, "WSSession.CreateSession", &parts).await);
    assert!(coach > 0);

    let body = snap_raw(
        &app,
        "WSSuscribeUsersToSession",
        userssessions(
            "WSSuscribeUsersToSession",
            "subscribeUsersToSession",
            "subscribeUsersToSession",
            &[("SS1", &["S1", "S2", "nobody"]), ("nope", &["S1", "S1"])],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "0", "0", "0", "0"]);
    assert_eq!(
        all(&body, "original_user_id_values"),
        ["S1", "S2", "nobody", "S1", "S1"]
    );
    let members: Vec<i64> = gw
        .session_users(session)
        .await
        .unwrap()
        .iter()
        .map(|su| su.user_id)
        .collect();
    assert_eq!(members, [una]);

    // the disabled account is a member all the same (put there by the core, as an admin could)
    gw.subscribe_user_to_session(session, val).await.unwrap();
    let body = snap_raw(
        &app,
        "WSUnsuscribeUsersFromSession",
        userssessions(
            "WSUnsuscribeUsersFromSession",
            "unsubscribeUsersFromSession",
            "unsubscribeUsersFromSession",
            &[("SS1", &["S1", "S2", "nobody"])],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "0", "0"]);
    let members: Vec<i64> = gw
        .session_users(session)
        .await
        .unwrap()
        .iter()
        .map(|su| su.user_id)
        .collect();
    assert_eq!(members, [val]);
}

/// WSSuscribeCoursesToSession: a row per course, `0` for an unknown or closed course and for
/// an unknown session (Q14); WSUnsuscribeCoursesFromSession: a row per item with the courses
/// taken out.
#[tokio::test]
async fn session_composition() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    ok(&app, "WSUser.CreateUser", &create_user_call("kai", "H0")).await;
    let mut ids = Vec::new();
    for (title, ext) in [("Art", "HC1"), ("Music", "HC2"), ("Drama", "HC3")] {
        let mut parts = vec![s("secret_key", key())];
        parts.extend(crate::course::course_create(title, "H0", ext));
        ids.push(ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await));
    }
    // HC3 closed: counts as deleted here
    let closed = id_items(
        "WSDeleteCourse",
        "deleteCourse",
        "courses",
        "deleteCourseParams",
        "course",
        &["HC3"],
        &k,
    );
    post_to(&app, REGISTRATION, closed).await;
    let session_parts =
        crate::session::session_parts("Autumn", "2031-09-01", "2031-11-01", "H0", "HS1");
    let session = ret_int(&ok(&app, "WSSession.CreateSession", &session_parts).await);
    let in_session = || async {
        gw.session_courses(session)
            .await
            .unwrap()
            .iter()
            .map(|c| c.course_id)
            .collect::<Vec<_>>()
    };

    let body = snap_raw(
        &app,
        "WSSuscribeCoursesToSession",
        coursessessions(
            "WSSuscribeCoursesToSession",
            "subscribeCoursesToSession",
            &[("HS1", &["HC1", "HC2", "HC3", "nope"]), ("nope", &["HC1"])],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "1", "0", "0", "0"]);
    assert_eq!(in_session().await, [ids[0], ids[1]]);

    let body = snap_raw(
        &app,
        "WSUnsuscribeCoursesFromSession",
        coursessessions(
            "WSUnsuscribeCoursesFromSession",
            "unsubscribeCoursesFromSession",
            &[("HS1", &["HC1", "nope"]), ("nope", &["HC2"])],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "0"]);
    assert_eq!(all(&body, "original_course_id_values")[0], "HC1");
    assert_eq!(in_session().await, [ids[1]]);
}
