//! Real clients against the running server: PHP's SoapClient, NuSOAP and python zeep load our
//! WSDL and drive a lifecycle; the exact requests the reference captures recorded are
//! posted raw; what SOAP writes is found through the core by external and internal id.

use crate::common::soap::*;
use crate::common::{self, soap, spawn_app, spawn_apps_and_platform, TestApp};
use chamilo_core::{ExternalRef, ItemRef, ItemType};
use std::process::Command;

fn script(name: &str) -> String {
    format!("{}/tests/soap/clients/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A proxy that refuses every connection (the discard port, closed).
const DEAD_PROXY: &str = "http://127.0.0.1:9";

/// Clients run as on a closed network even where the machine has internet: everything but the
/// gateway (on loopback) goes to [`DEAD_PROXY`]. zeep, python-requests, honours these; a WSDL
/// that makes it fetch the SOAP encoding schema from schemas.xmlsoap.org fails here.
const CLOSED_NETWORK: [(&str, &str); 6] = [
    ("http_proxy", DEAD_PROXY),
    ("https_proxy", DEAD_PROXY),
    ("HTTP_PROXY", DEAD_PROXY),
    ("HTTPS_PROXY", DEAD_PROXY),
    ("no_proxy", "127.0.0.1,localhost"),
    ("NO_PROXY", "127.0.0.1,localhost"),
];

/// Runs `script_name` with the base URL and `args`; it must print "OK <checks>".
pub(crate) fn run_client(app: &TestApp, program: &str, script_name: &str, args: &[&str]) {
    let out = Command::new(program)
        .arg(script(script_name))
        .arg(&app.base_url)
        .args(args)
        .envs(CLOSED_NETWORK)
        .output()
        .expect("the client runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with("OK "),
        "{script_name} on {}: {stdout}\n{}\nserver log:\n{}",
        app.backend,
        String::from_utf8_lossy(&out.stderr),
        app.log()
    );
    eprintln!("{script_name} on {}: {}", app.backend, stdout.trim());
}

pub(crate) fn php_soap() -> bool {
    tool_available(
        "php with the soap extension",
        Command::new("php").args(["-r", "exit(class_exists('SoapClient') ? 0 : 1);"]),
    )
}

pub(crate) fn zeep() -> bool {
    tool_available(
        "python3 with zeep",
        Command::new("python3").args(["-c", "import zeep"]),
    )
}

#[tokio::test]
async fn php_soapclient_full_lifecycle() {
    if !php_soap() {
        return;
    }
    for app in spawn_apps_and_platform("md5").await {
        run_client(&app, "php", "lifecycle.php", &[&key()]);
        // what PHP created is there for the core, by external id and by internal id
        let gw = core(&app).await;
        let ada = gw
            .resolve(ItemType::User, &ExternalRef::new("php_ext", "p1"))
            .await
            .unwrap();
        assert_eq!(gw.get_user(ada).await.unwrap().username, "php_ada");
        let by_id = gw.resolve(ItemType::User, ada).await.unwrap();
        assert_eq!(by_id, ada);
        let extras = gw.user_extras(ada).await.unwrap();
        assert!(extras
            .iter()
            .any(|v| v.field.variable == "dept" && v.value == "maths"));
    }
}

#[tokio::test]
async fn zeep_full_lifecycle() {
    if !zeep() {
        return;
    }
    for app in spawn_apps_and_platform("sha1").await {
        run_client(&app, "python3", "lifecycle.py", &[&key()]);
        let gw = core(&app).await;
        let ada = gw
            .resolve(ItemType::User, &ExternalRef::new("zeep_ext", "Z1"))
            .await
            .unwrap();
        let user = gw.get_user(ada).await.unwrap();
        assert_eq!(
            (user.username.as_str(), user.firstname.as_str()),
            ("zeep_ada", "Augusta")
        );
        assert_eq!(user.language, "french");
    }
}

/// NuSOAP 0.9.5 (Debian's, with PHP 8 constructors) in WSDL mode, as Chamilo's example client:
/// it must load the WSDL (a `schemaLocation` on an `xsd:import` makes it die on PHP 8) and run a
/// user through create, edit and delete with a key derived from testip.php.
#[tokio::test]
async fn nusoap_user_lifecycle() {
    let Some(nusoap) = soap::nusoap::library() else {
        return;
    };
    let app = spawn_app().await;
    run_client(
        &app,
        "php",
        "nusoap_lifecycle.php",
        &[common::SECURITY_KEY, nusoap.to_str().unwrap()],
    );
    let gw = core(&app).await;
    let by_ext = |ext: &str| ExternalRef::new("nusoap_ext", ext);
    for gone in ["N1", "N2"] {
        assert!(
            gw.resolve(ItemType::User, &by_ext(gone)).await.is_err(),
            "{gone} deleted"
        );
    }
    for login in ["nusoap_ada", "nusoap_lovelace", "nusoap_bob"] {
        assert!(
            gw.find_user_by_username(login).await.unwrap().is_none(),
            "{login}"
        );
    }
    // the one user left: sent in ISO-8859-1, stored in UTF-8, with its extras, disabled
    let zoe = gw.resolve(ItemType::User, &by_ext("N3")).await.unwrap();
    let user = gw.get_user(zoe).await.unwrap();
    assert_eq!(
        (user.username.as_str(), user.firstname.as_str(), user.active),
        ("nusoap_zoe", "Zoë", false)
    );
    let extras = gw.user_extras(zoe).await.unwrap();
    assert!(extras
        .iter()
        .any(|v| v.field.variable == "dept" && v.value == "maths"));
}

#[test]
fn nusoap_patch_forwards_php4_constructors() {
    let src = "<?php\r\nclass a_base {\r\n\tfunction a_base() {}\r\n}\r\n\
               class nusoap_client extends a_base  {\r\n\tfunction nusoap_client($e) {}\r\n}\r\n\
               class plain extends a_base {\r\n}\r\n";
    let out = soap::nusoap::with_php8_constructors(src);
    let forward = |class: &str| {
        format!("{{ public function __construct(...$args) {{ $this->{class}(...$args); }}\r\n")
    };
    assert!(out.contains(&format!("class a_base {}", forward("a_base"))));
    assert!(out.contains(&format!(
        "class nusoap_client extends a_base  {}",
        forward("nusoap_client")
    )));
    assert!(out.contains("class plain extends a_base {\r\n"));
    // a library that already has PHP 8 constructors is left alone (and so is a second pass)
    assert_eq!(soap::nusoap::with_php8_constructors(&out), out);
}

const REFERENCE: [(&str, &str); 5] = [
    (
        "php-createusers-map",
        include_str!("../../crates/soap/tests/fixtures/php-createusers-map.xml"),
    ),
    (
        "php-createusers-struct",
        include_str!("../../crates/soap/tests/fixtures/php-createusers-struct.xml"),
    ),
    (
        "php-disableuser",
        include_str!("../../crates/soap/tests/fixtures/php-disableuser.xml"),
    ),
    (
        "zeep-createusers",
        include_str!("../../crates/soap/tests/fixtures/zeep-createusers.xml"),
    ),
    (
        "zeep-disableuser",
        include_str!("../../crates/soap/tests/fixtures/zeep-disableuser.xml"),
    ),
];

fn reference(name: &str) -> String {
    REFERENCE
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap()
        .1
        .replace("SECRETKEY", &key())
}

/// The requests PHP's SoapClient and zeep built for Chamilo's own WSDL (spec/reference),
/// byte for byte: `xmlns:ns1=""`, apache Map items, SOAP-ENC:Struct items, zeep's untyped
/// items named after their type.
#[tokio::test]
async fn reference_requests_posted_raw() {
    for app in spawn_apps_and_platform("bcrypt").await {
        let gw = core(&app).await;

        // PHP associative arrays (apache Map)
        let (status, ct, body) = post_raw(&app, reference("php-createusers-map")).await;
        assert_eq!(
            (status, ct.as_str()),
            (200, "text/xml; charset=utf-8"),
            "{body}"
        );
        assert_eq!(all(&body, "code"), ["0", "0"], "{body}");
        // namespace-less wrapper (ns1="") is answered without a namespace
        assert!(body.contains("<WSUser.CreateUsersResponse>"), "{body}");
        let ada = gw
            .resolve(ItemType::User, &ExternalRef::new("external_id", "EXT-001"))
            .await
            .unwrap();
        assert_eq!(all(&body, "user_id_generated")[0], ada.to_string());
        assert_eq!(gw.get_user(ada).await.unwrap().email, "ada@example.org");
        let extras = gw.user_extras(ada).await.unwrap();
        assert!(extras
            .iter()
            .any(|v| v.field.variable == "dept" && v.value == "math"));

        // the same users as SOAP-ENC:Struct items: both taken now
        let (status, _, body) = post_raw(&app, reference("php-createusers-struct")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(all(&body, "code"), ["102", "102"], "{body}");

        // positional scalars
        let (status, _, body) = post_raw(&app, reference("php-disableuser")).await;
        assert_eq!(status, 200, "{body}");
        assert!(!gw.get_user(ada).await.unwrap().active);

        // zeep against the reference WSDL variant: same users, so taken
        let (status, _, body) = post_raw(&app, reference("zeep-createusers")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(all(&body, "code"), ["102", "102"], "{body}");
        let (status, _, body) = post_raw(&app, reference("zeep-disableuser")).await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test]
async fn records_created_over_soap_are_the_cores() {
    for app in spawn_apps_and_platform("bcrypt").await {
        let gw = core(&app).await;
        let id = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("xp", "XP-1")).await);
        for r in [
            ExternalRef::new("external_user_id", "XP-1").into(),
            ExternalRef::new("EXTERNAL_USER_ID", "xp-1 ").into(),
            ItemRef::Id(id),
        ] {
            assert_eq!(
                gw.resolve(ItemType::User, r.clone()).await.unwrap(),
                id,
                "{r:?}"
            );
        }
        let user = gw.find_user_by_username("xp").await.unwrap().unwrap();
        assert_eq!(
            (user.id, user.firstname.as_str(), user.active),
            (id, "First xp", true)
        );

        let course = ret_int(
            &ok(
                &app,
                "WSCourse.CreateCourse",
                &[
                    s("secret_key", key()),
                    s("title", "Cross Protocol"),
                    s("category_code", ""),
                    s("wanted_code", "XPROTO"),
                    s("tutor_name", ""),
                    s("course_admin_user_id_field_name", "chamilo_user_id"),
                    s("course_admin_user_id_value", id.to_string()),
                    s("language", "english"),
                    s("course_id_field_name", "external_course_id"),
                    s("course_id_value", "XC-1"),
                    a("extras", "extras", vec![]),
                ],
            )
            .await,
        );
        assert_eq!(
            gw.resolve(
                ItemType::Course,
                &ExternalRef::new("external_course_id", "XC-1")
            )
            .await
            .unwrap(),
            course
        );
        assert_eq!(
            gw.find_course_by_code("XPROTO").await.unwrap().unwrap().id,
            course
        );
        // the admin teaches it
        let teachers = gw.course_users(course).await.unwrap();
        assert_eq!(teachers.len(), 1);
        assert_eq!((teachers[0].user_id, teachers[0].status), (id, 1));

        let session = ret_int(
            &ok(
                &app,
                "WSSession.CreateSession",
                &[
                    s("secret_key", key()),
                    s("name", "XP session"),
                    s("start_date", "2030-01-01"),
                    s("end_date", "2030-01-31"),
                    i("nb_days_access_before", 0),
                    i("nb_days_access_after", 0),
                    i("nolimit", 0),
                    i("visibility", 1),
                    s("user_id_field_name", "external_user_id"),
                    s("user_id_value", "XP-1"),
                    s("session_id_field_name", "external_session_id"),
                    s("session_id_value", "XS-1"),
                    a(
                        "extras",
                        "extras",
                        vec![vec![s("field_name", "Room Name"), s("field_value", "B2")]],
                    ),
                ],
            )
            .await,
        );
        assert_eq!(
            gw.resolve(
                ItemType::Session,
                &ExternalRef::new("external_session_id", "XS-1")
            )
            .await
            .unwrap(),
            session
        );
        let s_rec = gw.get_session(session).await.unwrap();
        assert_eq!(s_rec.general_coach_id, Some(id));
        assert_eq!(
            s_rec.access_end_date.unwrap().to_string(),
            "2030-01-31 23:59:59"
        );
        let extras = gw.session_extras(session).await.unwrap();
        assert!(extras.iter().any(|v| v.value == "B2"), "{extras:?}");
    }
}
