//! The `secret_key` check (soap.md §2); the address it is salted with is the edge's
//! `Caller::ip` (DECISIONS "Client IP").

use chamilo_core::{soap_key_matches, Gateway};
use std::net::IpAddr;

use crate::errors::Fault;
use crate::settings::SoapSettings;

/// How a service checks its key.
pub struct KeyRule<'a> {
    /// `SoapSettings::allowed_ips`, when not empty, governs the key (registration.soap.php).
    pub allow_list: bool,
    /// What a wrong key answers.
    pub bad_key: &'a Fault,
}

/// Checks `secret_key == sha1(ip + security_key)`; under an allow-list, the caller must be in
/// it and the key is `sha1(security_key)`. A wrong key is the service's fault.
pub async fn check_key(
    gateway: &Gateway,
    settings: &SoapSettings,
    ip: &str,
    secret_key: &str,
    rule: KeyRule<'_>,
) -> Result<(), Fault> {
    let security_key = gateway
        .security_key(settings.security_key.as_deref())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "reading the security key");
            Fault::Server
        })?;
    let allowed = &settings.allowed_ips;
    let matches = if rule.allow_list && !allowed.is_empty() {
        let inside = ip
            .parse::<IpAddr>()
            .is_ok_and(|ip| allowed.iter().any(|net| net.contains(&ip)));
        // the original's allow-list formula: the key does not depend on the address
        inside && soap_key_matches(secret_key, "", &security_key)
    } else {
        soap_key_matches(secret_key, ip, &security_key)
    };
    if matches {
        Ok(())
    } else {
        Err(rule.bad_key.clone())
    }
}
