//! One request/response pair per operation, success and each error code, as insta snapshots
//! (tests/snapshots/soap_operations__*.snap). One sequence on a fresh SQLite database, so
//! ids are stable.

mod common;
use common::soap;

use common::{spawn_app, TestApp};
use soap::*;

/// Calls `op`, snapshots request and answer under `name`, returns the answer.
async fn snap(app: &TestApp, name: &str, op: &str, parts: Vec<P>) -> String {
    let request = envelope(op, &parts);
    let (status, ct, body) = post_raw(app, request.clone()).await;
    assert_eq!(ct, "text/xml; charset=utf-8", "{name}");
    insta::assert_snapshot!(
        name.to_string(),
        format!("{request}--- HTTP {status}\n{body}")
    );
    body
}

fn codes(body: &str) -> Vec<String> {
    all(body, "code")
}

fn uref(value: &str) -> Vec<P> {
    vec![
        s("user_id_field_name", "external_user_id"),
        s("user_id_value", value),
    ]
}

fn with_key(mut rest: Vec<P>) -> Vec<P> {
    rest.insert(0, s("secret_key", key()));
    rest
}

fn course_create(title: &str, admin: &str, ext: &str) -> Vec<P> {
    vec![
        s("title", title),
        s("category_code", "LANG"),
        s("wanted_code", ""),
        s("tutor_name", "Ada Lovelace"),
        s("course_admin_user_id_field_name", "external_user_id"),
        s("course_admin_user_id_value", admin),
        s("language", "english"),
        s("course_id_field_name", "external_course_id"),
        s("course_id_value", ext),
        a(
            "extras",
            "extras",
            vec![vec![s("field_name", "dept"), s("field_value", "math")]],
        ),
    ]
}

fn session_parts(name: &str, start: &str, end: &str, coach: &str, ext: &str) -> Vec<P> {
    with_key(vec![
        s("name", name),
        s("start_date", start),
        s("end_date", end),
        i("nb_days_access_before", 2),
        i("nb_days_access_after", 3),
        i("nolimit", 0),
        i("visibility", 1),
        s("user_id_field_name", "external_user_id"),
        s("user_id_value", coach),
        s("session_id_field_name", "external_session_id"),
        s("session_id_value", ext),
        a(
            "extras",
            "extras",
            vec![vec![s("field_name", "room"), s("field_value", "B12")]],
        ),
    ])
}

fn cref(value: &str) -> Vec<P> {
    vec![
        s("course_id_field_name", "external_course_id"),
        s("course_id_value", value),
    ]
}

fn sref(value: &str) -> Vec<P> {
    vec![
        s("session_id_field_name", "external_session_id"),
        s("session_id_value", value),
    ]
}

fn cat(parts: Vec<Vec<P>>) -> Vec<P> {
    with_key(parts.into_iter().flatten().collect())
}

