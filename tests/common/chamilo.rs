//! A real Chamilo 1.11.32 database per test, made by `../shared/spec/chamilo-db/load` on the
//! MariaDB server of `TEST_MARIADB_URL` (in CI it must be set), with a Chamilo root folder
//! holding its `app/config/configuration.php`.

use chamilo_core::passwords::Hasher;
use chamilo_core::Gateway;
use chamilo_platform_store::Platform;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

/// The loaded database; dropping it drops the database and the root folder (kept when the
/// test is panicking, to be looked at).
pub struct ChamiloDb {
    pub name: String,
    /// The Chamilo root folder (`root_sys`).
    pub root: PathBuf,
    /// Its `app/config/configuration.php`.
    pub config: PathBuf,
    mysql: Vec<String>,
}

struct Server {
    user: String,
    password: String,
    host: String,
    port: String,
}

fn server() -> Option<Server> {
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
    Some(Server {
        user: user.into(),
        password: password.into(),
        host: host.into(),
        port: port.into(),
    })
}

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/chamilo-db")
}

impl ChamiloDb {
    /// A fresh platform whose configuration.php says `password_encryption` = `method`, or
    /// `None` when no MariaDB server is configured (outside CI).
    pub fn load(method: &str) -> Option<ChamiloDb> {
        let s = server()?;
        let name = format!("chamilo_{:016x}", rand_u64());
        let root = std::env::temp_dir()
            .join("chamilo-gateway-tests")
            .join(&name);
        let mysql = vec![
            "mysql".to_string(),
            format!("-u{}", s.user),
            format!("-p{}", s.password),
            format!("-h{}", s.host),
            format!("-P{}", s.port),
        ];
        let out = Command::new(spec_dir().join("load"))
            .env("DB", &name)
            .env("MYSQL", mysql.join(" "))
            .env("ROOT", &root)
            .env("DB_HOST", &s.host)
            .env("DB_PORT", &s.port)
            .env("DB_URL_USER", &s.user)
            .env("DB_URL_PASS", &s.password)
            .env("PASSWORD_ENCRYPTION", method)
            .env("SECURITY_KEY", crate::common::SECURITY_KEY)
            .output()
            .expect("running chamilo-db/load");
        assert!(
            out.status.success(),
            "chamilo-db/load failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Some(ChamiloDb {
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

    pub fn platform(&self) -> Platform {
        Platform::read(&self.config).expect("the loaded configuration.php reads")
    }

    /// The core over this platform's database, with its password rules.
    pub async fn gateway(&self) -> Gateway {
        let platform = self.platform();
        let hasher = Hasher::Platform(platform.passwords);
        let store = chamilo_platform_store::connect(platform, None, &Default::default())
            .await
            .expect("connecting to the loaded Chamilo database");
        Gateway::new(Arc::new(store), hasher)
    }
}

impl Drop for ChamiloDb {
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
