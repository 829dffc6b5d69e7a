//! Every REST action, success and each error, as exact response bytes (insta snapshots of
//! one transcript per action family; api keys, host and current timestamps redacted).
//! Runs on every configured database backend against the same snapshots.

mod common;
use common::rest;

use rest::{Rest, Transcript, ADMIN};

macro_rules! step {
    ($t:expr, $r:expr, $label:expr, $call:expr) => {{
        let a = $call.await;
        $t.add(&$r, $label, &a);
        a
    }};
}

#[tokio::test]
async fn authentication_and_routing() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        let a = step!(
            t,
            r,
            "authenticate (curl --form)",
            r.curl_form(&[
                ("action", "authenticate"),
                ("username", ADMIN),
                ("password", rest::ADMIN_PASSWORD)
            ])
        );
        assert_eq!(a.content_type, "application/json");
        assert_eq!(a.cors, "*");
        step!(
            t,
            r,
            "authenticate again: same key",
            r.form(&[
                ("action", "authenticate"),
                ("username", ADMIN),
                ("password", rest::ADMIN_PASSWORD)
            ])
        );
        step!(
            t,
            r,
            "authenticate wrong password",
            r.form(&[
                ("action", "authenticate"),
                ("username", ADMIN),
                ("password", "nope")
            ])
        );
        step!(
            t,
            r,
            "authenticate unknown user",
            r.form(&[
                ("action", "authenticate"),
                ("username", "ghost"),
                ("password", "x")
            ])
        );
        step!(
            t,
            r,
            "authenticate password in the query string only (P only)",
            r.get("action=authenticate&username=admin&password=admin-pw")
        );
        step!(
            t,
            r,
            "authenticate with a wrong api_key",
            r.form(&[
                ("action", "authenticate"),
                ("username", ADMIN),
                ("password", rest::ADMIN_PASSWORD),
                ("api_key", "0e1234")
            ])
        );
        r.create_user("inactive", "pw-inactive").await;
        r.admin(
            "update_user_from_username",
            &[("loginname", "inactive"), ("active", "0")],
        )
        .await;
        step!(
            t,
            r,
            "authenticate inactive account",
            r.form(&[
                ("action", "authenticate"),
                ("username", "inactive"),
                ("password", "pw-inactive")
            ])
        );
        r.admin(
            "save_user",
            &[
                ("loginname", "expired"),
                ("password", "pw-expired"),
                ("firstname", "E"),
                ("lastname", "X"),
                ("status", "5"),
                ("expiration_date", "2001-01-01 00:00:00"),
            ],
        )
        .await;
        step!(
            t,
            r,
            "authenticate expired account",
            r.form(&[
                ("action", "authenticate"),
                ("username", "expired"),
                ("password", "pw-expired")
            ])
        );
        step!(
            t,
            r,
            "no api_key",
            r.form(&[("action", "user_profile"), ("username", ADMIN)])
        );
        step!(
            t,
            r,
            "wrong api_key",
            r.form(&[
                ("action", "user_profile"),
                ("username", ADMIN),
                ("api_key", "00000000000000000000000000000000")
            ])
        );
        step!(
            t,
            r,
            "api_key of another user",
            r.form(&[
                ("action", "user_profile"),
                ("username", "inactive"),
                ("api_key", &r.admin_key)
            ])
        );
        step!(t, r, "unknown action", r.admin("no_such_action", &[]));
        step!(
            t,
            r,
            "unknown action without key",
            r.form(&[("action", "no_such_action")])
        );
        step!(t, r, "no action", r.admin("", &[]));
        step!(
            t,
            r,
            "action is case-sensitive",
            r.admin("USER_PROFILE", &[])
        );
        step!(
            t,
            r,
            "unknown course",
            r.admin("user_profile", &[("course", "999")])
        );
        step!(
            t,
            r,
            "unknown session",
            r.admin("user_profile", &[("session", "999")])
        );
        step!(
            t,
            r,
            "routing through hash",
            r.get(&format!(
                "hash={}",
                rest::urlencode(&format!(
                    r#"{{"action":"user_profile","username":"admin","api_key":"{}"}}"#,
                    r.admin_key
                ))
            ))
        );
        step!(
            t,
            r,
            "gcm_id",
            r.admin("gcm_id", &[("registration_id", "token-1")])
        );
        step!(
            t,
            r,
            "gcm_id stored (user_profile extra)",
            r.admin("user_profile", &[])
        );
        step!(t, r, "logout", r.admin("logout", &[]));
        step!(
            t,
            r,
            "key still valid after logout",
            r.admin("user_profile", &[])
        );
        let options = r
            .http
            .request(reqwest::Method::OPTIONS, r.url())
            .send()
            .await
            .unwrap();
        assert_eq!(options.headers()["access-control-allow-origin"], "*");
        assert_eq!(
            options.text().await.unwrap(),
            r#"{"error":true,"message":"Invalid action"}"#
        );
        insta::assert_snapshot!("authentication_and_routing", t.text());
    }
}

