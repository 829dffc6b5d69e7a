//! WSRegistration end to end: course creation, and its update of the course an external id
//! already names (`crates/soap/src/ws_registration/course_create.rs`).

use super::*;

/// A `createCourseParams` item as PHP's SoapClient sends it: every WSDL member, empty when the
/// caller leaves it out, then `more` (members the original reads outside the WSDL).
fn create_item(
    title: &str,
    wanted: &str,
    language: &str,
    quota: &str,
    ext: &str,
    more: &[(&str, &str)],
) -> String {
    let mut members = vec![
        ("title", title),
        ("category_code", "PHYS"),
        ("wanted_code", wanted),
        ("tutor_name", "Ada"),
        ("course_language", language),
        ("disk_quota", quota),
        ("subscribe", ""),
        ("unsubscribe", ""),
        ("original_course_id_name", "external_course_id"),
        ("original_course_id_value", ext),
    ];
    members.extend_from_slice(more);
    item("createCourseParams", &members, &[("dept", "science")])
}

async fn by_code(gw: &chamilo_core::Gateway, code: &str) -> chamilo_core::courses::Course {
    gw.find_course_by_code(code).await.unwrap().expect(code)
}

fn create_courses(items: &[String]) -> String {
    list_call(
        "WSCreateCourse",
        "createCourse",
        "courses",
        "createCourseParams",
        items,
        &key(),
    )
}

/// WSCreateCourse: one row per item, the course code (`0` for a refused item). Language
/// `english` and 100 MB when sent empty; the visibility member the WSDL lacks is read. Created
/// again: an open course is updated and answers its code (its language kept unless given, Q17),
/// a closed one answers `0`. soap.php lists the same courses under the same external ids.
#[tokio::test]
async fn create_course_then_update_through_create() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let first = create_courses(&[
        create_item("Quantum Physics", "QP", "", "", "CC1", &[]),
        create_item(
            "Chemistry",
            "",
            "french",
            "5",
            "CC2",
            &[("visibility", "3")],
        ),
        create_item("", "", "", "", "CC3", &[]),
        create_item("Closed Topic", "", "", "", "CC4", &[]),
    ]);
    let body = snap_raw(&app, "WSCreateCourse", first).await;
    assert_eq!(
        all(&body, "result"),
        ["QP", "CHEMISTRY", "0", "CLOSEDTOPIC"]
    );
    assert_eq!(
        all(&body, "original_course_id_value"),
        ["CC1", "CC2", "CC3", "CC4"]
    );
    let qp = by_code(&gw, "QP").await;
    assert_eq!(
        (
            qp.title.as_str(),
            qp.category_code.as_str(),
            qp.tutor_name.as_str(),
            qp.course_language.as_str(),
        ),
        ("Quantum Physics", "PHYS", "Ada", "english")
    );
    assert_eq!((qp.disk_quota, qp.visibility), (100 * 1024 * 1024, 2));
    assert!(qp.subscribe && !qp.unsubscribe);
    let chemistry = by_code(&gw, "CHEMISTRY").await;
    assert_eq!(
        (
            chemistry.disk_quota,
            chemistry.visibility,
            chemistry.course_language.as_str()
        ),
        (5 * 1024 * 1024, 3, "french")
    );
    assert_eq!(gw.list_courses(&Default::default()).await.unwrap().len(), 3);

    // the same courses through soap.php, by the same external ids
    let listed = ok(
        &app,
        "WSCourse.ListCourses",
        &[
            s("secret_key", key()),
            s("course_id_field_name", "external_course_id"),
            s("visibilities", "public,public-registered"),
        ],
    )
    .await;
    assert_eq!(all(&listed, "code"), ["CHEMISTRY", "CLOSEDTOPIC", "QP"]);
    assert_eq!(all(&listed, "external_course_id"), ["CC2", "CC4", "CC1"]);

    let close = id_items(
        "WSDeleteCourse",
        "deleteCourse",
        "courses",
        "deleteCourseParams",
        "course",
        &["CC4"],
        &key(),
    );
    post_to(&app, REGISTRATION, close).await;
    let again = create_courses(&[
        create_item("Chemistry II", "", "", "", "CC2", &[]),
        create_item(
            "Quantum Physics",
            "QP",
            "german",
            "",
            "CC1",
            &[("visibility", "1")],
        ),
        create_item("Reopened", "", "", "", "CC4", &[]),
        create_item("Biology", "", "", "", "CC5", &[]),
    ]);
    let body = snap_raw(&app, "WSCreateCourse-update", again).await;
    assert_eq!(all(&body, "result"), ["CHEMISTRY", "QP", "0", "BIOLOGY"]);
    let chemistry = by_code(&gw, "CHEMISTRY").await;
    assert_eq!(
        (
            chemistry.title.as_str(),
            chemistry.course_language.as_str(),
            chemistry.visibility,
            chemistry.disk_quota,
        ),
        ("Chemistry II", "french", 3, 5 * 1024 * 1024),
        "the language and visibility kept, the quota untouched"
    );
    assert_eq!(chemistry.visual_code, "CHEMISTRYII");
    let qp = by_code(&gw, "QP").await;
    assert_eq!((qp.course_language.as_str(), qp.visibility), ("german", 1));
    let closed = by_code(&gw, "CLOSEDTOPIC").await;
    assert_eq!(
        (closed.title.as_str(), closed.visibility),
        ("Closed Topic", 0)
    );
    assert_eq!(
        gw.list_courses(&Default::default()).await.unwrap().len(),
        4,
        "one new course (CC5), no second CC1, CC2 or CC4"
    );
}

