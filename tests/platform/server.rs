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
    // nothing of the standalone schema was made in the platform's database (the gateway's one
    // table there is `gateway_call_count`, made at connect)
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

/// `session.nbr_*` and `session_rel_course.nbr_users` against the count queries PHP Chamilo
/// would compute them with.
fn counters_match_counts(db: &ChamiloDb, session: i64) {
    let stored = db.sql(&format!(
        "SELECT nbr_users, nbr_courses FROM session WHERE id = {session}"
    ));
    let counted = db.sql(&format!(
        "SELECT (SELECT COUNT(*) FROM session_rel_user WHERE session_id = {session} \
         AND relation_type <> 1), (SELECT COUNT(*) FROM session_rel_course \
         WHERE session_id = {session})"
    ));
    assert_eq!(stored, counted, "session {session} counters");
    let per_course = db.sql(&format!(
        "SELECT c.c_id, c.nbr_users, (SELECT COUNT(*) FROM session_rel_course_rel_user u \
         WHERE u.session_id = c.session_id AND u.c_id = c.c_id AND u.status = 0) \
         FROM session_rel_course c WHERE c.session_id = {session}"
    ));
    for row in per_course.lines() {
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols[1], cols[2], "session {session} course {}", cols[0]);
    }
}

#[tokio::test]
async fn courses_and_sessions_built_over_soap_and_rest_are_chamilos() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    let rest = Rest::on(start_on_chamilo(&db, &[])).await;
    let app = &rest.app;
    let user = |login: &str, ext: &str| {
        let mut parts = vec![s("secret_key", key())];
        parts.extend(user_parts(login, ext));
        parts
    };
    let teacher = soap::ret_int(&soap::ok(app, "WSUser.CreateUser", &user("teach", "T-1")).await);
    for (login, ext) in [("stud1", "S-1"), ("stud2", "S-2")] {
        soap::ok(app, "WSUser.CreateUser", &user(login, ext)).await;
    }

    // a course over soap.php, taught by the new user
    let course = soap::ret_int(
        &soap::ok(
            app,
            "WSCourse.CreateCourse",
            &[
                s("secret_key", key()),
                s("title", "Physics"),
                s("category_code", ""),
                s("wanted_code", "PHYS"),
                s("tutor_name", ""),
                s("course_admin_user_id_field_name", "external_user_id"),
                s("course_admin_user_id_value", "T-1"),
                s("language", "english"),
                s("course_id_field_name", "external_course_id"),
                s("course_id_value", "C-1"),
                soap::a("extras", "extras", vec![]),
            ],
        )
        .await,
    );
    // its home lists tools, its teacher manages it, its campus lists it, its files have a home
    let tools: i64 = db
        .sql(&format!(
            "SELECT COUNT(*) FROM c_tool WHERE c_id = {course}"
        ))
        .parse()
        .unwrap();
    assert!(tools >= 24, "{tools} tools");
    assert_eq!(
        db.sql(&format!(
            "SELECT user_id, status, relation_type FROM course_rel_user WHERE c_id = {course}"
        )),
        format!("{teacher}\t1\t0")
    );
    assert_eq!(
        db.sql(&format!(
            "SELECT access_url_id FROM access_url_rel_course WHERE c_id = {course}"
        )),
        "1"
    );
    let directory = db.sql(&format!("SELECT directory FROM course WHERE id = {course}"));
    assert!(
        db.root
            .join("app/courses")
            .join(&directory)
            .join("document")
            .is_dir(),
        "the course folder {directory}"
    );

    // a session over soap.php: the course, then its students
    let session = soap::ret_int(
        &soap::ok(
            app,
            "WSSession.CreateSession",
            &[
                s("secret_key", key()),
                s("name", "Spring"),
                s("start_date", "2030-01-01"),
                s("end_date", "2030-06-30"),
                soap::i("nb_days_access_before", 0),
                soap::i("nb_days_access_after", 0),
                soap::i("nolimit", 0),
                soap::i("visibility", 1),
                s("user_id_field_name", "external_user_id"),
                s("user_id_value", "T-1"),
                s("session_id_field_name", "external_session_id"),
                s("session_id_value", "SE-1"),
                soap::a("extras", "extras", vec![]),
            ],
        )
        .await,
    );
    let parts = vec![
        s("secret_key", key()),
        s("course_id_field_name", "external_course_id"),
        s("course_id_value", "C-1"),
        s("session_id_field_name", "external_session_id"),
        s("session_id_value", "SE-1"),
    ];
    soap::ok(app, "WSSession.SubscribeCourseToSession", &parts).await;
    for ext in ["S-1", "S-2"] {
        let parts = vec![
            s("secret_key", key()),
            s("user_id_field_name", "external_user_id"),
            s("user_id_value", ext),
            s("session_id_field_name", "external_session_id"),
            s("session_id_value", "SE-1"),
        ];
        soap::ok(app, "WSSession.SubscribeUserToSession", &parts).await;
    }
    assert_eq!(
        db.sql(&format!(
            "SELECT nbr_users, nbr_courses FROM session WHERE id = {session}"
        )),
        "2\t1"
    );
    counters_match_counts(&db, session);

    // a second session over v2.php, with the same course and one student
    let made = rest
        .admin(
            "save_session",
            &[
                ("name", "Summer"),
                ("coach_username", &teacher.to_string()),
                ("access_start_date", "2030-07-01 00:00:00"),
                ("access_end_date", "2030-08-31 23:59:59"),
            ],
        )
        .await;
    let summer = made.json()["data"]["id_session"]
        .as_i64()
        .unwrap_or_else(|| panic!("{}", made.body));
    let added = rest
        .admin(
            "add_courses_session",
            &[
                ("id_session", &summer.to_string()),
                ("list_courses[]", &course.to_string()),
            ],
        )
        .await;
    assert_eq!(added.json()["error"], false, "{}", added.body);
    let stud1 = db.sql("SELECT id FROM user WHERE username = 'stud1'");
    let subscribed = rest
        .admin(
            "add_users_session",
            &[
                ("id_session", &summer.to_string()),
                ("list_users[]", &stud1),
            ],
        )
        .await;
    assert_eq!(subscribed.json()["error"], false, "{}", subscribed.body);
    assert_eq!(
        db.sql(&format!(
            "SELECT nbr_users, nbr_courses FROM session WHERE id = {summer}"
        )),
        "1\t1"
    );
    counters_match_counts(&db, summer);
}

