//! End-to-end harness: starts the real `chamilo-gateway` binary on 127.0.0.1 port 0 with a
//! fresh database and hands back its base URL. SQLite always; PostgreSQL and MariaDB too when
//! `TEST_POSTGRES_URL` / `TEST_MARIADB_URL` are set (in CI they must be).
//!
//! The one support tree of every test target: a target mounts it with `mod common;` (a file
//! directly under `tests/`) or `#[path = "../common/mod.rs"] mod common;` (a `tests/<name>/main.rs`
//! target), and finds the protocol helpers below it. Not every target uses every helper.
#![allow(dead_code)]

/// A real Chamilo 1.11 database per test (`chamilo-db/load`), and the core over it.
/// v2.php answers checked against the action table's docs (the OpenAPI document's source).
pub mod answers;
/// A real headless Chromium over chromedriver (the dashboard, as an admin's browser shows it).
pub mod browser;
pub mod chamilo;
/// Core `Gateway`s on every configured database, without the binary (the core target).
pub mod gateways;
/// Keep-alive SOAP and REST clients, database reads through the store, a private PostgreSQL
/// server (the load and fault tests).
pub mod load;
/// v2.php: a server with an admin and its key, requests as clients send them, redaction.
pub mod rest;
/// soap.php: envelopes as PHP's SoapClient writes them, the key, posting, reading answers.
pub mod soap;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use chamilo_store::testing::TestDatabase;

/// The SOAP security key every test server runs with.
pub const SECURITY_KEY: &str = "test-security-key";

pub struct TestApp {
    pub base_url: String,
    pub backend: &'static str,
    pub database_url: String,
    pub log_path: PathBuf,
    child: Child,
    /// The database this app was started on, when the harness made it: dropped (after the
    /// server, see `Drop`) with the app.
    database: Option<TestDatabase>,
    /// The Chamilo platform this app serves, when the harness made it (dropped likewise).
    platform: Option<chamilo::ChamiloDb>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // a passing test's log is not needed; a failing one's is kept to be read
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.log_path);
        }
    }
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_chamilo-gateway")
}

/// What a test server runs over, as `TestApp::database_url` names it: a database URL, or
/// `chamilo-config:<path>` for a Chamilo platform's configuration.php (its database and its
/// security key, so neither is given).
pub const CHAMILO_CONFIG: &str = "chamilo-config:";

fn base_command(database_url: &str) -> Command {
    let mut cmd = Command::new(binary());
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("GATEWAY_BCRYPT_COST", "4")
        .env("RUST_LOG", "info")
        .current_dir(std::env::temp_dir());
    match database_url.strip_prefix(CHAMILO_CONFIG) {
        Some(config) => cmd.env("GATEWAY_CHAMILO_CONFIG", config),
        None => cmd
            .env("GATEWAY_DATABASE_URL", database_url)
            .env("GATEWAY_SECURITY_KEY", SECURITY_KEY),
    };
    cmd
}

/// A server on SQLite.
pub async fn spawn_app() -> TestApp {
    start_on_sqlite(&[])
}

/// A server on a fresh SQLite database with extra environment variables.
pub fn start_on_sqlite(env: &[(&str, &str)]) -> TestApp {
    start_owning(chamilo_store::testing::fresh_sqlite(), env)
}

/// One server per configured database backend, SQLite first.
pub async fn spawn_apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in chamilo_store::testing::fresh_databases().await {
        apps.push(start_owning(db, &[]));
    }
    apps
}

/// [`spawn_apps`], and one server over a fresh Chamilo platform whose `password_encryption`
/// is `method` (the method the client's pre-hashed passwords use: a platform takes no other)
/// when MariaDB is configured: the apps of the tests real clients must pass in both modes.
pub async fn spawn_apps_and_platform(method: &str) -> Vec<TestApp> {
    let mut apps = spawn_apps().await;
    if let Some(db) = chamilo::ChamiloDb::load(method) {
        let mut app = start_on_chamilo(&db, &[]);
        app.platform = Some(db);
        apps.push(app);
    }
    apps
}

impl TestApp {
    /// The Chamilo platform this app serves, if it serves one.
    pub fn platform(&self) -> Option<&chamilo::ChamiloDb> {
        self.platform.as_ref()
    }
}

