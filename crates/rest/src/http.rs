//! The v2.php endpoint as actix-web routes. The binary registers `web::Data<Gateway>` and
//! `web::Data<RestSettings>` and calls [`configure`].

use actix_web::web;
use ipnet::IpNet;

#[derive(Debug, Clone, Default)]
pub struct RestSettings {
    pub trusted_proxies: Vec<IpNet>,
    /// Base URL clients reach us at (`authenticate`'s `url`); else the request's Host.
    pub public_url: Option<String>,
    /// Where redirect actions send browsers.
    pub lms_url: Option<String>,
}

/// Mounts `/main/webservices/api/v2.php`.
pub fn configure(_cfg: &mut web::ServiceConfig) {}
