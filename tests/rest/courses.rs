//! Course actions (`crates/rest/src/courses.rs`), as one transcript per backend
//! (`snapshots/rest__courses__courses.snap`).

use crate::common::rest::{Rest, Transcript};

#[tokio::test]
async fn courses() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        r.create_user("student", "pw-student").await;
        let sk = r.authenticate("student", "pw-student").await;
        step!(
            t,
            r,
            "save_course",
            r.admin(
                "save_course",
                &[
                    ("title", "Physics 101"),
                    ("wanted_code", "PHYS"),
                    ("language", "english"),
                    ("visibility", "2"),
                    ("extra_external_course_id", "EXT-1")
                ]
            )
        );
        step!(
            t,
            r,
            "save_course same code again (code varied)",
            r.admin(
                "save_course",
                &[
                    ("title", "Physics again"),
                    ("wanted_code", "PHYS"),
                    ("extra_external_course_id", "EXT-2")
                ]
            )
        );
        step!(
            t,
            r,
            "save_course without campus prefix",
            r.admin(
                "save_course",
                &[
                    ("title", "Chemistry"),
                    ("wanted_code", "CHEM"),
                    ("remove_campus_id_from_wanted_code", "1"),
                    ("disk_quota", "1000")
                ]
            )
        );
        step!(
            t,
            r,
            "save_course without title",
            r.admin("save_course", &[("wanted_code", "X")])
        );
        step!(
            t,
            r,
            "save_course bad visibility",
            r.admin("save_course", &[("title", "V"), ("visibility", "9")])
        );
        step!(
            t,
            r,
            "save_course non-admin",
            r.call("student", &sk, "save_course", &[("title", "Mine")])
        );
        step!(
            t,
            r,
            "get_courses",
            r.admin("get_courses", &[("id_campus", "1")])
        );
        step!(
            t,
            r,
            "get_courses non-admin",
            r.call("student", &sk, "get_courses", &[])
        );
        step!(
            t,
            r,
            "get_courses_from_extra_field",
            r.admin(
                "get_courses_from_extra_field",
                &[
                    ("extra_field_variable", "external_course_id"),
                    ("extra_field_value", "EXT-1"),
                    ("id_campus", "1")
                ]
            )
        );
        step!(
            t,
            r,
            "get_courses_from_extra_field without id_campus",
            r.admin(
                "get_courses_from_extra_field",
                &[
                    ("extra_field_variable", "external_course_id"),
                    ("extra_field_value", "EXT-1")
                ]
            )
        );
        step!(
            t,
            r,
            "get_courses_from_extra_field unknown field",
            r.admin(
                "get_courses_from_extra_field",
                &[
                    ("extra_field_variable", "nofield"),
                    ("extra_field_value", "1"),
                    ("id_campus", "1")
                ]
            )
        );
        step!(
            t,
            r,
            "get_courses_from_extra_field without key",
            r.form(&[
                ("action", "get_courses_from_extra_field"),
                ("extra_field_variable", "external_course_id"),
                ("extra_field_value", "EXT-1"),
                ("id_campus", "1")
            ])
        );
        step!(
            t,
            r,
            "courses_details_by_extra_field",
            r.admin(
                "courses_details_by_extra_field",
                &[
                    ("field_name", "external_course_id"),
                    ("field_value", "EXT-2")
                ]
            )
        );
        step!(
            t,
            r,
            "courses_details_by_extra_field no match",
            r.admin(
                "courses_details_by_extra_field",
                &[
                    ("field_name", "external_course_id"),
                    ("field_value", "none")
                ]
            )
        );
        step!(
            t,
            r,
            "courses_details_by_extra_field unknown field",
            r.admin(
                "courses_details_by_extra_field",
                &[("field_name", "nofield"), ("field_value", "x")]
            )
        );
        r.admin(
            "subscribe_user_to_course",
            &[("course_id", "1"), ("user_id", "2")],
        )
        .await;
        step!(
            t,
            r,
            "user_courses (student)",
            r.call("student", &sk, "user_courses", &[])
        );
        step!(
            t,
            r,
            "user_courses of user 2 by admin",
            r.admin("user_courses", &[("user_id", "2")])
        );
        step!(
            t,
            r,
            "user_courses of admin by student",
            r.call("student", &sk, "user_courses", &[("user_id", "1")])
        );
        step!(
            t,
            r,
            "course_info",
            r.call("student", &sk, "course_info", &[("course", "1")])
        );
        step!(
            t,
            r,
            "course_info without course",
            r.call("student", &sk, "course_info", &[])
        );
        step!(
            t,
            r,
            "course_descriptions",
            r.call(
                "student",
                &sk,
                "course_descriptions",
                &[
                    ("course", "1"),
                    ("fields[]", "external_course_id"),
                    ("fields[]", "nofield")
                ]
            )
        );
        step!(
            t,
            r,
            "course_descriptions fields as scalar",
            r.call(
                "student",
                &sk,
                "course_descriptions",
                &[("course", "1"), ("fields", "external_course_id")]
            )
        );
        step!(
            t,
            r,
            "delete_course non-admin",
            r.call("student", &sk, "delete_course", &[("course_id", "3")])
        );
        step!(
            t,
            r,
            "delete_course by code",
            r.admin("delete_course", &[("course_code", "CHEM")])
        );
        step!(
            t,
            r,
            "delete_course unknown",
            r.admin("delete_course", &[("course_id", "3")])
        );
        step!(
            t,
            r,
            "delete_course by id",
            r.admin("delete_course", &[("course_id", "2")])
        );
        step!(
            t,
            r,
            "get_courses after deletes",
            r.admin("get_courses", &[])
        );
        insta::assert_snapshot!("courses", t.text());
    }
}
