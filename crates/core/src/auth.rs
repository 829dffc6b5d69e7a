//! Logging in, api keys and the SOAP security key.

use crate::api_keys::{generate_key, service_key_in, REST_SERVICE};
use crate::error::{CoreError, CoreResult, Entity};
use crate::gateway::{now, Gateway};
use crate::passwords::{ct_eq, sha1_hex};
use crate::tracking::LoginEvent;
use crate::types::settings::SECURITY_KEY;
use crate::users::User;

/// Why a login was refused (the adapters answer each differently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginRefusal {
    BadCredentials,
    /// inactive or expired account
    Inactive,
}

impl Gateway {
    /// Checks credentials, refuses inactive or expired accounts, records the login.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        ip: &str,
    ) -> CoreResult<Result<User, LoginRefusal>> {
        if username.trim().is_empty() || password.is_empty() {
            return Ok(Err(LoginRefusal::BadCredentials));
        }
        let Some(user) = self.repo().find_user_by_username(username.trim()).await? else {
            return Ok(Err(LoginRefusal::BadCredentials));
        };
        if !self.hasher().verify(password, &user.password).await {
            return Ok(Err(LoginRefusal::BadCredentials));
        }
        let at = now();
        if !user.can_log_in(at) {
            return Ok(Err(LoginRefusal::Inactive));
        }
        let tx = self.begin().await?;
        tx.insert_login(&LoginEvent {
            id: 0,
            user_id: user.id,
            login_date: at,
            logout_date: None,
            user_ip: ip.to_string(),
        })
        .await?;
        let mut updated = user.clone();
        updated.last_login = Some(at);
        tx.update_user(&updated).await?;
        self.commit(tx).await?;
        Ok(Ok(updated))
    }

    /// The user's REST key, created when it has none (what `authenticate` hands out).
    pub async fn api_key_for(&self, user_id: i64) -> CoreResult<String> {
        if let Some(key) = self.repo().api_keys(user_id, REST_SERVICE).await?.first() {
            return Ok(key.api_key.clone());
        }
        let tx = self.begin().await?;
        if tx.get_user(user_id).await?.is_none() {
            return Err(CoreError::NotFound(Entity::User));
        }
        // another request may have created one meanwhile
        let key = service_key_in(&*tx, user_id, REST_SERVICE).await?;
        self.commit(tx).await?;
        Ok(key)
    }

    /// The user's current key without creating one.
    pub async fn current_api_key(&self, user_id: i64) -> CoreResult<Option<String>> {
        Ok(self
            .repo()
            .api_keys(user_id, REST_SERVICE)
            .await?
            .into_iter()
            .next()
            .map(|k| k.api_key))
    }

    /// The user whose current key this is, compared in constant time. Never creates a key.
    /// Served from the read cache when nothing was written since the last lookup.
    pub async fn validate_api_key(&self, username: &str, key: &str) -> CoreResult<Option<User>> {
        let username = username.trim();
        if username.is_empty() || key.is_empty() {
            return Ok(None);
        }
        let cache_key = username.to_lowercase();
        let generation = self.cache().generation.current();
        let principal = match self.cache().principals.get(&cache_key, generation) {
            Some(hit) => hit,
            None => {
                let loaded = match self.repo().find_user_by_username(username).await? {
                    Some(user) => {
                        let keys = self.repo().api_keys(user.id, REST_SERVICE).await?;
                        Some((user, keys))
                    }
                    None => None,
                };
                self.cache()
                    .principals
                    .put(cache_key, generation, loaded.clone());
                loaded
            }
        };
        Ok(match principal {
            Some((user, keys)) if keys.first().is_some_and(|k| ct_eq(&k.api_key, key)) => {
                Some(user)
            }
            _ => None,
        })
    }

    /// Replaces the user's key by a new one and returns it. The old key stops validating.
    pub async fn rotate_api_key(&self, user_id: i64) -> CoreResult<String> {
        let tx = self.begin().await?;
        if tx.get_user(user_id).await?.is_none() {
            return Err(CoreError::NotFound(Entity::User));
        }
        for old in tx.api_keys(user_id, REST_SERVICE).await? {
            tx.delete_api_key(old.id).await?;
        }
        let key = tx
            .insert_api_key(user_id, REST_SERVICE, &generate_key())
            .await?
            .api_key;
        self.commit(tx).await?;
        Ok(key)
    }

    /// The SOAP security key: the configured one, else the stored one, else a new one that is
    /// stored (so it survives restarts).
    pub async fn security_key(&self, configured: Option<&str>) -> CoreResult<String> {
        if let Some(k) = configured.filter(|k| !k.is_empty()) {
            return Ok(k.to_string());
        }
        if let Some(k) = self.repo().get_setting(SECURITY_KEY).await? {
            return Ok(k);
        }
        let tx = self.begin().await?;
        let key = match tx.get_setting(SECURITY_KEY).await? {
            Some(k) => k,
            None => {
                let k = generate_key();
                tx.set_setting(SECURITY_KEY, &k).await?;
                k
            }
        };
        self.commit(tx).await?;
        Ok(key)
    }

    /// Stores a new security key; callers using the old one are refused from then on.
    pub async fn rotate_security_key(&self) -> CoreResult<String> {
        let key = generate_key();
        let tx = self.begin().await?;
        tx.set_setting(SECURITY_KEY, &key).await?;
        self.commit(tx).await?;
        Ok(key)
    }
}

/// Does `secret_key` equal sha1(client_ip + security_key)? Constant time; upper case accepted.
pub fn soap_key_matches(secret_key: &str, client_ip: &str, security_key: &str) -> bool {
    let expected = sha1_hex(&format!("{client_ip}{security_key}"));
    ct_eq(&secret_key.trim().to_ascii_lowercase(), &expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soap_key() {
        let key = sha1_hex("127.0.0.1abc");
        assert!(soap_key_matches(&key, "127.0.0.1", "abc"));
        assert!(soap_key_matches(&key.to_uppercase(), "127.0.0.1", "abc"));
        assert!(!soap_key_matches(&key, "127.0.0.2", "abc"));
        assert!(!soap_key_matches("", "127.0.0.1", "abc"));
    }
}
