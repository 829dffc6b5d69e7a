//! Server processes under test: starting them (optionally pinned to one CPU), finding their
//! port, their memory figures from /proc, stopping them.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The SOAP security key the benchmarked gateways run with.
pub const SECURITY_KEY: &str = "bench-security-key";

pub struct Server {
    pub addr: SocketAddr,
    pub child: Child,
    pub spawned_at: Instant,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A `/proc/<pid>/status` figure in MiB (`VmRSS`, `VmHWM`).
    pub fn mem_mib(&self, key: &str) -> f64 {
        mem_mib(self.pid(), key)
    }

    /// CPU time the server's live threads have run, in seconds (`/proc/<pid>/task/*/schedstat`,
    /// nanosecond resolution). Less sensitive than wall time to other load on the machine.
    pub fn cpu_secs(&self) -> f64 {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.pid()));
        let ns: u64 = tasks
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
            .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
            .sum();
        ns as f64 / 1e9
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn mem_mib(pid: u32, key: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// How many CPUs this process may use.
pub fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Pins the calling thread to `cpu` when the machine has at least two (else leaves it).
pub fn pin_current_thread(cpu: usize) {
    if cpus() < 2 {
        return;
    }
    // SAFETY: a zeroed cpu_set_t is a valid empty set; the calls only read/write it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// How a server process is started.
pub struct Launch<'a> {
    pub program: &'a Path,
    pub args: &'a [&'a str],
    pub env: &'a [(&'a str, String)],
    /// run on CPU 1 only (`taskset -c 1`), leaving CPU 0 to the load generator
    pub pinned: bool,
    pub log: PathBuf,
}

/// Starts a server that prints `listening on http://ADDR` as its first stdout line.
pub fn start(launch: &Launch<'_>) -> anyhow::Result<Server> {
    let mut cmd = if launch.pinned && cpus() >= 2 {
        let mut c = Command::new("taskset");
        c.args(["-c", "1"]).arg(launch.program);
        c
    } else {
        Command::new(launch.program)
    };
    cmd.args(launch.args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(launch.env.iter().map(|(k, v)| (*k, v.as_str())))
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::from(std::fs::File::create(&launch.log)?));
    let spawned_at = Instant::now();
    let mut child = cmd.spawn()?;
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(first)) = lines.next() {
            let _ = tx.send(first);
        }
        for _ in lines {}
    });
    let first = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(line) => line,
        Err(_) => {
            let _ = child.kill();
            anyhow::bail!(
                "{} did not start; log:\n{}",
                launch.program.display(),
                std::fs::read_to_string(&launch.log).unwrap_or_default()
            );
        }
    };
    let addr = first
        .strip_prefix("listening on http://")
        .ok_or_else(|| anyhow::anyhow!("unexpected first line: {first}"))?
        .parse()?;
    Ok(Server {
        addr,
        child,
        spawned_at,
    })
}

/// Environment of a gateway on `database_url` (everything else at its defaults).
pub fn gateway_env(database_url: &str) -> Vec<(&'static str, String)> {
    // a Chamilo platform: its configuration.php names the database and holds the key
    if let Some(config) = database_url.strip_prefix(CHAMILO_CONFIG) {
        return vec![
            ("GATEWAY_BIND", "127.0.0.1:0".into()),
            ("GATEWAY_CHAMILO_CONFIG", config.into()),
        ];
    }
    vec![
        ("GATEWAY_BIND", "127.0.0.1:0".into()),
        ("GATEWAY_DATABASE_URL", database_url.into()),
        ("GATEWAY_SECURITY_KEY", SECURITY_KEY.into()),
    ]
}

/// The "database URL" of a gateway over a Chamilo platform: this prefix and the path of its
/// configuration.php.
pub const CHAMILO_CONFIG: &str = "chamilo-config:";

/// A fresh Chamilo 1.11 platform (`shared/spec/chamilo-db/load`) on the MariaDB server of
/// `TEST_MARIADB_URL` (default gw:gw@127.0.0.1:3306), its passwords in `method`, the bench's
/// security key: its target for `gateway_env` and its database name (for `drop_chamilo`).
pub fn fresh_chamilo(scratch: &Path, method: &str) -> anyhow::Result<(String, String)> {
    let (user, pass, host, port) = mariadb_server();
    let name = unique("bench_chamilo");
    let root = scratch.join(&name);
    let load = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/chamilo-db/load");
    let out = Command::new(load)
        .env("DB", &name)
        .env(
            "MYSQL",
            format!("mysql -u{user} -p{pass} -h{host} -P{port}"),
        )
        .env("ROOT", &root)
        .env("DB_HOST", &host)
        .env("DB_PORT", &port)
        .env("DB_URL_USER", &user)
        .env("DB_URL_PASS", &pass)
        .env("PASSWORD_ENCRYPTION", method)
        .env("SECURITY_KEY", SECURITY_KEY)
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "chamilo-db/load: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let config = root.join("app/config/configuration.php");
    Ok((format!("{CHAMILO_CONFIG}{}", config.display()), name))
}

pub fn drop_chamilo(name: &str) {
    let (user, pass, host, port) = mariadb_server();
    let _ = Command::new("mysql")
        .args([
            format!("-u{user}"),
            format!("-p{pass}"),
            format!("-h{host}"),
            format!("-P{port}"),
        ])
        .args(["-e", &format!("DROP DATABASE IF EXISTS `{name}`")])
        .output();
}

/// (user, password, host, port) of `TEST_MARIADB_URL`, or the CI defaults.
fn mariadb_server() -> (String, String, String, String) {
    let url = std::env::var("TEST_MARIADB_URL")
        .unwrap_or_else(|_| "mysql://gw:gw@127.0.0.1:3306/mysql".into());
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let (auth, host) = rest.split_once('@').unwrap_or(("gw:gw", rest));
    let (user, pass) = auth.split_once(':').unwrap_or((auth, ""));
    let host = host.split('/').next().unwrap_or("127.0.0.1");
    let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
    (user.into(), pass.into(), host.into(), port.into())
}

/// A unique name for databases and files of this run.
pub fn unique(prefix: &str) -> String {
    static SEQ: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{prefix}_{}_{n}", std::process::id())
}

/// A new SQLite database URL under the bench's scratch directory (the file does not exist).
pub fn fresh_sqlite(scratch: &Path) -> String {
    let path = scratch.join(format!("{}.db", unique("bench")));
    format!("sqlite://{}?mode=rwc", path.display())
}

/// PostgreSQL: a server URL to create databases on (TEST_POSTGRES_URL, else the local
/// default), when `psql` can reach it.
pub fn postgres_server() -> Option<String> {
    let url = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://gw:gw@127.0.0.1:5432/postgres".into());
    psql(&url, "SELECT 1").then_some(url)
}

fn psql(url: &str, sql: &str) -> bool {
    Command::new("psql")
        .args([url, "-qAtc", sql])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A new database on the PostgreSQL server; its URL.
pub fn fresh_postgres(server: &str) -> anyhow::Result<(String, String)> {
    let name = unique("bench");
    anyhow::ensure!(
        psql(server, &format!("CREATE DATABASE {name}")),
        "CREATE DATABASE {name} failed"
    );
    let base = &server[..server.rfind('/').expect("a server URL with a database")];
    Ok((format!("{base}/{name}"), name))
}

pub fn drop_postgres(server: &str, name: &str) {
    psql(
        server,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
}
