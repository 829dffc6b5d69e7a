//! The caller's address and the `secret_key` check (soap.md §2, DECISIONS "Client IP").

use actix_web::HttpRequest;
use chamilo_core::{client_ip, soap_key_matches, Gateway};
use std::net::IpAddr;

use crate::errors::{Fault, BAD_KEY};
use crate::settings::SoapSettings;

/// The address the key is salted with: the TCP peer, or behind trusted proxies the right-most
/// untrusted `X-Forwarded-For` hop. `testip.php` prints the same.
pub fn caller_ip(req: &HttpRequest, settings: &SoapSettings) -> String {
    let peer = req
        .peer_addr()
        .map_or(IpAddr::from([127, 0, 0, 1]), |a| a.ip());
    // several X-Forwarded-For headers count as one comma-separated list
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect();
    let forwarded = (!forwarded.is_empty()).then(|| forwarded.join(","));
    client_ip::client_ip(peer, forwarded.as_deref(), &settings.trusted_proxies).to_string()
}

/// Checks `secret_key == sha1(ip + security_key)`; fault 1 otherwise.
pub async fn check_key(
    gateway: &Gateway,
    settings: &SoapSettings,
    ip: &str,
    secret_key: &str,
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
        Err(Fault::App(BAD_KEY))
    }
}
