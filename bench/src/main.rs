//! chamilo-gateway comparative benchmarks: one command, one table. Every figure is set against
//! a baseline measured in the same run on the same machine (see bench/RESULTS.md).
//!
//! ```sh
//! cargo build --release                                   # the gateway (done here unless --no-build)
//! cargo run --release --manifest-path bench/Cargo.toml    # all sections
//! cargo run --release --manifest-path bench/Cargo.toml -- --only rest,startup --secs 10
//! cargo run --release --manifest-path bench/Cargo.toml -- --only ab --before OLD_BINARY
//! ```

mod ab;
mod bare;
mod load;
mod proc;
mod soap;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bytes::Bytes;
use load::{Plan, Stats};
use proc::{Launch, Server};
use soap::Passwords;

const V2: &str = "/main/webservices/api/v2.php";
const ADMIN: &str = "admin";
const ADMIN_PASSWORD: &str = "admin-bench-pw";
/// The gateway's default bcrypt cost (`bcrypt_cost`), which the bench leaves in force.
const BCRYPT_COST: u32 = 10;

struct Opts {
    sections: Vec<String>,
    secs: u64,
    connections: usize,
    list_users: usize,
    batch: usize,
    clear_batch: usize,
    big_batch: usize,
    build: bool,
    /// extra environment for every gateway started (e.g. RUST_LOG=warn)
    gateway_env: Vec<(String, String)>,
    /// record a `perf` profile of the gateway during each REST load run into this directory
    perf: Option<PathBuf>,
    /// section `ab`: the other build of the gateway, measured against this one
    before: Option<PathBuf>,
    /// section `ab`: rounds of each build
    rounds: usize,
}

impl Opts {
    fn parse() -> Opts {
        let mut o = Opts {
            sections: ["startup", "rest", "create", "big", "chamilo"]
                .map(String::from)
                .to_vec(),
            secs: 5,
            connections: 16,
            list_users: 100,
            batch: 1_000,
            clear_batch: 1_000,
            big_batch: 100_000,
            build: true,
            gateway_env: Vec::new(),
            perf: None,
            before: None,
            rounds: 3,
        };
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            let mut num = |name: &str| -> usize {
                args.next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| panic!("{name} needs a number"))
            };
            match a.as_str() {
                "--only" => {
                    o.sections = args
                        .next()
                        .expect("--only needs sections")
                        .split(',')
                        .map(String::from)
                        .collect()
                }
                "--secs" => o.secs = num("--secs") as u64,
                "--connections" => o.connections = num("--connections"),
                "--rounds" => o.rounds = num("--rounds"),
                "--before" => {
                    o.before = Some(PathBuf::from(
                        args.next().expect("--before needs a gateway binary"),
                    ))
                }
                "--list-users" => o.list_users = num("--list-users"),
                "--batch" => o.batch = num("--batch"),
                "--clear-batch" => o.clear_batch = num("--clear-batch"),
                "--big-batch" => o.big_batch = num("--big-batch"),
                "--no-build" => o.build = false,
                "--gateway-env" => {
                    let kv = args.next().expect("--gateway-env needs KEY=VALUE");
                    let (k, v) = kv.split_once('=').expect("--gateway-env needs KEY=VALUE");
                    o.gateway_env.push((k.to_string(), v.to_string()));
                }
                "--perf" => {
                    o.perf = Some(PathBuf::from(
                        args.next().expect("--perf needs a directory"),
                    ))
                }
                "-h" | "--help" => {
                    println!(
                        "usage: bench [--only startup,rest,create,big,ab] [--secs N] [--connections N] \
                         [--list-users N] [--batch N] [--clear-batch N] [--big-batch N] [--no-build] \
                         [--gateway-env KEY=VALUE]... [--perf DIR] [--before BINARY] [--rounds N]"
                    );
                    std::process::exit(0);
                }
                other => panic!("unknown argument {other} (try --help)"),
            }
        }
        o
    }

    fn wants(&self, section: &str) -> bool {
        self.sections.iter().any(|s| s == section)
    }
}

/// One line of the table.
struct Row {
    what: String,
    figure: String,
    baseline: String,
    ratio: Option<f64>,
    goal: String,
    met: Option<bool>,
}

impl Row {
    fn info(what: impl Into<String>, figure: impl Into<String>) -> Row {
        Row {
            what: what.into(),
            figure: figure.into(),
            baseline: String::new(),
            ratio: None,
            goal: String::new(),
            met: None,
        }
    }
}

