//! Configuration, in layers (figment): the defaults below, then a `gateway.toml`, then
//! `GATEWAY_*` variables (`environment`). `config show` prints what is in force (`show`).

pub mod environment;
pub mod show;

use anyhow::{anyhow, bail, Context, Result};
use environment::Environment;
use figment::providers::{Format, Serialized, Toml};
use figment::Figment;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Read from the working directory when no file is named.
const DEFAULT_FILE: &str = "gateway.toml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address to listen on (`GATEWAY_BIND`).
    pub bind: String,
    /// sea-orm URL; SQLite file by default (`GATEWAY_DATABASE_URL`). With `chamilo_config`,
    /// overrides the connection configuration.php names.
    pub database_url: Option<String>,
    /// A Chamilo platform's `app/config/configuration.php` (`GATEWAY_CHAMILO_CONFIG`): serve
    /// that platform's own database, its security key and password rules, beside PHP Chamilo.
    pub chamilo_config: Option<PathBuf>,
    /// SOAP `security_key`; generated and stored on first start when empty.
    pub security_key: Option<String>,
    /// Peers whose `X-Forwarded-For` is believed (CIDR list).
    #[serde(deserialize_with = "environment::comma_separated")]
    pub trusted_proxies: Vec<String>,
    /// Base URL clients reach us at (WSDL addresses, REST `url`); else the request's Host.
    pub public_url: Option<String>,
    /// The Chamilo web front-end REST redirect actions send browsers to.
    pub lms_url: Option<String>,
    /// `text` or `json`.
    pub log_format: String,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Apply pending migrations when `serve` starts.
    pub auto_migrate: bool,
    /// bcrypt cost for new passwords.
    pub bcrypt_cost: u32,
    /// Seconds in-flight requests get to finish on shutdown.
    pub shutdown_timeout: u64,
    /// `false` turns every web service off (Chamilo's `disable_webservices`): SOAP calls answer
    /// a fault, v2.php an error envelope, both saying so.
    pub webservices_enabled: bool,
    /// registration.soap.php's `webservice_allowed_ips` (CIDRs or addresses): when set, its key
    /// is `sha1(security_key)` and only callers inside the list are served.
    #[serde(deserialize_with = "environment::comma_separated")]
    pub webservice_allowed_ips: Vec<String>,

    /// Failed SOAP key checks (both SOAP services), or failed v2.php `authenticate` calls, from
    /// one address within `throttle_window` that lock it out of that check for a window; 0
    /// turns throttling off (`GATEWAY_THROTTLE_MAX_FAILURES`).
    pub throttle_max_failures: u32,
    /// Seconds failures are counted over, and a lockout lasts (`GATEWAY_THROTTLE_WINDOW`).
    pub throttle_window: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: "127.0.0.1:8080".into(),
            database_url: None,
            chamilo_config: None,
            security_key: None,
            trusted_proxies: Vec::new(),
            public_url: None,
            lms_url: None,
            log_format: "text".into(),
            body_limit: 64 * 1024 * 1024,
            auto_migrate: true,
            bcrypt_cost: 10,
            shutdown_timeout: 30,
            webservices_enabled: true,
            webservice_allowed_ips: Vec::new(),

            // stops a guessing loop within seconds; an integration that fails this often has
            // a wrong key or password anyway
            throttle_max_failures: 20,
            throttle_window: 300,
        }
    }
}

