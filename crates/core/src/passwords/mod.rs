//! Password hashes with their method. Standalone, new passwords are bcrypt; md5, sha1 and clear
//! ('none') hashes are kept as imported and verified as such, so migrated accounts can still log
//! in. Over a Chamilo platform's database every password follows the platform's one method, as
//! its own encoder does (`chamilo`).

mod chamilo;

pub use crate::types::passwords::*;

use crate::error::{CoreError, CoreResult};
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;
/// How passwords are made and checked.
#[derive(Debug, Clone, Copy)]
pub enum Hasher {
    /// The gateway's own database: new passwords bcrypt at this cost, every stored hash
    /// checked by its own method.
    Standalone { bcrypt_cost: u32 },
    /// A Chamilo platform's database (`password_encryption`, `password_conversion`).
    Platform(PlatformPasswords),
}

/// A Chamilo platform's password settings, from its configuration.php.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlatformPasswords {
    /// Every new hash, and (without conversion) every check, uses this method.
    pub method: PasswordMethod,
    /// Stored hashes are checked by the method their shape tells.
    pub conversion: bool,
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::Standalone { bcrypt_cost: 10 }
    }
}

impl Hasher {
    /// The method a stored hash is checked with.
    fn method_for(&self, stored: &StoredPassword) -> Option<PasswordMethod> {
        match self {
            Hasher::Standalone { .. } => Some(stored.method),
            Hasher::Platform(p) if p.conversion => chamilo::detect(&stored.hash, &stored.salt),
            Hasher::Platform(p) => Some(p.method),
        }
    }

    /// Checks a clear password against a stored hash, in constant time for the digest
    /// methods; bcrypt runs on the blocking pool.
    pub async fn verify(&self, clear: &str, stored: &StoredPassword) -> bool {
        let Some(method) = self.method_for(stored) else {
            return false;
        };
        if method != PasswordMethod::Bcrypt {
            return chamilo::is_valid(method, clear, &stored.hash, &stored.salt);
        }
        let (clear, hash) = (clear.to_string(), stored.hash.clone());
        let standalone = matches!(self, Hasher::Standalone { .. });
        tokio::task::spawn_blocking(move || {
            if standalone {
                bcrypt::verify(clear, &hash).unwrap_or(false)
            } else {
                chamilo::is_valid(method, &clear, &hash, "")
            }
        })
        .await
        .unwrap_or(false)
    }

    /// Turns input into what gets stored. Clear text is bcrypt-hashed on the blocking pool;
    /// pre-hashed input is checked for the shape its method produces.
    pub async fn store(&self, input: PasswordInput) -> CoreResult<StoredPassword> {
        match input {
            PasswordInput::Clear(_) => {
                let hasher = *self;
                tokio::task::spawn_blocking(move || hasher.store_now(input))
                    .await
                    .map_err(|e| CoreError::Storage(format!("hashing task failed: {e}")))?
            }
            prehashed => self.store_now(prehashed),
        }
    }