/// Starts the binary on `db`, which the app then owns.
fn start_owning(db: TestDatabase, env: &[(&str, &str)]) -> TestApp {
    let mut app = start(db.backend, &db.url, env);
    app.database = Some(db);
    app
}

/// Starts the binary over a Chamilo platform (`chamilo::ChamiloDb::load`).
pub fn start_on_chamilo(db: &chamilo::ChamiloDb, env: &[(&str, &str)]) -> TestApp {
    let target = format!("{CHAMILO_CONFIG}{}", db.config.display());
    start_with_args("chamilo", &target, env, &["serve"])
}

/// Runs the binary with `args` over the platform's configuration, for its exit and output.
pub fn run_on_chamilo(config: &std::path::Path, args: &[&str]) -> Output {
    base_command(&format!("{CHAMILO_CONFIG}{}", config.display()))
        .args(args)
        .output()
        .expect("the gateway binary runs")
}

/// Starts the binary on `database_url` with extra environment variables.
pub fn start(backend: &'static str, database_url: &str, env: &[(&str, &str)]) -> TestApp {
    start_with_args(backend, database_url, env, &["serve"])
}

fn start_with_args(
    backend: &'static str,
    database_url: &str,
    env: &[(&str, &str)],
    args: &[&str],
) -> TestApp {
    let log_path = std::env::temp_dir().join(format!(
        "gateway-test-{}-{}.log",
        std::process::id(),
        rand_suffix()
    ));
    let log = std::fs::File::create(&log_path).expect("log file");
    let mut cmd = base_command(database_url);
    cmd.env("GATEWAY_BIND", "127.0.0.1:0")
        .envs(env.iter().copied())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::from(log));
    let mut child = cmd.spawn().expect("the gateway binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(first)) = lines.next() {
            let _ = tx.send(first);
        }
        // keep draining so the child never blocks on a full pipe
        for _ in lines {}
    });
    let first = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(line) => line,
        Err(_) => panic!(
            "the gateway did not start on {backend}; log:\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        ),
    };
    let base_url = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_string();
    TestApp {
        base_url,
        backend,
        database_url: database_url.to_string(),
        log_path,
        child,
        database: None,
        platform: None,
    }
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    );
    h.finish()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Runs a CLI subcommand of the binary against this app's database.
    pub fn cli(&self, args: &[&str]) -> Output {
        base_command(&self.database_url)
            .args(args)
            .output()
            .expect("the gateway binary runs")
    }

    /// Creates a platform admin with the CLI (`admin create`), which must succeed.
    pub fn create_admin(&self, username: &str, password: &str) {
        let args = [
            "admin",
            "create",
            "--username",
            username,
            "--password",
            password,
        ];
        let out = self.cli(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "admin create: {stderr}");
    }

    /// The body of a GET of `path`.
    pub async fn get_text(&self, path: &str) -> String {
        let res = client().get(self.url(path)).send().await;
        res.expect("the server answers").text().await.unwrap()
    }

    /// The server's log so far (for assertions and for debugging failures).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// Sends SIGTERM and waits for the exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        self.child.wait().expect("the child exits")
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("http client")
}

/// Starts the binary with `serve --no-migrate` (for a database that may be down).
pub fn start_unmigrated(database_url: &str) -> TestApp {
    start_args("none", database_url, &["serve", "--no-migrate"])
}

fn start_args(backend: &'static str, database_url: &str, args: &[&str]) -> TestApp {
    let mut app = start_with_args(backend, database_url, &[], args);
    app.backend = backend;
    app
}

/// Runs a CLI subcommand without the configured security key (to see the stored one).
pub fn cli_without_key(app: &TestApp, args: &[&str]) -> Output {
    base_command(&app.database_url)
        .env_remove("GATEWAY_SECURITY_KEY")
        .args(args)
        .output()
        .expect("the gateway binary runs")
}

/// Runs the futures concurrently on this task; their answers in input order (racing calls
/// without a futures crate).
pub async fn join_all<F: std::future::Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut pending: Vec<_> = futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    let mut out: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (slot, result) in pending.iter_mut().zip(out.iter_mut()) {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *result = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out.into_iter().map(|r| r.expect("done")).collect()
}
