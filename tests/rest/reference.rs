//! The reference of v2.php as the binary serves it: the OpenAPI 3.1 document (validated by
//! `openapi-spec-validator`, the PyPI package `.ci/run` installs) and the reference page. The
//! answers of every other test of this target are checked against the same rows
//! (`common::rest`, `Rest::answer`).

use std::process::Command;

use chamilo_rest::dispatch::ACTIONS;

use crate::common::rest::Rest;

/// `python3 -m openapi_spec_validator` can run here; without it the check is skipped, except
/// in CI where its absence is a failure.
fn validator_present() -> bool {
    let present = Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !present && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but openapi-spec-validator is not installed (.ci/run installs it)");
    }
    present
}

/// GET `path`: 200 with this content type; its body.
async fn served(r: &Rest, path: &str, content_type: &str) -> String {
    let resp = r.http.get(r.app.url(path)).send().await.unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    let got = resp.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(got.starts_with(content_type), "{path}: {got}");
    resp.text().await.unwrap()
}

#[tokio::test]
async fn the_served_document_is_valid_openapi_3_1_with_every_action() {
    let r = Rest::start().await;
    let text = served(
        &r,
        chamilo_rest::reference::OPENAPI_PATH,
        "application/json",
    )
    .await;
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], r.app.base_url.as_str());
    for action in ACTIONS {
        let op =
            &doc["paths"][format!("/main/webservices/api/v2.php?action={}", action.name)]["post"];
        assert_eq!(
            op["operationId"], action.name,
            "{} is not documented",
            action.name
        );
    }
    // the document's own example call works as it says
    let profile = &doc["paths"]["/main/webservices/api/v2.php?action=user_profile"]["post"];
    assert_eq!(profile["x-access-level"], "api key");
    let admin_only = &doc["paths"]["/main/webservices/api/v2.php?action=save_user"]["post"];
    assert_eq!(admin_only["x-access-level"], "admin");
    let required = admin_only["requestBody"]["content"]["application/x-www-form-urlencoded"]
        ["schema"]["required"]
        .as_array()
        .unwrap();
    assert!(required.contains(&"loginname".into()), "{required:?}");
    if !validator_present() {
        eprintln!("openapi-spec-validator not installed: document not validated");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, &text).unwrap();
    let out = Command::new("python3")
        .args([
            "-m",
            "openapi_spec_validator",
            "--schema",
            "3.1",
            "--validation-errors",
            "all",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openapi-spec-validator refused the document:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn the_reference_page_lists_every_action_without_scripts() {
    let r = Rest::start().await;
    let html = served(&r, chamilo_rest::reference::PAGE_PATH, "text/html").await;
    for action in ACTIONS {
        assert!(
            html.contains(&format!("<section id=\"{}\">", action.name)),
            "{} missing from the page",
            action.name
        );
    }
    // offline: nothing loaded from elsewhere, nothing run
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(html.contains("href=\"/main/webservices/api/openapi.json\""));
    assert!(html.contains(&format!(
        "curl '{}/main/webservices/api/v2.php?action=save_user",
        r.app.base_url
    )));
}
