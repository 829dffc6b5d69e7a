//! WSRegistration end to end: the session search and fetch (`crates/soap/src/ws_registration/search.rs`).

use super::*;

fn search(term: &str, extrafields: &str, key: &str) -> String {
    call(
        "WSSearchSession",
        "SearchSession",
        "SearchSession",
        &[
            ("term", term),
            ("extrafields", extrafields),
            ("secret_key", key),
        ],
    )
}

/// WSFetchSession's part is called `SearchSession` too (Q3); its type is `FetchSession`.
fn fetch(id: &str, extrafields: &str, key: &str) -> String {
    call(
        "WSFetchSession",
        "SearchSession",
        "FetchSession",
        &[
            ("id", id),
            ("extrafields", extrafields),
            ("secret_key", key),
        ],
    )
    .replace(
        &format!("<id xsi:type=\"xsd:string\">{id}</id>"),
        &format!("<id xsi:type=\"xsd:int\">{id}</id>"),
    )
}

/// WSSearchSession: the term in the name or description, case-insensitively; in the extra
/// values only when `extrafields` names fields, whose values then fill `extra`; each row with
/// its coach, head counts, access dates and the coach's extra days. WSFetchSession answers one
/// such row by id (its `extrafields` honoured: fixed), an unknown id the invalid-input fault.
#[tokio::test]
async fn search_and_fetch_sessions() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let coach = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("cleo", "SE0")).await);
    let student = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("sam", "SE1")).await);
    let mut parts = vec![s("secret_key", key())];
    parts.extend(crate::course::course_create("Algebra", "SE0", "SEC1"));
    let course = ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await);
    // soap.php's sessions: the coach's window 2 days before and 3 after, extra `room` = B12
    let maths =
        crate::session::session_parts("Spring Maths", "2030-01-10", "2030-03-31", "SE0", "SES1");
    let maths = ret_int(&ok(&app, "WSSession.CreateSession", &maths).await);
    let physics =
        crate::session::session_parts("Summer Physics", "2030-04-01", "2030-06-30", "SE0", "SES2");
    let physics = ret_int(&ok(&app, "WSSession.CreateSession", &physics).await);
    gw.add_course_to_session(maths, course).await.unwrap();
    gw.subscribe_user_to_session(maths, student).await.unwrap();

    let body = snap_raw(&app, "WSSearchSession-name", search("MATHS", "", &k)).await;
    assert_eq!(all(&body, "id"), [maths.to_string()]);
    assert_eq!(text(&body, "id_coach").unwrap(), coach.to_string());
    assert_eq!(
        [
            text(&body, "nbr_courses").unwrap(),
            text(&body, "nbr_users").unwrap(),
            text(&body, "nbr_classes").unwrap()
        ],
        ["1", "1", "0"]
    );
    assert_eq!(text(&body, "date_start").unwrap(), "2030-01-10 00:00:00");
    assert_eq!(
        [
            text(&body, "nb_days_access_before_beginning").unwrap(),
            text(&body, "nb_days_access_after_end").unwrap()
        ],
        ["2", "3"]
    );
    assert!(all(&body, "variable").is_empty());

    // extra values are searched, and answered, only for the fields asked for
    let body = post_to(&app, REGISTRATION, search("b12", "", &k)).await.2;
    assert!(all(&body, "id").is_empty(), "{body}");
    let body = snap_raw(
        &app,
        "WSSearchSession-extra",
        search("b12", " room, ,nope", &k),
    )
    .await;
    assert_eq!(all(&body, "id"), [maths.to_string(), physics.to_string()]);
    assert_eq!(all(&body, "variable"), ["room", "room"]);
    assert_eq!(all(&body, "value"), ["B12", "B12"]);
    let body = post_to(&app, REGISTRATION, search("", "", &k)).await.2;
    assert_eq!(all(&body, "id").len(), 2);
    let body = post_to(&app, REGISTRATION, search("nothing like it", "room", &k))
        .await
        .2;
    assert!(
        body.contains("SOAP-ENC:arrayType=\"tns:searchedSession[0]\""),
        "{body}"
    );

    let body = snap_raw(
        &app,
        "WSFetchSession",
        fetch(&physics.to_string(), "room", &k),
    )
    .await;
    assert_eq!(all(&body, "name"), ["Summer Physics"]);
    assert_eq!(all(&body, "value"), ["B12"]);
    assert_eq!(text(&body, "nbr_users").unwrap(), "0");
    let body = post_to(&app, REGISTRATION, fetch(&physics.to_string(), "", &k))
        .await
        .2;
    assert!(all(&body, "variable").is_empty());

    for (name, id) in [
        ("WSFetchSession-unknown", "999999"),
        ("WSFetchSession-no-id", ""),
    ] {
        let body = snap_raw(&app, name, fetch(id, "", &k)).await;
        assert_eq!(
            fault_of(&body),
            (
                "Server".to_owned(),
                "The input variables are invalid o are not correctly set".to_owned()
            )
        );
    }
    for request in [
        search("maths", "", &"0".repeat(40)),
        fetch(&maths.to_string(), "", &"0".repeat(40)),
    ] {
        let body = post_to(&app, REGISTRATION, request).await.2;
        assert_eq!(
            fault_of(&body).1,
            "Secret key is not correct or params are not correctly set"
        );
    }
}
