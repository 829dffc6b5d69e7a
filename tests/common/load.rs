//! Shared helpers of the load and fault tests (`common::load`):
//! SOAP and REST clients that keep their connections (one per simulated client), reading the
//! database afterwards through the store's repositories, and a private PostgreSQL server a
//! test may stop and start without touching the shared one.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use chamilo_core::extra_fields::lookup_key;
use chamilo_core::ports::Store;
use chamilo_core::users::{User, UserFilter};
use chamilo_core::ItemType;
use serde_json::Value;

use super::soap::{envelope, ENDPOINT, P};
use super::TestApp;

pub const ADMIN: &str = "admin";
pub const ADMIN_PASSWORD: &str = "admin-pw";
pub const EXT_FIELD: &str = "external_user_id";

/// One simulated client: its own keep-alive connection pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
}

impl Client {
    pub fn new(app: &TestApp) -> Client {
        Client::with_timeout(app, Duration::from_secs(30))
    }

    pub fn with_timeout(app: &TestApp, timeout: Duration) -> Client {
        Client {
            http: reqwest::Client::builder()
                .timeout(timeout)
                .build()
                .expect("http client"),
            base_url: app.base_url.clone(),
        }
    }

    /// A SOAP call: (status, body). Transport errors are `Err` (e.g. the server died).
    pub async fn soap(&self, op: &str, parts: &[P]) -> Result<(u16, String), reqwest::Error> {
        self.soap_raw(envelope(op, parts)).await
    }

