//! WSRegistration end to end: per-user course catalogue rules by external ids (`crates/soap/src/ws_registration/catalogue.rs`).

use super::*;
use chamilo_core::courses::CatalogueRule;

/// WSAddUserVisibilityToCourseInCatalogue and WSRemoveUserVisibilityToCourseInCatalogue: one
/// row per item in input order, echoing the values and `visible`; `result` 1 done, 0 for an
/// unknown user or course or a `visible` that is neither 0 nor 1. A wrong key is the original's
/// fault and changes nothing.
#[tokio::test]
async fn catalogue_rules_by_external_ids() {
    let app = spawn_app().await;
    let gw = core(&app).await;
    let k = key();
    let ida = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("ida", "V1")).await);
    let jon = ret_int(&ok(&app, "WSUser.CreateUser", &create_user_call("jon", "V2")).await);
    let mut parts = vec![s("secret_key", key())];
    parts.extend(crate::course::course_create("Geology", "V1", "VC1"));
    let course = ret_int(&ok(&app, "WSCourse.CreateCourse", &parts).await);
    let rule = |user_id, visible| CatalogueRule {
        user_id,
        course_id: course,
        visible,
    };
    let add = |items: &[(&str, &str, &str)], key: &str| {
        catalogue_items("WSAddUserVisibilityToCourseInCatalogue", items, key)
    };
    let remove = |items: &[(&str, &str, &str)], key: &str| {
        catalogue_items("WSRemoveUserVisibilityToCourseInCatalogue", items, key)
    };

    let body = snap_raw(
        &app,
        "WSAddUserVisibilityToCourseInCatalogue",
        add(
            &[
                ("VC1", "V1", "1"),
                ("VC1", "V2", "1"),
                ("VC1", "V2", "0"),
                ("VC1", "nobody", "1"),
                ("nope", "V1", "1"),
                ("VC1", "V1", "3"),
            ],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "1", "1", "0", "0", "0"]);
    assert_eq!(all(&body, "visible"), ["1", "1", "0", "1", "1", "3"]);
    assert_eq!(
        all(&body, "original_user_id_value"),
        ["V1", "V2", "V2", "nobody", "V1", "V1"]
    );
    assert_eq!(
        all(&body, "original_course_id_value"),
        ["VC1", "VC1", "VC1", "VC1", "nope", "VC1"]
    );
    assert_eq!(gw.catalogue_rules(ida).await.unwrap(), [rule(ida, 1)]);
    assert_eq!(
        gw.catalogue_rules(jon).await.unwrap(),
        [rule(jon, 0)],
        "the last rule set wins"
    );

    let body = snap_raw(
        &app,
        "WSAddUserVisibilityToCourseInCatalogue-bad-key",
        add(&[("VC1", "V1", "0")], BAD_KEY),
    )
    .await;
    assert_eq!(fault_of(&body).0, "Server");
    assert_eq!(gw.catalogue_rules(ida).await.unwrap(), [rule(ida, 1)]);

    // a removal takes the rule of its visibility; none there is done too
    let body = snap_raw(
        &app,
        "WSRemoveUserVisibilityToCourseInCatalogue",
        remove(
            &[
                ("VC1", "V1", "0"),
                ("VC1", "V2", "0"),
                ("VC1", "nobody", "0"),
                ("nope", "V2", "0"),
            ],
            &k,
        ),
    )
    .await;
    assert_eq!(all(&body, "result"), ["1", "1", "0", "0"]);
    assert_eq!(gw.catalogue_rules(ida).await.unwrap(), [rule(ida, 1)]);
    assert!(gw.catalogue_rules(jon).await.unwrap().is_empty());

    let body = snap_raw(
        &app,
        "WSRemoveUserVisibilityToCourseInCatalogue-bad-key",
        remove(&[("VC1", "V1", "1")], BAD_KEY),
    )
    .await;
    assert_eq!(
        fault_of(&body),
        (
            "Server".to_owned(),
            "Secret key is not correct or params are not correctly set".to_owned()
        )
    );
    assert_eq!(gw.catalogue_rules(ida).await.unwrap(), [rule(ida, 1)]);
}

const BAD_KEY: &str = "0000000000000000000000000000000000000000";