#[tokio::test]
async fn users() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        step!(
            t,
            r,
            "save_user (Guzzle example)",
            r.admin(
                "save_user",
                &[
                    ("firstname", "Test User"),
                    ("lastname", "Chamilo"),
                    ("status", "5"),
                    ("email", "testuser@example.com"),
                    ("loginname", "restuser"),
                    ("password", "restuser"),
                    ("original_user_id_name", "myplatform_user_id"),
                    ("original_user_id_value", "1234"),
                    ("extra[0][field_name]", "age"),
                    ("extra[0][field_value]", "29"),
                    ("language", "english")
                ]
            )
        );
        step!(
            t,
            r,
            "save_user taken login",
            r.admin(
                "save_user",
                &[
                    ("firstname", "A"),
                    ("lastname", "B"),
                    ("status", "5"),
                    ("loginname", "RESTUSER"),
                    ("password", "x")
                ]
            )
        );
        step!(
            t,
            r,
            "save_user external id already used",
            r.admin(
                "save_user",
                &[
                    ("firstname", "A"),
                    ("lastname", "B"),
                    ("status", "5"),
                    ("loginname", "other"),
                    ("password", "x"),
                    ("original_user_id_name", "myplatform_user_id"),
                    ("original_user_id_value", "1234")
                ]
            )
        );
        step!(
            t,
            r,
            "save_user bad email",
            r.admin(
                "save_user",
                &[
                    ("firstname", "A"),
                    ("lastname", "B"),
                    ("status", "5"),
                    ("loginname", "bademail"),
                    ("password", "x"),
                    ("email", "not-an-email")
                ]
            )
        );
        step!(
            t,
            r,
            "save_user missing loginname",
            r.admin(
                "save_user",
                &[
                    ("firstname", "A"),
                    ("lastname", "B"),
                    ("status", "5"),
                    ("password", "x")
                ]
            )
        );
        step!(
            t,
            r,
            "save_user missing password",
            r.admin(
                "save_user",
                &[
                    ("firstname", "A"),
                    ("lastname", "B"),
                    ("status", "5"),
                    ("loginname", "nopw")
                ]
            )
        );
        step!(
            t,
            r,
            "save_user invalid expiration date",
            r.admin(
                "save_user",
                &[
                    ("firstname", "A"),
                    ("lastname", "B"),
                    ("status", "5"),
                    ("loginname", "baddate"),
                    ("password", "x"),
                    ("expiration_date", "2024-13-45")
                ]
            )
        );
        step!(t, r, "save_user_json", r.admin("save_user_json", &[("json", r#"{"loginname":"jsonuser","password":"pw","firstname":"J","lastname":"Son","status":5,"email":"j@example.com","extra":[{"field_name":"age","field_value":40}]}"#)]));
        step!(
            t,
            r,
            "save_user_json invalid JSON",
            r.admin("save_user_json", &[("json", "{nope")])
        );
        step!(
            t,
            r,
            "save_user_json missing json",
            r.admin("save_user_json", &[])
        );
        step!(
            t,
            r,
            "save_user_get_apikey",
            r.admin(
                "save_user_get_apikey",
                &[
                    ("firstname", "K"),
                    ("lastname", "Ey"),
                    ("status", "5"),
                    ("loginname", "keyuser"),
                    ("password", "pw-key")
                ]
            )
        );
        let student_key = r.authenticate("restuser", "restuser").await;
        let as_student = |action: &'static str, f: &'static [(&'static str, &'static str)]| {
            r.call("restuser", &student_key, action, f)
        };
        step!(
            t,
            r,
            "user_profile (student, with extras)",
            as_student("user_profile", &[])
        );
        step!(
            t,
            r,
            "users_profiles_by_extra_field",
            r.admin(
                "users_profiles_by_extra_field",
                &[
                    ("field_name", "myplatform_user_id"),
                    ("field_value", "1234")
                ]
            )
        );
        step!(
            t,
            r,
            "users_profiles_by_extra_field no match",
            r.admin(
                "users_profiles_by_extra_field",
                &[
                    ("field_name", "myplatform_user_id"),
                    ("field_value", "0000")
                ]
            )
        );
        step!(
            t,
            r,
            "users_profiles_by_extra_field unknown field",
            r.admin(
                "users_profiles_by_extra_field",
                &[("field_name", "nofield"), ("field_value", "1")]
            )
        );
        step!(
            t,
            r,
            "users_profiles_by_extra_field missing field_name",
            r.admin("users_profiles_by_extra_field", &[])
        );
        step!(
            t,
            r,
            "users_profiles_by_extra_field non-admin",
            as_student(
                "users_profiles_by_extra_field",
                &[
                    ("field_name", "myplatform_user_id"),
                    ("field_value", "1234")
                ]
            )
        );
        step!(
            t,
            r,
            "get_users status=5 with extra_fields",
            r.admin(
                "get_users",
                &[("status", "5"), ("extra_fields", "age, skype")]
            )
        );
        step!(
            t,
            r,
            "get_users status=*",
            r.admin("get_users", &[("status", "*")])
        );
        step!(t, r, "get_users without status", r.admin("get_users", &[]));
        step!(
            t,
            r,
            "get_users non-admin",
            as_student("get_users", &[("status", "*")])
        );
        step!(
            t,
            r,
            "username_exist true",
            r.admin("username_exist", &[("loginname", "restuser")])
        );
        step!(
            t,
            r,
            "username_exist false",
            r.admin("username_exist", &[("loginname", "nobody")])
        );
        step!(
            t,
            r,
            "username_exist missing loginname",
            r.admin("username_exist", &[])
        );
        step!(
            t,
            r,
            "update_user_from_username",
            r.admin(
                "update_user_from_username",
                &[
                    ("loginName", "restuser"),
                    ("firstname", "New"),
                    ("lastname", "Name"),
                    ("status", "1"),
                    ("email", "new@example.com"),
                    ("phone", "+1 555"),
                    ("extra[0][field_name]", "age"),
                    ("extra[0][field_value]", "30"),
                    ("language", "french"),
                    ("expiration_date", "2099-12-31 23:59:59"),
                    ("teach", "ignored")
                ]
            )
        );
        step!(t, r, "updated profile", as_student("user_profile", &[]));
        step!(
            t,
            r,
            "update_user_from_username unsupported field",
            r.admin(
                "update_user_from_username",
                &[("loginname", "restuser"), ("username_canonical", "x")]
            )
        );
        step!(
            t,
            r,
            "update_user_from_username password is unsupported",
            r.admin(
                "update_user_from_username",
                &[("loginname", "restuser"), ("password", "x")]
            )
        );
        step!(
            t,
            r,
            "update_user_from_username unknown login",
            r.admin(
                "update_user_from_username",
                &[("loginname", "santaClaus"), ("firstname", "x")]
            )
        );
        step!(
            t,
            r,
            "update_user_from_username no loginname",
            r.admin("update_user_from_username", &[("firstname", "x")])
        );
        step!(
            t,
            r,
            "update_user_from_username no POST fields",
            r.get(&format!(
                "action=update_user_from_username&username=admin&api_key={}",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "update_user_from_username other user as non-admin",
            as_student(
                "update_user_from_username",
                &[("loginname", "admin"), ("firstname", "x")]
            )
        );
        step!(
            t,
            r,
            "update_user_from_username unknown language",
            r.admin(
                "update_user_from_username",
                &[("loginname", "restuser"), ("language", "klingon")]
            )
        );
        step!(
            t,
            r,
            "update_user_from_username unknown extra field (list)",
            r.admin(
                "update_user_from_username",
                &[
                    ("loginname", "restuser"),
                    ("extra[0][field_name]", "nofield"),
                    ("extra[0][field_value]", "1")
                ]
            )
        );
        step!(
            t,
            r,
            "update_user_from_username unknown extra field (map)",
            r.admin(
                "update_user_from_username",
                &[("loginname", "restuser"), ("extra[nofield]", "1")]
            )
        );
        step!(
            t,
            r,
            "update_user_from_username extra map form",
            r.admin(
                "update_user_from_username",
                &[("loginname", "restuser"), ("extra[age]", "31")]
            )
        );
        step!(
            t,
            r,
            "update_user_from_username invalid date",
            r.admin(
                "update_user_from_username",
                &[
                    ("loginname", "restuser"),
                    ("expiration_date", "yesterday-ish")
                ]
            )
        );
        step!(
            t,
            r,
            "nothing written by the failed updates",
            r.admin("get_users", &[("status", "1"), ("extra_fields", "age")])
        );
        step!(
            t,
            r,
            "get_user_last_connexion",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_last_connexion&user=restuser",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_total_connexion_time",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_total_connexion_time&user=restuser",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_total_connexion_time unknown user",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_total_connexion_time&user=ghost",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_last_connexion of another user as non-admin",
            r.get(&format!(
                "api_key={student_key}&username=restuser&action=get_user_last_connexion&user=admin"
            ))
        );
        step!(
            t,
            r,
            "delete_user non-admin",
            as_student("delete_user", &[("user_id", "4")])
        );
        step!(
            t,
            r,
            "delete_user",
            r.admin("delete_user", &[("user_id", "4")])
        );
        step!(
            t,
            r,
            "delete_user again",
            r.admin("delete_user", &[("user_id", "4")])
        );
        step!(t, r, "delete_user 0", r.admin("delete_user", &[]));
        insta::assert_snapshot!("users", t.text());
    }
}

#[tokio::test]
async fn api_keys() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        let id = r.create_user("jdoe", "pw-jdoe").await;
        r.create_user("nokey", "pw").await;
        let key = r.authenticate("jdoe", "pw-jdoe").await;
        let ids = id.to_string();
        let a = step!(
            t,
            r,
            "update_user_apikey (self)",
            r.call(
                "jdoe",
                &key,
                "update_user_apikey",
                &[("user_id", &ids), ("current_api_key", &key)]
            )
        );
        let new_key = a.json()["data"]["api_key"].as_str().unwrap().to_owned();
        assert_ne!(new_key, key);
        step!(
            t,
            r,
            "old key refused",
            r.call("jdoe", &key, "user_profile", &[])
        );
        step!(
            t,
            r,
            "new key works",
            r.call("jdoe", &new_key, "user_profile", &[])
        );
        step!(
            t,
            r,
            "update_user_apikey wrong current key",
            r.call(
                "jdoe",
                &new_key,
                "update_user_apikey",
                &[("user_id", &ids), ("current_api_key", &key)]
            )
        );
        step!(
            t,
            r,
            "update_user_apikey of another user",
            r.call(
                "jdoe",
                &new_key,
                "update_user_apikey",
                &[("user_id", "1"), ("current_api_key", &r.admin_key)]
            )
        );
        step!(
            t,
            r,
            "update_user_apikey missing params",
            r.call("jdoe", &new_key, "update_user_apikey", &[])
        );
        step!(
            t,
            r,
            "get_users_api_keys page 1 of 2",
            r.get(&format!(
                "api_key={}&username=admin&action=get_users_api_keys&per_page=2",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_users_api_keys page 2",
            r.get(&format!(
                "api_key={}&username=admin&action=get_users_api_keys&per_page=2&page=2",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_users_api_keys default paging",
            r.get(&format!(
                "api_key={}&username=admin&action=get_users_api_keys",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key no key yet",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_api_key&user=nokey",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key force",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_api_key&user=nokey&force=true",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key unknown user",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_api_key&user=ghost",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key missing user",
            r.get(&format!(
                "api_key={}&username=admin&action=get_user_api_key",
                r.admin_key
            ))
        );
        step!(
            t,
            r,
            "get_user_api_key non-admin",
            r.get(&format!(
                "api_key={new_key}&username=jdoe&action=get_user_api_key&user=admin"
            ))
        );
        step!(
            t,
            r,
            "get_users_api_keys non-admin",
            r.get(&format!(
                "api_key={new_key}&username=jdoe&action=get_users_api_keys"
            ))
        );
        insta::assert_snapshot!("api_keys", t.text());
    }
}

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

#[tokio::test]
async fn subscriptions() {
    for r in Rest::start_all().await {
        let mut t = Transcript::default();
        r.create_user("alice", "pw-alice").await; // 2
        r.create_user("bob", "pw-bob").await; // 3
        let ak = r.authenticate("alice", "pw-alice").await;
        let alice = |action: &'static str, f: &'static [(&'static str, &'static str)]| {
            r.call("alice", &ak, action, f)
        };
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
        r.admin("save_session", &[("name", "S1")]).await;
        step!(
            t,
            r,
            "subscribe_user_to_course by admin",
            r.admin(
                "subscribe_user_to_course",
                &[("course_id", "1"), ("user_id", "3"), ("status", "1")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course self as student by code",
            alice(
                "subscribe_user_to_course",
                &[("course_code", "A"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course again",
            alice(
                "subscribe_user_to_course",
                &[("course_id", "1"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course self as teacher",
            alice(
                "subscribe_user_to_course",
                &[("course_id", "2"), ("user_id", "2"), ("status", "1")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course another user",
            alice(
                "subscribe_user_to_course",
                &[("course_id", "2"), ("user_id", "3")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course without course",
            r.admin("subscribe_user_to_course", &[("user_id", "3")])
        );
        step!(
            t,
            r,
            "subscribe_user_to_course unknown course",
            r.admin(
                "subscribe_user_to_course",
                &[("course_id", "99"), ("user_id", "3")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_course unknown user",
            r.admin(
                "subscribe_user_to_course",
                &[("course_id", "2"), ("user_id", "99")]
            )
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_course",
            r.admin("get_users_subscribed_to_course", &[("course", "1")])
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_course without course",
            r.admin("get_users_subscribed_to_course", &[])
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_course non-admin",
            alice("get_users_subscribed_to_course", &[("course", "1")])
        );
        step!(
            t,
            r,
            "unsubscribe_user_from_course self",
            alice(
                "unsubscribe_user_from_course",
                &[("course_id", "1"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "unsubscribe_user_from_course not subscribed",
            alice(
                "unsubscribe_user_from_course",
                &[("course_id", "1"), ("user_id", "2")]
            )
        );
        step!(
            t,
            r,
            "unsubscribe_user_from_course another user",
            alice(
                "unsubscribe_user_from_course",
                &[("course_id", "1"), ("user_id", "3")]
            )
        );
        step!(
            t,
            r,
            "add_courses_session",
            r.admin(
                "add_courses_session",
                &[
                    ("id_session", "1"),
                    ("list_courses[]", "1"),
                    ("list_courses[]", "2"),
                    ("import_assignments", "1")
                ]
            )
        );
        step!(
            t,
            r,
            "add_courses_session empty list",
            r.admin("add_courses_session", &[("id_session", "1")])
        );
        step!(
            t,
            r,
            "add_courses_session unknown session",
            r.admin(
                "add_courses_session",
                &[("id_session", "9"), ("list_courses[]", "1")]
            )
        );
        step!(
            t,
            r,
            "add_courses_session unknown course",
            r.admin(
                "add_courses_session",
                &[("id_session", "1"), ("list_courses[]", "99")]
            )
        );
        step!(
            t,
            r,
            "add_courses_session non-admin",
            alice(
                "add_courses_session",
                &[("id_session", "1"), ("list_courses[]", "1")]
            )
        );
        step!(
            t,
            r,
            "subscribe_users_to_session by admin",
            r.admin(
                "subscribe_users_to_session",
                &[
                    ("id_session", "1"),
                    ("list_users[]", "3"),
                    ("list_users[]", "99")
                ]
            )
        );
        step!(
            t,
            r,
            "add_users_session self",
            alice(
                "add_users_session",
                &[("id_session", "1"), ("list_users[]", "2")]
            )
        );
        step!(
            t,
            r,
            "add_users_session self and another",
            alice(
                "add_users_session",
                &[
                    ("id_session", "1"),
                    ("list_users[]", "2"),
                    ("list_users[]", "3")
                ]
            )
        );
        step!(
            t,
            r,
            "add_users_session unknown session",
            r.admin(
                "add_users_session",
                &[("id_session", "9"), ("list_users[]", "2")]
            )
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_session",
            r.admin(
                "get_users_subscribed_to_session",
                &[("id_session", "1"), ("move_info", "0")]
            )
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_session with move info",
            r.admin(
                "get_users_subscribed_to_session",
                &[("id_session", "1"), ("move_info", "1")]
            )
        );
        step!(
            t,
            r,
            "get_users_subscribed_to_session without move_info",
            r.admin("get_users_subscribed_to_session", &[("id_session", "1")])
        );
        step!(
            t,
            r,
            "unsubscribe_users_from_session",
            r.admin(
                "unsubscribe_users_from_session",
                &[("id_session", "1"), ("list_users[]", "3")]
            )
        );
        step!(
            t,
            r,
            "unsubscribe_users_from_session non-admin",
            alice(
                "unsubscribe_users_from_session",
                &[("id_session", "1"), ("list_users[]", "2")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username",
            r.admin(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1"), ("loginname", "bob")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username (documented loginName)",
            alice(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1"), ("loginName", "alice")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username another user",
            alice(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1"), ("loginname", "bob")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username unknown session",
            r.admin(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "9"), ("loginname", "bob")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username unknown user",
            r.admin(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1"), ("loginname", "ghost")]
            )
        );
        step!(
            t,
            r,
            "subscribe_user_to_session_from_username missing",
            r.admin(
                "subscribe_user_to_session_from_username",
                &[("sessionId", "1")]
            )
        );
        step!(
            t,
            r,
            "members kept",
            r.admin(
                "get_users_subscribed_to_session",
                &[("id_session", "1"), ("move_info", "0")]
            )
        );
        step!(t, r, "user_sessions of alice", alice("user_sessions", &[]));
        insta::assert_snapshot!("subscriptions", t.text());
    }
}

/// `update_user_from_username` sets the e-mail as given (`rest-v2.md` §3.5: Chamilo's
/// `Rest::updateUserFromUserName` calls `setEmail($value)` unchecked), e.g. an address on a
/// local domain, which only creating a user refuses. The gateway answered `No data available`.
#[tokio::test]
async fn update_user_from_username_sets_the_email_as_given() {
    for r in Rest::start_all().await {
        r.create_user("mailer", "pw-m").await;
        let a = r
            .admin(
                "update_user_from_username",
                &[("loginname", "mailer"), ("email", "new.address@local")],
            )
            .await;
        assert_eq!(a.body, r#"{"error":false,"data":[true]}"#);
        let users = r.admin("get_users", &[("status", "5")]).await.json();
        let mailer = users["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "mailer")
            .unwrap_or_else(|| panic!("{users}"))
            .clone();
        assert_eq!(mailer["email"], "new.address@local", "{users}");
    }
}
