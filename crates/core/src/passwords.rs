//! Password hashes with their method. New passwords are bcrypt; md5, sha1 and clear ('none')
//! hashes are kept as imported and verified as such, so migrated accounts can still log in.

pub use crate::types::passwords::*;

use crate::error::{CoreError, CoreResult};
use md5::Md5;
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;
/// Hashing settings (bcrypt cost).
#[derive(Debug, Clone, Copy)]
pub struct Hasher {
    pub bcrypt_cost: u32,
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher { bcrypt_cost: 10 }
    }
}

impl Hasher {
    /// Turns input into what gets stored. Clear text is bcrypt-hashed on the blocking pool;
    /// pre-hashed input is checked for the shape its method produces.
    pub async fn store(&self, input: PasswordInput) -> CoreResult<StoredPassword> {
        match input {
            PasswordInput::Clear(_) => {
                let cost = self.bcrypt_cost;
                tokio::task::spawn_blocking(move || store_now(input, cost))
                    .await
                    .map_err(|e| CoreError::Storage(format!("hashing task failed: {e}")))?
            }
            prehashed => store_now(prehashed, self.bcrypt_cost),
        }
    }

    /// [`Hasher::store`] for a batch, results in input order. Clear passwords are spread over
    /// one blocking task per CPU, so a batch hashes at the machine's full bcrypt rate.
    pub async fn store_many(&self, inputs: Vec<PasswordInput>) -> Vec<CoreResult<StoredPassword>> {
        let cost = self.bcrypt_cost;
        let clear = inputs
            .iter()
            .filter(|i| matches!(i, PasswordInput::Clear(_)))
            .count();
        if clear == 0 {
            return inputs.into_iter().map(|i| store_now(i, cost)).collect();
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
                        .map(|(n, input)| (n, store_now(input, cost)))
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

/// Hashes or shape-checks one input on the current thread (bcrypt is slow: not on the runtime).
fn store_now(input: PasswordInput, cost: u32) -> CoreResult<StoredPassword> {
    match input {
        PasswordInput::Clear(clear) => {
            if clear.is_empty() {
                return Err(CoreError::invalid("password", "must not be empty"));
            }
            let hash = bcrypt::hash(clear, cost)
                .map_err(|e| CoreError::invalid("password", e.to_string()))?;
            Ok(StoredPassword {
                method: PasswordMethod::Bcrypt,
                hash,
            })
        }
        PasswordInput::PreHashed { method, hash } => {
            check_prehashed_shape(method, &hash)?;
            let hash = match method {
                PasswordMethod::Md5 | PasswordMethod::Sha1 => hash.to_ascii_lowercase(),
                _ => hash,
            };
            Ok(StoredPassword { method, hash })
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

/// Checks a clear password against a stored hash, in constant time for the digest methods.
/// bcrypt runs on the blocking pool.
pub async fn verify(clear: &str, stored: &StoredPassword) -> bool {
    match stored.method {
        PasswordMethod::Bcrypt => {
            let (clear, hash) = (clear.to_string(), stored.hash.clone());
            tokio::task::spawn_blocking(move || bcrypt::verify(clear, &hash).unwrap_or(false))
                .await
                .unwrap_or(false)
        }
        PasswordMethod::Md5 => ct_eq(&hex::encode(Md5::digest(clear)), &stored.hash),
        PasswordMethod::Sha1 => ct_eq(&hex::encode(Sha1::digest(clear)), &stored.hash),
        PasswordMethod::None => ct_eq(clear, &stored.hash),
    }
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
        Hasher { bcrypt_cost: 4 }
    }

    #[tokio::test]
    async fn verifies_each_method() {
        let bcrypt = hasher()
            .store(PasswordInput::Clear("s3cret".into()))
            .await
            .unwrap();
        assert_eq!(bcrypt.method, PasswordMethod::Bcrypt);
        assert!(verify("s3cret", &bcrypt).await);
        assert!(!verify("S3cret", &bcrypt).await);

        let md5 = StoredPassword {
            method: PasswordMethod::Md5,
            hash: "5ebe2294ecd0e0f08eab7690d2a6ee69".into(), // md5("secret")
        };
        assert!(verify("secret", &md5).await);
        assert!(!verify("secreT", &md5).await);

        let sha1 = StoredPassword {
            method: PasswordMethod::Sha1,
            hash: "e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4".into(), // sha1("secret")
        };
        assert!(verify("secret", &sha1).await);
        assert!(!verify("other", &sha1).await);

        let none = StoredPassword {
            method: PasswordMethod::None,
            hash: "secret".into(),
        };
        assert!(verify("secret", &none).await);
        assert!(!verify("secret ", &none).await);
    }

    #[tokio::test]
    async fn prehashed_input_keeps_its_method_and_is_shape_checked() {
        let h = hasher();
        let md5 = PasswordInput::from_parts("5EBE2294ECD0E0F08EAB7690D2A6EE69", "md5").unwrap();
        let stored = h.store(md5).await.unwrap();
        assert_eq!(stored.method, PasswordMethod::Md5);
        assert!(verify("secret", &stored).await);

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
        assert!(verify("one", out[0].as_ref().unwrap()).await);
        assert!(out[1].is_err());
        assert!(verify("two", out[2].as_ref().unwrap()).await);
        assert!(out[3].is_err());
        assert!(verify("secret", out[4].as_ref().unwrap()).await);
        assert!(verify("three", out[5].as_ref().unwrap()).await);
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let input = PasswordInput::Clear("hunter2".into());
        assert!(!format!("{input:?}").contains("hunter2"));
    }
}
