//! One domain, two protocols: records created over SOAP (raw XML posted to soap.php) are
//! found by the REST lookups by extra field, and records created over REST are addressed
//! over SOAP by external id and by `chamilo_*_id`.

use crate::common::rest::{self, Rest};

fn secret_key() -> String {
    chamilo_core::passwords::sha1_hex(&format!("127.0.0.1{}", rest::SECURITY_KEY))
}

/// `<name xsi:type="xsd:string">value</name>` parts (values XML-escaped).
fn parts(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let v = v
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            format!(r#"<{k} xsi:type="xsd:string">{v}</{k}>"#)
        })
        .collect()
}

fn extras(pairs: &[(&str, &str)]) -> String {
    let items: String = pairs
        .iter()
        .map(|(k, v)| format!(r#"<item xsi:type="ns1:extras"><field_name xsi:type="xsd:string">{k}</field_name><field_value xsi:type="xsd:string">{v}</field_value></item>"#))
        .collect();
    format!(
        r#"<extras SOAP-ENC:arrayType="ns1:extras[{}]" xsi:type="SOAP-ENC:Array">{items}</extras>"#,
        pairs.len()
    )
}

/// Posts one SOAP call; the response body (asserting HTTP 200, no fault).
async fn soap(r: &Rest, op: &str, body: &str) -> String {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:WSService" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><SOAP-ENV:Body><ns1:{op}><secret_key xsi:type="xsd:string">{}</secret_key>{body}</ns1:{op}></SOAP-ENV:Body></SOAP-ENV:Envelope>"#,
        secret_key()
    );
    let resp = r
        .http
        .post(r.app.url("/main/webservices/soap.php"))
        .header("content-type", "text/xml; charset=utf-8")
        .body(xml)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    assert_eq!(status, 200, "{op}: {text}");
    assert!(!text.contains("Fault"), "{op}: {text}");
    text
}

#[tokio::test]
async fn soap_records_are_found_by_rest_lookups() {
    for r in Rest::start_all_and_platform("bcrypt").await {
        soap(
            &r,
            "WSUser.CreateUser",
            &format!(
                "{}{}",
                parts(&[
                    ("firstname", "Ada"),
                    ("lastname", "Lovelace"),
                    ("status", "5"),
                    ("loginname", "ada"),
                    ("password", "secret-pw"),
                    ("encrypt_method", ""),
                    ("user_id_field_name", "external_user_id"),
                    ("user_id_value", "U1"),
                    ("visibility", "1"),
                    ("email", "ada@example.org"),
                    ("language", "english"),
                    ("phone", ""),
                    ("expiration_date", ""),
                ]),
                extras(&[])
            ),
        )
        .await;
        soap(
            &r,
            "WSCourse.CreateCourse",
            &format!(
                "{}{}",
                parts(&[
                    ("title", "Algebra"),
                    ("category_code", "LANG"),
                    ("wanted_code", ""),
                    ("tutor_name", "Ada Lovelace"),
                    ("course_admin_user_id_field_name", "external_user_id"),
                    ("course_admin_user_id_value", "U1"),
                    ("language", "english"),
                    ("course_id_field_name", "external_course_id"),
                    ("course_id_value", "C1"),
                ]),
                extras(&[("dept", "math")])
            ),
        )
        .await;
        soap(
            &r,
            "WSSession.CreateSession",
            &format!(
                "{}{}",
                parts(&[
                    ("name", "Spring"),
                    ("start_date", "2030-03-01"),
                    ("end_date", "2030-06-30"),
                    ("nb_days_access_before", "0"),
                    ("nb_days_access_after", "0"),
                    ("nolimit", "0"),
                    ("visibility", "1"),
                    ("user_id_field_name", "external_user_id"),
                    ("user_id_value", "U1"),
                    ("session_id_field_name", "external_session_id"),
                    ("session_id_value", "S1"),
                ]),
                extras(&[("room", "B12")])
            ),
        )
        .await;
        soap(
            &r,
            "WSCourse.EditCourseDescription",
            &parts(&[
                ("course_id_field_name", "external_course_id"),
                ("course_id_value", "C1"),
                ("course_desc_id", "1"),
                ("course_desc_title", "Description"),
                (
                    "course_desc_content",
                    r#"<p><img src="/img.png"/> Sets & groups</p>"#,
                ),
            ]),
        )
        .await;

        let users = r
            .admin(
                "users_profiles_by_extra_field",
                &[("field_name", "external_user_id"), ("field_value", "U1")],
            )
            .await
            .json();
        // keyed by user id (2 standalone, 3 on a platform whose user 2 is Chamilo's anonymous)
        let found = users["data"].as_object().expect("a map by user id");
        assert_eq!(found.len(), 1, "{users}");
        let (id, ada) = found.iter().next().unwrap();
        assert_eq!(id, &ada["id"].to_string());
        assert_eq!(ada["username"], "ada", "{users}");
        assert_eq!(ada["fullName"], "Ada Lovelace");

        let courses = r
            .admin(
                "get_courses_from_extra_field",
                &[
                    ("extra_field_variable", "external_course_id"),
                    ("extra_field_value", "C1"),
                    ("id_campus", "1"),
                ],
            )
            .await
            .json();
        assert_eq!(courses["data"][0]["title"], "Algebra", "{courses}");
        let course_id = courses["data"][0]["real_id"].as_str().unwrap().to_owned();

        let session = r
            .admin(
                "get_session_from_extra_field",
                &[("field_name", "external_session_id"), ("field_value", "S1")],
            )
            .await;
        assert_eq!(session.body, r#"{"error":false,"data":[1]}"#);

        // the SOAP user logs in over REST and sees the course description written over SOAP
        let key = r.authenticate("ada", "secret-pw").await;
        let d = r
            .call(
                "ada",
                &key,
                "course_descriptions",
                &[("course", &course_id), ("fields[]", "dept")],
            )
            .await;
        assert_eq!(
            r.redact(&d.body),
            r#"{"error":false,"data":[{"id":"1","title":"Description","content":"<p><img src=\"http:\/\/HOST\/img.png\"\/> Sets & groups<\/p>","extra_dept":"math"}]}"#
        );
        // the course creator named over SOAP is its teacher
        let info = r
            .call("ada", &key, "course_info", &[("course", &course_id)])
            .await
            .json();
        assert_eq!(info["data"]["teachers"], "Ada Lovelace", "{info}");
    }
}

#[tokio::test]
async fn rest_records_are_addressed_over_soap() {
    for r in Rest::start_all_and_platform("bcrypt").await {
        let user = r
            .admin(
                "save_user",
                &[
                    ("loginname", "grace"),
                    ("password", "pw-grace"),
                    ("firstname", "Grace"),
                    ("lastname", "Hopper"),
                    ("status", "5"),
                    ("original_user_id_name", "external_user_id"),
                    ("original_user_id_value", "G1"),
                ],
            )
            .await
            .json();
        let user_id = user["data"][0].as_i64().unwrap().to_string();
        let course = r
            .admin(
                "save_course",
                &[
                    ("title", "Compilers"),
                    ("wanted_code", "COMP"),
                    ("extra_external_course_id", "K1"),
                ],
            )
            .await
            .json();
        let course_id = course["data"]["id"].as_str().unwrap().to_owned();
        r.admin(
            "save_session",
            &[
                ("name", "Autumn"),
                ("extra[extra_external_session_id]", "A1"),
            ],
        )
        .await;

        // by external id (the user's from save_user, the course's from save_course)
        soap(
            &r,
            "WSCourse.SubscribeUserToCourse",
            &parts(&[
                ("course_id_field_name", "external_course_id"),
                ("course_id_value", "K1"),
                ("user_id_field_name", "external_user_id"),
                ("user_id_value", "G1"),
                ("status", "5"),
            ]),
        )
        .await;
        // by internal id
        soap(
            &r,
            "WSSession.SubscribeUserToSession",
            &parts(&[
                ("user_id_field_name", "chamilo_user_id"),
                ("user_id_value", &user_id),
                ("session_id_field_name", "external_session_id"),
                ("session_id_value", "A1"),
            ]),
        )
        .await;

        let members = r
            .admin("get_users_subscribed_to_course", &[("course", &course_id)])
            .await
            .json();
        let grace = members["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["username"] == "grace")
            .unwrap_or_else(|| panic!("{members}"));
        assert_eq!(grace["status_rel"], "5");
        let in_session = r
            .admin(
                "get_users_subscribed_to_session",
                &[("id_session", "1"), ("move_info", "0")],
            )
            .await;
        assert!(
            in_session.body.contains(r#""username":"grace""#),
            "{}",
            in_session.body
        );

        // disabled over SOAP: REST authenticate refuses the account
        let key = r.authenticate("grace", "pw-grace").await;
        soap(
            &r,
            "WSUser.DisableUser",
            &parts(&[
                ("user_id_field_name", "external_user_id"),
                ("user_id_value", "G1"),
            ]),
        )
        .await;
        let refused = r
            .form(&[
                ("action", "authenticate"),
                ("username", "grace"),
                ("password", "pw-grace"),
            ])
            .await;
        assert_eq!(refused.body, r#"{"error":true,"message":"InvalidUser"}"#);
        let old_key = r.call("grace", &key, "user_profile", &[]).await;
        assert_eq!(
            old_key.body,
            r#"{"error":true,"message":"Invalid API key"}"#
        );
    }
}
