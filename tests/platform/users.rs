//! Users both ways: created by the gateway, checked as PHP Chamilo reads them; created by
//! Chamilo (the loader's admin), served by the gateway.

use crate::common::chamilo::ChamiloDb;
use chamilo_core::passwords::PasswordInput;
use chamilo_core::users::NewUser;
use chamilo_core::{ExternalRef, ItemRef, ItemType};
use std::process::Command;

/// `check-password.php verify` on the row's password and salt, as Chamilo's login checks it.
fn chamilo_accepts(db: &ChamiloDb, method: &str, username: &str, typed: &str) -> bool {
    let row = db.sql(&format!(
        "SELECT password, salt FROM user WHERE username = '{username}'"
    ));
    let (hash, salt) = row.split_once('\t').expect("a user row");
    let out = Command::new("php")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/spec/chamilo-db/check-password.php"
        ))
        .args(["verify", method, hash, salt, typed])
        .output()
        .expect("php");
    String::from_utf8_lossy(&out.stdout).trim() == "VALID"
}

fn jane(username: &str) -> NewUser {
    NewUser {
        username: username.into(),
        firstname: "Jane".into(),
        lastname: "Roe".into(),
        email: format!("{username}@Example.org"),
        password: PasswordInput::Clear("S3cret pass".into()),
        status: 5,
        active: true,
        external_id: Some(ExternalRef {
            field_name: "external_user_id".into(),
            value: format!("HR-{username}"),
        }),
        ..NewUser::default()
    }
}

#[tokio::test]
async fn a_user_created_by_the_gateway_logs_into_chamilo_under_every_method() {
    for method in ["bcrypt", "sha1", "md5", "none"] {
        let Some(db) = ChamiloDb::load(method) else {
            return;
        };
        let gw = db.gateway().await;
        let id = gw.create_user(jane("jane.roe")).await.expect("created");
        assert!(
            chamilo_accepts(&db, method, "jane.roe", "S3cret pass"),
            "{method}"
        );
        assert!(
            !chamilo_accepts(&db, method, "jane.roe", "s3cret pass"),
            "{method}"
        );
        // what Chamilo's login and admin pages need of the row (chamilo-db.md §2.1)
        assert_eq!(
            db.sql(&format!(
                "SELECT user_id = id, username_canonical, email_canonical, locked, enabled, \
                 expired, credentials_expired, roles, LENGTH(salt), status, active, \
                 registration_date IS NOT NULL, created_at IS NOT NULL \
                 FROM user WHERE id = {id}"
            )),
            "1\tjane.roe\tjane.roe@example.org\t0\t1\t0\t0\ta:0:{}\t43\t5\t1\t1\t1",
            "{method}"
        );
        assert_eq!(
            db.sql(&format!(
                "SELECT COUNT(*) FROM access_url_rel_user WHERE access_url_id = 1 AND user_id = {id}"
            )),
            "1"
        );
        // the external id is an extra-field value PHP Chamilo's lookup finds
        assert_eq!(
            db.sql(
                "SELECT v.item_id FROM extra_field_values v JOIN extra_field f \
                 ON f.id = v.field_id WHERE f.variable = 'external_user_id' \
                 AND f.extra_field_type = 1 AND v.value = 'hr-jane.roe'"
            ),
            id.to_string()
        );
        // and the gateway logs the user in with the same rules
        let ok = gw
            .login("jane.roe", "S3cret pass", "127.0.0.1")
            .await
            .unwrap();
        assert!(ok.is_ok(), "{method}");
    }
}

#[tokio::test]
async fn chamilos_admin_is_served_and_found_whatever_the_case_or_accents() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let admin = gw
        .login("admin", "admin", "127.0.0.1")
        .await
        .unwrap()
        .expect("the loader's admin logs in");
    assert!(admin.is_admin);
    assert_eq!(
        (admin.firstname.as_str(), admin.lastname.as_str()),
        ("John", "Doe")
    );
    for spelling in ["ADMIN", "ádmin", "admin  "] {
        let found = gw.find_user_by_username(spelling).await.unwrap();
        assert_eq!(found.map(|u| u.id), Some(admin.id), "{spelling:?}");
    }
    // a username the collation counts as taken is refused
    let clash = gw.create_user(jane("ADMIN")).await;
    assert!(
        matches!(clash, Err(chamilo_core::CoreError::AlreadyExists(_))),
        "{clash:?}"
    );
}

#[tokio::test]
async fn external_ids_written_as_chamilo_writes_them_resolve_through_the_collation() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // an external id stored by PHP Chamilo (ExtraFieldValue::save) for its admin
    db.sql(
        "INSERT INTO extra_field (extra_field_type, field_type, variable, display_text, \
         visible_to_self, changeable, filter, created_at) \
         VALUES (1, 1, 'external_user_id', 'external_user_id', 0, 0, 0, UTC_TIMESTAMP()); \
         INSERT INTO extra_field_values (field_id, item_id, value, created_at, updated_at) \
         SELECT id, 1, 'AbC-42', UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM extra_field \
         WHERE variable = 'external_user_id'",
    );
    let gw = db.gateway().await;
    for value in ["AbC-42", "abc-42", "ABC-42  ", "ábc-42"] {
        let r = ItemRef::External(ExternalRef {
            field_name: "EXTERNAL_USER_ID".into(),
            value: value.into(),
        });
        let id = gw.resolve(ItemType::User, r).await.unwrap();
        assert_eq!(id, 1, "{value:?}");
    }
}

#[tokio::test]
async fn values_the_platform_cannot_hold_are_refused_by_name() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let gw = db.gateway().await;
    let long = gw
        .create_user(NewUser {
            firstname: "x".repeat(61),
            ..jane("long.name")
        })
        .await;
    assert_eq!(
        long.unwrap_err(),
        chamilo_core::CoreError::invalid(
            "firstname",
            "longer than the 60 characters the platform's column holds"
        )
    );
    assert_eq!(
        db.sql("SELECT COUNT(*) FROM user WHERE username = 'long.name'"),
        "0"
    );
}
