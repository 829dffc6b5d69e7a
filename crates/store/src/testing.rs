//! Test support, also used by the end-to-end tests: a fresh, empty database per call on
//! every backend available.
//!
//! SQLite always; PostgreSQL when `TEST_POSTGRES_URL` is set and MariaDB when
//! `TEST_MARIADB_URL` is set (server URLs of a user allowed to create databases). With
//! `CI=true` both must be set: a database missing in CI is a failure, not a skip.

use sea_orm::{ConnectionTrait, Database};

/// `(backend name, database URL)` of new empty databases: "sqlite", then "postgres" and
/// "mariadb" when configured. The databases are left behind (temp dir / test server).
pub async fn fresh_database_urls() -> Vec<(&'static str, String)> {
    let postgres = std::env::var("TEST_POSTGRES_URL").ok();
    let mariadb = std::env::var("TEST_MARIADB_URL").ok();
    if std::env::var("CI").is_ok_and(|v| v == "true") && (postgres.is_none() || mariadb.is_none()) {
        panic!(
            "CI=true but TEST_POSTGRES_URL and/or TEST_MARIADB_URL is not set: \
             the store must be tested on PostgreSQL and MariaDB in CI"
        );
    }

    let mut urls = vec![("sqlite", fresh_sqlite_url())];
    if let Some(server) = postgres {
        urls.push(("postgres", create_database(&server, "").await));
    }
    if let Some(server) = mariadb {
        urls.push((
            "mariadb",
            create_database(&server, " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin").await,
        ));
    }
    urls
}

fn random_name() -> String {
    format!("gw_{:016x}", rand::random::<u64>())
}

/// A new SQLite file database URL (the file is created on connect).
pub fn fresh_sqlite_url() -> String {
    let path = std::env::temp_dir()
        .join("chamilo-gateway-tests")
        .join(format!("{}.db", random_name()));
    format!("sqlite://{}?mode=rwc", path.display())
}

/// Creates a database on the server and returns the URL of it.
async fn create_database(server_url: &str, options: &str) -> String {
    let name = random_name();
    let admin = Database::connect(server_url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to test server {server_url}: {e}"));
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}{options}"))
        .await
        .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
    let _ = admin.close().await;
    with_database(server_url, &name)
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
