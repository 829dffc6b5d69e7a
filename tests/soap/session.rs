//! WSSession (`crates/soap/src/ws_service/session.rs`): the sequence's session steps
//! (`sequence.rs`; snapshots `snapshots/soap__session__*.snap`).

use crate::common::soap::*;
use crate::common::TestApp;
use crate::sequence::{bad_key, cat, cref, sref, uref, with_key};

snapshot_calls!();

/// CreateSession/EditSession's parts with the key: session `ext` named `name`, coached by
/// user `coach`.
pub fn session_parts(name: &str, start: &str, end: &str, coach: &str, ext: &str) -> Vec<P> {
    with_key(vec![
        s("name", name),
        s("start_date", start),
        s("end_date", end),
        i("nb_days_access_before", 2),
        i("nb_days_access_after", 3),
        i("nolimit", 0),
        i("visibility", 1),
        s("user_id_field_name", "external_user_id"),
        s("user_id_value", coach),
        s("session_id_field_name", "external_session_id"),
        s("session_id_value", ext),
        a(
            "extras",
            "extras",
            vec![vec![s("field_name", "room"), s("field_value", "B12")]],
        ),
    ])
}

/// A user and a session, with the key.
fn us(user: &str, session: &str) -> Vec<P> {
    cat(vec![uref(user), sref(session)])
}

/// A course and a session, with the key.
fn cs(course: &str, session: &str) -> Vec<P> {
    cat(vec![cref(course), sref(session)])
}

/// The sequence's WSSession steps after the courses: create, edit, subscribe users, courses
/// and teachers; answers the id of Spring (session `S1`) and a core on the app's database.
pub async fn create_edit_subscribe(app: &TestApp) -> (i64, chamilo_core::Gateway) {
    let body = snap(
        app,
        "WSSession.CreateSession-ok",
        "WSSession.CreateSession",
        session_parts("Spring", "2030-03-01", "2030-06-30", "U1", "S1"),
    )
    .await;
    let spring = ret_int(&body);
    snap(
        app,
        "WSSession.CreateSession-100",
        "WSSession.CreateSession",
        session_parts("Summer", "2030-07-01", "2030-08-31", "nobody", "S2"),
    )
    .await;
    snap(
        app,
        "WSSession.CreateSession-301-duplicate-name",
        "WSSession.CreateSession",
        session_parts("Spring", "2030-03-01", "2030-06-30", "U1", "S3"),
    )
    .await;
    snap(
        app,
        "WSSession.CreateSession-301-bad-date",
        "WSSession.CreateSession",
        session_parts("Autumn", "2030-13-01", "2030-06-30", "U1", "S4"),
    )
    .await;
    let mut keyless = session_parts("Winter", "", "", "U1", "S5");
    keyless[0] = bad_key();
    snap(
        app,
        "WSSession.CreateSession-1",
        "WSSession.CreateSession",
        keyless,
    )
    .await;

    snap(
        app,
        "WSSession.EditSession-ok",
        "WSSession.EditSession",
        session_parts(
            "Spring term",
            "2030-03-01 08:00",
            "2030-06-30 18:00",
            "U2",
            "S1",
        ),
    )
    .await;
    snap(
        app,
        "WSSession.EditSession-300",
        "WSSession.EditSession",
        session_parts("Spring term", "2030-03-01", "2030-06-30", "U2", "nothing"),
    )
    .await;
    snap(
        app,
        "WSSession.EditSession-100",
        "WSSession.EditSession",
        session_parts("Spring term", "2030-03-01", "2030-06-30", "nobody", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.EditSession-302",
        "WSSession.EditSession",
        session_parts("Spring term", "2030-06-30", "2030-03-01", "U2", "S1"),
    )
    .await;

    snap(
        app,
        "WSSession.SubscribeUserToSession-ok",
        "WSSession.SubscribeUserToSession",
        us("U2", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeUserToSession-300",
        "WSSession.SubscribeUserToSession",
        us("U2", "nothing"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeUserToSession-100",
        "WSSession.SubscribeUserToSession",
        us("nobody", "S1"),
    )
    .await;
    // additive: a second student joins, the first stays
    snap(
        app,
        "WSSession.SubscribeUserToSession-second",
        "WSSession.SubscribeUserToSession",
        us("U5", "S1"),
    )
    .await;
    let gw = core(app).await;
    assert_eq!(gw.session_users(spring).await.unwrap().len(), 2);

    snap(
        app,
        "WSSession.SubscribeCourseToSession-ok",
        "WSSession.SubscribeCourseToSession",
        cs("C1", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeCourseToSession-300",
        "WSSession.SubscribeCourseToSession",
        cs("C1", "nothing"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeCourseToSession-200",
        "WSSession.SubscribeCourseToSession",
        cs("nothing", "S1"),
    )
    .await;

    let ts = |user: &str, session: &str, course: &str| {
        cat(vec![uref(user), sref(session), cref(course)])
    };
    snap(
        app,
        "WSSession.SubscribeTeacherToSessionCourse-ok",
        "WSSession.SubscribeTeacherToSessionCourse",
        ts("U1", "S1", "C1"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeTeacherToSessionCourse-305",
        "WSSession.SubscribeTeacherToSessionCourse",
        ts("U1", "S1", "C2"),
    )
    .await;
    snap(
        app,
        "WSSession.SubscribeTeacherToSessionCourse-300",
        "WSSession.SubscribeTeacherToSessionCourse",
        ts("U1", "nothing", "C1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeTeacherFromSessionCourse-ok",
        "WSSession.UnsubscribeTeacherFromSessionCourse",
        ts("U1", "S1", "C1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeTeacherFromSessionCourse-303",
        "WSSession.UnsubscribeTeacherFromSessionCourse",
        ts("U1", "S1", "C1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeTeacherFromSessionCourse-200",
        "WSSession.UnsubscribeTeacherFromSessionCourse",
        ts("U1", "S1", "nothing"),
    )
    .await;
    (spring, gw)
}

/// The sequence's session teardown, after the reports: unsubscribe, then delete.
pub async fn teardown(app: &TestApp) {
    snap(
        app,
        "WSSession.UnsubscribeUserFromSession-ok",
        "WSSession.UnsubscribeUserFromSession",
        us("U2", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeUserFromSession-300",
        "WSSession.UnsubscribeUserFromSession",
        us("U2", "nothing"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeCourseFromSession-ok",
        "WSSession.UnsubscribeCourseFromSession",
        cs("C1", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.UnsubscribeCourseFromSession-304",
        "WSSession.UnsubscribeCourseFromSession",
        cs("C1", "S1"),
    )
    .await;
    snap(
        app,
        "WSSession.DeleteSession-ok",
        "WSSession.DeleteSession",
        cat(vec![sref("S1")]),
    )
    .await;
    snap(
        app,
        "WSSession.DeleteSession-300",
        "WSSession.DeleteSession",
        cat(vec![sref("S1")]),
    )
    .await;
}
