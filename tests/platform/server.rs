//! The binary over a Chamilo platform (`GATEWAY_CHAMILO_CONFIG`): it refuses what it cannot
//! serve by name, runs no migration, takes the platform's key, and its SOAP and REST calls
//! write users PHP Chamilo logs in.

use crate::common::chamilo::ChamiloDb;
use crate::common::rest::Rest;
use crate::common::soap::{self, key, s, user_parts};
use crate::common::{run_on_chamilo, start_on_chamilo};
use std::process::Command;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `serve` exits at once with an error naming the problem.
fn refuses(config: &std::path::Path, expected: &str) {
    let out = run_on_chamilo(config, &["serve"]);
    assert!(!out.status.success(), "started over {}", config.display());
    let text = stderr(&out);
    assert!(text.contains(expected), "expected {expected:?} in:\n{text}");
}

#[tokio::test]
async fn bad_platform_configurations_are_refused_by_name() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let original = std::fs::read_to_string(&db.config).unwrap();
    let dir = db.root.join("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let variant = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };

    refuses(&dir.join("missing.php"), "cannot read");
    let unreadable = variant(
        "unreadable.php",
        original.replace(
            "$_configuration['db_port'] = '3306';",
            "$_configuration['db_port'] = getenv('PORT');",
        ),
    );
    refuses(&unreadable, "line 4: not a string, number or boolean");
    let wrong_password = variant(
        "password.php",
        original.replace(
            "$_configuration['db_password'] = 'gw';",
            "$_configuration['db_password'] = 'not-the-password';",
        ),
    );
    refuses(&wrong_password, "cannot connect to the platform's database");
    let empty_database = variant(
        "empty.php",
        original.replace(
            &format!("$_configuration['main_database'] = '{}';", db.name),
            "$_configuration['main_database'] = 'mysql';",
        ),
    );
    refuses(&empty_database, "not a Chamilo 1.11 database");
    refuses(&empty_database, "missing tables");
}

#[tokio::test]
async fn no_migration_and_the_platforms_own_key() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let migrate = run_on_chamilo(&db.config, &["migrate"]);
    assert!(!migrate.status.success());
    assert!(
        stderr(&migrate).contains("the Chamilo platform's own"),
        "{}",
        stderr(&migrate)
    );
    let rotate = run_on_chamilo(&db.config, &["security-key", "rotate"]);
    assert!(!rotate.status.success());
    assert!(stderr(&rotate).contains("$_configuration['security_key']"));
    let show = run_on_chamilo(&db.config, &["security-key", "show"]);
    assert_eq!(
        String::from_utf8_lossy(&show.stdout).trim(),
        crate::common::SECURITY_KEY,
        "the key configuration.php holds"
    );
    // nothing of the gateway's own schema was made in the platform's database
    assert_eq!(
        db.sql(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() \
                AND TABLE_NAME IN ('seaql_migrations', 'settings')"
        ),
        "0"
    );
}

/// Chamilo's own login check on a user row.
fn chamilo_accepts(db: &ChamiloDb, username: &str, typed: &str) -> bool {
    let row = db.sql(&format!(
        "SELECT password, salt FROM user WHERE username = '{username}'"
    ));
    let (hash, salt) = row.split_once('\t').expect("a user row");
    let out = Command::new("php")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/spec/chamilo-db/check-password.php"
        ))
        .args(["verify", "sha1", hash, salt, typed])
        .output()
        .expect("php");
    String::from_utf8_lossy(&out.stdout).trim() == "VALID"
}

