//! WSCourse (`crates/soap/src/ws_service/course.rs`): the sequence's course steps
//! (`sequence.rs`; snapshots `snapshots/soap__course__*.snap`).

use crate::common::soap::*;
use crate::common::TestApp;
use crate::sequence::{cat, codes, cref, uref, with_key};

snapshot_calls!();

/// CreateCourse's parts (without the key): course `ext` titled `title`, taught by user `admin`.
pub fn course_create(title: &str, admin: &str, ext: &str) -> Vec<P> {
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

/// The sequence's WSCourse steps after the users: create (one and a batch), edit, list,
/// subscribe and unsubscribe users, descriptions; answers the id of Algebra (course `C1`).
pub async fn create_edit_list_subscribe_describe(app: &TestApp) -> i64 {
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
    algebra
}

/// The sequence's deleting courses, last: `algebra` (`C1`) is gone from the core `gw`.
pub async fn delete(app: &TestApp, gw: &chamilo_core::Gateway, algebra: i64) {
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
}
