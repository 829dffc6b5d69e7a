//! What the binary configures for the SOAP endpoint. Apart from the routes so that the key
//! check and the call context can read it without importing the routes that call them.

use chamilo_edge::Throttle;
use ipnet::IpNet;

/// Largest request body accepted when none is configured (the binary's default too).
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct SoapSettings {
    /// Configured `security_key`; when `None`, the stored (generated) one is used.
    pub security_key: Option<String>,
    /// The configured request body limit; the decoder's bounds follow from it.
    pub body_limit: usize,
    /// `false`: every call answers the "Web services are disabled" fault.
    pub enabled: bool,
    /// registration.soap.php's allow-list: when not empty, its key is `sha1(security_key)` and
    /// callers outside the list get the key fault (the original computed the list, never
    /// enforced it: DECISIONS).
    pub allowed_ips: Vec<IpNet>,
    /// The edge's failed-key counter, shared with v2.php's `authenticate` (default: off).
    pub throttle: Throttle,
}

impl Default for SoapSettings {
    fn default() -> Self {
        SoapSettings {
            security_key: None,
            body_limit: DEFAULT_BODY_LIMIT,
            enabled: true,
            allowed_ips: Vec::new(),
            throttle: Throttle::default(),
        }
    }
}
