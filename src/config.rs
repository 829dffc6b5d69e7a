//! Configuration: defaults, then an optional `gateway.toml`, then `GATEWAY_*` variables.

use anyhow::{bail, Context, Result};
use ipnet::IpNet;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Deserialize)]
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
    /// Loads `path` if given (must exist), else `./gateway.toml` if present; then applies the
    /// environment.
    pub fn load(path: Option<&Path>) -> Result<Self> {
        let file = match path {
            Some(p) => Some(p.to_path_buf()),
            None => Some(PathBuf::from("gateway.toml")).filter(|p| p.exists()),
        };
        let mut config = match file {
            Some(p) => {
                let text = std::fs::read_to_string(&p)
                    .with_context(|| format!("reading {}", p.display()))?;
                toml::from_str(&text).with_context(|| format!("parsing {}", p.display()))?
            }
            None => Config::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        config.validate()?;
        Ok(config)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<()> {
        let parse_num = |name: &str, v: String| -> Result<u64> {
            v.trim()
                .parse()
                .with_context(|| format!("{name} must be a whole number"))
        };
        if let Some(v) = var("GATEWAY_BIND") {
            self.bind = v;
        }
        if let Some(v) = var("GATEWAY_DATABASE_URL") {
            self.database_url = Some(v);
        }
        if let Some(v) = var("GATEWAY_CHAMILO_CONFIG") {
            self.chamilo_config = Some(PathBuf::from(v));
        }
        if let Some(v) = var("GATEWAY_SECURITY_KEY") {
            self.security_key = Some(v);
        }
        if let Some(v) = var("GATEWAY_TRUSTED_PROXIES") {
            self.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
        }
        if let Some(v) = var("GATEWAY_PUBLIC_URL") {
            self.public_url = Some(v);
        }
        if let Some(v) = var("GATEWAY_LMS_URL") {
            self.lms_url = Some(v);
        }
        if let Some(v) = var("GATEWAY_LOG_FORMAT") {
            self.log_format = v;
        }
        if let Some(v) = var("GATEWAY_BODY_LIMIT") {
            self.body_limit = parse_num("GATEWAY_BODY_LIMIT", v)? as usize;
        }
        if let Some(v) = var("GATEWAY_AUTO_MIGRATE") {
            self.auto_migrate = !matches!(v.trim(), "0" | "false" | "no" | "off");
        }
        if let Some(v) = var("GATEWAY_WEBSERVICE_ALLOWED_IPS") {
            self.webservice_allowed_ips = v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
        }
        if let Some(v) = var("GATEWAY_WEBSERVICES_ENABLED") {
            self.webservices_enabled = !matches!(v.trim(), "0" | "false" | "no" | "off");
        }
        if let Some(v) = var("GATEWAY_BCRYPT_COST") {
            self.bcrypt_cost = parse_num("GATEWAY_BCRYPT_COST", v)? as u32;
        }
        if let Some(v) = var("GATEWAY_SHUTDOWN_TIMEOUT") {
            self.shutdown_timeout = parse_num("GATEWAY_SHUTDOWN_TIMEOUT", v)?;
        }

        if let Some(v) = var("GATEWAY_THROTTLE_MAX_FAILURES") {
            let n = parse_num("GATEWAY_THROTTLE_MAX_FAILURES", v)?;
            self.throttle_max_failures =
                u32::try_from(n).context("GATEWAY_THROTTLE_MAX_FAILURES is too large")?;
        }
        if let Some(v) = var("GATEWAY_THROTTLE_WINDOW") {
            self.throttle_window = parse_num("GATEWAY_THROTTLE_WINDOW", v)?;
        }
        Ok(())
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

    #[test]
    fn environment_overrides_file_values() {
        let mut c: Config = toml::from_str("bind = \"0.0.0.0:9000\"\nbody_limit = 10").unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        c.apply_env(|n| match n {
            "GATEWAY_BODY_LIMIT" => Some("2048".into()),
            "GATEWAY_TRUSTED_PROXIES" => Some("10.0.0.0/8, 127.0.0.1".into()),
            "GATEWAY_AUTO_MIGRATE" => Some("false".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.body_limit, 2048);
        assert!(!c.auto_migrate);
        assert_eq!(c.proxies().unwrap().len(), 2);
    }

    #[test]
    fn throttling_is_on_by_default_and_configurable() {
        let mut c = Config::default();
        assert_eq!(c.throttle().max_failures, 20);
        assert_eq!(c.throttle().window, Duration::from_secs(300));
        c.apply_env(|n| match n {
            "GATEWAY_THROTTLE_MAX_FAILURES" => Some("3".into()),
            "GATEWAY_THROTTLE_WINDOW" => Some("2".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.throttle().max_failures, 3);
        assert_eq!(c.throttle().window, Duration::from_secs(2));
        let file: Config = toml::from_str("throttle_max_failures = 0").unwrap();
        assert_eq!(file.throttle().max_failures, 0);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(toml::from_str::<Config>("unknown_key = 1").is_err());
        let mut c = Config::default();
        assert!(c
            .apply_env(|n| (n == "GATEWAY_BODY_LIMIT").then(|| "lots".into()))
            .is_err());
        c.trusted_proxies = vec!["not-an-ip".into()];
        assert!(c.validate().is_err());
    }
}
