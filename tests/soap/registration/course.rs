//! WSRegistration end to end: course enrolment, course edits and deletes (`crates/soap/src/ws_registration/`).

use super::*;

/// WSSubscribeUserToCourse (one row per item: 1 subscribed, 0 unknown or already in) and
/// WSUnSubscribeUserFromCourseSimple (1 once out, 0 for an unknown course), on a course and
/// users soap.php created: the same data.
#[tokio::test]
async fn course_enrolment_by_external_ids() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let dee = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("dee", "R4")).await);
    let mut parts = vec![s("secret_key", key())];
    parts.extend(crate::course::course_create("Algebra", "R4", "RC1"));
    let course = ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await);
    let eve = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("eve", "R5")).await);
    let k = key();

    let body = snap_raw(
        &app,
        "WSSubscribeUserToCourse",
        userscourses(
            &[
                ("RC1", "R5", "0"),
                ("RC1", "R5", "5"),
                ("nope", "R5", "5"),
                ("RC1", "nobody", "5"),
            ],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "0", "0", "0"]);
    assert_eq!(
        all(&body, "original_user_id_value"),
        ["R5", "R5", "R5", "nobody"]
    );
    let students: Vec<i64> = gw
        .course_users(course)
        .await
        .unwrap()
        .iter()
        .filter(|cu| cu.status == 5)
        .map(|cu| cu.user_id)
        .collect();
    assert_eq!(students, [eve]);

    let unsubscribe = |course: &str| {
        call(
            "WSUnSubscribeUserFromCourseSimple",
            "unSubscribeUserFromCourseSimple",
            "unSubscribeUserFromCourseSimple",
            &[
                ("original_user_id_value", "R5"),
                ("original_user_id_name", "external_user_id"),
                ("original_course_id_value", course),
                ("original_course_id_name", "external_course_id"),
                ("secret_key", &k),
            ],
        )
    };
    let body = snap_raw(
        &app,
        "WSUnSubscribeUserFromCourseSimple-ok",
        unsubscribe("RC1"),
    )
    .await;
    assert_eq!(text(&body, "result").unwrap(), "1");
    let body = snap_raw(
        &app,
        "WSUnSubscribeUserFromCourseSimple-unknown",
        unsubscribe("nope"),
    )
    .await;
    assert_eq!(text(&body, "result").unwrap(), "0");
    let members: Vec<i64> = gw
        .course_users(course)
        .await
        .unwrap()
        .iter()
        .map(|cu| cu.user_id)
        .collect();
    assert_eq!(members, [dee], "only the teacher is left");
}

/// WSDeleteCourse closes (visibility 0; a closed course counts as deleted: `0` again) and
/// WSDeleteSession deletes; rows echo the id values (Q14).
#[tokio::test]
async fn delete_course_and_session() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    ok(&app, "WSUser.CreateUser", &create_user_call("prof", "D0")).await;
    let mut parts = vec![s("secret_key", key())];
    parts.extend(crate::course::course_create("Geometry", "D0", "DC1"));
    let course = ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await);
    let session_parts =
        crate::session::session_parts("Fall", "2030-09-01", "2030-12-20", "D0", "DS1");
    let session = ret_int(&ok(&app, "WSSession.CreateSession", &session_parts).await);

    let body = snap_raw(
        &app,
        "WSDeleteCourse",
        id_items(
            "WSDeleteCourse",
            "deleteCourse",
            "courses",
            "deleteCourseParams",
            "course",
            &["DC1", "DC1", "nope"],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "0", "0"]);
    assert_eq!(
        gw.get_course(course).await.unwrap().visibility,
        0,
        "closed, not deleted"
    );

    let body = snap_raw(
        &app,
        "WSDeleteSession",
        id_items(
            "WSDeleteSession",
            "deleteSession",
            "sessions",
            "deleteSessionParams",
            "session",
            &["DS1", "nope"],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "0"]);
    assert_eq!(all(&body, "original_session_id_value"), ["DS1", "nope"]);
    assert!(gw.get_session(session).await.is_err());
}

/// WSEditCourse: a row per item, `1` edited (every described value; the tutor name from a
/// teacher's id; the visual code from the title when empty; a closed course reopens), `0` for
/// an unknown course.
#[tokio::test]
async fn edit_courses() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let mut teacher = create_user_call("ulf", "V0");
    teacher[1] = s("firstname", "Ulf");
    teacher[2] = s("lastname", "Berg");
    teacher[3] = i("status", 1);
    let ulf = ret_int(&ok(&app, "WSUser.CreateUser", &teacher).await);
    let mut parts = vec![s("secret_key", key())];
    parts.extend(crate::course::course_create("Logic", "V0", "VC1"));
    let course = ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await);
    let closed = id_items(
        "WSDeleteCourse",
        "deleteCourse",
        "courses",
        "deleteCourseParams",
        "course",
        &["VC1"],
        &k,
    );
    post_to(&app, REGISTRATION, closed).await;

    let item = |ext: &str, title: &str| {
        let fields = [
            ("tutor_id", ulf.to_string()),
            ("title", title.to_owned()),
            ("category_code", "MATH".to_owned()),
            ("department_name", "Dept".to_owned()),
            ("department_url", "http://dept.example".to_owned()),
            ("course_language", "french".to_owned()),
            ("visibility", "2".to_owned()),
            ("subscribe", "1".to_owned()),
            ("unsubscribe", "0".to_owned()),
            ("visual_code", String::new()),
            ("disk_quota", String::new()),
            ("original_course_id_name", "external_course_id".to_owned()),
            ("original_course_id_value", ext.to_owned()),
        ];
        let members: String = fields
            .iter()
            .map(|(k, v)| format!("<{k} xsi:type=\"xsd:string\">{v}</{k}>"))
            .collect();
        format!("<item xsi:type=\"ns1:editCourseParams\">{members}</item>")
    };
    let list = format!(
        "<courses SOAP-ENC:arrayType=\"ns1:editCourseParams[2]\" xsi:type=\"ns1:editCourseParamsList\">{}{}</courses>",
        item("VC1", "Formal Logic"),
        item("nope", "Ghost")
    );
    let request = call(
        "WSEditCourse",
        "editCourse",
        "editCourse",
        &[("secret_key", &k)],
    )
    .replacen("<secret_key", &format!("{list}<secret_key"), 1);
    let body = snap_raw(&app, "WSEditCourse", request).await;
    assert_eq!(all(&body, "result"), ["1", "0"]);
    let c = gw.get_course(course).await.unwrap();
    assert_eq!(
        (
            c.title.as_str(),
            c.tutor_name.as_str(),
            c.visibility,
            c.course_language.as_str()
        ),
        ("Formal Logic", "BergUlf", 2, "french")
    );
    assert_eq!(c.visual_code, "FORMALLOGIC");
    assert_eq!(c.disk_quota, 100 * 1024 * 1024);
}