/// WSCreateCourseByTitle: the code from the title (refused, `0`, when a course has it), category
/// `LANG`, language `spanish`, the platform admin as tutor when none is given; created again,
/// the course is updated (visibility 3) and answers its numeric id (Q8).
#[tokio::test]
async fn create_course_by_title() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    gw.ensure_admin("root", "secret-pass", None).await.unwrap();
    // a first course, so that the updated course's id is not `1`
    let warm_up = chamilo_core::courses::NewCourse {
        title: "Warm-up".into(),
        ..Default::default()
    };
    gw.create_course(warm_up).await.unwrap();
    let by_title = |title: &str, tutor: &str, ext: &str| {
        item(
            "createCourseByTitleParams",
            &[
                ("title", title),
                ("tutor_name", tutor),
                ("original_course_id_name", "external_course_id"),
                ("original_course_id_value", ext),
            ],
            &[],
        )
    };
    let request = list_call(
        "WSCreateCourseByTitle",
        "createCourseByTitle",
        "courses",
        "createCourseByTitleParams",
        &[
            by_title("Álgebra Lineal", "", "BT1"),
            by_title("Algebra lineal", "Bob", "BT2"),
            by_title("Linear Algebra", "Grace", "BT1"),
        ],
        &key(),
    );
    let body = snap_raw(&app, "WSCreateCourseByTitle", request).await;
    let course = gw
        .find_course_by_code("ALGEBRALINEAL")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        all(&body, "result"),
        ["ALGEBRALINEAL", "0", &course.id.to_string()]
    );
    assert_eq!(
        (
            course.title.as_str(),
            course.category_code.as_str(),
            course.course_language.as_str(),
            course.tutor_name.as_str(),
            course.visibility,
        ),
        ("Linear Algebra", "LANG", "spanish", "Grace", 3)
    );
    assert_eq!(course.visual_code, "LINEARALGEBRA");
    assert_eq!(gw.list_courses(&Default::default()).await.unwrap().len(), 2);

    // no tutor given: the platform admin's name
    let request = list_call(
        "WSCreateCourseByTitle",
        "createCourseByTitle",
        "courses",
        "createCourseByTitleParams",
        &[by_title("Geology", "", "BT3")],
        &key(),
    );
    let body = post_to(&app, REGISTRATION, request).await.2;
    assert_eq!(all(&body, "result"), ["GEOLOGY"]);
    let geology = gw.find_course_by_code("GEOLOGY").await.unwrap().unwrap();
    assert_eq!(geology.tutor_name, "Admin root");
}