struct Bench {
    opts: Opts,
    gateway: PathBuf,
    scratch: PathBuf,
    rows: Vec<Row>,
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("bare-server") => {
            let (p, u) = (
                args.next().expect("profile file"),
                args.next().expect("users file"),
            );
            return bare::serve(&p, &u);
        }
        // for profiling by hand (perf, callgrind): the request (b) sends, on stdout
        Some("envelope") => {
            let prefix = args.next().expect("username prefix");
            let n = args
                .next()
                .and_then(|n| n.parse().ok())
                .expect("user count");
            print!("{}", soap::create_users(&prefix, n, Passwords::Sha1));
            return Ok(());
        }
        _ => {}
    }
    let opts = Opts::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ sits in the repository")
        .to_path_buf();
    if opts.build {
        eprintln!("building the gateway (cargo build --release) ...");
        let status = std::process::Command::new("cargo")
            .args(["build", "--release", "--bin", "chamilo-gateway"])
            .current_dir(&root)
            .status()?;
        anyhow::ensure!(status.success(), "cargo build --release failed");
    }
    // where `cargo build` above put it: CARGO_TARGET_DIR when set (relative to here, as cargo
    // reads it), else the repository's target/
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => std::env::current_dir()?.join(dir),
        None => root.join("target"),
    };
    let gateway = target_dir.join("release/chamilo-gateway");
    anyhow::ensure!(gateway.exists(), "{} is missing", gateway.display());
    let scratch = std::env::temp_dir().join(proc::unique("chamilo-gateway-bench"));
    std::fs::create_dir_all(&scratch)?;
    let mut bench = Bench {
        opts,

        gateway,
        scratch,
        rows: Vec::new(),
    };
    eprintln!(
        "machine: {} CPUs; gateway {}; scratch {}",
        proc::cpus(),
        bench.gateway.display(),
        bench.scratch.display()
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let result = rt.block_on(bench.run_all());
    bench.print();
    let _ = std::fs::remove_dir_all(&bench.scratch);
    result
}

impl Bench {
    async fn run_all(&mut self) -> anyhow::Result<()> {
        if self.opts.wants("startup") {
            self.startup().await?;
        }
        if self.opts.wants("rest") {
            self.rest().await?;
        }
        if self.opts.wants("create") {
            self.create().await?;
        }
        if self.opts.wants("big") {
            self.big().await?;
        }
        if self.opts.wants("chamilo") {
            self.chamilo().await?;
        }
        if self.opts.wants("ab") {
            self.before_after().await?;
        }
        Ok(())
    }

    fn print(&self) {
        println!();
        println!("| benchmark | figure | baseline (same run) | ratio | goal | met |");
        println!("|---|---|---|---|---|---|");
        for r in &self.rows {
            let ratio = r.ratio.map_or(String::new(), |x| format!("{x:.2}"));
            let met = match r.met {
                Some(true) => "yes",
                Some(false) => "**NO**",
                None => "",
            };
            println!(
                "| {} | {} | {} | {} | {} | {} |",
                r.what, r.figure, r.baseline, ratio, r.goal, met
            );
        }
    }

    fn log(&self, name: &str) -> PathBuf {
        self.scratch.join(format!("{}.log", proc::unique(name)))
    }

    fn start_gateway(&self, database_url: &str, pinned: bool) -> anyhow::Result<Server> {
        self.start_build(&self.gateway, database_url, pinned)
    }

    /// Starts `program` (a build of the gateway) as [`Bench::start_gateway`] does.
    fn start_build(
        &self,
        program: &Path,
        database_url: &str,
        pinned: bool,
    ) -> anyhow::Result<Server> {
        let mut env = proc::gateway_env(database_url);
        for (k, v) in &self.opts.gateway_env {
            env.retain(|(name, _)| name != k);
            env.push((leak(k), v.clone()));
        }
        proc::start(&Launch {
            program,
            args: &["serve"],
            env: &env,
            pinned,
            log: self.log("gateway"),
        })
    }

    /// The admin the REST sections call as, created with `program`'s CLI.
    fn create_admin(&self, program: &Path, database_url: &str) -> anyhow::Result<()> {
        let args = [
            "admin",
            "create",
            "--username",
            ADMIN,
            "--password",
            ADMIN_PASSWORD,
        ];
        self.cli_of(program, database_url, &args)
    }

