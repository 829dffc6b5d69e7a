//! WSRegistration end to end: the "Simple" operations by Chamilo ids (`crates/soap/src/ws_registration/`).

use super::*;

/// The "Simple" operations by Chamilo ids and course code: WSSubscribeUserToSessionSimple's
/// texts, WSUserSubscribedInCourse's `1` or empty string (Q9).
#[tokio::test]
async fn simple_operations_by_chamilo_ids() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let wes = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("wes", "F0")).await);
    let xia = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("xia", "F1")).await);
    let mut parts = vec![s("secret_key", key())];
    parts.extend(crate::course::course_create("Physics", "F0", "FC1"));
    let course = ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await);
    let code = gw.get_course(course).await.unwrap().code;
    let session_parts =
        crate::session::session_parts("Winter", "2031-01-01", "2031-03-01", "F0", "FS1");
    let session = ret_int(&ok(&app, "WSSession.CreateSession", &session_parts).await);

    let to_session = |session: &str, user: &str| {
        call(
            "WSSubscribeUserToSessionSimple",
            "subscribeUserToSessionSimple",
            "subscribeUserToSessionSimple_arg",
            &[("session", session), ("user_id", user), ("secret_key", &k)],
        )
    };
    let (s_id, x_id) = (session.to_string(), xia.to_string());
    let body = snap_raw(
        &app,
        "WSSubscribeUserToSessionSimple-ok",
        to_session(&s_id, &x_id),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(gw.session_users(session).await.unwrap()[0].user_id, xia);
    let body = snap_raw(
        &app,
        "WSSubscribeUserToSessionSimple-no-user",
        to_session(&s_id, "999"),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "User 999 does not exist");
    let body = snap_raw(
        &app,
        "WSSubscribeUserToSessionSimple-no-session",
        to_session("999", &x_id),
    )
    .await;
    assert_eq!(
        text(&body, "return").unwrap(),
        "Session 999 does not exist."
    );
    let body = snap_raw(
        &app,
        "WSSubscribeUserToSessionSimple-empty",
        to_session("", &x_id),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "0");

    let subscribed = |user: i64| {
        call(
            "WSUserSubscribedInCourse",
            "UserSubscribedInCourse",
            "UserSubscribedInCourse",
            &[
                ("course", &code),
                ("user_id", &user.to_string()),
                ("secret_key", &k),
            ],
        )
    };
    // wes created the course: its teacher
    let body = snap_raw(&app, "WSUserSubscribedInCourse-yes", subscribed(wes)).await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    let body = snap_raw(&app, "WSUserSubscribedInCourse-no", subscribed(xia)).await;
    assert_eq!(text(&body, "return").unwrap_or_default(), "");
}

/// WSSubscribeUserToCourseSimple by course code and Chamilo user id: `1`, then the
/// not-registered text (already in); the not-found texts; an empty code is a course that does
/// not exist (Q11 fixed: never `Array`).
#[tokio::test]
async fn subscribe_user_to_course_simple() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    ok(&app, "WSUser.CreateUser", &create_user_call("yan", "G0")).await;
    let zoe = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("zoe", "G1")).await);
    let mut parts = vec![s("secret_key", key())];
    parts.extend(crate::course::course_create("Chemistry", "G0", "GC1"));
    let course = ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await);
    let code = gw.get_course(course).await.unwrap().code;
    let sub = |course: &str, user: &str| {
        call(
            "WSSubscribeUserToCourseSimple",
            "subscribeUserToCourseSimple",
            "subscribeUserToCourseSimple_arg",
            &[
                ("course", course),
                ("user_id", user),
                ("status", ""),
                ("secret_key", &k),
            ],
        )
    };
    let z = zoe.to_string();
    let body = snap_raw(&app, "WSSubscribeUserToCourseSimple-ok", sub(&code, &z)).await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert!(gw.is_subscribed_to_course(course, zoe).await.unwrap());
    let body = snap_raw(&app, "WSSubscribeUserToCourseSimple-again", sub(&code, &z)).await;
    assert!(text(&body, "return")
        .unwrap()
        .starts_with("User was not registered possible reasons"));
    let body = snap_raw(
        &app,
        "WSSubscribeUserToCourseSimple-no-user",
        sub(&code, "999"),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "User 999 does not exist");
    let body = snap_raw(
        &app,
        "WSSubscribeUserToCourseSimple-no-course",
        sub("NOPE", &z),
    )
    .await;
    assert_eq!(
        text(&body, "return").unwrap(),
        "Course NOPE does not exist in the platform "
    );
    let body = snap_raw(
        &app,
        "WSSubscribeUserToCourseSimple-empty-course",
        sub("", &z),
    )
    .await;
    assert_eq!(
        text(&body, "return").unwrap(),
        "Course  does not exist in the platform "
    );
}
