//! A Chamilo platform as its `configuration.php` describes it: where its database is, its SOAP
//! security key, its password method, whether it runs several access URLs, where course
//! folders go.

use crate::config_php::{self, PhpValue};
use chamilo_core::passwords::{PasswordMethod, PlatformPasswords};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the gateway takes from a platform's configuration.php.
#[derive(Clone, PartialEq)]
pub struct Platform {
    /// `mysql://user:password@host:port/database`, from `db_*` and `main_database`.
    pub database_url: String,
    pub security_key: String,
    pub passwords: PlatformPasswords,
    pub multiple_access_urls: bool,
    /// Where course folders are made (`{root_sys}app/courses/`).
    pub courses_dir: PathBuf,
    pub root_web: String,
}

// the database password and the security key stay out of logs
impl std::fmt::Debug for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Platform")
            .field("passwords", &self.passwords)
            .field("multiple_access_urls", &self.multiple_access_urls)
            .field("courses_dir", &self.courses_dir)
            .field("root_web", &self.root_web)
            .finish_non_exhaustive()
    }
}

/// Why a configuration.php cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}, {source}")]
    Syntax {
        path: PathBuf,
        source: config_php::ParseError,
    },
    #[error("{path} sets no {key}")]
    Missing { path: PathBuf, key: &'static str },
    #[error("{path}: {key} = '{value}' is not one of bcrypt, sha1, md5, none")]
    UnknownPasswordMethod {
        path: PathBuf,
        key: &'static str,
        value: String,
    },
}

const NEEDED: &[&str] = &[
    "db_host",
    "db_port",
    "main_database",
    "db_user",
    "db_password",
    "security_key",
    "password_encryption",
    "password_conversion",
    "multiple_access_urls",
    "root_sys",
    "root_web",
    "course_folder",
];

impl Platform {
    pub fn read(path: &Path) -> Result<Platform, PlatformError> {
        let source = std::fs::read_to_string(path).map_err(|source| PlatformError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        let values =
            config_php::parse(&source, NEEDED).map_err(|source| PlatformError::Syntax {
                path: path.to_path_buf(),
                source,
            })?;
        Platform::from_values(path, &values)
    }

    fn from_values(path: &Path, values: &HashMap<String, PhpValue>) -> Result<Self, PlatformError> {
        let text = |key: &str| values.get(key).map(PhpValue::to_text);
        let required = |key: &'static str| {
            text(key)
                .filter(|v| !v.is_empty())
                .ok_or(PlatformError::Missing {
                    path: path.to_path_buf(),
                    key,
                })
        };
        let flag = |key: &str| values.get(key).is_some_and(PhpValue::is_true);
        let method_text = required("password_encryption")?;
        let method = PasswordMethod::parse(&method_text).ok_or_else(|| {
            PlatformError::UnknownPasswordMethod {
                path: path.to_path_buf(),
                key: "password_encryption",
                value: method_text.clone(),
            }
        })?;
        let root_sys = required("root_sys")?;
        let course_folder = text("course_folder").filter(|f| !f.is_empty());
        Ok(Platform {
            database_url: database_url(
                &required("db_host")?,
                text("db_port").filter(|p| !p.is_empty()).as_deref(),
                &required("main_database")?,
                &required("db_user")?,
                &text("db_password").unwrap_or_default(),
            ),
            security_key: required("security_key")?,
            passwords: PlatformPasswords {
                method,
                conversion: flag("password_conversion"),
            },
            multiple_access_urls: flag("multiple_access_urls"),
            courses_dir: Path::new(&root_sys)
                .join("app")
                .join(course_folder.as_deref().unwrap_or("courses")),
            root_web: text("root_web").unwrap_or_default(),
        })
    }
}

/// A MySQL URL; `db_host` may carry the port itself (`host:3307`), as older installs write.
fn database_url(host: &str, port: Option<&str>, database: &str, user: &str, pass: &str) -> String {
    let host_port = match (host.contains(':'), port) {
        (false, Some(p)) => format!("{host}:{p}"),
        _ => host.to_string(),
    };
    format!(
        "mysql://{}:{}@{}/{}",
        encode(user),
        encode(pass),
        host_port,
        encode(database)
    )
}

/// Percent-encodes what a URL's user, password or path may not hold as is.
fn encode(part: &str) -> String {
    part.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile_path::Guard, PathBuf) {
        tempfile_path::write(text)
    }

    /// A file under the system temp dir, removed on drop (no extra crate for one test).
    mod tempfile_path {
        use std::path::PathBuf;
        pub struct Guard(pub PathBuf);
        impl Drop for Guard {
            fn drop(&mut self) {
                let _ = std::fs::remove_file(&self.0);
            }
        }
        pub fn write(text: &str) -> (Guard, PathBuf) {
            let path = std::env::temp_dir().join(format!(
                "configuration-{}-{:?}.php",
                std::process::id(),
                std::thread::current().id()
            ));
            std::fs::write(&path, text).unwrap();
            (Guard(path.clone()), path)
        }
    }

    const LOADED: &str = r#"<?php
$_configuration['db_host'] = '127.0.0.1';
$_configuration['db_port'] = '3306';
$_configuration['main_database'] = 'chamilo111';
$_configuration['db_user'] = 'gw';
$_configuration['db_password'] = 'p@ss:w/rd';
$_configuration['db_manager_enabled'] = false;
$_configuration['root_web'] = 'http://localhost/';
$_configuration['root_sys'] = '/srv/chamilo/';
$_configuration['security_key'] = '0123456789abcdef';
$_configuration['password_encryption'] = 'sha1';
// $_configuration['password_conversion'] = false;
$_configuration['system_version'] = '1.11.32';
"#;

    #[test]
    fn reads_what_the_gateway_needs() {
        let (_g, path) = write(LOADED);
        let p = Platform::read(&path).unwrap();
        assert_eq!(
            p.database_url,
            "mysql://gw:p%40ss%3Aw%2Frd@127.0.0.1:3306/chamilo111"
        );
        assert_eq!(p.security_key, "0123456789abcdef");
        assert_eq!(
            p.passwords,
            PlatformPasswords {
                method: PasswordMethod::Sha1,
                conversion: false
            }
        );
        assert!(!p.multiple_access_urls);
        assert_eq!(p.courses_dir, PathBuf::from("/srv/chamilo/app/courses"));
        assert!(!format!("{p:?}").contains("0123456789abcdef"));
    }

    #[test]
    fn refuses_what_it_cannot_serve() {
        let missing = Platform::read(Path::new("/nonexistent/configuration.php")).unwrap_err();
        assert!(
            missing.to_string().starts_with("cannot read /nonexistent"),
            "{missing}"
        );

        let (_g, path) = write(&LOADED.replace("'sha1'", "'argon'"));
        let err = Platform::read(&path).unwrap_err().to_string();
        assert!(err.contains("password_encryption = 'argon'"), "{err}");

        let (_g, path) =
            write(&LOADED.replace("$_configuration['security_key'] = '0123456789abcdef';", ""));
        let err = Platform::read(&path).unwrap_err().to_string();
        assert!(err.ends_with("sets no security_key"), "{err}");

        let (_g, path) = write(&LOADED.replace("'chamilo111'", "getenv('DB')"));
        let err = Platform::read(&path).unwrap_err().to_string();
        assert!(
            err.contains("line 4: not a string, number or boolean"),
            "{err}"
        );
    }
}
