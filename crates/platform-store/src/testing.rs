//! Test support, for this crate's users' tests: a fresh Chamilo 1.11.32 database made by
//! `shared/spec/chamilo-db/load` on the MariaDB server of `TEST_MARIADB_URL`, with a Chamilo
//! root folder holding its `app/config/configuration.php`. With `CI=true` the server must be
//! configured: Chamilo mode is tested in CI.

use std::path::PathBuf;
use std::process::Command;

/// The loaded database; dropping it drops the database and the root folder (both kept when
/// the test is panicking, to be looked at).
pub struct LoadedPlatform {
    pub name: String,
    /// The Chamilo root folder (`root_sys`).
    pub root: PathBuf,
    /// Its `app/config/configuration.php`.
    pub config: PathBuf,
    mysql: Vec<String>,
}

/// (user, password, host, port) of `TEST_MARIADB_URL`.
fn server() -> Option<(String, String, String, String)> {
    let url = match std::env::var("TEST_MARIADB_URL") {
        Ok(url) => url,
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but TEST_MARIADB_URL is not set: Chamilo mode must be tested in CI")
        }
        Err(_) => return None,
    };
    let rest = url.split_once("://")?.1;
    let (auth, host) = rest.split_once('@')?;
    let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
    let host = host.split('/').next()?;
    let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
    Some((user.into(), password.into(), host.into(), port.into()))
}

impl LoadedPlatform {
    /// A fresh platform whose configuration.php says `password_encryption` = `method` and
    /// `security_key` = `security_key`, or `None` without a MariaDB server (outside CI).
    pub fn load(method: &str, security_key: &str) -> Option<LoadedPlatform> {
        let (user, password, host, port) = server()?;
        let name = format!("chamilo_{:016x}", rand_u64());
        let root = std::env::temp_dir()
            .join("chamilo-gateway-tests")
            .join(&name);
        let mysql = vec![
            "mysql".to_string(),
            format!("-u{user}"),
            format!("-p{password}"),
            format!("-h{host}"),
            format!("-P{port}"),
        ];
        let load = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/spec/chamilo-db/load"
        );
        let out = Command::new(load)
            .env("DB", &name)
            .env("MYSQL", mysql.join(" "))
            .env("ROOT", &root)
            .env("DB_HOST", &host)
            .env("DB_PORT", &port)
            .env("DB_URL_USER", &user)
            .env("DB_URL_PASS", &password)
            .env("PASSWORD_ENCRYPTION", method)
            .env("SECURITY_KEY", security_key)
            .output()
            .expect("running chamilo-db/load");
        assert!(
            out.status.success(),
            "chamilo-db/load failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Some(LoadedPlatform {
            config: root.join("app/config/configuration.php"),
            name,
            root,
            mysql,
        })
    }

    /// Runs SQL in the platform's database with the mysql client; its tab-separated output.
    pub fn sql(&self, query: &str) -> String {
        let out = Command::new(&self.mysql[0])
            .args(&self.mysql[1..])
            .args(["-N", "-B", &self.name, "-e", query])
            .output()
            .expect("mysql client");
        assert!(
            out.status.success(),
            "{query}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .trim_end_matches('\n')
            .to_string()
    }
}

impl Drop for LoadedPlatform {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "kept Chamilo database {} and {}",
                self.name,
                self.root.display()
            );
            return;
        }
        // a pooled connection may still hold a transaction the test dropped (its rollback
        // waits for the pool): end them, or the DROP would wait for their locks forever
        let ids = Command::new(&self.mysql[0])
            .args(&self.mysql[1..])
            .args(["-N", "-B", "-e"])
            .arg(format!(
                "SELECT id FROM information_schema.PROCESSLIST WHERE db = '{}'",
                self.name
            ))
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        let kills: String = ids
            .split_whitespace()
            .map(|id| format!("KILL {id};"))
            .collect();
        let _ = Command::new(&self.mysql[0])
            .args(&self.mysql[1..])
            .args(["--force", "-e"])
            .arg(format!("{kills} DROP DATABASE IF EXISTS `{}`", self.name))
            .output();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher as _};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos(),
    );
    h.finish()
}
