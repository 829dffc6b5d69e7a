//! Test support, also used by the end-to-end tests: a fresh, empty database per call on
//! every backend available.
//!
//! SQLite always; PostgreSQL when `TEST_POSTGRES_URL` is set and MariaDB when
//! `TEST_MARIADB_URL` is set (server URLs of a user allowed to create databases). With
//! `CI=true` both must be set: a database missing in CI is a failure, not a skip.

use sea_orm::{ConnectionTrait, Database, Statement};
use std::path::PathBuf;
use std::time::Duration;

/// A new empty database for one test. Dropping it removes the database (server) or the file
/// (SQLite), so a full test run does not fill the disk; when the test is panicking it is left
/// behind to be looked at.
pub struct TestDatabase {
    /// "sqlite", "postgres" or "mariadb".
    pub backend: &'static str,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Server { admin_url: String, name: String },
}

/// New empty databases: SQLite, then PostgreSQL and MariaDB when configured.
pub async fn fresh_databases() -> Vec<TestDatabase> {
    let postgres = std::env::var("TEST_POSTGRES_URL").ok();
    let mariadb = std::env::var("TEST_MARIADB_URL").ok();
    if std::env::var("CI").is_ok_and(|v| v == "true") && (postgres.is_none() || mariadb.is_none()) {
        panic!(
            "CI=true but TEST_POSTGRES_URL and/or TEST_MARIADB_URL is not set: \
             the store must be tested on PostgreSQL and MariaDB in CI"
        );
    }

    let mut databases = vec![fresh_sqlite()];
    if let Some(server) = postgres {
        databases.push(create_database("postgres", &server, "").await);
    }
    if let Some(server) = mariadb {
        let options = " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        databases.push(create_database("mariadb", &server, options).await);
    }
    databases
}

fn random_name() -> String {
    format!("gw_{:016x}", rand::random::<u64>())
}

/// A new SQLite file database (the file is created on connect).
pub fn fresh_sqlite() -> TestDatabase {
    let path = std::env::temp_dir()
        .join("chamilo-gateway-tests")
        .join(format!("{}.db", random_name()));
    TestDatabase {
        backend: "sqlite",
        url: format!("sqlite://{}?mode=rwc", path.display()),
        cleanup: Cleanup::File(path),
    }
}

/// Creates a database on the server.
async fn create_database(backend: &'static str, server_url: &str, options: &str) -> TestDatabase {
    let name = random_name();
    let admin = Database::connect(server_url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to test server {server_url}: {e}"));
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}{options}"))
        .await
        .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
    let _ = admin.close().await;
    TestDatabase {
        backend,
        url: with_database(server_url, &name),
        cleanup: Cleanup::Server {
            admin_url: server_url.to_string(),
            name,
        },
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        match &mut self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            }
            Cleanup::Server { admin_url, name } => drop_on_server(
                self.backend,
                std::mem::take(admin_url),
                std::mem::take(name),
            ),
        }
    }
}

/// Runs the DROP on a thread of its own: `Drop` may run inside the test's runtime, which
/// cannot block on another future. The test's own connections may still be open (pools
/// close lazily), and one inside a transaction would make the DROP wait, so they are cut
/// first. A drop that fails leaves the database behind rather than failing the test.
fn drop_on_server(backend: &'static str, admin_url: String, name: String) {
    let dropper = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the cleanup");
        runtime.block_on(async {
            let drop = async {
                let admin = Database::connect(&admin_url).await?;
                if backend == "postgres" {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    admin.execute_unprepared(&sql).await?;
                } else {
                    let others = format!(
                        "SELECT id FROM information_schema.processlist \
                         WHERE db = '{name}' AND id <> CONNECTION_ID()"
                    );
                    let rows = admin
                        .query_all_raw(Statement::from_string(admin.get_database_backend(), others))
                        .await?;
                    for row in rows {
                        let id: i64 = row.try_get_by_index(0)?;
                        // gone in between is fine
                        let _ = admin.execute_unprepared(&format!("KILL {id}")).await;
                    }
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                        .await?;
                }
                admin.close().await
            };
            match tokio::time::timeout(Duration::from_secs(10), drop).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => eprintln!("{backend} database {name} left behind: {e}"),
                Err(_) => eprintln!("{backend} database {name} left behind: timed out"),
            }
        });
    });
    let _ = dropper.join();
}

/// `scheme://user:pw@host:port/db?query` with `db` replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_replaced_in_urls() {
        assert_eq!(
            with_database("postgres://gw:gw@127.0.0.1:5432/postgres", "x"),
            "postgres://gw:gw@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("mysql://gw:gw@h/mysql?ssl-mode=disabled", "x"),
            "mysql://gw:gw@h/x?ssl-mode=disabled"
        );
        assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
    }
}
