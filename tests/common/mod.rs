//! End-to-end harness: starts the real `chamilo-gateway` binary on 127.0.0.1 port 0 with a
//! fresh database and hands back its base URL. SQLite always; PostgreSQL and MariaDB too when
//! `TEST_POSTGRES_URL` / `TEST_MARIADB_URL` are set (in CI they must be).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The SOAP security key every test server runs with.
pub const SECURITY_KEY: &str = "test-security-key";

pub struct TestApp {
    pub base_url: String,
    pub backend: &'static str,
    pub database_url: String,
    pub log_path: PathBuf,
    child: Child,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_chamilo-gateway")
}

fn base_command(database_url: &str) -> Command {
    let mut cmd = Command::new(binary());
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("GATEWAY_DATABASE_URL", database_url)
        .env("GATEWAY_SECURITY_KEY", SECURITY_KEY)
        .env("GATEWAY_BCRYPT_COST", "4")
        .env("RUST_LOG", "info")
        .current_dir(std::env::temp_dir());
    cmd
}

/// A server on SQLite.
pub async fn spawn_app() -> TestApp {
    spawn_apps().await.remove(0)
}

/// One server per configured database backend, SQLite first.
pub async fn spawn_apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for (backend, url) in chamilo_store::testing::fresh_database_urls().await {
        apps.push(start(backend, &url, &[]));
    }
    apps
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
