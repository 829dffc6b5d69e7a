//! `chamilo-gateway config show`: the configuration in force, one key a line as gateway.toml
//! would hold it, each with the layer it came from; secrets masked.

use super::environment::{self, Environment};
use super::Config;
use anyhow::{bail, Result};
use figment::value::Value;
use figment::Figment;
use std::fmt::Write;

/// What a secret is shown as.
pub const MASK: &str = "********";

pub fn render(config: &Config, layers: &Figment) -> Result<String> {
    let Value::Dict(_, keys) = Value::serialize(masked(config))? else {
        bail!("the configuration is not a table");
    };
    let mut out = String::from(
        "# chamilo-gateway configuration in force (defaults < gateway.toml < GATEWAY_* \
         variables); secrets masked\n",
    );
    for (key, value) in keys {
        let origin = origin(layers, &key);
        if let Value::Empty(..) = value {
            writeln!(out, "# {key}: not set ({origin})")?;
        } else {
            writeln!(
                out,
                "{key} = {}  # {origin}",
                toml::Value::try_from(&value)?
            )?;
        }
    }
    Ok(out)
}

/// The configuration with its secrets replaced by `MASK`, and the database it opens named.
fn masked(config: &Config) -> Config {
    let mut shown = config.clone();
    if shown.database_url.is_none() && shown.chamilo_config.is_none() {
        shown.database_url = Some(config.database_url().to_string());
    }
    shown.database_url = shown.database_url.as_deref().map(without_password);
    shown.security_key = shown.security_key.map(|_| MASK.to_string());
    shown
}

/// A database URL with its password masked, in the user part or as a `password` parameter
/// (PostgreSQL reads one there). A URL that does not parse is masked whole.
pub fn without_password(text: &str) -> String {
    let Ok(mut url) = url::Url::parse(text) else {
        return MASK.to_string();
    };
    let in_query = url.query_pairs().any(|(name, _)| name == "password");
    if url.password().is_none() && !in_query {
        return text.to_string();
    }
    if url.password().is_some() && url.set_password(Some(MASK)).is_err() {
        return MASK.to_string();
    }
    if in_query {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if name == "password" {
                    MASK.into()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    url.to_string()
}

/// The variable or file a key was set by, or "default".
fn origin(layers: &Figment, key: &str) -> String {
    let Some(layer) = layers.find_metadata(key) else {
        return "default".into();
    };
    if layer.name == environment::LAYER_NAME {
        return Environment::variable(key);
    }
    match layer.source.as_ref().and_then(|s| s.file_path()) {
        Some(file) => file.display().to_string(),
        None => "default".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_wherever_the_url_holds_them() {
        assert_eq!(
            without_password("postgres://gw:s3cret@db.example:5432/gw"),
            "postgres://gw:********@db.example:5432/gw"
        );
        assert_eq!(
            without_password("mysql://chamilo:p%40ss@127.0.0.1/chamilo?ssl-mode=disabled"),
            "mysql://chamilo:********@127.0.0.1/chamilo?ssl-mode=disabled"
        );
        assert_eq!(
            without_password("postgres://gw@db/gw?sslmode=require&password=s3cret"),
            "postgres://gw@db/gw?sslmode=require&password=********"
        );
        // nothing to hide: as written
        let sqlite = "sqlite:///var/lib/chamilo-gateway/chamilo-gateway.db?mode=rwc";
        assert_eq!(without_password(sqlite), sqlite);
        assert_eq!(without_password("postgres://gw:pw@[bad/gw"), MASK);
    }

    fn shown(file: &str, vars: &[(&str, &str)]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gateway.toml");
        std::fs::write(&path, file).unwrap();
        let vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        let layers = Config::layers(Some(&path), Environment::from_vars(vars)).unwrap();
        let config = Config::from_layers(&layers).unwrap();
        render(&config, &layers)
            .unwrap()
            .replace(&path.display().to_string(), "FILE")
    }

    #[test]
    fn every_key_with_its_origin_and_no_secret() {
        let text = shown(
            "bind = \"0.0.0.0:9000\"\ndatabase_url = \"postgres://gw:filepw@db/gw\"",
            &[
                ("GATEWAY_DATABASE_URL", "postgres://gw:envpw@db/gw"),
                ("GATEWAY_SECURITY_KEY", "the-key"),
                ("GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8,::1"),
            ],
        );
        for secret in ["filepw", "envpw", "the-key"] {
            assert!(!text.contains(secret), "{secret} shown:\n{text}");
        }
        for line in [
            "bind = \"0.0.0.0:9000\"  # FILE",
            "database_url = \"postgres://gw:********@db/gw\"  # GATEWAY_DATABASE_URL",
            "security_key = \"********\"  # GATEWAY_SECURITY_KEY",
            "trusted_proxies = [\"10.0.0.0/8\", \"::1\"]  # GATEWAY_TRUSTED_PROXIES",
            "bcrypt_cost = 10  # default",
            "auto_migrate = true  # default",
            "# chamilo_config: not set (default)",
            "# public_url: not set (default)",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "no line {line:?} in:\n{text}"
            );
        }
        // the output reads back as gateway.toml
        toml::from_str::<toml::Table>(&text).unwrap();
    }

    #[test]
    fn the_default_database_is_named() {
        let text = shown("", &[]);
        assert!(
            text.contains(
                "database_url = \"sqlite://data/chamilo-gateway.db?mode=rwc\"  # default"
            ),
            "{text}"
        );
        let over_chamilo = shown("chamilo_config = \"/srv/chamilo/configuration.php\"", &[]);
        assert!(
            over_chamilo.contains("# database_url: not set (default)"),
            "{over_chamilo}"
        );
    }
}
