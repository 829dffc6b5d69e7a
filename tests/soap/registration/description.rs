//! WSRegistration end to end: a course's description sections
//! (`crates/soap/src/ws_registration/description.rs`).

use super::*;

fn read(ext: &str, key: &str) -> String {
    call(
        "WSCourseDescription",
        "courseDescription",
        "courseDescription",
        &[
            ("original_course_id_name", "external_course_id"),
            ("original_course_id_value", ext),
            ("secret_key", key),
        ],
    )
}

fn edit(items: &[(&str, &str, &str, &str)], key: &str) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|(ext, id, title, content)| {
            item(
                "editCourseDescriptionParams",
                &[
                    ("course_desc_id", id),
                    ("course_desc_title", title),
                    ("course_desc_content", content),
                    ("original_course_id_name", "external_course_id"),
                    ("original_course_id_value", ext),
                ],
                &[],
            )
        })
        .collect();
    list_call(
        "WSEditCourseDescription",
        "editCourseDescription",
        "course_desc",
        "editCourseDescriptionParams",
        &items,
        key,
    )
}

/// WSCourseDescription answers the eight sections (ids 1-8, Chamilo's default titles), empty
/// until written; WSEditCourseDescription writes one row per item (`1`; `0` for an unknown
/// course or a type outside 1-8; an empty title is the default title), and soap.php reads the
/// same sections. An unknown or closed course reads as an empty array, a wrong key on the edit
/// answers an empty array and writes nothing.
#[tokio::test]
async fn course_descriptions_read_and_edited() {
    let app = spawn_app().await;
    let k = key();
    let create = list_call(
        "WSCreateCourse",
        "createCourse",
        "courses",
        "createCourseParams",
        &[item(
            "createCourseParams",
            &[
                ("title", "Philosophy"),
                ("original_course_id_name", "external_course_id"),
                ("original_course_id_value", "DC1"),
            ],
            &[],
        )],
        &k,
    );
    post_to(&app, REGISTRATION, create).await;

    let body = snap_raw(&app, "WSCourseDescription-defaults", read("DC1", &k)).await;
    assert_eq!(
        all(&body, "course_desc_id"),
        ["1", "2", "3", "4", "5", "6", "7", "8"]
    );
    assert_eq!(
        all(&body, "course_desc_default_title"),
        [
            "Description",
            "Objectives",
            "Topics",
            "Methodology",
            "Course material",
            "Resources",
            "Assessment",
            "Add category"
        ]
    );
    assert!(all(&body, "course_desc_title").iter().all(String::is_empty));

    let body = snap_raw(
        &app,
        "WSEditCourseDescription",
        edit(
            &[
                ("DC1", "2", "Goals", "<p>think</p>"),
                ("DC1", "3", "", "ethics"),
                ("nope", "1", "Lost", "x"),
                ("DC1", "9", "Extra", "x"),
            ],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "1", "0", "0"]);
    assert_eq!(all(&body, "course_desc_id"), ["2", "3", "1", "9"]);
    assert_eq!(
        all(&body, "original_course_id_value"),
        ["DC1", "DC1", "nope", "DC1"]
    );

    let body = snap_raw(&app, "WSCourseDescription-edited", read("DC1", &k)).await;
    let titles = all(&body, "course_desc_title");
    assert_eq!(titles[..3], ["", "Goals", "Topics"]);
    assert_eq!(all(&body, "course_desc_content")[1], "<p>think</p>");

    // soap.php reads what registration.soap.php wrote
    let sections = ok(
        &app,
        "WSCourse.GetCourseDescriptions",
        &[
            s("secret_key", key()),
            s("course_id_field_name", "external_course_id"),
            s("course_id_value", "DC1"),
        ],
    )
    .await;
    assert_eq!(all(&sections, "course_desc_title"), ["Goals", "Topics"]);

    let body = snap_raw(
        &app,
        "WSEditCourseDescription-bad-key",
        edit(&[("DC1", "1", "Intruder", "x")], &"0".repeat(40)),
    )
    .await;
    assert!(!body.contains("Fault"), "{body}");
    assert!(all(&body, "result").is_empty());
    let body = post_to(&app, REGISTRATION, read("DC1", &k)).await.2;
    assert_eq!(all(&body, "course_desc_title")[0], "", "nothing written");

    snap_raw(&app, "WSCourseDescription-unknown", read("nope", &k)).await;

    // a closed course counts as deleted
    let close = id_items(
        "WSDeleteCourse",
        "deleteCourse",
        "courses",
        "deleteCourseParams",
        "course",
        &["DC1"],
        &k,
    );
    post_to(&app, REGISTRATION, close).await;
    let body = post_to(&app, REGISTRATION, read("DC1", &k)).await.2;
    assert!(
        body.contains("arrayType=\"tns:fields_course_desc[0]\""),
        "{body}"
    );
    let body = post_to(&app, REGISTRATION, edit(&[("DC1", "1", "t", "c")], &k))
        .await
        .2;
    assert_eq!(all(&body, "result"), ["0"]);
    // the key fault of every other operation, here too
    let body = post_to(&app, REGISTRATION, read("DC1", &"0".repeat(40)))
        .await
        .2;
    assert_eq!(fault_of(&body).0, "Server");
}
