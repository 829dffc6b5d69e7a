//! Passwords as the records hold them and as clients give them.

use crate::error::{CoreError, CoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordMethod {
    Bcrypt,
    Md5,
    Sha1,
    /// stored in clear (Chamilo's `password_encryption = none`)
    None,
}

impl PasswordMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PasswordMethod::Bcrypt => "bcrypt",
            PasswordMethod::Md5 => "md5",
            PasswordMethod::Sha1 => "sha1",
            PasswordMethod::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "bcrypt" => Some(PasswordMethod::Bcrypt),
            "md5" => Some(PasswordMethod::Md5),
            "sha1" => Some(PasswordMethod::Sha1),
            "none" => Some(PasswordMethod::None),
            _ => None,
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct StoredPassword {
    pub method: PasswordMethod,
    pub hash: String,
    /// Chamilo's per-user salt (md5/sha1/none hash `raw{salt}`); empty when there is none.
    pub salt: String,
}

impl StoredPassword {
    pub fn unsalted(method: PasswordMethod, hash: String) -> Self {
        StoredPassword {
            method,
            hash,
            salt: String::new(),
        }
    }
}

// Hashes never reach logs, not even through Debug.
impl std::fmt::Debug for StoredPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoredPassword({}, ***)", self.method.as_str())
    }
}

/// A password as a client hands it over.
#[derive(Clone, PartialEq, Eq)]
pub enum PasswordInput {
    Clear(String),
    /// Already hashed by the client with `method` (SOAP `encrypt_method`).
    PreHashed {
        method: PasswordMethod,
        hash: String,
    },
}

impl std::fmt::Debug for PasswordInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PasswordInput::Clear(_) => f.write_str("Clear(***)"),
            PasswordInput::PreHashed { method, .. } => {
                write!(f, "PreHashed({}, ***)", method.as_str())
            }
        }
    }
}

impl PasswordInput {
    /// Reads SOAP's (`password`, `encrypt_method`) pair: empty method = clear text.
    pub fn from_parts(password: &str, encrypt_method: &str) -> CoreResult<Self> {
        if encrypt_method.trim().is_empty() {
            return Ok(PasswordInput::Clear(password.to_string()));
        }
        let method = PasswordMethod::parse(encrypt_method).ok_or_else(|| {
            CoreError::invalid(
                "encrypt_method",
                format!("unknown method '{encrypt_method}'"),
            )
        })?;
        Ok(PasswordInput::PreHashed {
            method,
            hash: password.to_string(),
        })
    }

    pub fn is_empty(&self) -> bool {
        match self {
            PasswordInput::Clear(p) => p.is_empty(),
            PasswordInput::PreHashed { hash, .. } => hash.is_empty(),
        }
    }
}
