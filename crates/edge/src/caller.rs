//! The caller of a request: its address (for the SOAP key, `testip.php`, login tracking and
//! the audit trail) and the base URL clients reach us at (WSDL addresses, REST `url`s).
//! [`Caller::of`] is the one function that computes it; the [`Caller`] extractor runs it for the
//! handler of each request.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use ipnet::IpNet;
use std::convert::Infallible;
use std::future::{ready, Ready};
use std::net::IpAddr;

/// What the binary configures for the edge (registered as `web::Data<EdgeSettings>`).
#[derive(Debug, Clone, Default)]
pub struct EdgeSettings {
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Base URL clients reach us at; else the request's scheme and Host.
    pub public_url: Option<String>,
}

/// Who is calling, as every adapter sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The TCP peer, or behind trusted proxies the right-most untrusted `X-Forwarded-For` hop.
    pub ip: String,
    /// The same address, parsed (what counts and throttles key on).
    pub addr: IpAddr,
    /// The public base URL with a trailing slash (Chamilo's `api_get_path(WEB_PATH)`);
    /// [`Caller::base_url`] is the same without it.
    pub web_path: String,
}

/// Without a TCP peer (requests built in unit tests) the caller is the loopback address.
const NO_PEER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

impl Caller {
    /// Computes the caller of `req`. Several `X-Forwarded-For` headers count as one
    /// comma-separated list, in order (RFC 9110 §5.3), whatever the protocol.
    pub fn of(req: &HttpRequest, settings: &EdgeSettings) -> Caller {
        let peer = req.peer_addr().map_or(NO_PEER, |a| a.ip());
        let forwarded: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .collect();
        let forwarded = (!forwarded.is_empty()).then(|| forwarded.join(","));
        let ip = client_ip(peer, forwarded.as_deref(), &settings.trusted_proxies);
        Caller {
            ip: ip.to_string(),
            addr: ip,
            web_path: web_path(req, settings),
        }
    }

    /// The public base URL without a trailing slash (`http://host:port` or the configured one).
    pub fn base_url(&self) -> &str {
        self.web_path.strip_suffix('/').unwrap_or(&self.web_path)
    }
}

/// The configured public URL, else this request's scheme and Host; one trailing slash.
fn web_path(req: &HttpRequest, settings: &EdgeSettings) -> String {
    match settings.public_url.as_deref().map(str::trim) {
        Some(url) if !url.is_empty() => format!("{}/", url.trim_end_matches('/')),
        _ => {
            let info = req.connection_info();
            format!("{}://{}/", info.scheme(), info.host())
        }
    }
}

/// The TCP peer, unless the peer is a trusted proxy; then the right-most `X-Forwarded-For`
/// address that is not itself a trusted proxy. IPv4-mapped IPv6 addresses print as IPv4, as
/// PHP's `REMOTE_ADDR` does.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = canonical(peer);
    if !is_trusted(&peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    let mut last = peer;
    for hop in header.rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => last = ip,
            Ok(ip) => return canonical(ip),
            // garbage in the chain: stop believing it
            Err(_) => return last,
        }
    }
    last
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The extractor: each adapter's handler takes the `Caller` once, computed from the registered
/// `web::Data<EdgeSettings>` (none registered: no proxy is trusted, the Host is the base URL).
impl FromRequest for Caller {
    type Error = Infallible;
    type Future = Ready<Result<Caller, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let caller = match req.app_data::<web::Data<EdgeSettings>>() {
            Some(settings) => Caller::of(req, settings),
            None => Caller::of(req, &EdgeSettings::default()),
        };
        ready(Ok(caller))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn untrusted_peer_is_the_client() {
        assert_eq!(
            client_ip(ip("1.2.3.4"), Some("9.9.9.9"), &[]),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn trusted_proxy_chain_is_walked_from_the_right() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        assert_eq!(
            client_ip(ip("10.0.0.1"), Some("6.6.6.6, 5.5.5.5, 10.0.0.2"), &trusted),
            ip("5.5.5.5")
        );
        assert_eq!(client_ip(ip("10.0.0.1"), None, &trusted), ip("10.0.0.1"));
        assert_eq!(
            client_ip(ip("10.0.0.1"), Some("junk, 10.0.0.3"), &trusted),
            ip("10.0.0.3")
        );
    }

    #[test]
    fn mapped_ipv6_prints_as_ipv4() {
        assert_eq!(
            client_ip(ip("::ffff:127.0.0.1"), None, &[]),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn several_forwarded_headers_are_one_list() {
        let settings = EdgeSettings {
            trusted_proxies: vec!["10.0.0.0/8".parse().unwrap()],
            public_url: None,
        };
        let req = TestRequest::default()
            .peer_addr("10.0.0.1:4000".parse().unwrap())
            .append_header(("X-Forwarded-For", "203.0.113.7"))
            .append_header(("X-Forwarded-For", "198.51.100.9, 10.0.0.2"))
            .to_http_request();
        assert_eq!(Caller::of(&req, &settings).ip, "198.51.100.9");
    }

    #[test]
    fn base_url_is_the_public_url_without_trailing_slash() {
        let req = TestRequest::default()
            .insert_header(("Host", "lms.example:8080"))
            .to_http_request();
        let mut settings = EdgeSettings::default();
        let caller = Caller::of(&req, &settings);
        assert_eq!(caller.base_url(), "http://lms.example:8080");
        assert_eq!(caller.web_path, "http://lms.example:8080/");
        settings.public_url = Some("https://campus.example//".into());
        let caller = Caller::of(&req, &settings);
        assert_eq!(caller.base_url(), "https://campus.example");
        assert_eq!(caller.web_path, "https://campus.example/");
    }
}
