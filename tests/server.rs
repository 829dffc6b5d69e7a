//! The server as operators meet it: health, readiness, CLI, shutdown, request ids, logs.

mod common;
#[path = "server/metrics.rs"]
mod metrics;

use common::{client, spawn_app, spawn_apps};

#[tokio::test]
async fn health_and_readiness_answer_on_every_backend() {
    for app in spawn_apps().await {
        let http = client();
        let health = http.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), 200, "{}", app.backend);
        assert_eq!(health.text().await.unwrap(), r#"{"status":"ok"}"#);

        let ready = http.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 200, "{}", app.backend);
        assert!(ready.headers().contains_key("x-request-id"));
        assert_eq!(
            ready.text().await.unwrap(),
            r#"{"status":"ready","database":"ok"}"#
        );
    }
}

#[tokio::test]
async fn readiness_reports_an_unreachable_database() {
    // a PostgreSQL URL nobody listens on: the server starts without migrating, /readyz says 503
    let mut app = common::start_unmigrated("postgres://gw:gw@127.0.0.1:9/none");
    let ready = client().get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    assert_eq!(
        ready.text().await.unwrap(),
        r#"{"status":"unavailable","database":"unreachable"}"#
    );
    let health = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(app.terminate().success());
}

#[tokio::test]
async fn admin_create_and_security_key_commands_work_on_the_served_database() {
    let app = spawn_app().await;
    let out = app.cli(&["admin", "create", "--username", "root", "--password", "pw1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("admin 'root' has id "));
    // running it again resets the same account
    let again = app.cli(&["admin", "create", "--username", "ROOT", "--password", "pw2"]);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        String::from_utf8_lossy(&out.stdout).replace("'root'", "'ROOT'")
    );

    // the configured key is the one in force
    let shown = app.cli(&["security-key", "show"]);
    assert_eq!(
        String::from_utf8_lossy(&shown.stdout).trim(),
        common::SECURITY_KEY
    );
}

#[tokio::test]
async fn security_key_is_generated_once_and_rotates() {
    let app = spawn_app().await;
    let show = |app: &common::TestApp| {
        let out = common::cli_without_key(app, &["security-key", "show"]);
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let first = show(&app);
    assert_eq!(first.len(), 32);
    assert_eq!(show(&app), first, "the generated key is stored");
    let rotated = common::cli_without_key(&app, &["security-key", "rotate"]);
    let rotated = String::from_utf8_lossy(&rotated.stdout).trim().to_string();
    assert_ne!(rotated, first);
    assert_eq!(show(&app), rotated);
}

/// Log lines go through a buffered writer thread: they must still reach the log while the
/// server runs, not only when it exits.
#[tokio::test]
async fn request_lines_reach_the_log_while_the_server_runs() {
    let app = spawn_app().await;
    let res = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !app.log().contains("path=/healthz") {
        assert!(
            std::time::Instant::now() < deadline,
            "no request line after 10 s:\n{}",
            app.log()
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly_and_logs_carry_no_secrets() {
    let mut app = spawn_app().await;
    let res = client()
        .get(app.url("/readyz?api_key=supersecretvalue"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let status = app.terminate();
    assert!(status.success(), "exit status {status:?}");
    let log = app.log();
    assert!(log.contains("handled"), "requests are logged:\n{log}");
    assert!(
        !log.contains("supersecretvalue"),
        "query strings stay out of logs"
    );
    assert!(!log.contains(common::SECURITY_KEY));
}
