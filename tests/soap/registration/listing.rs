//! WSRegistration end to end: listings (`crates/soap/src/ws_registration/`).

use super::*;

/// WSListCourses in both call shapes (Q20): build A's struct lists each course with its value
/// of the requested field and its students; build B's bare key lists them without external ids.
#[tokio::test]
async fn list_courses_in_both_call_shapes() {
    let app = spawn_app().await;
    let k = key();
    ok(&app, "WSUser.CreateUser", &create_user_call("ivy", "L0")).await;
    ok(&app, "WSUser.CreateUser", &create_user_call("jay", "L1")).await;
    for (title, ext) in [("Latin", "LC1"), ("Greek", "LC2")] {
        let mut parts = vec![s("secret_key", key())];
        let mut course = crate::course::course_create(title, "L0", ext);
        course[7] = s("course_id_field_name", "course_id_test");
        parts.extend(course);
        ok(&app, "WSCourse.CreateCourse", &parts).await;
    }
    let body = snap_raw(
        &app,
        "WSSubscribeUserToCourse-for-listing",
        userscourses(&[("LC1", "L1", "5")], &k).replace("external_course_id", "course_id_test"),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1"]);

    // in the store's listing order (by title)
    let body = snap_raw(&app, "WSListCourses-struct", list_courses_request(1, &k)).await;
    assert_eq!(all(&body, "title"), ["Greek", "Latin"]);
    assert_eq!(all(&body, "external_course_id"), ["LC2", "LC1"]);
    assert_eq!(all(&body, "number_students"), ["0", "1"]);
    let body = snap_raw(&app, "WSListCourses-bare-key", list_courses_request(4, &k)).await;
    assert_eq!(all(&body, "title"), ["Greek", "Latin"]);
    assert_eq!(all(&body, "external_course_id"), ["", ""]);
    // SoapClient through the WSDL with two plain arguments loses the key (it cannot make a
    // struct of it): the key fault, as the original answers
    let body = post_to(&app, REGISTRATION, list_courses_request(2, &k))
        .await
        .2;
    assert_eq!(fault_of(&body).0, "Server");
}

/// `sessions` for WSCreateSession: the items, under the key.
fn create_sessions(items: &[String], key: &str) -> String {
    let list = format!(
        "<sessions SOAP-ENC:arrayType=\"ns1:createSessionParam[{}]\" \
         xsi:type=\"ns1:createSessionParamList\">{}</sessions>",
        items.len(),
        items.concat()
    );
    call(
        "WSCreateSession",
        "createSession",
        "createSession",
        &[("secret_key", key)],
    )
    .replacen("<secret_key", &format!("{list}<secret_key"), 1)
}

/// A WSListSessions call (part `input`, type `session_arg`).
fn list_sessions(from: &str, to: &str, start: &str, end: &str, key: &str) -> String {
    call(
        "WSListSessions",
        "input",
        "session_arg",
        &[
            ("from", from),
            ("to", to),
            ("date_start", start),
            ("date_end", end),
            ("secret_key", key),
        ],
    )
    .replace(
        &format!("<from xsi:type=\"xsd:string\">{from}</from>"),
        &format!("<from xsi:type=\"xsd:int\">{from}</from>"),
    )
    .replace(
        &format!("<to xsi:type=\"xsd:string\">{to}</to>"),
        &format!("<to xsi:type=\"xsd:int\">{to}</to>"),
    )
}

/// WSListSessions: every session of the campus by id (those without courses too), `date_start`
/// keeping those starting on or after it and `date_end` those ending on or before it (a date
/// alone: that whole day), `from` an offset and `to` a row cap (0: none) (DECISIONS); each row's
/// `url` is the session page under the public base URL, the dates nil for a session without.
#[tokio::test]
async fn list_sessions_filtered_and_paged() {
    let app =
        crate::common::start_on_sqlite(&[("GATEWAY_PUBLIC_URL", "https://campus.example/lms/")]);
    let k = key();
    let coach = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("cody", "LS0")).await);
    let c = coach.to_string();
    let items = [
        session_item(
            "Spring",
            &c,
            ("2030", "1", "10"),
            ("2030", "3", "31"),
            "",
            "LS1",
        ),
        session_item(
            "Summer",
            &c,
            ("2030", "4", "1"),
            ("2030", "6", "30"),
            "",
            "LS2",
        ),
        session_item(
            "Autumn",
            &c,
            ("2030", "9", "1"),
            ("2030", "12", "20"),
            "",
            "LS3",
        ),
        session_item("Anytime", &c, ("", "", ""), ("", "", ""), "1", "LS4"),
    ];
    let body = post_to(&app, REGISTRATION, create_sessions(&items, &k))
        .await
        .2;
    let ids = all(&body, "result");
    assert!(ids.iter().all(|id| id != "0"), "{body}");

    let body = snap_raw(
        &app,
        "WSListSessions-all",
        list_sessions("0", "0", "", "", &k),
    )
    .await;
    assert_eq!(all(&body, "id"), ids);
    assert_eq!(
        all(&body, "title"),
        ["Spring", "Summer", "Autumn", "Anytime"]
    );
    assert_eq!(
        all(&body, "url")[0],
        format!(
            "https://campus.example/lms/main/session/index.php?session_id={}",
            ids[0]
        )
    );
    assert_eq!(
        all(&body, "date_start")[..3],
        [
            "2030-01-10 00:00:00",
            "2030-04-01 00:00:00",
            "2030-09-01 00:00:00"
        ]
    );
    assert_eq!(all(&body, "date_end")[1], "2030-06-30 23:59:59");
    assert!(body.contains("<date_start xsi:nil=\"true\""), "{body}");

    // Summer ends on 06-30 at 23:59:59: ending "by 2030-06-30" includes it
    let body = snap_raw(
        &app,
        "WSListSessions-dates",
        list_sessions("0", "0", "2030-01-10", "2030-06-30", &k),
    )
    .await;
    assert_eq!(all(&body, "title"), ["Spring", "Summer"]);
    let body = post_to(
        &app,
        REGISTRATION,
        list_sessions("0", "0", "2030-01-11", "", &k),
    )
    .await
    .2;
    assert_eq!(all(&body, "title"), ["Summer", "Autumn"]);
    let body = post_to(
        &app,
        REGISTRATION,
        list_sessions("0", "0", "", "2030-06-29", &k),
    )
    .await
    .2;
    assert_eq!(all(&body, "title"), ["Spring"]);

    let body = snap_raw(
        &app,
        "WSListSessions-page",
        list_sessions("1", "2", "", "", &k),
    )
    .await;
    assert_eq!(all(&body, "title"), ["Summer", "Autumn"]);
    let body = post_to(&app, REGISTRATION, list_sessions("3", "0", "", "", &k))
        .await
        .2;
    assert_eq!(all(&body, "title"), ["Anytime"]);
    let body = post_to(&app, REGISTRATION, list_sessions("-5", "-1", "", "", &k))
        .await
        .2;
    assert_eq!(all(&body, "title").len(), 4);
    let body = post_to(&app, REGISTRATION, list_sessions("9", "0", "", "", &k))
        .await
        .2;
    assert!(all(&body, "title").is_empty());
    assert!(
        body.contains("SOAP-ENC:arrayType=\"tns:session[0]\""),
        "{body}"
    );

    // a date that is not one: the original's invalid-input fault; a wrong key: the key fault
    let body = snap_raw(
        &app,
        "WSListSessions-bad-date",
        list_sessions("0", "0", "", "June", &k),
    )
    .await;
    assert_eq!(
        fault_of(&body),
        (
            "Server".to_owned(),
            "The input variables are invalid o are not correctly set".to_owned()
        )
    );
    let body = snap_raw(
        &app,
        "WSListSessions-bad-key",
        list_sessions("0", "0", "", "", &"0".repeat(40)),
    )
    .await;
    assert_eq!(
        fault_of(&body).1,
        "Secret key is not correct or params are not correctly set"
    );
}