    pub async fn soap_raw(&self, body: String) -> Result<(u16, String), reqwest::Error> {
        let res = self
            .http
            .post(format!("{}{ENDPOINT}", self.base_url))
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"urn:WSService\"")
            .body(body)
            .send()
            .await?;
        let status = res.status().as_u16();
        Ok((status, res.text().await?))
    }

    /// A REST (v2.php) form POST: (status, parsed answer).
    pub async fn rest(&self, fields: &[(&str, &str)]) -> Result<(u16, Value), reqwest::Error> {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let res = self
            .http
            .post(format!("{}/main/webservices/api/v2.php", self.base_url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await?;
        let status = res.status().as_u16();
        let text = res.text().await?;
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("REST answer is not JSON ({e}): {text:?}"));
        Ok((status, json))
    }

    /// GET a path: status.
    pub async fn get_status(&self, path: &str) -> Result<u16, reqwest::Error> {
        let res = self
            .http
            .get(format!("{}{path}", self.base_url))
            .send()
            .await?;
        Ok(res.status().as_u16())
    }
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Creates the platform admin with the CLI and logs in over REST; the admin's api key.
pub async fn admin_key(app: &TestApp) -> String {
    app.create_admin(ADMIN, ADMIN_PASSWORD);
    let (_, answer) = Client::new(app)
        .rest(&[
            ("action", "authenticate"),
            ("username", ADMIN),
            ("password", ADMIN_PASSWORD),
        ])
        .await
        .expect("authenticate");
    answer["data"]["apiKey"]
        .as_str()
        .unwrap_or_else(|| panic!("authenticate: {answer}"))
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Reading the database afterwards

/// The app's database, opened directly (not through the server).
pub async fn open_store(database_url: &str) -> chamilo_store::SeaStore {
    chamilo_store::connect(database_url, &Default::default())
        .await
        .expect("the test database opens")
}

/// Every user row.
pub async fn all_users(store: &chamilo_store::SeaStore) -> Vec<User> {
    store
        .repo()
        .list_users(&UserFilter {
            status: None,
            access_url_id: None,
            active_only: false,
        })
        .await
        .expect("list users")
}

/// Users linked to the default access URL.
pub async fn url_users(store: &chamilo_store::SeaStore) -> Vec<User> {
    store
        .repo()
        .list_users(&UserFilter {
            status: None,
            access_url_id: Some(chamilo_core::urls::DEFAULT_URL_ID),
            active_only: false,
        })
        .await
        .expect("list users")
}

/// Item ids holding `value` in the user extra field `variable`, as stored (rows of deleted
/// users included, if any were left behind). Empty when the field does not exist.
pub async fn user_ids_with(
    store: &chamilo_store::SeaStore,
    variable: &str,
    value: &str,
) -> Vec<i64> {
    let repo = store.repo();
    let Some(field) = repo
        .find_field(ItemType::User, variable)
        .await
        .expect("find field")
    else {
        return Vec::new();
    };
    let mut ids = repo
        .items_with_value(field.id, &lookup_key(value))
        .await
        .expect("values");
    ids.sort_unstable();
    ids
}

/// A user's extra values as (variable, value).
pub async fn user_extras(store: &chamilo_store::SeaStore, id: i64) -> Vec<(String, String)> {
    store
        .repo()
        .values_of(ItemType::User, id)
        .await
        .expect("values of")
        .into_iter()
        .map(|v| (v.field.variable, v.value))
        .collect()
}

// ---------------------------------------------------------------------------------------
// A private PostgreSQL server

/// A PostgreSQL cluster of this test alone, in a temp dir, on a free loopback port, trust
/// authentication for role `gw`. Stopped and removed on drop.
pub struct PrivatePostgres {
    bin: PathBuf,
    dir: tempfile::TempDir,
    pub port: u16,
    as_postgres: bool,
}

impl PrivatePostgres {
    /// Starts one; `None` (with a message) when PostgreSQL's server binaries are not installed
    /// and CI is not set. In CI their absence is a failure.
    pub fn start() -> Option<PrivatePostgres> {
        let Some(bin) = postgres_bin() else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("PostgreSQL server binaries (initdb, pg_ctl) are required in CI");
            }
            eprintln!("skipping: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin");
            return None;
        };
        // initdb refuses to run as root: run the server as the postgres OS user then
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("gateway-private-pg-")
            .tempdir()
            .expect("temp dir");
        if as_postgres {
            run(Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path()));
        }
        let port = free_port();
        let pg = PrivatePostgres {
            bin,
            dir,
            port,
            as_postgres,
        };
        let data = pg.data_dir();
        pg.run_tool(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "gw",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        let conf = format!(
            "port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\nfsync = off\nmax_connections = 50\n",
            pg.dir.path().display()
        );
        let conf_path = data.join("postgresql.conf");
        let mut existing = std::fs::read_to_string(&conf_path).expect("postgresql.conf");
        existing.push_str(&conf);
        std::fs::write(&conf_path, existing).expect("postgresql.conf");
        pg.start_server();
        Some(pg)
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn url(&self) -> String {
        format!("postgres://gw@127.0.0.1:{}/postgres", self.port)
    }

    fn run_tool(&self, tool: &str, args: &[&str]) {
        let program = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        cmd.args(args).current_dir(self.dir.path());
        run(&mut cmd);
    }

    /// Starts the server and waits until it accepts connections.
    pub fn start_server(&self) {
        let data = self.data_dir();
        let log = self.dir.path().join("server.log");
        self.run_tool(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
    }

    /// Stops the server at once (connections are cut, as when a database host goes away).
    pub fn stop_server(&self) {
        let data = self.data_dir();
        self.run_tool(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let data = self.data_dir();
        let program = self.bin.join("pg_ctl");
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            Command::new(&program)
        };
        let _ = cmd
            .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The newest `/usr/lib/postgresql/<version>/bin` holding initdb and pg_ctl.
fn postgres_bin() -> Option<PathBuf> {
    let mut bins: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            (bin.join("initdb").exists() && bin.join("pg_ctl").exists()).then_some((version, bin))
        })
        .collect();
    bins.sort();
    bins.pop().map(|(_, b)| b)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Polls `f` until it answers true or `limit` passes; whether it did.
pub async fn eventually<F, Fut>(limit: Duration, mut f: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if f().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}
