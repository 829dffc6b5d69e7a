//! The `secret_key` check (soap.md §2); the address it is salted with is the edge's
//! `Caller::ip` (DECISIONS "Client IP").

use chamilo_core::{soap_key_matches, Gateway};

use crate::errors::Fault;
use crate::settings::SoapSettings;

/// Checks `secret_key == sha1(ip + security_key)`; `bad_key` (the service's fault) otherwise.
pub async fn check_key(
    gateway: &Gateway,
    settings: &SoapSettings,
    ip: &str,
    secret_key: &str,
    bad_key: &Fault,
) -> Result<(), Fault> {
    let security_key = gateway
        .security_key(settings.security_key.as_deref())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "reading the security key");
            Fault::Server
        })?;
    if soap_key_matches(secret_key, ip, &security_key) {
        Ok(())
    } else {
        Err(bad_key.clone())
    }
}