impl Config {
    /// The layers, lowest first: the defaults, `path` if given (it must exist) else
    /// `./gateway.toml` if present, then the variables.
    pub fn layers(path: Option<&Path>, environment: Environment) -> Result<Figment> {
        let file = match path {
            Some(p) => {
                // figment skips a missing file; a file named on purpose must be there
                std::fs::metadata(p).with_context(|| format!("reading {}", p.display()))?;
                Some(p.to_path_buf())
            }
            None => Some(PathBuf::from(DEFAULT_FILE)).filter(|p| p.exists()),
        };
        let mut layers = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            // file_exact: `file` would also look for it in every parent directory
            layers = layers.merge(Toml::file_exact(file));
        }
        Ok(layers.merge(environment))
    }

    /// The configuration the layers give, checked. Numbers and booleans may be given as text
    /// (a variable is text): `0`, `false`, `no` and `off` are false; `1`, `true`, `yes`, `on`
    /// true.
    pub fn from_layers(layers: &Figment) -> Result<Self> {
        let config: Config = layers.extract_lossy().map_err(|e| anyhow!(describe(e)))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        if !matches!(self.log_format.as_str(), "text" | "json") {
            bail!("log_format must be 'text' or 'json'");
        }
        if self.chamilo_config.is_some() && self.security_key.is_some() {
            bail!(
                "security_key is set, but with chamilo_config the key is the platform's \
                 (its configuration.php): remove security_key"
            );
        }
        if !(4..=31).contains(&self.bcrypt_cost) {
            bail!("bcrypt_cost must be between 4 and 31");
        }
        self.proxies()?;
        self.allowed_ips()?;
        Ok(())
    }

    /// The standalone database: the configured URL or the SQLite file beside the binary.
    pub fn database_url(&self) -> &str {
        self.database_url
            .as_deref()
            .unwrap_or("sqlite://data/chamilo-gateway.db?mode=rwc")
    }

    pub fn proxies(&self) -> Result<Vec<IpNet>> {
        networks("trusted_proxies", &self.trusted_proxies)
    }

    pub fn allowed_ips(&self) -> Result<Vec<IpNet>> {
        networks("webservice_allowed_ips", &self.webservice_allowed_ips)
    }

    pub fn shutdown_timeout(&self) -> Duration {
        Duration::from_secs(self.shutdown_timeout)
    }

    pub fn throttle(&self) -> chamilo_edge::ThrottleSettings {
        chamilo_edge::ThrottleSettings {
            max_failures: self.throttle_max_failures,
            window: Duration::from_secs(self.throttle_window),
        }
    }
}