#[tokio::test]
async fn soap_and_rest_write_users_chamilo_logs_in() {
    let Some(db) = ChamiloDb::load("sha1") else {
        return;
    };
    // the loader's admin, its password reset by `admin create` as any operator would
    let rest = Rest::on(start_on_chamilo(&db, &[])).await;
    let app = &rest.app;

    // soap.php: a user by external id, its password hashed as the platform does
    let mut parts = vec![s("secret_key", key())];
    parts.extend(user_parts("soap.user", "EXT-1"));
    let body = soap::ok(app, "WSUser.CreateUser", &parts).await;
    let id: i64 = soap::ret_int(&body);
    assert!(id > 2, "{body}");
    assert!(chamilo_accepts(&db, "soap.user", "secret-pw"));

    // registration.soap.php finds it by its external id through the collation
    let request = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope \
         xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:ns1=\"urn:WSRegistration\"><SOAP-ENV:Body><ns1:WSGetUser><GetUser>\
         <original_user_id_name>EXTERNAL_USER_ID</original_user_id_name>\
         <original_user_id_value>ext-1  </original_user_id_value>\
         <secret_key>{}</secret_key></GetUser></ns1:WSGetUser></SOAP-ENV:Body>\
         </SOAP-ENV:Envelope>",
        key()
    );
    let (status, _, found) =
        soap::post_to(app, "/main/webservices/registration.soap.php", request).await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        soap::text(&found, "user_id").as_deref(),
        Some(&*id.to_string())
    );

    // registration.soap.php: a pre-hashed password only in the platform's method
    let crypted = |login: &str, hash: &str, method: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope \
             xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
             xmlns:ns1=\"urn:WSRegistration\"><SOAP-ENV:Body><ns1:WSCreateUserPasswordCrypted>\
             <createUserPasswordCrypted><firstname>Pre</firstname><lastname>Hashed</lastname>\
             <status>5</status><email>{login}@example.org</email><loginname>{login}</loginname>\
             <password>{hash}</password><encrypt_method>{method}</encrypt_method>\
             <original_user_id_name>external_user_id</original_user_id_name>\
             <original_user_id_value>PRE-{login}</original_user_id_value>\
             <secret_key>{}</secret_key></createUserPasswordCrypted>\
             </ns1:WSCreateUserPasswordCrypted></SOAP-ENV:Body></SOAP-ENV:Envelope>",
            key()
        )
    };
    let sha1 = chamilo_core::passwords::sha1_hex("hashed-pw");
    let (_, _, made) = soap::post_to(
        app,
        "/main/webservices/registration.soap.php",
        crypted("pre.sha1", &sha1, "sha1"),
    )
    .await;
    assert!(
        soap::text(&made, "return").unwrap().parse::<i64>().is_ok(),
        "{made}"
    );
    assert!(chamilo_accepts(&db, "pre.sha1", "hashed-pw"));
    let md5 = "5ebe2294ecd0e0f08eab7690d2a6ee69";
    let (_, _, refused) = soap::post_to(
        app,
        "/main/webservices/registration.soap.php",
        crypted("pre.md5", md5, "md5"),
    )
    .await;
    assert_eq!(
        soap::text(&refused, "return").as_deref(),
        Some("This encryption md5 is not configured")
    );
    assert_eq!(
        db.sql("SELECT COUNT(*) FROM user WHERE username = 'pre.md5'"),
        "0"
    );

    // v2.php: save_user as the admin, then the user authenticates with its new password
    let saved = rest
        .admin(
            "save_user",
            &[
                ("firstname", "Rest"),
                ("lastname", "User"),
                ("status", "5"),
                ("email", "rest.user@example.org"),
                ("loginname", "rest.user"),
                ("password", "rest-pw"),
            ],
        )
        .await;
    assert_eq!(saved.json()["error"], false, "{}", saved.body);
    assert!(chamilo_accepts(&db, "rest.user", "rest-pw"));
    let key = rest.authenticate("rest.user", "rest-pw").await;
    assert_eq!(
        db.sql(
            "SELECT api_service FROM user_api_key k JOIN user u ON u.id = k.user_id \
                WHERE u.username = 'rest.user'"
        ),
        "MsgREST"
    );
    assert_eq!(key.len(), 32);
    // the calls are in Chamilo's own audit table
    let audited: i64 = db
        .sql("SELECT COUNT(*) FROM track_e_default WHERE default_event_type LIKE 'access_ws_%'")
        .parse()
        .unwrap();
    assert!(audited >= 3, "{audited} audit rows");
}

#[tokio::test]
async fn a_user_chamilo_wrote_authenticates_with_its_own_key_and_shows_its_nulls() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    // as UserManager::create_user writes it, with Chamilo's nullable columns left NULL and
    // the api key PHP's own REST handed out (bcrypt of 's3cret' made by PHP)
    db.sql(
        "INSERT INTO user (username, username_canonical, email, email_canonical, locked, enabled, \
         expired, credentials_expired, lastname, firstname, password, salt, roles, auth_source, \
         status, official_code, phone, address, picture_uri, creator_id, language, \
         registration_date, active, hr_dept_id) VALUES ('Jane.Roe', 'jane.roe', \
         'Jane@Example.org', 'jane@example.org', 0, 1, 0, 0, 'Roe', 'Jane', \
         '$2y$04$aTGaQD7ASUf2i1vKkRYlie/IGaVOUO4pXEXQQbfn.TL/Kv1W8FgyG', 'xQ2m', 'a:0:{}', \
         'platform', 5, NULL, NULL, NULL, NULL, 1, 'english', UTC_TIMESTAMP(), 1, 0); \
         UPDATE user SET user_id = id WHERE username = 'Jane.Roe'; \
         INSERT INTO access_url_rel_user (access_url_id, user_id) \
         SELECT 1, id FROM user WHERE username = 'Jane.Roe'; \
         INSERT INTO user_api_key (user_id, api_key, api_service) \
         SELECT id, MD5('php made this'), 'MsgREST' FROM user WHERE username = 'Jane.Roe'",
    );
    let php_key = db.sql("SELECT MD5('php made this')");
    let rest = Rest::on(start_on_chamilo(&db, &[])).await;
    // found through the collation, checked as Chamilo checks bcrypt, and PHP's key handed back
    let key = rest.authenticate("jane.roe", "s3cret").await;
    assert_eq!(key, php_key);
    let profile = rest.call("jane.roe", &key, "user_profile", &[]).await;
    let data = &profile.json()["data"];
    assert_eq!(data["phone"], serde_json::Value::Null, "{}", profile.body);
    assert_eq!(
        data["officialCode"],
        serde_json::Value::Null,
        "{}",
        profile.body
    );
    assert_eq!(data["fullName"], "Jane Roe");
    // the login is in Chamilo's tracking table
    assert_eq!(
        db.sql(
            "SELECT COUNT(*) FROM track_e_login l JOIN user u ON u.id = l.login_user_id \
                WHERE u.username = 'Jane.Roe'"
        ),
        "1"
    );
}

/// `/metrics` over a platform shows both of its pools: the main one and the small one for the
/// writes committed apart from the request's transaction.
#[tokio::test]
async fn metrics_show_the_platform_stores_two_pools() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let text = start_on_chamilo(&db, &[]).get_text("/metrics").await;
    for pool in [r#"{pool="main"} 10"#, r#"{pool="apart"} 2"#] {
        let line = format!("chamilo_gateway_db_pool_max_connections{pool}");
        assert!(text.contains(&line), "{line} in:\n{text}");
    }
}
