//! WSReport (`crates/soap/src/ws_service/report.rs`): the sequence's report steps
//! (`sequence.rs`; snapshots `snapshots/soap__report__*.snap`).

use crate::common::soap::*;
use crate::common::TestApp;
use crate::sequence::{bad_key, cat, cref, sref, uref};

snapshot_calls!();

/// `WSReport.test`, right after `WS.test`.
pub async fn test_operation(app: &TestApp) {
    snap(app, "WSReport.test", "WSReport.test", vec![]).await;
}

/// The sequence's WSReport steps, after the sessions: the key is checked everywhere; no
/// learning paths exist.
pub async fn time_and_learnpaths(app: &TestApp) {
    let rep_user = |key: P| {
        vec![
            key,
            s("user_id_field_name", "external_user_id"),
            s("user_id_value", "U2"),
        ]
    };
    let body = snap(
        app,
        "WSReport.GetTimeSpentOnPlatform-ok",
        "WSReport.GetTimeSpentOnPlatform",
        rep_user(s("secret_key", key())),
    )
    .await;
    assert_eq!(text(&body, "return").as_deref(), Some("0"));
    snap(
        app,
        "WSReport.GetTimeSpentOnPlatform-1",
        "WSReport.GetTimeSpentOnPlatform",
        rep_user(bad_key()),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnPlatform-100",
        "WSReport.GetTimeSpentOnPlatform",
        cat(vec![uref("nobody")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnPlatform-shifted",
        "WSReport.GetTimeSpentOnPlatform",
        vec![
            s("secret_key", "external_user_id"),
            s("user_id_field_name", "U2"),
            s("user_id_value", key()),
        ],
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnCourse-ok",
        "WSReport.GetTimeSpentOnCourse",
        cat(vec![uref("U2"), cref("C1")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnCourse-200",
        "WSReport.GetTimeSpentOnCourse",
        cat(vec![uref("U2"), cref("nothing")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnCourseInSession-ok",
        "WSReport.GetTimeSpentOnCourseInSession",
        cat(vec![uref("U2"), cref("C1"), sref("S1")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetTimeSpentOnCourseInSession-300",
        "WSReport.GetTimeSpentOnCourseInSession",
        cat(vec![uref("U2"), cref("C1"), sref("nothing")]),
    )
    .await;
    let lp = || vec![s("learnpath_id", "1")];
    snap(
        app,
        "WSReport.GetTimeSpentOnLearnpathInCourse-400",
        "WSReport.GetTimeSpentOnLearnpathInCourse",
        cat(vec![uref("U2"), cref("C1"), lp()]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathsByCourse-ok",
        "WSReport.GetLearnpathsByCourse",
        cat(vec![uref("U2"), cref("C1")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathsByCourse-200",
        "WSReport.GetLearnpathsByCourse",
        cat(vec![uref("U2"), cref("nothing")]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathProgress-400",
        "WSReport.GetLearnpathProgress",
        cat(vec![uref("U2"), cref("C1"), lp()]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathHighestLessonLocation-400",
        "WSReport.GetLearnpathHighestLessonLocation",
        cat(vec![uref("U2"), cref("C1"), lp()]),
    )
    .await;
    let lp_item = || vec![s("learnpath_id", "1"), s("learnpath_item_id", "1")];
    snap(
        app,
        "WSReport.GetLearnpathScoreSingleItem-400",
        "WSReport.GetLearnpathScoreSingleItem",
        cat(vec![uref("U2"), cref("C1"), lp_item()]),
    )
    .await;
    snap(
        app,
        "WSReport.GetLearnpathStatusSingleItem-400",
        "WSReport.GetLearnpathStatusSingleItem",
        cat(vec![uref("U2"), cref("C1"), lp_item()]),
    )
    .await;
    let mut keyless = vec![bad_key()];
    keyless.extend(uref("U2"));
    keyless.extend(cref("C1"));
    keyless.extend(lp_item());
    snap(
        app,
        "WSReport.GetLearnpathStatusSingleItem-1",
        "WSReport.GetLearnpathStatusSingleItem",
        keyless,
    )
    .await;
}
