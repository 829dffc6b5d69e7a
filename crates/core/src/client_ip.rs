//! Which address a request comes from, for the SOAP key check and login records: the TCP peer,
//! unless the peer is a trusted proxy; then the right-most `X-Forwarded-For` address that is
//! not itself a trusted proxy.

use ipnet::IpNet;
use std::net::IpAddr;

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

/// IPv4-mapped IPv6 addresses print as plain IPv4, as PHP's REMOTE_ADDR does.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The peer address normalised the same way.
pub fn peer_ip(peer: IpAddr) -> IpAddr {
    canonical(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(peer_ip(ip("::ffff:127.0.0.1")), ip("127.0.0.1"));
    }
}
