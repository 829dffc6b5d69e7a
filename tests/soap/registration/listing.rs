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