/// `store-smoke.sql`: a user, a course and a session as PHP Chamilo writes them.
fn store_smoke(db: &ChamiloDb) {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/spec/chamilo-db/store-smoke.sql"
    );
    db.sql(&format!("source {script}"));
}

#[tokio::test]
async fn what_chamilo_wrote_is_served_over_soap_and_rest() {
    let Some(db) = ChamiloDb::load("bcrypt") else {
        return;
    };
    store_smoke(&db);
    let rest = Rest::on(start_on_chamilo(&db, &[])).await;
    // Jane (bcrypt 's3cret', PHP's api key) sees her session and her course over v2.php
    let jane_key = rest.authenticate("JANE.ROE", "s3cret").await;
    let sessions = rest.call("Jane.Roe", &jane_key, "user_sessions", &[]).await;
    assert!(sessions.body.contains("Spring 2027"), "{}", sessions.body);
    let courses = rest.call("Jane.Roe", &jane_key, "user_courses", &[]).await;
    assert!(courses.body.contains("PHYS101"), "{}", courses.body);
    // soap.php lists the course and finds Jane by her external id in another case
    let listed = soap::ok(
        &rest.app,
        "WSCourse.ListCourses",
        &[
            s("secret_key", key()),
            s("course_id_field_name", "external_course_id"),
            s("visibilities", "public,private,public-registered"),
        ],
    )
    .await;
    assert!(listed.contains("PHYS101"), "{listed}");
    let request = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope \
         xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         xmlns:ns1=\"urn:WSRegistration\"><SOAP-ENV:Body><ns1:WSGetUser><GetUser>\
         <original_user_id_name>EXTERNAL_USER_ID</original_user_id_name>\
         <original_user_id_value>hr-0042 </original_user_id_value>\
         <secret_key>{}</secret_key></GetUser></ns1:WSGetUser></SOAP-ENV:Body>\
         </SOAP-ENV:Envelope>",
        key()
    );
    let (_, _, found) = soap::post_to(
        &rest.app,
        "/main/webservices/registration.soap.php",
        request,
    )
    .await;
    let jane = db.sql("SELECT id FROM user WHERE username = 'Jane.Roe'");
    assert_eq!(
        soap::text(&found, "user_id").as_deref(),
        Some(jane.as_str()),
        "{found}"
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
