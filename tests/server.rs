//! The server as operators meet it: health, readiness, CLI, shutdown, request ids, logs.

mod common;
#[path = "server/dashboard.rs"]
mod dashboard;
#[path = "server/dashboard_browser.rs"]
mod dashboard_browser;
#[path = "server/metrics.rs"]
mod metrics;
#[path = "server/two_processes.rs"]
mod two_processes;

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

/// The binary run in `dir` with only `env` set (and PATH).
fn gateway_in(dir: &std::path::Path, env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chamilo-gateway"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the gateway binary runs")
}

#[test]
fn config_show_names_where_each_value_comes_from_and_masks_secrets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gateway.toml"),
        "bind = \"127.0.0.1:9999\"\ndatabase_url = \"postgres://gw:file-pw@127.0.0.1/gw\"\n",
    )
    .unwrap();
    let out = gateway_in(
        dir.path(),
        &[
            (
                "GATEWAY_DATABASE_URL",
                "mysql://gw:env-pw@127.0.0.1:3306/gw",
            ),
            ("GATEWAY_SECURITY_KEY", "0123456789"),
            ("GATEWAY_WEBSERVICES_ENABLED", "off"),
        ],
        &["config", "show"],
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for secret in ["file-pw", "env-pw", "0123456789"] {
        assert!(!shown.contains(secret), "{secret} shown:\n{shown}");
    }
    for line in [
        "bind = \"127.0.0.1:9999\"  # gateway.toml",
        "database_url = \"mysql://gw:********@127.0.0.1:3306/gw\"  # GATEWAY_DATABASE_URL",
        "security_key = \"********\"  # GATEWAY_SECURITY_KEY",
        "webservices_enabled = false  # GATEWAY_WEBSERVICES_ENABLED",
        "shutdown_timeout = 30  # default",
    ] {
        assert!(shown.lines().any(|l| l == line), "no {line:?} in:\n{shown}");
    }
}

#[test]
fn a_bad_configuration_stops_the_binary_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |env: &[(&str, &str)], args: &[&str], expected: &str| {
        let out = gateway_in(dir.path(), env, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} ran with {env:?}");
        assert!(stderr.contains(expected), "{expected:?} not in:\n{stderr}");
    };
    refused(
        &[("GATEWAY_BODY_LIMIT", "lots")],
        &["serve"],
        "GATEWAY_BODY_LIMIT: invalid type",
    );
    refused(
        &[("GATEWAY_DATABSE_URL", "postgres://gw:gw@127.0.0.1/gw")],
        &["serve"],
        "GATEWAY_DATABSE_URL: unknown field",
    );
    refused(
        &[("GATEWAY_CONFIG", "missing.toml")],
        &["config", "show"],
        "reading missing.toml",
    );
    std::fs::write(
        dir.path().join("gateway.toml"),
        "trusted_proxies = \"10.0.0.0/8, nowhere\"",
    )
    .unwrap();
    refused(
        &[],
        &["serve"],
        "trusted_proxies: 'nowhere' is not a CIDR or address",
    );
}

/// /etc/chamilo-gateway/gateway.toml as the .deb installs it: read by the binary as it is, its
/// database SQLite in the service's data directory, every key of `config show` documented.
#[test]
fn the_packaged_configuration_loads_and_names_every_key() {
    let packaged = concat!(env!("CARGO_MANIFEST_DIR"), "/packaging/gateway.toml");
    let dir = tempfile::tempdir().unwrap();
    let out = gateway_in(dir.path(), &[], &["--config", packaged, "config", "show"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sqlite = "database_url = \"sqlite:///var/lib/chamilo-gateway/chamilo-gateway.db?mode=rwc\"";
    assert!(
        shown
            .lines()
            .any(|l| l == format!("{sqlite}  # {packaged}")),
        "{shown}"
    );
    let text = std::fs::read_to_string(packaged).unwrap();
    let keys = shown
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
        .chain(shown.lines().filter_map(|l| {
            l.strip_prefix("# ")
                .and_then(|l| l.split_once(": not set"))
                .map(|(k, _)| k)
        }));
    for key in keys {
        let documented = text.lines().any(|l| {
            let l = l.trim_start_matches('#');
            l.starts_with(&format!("{key} = "))
        });
        assert!(documented, "packaging/gateway.toml does not document {key}");
    }
}
