//! Redirect actions (`crates/rest/src/redirects.rs`), as one transcript
//! (`snapshots/rest__redirects__redirects.snap`).

use crate::common::rest::{self, Rest, Transcript, ADMIN};

/// Redirect actions: 302 to `lms_url` with the original's path, or an error envelope when
/// no `lms_url` is configured.
#[tokio::test]
async fn redirect_actions() {
    let mut t = Transcript::default();
    let plain = Rest::start().await;
    plain
        .admin(
            "save_course",
            &[("title", "Course A"), ("wanted_code", "A")],
        )
        .await;
    for (label, query) in [
        ("view_my_courses", "action=view_my_courses"),
        ("view_user_profile", "action=view_user_profile&user_id=1"),
        ("view_message", "action=view_message&message=4"),
        ("view_course_home", "action=view_course_home&course=1"),
    ] {
        let a = plain
            .get(&format!(
                "{query}&username={ADMIN}&api_key={}",
                plain.admin_key
            ))
            .await;
        t.add(&plain, &format!("{label} without lms_url"), &a);
    }
    drop(plain);

    let app = rest::start_on_sqlite(&[("GATEWAY_LMS_URL", "https://campus.example.org")]);
    let r = Rest::on(app).await;
    r.admin(
        "save_course",
        &[
            ("title", "Course A"),
            ("wanted_code", "A"),
            ("remove_campus_id_from_wanted_code", "1"),
        ],
    )
    .await;
    r.admin("save_session", &[("name", "S1")]).await;
    let key = r.admin_key.clone();
    for (label, query) in [
        ("view_my_courses", "action=view_my_courses".to_owned()),
        (
            "view_user_profile",
            "action=view_user_profile&user_id=7".to_owned(),
        ),
        (
            "view_user_profile self",
            "action=view_user_profile".to_owned(),
        ),
        ("view_message", "action=view_message&message=4".to_owned()),
        (
            "view_course_home",
            "action=view_course_home&course=1&session=1".to_owned(),
        ),
        (
            "view_course_home without course",
            "action=view_course_home".to_owned(),
        ),
        (
            "view_course_home unknown course",
            "action=view_course_home&course=9".to_owned(),
        ),
    ] {
        let resp = r
            .http
            .get(format!(
                "{}?{query}&username={ADMIN}&api_key={key}",
                r.url()
            ))
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let cors = resp.headers().get("access-control-allow-origin").is_some();
        let body = resp.text().await.unwrap();
        match location {
            Some(l) => {
                assert_eq!(status, 302, "{label}");
                assert!(body.is_empty() && !cors, "{label}");
                t.add(
                    &r,
                    label,
                    &rest::Answer {
                        status: 302,
                        content_type: String::new(),
                        cors: String::new(),
                        body: format!("Location: {l}"),
                    },
                );
            }
            None => t.add(
                &r,
                label,
                &rest::Answer {
                    status,
                    content_type: String::new(),
                    cors: String::new(),
                    body,
                },
            ),
        }
    }
    let no_key = r.get("action=view_my_courses").await;
    t.add(&r, "view_my_courses without key", &no_key);
    insta::assert_snapshot!("redirects", t.text());
}
