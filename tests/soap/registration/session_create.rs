//! WSRegistration end to end: session creation and edits from date parts (`crates/soap/src/ws_registration/`).

use super::*;

/// WSCreateSession: a row per item, the new id or `0` (taken external id or name, no name, no
/// coach, impossible or reversed dates); dates from their parts, the coach's window around
/// them; `nolimit` means no dates.
#[tokio::test]
async fn create_sessions_from_date_parts() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let coach = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("cora", "C0")).await);
    let c = coach.to_string();
    let (jan1, jun30) = (("2032", "1", "1"), ("2032", "6", "30"));
    let items = [
        session_item("Term 1", &c, jan1, jun30, "", "N1"),
        session_item("Open", &c, ("", "", ""), ("", "", ""), "1", "N2"),
        session_item("Term 1", &c, jan1, jun30, "", "N3"),
        session_item("Other", &c, jan1, jun30, "", "N1"),
        session_item("", &c, jan1, jun30, "", "N4"),
        session_item("No coach", "", jan1, jun30, "", "N5"),
        session_item("Bad date", &c, ("2032", "2", "30"), jun30, "", "N6"),
        session_item("Reversed", &c, jun30, jan1, "", "N7"),
    ]
    .concat();
    let list = format!(
        "<sessions SOAP-ENC:arrayType=\"ns1:createSessionParam[8]\" \
         xsi:type=\"ns1:createSessionParamList\">{items}</sessions>"
    );
    let request = call(
        "WSCreateSession",
        "createSession",
        "createSession",
        &[("secret_key", &k)],
    )
    .replacen("<secret_key", &format!("{list}<secret_key"), 1);
    let body = snap_raw(&app, "WSCreateSession", request).await;
    let results = all(&body, "result");
    assert_eq!(&results[2..], ["0", "0", "0", "0", "0", "0"], "{results:?}");
    let term: i64 = results[0].parse().unwrap();
    let session = gw.get_session(term).await.unwrap();
    assert_eq!(session.general_coach_id, Some(coach));
    assert_eq!(
        session.access_end_date.unwrap().to_string(),
        "2032-06-30 23:59:59"
    );
    assert_eq!(
        session.coach_access_start_date.unwrap().to_string(),
        "2031-12-30 00:00:00"
    );
    let open = gw.get_session(results[1].parse().unwrap()).await.unwrap();
    assert_eq!(open.access_start_date, None);
}

/// WSEditSession: a row per item, `1` edited (name, dates, coach), `0` for an unknown session,
/// no name, no coach or bad dates; the session's visibility stays.
#[tokio::test]
async fn edit_sessions_from_date_parts() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let first = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("abe", "Q0")).await);
    let second = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("bea", "Q1")).await);
    let parts = crate::session::session_parts("Old name", "2030-01-01", "2030-02-01", "Q0", "QS1");
    let session = ret_int(&ok(&app, "WSSession.CreateSession", &parts).await);
    let visibility = gw.get_session(session).await.unwrap().visibility;
    let b = second.to_string();
    let items = [
        session_item(
            "New name",
            &b,
            ("2033", "3", "1"),
            ("2033", "4", "1"),
            "",
            "QS1",
        ),
        session_item(
            "Ghost",
            &b,
            ("2033", "3", "1"),
            ("2033", "4", "1"),
            "",
            "nope",
        ),
        session_item("", &b, ("2033", "3", "1"), ("2033", "4", "1"), "", "QS1"),
        session_item("X", "", ("2033", "3", "1"), ("2033", "4", "1"), "", "QS1"),
        session_item("X", &b, ("2033", "13", "1"), ("2033", "4", "1"), "", "QS1"),
    ]
    .concat()
    .replace("ns1:createSessionParam", "ns1:editSessionParams");
    let list = format!(
        "<sessions SOAP-ENC:arrayType=\"ns1:editSessionParams[5]\" \
         xsi:type=\"ns1:editSessionParamsList\">{items}</sessions>"
    );
    let request = call(
        "WSEditSession",
        "editSession",
        "editSession",
        &[("secret_key", &k)],
    )
    .replacen("<secret_key", &format!("{list}<secret_key"), 1);
    let body = snap_raw(&app, "WSEditSession", request).await;
    assert_eq!(all(&body, "result"), ["1", "0", "0", "0", "0"]);
    let edited = gw.get_session(session).await.unwrap();
    assert_eq!(edited.name, "New name");
    assert_eq!(edited.general_coach_id, Some(second));
    assert_eq!(edited.visibility, visibility);
    assert_eq!(
        edited.access_start_date.unwrap().to_string(),
        "2033-03-01 00:00:00"
    );
    assert!(first > 0);
}
