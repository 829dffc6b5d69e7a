//! WSRegistration end to end: session-course coaches (`crates/soap/src/ws_registration/`).

use super::*;

/// Session-course coaches: by Chamilo ids (build A's or B's spelling) or, when no id is given,
/// by external pairs; `1` coach / no longer coach, `0` when refused.
#[tokio::test]
async fn session_course_coaches() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let tom = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("tom", "T0")).await);
    let mut parts = vec![s("secret_key", key())];
    parts.extend(crate::course::course_create("Biology", "T0", "TC1"));
    let course = ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await);
    let session_parts =
        crate::session::session_parts("Summer", "2031-06-01", "2031-08-01", "T0", "TS1");
    let session = ret_int(&ok(&app, "WSSession.CreateSession", &session_parts).await);
    ok(
        &app,
        "WSSession.SubscribeCourseToSession",
        &[
            s("secret_key", key()),
            s("course_id_field_name", "external_course_id"),
            s("course_id_value", "TC1"),
            s("session_id_field_name", "external_session_id"),
            s("session_id_value", "TS1"),
        ],
    )
    .await;
    let coaches = || async {
        gw.session_course_users(session, course)
            .await
            .unwrap()
            .iter()
            .filter(|r| r.status == 2)
            .map(|r| r.user_id)
            .collect::<Vec<_>>()
    };
    let (u, c, se) = (tom.to_string(), course.to_string(), session.to_string());
    let by_ids = |op: &str, part: &str, names: [&str; 3], session: &str| {
        call(
            op,
            part,
            "TeacherToSessionCourse",
            &[
                (names[0], u.as_str()),
                (names[1], session),
                (names[2], c.as_str()),
                ("secret_key", k.as_str()),
            ],
        )
    };
    let snake = ["user_id", "session_id", "course_id"];
    let body = snap_raw(
        &app,
        "WSSubscribeTeacherToSessionCourse-ok",
        by_ids(
            "WSSubscribeTeacherToSessionCourse",
            "SubscribeTeacherToSessionCourse",
            snake,
            &se,
        ),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(coaches().await, [tom]);
    let body = snap_raw(
        &app,
        "WSSubscribeTeacherToSessionCourse-0",
        by_ids(
            "WSSubscribeTeacherToSessionCourse",
            "SubscribeTeacherToSessionCourse",
            snake,
            "999",
        ),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "0");

    // no Chamilo id: the external pairs
    let by_pairs = call(
        "WSUnsubscribeTeacherFromSessionCourse",
        "UnsubscribeTeacherFromSessionCourse",
        "TeacherToSessionCourse",
        &[
            ("user_id", ""),
            ("session_id", ""),
            ("course_id", ""),
            ("secret_key", &k),
            ("original_user_id_name", "external_user_id"),
            ("original_user_id_value", "T0"),
            ("original_course_id_name", "external_course_id"),
            ("original_course_id_value", "TC1"),
            ("original_session_id_name", "external_session_id"),
            ("original_session_id_value", "TS1"),
        ],
    );
    let body = snap_raw(
        &app,
        "WSUnsubscribeTeacherFromSessionCourse-ok",
        by_pairs.clone(),
    )
    .await;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert!(coaches().await.is_empty());
    let body = post_to(&app, REGISTRATION, by_pairs).await.2;
    assert_eq!(text(&body, "return").unwrap(), "1", "no longer a coach");

    // build B's spelling
    let camel = ["userId", "sessionId", "courseId"];
    let body = post_to(
        &app,
        REGISTRATION,
        by_ids(
            "WSSubscribeTeacherToSessionCourse",
            "SubscribeTeacherToSessionCourse",
            camel,
            &se,
        ),
    )
    .await
    .2;
    assert_eq!(text(&body, "return").unwrap(), "1");
    assert_eq!(coaches().await, [tom]);
}