    /// Runs a CLI subcommand of `program` (a build of the gateway) on `database_url`.
    fn cli_of(&self, program: &Path, database_url: &str, args: &[&str]) -> anyhow::Result<()> {
        let out = std::process::Command::new(program)
            .args(args)
            .env_clear()
            .envs(proc::gateway_env(database_url))
            .current_dir(&self.scratch)
            .output()?;
        anyhow::ensure!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // (d) cold start and idle memory

    async fn startup(&mut self) -> anyhow::Result<()> {
        eprintln!("(d) cold start to /readyz on an empty SQLite database, idle RSS ...");
        let mut starts = Vec::new();
        let mut idle = Vec::new();
        for _ in 0..5 {
            let url = proc::fresh_sqlite(&self.scratch);
            let server = self.start_gateway(&url, false)?;
            loop {
                let r = load::request(server.addr, "GET", "/readyz", "text/plain", Bytes::new());
                if matches!(r.await, Ok((200, _))) {
                    break;
                }
                anyhow::ensure!(
                    server.spawned_at.elapsed() < Duration::from_secs(30),
                    "never ready"
                );
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            starts.push(server.spawned_at.elapsed().as_secs_f64() * 1000.0);
            tokio::time::sleep(Duration::from_secs(1)).await;
            idle.push(server.mem_mib("VmRSS"));
            server.stop();
        }
        let (start, rss) = (median(&mut starts), median(&mut idle));
        self.rows.push(Row {
            what: "(d) cold start to /readyz 200, empty SQLite (median of 5)".into(),
            figure: format!("{start:.0} ms (max {:.0})", max(&starts)),
            baseline: String::new(),
            ratio: None,
            goal: "<= 200 ms".into(),
            met: Some(start <= 200.0),
        });
        self.rows.push(Row {
            what: "(d) idle RSS after start (median of 5)".into(),
            figure: format!("{rss:.1} MiB (max {:.1})", max(&idle)),
            baseline: String::new(),
            ratio: None,
            goal: "<= 30 MB".into(),
            met: Some(rss * 1.048_576 <= 30.0),
        });
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // (a) REST against a bare actix-web JSON handler

    async fn rest(&mut self) -> anyhow::Result<()> {
        eprintln!(
            "(a) REST user_profile / get_users vs bare actix-web, {} connections, {} s each ...",
            self.opts.connections, self.opts.secs
        );
        let url = proc::fresh_sqlite(&self.scratch);
        self.create_admin(&self.gateway, &url)?;
        let gw = self.start_gateway(&url, true)?;
        let n = self.opts.list_users;
        let envelope = soap::create_users("listed", n, Passwords::Sha1);
        let (status, body) = load::request(
            gw.addr,
            "POST",
            soap::ENDPOINT,
            "text/xml; charset=utf-8",
            envelope.into(),
        )
        .await?;
        anyhow::ensure!(
            status == 200 && soap::successes(&body) == n,
            "populating users failed"
        );
        let key = admin_key(gw.addr).await?;
        let profile_target = format!("{V2}?action=user_profile&username={ADMIN}&api_key={key}");
        let users_target = format!("{V2}?action=get_users&username={ADMIN}&api_key={key}&status=*");
        let gw_addr = gw.addr;
        let fetch = |target: String| async move {
            let (s, b) = load::request(gw_addr, "GET", &target, "text/plain", Bytes::new()).await?;
            anyhow::ensure!(
                s == 200 && b.starts_with(b"{\"error\":false"),
                "{target}: {b:?}"
            );
            anyhow::Ok(b)
        };
        let profile_doc = fetch(profile_target.clone()).await?;
        let users_doc = fetch(users_target.clone()).await?;
        let listed = serde_json::from_slice::<serde_json::Value>(&users_doc)?["data"]
            .as_array()
            .map_or(0, Vec::len);
        let (pf, uf) = (
            self.scratch.join("profile.json"),
            self.scratch.join("users.json"),
        );
        std::fs::write(&pf, &profile_doc)?;
        std::fs::write(&uf, &users_doc)?;
        let me = std::env::current_exe()?;
        let (pf, uf) = (pf.display().to_string(), uf.display().to_string());
        let bare = proc::start(&Launch {
            program: &me,
            args: &["bare-server", &pf, &uf],
            env: &[],
            pinned: true,
            log: self.log("bare"),
        })?;

        let plan = |addr, target: &str, prefix: &'static [u8]| Plan {
            addr,
            target: target.to_string(),
            connections: self.opts.connections,
            warmup: Duration::from_secs(1),
            duration: Duration::from_secs(self.opts.secs),
            expect_prefix: prefix,
            post: None,
        };
        let ok_prefix: &'static [u8] = b"{\"error\":false";
        let bare_profile = load_with_cpu("bare /profile", &bare, plan(bare.addr, "/profile", b"{"));
        let perf = self.perf(gw.pid(), "user_profile");
        let gw_profile = load_with_cpu(
            "gateway user_profile",
            &gw,
            plan(gw.addr, &profile_target, ok_prefix),
        );
        finish_perf(perf);
        let bare_users = load_with_cpu("bare /users", &bare, plan(bare.addr, "/users", b"{"));
        let perf = self.perf(gw.pid(), "get_users");
        let gw_users = load_with_cpu(
            "gateway get_users",
            &gw,
            plan(gw.addr, &users_target, ok_prefix),
        );
        finish_perf(perf);
        let rss = gw.mem_mib("VmHWM");
        gw.stop();
        bare.stop();

        self.rest_rows(
            &format!("user_profile ({} B)", profile_doc.len()),
            gw_profile,
            bare_profile,
        );
        self.rest_rows(
            &format!("get_users status=* ({listed} users, {} B)", users_doc.len()),
            gw_users,
            bare_users,
        );
        self.rows.push(Row::info(
            "(a) gateway peak RSS during the REST runs",
            format!("{rss:.1} MiB"),
        ));
        Ok(())
    }

    /// Starts `perf record` on the gateway for the next load run, when asked to.
    fn perf(&self, pid: u32, name: &str) -> Option<std::process::Child> {
        let dir = self.opts.perf.as_ref()?;
        std::fs::create_dir_all(dir).ok()?;
        let out = dir.join(format!("perf-{name}.data"));
        let secs = (self.opts.secs + 1).to_string();
        std::process::Command::new("perf")
            .args(["record", "-F", "999", "-g", "-p", &pid.to_string(), "-o"])
            .arg(&out)
            .args(["--", "sleep", &secs])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()
    }

    fn rest_rows(
        &mut self,
        what: &str,
        (gw, gw_cpu): (Stats, f64),
        (bare, bare_cpu): (Stats, f64),
    ) {
        let errors = if gw.errors + bare.errors > 0 {
            format!(" ({} errors)", gw.errors + bare.errors)
        } else {
            String::new()
        };
        let thr = gw.rps / bare.rps;
        self.rows.push(Row {
            what: format!("(a) REST {what}: throughput{errors}"),
            figure: format!("{:.0} req/s", gw.rps),
            baseline: format!("{:.0} req/s", bare.rps),
            ratio: Some(thr),
            goal: ">= 0.5 of bare".into(),
            met: Some(thr >= 0.5),
        });
        let p50 = bare.p50_ms / gw.p50_ms;
        self.rows.push(Row {
            what: format!("(a) REST {what}: p50 latency"),
            figure: format!("{:.2} ms", gw.p50_ms),
            baseline: format!("{:.2} ms", bare.p50_ms),
            ratio: Some(p50),
            goal: ">= 0.5 (bare/gateway)".into(),
            met: Some(p50 >= 0.5),
        });
        let p99 = bare.p99_ms / gw.p99_ms;
        self.rows.push(Row {
            what: format!("(a) REST {what}: p99 latency"),
            figure: format!("{:.2} ms", gw.p99_ms),
            baseline: format!("{:.2} ms", bare.p99_ms),
            ratio: Some(p99),
            goal: ">= 0.5 (bare/gateway)".into(),
            met: Some(p99 >= 0.5),
        });
        // CPU per answer moves less with the machine's load than throughput does
        self.rows.push(Row {
            what: format!("(a) REST {what}: server CPU per answer (diagnostic)"),
            figure: format!("{gw_cpu:.0} µs"),
            baseline: format!("{bare_cpu:.0} µs"),
            ratio: Some(bare_cpu / gw_cpu),
            goal: String::new(),
            met: None,
        });
    }

    // -----------------------------------------------------------------------------------
    // (b) CreateUsers throughput

    /// CreateUsers of `n` users (one request, or `parallel` concurrent ones splitting `n`) on
    /// a fresh gateway: users created per second. Pre-hashed batches are fast enough to
    /// measure the steady state: `PRE_HASHED_WARMUPS` warm-up batches of the same size (heap
    /// grown, statements prepared on every pooled connection), then the median of
    /// `PRE_HASHED_ROUNDS` timed rounds. Clear-text batches are
    /// bounded by bcrypt and take seconds: one round after a one-user warm-up.
    async fn create_rate(
        &self,
        database_url: &str,
        n: usize,
        passwords: Passwords,
        parallel: usize,
    ) -> anyhow::Result<f64> {
        self.create_rate_of(
            soap::Service::CreateUsers,
            database_url,
            n,
            passwords,
            parallel,
        )
        .await
    }

    async fn create_rate_of(
        &self,
        service: soap::Service,
        database_url: &str,
        n: usize,
        passwords: Passwords,
        parallel: usize,
    ) -> anyhow::Result<f64> {
        let gw = self.start_gateway(database_url, false)?;
        let (warm_n, warm_calls, rounds) = match passwords {
            Passwords::Clear => (1, 1, 1),
            _ => (n, PRE_HASHED_WARMUPS, PRE_HASHED_ROUNDS),
        };
        for w in 0..warm_calls {
            let warm = service.envelope(&format!("warm{w}_"), warm_n, passwords);
            let (s, body) =
                load::request(gw.addr, "POST", service.endpoint(), "text/xml", warm.into()).await?;
            anyhow::ensure!(
                s == 200 && service.successes(&body) == warm_n,
                "warm-up call failed"
            );
        }
        let name = format!("create-{database_url}-{}-{parallel}", passwords.label());
        let name: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let perf = self.perf(gw.pid(), &name);
        if perf.is_some() {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await; // perf attaching
        }
        let mut rates = Vec::with_capacity(rounds);
        let cpu_before = gw.cpu_secs();
        for round in 0..rounds {
            let bodies: Vec<Bytes> = (0..parallel)
                .map(|p| {
                    service
                        .envelope(&format!("r{round}u{p}_"), n / parallel, passwords)
                        .into()
                })
                .collect();
            let started = Instant::now();
            let calls: Vec<_> = bodies
                .into_iter()
                .map(|body| {
                    let addr = gw.addr;
                    tokio::spawn(async move {
                        load::request(
                            addr,
                            "POST",
                            service.endpoint(),
                            "text/xml; charset=utf-8",
                            body,
                        )
                        .await
                    })
                })
                .collect();
            let mut created = 0;
            for call in calls {
                let (status, body) = call.await??;
                anyhow::ensure!(status == 200, "CreateUsers answered {status}");
                created += service.successes(&body);
            }
            let secs = started.elapsed().as_secs_f64();
            anyhow::ensure!(
                created == n / parallel * parallel,
                "{created} of {n} users created"
            );
            rates.push(created as f64 / secs);
        }
        let cpu_ms_per_1000 = (gw.cpu_secs() - cpu_before) * 1e6 / (n * rounds) as f64;
        finish_perf(perf);
        gw.stop();
        if rounds > 1 {
            eprintln!("    rounds: {rates:.0?} users/s; server CPU {cpu_ms_per_1000:.1} ms per 1,000 users");
        }
        Ok(median(&mut rates))
    }

    async fn create(&mut self) -> anyhow::Result<()> {
        let cpus = proc::cpus();
        eprintln!("(b) CreateUsers");
        let pg = proc::postgres_server();
        if pg.is_none() {
            eprintln!("  PostgreSQL not reachable (TEST_POSTGRES_URL / 127.0.0.1:5432): its rows are skipped");
        }
        let mut backends = vec!["sqlite"];
        if pg.is_some() {
            backends.push("postgres");
        }
        for backend in backends {
            for (passwords, n, parallel) in [
                (Passwords::Sha1, self.opts.batch, 1),
                (Passwords::Md5, self.opts.batch, 1),
                (Passwords::Clear, self.opts.clear_batch, 1),
                (Passwords::Clear, self.opts.clear_batch, 2),
            ] {
                let (url, pg_name) = match backend {
                    "sqlite" => (proc::fresh_sqlite(&self.scratch), None),
                    _ => {
                        let (url, name) = proc::fresh_postgres(pg.as_deref().unwrap())?;
                        (url, Some(name))
                    }
                };
                // the clear-text ceiling is timed right before its run: this machine's speed
                // drifts within minutes (one hash took 72-88 ms on one day)
                let hash_secs = match passwords {
                    Passwords::Clear => bcrypt_hash_secs(),
                    _ => f64::NAN,
                };
                let ceiling = cpus as f64 / hash_secs;
                eprintln!(
                    "  {backend}: {n} users, {}, {parallel} request(s) ...",
                    passwords.label()
                );
                if passwords == Passwords::Clear {
                    eprintln!(
                        "    one bcrypt hash at cost {BCRYPT_COST}: {:.1} ms, ceiling {ceiling:.1} users/s on {cpus} CPUs",
                        hash_secs * 1000.0
                    );
                }
                let rate = self.create_rate(&url, n, passwords, parallel).await;
                if let (Some(server), Some(name)) = (pg.as_deref(), pg_name) {
                    proc::drop_postgres(server, &name);
                }
                let rate = rate?;
                let shape = if parallel == 1 {
                    format!("1 request of {n}")
                } else {
                    format!("{parallel} concurrent requests of {}", n / parallel)
                };
                let what = format!(
                    "(b) SOAP CreateUsers, {backend}, {}, {shape}",
                    passwords.label()
                );
                let row = match (passwords, backend, parallel) {
                    (Passwords::Clear, _, 1) => Row {
                        what,
                        figure: format!("{rate:.1} users/s"),
                        baseline: format!(
                            "{ceiling:.1} users/s ({cpus} CPUs / {:.1} ms per hash)",
                            hash_secs * 1000.0
                        ),
                        ratio: Some(rate / ceiling),
                        goal: ">= 0.9 of ceiling".into(),
                        met: Some(rate / ceiling >= 0.9),
                    },
                    (Passwords::Clear, _, _) => Row {
                        what: format!("{what} (diagnostic)"),
                        figure: format!("{rate:.1} users/s"),
                        baseline: format!("{ceiling:.1} users/s"),
                        ratio: Some(rate / ceiling),
                        goal: String::new(),
                        met: None,
                    },
                    (_, "sqlite", _) => Row {
                        what,
                        figure: format!("{rate:.0} users/s"),
                        baseline: "goal 20,000 users/s".into(),
                        ratio: Some(rate / 20_000.0),
                        goal: ">= 20,000 users/s".into(),
                        met: Some(rate >= 20_000.0),
                    },
                    _ => Row::info(what, format!("{rate:.0} users/s")),
                };
                self.rows.push(row);
            }
        }
        // registration.soap.php's batch goes through the same core path: same table, same run
        let n = self.opts.batch;
        for passwords in [Passwords::Sha1, Passwords::Md5] {
            eprintln!(
                "  sqlite: {n} users, {}, WSCreateUsersPasswordCrypted ...",
                passwords.label()
            );
            let url = proc::fresh_sqlite(&self.scratch);
            let rate = self
                .create_rate_of(
                    soap::Service::CreateUsersPasswordCrypted,
                    &url,
                    n,
                    passwords,
                    1,
                )
                .await?;
            self.rows.push(Row {
                what: format!(
                    "(b) SOAP WSCreateUsersPasswordCrypted, sqlite, {}, 1 request of {n}",
                    passwords.label()
                ),
                figure: format!("{rate:.0} users/s"),
                baseline: "goal 20,000 users/s".into(),
                ratio: Some(rate / 20_000.0),
                goal: ">= 20,000 users/s".into(),
                met: Some(rate >= 20_000.0),
            });
        }
        Ok(())
    }

    // -----------------------------------------------------------------------------------
    // (e) over a Chamilo platform's own database, against the standalone SQLite in this run

    async fn chamilo(&mut self) -> anyhow::Result<()> {
        eprintln!("(e) Chamilo database mode: user_profile, pre-hashed CreateUsers ...");
        let (platform, name) = match proc::fresh_chamilo(&self.scratch, "sha1") {
            Ok(p) => p,
            Err(e) => {
                eprintln!("  no Chamilo database ({e}): its rows are skipped");
                return Ok(());
            }
        };
        let sqlite = proc::fresh_sqlite(&self.scratch);
        let result = async {
            let on_platform = self.profile_rate(&platform).await?;
            let standalone = self.profile_rate(&sqlite).await?;
            self.rows.push(Row {
                what: "(e) REST user_profile over a Chamilo database (MariaDB)".into(),
                figure: format!(
                    "{:.0} req/s, p50 {:.2} ms",
                    on_platform.rps, on_platform.p50_ms
                ),
                baseline: format!(
                    "{:.0} req/s, p50 {:.2} ms standalone SQLite",
                    standalone.rps, standalone.p50_ms
                ),
                ratio: Some(on_platform.rps / standalone.rps),
                goal: String::new(),
                met: None,
            });
            let n = self.opts.batch;
            let rate = self.create_rate(&platform, n, Passwords::Sha1, 1).await?;
            let base = self
                .create_rate(&proc::fresh_sqlite(&self.scratch), n, Passwords::Sha1, 1)
                .await?;
            self.rows.push(Row {
                what: format!(
                    "(e) SOAP CreateUsers over a Chamilo database, {}, 1 request of {n}",
                    Passwords::Sha1.label()
                ),
                figure: format!("{rate:.0} users/s"),
                baseline: format!("{base:.0} users/s standalone SQLite"),
                ratio: Some(rate / base),
                goal: String::new(),
                met: None,
            });
            anyhow::Ok(())
        }
        .await;
        proc::drop_chamilo(&name);
        result
    }

    /// user_profile of a fresh admin under load on `database_url`.
    async fn profile_rate(&self, database_url: &str) -> anyhow::Result<Stats> {
        self.create_admin(&self.gateway, database_url)?;
        let gw = self.start_gateway(database_url, true)?;
        let form = format!("action=authenticate&username={ADMIN}&password={ADMIN_PASSWORD}");
        let (_, body) = load::request(
            gw.addr,
            "POST",
            V2,
            "application/x-www-form-urlencoded",
            form.into(),
        )
        .await?;
        let auth: serde_json::Value = serde_json::from_slice(&body)?;
        let key = auth["data"]["apiKey"]
            .as_str()
            .ok_or_else(|| anyhow::anyhow!("authenticate: {auth}"))?
            .to_string();
        let target = format!("{V2}?action=user_profile&username={ADMIN}&api_key={key}");
        let (stats, _) = load_with_cpu(
            "gateway user_profile",
            &gw,
            Plan {
                addr: gw.addr,
                target,
                connections: self.opts.connections,
                warmup: Duration::from_secs(1),
                duration: Duration::from_secs(self.opts.secs),
                expect_prefix: b"{\"error\":false",
                post: None,
            },
        );
        gw.stop();
        Ok(stats)
    }

    // -----------------------------------------------------------------------------------
    // (c) one very large CreateUsers request

    async fn big(&mut self) -> anyhow::Result<()> {
        let n = self.opts.big_batch;
        if !self.big_one(n, true).await? && n > 8_000 {
            // refused whole: measure the largest batch that passes, to see the slope
            self.big_one(8_000, false).await?;
        }
        Ok(())
    }

    /// One large CreateUsers; whether the server took it.
    async fn big_one(&mut self, n: usize, goal: bool) -> anyhow::Result<bool> {
        let body: Bytes = soap::create_users_compact("big", n, Passwords::Sha1).into();
        let size_mb = body.len() as f64 / 1e6;
        eprintln!(
            "(c) one CreateUsers of {n} users ({size_mb:.1} MB, untyped members), SQLite, pre-hashed ..."
        );
        let url = proc::fresh_sqlite(&self.scratch);
        let gw = self.start_gateway(&url, false)?;
        let warm = soap::create_users("warm", 1, Passwords::Sha1);
        load::request(gw.addr, "POST", soap::ENDPOINT, "text/xml", warm.into()).await?;
        let before = gw.mem_mib("VmRSS");
        // sample RSS while the call runs, to see which phase peaks
        let pid = gw.pid();
        let sampler = tokio::spawn(async move {
            let mut samples = Vec::new();
            let t0 = Instant::now();
            loop {
                let rss = proc::mem_mib(pid, "VmRSS");
                if rss.is_nan() {
                    break;
                }
                samples.push((t0.elapsed().as_secs_f64(), rss));
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            samples
        });
        let started = Instant::now();
        let (status, answer) = load::request(
            gw.addr,
            "POST",
            soap::ENDPOINT,
            "text/xml; charset=utf-8",
            body,
        )
        .await?;
        let wall = started.elapsed().as_secs_f64();
        let created = soap::successes(&answer);
        let hwm = gw.mem_mib("VmHWM");
        gw.stop();
        let samples = sampler.await?;
        let trace: Vec<String> = samples
            .iter()
            .step_by((samples.len() / 12).max(1))
            .map(|(t, r)| format!("{t:.1}s:{r:.0}"))
            .collect();
        eprintln!("  RSS trace (MiB): {}", trace.join(" "));
        let label = if goal { "(c)" } else { "(c) diagnostic:" };
        if status != 200 {
            let text = String::from_utf8_lossy(&answer);
            let reason = text
                .split("<faultstring")
                .nth(1)
                .and_then(|r| r.split_once('>'))
                .and_then(|(_, r)| r.split('<').next())
                .unwrap_or("")
                .to_string();
            self.rows.push(Row {
                what: format!("{label} CreateUsers of {n} users ({size_mb:.1} MB request)"),
                figure: format!("refused: HTTP {status} \"{reason}\" after {wall:.1} s"),
                baseline: String::new(),
                ratio: None,
                goal: "completes, <= 150 MB".into(),
                met: goal.then_some(false),
            });
            self.rows.push(Row::info(
                format!("{label} … server peak RSS (VmHWM) while refusing"),
                format!("{hwm:.0} MiB ({before:.0} MiB before)"),
            ));
            return Ok(false);
        }
        anyhow::ensure!(created == n, "{created} of {n} users created");
        self.rows.push(Row::info(
            format!(
                "{label} CreateUsers of {n} users ({size_mb:.1} MB request, {:.1} MB answer): wall time",
                answer.len() as f64 / 1e6
            ),
            format!("{wall:.1} s ({:.0} users/s)", n as f64 / wall),
        ));
        self.rows.push(Row {
            what: format!("{label} … server peak RSS (VmHWM)"),
            figure: format!("{hwm:.0} MiB"),
            baseline: format!("{before:.0} MiB before the call"),
            ratio: None,
            goal: if goal {
                "<= 150 MB".into()
            } else {
                String::new()
            },
            met: goal.then_some(hwm * 1.048_576 <= 150.0),
        });
        Ok(true)
    }
}

/// The admin's api key, from `authenticate`.
async fn admin_key(addr: std::net::SocketAddr) -> anyhow::Result<String> {
    let form = format!("action=authenticate&username={ADMIN}&password={ADMIN_PASSWORD}");
    let (_, body) = load::request(
        addr,
        "POST",
        V2,
        "application/x-www-form-urlencoded",
        form.into(),
    )
    .await?;
    let auth: serde_json::Value = serde_json::from_slice(&body)?;
    Ok(auth["data"]["apiKey"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("authenticate: {auth}"))?
        .to_string())
}

fn finish_perf(perf: Option<std::process::Child>) {
    if let Some(mut p) = perf {
        let _ = p.wait();
    }
}

/// Environment names live for the whole run.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Timed rounds of a pre-hashed CreateUsers measurement (the median is reported).
const PRE_HASHED_ROUNDS: usize = 5;
/// sqlx's pool hands its idle connections out in turn and each prepares its own statements: a
/// batch meets two or three connections before every one of them has its statements (seen with
/// callgrind: after two warm-ups 3.4 % of the instructions were still SQLite prepares, after
/// six none).
const PRE_HASHED_WARMUPS: usize = 3;

/// Seconds one bcrypt hash takes here at the gateway's cost (median of 7).
fn bcrypt_hash_secs() -> f64 {
    let mut times: Vec<f64> = (0..7)
        .map(|i| {
            let t = Instant::now();
            bcrypt::hash(format!("pw-{i}"), BCRYPT_COST).expect("bcrypt");
            t.elapsed().as_secs_f64()
        })
        .collect();
    median(&mut times)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NAN, f64::max)
}

/// Runs a load plan and prints its stats with the server's CPU use over the whole run (warm-up
/// included): how busy its one CPU was, and CPU µs per answer. A server that is not busy is
/// waiting on something, not computing.
fn load_with_cpu(what: &str, server: &Server, plan: Plan) -> (Stats, f64) {
    let (cpu0, t0) = (server.cpu_secs(), Instant::now());
    let total = plan.warmup + plan.duration;
    let stats = load::run(plan);
    let (cpu, wall) = (server.cpu_secs() - cpu0, t0.elapsed().as_secs_f64());
    let cpu_us = 1e6 * cpu / (stats.rps * total.as_secs_f64());
    eprintln!(
        "  {what} {stats:?}; server CPU busy {:.0}%, ~{cpu_us:.0} µs CPU per answer",
        100.0 * cpu / wall,
    );
    (stats, cpu_us)
}