#[tokio::test]
async fn every_operation_success_and_error_codes() {
    let app = spawn_app().await;
    let app = &app;
    let bad_key = || s("secret_key", "0".repeat(40));

    // --- WS / tests
    snap(app, "WS.test", "WS.test", vec![]).await;
    snap(app, "WSReport.test", "WSReport.test", vec![]).await;

    // --- WSUser
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

    // --- WSCourse
    let body = snap(
        app,
        "WSCourse.CreateCourse-ok",
        "WSCourse.CreateCourse",
        with_key(course_create("Algebra", "U1", "C1")),
    )
    .await;
    let algebra = ret_int(&body);
    snap(
        app,
        "WSCourse.CreateCourse-100",
        "WSCourse.CreateCourse",
        with_key(course_create("Geometry", "nobody", "C9")),
    )
    .await;
    snap(
        app,
        "WSCourse.CreateCourse-202",
        "WSCourse.CreateCourse",
        with_key(course_create("", "U1", "C8")),
    )
    .await;
    snap(
        app,
        "WSCourse.CreateCourse-202-external-id",
        "WSCourse.CreateCourse",
        with_key(course_create("Algebra II", "U1", "C1")),
    )
    .await;
    let body = snap(
        app,
        "WSCourse.CreateCourses",
        "WSCourse.CreateCourses",
        with_key(vec![a(
            "courses",
            "course_create",
            vec![
                course_create("Algebra", "U2", "C2"),
                course_create("Physics", "nobody", "C3"),
                course_create("", "U2", "C4"),
                course_create("History", "U1", "C5"),
            ],
        )]),
    )
    .await;
    assert_eq!(codes(&body), ["0", "100", "202", "0"]);

    let course_edit = |ext: &str, visibility: i64| -> Vec<P> {
        cat(vec![
            cref(ext),
            vec![
                s("title", "Algebra I"),
                s("category_code", ""),
                s("department_name", "Maths"),
                s("department_url", "http://example.org/maths"),
                s("language", "french"),
                i("visibility", visibility),
                i("subscribe", 0),
                i("unsubscribe", 1),
                s("visual_code", ""),
                a(
                    "extras",
                    "extras",
                    vec![vec![s("field_name", "dept"), s("field_value", "algebra")]],
                ),
            ],
        ])
    };
    snap(
        app,
        "WSCourse.EditCourse-ok",
        "WSCourse.EditCourse",
        course_edit("C1", 1),
    )
    .await;
    snap(
        app,
        "WSCourse.EditCourse-200",
        "WSCourse.EditCourse",
        course_edit("nothing", 1),
    )
    .await;
    snap(
        app,
        "WSCourse.EditCourse-204",
        "WSCourse.EditCourse",
        course_edit("C1", 9),
    )
    .await;

    let body = snap(
        app,
        "WSCourse.ListCourses-filter-in-part-2",
        "WSCourse.ListCourses",
        with_key(vec![
            s(
                "course_id_field_name",
                "public,public-registered,private,closed",
            ),
            s("visibilities", ""),
        ]),
    )
    .await;
    assert_eq!(all(&body, "code").len(), 3);
    snap(
        app,
        "WSCourse.ListCourses-wsdl-order",
        "WSCourse.ListCourses",
        with_key(vec![
            s("course_id_field_name", "external_course_id"),
            s("visibilities", "private"),
        ]),
    )
    .await;

    let sub = |course: &str, user: &str| cat(vec![cref(course), uref(user), vec![i("status", 5)]]);
    snap(
        app,
        "WSCourse.SubscribeUserToCourse-ok",
        "WSCourse.SubscribeUserToCourse",
        sub("C1", "U2"),
    )
    .await;
    snap(
        app,
        "WSCourse.SubscribeUserToCourse-203",
        "WSCourse.SubscribeUserToCourse",
        sub("C1", "U2"),
    )
    .await;
    snap(
        app,
        "WSCourse.SubscribeUserToCourse-200",
        "WSCourse.SubscribeUserToCourse",
        sub("nothing", "U2"),
    )
    .await;
    snap(
        app,
        "WSCourse.SubscribeUserToCourse-100",
        "WSCourse.SubscribeUserToCourse",
        sub("C1", "nobody"),
    )
    .await;
    let unsub = |course: &str, user: &str| cat(vec![cref(course), uref(user)]);
    snap(
        app,
        "WSCourse.UnsubscribeUserFromCourse-ok",
        "WSCourse.UnsubscribeUserFromCourse",
        unsub("C1", "U2"),
    )
    .await;
    snap(
        app,
        "WSCourse.UnsubscribeUserFromCourse-200",
        "WSCourse.UnsubscribeUserFromCourse",
        unsub("nothing", "U2"),
    )
    .await;
    snap(
        app,
        "WSCourse.UnsubscribeUserFromCourse-100",
        "WSCourse.UnsubscribeUserFromCourse",
        unsub("C1", "nobody"),
    )
    .await;

    let desc = |course: &str, title: &str| {
        cat(vec![
            cref(course),
            vec![
                i("course_desc_id", 1),
                s("course_desc_title", title),
                s("course_desc_content", "<p>Sets &amp; groups</p>"),
            ],
        ])
    };
    snap(
        app,
        "WSCourse.EditCourseDescription-insert",
        "WSCourse.EditCourseDescription",
        desc("C1", "Description"),
    )
    .await;
    snap(
        app,
        "WSCourse.EditCourseDescription-update",
        "WSCourse.EditCourseDescription",
        desc("C1", "About"),
    )
    .await;
    snap(
        app,
        "WSCourse.EditCourseDescription-unknown-course",
        "WSCourse.EditCourseDescription",
        desc("nothing", "x"),
    )
    .await;
    let body = snap(
        app,
        "WSCourse.GetCourseDescriptions-ok",
        "WSCourse.GetCourseDescriptions",
        cat(vec![cref("C1")]),
    )
    .await;
    assert_eq!(all(&body, "course_desc_title"), ["About"]);
    snap(
        app,
        "WSCourse.GetCourseDescriptions-unknown-course",
        "WSCourse.GetCourseDescriptions",
        cat(vec![cref("nothing")]),
    )
    .await;

    // --- WSSession
    let body = snap(
        app,
        "WSSession.CreateSession-ok",
        "WSSession.CreateSession",
        session_parts("Spring", "2030-03-01", "2030-06-30", "U1", "S1"),
    )
    .await;
    let spring = ret_int(&body);
    snap(
        app,
        "WSSession.CreateSession-100",
        "WSSession.CreateSession",
        session_parts("Summer", "2030-07-01", "2030-08-31", "nobody", "S2"),
    )
    .await;
    snap(
        app,
        "WSSession.CreateSession-301-duplicate-name",
        "WSSession.CreateSession",
        session_parts("Spring", "2030-03-01", "2030-06-30", "U1", "S3"),
    )
    .await;
    snap(
        app,
        "WSSession.CreateSession-301-bad-date",
        "WSSession.CreateSession",
        session_parts("Autumn", "2030-13-01", "2030-06-30", "U1", "S4"),
    )
    .await;
    let mut keyless = session_parts("Winter", "", "", "U1", "S5");
    keyless[0] = bad_key();
    snap(
        app,
        "WSSession.CreateSession-1",
        "WSSession.CreateSession",
        keyless,
    )
    .await;

    snap(
        app,
        "WSSession.EditSession-ok",
        "WSSession.EditSession",
        session_parts(
            "Spring term",
            "2030-03-01 08:00",
            "2030-06-30 18:00",
            "U2",
            "S1",
        ),
    )
    .await;
    snap(
        app,
        "WSSession.EditSession-300",
        "WSSession.EditSession",
        session_parts("Spring term", "2030-03-01", "2030-06-30", "U2", "nothing"),
    )
    .await;
    snap(
        app,
        "WSSession.EditSession-100",
        "WSSession.EditSession",
        session_parts("Spring term", "2030-03-01", "2030-06-30", "nobody", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.EditSession-302",
        "WSSession.EditSession",
        session_parts("Spring term", "2030-06-30", "2030-03-01", "U2", "S1"),
    )
    .await;

    let us = |user: &str, session: &str| cat(vec![uref(user), sref(session)]);
    snap(
        app,
        "WSSession.SubscribeUserToSession-ok",
        "WSSession.SubscribeUserToSession",
        us("U2", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeUserToSession-300",
        "WSSession.SubscribeUserToSession",
        us("U2", "nothing"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeUserToSession-100",
        "WSSession.SubscribeUserToSession",
        us("nobody", "S1"),
    )
    .await;
    // additive: a second student joins, the first stays
    snap(
        app,
        "WSSession.SubscribeUserToSession-second",
        "WSSession.SubscribeUserToSession",
        us("U5", "S1"),
    )
    .await;
    let gw = core(app).await;
    assert_eq!(gw.session_users(spring).await.unwrap().len(), 2);

    let cs = |course: &str, session: &str| cat(vec![cref(course), sref(session)]);
    snap(
        app,
        "WSSession.SubscribeCourseToSession-ok",
        "WSSession.SubscribeCourseToSession",
        cs("C1", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeCourseToSession-300",
        "WSSession.SubscribeCourseToSession",
        cs("C1", "nothing"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeCourseToSession-200",
        "WSSession.SubscribeCourseToSession",
        cs("nothing", "S1"),
    )
    .await;

    let ts = |user: &str, session: &str, course: &str| {
        cat(vec![uref(user), sref(session), cref(course)])
    };
    snap(
        app,
        "WSSession.SubscribeTeacherToSessionCourse-ok",
        "WSSession.SubscribeTeacherToSessionCourse",
        ts("U1", "S1", "C1"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeTeacherToSessionCourse-305",
        "WSSession.SubscribeTeacherToSessionCourse",
        ts("U1", "S1", "C2"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeTeacherToSessionCourse-300",
        "WSSession.SubscribeTeacherToSessionCourse",
        ts("U1", "nothing", "C1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeTeacherFromSessionCourse-ok",
        "WSSession.UnsubscribeTeacherFromSessionCourse",
        ts("U1", "S1", "C1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeTeacherFromSessionCourse-303",
        "WSSession.UnsubscribeTeacherFromSessionCourse",
        ts("U1", "S1", "C1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeTeacherFromSessionCourse-200",
        "WSSession.UnsubscribeTeacherFromSessionCourse",
        ts("U1", "S1", "nothing"),
    )
    .await;

    // --- WSReport (the key is checked everywhere; no learning paths exist)
    let rep_user = |key: P| {
        vec![
            key,
            s("user_id_field_name", "external_user_id"),
            s("user_id_value", "U2"),
        ]
    };
    let body = snap(
        app,
        "WSReport.GetTimeSpentOnPlatform-ok",
        "WSReport.GetTimeSpentOnPlatform",
        rep_user(s("secret_key", key())),
    )
    .await;
    assert_eq!(text(&body, "return").as_deref(), Some("0"));
    snap(
        app,
        "WSReport.GetTimeSpentOnPlatform-1",
        "WSReport.GetTimeSpentOnPlatform",
        rep_user(bad_key()),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnPlatform-100",
        "WSReport.GetTimeSpentOnPlatform",
        cat(vec![uref("nobody")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnPlatform-shifted",
        "WSReport.GetTimeSpentOnPlatform",
        vec![
            s("secret_key", "external_user_id"),
            s("user_id_field_name", "U2"),
            s("user_id_value", key()),
        ],
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnCourse-ok",
        "WSReport.GetTimeSpentOnCourse",
        cat(vec![uref("U2"), cref("C1")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnCourse-200",
        "WSReport.GetTimeSpentOnCourse",
        cat(vec![uref("U2"), cref("nothing")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnCourseInSession-ok",
        "WSReport.GetTimeSpentOnCourseInSession",
        cat(vec![uref("U2"), cref("C1"), sref("S1")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnCourseInSession-300",
        "WSReport.GetTimeSpentOnCourseInSession",
        cat(vec![uref("U2"), cref("C1"), sref("nothing")]),
    )
    .await;
    let lp = || vec![s("learnpath_id", "1")];
    snap(
        app,
        "WSReport.GetTimeSpentOnLearnpathInCourse-400",
        "WSReport.GetTimeSpentOnLearnpathInCourse",
        cat(vec![uref("U2"), cref("C1"), lp()]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathsByCourse-ok",
        "WSReport.GetLearnpathsByCourse",
        cat(vec![uref("U2"), cref("C1")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathsByCourse-200",
        "WSReport.GetLearnpathsByCourse",
        cat(vec![uref("U2"), cref("nothing")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathProgress-400",
        "WSReport.GetLearnpathProgress",
        cat(vec![uref("U2"), cref("C1"), lp()]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathHighestLessonLocation-400",
        "WSReport.GetLearnpathHighestLessonLocation",
        cat(vec![uref("U2"), cref("C1"), lp()]),
    )
    .await;
    let lp_item = || vec![s("learnpath_id", "1"), s("learnpath_item_id", "1")];
    snap(
        app,
        "WSReport.GetLearnpathScoreSingleItem-400",
        "WSReport.GetLearnpathScoreSingleItem",
        cat(vec![uref("U2"), cref("C1"), lp_item()]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathStatusSingleItem-400",
        "WSReport.GetLearnpathStatusSingleItem",
        cat(vec![uref("U2"), cref("C1"), lp_item()]),
    )
    .await;
    let mut keyless = vec![bad_key()];
    keyless.extend(uref("U2"));
    keyless.extend(cref("C1"));
    keyless.extend(lp_item());
    snap(
        app,
        "WSReport.GetLearnpathStatusSingleItem-1",
        "WSReport.GetLearnpathStatusSingleItem",
        keyless,
    )
    .await;

    // --- session teardown
    snap(
        app,
        "WSSession.UnsubscribeUserFromSession-ok",
        "WSSession.UnsubscribeUserFromSession",
        us("U2", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeUserFromSession-300",
        "WSSession.UnsubscribeUserFromSession",
        us("U2", "nothing"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeCourseFromSession-ok",
        "WSSession.UnsubscribeCourseFromSession",
        cs("C1", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeCourseFromSession-304",
        "WSSession.UnsubscribeCourseFromSession",
        cs("C1", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.DeleteSession-ok",
        "WSSession.DeleteSession",
        cat(vec![sref("S1")]),
    )
    .await;
    snap(
        app,
        "WSSession.DeleteSession-300",
        "WSSession.DeleteSession",
        cat(vec![sref("S1")]),
    )
    .await;

    // --- deleting users: the only teacher of a course is refused
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

    // --- deleting courses
    snap(
        app,
        "WSCourse.DeleteCourse-ok",
        "WSCourse.DeleteCourse",
        cat(vec![cref("C1")]),
    )
    .await;
    snap(
        app,
        "WSCourse.DeleteCourse-200",
        "WSCourse.DeleteCourse",
        cat(vec![cref("C1")]),
    )
    .await;
    let body = snap(
        app,
        "WSCourse.DeleteCourses",
        "WSCourse.DeleteCourses",
        with_key(vec![a(
            "courses",
            "course_id",
            vec![cref("C2"), cref("C1")],
        )]),
    )
    .await;
    assert_eq!(codes(&body), ["0", "200"]);
    assert!(gw.get_course(algebra).await.is_err());

    // --- faults of the framework
    let (status, _, body) = post_raw(app, "<not-xml").await;
    assert_eq!(status, 500);
    insta::assert_snapshot!("fault-malformed", body);
    snap(
        app,
        "fault-unknown-operation",
        "WSUser.FlyAway",
        with_key(vec![]),
    )
    .await;
    assert!(ada > 0 && algebra > 0 && spring > 0);
}

/// What an answer is, without its data: HTTP status, then the fault code, or the response
/// element and its `return` (type; array item type; a string's text).
fn shape(status: u16, body: &str) -> String {
    if let Some(code) = text(body, "faultcode") {
        return format!("{status} fault {code}");
    }
    let element = body
        .split("<SOAP-ENV:Body><")
        .nth(1)
        .and_then(|rest| rest.split([' ', '>']).next())
        .expect("a response element");
    let attr = |tag: &str, name: &str| {
        let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[at..at + tag[at..].find('"')?].to_string())
    };
    let ret = match body.find("<return ") {
        None => "void".to_string(),
        Some(at) => {
            let tag = &body[at..at + body[at..].find('>').unwrap()];
            match attr(tag, "xsi:type").as_deref() {
                Some("SOAP-ENC:Array") => {
                    let items = attr(tag, "SOAP-ENC:arrayType").unwrap();
                    format!("array of {}", &items[..items.find('[').unwrap()])
                }
                Some("xsd:string") => format!("xsd:string {:?}", text(body, "return").unwrap()),
                Some(other) => other.to_string(),
                None => "untyped".to_string(),
            }
        }
    };
    format!("{status} {element} {ret}")
}

/// The shapes of every answer snapshotted for `op` above.
fn snapshot_shapes(op: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut shapes = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(rest) = name.strip_prefix(&format!("soap_operations__{op}")) else {
            continue;
        };
        if rest != ".snap" && !(rest.starts_with('-') && rest.ends_with(".snap")) {
            continue;
        }
        let snap = std::fs::read_to_string(dir.join(&name)).unwrap();
        // the last marker: the header's `expression:` line quotes it too
        let answer = snap.rsplit("\n--- HTTP ").next().expect("an answer");
        let (status, body) = answer.split_once('\n').unwrap();
        shapes.push(shape(status.parse().unwrap(), body));
    }
    shapes.sort();
    shapes.dedup();
    shapes
}

/// Each row of the table runs its own operation: every operation, called with the right key
/// and nothing but references to a user, a course and a session of its own, answers in a
/// shape its snapshots above show (the same element, fault code or `return` type). A row
/// wired to another operation's handler answers in that operation's shape instead, unless
/// both answer alike for such a call (void operations, say): the unit test that each row runs
/// the handler named after it covers those.
#[tokio::test]
async fn every_row_answers_in_a_shape_of_its_snapshots() {
    let app = spawn_app().await;
    let app = &app;
    let mut mismatches = Vec::new();
    for (n, operation) in chamilo_soap::ws_service::SERVICE
        .operations
        .iter()
        .enumerate()
    {
        // a user who teaches a course and coaches a session, none linked otherwise
        let (user, course, session) = (format!("FU{n}"), format!("FC{n}"), format!("FS{n}"));
        ok(
            app,
            "WSUser.CreateUser",
            &create_user_call(&format!("fx{n}"), &user),
        )
        .await;
        let mut parts = course_create(&format!("Fixture {n}"), &user, &course);
        parts.insert(0, s("secret_key", key()));
        ok(app, "WSCourse.CreateCourse", &parts).await;
        let parts = session_parts(&format!("Fixture {n}"), "", "", &user, &session);
        ok(app, "WSSession.CreateSession", &parts).await;

        let parts: Vec<P> = operation
            .parts
            .iter()
            .filter_map(|part| {
                let value = match *part {
                    "secret_key" => key(),
                    "user_id_field_name" | "course_admin_user_id_field_name" => {
                        "external_user_id".into()
                    }
                    "user_id_value" | "course_admin_user_id_value" => user.clone(),
                    "course_id_field_name" => "external_course_id".into(),
                    "course_id_value" => course.clone(),
                    "session_id_field_name" => "external_session_id".into(),
                    "session_id_value" => session.clone(),
                    _ => return None,
                };
                Some(s(part, value))
            })
            .collect();
        let (status, body) = call(app, operation.name, &parts).await;
        let answer = shape(status, &body);
        let known = snapshot_shapes(operation.name);
        assert!(!known.is_empty(), "{} has no snapshot", operation.name);
        if !known.contains(&answer) {
            mismatches.push(format!(
                "{}: {answer}, snapshots: {known:?}",
                operation.name
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
