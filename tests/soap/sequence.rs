//! One request/response pair per operation, success and each error code, as insta snapshots.
//! One sequence on a fresh SQLite database, so ids are stable; its steps live in the family
//! modules (`ws`, `user`, `course`, `session`, `report`, `faults`), each step's snapshots
//! named after its module (`snapshots/soap__user__WSUser.CreateUser-ok.snap`). Then each row
//! of the service table is checked against the shapes of those snapshots.

use crate::common::soap::*;
use crate::common::spawn_app;
use crate::course::course_create;
use crate::session::session_parts;
use crate::{course, faults, report, session, user, ws};

/// The item codes of a batch answer, in order.
pub fn codes(body: &str) -> Vec<String> {
    all(body, "code")
}

/// A user by external id.
pub fn uref(value: &str) -> Vec<P> {
    vec![
        s("user_id_field_name", "external_user_id"),
        s("user_id_value", value),
    ]
}

/// `rest` after the caller's key.
pub fn with_key(mut rest: Vec<P>) -> Vec<P> {
    rest.insert(0, s("secret_key", key()));
    rest
}

/// A course by external id.
pub fn cref(value: &str) -> Vec<P> {
    vec![
        s("course_id_field_name", "external_course_id"),
        s("course_id_value", value),
    ]
}

/// A session by external id.
pub fn sref(value: &str) -> Vec<P> {
    vec![
        s("session_id_field_name", "external_session_id"),
        s("session_id_value", value),
    ]
}

/// The key, then every part of `parts`.
pub fn cat(parts: Vec<Vec<P>>) -> Vec<P> {
    with_key(parts.into_iter().flatten().collect())
}

/// A key that is not the caller's.
pub fn bad_key() -> P {
    s("secret_key", "0".repeat(40))
}

#[tokio::test]
async fn every_operation_success_and_error_codes() {
    let app = spawn_app().await;
    let app = &app;

    ws::test_operation(app).await;
    report::test_operation(app).await;
    let ada = user::create_edit_disable_enable(app).await;
    let algebra = course::create_edit_list_subscribe_describe(app).await;
    let (spring, gw) = session::create_edit_subscribe(app).await;
    report::time_and_learnpaths(app).await;
    session::teardown(app).await;
    user::delete(app).await;
    course::delete(app, &gw, algebra).await;
    faults::of_the_framework(app).await;
    assert!(ada > 0 && algebra > 0 && spring > 0);
}

/// What an answer is, without its data: HTTP status, then the fault code, or the response
/// element and its `return` (type; array item type; a string's text).
fn shape(status: u16, body: &str) -> String {
    if let Some(code) = text(body, "faultcode") {
        return format!("{status} fault {code}");
    }
    let element = body
        .split("<SOAP-ENV:Body><")
        .nth(1)
        .and_then(|rest| rest.split([' ', '>']).next())
        .expect("a response element");
    let attr = |tag: &str, name: &str| {
        let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
        Some(tag[at..at + tag[at..].find('"')?].to_string())
    };
    let ret = match body.find("<return ") {
        None => "void".to_string(),
        Some(at) => {
            let tag = &body[at..at + body[at..].find('>').unwrap()];
            match attr(tag, "xsi:type").as_deref() {
                Some("SOAP-ENC:Array") => {
                    let items = attr(tag, "SOAP-ENC:arrayType").unwrap();
                    format!("array of {}", &items[..items.find('[').unwrap()])
                }
                Some("xsd:string") => format!("xsd:string {:?}", text(body, "return").unwrap()),
                Some(other) => other.to_string(),
                None => "untyped".to_string(),
            }
        }
    };
    format!("{status} {element} {ret}")
}

/// The modules whose steps snapshot the sequence's answers, each under
/// `snapshots/soap__<module>__<snapshot name>.snap`.
const STEP_MODULES: [&str; 6] = ["ws", "user", "course", "session", "report", "faults"];

/// The shapes of every answer the sequence snapshotted for `op`.
fn snapshot_shapes(op: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/soap/snapshots");
    let mut shapes = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(rest) = STEP_MODULES
            .iter()
            .find_map(|module| name.strip_prefix(&format!("soap__{module}__{op}")))
        else {
            continue;
        };
        if rest != ".snap" && !(rest.starts_with('-') && rest.ends_with(".snap")) {
            continue;
        }
        let snap = std::fs::read_to_string(dir.join(&name)).unwrap();
        // the last marker: the header's `expression:` line quotes it too
        let answer = snap.rsplit("\n--- HTTP ").next().expect("an answer");
        let (status, body) = answer.split_once('\n').unwrap();
        shapes.push(shape(status.parse().unwrap(), body));
    }
    shapes.sort();
    shapes.dedup();
    shapes
}

/// Each row of the table runs its own operation: every operation, called with the right key
/// and nothing but references to a user, a course and a session of its own, answers in a
/// shape its snapshots above show (the same element, fault code or `return` type). A row
/// wired to another operation's handler answers in that operation's shape instead, unless
/// both answer alike for such a call (void operations, say): the unit test that each row runs
/// the handler named after it covers those.
#[tokio::test]
async fn every_row_answers_in_a_shape_of_its_snapshots() {
    let app = spawn_app().await;
    let app = &app;
    let mut mismatches = Vec::new();
    for (n, operation) in chamilo_soap::ws_service::SERVICE
        .operations
        .iter()
        .enumerate()
    {
        // a user who teaches a course and coaches a session, none linked otherwise
        let (user, course, session) = (format!("FU{n}"), format!("FC{n}"), format!("FS{n}"));
        ok(
            app,
            "WSUser.CreateUser",
            &create_user_call(&format!("fx{n}"), &user),
        )
        .await;
        let mut parts = course_create(&format!("Fixture {n}"), &user, &course);
        parts.insert(0, s("secret_key", key()));
        ok(app, "WSCourse.CreateCourse", &parts).await;
        let parts = session_parts(&format!("Fixture {n}"), "", "", &user, &session);
        ok(app, "WSSession.CreateSession", &parts).await;

        let parts: Vec<P> = operation
            .parts
            .iter()
            .filter_map(|part| {
                let value = match *part {
                    "secret_key" => key(),
                    "user_id_field_name" | "course_admin_user_id_field_name" => {
                        "external_user_id".into()
                    }
                    "user_id_value" | "course_admin_user_id_value" => user.clone(),
                    "course_id_field_name" => "external_course_id".into(),
                    "course_id_value" => course.clone(),
                    "session_id_field_name" => "external_session_id".into(),
                    "session_id_value" => session.clone(),
                    _ => return None,
                };
                Some(s(part, value))
            })
            .collect();
        let (status, body) = call(app, operation.name, &parts).await;
        let answer = shape(status, &body);
        let known = snapshot_shapes(operation.name);
        assert!(!known.is_empty(), "{} has no snapshot", operation.name);
        if !known.contains(&answer) {
            mismatches.push(format!(
                "{}: {answer}, snapshots: {known:?}",
                operation.name
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