/// figment's errors, each led by the variable, or the key and file, it is about.
fn describe(errors: figment::Error) -> String {
    errors
        .into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let layer = e.metadata.as_ref();
            let file = layer
                .and_then(|m| m.source.as_ref())
                .and_then(|s| s.file_path());
            let place = match (layer, file) {
                (Some(m), _) if m.name == environment::LAYER_NAME => Environment::variable(&key),
                (_, Some(file)) if key.is_empty() => file.display().to_string(),
                (_, Some(file)) => format!("{key} in {}", file.display()),
                _ => key,
            };
            format!("{place}: {}", e.kind)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A list of CIDRs or single addresses; the key names it in errors.
fn networks(key: &str, list: &[String]) -> Result<Vec<IpNet>> {
    list.iter()
        .map(|p| {
            p.parse::<IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(IpNet::from))
                .with_context(|| format!("{key}: '{p}' is not a CIDR or address"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The configuration from a gateway.toml holding `file` and the variables `vars`.
    fn load(file: &str, vars: &[(&str, &str)]) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gateway.toml");
        std::fs::write(&path, file).unwrap();
        let vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Config::from_layers(&Config::layers(Some(&path), Environment::from_vars(vars))?)
    }

    fn error(file: &str, vars: &[(&str, &str)]) -> String {
        format!("{:#}", load(file, vars).expect_err("refused"))
    }

    #[test]
    fn environment_overrides_file_values() {
        let c = load(
            "bind = \"0.0.0.0:9000\"\nbody_limit = 10\ntrusted_proxies = [\"192.0.2.1\"]",
            &[
                ("GATEWAY_BODY_LIMIT", "2048"),
                ("GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"),
                ("GATEWAY_AUTO_MIGRATE", "false"),
                // the command line's --config, not a key
                ("GATEWAY_CONFIG", "elsewhere.toml"),
                ("OTHER_BIND", "ignored"),
            ],
        )
        .unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert_eq!(c.body_limit, 2048);
        assert!(!c.auto_migrate);
        assert_eq!(c.trusted_proxies, ["10.0.0.0/8", "127.0.0.1"]);
        assert_eq!(c.proxies().unwrap().len(), 2);
        // untouched keys keep their defaults
        assert_eq!(c.bcrypt_cost, 10);
        assert_eq!(c.database_url, None);
        assert_eq!(
            c.database_url(),
            "sqlite://data/chamilo-gateway.db?mode=rwc"
        );
    }

    #[test]
    fn lists_come_as_arrays_or_comma_separated_text() {
        let c = load(
            "webservice_allowed_ips = [\"10.0.0.1\", \"10.0.0.2\"]",
            &[("GATEWAY_TRUSTED_PROXIES", " 10.0.0.0/8 ,, ::1 ")],
        )
        .unwrap();
        assert_eq!(c.webservice_allowed_ips, ["10.0.0.1", "10.0.0.2"]);
        assert_eq!(c.trusted_proxies, ["10.0.0.0/8", "::1"]);
        let empty = load("", &[("GATEWAY_WEBSERVICE_ALLOWED_IPS", "")]).unwrap();
        assert!(empty.webservice_allowed_ips.is_empty());
    }

    #[test]
    fn booleans_read_as_operators_write_them() {
        for (text, expected) in [
            ("0", false),
            ("false", false),
            ("no", false),
            ("off", false),
            ("OFF", false),
            ("1", true),
            ("true", true),
            ("yes", true),
            ("on", true),
        ] {
            let c = load("", &[("GATEWAY_WEBSERVICES_ENABLED", text)]).unwrap();
            assert_eq!(c.webservices_enabled, expected, "{text}");
        }
        let e = error("", &[("GATEWAY_AUTO_MIGRATE", "maybe")]);
        assert!(e.starts_with("GATEWAY_AUTO_MIGRATE: "), "{e}");
        assert!(!load("auto_migrate = false", &[]).unwrap().auto_migrate);
    }

    #[test]
    fn text_values_stay_as_written() {
        // figment's own Env reads these as numbers and booleans
        let c = load(
            "",
            &[
                ("GATEWAY_SECURITY_KEY", "007"),
                ("GATEWAY_PUBLIC_URL", "true"),
                ("GATEWAY_DATABASE_URL", "postgres://gw:1.50@db/gw"),
            ],
        )
        .unwrap();
        assert_eq!(c.security_key.as_deref(), Some("007"));
        assert_eq!(c.public_url.as_deref(), Some("true"));
        assert_eq!(c.database_url(), "postgres://gw:1.50@db/gw");
    }

    #[test]
    fn bad_values_are_refused_naming_the_key() {
        let e = error("", &[("GATEWAY_BODY_LIMIT", "lots")]);
        assert!(e.starts_with("GATEWAY_BODY_LIMIT: invalid type"), "{e}");
        let e = error("", &[("GATEWAY_BIND_ADDRESS", "0.0.0.0:80")]);
        assert!(e.starts_with("GATEWAY_BIND_ADDRESS: unknown field"), "{e}");
        let e = error("unknown_key = 1", &[]);
        assert!(e.starts_with("unknown_key in "), "{e}");
        assert!(e.contains("gateway.toml: unknown field"), "{e}");
        let e = error("bcrypt_cost = \"ten\"", &[]);
        assert!(e.starts_with("bcrypt_cost in "), "{e}");
        let e = error("bind = ", &[]);
        assert!(e.contains("gateway.toml"), "{e}");
        let e = error("trusted_proxies = [\"not-an-ip\"]", &[]);
        assert!(e.starts_with("trusted_proxies: 'not-an-ip'"), "{e}");
        let e = error("", &[("GATEWAY_LOG_FORMAT", "xml")]);
        assert!(e.starts_with("log_format must be"), "{e}");
        let e = error("", &[("GATEWAY_BCRYPT_COST", "3")]);
        assert!(e.starts_with("bcrypt_cost must be"), "{e}");
    }

    #[test]
    fn a_named_file_must_exist() {
        let missing = Path::new("/nonexistent/gateway.toml");
        let e = Config::layers(Some(missing), Environment::from_vars([])).expect_err("refused");
        assert!(
            format!("{e:#}").contains("reading /nonexistent/gateway.toml"),
            "{e:#}"
        );
    }

    #[test]
    fn the_platforms_key_is_not_set_twice() {
        let e = error(
            "chamilo_config = \"/var/www/chamilo/app/config/configuration.php\"",
            &[("GATEWAY_SECURITY_KEY", "k")],
        );
        assert!(e.contains("remove security_key"), "{e}");
        let c = load(
            "",
            &[
                ("GATEWAY_CHAMILO_CONFIG", "/srv/chamilo/configuration.php"),
                (
                    "GATEWAY_DATABASE_URL",
                    "mysql://chamilo:pw@127.0.0.1/chamilo",
                ),
            ],
        )
        .unwrap();
        assert_eq!(
            c.chamilo_config.as_deref(),
            Some(Path::new("/srv/chamilo/configuration.php"))
        );
        assert_eq!(
            c.database_url.as_deref(),
            Some("mysql://chamilo:pw@127.0.0.1/chamilo")
        );
    }

    #[test]
    fn throttling_is_on_by_default_and_configurable() {
        let c = Config::default();
        assert_eq!(c.throttle().max_failures, 20);
        assert_eq!(c.throttle().window, Duration::from_secs(300));
        let c = load(
            "",
            &[
                ("GATEWAY_THROTTLE_MAX_FAILURES", "3"),
                ("GATEWAY_THROTTLE_WINDOW", "2"),
            ],
        )
        .unwrap();
        assert_eq!(c.throttle().max_failures, 3);
        assert_eq!(c.throttle().window, Duration::from_secs(2));
        let off = load("throttle_max_failures = 0", &[]).unwrap();
        assert_eq!(off.throttle().max_failures, 0);
    }
}