    /// [`Hasher::store`] for a batch, results in input order. Clear passwords are spread over
    /// one blocking task per CPU, so a batch hashes at the machine's full bcrypt rate.
    pub async fn store_many(&self, inputs: Vec<PasswordInput>) -> Vec<CoreResult<StoredPassword>> {
        let hasher = *self;
        let clear = inputs
            .iter()
            .filter(|i| matches!(i, PasswordInput::Clear(_)))
            .count();
        if clear == 0 {
            return inputs.into_iter().map(|i| hasher.store_now(i)).collect();
        }
        let workers = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(clear);
        // deal items round-robin so every worker gets a like share of the bcrypt work
        let mut shares: Vec<Vec<(usize, PasswordInput)>> = vec![Vec::new(); workers];
        for (n, input) in inputs.into_iter().enumerate() {
            shares[n % workers].push((n, input));
        }
        let total: usize = shares.iter().map(Vec::len).sum();
        let tasks: Vec<_> = shares
            .into_iter()
            .map(|share| {
                tokio::task::spawn_blocking(move || {
                    share
                        .into_iter()
                        .map(|(n, input)| (n, hasher.store_now(input)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut out: Vec<Option<CoreResult<StoredPassword>>> = (0..total).map(|_| None).collect();
        for task in tasks {
            match task.await {
                Ok(done) => {
                    for (n, res) in done {
                        out[n] = Some(res);
                    }
                }
                Err(e) => tracing::error!(error = %e, "hashing task failed"),
            }
        }
        out.into_iter()
            .map(|r| r.unwrap_or_else(|| Err(CoreError::Storage("hashing task failed".into()))))
            .collect()
    }
}

impl Hasher {
    /// Hashes or shape-checks one input on the current thread (bcrypt is slow: not on the
    /// runtime).
    fn store_now(self, input: PasswordInput) -> CoreResult<StoredPassword> {
        match (self, input) {
            (Hasher::Standalone { bcrypt_cost }, PasswordInput::Clear(clear)) => {
                if clear.is_empty() {
                    return Err(CoreError::invalid("password", "must not be empty"));
                }
                let hash = bcrypt::hash(clear, bcrypt_cost)
                    .map_err(|e| CoreError::invalid("password", e.to_string()))?;
                Ok(StoredPassword::unsalted(PasswordMethod::Bcrypt, hash))
            }
            (Hasher::Platform(p), PasswordInput::Clear(clear)) => chamilo::encode(p.method, &clear),
            (Hasher::Platform(p), PasswordInput::PreHashed { method, .. })
                if method != p.method =>
            {
                Err(CoreError::invalid(
                    "encrypt_method",
                    format!(
                        "the platform keeps {} passwords, not {}",
                        p.method.as_str(),
                        method.as_str()
                    ),
                ))
            }
            // a client's hash is stored as given (digests lower-cased), with no salt
            (_, PasswordInput::PreHashed { method, hash }) => {
                check_prehashed_shape(method, &hash)?;
                let hash = match method {
                    PasswordMethod::Md5 | PasswordMethod::Sha1 => hash.to_ascii_lowercase(),
                    _ => hash,
                };
                Ok(StoredPassword::unsalted(method, hash))
            }
        }
    }
}

fn check_prehashed_shape(method: PasswordMethod, hash: &str) -> CoreResult<()> {
    let is_hex = |len: usize| hash.len() == len && hash.bytes().all(|b| b.is_ascii_hexdigit());
    let ok = match method {
        PasswordMethod::Md5 => is_hex(32),
        PasswordMethod::Sha1 => is_hex(40),
        PasswordMethod::Bcrypt => {
            hash.len() == 60
                && ["$2a$", "$2b$", "$2y$", "$2x$"]
                    .iter()
                    .any(|p| hash.starts_with(p))
        }
        PasswordMethod::None => !hash.is_empty(),
    };
    if ok {
        Ok(())
    } else {
        Err(CoreError::invalid(
            "password",
            format!("not a valid {} hash", method.as_str()),
        ))
    }
}

/// Checks a clear password by the stored hash's own method (the standalone rule).
pub async fn verify(clear: &str, stored: &StoredPassword) -> bool {
    Hasher::default().verify(clear, stored).await
}

/// Constant-time string comparison (length is not secret).
pub fn ct_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// sha1 hex digest, as Chamilo uses for SOAP keys and course registration codes.
pub fn sha1_hex(input: &str) -> String {
    hex::encode(Sha1::digest(input))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher() -> Hasher {
        Hasher::Standalone { bcrypt_cost: 4 }
    }

    #[tokio::test]
    async fn verifies_each_method() {
        let bcrypt = hasher()
            .store(PasswordInput::Clear("s3cret".into()))
            .await
            .unwrap();
        assert_eq!(bcrypt.method, PasswordMethod::Bcrypt);
        assert!(hasher().verify("s3cret", &bcrypt).await);
        assert!(!hasher().verify("S3cret", &bcrypt).await);

        let md5 = StoredPassword {
            method: PasswordMethod::Md5,
            hash: "5ebe2294ecd0e0f08eab7690d2a6ee69".into(), // md5("secret")
            salt: String::new(),
        };
        assert!(hasher().verify("secret", &md5).await);
        assert!(!hasher().verify("secreT", &md5).await);

        let sha1 = StoredPassword {
            method: PasswordMethod::Sha1,
            hash: "e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4".into(), // sha1("secret")
            salt: String::new(),
        };
        assert!(hasher().verify("secret", &sha1).await);
        assert!(!hasher().verify("other", &sha1).await);

        let none = StoredPassword {
            method: PasswordMethod::None,
            hash: "secret".into(),
            salt: String::new(),
        };
        assert!(hasher().verify("secret", &none).await);
        assert!(!hasher().verify("secret ", &none).await);
    }

    #[tokio::test]
    async fn prehashed_input_keeps_its_method_and_is_shape_checked() {
        let h = hasher();
        let md5 = PasswordInput::from_parts("5EBE2294ECD0E0F08EAB7690D2A6EE69", "md5").unwrap();
        let stored = h.store(md5).await.unwrap();
        assert_eq!(stored.method, PasswordMethod::Md5);
        assert!(hasher().verify("secret", &stored).await);

        let bad = PasswordInput::from_parts("nothex", "sha1").unwrap();
        assert_eq!(
            h.store(bad).await.unwrap_err(),
            CoreError::invalid("password", "not a valid sha1 hash")
        );
        assert!(PasswordInput::from_parts("x", "rot13").is_err());
        assert!(h.store(PasswordInput::Clear(String::new())).await.is_err());
    }

    #[tokio::test]
    async fn batches_hash_in_input_order() {
        let inputs = vec![
            PasswordInput::Clear("one".into()),
            PasswordInput::from_parts("nothex", "md5").unwrap(),
            PasswordInput::Clear("two".into()),
            PasswordInput::Clear(String::new()),
            PasswordInput::from_parts("e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4", "sha1").unwrap(),
            PasswordInput::Clear("three".into()),
        ];
        let out = hasher().store_many(inputs).await;
        assert_eq!(out.len(), 6);
        assert!(hasher().verify("one", out[0].as_ref().unwrap()).await);
        assert!(out[1].is_err());
        assert!(hasher().verify("two", out[2].as_ref().unwrap()).await);
        assert!(out[3].is_err());
        assert!(hasher().verify("secret", out[4].as_ref().unwrap()).await);
        assert!(hasher().verify("three", out[5].as_ref().unwrap()).await);
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let input = PasswordInput::Clear("hunter2".into());
        assert!(!format!("{input:?}").contains("hunter2"));
    }
}
