//! The soap.php endpoint as actix-web routes. The binary registers `web::Data<Gateway>` and
//! `web::Data<SoapSettings>` and calls [`configure`].

use actix_web::web;
use ipnet::IpNet;

#[derive(Debug, Clone, Default)]
pub struct SoapSettings {
    /// Configured `security_key`; when `None`, the stored (generated) one is used.
    pub security_key: Option<String>,
    pub trusted_proxies: Vec<IpNet>,
    /// Base URL for the WSDL's addresses; else taken from the request's Host.
    pub public_url: Option<String>,
}

/// Mounts `/main/webservices/soap.php` and `/main/webservices/testip.php`.
pub fn configure(_cfg: &mut web::ServiceConfig) {}
