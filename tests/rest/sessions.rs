//! Session actions (`crates/rest/src/sessions.rs`), as one transcript per backend
//! (`snapshots/rest__sessions__sessions.snap`).

use crate::common::rest::{Rest, Transcript};

#[tokio::test]
async fn sessions() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        r.create_user("student", "pw-student").await;
        let sk = r.authenticate("student", "pw-student").await;
        r.admin(
            "save_course",
            &[
                ("title", "Course A"),
                ("wanted_code", "A"),
                ("remove_campus_id_from_wanted_code", "1"),
            ],
        )
        .await;
        r.admin(
            "save_course",
            &[
                ("title", "Course B"),
                ("wanted_code", "B"),
                ("remove_campus_id_from_wanted_code", "1"),
            ],
        )
        .await;
        step!(
            t,
            r,
            "save_session",
            r.admin(
                "save_session",
                &[
                    ("name", "Session api test"),
                    ("coach_username", "1"),
                    ("access_start_date", "2020-09-10 00:00:00"),
                    ("access_end_date", "2026-09-10 00:00:00"),
                    ("description", "Session api description"),
                    ("extra[extra_Price]", "200")
                ]
            )
        );
        step!(
            t,
            r,
            "save_session duplicate name",
            r.admin("save_session", &[("name", "Session api test")])
        );
        step!(
            t,
            r,
            "save_session without name",
            r.admin("save_session", &[("description", "x")])
        );
        step!(
            t,
            r,
            "save_session invalid start date",
            r.admin(
                "save_session",
                &[("name", "S2"), ("access_start_date", "2020-02-30 10:00")]
            )
        );
        step!(
            t,
            r,
            "save_session invalid end date",
            r.admin(
                "save_session",
                &[("name", "S2"), ("access_end_date", "soon")]
            )
        );
        step!(
            t,
            r,
            "save_session start after end",
            r.admin(
                "save_session",
                &[
                    ("name", "S2"),
                    ("access_start_date", "2021-01-01 00:00"),
                    ("access_end_date", "2020-01-01 00:00")
                ]
            )
        );
        step!(
            t,
            r,
            "save_session unknown coach",
            r.admin("save_session", &[("name", "S2"), ("coach_username", "999")])
        );
        step!(
            t,
            r,
            "save_session non-admin",
            r.call("student", &sk, "save_session", &[("name", "S3")])
        );
        step!(
            t,
            r,
            "save_session extra as list of maps",
            r.admin(
                "save_session",
                &[
                    ("name", "Model"),
                    ("extra[0][extra_Price]", "300"),
                    ("extra[1][extra_external_session_id]", "SESS-M")
                ]
            )
        );
        r.admin(
            "add_courses_session",
            &[
                ("id_session", "2"),
                ("list_courses[]", "2"),
                ("list_courses[]", "1"),
            ],
        )
        .await;
        step!(
            t,
            r,
            "get_sessions",
            r.admin("get_sessions", &[("id_campus", "1")])
        );
        step!(
            t,
            r,
            "get_session_from_extra_field",
            r.admin(
                "get_session_from_extra_field",
                &[("field_name", "price"), ("field_value", "300")]
            )
        );
        step!(
            t,
            r,
            "get_session_from_extra_field (documented names)",
            r.admin(
                "get_session_from_extra_field",
                &[
                    ("fieldName", "external_session_id"),
                    ("fieldValue", "SESS-M")
                ]
            )
        );
        step!(
            t,
            r,
            "get_session_from_extra_field no match",
            r.admin(
                "get_session_from_extra_field",
                &[("field_name", "price"), ("field_value", "1")]
            )
        );
        r.admin(
            "update_session",
            &[("session_id", "1"), ("extra[extra_Price]", "300")],
        )
        .await;
        step!(
            t,
            r,
            "get_session_from_extra_field two matches",
            r.admin(
                "get_session_from_extra_field",
                &[("field_name", "price"), ("field_value", "300")]
            )
        );
        step!(
            t,
            r,
            "get_session_from_extra_field missing value",
            r.admin("get_session_from_extra_field", &[("field_name", "price")])
        );
        step!(
            t,
            r,
            "get_session_from_extra_field unknown field",
            r.admin(
                "get_session_from_extra_field",
                &[("field_name", "nofield"), ("field_value", "1")]
            )
        );
        step!(
            t,
            r,
            "update_session",
            r.admin(
                "update_session",
                &[
                    ("session_id", "1"),
                    ("reset", "0"),
                    ("name", "updated session name"),
                    ("id_coach", "1"),
                    ("access_start_date", "2020-09-10 00:00:00"),
                    ("access_end_date", "2026-09-10 00:00:00"),
                    ("description", "Session api description updated")
                ]
            )
        );
        step!(
            t,
            r,
            "update_session invalid date",
            r.admin(
                "update_session",
                &[("session_id", "1"), ("access_start_date", "2020-09-10")]
            )
        );
        step!(
            t,
            r,
            "update_session start after end",
            r.admin(
                "update_session",
                &[
                    ("session_id", "1"),
                    ("access_start_date", "2030-01-01 00:00"),
                    ("access_end_date", "2029-01-01 00:00")
                ]
            )
        );
        step!(
            t,
            r,
            "update_session unknown session",
            r.admin("update_session", &[("session_id", "99"), ("name", "x")])
        );
        step!(
            t,
            r,
            "update_session missing session_id",
            r.admin("update_session", &[("name", "x")])
        );
        step!(
            t,
            r,
            "update_session reset without name",
            r.admin(
                "update_session",
                &[
                    ("session_id", "1"),
                    ("reset", "1"),
                    ("description", "only this")
                ]
            )
        );
        step!(
            t,
            r,
            "get_sessions after update",
            r.admin("get_sessions", &[])
        );
        step!(
            t,
            r,
            "create_session_from_model",
            r.admin(
                "create_session_from_model",
                &[
                    ("modelSessionId", "2"),
                    ("sessionName", "From model"),
                    ("startDate", "2021-12-22 22:00:00"),
                    ("endDate", "2022-01-22 22:00:00"),
                    ("extraFields[external_session_id]", "SESS-NEW")
                ]
            )
        );
        step!(
            t,
            r,
            "the new session has the model's courses in order and the new extra",
            r.admin(
                "get_session_from_extra_field",
                &[
                    ("field_name", "external_session_id"),
                    ("field_value", "SESS-NEW")
                ]
            )
        );
        step!(
            t,
            r,
            "create_session_from_model unknown model",
            r.admin(
                "create_session_from_model",
                &[
                    ("modelSessionId", "99"),
                    ("sessionName", "X"),
                    ("startDate", "2021-12-22 22:00:00"),
                    ("endDate", "2022-01-22 22:00:00")
                ]
            )
        );
        step!(
            t,
            r,
            "create_session_from_model taken name",
            r.admin(
                "create_session_from_model",
                &[
                    ("modelSessionId", "2"),
                    ("sessionName", "From model"),
                    ("startDate", "2021-12-22 22:00:00"),
                    ("endDate", "2022-01-22 22:00:00")
                ]
            )
        );
        step!(
            t,
            r,
            "create_session_from_model missing params",
            r.admin("create_session_from_model", &[("modelSessionId", "2")])
        );
        step!(
            t,
            r,
            "create_session_from_model bad date",
            r.admin(
                "create_session_from_model",
                &[
                    ("modelSessionId", "2"),
                    ("sessionName", "Y"),
                    ("startDate", "nope"),
                    ("endDate", "2022-01-22 22:00:00")
                ]
            )
        );
        r.admin(
            "add_users_session",
            &[("id_session", "3"), ("list_users[]", "2")],
        )
        .await;
        step!(
            t,
            r,
            "user_sessions",
            r.call("student", &sk, "user_sessions", &[])
        );
        step!(
            t,
            r,
            "get_sessions non-admin",
            r.call("student", &sk, "get_sessions", &[])
        );
        insta::assert_snapshot!("sessions", t.text());
    }
}
