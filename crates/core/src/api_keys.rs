//! Per-user api keys (`user_api_key`): 32 lowercase hex characters from a CSPRNG, one list
//! per service name (v2.php's `MsgREST`, registration.soap.php's `dokeos`).

pub use crate::types::api_keys::*;

use crate::error::{CoreError, CoreResult};
use crate::extra_fields::{claim_external_id, resolve};
use crate::gateway::Gateway;
use crate::ports::Repo;
use crate::types::extra_fields::{ItemRef, ItemType};
use rand::RngCore;

/// 128 random bits as 32 lowercase hex characters.
pub fn generate_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The user's key of `service` (its first), created when it has none, inside the caller's
/// transaction.
pub(crate) async fn service_key_in(
    repo: &dyn Repo,
    user_id: i64,
    service: &str,
) -> CoreResult<String> {
    if let Some(key) = repo.api_keys(user_id, service).await?.into_iter().next() {
        return Ok(key.api_key);
    }
    Ok(repo
        .insert_api_key(user_id, service, &generate_key())
        .await?
        .api_key)
}

impl Gateway {
    /// The key of `service` of the user `user` names, created when it has none. When nobody
    /// has that external id and `bind_to` names a user (by username), that user takes the
    /// external id first (its field created when missing), in the same transaction
    /// (registration.soap.php's WSUpdateUserApiKey). Nobody at all: `NotFound(User)`; an
    /// external id without a name or a value cannot be bound (`Invalid`).
    pub async fn api_key_binding_external_id(
        &self,
        user: impl Into<ItemRef>,
        bind_to: Option<&str>,
        service: &str,
    ) -> CoreResult<String> {
        let user = user.into();
        let tx = self.begin().await?;
        let user_id = match resolve(&*tx, ItemType::User, &user).await {
            Ok(id) => id,
            Err(CoreError::NotFound(entity)) => {
                let (Some(username), ItemRef::External(external)) = (bind_to, &user) else {
                    return Err(CoreError::NotFound(entity));
                };
                let id = resolve(&*tx, ItemType::User, &ItemRef::Username(username.into())).await?;
                // the one rule for giving a record an external id: a named field, a value, no
                // other record holding it; the field is created and locked meanwhile
                if let Some(field) = claim_external_id(&*tx, ItemType::User, external).await? {
                    tx.set_value(field.id, id, &external.value).await?;
                }
                id
            }
            Err(e) => return Err(e),
        };
        let key = service_key_in(&*tx, user_id, service).await?;
        self.commit(tx).await?;
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_32_lowercase_hex_and_distinct() {
        let a = super::generate_key();
        let b = super::generate_key();
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c)));
        assert_ne!(a, b);
    }
}
