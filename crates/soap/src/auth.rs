//! The `secret_key` check (soap.md §2); the address it is salted with is the edge's
//! `Caller::ip` (DECISIONS "Client IP"). Failed checks are reported to the edge's throttle,
//! which refuses an address over its limit before its key is looked at.

use chamilo_core::{soap_key_matches, Gateway};
use chamilo_edge::Secret;
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
/// it and the key is `sha1(security_key)`. A wrong key is the service's fault, and so is any
/// key from an address the throttle has locked out.
pub async fn check_key(
    gateway: &Gateway,
    settings: &SoapSettings,
    ip: &str,
    secret_key: &str,
    rule: KeyRule<'_>,
) -> Result<(), Fault> {
    if !settings.throttle.admits(Secret::SoapKey, ip) {
        return Err(rule.bad_key.clone());
    }
    let security_key = gateway
        .security_key(settings.security_key.as_deref())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "reading the security key");
            Fault::Server
        })?;
    let matches = if rule.allow_list && !settings.allowed_ips.is_empty() {
        // the original's allow-list formula: the key does not depend on the address
        inside_allow_list(settings, ip) && soap_key_matches(secret_key, "", &security_key)
    } else {
        soap_key_matches(secret_key, ip, &security_key)
    };
    if matches {
        Ok(())
    } else {
        settings.throttle.failed(Secret::SoapKey, ip);
        Err(rule.bad_key.clone())
    }
}

/// Is the caller inside `webservice_allowed_ips`? (Empty list: nobody is.)
pub fn inside_allow_list(settings: &SoapSettings, ip: &str) -> bool {
    ip.parse::<IpAddr>()
        .is_ok_and(|ip| settings.allowed_ips.iter().any(|net| net.contains(&ip)))
}
