//! User actions (`crates/rest/src/users/`): profiles, listings, `save_user*`,
//! `update_user_from_username`, `delete_user`, connexion reports, as one transcript per
//! backend (`snapshots/rest__users__users.snap`).

use crate::common::rest::{Rest, Transcript};

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
